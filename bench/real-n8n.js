'use strict';
// Benchmarks inside a real n8n 2.40.7 (Node 24, from the cache scripts/ensure-n8n.js fills),
// with this package packed and installed as a community node, against the local simulator:
//  1. 20 browser tasks x 5 s: our 302 Browser Task node vs n8n's own HTTP Request node in the
//     usual polling loop (one task at a time), wall times from the execution's start and stop;
//  2. a 100 MB generated file into binary data (filesystem mode): see real-n8n-memory.js.
// Reuses the end-to-end runner's library (scripts/lib) and never installs anything.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { cacheRoot, ensure, N8N_VERSION } = require('../scripts/ensure-n8n');
const { N8n, tail } = require('../scripts/lib/n8n');
const { buildAndPack, installIntoN8n } = require('../scripts/lib/package');
const processes = require('../scripts/lib/processes');
const { startSimulator } = require('../scripts/lib/simulator');
const workflows = require('./real-n8n-workflows');
const { bigFileBenchmarks, downloadWorkflows } = require('./real-n8n-memory');
const { nodeRuns, firstOutput } = require('./real-n8n-run-data');

const TASKS = 20;
const TASK_SECONDS = 5;
const INTERVAL_S = 1;
const taskText = (n) => `Bench task ${n} [sim queue=0 run=${TASK_SECONDS * 1000}]`;

/** True when both cache folders are complete (ensure() would then install nothing). */
function cacheReady() {
	const marker = (folder) => fs.existsSync(path.join(cacheRoot(), folder, '.install-complete'));
	return marker('node-24') && marker(`n8n-${N8N_VERSION}`);
}

/** The Node 24 version ensure-n8n.js recorded in its marker file. */
function nodeVersion() {
	return fs.readFileSync(path.join(cacheRoot(), 'node-24', '.install-complete'), 'utf8').trim();
}

/**
 * @param {object} [options]
 * @param {(line: string) => void} [options.log]
 * @param {string} [options.only]   'browser' or 'bigFile' to run one of the two (default both)
 * @param {boolean} [options.quick]  skip the ~2 minute HTTP Request loop (our node still runs)
 */
async function realN8nBenchmarks({ log = (_line) => {}, only, quick = false } = {}) {
	if (!cacheReady()) return { skipped: 'run scripts/ensure-n8n.js' };
	const paths = ensure();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-302ai-bench-'));
	let simulator;
	try {
		const userFolder = path.join(root, 'user');
		fs.mkdirSync(userFolder);
		const n8n = new N8n(paths, userFolder, { log });
		// The n8n-core harness the other benchmarks load sets these in this process's environment;
		// inherited, they would send real n8n's binary data into the harness's temp folder.
		for (const name of ['N8N_BINARY_DATA_STORAGE_PATH', 'N8N_STORAGE_PATH']) delete n8n.env[name];
		const tarball = await buildAndPack(root, { build: false }); // `npm run bench` has just built
		await installIntoN8n(tarball, userFolder, { nodeBinDir: paths.node.binDir });
		const apiKey = `sk-bench-${crypto.randomBytes(8).toString('hex')}`;
		simulator = await startSimulator({ apiKey });
		await importAll(n8n, root, simulator.url, apiKey);

		const browser =
			only === 'bigFile' ? undefined : await browserComparison(n8n, simulator, { quick, log });
		let bigFile;
		if (only !== 'browser') {
			bigFile = await bigFileBenchmarks(n8n, simulator, log);
		}
		return { n8nVersion: N8N_VERSION, nodeVersion: nodeVersion(), browser, bigFile };
	} finally {
		if (simulator) await processes.stop(simulator.handle);
		fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
	}
}

async function importAll(n8n, root, baseUrl, apiKey) {
	const folder = path.join(root, 'import');
	const workflowFolder = path.join(folder, 'workflows');
	fs.mkdirSync(workflowFolder, { recursive: true });
	const credentialsFile = path.join(folder, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(workflows.credentialsFor({ apiKey, baseUrl })));
	const texts = Array.from({ length: TASKS }, (_, n) => taskText(n));
	const list = [
		workflows.browserNodeWorkflow(texts, INTERVAL_S),
		workflows.httpLoopWorkflow(texts, INTERVAL_S, baseUrl),
		...downloadWorkflows(baseUrl),
	];
	for (const wf of list)
		fs.writeFileSync(path.join(workflowFolder, `${wf.id}.json`), JSON.stringify(wf));
	await n8n.cliOrThrow(['import:credentials', `--input=${credentialsFile}`]);
	await n8n.cliOrThrow(['import:workflow', '--separate', `--input=${workflowFolder}`]);
}

/** `n8n execute` of one workflow; throws with n8n's output when it fails. */
async function executeOrThrow(n8n, workflowId) {
	const { code, run, output } = await n8n.execute(workflowId);
	if (code !== 0 || !run)
		throw new Error(`n8n execute ${workflowId} failed (exit ${code}):\n${tail(output)}`);
	return run;
}

