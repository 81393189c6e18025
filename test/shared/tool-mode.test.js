'use strict';
// Both nodes as AI Agent tools: the one Tool Output Limit (measured on what n8n sends the model:
// JSON.stringify of every output item's json) for every operation and output mode, the agent's
// input item kept away from 302.AI, files described instead of binary, errors for the model.
const path = require('node:path');

const h = require('../harness');
const { assertNoSecret } = require('../helpers/assertNoSecret');
const { useSimulator } = require('../helpers/useSimulator');

const tool = require(path.join(h.DIST, 'nodes', 'shared', 'tool'));

const KEY = 'sk-test-302-tool-mode';
const CODE = 'ai302CodeSandbox';
const BROWSER = 'ai302BrowserTask';
const DEFAULT_LIMIT = 20000;

let sim;
let credentials;

useSimulator({ apiKeys: [KEY], browser: { queueMs: 50, runMs: 300, stepMs: 100 } }, (started) => {
	sim = started;
	credentials = { apiKey: KEY, baseUrl: sim.url };
});

/** What n8n sends the model for a tool's output items. */
const modelText = (items) => JSON.stringify(items.map((item) => item.json));
const fastWait = { pollInterval: 0.25, maxWaitTime: 20 };

async function asTool(type, parameters, extra = {}) {
	const res = await h.runNode({
		type,
		parameters,
		credentials,
		asTool: true,
		items: [{ json: { chatInput: 'hi', toolCallId: 'call_0' } }],
		...extra,
	});
	assertNoSecret(res, KEY);
	return res;
}

describe('toToolAnswer (the shared cap)', () => {
	const items = (...jsons) => jsons.map((json) => ({ json }));

	test('an answer within the limit is unchanged apart from truncated: false', () => {
		expect(tool.toToolAnswer(items({ a: 1 }, { b: 'x' }), 100)).toEqual(
			items({ a: 1, truncated: false }, { b: 'x', truncated: false }),
		);
	});

	test('one huge string: cut to fit, valid JSON, marker with the original size', () => {
		const input = items({ stdout: 'x'.repeat(200_000), stderr: '', exit_code: 0 });
		const original = modelText(input).length;
		const answer = tool.toToolAnswer(input, 5000);
		const text = modelText(answer);
		expect(text.length).toBeLessThanOrEqual(5000);
		expect(text.length).toBeGreaterThan(4900);
		expect(answer[0].json).toMatchObject({
			stderr: '',
			exit_code: 0,
			truncated: true,
			original_chars: original,
			omitted_items: 0,
		});
		expect(answer[0].json.stdout).toMatch(/^x+\.\.\.$/);
	});

	test('an object with 800 keys keeps its first keys; short ids are never cut', () => {
		const fields = Object.fromEntries(
			Array.from({ length: 800 }, (_, i) => [`field_${i}`, 'v'.repeat(120)]),
		);
		const answer = tool.toToolAnswer(
			items({ task_id: '3f1c9a52-1111-4222-8333-444455556666', result_json: fields }),
			4000,
		);
		expect(modelText(answer).length).toBeLessThanOrEqual(4000);
		expect(answer[0].json.task_id).toBe('3f1c9a52-1111-4222-8333-444455556666');
		expect(Object.keys(answer[0].json.result_json)[0]).toBe('field_0');
		expect(Object.keys(answer[0].json.result_json).length).toBeLessThan(800);
	});

	test('many items: the first ones are kept and omitted_items counts the rest', () => {
		const input = Array.from({ length: 300 }, (_, step) => ({
			json: { step, memory: 'm'.repeat(300) },
		}));
		const answer = tool.toToolAnswer(input, 3000);
		expect(modelText(answer).length).toBeLessThanOrEqual(3000);
		expect(answer[0].json.step).toBe(0);
		expect(answer.at(-1).json.omitted_items).toBe(300 - answer.length);
	});

	test('every limit is kept, down to the smallest, for deep and wide answers', () => {
		const deep = {
			a: { b: { c: { d: Array.from({ length: 50 }, (_, i) => ({ i, text: 't'.repeat(200) })) } } },
		};
		for (const limit of [100, 150, 400, 1000, 7000]) {
			const text = modelText(tool.toToolAnswer(items(deep, deep, deep), limit));
			expect(text.length).toBeLessThanOrEqual(limit);
			expect(JSON.parse(text)[0].truncated).toBe(true);
		}
	});

	test('binary files are described (name, bytes, MIME type, URL), since n8n drops binary for the model', () => {
		const answer = tool.toToolAnswer(
			[
				{
					json: { fileUrl: 'http://x/files/1/a.csv' },
					binary: {
						data: {
							data: '',
							mimeType: 'text/csv',
							fileName: 'a.csv',
							bytes: 12,
							fileSize: '12 B',
						},
					},
				},
			],
			1000,
		);
		expect(answer[0].json.files).toEqual([
			{
				field: 'data',
				name: 'a.csv',
				bytes: 12,
				size: '12 B',
				mimeType: 'text/csv',
				url: 'http://x/files/1/a.csv',
			},
		]);
	});

	test('readToolOutputLimit: default, 0 = no limit, floor of 100, the old Browser Task name, bad values', () => {
		const node = { name: 'n', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };
		expect(tool.readToolOutputLimit(node, 0, {})).toBe(DEFAULT_LIMIT);
		expect(tool.readToolOutputLimit(node, 0, { toolOutputLimit: 0 })).toBe(Infinity);
		expect(tool.readToolOutputLimit(node, 0, { toolOutputLimit: 20 })).toBe(100);
		expect(tool.readToolOutputLimit(node, 0, { toolMaxOutputChars: 500 })).toBe(500);
		expect(
			tool.readToolOutputLimit(node, 0, { toolOutputLimit: 800, toolMaxOutputChars: 500 }),
		).toBe(800);
		expect(() => tool.readToolOutputLimit(node, 2, { toolOutputLimit: -1 })).toThrow(
			'Parameter "options.toolOutputLimit" must be 0 (no limit) or a positive number of characters, got -1',
		);
		expect(() => tool.readToolOutputLimit(node, 0, { toolMaxOutputChars: 'lots' })).toThrow(
			'Parameter "options.toolMaxOutputChars" must be',
		);
	});
});

