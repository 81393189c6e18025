// The example workflows the end-to-end runner and the demo run, what each must produce when it
// runs against the local simulator (exact values), and a short "what went in / what came out"
// summary per workflow that also works against the real 302.AI API.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { diff, any, matches, partial, where } = require('./expect');

/** Collects named checks; each failure keeps its diff. */
class Checks {
	constructor() {
		this.passed = 0;
		this.failures = [];
	}

	expect(label, actual, expected) {
		const differences = diff(actual, expected);
		if (differences.length === 0) this.passed++;
		else this.failures.push({ label, differences });
	}
}

// ---- reading n8n's run data ----

/** Items of one node's output (last run); undefined when the node did not run. */
function outputOf(run, nodeName, outputIndex = 0) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	return runs?.[runs.length - 1]?.data?.main?.[outputIndex] ?? undefined;
}

const jsonOf = (items) => items?.map((item) => item.json);
const ranNodes = (run) => Object.keys(run?.data?.resultData?.runData ?? {});

/** Content of a binary item stored by n8n's filesystem mode ("filesystem-v2:<relative path>"). */
function binaryContent(ctx, binary) {
	const id = String(binary?.id ?? '');
	const relative = id.replace(/^filesystem(-v2)?:/, '');
	if (!relative || relative === id) return `(not stored in filesystem mode: ${id || 'no id'})`;
	const file = path.join(ctx.userFolder, '.n8n', 'storage', relative);
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `(missing file ${file})`;
}

// ---- reading the simulator's log ----

const submits = (ctx) => ctx.requests.filter((entry) => entry.method === 'POST' && entry.path === '/302/browser/submit');
/** Requests sent concurrently arrive in any order: compare them sorted by a text key. */
const sortedBy = (list, key) => [...list].sort((a, b) => String(key(a)).localeCompare(String(key(b))));
const submittedBodies = (ctx) => sortedBy(submits(ctx).map((entry) => entry.body), (body) => body?.task);
const polls = (ctx) => ctx.requests.filter((entry) => entry.method === 'GET' && entry.path.startsWith('/302/browser/tasks/'));
const codeRuns = (ctx) => ctx.requests.filter((entry) => entry.path === '/302/sandbox/direct_run_code');

/** The simulator's id for the task whose text is `text` (directives included). */
function taskId(ctx, text) {
	return ctx.tasks.find((task) => task.task === text)?.task_id ?? `(no task "${text}")`;
}

function plannedSteps(ctx, text) {
	return ctx.tasks.find((task) => task.task === text)?.plannedSteps;
}

/** Tasks created first, then polled together: every submit precedes every poll, polls interleave. */
function checkPolledTogether(checks, ctx, interval) {
	const created = submits(ctx);
	const polled = polls(ctx);
	checks.expect('all tasks are created before the first status poll', Math.max(...created.map((e) => e.time)) < Math.min(...polled.map((e) => e.time)), true);
	const firstPolls = new Set(polled.slice(0, created.length).map((entry) => entry.path));
	checks.expect('the first polls cover every task (one loop polls them together)', firstPolls.size, created.length);
	for (const task of ctx.tasks.filter((t) => created.some((entry) => entry.body?.task === t.task))) {
		const count = polled.filter((entry) => entry.path.endsWith(`/${task.task_id}`)).length;
		const bound = Math.ceil((task.queueMs + task.runMs) / (interval * 1000)) + 2;
		checks.expect(`polls of task ${task.task_id} (at most ceil(duration / interval) + 2 = ${bound})`, count, where(`between 1 and ${bound}`, (n) => n >= 1 && n <= bound));
	}
}

const short = (text, max = 90) => {
	const value = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : JSON.stringify(text);
	return value && value.length > max ? `${value.slice(0, max - 1)}…` : value;
};

// ---- the workflows ----

