#!/usr/bin/env node
// `npm run demo`: runs the example workflows (examples/) in a real n8n with this package
// installed, and prints what went into each workflow and what came out.
//
//   npm run demo                                   local 302.AI simulator, no key needed
//   API_302_KEY=sk-... npm run demo                the real 302.AI API (costs a little money)
//   API_302_KEY=sk-... API_302_BASE_URL=https://api.302ai.cn npm run demo
//
// The first run installs Node 24 and n8n (about 2.8 GB) into ~/.cache/n8n-nodes-302ai
// (N8N_302_CACHE overrides); later runs reuse it.
'use strict';

const { runExamples } = require('./lib/run-examples');

const apiKey = process.env.API_302_KEY?.trim() || undefined;
const baseUrl = process.env.API_302_BASE_URL?.trim() || undefined;

process.stdout.write(
	apiKey
		? `302.AI demo against the REAL API (${baseUrl ?? 'https://api.302.ai'}): 3 sandbox runs and 5 browser tasks are billed to your key.\n` +
				'The simulator-only failure example is skipped; outputs are reported, not compared.\n\n'
		: '302.AI demo against the local 302.AI simulator (no key, no network). Set API_302_KEY to use the real API.\n\n',
);

// The demo shows one n8n (2.x); N8N_302_LINES=2,1 runs it on every line like the e2e test.
const lines = process.env.N8N_302_LINES ? undefined : ['2'];
runExamples({
	apiKey,
	baseUrl,
	lines,
	build: !process.argv.includes('--no-build'),
	verbose: process.argv.includes('--verbose'),
}).then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
