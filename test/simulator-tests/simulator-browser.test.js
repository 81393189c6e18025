'use strict';
// The simulator's browser tasks: schedule, outcomes, directives. Most tests drive a virtual clock.
const { startSimulator } = require('../simulator');
const { parseDirectives, parseJsonAnswer } = require('../simulator/browser-tasks');
const { api } = require('../simulator/client');

const KEY = 'sk-test-302';
let sim;
let clock;
const submit = async (task, extra = {}) =>
	api(sim.url, 'POST', '/302/browser/submit', { key: KEY, body: { task, ...extra } });
const status = async (taskId, key = KEY) =>
	api(sim.url, 'GET', `/302/browser/tasks/${taskId}`, { key });
const at = async (taskId, ms) => {
	clock = sim.tasks.get(taskId).createdAt + ms;
	return (await status(taskId)).json;
};

beforeAll(async () => {
	clock = Date.now();
	sim = await startSimulator({
		apiKeys: [KEY, 'sk-other'],
		now: () => clock,
		browser: { queueMs: 300, runMs: 1500, stepMs: 400 },
	});
});
afterAll(() => sim.close());

describe('POST /302/browser/submit', () => {
	test('answers a uuid task_id and keeps the task and model', async () => {
		const res = await submit('Find the weather in Guangzhou', { model: 'gpt-4o' });
		expect(res.status).toBe(200);
		expect(Object.keys(res.json)).toEqual(['task_id']);
		expect(res.json.task_id).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
		);
		expect(sim.tasks.get(res.json.task_id)).toMatchObject({
			task: 'Find the weather in Guangzhou',
			model: 'gpt-4o',
			polls: 0,
		});
	});

	test.each([[{}], [{ task: '' }], [{ task: 42 }], [{ task: 'ok', model: 5 }]])(
		'%j is a 400 naming the field',
		async (/** @type {Record<string, unknown>} */ body) => {
			const res = await api(sim.url, 'POST', '/302/browser/submit', { key: KEY, body });
			expect(res.status).toBe(400);
			expect(res.json.error.message).toMatch(body.task === 'ok' ? /'model'/ : /'task'/);
		},
	);

	test('create=data wraps the answer in data', async () => {
		const res = await submit('Wrapped [sim create=data]');
		expect(Object.keys(res.json)).toEqual(['data']);
		expect(sim.tasks.has(res.json.data.task_id)).toBe(true);
	});

	test('create=final blocks until done and answers the final status', async () => {
		const res = await submit('Sync variant [sim create=final queue=20 run=60 step=20]');
		expect(res.json).toMatchObject({
			status: 'finished',
			is_successful: true,
			result: 'Simulated result for: Sync variant',
		});
		expect(res.json.steps).toHaveLength(3);
		const entry = sim.requests.find(
			(e) => e.body?.task === 'Sync variant [sim create=final queue=20 run=60 step=20]',
		);
		expect(entry.endTime - entry.time).toBeGreaterThanOrEqual(70);
	});
});

