import type { INode } from 'n8n-workflow';

import { parameterError, readNumber } from '../../shared/parameters';

/**
 * Input checks that run for every item before any request is sent. Each failure is a
 * NodeOperationError that names the parameter and the item, so the user knows what to fix.
 */

export const LANGUAGES = ['python', 'js', 'r', 'java', 'bash'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Spellings an expression may produce, mapped to the API's language names. */
const LANGUAGE_ALIASES: Record<string, Language> = {
	python: 'python',
	python3: 'python',
	py: 'python',
	js: 'js',
	javascript: 'js',
	node: 'js',
	nodejs: 'js',
	r: 'r',
	java: 'java',
	bash: 'bash',
	sh: 'bash',
	shell: 'bash',
};

/** Sandbox ids go into the path of kill/{id}: only these characters are safe there. */
const SANDBOX_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Largest timeout accepted (one day); anything larger is almost certainly a unit mistake. */
export const MAX_TIMEOUT_SECONDS = 86_400;

export function requireText(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	hint?: string,
): string {
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text !== 'string' || text.trim() === '') {
		throw parameterError(node, itemIndex, field, 'is empty', hint);
	}
	return text;
}

export function parseLanguage(node: INode, itemIndex: number, value: unknown): Language {
	const key = typeof value === 'string' ? value.trim().toLowerCase() : '';
	const language = LANGUAGE_ALIASES[key];
	if (!language) {
		throw parameterError(
			node,
			itemIndex,
			'language',
			`has the unknown value "${String(value)}"`,
			`Use one of: ${LANGUAGES.join(', ')}.`,
		);
	}
	return language;
}

/** A positive number of seconds (from a field or an expression), rounded up to whole seconds. */
export function parseSeconds(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	label: string,
	max = MAX_TIMEOUT_SECONDS,
): number {
	const seconds = readNumber(node, itemIndex, value, {
		parameter: field,
		label,
		min: 0,
		minExclusive: true,
		max,
	});
	return Math.ceil(seconds);
}

export function parseSandboxId(
	node: INode,
	itemIndex: number,
	value: unknown,
	field = 'sandboxId',
): string {
	const id = requireText(
		node,
		itemIndex,
		field,
		value,
		'Use the sandbox_id returned by Sandbox › Create or Sandbox › List.',
	).trim();
	if (id.includes('/') || id.includes('..') || /\s/.test(id) || !SANDBOX_ID_PATTERN.test(id)) {
		throw parameterError(
			node,
			itemIndex,
			field,
			`is not a valid sandbox id: "${id.slice(0, 80)}"`,
			'Sandbox ids contain only letters, digits, "-" and "_" (for example in4kel8o0ivuzqllab7ln-4b1cc5d5).',
		);
	}
	return id;
}

/** One or several sandbox paths: an array (from an expression) or text split on commas and new lines. */
export function parsePaths(
	node: INode,
	itemIndex: number,
	value: unknown,
	field = 'path',
): string[] {
	const parts = Array.isArray(value)
		? value.map((part) => String(part ?? ''))
		: String(value ?? '').split(/[\n,]/);
	const paths = parts.map((part) => part.trim()).filter((part) => part !== '');
	if (paths.length === 0) {
		throw parameterError(
			node,
			itemIndex,
			field,
			'is empty',
			'Give a path in the sandbox, for example /home/user/output.csv.',
		);
	}
	return paths;
}

export interface NameValuePair {
	name?: unknown;
	value?: unknown;
}

/**
 * Name/value pairs from a fixed collection as an object. Names must be valid environment
 * variable names (or, for metadata, just non-empty), unique, and not in `reserved`.
 */
export function parsePairs(
	node: INode,
	itemIndex: number,
	field: string,
	pairs: NameValuePair[] | undefined,
	rules: { envNames: boolean; reserved?: string[] },
): Record<string, string> {
	const result: Record<string, string> = {};
	(pairs ?? []).forEach((pair, position) => {
		const name = typeof pair.name === 'string' ? pair.name.trim() : String(pair.name ?? '').trim();
		const where = `entry ${position + 1}`;
		if (name === '') throw parameterError(node, itemIndex, field, `has an empty name (${where})`);
		if (rules.envNames && !ENV_NAME_PATTERN.test(name)) {
			throw parameterError(
				node,
				itemIndex,
				field,
				`has an invalid name "${name}" (${where})`,
				'Environment variable names start with a letter or "_" and contain only letters, digits and "_".',
			);
		}
		if (rules.reserved?.includes(name)) {
			throw parameterError(
				node,
				itemIndex,
				field,
				`uses the reserved name "${name}" (${where})`,
				'N8N_ITEM, N8N_ITEMS and N8N_ITEM_INDEX carry the input item data. Pick another name or turn off "Pass Item Data".',
			);
		}
		if (Object.prototype.hasOwnProperty.call(result, name)) {
			throw parameterError(node, itemIndex, field, `has the name "${name}" more than once`);
		}
		result[name] =
			pair.value === undefined || pair.value === null
				? ''
				: typeof pair.value === 'string'
					? pair.value
					: JSON.stringify(pair.value);
	});
	return result;
}

export function parseHttpUrl(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const text = requireText(node, itemIndex, field, value).trim();
	if (text.startsWith('data:')) return text;
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw parameterError(node, itemIndex, field, `is not an http(s) URL: "${text.slice(0, 80)}"`);
	}
	return text;
}
