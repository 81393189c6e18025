'use strict';
// The simulator's own tests: Bearer checks, the log, one-shot code runs and their exported files.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startSimulator } = require('../simulator');
const { api, download } = require('../simulator/client');
const { resolveCommand } = require('../simulator/runner');

const KEY = 'sk-test-302';
let sim;
const run = (body) => api(sim.url, 'POST', '/302/sandbox/direct_run_code', { key: KEY, body });
const lastEntry = () => sim.requests[sim.requests.length - 1];

beforeAll(async () => {
	sim = await startSimulator({ apiKeys: [KEY] });
});
afterAll(() => sim.close());
beforeEach(() => sim.clearLog());

describe('Bearer check and the request log', () => {
	test('a missing key answers 401 with the -10001 envelope', async () => {
		const res = await api(sim.url, 'GET', '/302/sandbox/list');
		expect(res.status).toBe(401);
		expect(res.json).toEqual({
			error: {
				err_code: -10001,
				message: 'Missing API key',
				message_cn: 'Missing API key',
				message_jp: 'Missing API key',
				type: 'authentication_error',
			},
		});
		expect(lastEntry()).toMatchObject({
			method: 'GET',
			path: '/302/sandbox/list',
			status: 401,
			kind: 'api',
		});
	});

	test('an unknown key answers 401 with the -10002 envelope', async () => {
		const res = await api(sim.url, 'GET', '/v1/models', { key: 'sk-wrong' });
		expect(res.status).toBe(401);
		expect(res.json.error).toMatchObject({ err_code: -10002, message: 'Invalid API key' });
	});

	test('a log entry has every documented field, filled on answer', async () => {
		const res = await api(sim.url, 'GET', '/302/sandbox/list?sandbox_name=abc', {
			key: KEY,
			headers: { 'X-Trace': 'one' },
		});
		expect(res.status).toBe(200);
		expect(sim.requests).toHaveLength(1);
		const entry = sim.requests[0];
		expect(Object.keys(entry).sort()).toEqual(
			[
				'body',
				'endTime',
				'fault',
				'headers',
				'id',
				'kind',
				'method',
				'path',
				'query',
				'status',
				'time',
			].sort(),
		);
		expect(entry).toMatchObject({
			method: 'GET',
			path: '/302/sandbox/list',
			query: { sandbox_name: 'abc' },
			status: 200,
			kind: 'api',
			body: undefined,
			fault: undefined,
		});
		expect(entry.headers.authorization).toBe(`Bearer ${KEY}`);
		expect(entry.headers['x-trace']).toBe('one');
		expect(entry.endTime).toBeGreaterThanOrEqual(entry.time);
		expect(Math.abs(entry.time - Date.now())).toBeLessThan(60_000);
	});

	test('GET /v1/models lists models', async () => {
		const res = await api(sim.url, 'GET', '/v1/models', { key: KEY });
		expect(res.status).toBe(200);
		expect(res.json.data.map((m) => m.id)).toContain('gpt-4o');
	});

	test('an unknown endpoint is a 404 envelope, a wrong method a 405', async () => {
		expect((await api(sim.url, 'GET', '/302/nothing', { key: KEY })).status).toBe(404);
		const wrong = await api(sim.url, 'GET', '/302/sandbox/create', { key: KEY });
		expect(wrong.status).toBe(405);
		expect(wrong.json.error.message).toContain('GET');
	});

	test('a body that is not JSON is a 400 naming the body', async () => {
		const res = await api(sim.url, 'POST', '/302/sandbox/direct_run_code', {
			key: KEY,
			body: 'print(1)',
			headers: { 'content-type': 'text/plain' },
		});
		expect(res.status).toBe(400);
		expect(res.json.error).toMatchObject({ err_code: -10003 });
		expect(res.json.error.message).toContain("'body'");
		expect(lastEntry().body).toBe('print(1)');
	});
});

