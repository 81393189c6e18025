// Redis and PostgreSQL for the queue-mode run: installed from Debian's packages when missing
// (apt-get, as root, like CI), started on loopback on free ports with throwaway data folders,
// in their own process groups (processes.js stops them, also on failure).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const processes = require('../processes');
const { freePort, tail, waitFor } = require('../n8n');

const PG_ROOT = '/usr/lib/postgresql';
const PACKAGES = ['redis-server', 'postgresql'];

function which(command) {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, command);
		if (fs.existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** `found` (a program or folder `what` names), or an error saying it is missing. */
function required(found, what) {
	if (found === undefined) throw new Error(`${what} not found (is its Debian package installed?)`);
	return found;
}

/** The newest PostgreSQL server's bin folder (Debian: /usr/lib/postgresql/<major>/bin). */
function postgresBin() {
	if (!fs.existsSync(PG_ROOT)) return undefined;
	const majors = fs
		.readdirSync(PG_ROOT)
		.filter((name) => fs.existsSync(path.join(PG_ROOT, name, 'bin', 'postgres')));
	majors.sort((a, b) => Number(b) - Number(a));
	return majors.length > 0 ? path.join(PG_ROOT, majors[0], 'bin') : undefined;
}

const missingPackages = () =>
	[
		which('redis-server') ? undefined : 'redis-server',
		postgresBin() ? undefined : 'postgresql',
	].filter(Boolean);

async function runOrThrow(command, args, options) {
	const result = await processes.runToEnd(command, args, { timeoutMs: 900_000, ...options });
	if (result.code !== 0)
		throw new Error(
			`${command} ${args.join(' ')} failed (exit ${result.code}):\n${tail(result.output)}`,
		);
	return result.output;
}

/** Installs Redis and PostgreSQL with apt-get when one is missing; resolves what it did. */
async function ensureServices(log) {
	const missing = missingPackages();
	if (missing.length === 0) return { installed: [], seconds: 0 };
	if (process.getuid?.() !== 0) {
		throw new Error(
			`${missing.join(' and ')} missing; install them first: sudo apt-get update && sudo apt-get install -y ${PACKAGES.join(' ')}`,
		);
	}
	const started = Date.now();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	log(`installing ${missing.join(', ')} from Debian's packages (apt-get update + install)`);
	await runOrThrow('apt-get', ['update'], { env });
	await runOrThrow('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
	if (missingPackages().length > 0)
		throw new Error(
			`apt-get install ${missing.join(' ')} did not provide ${missingPackages().join(', ')}`,
		);
	return { installed: missing, seconds: (Date.now() - started) / 1000 };
}

async function startRedis(root) {
	const port = await freePort();
	const dir = path.join(root, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const handle = processes.start(
		required(which('redis-server'), 'redis-server on PATH'),
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
		],
		{},
	);
	await waitFor(
		`redis on port ${port}`,
		handle,
		async () => handle.output().includes('Ready to accept connections'),
		30_000,
	);
	return { port, handle };
}

/** initdb + postgres on a free port (as user postgres when we are root: initdb refuses root). */
async function startPostgres(root) {
	const bin = required(postgresBin(), `a PostgreSQL server under ${PG_ROOT}`);
	const port = await freePort();
	const dir = path.join(root, 'pg');
	const data = path.join(dir, 'data');
	const socket = path.join(dir, 'sock');
	fs.mkdirSync(socket, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		fs.chmodSync(root, 0o755);
		await runOrThrow('chown', ['-R', 'postgres', dir], {});
	}
	/** @type {(command: string, args: string[]) => [string, string[]]} */
	const asPostgres = (command, args) =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	await runOrThrow(
		...asPostgres(path.join(bin, 'initdb'), [
			'-D',
			data,
			'-A',
			'trust',
			'-U',
			'postgres',
			'--no-sync',
		]),
		{},
	);
	const handle = processes.start(
		...asPostgres(path.join(bin, 'postgres'), [
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			socket,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
		]),
		{},
	);
	await waitFor(
		`postgres on port ${port}`,
		handle,
		async () => handle.output().includes('ready to accept connections'),
		60_000,
	);
	await runOrThrow(
		'psql',
		['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', 'create database n8n'],
		{},
	);
	return { port, handle, version: path.basename(path.dirname(bin)) };
}

module.exports = { ensureServices, startRedis, startPostgres, missingPackages };
