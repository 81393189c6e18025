'use strict';
/**
 * The shared transport (dist/nodes/shared/transport) run inside n8n-core through the
 * TransportProbe fixture node, against the local simulator and its faults: error envelope and
 * hints, retries (idempotent vs paid calls), Retry-After, unreadable bodies, base URL refusal,
 * cancellation, and that the API key never shows up in any result.
 */
const net = require('node:net');
const path = require('node:path');

const h = require('../harness');
const { DownloadProbe } = require('../fixtures/DownloadProbe.node');
const { TransportProbe } = require('../fixtures/TransportProbe.node');
const { assertNoSecret } = require('../helpers/assertNoSecret');
const { countNetworkAttempts } = require('../helpers/network-spy');
const { startSimulator } = require('../simulator');

const { ERR_CODE_HINTS } = require(path.join(h.DIST, 'nodes', 'shared', 'transport'));

const KEY = 'sk-test-302';
const FAST_RETRY = { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 40 };
const LIST = { method: 'GET', path: '/302/sandbox/list', kind: 'read' };
const RUN_CODE = {
	method: 'POST',
	path: '/302/sandbox/direct_run_code',
	kind: 'paid',
	body: { language: 'python', code: 'print(1)' },
};

let sim;
/** Every harness result of this file; the last test checks them all for the key again. */
const allResults = [];

beforeAll(async () => {
	sim = await startSimulator({ apiKeys: [KEY], port: 0 });
});

afterAll(async () => {
	await sim?.close();
});

beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
});

/** Runs one TransportProbe call; every result is checked for the key before it is returned. */
async function probe(call, options = {}) {
	const parameters = {};
	for (const [name, value] of Object.entries({ retry: FAST_RETRY, ...call })) {
		parameters[name] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
	}
	const res = await h.runNode({
		type: 'transportProbe',
		extraNodeTypes: { transportProbe: TransportProbe },
		credentials: { apiKey: KEY, baseUrl: sim.url },
		parameters,
		...options,
	});
	allResults.push(res);
	assertNoSecret(res.error, KEY);
	assertNoSecret(res.items, KEY);
	return res;
}

function apiRequests() {
	return sim.requests.filter((entry) => entry.kind === 'api');
}

async function closedPort() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('a successful call', () => {
	test('sends the Bearer key, the JSON body and returns the parsed answer', async () => {
		const res = await probe(RUN_CODE);

		expect(res.error).toBeUndefined();
		expect(res.items).toHaveLength(1);
		expect(res.items[0].json.result).toEqual(
			expect.objectContaining({ stdout: expect.any(Array) }),
		);
		const [request] = apiRequests();
		expect(apiRequests()).toHaveLength(1);
		expect(request).toMatchObject({
			method: 'POST',
			path: '/302/sandbox/direct_run_code',
			status: 200,
		});
		expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual(RUN_CODE.body);
	});

	test('a query string reaches the API encoded', async () => {
		const res = await probe({ ...LIST, qs: { name: 'a b&c' } });

		expect(res.error).toBeUndefined();
		expect(apiRequests().map((entry) => entry.query)).toEqual([{ name: 'a b&c' }]);
	});

	test('a base URL with a trailing slash gives the same path', async () => {
		const res = await probe(LIST, { credentials: { apiKey: KEY, baseUrl: `${sim.url}/` } });

		expect(res.error).toBeUndefined();
		expect(apiRequests().map((entry) => entry.path)).toEqual(['/302/sandbox/list']);
	});
});

