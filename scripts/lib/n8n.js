// Drives a real n8n (from the cache that scripts/ensure-n8n.js fills) through its CLI, in a
// throwaway user folder: imports, `execute --rawOutput`, `publish:workflow`, `start`.
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const processes = require('./processes');
const { cleanNpmEnv } = require('../ensure-n8n');

// Fixed on purpose: credentials imported in one command must decrypt in the next.
const ENCRYPTION_KEY = 'n8n-nodes-302ai-e2e-fixed-encryption-key';

class N8n {
	/** @param paths the result of ensure(); @param userFolder an empty temp folder */
	constructor(paths, userFolder, { log = (_line) => {} } = {}) {
		this.paths = paths;
		this.userFolder = userFolder;
		this.log = log;
		this.env = cleanNpmEnv({
			PATH: `${paths.node.binDir}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_SECURE_COOKIE: 'false',
			...paths.env, // the line's own settings (n8n 1.x: its classic expression engine)
		});
		// A process that also loaded the n8n-core test harness has this set to the harness's own
		// temp folder; real n8n must keep its binary data in its user folder.
		delete this.env.N8N_BINARY_DATA_STORAGE_PATH;
		this.cliCalls = 0;
		/** Everything n8n printed, kept so the runner can check that no secret was ever logged. */
		this.outputs = [];
	}

	/** Runs one n8n CLI command to its end; resolves { code, output }. */
	async cli(args, { timeoutMs = 180_000 } = {}) {
		this.cliCalls++;
		const started = Date.now();
		// Every n8n process starts a task broker; its default port (5679) would clash between runs.
		const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const result = await processes.runToEnd(
			this.paths.node.binary,
			[this.paths.n8n.entry, ...args],
			{
				cwd: this.userFolder,
				env,
				timeoutMs,
			},
		);
		this.outputs.push(result.output);
		this.log(
			`n8n ${args.join(' ')} -> exit ${result.code} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
		);
		return result;
	}

	async cliOrThrow(args, options) {
		const result = await this.cli(args, options);
		if (result.code !== 0)
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${result.code}):\n${tail(result.output)}`,
			);
		return result;
	}

	/** Runs a workflow with `n8n execute`; resolves { code, run, output } (run = parsed --rawOutput JSON). */
	async execute(workflowId) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		return { ...result, run: extractJsonBlock(result.output) };
	}

	/** Makes a workflow active for the next `n8n start`: `publish:workflow` in n8n 2.x, `update:workflow --active` in 1.x. */
	async activate(workflowId) {
		const major = Number(this.paths.n8n.version.split('.')[0]);
		const args =
			major >= 2
				? ['publish:workflow', `--id=${workflowId}`]
				: ['update:workflow', `--id=${workflowId}`, '--active=true'];
		return this.cliOrThrow(args);
	}

	/** Starts `n8n start` on 127.0.0.1:port; resolves the process handle once /healthz answers. */
	async startServer(port) {
		const handle = processes.start(this.paths.node.binary, [this.paths.n8n.entry, 'start'], {
			cwd: this.userFolder,
			env: {
				...this.env,
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				N8N_PORT: String(port),
				N8N_HOST: '127.0.0.1',
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_PROTOCOL: 'http',
			},
		});
		const baseUrl = `http://127.0.0.1:${port}`;
		await waitFor(
			`n8n at ${baseUrl}/healthz`,
			handle,
			async () => (await fetch(`${baseUrl}/healthz`)).ok,
			90_000,
		);
		return { handle, baseUrl };
	}
}

/** A TCP port that is free on 127.0.0.1 right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/** `execute --rawOutput` prints the run as pretty JSON among log lines: a line `{` to a line `}`. */
function extractJsonBlock(output) {
	const lines = output.split('\n');
	const first = lines.indexOf('{');
	const last = lines.lastIndexOf('}');
	if (first < 0 || last < first) return null;
	try {
		return JSON.parse(lines.slice(first, last + 1).join('\n'));
	} catch {
		return null;
	}
}

/** Polls `probe` (errors count as "not yet") until it resolves true; fails if `handle` exits. */
async function waitFor(what, handle, probe, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let exited = false;
	handle.exited.then(() => (exited = true));
	while (Date.now() < deadline) {
		if (exited)
			throw new Error(`${what}: the process exited before it was ready:\n${tail(handle.output())}`);
		try {
			if (await probe()) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${what}: not ready after ${timeoutMs / 1000} s:\n${tail(handle.output())}`);
}

function tail(text, lines = 40) {
	return text.split('\n').slice(-lines).join('\n');
}

/** Every regular file under `dir` (for scanning n8n's folder for secrets). */
function listFiles(dir) {
	const entries = fs.readdirSync(dir, { withFileTypes: true, recursive: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

module.exports = { N8n, extractJsonBlock, waitFor, tail, listFiles, freePort };
