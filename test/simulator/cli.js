#!/usr/bin/env node
'use strict';
// Runs the simulator on its own: prints one JSON line {"url","pid"} and runs until SIGTERM/SIGINT.
// npm run simulator -- --port 8302 --key sk-abc [--key sk-other] [--latency 100]
//   [--queue-ms 300] [--run-ms 1500] [--step-ms 400] [--seed 302] [--no-log-bodies]
//   [--instant-runs]  (benchmarks: one-line bash `echo` code answers without spawning)
const { startSimulator } = require('./index');

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {string[]} */
	const apiKeys = [];
	/** @type {{ apiKeys?: string[], browser: Record<string, number>, [option: string]: unknown }} */
	const options = { apiKeys, browser: {} };
	const numeric = (flag, text) => {
		const value = Number(text);
		if (text === undefined || !Number.isFinite(value)) throw new Error(`${flag} needs a number`);
		return value;
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		const next = () => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--port':
				options.port = numeric(flag, next());
				break;
			case '--key':
				apiKeys.push(next());
				break;
			case '--latency':
				options.latencyMs = numeric(flag, next());
				break;
			case '--queue-ms':
				options.browser.queueMs = numeric(flag, next());
				break;
			case '--run-ms':
				options.browser.runMs = numeric(flag, next());
				break;
			case '--step-ms':
				options.browser.stepMs = numeric(flag, next());
				break;
			case '--seed':
				options.seed = numeric(flag, next());
				break;
			case '--no-log-bodies':
				options.logBodies = false;
				break;
			case '--instant-runs':
				options.instantRuns = true;
				break;
			default:
				throw new Error(`unknown option ${flag}`);
		}
	}
	if (apiKeys.length === 0) delete options.apiKeys;
	return options;
}

async function main() {
	let options;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`simulator: ${error instanceof Error ? error.message : error}\n`);
		process.exit(2);
	}
	const sim = await startSimulator(options);
	process.stdout.write(`${JSON.stringify({ url: sim.url, pid: process.pid })}\n`);
	const stop = () => {
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
}

main().catch((error) => {
	process.stderr.write(`simulator: ${error.stack || error.message}\n`);
	process.exit(1);
});
