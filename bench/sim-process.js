'use strict';
// The simulator in its own process (test/simulator/cli.js), so the client's CPU and memory are
// measured apart from the server's. Talks to it through its admin API.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const CLI = path.join(__dirname, '..', 'test', 'simulator', 'cli.js');
const KEY = 'sk-bench-302';

/** Starts a simulator child; resolves { url, requests(), reset(), stop() }. */
async function startSimProcess({ latencyMs = 0, instantRuns = false } = {}) {
	const args = [CLI, '--port', '0', '--key', KEY, '--latency', String(latencyMs), '--no-log-bodies'];
	if (instantRuns) args.push('--instant-runs');
	const child = spawn(process.execPath, args, {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const firstLine = await new Promise((resolve, reject) => {
		const lines = readline.createInterface({ input: child.stdout });
		lines.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`simulator exited with ${code} before starting`)));
	});
	const { url } = JSON.parse(firstLine);
	const admin = async (method, route) => {
		const response = await fetch(`${url}/__sim/${route}`, { method });
		if (!response.ok) throw new Error(`simulator ${method} /__sim/${route}: HTTP ${response.status}`);
		return await response.json();
	};
	return {
		url,
		pid: child.pid,
		credentials: { apiKey: KEY, baseUrl: url },
		requests: () => admin('GET', 'requests'),
		reset: () => admin('POST', 'reset'),
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}

module.exports = { startSimProcess, KEY };
