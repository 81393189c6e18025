'use strict';
// The big-file benchmark inside real n8n: a generated file into binary data (filesystem mode)
// while the n8n process's RSS is sampled every 20 ms; growth = peak while the download node runs
// minus the last sample before it started. The stored file is checked (size, sha256) and removed.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { extractJsonBlock, freePort, tail } = require('../scripts/lib/n8n');
const processes = require('../scripts/lib/processes');
const { generatedFileSha256 } = require('../test/simulator');
const workflows = require('./real-n8n-workflows');
const { nodeRuns, firstOutput } = require('./real-n8n-run-data');

const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 20;
// Our node at 100 MB and at 300 MB (a bounded growth must not scale with the file), and n8n's
// own HTTP Request node at 100 MB as the baseline any streaming download in n8n pays.
// The peak depends on when V8 happens to collect (it varies by tens of MB between runs), so the
// 100 MB runs are repeated and reported as median and range.
const DOWNLOADS = [
	{
		key: 'node100',
		id: 'benchBigDownload',
		bytes: 100 * MB,
		repeats: 3,
		build: (bytes, id) => workflows.bigDownloadWorkflow(bytes, id),
	},
	{
		key: 'httpNode100',
		id: 'benchBigDownloadHttp',
		bytes: 100 * MB,
		repeats: 3,
		build: (bytes, id, baseUrl) => workflows.httpBigDownloadWorkflow(bytes, baseUrl, id),
	},
	{
		key: 'node300',
		id: 'benchBigDownload300',
		bytes: 300 * MB,
		repeats: 3,
		build: (bytes, id) => workflows.bigDownloadWorkflow(bytes, id),
	},
];

/** Samples VmRSS/VmHWM of `pid` every 20 ms until stopped: [{ t, rss, hwm }] in bytes. */
function sampleMemory(pid) {
	const samples = [];
	const read = () => {
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			const kb = (field) =>
				Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
			samples.push({ t: Date.now(), rss: kb('VmRSS'), hwm: kb('VmHWM') });
		} catch {
			// the process has exited
		}
	};
	const timer = setInterval(read, SAMPLE_EVERY_MS);
	read();
	return { samples, stop: () => clearInterval(timer) };
}

/** Runs one big-download workflow (`n8n execute`) while sampling the n8n process's RSS. */
async function bigFileIntoBinary(n8n, simulator, userFolder, { id: workflowId, bytes }, log) {
	await simulator.reset();
	log(
		`real n8n: ${workflowId}, ${bytes / MB} MB generated file into binary data (filesystem mode), sampling RSS every 20 ms`,
	);
	// Started by hand instead of n8n.execute() to know the n8n process id while it runs.
	const handle = processes.start(
		n8n.paths.node.binary,
		[n8n.paths.n8n.entry, 'execute', `--id=${workflowId}`, '--rawOutput'],
		{
			cwd: userFolder,
			env: { ...n8n.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
		},
	);
	const memory = sampleMemory(handle.pid);
	const { code } = await handle.exited;
	memory.stop();
	const run = extractJsonBlock(handle.output());
	if (code !== 0 || !run)
		throw new Error(`n8n execute ${workflowId} failed (exit ${code}):\n${tail(handle.output())}`);

	const [download] = nodeRuns(run, 'Download big file');
	const start = download.startTime;
	const end = start + download.executionTime;
	const before = memory.samples.filter((sample) => sample.t <= start);
	const during = memory.samples.filter((sample) => sample.t >= start && sample.t <= end);
	const baseline = before.at(-1);
	const peak = Math.max(...during.map((sample) => sample.rss));
	const binary = firstOutput(download)[0].binary.data;
	const stored = storedBinaryFile(userFolder, binary.id);
	const storedBytes = stored ? fs.statSync(stored).size : undefined;
	const storedSha256 = stored ? await sha256File(stored) : undefined;
	const expectedSha256 = generatedFileSha256(bytes);
	if (stored) fs.rmSync(stored); // checked; up to 1.5 GB would pile up in the temp folder otherwise
	return {
		bytes,
		downloadSeconds: download.executionTime / 1000,
		samplesDuringDownload: during.length,
		baselineRss: baseline.rss,
		peakRss: peak,
		growth: peak - baseline.rss,
		hwmBefore: baseline.hwm,
		hwmAfter: memory.samples.findLast((sample) => Number.isFinite(sample.hwm)).hwm,
		binaryMode: String(binary.id).split(':')[0],
		binaryId: binary.id,
		storedPath: stored && path.relative(userFolder, stored),
		storedBytes,
		storedSha256,
		expectedSha256,
		intact: storedBytes === bytes && storedSha256 === expectedSha256,
	};
}

/** Median (and range) of the runs' RSS growth; intact only when every run stored the file intact. */
function summarize(runs) {
	const growths = runs.map((run) => run.growth).sort((a, b) => a - b);
	return {
		bytes: runs[0].bytes,
		growth: growths[Math.floor(growths.length / 2)],
		growthMin: growths[0],
		growthMax: growths.at(-1),
		downloadSeconds: runs.map((run) => run.downloadSeconds).sort((a, b) => a - b)[
			Math.floor(runs.length / 2)
		],
		intact: runs.every((run) => run.intact),
		storedBytes: runs.map((run) => run.storedBytes),
		runs,
	};
}

/**
 * The file n8n's filesystem binary mode wrote for `id` ("filesystem-v2:<relative path>"), under
 * its storage folder (~/.n8n/storage in 2.x, ~/.n8n/binaryData when that older folder exists).
 * An id recorded before the execution had its id ("executions/temp/...") is looked up by its
 * file name (a UUID) among the workflow's executions, where n8n moves the file afterwards.
 */
function storedBinaryFile(userFolder, id) {
	const relative = String(id).replace(/^[a-z0-9-]+:/i, '');
	const roots = ['storage', 'binaryData'].map((folder) => path.join(userFolder, '.n8n', folder));
	const direct = roots
		.map((root) => path.join(root, relative))
		.find((candidate) => fs.existsSync(candidate));
	if (direct) return direct;
	const match = /^(workflows\/[^/]+\/executions)\/[^/]+\/binary_data\/([^/]+)$/.exec(relative);
	if (!match) return undefined;
	for (const root of roots) {
		const executions = path.join(root, match[1]);
		if (!fs.existsSync(executions)) continue;
		for (const execution of fs.readdirSync(executions)) {
			const candidate = path.join(executions, execution, 'binary_data', match[2]);
			if (fs.existsSync(candidate)) return candidate;
		}
	}
	return undefined;
}

function sha256File(file) {
	return new Promise((resolve, reject) => {
		const hash = crypto.createHash('sha256');
		fs.createReadStream(file)
			.on('data', (chunk) => hash.update(chunk))
			.on('error', reject)
			.on('end', () => resolve(hash.digest('hex')));
	});
}

/** The workflows to import (they need the simulator's URL). */
function downloadWorkflows(baseUrl) {
	return DOWNLOADS.map((download) => download.build(download.bytes, download.id, baseUrl));
}

/** Every download, repeated as configured: { node100, httpNode100, node300 }. */
async function bigFileBenchmarks(n8n, simulator, log) {
	const results = {};
	for (const download of DOWNLOADS) {
		const runs = [];
		for (let n = 0; n < download.repeats; n++)
			runs.push(await bigFileIntoBinary(n8n, simulator, n8n.userFolder, download, log));
		results[download.key] = summarize(runs);
	}
	return results;
}

module.exports = { bigFileBenchmarks, downloadWorkflows };
