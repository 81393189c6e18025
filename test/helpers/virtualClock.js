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

	const advance = () => {
		scheduled = false;
		if (sleepers.length === 0) return;
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

function cancelled() {
	const error = new Error('The execution was cancelled');
	error.name = 'ExecutionCancelledError';
	return error;
}

module.exports = { virtualClock };
