'use strict';
// 302 Code Sandbox: every operation through n8n-core against the simulator, asserting the exact
// request (path + body) and the output items. Code really runs (python3, node, bash).
const h = require('../harness');
const { useSimulator } = require('../helpers/useSimulator');

const KEY = 'sk-test-302-code-sandbox';
const TYPE = 'ai302CodeSandbox';
const SEED_RESPONSE = {
	result: {
		stdout: ['/home/user\n', '11\n'],
		stderr: [],
		file: { url: 'https://file.302.ai/gpt/imgs/20250325/32b6d14175364c9aba38c68caa8158c3.7z' },
	},
};

let sim;
let credentials;

useSimulator({ apiKeys: [KEY] }, (started) => {
	sim = started;
	credentials = { apiKey: KEY, baseUrl: sim.url };
});

async function run(parameters, extra = {}) {
	const res = await h.runNode({
		type: TYPE,
		parameters,
		credentials,
		items: [{ json: {} }],
		...extra,
	});
	expectNoKey(res);
	return res;
}

function expectNoKey(res) {
	const texts = [JSON.stringify(res.items), JSON.stringify(res.outputs)];
	if (res.error)
		texts.push(String(res.error.message), String(res.error.description), String(res.error.stack));
	for (const text of texts) expect(text).not.toContain(KEY);
}

/** API requests (not file downloads) as [method, path]. */
function apiCalls() {
	return sim.requests.filter((r) => r.kind === 'api').map((r) => [r.method, r.path]);
}

async function createSandbox(options = {}) {
	const res = await run({ resource: 'sandbox', operation: 'create', maxAliveTime: 300, options });
	expect(res.error).toBeUndefined();
	return res.items[0].json.sandbox_id;
}

