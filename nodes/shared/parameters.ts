import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Bad input, found before any request is sent. The message names the parameter as it is saved in
 * the workflow (for example "options.concurrency"); n8n shows which item from `itemIndex`, so the
 * message does not repeat it.
 */
export function parameterError(
	node: INode,
	itemIndex: number,
	parameter: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, `Parameter "${parameter}" ${problem}`, {
		itemIndex,
		description,
	});
}

export interface NumberRange {
	min: number;
	max: number;
	/** The minimum itself is not allowed (e.g. "more than 0" seconds). */
	minExclusive?: boolean;
}

export interface NumberParameter extends NumberRange {
	/** As saved in the workflow, e.g. "options.maxPollRate". */
	parameter: string;
	/** As shown in the editor, e.g. "Max Polls per Second". */
	label: string;
}

/**
 * A number from a parameter. Expressions can yield strings, NaN or objects, so this accepts
 * finite numbers and numeric strings only, within the range.
 */
export function readNumber(
	node: INode,
	itemIndex: number,
	value: unknown,
	spec: NumberParameter,
): number {
	const parsed =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim() !== ''
				? Number(value.trim())
				: NaN;
	const below = spec.minExclusive ? parsed <= spec.min : parsed < spec.min;
	if (!Number.isFinite(parsed) || below || parsed > spec.max) {
		const lower = spec.minExclusive ? `more than ${spec.min}` : `at least ${spec.min}`;
		throw parameterError(
			node,
			itemIndex,
			spec.parameter,
			`must be a number ${lower} and at most ${spec.max} (got ${JSON.stringify(value) ?? String(value)})`,
			`Set ${spec.label} to a number ${lower} and at most ${spec.max}.`,
		);
	}
	return parsed;
}

/** One item's Options collection (an object, whatever an expression or an old save left there). */
export function readOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = ctx.getNodeParameter('options', itemIndex, {});
	return typeof options === 'object' && options !== null && !Array.isArray(options)
		? (options as IDataObject)
		: {};
}
