// examples/06 as it is: n8n's AI Agent (3.1) with its OpenAI Chat Model pointed at the project's
// scripted model server, 302 Code Sandbox and 302 Browser Task attached as tools through $fromAI.
// The model calls Run code, then Browser agent, then answers quoting both tool results.
'use strict';

const { partial } = require('../expect');
const { outputOf, jsonOf, codeRuns, submits, short } = require('./helpers');
const {
	FIBONACCI,
	TOOLS,
	prepareAgentRun,
	requestsOf,
	toolResults,
	finalAnswer,
	parse,
	offeredTools,
	checkModelRequests,
} = require('./agent-setup');

/** The tool schema the model must see for each 302 node (descriptions: the node's action / description texts). */
const EXPECTED_TOOLS = {
	[TOOLS.code]: {
		description:
			'Run code once in a fresh sandbox and get its stdout and stderr billed per run in 302 Code Sandbox',
		parameters: partial({
			type: 'object',
			properties: {
				language: {
					type: 'string',
					description: 'Language of the code: python, js, r, java or bash',
				},
				code: {
					type: 'string',
					description: 'The complete program to run. It must print its result to stdout.',
				},
			},
			required: ['language', 'code'],
		}),
	},
	[TOOLS.browser]: {
		description:
			"Have 302.AI's cloud browser agent do a task on real websites and return its result as JSON (paid per task; can take minutes)",
		parameters: partial({
			type: 'object',
			properties: {
				task: {
					type: 'string',
					description:
						'The complete task for the browser agent in plain language, with every detail it needs (site, what to find, the answer format)',
				},
			},
			required: ['task'],
		}),
	},
};

const aiAgent = {
	id: 'ai302Agent01',
	file: '06-ai-agent-tools.json',
	how: 'execute',
	simulatorOnly: true,
	/** AI Agent 3.x, whose tools n8n runs as engine requests, exists on n8n 2.x only. */
	lines: ['2'],
	prepare: prepareAgentRun,

	check(ctx, checks) {
		const entry = ctx.cases[0];
		const [browserTask] = entry.turns.slice(1).map((turn) => turn.args.task);
		checks.expect('n8n execute exit code', ctx.exitCode, 0);
		checks.expect('execution status', ctx.run?.status, 'success');
		const requests = requestsOf(ctx, entry);
		checks.expect(
			'model requests: first call, after Run code, after Browser agent',
			requests.length,
			3,
		);
		checks.expect(
			'tools offered to the model (one per 302 node: description and $fromAI schema)',
			offeredTools(requests[0]),
			EXPECTED_TOOLS,
		);

		const runs = codeRuns(ctx);
		checks.expect(
			"Run code reached 302.AI exactly once, with the model's code and nothing of the agent's item",
			runs.map((request) => request.body),
			[{ language: 'python', code: FIBONACCI, timeout: 60 }],
		);
		const results = toolResults(requests.at(-1));
		checks.expect(
			'tool results the model received',
			results.map((result) => ({ name: result.name, content: parse(result.content) })),
			[
				{ name: TOOLS.code, content: [{ stdout: '832040\n', stderr: '', truncated: false }] },
				{
					name: TOOLS.browser,
					content: [
						partial({
							status: 'finished',
							is_successful: true,
							timed_out: false,
							truncated: false,
							result_json: partial({
								answer: `Simulated answer for: ${browserTask.replace(/ \[sim[^\]]*\]/, '')}`,
							}),
						}),
					],
				},
			],
		);
		const task = ctx.tasks.find((candidate) => candidate.task === browserTask);
		checks.expect(
			'Browser agent created its task exactly once',
			submits(ctx).map((request) => request.body),
			[{ task: browserTask }],
		);
		checks.expect(
			'the Browser agent answer names the task',
			parse(results[1]?.content)?.[0]?.task_id,
			task?.task_id,
		);
		const finishedAt = task ? task.createdAt + task.queueMs + task.runMs : Infinity;
		checks.expect(
			'the tool waited inside the call: the task finished before its result went to the model',
			requests.at(-1)?.time >= finishedAt,
			true,
		);
		checks.expect(
			"the agent's final output quotes both tool results",
			jsonOf(outputOf(ctx.run, 'AI Agent')),
			[{ output: finalAnswer(results) }],
		);
		checkModelRequests(checks, ctx);
	},

	summary(ctx) {
		const requests = ctx.cases ? requestsOf(ctx, ctx.cases[0]) : [];
		const results = toolResults(requests.at(-1));
		return {
			in: [
				`chat message "${short(ctx.cases?.[0]?.text, 70)}" → AI Agent 3.1 → scripted model (127.0.0.1) with tools ${Object.keys(offeredTools(requests[0])).join(', ')}`,
			],
			out: [
				...results.map(
					(result) => `${result.name} → model: ${result.bytes} B ${short(result.content, 70)}`,
				),
				`agent output: ${short(jsonOf(outputOf(ctx.run, 'AI Agent'))?.[0]?.output, 90)}`,
			],
		};
	},
};

module.exports = aiAgent;
