'use strict';
// Browser tasks: status moves queue -> running -> finished|fail by elapsed time since creation.
// Per-task directives in the task text, e.g. "[sim run=2000 outcome=fail]", change one task.
// "[sim-json wrap=prose]{...}[/sim-json]" makes the agent answer with that JSON (see answerText).

const DEFAULT_SCHEDULE = { queueMs: 300, runMs: 1500, stepMs: 400 };
const MAX_DEFAULT_STEPS = 50;
const DIRECTIVE = /\[sim\b(?!-)([^\]]*)\]/i;
const JSON_ANSWER = /\[sim-json\b([^\]]*)\]([\s\S]*?)\[\/sim-json\]/i;
const JSON_WRAPS = ['plain', 'fenced', 'prose', 'inline', 'drafts', 'extracted'];

/** "[sim-json wrap=prose] {...} [/sim-json]" -> { text: '{...}', wrap: 'prose' } (wrap defaults to fenced). */
function parseJsonAnswer(task) {
	const match = JSON_ANSWER.exec(task);
	if (!match) return undefined;
	const wrap = /\bwrap=(\S+)/i.exec(match[1])?.[1].toLowerCase();
	return { text: match[2].trim(), wrap: wrap && JSON_WRAPS.includes(wrap) ? wrap : 'fenced' };
}

/** "[sim run=2000 queue=100 outcome=fail]" -> { run: 2000, queue: 100, outcome: 'fail' }. */
function parseDirectives(task) {
	const match = DIRECTIVE.exec(task.replace(JSON_ANSWER, ''));
	const directives = {};
	if (!match) return directives;
	for (const pair of match[1].trim().split(/\s+/)) {
		const eq = pair.indexOf('=');
		if (eq > 0) directives[pair.slice(0, eq).toLowerCase()] = pair.slice(eq + 1);
	}
	return directives;
}

function numberOr(text, fallback) {
	const value = Number(text);
	return text !== undefined && text !== '' && Number.isFinite(value) ? value : fallback;
}

/** Builds the internal state of a new task. */
function createTaskState({ taskId, task, model, apiKey, now, defaults }) {
	const d = parseDirectives(task);
	const jsonAnswer = parseJsonAnswer(task);
	const runMs = numberOr(d.run, defaults.runMs);
	const stepMs = Math.max(1, numberOr(d.step, defaults.stepMs));
	const outcome = ['finished', 'fail', 'unsuccessful'].includes(d.outcome)
		? d.outcome
		: (defaults.outcome ?? 'finished');
	const plannedSteps = Math.max(
		// wrap=extracted needs an extract step (step 2) before the done step.
		jsonAnswer?.wrap === 'extracted' ? 3 : 1,
		Math.floor(
			numberOr(
				d.steps,
				runMs < 0
					? MAX_DEFAULT_STEPS
					: Math.min(MAX_DEFAULT_STEPS, Math.max(2, Math.ceil(runMs / stepMs))),
			),
		),
	);
	return {
		task_id: taskId,
		task,
		cleanTask: task.replace(JSON_ANSWER, '').replace(DIRECTIVE, '').replace(/\s+/g, ' ').trim(),
		model: model ?? null,
		apiKey,
		createdAt: now,
		queueMs: Math.max(0, numberOr(d.queue, defaults.queueMs)),
		runMs, // < 0: runs forever
		stepMs,
		outcome,
		statusWhileRunning: d.status || 'running',
		resultJson: d.result === 'json',
		jsonAnswer,
		plannedSteps,
		stepBytes: Math.max(0, numberOr(d.stepbytes, 0)),
		resultKeys: Math.max(0, Math.floor(numberOr(d.resultkeys, 0))),
		createMode: d.create, // 'final' | 'data' | undefined
		directives: d,
		polls: 0,
		stepCache: [],
	};
}

/** Epoch ms when the task reaches its final status (Infinity when it runs forever). */
function finalAt(state) {
	return state.runMs < 0 ? Infinity : state.createdAt + state.queueMs + state.runMs;
}

/** The API's answer for GET /302/browser/tasks/{id} at time `now`. */
function taskStatus(state, now) {
	const elapsed = now - state.createdAt;
	const base = {
		task_id: state.task_id,
		status: 'queue',
		result: null,
		is_successful: null,
		current_step: 0,
		steps: [],
	};
	if (elapsed < state.queueMs) return base;
	if (now < finalAt(state)) {
		const done = Math.min(
			Math.floor((elapsed - state.queueMs) / state.stepMs),
			state.plannedSteps - 1,
		);
		const steps = progressSteps(state, done);
		return { ...base, status: state.statusWhileRunning, current_step: steps.length, steps };
	}
	if (!state.final) state.final = finalStatus(state);
	return state.final;
}

function finalStatus(state) {
	const success = state.outcome === 'finished';
	const objectResult = success && state.resultKeys > 0;
	const result = objectResult ? objectAnswer(state) : resultText(state);
	const steps = progressSteps(state, state.plannedSteps - 1);
	steps.push(
		doneStep(
			state,
			state.plannedSteps,
			objectResult ? `Returned an object with ${state.resultKeys} fields.` : result,
			success,
		),
	);
	return {
		task_id: state.task_id,
		status: state.outcome === 'fail' ? 'fail' : 'finished',
		result,
		is_successful: success,
		current_step: steps.length,
		steps,
	};
}

