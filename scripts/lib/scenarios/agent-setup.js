// What the two AI Agent scenarios share: one scripted model server per run (started on first
// use, stopped by the runner's clean-up like the simulator), the OpenAI credential pointing at
// it, a test copy of example 06 with one chat message per case, and readers for what the model
// was sent.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { startModelServer } = require('../model-server');

const EXAMPLE_FILE = path.join(__dirname, '..', '..', '..', 'examples', '06-ai-agent-tools.json');
const OPENAI_CREDENTIAL = { id: 'ai302OpenAiCred1', name: 'OpenAI account' };
const WRONG_CREDENTIAL = { id: 'ai302WrongKey01', name: '302.AI API (wrong key)' };
const CASES_ID = 'ai302AgentTest01';
/** The documented default of Tool Output Limit: every answer must fit it (deliberately not read from the example). */
const CAP = 20000;
const TOOLS = {
	code: 'Run_code',
	browser: 'Browser_agent',
	json: 'Run_code_parsing_JSON',
	wrong: 'Run_code_with_wrong_key',
};
const FIBONACCI = 'a, b = 0, 1\nfor _ in range(30):\n    a, b = b, a + b\nprint(a)';
const LONG_CHAT_BYTES = 150 * 1024;

const example = () => JSON.parse(fs.readFileSync(EXAMPLE_FILE, 'utf8'));
const exampleText = (workflow) =>
	workflow.nodes.find((node) => node.name === 'Chat message').parameters.assignments.assignments[0]
		.value;

/** Every chat message of the run and what the scripted model does with it. */
function scriptedCases(workflow) {
	const code = (marker, source) => ({
		tool: TOOLS.code,
		args: { language: 'python', code: `# ${marker}\n${source}` },
	});
	return [
		{
			name: 'example',
			text: exampleText(workflow),
			turns: [
				{ tool: TOOLS.code, args: { language: 'python', code: FIBONACCI } },
				{
					tool: TOOLS.browser,
					args: {
						task: 'Find the title of the top story on news.ycombinator.com right now. [sim run=2500 result=json]',
					},
				},
			],
		},
		{
			name: 'big-stdout',
			text: '[case big-stdout] Print 200 KB of x.',
			turns: [code('big-stdout', 'print("x" * 200000)')],
		},
		{
			name: 'big-json',
			text: '[case big-json] Make a 200 KB JSON table.',
			turns: [
				{
					...code(
						'big-json',
						'import json\nprint(json.dumps({"rows": [{"id": i, "name": "row %d" % i, "note": "n" * 40} for i in range(2700)]}))',
					),
					tool: TOOLS.json,
				},
			],
		},
		{
			name: 'big-browser',
			text: '[case big-browser] Collect a 100 KB record.',
			turns: [
				{
					tool: TOOLS.browser,
					args: { task: 'Collect every field of the record. [sim run=1500 resultKeys=720]' },
				},
			],
		},
		{
			name: 'long-chat',
			text: `[case long-chat] ${'Pasted text. '.repeat(Math.ceil(LONG_CHAT_BYTES / 13))}`,
			turns: [code('long-chat', 'print("short answer")')],
		},
		{
			name: 'wrong-key',
			text: '[case wrong-key] Run one line.',
			turns: [{ ...code('wrong-key', 'print(1)'), tool: TOOLS.wrong }],
		},
	];
}

/**
 * The example with one chat message per case (a Code node instead of the Set node) and two more
 * tools: a copy of Run code that parses stdout as JSON, and one with the wrong key. n8n's AI Agent
 * mixes up tool results of items that need different numbers of tool rounds (seen in 2.40.7),
 * so this copy holds only single-round cases; the two-round example runs on its own.
 */
function casesWorkflow(workflow, cases) {
	const copy = structuredClone(workflow);
	copy.id = CASES_ID;
	copy.name = '302.AI e2e: AI Agent tool cases (copy of example 06)';
	Object.assign(
		copy.nodes.find((node) => node.name === 'Chat message'),
		{
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: {
				mode: 'runOnceForAllItems',
				jsCode: `return ${JSON.stringify(cases.map((entry) => ({ json: { chatInput: entry.text } })))};`,
			},
		},
	);
	const runCode = copy.nodes.find((node) => node.name === 'Run code');
	const parsing = {
		...structuredClone(runCode),
		id: `${runCode.id.slice(0, -4)}0a01`,
		name: 'Run code parsing JSON',
		position: [900, 240],
	};
	parsing.parameters.options = { ...parsing.parameters.options, stdoutFormat: 'json' };
	const wrong = {
		...structuredClone(runCode),
		id: `${runCode.id.slice(0, -4)}0a02`,
		name: 'Run code with wrong key',
		position: [1080, 240],
		credentials: { ai302Api: WRONG_CREDENTIAL },
	};
	for (const node of [parsing, wrong]) {
		copy.nodes.push(node);
		copy.connections[node.name] = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] };
	}
	return copy;
}

