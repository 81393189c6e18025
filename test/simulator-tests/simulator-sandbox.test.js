'use strict';
// The simulator's persistent sandboxes: lifecycle, code and commands, files in and out, generated files.
const { startSimulator, generatedFileSha256, generatedFileBytes } = require('../simulator');
const { api, download } = require('../simulator/client');

const KEY = 'sk-test-302';
const OTHER_KEY = 'sk-other-302';
let sim;
const post = (path, body, key = KEY) => api(sim.url, 'POST', path, { key, body });
const createSandbox = async (extra = {}) =>
	(await post('/302/sandbox/create', { max_alive_time: 300, ...extra })).json;
const command = async (sandboxId, cmd) =>
	(await post('/302/sandbox/command', { sandbox_id: sandboxId, cmd })).json.result;

beforeAll(async () => {
	sim = await startSimulator({ apiKeys: [KEY, OTHER_KEY] });
});
afterAll(() => sim.close());
beforeEach(() => sim.clearLog());

describe('create, list, kill', () => {
	test('create answers the 7 fields at the top level with an E2B-like id', async () => {
		const before = Math.floor(Date.now() / 1000);
		const res = await post('/302/sandbox/create', {
			max_alive_time: 120,
			sandbox_name: 'alpha',
			envs: { A: '1' },
			metadata: { team: 'x' },
		});
		expect(res.status).toBe(200);
		expect(Object.keys(res.json).sort()).toEqual([
			'created_at',
			'envs',
			'max_alive_time',
			'metadata',
			'sandbox_id',
			'sandbox_name',
			'sandbox_template',
		]);
		expect(res.json).toMatchObject({
			sandbox_name: 'alpha',
			sandbox_template: 'default',
			envs: { A: '1' },
			metadata: { team: 'x' },
			max_alive_time: 120,
		});
		expect(res.json.sandbox_id).toMatch(/^[a-z0-9]{20}-[0-9a-f]{8}$/);
		expect(res.json.created_at).toBeGreaterThanOrEqual(before);
		expect(res.json.created_at).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
		expect(sim.sandboxes.get(res.json.sandbox_id)).toMatchObject({ apiKey: KEY, killed: false });
	});

	test.each([
		[{}],
		[{ max_alive_time: 0 }],
		[{ max_alive_time: '300' }],
		[{ max_alive_time: 1.5 }],
	])('create %j is a 400 naming max_alive_time', async (body) => {
		const res = await post('/302/sandbox/create', body);
		expect(res.status).toBe(400);
		expect(res.json.error.message).toContain("'max_alive_time'");
	});

	test("list shows only the key's live sandboxes, filtered by name and id", async () => {
		const mine = await createSandbox({ sandbox_name: 'listed' });
		const second = await createSandbox({ sandbox_name: 'listed' });
		const theirs = await post(
			'/302/sandbox/create',
			{ max_alive_time: 300, sandbox_name: 'listed' },
			OTHER_KEY,
		);
		const byName = await api(sim.url, 'GET', '/302/sandbox/list?sandbox_name=listed', { key: KEY });
		expect(byName.json.sandboxes.map((s) => s.sandbox_id).sort()).toEqual(
			[mine.sandbox_id, second.sandbox_id].sort(),
		);
		expect(byName.json.sandboxes[0]).toEqual(
			expect.objectContaining({
				sandbox_template: 'default',
				metadata: {},
				envs: {},
				max_alive_time: 300,
			}),
		);
		const byId = await api(
			sim.url,
			'GET',
			`/302/sandbox/list?sandbox_id=${second.sandbox_id}&sandbox_name=`,
			{ key: KEY },
		);
		expect(byId.json).toEqual({ sandboxes: [second] });
		const other = await api(sim.url, 'GET', '/302/sandbox/list?sandbox_name=listed', {
			key: OTHER_KEY,
		});
		expect(other.json.sandboxes.map((s) => s.sandbox_id)).toEqual([theirs.json.sandbox_id]);
	});

	test('kill answers killed:true; the sandbox then disappears and further calls are 404', async () => {
		const sandbox = await createSandbox();
		const res = await post(`/302/sandbox/kill/${sandbox.sandbox_id}`, {});
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ result: { sandbox_id: sandbox.sandbox_id, killed: true } });
		const list = await api(sim.url, 'GET', `/302/sandbox/list?sandbox_id=${sandbox.sandbox_id}`, {
			key: KEY,
		});
		expect(list.json.sandboxes).toEqual([]);
		const again = await post(`/302/sandbox/kill/${sandbox.sandbox_id}`, {});
		expect(again.status).toBe(404);
		expect(again.json.error.message).toContain(sandbox.sandbox_id);
		expect(
			(await post('/302/sandbox/command', { sandbox_id: sandbox.sandbox_id, cmd: 'true' })).status,
		).toBe(404);
	});

	test('kill of an unknown or foreign sandbox is a 404 envelope', async () => {
		expect((await post('/302/sandbox/kill/nope', {})).json.error).toMatchObject({
			err_code: -10003,
			type: 'not_found_error',
		});
		const foreign = await createSandbox();
		expect((await post(`/302/sandbox/kill/${foreign.sandbox_id}`, {}, OTHER_KEY)).status).toBe(404);
	});

	test('a sandbox past its max_alive_time is gone', async () => {
		let clock = Date.now();
		const timed = await startSimulator({ apiKeys: [KEY], now: () => clock });
		try {
			const res = await api(timed.url, 'POST', '/302/sandbox/create', {
				key: KEY,
				body: { max_alive_time: 60 },
			});
			clock += 61_000;
			const list = await api(timed.url, 'GET', '/302/sandbox/list', { key: KEY });
			expect(list.json.sandboxes).toEqual([]);
			const run = await api(timed.url, 'POST', '/302/sandbox/run_code', {
				key: KEY,
				body: { sandbox_id: res.json.sandbox_id, code: 'print(1)' },
			});
			expect(run.status).toBe(404);
		} finally {
			await timed.close();
		}
	});
});