describe('GET /302/browser/tasks/{task_id}', () => {
	test('moves queue -> running (one step per stepMs) -> finished on the default schedule', async () => {
		const { task_id: taskId } = (await submit('Find the weather in Guangzhou')).json;
		const queued = await at(taskId, 0);
		expect(queued).toEqual({
			task_id: taskId,
			status: 'queue',
			result: null,
			is_successful: null,
			current_step: 0,
			steps: [],
		});
		expect((await at(taskId, 299)).status).toBe('queue');
		const started = await at(taskId, 300);
		expect(started).toMatchObject({ status: 'running', current_step: 0, steps: [] });
		const oneStep = await at(taskId, 700);
		expect(oneStep).toMatchObject({ status: 'running', current_step: 1 });
		expect(oneStep.steps[0]).toEqual({
			evaluation_previous_goal: expect.any(String),
			next_goal: expect.any(String),
			memory: expect.stringContaining('Find the weather in Guangzhou'),
			action: [{ search_google: { query: 'Find the weather in Guangzhou' } }],
			extracted_content: [expect.any(String)],
			step: 1,
		});
		expect((await at(taskId, 1100)).steps).toHaveLength(2);
		expect((await at(taskId, 1799)).steps).toHaveLength(3); // the last step only comes with the end
		const done = await at(taskId, 1800);
		expect(done).toMatchObject({
			status: 'finished',
			is_successful: true,
			result: 'Simulated result for: Find the weather in Guangzhou',
			current_step: 4,
		});
		expect(done.steps.map((s) => s.step)).toEqual([1, 2, 3, 4]);
		expect(done.steps[1].action[0]).toHaveProperty('extract_content');
		expect(done.steps[3].action).toEqual([{ done: { text: done.result, success: true } }]);
		expect(sim.tasks.get(taskId).polls).toBe(7);
	});

	test('a task naming a URL starts with go_to_url', async () => {
		const { task_id: taskId } = (await submit('Open https://example.org/prices and read the price'))
			.json;
		expect((await at(taskId, 800)).steps[0].action).toEqual([
			{ go_to_url: { url: 'https://example.org/prices' } },
		]);
	});

	test('outcome=fail ends in status fail with is_successful false', async () => {
		const { task_id: taskId } = (await submit('Broken [sim outcome=fail run=500]')).json;
		const final = await at(taskId, 900);
		expect(final).toMatchObject({ status: 'fail', is_successful: false });
		expect(final.result).toContain('failed');
		expect(final.steps.at(-1).action[0].done.success).toBe(false);
	});

	test('outcome=unsuccessful finishes with is_successful false', async () => {
		const { task_id: taskId } = (await submit('Hard [sim outcome=unsuccessful run=500]')).json;
		const final = await at(taskId, 900);
		expect(final).toMatchObject({ status: 'finished', is_successful: false });
		expect(final.steps.at(-1).action).toEqual([{ done: { text: final.result, success: false } }]);
	});

	test('run=-1 stays running forever', async () => {
		const { task_id: taskId } = (await submit('Endless [sim run=-1 queue=0]')).json;
		const later = await at(taskId, 3_600_000);
		expect(later.status).toBe('running');
		expect(later.result).toBeNull();
	});

	test('status=paused reports the unknown status while running, then finishes', async () => {
		const { task_id: taskId } = (await submit('Odd [sim status=paused queue=100 run=400]')).json;
		expect((await at(taskId, 50)).status).toBe('queue');
		expect((await at(taskId, 200)).status).toBe('paused');
		expect((await at(taskId, 500)).status).toBe('finished');
	});

	test('result=json gives a fenced json result and a fenced extracted_content', async () => {
		const { task_id: taskId } = (
			await submit('List two results [sim result=json run=1200 step=300]', { model: 'gpt-4o' })
		).json;
		const final = await at(taskId, 2000);
		const answer = JSON.parse(/^```json\n([\s\S]*)\n```$/.exec(final.result)?.[1] ?? '');
		expect(answer).toEqual({
			task: 'List two results',
			model: 'gpt-4o',
			answer: 'Simulated answer for: List two results',
			items: [
				{ rank: 1, title: 'First simulated result', url: 'https://example.com/result/1' },
				{ rank: 2, title: 'Second simulated result', url: 'https://example.com/result/2' },
			],
		});
		const extract = final.steps.find((s) => s.action[0].extract_content);
		expect(extract.extracted_content).toEqual([final.result]);
	});

	test('steps and stepBytes make a big steps array (about 300 KB)', async () => {
		const { task_id: taskId } = (await submit('Big [sim steps=5 stepBytes=60000 run=100]')).json;
		clock = sim.tasks.get(taskId).createdAt + 1000;
		const res = await status(taskId);
		expect(res.json.steps).toHaveLength(5);
		expect(res.text.length).toBeGreaterThan(290_000);
		expect(res.text.length).toBeLessThan(320_000);
	});

	test("an unknown id, or another key's task, is a 404 envelope", async () => {
		const missing = await status('00000000-0000-4000-8000-000000000000');
		expect(missing.status).toBe(404);
		expect(missing.json.error).toMatchObject({ err_code: -10003, type: 'not_found_error' });
		const { task_id: taskId } = (await submit('Mine')).json;
		expect((await status(taskId, 'sk-other')).status).toBe(404);
	});

	test('setBrowserDefaults changes the schedule of tasks created later', async () => {
		const before = (await submit('Before')).json.task_id;
		sim.setBrowserDefaults({ queueMs: 0, runMs: 100, stepMs: 50 });
		try {
			const after = (await submit('After')).json.task_id;
			expect(sim.tasks.get(before)).toMatchObject({ queueMs: 300, runMs: 1500 });
			expect(sim.tasks.get(after)).toMatchObject({
				queueMs: 0,
				runMs: 100,
				stepMs: 50,
				plannedSteps: 2,
			});
			expect((await at(after, 100)).status).toBe('finished');
		} finally {
			sim.setBrowserDefaults({ queueMs: 300, runMs: 1500, stepMs: 400 });
		}
	});
});