const MANUAL_ORDERS = [
	{ customer: 'Acme GmbH', city: 'Berlin', orders: [120.5, 80, 42.25] },
	{ customer: 'Globex SA', city: 'Paris', orders: [310, 15.75] },
];
const MANUAL_EXPECTED = [
	{ stdout: '{"customer": "Acme GmbH", "city": "Berlin", "order_count": 3, "total": 242.75, "largest": 120.5}\n', csv: 'order,amount\n1,120.5\n2,80\n3,42.25\n', total: 242.75, count: 3, largest: 120.5 },
	{ stdout: '{"customer": "Globex SA", "city": "Paris", "order_count": 2, "total": 325.75, "largest": 310}\n', csv: 'order,amount\n1,310\n2,15.75\n', total: 325.75, count: 2, largest: 310 },
];
const hotelTask = (order) => `Find the best-rated business hotel in ${order.city} for ${order.customer} and answer as JSON.`;

const manual = {
	id: 'ai302Manual01',
	file: '01-manual-orders-python-browser.json',
	how: 'execute',
	check(ctx, checks) {
		checks.expect('n8n execute exit code', ctx.exitCode, 0);
		checks.expect('execution status', ctx.run?.status, 'success');
		const python = outputOf(ctx.run, 'Summarise orders in Python');
		checks.expect('302 Code Sandbox output (one item per input item)', jsonOf(python), MANUAL_EXPECTED.map((expected, i) =>
			partial({
				customer: MANUAL_ORDERS[i].customer,
				city: MANUAL_ORDERS[i].city,
				order_count: expected.count,
				total: expected.total,
				largest: expected.largest,
				stdout: expected.stdout,
				stderr: '',
				fileUrl: matches(/^http:\/\/127\.0\.0\.1:\d+\/files\/[^/]+\/report\.csv$/),
			}),
		));
		MANUAL_EXPECTED.forEach((expected, i) => {
			const report = python?.[i]?.binary?.report;
			checks.expect(`binary "report" of item ${i}`, report, partial({ fileName: 'report.csv', mimeType: 'text/csv', bytes: Buffer.byteLength(expected.csv) }));
			checks.expect(`content of the stored report.csv of item ${i}`, binaryContent(ctx, report), expected.csv);
		});
		const sentRuns = codeRuns(ctx).map((entry) => ({ ...entry.body, envs: { N8N_ITEM: JSON.parse(entry.body?.envs?.N8N_ITEM ?? 'null') } }));
		checks.expect('code runs sent: item JSON in N8N_ITEM, files requested', sortedBy(sentRuns, (body) => body.envs.N8N_ITEM?.customer), MANUAL_ORDERS.map((order) =>
			partial({ language: 'python', timeout: 60, is_download: true, download_path: '/home/user/report.csv', envs: partial({ N8N_ITEM: order }) }),
		));

		const taskTexts = MANUAL_ORDERS.map((order) => `${hotelTask(order)} [sim run=1500 result=json]`);
		checks.expect('browser tasks submitted (task text built from each item)', submittedBodies(ctx), sortedBy(taskTexts, (t) => t).map((task) => ({ task })));
		checkPolledTogether(checks, ctx, 1);
		checks.expect('302 Browser Task output', jsonOf(outputOf(ctx.run, 'Research each city')), MANUAL_ORDERS.map((order, i) =>
			partial({ task_id: taskId(ctx, taskTexts[i]), status: 'finished', is_successful: true, timed_out: false, result_json: partial({ answer: `Simulated answer for: ${hotelTask(order)}` }) }),
		));
		const combined = outputOf(ctx.run, 'Combine results');
		checks.expect('final Code step output', jsonOf(combined), MANUAL_ORDERS.map((order, i) => ({
			customer: order.customer,
			city: order.city,
			order_count: MANUAL_EXPECTED[i].count,
			total: MANUAL_EXPECTED[i].total,
			report_file: 'report.csv',
			task_id: taskId(ctx, taskTexts[i]),
			task_status: 'finished',
			agent_answer: `Simulated answer for: ${hotelTask(order)}`,
			top_hit: 'First simulated result',
		})));
		checks.expect('final items keep the report file (paired with their input item)', combined?.map((item) => item.binary?.report?.bytes), MANUAL_EXPECTED.map((e) => Buffer.byteLength(e.csv)));
	},
	summary(ctx) {
		const orders = jsonOf(outputOf(ctx.run, 'Sample orders')) ?? [];
		const python = outputOf(ctx.run, 'Summarise orders in Python') ?? [];
		const research = jsonOf(outputOf(ctx.run, 'Research each city')) ?? [];
		return {
			in: orders.map((o) => `${o.customer} (${o.city}): orders ${(o.orders ?? []).join(' + ')}`),
			out: (jsonOf(outputOf(ctx.run, 'Combine results')) ?? []).map((r, i) => {
				const file = python[i]?.binary?.report;
				const fileText = file ? `${file.fileName} (${file.fileSize}, ${file.mimeType})` : 'no file';
				return `${r.customer}: total ${r.total} over ${r.order_count} orders, ${fileText}; browser task ${r.task_status} in ${research[i]?.elapsed_seconds ?? '?'} s → "${short(r.agent_answer, 70)}"`;
			}),
		};
	},
};

