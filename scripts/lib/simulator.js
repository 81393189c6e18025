// Starts the local 302.AI simulator (test/simulator/cli.js) as a child process on a free port
// and talks to its admin API.
'use strict';

const path = require('node:path');
const processes = require('./processes');

const CLI = path.join(__dirname, '..', '..', 'test', 'simulator', 'cli.js');

/** Resolves { url, handle, requests(), reset() } once the simulator printed its address. */
async function startSimulator({ apiKey, nodeBinary = process.execPath }) {
	let announce;
	const announced = new Promise((resolve) => (announce = resolve));
	const handle = processes.start(nodeBinary, [CLI, '--port', '0', '--key', apiKey], {
		onLine: (line) => {
			if (line.trim().startsWith('{')) announce(line.trim());
		},
	});
	const firstLine = await Promise.race([
		announced,
		handle.exited.then(() => null),
		new Promise((resolve) => setTimeout(() => resolve('timeout'), 15_000)),
	]);
	if (!firstLine || firstLine === 'timeout') {
		await processes.stop(handle);
		throw new Error(`the simulator did not start:\n${handle.output()}`);
	}
	const { url } = JSON.parse(firstLine);
	const admin = async (method, route) => {
		const response = await fetch(`${url}/__sim/${route}`, { method });
		if (!response.ok) throw new Error(`simulator ${method} /__sim/${route}: HTTP ${response.status}`);
		return response.json();
	};
	return {
		url,
		handle,
		/** The request log, optionally only entries with an id above `since`. */
		requests: async (since = 0) => {
			const body = await admin('GET', since > 0 ? `requests?since=${since}` : 'requests');
			return Array.isArray(body) ? body : body.requests;
		},
		/** Every browser task the simulator knows: { task_id, task, plannedSteps, ... }. */
		tasks: () => admin('GET', 'tasks'),
		/** Sandboxes still alive: { count, ids } (a scenario checks that none is left behind). */
		liveSandboxes: () => admin('GET', 'sandboxes/live'),
		reset: () => admin('POST', 'reset'),
	};
}

module.exports = { startSimulator };
