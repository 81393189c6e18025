'use strict';
// 302 Browser Task structured output through n8n-core against the simulator: the schema (or the
// example) reaches the task text, the answer is read tolerantly and checked, mismatches give
// exact paths, Fail on Schema Mismatch, bad schemas refused with zero requests, tool mode, Get.
// Waits and the simulator's task schedules run on a virtual clock (test/helpers/virtualClock.js):
// a task read without waiting is still queued however slow the machine is.

const h = require('../harness');
const { assertNoSecret } = require('../helpers/assertNoSecret');
const { useSimulator } = require('../helpers/useSimulator');
const { useVirtualPolling } = require('../helpers/virtualClock');

const KEY = 'sk-test-302-structured-output';
const TYPE = 'ai302BrowserTask';
const INSTRUCTION =
	'When you are done, give your final answer as exactly one JSON value that matches the JSON Schema below: only the JSON, with no text around it and no second JSON value.';

let sim;
let credentials;
const virtual = useVirtualPolling();
useSimulator(
	{
		apiKeys: [KEY],
		browser: { queueMs: 50, runMs: 300, stepMs: 100 },
		now: () => virtual.clock.now(),
	},
	(started) => {
		sim = started;
		credentials = { apiKey: KEY, baseUrl: sim.url };
	},
);

const fastWait = { pollInterval: 0.25, maxWaitTime: 20 };
const run = async (parameters, extra = {}) =>
	await h.runNode({
		type: TYPE,
		parameters: { ...fastWait, ...parameters },
		credentials,
		...extra,
	});
const submits = () =>
	sim.requests.filter((r) => r.method === 'POST' && r.path === '/302/browser/submit');
/** A task text whose simulated agent answers `value` (JSON text), wrapped as `wrap`. */
const answering = (text, value, wrap = 'fenced') =>
	`${text} [sim-json wrap=${wrap}]${typeof value === 'string' ? value : JSON.stringify(value)}[/sim-json]`;

const FLIGHTS_SCHEMA = {
	type: 'object',
	properties: {
		flights: {
			type: 'array',
			items: {
				type: 'object',
				properties: {
					airline: { type: 'string' },
					price: { type: 'number' },
					departure: { type: 'string', format: 'date-time' },
				},
				required: ['airline', 'price', 'departure'],
				additionalProperties: false,
			},
		},
	},
	required: ['flights'],
};
const THREE_FLIGHTS = {
	flights: [
		{ airline: 'Lufthansa', price: 129.5, departure: '2025-04-09T07:15:00+02:00' },
		{ airline: 'Air France', price: 142, departure: '2025-04-09T09:40:00+02:00' },
		{ airline: 'KLM', price: 151.2, departure: '2025-04-09T12:05:00+02:00' },
	],
};
const schemaOption = (schema = FLIGHTS_SCHEMA) => ({
	outputSchema: JSON.stringify(schema, null, 2),
});

describe('the schema reaches the task text, a matching answer is output', () => {
	test('Output JSON Schema: the instruction and the schema are appended; the answer in prose and fences matches', async () => {
		const task = answering(
			'Find the three cheapest flights from Berlin to Paris on 9 April',
			THREE_FLIGHTS,
			'prose',
		);
		const res = await run({ task, options: schemaOption() });
		expect(res.error).toBeUndefined();
		expect(submits()).toHaveLength(1);
		expect(submits()[0].body).toEqual({
			task: `${task}\n\n${INSTRUCTION}\nJSON Schema: ${JSON.stringify(FLIGHTS_SCHEMA)}`,
		});
		const json = res.items[0].json;
		expect(json).toMatchObject({
			task_id: [...sim.tasks.keys()].pop(),
			status: 'finished',
			structured_output: THREE_FLIGHTS,
			structured_output_errors: [],
		});
		expect(json.result).toContain('Here is what I found');
	});

	test('Output JSON Example: the derived schema and the example are appended', async () => {
		const example = {
			city: 'Paris',
			temperature_c: 18,
			sunny: true,
			sources: ['https://example.com'],
		};
		const answer = {
			city: 'Paris',
			temperature_c: 21.5,
			sunny: false,
			sources: ['https://weather.example.com/paris'],
		};
		const task = answering("Today's weather in Paris", answer, 'plain');
		const res = await run({ task, options: { outputExample: JSON.stringify(example) } });
		const derived = {
			type: 'object',
			properties: {
				city: { type: 'string' },
				temperature_c: { type: 'number' },
				sunny: { type: 'boolean' },
				sources: { type: 'array', items: { type: 'string' } },
			},
			required: ['city', 'temperature_c', 'sunny', 'sources'],
		};
		expect(submits()[0].body.task).toBe(
			`${task}\n\n${INSTRUCTION}\nJSON Schema: ${JSON.stringify(derived)}\nExample of such an answer: ${JSON.stringify(example)}`,
		);
		expect(res.items[0].json).toMatchObject({
			structured_output: answer,
			structured_output_errors: [],
		});
	});
});

