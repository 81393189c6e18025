// The workflow `npm run screenshots` creates in the throwaway n8n: one node per main operation
// of both nodes (so each panel opens straight from its URL, /workflow/<id>/<nodeId>), plus nodes
// whose Options collection holds every option (from the built description, so renamed or added
// options show up without editing this file).
'use strict';

const path = require('node:path');
const { REPO } = require('../package');
const { CREDENTIAL } = require('../session');

const SANDBOX = 'n8n-nodes-302ai.ai302CodeSandbox';
const BROWSER = 'n8n-nodes-302ai.ai302BrowserTask';

function description(node) {
	const file = path.join(REPO, 'dist', 'nodes', node, `${node}.node.js`);
	const NodeClass = require(file)[node];
	return new NodeClass().description;
}

/** Every option of the first Options collection shown for these parameters, at its default. */
function allOptions(node, parameters) {
	const collection = description(node).properties.find(
		(property) =>
			property.name === 'options' &&
			Object.entries(property.displayOptions?.show ?? {}).every(([name, values]) =>
				values.includes(parameters[name]),
			),
	);
	const options = {};
	for (const option of collection?.options ?? []) {
		const show = option.displayOptions?.show ?? {};
		const applies = Object.entries(show).every(([name, values]) =>
			values.includes(parameters[name.replace(/^\//, '')]),
		);
		if (applies) options[option.name] = option.default;
	}
	return options;
}

/** Code › Run's return-files options, set as a user would to get chart.txt back. */
const RETURN_FILES = {
	returnFiles: true,
	downloadPath: '/home/user/chart.txt',
	downloadFiles: true,
	outputBinaryField: 'chart',
};

const TASK = "Find today's weather in Guangzhou and answer as JSON with high, low and conditions";

/**
 * [id, name, type, parameters]; ids double as the panel screenshots' names.
 * @returns {Array<[string, string, string, Record<string, unknown>]>}
 */
function nodeList() {
	const codeRunFiles = { resource: 'code', operation: 'run', language: 'python' };
	const browserAll = { operation: 'create', task: TASK, waitForCompletion: true };
	return [
		[
			'code-run-python',
			'Code › Run (Python)',
			SANDBOX,
			{ resource: 'code', operation: 'run', language: 'python', options: { stdoutFormat: 'json' } },
		],
		[
			'code-run-bash',
			'Code › Run (Bash)',
			SANDBOX,
			{ resource: 'code', operation: 'run', language: 'bash' },
		],
		// Return Files on, so the three options that depend on it show too (points 3 and 6).
		[
			'code-run-files',
			'Code › Run, all options',
			SANDBOX,
			{
				...codeRunFiles,
				options: { ...allOptions('Ai302CodeSandbox', codeRunFiles), ...RETURN_FILES },
			},
		],
		[
			'code-runInSandbox',
			'Code › Run in Sandbox',
			SANDBOX,
			{
				resource: 'code',
				operation: 'runInSandbox',
				sandboxId: 'in4kel8o0ivuzqllab7ln-4b1cc5d5',
				language: 'js',
			},
		],
		[
			'command-run',
			'Command › Run',
			SANDBOX,
			{
				resource: 'command',
				operation: 'run',
				sandboxId: 'in4kel8o0ivuzqllab7ln-4b1cc5d5',
				command: 'ls -la /home/user',
			},
		],
		['sandbox-create', 'Sandbox › Create', SANDBOX, { resource: 'sandbox', operation: 'create' }],
		['sandbox-list', 'Sandbox › List', SANDBOX, { resource: 'sandbox', operation: 'list' }],
		[
			'sandbox-delete',
			'Sandbox › Delete',
			SANDBOX,
			{ resource: 'sandbox', operation: 'delete', sandboxId: 'in4kel8o0ivuzqllab7ln-4b1cc5d5' },
		],
		[
			'file-list',
			'File › List',
			SANDBOX,
			{ resource: 'file', operation: 'list', sandboxId: 'in4kel8o0ivuzqllab7ln-4b1cc5d5' },
		],
		[
			'file-upload',
			'File › Upload',
			SANDBOX,
			{ resource: 'file', operation: 'upload', sandboxId: 'in4kel8o0ivuzqllab7ln-4b1cc5d5' },
		],
		[
			'file-download',
			'File › Download',
			SANDBOX,
			{
				resource: 'file',
				operation: 'download',
				sandboxId: 'in4kel8o0ivuzqllab7ln-4b1cc5d5',
				path: '/home/user/report.csv',
			},
		],
		['browser-create', 'Browser › Create', BROWSER, { operation: 'create', task: TASK }],
		[
			'browser-create-options',
			'Browser › Create, all options',
			BROWSER,
			{ ...browserAll, options: allOptions('Ai302BrowserTask', browserAll) },
		],
		[
			'browser-create-nowait',
			'Browser › Create, no wait',
			BROWSER,
			{ operation: 'create', task: TASK, waitForCompletion: false },
		],
		[
			'browser-get',
			'Browser › Get',
			BROWSER,
			{ operation: 'get', taskId: '26cbe8e5-2386-4fd9-8043-ab460aa6b4cd' },
		],
	];
}

/** The body of POST /rest/workflows: nodes on a grid, all with the working credential. */
function screensWorkflow() {
	const nodes = nodeList().map(([id, name, type, parameters], index) => ({
		id,
		name,
		type,
		typeVersion: 1,
		position: [(index % 5) * 260, Math.floor(index / 5) * 220],
		parameters,
		credentials: { ai302Api: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
	}));
	return {
		name: '302 screenshots (throwaway)',
		nodes,
		connections: {},
		settings: {},
		active: false,
	};
}

/** The documentation links the codex files give n8n (README sections), by node type. */
function readmeLinks() {
	const codex = (node) =>
		require(path.join(REPO, 'dist', 'nodes', node, `${node}.node.json`)).resources;
	return {
		credential: codex('Ai302CodeSandbox').credentialDocumentation[0].url,
		'n8n-nodes-302ai.ai302CodeSandbox': codex('Ai302CodeSandbox').primaryDocumentation[0].url,
		'n8n-nodes-302ai.ai302BrowserTask': codex('Ai302BrowserTask').primaryDocumentation[0].url,
	};
}

module.exports = { screensWorkflow, nodeList, readmeLinks };
