// Runs every example workflow in a real n8n (prepared by session.js), checks the results against
// the simulator (exact values) and prints a short summary per workflow. Used by e2e.js (checks
// decide the exit code) and demo.js (the same run; against the real API it only reports).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { request } = require('undici');

const { cleanupAll, installHandlers } = require('./cleanup');
const { formatDiff, where } = require('./expect');
const { freePort, listFiles, tail, waitFor } = require('./n8n');
const processes = require('./processes');
const { runServerScenarios } = require('./run-server');
const { Checks, SCENARIOS } = require('./scenarios');
const { openSession, withoutDirectives } = require('./session');
const { selectedLines } = require('../ensure-n8n');
const { readEntitiesExport } = require('./n8n-export');

const print = (line = '') => process.stdout.write(`${line}\n`);

/**
 * Runs every scenario on each n8n line (2.x, then 1.x; N8N_302_LINES picks some), one fresh n8n
 * per line. A scenario with `lines: ['2']` runs only on the lines it lists.
 * @param {object} [options]
 * @param {string} [options.apiKey]  with `baseUrl`: run against the real 302.AI API (no exact checks)
 * @param {string} [options.baseUrl]
 * @param {boolean} [options.build]  build before packing (default true; once, before the first line)
 * @param {boolean} [options.verbose]  print every n8n CLI call
 * @param {string[]} [options.lines]  n8n lines to run, e.g. ['2', '1'] (default: N8N_302_LINES or all)
 * @returns {Promise<number>} exit code: 0 when every check passed on every line
 */
async function runExamples({
	apiKey,
	baseUrl,
	build = true,
	verbose = false,
	lines = selectedLines(),
} = {}) {
	installHandlers();
	const results = [];
	for (const [index, line] of lines.entries()) {
		if (lines.length > 1)
			print(
				`${index === 0 ? '' : '\n'}════ n8n ${line}.x (${index + 1} of ${lines.length} n8n lines) ════`,
			);
		results.push(await runLine({ apiKey, baseUrl, build: build && index === 0, verbose, line }));
	}
	const ok = results.every((result) => result.ok);
	if (lines.length > 1) {
		print();
		const parts = results.map(
			(result) =>
				`n8n ${result.n8nVersion ?? `line ${result.line}`}${result.nodeVersion ? ` on Node ${result.nodeVersion}` : ''}: ${result.ok ? 'passed' : 'FAILED'} (${result.checkCount} checks)`,
		);
		print(`${ok ? '✔ every n8n line passed' : '✘ FAILED on some n8n line'}: ${parts.join('; ')}`);
	}
	return ok ? 0 : 1;
}

