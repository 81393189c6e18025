/**
 * Reading the full response n8n's request helper hands back: the body as text (requests ask
 * for text, so malformed, HTML and empty bodies are handled alike), that text as JSON, and a
 * header by name.
 */

export interface FullResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

export function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	// Some hosts parse JSON despite encoding 'text'; re-serialise so one path handles both.
	return JSON.stringify(body);
}

/** The JSON in a body's text; an empty body reads as `{}`. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, value: {} };
	try {
		return { ok: true, value: JSON.parse(trimmed) };
	} catch {
		return { ok: false };
	}
}

/** A header's value whatever the case of its name (`name` in lower case). */
export function headerValue(headers: Record<string, unknown> | undefined, name: string): unknown {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return value;
	}
	return undefined;
}
