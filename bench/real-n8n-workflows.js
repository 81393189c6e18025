'use strict';
// The workflows the real-n8n benchmarks import (built here so the simulator's URL and the task
// schedule can be filled in). Node types are those of n8n 2.40.7 and of the packed package.

const CREDENTIALS = {
	ai302: { id: 'benchAi302Cred01', name: '302.AI API (bench)' },
	header: { id: 'benchHeaderAuth01', name: '302.AI bearer header (bench)' },
};

const node = (name, type, typeVersion, position, parameters, extra = {}) => ({
	id: `bench-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
	name,
	type,
	typeVersion,
	position: [position * 220, 0],
	parameters,
	...extra,
});
const trigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {});
const link = (...names) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);
const workflow = (id, name, nodes, connections) => ({
	id,
	name,
	active: false,
	settings: { executionOrder: 'v1' },
	nodes,
	connections,
	pinData: {},
});

/** A Code node that emits one item per task text: { task }. */
function tasksNode(taskTexts) {
	return node('Tasks', 'n8n-nodes-base.code', 2, 1, {
		jsCode: `return ${JSON.stringify(taskTexts)}.map((task) => ({ json: { task } }));`,
	});
}

/** Our node: all tasks created, then polled together. */
function browserNodeWorkflow(taskTexts, intervalS) {
	const browser = node(
		'302 Browser Task',
		'n8n-nodes-302ai.ai302BrowserTask',
		1,
		2,
		{
			operation: 'create',
			task: '={{ $json.task }}',
			waitForCompletion: true,
			pollInterval: intervalS,
			maxWaitTime: 300,
			options: {},
		},
		{ credentials: { ai302Api: CREDENTIALS.ai302 } },
	);
	return workflow(
		'benchBrowserNode',
		'bench: 302 Browser Task node, 20 tasks',
		[trigger(), tasksNode(taskTexts), browser],
		link('Start', 'Tasks', '302 Browser Task'),
	);
}

/**
 * What a user builds without our node, with n8n's own nodes: Loop Over Items (one task at a time)
 * -> HTTP Request "Create task" -> Wait 1 s -> HTTP Request "Get task" -> If finished/fail:
 * true goes back to the loop for the next task, false back to Wait. The usual n8n polling loop.
 */
function httpLoopWorkflow(taskTexts, intervalS, baseUrl) {
	const auth = { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' };
	const credentials = { credentials: { httpHeaderAuth: CREDENTIALS.header } };
	const nodes = [
		trigger(),
		tasksNode(taskTexts),
		node('Loop Over Items', 'n8n-nodes-base.splitInBatches', 3, 2, { options: {} }),
		node(
			'Create task',
			'n8n-nodes-base.httpRequest',
			4.2,
			3,
			{
				method: 'POST',
				url: `${baseUrl}/302/browser/submit`,
				...auth,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ task: $json.task }) }}',
				options: {},
			},
			credentials,
		),
		node(
			'Wait',
			'n8n-nodes-base.wait',
			1.1,
			4,
			{ amount: intervalS, unit: 'seconds' },
			{ webhookId: 'bench-wait-poll' },
		),
		node(
			'Get task',
			'n8n-nodes-base.httpRequest',
			4.2,
			5,
			{
				url: `=${baseUrl}/302/browser/tasks/{{ $json.task_id }}`,
				...auth,
				options: {},
			},
			credentials,
		),
		node('Done?', 'n8n-nodes-base.if', 2.2, 6, {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: ['finished', 'fail'].map((status) => ({
					id: `status-${status}`,
					leftValue: '={{ $json.status }}',
					rightValue: status,
					operator: { type: 'string', operation: 'equals' },
				})),
				combinator: 'or',
			},
			options: {},
		}),
		node('All tasks', 'n8n-nodes-base.noOp', 1, 3),
	];
	const to = (name) => [{ node: name, type: 'main', index: 0 }];
	const connections = {
		...link('Start', 'Tasks', 'Loop Over Items'),
		'Loop Over Items': { main: [to('All tasks'), to('Create task')] },
		...link('Create task', 'Wait', 'Get task', 'Done?'),
		'Done?': { main: [to('Loop Over Items'), to('Wait')] },
	};
	return workflow(
		'benchHttpLoop',
		'bench: HTTP Request polling loop, 20 tasks',
		nodes,
		connections,
	);
}

// Both download workflows: warm the download path with 1 MB, wait for n8n to settle after its
// start-up (RSS still climbs for a second or two after the run begins), then the big file.
const SETTLE_SECONDS = 3;
const settle = (position) =>
	node(
		'Settle',
		'n8n-nodes-base.wait',
		1.1,
		position,
		{ amount: SETTLE_SECONDS, unit: 'seconds' },
		{ webhookId: 'bench-wait-settle' },
	);

/** Our node: create a sandbox, then file › download of generated files into binary data. */
function bigDownloadWorkflow(bytes, id) {
	const sandbox = (name, position, parameters) =>
		node(name, 'n8n-nodes-302ai.ai302CodeSandbox', 1, position, parameters, {
			credentials: { ai302Api: CREDENTIALS.ai302 },
		});
	const download = (path) => ({
		resource: 'file',
		operation: 'download',
		sandboxId: '={{ $json.sandbox_id }}',
		path,
		options: { downloadFiles: true },
	});
	const nodes = [
		trigger(),
		sandbox('Create sandbox', 1, { resource: 'sandbox', operation: 'create', maxAliveTime: 600 }),
		sandbox('Warm-up 1 MB', 2, download(`/generated/${1024 * 1024}/warm.bin`)),
		settle(3),
		sandbox('Download big file', 4, download(`/generated/${bytes}/big.bin`)),
	];
	const connections = link(
		'Start',
		'Create sandbox',
		'Warm-up 1 MB',
		'Settle',
		'Download big file',
	);
	return workflow(
		id,
		`bench: ${bytes / 1024 / 1024} MB file into binary data (302 Code Sandbox)`,
		nodes,
		connections,
	);
}

/** Baseline: n8n's own HTTP Request node (response format File, streamed) fetching the same URL. */
function httpBigDownloadWorkflow(bytes, baseUrl, id) {
	const fetchFile = (name, position, size, fileName) =>
		node(name, 'n8n-nodes-base.httpRequest', 4.2, position, {
			url: `${baseUrl}/files/generated/${size}/${fileName}`,
			options: { response: { response: { responseFormat: 'file' } } },
		});
	const nodes = [
		trigger(),
		fetchFile('Warm-up 1 MB', 1, 1024 * 1024, 'warm.bin'),
		settle(2),
		fetchFile('Download big file', 3, bytes, 'big.bin'),
	];
	const connections = link('Start', 'Warm-up 1 MB', 'Settle', 'Download big file');
	return workflow(
		id,
		`bench: ${bytes / 1024 / 1024} MB file into binary data (HTTP Request node)`,
		nodes,
		connections,
	);
}

function credentialsFor({ apiKey, baseUrl }) {
	return [
		{ ...CREDENTIALS.ai302, type: 'ai302Api', data: { apiKey, baseUrl } },
		{
			...CREDENTIALS.header,
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${apiKey}` },
		},
	];
}

module.exports = {
	browserNodeWorkflow,
	httpLoopWorkflow,
	bigDownloadWorkflow,
	httpBigDownloadWorkflow,
	credentialsFor,
};