/** The existing run, on one n8n line; prints its own "passed: N steps, N checks" line. */
async function runLine({ apiKey, baseUrl, build, verbose, line }) {
	const started = Date.now();
	const rows = [];
	/** @type {unknown} */
	let fatal;
	let session;
	try {
		session = await openSession({
			apiKey,
			baseUrl,
			build,
			line,
			log: (text) => verbose && print(`  · ${text}`),
		});
		print(
			`n8n ${session.paths.n8n.version} on Node ${session.paths.node.version.replace(/^v/, '')} · package installed as a community node · ${session.real ? `real 302.AI API (${session.apiBaseUrl})` : `local 302.AI simulator (${session.apiBaseUrl})`}`,
		);
		print(
			`set-up: cache ${session.timings.cache.toFixed(1)} s, build+pack+install ${session.timings.package.toFixed(1)} s, import ${session.timings.import.toFixed(1)} s`,
		);
		// E2E_ONLY=<id>,<id> runs only those scenarios (for working on one; the saved-data check still runs).
		const only = process.env.E2E_ONLY ? process.env.E2E_ONLY.split(',') : undefined;
		const scenarios = scenariosFor(SCENARIOS, { line, real: session.real }).filter(
			(scenario) => !only || only.includes(scenario.id),
		);
		for (const scenario of scenarios.filter((s) => s.how === 'execute')) {
			rows.push(await runExecuteScenario(session, scenario));
			printRow(rows.at(-1), rows.length, scenarios.length + 1);
		}
		for (const scenario of scenarios.filter((s) => s.how === 'webhook')) {
			rows.push(await runWebhookScenario(session, scenario));
			printRow(rows.at(-1), rows.length, scenarios.length + 1);
		}
		for (const row of await runServerScenarios(
			session,
			scenarios.filter((s) => s.how === 'server'),
			{ judge },
		)) {
			rows.push(row);
			printRow(row, rows.length, scenarios.length + 1);
		}
		rows.push(await checkSavedData(session, rows));
		printRow(rows.at(-1), rows.length, scenarios.length + 1);
	} catch (error) {
		fatal = error;
	} finally {
		await cleanupAll();
	}
	const failed = rows.filter((row) => row.checks.failures.length > 0);
	const checkCount = rows.reduce(
		(sum, row) => sum + row.checks.passed + row.checks.failures.length,
		0,
	);
	const { started: groups, left } = processes.leftoverGroups();
	print();
	if (fatal) print(`✘ the run stopped: ${(fatal instanceof Error && fatal.stack) || fatal}`);
	if (left.length > 0) print(`✘ process groups still running after clean-up: ${left.join(', ')}`);
	const ok = !fatal && failed.length === 0 && left.length === 0;
	print(
		`${ok ? '✔ passed' : '✘ FAILED'}: ${rows.length} steps, ${checkCount} checks, ${failed.length} step(s) with failures · ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
	print(
		`  clean-up: ${groups} process groups started (n8n, simulator, npm), ${left.length} left; temp folder removed`,
	);
	return {
		ok,
		line,
		checkCount,
		n8nVersion: session?.paths.n8n.version,
		nodeVersion: session?.paths.node.version.replace(/^v/, ''),
	};
}

/** The scenarios of one n8n line: those without `lines` or listing it; simulator-only ones only against the simulator. */
function scenariosFor(scenarios, { line, real }) {
	return scenarios.filter(
		(scenario) =>
			!(real && scenario.simulatorOnly) && (!scenario.lines || scenario.lines.includes(line)),
	);
}

async function runExecuteScenario(session, scenario) {
	const { n8n, simulator } = session;
	const workflow = session.workflows.find((w) => w.id === scenario.id);
	// A scenario may start helpers (the scripted model server) and import more before the run.
	const prepared = scenario.prepare ? await scenario.prepare(session) : undefined;
	const since = simulator ? lastRequestId(await simulator.requests()) : 0;
	const startedAt = Date.now();
	let result;
	let extra = {};
	try {
		result = await n8n.execute(scenario.id);
		extra = (await prepared?.collect?.()) ?? {};
	} finally {
		await prepared?.stop?.();
	}
	const ctx = {
		...extra,
		...(await simulatorView(session, since)),
		run: result.run,
		exitCode: result.code,
		outputTail: tail(result.output, 15),
		userFolder: session.userFolder,
		wrongKey: session.keys.wrongKey,
	};
	return judge(session, scenario, ctx, {
		title: workflow?.name ?? scenario.title ?? scenario.id,
		how: 'n8n execute',
		seconds: (Date.now() - startedAt) / 1000,
	});
}

async function runWebhookScenario(session, scenario) {
	const { n8n, simulator } = session;
	const workflow = session.workflows.find((w) => w.id === scenario.id);
	const startedAt = Date.now();
	await n8n.activate(scenario.id);
	const since = simulator ? lastRequestId(await simulator.requests()) : 0;
	const { handle, baseUrl } = await n8n.startServer(await freePort());
	const url = `${baseUrl}/webhook/${scenario.webhookPath}`;
	const ctx = {
		userFolder: session.userFolder,
		requestBody: session.real ? withoutDirectives(scenario.requestBody) : scenario.requestBody,
	};
	try {
		// Production webhooks are registered seconds after /healthz, once n8n has drained its
		// publication outbox. Until then a GET answers "n8n is starting up" (200) or "not
		// registered" (404); once the POST webhook exists it answers 404 "not registered for GET
		// requests" (n8n 2.40). The probe must not POST: that would run the workflow.
		await waitFor(
			`webhook ${url}`,
			handle,
			async () => {
				const probe = await request(url, { method: 'GET' });
				const text = await probe.body.text();
				return probe.statusCode === 404 && /not registered for GET/i.test(text);
			},
			90_000,
		);
		const callStarted = Date.now();
		const response = await request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(ctx.requestBody),
			headersTimeout: 15 * 60_000,
			bodyTimeout: 15 * 60_000,
		});
		const text = await response.body.text();
		ctx.response = {
			status: response.statusCode,
			body: parseJson(text),
			seconds: (Date.now() - callStarted) / 1000,
		};
	} finally {
		await processes.stop(handle);
		n8n.outputs.push(handle.output());
		ctx.serverLog = handle.output();
		if (process.env.E2E_DEBUG_LOG) fs.writeFileSync(process.env.E2E_DEBUG_LOG, ctx.serverLog);
	}
	Object.assign(ctx, await simulatorView(session, since));
	return judge(session, scenario, ctx, {
		title: workflow?.name ?? scenario.id,
		how: 'n8n start + POST',
		seconds: (Date.now() - startedAt) / 1000,
	});
}

/** n8n's saved executions, exported through its CLI, and everything n8n wrote or printed: no key anywhere. */
async function checkSavedData(session, rows) {
	const startedAt = Date.now();
	const checks = new Checks();
	const exportFolder = path.join(session.root, 'export');
	// n8n encrypts the export; with our own key file we can decrypt it and read every row.
	const exportKeyFile = path.join(session.root, 'export-key.txt');
	const exportKey = crypto.randomBytes(24).toString('hex');
	fs.writeFileSync(exportKeyFile, exportKey);
	await session.n8n.cliOrThrow([
		'export:entities',
		`--outputDir=${exportFolder}`,
		'--includeExecutionHistoryDataTables=true',
		`--keyFile=${exportKeyFile}`,
	]);
	const exported = readEntitiesExport(exportFolder, exportKey);
	const executions = exported.find((entry) => entry.name === 'executionentity.jsonl')?.rows ?? [];
	const executionData = exported.find((entry) => entry.name === 'executiondata.jsonl')?.text ?? '';
	// A `server` scenario's row says how many executions it caused (schedule firings, error workflow runs...).
	checks.expect(
		'saved executions (one per workflow run)',
		executions.length,
		rows.reduce((sum, row) => sum + (row.executions ?? 1), 0),
	);
	const taskIds = rows.flatMap((row) => row.taskIds ?? []);
	checks.expect(
		'saved execution data holds the runs (task ids found in it)',
		taskIds.filter((id) => !executionData.includes(id)),
		[],
	);

	const userFiles = listFiles(path.join(session.userFolder, '.n8n')).filter(
		(file) => !file.includes(`${path.sep}nodes${path.sep}`),
	);
	const sources = [
		...exported.map((entry) => ({ name: `export:${entry.name}`, data: Buffer.from(entry.text) })),
		...userFiles.map((file) => ({
			name: path.relative(session.userFolder, file),
			data: fs.readFileSync(file),
		})),
		...session.n8n.outputs.map((output, index) => ({
			name: `n8n output #${index + 1}`,
			data: Buffer.from(output),
		})),
	];
	let hitCount = 0;
	for (const [label, secret] of [
		['API key', session.keys.apiKey],
		['wrong API key', session.keys.wrongKey],
	]) {
		const hits = sources
			.filter((source) => source.data.includes(secret))
			.map((source) => source.name);
		hitCount += hits.length;
		checks.expect(
			`${label} string found in (exported executions, n8n's folder incl. database and binary files, n8n's output)`,
			hits,
			[],
		);
	}
	const bytes = sources.reduce((sum, source) => sum + source.data.length, 0);
	const statuses = executions.map((execution) => `${execution.workflowId}: ${execution.status}`);
	return {
		title: "n8n's saved execution data (export:entities)",
		how: 'n8n export:entities',
		seconds: (Date.now() - startedAt) / 1000,
		checks,
		summary: {
			in: [`${executions.length} saved executions: ${statuses.join(', ')}`],
			out: [
				`API key strings found ${hitCount} times in ${sources.length} decrypted export tables, files of n8n's folder and n8n outputs (${(bytes / 1024).toFixed(0)} KiB scanned)`,
			],
		},
	};
}