describe('302 Code Sandbox as a tool', () => {
	test('200 KB of stdout reaches the model within the default limit, without the chunk arrays', async () => {
		const res = await asTool(CODE, {
			resource: 'code',
			operation: 'run',
			code: 'print("x" * 200000)',
		});
		expect(res.error).toBeUndefined();
		const text = modelText(res.items);
		expect(text.length).toBeLessThanOrEqual(DEFAULT_LIMIT);
		expect(res.items[0].json).toMatchObject({
			stderr: '',
			truncated: true,
			original_chars: 200_001 + '[{"stdout":"","stderr":""}]'.length + 1,
			omitted_items: 0,
		});
		expect(res.items[0].json).not.toHaveProperty('stdoutChunks');
	});

	test('200 KB of parsed JSON (Parse Output = JSON) is capped too', async () => {
		const code =
			'import json\nprint(json.dumps({"rows": [{"id": i, "name": "row %d" % i, "note": "n" * 40} for i in range(2500)]}))';
		const res = await asTool(CODE, {
			resource: 'code',
			operation: 'run',
			code,
			options: { stdoutFormat: 'json', toolOutputLimit: 8000 },
		});
		expect(res.error).toBeUndefined();
		expect(modelText(res.items).length).toBeLessThanOrEqual(8000);
		expect(res.items[0].json.truncated).toBe(true);
		expect(res.items[0].json.original_chars).toBeGreaterThan(190_000);
		expect(res.items[0].json).not.toHaveProperty('stdout'); // the parsed rows are the same data
		expect(res.items[0].json.rows[0]).toEqual({ id: 0, name: 'row 0', note: 'n'.repeat(40) });
	});

	test("the agent's input item (a 150 KB chat message) is not sent to 302.AI unless Pass Item Data is switched on", async () => {
		const chatInput = 'c'.repeat(150 * 1024);
		const items = [{ json: { chatInput, toolCallId: 'call_0' } }];
		const off = await asTool(
			CODE,
			{ resource: 'code', operation: 'run', code: 'print("ok")' },
			{ items },
		);
		expect(off.error).toBeUndefined();
		expect(off.items[0].json).toEqual({ stdout: 'ok\n', stderr: '', truncated: false });
		const sent = sim.requests.filter((r) => r.path === '/302/sandbox/direct_run_code');
		expect(sent.map((r) => r.body)).toEqual([
			{ language: 'python', code: 'print("ok")', timeout: 60 },
		]);

		sim.clearLog();
		const on = await asTool(
			CODE,
			{
				resource: 'code',
				operation: 'run',
				code: 'import os\nprint(len(os.environ["N8N_ITEM"]))',
				options: { passItemData: true },
			},
			{ items: [{ json: { chatInput: 'small' } }] },
		);
		expect(on.items[0].json.stdout).toBe(
			`${JSON.stringify({ chatInput: 'small', toolCallId: 'call_0' }).length}\n`,
		);
	});

	test('a returned file is described for the model: name, bytes, MIME type and URL', async () => {
		const code = 'open("/home/user/report.csv", "w").write("a,b\\n1,2\\n")\nprint("written")';
		const res = await asTool(CODE, {
			resource: 'code',
			operation: 'run',
			code,
			options: { returnFiles: true, downloadPath: '/home/user/report.csv' },
		});
		expect(res.error).toBeUndefined();
		const { fileUrl, files } = res.items[0].json;
		expect(fileUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/[^/]+\/report\.csv$/);
		expect(files).toEqual([
			{
				field: 'data',
				name: 'report.csv',
				bytes: 8,
				size: expect.any(String),
				mimeType: 'text/csv',
				url: fileUrl,
			},
		]);
	});

	test('command output and sandbox lists are capped the same way', async () => {
		const created = await h.runNode({
			type: CODE,
			parameters: { resource: 'sandbox', operation: 'create' },
			credentials,
		});
		const sandboxId = created.items[0].json.sandbox_id;
		const cmd = await asTool(CODE, {
			resource: 'command',
			operation: 'run',
			sandboxId,
			command: 'head -c 9000 /dev/zero | tr "\\0" "z"',
			options: { toolOutputLimit: 1000 },
		});
		expect(modelText(cmd.items).length).toBeLessThanOrEqual(1000);
		expect(cmd.items[0].json).toMatchObject({ exit_code: 0, truncated: true });
		const list = await asTool(CODE, { resource: 'sandbox', operation: 'list' });
		expect(list.items.map((item) => item.json.truncated)).toEqual(list.items.map(() => false));
		expect(list.items.some((item) => item.json.sandbox_id === sandboxId)).toBe(true);
	});

	test('a failing call gives the model one readable message: what failed and what to do', async () => {
		const res = await h.runNode({
			type: CODE,
			parameters: { resource: 'code', operation: 'run', code: 'print(1)' },
			credentials: { apiKey: 'sk-wrong-tool-key-1234', baseUrl: sim.url },
			asTool: true,
		});
		expect(res.error.message).toBe(
			'302.AI POST /302/sandbox/direct_run_code failed (HTTP 401, err_code -10002): Invalid API key. The API key or this tool is disabled or deleted. Check the key at https://dash.302.ai/apis/list or create a new one.',
		);
		assertNoSecret(res, 'sk-wrong-tool-key-1234');
	});
});

