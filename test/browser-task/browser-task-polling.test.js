'use strict';
// 302 Browser Task: the shared polling loop seen from the simulator's request log. Transient
// poll failures, cancellation mid-wait, several tasks polled together, poll counts, fail-fast.
const { setTimeout: delay } = require('node:timers/promises');

const h = require('../harness');
const { assertNoSecret } = require('../helpers/assertNoSecret');
const { useSimulator } = require('../helpers/useSimulator');

const KEY = 'sk-test-302-browser-polling';
const TYPE = 'ai302BrowserTask';
const TASKS_PATH = '/302/browser/tasks/';
const INTERVAL_MS = 250;

let sim;
let credentials;
/** Task ids that existed before the current test. */
let tasksBefore = new Set();

useSimulator({ apiKeys: [KEY], browser: { queueMs: 100, runMs: 500, stepMs: 150 } }, (started) => {
	sim = started;
	credentials = { apiKey: KEY, baseUrl: sim.url };
});
beforeEach(() => {
	tasksBefore = new Set(sim.tasks.keys());
});

const fastWait = { pollInterval: INTERVAL_MS / 1000, maxWaitTime: 20 };
const posts = () => sim.requests.filter((r) => r.method === 'POST');
const polls = (taskId) =>
	sim.requests.filter((r) => r.method === 'GET' && r.path === `${TASKS_PATH}${taskId}`);
const allPolls = () =>
	sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith(TASKS_PATH));
/** Ids of the tasks created by this test, in creation order. */
const createdIds = () => [...sim.tasks.keys()].filter((id) => !tasksBefore.has(id));
const finishTime = (taskId) => {
	const t = sim.tasks.get(taskId);
	return t.createdAt + t.queueMs + t.runMs;
};

describe('transient failures while polling', () => {
	test.each([
		['429 with Retry-After', { status: 429, headers: { 'Retry-After': '0' }, times: 1 }],
		['a burst of 503', { status: 503, times: 2 }],
	])('%s: the wait goes on and succeeds', async (_name, fault) => {
		const { times, ...rest } = fault;
		sim.addFault({
			match: { method: 'GET', path: TASKS_PATH },
			after: 1,
			times,
			type: 'status',
			...rest,
		});
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: 'Survive errors [sim queue=0 run=900]', ...fastWait },
			credentials,
		});
		expect(res.error).toBeUndefined();
		const [taskId] = createdIds();
		expect(res.items[0].json).toMatchObject({
			task_id: taskId,
			status: 'finished',
			is_successful: true,
		});
		const statuses = polls(taskId).map((r) => r.status);
		expect(statuses.filter((s) => s === rest.status)).toHaveLength(times);
		expect(statuses[0]).toBe(200);
		expect(statuses[statuses.length - 1]).toBe(200);
		expect(posts()).toHaveLength(1);
	});

	test('failures that outlast the transport retries keep the task pending until it finishes', async () => {
		// 5 x 503 in a row: more than the transport's 4 attempts of one poll (Retry-After 0 keeps it quick).
		sim.addFault({
			match: { method: 'GET', path: TASKS_PATH },
			after: 1,
			times: 5,
			type: 'status',
			status: 503,
			headers: { 'Retry-After': '0' },
		});
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: 'Flaky status [sim queue=0 run=300]', ...fastWait },
			credentials,
		});
		expect(res.error).toBeUndefined();
		expect(res.items[0].json.status).toBe('finished');
		const [taskId] = createdIds();
		expect(polls(taskId).filter((r) => r.status === 503)).toHaveLength(5);
	}, 30_000);

	test('a deadline during failing polls gives a timeout naming the last failure', async () => {
		sim.addFault({
			match: { method: 'GET', path: TASKS_PATH },
			after: 1,
			type: 'status',
			status: 503,
		});
		const res = await h.runNode({
			type: TYPE,
			parameters: {
				task: 'Never answers [sim queue=0 run=-1]',
				pollInterval: 0.25,
				maxWaitTime: 1.5,
			},
			credentials,
		});
		const [taskId] = createdIds();
		expect(res.error.message).toContain(`Browser task ${taskId} did not finish within 1.5 s`);
		expect(res.error.description).toContain('The last status check failed: 302.AI GET');
		expect(res.error.description).toContain('HTTP 503');
		// Retry waits never pass the deadline: the last request starts before it.
		const last = allPolls().pop().time;
		expect(last - posts()[0].time).toBeLessThan(1500 + 1000);
	}, 30_000);
});

