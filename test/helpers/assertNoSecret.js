'use strict';
/**
 * assertNoSecret(value, secret): fails when the secret string appears anywhere in `value`:
 * in any string reachable from it (own properties, enumerable or not, so an error's message,
 * description, stack and cause chain are all searched), in its JSON (JSON.stringify, as n8n
 * saves execution data), or in its String() form. Works on errors, harness results, output
 * items, run data, arrays of any of these.
 *
 * The failure message names where the secret was found but never prints the secret itself.
 */

function assertNoSecret(value, secret) {
	if (typeof secret !== 'string' || secret.length < 4) {
		throw new Error('assertNoSecret: give the secret string itself (at least 4 characters)');
	}
	const found = [];
	searchStrings(value, secret, found);
	const json = safeJson(value);
	if (json.includes(secret)) found.push('JSON.stringify(value)');
	if (value instanceof Error && String(value).includes(secret)) found.push('String(error)');
	if (found.length > 0) {
		throw new Error(`The secret (${mask(secret)}) leaked at: ${found.slice(0, 10).join(', ')}`);
	}
}

/** Walks every own property (including non-enumerable ones such as message and stack). */
function searchStrings(root, secret, found) {
	const seen = new Set();
	/** @type {Array<{ value: unknown, path: string }>} */
	const stack = [{ value: root, path: 'value' }];
	for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
		const { value, path } = next;
		if (typeof value === 'string') {
			if (value.includes(secret)) found.push(path);
			continue;
		}
		if (!value || typeof value !== 'object' || seen.has(value)) continue;
		seen.add(value);
		if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) {
			if (Buffer.from(value.buffer, value.byteOffset, value.byteLength).includes(secret))
				found.push(path);
			continue;
		}
		if (value instanceof Map) {
			for (const [key, inner] of value)
				stack.push({ value: inner, path: `${path}.get(${String(key)})` });
			continue;
		}
		for (const key of Reflect.ownKeys(value)) {
			if (typeof key === 'symbol') continue;
			if (key.includes(secret)) found.push(`${path} (a key)`);
			let inner;
			try {
				inner = value[key];
			} catch {
				continue; // a throwing getter is not data
			}
			stack.push({ value: inner, path: `${path}.${key}` });
		}
	}
}

function safeJson(value) {
	const seen = new WeakSet();
	try {
		return (
			JSON.stringify(value, (_key, inner) => {
				if (inner && typeof inner === 'object') {
					if (seen.has(inner)) return '[Circular]';
					seen.add(inner);
				}
				return typeof inner === 'bigint' ? String(inner) : inner;
			}) ?? ''
		);
	} catch (error) {
		return `unserialisable: ${error instanceof Error ? error.message : error}`;
	}
}

function mask(secret) {
	return `${secret.slice(0, 3)}...(${secret.length} chars)`;
}

module.exports = { assertNoSecret };
