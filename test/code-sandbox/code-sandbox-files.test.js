'use strict';
// 302 Code Sandbox with files (issue 13): Code › Run with input files in a temporary sandbox
// (create → write → run_code → download → kill, the kill on every path), Run in Sandbox with
// input and returned files, Sandbox › Get or Create, and the bad-input cases that send nothing.
// Through n8n-core against the simulator; the Python really runs.
const h = require('../harness');
const { useSimulator } = require('../helpers/useSimulator');

const KEY = 'sk-test-302-sandbox-files';
const TYPE = 'ai302CodeSandbox';
const CSV = 'region,amount\nnorth,120.5\nsouth,80\nwest,42.25\n';
// Sums the CSV it finds through N8N_FILES and writes a small text chart next to it.
const SUM_CSV = [
	'import csv, json, os',
	'files = json.loads(os.environ["N8N_FILES"])',
	'rows = list(csv.DictReader(open(files["data"])))',
	'total = sum(float(r["amount"]) for r in rows)',
	'with open("/home/user/chart.txt", "w") as f:',
	"    for r in rows: f.write(f\"{r['region']:<6}{'#' * round(float(r['amount']) / 10)}\\n\")",
	'print(json.dumps({"rows": len(rows), "total": total}))',
].join('\n');
const CHART = 'north ############\nsouth ########\nwest  ####\n';

let sim;
let credentials;

useSimulator({ apiKeys: [KEY] }, (started) => {
	sim = started;
	credentials = { apiKey: KEY, baseUrl: sim.url };
});

function csvItem(json = {}, fileName = 'sales.csv', content = CSV) {
	return { json, binary: { data: { data: Buffer.from(content), fileName, mimeType: 'text/csv' } } };
}

function filesRun(options = {}, code = SUM_CSV, extra = {}) {
	return {
		resource: 'code',
		operation: 'run',
		language: 'python',
		code,
		timeout: 20,
		options: {
			inputFiles: 'data',
			returnFiles: true,
			downloadPath: '/home/user/chart.txt',
			stdoutFormat: 'json',
			...options,
		},
		...extra,
	};
}

async function run(parameters, extra = {}) {
	const res = await h.runNode({
		type: TYPE,
		parameters,
		credentials,
		items: [csvItem()],
		...extra,
	});
	const texts = [JSON.stringify(res.items), JSON.stringify(res.error ?? null)];
	for (const text of texts) expect(text).not.toContain(KEY);
	return res;
}

/** API requests (not file fetches) as "METHOD path", kill ids shortened to "kill". */
function apiCalls() {
	return sim.requests
		.filter((r) => r.kind === 'api')
		.map((r) => `${r.method} ${r.path.replace(/\/kill\/.+$/, '/kill')}`);
}

const SEQUENCE = [
	'POST /302/sandbox/create',
	'POST /302/sandbox/file/write',
	'POST /302/sandbox/run_code',
	'POST /302/sandbox/file/download',
	'POST /302/sandbox/kill',
];

/** Kills after a cancel may still be on their way when the run returns: wait for them (bounded). */
async function liveSandboxesSettled() {
	for (let i = 0; i < 100 && sim.liveSandboxes().length > 0; i++)
		await new Promise((resolve) => setTimeout(resolve, 50));
	return sim.liveSandboxes();
}

afterEach(async () => {
	// No path of this file may leave a sandbox alive, whatever the test checked itself.
	expect(await liveSandboxesSettled()).toEqual([]);
});

