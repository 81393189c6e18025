'use strict';
// The simulator in its own process (test/simulator/cli.js), so the client's CPU and memory are
// measured apart from the server's. Started by the simulator's one launcher
// (test/simulator/launch.js) and driven through its admin API.
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const { launchSimulator } = require('../test/simulator/launch');

const KEY = 'sk-bench-302';

/** A plain child whose stderr goes to the terminal; its stdout lines go to `onLine`. */
function spawnChild(command, args, onLine) {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	readline.createInterface({ input: child.stdout }).on('line', onLine);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const stop = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		return exited.then(() => undefined);
	};
	return { pid: child.pid, exited, stop };
}

/** Starts a simulator child; resolves { url, pid, credentials, requests(), reset(), stop() }. */
async function startSimProcess({ latencyMs = 0, instantRuns = false } = {}) {
	const options = { key: KEY, latencyMs, instantRuns, logBodies: false };
	const sim = await launchSimulator({ spawnChild, ...options });
	return {
		url: sim.url,
		pid: sim.child.pid,
		credentials: { apiKey: KEY, baseUrl: sim.url },
		requests: () => sim.requests(),
		reset: () => sim.reset(),
		stop: sim.child.stop,
	};
}

module.exports = { startSimProcess, KEY };
