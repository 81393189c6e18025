'use strict';
/**
 * Shared tables of the fault-injection suite (test/robustness/faults-*.test.js): every operation
 * of both nodes (TARGETS) x every simulator fault (FAULTS). A cell runs one node through n8n-core
 * against its own simulator with one fault on the target's endpoint, then checks in checkCell:
 * the exact request log (every request, its endpoint and answer, in order), the exact output
 * items or the exact error message and description, the key never shown, a task id never lost.
 */
const path = require('node:path');

const h = require('../harness');
const { assertNoSecret } = require('../helpers/assertNoSecret');
const { startSimulator } = require('../simulator');
const { KNOWN_CODES } = require('../simulator/errors');
const { ERR_CODE_HINTS } = require(path.join(h.DIST, 'nodes/shared/transport/errors.js'));

const KEY = 'sk-fault-matrix-5c1e7a9d';
/** Per-request timeout the cells set (node option "Request Timeout"), and the latency beyond it. */
const REQUEST_TIMEOUT_S = 0.5;
// Long enough that a late answer never overtakes the retry; the simulator drops it on close.
const SLOW_MS = 5000;
/** The transport's attempts for a read (the first one included). */
const READ_ATTEMPTS = 4;
const BROWSER_SCHEDULE = { queueMs: 50, runMs: 300, stepMs: 100 };
const WAIT = { pollInterval: 0.25, maxWaitTime: 8 };
/** Finished 1 ms after its creation: the first poll (one interval later) sees it finished. */
const QUICK_TASK = 'Fault cell [sim queue=0 run=1]';
const SANDBOX_FILE = { path: '/home/user/in.txt', text: 'hello' };

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

/** A sandbox holding one small file (SANDBOX_FILE). */
async function newSandbox(sim) {
	const created = await simCall(sim, 'POST', '/302/sandbox/create', { max_alive_time: 300 });
	const sandboxId = created.sandbox_id;
	const data = Buffer.from(SANDBOX_FILE.text).toString('base64');
	await simCall(sim, 'POST', '/302/sandbox/file/write', {
		sandbox_id: sandboxId,
		file_list: [{ file: `data:text/plain;base64,${data}`, save_path: SANDBOX_FILE.path }],
	});
	return { sandboxId };
}

/** The task the node created in this cell (setup creates none, or the one in ctx.taskId). */
const createdTaskId = (sim, ctx = {}) => [...sim.tasks.keys()].find((id) => id !== ctx.taskId);

const code = (resource, operation, extra = {}) => ({ resource, operation, ...extra });
const jsonOf = (res) => res.items.map((item) => item.json);

/** What the Browser Task outputs for QUICK_TASK (2 planned steps). */
const finishedTask = (taskId, extra = {}) => ({
	task_id: taskId,
	status: 'finished',
	is_successful: true,
	result_json: null,
	result: 'Simulated result for: Fault cell',
	current_step: 2,
	step_count: 2,
	done_text: null,
	extracted_content: ['🔍 Searched for "Fault cell" in Google'],
	elapsed_seconds: expect.any(Number),
	timed_out: false,
	...extra,
});

/**
 * The operations, each named by its resource and operation values. kind: 'paid' (never sent
 * twice once it may have arrived) or 'read'. path: where the fault applies. expectOutput: the
 * exact items of a run that succeeded. emptyBody: the error an empty 200 answer gives (none:
 * the operation needs nothing from the answer). afterSuccess: requests that follow a successful
 * answer (a file fetch, the polls of a wait).
 */
/** What both code operations give for `echo fault-ok`, and their error for an empty answer. */
const CODE_RUN_RESULT = {
	expectOutput: (res) =>
		expect(jsonOf(res)).toEqual([
			{ stdout: 'fault-ok\n', stderr: '', stdoutChunks: ['fault-ok\n'], stderrChunks: [] },
		]),
	emptyBody: {
		message: (p) =>
			`302.AI POST ${p} answered without "stdout" or "stderr" (looked at the top level, "result" and "data"). Response starts: {}`,
	},
};

