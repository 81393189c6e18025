'use strict';
// The shared polling loop's pacing on a virtual clock (no real time, no load-dependent margins):
// adaptive vs fixed schedule, poll counts and lateness for long tasks, the shared request budget
// for 1000 waiting tasks, and a 429 pausing the whole batch.
const {
	pollTasks,
	pollDelay,
	ADAPTIVE_POLLING,
	DEFAULT_MAX_REQUESTS_PER_SECOND,
} = require('../../dist/nodes/shared/transport');
const { virtualClock } = require('../helpers/virtualClock');

const MINUTE = 60_000;
/** @type {(signal: AbortSignal | undefined) => any} a context with the one method pollTasks calls */
const ctxWith = (signal) => ({ getExecutionCancelSignal: () => signal });

/**
 * Runs pollTasks over simulated tasks that finish `durationMs` after their creation (= loop start).
 * Returns the results, every request's start time and the clock.
 * @param {{ durations: number[], intervalMs?: number, schedule?: import('../../dist/nodes/shared/transport').PollTarget['schedule'], maxRequestsPerSecond?: number, concurrency?: number, latencyMs?: number, onRequest?: (request: any) => void }} options
 */
async function simulate({
	durations,
	intervalMs = 3000,
	schedule,
	maxRequestsPerSecond,
	concurrency = 5,
	latencyMs = 0,
	onRequest,
}) {
	const clock = virtualClock();
	const createdAt = clock.now();
	const requests = [];
	const finishAt = new Map(durations.map((duration, index) => [`t${index}`, createdAt + duration]));
	const targets = durations.map((_, index) => ({
		id: `t${index}`,
		intervalMs,
		schedule,
		startedAt: createdAt,
		deadline: createdAt + 4 * 60 * MINUTE,
		delayFirstPoll: true,
	}));
	const results = await pollTasks(ctxWith(undefined), targets, {
		fetchStatus: async (id, _deadline, onRateLimited) => {
			requests.push({ id, at: clock.now() });
			onRequest?.({ id, at: clock.now(), count: requests.length, onRateLimited });
			if (latencyMs > 0) await clock.sleep(latencyMs);
			return {
				task_id: id,
				status: clock.now() >= (finishAt.get(id) ?? Infinity) ? 'finished' : 'running',
			};
		},
		readStatus: (/** @type {any} */ body) => body.status,
		terminalStatuses: ['finished', 'fail'],
		pendingStatuses: ['queue', 'running'],
		concurrency,
		maxRequestsPerSecond,
		clock,
	});
	const lateness = results.map(
		(result, index) => result.settledAt - (createdAt + durations[index]),
	);
	return { results, requests, lateness, clock };
}

describe('schedule', () => {
	test('pollDelay: fixed is the interval; adaptive starts there, grows with age, stops at 30 s', () => {
		expect(ADAPTIVE_POLLING).toEqual({ growth: 0.15, capMs: 30_000 });
		expect(pollDelay('fixed', 3000, 10 * MINUTE)).toBe(3000);
		expect(pollDelay('adaptive', 3000, 0)).toBe(3000);
		expect(pollDelay('adaptive', 3000, 20_000)).toBe(3000);
		expect(pollDelay('adaptive', 3000, MINUTE)).toBe(9000);
		expect(pollDelay('adaptive', 3000, 200_000)).toBe(30_000);
		expect(pollDelay('adaptive', 3000, 60 * MINUTE)).toBe(30_000);
		// A poll interval above the cap is kept as it is.
		expect(pollDelay('adaptive', 60_000, 60 * MINUTE)).toBe(60_000);
	});

	test('a 20-minute task: fixed 3 s makes 400 polls; adaptive (the default) 57, seen at most 30 s late', async () => {
		const fixed = await simulate({ durations: [20 * MINUTE], schedule: 'fixed' });
		expect(fixed.results[0]).toMatchObject({ state: 'done', polls: 400, lastStatus: 'finished' });
		expect(fixed.lateness).toEqual([0]);

		const adaptive = await simulate({ durations: [20 * MINUTE] });
		expect(adaptive.results[0]).toMatchObject({ state: 'done', polls: 57, lastStatus: 'finished' });
		expect(adaptive.lateness[0]).toBeGreaterThanOrEqual(0);
		expect(adaptive.lateness[0]).toBeLessThanOrEqual(30_000);
		expect(adaptive.lateness[0]).toBeLessThanOrEqual(0.05 * 20 * MINUTE);
		// The first 20 s run at the interval (15 % of the age is less than 3 s until then).
		const gaps = adaptive.requests.slice(1).map((r, i) => r.at - adaptive.requests[i].at);
		expect(gaps.slice(0, 6)).toEqual([3000, 3000, 3000, 3000, 3000, 3000]);
		expect(Math.max(...gaps)).toBe(30_000);
		for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]);
	});

	test('adaptive lateness over task lengths: at most 15 % of the running time and 30 s; at most 5 % from 10 minutes on', async () => {
		const durations = [];
		for (let seconds = 5; seconds <= 3600; seconds += seconds < 120 ? 7 : 61)
			durations.push(seconds * 1000 + 1);
		const { lateness, results } = await simulate({ durations, maxRequestsPerSecond: 1000 });
		expect(results.every((r) => r.state === 'done')).toBe(true);
		for (const [index, duration] of durations.entries()) {
			expect(lateness[index]).toBeLessThanOrEqual(
				Math.max(3000, Math.min(30_000, 0.15 * duration)) + 1,
			);
			if (duration >= 10 * MINUTE) expect(lateness[index] / duration).toBeLessThanOrEqual(0.05);
		}
	});
});