describe('run_code and command', () => {
	test('run_code keeps files between calls; request envs override sandbox envs', async () => {
		const sandbox = await createSandbox({ envs: { WHO: 'sandbox', KEEP: 'kept' } });
		const first = await post('/302/sandbox/run_code', {
			sandbox_id: sandbox.sandbox_id,
			code: 'open("/home/user/state.txt", "w").write("42")',
		});
		expect(first.json).toEqual({ result: { stdout: [], stderr: [] } });
		const second = await post('/302/sandbox/run_code', {
			sandbox_id: sandbox.sandbox_id,
			language: 'js',
			code: 'const fs = require("fs"); console.log(fs.readFileSync("state.txt", "utf8"), process.env.WHO, process.env.KEEP)',
			envs: { WHO: 'request' },
		});
		expect(second.json).toEqual({ result: { stdout: ['42 request kept\n'], stderr: [] } });
	});

	test.each([
		['/302/sandbox/run_code', { code: 'print(1)' }, 'sandbox_id'],
		['/302/sandbox/run_code', { sandbox_id: 'x' }, 'code'],
		['/302/sandbox/command', { sandbox_id: 'x' }, 'cmd'],
		['/302/sandbox/file/list', { sandbox_id: 'x' }, 'path'],
		['/302/sandbox/file/list', { sandbox_id: 'x', path: [] }, 'path'],
		['/302/sandbox/file/write', { sandbox_id: 'x' }, 'file_list'],
		['/302/sandbox/file/download', { sandbox_id: 'x', path: 5 }, 'path'],
	])('%s with %j is a 400 naming %s', async (path, body, field) => {
		const sandbox = await createSandbox();
		const sandboxId = 'sandbox_id' in body ? sandbox.sandbox_id : undefined;
		const res = await post(path, { ...body, sandbox_id: sandboxId });
		expect(res.status).toBe(400);
		expect(res.json.error.message).toContain(`'${field}'`);
	});

	test('command answers strings, the exit code, no error and cost_time in seconds', async () => {
		const sandbox = await createSandbox({ envs: { A: 'x' } });
		const res = await post('/302/sandbox/command', {
			sandbox_id: sandbox.sandbox_id,
			cmd: 'echo $A; pwd; echo err >&2; exit 3',
		});
		expect(res.status).toBe(200);
		expect(Object.keys(res.json.result).sort()).toEqual([
			'cost_time',
			'error',
			'exit_code',
			'stderr',
			'stdout',
		]);
		expect(res.json.result).toMatchObject({
			stdout: 'x\n/home/user\n',
			stderr: 'err\n',
			exit_code: 3,
			error: '',
		});
		expect(typeof res.json.result.cost_time).toBe('number');
		expect(res.json.result.cost_time).toBeLessThan(10);
	});

	test('command timeout kills it and reports the error', async () => {
		const sandbox = await createSandbox();
		const res = await post('/302/sandbox/command', {
			sandbox_id: sandbox.sandbox_id,
			cmd: 'echo go; sleep 20',
			timeout: 0.3,
		});
		expect(res.json.result).toMatchObject({
			stdout: 'go\n',
			exit_code: 124,
			error: 'TimeoutError: command timed out after 0.3 s',
		});
		expect(res.json.result.stderr).toContain('TimeoutError');
	});

	test('a foreign key cannot use the sandbox', async () => {
		const sandbox = await createSandbox();
		const res = await post(
			'/302/sandbox/command',
			{ sandbox_id: sandbox.sandbox_id, cmd: 'true' },
			OTHER_KEY,
		);
		expect(res.status).toBe(404);
	});
});