const TARGETS = [
	{
		name: 'code › run',
		type: 'ai302CodeSandbox',
		resource: 'code',
		operation: 'run',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/direct_run_code',
		params: () =>
			code('code', 'run', {
				language: 'bash',
				code: 'echo fault-ok',
				options: { passItemData: false },
			}),
		...CODE_RUN_RESULT,
	},
	{
		name: 'code › runInSandbox',
		type: 'ai302CodeSandbox',
		resource: 'code',
		operation: 'runInSandbox',
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
		...CODE_RUN_RESULT,
	},
	{
		name: 'command › run',
		type: 'ai302CodeSandbox',
		resource: 'command',
		operation: 'run',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/command',
		setup: newSandbox,
		params: (c) => code('command', 'run', { sandboxId: c.sandboxId, command: 'echo fault-ok' }),
		expectOutput: (res) =>
			expect(jsonOf(res)).toEqual([
				{
					stdout: 'fault-ok\n',
					stderr: '',
					exit_code: 0,
					error: '',
					// The simulator measures the command's real run time.
					cost_time: expect.any(Number),
				},
			]),
		emptyBody: {
			message: (p) =>
				`302.AI POST ${p} answered without "stdout", "stderr" or "exit_code". Response starts: {}`,
		},
	},
	{
		name: 'sandbox › create',
		type: 'ai302CodeSandbox',
		resource: 'sandbox',
		operation: 'create',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/create',
		params: () => code('sandbox', 'create', { maxAliveTime: 60 }),
		expectOutput: (res, _c, sim) => {
			// The one sandbox the simulator holds is the one the node created (no setup here).
			const [sandboxId] = [...sim.sandboxes.keys()];
			expect(jsonOf(res)).toEqual([
				{
					sandbox_id: sandboxId,
					sandbox_name: '',
					sandbox_template: 'default',
					metadata: {},
					envs: {},
					created_at: expect.any(Number),
					max_alive_time: 60,
				},
			]);
			expect(sandboxId).toMatch(/^[a-z0-9]{20}-[0-9a-f]{8}$/);
		},
		emptyBody: {
			message: (p) => `302.AI POST ${p} answered without "sandbox_id". Response starts: {}`,
		},
	},
	{
		name: 'sandbox › list',
		type: 'ai302CodeSandbox',
		resource: 'sandbox',
		operation: 'list',
		kind: 'read',
		method: 'GET',
		path: () => '/302/sandbox/list',
		setup: newSandbox,
		params: () => code('sandbox', 'list'),
		expectOutput: (res, c) =>
			expect(jsonOf(res)).toEqual([
				{
					sandbox_id: c.sandboxId,
					sandbox_name: '',
					sandbox_template: 'default',
					metadata: {},
					envs: {},
					created_at: expect.any(Number),
					max_alive_time: 300,
				},
			]),
		emptyBody: {
			message: (p) =>
				`302.AI GET ${p} answered without a list (looked for "sandboxes"). Response starts: {}`,
		},
	},
	{
		name: 'sandbox › delete',
		type: 'ai302CodeSandbox',
		resource: 'sandbox',
		operation: 'delete',
		kind: 'read',
		method: 'POST',
		path: (c) => `/302/sandbox/kill/${c.sandboxId}`,
		setup: newSandbox,
		params: (c) => code('sandbox', 'delete', { sandboxId: c.sandboxId }),
		// Killed by the first request whose answer was lost: the retry finds it gone (still a success).
		retryAfterWorkDone: 404,
		expectOutput: (res, c) =>
			expect(jsonOf(res)).toEqual([{ sandbox_id: c.sandboxId, deleted: true }]),
	},
	{
		name: 'file › list',
		type: 'ai302CodeSandbox',
		resource: 'file',
		operation: 'list',
		kind: 'read',
		method: 'POST',
		path: () => '/302/sandbox/file/list',
		setup: newSandbox,
		params: (c) => code('file', 'list', { sandboxId: c.sandboxId, path: '/home/user' }),
		expectOutput: (res, c) =>
			expect(jsonOf(res)).toEqual([
				{
					sandbox_id: c.sandboxId,
					path: '/home/user',
					path_type: 'directory',
					file_list: [{ name: 'in.txt', path: SANDBOX_FILE.path }],
				},
			]),
		emptyBody: {
			message: (p) =>
				`302.AI POST ${p} answered without a list (looked for "result", "files", "file_list"). Response starts: {}`,
		},
	},
	{
		name: 'file › upload',
		type: 'ai302CodeSandbox',
		resource: 'file',
		operation: 'upload',
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
		// The item carries 302.AI's answer as `result`: the write report, or {} for an empty answer.
		expectOutput: (res, c, _sim, faultRow) =>
			expect(jsonOf(res)).toEqual([
				{
					sandbox_id: c.sandboxId,
					save_path: '/home/user/up.txt',
					source: 'binary',
					file_name: 'up.txt',
					mime_type: 'text/plain',
					bytes: 24,
					result:
						faultRow.fault.type === 'empty'
							? {}
							: [{ save_path: '/home/user/up.txt', success: true, size: 24 }],
				},
			]),
	},
	{
		name: 'file › download',
		type: 'ai302CodeSandbox',
		resource: 'file',
		operation: 'download',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/sandbox/file/download',
		setup: newSandbox,
		params: (c) =>
			code('file', 'download', { sandboxId: c.sandboxId, path: '/generated/2048/fault.bin' }),
		afterSuccess: () => ['GET /files/generated/2048/fault.bin 200'],
		expectOutput: (res, c, sim) => {
			expect(jsonOf(res)).toEqual([
				{
					sandbox_id: c.sandboxId,
					path: '/generated/2048/fault.bin',
					url: `${sim.url}/files/generated/2048/fault.bin`,
				},
			]);
			expect(res.items[0].binary).toEqual({
				data: {
					data: 'filesystem-v2',
					mimeType: 'application/octet-stream',
					fileExtension: 'bin',
					fileName: 'fault.bin',
					id: expect.any(String),
					fileSize: '2.05 kB',
					bytes: 2048,
				},
			});
		},
		emptyBody: {
			message: (p) => `302.AI POST ${p} answered without any file URL. Response starts: {}`,
		},
	},
	{
		name: 'browser › create (submit)',
		type: 'ai302BrowserTask',
		operation: 'create',
		kind: 'paid',
		method: 'POST',
		path: () => '/302/browser/submit',
		params: () => ({ operation: 'create', task: QUICK_TASK, ...WAIT }),
		afterSuccess: (taskId) => [`GET /302/browser/tasks/${taskId} 200`],
		expectOutput: (res, _c, sim) => expect(jsonOf(res)).toEqual([finishedTask(createdTaskId(sim))]),
		emptyBody: {
			message: (p) => `302.AI POST ${p} answered without a task ID`,
			description:
				'The task may have been created (and billed) anyway; check your 302.AI dashboard before running again. Response starts: {}',
		},
	},
	{
		name: 'browser › create (wait: polls)',
		type: 'ai302BrowserTask',
		operation: 'create',
		kind: 'read',
		poll: true,
		method: 'GET',
		path: () => '^/302/browser/tasks/',
		params: () => ({ operation: 'create', task: QUICK_TASK, ...WAIT }),
		// A status answer without a status is one the node does not know: it says so and polls on.
		expectOutput: (res, _c, sim, faultRow) =>
			expect(jsonOf(res)).toEqual([
				finishedTask(
					createdTaskId(sim),
					faultRow.fault.type === 'empty' ? { unknown_statuses: ['(none)'] } : {},
				),
			]),
	},
	{
		name: 'browser › get',
		type: 'ai302BrowserTask',
		operation: 'get',
		kind: 'read',
		method: 'GET',
		path: (c) => `/302/browser/tasks/${c.taskId}`,
		setup: async (sim) => {
			const created = await simCall(sim, 'POST', '/302/browser/submit', { task: QUICK_TASK });
			return { taskId: created.task_id };
		},
		params: (c) => ({ operation: 'get', taskId: c.taskId, waitForCompletion: false }),
		expectOutput: (res, c) => expect(jsonOf(res)).toEqual([finishedTask(c.taskId)]),
		emptyBody: {
			message: (p) => `302.AI GET ${p} answered without a task status`,
			description: 'Response starts: {}. Try the Get operation again later.',
		},
	},
];

