'use strict';
// 302 Code Sandbox behaviour across items: Continue On Fail, bounded concurrency with input
// order kept, API errors, the key never leaking, and large files streamed
// into binary data intact.
const h = require('../harness');
const { generatedFileSha256 } = require('../simulator');
const { useSimulator } = require('../helpers/useSimulator');

const KEY = 'sk-test-302-behaviour';
const TYPE = 'ai302CodeSandbox';

let sim;
let credentials;

useSimulator({ apiKeys: [KEY] }, (started) => {
	sim = started;
	credentials = { apiKey: KEY, baseUrl: sim.url };
});

async function run(spec) {
	const res = await h.runNode({ type: TYPE, credentials, items: [{ json: {} }], ...spec });
	const texts = [JSON.stringify(res.items), JSON.stringify(res.outputs)];
	if (res.error)
		texts.push(
			String(res.error.message),
			String(res.error.description),
			String(res.error.stack),
			JSON.stringify(res.error),
		);
	for (const text of texts) expect(text).not.toContain(KEY);
	return res;
}

/** Most requests to `path` that were open at the same moment, from the log's timestamps. */
function maxInFlight(path) {
	const edges = sim.requests
		.filter((r) => r.path === path)
		.flatMap((r) => [
			[r.time, 1],
			[r.endTime, -1],
		])
		.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let open = 0;
	let most = 0;
	for (const [, delta] of edges) {
		open += delta;
		most = Math.max(most, open);
	}
	return most;
}

async function createSandbox() {
	const res = await run({
		parameters: { resource: 'sandbox', operation: 'create', maxAliveTime: 300 },
	});
	return res.items[0].json.sandbox_id;
}