describe('file/list, file/write, file/download', () => {
	test('file/list takes a path or a list and tells files, folders and missing paths apart', async () => {
		const sandbox = await createSandbox();
		await command(
			sandbox.sandbox_id,
			'mkdir -p out/deep && echo 1 > out/b.txt && echo 2 > out/a.png',
		);
		const single = await post('/302/sandbox/file/list', {
			sandbox_id: sandbox.sandbox_id,
			path: '/home/user/out',
		});
		expect(single.json).toEqual({
			result: [
				{
					path: '/home/user/out',
					path_type: 'directory',
					file_list: [
						{ name: 'a.png', path: '/home/user/out/a.png' },
						{ name: 'b.txt', path: '/home/user/out/b.txt' },
						{ name: 'deep', path: '/home/user/out/deep' },
					],
				},
			],
		});
		const many = await post('/302/sandbox/file/list', {
			sandbox_id: sandbox.sandbox_id,
			path: ['/home/user/out/b.txt', '/home/user/missing', '/etc', '/generated/5/g.bin'],
		});
		expect(many.json.result).toEqual([
			{ path: '/home/user/out/b.txt', path_type: 'file' },
			{ path: '/home/user/missing', path_type: 'not_exists' },
			{ path: '/etc', path_type: 'not_exists' },
			{ path: '/generated/5/g.bin', path_type: 'file' },
		]);
	});

	test('file/write from a data: URI to a full file path (parents created)', async () => {
		const sandbox = await createSandbox();
		const text = 'name,qty\nwidget,3\n';
		const res = await post('/302/sandbox/file/write', {
			sandbox_id: sandbox.sandbox_id,
			file_list: [
				{
					file: `data:text/csv;base64,${Buffer.from(text).toString('base64')}`,
					save_path: '/home/user/in/data.csv',
				},
			],
		});
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			result: [{ save_path: '/home/user/in/data.csv', success: true, size: text.length }],
		});
		expect((await command(sandbox.sandbox_id, 'cat /home/user/in/data.csv')).stdout).toBe(text);
	});

	test('file/write into an existing folder uses the source name; from a simulator URL streamed', async () => {
		const sandbox = await createSandbox();
		const url = `${sim.url}/files/generated/100000/blob.bin`;
		const res = await post('/302/sandbox/file/write', {
			sandbox_id: sandbox.sandbox_id,
			file_list: [
				{ file: url, save_path: '/home/user' },
				{ file: 'data:text/plain,hello%20there', save_path: '/home/user/notes/' },
				{ file: 'data:text/plain;name=n.md;base64,IyBo', save_path: 'docs' }, // relative, no ext, not a folder: a file path
			],
		});
		expect(res.json.result).toEqual([
			{ save_path: '/home/user/blob.bin', success: true, size: 100000 },
			{ save_path: '/home/user/notes/upload.txt', success: true, size: 11 },
			{ save_path: '/home/user/docs', success: true, size: 3 },
		]);
		const sha = (await command(sandbox.sandbox_id, 'sha256sum blob.bin')).stdout.split(' ')[0];
		expect(sha).toBe(generatedFileSha256(100000));
		expect(
			sim.requests.filter((e) => e.kind === 'file').map((e) => [e.method, e.path, e.status]),
		).toEqual([['GET', '/files/generated/100000/blob.bin', 200]]);
	});

	test('file/write refuses non-loopback URLs and paths outside /home/user, writing nothing', async () => {
		const sandbox = await createSandbox();
		const res = await post('/302/sandbox/file/write', {
			sandbox_id: sandbox.sandbox_id,
			file_list: [
				{ file: 'data:text/plain,ok', save_path: '/home/user/first.txt' },
				{ file: 'https://example.com/x.txt', save_path: '/home/user' },
			],
		});
		expect(res.status).toBe(400);
		expect(res.json.error.message).toContain("'file_list[1].file'");
		const outside = await post('/302/sandbox/file/write', {
			sandbox_id: sandbox.sandbox_id,
			file_list: [{ file: 'data:,x', save_path: '/etc/x' }],
		});
		expect(outside.json.error.message).toContain("'file_list[0].save_path'");
		expect((await command(sandbox.sandbox_id, 'ls -A')).stdout).toBe('');
	});

	test('file/write from a URL that answers 404 reports success:false', async () => {
		const sandbox = await createSandbox();
		const res = await post('/302/sandbox/file/write', {
			sandbox_id: sandbox.sandbox_id,
			file_list: [{ file: `${sim.url}/files/none/x.txt`, save_path: '/home/user/x.txt' }],
		});
		expect(res.json.result).toEqual([
			{
				save_path: '/home/user/x.txt',
				success: false,
				size: 0,
				error: expect.stringContaining('HTTP 404'),
			},
		]);
	});

	test('file/download returns a URL per path: files as is, folders as zip', async () => {
		const sandbox = await createSandbox();
		await command(
			sandbox.sandbox_id,
			'mkdir -p out && printf "<p>hi</p>" > out/page.html && echo x > out/x.txt',
		);
		const res = await post('/302/sandbox/file/download', {
			sandbox_id: sandbox.sandbox_id,
			path: ['/home/user/out/page.html', 'out'],
		});
		expect(res.status).toBe(200);
		expect(res.json.result.map((r) => r.path)).toEqual(['/home/user/out/page.html', 'out']);
		const [page, folder] = res.json.result.map((r) => r.url);
		expect(page).toMatch(/\/files\/[0-9a-f]{32}\/page\.html$/);
		expect(folder).toMatch(/\/files\/[0-9a-f]{32}\/out\.zip$/);
		const html = await download(page);
		expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(html.buffer?.toString()).toBe('<p>hi</p>');
		const zip = await download(folder);
		expect(zip.buffer?.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
		// URLs stay valid after the sandbox is killed (they live on the file host).
		await post(`/302/sandbox/kill/${sandbox.sandbox_id}`, {});
		expect((await download(page)).buffer?.toString()).toBe('<p>hi</p>');
	});

	test('file/download of a missing path is a 400 naming it', async () => {
		const sandbox = await createSandbox();
		const res = await post('/302/sandbox/file/download', {
			sandbox_id: sandbox.sandbox_id,
			path: ['/home/user', '/home/user/ghost.txt'],
		});
		expect(res.status).toBe(400);
		expect(res.json.error.message).toContain('/home/user/ghost.txt');
	});

	test('a generated 10 MB file streams with Content-Length and the documented hash', async () => {
		const size = 10 * 1024 * 1024;
		const sandbox = await createSandbox();
		const res = await post('/302/sandbox/file/download', {
			sandbox_id: sandbox.sandbox_id,
			path: `/generated/${size}/big.bin`,
		});
		expect(res.json).toEqual({
			result: [
				{ path: `/generated/${size}/big.bin`, url: `${sim.url}/files/generated/${size}/big.bin` },
			],
		});
		const file = await download(res.json.result[0].url, { keepBytes: 0 });
		expect(file.status).toBe(200);
		expect(file.headers['content-length']).toBe(String(size));
		expect(file.headers['content-type']).toBe('application/octet-stream');
		expect(file.size).toBe(size);
		expect(file.sha256).toBe(generatedFileSha256(size));
	});

	test('generated files are deterministic prefixes of one stream; HEAD gives headers only', async () => {
		const small = await download(`${sim.url}/files/generated/1000/a.txt`);
		expect(small.buffer).toEqual(generatedFileBytes(1000));
		expect(small.headers['content-type']).toBe('text/plain; charset=utf-8');
		expect(generatedFileBytes(2000).subarray(0, 1000)).toEqual(generatedFileBytes(1000));
		expect(generatedFileBytes(0)).toEqual(Buffer.alloc(0));
		const head = await api(sim.url, 'HEAD', '/files/generated/5000/b.bin');
		expect(head.status).toBe(200);
		expect(head.headers['content-length']).toBe('5000');
		expect(head.text).toBe('');
	});
});
