import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redact } from './transport';

/**
 * The execution was canceled (by the user, a workflow timeout or n8n shutting down). It ends the
 * node even with Continue On Fail. "canceled", n8n's spelling, makes n8n mark the execution as
 * canceled rather than failed.
 */
export function canceledError(
	node: INode,
	detail: { during?: string; description?: string; itemIndex?: number } = {},
): NodeOperationError {
	const during = detail.during ? ` ${detail.during}` : '';
	return new NodeOperationError(node, `The execution was canceled${during}`, {
		itemIndex: detail.itemIndex,
		description: detail.description,
	});
}

/**
 * The JSON of a continue-on-fail item: the message, what to do (description) and, for API
 * errors, the HTTP code, endpoint and 302.AI error code. The key never appears in it.
 */
export function errorItemFields(error: Error, secret?: string): IDataObject {
	const clean = (text: string) => redact(text, secret);
	const fields: IDataObject = { error: clean(error.message) };
	const description =
		'description' in error && typeof error.description === 'string' ? error.description : '';
	if (description !== '') fields.description = clean(description);
	if (error instanceof NodeApiError && error.httpCode) fields.httpCode = error.httpCode;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		for (const key of ['endpoint', 'errCode']) {
			const value = error.context[key];
			if (value !== undefined) fields[key] = value;
		}
	}
	return fields;
}