const setups = new WeakMap();

/** Starts the model server and imports its credential and the cases workflow, once per run. */
function agentSetup(session) {
	if (!setups.has(session)) setups.set(session, startOnce(session));
	return setups.get(session);
}

async function startOnce(session) {
	const workflow = example();
	const cases = scriptedCases(workflow);
	const modelKey = `sk-model-${crypto.randomBytes(12).toString('hex')}`;
	const folder = fs.mkdtempSync(path.join(session.root, 'agent-'));
	const model = await startModelServer({
		folder,
		script: {
			apiKey: modelKey,
			cases: cases.map(({ text, turns }) => ({ match: text.slice(0, 60), turns })),
		},
	});
	const credentialsFile = path.join(folder, 'openai-credential.json');
	fs.writeFileSync(
		credentialsFile,
		JSON.stringify([
			{
				...OPENAI_CREDENTIAL,
				type: 'openAiApi',
				data: { apiKey: modelKey, url: `${model.url}/v1` },
			},
		]),
	);
	await session.n8n.cliOrThrow(['import:credentials', `--input=${credentialsFile}`]);
	fs.rmSync(credentialsFile);
	const workflowFile = path.join(folder, 'cases-workflow.json');
	fs.writeFileSync(workflowFile, JSON.stringify(casesWorkflow(workflow, cases.slice(1))));
	await session.n8n.cliOrThrow(['import:workflow', `--input=${workflowFile}`]);
	return { model, modelKey, cases };
}

/** A scenario's `prepare`: the model requests made during its run, and the shared facts. */
async function prepareAgentRun(session) {
	const setup = await agentSetup(session);
	const since = (await setup.model.requests()).length;
	return {
		collect: async () => ({
			modelRequests: (await setup.model.requests()).slice(since),
			modelKey: setup.modelKey,
			cases: setup.cases,
			keys: session.keys,
		}),
	};
}

// ---- reading what the model was sent ----

const userText = (request) =>
	String(request.body?.messages?.find((message) => message.role === 'user')?.content ?? '');
const requestsOf = (ctx, entry) =>
	ctx.modelRequests.filter((request) => userText(request) === entry.text);
/** Tool messages of a conversation's last request, in order: { name, content, bytes }. */
function toolResults(request) {
	const messages = request?.body?.messages ?? [];
	const names = new Map(
		messages.flatMap((message) =>
			(message.tool_calls ?? []).map((call) => [call.id, call.function.name]),
		),
	);
	return messages
		.filter((message) => message.role === 'tool')
		.map((message) => ({
			name: names.get(message.tool_call_id),
			content: message.content,
			bytes: Buffer.byteLength(message.content),
		}));
}
const finalAnswer = (results) =>
	`Final answer. ${results.map((result) => `Tool ${result.name} returned: ${result.content}`).join('\n')}`;
const parse = (text) => {
	try {
		return JSON.parse(text);
	} catch {
		return `(not JSON: ${String(text).slice(0, 80)})`;
	}
};

/** The tools the model is offered, as it saw them: { name: { description, parameters } }. */
function offeredTools(request) {
	return Object.fromEntries(
		(request?.body?.tools ?? []).map((tool) => [
			tool.function.name,
			{ description: tool.function.description, parameters: tool.function.parameters },
		]),
	);
}

/** Neither 302 key in anything n8n sent the model (bodies and headers), and the model's own key in every request. */
function checkModelRequests(checks, ctx) {
	const { keys } = ctx;
	const leaks = ctx.modelRequests.filter((request) =>
		[keys.apiKey, keys.wrongKey].some(
			(key) => request.raw.includes(key) || JSON.stringify(request.headers).includes(key),
		),
	);
	checks.expect(
		'302 API keys found in requests to the model (bodies and headers)',
		leaks.map((request) => request.id),
		[],
	);
	checks.expect(
		"every model request carries the model credential's key, not a 302 key",
		[...new Set(ctx.modelRequests.map((request) => request.headers.authorization))],
		[`Bearer ${ctx.modelKey}`],
	);
}

module.exports = {
	CAP,
	CASES_ID,
	FIBONACCI,
	LONG_CHAT_BYTES,
	TOOLS,
	prepareAgentRun,
	requestsOf,
	toolResults,
	finalAnswer,
	parse,
	offeredTools,
	checkModelRequests,
};
