'use strict';
// 302 Browser Task through n8n-core: the Poll Schedule and Max Polls per Second options
// reach the shared polling loop. Only lower bounds on real time are asserted (a sleep is never
// shorter than asked), so a slow machine cannot make these fail.
const h = require('../harness');
const { pollDelay } = require('../../dist/nodes/shared/transport');
const { useSimulator } = require('../helpers/useSimulator');

const KEY = 'sk-test-302-browser-pacing';
const TYPE = 'ai302BrowserTask';
const TASKS_PATH = '/302/browser/tasks/';

let sim;
let credentials;
useSimulator({ apiKeys: [KEY], browser: { queueMs: 0, runMs: 500, stepMs: 150 } }, (started) => {
	sim = started;
	credentials = { apiKey: KEY, baseUrl: sim.url };
});

const pollsOf = (taskId) =>
	sim.requests.filter((r) => r.method === 'GET' && r.path === `${TASKS_PATH}${taskId}`);
const allPolls = () =>
	sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith(TASKS_PATH));

test("default (adaptive): every pause is at least the schedule for the task's age; late pauses exceed the interval", async () => {
	const res = await h.runNode({
		type: TYPE,
		parameters: { task: 'Adaptive [sim queue=0 run=4500]', pollInterval: 0.25, maxWaitTime: 30 },
		credentials,
	});
	expect(res.error).toBeUndefined();
	const taskId = res.items[0].json.task_id;
	const task = sim.tasks.get(taskId);
	const times = pollsOf(taskId).map((r) => r.time);
	for (let i = 1; i < times.length; i++) {
		// The node counts the age from before its submit, so its pause is at least this long.
		expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(
			pollDelay('adaptive', 250, times[i - 1] - task.createdAt) - 2,
		);
	}
	// At an age of 3 s and more, 15 % of the age is 450 ms or more: well above the 250 ms interval.
	const late = times.filter((t) => t - task.createdAt >= 3000);
	expect(late.length).toBeGreaterThanOrEqual(1);
	expect(times.at(-1) - times.at(-2)).toBeGreaterThanOrEqual(440);
	expect(res.items[0].json.status).toBe('finished');
});

test('Poll Schedule "Fixed" keeps the interval (every pause at least 250 ms) and finishes the same', async () => {
	const res = await h.runNode({
		type: TYPE,
		parameters: {
			task: 'Fixed [sim queue=0 run=1500]',
			pollInterval: 0.25,
			maxWaitTime: 30,
			options: { pollSchedule: 'fixed' },
		},
		credentials,
	});
	expect(res.error).toBeUndefined();
	const times = pollsOf(res.items[0].json.task_id).map((r) => r.time);
	for (let i = 1; i < times.length; i++)
		expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(248);
	expect(res.items[0].json.status).toBe('finished');
});

test.each([
	[
		'options.pollSchedule',
		{ pollSchedule: 'sometimes' },
		/Parameter "options\.pollSchedule" must be adaptive or fixed \(got "sometimes"\)/,
	],
	[
		'options.maxPollRate',
		{ maxPollRate: 0 },
		/Parameter "options\.maxPollRate" must be a number at least 0\.1 and at most 1000 \(got 0\)/,
	],
])('a bad %s is refused before any request', async (_name, options, message) => {
	const res = await h.runNode({ type: TYPE, parameters: { task: 'x', options }, credentials });
	expect(res.error.message).toMatch(message);
	expect(sim.requests).toHaveLength(0);
});

test('Max Polls per Second: 6 tasks at 2 per second, status checks spaced out (the exact spacing is tested on a virtual clock)', async () => {
	const items = Array.from({ length: 6 }, (_, i) => ({ json: { n: i } }));
	const res = await h.runNode({
		type: TYPE,
		parameters: {
			task: '=Rate {{ $json.n }} [sim queue=0 run=600]',
			pollInterval: 0.25,
			maxWaitTime: 60,
			options: { maxPollRate: 2, pollSchedule: 'fixed' },
		},
		items,
		credentials,
	});
	expect(res.error).toBeUndefined();
	expect(res.items.map((item) => item.json.status)).toEqual(Array(6).fill('finished'));
	const times = allPolls()
		.map((r) => r.time)
		.sort((a, b) => a - b);
	expect(times.length).toBeGreaterThanOrEqual(6);
	// 500 ms apart by the budget; the margin absorbs when the simulator logs each arrival (without
	// the budget the six first checks would arrive together, a few ms apart).
	for (let i = 1; i < times.length; i++)
		expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(400);
});

test("a 429 with Retry-After on one task's poll pauses the status checks of every task", async () => {
	const items = Array.from({ length: 4 }, (_, i) => ({ json: { n: i } }));
	sim.addFault({
		match: { method: 'GET', path: TASKS_PATH },
		after: 6,
		times: 1,
		type: 'status',
		status: 429,
		headers: { 'Retry-After': '1' },
	});
	const res = await h.runNode({
		type: TYPE,
		parameters: {
			task: '=Pause {{ $json.n }} [sim queue=0 run=2500]',
			pollInterval: 0.25,
			maxWaitTime: 60,
			options: { pollSchedule: 'fixed' },
		},
		items,
		credentials,
	});
	expect(res.error).toBeUndefined();
	const polls = allPolls();
	const limited = polls.find((r) => r.status === 429);
	expect(limited).toBeDefined();
	// Checks of the other 3 tasks that had already started when the 429 came back may still
	// arrive; none starts after it. Without the pause: 4 tasks x 4 checks a second.
	const during = polls.filter(
		(r) => r !== limited && r.time >= limited.time && r.time < limited.time + 990,
	);
	expect(during.length).toBeLessThanOrEqual(3);
	expect(new Set(during.map((r) => r.path)).size).toBe(during.length);
	expect(res.items.map((item) => item.json.status)).toEqual(Array(4).fill('finished'));
});
