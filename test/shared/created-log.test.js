'use strict';
// Every paid thing 302.AI creates (browser task, sandbox) is written to n8n's log at info level
// the moment the API returns its id, with the id, node, item, workflow and execution in the
// message text itself (n8n's default text log prints only the message). Runs through n8n-core:
// the node's `this.logger` is n8n's own Logger from the DI container.
const h = require('../harness');
const { ensureEnvironment } = require('../harness/environment');
const { useSimulator } = require('../helpers/useSimulator');

const KEY = 'sk-test-302-created-log';
const TASKS_PATH = '/302/browser/tasks/';

let sim;
let credentials;
let infoLines;
let spy;

useSimulator({ apiKeys: [KEY], browser: { queueMs: 100, runMs: 500, stepMs: 150 } }, (started) => {
	sim = started;
	credentials = { apiKey: KEY, baseUrl: sim.url };
});

beforeEach(async () => {
	const { Container } = await ensureEnvironment();
	const { Logger } = require('@n8n/backend-common');
	const logger = Container.get(Logger);
	infoLines = [];
	spy = jest.spyOn(logger, 'info').mockImplementation((message, metadata) => {
		// What the simulator had received when the line was written (order, not clock time).
		const requestsBefore = sim.requests.map((r) => `${r.method} ${r.path}`);
		infoLines.push({ message, metadata, requestsBefore });
	});
});
afterEach(() => spy.mockRestore());

const createdLines = () => infoLines.filter((line) => /^302\.AI .* created: /.test(line.message));

test('Browser Task › Create: one info line per task, written when submit returns, before the wait ends', async () => {
	const res = await h.runNode({
		type: 'ai302BrowserTask',
		name: 'Research',
		parameters: {
			task: '={{ $json.q }} [sim queue=0 run=1200]',
			pollInterval: 0.25,
			maxWaitTime: 20,
		},
		items: [{ json: { q: 'first' } }, { json: { q: 'second' } }],
		credentials,
	});
	expect(res.error).toBeUndefined();
	const ids = res.items.map((item) => item.json.task_id);
	const lines = createdLines();
	expect(lines.map((line) => line.metadata.id).sort()).toEqual([...ids].sort());
	for (const [itemIndex, id] of ids.entries()) {
		const line = lines.find((entry) => entry.metadata.id === id);
		expect(line.message).toMatch(
			new RegExp(
				`^302\\.AI browser task created: ${id} \\(node "Research", item ${itemIndex}, workflow harness, execution \\d+-\\d+\\)$`,
			),
		);
		expect(line.metadata).toMatchObject({
			created: 'browser task',
			id,
			nodeName: 'Research',
			itemIndex,
			workflowId: 'harness',
		});
		// Logged after the submit and before the first status poll of that task, so long before
		// the wait ended (the task was polled several times afterwards).
		const poll = `GET ${TASKS_PATH}${id}`;
		expect(line.requestsBefore).toContain('POST /302/browser/submit');
		expect(line.requestsBefore).not.toContain(poll);
		expect(sim.requests.filter((r) => `${r.method} ${r.path}` === poll).length).toBeGreaterThan(1);
	}
	expect(JSON.stringify(infoLines)).not.toContain(KEY);
});

test('Browser Task › Create: the id is in the log even when the execution is cancelled mid-wait', async () => {
	let taskId;
	const res = await h.runNode({
		type: 'ai302BrowserTask',
		parameters: { task: 'Long one [sim queue=0 run=60000]', pollInterval: 0.25, maxWaitTime: 120 },
		credentials,
		onStart: (handle) => {
			const timer = setInterval(() => {
				taskId = createdLines()[0]?.metadata.id;
				if (taskId) {
					clearInterval(timer);
					handle.cancel();
				}
			}, 20);
		},
	});
	expect(res.status).toBe('canceled');
	expect(taskId).toEqual(expect.any(String));
	expect(createdLines()).toHaveLength(1);
	expect(createdLines()[0].message).toContain(`browser task created: ${taskId} `);
});

test('Browser Task › Get and a failed submit write no "created" line', async () => {
	sim.addFault({
		match: { method: 'POST', path: '/302/browser/submit' },
		type: 'status',
		status: 400,
		times: 1,
	});
	const failed = await h.runNode({
		type: 'ai302BrowserTask',
		parameters: { task: 'Refused' },
		credentials,
	});
	expect(failed.status).toBe('error');
	const created = await h.runNode({
		type: 'ai302BrowserTask',
		parameters: { task: 'x [sim queue=0 run=0]', waitForCompletion: false },
		credentials,
	});
	infoLines = [];
	const got = await h.runNode({
		type: 'ai302BrowserTask',
		parameters: {
			operation: 'get',
			taskId: created.items[0].json.task_id,
			waitForCompletion: false,
		},
		credentials,
	});
	expect(got.error).toBeUndefined();
	expect(createdLines()).toEqual([]);
});

test('Code Sandbox › Sandbox › Create: the sandbox id is logged with item, workflow and execution', async () => {
	const res = await h.runNode({
		type: 'ai302CodeSandbox',
		name: 'Make sandbox',
		parameters: { resource: 'sandbox', operation: 'create', maxAliveTime: 300 },
		items: [{ json: {} }, { json: {} }],
		credentials,
	});
	expect(res.error).toBeUndefined();
	const ids = res.items.map((item) => item.json.sandbox_id);
	expect(ids).toHaveLength(2);
	const lines = createdLines();
	expect(lines.map((line) => line.message)).toEqual(
		expect.arrayContaining(
			ids.map((id, itemIndex) =>
				expect.stringMatching(
					new RegExp(
						`^302\\.AI sandbox created: ${id} \\(node "Make sandbox", item ${itemIndex}, workflow harness, execution \\d+-\\d+\\)$`,
					),
				),
			),
		),
	);
	expect(lines).toHaveLength(2);
});