const burst = (status, times, headers) => ({ type: 'status', status, times, headers });
const PAID_MAY_HAVE_ARRIVED =
	'The request may have reached 302.AI, so it was not sent again (it may cost money or create something twice). Check the result on 302.AI before running again.';
const STATUS_TEXT = {
	500: ['Internal Server Error', '302.AI had an internal error. Try again later.'],
	502: ['Bad Gateway', '302.AI is temporarily unreachable (bad gateway). Try again later.'],
	503: ['Service Unavailable', '302.AI is temporarily unavailable. Try again later.'],
	504: ['Gateway Timeout', '302.AI timed out (gateway timeout). Try again later.'],
};
const gaveUp = (attempts) => (attempts > 1 ? ` Gave up after ${attempts} attempts.` : '');

/** An HTTP status fault: the node's message names the status and reason, the hint explains it. */
const statusError = (status, reason = STATUS_TEXT[status][0]) => ({
	message: (endpoint) => `302.AI ${endpoint} failed (HTTP ${status}): ${reason}`,
	description: (_kind, attempts) => `${STATUS_TEXT[status][1]}${gaveUp(attempts)}`,
});
const envelopeError = (status, errCode) => ({
	message: (endpoint) =>
		`302.AI ${endpoint} failed (HTTP ${status}, err_code ${errCode}): ${KNOWN_CODES[errCode][0]}`,
	description: () => ERR_CODE_HINTS[errCode],
});