const DIGEST_TOPICS = ['open-source workflow automation', 'browser agents'];
const digestTask = (topic) => `Find the two most discussed articles about ${topic} this week and answer as JSON.`;

const schedule = {
	id: 'ai302Schedule01',
	file: '03-schedule-daily-digest.json',
	how: 'execute',
	check(ctx, checks) {
		checks.expect('n8n execute exit code', ctx.exitCode, 0);
		checks.expect('the Schedule Trigger started the run', ranNodes(ctx.run).includes('Every day at 07:00') && !ranNodes(ctx.run).includes('Run now'), true);
		checks.expect('Python output (JSON array → one item per element)', jsonOf(outputOf(ctx.run, 'Pick topics in Python')), DIGEST_TOPICS.map((topic) => ({ topic, trigger_items: 1 })));
		checks.expect('one code run with all items in N8N_ITEMS', codeRuns(ctx).map((entry) => ({ items: JSON.parse(entry.body?.envs?.N8N_ITEMS ?? 'null'), item: entry.body?.envs?.N8N_ITEM })), [{ items: [any('object')], item: undefined }]);
		const texts = DIGEST_TOPICS.map((topic) => `${digestTask(topic)} [sim run=1000 result=json]`);
		checks.expect('browser tasks submitted', submittedBodies(ctx), sortedBy(texts, (t) => t).map((task) => ({ task })));
		checkPolledTogether(checks, ctx, 1);
		checks.expect('digest built from the structured results', jsonOf(outputOf(ctx.run, 'Build digest')), [{
			topics: 2,
			digest: DIGEST_TOPICS.map((topic) => `${digestTask(topic)}: First simulated result`).join('\n'),
			task_ids: texts.map((text) => taskId(ctx, text)),
		}]);
	},
	summary(ctx) {
		const triggered = ranNodes(ctx.run).find((name) => name === 'Every day at 07:00' || name === 'Run now');
		return {
			in: [`trigger "${triggered ?? '?'}" (run once by n8n execute); Python picked: ${(jsonOf(outputOf(ctx.run, 'Pick topics in Python')) ?? []).map((t) => t.topic).join(', ')}`],
			out: (jsonOf(outputOf(ctx.run, 'Build digest')) ?? []).flatMap((d) => [`digest of ${d.topics} topics:`, ...String(d.digest).split('\n').map((line) => `  ${short(line, 110)}`)]),
		};
	},
};

