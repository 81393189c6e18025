#!/usr/bin/env node
// `npm run editor`: a throwaway n8n editor on 127.0.0.1 with this package installed (as a
// community node), the "302.AI API" credential and the example workflows imported, and the
// webhook example published. Uses the local simulator unless API_302_KEY is set (then the real
// API; API_302_BASE_URL optional). Ctrl-C stops n8n and the simulator and removes the folder.
//
//   npm run editor                 port 5678 (or a free one); N8N_EDITOR_PORT=... to choose
'use strict';

const net = require('node:net');
const { cleanupAll, installHandlers } = require('./lib/cleanup');
const { freePort } = require('./lib/n8n');
const { openSession } = require('./lib/session');

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function main() {
	installHandlers();
	const apiKey = process.env.API_302_KEY?.trim() || undefined;
	const wanted = Number(process.env.N8N_EDITOR_PORT || 5678);
	const session = await openSession({
		apiKey,
		baseUrl: process.env.API_302_BASE_URL?.trim() || undefined,
		log: (line) => process.stdout.write(`· ${line}\n`),
	});
	await session.n8n.cliOrThrow(['publish:workflow', '--id=ai302Webhook01']);
	const port = (await portIsFree(wanted)) ? wanted : await freePort();
	process.stdout.write('· starting n8n (about 10 s)\n');
	const { handle, baseUrl } = await session.n8n.startServer(port);
	process.stdout.write(
		[
			'',
			`n8n is running at ${baseUrl}  (Ctrl-C to stop; everything is thrown away)`,
			'  1. Open it and create the owner account (any email/password: this n8n lives in a temp folder).',
			'  2. Workflows: the five "302.AI example" workflows; credential "302.AI API" points at',
			`     ${session.apiBaseUrl}${session.real ? '' : ' (the local simulator; the key is made up)'}.`,
			`  3. The webhook example is live: curl -X POST ${baseUrl}/webhook/302-browser-task -H 'content-type: application/json' -d '{"task":"Read the title of https://example.com"}'`,
			'',
		].join('\n') + '\n',
	);
	const { code } = await handle.exited;
	process.stdout.write(`n8n exited (code ${code}); cleaning up\n`);
	await cleanupAll();
}

main().catch(async (error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	await cleanupAll();
	process.exit(1);
});
