// The one way to start the simulator in its own process (cli.js) and talk to it through its
// admin API. The caller supplies how to spawn the child (the e2e runner puts it in its own
// process group and collects its output; the benchmarks spawn it plainly), everything else is here.
'use strict';

const path = require('node:path');

const CLI = path.join(__dirname, 'cli.js');
const START_TIMEOUT_MS = 15_000;

/**
 * @typedef {object} SimulatorOptions
 * @property {string} key  the API key the simulator accepts
 * @property {number} [latencyMs]
 * @property {boolean} [instantRuns]
 * @property {boolean} [logBodies]
 */

/**
 * The command line of cli.js for the given options.
 * @param {SimulatorOptions} options
 */
function cliArgs({ key, latencyMs, instantRuns = false, logBodies = true }) {
	const args = [CLI, '--port', '0', '--key', key];
	if (latencyMs !== undefined) args.push('--latency', String(latencyMs));
	if (!logBodies) args.push('--no-log-bodies');
	if (instantRuns) args.push('--instant-runs');
	return args;
}

/** Calls of the admin API (`/__sim/...`) of a simulator at `url`. */
function adminApi(url) {
	const admin = async (method, route) => {
		const response = await fetch(`${url}/__sim/${route}`, { method });
		if (!response.ok)
			throw new Error(`simulator ${method} /__sim/${route}: HTTP ${response.status}`);
		return await response.json();
	};
	return {
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

/**
 * Starts cli.js through `spawnChild(nodeBinary, args, onLine)`, which must return
 * { exited: Promise, stop: () => Promise, output?: () => string } and call `onLine` for each line
 * the child prints. Resolves { url, child, ...adminApi(url) } (`child` is what spawnChild returned) once the simulator printed its address
 * (its first JSON line); stops the child and throws if it exits or stays silent for 15 s.
 * @param {SimulatorOptions & { spawnChild: Function, nodeBinary?: string }} options
 */
async function launchSimulator({ spawnChild, nodeBinary = process.execPath, ...options }) {
	let announce;
	const announced = new Promise((resolve) => (announce = resolve));
	const child = spawnChild(nodeBinary, cliArgs(options), (line) => {
		if (line.trim().startsWith('{')) announce(line.trim());
	});
	let timer;
	const firstLine = await Promise.race([
		announced,
		child.exited.then(() => null),
		new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), START_TIMEOUT_MS))),
	]);
	clearTimeout(timer);
	if (!firstLine || firstLine === 'timeout') {
		await child.stop();
		throw new Error(`the simulator did not start:\n${child.output ? child.output() : ''}`);
	}
	const { url } = JSON.parse(firstLine);
	return { url, child, ...adminApi(url) };
}

module.exports = { CLI, cliArgs, adminApi, launchSimulator };