/**
 * The faults.
 * - answer: how the faulted request shows in the simulator's log ('late': no answer in time).
 * - retried: which calls the transport sends again after it ('all', 'read' or 'none'), at most
 *   READ_ATTEMPTS times in all; `times` is how many requests in a row the fault hits.
 * - pollGoesOn: a wait polls again after the failure (it is transient for a status check).
 * - error: the exact message and description of a failure that ends the run.
 */
const FAULTS = [
	{
		name: `latency ${SLOW_MS} ms beyond the ${REQUEST_TIMEOUT_S} s request timeout`,
		fault: { type: 'latency', ms: SLOW_MS, times: 1 },
		answer: 'late',
		retried: 'read',
		pollGoesOn: true,
		error: {
			message: (endpoint) => `302.AI ${endpoint} failed: no answer within 500 ms`,
			description: () => PAID_MAY_HAVE_ARRIVED,
		},
	},
	{
		name: '429 with Retry-After: 0',
		fault: burst(429, 1, { 'Retry-After': '0' }),
		answer: 429,
		retried: 'all',
		pollGoesOn: true,
	},
	{
		name: '429 without Retry-After',
		fault: burst(429, 1),
		answer: 429,
		retried: 'all',
		pollGoesOn: true,
	},
	...[500, 502, 503, 504].flatMap((status) => [
		{
			name: `${status} x1`,
			fault: burst(status, 1),
			answer: status,
			retried: 'read',
			pollGoesOn: true,
			error: statusError(status),
		},
		// Retry-After 0 keeps the many-retries cells fast; the backoff itself is covered by x1.
		{
			name: `${status} x3 (Retry-After 0)`,
			fault: burst(status, 3, { 'Retry-After': '0' }),
			answer: status,
			retried: 'read',
			pollGoesOn: true,
			error: statusError(status),
		},
	]),
	// More failures in a row than the transport's 4 attempts: reads give up with the last error,
	// a wait keeps polling (the next poll is a new call) and still succeeds.
	{
		name: '503 x10 (beyond the 4 attempts)',
		fault: burst(503, 10, { 'Retry-After': '0' }),
		answer: 503,
		retried: 'read',
		pollGoesOn: true,
		error: statusError(503),
	},
	{
		name: 'connection reset before the body',
		fault: { type: 'reset', when: 'before-body', times: 1 },
		answer: 0,
		retried: 'read',
		pollGoesOn: true,
		error: {
			message: (endpoint) =>
				`302.AI ${endpoint} failed: the connection was closed before an answer arrived`,
			description: () => PAID_MAY_HAVE_ARRIVED,
		},
	},
	{
		name: 'connection reset after the body (work done)',
		fault: { type: 'reset', when: 'after-body', times: 1 },
		answer: 0,
		workDone: true,
		retried: 'read',
		pollGoesOn: true,
		error: {
			message: (endpoint) =>
				`302.AI ${endpoint} failed: the connection was closed before an answer arrived`,
			description: () => PAID_MAY_HAVE_ARRIVED,
		},
	},
	{
		name: 'malformed JSON (200)',
		fault: { type: 'malformed', times: 1 },
		answer: 200,
		retried: 'none',
		pollGoesOn: true,
		error: {
			message: (endpoint) => `302.AI ${endpoint} answered with a body that is not JSON`,
			description: (kind) =>
				kind === 'paid'
					? 'The response started with: {"result":. The request reached 302.AI and was probably carried out (and billed); check before running it again.'
					: 'The response started with: {"result":',
		},
	},
	{
		name: 'HTML error page (502)',
		fault: { type: 'html', status: 502, times: 1 },
		answer: 502,
		retried: 'read',
		pollGoesOn: true,
		error: statusError(502, 'HTML error page'),
	},
	{
		name: 'empty body (200)',
		fault: { type: 'empty', times: 1 },
		answer: 200,
		retried: 'none',
		pollGoesOn: true,
		emptyBody: true,
	},
	{
		name: '401 (wrong API key)',
		wrongKey: true,
		fault: { type: 'envelope', status: 401, err_code: -10002, times: 1 },
		answer: 401,
		retried: 'none',
		pollGoesOn: false,
		error: envelopeError(401, '-10002'),
	},
	...Object.keys(ERR_CODE_HINTS).map((errCode) => ({
		name: `error envelope err_code ${errCode}`,
		fault: { type: 'envelope', status: 400, err_code: Number(errCode) },
		answer: 400,
		retried: 'none',
		pollGoesOn: false,
		error: envelopeError(400, errCode),
	})),
];

