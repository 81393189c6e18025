// Starts the scripted OpenAI-compatible model server (scripts/model-server/cli.js) as a child
// process on a free port, like the simulator, and reads its request log.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const processes = require('./processes');

const CLI = path.join(__dirname, '..', 'model-server', 'cli.js');

/** Resolves { url, handle, requests(), stop() } once the server printed its address. */
async function startModelServer({ script, folder, nodeBinary = process.execPath }) {
	const scriptFile = path.join(folder, 'model-script.json');
	fs.writeFileSync(scriptFile, JSON.stringify(script));
	let announce;
	const announced = new Promise((resolve) => (announce = resolve));
	const handle = processes.start(nodeBinary, [CLI, '--port', '0', '--script', scriptFile], {
		onLine: (line) => {
			if (line.trim().startsWith('{')) announce(line.trim());
		},
	});
	const firstLine = await Promise.race([
		announced,
		handle.exited.then(() => null),
		new Promise((resolve) => setTimeout(() => resolve(null), 15_000)),
	]);
	if (!firstLine) {
		await processes.stop(handle);
		throw new Error(`the scripted model server did not start:\n${handle.output()}`);
	}
	const { url } = JSON.parse(firstLine);
	return {
		url,
		handle,
		requests: async () => (await fetch(`${url}/__model/requests`)).json(),
		stop: () => processes.stop(handle),
	};
}

module.exports = { startModelServer };
