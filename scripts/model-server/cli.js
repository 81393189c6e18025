#!/usr/bin/env node
// Starts the scripted model server: node scripts/model-server/cli.js --port 0 --script script.json
// Prints {"url":"http://127.0.0.1:<port>","pid":<pid>} once listening; stops on SIGTERM/SIGINT.
'use strict';

const fs = require('node:fs');
const { createModelServer } = require('./server');

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? args[index + 1] : fallback;
};
const script = JSON.parse(fs.readFileSync(option('script'), 'utf8'));
const { server } = createModelServer(script);
server.listen(Number(option('port', '0')), '127.0.0.1', () => {
	process.stdout.write(
		`${JSON.stringify({ url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`, pid: process.pid })}\n`,
	);
});
for (const signal of ['SIGTERM', 'SIGINT'])
	process.on(signal, () => server.close(() => process.exit(0)));
