'use strict';
// What a user does without our node (and what Browser Use's node does): create a task, poll it
// every `intervalMs` until it is done, then the next task. Plain undici, no n8n.
const { setTimeout: sleep } = require('node:timers/promises');
const { request } = require('undici');

/** @returns {Promise<any>} the JSON body */
async function call(sim, method, path, body) {
	const response = await request(`${sim.url}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${sim.credentials.apiKey}`,
			'content-type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = await response.body.json();
	if (response.statusCode !== 200)
		throw new Error(`${method} ${path}: HTTP ${response.statusCode}`);
	return json;
}

/** Runs the tasks one after another; resolves the final status bodies. */
async function sequentialTasks(sim, tasks, intervalMs) {
	const results = [];
	for (const task of tasks) {
		const { task_id: taskId } = await call(sim, 'POST', '/302/browser/submit', { task });
		for (;;) {
			await sleep(intervalMs);
			const status = await call(sim, 'GET', `/302/browser/tasks/${taskId}`);
			if (status.status === 'finished' || status.status === 'fail') {
				results.push(status);
				break;
			}
		}
	}
	return results;
}

module.exports = { sequentialTasks };
