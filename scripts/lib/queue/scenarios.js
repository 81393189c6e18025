// The checks of the queue-mode run (issue 11): 20 concurrent webhook tasks over two workers,
// stop through the REST API, the created task id in the worker's log before the task ends,
// a worker crash in the Create → Get pattern resumed by Retry, Code Sandbox files in binary data.
'use strict';

const { request } = require('undici');
const { Checks, where } = require('./checks');
const { CSV } = require('./workflows');

const SUBMIT = '/302/browser/submit';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isPoll = (entry, taskId) =>
	entry.method === 'GET' && entry.path === `/302/browser/tasks/${taskId}`;

async function postWebhook(baseUrl, path, body) {
	const started = Date.now();
	const response = await request(`${baseUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		headersTimeout: 300_000,
		bodyTimeout: 300_000,
	});
	const buffer = Buffer.from(await response.body.arrayBuffer());
	let json;
	try {
		json = JSON.parse(buffer.toString('utf8'));
	} catch {
		json = undefined;
	}
	return {
		status: response.statusCode,
		headers: response.headers,
		text: buffer.toString('utf8'),
		json,
		seconds: (Date.now() - started) / 1000,
	};
}

/** Waits until `probe` returns a truthy value; fails after `timeoutMs` with `what`. */
async function until(what, probe, timeoutMs, stepMs = 100) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s`);
		await sleep(stepMs);
	}
}

const findTask = async (sim, text) => (await sim.tasks()).find((task) => task.task === text);

/** 20 webhook calls at once (10 through main, 10 through the webhook processor). */
async function concurrent({ cluster, sim, seconds = 3 }) {
	const checks = new Checks();
	const since = await lastId(sim);
	const before = {
		worker1: cluster.executionsOn('worker1').length,
		worker2: cluster.executionsOn('worker2').length,
	};
	const texts = Array.from(
		{ length: 20 },
		(_, i) => `Queue task ${i + 1} [sim queue=0 run=${seconds * 1000}]`,
	);
	const started = Date.now();
	const answers = await Promise.all(
		texts.map((task, i) =>
			postWebhook(cluster.url(i % 2 === 0 ? 'main' : 'webhook'), 'qm-browser', { task }),
		),
	);
	const wallSeconds = (Date.now() - started) / 1000;
	const requests = await sim.requests(since);
	const tasks = await sim.tasks();
	const idOf = (text) => tasks.find((task) => task.task === text)?.task_id;
	checks.expect(
		'20 webhook answers: HTTP status',
		answers.map((a) => a.status),
		Array(20).fill(200),
	);
	checks.expect(
		'20 webhook answers: status',
		answers.map((a) => a.json?.status),
		Array(20).fill('finished'),
	);
	checks.expect(
		'each answer carries the task id the simulator gave its task',
		answers.map((a) => a.json?.task_id),
		texts.map(idOf),
	);
	checks.expect(
		'submits seen by the simulator',
		requests.filter((r) => r.path === SUBMIT).length,
		20,
	);
	checks.expect(
		'distinct task ids answered',
		new Set(answers.map((a) => a.json?.task_id)).size,
		20,
	);
	checks.expect(
		'simulator answers that were not 200',
		requests.filter((r) => r.status !== 200).map((r) => `${r.method} ${r.path} ${r.status}`),
		[],
	);
	const perWorker = ['worker1', 'worker2'].map(
		(role) => cluster.executionsOn(role).length - before[role],
	);
	checks.expect(
		'executions per worker (both used, 20 in all)',
		perWorker,
		where('both > 0, sum 20', ([a, b]) => a > 0 && b > 0 && a + b === 20),
	);
	const polls = requests.filter((r) => r.method === 'GET').length;
	return {
		title: '20 concurrent webhook browser tasks (10 via main, 10 via the webhook processor)',
		checks,
		bench: { wallSeconds, taskSeconds: seconds, perWorker, polls },
		summary: [
			`20 × POST /webhook/qm-browser, tasks of ${seconds} s: wall ${wallSeconds.toFixed(1)} s, executions per worker ${perWorker.join(' / ')}, ${polls} status polls`,
		],
	};
}

