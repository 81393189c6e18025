'use strict';
// Fault cells that belong to some operations only: ids that return 404, a task stuck in
// `running`, an unknown status, a 300 KB steps array, a 10 MB stdout. Same rules as the matrix:
// a clear error naming the endpoint or task, bounded by the node's own deadline, paid calls sent
// once, the key never in any output or error, a created task's id never lost.
const {
	KEY,
	BROWSER_SCHEDULE,
	WAIT,
	simCall,
	startSimulator,
	h,
	assertNoSecret,
} = require('./faults-lib');

const GONE_SANDBOX = 'gonegonegonegonegone-00000000';
const GONE_TASK = '00000000-0000-4000-8000-000000000404';
const OPTIONS = { requestTimeout: 5 };

async function withSim(fn) {
	const sim = await startSimulator({ apiKeys: [KEY], browser: BROWSER_SCHEDULE });
	try {
		return await fn(sim);
	} finally {
		await sim.close();
	}
}

async function run(sim, type, parameters) {
	const started = Date.now();
	const res = await h.runNode({
		type,
		parameters: { ...parameters, options: { ...OPTIONS, ...parameters.options } },
		credentials: { apiKey: KEY, baseUrl: sim.url },
	});
	res.elapsedMs = Date.now() - started;
	assertNoSecret(res.run, KEY);
	assertNoSecret(res.error ?? {}, KEY);
	return res;
}
const errorText = (res) => `${res.error.message} ${res.error.description ?? ''}`;
const createdTaskId = (sim) => [...sim.tasks.keys()][0];

describe('an id that returns 404', () => {
	test.each([
		[
			'code › runInSandbox',
			'/302/sandbox/run_code',
			{ resource: 'code', operation: 'runInSandbox', language: 'bash', code: 'echo x' },
		],
		[
			'command › run',
			'/302/sandbox/command',
			{ resource: 'command', operation: 'run', command: 'echo x' },
		],
		[
			'sandbox › delete',
			`/302/sandbox/kill/${GONE_SANDBOX}`,
			{ resource: 'sandbox', operation: 'delete' },
		],
		[
			'file › list',
			'/302/sandbox/file/list',
			{ resource: 'file', operation: 'list', path: '/home/user' },
		],
		[
			'file › download',
			'/302/sandbox/file/download',
			{ resource: 'file', operation: 'download', path: '/home/user/a.txt' },
		],
	])(
		'%s on an unknown sandbox: one request, an error naming the endpoint and HTTP 404',
		async (_name, path, parameters) => {
			await withSim(async (sim) => {
				const res = await run(sim, 'ai302CodeSandbox', { ...parameters, sandboxId: GONE_SANDBOX });
				expect(errorText(res)).toMatch(new RegExp(`POST ${path} failed \\(HTTP 404`));
				expect(sim.requests.filter((r) => r.path === path)).toHaveLength(1);
			});
		},
	);

	test('browser › get of an unknown task id: an error naming the id and HTTP 404, no retry', async () => {
		await withSim(async (sim) => {
			const res = await run(sim, 'ai302BrowserTask', {
				operation: 'get',
				taskId: GONE_TASK,
				waitForCompletion: false,
			});
			expect(errorText(res)).toMatch(
				new RegExp(`GET /302/browser/tasks/${GONE_TASK} failed \\(HTTP 404`),
			);
			expect(sim.requests).toHaveLength(1);
		});
	});

	test('browser › create whose task starts answering 404 mid-wait: the error keeps the task id', async () => {
		await withSim(async (sim) => {
			sim.addFault({
				match: { method: 'GET', path: '/302/browser/tasks/' },
				type: 'envelope',
				status: 404,
				err_code: -10003,
				message: 'Task not found',
			});
			const res = await run(sim, 'ai302BrowserTask', {
				operation: 'create',
				task: 'Vanishes [sim queue=0 run=2000]',
				...WAIT,
			});
			const taskId = createdTaskId(sim);
			expect(errorText(res)).toContain(taskId);
			expect(errorText(res)).toMatch(/HTTP 404/);
			expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
		});
	});
});

