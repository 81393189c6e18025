// One place that makes sure the runner leaves nothing behind: temp folders are removed and
// every child process group is stopped on success, on failure, on Ctrl-C / SIGTERM / SIGHUP,
// and (synchronously, as a last resort) when the process exits any other way.
'use strict';

const fs = require('node:fs');
const processes = require('./processes');

const tempFolders = new Set();
let handlersInstalled = false;
let cleaning;

function trackTempFolder(folder) {
	tempFolders.add(folder);
	installHandlers();
	return folder;
}

/**
 * Stops every process group we started (waiting for each to exit), then removes temp folders.
 * `graceMs`: how long a group may take after SIGTERM before SIGKILL (n8n finishes a running
 * execution first, so a signal-triggered cleanup uses a short grace).
 */
function cleanupAll(/** @type {{ graceMs?: number }} */ { graceMs } = {}) {
	cleaning ??= (async () => {
		await processes.stopAll(graceMs);
		for (const folder of tempFolders)
			fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
		tempFolders.clear();
	})().finally(() => {
		cleaning = undefined; // the next run (the next n8n line) cleans up again
	});
	return cleaning;
}

function installHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
	for (const [signal, code] of Object.entries(codes)) {
		process.on(signal, () => {
			process.stderr.write(
				`\n[e2e] ${signal}: stopping n8n and the simulator, removing temp folders...\n`,
			);
			cleanupAll({ graceMs: 3000 }).finally(() => {
				process.stderr.write(`[e2e] stopped everything it started; exit ${code}\n`);
				process.exit(code);
			});
		});
	}
	process.on('exit', () => {
		processes.killAllNow();
		for (const folder of tempFolders) {
			try {
				fs.rmSync(folder, { recursive: true, force: true });
			} catch {
				// a process we just killed may still hold a file; nothing more we can do here
			}
		}
	});
}

module.exports = { trackTempFolder, cleanupAll, installHandlers };
