'use strict';
// 302 Browser Task: the shared polling loop seen from the simulator's request log. Transient
// poll failures, cancellation mid-wait, several tasks polled together, poll counts, fail-fast.
// The waits run on a virtual clock (test/helpers/virtualClock.js): the node's polls, deadlines
// and the simulator's task schedules share it, so poll times and counts are exact and do not
// depend on machine load. How fast a cancel returns in wall time is a benchmark (bench/browser.js).
const h = require('../harness');
const { assertNoSecret } = require('../helpers/assertNoSecret');
const { useSimulator } = require('../helpers/useSimulator');
const { useVirtualPolling } = require('../helpers/virtualClock');

const KEY = 'sk-test-302-browser-polling';
const TYPE = 'ai302BrowserTask';
const TASKS_PATH = '/302/browser/tasks/';
const INTERVAL_MS = 250;

let sim;
let credentials;
/** Task ids that existed before the current test. */
let tasksBefore = new Set();

const virtual = useVirtualPolling();
useSimulator(
	{
		apiKeys: [KEY],
		browser: { queueMs: 100, runMs: 500, stepMs: 150 },
		now: () => virtual.clock.now(),
	},
	(started) => {
		sim = started;
		credentials = { apiKey: KEY, baseUrl: sim.url };
	},
);
beforeEach(() => {
	tasksBefore = new Set(sim.tasks.keys());
});

/** Resolves once the simulator's log satisfies `predicate` (a condition, not a time). */
async function whenLogged(predicate) {
	while (!predicate(sim.requests)) await new Promise((resolve) => setTimeout(resolve, 5));
}
/** Virtual ms (since the test's start) of every status check of one task. */
const checkTimes = (taskId) => virtual.checks.filter((c) => c.id === taskId).map((c) => c.at);
/** Most requests the simulator was handling at the same moment. */
function maxInFlight(requests) {
	const edges = requests.flatMap((r) => [
		[r.time, 1],
		[r.endTime ?? Infinity, -1],
	]);
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let now = 0;
	let most = 0;
	for (const [, step] of edges) most = Math.max(most, (now += step));
	return most;
}

const fastWait = { pollInterval: INTERVAL_MS / 1000, maxWaitTime: 20 };
const posts = () => sim.requests.filter((r) => r.method === 'POST');
const polls = (taskId) =>
	sim.requests.filter((r) => r.method === 'GET' && r.path === `${TASKS_PATH}${taskId}`);
const allPolls = () =>
	sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith(TASKS_PATH));
/** Ids of the tasks created by this test, in creation order. */
const createdIds = () => [...sim.tasks.keys()].filter((id) => !tasksBefore.has(id));

/** Creates a task without waiting for it and clears the log: the test then works with its id. */
async function submitWithoutWaiting(task) {
	const created = await h.runNode({
		type: TYPE,
		parameters: { task, waitForCompletion: false },
		credentials,
	});
	sim.clearLog();
	return created.items[0].json.task_id;
}

describe('transient failures while polling', () => {
	test.each([
		[
			'429 with Retry-After',
			{ status: 429, headers: { 'Retry-After': '0' }, times: 1 },
			[200, 429, 200, 200, 200],
		],
		['a burst of 503', { status: 503, times: 2 }, [200, 503, 503, 200, 200, 200]],
	])('%s: the wait goes on and succeeds', async (_name, fault, statuses) => {
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
		// The failed check is retried by the transport at once; the schedule goes on unchanged.
		expect(polls(taskId).map((r) => r.status)).toEqual(statuses);
		expect(checkTimes(taskId)).toEqual([250, 500, 750, 1000]);
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
		// Check 2 fails 4 times (all its attempts), check 3 once more and then succeeds.
		expect(polls(taskId).map((r) => r.status)).toEqual([200, 503, 503, 503, 503, 503, 200]);
		expect(checkTimes(taskId)).toEqual([250, 500, 750]);
	});

	test('a deadline during failing polls gives a timeout naming the last failure', async () => {
		sim.addFault({
			match: { method: 'GET', path: TASKS_PATH },
			after: 1,
			type: 'status',
			status: 503,
			headers: { 'Retry-After': '0' },
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
		expect(res.error.message).toBe(
			`Browser task ${taskId} did not finish within 1.5 s (last status "running", step 1). It may still be running on 302.AI: fetch it later with the Get operation and task ID ${taskId}.`,
		);
		expect(res.error.description).toBe(
			`Raise Max Wait Time, or turn on the option "Return Status on Timeout" to get the last status as an item with timed_out: true. The last status check failed: 302.AI GET /302/browser/tasks/${taskId} failed (HTTP 503): Service Unavailable`,
		);
		// Every interval until the deadline, the last check exactly at it; none after. Each failing
		// check is tried 4 times, except the one at the deadline: no retry passes the deadline.
		expect(checkTimes(taskId)).toEqual([250, 500, 750, 1000, 1250, 1500]);
		expect(polls(taskId).map((r) => r.status)).toEqual([200, ...Array(4 * 4 + 1).fill(503)]);
	});
});

describe('cancellation', () => {
	test('cancel during a wait stops at once: no request after the cancel, error names the task', async () => {
		let handle;
		virtual.onCheck = (count) => {
			if (count === 2) handle.cancel();
		};
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: 'Runs forever [sim queue=0 run=-1]', ...fastWait, maxWaitTime: 600 },
			credentials,
			onStart: (started) => {
				handle = started;
			},
		});
		const [taskId] = createdIds();
		expect(res.cancelledAt).toBeDefined();
		expect(res.status).toBe('canceled');
		expect(res.error.message).toBe(
			`The execution was canceled while waiting for browser task ${taskId}`,
		);
		expect(res.error.description).toContain(
			'302.AI has no endpoint to stop a browser task, so it keeps running',
		);
		// Cancelled right after the second check: no third one, and no wait left that could send it.
		expect(checkTimes(taskId)).toEqual([250, 500]);
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /302/browser/submit',
			`GET ${TASKS_PATH}${taskId}`,
			`GET ${TASKS_PATH}${taskId}`,
		]);
		expect(virtual.clock.pending()).toBe(0);
		assertNoSecret(res, KEY);
	});

	test('cancel while a status request is in flight aborts it and sends nothing more', async () => {
		sim.addFault({ match: { method: 'GET', path: TASKS_PATH }, type: 'latency', ms: 10_000 });
		const res = await h.runNode({
			type: TYPE,
			parameters: { task: 'Slow status [sim queue=0 run=-1]', ...fastWait, maxWaitTime: 600 },
			credentials,
			// Cancel once the first status request has reached the simulator (which holds it 10 s).
			onStart: (handle) => {
				whenLogged((log) => log.some((r) => r.method === 'GET')).then(() => handle.cancel());
			},
		});
		const [taskId] = createdIds();
		expect(res.status).toBe('canceled');
		expect(res.error.message).toBe(
			`The execution was canceled while waiting for browser task ${taskId}`,
		);
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /302/browser/submit',
			`GET ${TASKS_PATH}${taskId}`,
		]);
		// The request was given up, not answered: the node did not wait the 10 s for it.
		expect(polls(taskId)[0].endTime).toBeUndefined();
		expect(checkTimes(taskId)).toEqual([250]);
		expect(virtual.clock.pending()).toBe(0);
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
		onStart: (handle) => {
			whenLogged((log) => log.length === 2).then(() => handle.cancel());
		},
	});
	const [first] = createdIds();
	expect(res.status).toBe('canceled');
	expect(res.error.message).toBe(
		`The execution was canceled while creating browser tasks (created: ${first})`,
	);
	expect(res.error.description).toContain('keeps running');
	// The first submit answered, the second was still held when the node gave up: no polls.
	expect(posts().map((r) => r.status)).toEqual([200, undefined]);
	expect(allPolls()).toHaveLength(0);
	expect(virtual.checks).toEqual([]);
	// The simulator still holds the second submit (3 s latency) and creates its task when the
	// latency ends: let that happen here, not during the next test, whose task count it would spoil.
	await whenLogged((log) => log.every((r) => r.endTime !== undefined));
	expect(sim.requests).toHaveLength(2);
});

