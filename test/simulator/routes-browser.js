'use strict';
// POST /302/browser/submit and GET /302/browser/tasks/{task_id}.
const crypto = require('node:crypto');

const { notFound } = require('./errors');
const { createTaskState, taskStatus, finalAt } = require('./browser-tasks');
const v = require('./validate');

async function submit(sim, { body, apiKey }) {
	const task = v.requireString(body, 'task');
	const model = v.optionalString(body, 'model');
	const state = createTaskState({
		taskId: crypto.randomUUID(),
		task,
		model,
		apiKey,
		now: sim.now(),
		defaults: sim.browserDefaults,
	});
	sim.tasks.set(state.task_id, state);
	if (state.createMode === 'final') {
		// The "sync variant": answer only when the task is done, with its final status.
		await sim.sleep(finalAt(state) - sim.now());
		return { json: taskStatus(state, Math.max(sim.now(), finalAt(state))) };
	}
	if (state.createMode === 'data') return { json: { data: { task_id: state.task_id } } };
	return { json: { task_id: state.task_id } };
}

function status(sim, { params, apiKey }) {
	const state = sim.tasks.get(params.id);
	if (!state || state.apiKey !== apiKey) throw notFound(`Task '${params.id}'`);
	state.polls += 1;
	return { json: taskStatus(state, sim.now()) };
}

const MODELS = [
	'gpt-4o',
	'gpt-4o-mini',
	'claude-3-7-sonnet-20250219',
	'deepseek-chat',
	'gemini-2.0-flash',
];

function models() {
	return {
		json: {
			object: 'list',
			data: MODELS.map((id) => ({ id, object: 'model', owned_by: '302.AI' })),
		},
	};
}

module.exports = { submit, status, models };