/**
 * The workflow's last execution as n8n stored it ({ status, startedAt, stoppedAt } in ms), read
 * from its SQLite database with Node 24's node:sqlite. Needed because `execute --rawOutput`
 * of a long run (the HTTP loop: 100 Wait runs, 100 polls) can reach us cut off: n8n exits
 * before a large stdout has been flushed into the pipe.
 */
async function storedExecution(n8n, workflowId) {
	const script = `
		const { DatabaseSync } = require('node:sqlite');
		const db = new DatabaseSync(process.argv[1], { readOnly: true });
		const row = db.prepare('SELECT status, startedAt, stoppedAt FROM execution_entity WHERE workflowId = ? ORDER BY id DESC LIMIT 1').get(process.argv[2]);
		process.stdout.write(JSON.stringify(row ?? null));`;
	const database = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
	const { code, output } = await processes.runToEnd(
		n8n.paths.node.binary,
		['--no-warnings', '-e', script, database, workflowId],
		{ timeoutMs: 30_000 },
	);
	const row =
		code === 0
			? JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1) || 'null')
			: null;
	if (!row) throw new Error(`no stored execution of ${workflowId}: ${tail(output)}`);
	// SQLite keeps UTC as "YYYY-MM-DD HH:MM:SS.SSS".
	const time = (value) =>
		Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
	return { status: row.status, startedAt: time(row.startedAt), stoppedAt: time(row.stoppedAt) };
}

const seconds = (run) => (Date.parse(run.stoppedAt) - Date.parse(run.startedAt)) / 1000;

/** Polls per task id and submits, from the simulator's request log. */
async function taskTraffic(simulator) {
	const log = await simulator.requests();
	const polls = new Map();
	for (const entry of log) {
		if (entry.method === 'GET' && entry.path.startsWith('/302/browser/tasks/'))
			polls.set(entry.path, (polls.get(entry.path) ?? 0) + 1);
	}
	const counts = [...polls.values()];
	return {
		submits: log.filter((entry) => entry.method === 'POST' && entry.path === '/302/browser/submit')
			.length,
		maxPollsPerTask: Math.max(...counts),
		meanPollsPerTask: counts.reduce((a, b) => a + b, 0) / counts.length,
	};
}

async function browserComparison(n8n, simulator, { quick, log }) {
	await simulator.reset();
	log('real n8n: 302 Browser Task node, 20 tasks');
	const nodeRun = await executeOrThrow(n8n, 'benchBrowserNode');
	const nodeItems = firstOutput(nodeRuns(nodeRun, '302 Browser Task')[0]);
	const nodeFinished = nodeItems.filter((item) => item.json.status === 'finished').length;
	if (nodeFinished !== TASKS)
		throw new Error(`302 Browser Task in n8n: ${nodeFinished}/${TASKS} tasks finished`);
	const nodeTraffic = await taskTraffic(simulator);
	const nodeWallRunDataS = seconds(nodeRun);
	// The whole execution includes the Code node that makes the 20 items (n8n starts its task runner).
	const nodeOnlyS = nodeRuns(nodeRun, '302 Browser Task')[0].executionTime / 1000;
	// Both runs are timed by the start/stop n8n stored in its database (the HTTP loop's --rawOutput
	// can arrive cut off); the run data's own times are kept to show that they agree.
	const stored = await storedExecution(n8n, 'benchBrowserNode');
	const nodeWallS = (stored.stoppedAt - stored.startedAt) / 1000;
	const common = {
		tasks: TASKS,
		taskSeconds: TASK_SECONDS,
		intervalSeconds: INTERVAL_S,
		nodeWallS,
		nodeWallRunDataS,
		nodeOnlyS,
		nodeTraffic,
	};
	if (quick) return common;

	await simulator.reset();
	log('real n8n: HTTP Request polling loop, 20 tasks one after another (about 2 minutes)');
	const { code, output } = await n8n.execute('benchHttpLoop');
	const loopRun = await storedExecution(n8n, 'benchHttpLoop');
	if (code !== 0 || loopRun.status !== 'success')
		throw new Error(
			`HTTP Request loop in n8n: exit ${code}, status ${loopRun.status}:\n${tail(output)}`,
		);
	// The loop only moves on when "Get task" saw finished/fail, so 20 creates mean 20 finished tasks.
	const loopTraffic = await taskTraffic(simulator);
	if (loopTraffic.submits !== TASKS)
		throw new Error(`HTTP Request loop in n8n: ${loopTraffic.submits}/${TASKS} tasks created`);

	const httpLoopWallS = (loopRun.stoppedAt - loopRun.startedAt) / 1000;
	return {
		...common,
		httpLoopWallS,
		ratio: httpLoopWallS / nodeWallS,
		httpLoopTraffic: loopTraffic,
	};
}

module.exports = { realN8nBenchmarks, cacheReady };

// Alone: node bench/real-n8n.js [browser|bigFile]
if (require.main === module) {
	realN8nBenchmarks({
		only: process.argv[2],
		log: (line) => process.stderr.write(`[real-n8n] ${line}\n`),
	}).then(
		(result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
		(error) => {
			process.stderr.write(`${error.stack}\n`);
			process.exitCode = 1;
		},
	);
}
