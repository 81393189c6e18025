'use strict';
/**
 * The n8n-core environment of this test process: one temporary folder (n8n user folder and
 * filesystem binary data), the settings n8n-core's config classes read from the environment,
 * and the services the execution engine takes from its DI container.
 *
 * Jest gives every test file its own module registry, so every test file gets its own
 * n8n-core, its own container and its own temporary folder; parallel workers never share one.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO_ROOT, 'dist');

let tempDir;
let ready;

/** Creates the temporary folder once and arranges its removal. */
function getTempDir() {
	if (tempDir) return tempDir;
	tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-302ai-harness-${process.pid}-`));
	return tempDir;
}

function removeTempDir() {
	if (!tempDir) return;
	fs.rmSync(tempDir, { recursive: true, force: true });
	tempDir = undefined;
	ready = undefined;
}

/**
 * Inside Jest the folder goes when the test file ends (the harness is required at the top of
 * a test file, where hooks may be added); elsewhere (benchmarks, scripts, or a require inside
 * a running test) when the process exits.
 */
function registerCleanup() {
	const insideTest =
		typeof expect === 'function' && expect.getState?.().currentTestName !== undefined;
	if (typeof afterAll === 'function' && !insideTest) {
		afterAll(removeTempDir);
	} else {
		process.once('exit', removeTempDir);
	}
}

registerCleanup();

/** Settings n8n-core reads from the environment; they must be in place before it loads. */
function applyEnvironment(dir) {
	Object.assign(process.env, {
		N8N_USER_FOLDER: dir,
		N8N_ENCRYPTION_KEY: 'n8n-nodes-302ai-harness-key',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_BINARY_DATA_STORAGE_PATH: path.join(dir, 'binaryData'),
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_LOG_LEVEL: process.env.HARNESS_N8N_LOG_LEVEL || 'silent',
	});
}

/**
 * Loads n8n-core once per module registry and prepares its binary data service in
 * filesystem mode. Returns the modules the harness uses.
 */
async function ensureEnvironment() {
	if (!ready) {
		ready = (async () => {
			const dir = getTempDir();
			applyEnvironment(dir);
			const core = require('n8n-core');
			const workflow = require('n8n-workflow');
			const { Container } = require('@n8n/di');
			await Container.get(core.BinaryDataService).init();
			return { core, workflow, Container, tempDir: dir };
		})();
	}
	return await ready;
}

module.exports = { REPO_ROOT, DIST, ensureEnvironment, getTempDir, removeTempDir };