async function simulatorView(session, since) {
	if (!session.simulator) return { requests: [], tasks: [] };
	const { simulator } = session;
	return {
		requests: await simulator.requests(since),
		tasks: await simulator.tasks(),
		liveSandboxes: await simulator.liveSandboxes(),
	};
}

function judge(session, scenario, ctx, meta) {
	const checks = new Checks();
	try {
		if (session.real) {
			checks.expect(
				'n8n execute exit code',
				ctx.exitCode ?? ctx.response?.status,
				scenario.expectFailure ? 1 : where('success', (v) => v === 0 || v === 200),
			);
		} else {
			scenario.check(ctx, checks);
		}
	} catch (error) {
		checks.failures.push({
			label: 'the check itself threw',
			differences: [
				{
					path: '',
					expected: 'no exception',
					actual: error instanceof Error ? error.stack : error,
				},
			],
		});
	}
	let summary;
	try {
		summary = scenario.summary(ctx);
	} catch (error) {
		summary = { in: [], out: [`(no summary: ${error instanceof Error ? error.message : error})`] };
	}
	if (checks.failures.length > 0 && ctx.outputTail && !ctx.run)
		summary.out.push('n8n printed:', ...ctx.outputTail.split('\n'));
	if (checks.failures.length > 0 && ctx.serverLog)
		summary.out.push('n8n start printed (last lines):', ...tail(ctx.serverLog, 25).split('\n'));
	const taskIds = [
		...new Set(
			(ctx.requests ?? [])
				.filter((e) => e.path.startsWith('/302/browser/tasks/'))
				.map((e) => e.path.split('/').pop()),
		),
	];
	return { ...meta, id: scenario.id, checks, summary, taskIds };
}

function printRow(row, index, total) {
	print();
	print(`━━ ${index}/${total} ${row.title}`);
	print(`   ${row.id ? `${row.id} · ` : ''}${row.how} · ${row.seconds.toFixed(1)} s`);
	row.summary.in.forEach((line, i) => print(`   ${i === 0 ? 'in :' : '    '} ${line}`));
	row.summary.out.forEach((line, i) => print(`   ${i === 0 ? 'out:' : '    '} ${line}`));
	const { passed, failures } = row.checks;
	if (failures.length === 0) {
		print(`   ✔ ${passed} checks passed`);
		return;
	}
	print(`   ✘ ${failures.length} of ${passed + failures.length} checks failed:`);
	for (const failure of failures) {
		print(`   ✘ ${failure.label}`);
		print(formatDiff(failure.differences).replace(/^/gm, '     '));
	}
}

const lastRequestId = (requests) => requests.reduce((max, entry) => Math.max(max, entry.id), 0);

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

module.exports = { runExamples, scenariosFor };