describe('a task stuck in `running` forever', () => {
	test('create: a timeout error at Max Wait Time naming the task id, last status and step', async () => {
		await withSim(async (sim) => {
			const res = await run(sim, 'ai302BrowserTask', {
				operation: 'create',
				task: 'Stuck [sim queue=0 run=-1]',
				pollInterval: 0.25,
				maxWaitTime: 1,
			});
			const taskId = createdTaskId(sim);
			expect(res.error.message).toMatch(
				new RegExp(
					`Browser task ${taskId} did not finish within 1 s \\(last status "running", step \\d+\\)`,
				),
			);
			expect(res.elapsedMs).toBeLessThan(5000);
			// Bounded: no poll after the deadline (1 s after creation, plus one request in flight).
			const submit = sim.requests.find((r) => r.method === 'POST');
			expect(Math.max(...sim.requests.map((r) => r.time)) - submit.endTime).toBeLessThan(1500);
		});
	});

	test('get with wait and Return Last Status on Timeout: an item with timed_out and the id', async () => {
		await withSim(async (sim) => {
			const { task_id: taskId } = await simCall(sim, 'POST', '/302/browser/submit', {
				task: 'Stuck [sim queue=0 run=-1]',
			});
			const res = await run(sim, 'ai302BrowserTask', {
				operation: 'get',
				taskId,
				pollInterval: 0.25,
				maxWaitTime: 1,
				options: { returnOnTimeout: true },
			});
			expect(res.error).toBeUndefined();
			expect(res.items[0].json).toMatchObject({
				task_id: taskId,
				status: 'running',
				timed_out: true,
			});
		});
	});
});

describe('an unknown status', () => {
	test('reported on the item, the wait goes on until the task finishes', async () => {
		await withSim(async (sim) => {
			const res = await run(sim, 'ai302BrowserTask', {
				operation: 'create',
				task: 'Odd status [sim queue=0 run=800 status=paused]',
				...WAIT,
			});
			expect(res.error).toBeUndefined();
			expect(res.items[0].json).toMatchObject({
				task_id: createdTaskId(sim),
				status: 'finished',
				unknown_statuses: ['paused'],
			});
		});
	});

	test('forever: the timeout error names the unknown status and the task id', async () => {
		await withSim(async (sim) => {
			const res = await run(sim, 'ai302BrowserTask', {
				operation: 'create',
				task: 'Odd forever [sim queue=0 run=-1 status=paused]',
				pollInterval: 0.25,
				maxWaitTime: 1,
			});
			expect(errorText(res)).toContain(createdTaskId(sim));
			expect(errorText(res)).toMatch(/status this node does not know: paused/);
		});
	});
});

describe('large answers', () => {
	test('a 300 KB steps array: every step arrives (raw and one item per step)', async () => {
		await withSim(async (sim) => {
			const task = 'Big steps [sim queue=0 run=300 steps=30 stepBytes=10000]';
			const raw = await run(sim, 'ai302BrowserTask', {
				operation: 'create',
				task,
				...WAIT,
				options: { outputMode: 'raw' },
			});
			expect(raw.error).toBeUndefined();
			expect(raw.items[0].json.steps).toHaveLength(30);
			expect(JSON.stringify(raw.items[0].json.steps).length).toBeGreaterThanOrEqual(300_000);
			const steps = await run(sim, 'ai302BrowserTask', {
				operation: 'create',
				task,
				...WAIT,
				options: { outputMode: 'steps' },
			});
			expect(steps.items).toHaveLength(30);
		});
	});

	test.each([
		[
			'code › run',
			{
				resource: 'code',
				operation: 'run',
				language: 'bash',
				code: "head -c 10000000 /dev/zero | tr '\\0' x",
				options: { passItemData: false },
			},
		],
		[
			'command › run',
			{ resource: 'command', operation: 'run', command: "head -c 10000000 /dev/zero | tr '\\0' x" },
		],
	])('%s with a 10 MB stdout: the whole text arrives, one request', async (_name, parameters) => {
		await withSim(async (sim) => {
			const { sandbox_id: sandboxId } = await simCall(sim, 'POST', '/302/sandbox/create', {
				max_alive_time: 120,
			});
			sim.clearLog();
			const res = await run(sim, 'ai302CodeSandbox', { ...parameters, sandboxId });
			expect(res.error).toBeUndefined();
			expect(res.items[0].json.stdout).toHaveLength(10_000_000);
			expect(res.items[0].json.stdout).toBe('x'.repeat(10_000_000));
			expect(sim.requests).toHaveLength(1);
		});
	});
});
