'use strict';
// A virtual clock for the polling loop (PollClock: now() and an abortable sleep). Time only moves
// when every piece of work is waiting on the clock: then it jumps to the earliest wake-up. So a
// 20-minute wait runs in milliseconds and the numbers it produces do not depend on machine load.

function virtualClock(startAt = 1_000_000) {
	let now = startAt;
	/** Sleepers ordered by wake-up time, then by arrival. */
	const sleepers = [];
	let sequence = 0;
	let scheduled = false;
	/** Work outside the clock's sight (a real HTTP request) that time must not run past. */
	let holds = 0;

	const advance = () => {
		scheduled = false;
		if (holds > 0 || sleepers.length === 0) return;
		sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
		const next = sleepers.shift();
		now = Math.max(now, next.at);
		next.resolve();
		schedule();
	};
	// setImmediate runs after every pending promise job, i.e. once all work is idle or asleep.
	const schedule = () => {
		if (scheduled) return;
		scheduled = true;
		setImmediate(advance);
	};

	const clock = {
		now: () => now,
		/** How many sleeps are waiting (0 after a run: nothing can wake up and send more). */
		pending: () => sleepers.length,
		/**
		 * Stops time while real I/O is under way (the clock cannot see it finish); returns the
		 * release. So a request takes no virtual time and every run gives the same times.
		 */
		hold() {
			holds++;
			let released = false;
			return () => {
				if (released) return;
				released = true;
				holds--;
				schedule();
			};
		},
		sleep(ms, signal) {
			if (signal?.aborted) return Promise.reject(cancelled());
			return new Promise((resolve, reject) => {
				const sleeper = { at: now + Math.max(0, ms), seq: sequence++, resolve };
				if (signal) {
					const onAbort = () => {
						sleepers.splice(sleepers.indexOf(sleeper), 1);
						reject(cancelled());
					};
					signal.addEventListener('abort', onAbort, { once: true });
					sleeper.resolve = () => {
						signal.removeEventListener('abort', onAbort);
						resolve(undefined);
					};
				}
				sleepers.push(sleeper);
				schedule();
			});
		},
	};
	return clock;
}

/**
 * Runs the nodes' polling loop on a virtual clock inside n8n-core tests. The nodes call
 * pollTasks through the transport module, whose `clock` option the nodes leave at the real
 * clock; this Jest set-up wraps that export so every call gets a fresh virtual clock, and
 * mocks Date.now with the same clock so the nodes' deadlines and the simulator's task
 * schedules (start it with `now: () => polling.clock.now()`) run on it too. HTTP stays real.
 *
 * Returns a live view: `clock` (this test's clock), `startedAt` (its start), `checks` (every
 * status check as { id, at } in virtual ms since the start) and `onCheck(fn)` (called after each
 * check's answer with the check number from 1, e.g. to cancel the run at a known point).
 */
function useVirtualPolling() {
	const polling = require('../../dist/nodes/shared/transport/polling');
	const realPollTasks = polling.pollTasks;
	/** @type {{ clock: ReturnType<typeof virtualClock>, startedAt: number, checks: { id: string, at: number }[], onCheck: (count: number) => void }} */
	const state = { clock: virtualClock(Date.now()), startedAt: 0, checks: [], onCheck: () => {} };
	beforeEach(() => {
		state.clock = virtualClock(Date.now());
		state.startedAt = state.clock.now();
		state.checks = [];
		state.onCheck = () => {};
		jest.spyOn(Date, 'now').mockImplementation(() => state.clock.now());
		jest.spyOn(polling, 'pollTasks').mockImplementation(
			async (ctx, targets, options) =>
				await realPollTasks(ctx, targets, {
					...options,
					clock: state.clock,
					fetchStatus: async (id, deadline, onRateLimited) => {
						state.checks.push({ id, at: state.clock.now() - state.startedAt });
						const count = state.checks.length;
						const release = state.clock.hold();
						try {
							return await options.fetchStatus(id, deadline, onRateLimited);
						} finally {
							release();
							state.onCheck(count);
						}
					},
				}),
		);
	});
	afterEach(() => {
		jest.restoreAllMocks();
	});
	return state;
}

function cancelled() {
	const error = new Error('The execution was cancelled');
	error.name = 'ExecutionCancelledError';
	return error;
}

module.exports = { virtualClock, useVirtualPolling };
