// Prepares a throwaway n8n with this package installed: cache (Node 24 + n8n), temp user folder,
// packed tarball installed like a community node, the local simulator (or the real API), the
// credentials and the example workflows imported. Shared by e2e.js, demo.js and editor.js.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ensure } = require('../ensure-n8n');
const { trackTempFolder } = require('./cleanup');
const { N8n } = require('./n8n');
const { buildAndPack, installIntoN8n, REPO } = require('./package');
const { startSimulator } = require('./simulator');

const EXAMPLES = path.join(REPO, 'examples');
/** The credentials the example workflows reference (by id and name). */
const CREDENTIAL = { id: 'ai302DemoCred01', name: '302.AI API' };
const WRONG_CREDENTIAL = { id: 'ai302WrongKey01', name: '302.AI API (wrong key)' };
const SIM_DIRECTIVE = /\s*\[sim\b[^\]]*\]/gi;
const SIM_JSON_ANSWER = /\s*\[sim-json\b[^\]]*\][\s\S]*?\[\/sim-json\]/gi;

/**
 * @param {object} [options]
 * @param {string} [options.apiKey]   real 302.AI key; absent = run against the local simulator
 * @param {string} [options.baseUrl]  real API base URL (default https://api.302.ai)
 * @param {boolean} [options.build]   run `npm run build` before packing (default true)
 * @param {string} [options.line]     n8n line: '2' (n8n 2.x on Node 24, default) or '1' (n8n 1.x on Node 20)
 * @param {(line: string) => void} [options.log]  progress lines
 */
async function openSession({ apiKey, baseUrl, build = true, line, log = (_line) => {} } = {}) {
	const real = Boolean(apiKey);
	const timings = {};
	const timed = async (name, work) => {
		const started = Date.now();
		try {
			return await work();
		} finally {
			timings[name] = (Date.now() - started) / 1000;
		}
	};

	const paths = await timed('cache', async () => {
		log('checking the Node + n8n cache (the first run installs n8n: several minutes)');
		return ensure(line);
	});
	const root = trackTempFolder(fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-302ai-e2e-')));
	const userFolder = path.join(root, 'user');
	fs.mkdirSync(userFolder);
	const n8n = new N8n(paths, userFolder, { log });

	await timed('package', async () => {
		log(build ? 'building and packing n8n-nodes-302ai' : 'packing n8n-nodes-302ai');
		const tarball = await buildAndPack(root, { build });
		const installed = await installIntoN8n(tarball, userFolder, { nodeBinDir: paths.node.binDir });
		log(
			`installed ${installed.name}@${installed.version} into ${path.relative(root, installed.packageDir)}`,
		);
	});

	const keys = {
		apiKey: apiKey ?? `sk-e2e-${crypto.randomBytes(12).toString('hex')}`,
		wrongKey: `sk-wrong-${crypto.randomBytes(12).toString('hex')}`,
	};
	const simulator = real
		? undefined
		: await timed('simulator', () => startSimulator({ apiKey: keys.apiKey }));
	const apiBaseUrl = real ? baseUrl || 'https://api.302.ai' : simulator.url;
	log(real ? `using the real 302.AI API at ${apiBaseUrl}` : `simulator listening at ${apiBaseUrl}`);

	const workflows = await timed('import', async () => {
		const importFolder = path.join(root, 'import');
		const workflowFolder = path.join(importFolder, 'workflows');
		fs.mkdirSync(workflowFolder, { recursive: true });
		const credentialsFile = path.join(importFolder, 'credentials.json');
		// The editor pre-selects the most recently updated credential of a type for a new node:
		// the working one is the newer (and imported last), so a new 302 node runs at once.
		fs.writeFileSync(
			credentialsFile,
			JSON.stringify([
				{
					...WRONG_CREDENTIAL,
					type: 'ai302Api',
					data: { apiKey: keys.wrongKey, baseUrl: apiBaseUrl },
					...stamped(-60_000),
				},
				{
					...CREDENTIAL,
					type: 'ai302Api',
					data: { apiKey: keys.apiKey, baseUrl: apiBaseUrl },
					...stamped(0),
				},
			]),
		);
		const list = copyExamples(workflowFolder, { stripDirectives: real });
		await n8n.cliOrThrow(['import:credentials', `--input=${credentialsFile}`]);
		fs.rmSync(credentialsFile); // plain keys: gone as soon as n8n has encrypted them
		await n8n.cliOrThrow(['import:workflow', '--separate', `--input=${workflowFolder}`]);
		return list;
	});

	return {
		real,
		paths,
		root,
		userFolder,
		n8n,
		simulator,
		keys,
		apiBaseUrl,
		workflows,
		timings,
		timed,
	};
}

/** createdAt/updatedAt `offsetMs` from now, as n8n's own credential export writes them. */
function stamped(offsetMs) {
	const at = new Date(Date.now() + offsetMs).toISOString();
	return { createdAt: at, updatedAt: at };
}

/** Copies examples/*.json into `folder` (without the simulator's [sim ...] directives for the real API). */
function copyExamples(folder, { stripDirectives }) {
	return fs
		.readdirSync(EXAMPLES)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
			const copy = stripDirectives ? withoutDirectives(workflow) : workflow;
			fs.writeFileSync(path.join(folder, file), JSON.stringify(copy, null, 2));
			return { id: workflow.id, name: workflow.name, file };
		});
}

function withoutDirectives(value) {
	if (typeof value === 'string')
		return value.replace(SIM_JSON_ANSWER, '').replace(SIM_DIRECTIVE, '');
	if (Array.isArray(value)) return value.map(withoutDirectives);
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, withoutDirectives(entry)]),
		);
	return value;
}

module.exports = { openSession, withoutDirectives, EXAMPLES, CREDENTIAL, WRONG_CREDENTIAL };
