'use strict';
// The simulator's fault switches, its admin API and its CLI.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const { startSimulator } = require('../simulator');
const { api } = require('../simulator/client');

const KEY = 'sk-test-302';
let sim;
const models = () => api(sim.url, 'GET', '/v1/models', { key: KEY });
const submit = (task = 'a task') =>
	api(sim.url, 'POST', '/302/browser/submit', { key: KEY, body: { task } });
const last = () => sim.requests[sim.requests.length - 1];

beforeAll(async () => {
	sim = await startSimulator({ apiKeys: [KEY] });
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.clearFaults();
	sim.clearLog();
	sim.tasks.clear();
});

describe('fault types', () => {
	test('latency delays the answer (log timestamps)', async () => {
		sim.addFault({ match: { path: '/v1/models' }, type: 'latency', ms: 300 });
		const res = await models();
		expect(res.status).toBe(200);
		expect(last()).toMatchObject({ fault: 'latency', status: 200 });
		expect(last().endTime - last().time).toBeGreaterThanOrEqual(290);
	});

	test('status 429 with Retry-After for `times` requests, then normal answers', async () => {
		sim.addFault({
			match: { method: 'GET', path: '/v1/models' },
			times: 2,
			type: 'status',
			status: 429,
			headers: { 'Retry-After': '2' },
		});
		const answers = [await models(), await models(), await models()];
		expect(answers.map((r) => r.status)).toEqual([429, 429, 200]);
		expect(answers[0].headers['retry-after']).toBe('2');
		expect(answers[0].json).toEqual({ message: 'Too Many Requests' });
		expect(sim.requests.map((e) => e.fault)).toEqual(['status', 'status', undefined]);
	});

	test('a 5xx burst after N good requests (after + times), with custom JSON and text bodies', async () => {
		sim.addFault({
			match: { path: '/v1/models' },
			after: 1,
			times: 3,
			type: 'status',
			status: 503,
			body: { error: 'busy' },
		});
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await models()).status);
		expect(statuses).toEqual([200, 503, 503, 503, 200]);
		sim.clearFaults();
		sim.addFault({ match: { path: '/v1/models' }, type: 'status', status: 500, body: 'oops' });
		const text = await models();
		expect([text.status, text.text, text.headers['content-type']]).toEqual([
			500,
			'oops',
			'text/plain; charset=utf-8',
		]);
	});

	test('envelope answers the 302 error envelope with any err_code', async () => {
		sim.addFault({ match: { path: '/302/browser/submit' }, type: 'envelope', err_code: -10004 });
		sim.addFault({
			match: { path: '/v1/models' },
			type: 'envelope',
			status: 403,
			err_code: -10005,
			message: 'Key expired on 2025-01-01',
		});
		const balance = await submit();
		expect(balance.status).toBe(400);
		expect(balance.json).toEqual({
			error: {
				err_code: -10004,
				message: 'Insufficient account balance',
				message_cn: '账户余额不足',
				message_jp: 'アカウント残高が不足しています',
				type: 'billing_error',
			},
		});
		const expired = await models();
		expect(expired.status).toBe(403);
		expect(expired.json.error).toMatchObject({
			err_code: -10005,
			message: 'Key expired on 2025-01-01',
		});
		expect(sim.tasks.size).toBe(0); // a canned answer does no work
	});

	test('reset before-body drops the connection and does no work', async () => {
		sim.addFault({
			match: { path: '/302/browser/submit' },
			times: 1,
			type: 'reset',
			when: 'before-body',
		});
		await expect(submit()).rejects.toThrow();
		expect(sim.tasks.size).toBe(0);
		expect(last()).toMatchObject({ fault: 'reset', status: 0, body: undefined });
		expect((await submit()).status).toBe(200); // expired after one
	});

	test('reset after-body does the paid work, then drops the answer', async () => {
		sim.addFault({ match: { path: '/302/browser/submit' }, type: 'reset', when: 'after-body' });
		await expect(submit('reached the server')).rejects.toThrow();
		expect([...sim.tasks.values()].map((t) => t.task)).toEqual(['reached the server']);
		expect(last()).toMatchObject({
			fault: 'reset',
			status: 0,
			body: { task: 'reached the server' },
		});
	});

	test('malformed answers 200 with truncated JSON', async () => {
		sim.addFault({ match: { path: '/v1/models' }, type: 'malformed' });
		const res = await models();
		expect([res.status, res.text, res.headers['content-type']]).toEqual([
			200,
			'{"result": ',
			'application/json; charset=utf-8',
		]);
	});

	test('html answers an HTML error page (502 by default)', async () => {
		sim.addFault({ match: { path: '/v1/models' }, times: 1, type: 'html' });
		sim.addFault({ match: { path: '/v1/models' }, type: 'html', status: 504 });
		const first = await models();
		expect([first.status, first.headers['content-type']]).toEqual([
			502,
			'text/html; charset=utf-8',
		]);
		expect(first.text).toContain('<title>502 Bad Gateway</title>');
		expect((await models()).text).toContain('504 Gateway Timeout');
	});

	test('empty answers an empty body (200 by default, any status)', async () => {
		sim.addFault({ match: { path: '/v1/models' }, times: 1, type: 'empty' });
		sim.addFault({ match: { path: '/v1/models' }, type: 'empty', status: 503 });
		const first = await models();
		expect([first.status, first.text, first.headers['content-length']]).toEqual([200, '', '0']);
		expect((await models()).status).toBe(503);
	});

	test('random applies one of `of` at the given rate, repeatably for a seed', async () => {
		const sequence = async (seed) => {
			sim.clearFaults();
			sim.clearLog();
			sim.addFault({
				match: { path: '/v1/models' },
				type: 'random',
				rate: 0.3,
				seed,
				of: [{ type: 'status', status: 503 }, { type: 'empty' }],
			});
			for (let i = 0; i < 60; i++) await models();
			return sim.requests.map((e) => e.fault ?? '-').join(',');
		};
		const first = await sequence(7);
		const faults = first.split(',').filter((f) => f !== '-');
		expect(faults.length).toBeGreaterThan(6);
		expect(faults.length).toBeLessThan(35);
		expect(new Set(faults)).toEqual(new Set(['status', 'empty']));
		expect(await sequence(7)).toBe(first);
		expect(await sequence(8)).not.toBe(first);
	});

	test('random with rate 0 never fires and with rate 1 always does', async () => {
		sim.addFault({
			match: { path: '/v1/models' },
			times: 3,
			type: 'random',
			rate: 0,
			of: [{ type: 'empty' }],
		});
		sim.addFault({
			match: { path: '/v1/models' },
			type: 'random',
			rate: 1,
			of: [{ type: 'status', status: 502 }],
		});
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await models()).status);
		expect(statuses).toEqual([502, 502, 502, 502, 502]);
		expect(sim.faults.list.map((f) => [f.seen, f.applied])).toEqual([
			[5, 0],
			[5, 5],
		]);
	});

	test('unknown fault types are refused', () => {
		expect(() => sim.addFault({ type: 'explode' })).toThrow(/type/);
		expect(() => sim.addFault({ type: 'random', of: [] })).toThrow(/of/);
	});
});