describe('cancellation', () => {
	test('cancel during a wait stops at once: no request after the cancel, error names the task', async () => {
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: 'Runs forever [sim queue=0 run=-1]', ...fastWait, maxWaitTime: 600 },
			credentials,
			cancelAfterMs: 900,
		});
		const endedAt = Date.now();
		const [taskId] = createdIds();
		expect(res.cancelledAt).toBeDefined();
		expect(res.status).toBe('canceled');
		expect(res.error.message).toContain(
			`The execution was canceled while waiting for browser task ${taskId}`,
		);
		expect(res.error.description).toContain(
			'302.AI has no endpoint to stop a browser task, so it keeps running',
		);
		expect(polls(taskId).length).toBeGreaterThanOrEqual(2);
		// The node returned promptly (not after the 600 s max wait).
		expect(endedAt - res.cancelledAt).toBeLessThan(2000);
		// Wait a few intervals: nothing more may arrive. One request may have been in flight.
		await delay(4 * INTERVAL_MS);
		const afterCancel = sim.requests.filter((r) => r.time > res.cancelledAt);
		expect(afterCancel.length).toBeLessThanOrEqual(1);
		assertNoSecret(res, KEY);
	});

	test('cancel while a status request is in flight aborts it and sends nothing more', async () => {
		sim.addFault({ match: { method: 'GET', path: TASKS_PATH }, type: 'latency', ms: 3000 });
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: 'Slow status [sim queue=0 run=-1]', ...fastWait, maxWaitTime: 600 },
			credentials,
			cancelAfterMs: 800,
		});
		const endedAt = Date.now();
		const [taskId] = createdIds();
		expect(res.error.message).toContain(taskId);
		expect(endedAt - res.cancelledAt).toBeLessThan(2000);
		await delay(500);
		expect(sim.requests.filter((r) => r.time > res.cancelledAt)).toHaveLength(0);
		expect(polls(taskId)).toHaveLength(1);
	});
});

test('cancel while tasks are being created names those created and sends nothing more', async () => {
	// The second create is slow: cancel arrives while it is on its way.
	sim.addFault({
		match: { method: 'POST', path: '/302/browser/submit' },
		after: 1,
		type: 'latency',
		ms: 3000,
	});
	const items = [
		{ json: { text: 'First [sim queue=0 run=-1]' } },
		{ json: { text: 'Second [sim queue=0 run=-1]' } },
	];
	const res = await h.runNode({
		type: TYPE,
		parameters: { task: '={{ $json.text }}', ...fastWait, options: { concurrency: 1 } },
		credentials,
		items,
		cancelAfterMs: 600,
	});
	const [first] = createdIds();
	expect(res.status).toBe('canceled');
	expect(res.error.message).toBe(
		`The execution was canceled while creating browser tasks (created: ${first})`,
	);
	expect(res.error.description).toContain('keeps running');
	await delay(500);
	expect(sim.requests.filter((r) => r.time > res.cancelledAt)).toHaveLength(0);
	expect(allPolls()).toHaveLength(0);
	// The simulator still holds the second submit (3 s latency) and creates its task when the
	// latency ends: let that happen here, not during the next test, whose task count it would spoil.
	for (let waited = 0; posts().some((r) => r.endTime === undefined) && waited < 5000; waited += 100)
		await delay(100);
});

