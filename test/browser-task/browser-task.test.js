'use strict';
// 302 Browser Task through n8n-core against the local simulator: outcomes (finished, fail,
// unsuccessful, timeout, unknown status), the output modes, Get and key hygiene. Waits run on
// a virtual clock (test/helpers/virtualClock.js), so poll counts and steps are exact.
const fs = require('node:fs');
const path = require('node:path');

const h = require('../harness');
const { assertNoSecret } = require('../helpers/assertNoSecret');
const { useSimulator } = require('../helpers/useSimulator');
const { useVirtualPolling } = require('../helpers/virtualClock');

const KEY = 'sk-test-302-browser-task';
const TYPE = 'ai302BrowserTask';
const TASKS_PATH = '/302/browser/tasks/';
const SEED = readSeedExample();

let sim;
let credentials;

const virtual = useVirtualPolling();
useSimulator(
	{
		apiKeys: [KEY],
		browser: { queueMs: 100, runMs: 500, stepMs: 150 },
		now: () => virtual.clock.now(),
	},
	(started) => {
		sim = started;
		credentials = { apiKey: KEY, baseUrl: sim.url };
	},
);
/** Virtual ms (since the test's start) of every status check. */
const checkTimes = () => virtual.checks.map((c) => c.at);

/** The example response of 302.AI's doc page for GET /302/browser/tasks/{task_id}. */
function readSeedExample() {
	const page = fs.readFileSync(
		path.join(__dirname, '..', 'fixtures', '302-pages', 'browser-task-status.ja.txt'),
		'utf8',
	);
	const start = page.indexOf('Example\n{') + 'Example\n'.length;
	return JSON.parse(page.slice(start, page.indexOf('Modified at', start)).trim());
}

const fastWait = { pollInterval: 0.25, maxWaitTime: 20 };
const run = async (parameters, extra = {}) =>
	await h.runNode({ type: TYPE, parameters, credentials, ...extra });
const posts = () => sim.requests.filter((r) => r.method === 'POST');
const polls = (taskId) =>
	sim.requests.filter(
		(r) =>
			r.method === 'GET' &&
			(taskId ? r.path === `${TASKS_PATH}${taskId}` : r.path.startsWith(TASKS_PATH)),
	);
/** The id of the one task this test created (the simulator keeps tasks in creation order). */
const onlyTaskId = () => {
	expect(posts()).toHaveLength(1);
	return [...sim.tasks.keys()].pop();
};

