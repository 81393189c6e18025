#!/usr/bin/env node
// End-to-end test in a real n8n 2.x: installs Node 24 + n8n into a cache (first run only), packs
// this package and installs it like n8n's Community Nodes installer, starts the local 302.AI
// simulator, imports the example workflows and runs them (n8n execute, and n8n start for the
// webhook), checks every output against exact expected values and checks that the API key
// appears nowhere in n8n's saved data. Exits 1 with a diff when anything is wrong.
//
//   node scripts/e2e.js [--no-build] [--verbose]
'use strict';

const { runExamples } = require('./lib/run-examples');

const args = new Set(process.argv.slice(2));
runExamples({ build: !args.has('--no-build'), verbose: args.has('--verbose') }).then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
