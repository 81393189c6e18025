'use strict';
// Tiny HTTP client for tests of (and against) the simulator, on undici's request.
const crypto = require('node:crypto');
const { request } = require('undici');

/**
 * Calls the simulator; returns { status, headers, text, json } (json undefined if not JSON).
 * @param {string} baseUrl
 * @param {string} method
 * @param {string} path
 * @param {{ key?: string, body?: unknown, headers?: Record<string, string> }} [options]
 */
async function api(baseUrl, method, path, { key, body, headers = {} } = {}) {
	/** @type {Record<string, string>} */
	const sendHeaders = { ...headers };
	if (key) sendHeaders.authorization = `Bearer ${key}`;
	let payload;
	if (body !== undefined) {
		sendHeaders['content-type'] ??= 'application/json';
		payload = typeof body === 'string' ? body : JSON.stringify(body);
	}
	const response = await request(`${baseUrl}${path}`, {
		method,
		headers: sendHeaders,
		body: payload,
	});
	const text = await response.body.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.statusCode, headers: response.headers, text, json };
}

/**
 * Downloads a URL by streaming; returns { status, headers, size, sha256, buffer? (<= keepBytes) }.
 * @param {string} url
 * @param {{ keepBytes?: number }} [options]
 */
async function download(url, { keepBytes = 1024 * 1024 } = {}) {
	const response = await request(url);
	const hash = crypto.createHash('sha256');
	const kept = [];
	let size = 0;
	for await (const chunk of response.body) {
		hash.update(chunk);
		size += chunk.length;
		if (size <= keepBytes) kept.push(chunk);
	}
	return {
		status: response.statusCode,
		headers: response.headers,
		size,
		sha256: hash.digest('hex'),
		buffer: size <= keepBytes ? Buffer.concat(kept) : undefined,
	};
}

module.exports = { api, download };
