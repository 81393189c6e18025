#!/usr/bin/env node
// `npm run screenshots`: the editor as an n8n user sees it, in PNGs under docs/screenshots/.
// Starts the throwaway editor of `npm run editor` (n8n 2.40.7 from the cache, this package,
// the local simulator, the example workflows), creates its owner account, and drives Debian's
// headless Chromium at 1600×1000 with puppeteer-core. Prints which file shows what; exits 1 when
// a shot or one of its checks failed (a failed-<shot>.png shows where it stood).
//
//   npm run screenshots            SCREENSHOTS_DIR=... to write elsewhere; SHOTS=nodeCreator,credential
//                                  to take only some (names in scripts/lib/screens/shots.js)
//   node scripts/screenshots.js --url http://127.0.0.1:5678 --email ... --password ...
//                                  (an editor already running, for working on the shots)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { cleanupAll, installHandlers } = require('./lib/cleanup');
const { launch, rest } = require('./lib/browser');
const { freePort } = require('./lib/n8n');
const { REPO } = require('./lib/package');
const { openSession } = require('./lib/session');
const { takeAll } = require('./lib/screens/shots');

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Screenshots-302ai',
};

function argument(name) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : undefined;
}

/** The editor to photograph: one given with --url, or a new throwaway one. */
async function editor(log) {
	const url = argument('url');
	if (url)
		return {
			baseUrl: url.replace(/\/+$/, ''),
			login: {
				email: argument('email') ?? OWNER.email,
				password: argument('password') ?? OWNER.password,
			},
		};
	const session = await openSession({ log });
	log('starting n8n (about 10 s)');
	const { baseUrl } = await session.n8n.startServer(await freePort());
	return { baseUrl, setup: OWNER };
}

/** n8n answers /healthz before its REST routes exist: wait until /rest/settings answers JSON. */
async function restReady(baseUrl, timeoutMs = 90_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const response = await fetch(`${baseUrl}/rest/settings`).catch(() => undefined);
		if (response?.ok && (response.headers.get('content-type') ?? '').includes('json')) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${baseUrl}/rest/settings did not answer within ${timeoutMs / 1000} s`);
}

async function signIn(page, target) {
	await restReady(target.baseUrl);
	// A plain same-origin page: the editor app would redirect (and abort the request) while it loads.
	await page.goto(`${target.baseUrl}/healthz`, { waitUntil: 'load' });
	if (target.setup) await rest(page, 'POST', '/rest/owner/setup', target.setup);
	else
		await rest(page, 'POST', '/rest/login', {
			emailOrLdapLoginId: target.login.email,
			password: target.login.password,
		});
}

async function main() {
	installHandlers();
	const log = (line) => process.stdout.write(`· ${line}\n`);
	const folder = path.resolve(
		process.env.SCREENSHOTS_DIR || path.join(REPO, 'docs', 'screenshots'),
	);
	fs.mkdirSync(folder, { recursive: true });
	for (const old of fs.readdirSync(folder).filter((name) => name.startsWith('failed-')))
		fs.rmSync(path.join(folder, old));

	const target = await editor(log);
	const { browser, page } = await launch({ log });
	try {
		await signIn(page, target);
		log(
			`taking screenshots of ${target.baseUrl} into ${path.relative(process.cwd(), folder) || '.'}`,
		);
		const ctx = {
			page,
			baseUrl: target.baseUrl,
			file: (name) => path.join(folder, name),
			notes: [],
		};
		const { lines, failures } = await takeAll(ctx);
		process.stdout.write(`\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
		for (const note of ctx.notes) process.stdout.write(`  note: ${note}\n`);
		if (failures.length > 0) {
			process.stdout.write(
				`\nFAILED (${failures.length}):\n${failures.map((line) => `  ${line}`).join('\n')}\n`,
			);
			process.exitCode = 1;
		} else {
			process.stdout.write(`\n${lines.length} screenshots, every check passed\n`);
		}
	} finally {
		await browser.close();
		await cleanupAll();
	}
}

main().catch(async (error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	await cleanupAll();
	process.exit(1);
});