describe('mismatches: exact paths and messages', () => {
	test('a missing required key, a wrong type and an extra key (additionalProperties false)', async () => {
		const flight = THREE_FLIGHTS.flights[0];
		const { price: _omitted, ...withoutPrice } = flight;
		const answers = [
			{ flights: [withoutPrice] },
			{ flights: [{ ...flight, price: '129.50 EUR' }] },
			{ flights: [{ ...flight, seat: '12A' }] },
		];
		const res = await run(
			{ task: '={{ $json.task }}', options: schemaOption() },
			{
				items: answers.map((answer, i) => ({ json: { task: answering(`Flights ${i}`, answer) } })),
			},
		);
		expect(res.error).toBeUndefined();
		expect(
			res.items.map((item) => [item.json.structured_output, item.json.structured_output_errors]),
		).toEqual([
			[null, [{ path: '$.flights[0].price', message: 'is required but missing' }]],
			[null, [{ path: '$.flights[0].price', message: 'must be number, got string' }]],
			[
				null,
				[{ path: '$.flights[0].seat', message: 'is not allowed (additionalProperties is false)' }],
			],
		]);
		expect(res.items.map((item) => item.json.status)).toEqual(['finished', 'finished', 'finished']);
	});

	test('an answer without JSON, and a task that has not finished (Wait for Completion off)', async () => {
		const noJson = await run({
			task: answering('Flights', 'I could not find any flights for that day.', 'prose'),
			options: schemaOption(),
		});
		expect(noJson.items[0].json.result).toContain('I could not find any flights for that day.');
		expect(noJson.items[0].json).toMatchObject({
			structured_output: null,
			structured_output_errors: [
				{
					path: '$',
					message:
						"the agent's answer holds no JSON value (looked in result, the final done text and the extracted content)",
				},
			],
		});
		const pending = await run({
			task: answering('Later', THREE_FLIGHTS),
			waitForCompletion: false,
			options: { ...schemaOption(), failOnSchemaMismatch: true },
		});
		expect(pending.error).toBeUndefined();
		// Create without waiting has only the submit answer (a task id, no status yet).
		expect(pending.items[0].json).toMatchObject({
			status: null,
			structured_output: null,
			structured_output_errors: [
				{ path: '$', message: "no final answer to check: the task's status is not known yet" },
			],
		});
		const running = await run({
			operation: 'get',
			taskId: pending.items[0].json.task_id,
			waitForCompletion: false,
			options: schemaOption(),
		});
		expect(running.items[0].json).toMatchObject({
			status: 'queue',
			structured_output: null,
			structured_output_errors: [
				{ path: '$', message: 'no final answer to check: the task\'s status is "queue"' },
			],
		});
	});
});

