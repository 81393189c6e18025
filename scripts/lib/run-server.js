// Runs the `how: 'server'` scenarios: workflows that only work in a running n8n (Schedule
// Triggers that fire on their own, webhooks that answer before the work is done, error
// workflows). All of them share ONE `n8n start`: their workflows are imported with the
// placeholder alert/report URLs pointed at a local receiver, published, the server is started,
// every scenario's `drive` runs at the same time (calls webhooks, waits for the receiver), then
// the server is stopped (n8n stops its triggers and lets running executions finish) and each
// scenario is judged on everything that happened.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { request } = require('undici');

const { freePort, tail, waitFor } = require('./n8n');
const { readEntitiesExport } = require('./n8n-export');
const processes = require('./processes');
const { startReceiver } = require('./receiver');
const { EXAMPLES } = require('./session');

const FIXTURES = path.join(__dirname, 'scenarios', 'workflows');
/** Where the examples send alerts and reports; users replace it with their own endpoint. */
const PLACEHOLDER_HOOKS = 'https://hooks.example.com/';

/**
 * @param judge  (session, scenario, ctx, meta) => row, the runner's judge
 * @returns one row per scenario (with `executions`: how many n8n executions it caused)
 */
async function runServerScenarios(session, scenarios, { judge }) {
	if (scenarios.length === 0) return [];
	const { n8n, simulator } = session;
	const receiver = await startReceiver();
	const startedAt = Date.now();
	const contexts = new Map(
		scenarios.map((scenario) => [
			scenario,
			{ userFolder: session.userFolder, wrongKey: session.keys.wrongKey, receiver },
		]),
	);
	try {
		const imported = await importWorkflows(
			session,
			scenarios.flatMap((scenario) => scenario.workflows),
			receiver.url,
		);
		for (const id of scenarios.flatMap((scenario) => scenario.publish))
			await activate(n8n, id, { errorTriggerOnly: imported.get(id)?.errorTriggerOnly });
		const since = lastRequestId(await simulator.requests());
		const { handle, baseUrl } = await n8n.startServer(await freePort());
		const serverStartedAt = Date.now();
		let serverLog = '';
		try {
			for (const hook of scenarios.flatMap((scenario) => scenario.webhooks ?? []))
				await waitForWebhook(handle, `${baseUrl}/webhook/${hook.path}`, hook.method);
			const driven = await Promise.allSettled(
				scenarios.map((scenario) =>
					scenario.drive({
						...contexts.get(scenario),
						simulator,
						baseUrl,
						call: webhookCaller(baseUrl),
					}),
				),
			);
			driven.forEach((outcome, index) =>
				Object.assign(
					contexts.get(scenarios[index]),
					outcome.status === 'fulfilled'
						? { driven: outcome.value }
						: { driveError: outcome.reason },
				),
			);
		} finally {
			const stopAsked = Date.now();
			await processes.stop(handle, 45_000);
			n8n.outputs.push(handle.output());
			serverLog = handle.output();
			for (const ctx of contexts.values())
				Object.assign(ctx, {
					serverLog,
					stopAsked,
					serverSeconds: (stopAsked - serverStartedAt) / 1000,
				});
		}
		const view = {
			requests: await simulator.requests(since),
			tasks: await simulator.tasks(),
			executions: await savedExecutions(session),
		};
		return scenarios.map((scenario) => {
			const ctx = Object.assign(contexts.get(scenario), view, {
				receiverCalls: [...receiver.calls],
			});
			const row = judge(session, scenario, ctx, {
				title: scenario.title,
				how: 'n8n start (shared)',
				seconds: (Date.now() - startedAt) / 1000,
			});
			if (ctx.driveError)
				row.checks.failures.unshift({
					label: 'the scenario ran to its end',
					differences: [
						{
							path: '',
							expected: 'no error',
							actual: String(ctx.driveError.stack ?? ctx.driveError),
						},
					],
				});
			if (
				row.checks.failures.length > 0 &&
				!row.summary.out.some((line) => line.startsWith('n8n start printed'))
			)
				row.summary.out.push('n8n start printed (last lines):', ...tail(serverLog, 25).split('\n'));
			return { ...row, executions: scenario.executions(ctx) };
		});
	} finally {
		await receiver.close();
	}
}