/** How many requests in a row the fault answers (envelopes answer every request). */
const faultTimes = (faultRow) => faultRow.fault.times ?? Infinity;

/**
 * The exact outcome of a cell: every request in order (`METHOD path status`) and either success
 * or the error. A wait polls through every transient failure (also across the transport's
 * attempts), so all `times` faulted polls arrive and then the one that finds the task finished.
 */
function expectedCell(target, faultRow, ctx, taskId) {
	const endpointPath = target.poll ? `/302/browser/tasks/${taskId}` : target.path(ctx);
	const faulted = `${target.method} ${endpointPath} ${faultRow.answer}`;
	const retryStatus = (faultRow.workDone && target.retryAfterWorkDone) || 200;
	const ok = `${target.method} ${endpointPath} ${retryStatus}`;
	const before = target.poll ? ['POST /302/browser/submit 200'] : [];
	const endpoint = `${target.method} ${endpointPath}`;

	if (target.poll) {
		if (faultRow.pollGoesOn) {
			const log = [...before, ...Array(faultTimes(faultRow)).fill(faulted), ok];
			return { log, succeeds: true };
		}
		return { log: [...before, faulted], succeeds: false, endpoint, attempts: 1 };
	}
	const retried = faultRow.retried === 'all' || faultRow.retried === target.kind;
	const attempts = retried ? Math.min(faultTimes(faultRow), READ_ATTEMPTS) : 1;
	const log = Array(attempts).fill(faulted);
	const recovered = retried && faultTimes(faultRow) < READ_ATTEMPTS;
	const needsNothing = faultRow.emptyBody && !target.emptyBody;
	if (recovered || needsNothing) {
		if (recovered) log.push(ok);
		const nextId = target.type === 'ai302BrowserTask' && target.operation === 'create';
		return {
			log: [...log, ...(target.afterSuccess?.(nextId ? taskId : undefined) ?? [])],
			succeeds: true,
		};
	}
	return { log, succeeds: false, endpoint, attempts };
}

