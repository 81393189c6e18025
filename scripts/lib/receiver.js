// A small HTTP receiver on 127.0.0.1 for the e2e: it stands for the callback URL a webhook caller
// gives, the chat webhook an error workflow alerts, and the endpoint a scheduled report goes to.
// It answers every request 200 and records it (path, parsed JSON body, arrival time).
'use strict';

const http = require('node:http');

/** Resolves { url, calls, waitFor(predicate, timeoutMs), close() } once listening. */
async function startReceiver() {
	const calls = [];
	const waiters = new Set();
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			calls.push({
				method: req.method,
				path: req.url,
				time: Date.now(),
				headers: req.headers,
				text,
				body: parseJson(text),
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"received":true}');
			for (const waiter of waiters) waiter();
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;

	/** Resolves the calls once `predicate(calls)` holds; rejects after `timeoutMs`. */
	function waitFor(what, predicate, timeoutMs) {
		return new Promise((resolve, reject) => {
			const check = () => {
				if (!predicate(calls)) return;
				cleanup();
				resolve(calls);
			};
			const timer = setTimeout(() => {
				cleanup();
				reject(
					new Error(
						`receiver: ${what} did not arrive within ${timeoutMs / 1000} s (${calls.length} calls so far: ${calls.map((c) => c.path).join(', ')})`,
					),
				);
			}, timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				waiters.delete(check);
			};
			waiters.add(check);
			check();
		});
	}

	const close = () =>
		new Promise((resolve) => {
			server.closeAllConnections?.();
			server.close(() => resolve(undefined));
		});
	return { url, calls, waitFor, close };
}

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

module.exports = { startReceiver };
