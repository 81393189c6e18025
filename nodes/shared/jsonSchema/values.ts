/** Small helpers on JSON values shared by the schema checker and the validator. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(object: JsonObject, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key);
}

/** The JSON Schema type name of a value ("integer" only when asked, see matchesType). */
export function jsonType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

export function matchesType(value: unknown, type: string): boolean {
	if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
	if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
	return jsonType(value) === type;
}

/** JSON equality: numbers by value (1 equals 1.0), objects regardless of key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a) || Array.isArray(b)) {
		if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
		return a.every((entry, index) => jsonEqual(entry, b[index]));
	}
	if (isObject(a) && isObject(b)) {
		const keys = Object.keys(a);
		if (keys.length !== Object.keys(b).length) return false;
		return keys.every((key) => hasOwn(b, key) && jsonEqual(a[key], b[key]));
	}
	return false;
}

/** Where a value sits, as in n8n expressions: $, $.flights[0].price, $["two words"]. */
export function childPath(path: string, key: string | number): string {
	if (typeof key === 'number') return `${path}[${key}]`;
	return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
		? `${path}.${key}`
		: `${path}[${JSON.stringify(key)}]`;
}

const compiledPatterns = new Map<string, RegExp>();

/**
 * A pattern as JavaScript runs it: with the u flag (code points), or plain when u refuses it
 * (e.g. "\\-"). Throws on an invalid pattern. Compiled once per pattern.
 */
export function compilePattern(pattern: string): RegExp {
	let regex = compiledPatterns.get(pattern);
	if (regex === undefined) {
		try {
			regex = new RegExp(pattern, 'u');
		} catch {
			regex = new RegExp(pattern);
		}
		if (compiledPatterns.size < 500) compiledPatterns.set(pattern, regex);
	}
	return regex;
}

/** Short JSON text of a value for messages. */
export function preview(value: unknown, max = 60): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > max ? `${text.slice(0, max)}...` : text;
}
