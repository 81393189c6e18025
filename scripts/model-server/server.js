// A scripted OpenAI-compatible chat model on 127.0.0.1, for the AI Agent end-to-end scenario.
// It answers POST /v1/chat/completions (plain JSON or streamed) from a script: the case whose
// `match` text is in the conversation's first user message says which tool to call on each
// turn and with which arguments; after the last scripted turn it gives a final answer that
// quotes every tool result it received. It logs every request (GET /__model/requests).
'use strict';

const http = require('node:http');

/**
 * @param {object} script
 * @param {string} script.apiKey  the Bearer key n8n's OpenAI credential must send
 * @param {any[]} script.cases   [{ match: 'text in the first user message', turns: [{ tool: 'Tool_name', args: {...} }] }]
 */
function createModelServer(script) {
	const log = [];
	let nextId = 1;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			if (url.pathname === '/__model/requests') return send(res, 200, log);
			const entry = {
				id: nextId++,
				time: Date.now(),
				method: req.method,
				path: url.pathname,
				headers: req.headers,
				raw,
			};
			log.push(entry);
			if (req.headers.authorization !== `Bearer ${script.apiKey}`) {
				entry.status = 401;
				return send(res, 401, {
					error: {
						message: 'Incorrect API key provided',
						type: 'invalid_request_error',
						code: 'invalid_api_key',
					},
				});
			}
			if (req.method === 'GET' && url.pathname === '/v1/models')
				return send(res, 200, {
					object: 'list',
					data: [{ id: 'scripted-model', object: 'model', owned_by: 'n8n-nodes-302ai' }],
				});
			if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions')
				return send(res, 404, { error: { message: `no route ${req.method} ${url.pathname}` } });
			let body;
			try {
				body = JSON.parse(raw);
			} catch {
				return send(res, 400, { error: { message: 'body is not JSON' } });
			}
			entry.body = body;
			entry.reply = reply(script, body);
			entry.status = 200;
			if (body.stream) return stream(res, body, entry.reply, entry.id);
			return send(res, 200, completion(body, entry.reply, entry.id));
		});
	});
	return { server, log };
}

/** What the scripted model says next: { toolCall: {id, name, arguments} } or { content }. */
function reply(script, body) {
	const messages = Array.isArray(body.messages) ? body.messages : [];
	const firstUser = textOf(messages.find((message) => message.role === 'user')?.content);
	const scripted = (script.cases ?? []).find((entry) => firstUser.includes(entry.match));
	if (!scripted) return { content: 'No scripted case matches this message.' };
	const toolResults = toolMessages(messages);
	const turn = scripted.turns[toolResults.length];
	if (!turn)
		return {
			content: `Final answer. ${toolResults.map((result) => `Tool ${result.name} returned: ${result.content}`).join('\n')}`,
		};
	const offered = (body.tools ?? []).map((tool) => tool.function?.name);
	if (!offered.includes(turn.tool))
		return {
			content: `The scripted tool ${turn.tool} is not offered (offered: ${offered.join(', ')}).`,
		};
	return {
		toolCall: {
			id: `call_${scripted.match.replace(/\W+/g, '_').slice(0, 20)}_${toolResults.length + 1}`,
			name: turn.tool,
			arguments: JSON.stringify(turn.args),
		},
	};
}

/** Tool results in the conversation, each with the name of the tool the assistant called. */
function toolMessages(messages) {
	const names = new Map();
	for (const message of messages) {
		for (const call of message.tool_calls ?? []) names.set(call.id, call.function?.name);
	}
	return messages
		.filter((message) => message.role === 'tool')
		.map((message) => ({
			name: names.get(message.tool_call_id) ?? '(unknown)',
			content: textOf(message.content),
		}));
}

function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
	return '';
}

function completion(body, answer, id) {
	const message = answer.toolCall
		? {
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id: answer.toolCall.id,
						type: 'function',
						function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments },
					},
				],
			}
		: { role: 'assistant', content: answer.content };
	return {
		id: `chatcmpl-${id}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: body.model ?? 'scripted-model',
		choices: [{ index: 0, message, finish_reason: answer.toolCall ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/** The same answer as server-sent events (stream: true). */
function stream(res, body, answer, id) {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const chunk = (delta, finish) => ({
		id: `chatcmpl-${id}`,
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model: body.model ?? 'scripted-model',
		choices: [{ index: 0, delta, finish_reason: finish }],
	});
	const delta = answer.toolCall
		? {
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						index: 0,
						id: answer.toolCall.id,
						type: 'function',
						function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments },
					},
				],
			}
		: { role: 'assistant', content: answer.content };
	res.write(`data: ${JSON.stringify(chunk(delta, null))}\n\n`);
	const last = chunk({}, answer.toolCall ? 'tool_calls' : 'stop');
	if (body.stream_options?.include_usage)
		last.usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
	res.write(`data: ${JSON.stringify(last)}\n\n`);
	res.end('data: [DONE]\n\n');
}

function send(res, status, value) {
	const text = JSON.stringify(value);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

module.exports = { createModelServer, reply };
