// An n8n queue-mode cluster on one host, as in docs/DEVELOPMENT.md "queue mode": main + two
// workers + a webhook processor, each with its own user folder (like separate containers) and
// its own task-broker port, all sharing Redis, PostgreSQL and the encryption key. The packed
// package is installed into every folder the way n8n's Community Nodes installer does.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const processes = require('../processes');
const { N8n, freePort, tail, waitFor } = require('../n8n');
const { installIntoN8n } = require('../package');

const ROLES = ['main', 'worker1', 'worker2', 'webhook'];
const WORKER_CONCURRENCY = 5;

class Cluster {
	/**
	 * `services`: { redis: {port}, postgres: {port} }; `binary`: { mode, storagePath? }.
	 * @param {{ paths: any, root: string, services: any, log: (line: string) => void }} options
	 */
	constructor({ paths, root, services, log }) {
		this.paths = paths;
		this.root = root;
		this.log = log;
		this.services = services;
		this.binary = { mode: 'database' };
		/** role -> N8n (CLI driver, env, folder) */
		this.n8n = {};
		/** role -> { handle, port?, baseUrl? } of the running process */
		this.running = {};
		/** @type {Record<string, string> | undefined} output of processes already stopped, by role */
		this.pastOutput = undefined;
		for (const role of ROLES) {
			const folder = path.join(root, role);
			fs.mkdirSync(folder, { recursive: true });
			this.n8n[role] = new N8n(paths, folder, { log });
		}
	}

	/** Environment every process shares (docs/DEVELOPMENT.md, queue mode). */
	sharedEnv() {
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.services.redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.services.postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: 'unused',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1',
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_LOG_LEVEL: 'info',
		};
		if (this.binary.storagePath) env.N8N_BINARY_DATA_STORAGE_PATH = this.binary.storagePath;
		return env;
	}

	/** The queue settings go into each role's env; binary mode: n8n's default (database in queue mode) or as set. */
	applyEnv() {
		for (const role of ROLES) {
			const n8n = this.n8n[role];
			Object.assign(n8n.env, this.sharedEnv());
			if (this.binary.mode === 'database') delete n8n.env.N8N_DEFAULT_BINARY_DATA_MODE;
			else n8n.env.N8N_DEFAULT_BINARY_DATA_MODE = this.binary.mode;
			if (!this.binary.storagePath) delete n8n.env.N8N_BINARY_DATA_STORAGE_PATH;
		}
	}

	async install(tarball) {
		for (const role of ROLES)
			await installIntoN8n(tarball, this.n8n[role].userFolder, {
				nodeBinDir: this.paths.node.binDir,
			});
	}

	/** CLI commands (import, publish) run from main's folder; the database holds the result. */
	async cli(args) {
		this.applyEnv();
		return await this.n8n.main.cliOrThrow(args);
	}

	async startAll() {
		this.applyEnv();
		await Promise.all([
			this.start('main'),
			this.start('worker1'),
			this.start('worker2'),
			this.start('webhook'),
		]);
	}

	async start(role) {
		this.applyEnv();
		const n8n = this.n8n[role];
		const env = { ...n8n.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		let args;
		let port;
		if (role === 'main' || role === 'webhook') {
			port = this.running[role]?.port ?? (await freePort());
			env.N8N_PORT = String(port);
			args = [role === 'main' ? 'start' : 'webhook'];
		} else {
			args = ['worker', `--concurrency=${WORKER_CONCURRENCY}`];
			env.QUEUE_HEALTH_CHECK_PORT = String(await freePort());
		}
		const started = Date.now();
		const handle = processes.start(this.paths.node.binary, [this.paths.n8n.entry, ...args], {
			cwd: n8n.userFolder,
			env,
		});
		const baseUrl = port ? `http://127.0.0.1:${port}` : undefined;
		// main answers /healthz before its REST API is mounted; the editor line comes after.
		const ready =
			role === 'main'
				? async () =>
						handle.output().includes('Editor is now accessible via') &&
						(await fetch(`${baseUrl}/healthz`)).ok
				: role === 'webhook'
					? async () => handle.output().includes('Webhook listener waiting for requests')
					: async () => handle.output().includes('n8n worker is now ready');
		await waitFor(`n8n ${role}`, handle, ready, 120_000);
		this.running[role] = { handle, port, baseUrl };
		this.log(
			`${role} ready in ${((Date.now() - started) / 1000).toFixed(1)} s${baseUrl ? ` at ${baseUrl}` : ''}`,
		);
		return this.running[role];
	}

	/** SIGTERM (graceful) or SIGKILL (a crash) to the role's whole process group. */
	async stop(role, { crash = false } = {}) {
		const run = this.running[role];
		if (!run) return;
		if (crash) {
			process.kill(-run.handle.pid, 'SIGKILL');
			await run.handle.exited;
		} else {
			await processes.stop(run.handle, 15_000);
		}
		n8nOutputs(this, role, run.handle.output());
		this.running[role] = { ...run, handle: undefined };
	}

	async stopAll() {
		await Promise.all(ROLES.map((role) => this.stop(role)));
	}

	/** Everything a role printed so far (earlier runs of the role, then the running one). */
	output(role) {
		return (this.pastOutput?.[role] ?? '') + (this.running[role]?.handle?.output() ?? '');
	}

	/** Execution ids a worker logged as started ("Worker started execution <id> (job <id>)"). */
	executionsOn(role) {
		return [...this.output(role).matchAll(/Worker started execution (\d+) \(job/g)].map(
			(match) => match[1],
		);
	}

	url(role) {
		return this.running[role].baseUrl;
	}

	tailOf(role) {
		return tail(this.output(role), 30);
	}
}

function n8nOutputs(cluster, role, text) {
	cluster.pastOutput ??= {};
	cluster.pastOutput[role] = (cluster.pastOutput[role] ?? '') + text;
}

module.exports = { Cluster, ROLES, WORKER_CONCURRENCY };
