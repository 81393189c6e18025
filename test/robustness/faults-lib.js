'use strict';
/**
 * Shared tables of the fault-injection suite (test/faults-*.test.js): every operation of both
 * nodes (TARGETS) x every simulator fault (FAULTS). A cell runs one node through n8n-core against
 * its own simulator with one fault on the target's endpoint, then checks the rules in checkCell.
 */
const path = require('node:path');

const h = require('../harness');
const { assertNoSecret } = require('../helpers/assertNoSecret');
const { startSimulator } = require('../simulator');
const { ERR_CODE_HINTS } = require(path.join(h.DIST, 'nodes/shared/transport/errors.js'));

const KEY = 'sk-fault-matrix-5c1e7a9d';
/** Per-request timeout the cells set (node option "Request Timeout"), and the latency beyond it. */
const REQUEST_TIMEOUT_S = 0.5;
const SLOW_MS = 2000;
const BROWSER_SCHEDULE = { queueMs: 50, runMs: 300, stepMs: 100 };
const WAIT = { pollInterval: 0.25, maxWaitTime: 8 };

/** Setup calls straight to the simulator (not through the node), before the fault is switched on. */
async function simCall(sim, method, urlPath, body) {
	const response = await fetch(`${sim.url}${urlPath}`, {
		method,
		headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`setup ${method} ${urlPath}: HTTP ${response.status}`);
	return await response.json();
}

async function newSandbox(sim) {
	const created = await simCall(sim, 'POST', '/302/sandbox/create', { max_alive_time: 300 });
	const sandboxId = created.sandbox_id ?? created.data?.sandbox_id ?? created.result?.sandbox_id;
	await simCall(sim, 'POST', '/302/sandbox/file/write', {
		sandbox_id: sandboxId,
		save_path: '/home/user/in.txt',
		content: Buffer.from('hello').toString('base64'),
	}).catch(() => undefined);
	return { sandboxId };
}

const code = (resource, operation, extra = {}) => ({ resource, operation, ...extra });
const okJson = (match) => (res) => expect(res.items[0].json).toMatchObject(match);

/**
 * The operations. kind: 'paid' (never sent twice once it may have arrived) or 'read'.
 * faultPath: where the fault applies; endpoint: what a clear error must name.
 */
const TARGETS = [
	{
		name: 'code › run',
		type: 'ai302CodeSandbox',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/direct_run_code',
		params: () =>
			code('code', 'run', {
				language: 'bash',
				code: 'echo fault-ok',
				options: { passItemData: false },
			}),
		check: okJson({ stdout: 'fault-ok\n' }),
	},
	{
		name: 'code › runInSandbox',
		type: 'ai302CodeSandbox',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/run_code',
		setup: newSandbox,
		params: (c) =>
			code('code', 'runInSandbox', {
				sandboxId: c.sandboxId,
				language: 'bash',
				code: 'echo fault-ok',
				options: { passItemData: false },
			}),
		check: okJson({ stdout: 'fault-ok\n' }),
	},
	{
		name: 'command › run',
		type: 'ai302CodeSandbox',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/command',
		setup: newSandbox,
		params: (c) => code('command', 'run', { sandboxId: c.sandboxId, command: 'echo fault-ok' }),
		check: okJson({ stdout: 'fault-ok\n', exit_code: 0 }),
	},
	{
		name: 'sandbox › create',
		type: 'ai302CodeSandbox',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/create',
		params: () => code('sandbox', 'create', { maxAliveTime: 60 }),
		check: (res) => expect(res.items[0].json.sandbox_id).toMatch(/^[a-z0-9]{20}-[0-9a-f]{8}$/),
	},
	{
		name: 'sandbox › list',
		type: 'ai302CodeSandbox',
		kind: 'read',
		method: 'GET',
		path: () => '/302/sandbox/list',
		setup: newSandbox,
		params: () => code('sandbox', 'list'),
		check: (res, c) => expect(res.items.map((item) => item.json.sandbox_id)).toEqual([c.sandboxId]),
	},
	{
		name: 'sandbox › delete',
		type: 'ai302CodeSandbox',
		kind: 'read',
		method: 'POST',
		path: (c) => `/302/sandbox/kill/${c.sandboxId}`,
		setup: newSandbox,
		params: (c) => code('sandbox', 'delete', { sandboxId: c.sandboxId }),
		check: (res) => expect(res.items).toHaveLength(1),
	},
	{
		name: 'file › list',
		type: 'ai302CodeSandbox',
		kind: 'read',
		method: 'POST',
		path: () => '/302/sandbox/file/list',
		setup: newSandbox,
		params: (c) => code('file', 'list', { sandboxId: c.sandboxId, path: '/home/user' }),
		check: (res) => expect(res.items.length).toBeGreaterThanOrEqual(1),
	},
	{
		name: 'file › upload',
		type: 'ai302CodeSandbox',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/file/write',
		setup: newSandbox,
		items: () => [
			{
				json: {},
				binary: {
					data: {
						data: Buffer.from('uploaded by a fault cell'),
						fileName: 'up.txt',
						mimeType: 'text/plain',
					},
				},
			},
		],
		params: (c) =>
			code('file', 'upload', {
				sandboxId: c.sandboxId,
				source: 'binary',
				binaryPropertyName: 'data',
				savePath: '/home/user/up.txt',
			}),
		check: (res) => expect(res.items).toHaveLength(1),
	},
	{
		name: 'file › download',
		type: 'ai302CodeSandbox',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/file/download',
		setup: newSandbox,
		params: (c) =>
			code('file', 'download', { sandboxId: c.sandboxId, path: '/generated/2048/fault.bin' }),
		check: (res) =>
			expect(res.items[0].binary?.data?.fileSize ?? res.items[0].binary?.data).toBeTruthy(),
	},
	{
		name: 'browser › create (submit)',
		type: 'ai302BrowserTask',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/browser/submit',
		params: () => ({ operation: 'create', task: 'Fault cell [sim queue=0 run=300]', ...WAIT }),
		check: okJson({ status: 'finished', is_successful: true }),
	},
	{
		name: 'browser › create (wait: polls)',
		type: 'ai302BrowserTask',
		kind: 'read',
		poll: true,
		method: 'GET',
		path: () => '^/302/browser/tasks/',
		params: () => ({ operation: 'create', task: 'Fault cell [sim queue=0 run=300]', ...WAIT }),
		check: okJson({ status: 'finished', is_successful: true }),
	},
	{
		name: 'browser › get',
		type: 'ai302BrowserTask',
		kind: 'read',
		method: 'GET',
		path: (c) => `/302/browser/tasks/${c.taskId}`,
		setup: async (sim) => {
			const created = await simCall(sim, 'POST', '/302/browser/submit', {
				task: 'Get cell [sim queue=0 run=100]',
			});
			return { taskId: created.task_id ?? created.data?.task_id };
		},
		params: (c) => ({ operation: 'get', taskId: c.taskId, waitForCompletion: false }),
		check: (res, c) => expect(res.items[0].json.task_id).toBe(c.taskId),
	},
];

const transient = (target) => target.kind === 'read';
const always = () => true;
const never = () => false;
const burst = (status, times, headers) => ({ type: 'status', status, times, headers });

/**
 * The faults. succeeds(target): does the node end with a result (after retrying) rather than a
 * clear error? requests(target): exact number of requests the target endpoint receives, if fixed.
 */
const FAULTS = [
	{
		name: `latency ${SLOW_MS} ms beyond the ${REQUEST_TIMEOUT_S} s request timeout`,
		fault: { type: 'latency', ms: SLOW_MS, times: 1 },
		succeeds: transient,
		error: /no answer within 500 ms/,
		paidNote: /may have reached 302\.AI/,
	},
	{
		name: '429 with Retry-After: 0',
		fault: burst(429, 1, { 'Retry-After': '0' }),
		succeeds: always,
		requests: (t) => (t.poll ? undefined : 2),
	},
	{
		name: '429 without Retry-After',
		fault: burst(429, 1),
		succeeds: always,
		requests: (t) => (t.poll ? undefined : 2),
	},
	...[500, 502, 503, 504].flatMap((status) => [
		{
			name: `${status} x1`,
			fault: burst(status, 1),
			succeeds: transient,
			requests: (t) => (t.poll ? undefined : t.kind === 'read' ? 2 : 1),
			error: new RegExp(`HTTP ${status}`),
		},
		// Retry-After 0 keeps the many-retries cells fast; the backoff itself is covered by x1.
		{
			name: `${status} x3 (Retry-After 0)`,
			fault: burst(status, 3, { 'Retry-After': '0' }),
			succeeds: transient,
			requests: (t) => (t.poll ? undefined : t.kind === 'read' ? 4 : 1),
			error: new RegExp(`HTTP ${status}`),
		},
	]),
	// More failures in a row than the transport's 4 attempts: reads give up with the last error,
	// a wait keeps polling (the next poll is a new call) and still succeeds.
	{
		name: '503 x10 (beyond the 4 attempts)',
		fault: burst(503, 10, { 'Retry-After': '0' }),
		succeeds: (t) => Boolean(t.poll),
		requests: (t) => (t.poll ? undefined : t.kind === 'read' ? 4 : 1),
		error: /HTTP 503/,
	},
	{
		name: 'connection reset before the body',
		fault: { type: 'reset', when: 'before-body', times: 1 },
		succeeds: transient,
		error: /closed before an answer/,
		paidNote: /may have reached 302\.AI/,
	},
	{
		name: 'connection reset after the body (work done)',
		fault: { type: 'reset', when: 'after-body', times: 1 },
		succeeds: transient,
		error: /closed before an answer/,
		paidNote: /may have reached 302\.AI/,
	},
	{
		name: 'malformed JSON (200)',
		fault: { type: 'malformed', times: 1 },
		succeeds: (t) => Boolean(t.poll),
		error: /not JSON/,
		paidNote: /probably carried out/,
	},
	{
		name: 'HTML error page (502)',
		fault: { type: 'html', status: 502, times: 1 },
		succeeds: transient,
		error: /HTTP 502/,
	},
	{ name: 'empty body (200)', fault: { type: 'empty', times: 1 }, succeeds: undefined },
	{
		name: '401 (wrong API key)',
		wrongKey: true,
		fault: { type: 'envelope', status: 401, err_code: -10002, times: 1 },
		succeeds: never,
		error: /HTTP 401/,
	},
	...Object.keys(ERR_CODE_HINTS).map((errCode) => ({
		name: `error envelope err_code ${errCode}`,
		fault: { type: 'envelope', status: 400, err_code: Number(errCode) },
		succeeds: never,
		errCode: Number(errCode),
		error: new RegExp(`err_code ${errCode}\\b`),
	})),
];

/** Runs one cell and checks every rule; returns a short record for the summary. */
async function runCell(target, faultRow) {
	const sim = await startSimulator({ apiKeys: [KEY], browser: BROWSER_SCHEDULE });
	try {
		const ctx = target.setup ? await target.setup(sim) : {};
		const faultPath = target.path(ctx);
		sim.clearLog();
		if (faultRow.wrongKey && !target.poll) {
			// A real wrong key: the simulator's own Bearer check answers 401.
		} else {
			sim.addFault({ ...faultRow.fault, match: { method: target.method, path: faultPath } });
		}
		const params = target.params(ctx);
		params.options = { ...params.options, requestTimeout: REQUEST_TIMEOUT_S };
		const started = Date.now();
		const res = await h.runNode({
			type: target.type,
			parameters: params,
			items: target.items?.(ctx),
			credentials: {
				apiKey: faultRow.wrongKey && !target.poll ? `${KEY}-wrong` : KEY,
				baseUrl: sim.url,
			},
		});
		const elapsedMs = Date.now() - started;
		checkCell({ sim, target, faultRow, ctx, faultPath, res });
		return { elapsedMs, ok: !res.error };
	} finally {
		await sim.close();
	}
}

function checkCell({ sim, target, faultRow, ctx, faultPath, res }) {
	// The key never appears in output, error or run data (a wrong key is a secret too).
	assertNoSecret(res.run, KEY);
	assertNoSecret(res.error ?? {}, KEY);

	const isPath = (p) =>
		faultPath.startsWith('^') ? new RegExp(faultPath).test(p) : p === faultPath;
	const hits = sim.requests.filter((r) => r.method === target.method && isPath(r.path));

	// A paid call reaches the simulator again only after an answer proving nothing ran (429).
	if (target.kind === 'paid') {
		expect(hits.length).toBeGreaterThanOrEqual(1);
		expect(hits.slice(0, -1).every((r) => r.status === 429)).toBe(true);
	}
	const expectedRequests = faultRow.requests?.(target);
	if (expectedRequests !== undefined) expect(hits).toHaveLength(expectedRequests);

	const succeeds =
		faultRow.succeeds === undefined ? emptyBodySucceeds(target) : faultRow.succeeds(target);
	if (succeeds) {
		expect(res.error).toBeUndefined();
		target.check(res, ctx);
	} else {
		expect(res.error).toBeDefined();
		// A clear error: names the endpoint (or, for a wait, the task) and the cause.
		const text = `${res.error.message} ${res.error.description ?? ''}`;
		expect(text).toMatch(
			target.poll
				? /Browser task [\w-]+|\/302\/browser\/tasks\//
				: endpointPattern(target, faultPath),
		);
		if (faultRow.error) expect(text).toMatch(faultRow.error);
		if (faultRow.errCode !== undefined) expect(text).toContain(ERR_CODE_HINTS[faultRow.errCode]);
		// The answer may be lost after the work was done: a paid call's error says so.
		if (target.kind === 'paid' && faultRow.paidNote) expect(text).toMatch(faultRow.paidNote);
	}

	// A created task's id is never lost: once the submit answer arrived, the id is in the result.
	if (target.type === 'ai302BrowserTask') {
		const submitted = sim.requests.find(
			(r) => r.path === '/302/browser/submit' && r.status === 200 && !r.fault,
		);
		if (submitted) {
			const [taskId] = [...sim.tasks.keys()].filter((id) => id !== ctx.taskId);
			const text =
				JSON.stringify(res.items) +
				(res.error ? `${res.error.message} ${res.error.description ?? ''}` : '');
			expect(text).toContain(taskId);
		}
	}
}

/**
 * An empty 200 answer: operations that need data in it (a result, an id, a status) fail naming
 * the endpoint; delete and upload need none; a wait polls again.
 */
function emptyBodySucceeds(target) {
	return ['sandbox › delete', 'file › upload', 'browser › create (wait: polls)'].includes(
		target.name,
	);
}

function endpointPattern(target, faultPath) {
	const shown = faultPath.startsWith('^') ? faultPath.slice(1) : faultPath;
	return new RegExp(`${target.method} ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

module.exports = {
	TARGETS,
	FAULTS,
	runCell,
	KEY,
	simCall,
	startSimulator,
	BROWSER_SCHEDULE,
	WAIT,
	h,
	assertNoSecret,
};
