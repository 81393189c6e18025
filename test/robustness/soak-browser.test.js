'use strict';
// Soak: 500 browser tasks in one execution with 5 % random transient faults on every request.
// Every input item must be accounted for: a finished result with its task id, or an error item
// (with the task id whenever the task was created). No task is created twice.
const { KEY, startSimulator, h, assertNoSecret } = require('./faults-lib');

const TASKS = 500;
const FAULT_RATE = 0.05;
const TRANSIENT = [
	{ type: 'status', status: 429, headers: { 'Retry-After': '0' } },
	{ type: 'status', status: 503, headers: { 'Retry-After': '0' } },
	{ type: 'html', status: 502 },
	{ type: 'reset', when: 'before-body' },
	{ type: 'latency', ms: 1500 },
];

let sim;
beforeAll(async () => {
	sim = await startSimulator({
		apiKeys: [KEY],
		// Bodies name the item ("Soak task N"), so every submit can be traced to its item.
		logBodies: true,
		seed: 6,
		browser: { queueMs: 50, runMs: 400, stepMs: 100 },
	});
});
afterAll(async () => {
	await sim?.close();
});

test(`${TASKS} tasks with ${FAULT_RATE * 100} % random transient faults: every task accounted for`, async () => {
	sim.addFault({
		type: 'random',
		rate: FAULT_RATE,
		of: TRANSIENT,
		match: { path: '/302/browser/' },
	});
	const items = Array.from({ length: TASKS }, (_, n) => ({ json: { n } }));
	const res = await h.runNode({
		type: 'ai302BrowserTask',
		parameters: {
			operation: 'create',
			task: '={{ "Soak task " + $json.n }}',
			pollInterval: 0.25,
			maxWaitTime: 60,
			options: { concurrency: 50, requestTimeout: 0.5 },
		},
		items,
		credentials: { apiKey: KEY, baseUrl: sim.url },
		continueOnFail: true,
	});
	expect(res.error).toBeUndefined();
	assertNoSecret(res.run, KEY);

	// One output item per input item, in order.
	expect(res.items).toHaveLength(TASKS);
	expect(res.items.map((item) => item.pairedItem.item)).toEqual(items.map((_, n) => n));

	// Every task the simulator created is on its own item: with its id, or, when the submit's
	// answer never came (request timeout), an error saying the task may have been created.
	const created = [...sim.tasks.values()];
	const taskIds = res.items.map((item) => item.json.task_id).filter(Boolean);
	expect(new Set(taskIds).size).toBe(taskIds.length);
	let lostAnswers = 0;
	for (const task of created) {
		const item = res.items[Number(/^Soak task (\d+)$/.exec(task.task)?.[1])];
		if (item.json.task_id === task.task_id) continue;
		expect(item.json.task_id).toBeUndefined();
		expect(item.json.error).toMatch(/POST \/302\/browser\/submit failed: no answer within 500 ms/);
		lostAnswers++;
	}
	// Items without a task: the submit failed before anything was created (5xx, HTML, reset).
	const withoutTask = res.items.filter((item) => !item.json.task_id);
	for (const item of withoutTask) expect(item.json.error).toMatch(/POST \/302\/browser\/submit/);
	expect(created.length - lostAnswers + withoutTask.length).toBe(TASKS);

	// Created tasks all finished: poll failures are retried and never end a wait.
	for (const item of res.items.filter((i) => i.json.task_id))
		expect(item.json).toMatchObject({ status: 'finished', is_successful: true });
	// A submit is never sent twice for one item, except after a 429 (nothing was created): no
	// item has two submits that the simulator read and did not refuse with 429. (A faulted
	// submit is answered before its body is read, so only read ones name their item.)
	const submits = sim.requests.filter((r) => r.path === '/302/browser/submit');
	const readSubmits = new Map();
	for (const r of submits.filter((entry) => entry.body && entry.status !== 429)) {
		const n = Number(/^Soak task (\d+)$/.exec(r.body.task)?.[1]);
		readSubmits.set(n, (readSubmits.get(n) ?? 0) + 1);
	}
	expect([...readSubmits.values()].filter((count) => count > 1)).toEqual([]);
	// In all, at most one submit per item got past the 429 check. Items with none: their request
	// timed out before the simulator took it in (a loaded machine does that to some), so they
	// carry the timeout error and no task.
	const sent = submits.filter((r) => r.status !== 429).length;
	expect(sent).toBeLessThanOrEqual(TASKS);
	const timedOutWithoutTask = res.items.filter(
		(item) => !item.json.task_id && /no answer within 500 ms/.test(item.json.error),
	).length;
	expect(TASKS - sent).toBeLessThanOrEqual(timedOutWithoutTask);
	const faulted = sim.requests.filter((r) => r.fault).length;
	expect(faulted).toBeGreaterThan(0.02 * sim.requests.length);
	console.log(
		`soak: ${TASKS} items, ${created.length - lostAnswers} tasks finished, ${withoutTask.length} submit errors (${lostAnswers} after the task was created), ${sim.requests.length} requests, ${faulted} faulted`,
	);
}, 120_000);