describe('code › run with input files: a temporary sandbox', () => {
	test('CSV in, summary and chart.txt out as JSON and binary; exact requests; the sandbox is gone', async () => {
		// n8n's logger, after the harness set n8n's log level (silent), so the spy sees the calls.
		const { Container } = await require('../harness/environment').ensureEnvironment();
		const info = jest.spyOn(Container.get(require('@n8n/backend-common').Logger), 'info');
		const res = await run(filesRun());
		expect(res.error).toBeUndefined();
		expect(apiCalls()).toEqual(SEQUENCE);

		const [create, write, runCode, download, kill] = sim.requests.filter((r) => r.kind === 'api');
		const sandboxId = sim.requests
			.find((r) => r.path.startsWith('/302/sandbox/kill/'))
			.path.split('/')
			.pop();
		expect(create.body).toEqual({
			max_alive_time: 320,
			sandbox_name: expect.stringMatching(/^n8n-temporary-[a-z0-9]+-[a-z0-9]+-0$/),
		});
		expect(write.body).toEqual({
			sandbox_id: sandboxId,
			file_list: [
				{
					file: `data:text/csv;name=sales.csv;base64,${Buffer.from(CSV).toString('base64')}`,
					save_path: '/home/user/sales.csv',
				},
			],
		});
		expect(runCode.body).toEqual({
			sandbox_id: sandboxId,
			language: 'python',
			code: SUM_CSV,
			timeout: 20,
			envs: { N8N_ITEM: '{}', N8N_ITEM_INDEX: '0', N8N_FILES: '{"data":"/home/user/sales.csv"}' },
		});
		expect(download.body).toEqual({ sandbox_id: sandboxId, path: '/home/user/chart.txt' });
		expect(kill.status).toBe(200);

		const [item] = res.items;
		expect(item.json).toMatchObject({
			rows: 3,
			total: 242.75,
			stderr: '',
			sandbox_id: sandboxId,
			sandboxDeleted: true,
			inputFiles: [{ item: 0, field: 'data', path: '/home/user/sales.csv', bytes: CSV.length }],
		});
		expect(item.json.fileUrl).toMatch(new RegExp(`^${sim.url}/files/`));
		expect(await h.binaryInfo(item, 'data')).toMatchObject({
			fileName: 'chart.txt',
			fileSize: CHART.length,
		});
		expect((await h.readBinary(item, 'data')).toString()).toBe(CHART);
		expect(info.mock.calls.map(([message]) => message)).toContainEqual(
			expect.stringMatching(
				new RegExp(
					`^302\\.AI sandbox created: ${sandboxId} \\(node "[^"]+", item 0, workflow .*; temporary sandbox`,
				),
			),
		);
		info.mockRestore();
	});

	test('without Return Files: create → write → run_code → kill, no export', async () => {
		const res = await run(filesRun({ returnFiles: false }));
		expect(res.error).toBeUndefined();
		expect(apiCalls()).toEqual(SEQUENCE.filter((call) => !call.endsWith('/file/download')));
		expect(res.items[0].json.total).toBe(242.75);
		expect(res.items[0].binary).toBeUndefined();
	});

	test('the create answer is lost (connection reset after the work): the sandbox is found by its name and deleted', async () => {
		sim.addFault({
			type: 'reset',
			when: 'after-body',
			match: { path: '/302/sandbox/create' },
			times: 1,
		});
		const res = await run(filesRun());
		expect(res.error.message).toContain('POST /302/sandbox/create');
		expect(res.error.description).toMatch(
			/No temporary sandbox is left: one named n8n-temporary-\S+ was looked for and deleted if it existed\./,
		);
		expect(apiCalls()).toEqual([
			'POST /302/sandbox/create',
			'GET /302/sandbox/list',
			'POST /302/sandbox/kill',
		]);
		const [create, list] = sim.requests;
		expect(create.status).toBe(0);
		expect(list.query).toEqual({ sandbox_name: create.body.sandbox_name });
	});

	test('a Python exception with Fail on Stderr: the item fails, names the sandbox, and it is deleted', async () => {
		const res = await run(filesRun({ failOnStderr: true }, 'raise ValueError("bad csv")'));
		expect(res.error.message).toContain('The code wrote to stderr and "Fail on Stderr" is on');
		expect(res.error.description).toMatch(
			/ValueError: bad csv[\s\S]*The temporary sandbox \S+ was deleted\./,
		);
		expect(apiCalls()).toEqual(SEQUENCE.filter((call) => !call.endsWith('/file/download')));
	});

	test('a Python exception before the file was written: the export error quotes stderr, sandbox deleted', async () => {
		const res = await run(filesRun({}, 'raise ValueError("bad csv")'));
		expect(res.error.message).toContain("'/home/user/chart.txt' does not exist in the sandbox");
		expect(res.error.description).toMatch(
			/The code wrote to stderr: Traceback[\s\S]*ValueError: bad csv[\s\S]*The temporary sandbox \S+ was deleted\./,
		);
		expect(apiCalls()).toEqual(SEQUENCE);
	});

	test('a Python exception without Fail on Stderr is data: the traceback in stderr, sandbox deleted', async () => {
		const res = await run(
			filesRun({ stdoutFormat: 'text', returnFiles: false }, 'raise ValueError("bad csv")'),
		);
		expect(res.error).toBeUndefined();
		expect(res.items[0].json.stderr).toContain('ValueError: bad csv');
		expect(res.items[0].json.sandboxDeleted).toBe(true);
	});

	test('HTTP 500 on run_code: not retried (paid), the error names the sandbox, kill still sent', async () => {
		sim.addFault({
			type: 'status',
			status: 500,
			match: { path: '/302/sandbox/run_code' },
			times: 1,
		});
		const res = await run(filesRun());
		expect(res.error.message).toContain('POST /302/sandbox/run_code');
		expect(res.error.description).toMatch(/The temporary sandbox \S+ was deleted\./);
		expect(apiCalls()).toEqual([
			'POST /302/sandbox/create',
			'POST /302/sandbox/file/write',
			'POST /302/sandbox/run_code',
			'POST /302/sandbox/kill',
		]);
	});

	test.each([
		['a body that is not JSON', { type: 'malformed' }, 'answered with a body that is not JSON'],
		[
			'JSON without stdout',
			{ type: 'status', status: 200, body: { ok: true } },
			'answered without "stdout" or "stderr"',
		],
	])('a malformed run_code answer (%s): error, kill still sent', async (_name, fault, message) => {
		sim.addFault({ ...fault, match: { path: '/302/sandbox/run_code' }, times: 1 });
		const res = await run(filesRun());
		expect(res.error.message).toContain(message);
		expect(`${res.error.message} ${res.error.description ?? ''}`).toMatch(
			/The temporary sandbox \S+ was deleted/,
		);
		expect(apiCalls().at(-1)).toBe('POST /302/sandbox/kill');
	});

	test('the code timeout (sandbox stops the code) and the request timeout (no answer in time): kill both times', async () => {
		const timedOut = await run({
			...filesRun({ stdoutFormat: 'text', returnFiles: false }, 'import time\ntime.sleep(10)'),
			timeout: 1,
		});
		expect(timedOut.error).toBeUndefined();
		expect(timedOut.items[0].json.stderr).toContain('TimeoutError');
		expect(apiCalls().at(-1)).toBe('POST /302/sandbox/kill');

		sim.clearLog();
		sim.addFault({ type: 'latency', ms: 5000, match: { path: '/302/sandbox/run_code' }, times: 1 });
		const noAnswer = await run(filesRun({ requestTimeout: 0.5, returnFiles: false }, 'print(1)'));
		expect(noAnswer.error.message).toContain('POST /302/sandbox/run_code');
		expect(noAnswer.error.message).toMatch(/no answer within 500 ms/);
		expect(apiCalls()).toEqual([
			'POST /302/sandbox/create',
			'POST /302/sandbox/file/write',
			'POST /302/sandbox/run_code',
			'POST /302/sandbox/kill',
		]);
	}, 30_000);

	test('cancel during the run: the run request is aborted and a kill request still goes out', async () => {
		/** @type {any} */
		let handle;
		const started = run(filesRun({}, 'import time\ntime.sleep(15)\nprint("{}")'), {
			onStart: (h2) => (handle = h2),
		});
		for (let i = 0; i < 200 && !sim.requests.some((r) => r.path === '/302/sandbox/run_code'); i++) {
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
		const requestsBeforeCancel = sim.requests.length;
		// Create, write and run were sent; nothing was killed before the cancel.
		expect(requestsBeforeCancel).toBe(3);
		handle.cancel();
		const res = await started;
		expect(res.status).toBe('canceled');
		// n8n-core ends the canceled execution only once the node returned: the kill is done by then.
		expect(sim.liveSandboxes()).toEqual([]);
		// The kill is the one request that came after the cancel.
		expect(sim.requests.slice(requestsBeforeCancel)).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: expect.stringMatching(/^\/302\/sandbox\/kill\//),
				status: 200,
			}),
		]);
		expect(apiCalls()).toEqual([
			'POST /302/sandbox/create',
			'POST /302/sandbox/file/write',
			'POST /302/sandbox/run_code',
			'POST /302/sandbox/kill',
		]);
	}, 30_000);

	test('five items, one without the file, Continue On Fail: four runs, four kills, one error item, nothing sent for it', async () => {
		const items = [0, 1, 2, 3, 4].map((n) => (n === 2 ? { json: { n } } : csvItem({ n })));
		const res = await run(filesRun(), { items, continueOnFail: true });
		expect(res.error).toBeUndefined();
		expect(res.items.map((item) => item.json.total ?? item.json.error)).toEqual([
			242.75,
			242.75,
			'Parameter "options.inputFiles" names the binary field "data", which the item does not have (it has no binary data)',
			242.75,
			242.75,
		]);
		const calls = apiCalls();
		expect(calls.filter((call) => call.endsWith('/create'))).toHaveLength(4);
		expect(calls.filter((call) => call.endsWith('/kill'))).toHaveLength(4);
		expect(sim.requests.filter((r) => r.body?.envs?.N8N_ITEM_INDEX === '2')).toHaveLength(0);
	}, 30_000);

	test('name clashes get " (2)" and are reported; * takes every binary field', async () => {
		const item = {
			json: {},
			binary: {
				data: { data: Buffer.from('a\n'), fileName: 'table.csv', mimeType: 'text/csv' },
				other: { data: Buffer.from('b\n'), fileName: 'table.csv', mimeType: 'text/csv' },
			},
		};
		const code =
			'import json, os\nfiles = json.loads(os.environ["N8N_FILES"])\nprint(json.dumps({k: open(p).read() for k, p in files.items()}))';
		const res = await run(filesRun({ inputFiles: '*', returnFiles: false }, code), {
			items: [item],
		});
		expect(res.error).toBeUndefined();
		expect(res.items[0].json).toMatchObject({
			data: 'a\n',
			other: 'b\n',
			inputFiles: [
				{ item: 0, field: 'data', path: '/home/user/table.csv', bytes: 2 },
				{
					item: 0,
					field: 'other',
					path: '/home/user/table (2).csv',
					bytes: 2,
					renamedFrom: 'table.csv',
				},
			],
		});
	});

	test("Run Once for All Items: every item's files, N8N_FILES is a list with one object per item", async () => {
		const items = [
			csvItem({}, 'a.csv', 'region,amount\nx,1\n'),
			csvItem({}, 'b.csv', 'region,amount\ny,2\n'),
		];
		const code = 'import os\nprint(os.environ["N8N_FILES"])';
		const res = await run(
			{
				...filesRun({ returnFiles: false, stdoutFormat: 'text' }, code),
				mode: 'runOnceForAllItems',
			},
			{ items },
		);
		expect(res.error).toBeUndefined();
		expect(JSON.parse(res.items[0].json.stdout)).toEqual([
			{ data: '/home/user/a.csv' },
			{ data: '/home/user/b.csv' },
		]);
		expect(apiCalls().filter((call) => call.endsWith('/create'))).toHaveLength(1);
	});
});