/**
 * The error a failed cell must show: exact message and description.
 * @param {{ endpoint?: string, attempts?: number }} expected
 */
function expectedError(target, faultRow, expected) {
	const { endpoint = '', attempts = 0 } = expected;
	if (faultRow.emptyBody) {
		const { message, description } = target.emptyBody;
		return { message: message(endpoint.split(' ')[1]), description };
	}
	return {
		message: faultRow.error.message(endpoint),
		description: faultRow.error.description(target.kind, attempts),
	};
}

/** One request as the expected log writes it; a late answer may still arrive, so it shows as 'late'. */
const logLine = (r) => `${r.method} ${r.path} ${r.fault === 'latency' ? 'late' : r.status}`;

/** Runs one cell and checks every rule. */
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
		// The table names each operation by its parameter values: they must be what is sent.
		expect([params.resource, params.operation]).toEqual([target.resource, target.operation]);
		params.options = { ...params.options, requestTimeout: REQUEST_TIMEOUT_S };
		const res = await h.runNode({
			type: target.type,
			parameters: params,
			items: target.items?.(ctx),
			credentials: {
				apiKey: faultRow.wrongKey && !target.poll ? `${KEY}-wrong` : KEY,
				baseUrl: sim.url,
			},
		});
		checkCell({ sim, target, faultRow, ctx, res });
	} finally {
		await sim.close();
	}
}

function checkCell({ sim, target, faultRow, ctx, res }) {
	// The key never appears in output, error or run data (a wrong key is a secret too).
	assertNoSecret(res.run, KEY);
	assertNoSecret(res.error ?? {}, KEY);

	const taskId = createdTaskId(sim, ctx);
	const expected = expectedCell(target, faultRow, ctx, taskId);
	expect(sim.requests.map(logLine)).toEqual(expected.log);

	// A paid call reaches the simulator again only after an answer proving nothing ran (429).
	if (target.kind === 'paid') {
		const sent = sim.requests.filter(
			(r) => r.method === target.method && r.path === target.path(ctx),
		);
		expect(sent.slice(0, -1).map((r) => r.status)).toEqual(Array(sent.length - 1).fill(429));
	}

	if (expected.succeeds) {
		expect(res.error).toBeUndefined();
		target.expectOutput(res, ctx, sim, faultRow);
	} else {
		expect(res.items).toEqual([]);
		expect({ message: res.error.message, description: res.error.description }).toEqual(
			expectedError(target, faultRow, expected),
		);
	}

	// A created task's id is never lost: once the submit answer arrived, the id is in the result.
	if (target.type === 'ai302BrowserTask' && target.operation === 'create') {
		const submitted = sim.requests.some(
			(r) => r.path === '/302/browser/submit' && r.status === 200 && !r.fault,
		);
		if (submitted) {
			const shown = res.error ? res.error.message : res.items[0].json.task_id;
			expect(shown).toContain(taskId);
		}
	}
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