describe('fault matching', () => {
	test('method, path prefix, regex source and kind select requests; first match wins', async () => {
		sim.addFault({ match: { path: '^/302/browser/tasks/[^/]+$' }, type: 'status', status: 500 });
		sim.addFault({ match: { method: 'POST' }, type: 'status', status: 418 });
		sim.addFault({ match: { kind: 'file' }, type: 'status', status: 410 });
		sim.addFault({ type: 'status', status: 503 }); // matches everything left
		expect((await api(sim.url, 'GET', '/302/browser/tasks/abc', { key: KEY })).status).toBe(500);
		expect((await submit()).status).toBe(418);
		expect((await api(sim.url, 'GET', '/files/generated/10/x.bin')).status).toBe(410);
		expect((await models()).status).toBe(503);
	});

	test('a RegExp object works in-process; clearFaults removes every fault', async () => {
		sim.addFault({ match: { path: /models$/ }, type: 'status', status: 500 });
		expect((await models()).status).toBe(500);
		sim.clearFaults();
		expect((await models()).status).toBe(200);
	});

	test('an expired fault lets the next one match', async () => {
		sim.addFault([
			{ match: { path: '/v1/' }, times: 1, type: 'status', status: 500 },
			{ match: { path: '/v1/' }, times: 1, type: 'status', status: 502 },
		]);
		expect([(await models()).status, (await models()).status, (await models()).status]).toEqual([
			500, 502, 200,
		]);
	});

	test('faults on file URLs: a dropped connection, then the file', async () => {
		sim.addFault({ match: { kind: 'file' }, times: 1, type: 'reset', when: 'after-body' });
		await expect(api(sim.url, 'GET', '/files/generated/100/x.bin')).rejects.toThrow();
		expect((await api(sim.url, 'GET', '/files/generated/100/x.bin')).status).toBe(200);
		expect(sim.requests.map((e) => [e.kind, e.fault, e.status])).toEqual([
			['file', 'reset', 0],
			['file', undefined, 200],
		]);
	});
});

