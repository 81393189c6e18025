'use strict';
/**
 * The 302.AI API credential, tested the way n8n's "Test" button does it (n8n-core RoutingNode
 * and ExecuteContext, rules of n8n 2.40.7's CredentialsTester) against the local simulator.
 */
const path = require('node:path');

const h = require('../harness');
const { assertNoSecret } = require('../helpers/assertNoSecret');
const { countNetworkAttempts } = require('../helpers/network-spy');
const { startSimulator } = require('../simulator');

const KEY = 'sk-test-302';
const WRONG_KEY = 'sk-wrong-key-0000';

let sim;

beforeAll(async () => {
	sim = await startSimulator({ apiKeys: [KEY], port: 0 });
});

afterAll(async () => {
	await sim?.close();
});

beforeEach(() => sim.clearLog());

function apiRequests() {
	return sim.requests.filter((entry) => entry.kind === 'api');
}

test('the right key passes, with exactly one free GET /302/sandbox/list carrying the Bearer key', async () => {
	const result = await h.testCredential({ apiKey: KEY, baseUrl: sim.url });

	expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	const requests = apiRequests();
	expect(requests).toHaveLength(1);
	expect(requests[0]).toMatchObject({ method: 'GET', path: '/302/sandbox/list', status: 200 });
	expect(requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
});

test('a wrong key fails with a message that says the key was refused and what to do', async () => {
	const result = await h.testCredential({ apiKey: WRONG_KEY, baseUrl: sim.url });

	expect(result.status).toBe('Error');
	// Without the credential's responseCode rule n8n would show only "Unauthorized".
	expect(result.message).toMatch(/^302\.AI refused the API key \(HTTP 401\)/);
	expect(result.message).toContain('https://dash.302.ai/apis/list');
	assertNoSecret(result, WRONG_KEY);
	// The simulator answered with its envelope (API message "Invalid API key", err_code -10002).
	const statuses = apiRequests().map((entry) => entry.status);
	expect(statuses.length).toBeGreaterThanOrEqual(1);
	expect(statuses.every((status) => status === 401)).toBe(true);
});

test('n8n-core re-sends a request that got 401 once (its credential refresh path): 2 requests for the test', async () => {
	// Documents n8n-core 2.40 behaviour seen through the harness: httpRequestWithAuthentication
	// retries once after a 401 when the credential helper has preAuthentication. The nodes'
	// transport sets ignoreHttpStatusErrors, so it never goes through this path.
	await h.testCredential({ apiKey: WRONG_KEY, baseUrl: sim.url });
	expect(apiRequests()).toHaveLength(2);
});

test.each([
	['http://example.com', 'example.com'],
	['http://example.com/', 'example.com'],
	['http://localhost.example.com', 'localhost.example.com'],
	['http://127.0.0.1.example.com', '127.0.0.1.example.com'],
	['https://user:pass@api.302.ai', 'api.302.ai'],
	['https://api.302.ai?x=1', 'api.302.ai'],
	['ftp://api.302.ai', 'api.302.ai'],
	['not a url', 'notaurl'],
	['', 'an-invalid-base-url'],
])(
	'unsafe base URL %j is refused locally: no connection, no DNS lookup, nothing in the simulator log',
	async (baseUrl, shownHost) => {
		const { result, connects, lookups } = await countNetworkAttempts(() =>
			h.testCredential({ apiKey: KEY, baseUrl }),
		);

		expect(result.status).toBe('Error');
		// n8n 2.x's sentence names the host the user typed (never an internal placeholder, never user info).
		expect(result.message).toBe(
			`Domain not allowed: This credential is restricted from accessing ${shownHost}. Only the following domains are allowed: any host over https:// (plain http:// only for localhost, 127.x.x.x or [::1])`,
		);
		expect(result.message).not.toContain('refused');
		expect(result.message).not.toContain('pass');
		expect(connects).toEqual([]);
		expect(lookups).toEqual([]);
		expect(sim.requests).toHaveLength(0);
		assertNoSecret(result, KEY);
	},
);

test('the API Key hint links to the key page and the docs link is the README section the nodes link to', () => {
	const { Ai302Api } = require(path.join(h.DIST, 'credentials', 'Ai302Api.credentials.js'));
	const credential = new Ai302Api();
	const apiKey = credential.properties.find((property) => property.name === 'apiKey');
	expect(apiKey.hint).toMatch(/<a href="https:\/\/dash\.302\.ai\/apis\/list" target="_blank">/);
	for (const node of ['Ai302CodeSandbox', 'Ai302BrowserTask']) {
		const codex = require(path.join(h.DIST, 'nodes', node, `${node}.node.json`));
		expect(codex.resources.credentialDocumentation[0].url).toBe(credential.documentationUrl);
	}
});

test('without allowedDomains (n8n versions that ignore it) the unsupported scheme still stops the request locally', async () => {
	// The harness loads the credential class from this module; swap in a variant whose test
	// request has no allowedDomains, so only the base URL expression protects the key.
	const credentialModule = require(path.join(h.DIST, 'credentials', 'Ai302Api.credentials.js'));
	const Original = credentialModule.Ai302Api;
	credentialModule.Ai302Api = class WithoutAllowedDomains extends Original {
		constructor() {
			super();
			delete this.test.request.allowedDomains;
		}
	};
	try {
		const { result, connects, lookups } = await countNetworkAttempts(() =>
			h.testCredential({ apiKey: KEY, baseUrl: 'http://example.com' }),
		);
		// n8n 2.40 reports the axios error code of "Unsupported protocol refused-base-url:".
		expect(result).toEqual({ status: 'Error', message: 'ERR_BAD_REQUEST' });
		expect(connects).toEqual([]);
		expect(lookups).toEqual([]);
		expect(sim.requests).toHaveLength(0);
	} finally {
		credentialModule.Ai302Api = Original;
	}
});

test('the network spy used above does see a real request (positive control)', async () => {
	const { result, connects } = await countNetworkAttempts(() =>
		h.testCredential({ apiKey: KEY, baseUrl: sim.url }),
	);
	expect(result.status).toBe('OK');
	expect(connects.length).toBeGreaterThanOrEqual(1);
	expect(connects[0]).toContain('127.0.0.1');
});

test.each([['/'], ['//'], ['/  ']])(
	'a base URL ending in %j works and the path has no double slash',
	async (suffix) => {
		const result = await h.testCredential({ apiKey: KEY, baseUrl: `${sim.url}${suffix}` });

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(apiRequests().map((entry) => entry.path)).toEqual(['/302/sandbox/list']);
	},
);

test('https base URLs are accepted by the expression (no refusal), e.g. a closed local https port', async () => {
	// https to 127.0.0.1 on a closed port: the request is attempted (connection refused), which
	// proves the https branch of the check lets it through; nothing leaves the machine.
	const result = await h.testCredential({ apiKey: KEY, baseUrl: 'https://127.0.0.1:1' });
	expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
});

test('a base URL that is not the API root gets the 404 hint', async () => {
	const result = await h.testCredential({ apiKey: KEY, baseUrl: `${sim.url}/v1` });

	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/^The Base URL answered 404/);
	expect(apiRequests().map((entry) => entry.path)).toEqual(['/v1/302/sandbox/list']);
});

test('a missing base URL falls back to the credential default (https://api.302.ai) as n8n does', async () => {
	// Only the resolved request is checked here, without sending it: the harness applies the
	// type's defaults exactly like n8n, so an empty object gets the public base URL.
	const { NodeTypeRegistry } = require('../harness/node-types');
	const { HarnessCredentialsHelper } = require('../harness/credentials-helper');
	const { ensureEnvironment } = require('../harness/environment');
	const registry = new NodeTypeRegistry(await ensureEnvironment());
	const helper = new HarnessCredentialsHelper(registry, {});
	expect(helper.applyDefaults('ai302Api', { apiKey: KEY })).toEqual({
		apiKey: KEY,
		baseUrl: 'https://api.302.ai',
	});
});