describe('the error envelope', () => {
	test.each(Object.entries(ERR_CODE_HINTS))('err_code %s maps to its hint', async (code, hint) => {
		sim.addFault({
			type: 'envelope',
			err_code: Number(code),
			message: `API says ${code}`,
			status: 400,
			times: 1,
		});

		const res = await probe(LIST);

		expect(res.error).toBeDefined();
		expect(res.error.message).toBe(
			`302.AI GET /302/sandbox/list failed (HTTP 400, err_code ${code}): API says ${code}`,
		);
		expect(res.error.description).toBe(hint);
		expect(res.error.context).toMatchObject({
			endpoint: 'GET /302/sandbox/list',
			errCode: Number(code),
		});
		expect(res.error.httpCode).toBe('400');
		expect(apiRequests()).toHaveLength(1); // 400 is not retried
	});

	test('an unknown err_code falls back to the HTTP status hint', async () => {
		sim.addFault({
			type: 'envelope',
			err_code: -99999,
			message: 'Something new',
			status: 403,
			times: 1,
		});

		const res = await probe(LIST);

		expect(res.error.message).toBe(
			'302.AI GET /302/sandbox/list failed (HTTP 403, err_code -99999): Something new',
		);
		expect(res.error.description).toBe('The API key is not allowed to use this API.');
	});

	test('a plain {message} body keeps the API message', async () => {
		sim.addFault({
			type: 'status',
			status: 400,
			body: { message: 'language must be one of python, js' },
			times: 1,
		});

		const res = await probe(RUN_CODE);

		expect(res.error.message).toBe(
			'302.AI POST /302/sandbox/direct_run_code failed (HTTP 400): language must be one of python, js',
		);
		expect(res.error.description).toBe(
			'The request was rejected as malformed. Check the fields of this node.',
		);
	});

	test('a wrong key on a paid POST: one request only (n8n-core does not re-send it), the API message shown', async () => {
		const res = await probe(RUN_CODE, {
			credentials: { apiKey: 'sk-wrong-0000', baseUrl: sim.url },
		});

		expect(res.error.message).toBe(
			'302.AI POST /302/sandbox/direct_run_code failed (HTTP 401, err_code -10002): Invalid API key',
		);
		expect(apiRequests()).toHaveLength(1);
		assertNoSecret(res, 'sk-wrong-0000');
	});
});

