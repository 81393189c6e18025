#!/usr/bin/env node
// Installs Node and n8n into a cache folder outside the repo, keyed by version, and reuses
// them on later runs. Works with only the machine's default Node (20+) and npm. Two n8n lines
// are tested: 2.x (n8n 2.40.7 on Node 24) and 1.x (n8n 1.123.81 on Node 20).
//
//   node scripts/ensure-n8n.js [--line=2|1|all]   -> installs if needed, prints the paths as JSON
//
// Cache: ${N8N_302_CACHE:-~/.cache/n8n-nodes-302ai}/node-24/, .../n8n-2.40.7/, .../node-20/, .../n8n-1.123.81/
// A folder counts as installed only when its marker file exists (written last), so a
// half-finished install (killed, out of disk) is wiped and redone.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/**
 * The n8n lines the e2e run covers. `env` is added to every n8n command of that line.
 * linkedom 0.18.15 depends on a package the registry does not serve; n8n 1.x pins xlsx to a
 * tarball URL off the registry, whose xlsx 0.18.5 is the same release. isolated-vm 6 (n8n 1.x)
 * does not build on Node 20, so 1.x runs on its classic expression engine, which needs no addon.
 */
const LINES = {
	2: {
		line: '2',
		n8nVersion: '2.40.7',
		nodeMajor: '24',
		overrides: { linkedom: '0.18.14' },
		addons: ['sqlite3', 'isolated-vm'],
		env: {},
	},
	1: {
		line: '1',
		n8nVersion: '1.123.81',
		nodeMajor: '20',
		overrides: { xlsx: '0.18.5', linkedom: '0.18.14' },
		addons: ['sqlite3'],
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};
const DEFAULT_LINE = '2';
const N8N_VERSION = LINES[DEFAULT_LINE].n8nVersion;
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
const PROJECT_NPM_SETTINGS =
	/^npm_(?!config_)|^npm_config_(local_prefix|prefix|global_prefix|ignore_scripts|nodedir)$/i;

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
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
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
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

function freshFolder(dir, packageJson) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
}

function ensureNode(nodeMajor) {
	const platformPackage = `node-${process.platform}-${process.arch}`;
	const dir = path.join(cacheRoot(), `node-${nodeMajor}`);
	const home = path.join(dir, 'node_modules', platformPackage);
	const binary = path.join(home, 'bin', 'node');
	if (!isComplete(dir)) {
		withLock(dir, () => {
			if (isComplete(dir)) return;
			log(`installing Node ${nodeMajor} (${platformPackage}) into ${dir}`);
			freshFolder(dir, { private: true });
			run('npm', ['install', '--no-save', '--ignore-scripts', `${platformPackage}@${nodeMajor}`], {
				cwd: dir,
				env: cleanNpmEnv({}),
			});
			const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
			if (!version.startsWith(`v${nodeMajor}.`)) {
				throw new Error(`${binary} reports "${version}", expected v${nodeMajor}.x`);
			}
			fs.writeFileSync(path.join(dir, MARKER), `${version}\n`);
		});
	}
	const version = fs.readFileSync(path.join(dir, MARKER), 'utf8').trim();
	return { home, binDir: path.join(home, 'bin'), binary, version };
}

function ensureN8n(node, { n8nVersion, overrides, addons, env: lineEnv }) {
	const dir = path.join(cacheRoot(), `n8n-${n8nVersion}`);
	const entry = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!isComplete(dir)) {
		withLock(dir, () => {
			if (isComplete(dir)) return;
			log(`installing n8n ${n8nVersion} into ${dir} (about 2.8 GB, several minutes)`);
			freshFolder(dir, {
				private: true,
				dependencies: { n8n: n8nVersion },
				overrides,
			});
			// The line's Node first on PATH so install scripts and node-gyp run on it and native addons
			// are built for its ABI; nodedir points node-gyp at its headers (~/.npmrc may say /usr).
			const env = cleanNpmEnv({
				PATH: `${node.binDir}${path.delimiter}${process.env.PATH}`,
				npm_config_nodedir: node.home,
			});
			// Install scripts that download prebuilt binaries fail on a closed network: skip them
			// all, then build only the addons n8n needs.
			run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env });
			run('npm', ['rebuild', '--ignore-scripts=false', ...addons], { cwd: dir, env });
			const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
			const version = spawnSync(node.binary, [entry, '--version'], {
				cwd: dir,
				encoding: 'utf8',
				env: { ...env, ...lineEnv, N8N_USER_FOLDER: userFolder },
			});
			fs.rmSync(userFolder, { recursive: true, force: true });
			if (!String(version.stdout).includes(n8nVersion)) {
				throw new Error(`n8n --version printed "${version.stdout}${version.stderr}"`);
			}
			fs.writeFileSync(path.join(dir, MARKER), `${n8nVersion}\n`);
		});
	}
	return { dir, entry, version: n8nVersion };
}

/**
 * Installs what is missing for one n8n line ('2' or '1') and returns the paths:
 * { line, env, node: {binary, binDir, home, version}, n8n: {entry, dir, version} }.
 */
function ensure(line = DEFAULT_LINE) {
	const spec = LINES[line];
	if (!spec)
		throw new Error(`unknown n8n line "${line}" (known: ${Object.keys(LINES).join(', ')})`);
	const node = ensureNode(spec.nodeMajor);
	const n8n = ensureN8n(node, spec);
	return { cache: cacheRoot(), line: spec.line, env: spec.env, node, n8n };
}

/** The lines to run: N8N_302_LINES="2" or "2,1" (default: every line, 2.x first). */
function selectedLines(value = process.env.N8N_302_LINES) {
	const all = Object.keys(LINES).sort().reverse();
	if (!value || value === 'all') return all;
	const picked = value
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
	const unknown = picked.filter((entry) => !LINES[entry]);
	if (unknown.length > 0)
		throw new Error(
			`N8N_302_LINES: unknown n8n line(s) ${unknown.join(', ')} (known: ${all.join(', ')})`,
		);
	return picked;
}

module.exports = { ensure, cacheRoot, cleanNpmEnv, selectedLines, LINES, N8N_VERSION };

if (require.main === module) {
	try {
		const started = Date.now();
		const arg = process.argv.find((entry) => entry.startsWith('--line='))?.slice('--line='.length);
		const lines = arg ? selectedLines(arg) : [DEFAULT_LINE];
		const paths = lines.map((line) => ensure(line));
		log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		process.stdout.write(`${JSON.stringify(paths.length === 1 ? paths[0] : paths, null, 2)}\n`);
	} catch (error) {
		log(`FAILED: ${error instanceof Error ? error.message : error}`);
		process.exit(1);
	}
}