describe('POST /302/sandbox/direct_run_code', () => {
	test('runs Python in /home/user like the seed example, and logs the parsed body', async () => {
		const body = { language: 'python', code: 'import os\nprint(os.getcwd())\nprint(11)' };
		const res = await run(body);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ result: { stdout: ['/home/user\n', '11\n'], stderr: [] } });
		expect(lastEntry().body).toEqual(body);
	});

	test('a missing or unknown language runs as Python', async () => {
		expect((await run({ code: 'print(2 ** 10)' })).json.result.stdout).toEqual(['1024\n']);
		expect(
			(await run({ code: 'import sys; print(sys.version_info[0])', language: 'cobol' })).json.result
				.stdout,
		).toEqual(['3\n']);
	});

	test('runs JavaScript with env vars and HOME=/home/user', async () => {
		const res = await run({
			language: 'js',
			code: 'console.log(process.env.GREETING, process.cwd(), process.env.HOME)',
			envs: { GREETING: 'hello' },
		});
		expect(res.json.result).toEqual({ stdout: ['hello /home/user /home/user\n'], stderr: [] });
	});

	test('runs bash, splitting output into line chunks (last chunk without newline kept)', async () => {
		const res = await run({
			language: 'bash',
			code: 'echo one; echo "$N"; printf tail; echo err >&2',
			envs: { N: 2 },
		});
		expect(res.json.result).toEqual({ stdout: ['one\n', '2\n', 'tail'], stderr: ['err\n'] });
	});

	test('env vars reach Python code unchanged (item data as JSON)', async () => {
		const data = JSON.stringify([{ name: 'Ann', tags: ['a', 'b'] }, { name: 'Bo' }]);
		const res = await run({
			code: 'import os, json\nitems = json.loads(os.environ["ITEMS"])\nprint(json.dumps(items))',
			envs: { ITEMS: data },
		});
		expect(JSON.parse(res.json.result.stdout.join(''))).toEqual(JSON.parse(data));
	});

	test('an exception goes to stderr as a traceback', async () => {
		const res = await run({ code: 'print("before")\nraise ValueError("boom")' });
		expect(res.json.result.stdout).toEqual(['before\n']);
		const stderr = res.json.result.stderr.join('');
		expect(stderr).toContain('ValueError: boom');
		expect(stderr).toContain('File "/tmp/main.py"');
		expect(stderr).not.toContain(os.tmpdir() + '/sim302');
	});

	test('a language that is not installed answers 200 with a shell "not found" stderr', async () => {
		const res = await run({ language: 'r', code: 'cat(1)' });
		expect(res.status).toBe(200);
		if (resolveCommand('Rscript')) {
			expect(res.json.result.stdout).toEqual(['1']);
		} else {
			expect(res.json.result).toEqual({ stdout: [], stderr: ['/bin/sh: 1: Rscript: not found\n'] });
		}
	});

	(resolveCommand('java') ? test : test.skip)(
		'runs single-file Java',
		async () => {
			const code =
				'public class Main { public static void main(String[] a) { System.out.println("java " + (6 * 7)); } }';
			const res = await run({ language: 'java', code, timeout: 30 });
			expect(res.json.result.stdout).toEqual(['java 42\n']);
		},
		40_000,
	);

	test('a timeout kills the whole process tree and says so in stderr', async () => {
		const marker = uniqueSleepArg();
		const res = await run({
			language: 'bash',
			code: `echo started; sleep ${marker} & sleep ${marker}; echo never`,
			timeout: 0.5,
		});
		expect(res.status).toBe(200);
		expect(res.json.result.stdout).toEqual(['started\n']);
		expect(res.json.result.stderr).toEqual(['TimeoutError: execution timed out after 0.5 s\n']);
		const entry = lastEntry();
		expect(entry.endTime - entry.time).toBeLessThan(4000);
		expect(entry.endTime - entry.time).toBeGreaterThanOrEqual(450);
		expect(await processesGone(marker)).toEqual([]);
	});

	test.each([
		[{}, 'code'],
		[{ code: '' }, 'code'],
		[{ code: 'print(1)', timeout: -1 }, 'timeout'],
		[{ code: 'print(1)', timeout: 'ten' }, 'timeout'],
		[{ code: 'print(1)', envs: ['A=1'] }, 'envs'],
		[{ code: 'print(1)', is_download: 'yes' }, 'is_download'],
		[{ code: 'print(1)', is_download: true, download_path: '/etc' }, 'download_path'],
		[
			{ code: 'print(1)', is_download: true, download_path: '/home/user/../../etc' },
			'download_path',
		],
	])('invalid body %j is a 400 naming %s', async (body, field) => {
		const res = await run(body);
		expect(res.status).toBe(400);
		expect(res.json.error.err_code).toBe(-10003);
		expect(res.json.error.message).toContain(`'${field}'`);
	});
});