describe('reading the answer tolerantly', () => {
	const cases = [
		['inline JSON inside prose', 'inline'],
		['the last of several JSON blocks (a draft first)', 'drafts'],
		['extracted_content when result has no JSON', 'extracted'],
		['a bare fenced block', 'fenced'],
	];
	test.each(cases)('%s', async (_label, wrap) => {
		const res = await run({
			task: answering('Cheapest flights', THREE_FLIGHTS, wrap),
			options: schemaOption(),
		});
		expect(res.items[0].json).toMatchObject({
			structured_output: THREE_FLIGHTS,
			structured_output_errors: [],
		});
	});

	test('of several blocks the last one is checked when none matches', async () => {
		const res = await run({
			task: answering('Cheapest flights', { flights: 'none' }, 'drafts'),
			options: schemaOption(),
		});
		expect(res.items[0].json.structured_output_errors).toEqual([
			{ path: '$.flights', message: 'must be array, got string' },
		]);
	});
});

describe('Fail on Schema Mismatch', () => {
	const wrongType = { flights: [{ ...THREE_FLIGHTS.flights[0], price: 'cheap' }] };

	test('a mismatch is an item error naming the task id and the first mismatches', async () => {
		const res = await run({
			task: answering('Flights', wrongType),
			options: { ...schemaOption(), failOnSchemaMismatch: true },
		});
		const taskId = [...sim.tasks.keys()].pop();
		expect(res.status).toBe('error');
		expect(res.error.message).toBe(
			`Browser task ${taskId} finished but its answer does not match the output schema: $.flights[0].price must be number, got string`,
		);
		expect(res.error.description).toContain('Fail on Schema Mismatch');
		assertNoSecret(res, KEY);
	});

	test('with Continue On Fail the error item keeps the task id and the mismatches; a matching item passes', async () => {
		const items = [
			{ json: { task: answering('Bad', wrongType) } },
			{ json: { task: answering('Good', THREE_FLIGHTS) } },
		];
		const res = await run(
			{ task: '={{ $json.task }}', options: { ...schemaOption(), failOnSchemaMismatch: true } },
			{ items, continueOnFail: true },
		);
		const [badId, goodId] = [...sim.tasks.keys()].slice(-2);
		expect(res.items[0].json).toMatchObject({
			task_id: badId,
			status: 'finished',
			structured_output_errors: [
				{ path: '$.flights[0].price', message: 'must be number, got string' },
			],
		});
		expect(res.items[0].json.error).toMatch(
			new RegExp(`^Browser task ${badId} finished but its answer does not match`),
		);
		expect(res.items[1].json).toMatchObject({
			task_id: goodId,
			structured_output: THREE_FLIGHTS,
			structured_output_errors: [],
		});
	});
});

