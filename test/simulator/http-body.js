'use strict';
// Reading request bodies (shared by the API and the admin routes).

const MAX_BODY_BYTES = 256 * 1024 * 1024;

/** The whole request body, or null when it is larger than MAX_BODY_BYTES. */
async function readBody(req) {
	const parts = [];
	let size = 0;
	for await (const chunk of req) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) return null;
		parts.push(chunk);
	}
	return Buffer.concat(parts, size);
}

/** Parsed JSON, or the raw text when it is not JSON, or undefined when empty. */
function parseBody(raw, contentType = '') {
	if (raw.length === 0) return undefined;
	const text = raw.toString('utf8');
	if (contentType.includes('json') || /^\s*[[{"]/.test(text)) {
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	return text;
}

/** decodeURIComponent that keeps malformed text as is. */
function safeDecode(text) {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

module.exports = { readBody, parseBody, safeDecode, MAX_BODY_BYTES };