describe('code › run (direct_run_code)', () => {
	test('the seed example response becomes stdout, stderr, raw chunks and fileUrl', async () => {
		sim.addFault({
			type: 'status',
			status: 200,
			body: SEED_RESPONSE,
			match: { path: '/302/sandbox/direct_run_code' },
			times: 1,
		});
		const code = "import os\nprint(os.getcwd())\nopen('chart.png', 'w').write('x')\nprint(11)";
		const res = await run({
			resource: 'code',
			operation: 'run',
			language: 'python',
			code,
			options: { returnFiles: true, downloadFiles: false },
		});
		expect(res.error).toBeUndefined();
		expect(apiCalls()).toEqual([['POST', '/302/sandbox/direct_run_code']]);
		expect(sim.requests[0].body).toEqual({
			language: 'python',
			code,
			timeout: 60,
			envs: { N8N_ITEM: '{}', N8N_ITEM_INDEX: '0' },
			is_download: true,
		});
		expect(res.items).toEqual([
			{
				json: {
					stdout: '/home/user\n11\n',
					stderr: '',
					stdoutChunks: ['/home/user\n', '11\n'],
					stderrChunks: [],
					fileUrl: 'https://file.302.ai/gpt/imgs/20250325/32b6d14175364c9aba38c68caa8158c3.7z',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('real python run: stdout and stderr joined, body without envs when item data is off', async () => {
		const code = 'import sys\nprint("hello")\nprint("line 2")\nprint("careful", file=sys.stderr)';
		const res = await run({
			resource: 'code',
			operation: 'run',
			language: 'python',
			code,
			timeout: 20,
			options: { passItemData: false },
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests.map((r) => r.body)).toEqual([{ language: 'python', code, timeout: 20 }]);
		expect(res.items).toEqual([
			{
				json: {
					stdout: 'hello\nline 2\n',
					stderr: 'careful\n',
					stdoutChunks: ['hello\n', 'line 2\n'],
					stderrChunks: ['careful\n'],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('environment variables are sent next to the item data and reach the code', async () => {
		const res = await run({
			resource: 'code',
			operation: 'run',
			language: 'bash',
			code: 'printf "%s|%s" "$GREETING" "$N8N_ITEM_INDEX"',
			options: {
				environmentVariables: {
					variables: [
						{ name: 'GREETING', value: 'hi there' },
						{ name: 'EMPTY', value: '' },
					],
				},
			},
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests[0].body.envs).toEqual({
			GREETING: 'hi there',
			EMPTY: '',
			N8N_ITEM: '{}',
			N8N_ITEM_INDEX: '0',
		});
		expect(res.items[0].json.stdout).toBe('hi there|0');
	});

	test('returned files: the file URL is fetched into binary data with its name and type', async () => {
		const code = "open('/home/user/out.csv', 'w').write('a,b\\n1,2\\n')\nprint('done')";
		const res = await run({
			resource: 'code',
			operation: 'run',
			language: 'python',
			code,
			options: {
				returnFiles: true,
				downloadPath: '/home/user/out.csv',
				binaryPropertyName: 'report',
				passItemData: false,
			},
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests[0].body).toEqual({
			language: 'python',
			code,
			timeout: 60,
			is_download: true,
			download_path: '/home/user/out.csv',
		});
		const [item] = res.items;
		expect(item.json.fileUrl).toMatch(new RegExp(`^${sim.url}/files/[0-9a-f]+/out\\.csv$`));
		expect(sim.requests.filter((r) => r.kind === 'file').map((r) => [r.method, r.status])).toEqual([
			['GET', 200],
		]);
		expect(Object.keys(item.binary)).toEqual(['report']);
		const info = await h.binaryInfo(item, 'report');
		expect(info).toMatchObject({ fileName: 'out.csv', mimeType: 'text/csv', fileSize: 8 });
		expect((await h.readBinary(item, 'report')).toString()).toBe('a,b\n1,2\n');
	});

	test('returned files without a download: only the URL; no files written gives fileUrl null', async () => {
		const res = await run({
			resource: 'code',
			operation: 'run',
			language: 'python',
			code: 'print(1)',
			options: { returnFiles: true, downloadPath: '/home/user/missing.txt', passItemData: false },
		});
		expect(res.error).toBeUndefined();
		expect(res.items[0].json.fileUrl).toBeNull();
		expect(res.items[0].binary).toBeUndefined();
		expect(sim.requests.filter((r) => r.kind === 'file')).toHaveLength(0);
	});
});

describe('item data reaches the code through environment variables', () => {
	const items = [
		{
			json: {
				name: 'Ada',
				n: 1,
				nested: { list: [1, 2, { deep: true }] },
				text: 'ü € 中文 "quoted" \\ back',
			},
		},
		{ json: { attack: "'; import os; os.system('echo pwned') #", newline: 'a\nb' } },
		{ json: {} },
	];

	test.each([
		[
			'python',
			'import os, sys\nsys.stdout.write(os.environ["N8N_ITEM_INDEX"] + "\\t" + os.environ["N8N_ITEM"])',
		],
		['js', 'process.stdout.write(process.env.N8N_ITEM_INDEX + "\\t" + process.env.N8N_ITEM)'],
		['bash', 'printf "%s\\t%s" "$N8N_ITEM_INDEX" "$N8N_ITEM"'],
	])('once for each item (%s): each run sees exactly its own item', async (language, code) => {
		const res = await run({ resource: 'code', operation: 'run', language, code }, { items });
		expect(res.error).toBeUndefined();
		expect(sim.requests).toHaveLength(3);
		// The code was sent unchanged for every item; only the env differs.
		for (const request of sim.requests) expect(request.body.code).toBe(code);
		const sentEnvs = sim.requests
			.map((r) => r.body.envs)
			.sort((a, b) => a.N8N_ITEM_INDEX - b.N8N_ITEM_INDEX);
		expect(sentEnvs).toEqual(
			items.map((item, index) => ({
				N8N_ITEM: JSON.stringify(item.json),
				N8N_ITEM_INDEX: String(index),
			})),
		);
		expect(res.items).toHaveLength(3);
		res.items.forEach((out, index) => {
			const [echoedIndex, echoedItem] = out.json.stdout.split('\t');
			expect(echoedIndex).toBe(String(index));
			expect(JSON.parse(echoedItem)).toEqual(items[index].json);
			expect(out.pairedItem).toEqual({ item: index });
		});
	});

	test('once for all items: one run, N8N_ITEMS holds every item, output pairs with all inputs', async () => {
		const code = 'import os, sys\nsys.stdout.write(os.environ["N8N_ITEMS"])';
		const res = await run(
			{ resource: 'code', operation: 'run', mode: 'runOnceForAllItems', language: 'python', code },
			{ items },
		);
		expect(res.error).toBeUndefined();
		expect(sim.requests.map((r) => r.body)).toEqual([
			{
				language: 'python',
				code,
				timeout: 60,
				envs: { N8N_ITEMS: JSON.stringify(items.map((item) => item.json)) },
			},
		]);
		expect(res.items).toHaveLength(1);
		expect(JSON.parse(res.items[0].json.stdout)).toEqual(items.map((item) => item.json));
		expect(res.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('once for all items with JSON output: an array becomes one item per element, paired one to one', async () => {
		const code =
			'import json, os\nitems = json.loads(os.environ["N8N_ITEMS"])\nprint("log line")\nprint(json.dumps([{"pos": i, "keys": len(it)} for i, it in enumerate(items)]))';
		const res = await run(
			{
				resource: 'code',
				operation: 'run',
				mode: 'runOnceForAllItems',
				language: 'python',
				code,
				options: { stdoutFormat: 'json' },
			},
			{ items },
		);
		expect(res.error).toBeUndefined();
		expect(sim.requests).toHaveLength(1);
		expect(res.items).toEqual([
			{ json: { pos: 0, keys: 4 }, pairedItem: { item: 0 } },
			{ json: { pos: 1, keys: 2 }, pairedItem: { item: 1 } },
			{ json: { pos: 2, keys: 0 }, pairedItem: { item: 2 } },
		]);
	});

	test('once for all items in a persistent sandbox uses N8N_ITEMS too', async () => {
		const sandboxId = await createSandbox();
		sim.clearLog();
		const code = 'process.stdout.write(process.env.N8N_ITEMS)';
		const res = await run(
			{
				resource: 'code',
				operation: 'runInSandbox',
				sandboxId,
				mode: 'runOnceForAllItems',
				language: 'js',
				code,
			},
			{ items },
		);
		expect(res.error).toBeUndefined();
		expect(apiCalls()).toEqual([['POST', '/302/sandbox/run_code']]);
		expect(JSON.parse(res.items[0].json.stdout)).toEqual(items.map((item) => item.json));
	});
});

describe('starter snippets (the Code field left at its default)', () => {
	const hasJava = require('node:child_process').spawnSync('java', ['-version']).status === 0;
	const languages = ['python', 'js', 'bash', ...(hasJava ? ['java'] : [])];
	const items = [{ json: { a: 1, b: 'x' } }, { json: { c: 2 } }];

	test.each(languages)('%s: each snippet reads the item data and prints JSON', async (language) => {
		const each = await run(
			{ resource: 'code', operation: 'run', language, options: { stdoutFormat: 'jsonStrict' } },
			{ items },
		);
		expect(each.error).toBeUndefined();
		expect(each.items).toHaveLength(2);
		each.items.forEach((item, index) => {
			expect(item.json.stderr).toBe('');
			expect(item.json.index).toBe(index);
		});
		// The snippet went out as the code, unchanged for every item.
		expect(new Set(sim.requests.map((r) => r.body.code)).size).toBe(1);
		expect(sim.requests[0].body.code).toContain('N8N_ITEM');

		sim.clearLog();
		const all = await run(
			{
				resource: 'code',
				operation: 'run',
				language,
				mode: 'runOnceForAllItems',
				options: { stdoutFormat: 'jsonStrict' },
			},
			{ items },
		);
		expect(all.error).toBeUndefined();
		expect(sim.requests).toHaveLength(1);
		expect(sim.requests[0].body.code).toContain('N8N_ITEMS');
		expect(all.items.length).toBeGreaterThan(0);
		for (const item of all.items) expect(item.json.parseError).toBeUndefined();
	});
});

describe('output parsing', () => {
	test('JSON: an object merges into the item (last line parsed after log lines)', async () => {
		const res = await run({
			resource: 'code',
			operation: 'run',
			language: 'python',
			code: 'print("starting")\nprint(\'{"total": 3, "ok": true}\')',
			options: { stdoutFormat: 'json', passItemData: false },
		});
		expect(res.items[0].json).toEqual({
			total: 3,
			ok: true,
			stdout: 'starting\n{"total": 3, "ok": true}\n',
			stderr: '',
		});
		// The parsed fields come first (the Table view shows them first); no chunk arrays repeat stdout.
		expect(Object.keys(res.items[0].json)).toEqual(['total', 'ok', 'stdout', 'stderr']);
	});

	test('JSON: an array in the each-item mode goes under "data"; not-JSON sets parseError without failing', async () => {
		const res = await run(
			{
				resource: 'code',
				operation: 'run',
				language: 'python',
				code: '={{ $json.code }}',
				options: { stdoutFormat: 'json' },
			},
			{ items: [{ json: { code: 'print("[1, 2]")' } }, { json: { code: 'print("not json")' } }] },
		);
		expect(res.error).toBeUndefined();
		expect(res.items[0].json.data).toEqual([1, 2]);
		expect(res.items[1].json.parseError).toMatch(/^stdout is not JSON/);
		expect(res.items[1].json.stdout).toBe('not json\n');
		// Not parsed: the raw chunks stay, for debugging.
		expect(res.items[1].json.stdoutChunks).toEqual(['not json\n']);
		expect(Object.keys(res.items[0].json)[0]).toBe('data');
		expect(res.items[0].json).not.toHaveProperty('stdoutChunks');
	});

	test('Fail on Stderr turns stderr output into an error naming the item', async () => {
		const res = await run({
			resource: 'code',
			operation: 'run',
			language: 'python',
			code: 'import sys\nprint("boom", file=sys.stderr)',
			options: { failOnStderr: true },
		});
		expect(res.error.message).toBe('The code wrote to stderr and "Fail on Stderr" is on');
		expect(res.error.description).toBe('stderr starts: boom');
		expect(sim.requests).toHaveLength(1);
	});
});

describe('code › runInSandbox and command › run', () => {
	test('run_code in a sandbox keeps files between runs; command sees them', async () => {
		const sandboxId = await createSandbox({
			environmentVariables: { variables: [{ name: 'STAGE', value: 'test' }] },
		});
		sim.clearLog();
		const code =
			"open('/home/user/state.txt', 'w').write('kept')\nimport os\nprint(os.environ['STAGE'])";
		const res = await run({
			resource: 'code',
			operation: 'runInSandbox',
			sandboxId,
			language: 'python',
			code,
			timeout: 30,
			options: { passItemData: false },
		});
		expect(res.error).toBeUndefined();
		expect(apiCalls()).toEqual([['POST', '/302/sandbox/run_code']]);
		expect(sim.requests[0].body).toEqual({
			sandbox_id: sandboxId,
			language: 'python',
			code,
			timeout: 30,
		});
		expect(res.items).toEqual([
			{
				json: { stdout: 'test\n', stderr: '', stdoutChunks: ['test\n'], stderrChunks: [] },
				pairedItem: { item: 0 },
			},
		]);

		sim.clearLog();
		const cmd = await run({
			resource: 'command',
			operation: 'run',
			sandboxId,
			command: 'cat /home/user/state.txt; echo " $EXTRA"',
			options: { environmentVariables: { variables: [{ name: 'EXTRA', value: 'yes' }] } },
		});
		expect(cmd.error).toBeUndefined();
		expect(apiCalls()).toEqual([['POST', '/302/sandbox/command']]);
		expect(sim.requests[0].body).toEqual({
			sandbox_id: sandboxId,
			cmd: 'cat /home/user/state.txt; echo " $EXTRA"',
			timeout: 60,
			envs: { EXTRA: 'yes' },
		});
		expect(cmd.items[0].json).toEqual({
			stdout: 'kept yes\n',
			stderr: '',
			exit_code: 0,
			error: '',
			cost_time: expect.any(Number),
		});
	});

	test('command › run returns a non-zero exit code as data, or fails with the option', async () => {
		const sandboxId = await createSandbox();
		sim.clearLog();
		const command = 'echo out; echo err >&2; exit 3';
		const res = await run({
			resource: 'command',
			operation: 'run',
			sandboxId,
			command,
			timeout: 10,
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests[0].body).toEqual({ sandbox_id: sandboxId, cmd: command, timeout: 10 });
		expect(res.items).toEqual([
			{
				json: {
					stdout: 'out\n',
					stderr: 'err\n',
					exit_code: 3,
					error: '',
					cost_time: expect.any(Number),
				},
				pairedItem: { item: 0 },
			},
		]);

		const failing = await run({
			resource: 'command',
			operation: 'run',
			sandboxId,
			command,
			options: { failOnNonZeroExit: true },
		});
		expect(failing.error.message).toBe(
			'The command exited with code 3 and "Fail on Non-Zero Exit" is on',
		);
		expect(failing.error.description).toBe('Output starts: err');
	});

	test('an unknown sandbox is the API error (404) naming the endpoint', async () => {
		const res = await run({
			resource: 'command',
			operation: 'run',
			sandboxId: 'doesnotexist-00000000',
			command: 'ls',
		});
		expect(res.error.message).toMatch(/^302\.AI POST \/302\/sandbox\/command failed \(HTTP 404/);
		expect(sim.requests).toHaveLength(1);
	});
});

describe('sandbox › create, list, delete', () => {
	test('create sends every field and returns the sandbox; list filters by name; delete kills it', async () => {
		const created = await run({
			resource: 'sandbox',
			operation: 'create',
			maxAliveTime: 600,
			options: {
				sandboxName: 'n8n-lifecycle',
				environmentVariables: { variables: [{ name: 'MODE', value: 'batch' }] },
				metadata: {
					entries: [
						{ name: 'owner', value: 'qa' },
						{ name: 'ticket', value: '42' },
					],
				},
			},
		});
		expect(created.error).toBeUndefined();
		expect(apiCalls()).toEqual([['POST', '/302/sandbox/create']]);
		expect(sim.requests[0].body).toEqual({
			max_alive_time: 600,
			sandbox_name: 'n8n-lifecycle',
			envs: { MODE: 'batch' },
			metadata: { owner: 'qa', ticket: '42' },
		});
		const sandbox = created.items[0].json;
		expect(sandbox).toEqual({
			sandbox_id: expect.stringMatching(/^[a-z0-9]{20}-[0-9a-f]{8}$/),
			sandbox_name: 'n8n-lifecycle',
			sandbox_template: 'default',
			metadata: { owner: 'qa', ticket: '42' },
			envs: { MODE: 'batch' },
			created_at: expect.any(Number),
			max_alive_time: 600,
		});
		await createSandbox({ sandboxName: 'other' });

		sim.clearLog();
		const listed = await run({
			resource: 'sandbox',
			operation: 'list',
			filters: { sandboxName: 'n8n-lifecycle' },
		});
		expect(listed.error).toBeUndefined();
		expect(sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/302/sandbox/list', { sandbox_name: 'n8n-lifecycle' }],
		]);
		expect(listed.items).toEqual([{ json: sandbox, pairedItem: { item: 0 } }]);

		sim.clearLog();
		const byId = await run({
			resource: 'sandbox',
			operation: 'list',
			filters: { sandboxId: sandbox.sandbox_id },
		});
		expect(sim.requests[0].query).toEqual({ sandbox_id: sandbox.sandbox_id });
		expect(byId.items.map((item) => item.json.sandbox_id)).toEqual([sandbox.sandbox_id]);

		sim.clearLog();
		const deleted = await run({
			resource: 'sandbox',
			operation: 'delete',
			sandboxId: sandbox.sandbox_id,
		});
		expect(deleted.error).toBeUndefined();
		expect(apiCalls()).toEqual([['POST', `/302/sandbox/kill/${sandbox.sandbox_id}`]]);
		expect(deleted.items).toEqual([
			{ json: { sandbox_id: sandbox.sandbox_id, deleted: true }, pairedItem: { item: 0 } },
		]);

		const after = await run({
			resource: 'sandbox',
			operation: 'list',
			filters: { sandboxName: 'n8n-lifecycle' },
		});
		expect(after.items).toEqual([]);
	});

	test('list without filters sends no query and gives one item per sandbox', async () => {
		const res = await run({ resource: 'sandbox', operation: 'list' });
		expect(res.error).toBeUndefined();
		expect(sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/302/sandbox/list', {}],
		]);
		expect(res.items.length).toBeGreaterThan(0);
		for (const item of res.items)
			expect(Object.keys(item.json).sort()).toEqual([
				'created_at',
				'envs',
				'max_alive_time',
				'metadata',
				'sandbox_id',
				'sandbox_name',
				'sandbox_template',
			]);
	});
});

describe('file › list, upload, download', () => {
	let sandboxId;
	beforeAll(async () => {
		sandboxId = await createSandbox();
	});

	test('upload from binary data sends a base64 data: URI with the file name', async () => {
		const content = 'a,b\n1,2\n';
		const res = await run(
			{
				resource: 'file',
				operation: 'upload',
				sandboxId,
				source: 'binary',
				binaryPropertyName: 'sheet',
				savePath: '/home/user/in/',
			},
			{
				items: [
					{
						json: {},
						binary: {
							sheet: {
								data: Buffer.from(content).toString('base64'),
								fileName: 'table.csv',
								mimeType: 'text/csv',
							},
						},
					},
				],
			},
		);
		expect(res.error).toBeUndefined();
		expect(apiCalls()).toEqual([['POST', '/302/sandbox/file/write']]);
		expect(sim.requests[0].body).toEqual({
			sandbox_id: sandboxId,
			file_list: [
				{
					file: `data:text/csv;name=table.csv;base64,${Buffer.from(content).toString('base64')}`,
					save_path: '/home/user/in/',
				},
			],
		});
		expect(res.items).toEqual([
			{
				json: {
					sandbox_id: sandboxId,
					save_path: '/home/user/in/',
					source: 'binary',
					file_name: 'table.csv',
					mime_type: 'text/csv',
					bytes: 8,
					result: [{ save_path: '/home/user/in/table.csv', success: true, size: 8 }],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('upload from a URL lets the sandbox fetch it', async () => {
		const fileUrl = `${sim.url}/files/generated/1000/gen.bin`;
		const res = await run({
			resource: 'file',
			operation: 'upload',
			sandboxId,
			source: 'url',
			fileUrl,
			savePath: '/home/user/in/gen.bin',
		});
		expect(res.error).toBeUndefined();
		const write = sim.requests.find((r) => r.path === '/302/sandbox/file/write');
		expect(write.body).toEqual({
			sandbox_id: sandboxId,
			file_list: [{ file: fileUrl, save_path: '/home/user/in/gen.bin' }],
		});
		expect(res.items[0].json).toEqual({
			sandbox_id: sandboxId,
			save_path: '/home/user/in/gen.bin',
			source: 'url',
			file_url: fileUrl,
			result: [{ save_path: '/home/user/in/gen.bin', success: true, size: 1000 }],
		});
	});

	test('upload that the API reports as not written fails the item', async () => {
		const res = await run({
			resource: 'file',
			operation: 'upload',
			sandboxId,
			source: 'url',
			fileUrl: `${sim.url}/files/nothere/x.txt`,
			savePath: '/home/user/x.txt',
		});
		expect(res.error.message).toMatch(
			/^302\.AI POST \/302\/sandbox\/file\/write did not write the file: HTTP 404/,
		);
	});

	test('a write failure quoting a Node error code keeps its own message (n8n would swap it)', async () => {
		const fileUrl = `${sim.url}/files/generated/10/blocker.bin`;
		const upload = (savePath) =>
			run({ resource: 'file', operation: 'upload', sandboxId, source: 'url', fileUrl, savePath });
		expect((await upload('/home/user/blocker.bin')).error).toBeUndefined();
		const res = await upload('/home/user/blocker.bin/inner.bin');
		expect(res.error.message).toMatch(
			/^302\.AI POST \/302\/sandbox\/file\/write did not write the file: E(EXIST|NOTDIR): /,
		);
	});

	test('list one path (string) and several paths (array), one item per path', async () => {
		const one = await run({
			resource: 'file',
			operation: 'list',
			sandboxId,
			path: '/home/user/in',
		});
		expect(one.error).toBeUndefined();
		expect(sim.requests.map((r) => [r.path, r.body])).toEqual([
			['/302/sandbox/file/list', { sandbox_id: sandboxId, path: '/home/user/in' }],
		]);
		expect(one.items).toEqual([
			{
				json: {
					sandbox_id: sandboxId,
					path: '/home/user/in',
					path_type: 'directory',
					file_list: [
						{ name: 'gen.bin', path: '/home/user/in/gen.bin' },
						{ name: 'table.csv', path: '/home/user/in/table.csv' },
					],
				},
				pairedItem: { item: 0 },
			},
		]);

		sim.clearLog();
		const several = await run({
			resource: 'file',
			operation: 'list',
			sandboxId,
			path: '/home/user/in/table.csv,\n/home/user/nope',
		});
		expect(sim.requests[0].body).toEqual({
			sandbox_id: sandboxId,
			path: ['/home/user/in/table.csv', '/home/user/nope'],
		});
		expect(several.items.map((item) => item.json)).toEqual([
			{ sandbox_id: sandboxId, path: '/home/user/in/table.csv', path_type: 'file' },
			{ sandbox_id: sandboxId, path: '/home/user/nope', path_type: 'not_exists' },
		]);
	});

	test('download several paths: URLs and each file in binary data, named after the sandbox path', async () => {
		const res = await run({
			resource: 'file',
			operation: 'download',
			sandboxId,
			path: '/home/user/in/table.csv, /home/user/in/gen.bin',
		});
		expect(res.error).toBeUndefined();
		expect(apiCalls()).toEqual([['POST', '/302/sandbox/file/download']]);
		expect(sim.requests[0].body).toEqual({
			sandbox_id: sandboxId,
			path: ['/home/user/in/table.csv', '/home/user/in/gen.bin'],
		});
		expect(res.items.map((item) => ({ ...item, binary: undefined }))).toEqual([
			{
				json: {
					sandbox_id: sandboxId,
					path: '/home/user/in/table.csv',
					url: expect.stringMatching(/\/table\.csv$/),
				},
				pairedItem: { item: 0 },
				binary: undefined,
			},
			{
				json: {
					sandbox_id: sandboxId,
					path: '/home/user/in/gen.bin',
					url: expect.stringMatching(/\/gen\.bin$/),
				},
				pairedItem: { item: 0 },
				binary: undefined,
			},
		]);
		expect((await h.readBinary(res.items[0], 'data')).toString()).toBe('a,b\n1,2\n');
		expect(await h.binaryInfo(res.items[0], 'data')).toMatchObject({
			fileName: 'table.csv',
			mimeType: 'text/csv',
			fileSize: 8,
		});
		expect(await h.binaryInfo(res.items[1], 'data')).toMatchObject({
			fileName: 'gen.bin',
			fileSize: 1000,
		});
	});

	test('download without binary returns only the URLs', async () => {
		const res = await run({
			resource: 'file',
			operation: 'download',
			sandboxId,
			path: '/home/user/in',
			options: { downloadFiles: false },
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests.filter((r) => r.kind === 'file')).toHaveLength(0);
		expect(res.items).toEqual([
			{
				json: {
					sandbox_id: sandboxId,
					path: '/home/user/in',
					url: expect.stringMatching(/\/in\.zip$/),
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
