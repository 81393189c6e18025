'use strict';
// The scripted model of the AI Agent end-to-end scenarios: which tool it calls on which turn,
// its final answer quoting the tool results, key checks and the streamed form.
const { createModelServer, reply } = require('../../scripts/model-server/server');

const script = {
	apiKey: 'sk-model-test',
	cases: [
		{
			match: '[case a]',
			turns: [
				{ tool: 'Run_code', args: { code: 'print(1)' } },
				{ tool: 'Browser_agent', args: { task: 't' } },
			],
		},
	],
};
const tools = [
	{ type: 'function', function: { name: 'Run_code' } },
	{ type: 'function', function: { name: 'Browser_agent' } },
];
const user = { role: 'user', content: '[case a] go' };
const call = (id, name) => ({
	role: 'assistant',
	content: null,
	tool_calls: [{ id, type: 'function', function: { name, arguments: '{}' } }],
});

test('turn by turn: scripted tool calls, then a final answer quoting every tool result', () => {
	expect(reply(script, { tools, messages: [user] })).toEqual({
		toolCall: { id: 'call__case_a__1', name: 'Run_code', arguments: '{"code":"print(1)"}' },
	});
	const afterOne = [
		user,
		call('c1', 'Run_code'),
		{ role: 'tool', tool_call_id: 'c1', content: '[{"stdout":"1\\n"}]' },
	];
	expect(reply(script, { tools, messages: afterOne }).toolCall?.name).toBe('Browser_agent');
	const afterTwo = [
		...afterOne,
		call('c2', 'Browser_agent'),
		{ role: 'tool', tool_call_id: 'c2', content: '[{"status":"finished"}]' },
	];
	expect(reply(script, { tools, messages: afterTwo })).toEqual({
		content:
			'Final answer. Tool Run_code returned: [{"stdout":"1\\n"}]\nTool Browser_agent returned: [{"status":"finished"}]',
	});
});

test('a scripted tool that is not offered, or an unknown message, is said plainly', () => {
	expect(reply(script, { tools: tools.slice(1), messages: [user] })).toEqual({
		content: 'The scripted tool Run_code is not offered (offered: Browser_agent).',
	});
	expect(reply(script, { tools, messages: [{ role: 'user', content: 'hello' }] })).toEqual({
		content: 'No scripted case matches this message.',
	});
});

test('over HTTP: a wrong key is refused, answers are chat completions (plain and streamed), every request is logged', async () => {
	const { server, log } = createModelServer(script);
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/v1/chat/completions`;
	const post = (key, body) =>
		fetch(url, {
			method: 'POST',
			headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	try {
		expect((await post('sk-other', { messages: [user], tools })).status).toBe(401);
		const plain = await (await post(script.apiKey, { messages: [user], tools })).json();
		expect(plain.choices[0]).toEqual({
			index: 0,
			finish_reason: 'tool_calls',
			message: {
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id: 'call__case_a__1',
						type: 'function',
						function: { name: 'Run_code', arguments: '{"code":"print(1)"}' },
					},
				],
			},
		});
		const streamed = await (
			await post(script.apiKey, { messages: [user], tools, stream: true })
		).text();
		const events = streamed.split('\n\n').filter(Boolean);
		expect(events.at(-1)).toBe('data: [DONE]');
		expect(JSON.parse(events[0].slice(6)).choices[0].delta.tool_calls[0].function.name).toBe(
			'Run_code',
		);
		expect(log.map((entry) => entry.status)).toEqual([401, 200, 200]);
	} finally {
		await new Promise((resolve) => server.close(resolve));
	}
});
