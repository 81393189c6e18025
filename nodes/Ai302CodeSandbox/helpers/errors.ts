import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { canceledError } from '../../shared/itemErrors';
import { parameterError } from '../../shared/parameters';
import {
	buildNodeApiError,
	ExecutionCancelledError,
	UnexpectedResponseError,
} from '../../shared/transport';

/**
 * How this node's failures become n8n errors: each is built here with its final message, and
 * the router turns whatever an operation throws into one of them (naming the item).
 */

/** Runs and uploads already sent are not undone by a cancel: the description says so. */
export function cancelledError(ctx: IExecuteFunctions, itemIndex?: number): NodeOperationError {
	return canceledError(ctx.getNode(), {
		itemIndex,
		description:
			'Requests already sent to 302.AI may still finish there (runs and uploads are not undone).',
	});
}

/**
 * Any failure as an n8n error that names the item (n8n errors already are one and keep their
 * text). `note` ends the message of a failure that is not an n8n error yet.
 */
export function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	note?: string,
): NodeApiError | NodeOperationError {
	const node = ctx.getNode();
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof ExecutionCancelledError) return cancelledError(ctx, itemIndex);
	if (!(error instanceof Error)) {
		return parameterError(node, itemIndex, 'operation', `failed: ${String(error)}`);
	}
	const message = note === undefined ? error.message : `${error.message}. ${note}`;
	if (error instanceof UnexpectedResponseError) {
		return buildNodeApiError(node, { message }, { message, itemIndex });
	}
	return new NodeOperationError(node, error, { itemIndex, message });
}
