'use strict';
/**
 * Tests of the harness itself, with the HarnessEcho fixture: what n8n-core hands a node here
 * must be what it hands it in n8n (defaults, expressions, credentials, binary data, tool
 * variant, cancel signal, continue-on-fail, several nodes).
 */
const fs = require('node:fs');

const h = require('.');
const { getTempDir } = require('./environment');
const { HarnessEcho } = require('../fixtures/HarnessEcho.node');

const extraNodeTypes = { harnessEcho: HarnessEcho };
const CREDENTIALS = { apiKey: 'sk-harness-0000', baseUrl: 'http://127.0.0.1:9' };

function echo(parameters = {}, options = {}) {
	return h.runNode({ type: 'harnessEcho', extraNodeTypes, parameters, ...options });
}

test('parameter defaults are filled in by n8n and expressions see the item', async () => {
	const res = await echo(
		{ text: '={{ $json.name + "!" }}' },
		{ items: [{ json: { name: 'a' } }, { json: { name: 'b' } }] },
	);

	expect(res.error).toBeUndefined();
	expect(res.items.map((item) => item.json.text)).toEqual(['a!', 'b!']);
	expect(res.items[0].json).toMatchObject({
		nodeType: 'CUSTOM.harnessEcho',
		typeVersion: 2,
		count: 3,
		flag: false,
		input: { name: 'a' },
		hasCancelSignal: true,
	});
	expect(res.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(res.outputs).toHaveLength(1);
});

test('credentials reach the node with the type defaults applied, only when given', async () => {
	const withCredentials = await echo({}, { credentials: CREDENTIALS });
	expect(withCredentials.items[0].json.baseUrl).toBe(CREDENTIALS.baseUrl);

	const without = await echo({});
	expect(without.items[0].json).not.toHaveProperty('baseUrl');
});

test('credentials without a baseUrl are refused by the harness (no test may reach the real API)', async () => {
	await expect(echo({}, { credentials: { apiKey: 'x' } })).rejects.toThrow(/must name a baseUrl/);
});

test('binary input is stored by n8n (filesystem mode) and readable by the node and the test', async () => {
	const res = await echo(
		{ action: 'writeBinary', text: 'written by the node' },
		{
			items: [
				{
					json: {},
					binary: {
						data: {
							data: Buffer.from('hello binary').toString('base64'),
							fileName: 'in.txt',
							mimeType: 'text/plain',
						},
					},
				},
			],
		},
	);

	expect(res.items[0].json.inputBinaryText).toBe('hello binary');
	const out = res.items[0].binary.data;
	expect(out.id).toMatch(/^filesystem-v2:/);
	expect((await h.readBinary(res.items[0], 'data')).toString()).toBe('written by the node');
	expect(await h.binaryInfo(res.items[0], 'data')).toEqual({
		fileName: 'out.txt',
		mimeType: 'text/plain',
		fileSize: 19,
		sha256: require('node:crypto').createHash('sha256').update('written by the node').digest('hex'),
	});
	expect(fs.existsSync(getTempDir())).toBe(true);
});

test('an error stops the execution and is returned as n8n stored it', async () => {
	const res = await echo({ action: 'fail' });

	expect(res.status).toBe('error');
	expect(res.items).toEqual([]);
	expect(res.error).toMatchObject({ message: 'Failing item 0 on purpose' });
	expect(res.error.node).toMatchObject({ name: 'Echo' });
});

test('continueOnFail sets onError so the node turns failures into items', async () => {
	const res = await echo(
		{ action: 'fail' },
		{ continueOnFail: true, items: [{ json: {} }, { json: {} }] },
	);

	expect(res.status).toBe('success');
	expect(res.error).toBeUndefined();
	expect(res.items.map((item) => item.json.error)).toEqual([
		'Failing item 0 on purpose',
		'Failing item 1 on purpose',
	]);
});

test('asTool runs the node as "<type>Tool", called by an agent once per item, as n8n runs AI tools', async () => {
	const res = await echo(
		{ text: 'tool text' },
		{ asTool: true, items: [{ json: { query: 'q1' } }, { json: { query: 'q2' } }] },
	);

	expect(res.error).toBeUndefined();
	expect(res.items.map((item) => item.json.nodeType)).toEqual([
		'CUSTOM.harnessEchoTool',
		'CUSTOM.harnessEchoTool',
	]);
	expect(res.items.map((item) => item.json.input.query)).toEqual(['q1', 'q2']);
	expect(res.items[0].json.input.toolCallId).toBe('call_0');
	expect(res.nodes.Agent.items.map((item) => item.json.toolOutput[0].text)).toEqual([
		'tool text',
		'tool text',
	]);
});

test('cancelAfterMs aborts the execution cancel signal and reports when', async () => {
	const started = Date.now();
	const res = await echo({ action: 'waitForCancel' }, { cancelAfterMs: 100 });

	expect(res.status).toBe('canceled');
	expect(res.cancelledAt).toBeGreaterThanOrEqual(started);
});

test('onStart hands out a cancel handle', async () => {
	const res = await echo(
		{ action: 'waitForCancel' },
		{ onStart: (handle) => setTimeout(() => handle.cancel(), 50) },
	);

	expect(res.status).toBe('canceled');
	expect(res.cancelledAt).toEqual(expect.any(Number));
});

test('runWorkflow chains several nodes; each node has its own result', async () => {
	const res = await h.runWorkflow({
		extraNodeTypes,
		items: [{ json: { n: 1 } }],
		nodes: [
			{ name: 'First', type: 'harnessEcho', parameters: { text: 'one' } },
			{
				name: 'Second',
				type: 'harnessEcho',
				parameters: { text: '={{ $json.text + " two " + $("First").item.json.input.n }}' },
			},
		],
	});

	expect(res.error).toBeUndefined();
	expect(res.nodes.First.items[0].json.text).toBe('one');
	expect(res.nodes.Second.items[0].json.text).toBe('one two 1');
	expect(res.items).toBe(res.nodes.Second.items);
});

test('typeVersion can be chosen', async () => {
	const res = await echo({}, { typeVersion: 1 });
	expect(res.items[0].json.typeVersion).toBe(1);
});

test('as a tool, a failing node gives the agent an error item (n8n lets agents see tool errors)', async () => {
	const res = await echo({ action: 'fail' }, { asTool: true });

	expect(res.status).toBe('success');
	expect(res.items.map((item) => item.json)).toEqual([{ error: 'Failing item 0 on purpose' }]);
	expect(res.error).toMatchObject({ message: 'Failing item 0 on purpose' });
});
