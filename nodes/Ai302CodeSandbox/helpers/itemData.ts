import type { INode, INodeExecutionData } from 'n8n-workflow';
import { parameterError } from '../../shared/parameters';

/**
 * Input item data reaches the code through environment variables, never by splicing it into
 * the source: no quoting bugs, no code injection from data. The code reads and parses them
 * (see the starter snippets).
 */
export const ITEM_VARIABLE = 'N8N_ITEM';
export const ITEM_INDEX_VARIABLE = 'N8N_ITEM_INDEX';
export const ITEMS_VARIABLE = 'N8N_ITEMS';
export const RESERVED_VARIABLES = [ITEM_VARIABLE, ITEM_INDEX_VARIABLE, ITEMS_VARIABLE];

/**
 * Linux caps one environment string ("NAME=value") at 128 KiB (MAX_ARG_STRLEN); larger values
 * make the sandbox fail to start the process. Refuse a little below that, before any request.
 */
export const MAX_VARIABLE_BYTES = 120 * 1024;

export function byteLength(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}

function checkSize(
	node: INode,
	itemIndex: number,
	name: string,
	value: string,
	what: string,
): void {
	const size = byteLength(value);
	if (size > MAX_VARIABLE_BYTES) {
		throw parameterError(
			node,
			itemIndex,
			name,
			`is too large for an environment variable: ${what} is ${Math.ceil(size / 1024)} KiB, the limit is ${MAX_VARIABLE_BYTES / 1024} KiB`,
			'Reduce the data first (for example with an Edit Fields node), turn off Options › Pass Item Data, or upload large data as a file with File › Upload.',
		);
	}
}

/** N8N_ITEM and N8N_ITEM_INDEX for the "once for each item" mode. */
export function itemVariables(
	node: INode,
	items: INodeExecutionData[],
	itemIndex: number,
): Record<string, string> {
	const value = JSON.stringify(items[itemIndex]?.json ?? {});
	checkSize(node, itemIndex, ITEM_VARIABLE, value, "the item's JSON");
	return { [ITEM_VARIABLE]: value, [ITEM_INDEX_VARIABLE]: String(itemIndex) };
}

/** N8N_ITEMS (a JSON array of every item's JSON) for the "once for all items" mode. */
export function allItemsVariables(
	node: INode,
	items: INodeExecutionData[],
): Record<string, string> {
	const value = JSON.stringify(items.map((item) => item.json ?? {}));
	checkSize(node, 0, ITEMS_VARIABLE, value, `the JSON of all ${items.length} items`);
	return { [ITEMS_VARIABLE]: value };
}

/** User-defined variables must fit too (same kernel limit). */
export function checkVariableSizes(
	node: INode,
	itemIndex: number,
	field: string,
	variables: Record<string, string>,
): void {
	for (const [name, value] of Object.entries(variables)) {
		checkSize(node, itemIndex, `${field} › ${name}`, value, 'the value');
	}
}