describe('shared request budget', () => {
	const perSecondWindows = (requests) => {
		const counts = new Map();
		for (const { at } of requests)
			counts.set(Math.floor(at / 1000), (counts.get(Math.floor(at / 1000)) ?? 0) + 1);
		return [...counts.values()];
	};

	test(`1000 waiting tasks polled every 0.25 s stay at ${DEFAULT_MAX_REQUESTS_PER_SECOND} requests per second by default`, async () => {
		const { requests, results } = await simulate({
			durations: Array(1000).fill(60_000),
			intervalMs: 250,
			schedule: 'fixed',
			concurrency: 50,
			latencyMs: 20,
		});
		expect(results.every((r) => r.state === 'done')).toBe(true);
		const windows = perSecondWindows(requests);
		expect(Math.max(...windows)).toBe(50);
		// One round of 1000 polls takes 20 s at 50/s, so each task is polled once per 20 s
		// (4 or 5 times over its 60 s), not every 0.25 s (240 times).
		const span = (requests.at(-1).at - requests[0].at) / 1000;
		expect(requests.length).toBeLessThanOrEqual(50 * Math.ceil(span));
		expect(Math.max(...results.map((r) => r.polls))).toBeLessThanOrEqual(5);
		expect(requests.length).toBeLessThanOrEqual(4000);
	});

	test('the rate is configurable', async () => {
		const { requests } = await simulate({
			durations: Array(200).fill(20_000),
			intervalMs: 250,
			schedule: 'fixed',
			concurrency: 20,
			maxRequestsPerSecond: 10,
		});
		expect(Math.max(...perSecondWindows(requests))).toBe(10);
	});

	test('a 429 with Retry-After pauses every task of the batch, not just the one that got it', async () => {
		let pausedAt;
		const { requests, results } = await simulate({
			durations: Array(20).fill(30_000),
			intervalMs: 1000,
			schedule: 'fixed',
			onRequest: ({ count, at, onRateLimited }) => {
				if (count === 45) {
					pausedAt = at;
					onRateLimited(5000);
				}
			},
		});
		expect(results.every((r) => r.state === 'done')).toBe(true);
		const during = requests.filter((r) => r.at > pausedAt && r.at < pausedAt + 5000);
		expect(during).toEqual([]);
		expect(requests.some((r) => r.at === pausedAt + 5000)).toBe(true);
	});

	test('cancel while waiting for a budget slot stops at once with the pending task ids', async () => {
		const controller = new AbortController();
		const clock = virtualClock();
		let requestsSeen = 0;
		/** @type {import('../../dist/nodes/shared/transport').PollTarget[]} */
		const targets = Array.from({ length: 100 }, (_, i) => ({
			id: `t${i}`,
			intervalMs: 250,
			schedule: 'fixed',
			deadline: clock.now() + 60_000,
		}));
		const run = pollTasks(ctxWith(controller.signal), targets, {
			fetchStatus: async () => {
				if (++requestsSeen === 10) controller.abort();
				return { status: 'running' };
			},
			readStatus: (/** @type {any} */ body) => body.status,
			terminalStatuses: ['finished'],
			pendingStatuses: ['running'],
			concurrency: 5,
			maxRequestsPerSecond: 1,
			clock,
		});
		await expect(run).rejects.toThrow(
			/The execution was canceled while waiting for t0, t1, .*t99$/,
		);
		expect(requestsSeen).toBe(10);
	});
});