const wrongKey = {
	id: 'ai302WrongKey01',
	file: '04-failure-wrong-api-key.json',
	how: 'execute',
	expectFailure: true,
	check(ctx, checks) {
		checks.expect('n8n execute exit code (the execution fails)', ctx.exitCode, 1);
		const error = ctx.run?.data?.resultData?.error;
		checks.expect('execution error', error, partial({
			name: 'NodeApiError',
			message: matches(/HTTP 401.*: Invalid API key$/),
			errorResponse: partial({ message: 'Invalid API key', err_code: -10002, httpCode: 401 }),
		}));
		checks.expect('failed node', ctx.run?.data?.resultData?.lastNodeExecuted, 'Run code with a wrong key');
		checks.expect('requests: one paid call, answered 401, not repeated', ctx.requests.map((entry) => ({ path: entry.path, status: entry.status, auth: entry.headers?.authorization })), [
			{ path: '/302/sandbox/direct_run_code', status: 401, auth: `Bearer ${ctx.wrongKey}` },
		]);
	},
	summary(ctx) {
		const error = ctx.run?.data?.resultData?.error;
		return {
			in: ['credential "302.AI API (wrong key)" → 302 Code Sandbox › Run'],
			out: [`execution failed (exit ${ctx.exitCode}): ${short(error?.message ?? ctx.outputTail, 120)}`],
		};
	},
};

const FAIL_TASKS = ['Read the title of https://example.com [sim run=800]', 'Log in to https://example.com/admin without a password [sim run=800 outcome=fail]'];

const taskFails = {
	id: 'ai302TaskFail01',
	file: '05-failure-task-fails.json',
	how: 'execute',
	simulatorOnly: true, // the real agent would not fail on cue
	check(ctx, checks) {
		const [okId, failId] = FAIL_TASKS.map((text) => taskId(ctx, text));
		checks.expect('browser tasks submitted', submittedBodies(ctx), sortedBy(FAIL_TASKS, (t) => t).map((task) => ({ task })));
		checks.expect('regular output → "Succeeded"', jsonOf(outputOf(ctx.run, 'Succeeded')), [
			{ task_id: okId, answer: 'Simulated result for: Read the title of https://example.com' },
		]);
		checks.expect('error output → "Record failure" (with the task id)', jsonOf(outputOf(ctx.run, 'Record failure')), [
			{ failed_task_id: failId, last_status: 'fail', task: FAIL_TASKS[1], error: matches(new RegExp(`^Browser task ${failId} failed at step 2: Task failed`)) },
		]);
	},
	summary(ctx) {
		return {
			in: FAIL_TASKS.map((task) => `task "${short(task, 80)}"`),
			out: [
				...(jsonOf(outputOf(ctx.run, 'Succeeded')) ?? []).map((item) => `succeeded: ${item.task_id} → "${short(item.answer, 70)}"`),
				...(jsonOf(outputOf(ctx.run, 'Record failure')) ?? []).map((item) => `error output: ${item.failed_task_id} → "${short(item.error, 90)}"`),
			],
		};
	},
};

const WEBHOOK_TASK = 'Open https://example.com and report the page title [sim run=1200]';

const webhook = {
	id: 'ai302Webhook01',
	file: '02-webhook-browser-task.json',
	how: 'webhook',
	webhookPath: '302-browser-task',
	requestBody: { task: WEBHOOK_TASK },
	check(ctx, checks) {
		checks.expect('webhook HTTP status', ctx.response?.status, 200);
		checks.expect('webhook answer (the last node\'s JSON)', ctx.response?.body, {
			task_id: taskId(ctx, WEBHOOK_TASK),
			status: 'finished',
			is_successful: true,
			answer: 'Simulated result for: Open https://example.com and report the page title',
			steps: plannedSteps(ctx, WEBHOOK_TASK),
		});
		checks.expect('browser task submitted', submittedBodies(ctx), [{ task: WEBHOOK_TASK }]);
	},
	summary(ctx) {
		return {
			in: [`POST /webhook/${this.webhookPath} ${JSON.stringify(ctx.requestBody)}`],
			out: [`HTTP ${ctx.response?.status ?? '?'} ${short(JSON.stringify(ctx.response?.body), 150)}`],
		};
	},
};

/** In the order the runner runs them (execute ones first, then the webhook under `n8n start`). */
const SCENARIOS = [manual, schedule, wrongKey, taskFails, webhook];

module.exports = { SCENARIOS, Checks, outputOf, jsonOf };
