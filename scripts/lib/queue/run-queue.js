// The queue-mode end-to-end run (npm run e2e:queue): Redis + PostgreSQL, n8n main + 2 workers +
// a webhook processor with the packed package installed in each, the local 302.AI simulator,
// then the checks of scenarios.js and crash.js. Everything started is stopped, also on failure.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { request } = require('undici');

const { ensure } = require('../../ensure-n8n');
const { cleanupAll, installHandlers, trackTempFolder } = require('../cleanup');
const { formatDiff } = require('../expect');
const { listFiles, waitFor } = require('../n8n');
const { buildAndPack } = require('../package');
const processes = require('../processes');
const { startSimulator } = require('../simulator');
const { Checks } = require('./checks');
const { Cluster } = require('./cluster');
const { crashAndRetry } = require('./crash');
const { Rest } = require('./rest');
const { concurrent, fileAnswer, stopAndLog } = require('./scenarios');
const { ensureServices, startPostgres, startRedis } = require('./services');
const { allWorkflows, CREDENTIAL } = require('./workflows');

const print = (line = '') => process.stdout.write(`${line}\n`);

/**
 * @param {object} [options]
 * @param {boolean} [options.build]
 * @param {boolean} [options.verbose]
 * @param {string[]} [options.only]  run only the named steps (e.g. ['concurrent'] for the benchmark)
 */