describe('create and wait', () => {
	test('finished: exact request body, simplified output, bounded polls', async () => {
		const task = 'Find the opening hours of the city library [sim queue=100 run=700 step=200]';
		const res = await run({ task, model: 'gpt-4o', ...fastWait });
		expect(res.error).toBeUndefined();

		expect(posts()).toHaveLength(1);
		expect(posts()[0].path).toBe('/302/browser/submit');
		expect(posts()[0].body).toEqual({ task, model: 'gpt-4o' });
		const taskId = onlyTaskId();
		expect(polls().every((r) => r.path === `${TASKS_PATH}${taskId}`)).toBe(true);

		expect(res.items).toHaveLength(1);
		const { json, pairedItem } = res.items[0];
		expect(pairedItem).toEqual({ item: 0 });
		const cleanTask = 'Find the opening hours of the city library';
		expect(json).toMatchObject({
			task_id: taskId,
			status: 'finished',
			is_successful: true,
			result: `Simulated result for: ${cleanTask}`,
			// The done text equals result: shown once, as result.
			done_text: null,
			result_json: null,
			timed_out: false,
		});
		expect(json.current_step).toBe(json.step_count);
		expect(json.step_count).toBe(4);
		expect(json.extracted_content[0]).toContain(cleanTask);
		expect(json.extracted_content).not.toContain(`Simulated result for: ${cleanTask}`);
		expect(Object.keys(json).slice(0, 5)).toEqual([
			'task_id',
			'status',
			'is_successful',
			'result_json',
			'result',
		]);
		expect(json.elapsed_seconds).toBe(1);
		expect(json).not.toHaveProperty('steps');
		expect(json).not.toHaveProperty('unknown_statuses');

		// One check per 250 ms until the first one after the finish (800 ms): 4, no more.
		expect(checkTimes()).toEqual([250, 500, 750, 1000]);
		expect(polls(taskId)).toHaveLength(4);
		assertNoSecret(res, KEY);
	});

	test('an empty Model sends no model; additional body fields are merged, Task wins', async () => {
		const task = 'Book nothing [sim run=100]';
		const res = await run({
			task,
			model: '',
			...fastWait,
			options: {
				additionalBodyFields: '{"max_steps": 20, "task": "overridden?", "use_vision": false}',
			},
		});
		expect(res.error).toBeUndefined();
		expect(posts()[0].body).toEqual({ max_steps: 20, use_vision: false, task });
	});

	test('a JSON answer is parsed into result_json (fenced block)', async () => {
		const res = await run({
			task: 'List two results as JSON [sim run=300 result=json]',
			...fastWait,
		});
		expect(res.items[0].json.result).toMatch(/^```json\n/);
		expect(res.items[0].json.result_json).toEqual({
			task: 'List two results as JSON',
			model: null,
			answer: 'Simulated answer for: List two results as JSON',
			items: [
				{ rank: 1, title: 'First simulated result', url: 'https://example.com/result/1' },
				{ rank: 2, title: 'Second simulated result', url: 'https://example.com/result/2' },
			],
		});
	});

	test('status fail is an error naming the task id', async () => {
		const res = await run({ task: 'Log in somewhere [sim run=300 outcome=fail]', ...fastWait });
		const taskId = onlyTaskId();
		expect(res.items).toEqual([]);
		expect(res.error.name).toBe('NodeOperationError');
		expect(res.error.message).toContain(`Browser task ${taskId} failed at step`);
		expect(res.error.message).toContain('simulated failure');
		expect(res.error.message).not.toMatch(/\[item \d+\]/);
		expect(res.error.context.itemIndex).toBe(0);
		assertNoSecret(res, KEY);
	});

	test('status fail with continue-on-fail is an error item carrying the task id', async () => {
		const res = await run(
			{ task: 'Log in somewhere [sim run=300 outcome=fail]', ...fastWait },
			{ continueOnFail: true },
		);
		const taskId = onlyTaskId();
		expect(res.error).toBeUndefined();
		expect(res.items).toHaveLength(1);
		expect(res.items[0].pairedItem).toEqual({ item: 0 });
		expect(res.items[0].json).toMatchObject({
			task_id: taskId,
			status: 'fail',
			is_successful: false,
			timed_out: false,
		});
		expect(res.items[0].json.error).toContain(`Browser task ${taskId} failed`);
	});

	test('is_successful false is data by default', async () => {
		const res = await run({
			task: 'Find a missing page [sim run=300 outcome=unsuccessful]',
			...fastWait,
		});
		expect(res.error).toBeUndefined();
		expect(res.items[0].json).toMatchObject({
			task_id: onlyTaskId(),
			status: 'finished',
			is_successful: false,
		});
		expect(res.items[0].json.result).toMatch(/^I could not complete the task/);
	});

	test('is_successful false is an error with Fail When Agent Reports Unsuccessful', async () => {
		const res = await run({
			task: 'Find a missing page [sim run=300 outcome=unsuccessful]',
			...fastWait,
			options: { failOnUnsuccessful: true },
		});
		const taskId = onlyTaskId();
		expect(res.items).toEqual([]);
		expect(res.error.name).toBe('NodeOperationError');
		expect(res.error.message).toContain(
			`Browser task ${taskId} finished but the agent reported is_successful: false`,
		);
	});

	test('timeout is an error naming the task id, last status and step, and how to fetch it later', async () => {
		const res = await run({
			task: 'Watch a page forever [sim queue=0 run=-1 step=100]',
			pollInterval: 0.25,
			maxWaitTime: 1,
		});
		const taskId = onlyTaskId();
		expect(res.items).toEqual([]);
		expect(res.error.name).toBe('NodeOperationError');
		expect(res.error.message).toBe(
			`Browser task ${taskId} did not finish within 1 s (last status "running", step 10). It may still be running on 302.AI: fetch it later with the Get operation and task ID ${taskId}.`,
		);
		expect(res.error.description).toContain('Return Status on Timeout');
		// The deadline bounds the wait: a check every 250 ms, the last one at the 1 s deadline.
		expect(checkTimes()).toEqual([250, 500, 750, 1000]);
		expect(polls(taskId)).toHaveLength(4);
		assertNoSecret(res, KEY);
	});

	test('timeout with Return Last Status on Timeout is an item with timed_out true', async () => {
		const res = await run({
			task: 'Watch a page forever [sim queue=0 run=-1 step=100]',
			pollInterval: 0.25,
			maxWaitTime: 1,
			options: { returnOnTimeout: true },
		});
		const taskId = onlyTaskId();
		expect(res.error).toBeUndefined();
		expect(res.items).toHaveLength(1);
		expect(res.items[0].json).toMatchObject({
			task_id: taskId,
			status: 'running',
			timed_out: true,
			result: null,
		});
		expect(res.items[0].json.current_step).toBe(10);
		expect(res.items[0].json.elapsed_seconds).toBe(1);
	});

	test('timeout with continue-on-fail is an error item with the task id', async () => {
		const res = await run(
			{ task: 'Forever [sim queue=0 run=-1]', pollInterval: 0.25, maxWaitTime: 0.5 },
			{ continueOnFail: true },
		);
		const taskId = onlyTaskId();
		expect(res.items).toHaveLength(1);
		expect(res.items[0].json).toMatchObject({
			task_id: taskId,
			status: 'running',
			timed_out: true,
		});
		expect(res.items[0].json.error).toContain(`Browser task ${taskId} did not finish within 0.5 s`);
	});

	test('an unknown status keeps polling until the task finishes and is reported', async () => {
		const res = await run({
			task: 'Pause and resume [sim queue=0 run=800 status=paused]',
			...fastWait,
		});
		const taskId = onlyTaskId();
		expect(res.error).toBeUndefined();
		expect(res.items[0].json).toMatchObject({
			task_id: taskId,
			status: 'finished',
			unknown_statuses: ['paused'],
		});
		expect(checkTimes()).toEqual([250, 500, 750, 1000]);
		expect(polls(taskId)).toHaveLength(4);
	});

	test('an unknown status until the deadline is named in the timeout error', async () => {
		const res = await run({
			task: 'Paused forever [sim queue=0 run=-1 status=paused]',
			pollInterval: 0.25,
			maxWaitTime: 0.75,
		});
		expect(res.error.message).toContain('last status "paused"');
		expect(res.error.description).toContain(
			'302.AI reported a status this node does not know: paused.',
		);
	});

	test('a create answer that is already final is used as is, without polling', async () => {
		const res = await run({ task: 'Quick one [sim create=final run=200]', ...fastWait });
		expect(res.error).toBeUndefined();
		expect(sim.requests).toHaveLength(1);
		expect(res.items[0].json).toMatchObject({
			task_id: onlyTaskId(),
			status: 'finished',
			is_successful: true,
		});
	});

	test('a task id under data.task_id is read and polled', async () => {
		const res = await run({ task: 'Wrapped id [sim create=data run=300]', ...fastWait });
		const taskId = onlyTaskId();
		expect(res.error).toBeUndefined();
		expect(polls(taskId)).toHaveLength(2);
		expect(res.items[0].json).toMatchObject({ task_id: taskId, status: 'finished' });
	});

	test('without waiting, Create returns the task id at once', async () => {
		const res = await run({ task: 'Fire and forget [sim run=5000]', waitForCompletion: false });
		const taskId = onlyTaskId();
		expect(sim.requests).toHaveLength(1);
		expect(res.items[0].json).toMatchObject({
			task_id: taskId,
			status: null,
			timed_out: false,
			step_count: 0,
		});
	});
});

describe('output modes', () => {
	test('raw returns the API response as is', async () => {
		const res = await run({
			task: 'Raw please [sim run=300]',
			...fastWait,
			options: { outputMode: 'raw' },
		});
		const taskId = onlyTaskId();
		const { finalAt, taskStatus } = require('../simulator/browser-tasks');
		const state = sim.tasks.get(taskId);
		expect(res.items).toHaveLength(1);
		expect(res.items[0].json).toEqual(taskStatus(state, finalAt(state)));
		expect(Object.keys(res.items[0].json).sort()).toEqual([
			'current_step',
			'is_successful',
			'result',
			'status',
			'steps',
			'task_id',
		]);
	});

	test('one item per step', async () => {
		const res = await run({
			task: 'Step by step [sim run=600 step=150 steps=4]',
			...fastWait,
			options: { outputMode: 'steps' },
		});
		const taskId = onlyTaskId();
		expect(res.items).toHaveLength(4); // steps=4: three progress steps and the final done step
		res.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toMatchObject({
				task_id: taskId,
				task_status: 'finished',
				step: index + 1,
				timed_out: false,
			});
			expect(Array.isArray(item.json.action)).toBe(true);
			expect(item.json.action_names).toEqual(item.json.action.map((a) => Object.keys(a)[0]));
		});
		expect(res.items[0].json.action_names).toEqual(['search_google']);
		expect(res.items[3].json.action_names).toEqual(['done']);
		expect(res.items[3].json.extracted_content).toEqual(['Simulated result for: Step by step']);
	});

	test("the seed's example response becomes the documented simplified output", async () => {
		expect(SEED.result).toBe(SEED.steps[2].action[0].done.text);
		sim.addFault({
			match: { method: 'GET', path: TASKS_PATH },
			type: 'status',
			status: 200,
			body: SEED,
		});
		const res = await run({ operation: 'get', taskId: SEED.task_id, ...fastWait });
		expect(res.error).toBeUndefined();
		expect(polls(SEED.task_id)).toHaveLength(1);
		const { elapsed_seconds: elapsed, ...json } = res.items[0].json;
		expect(typeof elapsed).toBe('number');
		expect(json).toEqual({
			task_id: '26cbe8e5-2386-4fd9-8043-ab460aa6b4cd',
			status: 'finished',
			is_successful: true,
			result: SEED.result,
			current_step: 3,
			step_count: 3,
			result_json: {
				weather_information: {
					date: 'April 9, 2025',
					location: 'Guangzhou, Guangdong, China',
					weather_summary: {
						temperature: {
							daytime_high: '26°C',
							nighttime_low: '19°C',
							average: 'Between 71°F and 82°F',
						},
						conditions:
							'Cloudy skies, Sunny in afternoon, Cloudy and windy at times in the evening',
						precipitation: {
							amount: 'Heavy rainfall with roughly 20 rainy days expected in April',
							daily: '5.9 mm on April 9 with rain expected in the month',
						},
						wind: 'Winds S at 5 to 10 mph',
						humidity: 'Low heat and humidity',
					},
				},
			},
			// The seed's done text is its result: shown once, as result.
			done_text: null,
			extracted_content: SEED.steps[1].extracted_content,
			timed_out: false,
		});
	});

	test("the seed's example in steps mode", async () => {
		sim.addFault({
			match: { method: 'GET', path: TASKS_PATH },
			type: 'status',
			status: 200,
			body: SEED,
		});
		const res = await run({
			operation: 'get',
			taskId: SEED.task_id,
			waitForCompletion: false,
			options: { outputMode: 'steps' },
		});
		expect(res.items.map((i) => i.json.action_names)).toEqual([
			['search_google'],
			['extract_content'],
			['done'],
		]);
		expect(res.items.map((i) => i.json.extracted_content)).toEqual([
			[],
			SEED.steps[1].extracted_content,
			[],
		]);
		expect(res.items[0].json.memory).toBe(SEED.steps[0].memory);
	});
});

describe('get', () => {
	test('get waits for a task created earlier', async () => {
		const created = await run({ task: 'Later [sim queue=50 run=600]', waitForCompletion: false });
		const taskId = created.items[0].json.task_id;
		sim.clearLog();
		const res = await run({ operation: 'get', taskId, ...fastWait });
		expect(res.error).toBeUndefined();
		expect(posts()).toHaveLength(0);
		// Get checks at once, then every 250 ms; the task finished at 650 ms.
		expect(checkTimes()).toEqual([0, 250, 500, 750]);
		expect(polls(taskId)).toHaveLength(4);
		expect(res.items[0].json).toMatchObject({
			task_id: taskId,
			status: 'finished',
			is_successful: true,
		});
	});

	test('get without waiting returns the current status once', async () => {
		const created = await run({
			task: 'Now [sim queue=0 run=5000 step=50]',
			waitForCompletion: false,
		});
		const taskId = created.items[0].json.task_id;
		sim.clearLog();
		const res = await run({ operation: 'get', taskId, waitForCompletion: false });
		expect(sim.requests).toHaveLength(1);
		expect(sim.requests[0].path).toBe(`${TASKS_PATH}${taskId}`);
		expect(res.items[0].json).toMatchObject({
			task_id: taskId,
			status: 'running',
			timed_out: false,
		});
	});

	test('an unknown task id is an API error naming the path with the id', async () => {
		const res = await run({ operation: 'get', taskId: 'no-such-task', ...fastWait });
		expect(res.error.name).toBe('NodeApiError');
		expect(res.error.message).toContain('GET /302/browser/tasks/no-such-task failed (HTTP 404');
		expect(polls()).toHaveLength(1); // 404 is final: not retried, the wait ends
	});
});

// Tool mode (the one Tool Output Limit, the old option name) is in tool-mode.test.js.

test('a wrong key fails with the API message and the key appears nowhere', async () => {
	const wrong = 'sk-wrong-key-for-browser-1234';
	const res = await h.runNode({
		type: TYPE,
		parameters: { task: 'x', ...fastWait },
		credentials: { apiKey: wrong, baseUrl: sim.url },
	});
	expect(res.error.name).toBe('NodeApiError');
	expect(res.error.message).toContain('POST /302/browser/submit failed (HTTP 401');
	expect(posts()).toHaveLength(1); // a paid call answered 401 is not resent
	assertNoSecret(res, wrong);
	expect(posts()[0].headers.authorization).toBe(`Bearer ${wrong}`);
});