describe('302 Browser Task as a tool', () => {
	test('a result object of 800 fields (about 110 KiB) reaches the model within the limit', async () => {
		const res = await asTool(BROWSER, {
			task: 'Collect every field [sim run=200 resultKeys=800]',
			...fastWait,
		});
		expect(res.error).toBeUndefined();
		expect(modelText(res.items).length).toBeLessThanOrEqual(DEFAULT_LIMIT);
		expect(res.items[0].json).toMatchObject({
			status: 'finished',
			is_successful: true,
			truncated: true,
		});
		expect(res.items[0].json.result.field_0001).toBe('value 1 '.padEnd(120, '.'));
		expect(res.items[0].json.original_chars).toBeGreaterThan(200_000);
	});

	test('a saved workflow with the old option name (toolMaxOutputChars) still applies its value', async () => {
		const res = await asTool(BROWSER, {
			task: 'Collect [sim run=200 resultKeys=100]',
			...fastWait,
			options: { toolMaxOutputChars: 600 },
		});
		expect(modelText(res.items).length).toBeLessThanOrEqual(600);
		expect(res.items[0].json.task_id).toBe([...sim.tasks.keys()].pop());
	});

	test('raw output keeps its steps, shortened, and one item per step drops the surplus steps', async () => {
		const raw = await asTool(BROWSER, {
			task: 'Long pages [sim run=300 steps=6 stepBytes=5000]',
			...fastWait,
			options: { outputMode: 'raw', toolOutputLimit: 3000 },
		});
		expect(modelText(raw.items).length).toBeLessThanOrEqual(3000);
		expect(raw.items[0].json).toMatchObject({ status: 'finished', truncated: true });
		expect(Array.isArray(raw.items[0].json.steps)).toBe(true);

		const steps = await asTool(BROWSER, {
			task: 'Long pages [sim run=300 steps=6 stepBytes=5000]',
			...fastWait,
			options: { outputMode: 'steps', toolOutputLimit: 3000 },
		});
		expect(modelText(steps.items).length).toBeLessThanOrEqual(3000);
		expect(steps.items.at(-1).json.omitted_items).toBe(6 - steps.items.length);
	});

	test('a bad Tool Output Limit fails before any request', async () => {
		const res = await asTool(BROWSER, { task: 'x', ...fastWait, options: { toolOutputLimit: -5 } });
		expect(res.error.message).toMatch(
			/^Parameter "options.toolOutputLimit" must be 0 \(no limit\) or a positive number of characters, got -5/,
		);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('what the model and the editor are told', () => {
	const load = (file, name) =>
		new (require(path.join(h.DIST, 'nodes', file, `${file}.node.js`))[name])().description;
	const nodes = [
		load('Ai302CodeSandbox', 'Ai302CodeSandbox'),
		load('Ai302BrowserTask', 'Ai302BrowserTask'),
	];
	const limitOptions = (description) =>
		description.properties
			.filter((property) => property.name === 'options')
			.flatMap((collection) =>
				collection.options.filter((option) => option.name === 'toolOutputLimit'),
			);

	test('every operation has an action text that says what it costs; each node has a tool description', () => {
		for (const description of nodes) {
			expect(description.usableAsTool.replacements.description).toMatch(/costs money/);
			const actions = description.properties
				.filter((property) => property.name === 'operation')
				.flatMap((property) => property.options.map((option) => option.action));
			expect(actions.length).toBeGreaterThan(1);
			for (const action of actions) expect(action).toMatch(/ (billed [a-z ]+|free of charge)$/);
		}
	});

	test('one Tool Output Limit: same name, label and meaning in both nodes, in every Options collection, label short enough for the panel', () => {
		const found = nodes.map(limitOptions);
		const codeCollections = nodes[0].properties.filter(
			(property) => property.name === 'options',
		).length;
		expect(found[0]).toHaveLength(codeCollections);
		expect(found[1]).toHaveLength(1);
		const distinct = new Set(
			found.flat().map((option) => JSON.stringify({ ...option, displayOptions: undefined })),
		);
		expect(distinct.size).toBe(1);
		const [option] = found[0];
		expect(option).toMatchObject({
			displayName: 'Tool Output Limit',
			type: 'number',
			default: DEFAULT_LIMIT,
		});
		expect(option.displayName.length).toBeLessThanOrEqual(24);
	});
});