describe('bad input: an error naming the field and the item, zero requests', () => {
	test.each([
		[
			'a field the item does not have',
			{ inputFiles: 'data, invoice' },
			[csvItem()],
			'Parameter "options.inputFiles" names the binary field "invoice", which the item does not have (it has "data")',
		],
		[
			'* on an item without binary data',
			{ inputFiles: '*' },
			[{ json: {} }],
			'Parameter "options.inputFiles" is "*" but the item has no binary data',
		],
		[
			'N8N_FILES as an own variable',
			{ environmentVariables: { variables: [{ name: 'N8N_FILES', value: 'x' }] } },
			[csvItem()],
			'Parameter "options.environmentVariables" uses the reserved name "N8N_FILES" (entry 1)',
		],
	])('%s', async (_name, options, items, message) => {
		const res = await run(filesRun(options), { items });
		expect(res.error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	test('a file above the 50 MiB inline limit', async () => {
		const big = {
			json: {},
			binary: {
				data: {
					data: Buffer.alloc(51 * 1024 * 1024, 97),
					fileName: 'big.csv',
					mimeType: 'text/csv',
				},
			},
		};
		const res = await run(filesRun(), { items: [big] });
		expect(res.error.message).toBe(
			'Parameter "options.inputFiles" is too large: the binary field "data" holds 51 MiB; input files are sent inline and may be at most 50 MiB in all',
		);
		expect(sim.requests).toHaveLength(0);
	}, 30_000);
});

describe('code › run in sandbox: input files written first, files exported after', () => {
	test('write → run_code → download in the given sandbox, no create, no kill', async () => {
		const created = await run({ resource: 'sandbox', operation: 'create', maxAliveTime: 300 });
		const sandboxId = created.items[0].json.sandbox_id;
		sim.clearLog();
		const res = await run({ ...filesRun(), operation: 'runInSandbox', sandboxId });
		expect(res.error).toBeUndefined();
		expect(apiCalls()).toEqual(SEQUENCE.slice(1, 4));
		expect(sim.requests[1].body.sandbox_id).toBe(sandboxId);
		expect(res.items[0].json).toMatchObject({
			total: 242.75,
			inputFiles: [{ field: 'data', path: '/home/user/sales.csv' }],
		});
		expect(res.items[0].json.sandbox_id).toBeUndefined();
		expect((await h.readBinary(res.items[0], 'data')).toString()).toBe(CHART);
		// The files stay in the persistent sandbox for the next step.
		const again = await run({
			resource: 'code',
			operation: 'runInSandbox',
			sandboxId,
			language: 'bash',
			code: 'cat /home/user/chart.txt',
		});
		expect(again.items[0].json.stdout).toBe(CHART);
		await run({ resource: 'sandbox', operation: 'delete', sandboxId });
	});
});

describe('sandbox › getOrCreate', () => {
	const getOrCreate = (sandboxName, extra) =>
		run({ resource: 'sandbox', operation: 'getOrCreate', sandboxName, maxAliveTime: 600 }, extra);

	test('creates, then finds the same id, and replaces a killed one', async () => {
		const first = await getOrCreate('workspace-a');
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({
			sandbox_name: 'workspace-a',
			max_alive_time: 600,
			created: true,
		});
		const id = first.items[0].json.sandbox_id;
		expect(apiCalls()).toEqual(['GET /302/sandbox/list', 'POST /302/sandbox/create']);
		expect(sim.requests[0].query).toEqual({ sandbox_name: 'workspace-a' });
		expect(sim.requests[1].body).toEqual({ max_alive_time: 600, sandbox_name: 'workspace-a' });

		sim.clearLog();
		const second = await getOrCreate('workspace-a');
		expect(second.items[0].json).toMatchObject({ sandbox_id: id, created: false });
		expect(apiCalls()).toEqual(['GET /302/sandbox/list']);

		await run({ resource: 'sandbox', operation: 'delete', sandboxId: id });
		const third = await getOrCreate('workspace-a');
		expect(third.items[0].json.created).toBe(true);
		expect(third.items[0].json.sandbox_id).not.toBe(id);
		await run({
			resource: 'sandbox',
			operation: 'delete',
			sandboxId: third.items[0].json.sandbox_id,
		});
	});

	test('two items with the same name in one execution share one sandbox (one create)', async () => {
		const res = await getOrCreate('workspace-b', { items: [{ json: {} }, { json: {} }] });
		expect(res.items.map((item) => item.json.created)).toEqual([true, false]);
		expect(res.items[0].json.sandbox_id).toBe(res.items[1].json.sandbox_id);
		expect(apiCalls()).toEqual(['GET /302/sandbox/list', 'POST /302/sandbox/create']);
		await run({
			resource: 'sandbox',
			operation: 'delete',
			sandboxId: res.items[0].json.sandbox_id,
		});
	});

	test('an empty name is refused before any request', async () => {
		const res = await getOrCreate('  ');
		expect(res.error.message).toBe('Parameter "sandboxName" is empty');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('return-files options (issue 12 points 3 and 6) and saved 0.1 workflows', () => {
	const {
		Ai302CodeSandbox,
	} = require('../../dist/nodes/Ai302CodeSandbox/Ai302CodeSandbox.node.js');
	const properties = new Ai302CodeSandbox().description.properties;
	/** @type {(operation: string) => any[]} the options of the operation's Options collection */
	const optionsOf = (operation) =>
		properties.find(
			(p) =>
				p.name === 'options' &&
				p.displayOptions?.show?.operation?.includes(operation) &&
				p.displayOptions.show.resource?.[0] === (operation === 'download' ? 'file' : 'code'),
		)?.options ?? [];

	test.each(['run', 'runInSandbox'])(
		'code › %s: Input Files, then Return Files, then what applies only with it',
		(operation) => {
			const options = optionsOf(operation);
			const names = options.map((o) => o.name);
			expect(names.indexOf('inputFiles')).toBeLessThan(names.indexOf('returnFiles'));
			expect(names.slice(names.indexOf('returnFiles'), names.indexOf('returnFiles') + 4)).toEqual([
				'returnFiles',
				'downloadPath',
				'downloadFiles',
				'outputBinaryField',
			]);
			for (const name of ['downloadPath', 'downloadFiles', 'outputBinaryField']) {
				expect(options.find((o) => o.name === name).displayOptions).toEqual({
					show: { returnFiles: [true] },
				});
			}
			// The 0.1 key stays described (n8n drops undescribed collection values) but is offered only where it is set.
			expect(options.find((o) => o.name === 'binaryPropertyName').displayOptions).toEqual({
				show: { returnFiles: [true], binaryPropertyName: [{ _cnd: { exists: true } }] },
			});
		},
	);

	test('file › download: "Fetch Files Into Binary" and an output field whose name is not an input binary field\'s', () => {
		const options = optionsOf('download');
		expect(options.find((o) => o.name === 'downloadFiles').displayName).toBe(
			'Fetch Files Into Binary',
		);
		expect(options.find((o) => o.name === 'outputBinaryField')).toMatchObject({
			displayName: 'Put Files in Field',
			default: 'data',
		});
	});

	test('file › download: a saved binaryPropertyName still names the field; outputBinaryField wins when both are set', async () => {
		const created = await run({ resource: 'sandbox', operation: 'create', maxAliveTime: 300 });
		const sandboxId = created.items[0].json.sandbox_id;
		await run({
			...filesRun({ returnFiles: false, stdoutFormat: 'text' }, 'print(1)'),
			operation: 'runInSandbox',
			sandboxId,
		});
		const download = (options) =>
			run({
				resource: 'file',
				operation: 'download',
				sandboxId,
				path: '/home/user/sales.csv',
				options,
			});
		expect(Object.keys((await download({ binaryPropertyName: 'sheet' })).items[0].binary)).toEqual([
			'sheet',
		]);
		expect(
			Object.keys(
				(await download({ binaryPropertyName: 'sheet', outputBinaryField: 'table' })).items[0]
					.binary,
			),
		).toEqual(['table']);
		await run({ resource: 'sandbox', operation: 'delete', sandboxId });
	});
});