describe('several items', () => {
	const RUNS = [1500, 300, 1200, 600, 900];

	test('five tasks: all created first, polled together, each polled a bounded number of times', async () => {
		const items = RUNS.map((ms, i) => ({
			json: { text: `Task ${i} [sim queue=100 run=${ms} step=100]` },
		}));
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: '={{ $json.text }}', ...fastWait },
			credentials,
			items,
		});
		expect(res.error).toBeUndefined();
		const ids = createdIds();
		expect(ids).toHaveLength(5);

		// Every task is created before the first one finishes.
		const lastCreate = Math.max(...posts().map((r) => r.time));
		expect(lastCreate).toBeLessThan(Math.min(...ids.map(finishTime)));

		// Output order is input order, each item paired with its input.
		expect(res.items).toHaveLength(5);
		res.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.status).toBe('finished');
			expect(item.json.result).toBe(`Simulated result for: Task ${i}`);
		});
		const idOfItem = res.items.map((item) => item.json.task_id);
		expect(new Set(idOfItem).size).toBe(5);

		// Polls interleave: every task gets its first poll before any task gets its second.
		const order = allPolls().map((r) => r.path.slice(TASKS_PATH.length));
		const firstPolls = order.slice(0, 5);
		expect(new Set(firstPolls).size).toBe(5);
		// ...and the slowest task's polls are interleaved with the others' while they run.
		const slowest = idOfItem[0];
		const slowPollIndexes = order.flatMap((id, index) => (id === slowest ? [index] : []));
		const between = order.slice(slowPollIndexes[0], slowPollIndexes[slowPollIndexes.length - 1]);
		expect(new Set(between).size).toBe(5);

		// Polls per task <= ceil(duration / interval) + 2.
		for (const id of idOfItem) {
			const t = sim.tasks.get(id);
			expect(polls(id).length).toBeLessThanOrEqual(
				Math.ceil((t.queueMs + t.runMs) / INTERVAL_MS) + 2,
			);
		}
		// All together take about as long as the slowest, far less than the sum (5.1 s).
		const lastPoll = Math.max(...allPolls().map((r) => r.time));
		expect(lastPoll - posts()[0].time).toBeLessThan(1600 + 1500);
	});

	test('creates run at most Concurrency at a time', async () => {
		sim.addFault({
			match: { method: 'POST', path: '/302/browser/submit' },
			type: 'latency',
			ms: 200,
		});
		const items = [0, 1, 2, 3].map((i) => ({ json: { text: `Task ${i} [sim queue=0 run=100]` } }));
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: '={{ $json.text }}', ...fastWait, options: { concurrency: 2 } },
			credentials,
			items,
		});
		expect(res.error).toBeUndefined();
		const times = posts()
			.map((r) => r.time)
			.sort((a, b) => a - b);
		// Two start together, the next two only after the first answers (200 ms latency).
		expect(times[1] - times[0]).toBeLessThan(150);
		expect(times[2] - times[0]).toBeGreaterThanOrEqual(150);
	});

	test('continue-on-fail: finished, fail and timeout side by side, each item keeps its task id', async () => {
		const items = [
			{ json: { text: 'Good [sim queue=0 run=300]' } },
			{ json: { text: 'Bad [sim queue=0 run=300 outcome=fail]' } },
			{ json: { text: 'Slow [sim queue=0 run=-1]' } },
		];
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: '={{ $json.text }}', pollInterval: 0.25, maxWaitTime: 1 },
			credentials,
			items,
			continueOnFail: true,
		});
		expect(res.error).toBeUndefined();
		const ids = createdIds();
		expect(ids).toHaveLength(3);
		expect(res.items.map((i) => i.pairedItem.item)).toEqual([0, 1, 2]);
		expect(res.items[0].json).toMatchObject({ status: 'finished' });
		expect(res.items[0].json).not.toHaveProperty('error');
		expect(res.items[1].json).toMatchObject({ status: 'fail', timed_out: false });
		expect(res.items[1].json.error).toContain('failed at step');
		expect(res.items[2].json).toMatchObject({ status: 'running', timed_out: true });
		expect(res.items[2].json.error).toContain('did not finish within 1 s');
		expect(new Set(res.items.map((i) => i.json.task_id))).toEqual(new Set(ids));
		expect(res.items.map((i) => sim.tasks.get(i.json.task_id).task.split(' ')[0])).toEqual([
			'Good',
			'Bad',
			'Slow',
		]);
	});

	test('without continue-on-fail the first failed task ends the wait and names the tasks still running', async () => {
		const items = [
			{ json: { text: 'Forever [sim queue=0 run=-1]' } },
			{ json: { text: 'Fails fast [sim queue=0 run=300 outcome=fail]' } },
		];
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: '={{ $json.text }}', ...fastWait, maxWaitTime: 600 },
			credentials,
			items,
		});
		const idFor = (text) => createdIds().find((id) => sim.tasks.get(id).task.startsWith(text));
		const forever = idFor('Forever');
		const failing = idFor('Fails fast');
		expect(res.error.message).toContain(`Browser task ${failing} failed`);
		expect(res.error.message).not.toMatch(/\[item \d+\]/);
		expect(res.error.context.itemIndex).toBe(1);
		expect(res.error.description).toContain(`keep running on 302.AI`);
		expect(res.error.description).toContain(`${forever} (item 0)`);
		// The wait stopped at the failure: no poll of the endless task long after it.
		const failedSeen = polls(failing).pop().time;
		expect(polls(forever).every((r) => r.time <= failedSeen + 150)).toBe(true);
	});

	test('continue-on-fail: an unknown task id fails alone, the other task is still waited for', async () => {
		const created = await h.runNode({
			type: TYPE,
			parameters: { task: 'Real [sim queue=0 run=500]', waitForCompletion: false },
			credentials,
		});
		const taskId = created.items[0].json.task_id;
		sim.clearLog();
		const res = await h.runNode({
			type: TYPE,
			parameters: { operation: 'get', taskId: '={{ $json.id }}', ...fastWait },
			credentials,
			items: [{ json: { id: 'missing-task' } }, { json: { id: taskId } }],
			continueOnFail: true,
		});
		expect(res.error).toBeUndefined();
		expect(res.items[0].json.task_id).toBe('missing-task');
		expect(res.items[0].json.error).toContain(
			'GET /302/browser/tasks/missing-task failed (HTTP 404',
		);
		expect(res.items[1].json).toMatchObject({ task_id: taskId, status: 'finished' });
		expect(polls('missing-task')).toHaveLength(1);
		expect(polls(taskId).length).toBeGreaterThanOrEqual(2);
	});

	test('a failed create: an error item with continue-on-fail, the other task still runs', async () => {
		sim.addFault({
			match: { method: 'POST', path: '/302/browser/submit' },
			after: 1,
			times: 1,
			type: 'envelope',
			status: 402,
			err_code: -10004,
			message: 'Insufficient balance',
		});
		const items = [
			{ json: { text: 'Paid [sim queue=0 run=300]' } },
			{ json: { text: 'Unpaid [sim queue=0 run=300]' } },
		];
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: '={{ $json.text }}', ...fastWait, options: { concurrency: 1 } },
			credentials,
			items,
			continueOnFail: true,
		});
		expect(res.error).toBeUndefined();
		expect(res.items[0].json).toMatchObject({
			status: 'finished',
			result: 'Simulated result for: Paid',
		});
		expect(res.items[1].json).toEqual({
			error: expect.stringContaining(
				'POST /302/browser/submit failed (HTTP 402, err_code -10004): Insufficient balance',
			),
			description: expect.stringContaining('Insufficient account balance. Top up'),
			// The same API fields as the Code Sandbox's error items.
			httpCode: '402',
			endpoint: 'POST /302/browser/submit',
			errCode: -10004,
		});
		expect(posts()).toHaveLength(2); // the paid call is not resent
	});

	test('a failed create without continue-on-fail fails at once and names the task already created', async () => {
		sim.addFault({
			match: { method: 'POST', path: '/302/browser/submit' },
			after: 1,
			times: 1,
			type: 'envelope',
			status: 402,
			err_code: -10004,
			message: 'Insufficient balance',
		});
		const items = [0, 1, 2].map((i) => ({ json: { text: `Task ${i} [sim queue=0 run=-1]` } }));
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: '={{ $json.text }}', ...fastWait, options: { concurrency: 1 } },
			credentials,
			items,
		});
		const [first] = createdIds();
		expect(res.error.name).toBe('NodeApiError');
		expect(res.error.message).toContain('Insufficient balance');
		expect(res.error.description).toContain(`${first} (item 0)`);
		expect(posts()).toHaveLength(2); // no further paid task after the failure
		expect(allPolls()).toHaveLength(0); // and no waiting
	});

	test('two items with the same task id share their polls', async () => {
		const created = await h.runNode({
			type: TYPE,
			parameters: { task: 'Shared [sim queue=0 run=500]', waitForCompletion: false },
			credentials,
		});
		const taskId = created.items[0].json.task_id;
		sim.clearLog();
		const res = await h.runNode({
			type: TYPE,
			parameters: { operation: 'get', taskId: '={{ $json.id }}', ...fastWait },
			credentials,
			items: [{ json: { id: taskId } }, { json: { id: taskId } }],
		});
		expect(res.items.map((i) => [i.json.task_id, i.json.status, i.pairedItem.item])).toEqual([
			[taskId, 'finished', 0],
			[taskId, 'finished', 1],
		]);
		const times = polls(taskId).map((r) => r.time);
		for (let i = 1; i < times.length; i++)
			expect(times[i] - times[i - 1]).toBeGreaterThan(INTERVAL_MS - 50);
	});
});
