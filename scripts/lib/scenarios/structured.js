// examples/08: structured output. A JSON Schema (with Fail on Schema Mismatch: the matching
// answer goes on, the other one to the error output with its task id and every mismatch) and a
// JSON example (the node derives the schema). The simulator answers given JSON on cue.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { matches, partial } = require('../expect');
const { outputOf, jsonOf, sortedBy, submittedBodies, taskId, short } = require('./helpers');

const FILE = '08-structured-output.json';
const INSTRUCTION =
	'When you are done, give your final answer as exactly one JSON value that matches the JSON Schema below: only the JSON, with no text around it and no second JSON value.';

const GOOD = {
	flights: [
		{ airline: 'Lufthansa', price_eur: 129.5, departure: '2025-04-09T07:15:00+02:00' },
		{ airline: 'Air France', price_eur: 142, departure: '2025-04-09T09:40:00+02:00' },
		{ airline: 'easyJet', price_eur: 151.2, departure: '2025-04-09T12:05:00+02:00' },
	],
};
const BAD = {
	flights: [
		{ airline: 'ITA Airways', price_eur: 'about 90', departure: '2025-04-09T08:00:00+02:00' },
		{ airline: 'Ryanair', departure: '2025-04-09T10:30:00+02:00', seat: '12A' },
	],
};
const MISMATCHES = [
	{ path: '$.flights[0].price_eur', message: 'must be number, got string' },
	{ path: '$.flights[1].price_eur', message: 'is required but missing' },
	{ path: '$.flights[1].seat', message: 'is not allowed (additionalProperties is false)' },
];
const flightTask = (route, value) =>
	`Find the three cheapest direct flights ${route} on 9 April 2025, with airline, price in EUR and departure time. [sim run=1200] [sim-json wrap=prose]${JSON.stringify(value)}[/sim-json]`;
const FLIGHT_TASKS = [
	flightTask('from Berlin to Paris', GOOD),
	flightTask('from Berlin to Rome', BAD),
];
const WEATHER = { city: 'Paris', temperature_c: 21.5, conditions: 'light rain' };
const WEATHER_TASK = `What is the weather in Paris today? [sim run=800] [sim-json wrap=drafts]${JSON.stringify(WEATHER)}[/sim-json]`;
const WEATHER_SCHEMA = {
	type: 'object',
	properties: {
		city: { type: 'string' },
		temperature_c: { type: 'number' },
		conditions: { type: 'string' },
	},
	required: ['city', 'temperature_c', 'conditions'],
};

/** The options as saved in the example, so the check proves they reach the task text. */
function savedOptions(nodeName) {
	const workflow = JSON.parse(
		fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', FILE), 'utf8'),
	);
	return workflow.nodes.find((node) => node.name === nodeName).parameters.options;
}

function sentTexts() {
	const schema = JSON.parse(savedOptions('Cheapest flights (JSON Schema)').outputSchema);
	const example = JSON.parse(savedOptions('Weather (JSON example)').outputExample);
	return {
		flights: FLIGHT_TASKS.map(
			(task) => `${task}\n\n${INSTRUCTION}\nJSON Schema: ${JSON.stringify(schema)}`,
		),
		weather: `${WEATHER_TASK}\n\n${INSTRUCTION}\nJSON Schema: ${JSON.stringify(WEATHER_SCHEMA)}\nExample of such an answer: ${JSON.stringify(example)}`,
	};
}

const structured = {
	id: 'ai302Structured01',
	file: FILE,
	how: 'execute',
	simulatorOnly: true, // the wrong answer comes on cue
	// The mismatch goes to the error output ({error, details}), which n8n 1.x does not route
	// (see task-fails.js and README "Compatibility").
	lines: ['2'],
	check(ctx, checks) {
		const sent = sentTexts();
		const [goodId, badId] = sent.flights.map((text) => taskId(ctx, text));
		const weatherId = taskId(ctx, sent.weather);
		checks.expect('n8n execute exit code', ctx.exitCode, 0);
		checks.expect('execution status', ctx.run?.status, 'success');
		checks.expect(
			'task texts sent: the schema, or the derived schema and the example, appended',
			submittedBodies(ctx),
			sortedBy([...sent.flights, sent.weather], (t) => t).map((task) => ({ task })),
		);
		const node = 'Cheapest flights (JSON Schema)';
		checks.expect(
			'matching answer → regular output with structured_output',
			jsonOf(outputOf(ctx.run, node, 0)),
			[
				partial({
					task_id: goodId,
					status: 'finished',
					structured_output: GOOD,
					structured_output_errors: [],
				}),
			],
		);
		checks.expect(
			'mismatch → error output with the task id and every mismatch',
			jsonOf(outputOf(ctx.run, node, 1)),
			[
				// n8n merges the input item (route, task) into error-output items.
				partial({
					error: `Browser task ${badId} finished but its answer does not match the output schema: ${MISMATCHES.map((e) => `${e.path} ${e.message}`).join('; ')}`,
					details: partial({
						task_id: badId,
						status: 'finished',
						structured_output_errors: MISMATCHES,
					}),
					route: 'Berlin → Rome',
				}),
			],
		);
		checks.expect(
			'"Cheapest flight" reads the typed keys',
			jsonOf(outputOf(ctx.run, 'Cheapest flight')),
			[
				{
					route: 'Berlin → Paris',
					task_id: goodId,
					flights_found: 3,
					airline: 'Lufthansa',
					price_eur: 129.5,
					departure: '2025-04-09T07:15:00+02:00',
				},
			],
		);
		checks.expect('"Record mismatch"', jsonOf(outputOf(ctx.run, 'Record mismatch')), [
			{
				route: 'Berlin → Rome',
				failed_task_id: badId,
				error: matches(/does not match the output schema/),
				mismatches: MISMATCHES,
			},
		]);
		checks.expect(
			'JSON example: the last JSON block of the answer (after a draft) matches',
			jsonOf(outputOf(ctx.run, 'Weather (JSON example)')),
			[partial({ task_id: weatherId, structured_output: WEATHER, structured_output_errors: [] })],
		);
		checks.expect('"Weather report"', jsonOf(outputOf(ctx.run, 'Weather report')), [
			{ task_id: weatherId, matches: true, report: 'Paris: 21.5 °C, light rain' },
		]);
	},
	summary(ctx) {
		const flights = jsonOf(outputOf(ctx.run, 'Cheapest flight')) ?? [];
		const mismatches = jsonOf(outputOf(ctx.run, 'Record mismatch')) ?? [];
		const weather = jsonOf(outputOf(ctx.run, 'Weather report')) ?? [];
		return {
			in: [
				...FLIGHT_TASKS.map((task) => `schema: "${short(task, 70)}"`),
				`example: "${short(WEATHER_TASK, 70)}"`,
			],
			out: [
				...flights.map(
					(f) =>
						`${f.route}: ${f.task_id} matches → cheapest ${f.airline} ${f.price_eur} EUR (${f.flights_found} flights)`,
				),
				...mismatches.map(
					(m) =>
						`${m.route}: ${m.failed_task_id} → error output, mismatches at ${(m.mismatches ?? []).map((e) => e.path).join(', ')}`,
				),
				...weather.map((w) => `example: ${w.task_id} → ${w.report}`),
			],
		};
	},
};

module.exports = structured;