/** The structured answer a result=json task returns (documented in the README). */
function jsonAnswer(state) {
	return {
		task: state.cleanTask,
		model: state.model,
		answer: `Simulated answer for: ${state.cleanTask}`,
		items: [
			{ rank: 1, title: 'First simulated result', url: 'https://example.com/result/1' },
			{ rank: 2, title: 'Second simulated result', url: 'https://example.com/result/2' },
		],
	};
}

/** A result=object answer (resultKeys=N): N fields of 120 characters each, about 140 bytes per field. */
function objectAnswer(state) {
	const fields = {};
	for (let i = 1; i <= state.resultKeys; i++)
		fields[`field_${String(i).padStart(4, '0')}`] = `value ${i} `.padEnd(120, '.');
	return fields;
}

const fenced = (value) => `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;

function resultText(state) {
	if (state.outcome === 'fail')
		return `Task failed: the browser agent gave up after ${state.plannedSteps} steps (simulated failure).`;
	if (state.outcome === 'unsuccessful')
		return `I could not complete the task: ${state.cleanTask}. The page did not contain the requested information.`;
	if (state.jsonAnswer) return answerText(state.jsonAnswer);
	return state.resultJson ? fenced(jsonAnswer(state)) : `Simulated result for: ${state.cleanTask}`;
}

const fence = (text) => `\`\`\`json\n${text}\n\`\`\``;

/** The final answer of a [sim-json] task: the given JSON text as an agent might write it. */
function answerText({ text, wrap }) {
	if (wrap === 'plain') return text;
	if (wrap === 'prose')
		return `Here is what I found on the pages I visited.\n\n${fence(text)}\n\nLet me know if you need anything else.`;
	if (wrap === 'inline') return `I found the answer: ${text} (taken from the pages I visited).`;
	if (wrap === 'drafts')
		return `A first draft:\n${fence('{"draft": true}')}\nThe final answer:\n${fence(text)}`;
	if (wrap === 'extracted')
		return 'I collected the requested data; it is in the extracted content.';
	return fence(text);
}

function progressSteps(state, count) {
	const steps = [];
	for (let i = 1; i <= count; i++) {
		if (!state.stepCache[i]) state.stepCache[i] = progressStep(state, i);
		steps.push(state.stepCache[i]);
	}
	return steps;
}

/** Step i (1-based) before the last: a search or visit, then alternating extract / visit. */
function progressStep(state, i) {
	const goal = state.cleanTask || 'the task';
	const url = /https?:\/\/[^\s\]]+/.exec(state.task)?.[0];
	const memoryBase = `Ultimate task is to: ${goal}. Used ${i}/100 steps.`;
	if (i === 1) {
		return pad(state, {
			evaluation_previous_goal:
				'Unknown - I am starting with an empty page and need to gather information.',
			next_goal: url
				? `Open ${url} to find the information.`
				: `Search Google for: ${goal.slice(0, 80)}`,
			memory: `${memoryBase} Starting from a blank page with no interactive elements.`,
			action: [url ? { go_to_url: { url } } : { search_google: { query: goal.slice(0, 120) } }],
			extracted_content: [
				url ? `🔗 Navigated to ${url}` : `🔍 Searched for "${goal.slice(0, 120)}" in Google`,
			],
			step: 1,
		});
	}
	if (i % 2 === 0) {
		const content =
			state.jsonAnswer?.wrap === 'extracted'
				? fence(state.jsonAnswer.text)
				: state.resultJson
					? fenced(jsonAnswer(state))
					: `Page ${i}: information relevant to "${goal.slice(0, 80)}".`;
		return pad(state, {
			evaluation_previous_goal: 'Success - The page loaded and shows relevant results.',
			next_goal: 'Extract the information relevant to the task from the current page.',
			memory: `${memoryBase} Relevant results are visible on the page.`,
			action: [
				{
					extract_content: {
						goal: `Extract information relevant to: ${goal.slice(0, 120)}`,
						should_strip_link_urls: true,
					},
				},
			],
			extracted_content: [content],
			step: i,
		});
	}
	const next = `https://example.com/result/${i}`;
	return pad(state, {
		evaluation_previous_goal: 'Success - I extracted part of the information.',
		next_goal: `Open ${next} to check more details.`,
		memory: `${memoryBase} Checking another source.`,
		action: [{ go_to_url: { url: next } }],
		extracted_content: [`🔗 Navigated to ${next}`],
		step: i,
	});
}

function doneStep(state, i, text, success) {
	return pad(state, {
		evaluation_previous_goal: success
			? 'Success - I have all the information the task asks for.'
			: 'Failed - The information could not be obtained.',
		next_goal: 'Complete the task as the ultimate goal has been reached.',
		memory: `Ultimate task is to: ${state.cleanTask}. Finished after ${i}/100 steps.`,
		action: [{ done: { text, success } }],
		extracted_content: [text],
		step: i,
	});
}

/** Grows a step's memory so its JSON is about `stepBytes` long (for big steps arrays). */
function pad(state, step) {
	const size = JSON.stringify(step).length;
	if (state.stepBytes > size)
		step.memory += ` ${'lorem ipsum '.repeat(Math.ceil((state.stepBytes - size) / 12))}`.slice(
			0,
			state.stepBytes - size,
		);
	return step;
}

module.exports = {
	DEFAULT_SCHEDULE,
	parseDirectives,
	parseJsonAnswer,
	createTaskState,
	taskStatus,
	finalAt,
};