describe('retries', () => {
	test('429 with Retry-After: 2 waits about 2 s before the second request (simulator timestamps)', async () => {
		sim.addFault({
			type: 'status',
			status: 429,
			headers: { 'Retry-After': '2' },
			body: { message: 'slow down' },
			times: 1,
		});

		const res = await probe(LIST);

		expect(res.error).toBeUndefined();
		const requests = apiRequests();
		expect(requests.map((entry) => entry.status)).toEqual([429, 200]);
		const gap = requests[1].time - requests[0].time;
		expect(gap).toBeGreaterThanOrEqual(1900);
		expect(gap).toBeLessThan(10_000);
	});

	test('a paid call answered 429 is sent again (nothing ran on the server)', async () => {
		sim.addFault({ type: 'status', status: 429, headers: { 'Retry-After': '0' }, times: 1 });

		const res = await probe(RUN_CODE);

		expect(res.error).toBeUndefined();
		expect(apiRequests().map((entry) => entry.status)).toEqual([429, 200]);
	});

	test('a Retry-After longer than maxRetryAfterMs is not waited for: the call fails at once', async () => {
		sim.addFault({ type: 'status', status: 429, headers: { 'Retry-After': '120' }, times: 1 });

		const res = await probe({ ...LIST, retry: { ...FAST_RETRY, maxRetryAfterMs: 1000 } });

		expect(res.error.message).toBe(
			'302.AI GET /302/sandbox/list failed (HTTP 429): Too Many Requests',
		);
		expect(res.error.description).toMatch(/^Rate limited by 302\.AI/);
		expect(apiRequests()).toHaveLength(1);
	});

	test('Retry-After as an HTTP date in the past means "retry now"', async () => {
		sim.addFault({
			type: 'status',
			status: 503,
			headers: { 'Retry-After': new Date(Date.now() - 60_000).toUTCString() },
			times: 1,
		});

		const res = await probe(LIST);

		expect(res.error).toBeUndefined();
		expect(apiRequests().map((entry) => entry.status)).toEqual([503, 200]);
	});

	test("no retry wait starts past the caller's deadline: the call fails with the answer it has", async () => {
		sim.addFault({ type: 'status', status: 503, headers: { 'Retry-After': '5' } });

		const res = await probe({ ...LIST, deadlineInMs: 1000 });

		expect(apiRequests()).toHaveLength(1);
		expect(res.error.message).toMatch(/^302\.AI GET \/302\/sandbox\/list failed \(HTTP 503\)/);
	});

	test('an idempotent call gives up after the configured attempts, with the last error', async () => {
		sim.addFault({ type: 'status', status: 503, times: 2 });
		sim.addFault({ type: 'status', status: 502, body: { message: 'the last failure' }, times: 1 });

		const res = await probe(LIST);

		expect(apiRequests().map((entry) => entry.status)).toEqual([503, 503, 502]);
		expect(res.error.message).toBe(
			'302.AI GET /302/sandbox/list failed (HTTP 502): the last failure',
		);
		expect(res.error.description).toBe(
			'302.AI is temporarily unreachable (bad gateway). Try again later. Gave up after 3 attempts.',
		);
	});

	test('an idempotent call recovers from a transient 503', async () => {
		sim.addFault({ type: 'status', status: 503, times: 1 });

		const res = await probe(LIST);

		expect(res.error).toBeUndefined();
		expect(res.items[0].json).toHaveProperty('sandboxes');
		expect(apiRequests().map((entry) => entry.status)).toEqual([503, 200]);
	});

	test.each([500, 502, 503, 504])(
		'a paid POST answered by %i is not sent again',
		async (status) => {
			sim.addFault({ type: 'status', status });

			const res = await probe(RUN_CODE);

			expect(apiRequests()).toHaveLength(1);
			expect(res.error.message).toMatch(
				new RegExp(`^302\\.AI POST /302/sandbox/direct_run_code failed \\(HTTP ${status}\\)`),
			);
			expect(res.error.description).not.toMatch(/Gave up/);
		},
	);

	test('a paid call on a refused connection (closed port) is retried: 3 connection attempts', async () => {
		const port = await closedPort();
		const { result: res, connects } = await countNetworkAttempts(() =>
			probe(RUN_CODE, { credentials: { apiKey: KEY, baseUrl: `http://127.0.0.1:${port}` } }),
		);

		expect(connects.filter((target) => target.endsWith(`:${port}`))).toHaveLength(3);
		expect(res.error.message).toBe(
			'302.AI POST /302/sandbox/direct_run_code failed: the connection was refused (is the Base URL right and the service up?)',
		);
		expect(res.error.description).toBe(
			'Gave up after 3 attempts. Check the Base URL of the credential and your network, then try again.',
		);
		expect(res.error.context.networkCode).toBe('ECONNREFUSED');
	});

	test.each([['before-body'], ['after-body']])(
		'a paid call whose connection is reset (%s) is not sent again, and says it may have reached 302.AI',
		async (when) => {
			sim.addFault({ type: 'reset', when });

			const res = await probe(RUN_CODE);

			expect(apiRequests()).toHaveLength(1);
			expect(res.error.message).toBe(
				'302.AI POST /302/sandbox/direct_run_code failed: the connection was closed before an answer arrived',
			);
			expect(res.error.description).toMatch(
				/^The request may have reached 302\.AI, so it was not sent again/,
			);
			expect(res.error.context.networkCode).toBe('ECONNRESET');
		},
	);

	test('an idempotent call survives a reset connection', async () => {
		sim.addFault({ type: 'reset', times: 1 });

		const res = await probe(LIST);

		expect(res.error).toBeUndefined();
		expect(apiRequests().map((entry) => entry.status)).toEqual([0, 200]);
	});

	test('a paid call that times out is not sent again; the error names the timeout', async () => {
		sim.addFault({ type: 'latency', ms: 3000, times: 1 });

		const res = await probe({ ...RUN_CODE, timeoutMs: 300 });

		expect(apiRequests()).toHaveLength(1);
		expect(res.error.message).toBe(
			'302.AI POST /302/sandbox/direct_run_code failed: no answer within 300 ms',
		);
		expect(res.error.context.networkCode).toBe('ETIMEDOUT');
		expect(res.error.description).toMatch(/^The request may have reached 302\.AI/);
	});

	test('an idempotent call that times out is retried', async () => {
		sim.addFault({ type: 'latency', ms: 3000, times: 1 });

		const res = await probe({ ...LIST, timeoutMs: 300 });

		expect(res.error).toBeUndefined();
		expect(apiRequests()).toHaveLength(2);
	});
});