/** A 60 s task; its id must be in the worker's log while it runs; then stop via REST. */
async function stopAndLog({ cluster, sim, rest }) {
	const checks = new Checks();
	const text = 'Long task to stop [sim queue=0 run=60000]';
	// Never rejects: a failure later on must not become an unhandled rejection during clean-up.
	const answer = postWebhook(cluster.url('main'), 'qm-browser', { task: text }).catch((error) => ({
		status: `no answer: ${error.message}`,
	}));
	const task = await until('the submit of the long task', () => findTask(sim, text), 60_000);
	const line = await until(
		`"${task.task_id}" in a worker's log`,
		() => createdLine(cluster, task.task_id),
		30_000,
	);
	const loggedAt = Date.now();
	checks.expect(
		'worker log line with the task id (message text)',
		line.text,
		where(
			'302.AI browser task created: <id> (node, item 0, workflow qmBrowser01, execution N)',
			(value) =>
				new RegExp(
					`302\\.AI browser task created: ${task.task_id} \\(node "Browser task", item 0, workflow qmBrowser01, execution \\d+\\)`,
				).test(value),
		),
	);
	checks.expect(
		'the task was still running when its id was in the log',
		loggedAt < task.createdAt + task.queueMs + task.runMs,
		true,
	);
	const execution = await until(
		'the running execution',
		async () => (await rest.executions({ status: ['running'], workflowId: 'qmBrowser01' }))[0],
		30_000,
		250,
	);
	// Stop right after a poll, so that no poll is due while the stop travels to the worker.
	const pollsBefore = (await sim.requests()).filter((r) => isPoll(r, task.task_id)).length;
	await until(
		'a status poll',
		async () => (await sim.requests()).filter((r) => isPoll(r, task.task_id)).length > pollsBefore,
		10_000,
		20,
	);
	const stopSentAt = Date.now();
	const stopped = await rest.stop(execution.id);
	const caller = await answer;
	await sleep(3000);
	const after = (await sim.requests()).filter(
		(r) => r.time > stopSentAt && r.path.includes(task.task_id),
	);
	// The worker reports the node's error to main after the stop; under load that can take a while.
	const wanted = `The execution was canceled while waiting for browser task ${task.task_id}`;
	let saved = await rest.execution(execution.id);
	for (let waited = 0; !String(saved.data).includes(wanted) && waited < 15_000; waited += 500) {
		await sleep(500);
		saved = await rest.execution(execution.id);
	}
	checks.expect('stop answer: status', stopped?.status, 'canceled');
	checks.expect('requests to 302.AI for the task after the stop', after.length, 0);
	checks.expect('saved execution: status', saved.status, 'canceled');
	checks.expect(
		'saved error names the task id',
		String(saved.data).includes(wanted)
			? wanted
			: (String(saved.data).match(/The execution was canceled[^"\\]*/)?.[0] ??
					`(no cancel message in the saved execution: ${String(saved.data).slice(0, 300)})`),
		wanted,
	);
	checks.expect('the webhook caller gets HTTP 500', caller.status, 500);
	return {
		title: 'task id in the worker log while the task runs; stop via REST',
		checks,
		summary: [
			`${line.role}: "${line.text.trim().slice(0, 110)}…"`,
			`stop → ${stopped?.status}, 0 requests after it: ${after.length === 0}`,
		],
	};
}

/** The worker's "created" log line for a task id: { role, text } or undefined. */
function createdLine(cluster, taskId) {
	for (const role of ['worker1', 'worker2']) {
		const text = cluster
			.output(role)
			.split('\n')
			.find((l) => l.includes(`browser task created: ${taskId} `));
		if (text) return { role, text };
	}
	return undefined;
}

/** Code Sandbox writes report.csv; the webhook answers the file from binary data. */
async function fileAnswer({ cluster, via, mode, countStored }) {
	const checks = new Checks();
	const before = await countStored();
	const answer = await postWebhook(cluster.url(via), 'qm-file', {});
	checks.expect(`webhook answer via ${via}: HTTP status`, answer.status, 200);
	checks.expect('content type', String(answer.headers['content-type']).split(';')[0], 'text/csv');
	checks.expect('body = the file the sandbox wrote', answer.text, CSV);
	checks.expect(
		`files stored in ${mode} binary data`,
		(await countStored()) - before,
		where('at least 1 more', (n) => n >= 1),
	);
	return {
		title: `Code Sandbox file → webhook answer (${mode} binary data)`,
		checks,
		summary: [
			`HTTP ${answer.status} ${answer.headers['content-type']} ${JSON.stringify(answer.text)}`,
		],
	};
}

async function lastId(sim) {
	return (await sim.requests()).reduce((max, entry) => Math.max(max, entry.id), 0);
}

module.exports = {
	concurrent,
	stopAndLog,
	fileAnswer,
	postWebhook,
	until,
	findTask,
	createdLine,
	lastId,
	isPoll,
	sleep,
};
