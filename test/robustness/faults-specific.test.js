'use strict';
// Fault cells that belong to some operations only: ids that return 404, a task stuck in
// `running`, an unknown status, a 300 KB steps array, a 10 MB stdout. Same rules as the matrix:
// the exact request log, the exact error naming the endpoint or task, paid calls sent once, the
// key never in any output or error, a created task's id never lost. (That a wait never polls past
// its deadline is a matter of time: test/browser-task/browser-task-polling.test.js checks it on
// the virtual clock.)
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
	const res = await h.runNode({
		type,
		parameters: { ...parameters, options: { ...OPTIONS, ...parameters.options } },
		credentials: { apiKey: KEY, baseUrl: sim.url },
	});
	assertNoSecret(res.run, KEY);
	assertNoSecret(res.error ?? {}, KEY);
	return res;
}
const createdTaskId = (sim) => [...sim.tasks.keys()][0];
const requestLog = (sim) => sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
const notFound = (endpoint, what) =>
	`302.AI ${endpoint} failed (HTTP 404, err_code -10003): ${what} not found`;

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
				expect(res.error.message).toBe(notFound(`POST ${path}`, `Sandbox '${GONE_SANDBOX}'`));
				expect(requestLog(sim)).toEqual([`POST ${path} 404`]);
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
			expect(res.error.message).toBe(
				notFound(`GET /302/browser/tasks/${GONE_TASK}`, `Task '${GONE_TASK}'`),
			);
			expect(requestLog(sim)).toEqual([`GET /302/browser/tasks/${GONE_TASK} 404`]);
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
			expect(res.error.message).toBe(
				`302.AI GET /302/browser/tasks/${taskId} failed (HTTP 404, err_code -10003): Task not found`,
			);
			// 404 is final: the first poll ends the wait, nothing is sent again.
			expect(requestLog(sim)).toEqual([
				'POST /302/browser/submit 200',
				`GET /302/browser/tasks/${taskId} 404`,
			]);
		});
	});
});

describe('a task stuck in `running` forever', () => {
	test('create: a timeout error at Max Wait Time naming the task id, last status and step', async () => {
		await withSim(async (sim) => {
			const res = await run(sim, 'ai302BrowserTask', {
				operation: 'create',
				// Steps of 1000 s: the task stays at step 0 for the whole wait.
				task: 'Stuck [sim queue=0 run=-1 step=1000000]',
				pollInterval: 0.25,
				maxWaitTime: 1,
			});
			const taskId = createdTaskId(sim);
			expect(res.error.message).toBe(
				`Browser task ${taskId} did not finish within 1 s (last status "running", step 0). It may still be running on 302.AI: fetch it later with the Get operation and task ID ${taskId}.`,
			);
			expect(res.error.description).toBe(
				'Raise Max Wait Time, or turn on the option "Return Status on Timeout" to get the last status as an item with timed_out: true.',
			);
			// One submit, then only status checks of that task, every one answered "running".
			const [submit, ...polls] = requestLog(sim);
			expect(submit).toBe('POST /302/browser/submit 200');
			expect(new Set(polls)).toEqual(new Set([`GET /302/browser/tasks/${taskId} 200`]));
		});
	});

	test('get with wait and Return Last Status on Timeout: an item with timed_out and the id', async () => {
		await withSim(async (sim) => {
			const { task_id: taskId } = await simCall(sim, 'POST', '/302/browser/submit', {
				task: 'Stuck [sim queue=0 run=-1 step=1000000]',
			});
			const res = await run(sim, 'ai302BrowserTask', {
				operation: 'get',
				taskId,
				pollInterval: 0.25,
				maxWaitTime: 1,
				options: { returnOnTimeout: true },
			});
			expect(res.error).toBeUndefined();
			expect(res.items[0].json).toEqual({
				task_id: taskId,
				status: 'running',
				is_successful: null,
				result_json: null,
				result: null,
				current_step: 0,
				step_count: 0,
				done_text: null,
				extracted_content: [],
				elapsed_seconds: expect.any(Number),
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
			const taskId = createdTaskId(sim);
			expect(res.items[0].json).toMatchObject({
				task_id: taskId,
				status: 'finished',
				is_successful: true,
				result: 'Simulated result for: Odd status',
				unknown_statuses: ['paused'],
			});
			const [submit, ...polls] = requestLog(sim);
			expect(submit).toBe('POST /302/browser/submit 200');
			expect(new Set(polls)).toEqual(new Set([`GET /302/browser/tasks/${taskId} 200`]));
		});
	});

	test('forever: the timeout error names the unknown status and the task id', async () => {
		await withSim(async (sim) => {
			const res = await run(sim, 'ai302BrowserTask', {
				operation: 'create',
				task: 'Odd forever [sim queue=0 run=-1 status=paused step=1000000]',
				pollInterval: 0.25,
				maxWaitTime: 1,
			});
			const taskId = createdTaskId(sim);
			expect(res.error.message).toBe(
				`Browser task ${taskId} did not finish within 1 s (last status "paused", step 0). It may still be running on 302.AI: fetch it later with the Get operation and task ID ${taskId}.`,
			);
			expect(res.error.description).toBe(
				'Raise Max Wait Time, or turn on the option "Return Status on Timeout" to get the last status as an item with timed_out: true. 302.AI reported a status this node does not know: paused.',
			);
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
			const rawSteps = raw.items[0].json.steps;
			expect(rawSteps.map((step) => step.step)).toEqual(
				Array.from({ length: 30 }, (_, i) => i + 1),
			);
			expect(JSON.stringify(rawSteps).length).toBeGreaterThanOrEqual(300_000);
			const steps = await run(sim, 'ai302BrowserTask', {
				operation: 'create',
				task,
				...WAIT,
				options: { outputMode: 'steps' },
			});
			// One item per step, the same steps in the same order.
			expect(steps.items.map((item) => item.json.step)).toEqual(rawSteps.map((step) => step.step));
		});
	});

	test.each([
		[
			'code › run',
			'/302/sandbox/direct_run_code',
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
			'/302/sandbox/command',
			{ resource: 'command', operation: 'run', command: "head -c 10000000 /dev/zero | tr '\\0' x" },
		],
	])(
		'%s with a 10 MB stdout: the whole text arrives, one request',
		async (_name, endpoint, parameters) => {
			await withSim(async (sim) => {
				const { sandbox_id: sandboxId } = await simCall(sim, 'POST', '/302/sandbox/create', {
					max_alive_time: 120,
				});
				sim.clearLog();
				const res = await run(sim, 'ai302CodeSandbox', { ...parameters, sandboxId });
				expect(res.error).toBeUndefined();
				expect(res.items[0].json.stdout).toHaveLength(10_000_000);
				expect(res.items[0].json.stdout).toBe('x'.repeat(10_000_000));
				expect(requestLog(sim)).toEqual([`POST ${endpoint} 200`]);
			});
		},
	);
});