describe('bodies that are not JSON', () => {
	test('malformed JSON in a 200 answer: a clear error naming the endpoint', async () => {
		sim.addFault({ type: 'malformed', times: 1 });

		const res = await probe(LIST);

		expect(res.error.message).toBe(
			'302.AI GET /302/sandbox/list answered with a body that is not JSON',
		);
		expect(res.error.description).toBe('The response started with: {"result":');
		expect(res.error.context.endpoint).toBe('GET /302/sandbox/list');
	});

	test.each([
		[502, '302.AI POST /302/sandbox/direct_run_code failed (HTTP 502): HTML error page'],
		[200, '302.AI POST /302/sandbox/direct_run_code answered with a body that is not JSON'],
	])('an HTML page with status %i: a clear error naming the endpoint', async (status, message) => {
		sim.addFault({ type: 'html', status, times: 1 });

		const res = await probe(RUN_CODE);

		expect(res.error.message).toBe(message);
		expect(apiRequests()).toHaveLength(1);
	});

	test('an empty body with an error status: "empty response body" and the endpoint', async () => {
		sim.addFault({ type: 'empty', status: 500 });

		const res = await probe({ ...LIST, retry: { ...FAST_RETRY, maxAttempts: 2 } });

		expect(res.error.message).toBe(
			'302.AI GET /302/sandbox/list failed (HTTP 500): empty response body',
		);
		expect(res.error.description).toBe(
			'302.AI had an internal error. Try again later. Gave up after 2 attempts.',
		);
	});

	test('an empty 200 body is read as {} (the tolerant readers of the nodes then name what is missing)', async () => {
		sim.addFault({ type: 'empty', status: 200, times: 1 });

		const res = await probe(LIST);

		expect(res.error).toBeUndefined();
		expect(res.items.map((item) => item.json)).toEqual([{}]);
	});
});

