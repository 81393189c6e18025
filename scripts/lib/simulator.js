// Starts the local 302.AI simulator (test/simulator/cli.js) as a child process on a free port,
// in its own process group (scripts/lib/processes.js), through the simulator's one launcher
// (test/simulator/launch.js).
'use strict';

const processes = require('./processes');
const { launchSimulator } = require('../../test/simulator/launch');

/** Spawns through processes.start, so the runner's stopAll() stops the simulator too. */
function spawnChild(command, args, onLine) {
	const handle = processes.start(command, args, { onLine });
	return {
		handle,
		exited: handle.exited,
		stop: () => processes.stop(handle),
		output: handle.output,
	};
}

/** Resolves { url, handle, requests(), tasks(), liveSandboxes(), reset() } once it started. */
async function startSimulator({ apiKey, nodeBinary = process.execPath }) {
	const { child, ...simulator } = await launchSimulator({ spawnChild, nodeBinary, key: apiKey });
	return { ...simulator, handle: child.handle };
}

module.exports = { startSimulator };
