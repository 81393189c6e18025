#!/usr/bin/env node
// End-to-end run in n8n's queue mode (its distributed engine): installs Redis and PostgreSQL
// from Debian's packages when missing (apt-get, as root), starts them on loopback with
// throwaway data, then n8n 2.40.7 main + 2 workers + a webhook processor with the packed package
// installed in each, and checks concurrency over both workers, stop via REST, the task id in the
// worker log, crash recovery with Retry, and Code Sandbox files in database and filesystem mode.
//
//   node scripts/e2e-queue.js [--no-build] [--verbose] [--only=concurrent,stop,...]
//   QUEUE_E2E_RESULTS=file.json: also write the timings and per-step numbers there (bench/)
'use strict';

const { runQueue } = require('./lib/queue/run-queue');

const args = new Set(process.argv.slice(2));
const only = process.argv
	.find((arg) => arg.startsWith('--only='))
	?.slice('--only='.length)
	.split(',');
runQueue({ build: !args.has('--no-build'), verbose: args.has('--verbose'), only }).then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
