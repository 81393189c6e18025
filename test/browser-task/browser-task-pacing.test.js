'use strict';
// 302 Browser Task through n8n-core: the Poll Schedule and Max Polls per Second options
// reach the shared polling loop. The waits run on a virtual clock (test/helpers/virtualClock.js)
// shared by the node and the simulator, so every pause is checked exactly, not with margins.
const h = require('../harness');
const { pollDelay } = require('../../dist/nodes/shared/transport');
const { useSimulator } = require('../helpers/useSimulator');
const { useVirtualPolling } = require('../helpers/virtualClock');

const KEY = 'sk-test-302-browser-pacing';
const TYPE = 'ai302BrowserTask';
const TASKS_PATH = '/302/browser/tasks/';
const MINUTE = 60_000;

let sim;
let credentials;
const virtual = useVirtualPolling();
useSimulator(
	{
		apiKeys: [KEY],
		browser: { queueMs: 0, runMs: 500, stepMs: 150 },
		now: () => virtual.clock.now(),
	},
	(started) => {
		sim = started;
		credentials = { apiKey: KEY, baseUrl: sim.url };
	},
);

const allPolls = () =>
	sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith(TASKS_PATH));
const gaps = (times) => times.slice(1).map((t, i) => t - times[i]);

test("default (adaptive): every pause is the schedule for the task's age, growing to the 30 s cap", async () => {
	const res = await h.runNode({
		type: TYPE,
		parameters: {
			task: 'Adaptive [sim queue=0 run=600000]',
			pollInterval: 0.25,
			maxWaitTime: 1200,
		},
		credentials,
	});
	expect(res.error).toBeUndefined();
	expect(res.items[0].json.status).toBe('finished');
	const times = virtual.checks.map((c) => c.at);
	// The task's age counts from just before its submit, which is the virtual start.
	expect(gaps([0, ...times])).toEqual(
		times.map((_, i) => pollDelay('adaptive', 250, i === 0 ? 0 : times[i - 1])),
	);
	// 250 ms while 15 % of the age is less (the first 1.67 s), then growing, at most 30 s.
	expect(gaps(times).slice(0, 6)).toEqual([250, 250, 250, 250, 250, 250]);
	expect(Math.max(...gaps(times))).toBe(30_000);
	// The task ends at 10 minutes and is seen at most 30 s later, after far fewer polls than 2400.
	const last = times.at(-1) ?? NaN;
	expect(last).toBeGreaterThanOrEqual(10 * MINUTE);
	expect(last - 10 * MINUTE).toBeLessThanOrEqual(30_000);
	expect(allPolls()).toHaveLength(times.length);
	expect(times.length).toBeLessThan(60);
});

test('Poll Schedule "Fixed" keeps the interval (every pause exactly 250 ms) and finishes the same', async () => {
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
	expect(res.items[0].json.status).toBe('finished');
	// The first check one interval after the submit, then every 250 ms until the 1.5 s finish.
	expect(virtual.checks.map((c) => c.at)).toEqual([250, 500, 750, 1000, 1250, 1500]);
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

test('Max Polls per Second: 6 tasks at 2 per second, status checks exactly 500 ms apart', async () => {
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
	const times = virtual.checks.map((c) => c.at);
	// Without the budget the six first checks would go out together at 250 ms. With it: one
	// every 500 ms. The tasks finish at 600 ms, so the first task (checked at 250 ms) gets a
	// second check, in the next free slot after the other five.
	expect(times).toEqual([250, 750, 1250, 1750, 2250, 2750, 3250]);
	const ids = virtual.checks.map((c) => c.id);
	expect(new Set(ids.slice(0, 6)).size).toBe(6);
	expect(ids[6]).toBe(ids[0]);
	expect(allPolls()).toHaveLength(7);
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
	expect(res.items.map((item) => item.json.status)).toEqual(Array(4).fill('finished'));
	const polls = allPolls();
	expect(polls.filter((r) => r.status === 429)).toHaveLength(1);
	// The 7th request (the 3rd task's second check) got the 429. Its Retry-After of 1 s pauses
	// the whole batch: no check of any task starts within that second.
	const limited = virtual.checks[6];
	const during = virtual.checks.filter((c) => c.at > limited.at && c.at < limited.at + 1000);
	expect(during).toEqual([]);
	expect(virtual.checks[7].at).toBe(limited.at + 1000);
});
