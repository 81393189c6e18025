'use strict';
// Memory benchmark driver: the client runs in its own process (memory-child.js), the simulator in
// another, so the client's peak RSS is its own.
const { execFile } = require('node:child_process');
const path = require('node:path');
const { promisify } = require('node:util');

const { startSimProcess } = require('./sim-process');

async function memoryLargeStdout() {
	const sim = await startSimProcess();
	try {
		const { stdout } = await promisify(execFile)(
			process.execPath,
			['--expose-gc', path.join(__dirname, 'memory-child.js'), sim.url, sim.credentials.apiKey],
			{ maxBuffer: 1024 * 1024 },
		);
		return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
	} finally {
		await sim.stop();
	}
}

module.exports = { memoryLargeStdout };
