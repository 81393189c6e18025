#!/usr/bin/env node
// Installs Node 24 and n8n into a cache folder outside the repo, keyed by version, and reuses
// them on later runs. Works with only the machine's default Node (20+) and npm.
//
//   node scripts/ensure-n8n.js        -> installs if needed, prints {"node":...,"n8n":...} as JSON
//
// Cache: ${N8N_302_CACHE:-~/.cache/n8n-nodes-302ai}/node-24/ and .../n8n-2.40.7/
// A folder counts as installed only when its marker file exists (written last), so a
// half-finished install (killed, out of disk) is wiped and redone.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const NODE_MAJOR = '24';
const N8N_VERSION = '2.40.7';
// linkedom 0.18.15 depends on a package the registry does not serve (docs/real-n8n.md).
const N8N_OVERRIDES = { linkedom: '0.18.14' };
const MARKER = '.install-complete';

function cacheRoot() {
	return process.env.N8N_302_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-302ai');
}

function log(message) {
	process.stderr.write(`[ensure-n8n] ${message}\n`);
}

// Child npm calls must not inherit what an outer `npm run` exports for the project: its folder
// (local_prefix, which would make npm install into the repo), its prefix and its
// ignore-scripts=true, nor the script's own npm_lifecycle_/npm_package_ variables. Settings the
// user exported (registry, cache, cafile...) are kept.
const PROJECT_NPM_SETTINGS = /^npm_(?!config_)|^npm_config_(local_prefix|prefix|global_prefix|ignore_scripts|nodedir)$/i;

function cleanNpmEnv(extra) {
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!PROJECT_NPM_SETTINGS.test(name)) env[name] = value;
	}
	return { ...env, npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

function run(command, args, options) {
	log(`${path.basename(command)} ${args.join(' ')}   (in ${options.cwd})`);
	const result = spawnSync(command, args, { stdio: ['ignore', 2, 2], ...options });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
	}
}

function isComplete(dir) {
	return fs.existsSync(path.join(dir, MARKER));
}

// One installer at a time per folder: a second run (another terminal, a benchmark) waits.
function withLock(dir, work) {
	const lockFile = `${dir}.lock`;
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	for (;;) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const owner = Number(fs.readFileSync(lockFile, 'utf8'));
			if (!isAlive(owner)) {
				fs.rmSync(lockFile, { force: true });
				continue;
			}
			log(`waiting for process ${owner} installing ${dir}`);
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
		}
	}
	try {
		return work();
	} finally {
		fs.rmSync(lockFile, { force: true });
	}
}

function isAlive(pid) {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function freshFolder(dir, packageJson) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
}

function ensureNode() {
	const platformPackage = `node-${process.platform}-${process.arch}`;
	const dir = path.join(cacheRoot(), `node-${NODE_MAJOR}`);
	const home = path.join(dir, 'node_modules', platformPackage);
	const binary = path.join(home, 'bin', 'node');
	if (!isComplete(dir)) {
		withLock(dir, () => {
			if (isComplete(dir)) return;
			log(`installing Node ${NODE_MAJOR} (${platformPackage}) into ${dir}`);
			freshFolder(dir, { private: true });
			run('npm', ['install', '--no-save', '--ignore-scripts', `${platformPackage}@${NODE_MAJOR}`], {
				cwd: dir,
				env: cleanNpmEnv({}),
			});
			const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
			if (!version.startsWith(`v${NODE_MAJOR}.`)) {
				throw new Error(`${binary} reports "${version}", expected v${NODE_MAJOR}.x`);
			}
			fs.writeFileSync(path.join(dir, MARKER), `${version}\n`);
		});
	}
	return { home, binDir: path.join(home, 'bin'), binary };
}

function ensureN8n(node) {
	const dir = path.join(cacheRoot(), `n8n-${N8N_VERSION}`);
	const entry = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!isComplete(dir)) {
		withLock(dir, () => {
			if (isComplete(dir)) return;
			log(`installing n8n ${N8N_VERSION} into ${dir} (about 2.8 GB, several minutes)`);
			freshFolder(dir, {
				private: true,
				dependencies: { n8n: N8N_VERSION },
				overrides: N8N_OVERRIDES,
			});
			// Node 24 first on PATH so install scripts and node-gyp run on it and native addons
			// are built for its ABI; nodedir points node-gyp at its headers (~/.npmrc may say /usr).
			const env = cleanNpmEnv({
				PATH: `${node.binDir}${path.delimiter}${process.env.PATH}`,
				npm_config_nodedir: node.home,
			});
			// Install scripts that download prebuilt binaries fail on a closed network: skip them
			// all, then build only the two addons n8n needs.
			run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env });
			run('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3', 'isolated-vm'], { cwd: dir, env });
			const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
			const version = spawnSync(node.binary, [entry, '--version'], {
				cwd: dir,
				encoding: 'utf8',
				env: { ...env, N8N_USER_FOLDER: userFolder },
			});
			fs.rmSync(userFolder, { recursive: true, force: true });
			if (!String(version.stdout).includes(N8N_VERSION)) {
				throw new Error(`n8n --version printed "${version.stdout}${version.stderr}"`);
			}
			fs.writeFileSync(path.join(dir, MARKER), `${N8N_VERSION}\n`);
		});
	}
	return { dir, entry, version: N8N_VERSION };
}

/** Installs what is missing and returns the paths: { node: {binary, binDir, home}, n8n: {entry, dir} }. */
function ensure() {
	const node = ensureNode();
	const n8n = ensureN8n(node);
	return { cache: cacheRoot(), node, n8n };
}

module.exports = { ensure, cacheRoot, cleanNpmEnv, N8N_VERSION };

if (require.main === module) {
	try {
		const started = Date.now();
		const paths = ensure();
		log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		process.stdout.write(`${JSON.stringify(paths, null, 2)}\n`);
	} catch (error) {
		log(`FAILED: ${error.message}`);
		process.exit(1);
	}
}
