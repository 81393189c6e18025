'use strict';
// POST /302/sandbox/direct_run_code, /302/sandbox/run_code and /302/sandbox/command.
const fs = require('node:fs');
const path = require('node:path');

const { badField } = require('./errors');
const { toChunks, HOME } = require('./runner');
const { exportLocalPath, toLocalPath } = require('./sandbox-fs');
const v = require('./validate');

/** One-shot run in a fresh /home/user; with is_download the folder or file is exported. */
async function directRunCode(sim, { body }) {
	const code = v.requireString(body, 'code');
	const language = typeof body.language === 'string' ? body.language : 'python';
	const envs = v.optionalStringMap(body, 'envs');
	const timeoutS = v.timeoutSeconds(body);
	const isDownload = v.optionalBoolean(body, 'is_download');
	const downloadPath = v.optionalString(body, 'download_path') || HOME;
	const dir = await fs.promises.mkdtemp(path.join(sim.dirs.runs, 'run-'));
	try {
		const exportPath = isDownload ? toLocalPath(downloadPath, dir) : undefined;
		if (isDownload && !exportPath)
			throw badField('download_path', 'must be a path under /home/user');
		const run = await sim.runner.runCode({ language, code, dir, envs: [envs], timeoutS });
		const result = { stdout: toChunks(run.stdout), stderr: toChunks(run.stderr) };
		// Nothing to export (missing path or empty folder): the answer has no `file` key.
		const url = exportPath ? await exportLocalPath(sim.store, exportPath, dir) : undefined;
		if (url) result.file = { url };
		return { json: { result } };
	} finally {
		fs.promises.rm(dir, { recursive: true, force: true }).catch(() => {});
	}
}

/** Code in an existing sandbox's persistent /home/user, with its envs under the request's. */
async function runCode(sim, { body, apiKey }) {
	const sandbox = sim.requireSandbox(body, apiKey);
	const code = v.requireString(body, 'code');
	const language = typeof body.language === 'string' ? body.language : 'python';
	const envs = v.optionalStringMap(body, 'envs');
	const timeoutS = v.timeoutSeconds(body);
	const run = await sim.runner.runCode({
		language,
		code,
		dir: sandbox.dir,
		envs: [sandbox.envs, envs],
		timeoutS,
	});
	return { json: { result: { stdout: toChunks(run.stdout), stderr: toChunks(run.stderr) } } };
}

/** bash -c in the sandbox; stdout/stderr are strings here, unlike the code endpoints. */
async function command(sim, { body, apiKey }) {
	const sandbox = sim.requireSandbox(body, apiKey);
	const cmd = v.requireString(body, 'cmd');
	const envs = v.optionalStringMap(body, 'envs');
	const timeoutS = v.timeoutSeconds(body);
	const run = await sim.runner.runCommand({
		cmd,
		dir: sandbox.dir,
		envs: [sandbox.envs, envs],
		timeoutS,
	});
	return {
		json: {
			result: {
				stderr: run.stderr,
				stdout: run.stdout,
				exit_code: run.exitCode,
				error: run.timedOut ? `TimeoutError: command timed out after ${timeoutS} s` : '',
				cost_time: Math.round(run.ms) / 1000,
			},
		},
	};
}

module.exports = { directRunCode, runCode, command };