describe('direct_run_code file export (is_download)', () => {
	test('a single file is served as is, with Content-Type and Content-Length', async () => {
		const code =
			'import os\nos.makedirs("/home/user/out", exist_ok=True)\nopen("/home/user/out/report.csv", "w").write("a,b\\n1,2\\n")\nprint("ok")';
		const res = await run({ code, is_download: true, download_path: '/home/user/out/report.csv' });
		expect(res.json.result.stdout).toEqual(['ok\n']);
		const url = res.json.result.file.url;
		expect(url).toMatch(new RegExp(`^${sim.url}/files/[0-9a-f]{32}/report\\.csv$`));
		const file = await download(url);
		expect(file.status).toBe(200);
		expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
		expect(file.headers['content-length']).toBe('8');
		expect(file.buffer?.toString()).toBe('a,b\n1,2\n');
		expect(lastEntry()).toMatchObject({ kind: 'file', method: 'GET', status: 200 });
	});

	test('the default /home/user folder is exported as user.zip holding every file', async () => {
		const code = [
			'import os, json',
			'open("a.txt", "w").write("alpha")',
			'os.makedirs("sub", exist_ok=True)',
			'json.dump({"x": 1}, open("sub/b.json", "w"))',
			'open("é.txt", "w").write("accent")',
		].join('\n');
		const res = await run({ code, is_download: true });
		const url = res.json.result.file.url;
		expect(url).toMatch(/\/files\/[0-9a-f]{32}\/user\.zip$/);
		const zip = await download(url);
		expect(zip.headers['content-type']).toBe('application/zip');
		expect(readZipWithPython(zip.buffer)).toEqual({
			'a.txt': 'alpha',
			'sub/b.json': '{"x": 1}',
			'é.txt': 'accent',
		});
	});

	test('a folder with one file is still a zip; nothing to export means no file key', async () => {
		const one = await run({
			code: 'import os\nos.makedirs("o")\nopen("o/x.txt","w").write("x")',
			is_download: true,
			download_path: 'o',
		});
		expect(one.json.result.file.url).toMatch(/\/o\.zip$/);
		expect(readZipWithPython((await download(one.json.result.file.url)).buffer)).toEqual({
			'x.txt': 'x',
		});
		const none = await run({ code: 'print(1)', is_download: true });
		expect(none.json.result).toEqual({ stdout: ['1\n'], stderr: [] });
		const missing = await run({
			code: 'print(1)',
			is_download: true,
			download_path: '/home/user/nope.txt',
		});
		expect(missing.json.result.file).toBeUndefined();
	});

	test('is_download false never adds a file key, even with files written', async () => {
		const res = await run({ code: 'open("f.txt","w").write("1")' });
		expect(res.json).toEqual({ result: { stdout: [], stderr: [] } });
	});

	test('an unknown file URL is a 404', async () => {
		const res = await download(`${sim.url}/files/0123456789abcdef0123456789abcdef/x.txt`);
		expect(res.status).toBe(404);
	});
});

test('close() kills running code, drops its request and removes the temp folders', async () => {
	const other = await startSimulator();
	const root = other.dirs.root;
	expect(fs.existsSync(root)).toBe(true);
	const marker = uniqueSleepArg();
	const pending = api(other.url, 'POST', '/302/sandbox/direct_run_code', {
		key: 'sk-sim-302',
		body: { language: 'bash', code: `sleep ${marker}`, timeout: 60 },
	}).then(
		() => 'answered',
		() => 'dropped',
	);
	for (let i = 0; i < 100 && processesWithArg(marker).length === 0; i++)
		await new Promise((resolve) => setTimeout(resolve, 20));
	expect(processesWithArg(marker)).toHaveLength(1);
	await other.close();
	expect(await pending).toBe('dropped');
	expect(await processesGone(marker)).toEqual([]);
	expect(fs.existsSync(root)).toBe(false);
	expect(other.requests.map((e) => e.status)).toEqual([0]);
});

/** A `sleep` argument no other test run uses (30.xxxxx seconds), to find its processes. */
function uniqueSleepArg() {
	return `30.${String(process.pid % 1000).padStart(3, '0')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
}

/** Waits up to 1 s for the processes of `arg` to be gone (a SIGKILLed process exits in a moment); returns those left. */
async function processesGone(arg) {
	for (let i = 0; i < 50 && processesWithArg(arg).length > 0; i++)
		await new Promise((resolve) => setTimeout(resolve, 20));
	return processesWithArg(arg);
}

/** Pids of live processes whose command line has `arg` as an argument. */
function processesWithArg(arg) {
	const found = [];
	for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			const state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
			if (args.includes(arg) && state !== 'Z') found.push(pid);
		} catch {
			// gone meanwhile
		}
	}
	return found;
}

/** Reads a zip with Python's zipfile (an independent reader): { name: text }, after testzip(). */
function readZipWithPython(buffer) {
	const file = path.join(os.tmpdir(), `sim-zip-test-${process.pid}-${Date.now()}.zip`);
	fs.writeFileSync(file, buffer);
	try {
		const script =
			'import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode() for n in z.namelist()}))';
		return JSON.parse(
			execFileSync(resolveCommand('python3'), ['-c', script, file], { encoding: 'utf8' }),
		);
	} finally {
		fs.rmSync(file, { force: true });
	}
}