describe('several items', () => {
	// Finish times (queue 100 ms + run): 1600, 400, 1300, 700, 950 ms, none on a poll's moment.
	const RUNS = [1500, 300, 1200, 600, 850];

	test('five tasks: all created first, polled together, each polled a bounded number of times', async () => {
		const items = RUNS.map((ms, i) => ({
			json: { text: `Task ${i} [sim queue=100 run=${ms} step=100]` },
		}));
		const res = await h.runNode({
			type: TYPE,
			// A high request budget keeps the checks of one round within a few virtual ms.
			parameters: { task: '={{ $json.text }}', ...fastWait, options: { maxPollRate: 1000 } },
			credentials,
			items,
		});
		expect(res.error).toBeUndefined();
		const ids = createdIds();
		expect(ids).toHaveLength(5);

		// Every task is created before any status check (they were all created at the start).
		expect(ids.map((id) => sim.tasks.get(id).createdAt)).toEqual(Array(5).fill(virtual.startedAt));

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

		// Each task is polled every 250 ms until the first poll after its finish, no more.
		expect(idOfItem.map((id) => polls(id).length)).toEqual([7, 2, 6, 3, 4]);
		// All together take as long as the slowest (seen at 1750 ms), not the sum (5.1 s).
		const lastCheck = Math.max(...virtual.checks.map((c) => c.at));
		// The first round: one check per task, 1 ms apart (the request budget at 1000 per second).
		expect(virtual.checks.slice(0, 5).map((c) => c.at)).toEqual([250, 251, 252, 253, 254]);
		expect(lastCheck).toBe(1750);
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
		// Two at once (each held 200 ms), never three: the next starts only after one answered.
		expect(posts()).toHaveLength(4);
		expect(maxInFlight(posts())).toBe(2);
		const [a, b, c, d] = posts();
		expect(c.time).toBeGreaterThanOrEqual(Math.min(a.endTime, b.endTime));
		expect(d.time).toBeGreaterThanOrEqual(Math.min(a.endTime, b.endTime));
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
		// Good and Bad end at 300 ms (seen at 500); Slow is checked up to its 1 s deadline.
		expect(res.items.map((i) => polls(i.json.task_id).length)).toEqual([2, 2, 4]);
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
		// The second check of a round waits 20 ms for the request budget (50 per second). The wait
		// stopped at the failure (seen at 520 ms): the endless task was not checked after it.
		expect(checkTimes(forever)).toEqual([250, 500]);
		expect(checkTimes(failing)).toEqual([270, 520]);
		expect(virtual.clock.pending()).toBe(0);
	});

	test('continue-on-fail: an unknown task id fails alone, the other task is still waited for', async () => {
		const taskId = await submitWithoutWaiting('Real [sim queue=0 run=500]');
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
		// Get checks at once (20 ms after the other item's check: the request budget), then every
		// 250 ms: the task ends at 500 ms.
		expect(checkTimes('missing-task')).toEqual([0]);
		expect(checkTimes(taskId)).toEqual([20, 270, 520]);
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
		const taskId = await submitWithoutWaiting('Shared [sim queue=0 run=500]');
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
		// One check per interval for both items together, not one each.
		expect(checkTimes(taskId)).toEqual([0, 250, 500]);
		expect(polls(taskId)).toHaveLength(3);
	});
});
