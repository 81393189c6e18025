// The workflows of the queue-mode run, built here (not examples: they exist to be checked).
'use strict';

const CREDENTIAL = { id: 'qmCred01', name: '302.AI API (queue e2e)' };
const credentials = { ai302Api: CREDENTIAL };
const BROWSER = 'n8n-nodes-302ai.ai302BrowserTask';
const SANDBOX = 'n8n-nodes-302ai.ai302CodeSandbox';
const CSV = 'order,amount\n1,120.5\n2,80\n';

let nodeCounter = 0;
function node(name, type, typeVersion, parameters, extra = {}) {
	nodeCounter++;
	return {
		id: `00000000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`,
		name,
		type,
		typeVersion,
		position: [nodeCounter * 220, 0],
		parameters,
		...extra,
	};
}

function webhook(path, { responseMode = 'lastNode', responseData = 'firstEntryJson' } = {}) {
	return node(
		`POST /webhook/${path}`,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path, responseMode, responseData, options: {} },
		{
			webhookId: `5f0c3020-7a1e-4c7b-9d2a-${String(path.length).padStart(4, '0')}${Buffer.from(path).toString('hex').slice(0, 8)}`,
		},
	);
}

function chain(...nodes) {
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return connections;
}

function workflow(id, name, nodes, settings = {}) {
	return {
		id,
		name,
		active: false,
		nodes,
		connections: chain(...nodes),
		settings: { executionOrder: 'v1', ...settings },
		pinData: {},
	};
}

/** Webhook → Browser Task (create and wait) → the webhook answers the task's output. */
function browserWorkflow() {
	const trigger = webhook('qm-browser');
	const task = node(
		'Browser task',
		BROWSER,
		1,
		{
			operation: 'create',
			task: '={{ $json.body.task }}',
			waitForCompletion: true,
			pollInterval: 1,
			maxWaitTime: 120,
			options: {},
		},
		{ credentials },
	);
	return workflow('qmBrowser01', 'queue e2e: webhook → browser task', [trigger, task]);
}

/** The crash-safe pattern: Create without waiting → Get with waiting, Save execution progress on. */
function crashSafeWorkflow() {
	const trigger = webhook('qm-crash', { responseMode: 'onReceived' });
	const create = node(
		'Create task',
		BROWSER,
		1,
		{ operation: 'create', task: '={{ $json.body.task }}', waitForCompletion: false, options: {} },
		{ credentials },
	);
	const get = node(
		'Wait for task',
		BROWSER,
		1,
		{
			operation: 'get',
			taskId: '={{ $json.task_id }}',
			waitForCompletion: true,
			pollInterval: 1,
			maxWaitTime: 600,
			options: {},
		},
		{ credentials },
	);
	return workflow('qmCrash01', 'queue e2e: create → get (crash-safe)', [trigger, create, get], {
		saveExecutionProgress: true,
	});
}

/** Webhook → Code Sandbox writes report.csv → the webhook answers with the file (binary). */
function fileWorkflow() {
	const trigger = webhook('qm-file', { responseData: 'firstEntryBinary' });
	const code = `with open("/home/user/report.csv", "w") as f:\n    f.write(${JSON.stringify(CSV)})\nprint("ok")\n`;
	const run = node(
		'Make report',
		SANDBOX,
		1,
		{
			resource: 'code',
			operation: 'run',
			language: 'python',
			code,
			timeout: 60,
			options: {
				returnFiles: true,
				downloadPath: '/home/user/report.csv',
				downloadFiles: true,
				outputBinaryField: 'data',
			},
		},
		{ credentials },
	);
	return workflow('qmFile01', 'queue e2e: code sandbox file → webhook answer', [trigger, run]);
}

function allWorkflows() {
	return [browserWorkflow(), crashSafeWorkflow(), fileWorkflow()];
}

module.exports = { allWorkflows, CREDENTIAL, CSV };