async function runQueue({ build = true, verbose = false, only } = {}) {
	installHandlers();
	const started = Date.now();
	const timings = {};
	const timed = async (name, work) => {
		const t = Date.now();
		try {
			return await work();
		} finally {
			timings[name] = (Date.now() - t) / 1000;
		}
	};
	const log = (line) => verbose && print(`  · ${line}`);
	const rows = [];
	/** @type {unknown} */
	let fatal;
	let cluster;
	try {
		const paths = await timed('cache', () => ensure());
		const apt = await timed('apt', () => ensureServices((line) => print(`  · ${line}`)));
		const root = trackTempFolder(fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-302ai-queue-')));
		const services = await timed('services', async () => ({
			redis: await startRedis(root),
			postgres: await startPostgres(root),
		}));
		print(
			`queue mode: n8n ${paths.n8n.version} (main + 2 workers + webhook processor), Redis on :${services.redis.port}, PostgreSQL ${services.postgres.version} on :${services.postgres.port}${apt.installed.length ? ` (apt-get installed ${apt.installed.join(', ')} in ${apt.seconds.toFixed(0)} s)` : ''}`,
		);

		cluster = new Cluster({ paths, root, services, log });
		await timed('package', async () => cluster.install(await buildAndPack(root, { build })));
		const apiKey = `sk-queue-${crypto.randomBytes(12).toString('hex')}`;
		const sim = await startSimulator({ apiKey });
		await timed('import', () => importAll(cluster, root, sim.url, apiKey));
		await timed('start', () => cluster.startAll());
		const rest = new Rest(cluster.url('main'), paths.n8n.dir);
		await rest.signIn();
		await waitForWebhooks(cluster);
		print(
			`set-up: cache ${timings.cache.toFixed(1)} s, services ${timings.services.toFixed(1)} s, pack + install ×4 ${timings.package.toFixed(1)} s, import ${timings.import.toFixed(1)} s, start ${timings.start.toFixed(1)} s`,
		);

		const env = { cluster, sim, rest, log };
		const countRows = () => psqlCount(services.postgres.port, 'select count(*) from binary_data');
		/** @type {Array<[string, () => Promise<any>]>} */
		const allSteps = [
			['concurrent', () => concurrent(env)],
			['stop', () => stopAndLog(env)],
			[
				'file-database',
				() => fileAnswer({ cluster, via: 'webhook', mode: 'database', countStored: countRows }),
			],
			['crash', () => crashAndRetry(env)],
			[
				'file-filesystem',
				async () => {
					const shared = path.join(root, 'shared-binary');
					fs.mkdirSync(shared);
					await cluster.stopAll();
					cluster.binary = { mode: 'filesystem', storagePath: shared };
					await cluster.startAll();
					await rest.signIn();
					await waitForWebhooks(cluster);
					return await fileAnswer({
						cluster,
						via: 'main',
						mode: 'filesystem (shared N8N_BINARY_DATA_STORAGE_PATH)',
						countStored: async () => listFiles(shared).length,
					});
				},
			],
			['secrets', async () => noKeyInOutputs(cluster, apiKey)],
		];
		const steps = allSteps.filter(([name]) => !only || only.includes(name));
		for (const [name, step] of steps) {
			const t = Date.now();
			const row = await step();
			row.name = name;
			row.seconds = (Date.now() - t) / 1000;
			rows.push(row);
			printRow(row, rows.length, steps.length);
		}
		writeResults({ timings, rows, apt });
	} catch (error) {
		fatal = error;
		if (cluster)
			for (const role of ['main', 'worker1', 'worker2', 'webhook'])
				print(`--- ${role} (last lines) ---\n${cluster.tailOf(role)}`);
	} finally {
		await cluster?.stopAll().catch(() => {});
		await cleanupAll();
	}
	const left = await leftovers();
	const failed = rows.filter((row) => row.checks.failures.length > 0);
	const checkCount = rows.reduce(
		(sum, row) => sum + row.checks.passed + row.checks.failures.length,
		0,
	);
	print();
	if (fatal) print(`✘ the run stopped: ${(fatal instanceof Error && fatal.stack) || fatal}`);
	if (left.left.length > 0)
		print(`✘ process groups still running after clean-up: ${left.left.join(', ')}`);
	const ok = !fatal && failed.length === 0 && left.left.length === 0;
	print(
		`${ok ? '✔ queue mode passed' : '✘ queue mode FAILED'}: ${rows.length} steps, ${checkCount} checks, ${failed.length} step(s) with failures · ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
	print(
		`  clean-up: ${left.started} process groups started (Redis, PostgreSQL, n8n ×4, simulator, npm), ${left.left.length} left; temp folder removed`,
	);
	return ok ? 0 : 1;
}

async function importAll(cluster, root, simUrl, apiKey) {
	const credentialsFile = path.join(root, 'credentials.json');
	const workflowsFile = path.join(root, 'workflows.json');
	fs.writeFileSync(
		credentialsFile,
		JSON.stringify([{ ...CREDENTIAL, type: 'ai302Api', data: { apiKey, baseUrl: simUrl } }]),
	);
	fs.writeFileSync(workflowsFile, JSON.stringify(allWorkflows()));
	// Each CLI call boots n8n (~7 s here); independent ones run side by side.
	await Promise.all([
		cluster.cli(['import:credentials', `--input=${credentialsFile}`]),
		cluster.cli(['import:workflow', `--input=${workflowsFile}`]),
	]);
	fs.rmSync(credentialsFile);
	await Promise.all(
		allWorkflows().map((workflow) => cluster.cli(['publish:workflow', `--id=${workflow.id}`])),
	);
}

/** Production webhooks exist a few seconds after start: GET then answers 404 "not registered for GET". */
async function waitForWebhooks(cluster) {
	for (const role of ['main', 'webhook']) {
		for (const hook of ['qm-browser', 'qm-crash', 'qm-file']) {
			const url = `${cluster.url(role)}/webhook/${hook}`;
			await waitFor(
				`webhook ${url}`,
				cluster.running[role].handle,
				async () => {
					const probe = await request(url, { method: 'GET' });
					return (
						probe.statusCode === 404 && /not registered for GET/i.test(await probe.body.text())
					);
				},
				90_000,
			);
		}
	}
}

async function psqlCount(port, sql) {
	const result = await processes.runToEnd(
		'psql',
		['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'n8n', '-tAc', sql],
		{},
	);
	return Number(result.output.trim());
}

function noKeyInOutputs(cluster, apiKey) {
	const checks = new Checks();
	const outputs = ['main', 'worker1', 'worker2', 'webhook'].map((role) => ({
		role,
		text: cluster.output(role),
	}));
	checks.expect(
		'API key found in the output of',
		outputs.filter((o) => o.text.includes(apiKey)).map((o) => o.role),
		[],
	);
	const bytes = outputs.reduce((sum, o) => sum + o.text.length, 0);
	return {
		title: 'no API key in what the four n8n processes printed',
		checks,
		summary: [`${(bytes / 1024).toFixed(0)} KiB of n8n output scanned`],
	};
}

/** Process groups can take a moment to disappear after their leader exited. */
async function leftovers() {
	let state = processes.leftoverGroups();
	for (let i = 0; i < 50 && state.left.length > 0; i++) {
		await new Promise((resolve) => setTimeout(resolve, 200));
		state = processes.leftoverGroups();
	}
	return state;
}

function writeResults(results) {
	if (process.env.QUEUE_E2E_RESULTS)
		fs.writeFileSync(
			process.env.QUEUE_E2E_RESULTS,
			JSON.stringify(results, (k, v) => (k === 'checks' ? undefined : v), 2),
		);
}

function printRow(row, index, total) {
	print();
	print(`━━ ${index}/${total} ${row.title} · ${row.seconds.toFixed(1)} s`);
	for (const line of row.summary) print(`   ${line}`);
	const { passed, failures } = row.checks;
	if (failures.length === 0) return print(`   ✔ ${passed} checks passed`);
	print(`   ✘ ${failures.length} of ${passed + failures.length} checks failed:`);
	for (const failure of failures) {
		print(`   ✘ ${failure.label}`);
		print(formatDiff(failure.differences).replace(/^/gm, '     '));
	}
	return undefined;
}

module.exports = { runQueue };