describe('options', () => {
	test('latencyMs delays every API answer; logBodies false keeps bodies out of the log', async () => {
		const slow = await startSimulator({ apiKeys: [KEY], latencyMs: 200, logBodies: false });
		try {
			await api(slow.url, 'POST', '/302/browser/submit', { key: KEY, body: { task: 'x' } });
			const [entry] = slow.requests;
			expect(entry.endTime - entry.time).toBeGreaterThanOrEqual(190);
			expect(entry.body).toBeUndefined();
			expect(slow.tasks.size).toBe(1);
		} finally {
			await slow.close();
		}
	});

	test('the default key is sk-sim-302', async () => {
		const plain = await startSimulator();
		try {
			expect((await api(plain.url, 'GET', '/v1/models', { key: 'sk-sim-302' })).status).toBe(200);
			expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		} finally {
			await plain.close();
		}
	});
});

describe('admin API under /__sim/', () => {
	const admin = (method, route, body) => api(sim.url, method, `/__sim/${route}`, { body });

	test('faults, requests, reset, browser defaults; admin calls are not logged and need no key', async () => {
		const added = await admin('POST', 'faults', [
			{
				match: { path: '^/v1/models$' },
				times: 1,
				type: 'status',
				status: 429,
				headers: { 'retry-after': '1' },
			},
			{ match: { path: '/302/browser/submit' }, type: 'envelope', err_code: -10006 },
		]);
		expect(added.json).toEqual({ ok: true, added: 2 });
		expect((await admin('GET', 'faults')).json.map((f) => [f.type, f.times])).toEqual([
			['status', 1],
			['envelope', null],
		]);
		expect((await models()).status).toBe(429);
		expect((await submit()).json.error.err_code).toBe(-10006);
		await admin('DELETE', 'faults');
		expect((await submit()).status).toBe(200);

		const log = (await admin('GET', 'requests')).json;
		expect(log.map((e) => [e.path, e.status, e.fault ?? null])).toEqual([
			['/v1/models', 429, 'status'],
			['/302/browser/submit', 400, 'envelope'],
			['/302/browser/submit', 200, null],
		]);
		expect((await admin('GET', `requests?since=${log[1].id}`)).json.map((e) => e.id)).toEqual([
			log[2].id,
		]);

		await admin('POST', 'faults', { type: 'status', status: 500 });
		await admin('POST', 'reset');
		expect((await admin('GET', 'requests')).json).toEqual([]);
		expect((await models()).status).toBe(200);

		expect((await admin('POST', 'browser', { queueMs: 5, runMs: 10 })).json.defaults).toMatchObject(
			{ queueMs: 5, runMs: 10, stepMs: 400 },
		);
		const taskId = (await submit('after admin')).json.task_id;
		expect((await admin('GET', 'tasks')).json.find((t) => t.task_id === taskId)).toMatchObject({
			queueMs: 5,
			runMs: 10,
		});
		sim.setBrowserDefaults({ queueMs: 300, runMs: 1500 });
		expect(sim.requests.every((e) => !e.path.startsWith('/__sim/'))).toBe(true);
	});

	test('bad admin input is a 400, unknown routes a 404', async () => {
		expect((await admin('POST', 'faults', { type: 'nope' })).status).toBe(400);
		expect((await admin('GET', 'nothing')).status).toBe(404);
	});
});

describe('CLI', () => {
	const cli = path.join(__dirname, '..', 'simulator', 'cli.js');

	test('prints one JSON line, serves with the given key and schedule, and exits 0 on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[
				cli,
				'--port',
				'0',
				'--key',
				'sk-abc',
				'--queue-ms',
				'10',
				'--run-ms',
				'20',
				'--step-ms',
				'5',
				'--latency',
				'0',
			],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		const exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		try {
			const firstLine = await new Promise((resolve, reject) => {
				readline.createInterface({ input: child.stdout }).once('line', resolve);
				child.once('exit', () => reject(new Error('exited early')));
			});
			const announced = JSON.parse(firstLine);
			expect(Object.keys(announced)).toEqual(['url', 'pid']);
			expect(announced.pid).toBe(child.pid);
			expect((await api(announced.url, 'GET', '/v1/models', { key: 'sk-abc' })).status).toBe(200);
			expect((await api(announced.url, 'GET', '/v1/models', { key: 'sk-sim-302' })).status).toBe(
				401,
			);
			const taskId = (
				await api(announced.url, 'POST', '/302/browser/submit', {
					key: 'sk-abc',
					body: { task: 'cli' },
				})
			).json.task_id;
			const tasks = (await api(announced.url, 'GET', '/__sim/tasks')).json;
			expect(tasks).toEqual([
				expect.objectContaining({ task_id: taskId, queueMs: 10, runMs: 20, stepMs: 5 }),
			]);
			child.kill('SIGTERM');
			expect(await exited).toEqual({ code: 0, signal: null });
		} finally {
			child.kill('SIGKILL');
		}
	});

	test('an unknown option exits with code 2', async () => {
		const child = spawn(process.execPath, [cli, '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
		const code = await new Promise((resolve) => child.on('exit', resolve));
		expect(code).toBe(2);
	});
});
