/**
 * Tolerant readers for response shapes 302.AI's API reference does not pin down: a field may
 * sit at the top level, under `result` or under `data`. When none holds it, the error names
 * the endpoint instead of failing with "Cannot read properties of undefined".
 */

export type JsonRecord = Record<string, unknown>;

export class UnexpectedResponseError extends Error {}

export function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects a field may live in, in the order they are searched. */
export function candidateObjects(body: unknown): JsonRecord[] {
	if (!isRecord(body)) return [];
	const found: JsonRecord[] = [body];
	for (const key of ['result', 'data']) {
		const inner = body[key];
		if (isRecord(inner)) {
			found.push(inner);
			for (const key2 of ['result', 'data']) {
				if (isRecord(inner[key2])) found.push(inner[key2] as JsonRecord);
			}
		}
	}
	return found;
}

/** First object among the candidates that has any of `fields`, or undefined. */
export function findObjectWith(body: unknown, fields: string[]): JsonRecord | undefined {
	return candidateObjects(body).find((candidate) =>
		fields.some((field) => candidate[field] !== undefined),
	);
}

/** The array a list endpoint returned: the body itself, or the first array among known keys. */
export function readArray(body: unknown, keys: string[], endpoint: string): unknown[] {
	if (Array.isArray(body)) return body;
	for (const holder of candidateObjects(body)) {
		for (const key of keys) {
			if (Array.isArray(holder[key])) return holder[key] as unknown[];
		}
	}
	const top = isRecord(body) ? body : {};
	for (const key of ['result', 'data']) {
		if (Array.isArray(top[key])) return top[key] as unknown[];
	}
	throw new UnexpectedResponseError(
		`302.AI ${endpoint} answered without a list (looked for ${keys.map((k) => `"${k}"`).join(', ')}). Response starts: ${preview(body)}`,
	);
}

export function preview(body: unknown, max = 200): string {
	let text: string;
	try {
		text = typeof body === 'string' ? body : JSON.stringify(body);
	} catch {
		text = String(body);
	}
	if (text === undefined) text = String(body);
	return text.length > max ? `${text.slice(0, max)}...` : text;
}