describe('bad options are refused before any request', () => {
	/** @type {Array<[string, Record<string, string>, string | RegExp]>} */
	const refused = [
		[
			'an invalid schema',
			{ outputSchema: '{"type": "obj"}' },
			'Parameter "options.outputSchema" is not a usable JSON Schema: at #/type: must be one of null, boolean, object, array, number, integer, string (or an array of them); got "obj"',
		],
		[
			'an unsupported keyword',
			{ outputSchema: '{"if": {"type": "string"}}' },
			'Parameter "options.outputSchema" is not a usable JSON Schema: at #/if: "if" is not supported by this node\'s validator',
		],
		[
			'a schema that is not JSON',
			{ outputSchema: '{type: object}' },
			/^Parameter "options.outputSchema" is not valid JSON \(.+\)$/,
		],
		[
			'an example that is not JSON',
			{ outputExample: "{'a': 1}" },
			/^Parameter "options.outputExample" is not valid JSON \(.+\)$/,
		],
		[
			'both options',
			{ outputSchema: '{"type": "object"}', outputExample: '{"a": 1}' },
			'Parameter "options.outputSchema" cannot be used together with options.outputExample',
		],
	];
	test.each(refused)('%s', async (_label, options, message) => {
		const res = await run({ task: 'Anything [sim run=100]', options });
		expect(res.status).toBe('error');
		if (typeof message === 'string') expect(res.error.message).toBe(message);
		else expect(res.error.message).toMatch(message);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('tool mode and Get', () => {
	test('as an AI Agent tool the model sees the checked value and the errors whole', async () => {
		const longAirline = 'A'.repeat(300);
		const answer = {
			flights: [{ airline: longAirline, price: 99, departure: '2025-04-09T07:15:00Z' }],
		};
		const res = await run(
			{ task: answering('Flights', answer), options: { ...schemaOption(), toolOutputLimit: 1500 } },
			{ asTool: true },
		);
		expect(res.error).toBeUndefined();
		const json = res.items[0].json;
		expect(json.truncated).toBe(true); // the other fields (result, steps...) were cut to fit 1500 characters
		expect(JSON.stringify(res.items.map((item) => item.json)).length).toBeLessThanOrEqual(1500);
		expect(json.structured_output).toEqual(answer); // the checked value is not
		expect(json.structured_output_errors).toEqual([]);

		const bad = await run(
			{ task: answering('Flights', { flights: [{}] }), options: schemaOption() },
			{ asTool: true },
		);
		expect(bad.items[0].json.structured_output).toBeNull();
		expect(bad.items[0].json.structured_output_errors.map((error) => error.path)).toEqual([
			'$.flights[0].airline',
			'$.flights[0].price',
			'$.flights[0].departure',
		]);
	});

	test('Get checks an existing task against the schema (nothing is appended: Get sends no task)', async () => {
		const created = await run({ task: answering('Flights', THREE_FLIGHTS, 'prose') });
		const taskId = created.items[0].json.task_id;
		expect(created.items[0].json).not.toHaveProperty('structured_output');
		sim.clearLog();
		const res = await run({ operation: 'get', taskId, options: schemaOption() });
		expect(res.items[0].json).toMatchObject({
			task_id: taskId,
			structured_output: THREE_FLIGHTS,
			structured_output_errors: [],
		});
		expect(sim.requests.every((r) => r.method === 'GET')).toBe(true);
	});

	test('raw and one-item-per-step output carry the two fields too', async () => {
		const raw = await run({
			task: answering('Flights', THREE_FLIGHTS),
			options: { ...schemaOption(), outputMode: 'raw' },
		});
		expect(raw.items[0].json).toMatchObject({
			status: 'finished',
			structured_output: THREE_FLIGHTS,
			structured_output_errors: [],
		});
		expect(Array.isArray(raw.items[0].json.steps)).toBe(true);
		const steps = await run({
			task: answering('Flights', THREE_FLIGHTS),
			options: { ...schemaOption(), outputMode: 'steps' },
		});
		expect(steps.items.length).toBeGreaterThan(1);
		for (const item of steps.items)
			expect(item.json).toMatchObject({
				structured_output: THREE_FLIGHTS,
				structured_output_errors: [],
			});
	});
});

test('the README quotes the appended instruction word for word', () => {
	const fs = require('node:fs');
	const path = require('node:path');
	const {
		ANSWER_INSTRUCTION,
	} = require('../../dist/nodes/Ai302BrowserTask/helpers/structuredOutput');
	expect(ANSWER_INSTRUCTION).toBe(INSTRUCTION);
	const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
	expect(readme).toContain(`<your task>\n\n${INSTRUCTION}\nJSON Schema: <schema>\n`);
});

test('finding JSON in a text: whole text, fenced blocks, else balanced spans (brackets in strings do not count)', () => {
	const { jsonValuesIn } = require('../../dist/nodes/Ai302BrowserTask/helpers/answerJson');
	expect(jsonValuesIn(' [1, 2] ')).toEqual([[1, 2]]);
	expect(jsonValuesIn('"just a string"')).toEqual(['just a string']);
	expect(
		jsonValuesIn('Two blocks:\n```json\n{"a": 1}\n```\nand\n```\n{"a": 2}\n```\n{"not": "this"}'),
	).toEqual([{ a: 1 }, { a: 2 }]);
	expect(jsonValuesIn('Gate {"gate": "B]7 {x"} then [broken {"b": [1, {"c": "}"}]} end')).toEqual([
		{ gate: 'B]7 {x' },
		{ b: [1, { c: '}' }] },
	]);
	expect(jsonValuesIn({ already: 'parsed' })).toEqual([{ already: 'parsed' }]);
	expect(jsonValuesIn('no json at all')).toEqual([]);
	expect(jsonValuesIn(null)).toEqual([]);
});
