import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { parameterError } from '../parameters';

/**
 * The one tool-limit option of both nodes: the most characters of JSON the model receives when
 * an AI Agent calls the node as a tool. n8n hands the model `JSON.stringify` of all output
 * items' `json` and caps nothing itself, so this limit is measured on exactly that text.
 */

export const TOOL_OUTPUT_LIMIT_DEFAULT = 20_000;
/** Below this a cut answer could not even hold its truncation marker; smaller values count as this. */
export const TOOL_OUTPUT_LIMIT_MIN = 100;
/** Browser Task 0.1 saved this limit as `toolMaxOutputChars`; saved workflows still apply it. */
const LEGACY_NAMES = ['toolMaxOutputChars'];

export const toolOutputLimitOption: INodeProperties = {
	displayName: 'Tool Output Limit',
	name: 'toolOutputLimit',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 20000,
	description:
		'Only when an AI Agent calls this node as a tool: the most characters of JSON the model receives (all output items together). A longer answer is shortened, stays valid JSON and says so with truncated: true and original_chars. 0 means no limit.',
};

/**
 * Browser Task 0.1's name for the limit. n8n drops option values that have no displayed
 * definition, so it stays defined, but shown only where a saved workflow has a value: new
 * users never see it in Add Option. It means the same as Tool Output Limit, which wins if set.
 */
export const legacyToolLimitOption: INodeProperties = {
	displayName: 'Old Tool Output Limit',
	name: 'toolMaxOutputChars',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 20000,
	displayOptions: { show: { toolMaxOutputChars: [{ _cnd: { exists: true } }] } },
	description:
		'Saved by version 0.1 of this node and still applied when Tool Output Limit is not set. Same meaning as Tool Output Limit: prefer that option.',
};

/** The limit in characters (Infinity for 0 = no limit), from the option or its old name. */
export function readToolOutputLimit(node: INode, itemIndex: number, options: IDataObject): number {
	const name = [toolOutputLimitOption.name, ...LEGACY_NAMES].find(
		(key) => options[key] !== undefined && options[key] !== '',
	);
	if (name === undefined) return TOOL_OUTPUT_LIMIT_DEFAULT;
	const raw = options[name];
	const limit = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
	if (!Number.isFinite(limit) || limit < 0) {
		throw parameterError(
			node,
			itemIndex,
			`options.${name}`,
			`must be 0 (no limit) or a positive number of characters, got ${JSON.stringify(raw) ?? String(raw)}`,
			'Set Options › Tool Output Limit to a number such as 20000.',
		);
	}
	if (limit === 0) return Infinity;
	return Math.max(TOOL_OUTPUT_LIMIT_MIN, Math.floor(limit));
}
