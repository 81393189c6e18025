'use strict';
// Browser Task benchmarks: 20 tasks polled together vs one after another, polls per task, and
// how fast a cancel stops all traffic.
const { setTimeout: sleep } = require('node:timers/promises');

const h = require('../test/harness');
const { startSimProcess } = require('./sim-process');
const { sequentialTasks } = require('./sequential');

const TASKS = 20;
const TASK_SECONDS = 5;
const INTERVAL_S = 1;
const taskText = (n) => `Bench task ${n} [sim queue=0 run=${TASK_SECONDS * 1000}]`;

async function nodeRun(sim, extra = {}) {
	const started = performance.now();
	const res = await h.runNode({
		type: 'ai302BrowserTask',
		parameters: {
			operation: 'create',
			task: '={{ $json.task }}',
			pollInterval: INTERVAL_S,
			maxWaitTime: 120,
		},
		items: Array.from({ length: TASKS }, (_, n) => ({ json: { task: taskText(n) } })),
		credentials: sim.credentials,
		...extra,
	});
	return { res, wallS: (performance.now() - started) / 1000 };
}

/** 20 tasks x 5 s: our node (n8n-core) vs the sequential loop; polls per task from the log. */
async function browserTwenty({ skipSequential = false } = {}) {
	const sim = await startSimProcess();
	try {
		await nodeRun(sim, { items: [{ json: { task: 'warm-up [sim queue=0 run=0]' } }] });
		await sim.reset();
		const { res, wallS } = await nodeRun(sim);
		const finished = res.items.filter((item) => item.json.status === 'finished').length;
		if (finished !== TASKS)
			throw new Error(
				`node run: ${finished}/${TASKS} tasks finished (${res.error?.message ?? ''})`,
			);
		const log = await sim.requests();
		const pollsPerTask = new Map();
		for (const entry of log) {
			if (entry.method === 'GET' && entry.path.startsWith('/302/browser/tasks/')) {
				pollsPerTask.set(entry.path, (pollsPerTask.get(entry.path) ?? 0) + 1);
			}
		}
		const polls = [...pollsPerTask.values()];
		let sequentialS;
		if (!skipSequential) {
			await sim.reset();
			const started = performance.now();
			const results = await sequentialTasks(
				sim,
				Array.from({ length: TASKS }, (_, n) => taskText(n)),
				INTERVAL_S * 1000,
			);
			sequentialS = (performance.now() - started) / 1000;
			if (results.length !== TASKS) throw new Error('sequential loop lost tasks');
		}
		return {
			tasks: TASKS,
			taskSeconds: TASK_SECONDS,
			intervalSeconds: INTERVAL_S,
			nodeWallS: wallS,
			sequentialWallS: sequentialS,
			ratio: sequentialS === undefined ? undefined : sequentialS / wallS,
			maxPollsPerTask: Math.max(...polls),
			meanPollsPerTask: polls.reduce((a, b) => a + b, 0) / polls.length,
			pollBound: Math.ceil(TASK_SECONDS / INTERVAL_S) + 2,
		};
	} finally {
		await sim.stop();
	}
}

/**
 * Cancel 2.5 s into a 20-task wait: time from the cancel to the node's return (the Jest tests
 * check on a virtual clock that nothing is sent after a cancel; how fast it returns is wall
 * time, so it is measured here) and to the simulator's last request.
 */
async function cancelDuringWait() {
	const sim = await startSimProcess();
	try {
		await nodeRun(sim, { items: [{ json: { task: 'warm-up [sim queue=0 run=0]' } }] });
		await sim.reset();
		const { res } = await nodeRun(sim, { cancelAfterMs: 2500 });
		const returnedAt = Date.now();
		await sleep(1000); // anything still coming would show up in the log by now
		const log = await sim.requests();
		const last = Math.max(...log.map((entry) => entry.time));
		return {
			status: res.status,
			requestsBeforeCancel: log.filter((entry) => entry.time <= res.cancelledAt).length,
			requestsAfterCancel: log.filter((entry) => entry.time > res.cancelledAt).length,
			cancelToLastRequestMs: Math.max(0, last - res.cancelledAt),
			cancelToReturnMs: returnedAt - res.cancelledAt,
		};
	} finally {
		await sim.stop();
	}
}

module.exports = { browserTwenty, cancelDuringWait };