test('directives parse key=value pairs inside [sim ...]', () => {
	expect(
		parseDirectives(
			'Do it [sim run=2000 queue=100 step=300 outcome=fail status=paused result=json steps=5 stepBytes=60000 create=final]',
		),
	).toEqual({
		run: '2000',
		queue: '100',
		step: '300',
		outcome: 'fail',
		status: 'paused',
		result: 'json',
		steps: '5',
		stepbytes: '60000',
		create: 'final',
	});
	expect(parseDirectives('no directives here')).toEqual({});
});

describe('[sim-json wrap=...]...[/sim-json]: the agent answers a given JSON value', () => {
	const value = '{"flights": [{"airline": "LH", "gate": "[B7]"}]}';
	const fence = '```json\n' + value + '\n```';
	const finalOf = async (wrap) => {
		const { task_id: taskId } = (
			await submit(
				`Cheapest flights [sim run=400 step=100] [sim-json wrap=${wrap}] ${value} [/sim-json] and more text`,
			)
		).json;
		return { taskId, final: await at(taskId, 10_000) };
	};

	test.each([
		['plain', value],
		['fenced', fence],
		[
			'prose',
			`Here is what I found on the pages I visited.\n\n${fence}\n\nLet me know if you need anything else.`,
		],
		['inline', `I found the answer: ${value} (taken from the pages I visited).`],
		['drafts', 'A first draft:\n```json\n{"draft": true}\n```\nThe final answer:\n' + fence],
	])('wrap=%s: result and the done text', async (wrap, expected) => {
		const { taskId, final } = await finalOf(wrap);
		expect(final).toMatchObject({ status: 'finished', is_successful: true, result: expected });
		expect(final.steps.at(-1).action).toEqual([{ done: { text: expected, success: true } }]);
		// The block and the [sim ...] directive are both out of the texts the agent writes.
		expect(sim.tasks.get(taskId).cleanTask).toBe('Cheapest flights and more text');
		expect(sim.tasks.get(taskId).runMs).toBe(400);
	});

	test('wrap=extracted: prose result, the JSON in an extract step (at least 3 steps)', async () => {
		const { final } = await finalOf('extracted');
		expect(final.result).toBe('I collected the requested data; it is in the extracted content.');
		expect(final.steps.length).toBeGreaterThanOrEqual(3);
		expect(final.steps[1].extracted_content).toEqual([fence]);
	});

	test('parsing: wrap defaults to fenced, unknown wraps too; no block gives undefined', () => {
		expect(parseJsonAnswer('x [sim-json]{"a":1}[/sim-json]')).toEqual({
			text: '{"a":1}',
			wrap: 'fenced',
		});
		expect(parseJsonAnswer('x [sim-json wrap=bogus] [1, 2] [/sim-json]')).toEqual({
			text: '[1, 2]',
			wrap: 'fenced',
		});
		expect(parseJsonAnswer('x [sim run=1]')).toBeUndefined();
		expect(
			parseDirectives('x [sim-json wrap=plain]{"run": "[sim run=5]"}[/sim-json] [sim run=7]'),
		).toEqual({ run: '7' });
	});
});

test('in real time a short task moves queue -> running -> finished (checked on log timestamps)', async () => {
	const real = await startSimulator({
		apiKeys: [KEY],
		browser: { queueMs: 100, runMs: 300, stepMs: 100 },
	});
	try {
		const { task_id: taskId } = (
			await api(real.url, 'POST', '/302/browser/submit', { key: KEY, body: { task: 'Real time' } })
		).json;
		const seen = [];
		for (let i = 0; i < 100 && seen.at(-1) !== 'finished'; i++) {
			seen.push(
				(await api(real.url, 'GET', `/302/browser/tasks/${taskId}`, { key: KEY })).json.status,
			);
			await new Promise((resolve) => setTimeout(resolve, 30));
		}
		expect([...new Set(seen)]).toEqual(['queue', 'running', 'finished']);
		const created = real.tasks.get(taskId).createdAt;
		const polls = real.requests.filter((e) => e.path.endsWith(taskId));
		const firstFinished = polls[seen.indexOf('finished')];
		expect(firstFinished.time).toBeGreaterThanOrEqual(created + 400 - 20);
		polls
			.slice(0, seen.indexOf('running'))
			.forEach((poll) => expect(poll.time).toBeLessThan(created + 100 + 20));
	} finally {
		await real.close();
	}
});
