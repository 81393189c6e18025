#!/usr/bin/env node
'use strict';
// `npm run bench`: every benchmark against the local simulator (in its own process), in one run.
// Prints one table (markdown) and writes bench/results.json and bench/results.md.
//   --quick   skip the ~2 minute sequential baseline and the ~2 minute HTTP Request loop in real n8n
// The real-n8n benchmarks (bench/real-n8n.js) run only when scripts/ensure-n8n.js has filled its
// cache; otherwise their rows say how to enable them.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { browserTwenty, cancelDuringWait } = require('./browser');
const { codeLatency, cpuPerItem } = require('./code');
const { memoryLargeStdout } = require('./memory');
const { packageFacts } = require('./package-size');
const { longTaskPolls, pollingRows, queueConcurrent, thousandTasks } = require('./polling');
const { realN8nBenchmarks, cacheReady } = require('./real-n8n');
const { realN8nRows } = require('./real-n8n-rows');

const s = (value) => `${value.toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const verdict = (ok) => (ok ? 'met' : '**missed**');

async function main() {
	const quick = process.argv.includes('--quick');
	const step = async (name, fn) => {
		process.stderr.write(`bench: ${name}...\n`);
		const started = Date.now();
		const result = await fn();
		process.stderr.write(
			`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
		);
		return result;
	};
	const results = {
		machine: {
			cores: os.cpus().length,
			cpu: os.cpus()[0]?.model,
			node: process.version,
			platform: `${os.platform()} ${os.arch()}`,
		},
		date: new Date().toISOString(),
		browser: await step('20 browser tasks (node vs sequential loop)', () =>
			browserTwenty({ skipSequential: quick }),
		),
		cancel: await step('cancel during a 20-task wait', cancelDuringWait),
		code: await step('200 code runs at 100 ms latency', codeLatency),
		cpu: await step('client CPU per item (1000 items)', cpuPerItem),
		memory: await step('memory: 1000 x 100 KB stdout', memoryLargeStdout),
		package: await step('package facts', async () => packageFacts()),
		realN8n: cacheReady()
			? await step('inside real n8n (20 browser tasks vs HTTP Request loop, 100 MB file)', () =>
					realN8nBenchmarks({ quick, log: (line) => process.stderr.write(`bench:   ${line}\n`) }),
				)
			: { skipped: 'run scripts/ensure-n8n.js' },
		longTask: await step(
			'polls for a 20-minute task, fixed vs adaptive (virtual clock)',
			longTaskPolls,
		),
		thousand: await step('1000 waiting tasks: status requests per second', thousandTasks),
		queue:
			quick || !cacheReady()
				? { skipped: quick ? '--quick' : 'run scripts/ensure-n8n.js' }
				: await step(
						'20 concurrent webhook tasks in queue mode (real n8n, Redis, PostgreSQL)',
						async () => queueConcurrent(),
					),
	};
	const { browser: b, cancel: c, code, cpu, memory: m, package: p } = results;
	const rows = [
		[
			'20 browser tasks x 5 s, poll 1 s: node wall (n8n-core)',
			s(b.nodeWallS),
			`<= ${s(1.4 * b.taskSeconds)}`,
			verdict(b.nodeWallS <= 1.4 * b.taskSeconds),
		],
		[
			'same, sequential create+poll loop (undici)',
			b.sequentialWallS === undefined ? 'skipped (--quick)' : s(b.sequentialWallS),
			'',
			'',
		],
		[
			'ratio sequential / node',
			b.ratio === undefined ? '-' : `${b.ratio.toFixed(1)}x`,
			'>= 10x',
			b.ratio === undefined ? '-' : verdict(b.ratio >= 10),
		],
		[
			'polls per task (max / mean, simulator log)',
			`${b.maxPollsPerTask} / ${b.meanPollsPerTask.toFixed(1)}`,
			`<= ${b.pollBound}`,
			verdict(b.maxPollsPerTask <= b.pollBound),
		],
		[
			'200 code runs, 100 ms latency, concurrency 10',
			s(code.wallS),
			`<= ${s(1.1 * code.idealS)} (ideal ${s(code.idealS)})`,
			verdict(code.wallS <= 1.1 * code.idealS),
		],
		[
			"same 200 requests, bare node on n8n's HTTP helper (baseline)",
			s(code.n8nBaselineWallS),
			'floor for any node',
			'',
		],
		[
			'same at default settings (concurrency 5)',
			s(code.defaultWallS),
			`report (ideal ${s(code.defaultIdealS)})`,
			'',
		],
		[
			"node's own CPU per item, 1000 code runs, 0 latency (client total minus n8n baseline)",
			`${cpu.cpuMsPerItem.toFixed(3)} ms (${cpu.totalCpuMsPerItem.toFixed(2)} - ${cpu.n8nBaselineCpuMsPerItem.toFixed(2)})`,
			'<= 1 ms',
			verdict(cpu.cpuMsPerItem <= 1),
		],
		[
			'cancel during a 20-task wait: cancel -> last request',
			`${c.cancelToLastRequestMs.toFixed(0)} ms (${c.requestsAfterCancel} requests after)`,
			'<= 200 ms',
			verdict(c.cancelToLastRequestMs <= 200),
		],
		[
			'cancel during a 20-task wait: cancel -> node returned',
			`${c.cancelToReturnMs.toFixed(0)} ms`,
			'<= 2000 ms',
			verdict(c.cancelToReturnMs <= 2000),
		],
		[
			'peak RSS growth, 1000 items x 100 KB stdout',
			`${mb(m.growth)} (output ${mb(m.outputBytes)})`,
			`<= ${mb(2 * m.outputBytes)}`,
			verdict(m.growth <= 2 * m.outputBytes),
		],
		[
			'packed tarball / unpacked / files',
			`${(p.tarballBytes / 1024).toFixed(1)} KB / ${(p.unpackedBytes / 1024).toFixed(0)} KB / ${p.files}`,
			'',
			'',
		],
		[
			'runtime dependencies',
			String(p.runtimeDependencies),
			'0',
			verdict(p.runtimeDependencies === 0),
		],
		...realN8nRows(results.realN8n),
		...pollingRows(results),
		...Object.entries(p.requireMs).map(([name, ms]) => [
			`require ${name} (n8n-workflow preloaded; it takes ${p.n8nWorkflowRequireMs.toFixed(0)} ms)`,
			`${ms.toFixed(1)} ms`,
			'',
			'',
		]),
	];
	const table = [
		`Machine: ${results.machine.cores} cores (${results.machine.cpu}), Node ${results.machine.node}, ${results.machine.platform}. Command: \`npm run bench\`.`,
		'',
		'| benchmark | measured | target | |',
		'|---|---|---|---|',
		...rows.map((row) => `| ${row.join(' | ')} |`),
	].join('\n');
	fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
	fs.writeFileSync(path.join(__dirname, 'results.md'), `${table}\n`);
	process.stdout.write(`${table}\n`);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`bench failed: ${error.stack}\n`);
		process.exit(1);
	},
);