describe('Continue On Fail', () => {
	test('one bad item among five: four results, one error item, pairing right, the rest still run', async () => {
		const items = [0, 1, 2, 3, 4].map((n) => ({
			json: { n, code: n === 2 ? '' : `print(${n} * 10)` },
		}));
		const res = await run({
			parameters: {
				resource: 'code',
				operation: 'run',
				language: 'python',
				code: '={{ $json.code }}',
				options: { passItemData: false },
			},
			items,
			continueOnFail: true,
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests).toHaveLength(4);
		expect(res.items).toHaveLength(5);
		expect(res.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		for (const n of [0, 1, 3, 4]) expect(res.items[n].json.stdout).toBe(`${n * 10}\n`);
		expect(res.items[2].json).toEqual({
			error: 'Parameter "code" is empty',
			description: 'Write the code to run in the Code field.',
		});
	});

	test('an API failure of one item becomes an error item with the API details; the others finish', async () => {
		const sandboxId = await createSandbox();
		sim.clearLog();
		const ids = [sandboxId, sandboxId, 'gonegonegone-00000000', sandboxId, sandboxId];
		const res = await run({
			parameters: {
				resource: 'command',
				operation: 'run',
				sandboxId: '={{ $json.id }}',
				command: '={{ "echo " + $itemIndex }}',
			},
			items: ids.map((id) => ({ json: { id } })),
			continueOnFail: true,
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests.filter((r) => r.path === '/302/sandbox/command')).toHaveLength(5);
		expect(res.items.map((item) => item.pairedItem.item)).toEqual([0, 1, 2, 3, 4]);
		for (const n of [0, 1, 3, 4])
			expect(res.items[n].json).toMatchObject({ stdout: `${n}\n`, exit_code: 0 });
		expect(res.items[2].json).toMatchObject({
			error: expect.stringMatching(
				/^302\.AI POST \/302\/sandbox\/command failed \(HTTP 404, err_code -?\d+\): /,
			),
			httpCode: '404',
			endpoint: 'POST /302/sandbox/command',
		});
	});

	test('without Continue On Fail the first API error fails the node, naming the item', async () => {
		const res = await run({
			parameters: { resource: 'sandbox', operation: 'delete', sandboxId: '={{ $json.id }}' },
			items: [{ json: { id: 'nosuchsandbox-00000000' } }],
		});
		expect(res.error.message).toMatch(
			/^302\.AI POST \/302\/sandbox\/kill\/nosuchsandbox-00000000 failed \(HTTP 404/,
		);
		expect(res.error.context.itemIndex).toBe(0);
	});

	test('all-items mode with Continue On Fail: one error item paired with every input', async () => {
		const res = await run({
			parameters: {
				resource: 'code',
				operation: 'run',
				mode: 'runOnceForAllItems',
				language: 'python',
				code: 'print("x")',
				options: { stdoutFormat: 'jsonStrict' },
			},
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(res.items).toHaveLength(1);
		expect(res.items[0].json.error).toMatch(
			/^Parameter "options\.stdoutFormat" is "JSON \(Strict\)"/,
		);
		expect(res.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('several items', () => {
	test('run with bounded concurrency (2 at a time) and keep input order', async () => {
		sim.addFault({ type: 'latency', ms: 300, match: { path: '/302/sandbox/direct_run_code' } });
		const items = Array.from({ length: 6 }, (_, n) => ({ json: { n } }));
		const res = await run({
			parameters: {
				resource: 'code',
				operation: 'run',
				language: 'python',
				code: 'import os\nprint(os.environ["N8N_ITEM_INDEX"])',
				options: { concurrency: 2 },
			},
			items,
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests).toHaveLength(6);
		expect(maxInFlight('/302/sandbox/direct_run_code')).toBe(2);
		expect(res.items.map((item) => [item.json.stdout, item.pairedItem.item])).toEqual(
			[0, 1, 2, 3, 4, 5].map((n) => [`${n}\n`, n]),
		);
	});

	test('a paid call answered by 500 is not sent again; the error keeps the API message', async () => {
		sim.addFault({
			type: 'envelope',
			status: 500,
			err_code: -10004,
			message: 'Insufficient balance',
			match: { path: '/302/sandbox/direct_run_code' },
		});
		const res = await run({ parameters: { resource: 'code', operation: 'run', code: 'print(1)' } });
		expect(res.error.message).toBe(
			'302.AI POST /302/sandbox/direct_run_code failed (HTTP 500, err_code -10004): Insufficient balance',
		);
		expect(res.error.description).toMatch(/Insufficient account balance/);
		expect(sim.requests).toHaveLength(1);
	});

	test('an answer without stdout/stderr is a clear error naming the endpoint', async () => {
		sim.addFault({
			type: 'status',
			status: 200,
			body: { result: { something: 'else' } },
			match: { path: '/302/sandbox/direct_run_code' },
		});
		const res = await run({ parameters: { resource: 'code', operation: 'run', code: 'print(1)' } });
		expect(res.error.message).toMatch(
			/^302\.AI POST \/302\/sandbox\/direct_run_code answered without "stdout" or "stderr"/,
		);
		expect(res.error.context.itemIndex).toBe(0);
	});
});

// Tool mode (the capped answer, the agent's item kept from 302.AI) is in tool-mode.test.js.

describe('large files into binary data', () => {
	test('a 50 MB generated file lands intact (byte count and sha256)', async () => {
		const sandboxId = await createSandbox();
		sim.clearLog();
		const size = 50 * 1024 * 1024;
		const res = await run({
			parameters: {
				resource: 'file',
				operation: 'download',
				sandboxId,
				path: `/generated/${size}/big.bin`,
			},
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests.map((r) => [r.kind, r.method, r.status])).toEqual([
			['api', 'POST', 200],
			['file', 'GET', 200],
		]);
		expect(res.items).toHaveLength(1);
		expect(res.items[0].json).toEqual({
			sandbox_id: sandboxId,
			path: `/generated/${size}/big.bin`,
			url: `${sim.url}/files/generated/${size}/big.bin`,
		});
		const info = await h.binaryInfo(res.items[0], 'data');
		expect(info).toEqual({
			fileName: 'big.bin',
			mimeType: expect.any(String),
			fileSize: size,
			sha256: generatedFileSha256(size),
		});
	}, 120_000);

	test('a file host 404 is a clear error with the URL and is not retried', async () => {
		const sandboxId = await createSandbox();
		sim.addFault({ type: 'status', status: 404, body: 'gone', match: { kind: 'file' } });
		const res = await run({
			parameters: {
				resource: 'file',
				operation: 'download',
				sandboxId,
				path: '/generated/10/small.txt',
			},
		});
		expect(res.error.message).toBe(
			`Downloading the file ${sim.url}/files/generated/10/small.txt failed: HTTP 404: gone`,
		);
		expect(sim.requests.filter((r) => r.kind === 'file')).toHaveLength(1);
	});

	test('a 503 from the file host is retried before any byte is stored', async () => {
		const sandboxId = await createSandbox();
		sim.clearLog();
		sim.addFault({ type: 'status', status: 503, match: { kind: 'file' }, times: 1 });
		const res = await run({
			parameters: {
				resource: 'file',
				operation: 'download',
				sandboxId,
				path: '/generated/4096/retry.bin',
			},
		});
		expect(res.error).toBeUndefined();
		expect(sim.requests.filter((r) => r.kind === 'file').map((r) => r.status)).toEqual([503, 200]);
		expect(await h.binaryInfo(res.items[0], 'data')).toMatchObject({
			fileSize: 4096,
			sha256: generatedFileSha256(4096),
		});
	});

	test('cancelling the execution stops a slow download at once', async () => {
		const sandboxId = await createSandbox();
		sim.clearLog();
		sim.addFault({ type: 'latency', ms: 10_000, match: { kind: 'file' } });
		const res = await run({
			parameters: {
				resource: 'file',
				operation: 'download',
				sandboxId,
				path: '/generated/1024/slow.bin',
			},
			// Cancel once the file host (held 10 s) has the request: a condition, not a time.
			onStart: (handle) => {
				const cancelWhenFetching = () => {
					if (sim.requests.some((r) => r.kind === 'file')) handle.cancel();
					else setImmediate(cancelWhenFetching);
				};
				cancelWhenFetching();
			},
		});
		const fileRequests = sim.requests.filter((r) => r.kind === 'file');
		expect(res.status).toBe('canceled');
		// The node gave up before the file host answered (how fast, in wall time: bench/), and
		// did not try again.
		expect(fileRequests).toHaveLength(1);
		expect(fileRequests[0].endTime).toBeUndefined();
	});
});