/**
 * Imports each workflow with the placeholder hook URLs pointed at the receiver (overwrites by id).
 * Returns id → { errorTriggerOnly } (a workflow whose only trigger is an Error Trigger).
 */
async function importWorkflows(session, files, receiverUrl) {
	const folder = path.join(session.root, 'server-import');
	fs.mkdirSync(folder, { recursive: true });
	const imported = new Map();
	for (const file of files) {
		const source = fs.existsSync(path.join(FIXTURES, file))
			? path.join(FIXTURES, file)
			: path.join(EXAMPLES, file);
		const text = fs.readFileSync(source, 'utf8').split(PLACEHOLDER_HOOKS).join(`${receiverUrl}/`);
		fs.writeFileSync(path.join(folder, file), text);
		const workflow = JSON.parse(text);
		const triggers = workflow.nodes.filter((node) => /trigger|webhook/i.test(node.type));
		imported.set(workflow.id, {
			errorTriggerOnly:
				triggers.length > 0 &&
				triggers.every((node) => node.type === 'n8n-nodes-base.errorTrigger'),
		});
	}
	await session.n8n.cliOrThrow(['import:workflow', '--separate', `--input=${folder}`]);
	return imported;
}

/** n8n's saved executions (id, workflowId, status, mode, times), read through its own export. */
async function savedExecutions(session) {
	const folder = path.join(session.root, 'server-export');
	const keyFile = path.join(session.root, 'server-export-key.txt');
	const key = crypto.randomBytes(24).toString('hex');
	fs.writeFileSync(keyFile, key);
	await session.n8n.cliOrThrow([
		'export:entities',
		`--outputDir=${folder}`,
		'--includeExecutionHistoryDataTables=true',
		`--keyFile=${keyFile}`,
	]);
	const rows =
		readEntitiesExport(folder, key).find((entry) => entry.name === 'executionentity.jsonl')?.rows ??
		[];
	return rows.map((row) => ({
		id: String(row.id),
		workflowId: row.workflowId,
		status: row.status,
		mode: row.mode,
		createdAt: Date.parse(row.createdAt),
		stoppedAt: Date.parse(row.stoppedAt),
	}));
}

/**
 * n8n 2.x publishes a workflow (an error workflow too: 2.x runs only published ones). n8n 1.x has
 * no publish command: it sets the workflow active instead, except an error workflow, which 1.x
 * runs unpublished and cannot activate (it has no trigger n8n could start).
 */
async function activate(n8n, id, { errorTriggerOnly = false } = {}) {
	const published = await n8n.cli(['publish:workflow', `--id=${id}`]);
	if (published.code === 0 || errorTriggerOnly) return;
	const updated = await n8n.cli(['update:workflow', `--id=${id}`, '--active=true']);
	if (updated.code !== 0)
		throw new Error(
			`could not activate workflow ${id}:\n${tail(published.output, 10)}\n${tail(updated.output, 10)}`,
		);
}

/**
 * Production webhooks are registered seconds after /healthz. A request with another method than
 * the webhook's answers 404 "not registered for <method> requests" once the path exists (a probe
 * with the webhook's own method would run the workflow).
 */
async function waitForWebhook(handle, url, method) {
	const probeMethod = method === 'GET' ? 'POST' : 'GET';
	const pattern = new RegExp(`not registered for ${probeMethod}`, 'i');
	await waitFor(
		`webhook ${method} ${url}`,
		handle,
		async () => {
			const probe = await request(url, { method: probeMethod });
			const text = await probe.body.text();
			return probe.statusCode === 404 && pattern.test(text);
		},
		90_000,
	);
}

/** call(method, path, body?) → { status, body, sentAt, answeredAt, seconds } */
function webhookCaller(baseUrl) {
	return async (method, route, body) => {
		const sentAt = Date.now();
		const response = await request(`${baseUrl}${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			headersTimeout: 120_000,
			bodyTimeout: 120_000,
		});
		const text = await response.body.text();
		const answeredAt = Date.now();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return {
			status: response.statusCode,
			body: parsed,
			sentAt,
			answeredAt,
			seconds: (answeredAt - sentAt) / 1000,
		};
	};
}

const lastRequestId = (requests) => requests.reduce((max, entry) => Math.max(max, entry.id), 0);

module.exports = { runServerScenarios, PLACEHOLDER_HOOKS };