describe('base URL refused in node execution', () => {
	test.each([
		['http://example.com'],
		['http://localhost.example.com'],
		['https://user:pw@api.302.ai'],
		['nonsense'],
		[''],
	])('%j: NodeOperationError before any request, connection or DNS lookup', async (baseUrl) => {
		const {
			result: res,
			connects,
			lookups,
		} = await countNetworkAttempts(() =>
			probe(RUN_CODE, { credentials: { apiKey: KEY, baseUrl } }),
		);

		expect(res.error.name).toBe('NodeOperationError');
		expect(res.error.message).toMatch(/Base URL/);
		expect(res.error.description).toMatch(/https:\/\/api\.302\.ai/);
		expect(connects).toEqual([]);
		expect(lookups).toEqual([]);
		expect(sim.requests).toHaveLength(0);
	});

	test('with continue-on-fail the refusal is an error item paired to its input', async () => {
		const res = await probe(LIST, {
			credentials: { apiKey: KEY, baseUrl: 'http://example.com' },
			continueOnFail: true,
			items: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});

		expect(res.error).toBeUndefined();
		expect(res.items).toHaveLength(2);
		expect(res.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(res.items[1].json.error).toMatch(/^The Base URL "http:\/\/example\.com" is refused/);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('cancellation', () => {
	test('cancelling during a Retry-After wait ends the call: no second request', async () => {
		sim.addFault({ type: 'status', status: 503, headers: { 'Retry-After': '30' }, times: 1 });

		const res = await probe(LIST, { cancelAfterMs: 300 });

		expect(res.status).toBe('canceled');
		expect(res.error).toMatchObject({
			name: 'ExecutionCancelledError',
			message: 'The execution was cancelled',
		});
		expect(res.items).toEqual([]);
		expect(apiRequests()).toHaveLength(1);
		expect(res.cancelledAt).toEqual(expect.any(Number));
	});

	test('cancelling during a slow request aborts it: no output, no retry', async () => {
		sim.addFault({ type: 'latency', ms: 20_000, times: 1 });

		const res = await probe(LIST, { cancelAfterMs: 300 });

		expect(res.status).toBe('canceled');
		expect(res.error.name).toBe('ExecutionCancelledError');
		expect(res.items).toEqual([]);
		expect(apiRequests()).toHaveLength(1);
	});
});

describe('messages stay as the transport builds them, whatever words they carry', () => {
	// n8n's NodeApiError swaps any message that contains a Node error code (ENOENT, EPERM,
	// EEXIST, ...) for a generic text, and without a description it takes one from the response.

	test("the API's own words with a Node error code in them are kept", async () => {
		sim.addFault({
			type: 'status',
			status: 400,
			body: { message: 'ENOENT: no such file or directory' },
			times: 1,
		});

		const res = await probe(LIST);

		expect(res.error.message).toBe(
			'302.AI GET /302/sandbox/list failed (HTTP 400): ENOENT: no such file or directory',
		);
		expect(res.error.description).toBe(
			'The request was rejected as malformed. Check the fields of this node.',
		);
		expect(res.error.httpCode).toBe('400');
	});

	test('an id with a Node error code in it, on a refused connection', async () => {
		const port = await closedPort();
		const res = await probe(
			{ method: 'POST', path: '/302/sandbox/kill/eperm-1', kind: 'paid' },
			{ credentials: { apiKey: KEY, baseUrl: `http://127.0.0.1:${port}` } },
		);

		expect(res.error.message).toBe(
			'302.AI POST /302/sandbox/kill/eperm-1 failed: the connection was refused (is the Base URL right and the service up?)',
		);
		expect(res.error.description).toBe(
			'Gave up after 3 attempts. Check the Base URL of the credential and your network, then try again.',
		);
		expect(res.error.context).toMatchObject({
			endpoint: 'POST /302/sandbox/kill/eperm-1',
			networkCode: 'ECONNREFUSED',
		});
	});

	test('a body that is not JSON, on a path with a Node error code in it', async () => {
		sim.addFault({ type: 'malformed', times: 1 });

		const res = await probe({ ...LIST, path: '/302/sandbox/info/eexist-1' });

		expect(res.error.message).toBe(
			'302.AI GET /302/sandbox/info/eexist-1 answered with a body that is not JSON',
		);
		expect(res.error.description).toBe('The response started with: {"result":');
		expect(res.error.context.endpoint).toBe('GET /302/sandbox/info/eexist-1');
	});

	test('a status without a hint has no description (not the API message again)', async () => {
		sim.addFault({ type: 'status', status: 409, body: { message: 'already there' }, times: 1 });

		const res = await probe(LIST);

		expect(res.error.message).toBe('302.AI GET /302/sandbox/list failed (HTTP 409): already there');
		expect(res.error.description).toBeUndefined();
		expect(res.error.httpCode).toBe('409');
	});
});

describe('file downloads (downloadToBinary)', () => {
	async function download(parameters) {
		return await h.runNode({
			type: 'downloadProbe',
			extraNodeTypes: { downloadProbe: DownloadProbe },
			parameters,
		});
	}

	test('a file is stored under the name from its URL', async () => {
		const res = await download({ url: sim.store.generatedUrl(10, 'small.txt') });

		expect(res.error).toBeUndefined();
		expect(await h.binaryInfo(res.items[0], 'data')).toMatchObject({
			fileName: 'small.txt',
			fileSize: 10,
		});
	});

	test('a refused connection: the network code stays in the message, attempts counted', async () => {
		const port = await closedPort();
		const res = await download({ url: `http://127.0.0.1:${port}/files/a.txt`, maxAttempts: 2 });

		expect(res.error.message).toBe(
			`Downloading the file http://127.0.0.1:${port}/files/a.txt failed: no answer (ECONNREFUSED)`,
		);
		expect(res.error.description).toBe(
			'Gave up after 2 attempts. The file link from 302.AI may have expired or the file host is unreachable; run the node again to get a new link.',
		);
	});

	test('an HTTP error names the status and the body, never the query string', async () => {
		sim.addFault({ type: 'status', status: 404, body: 'gone', match: { kind: 'file' } });
		const url = `${sim.store.generatedUrl(10, 'small.txt')}?token=signed-secret`;

		const res = await download({ url });

		expect(res.error.message).toBe(
			`Downloading the file ${sim.url}/files/generated/10/small.txt failed: HTTP 404: gone`,
		);
		expect(res.error.description).toBe(
			'The file link from 302.AI may have expired or the file host is unreachable; run the node again to get a new link.',
		);
		expect(res.error.httpCode).toBe('404');
		expect(res.error.errorResponse).toEqual({
			url: `${sim.url}/files/generated/10/small.txt`,
			message: 'HTTP 404: gone',
		});
	});
});

describe('the API key never leaks', () => {
	test('an API that echoes the key in its error message is redacted', async () => {
		sim.addFault({
			type: 'status',
			status: 400,
			body: { message: `key ${KEY} is not valid here` },
			times: 1,
		});

		const res = await probe(LIST);

		expect(res.error.message).toBe(
			'302.AI GET /302/sandbox/list failed (HTTP 400): key *** is not valid here',
		);
		assertNoSecret(res, KEY);
	});

	test('a non-JSON body that echoes the key is redacted in the snippet', async () => {
		sim.addFault({ type: 'status', status: 200, body: `oops ${KEY} oops`, times: 1 });

		const res = await probe(LIST);

		expect(res.error.description).toBe('The response started with: oops *** oops');
		assertNoSecret(res, KEY);
	});

	test('a redirect is not followed, so the key never goes to another host', async () => {
		const http = require('node:http');
		const received = [];
		const target = http.createServer((req, res) => {
			received.push(req.headers.authorization);
			res.end('{}');
		});
		await new Promise((resolve) => target.listen(0, '127.0.0.1', () => resolve(undefined)));
		const redirector = http.createServer((req, res) => {
			res.writeHead(302, {
				location: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (target.address()).port}/steal`,
			});
			res.end();
		});
		await new Promise((resolve) => redirector.listen(0, '127.0.0.1', () => resolve(undefined)));
		try {
			const res = await probe(LIST, {
				credentials: {
					apiKey: KEY,
					baseUrl: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (redirector.address()).port}`,
				},
			});

			expect(received).toEqual([]);
			expect(res.error.message).toBe(
				'302.AI GET /302/sandbox/list failed (HTTP 302): empty response body',
			);
		} finally {
			await new Promise((resolve) => redirector.close(resolve));
			await new Promise((resolve) => target.close(resolve));
		}
	});

	test('no result of this file holds the key: errors (message, description, stack, JSON) and items', () => {
		expect(allResults.length).toBeGreaterThan(30);
		// The key was really used, so its absence means something.
		expect(allResults.some((res) => res.error)).toBe(true);
		for (const res of allResults) {
			assertNoSecret(res.error, KEY);
			assertNoSecret(res.items, KEY);
			assertNoSecret(res.run, KEY);
			if (res.error) {
				expect(res.error.stack ?? '').not.toContain(KEY);
			}
		}
	});
});
