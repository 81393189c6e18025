// A copy of examples/06 with five chat messages (one per case) and two more tools: what the
// model receives from the 302 tools is capped (200 KB of stdout, 200 KB of parsed JSON, a 100 KB
// browser result), a 150 KB chat message never reaches 302.AI, and a wrong key gives the model
// a readable error while the agent still answers.
'use strict';

const { partial, where } = require('../expect');
const { outputOf, jsonOf, codeRuns, submits, short } = require('./helpers');
const {
	CAP,
	CASES_ID,
	LONG_CHAT_BYTES,
	prepareAgentRun,
	requestsOf,
	toolResults,
	finalAnswer,
	parse,
	checkModelRequests,
} = require('./agent-setup');

const withinCap = where(
	`at most ${CAP} characters (the default Tool Output Limit)`,
	(chars) => chars <= CAP,
);
/** The 302.AI requests of one case: its code carries a "# <case name>" marker line. */
const runsOf = (ctx, name) =>
	codeRuns(ctx).filter((request) => String(request.body?.code ?? '').startsWith(`# ${name}\n`));

const aiAgentCases = {
	id: CASES_ID,
	title: 'AI Agent tool cases (test copy of example 06)',
	file: '06-ai-agent-tools.json',
	how: 'execute',
	simulatorOnly: true,
	/** AI Agent 3.x, whose tools n8n runs as engine requests, exists on n8n 2.x only. */
	lines: ['2'],
	prepare: prepareAgentRun,

	check(ctx, checks) {
		const cases = ctx.cases.slice(1);
		checks.expect('n8n execute exit code', ctx.exitCode, 0);
		checks.expect('execution status', ctx.run?.status, 'success');
		const results = Object.fromEntries(
			cases.map((entry) => [entry.name, toolResults(requestsOf(ctx, entry).at(-1))]),
		);
		const only = (name) => results[name]?.[0] ?? { bytes: NaN, content: '' };
		checks.expect(
			'model requests per case (tool call, then the final answer)',
			cases.map((entry) => requestsOf(ctx, entry).length),
			cases.map(() => 2),
		);
		checks.expect(
			"the agent's output per chat message quotes its tool result",
			jsonOf(outputOf(ctx.run, 'AI Agent')),
			cases.map((entry) => ({ output: finalAnswer(results[entry.name] ?? []) })),
		);
		for (const name of ['big-stdout', 'big-json', 'long-chat', 'wrong-key']) {
			checks.expect(`${name}: the code reached 302.AI exactly once`, runsOf(ctx, name).length, 1);
		}

		const stdout = parse(only('big-stdout').content);
		checks.expect(
			'big-stdout: characters sent to the model',
			only('big-stdout').content.length,
			withinCap,
		);
		checks.expect('big-stdout: the answer says it was cut and how large it was', stdout, [
			partial({
				stderr: '',
				truncated: true,
				original_chars: where('over 200000', (n) => n > 200_000),
				omitted_items: 0,
			}),
		]);
		checks.expect(
			'big-stdout: stdout kept as a prefix',
			/^x{1000,}\.\.\.$/.test(stdout?.[0]?.stdout ?? ''),
			true,
		);

		const table = parse(only('big-json').content);
		checks.expect(
			'big-json: characters sent to the model',
			only('big-json').content.length,
			withinCap,
		);
		checks.expect(
			'big-json: parsed rows kept from the start (stdout left out: same data), marked as cut',
			table,
			[
				partial({
					stdout: undefined,
					truncated: true,
					original_chars: where('over 200000', (n) => n > 200_000),
					rows: where(
						'rows from id 0',
						(rows) => Array.isArray(rows) && rows[0]?.id === 0 && rows[0]?.note === 'n'.repeat(40),
					),
				}),
			],
		);

		const record = parse(only('big-browser').content);
		checks.expect(
			'big-browser: characters sent to the model',
			only('big-browser').content.length,
			withinCap,
		);
		checks.expect('big-browser: the finished task, its result object cut and marked', record, [
			partial({
				status: 'finished',
				is_successful: true,
				truncated: true,
				result: partial({ field_0001: 'value 1 '.padEnd(120, '.') }),
				original_chars: where('over 100000', (n) => n > 100_000),
			}),
		]);
		checks.expect('big-browser: one task created', submits(ctx).length, 1);

		const chat = cases.find((entry) => entry.name === 'long-chat');
		checks.expect(
			'long-chat: the model got the 150 KB chat message',
			Buffer.byteLength(chat.text) >= LONG_CHAT_BYTES,
			true,
		);
		checks.expect('long-chat: the tool answered normally', parse(only('long-chat').content), [
			{ stdout: 'short answer\n', stderr: '', truncated: false },
		]);
		checks.expect(
			"long-chat: nothing of the agent's item reached 302.AI",
			runsOf(ctx, 'long-chat').map((request) => request.body),
			[{ language: 'python', code: '# long-chat\nprint("short answer")', timeout: 60 }],
		);
		checks.expect(
			'no 302.AI request carries the chat message text',
			ctx.requests.filter((request) => JSON.stringify(request.body ?? '').includes('Pasted text.'))
				.length,
			0,
		);

		checks.expect(
			'wrong-key: the model reads what failed and what to do',
			parse(only('wrong-key').content),
			[
				{
					error:
						'302.AI POST /302/sandbox/direct_run_code failed (HTTP 401, err_code -10002): Invalid API key. The API key or this tool is disabled or deleted. Check the key at https://dash.302.ai/apis/list or create a new one.',
				},
			],
		);
		checks.expect(
			'wrong-key: one paid call, answered 401, not repeated',
			runsOf(ctx, 'wrong-key').map((request) => ({
				status: request.status,
				auth: request.headers?.authorization,
			})),
			[{ status: 401, auth: `Bearer ${ctx.wrongKey}` }],
		);
		checkModelRequests(checks, ctx);
	},

	summary(ctx) {
		const cases = ctx.cases?.slice(1) ?? [];
		return {
			in: [
				`${cases.length} chat messages (${cases.map((entry) => entry.name).join(', ')}) → AI Agent 3.1 → scripted model, 4 tools`,
			],
			out: cases.map((entry) => {
				const [result] = toolResults(requestsOf(ctx, entry).at(-1));
				const original = parse(result?.content)?.[0]?.original_chars;
				return `${entry.name}: ${result?.name} → model ${result?.bytes ?? '?'} B / ${result?.content?.length ?? '?'} chars${original ? ` (uncut ${original} chars)` : ''}: ${short(result?.content, 60)}`;
			}),
		};
	},
};

module.exports = aiAgentCases;
