'use strict';
// The local 302.AI simulator: an HTTP server on 127.0.0.1 with Bearer checks, the 12 endpoints,
// self-hosted file URLs, switchable faults and a request log.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleepFor } = require('node:timers/promises');

const { handleAdmin } = require('./admin');
const { DEFAULT_SCHEDULE } = require('./browser-tasks');
const { ApiError, envelope, missingKey, invalidKey, notFound, badField } = require('./errors');
const { FaultList, faultResponse } = require('./faults');
const { FileStore } = require('./files');
const { readBody, parseBody, safeDecode } = require('./http-body');
const { ProcessRunner } = require('./runner');
const browser = require('./routes-browser');
const code = require('./routes-code');
const sandbox = require('./routes-sandbox');
const { jsonBody } = require('./validate');

/**
 * What start() resolves: the simulator with its address and folders set.
 * @typedef {Simulator & { url: string, dirs: NonNullable<Simulator['dirs']> }} StartedSimulator
 */

/**
 * An endpoint: the simulator and the parsed request in, `{ status?, json }` out.
 * @typedef {(sim: Simulator, request: { body: any, query: any, params: any, apiKey: string }) => any} RouteHandler
 */

// Exact routes, then routes ending in one path parameter.
const ROUTES = new Map(
	/** @type {Array<[string, RouteHandler]>} */ ([
		['POST /302/sandbox/direct_run_code', code.directRunCode],
		['POST /302/sandbox/create', sandbox.create],
		['GET /302/sandbox/list', sandbox.list],
		['POST /302/sandbox/run_code', code.runCode],
		['POST /302/sandbox/command', code.command],
		['POST /302/sandbox/file/list', sandbox.fileList],
		['POST /302/sandbox/file/write', sandbox.fileWrite],
		['POST /302/sandbox/file/download', sandbox.fileDownload],
		['POST /302/browser/submit', browser.submit],
		['GET /v1/models', browser.models],
	]),
);
/** @type {Array<[string, string, RouteHandler]>} */
const PARAM_ROUTES = [
	['POST', '/302/sandbox/kill/', sandbox.kill],
	['GET', '/302/browser/tasks/', browser.status],
];

const nowMs = () => performance.timeOrigin + performance.now();

class Simulator {
	constructor(options = {}) {
		this.apiKeys = new Set(options.apiKeys ?? ['sk-sim-302']);
		this.port = options.port ?? 0;
		this.latencyMs = options.latencyMs ?? 0;
		this.logBodies = options.logBodies ?? true;
		/** Benchmarks only: one-line bash `echo` code is answered without spawning (runner.js). */
		this.instantRuns = options.instantRuns === true;
		this.browserDefaults = { ...DEFAULT_SCHEDULE, ...options.browser };
		this.now = options.now ?? Date.now;
		/** Request log (API and file requests; admin requests are not logged). */
		this.requests = [];
		this.nextRequestId = 0;
		this.faults = new FaultList(options.seed ?? 302);
		/** task_id -> internal task state */
		this.tasks = new Map();
		/** sandbox_id -> state */
		this.sandboxes = new Map();
		this.closing = new AbortController();
		this.closeSignal = this.closing.signal;
		/** @type {string | undefined} */
		this.url = undefined;
		// Made by start(); close() releases whichever exist.
		/** @type {{ root: string, runs: string, sandboxes: string, src: string, files: string } | undefined} */
		this.dirs = undefined;
		/** @type {ProcessRunner | undefined} */
		this.runner = undefined;
		/** @type {http.Server | undefined} */
		this.server = undefined;
		/** @type {FileStore | undefined} */
		this.store = undefined;
	}

	/** @returns {Promise<StartedSimulator>} */
	async start() {
		const root = await fs.promises.mkdtemp(path.join(fs.realpathSync(os.tmpdir()), 'sim302-'));
		const dirs = {
			root,
			runs: path.join(root, 'runs'),
			sandboxes: path.join(root, 'sandboxes'),
			src: path.join(root, 'src'),
			files: path.join(root, 'files'),
		};
		this.dirs = dirs;
		await Promise.all(
			[dirs.runs, dirs.sandboxes, dirs.src, dirs.files].map((dir) => fs.promises.mkdir(dir)),
		);
		this.runner = new ProcessRunner(dirs.src);
		this.runner.instantRuns = this.instantRuns;
		const server = http.createServer((req, res) => {
			this.handle(req, res).catch(() => res.destroy());
		});
		this.server = server;
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.port, '127.0.0.1', () => resolve(undefined));
		});
		const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
		this.url = `http://127.0.0.1:${port}`;
		this.store = new FileStore(dirs.files, this.url);
		return /** @type {StartedSimulator} */ (this);
	}

	clearLog() {
		this.requests.length = 0;
	}

	addFault(fault) {
		return this.faults.add(fault);
	}

	clearFaults() {
		this.faults.clear();
	}

	setBrowserDefaults(defaults) {
		Object.assign(this.browserDefaults, defaults);
	}

	/** Sleeps unless the simulator closes first (then throws, ending the request). */
	async sleep(ms) {
		if (ms <= 0) return;
		if (!Number.isFinite(ms)) {
			await new Promise((resolve, reject) =>
				this.closeSignal.addEventListener('abort', reject, { once: true }),
			);
			return;
		}
		await sleepFor(ms, undefined, { signal: this.closeSignal });
	}

	isAlive(sb) {
		return !sb.killed && this.now() < sb.createdAtMs + sb.max_alive_time * 1000;
	}

	/** Sandboxes still alive (not killed, not past max_alive_time), any key: tests count leaks with it. */
	liveSandboxes() {
		return [...this.sandboxes.values()].filter((sb) => this.isAlive(sb)).map((sb) => sb.sandbox_id);
	}

	/** The sandbox named by body.sandbox_id, owned by this key and alive; else 400/404. */
	requireSandbox(body, apiKey) {
		const id = body.sandbox_id;
		if (typeof id !== 'string' || id === '') throw badField('sandbox_id', 'is required');
		const sb = this.sandboxes.get(id);
		if (!sb || sb.apiKey !== apiKey || !this.isAlive(sb)) throw notFound(`Sandbox '${id}'`);
		return sb;
	}

	async handle(req, res) {
		const queryAt = req.url.indexOf('?');
		const urlPath = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
		const query =
			queryAt < 0 ? {} : Object.fromEntries(new URLSearchParams(req.url.slice(queryAt + 1)));
		if (urlPath.startsWith('/__sim/')) return handleAdmin(this, req, res, urlPath, query);

		const kind = urlPath.startsWith('/files/') ? 'file' : 'api';
		const entry = {
			id: ++this.nextRequestId,
			method: req.method,
			path: urlPath,
			query,
			headers: req.headers,
			body: undefined,
			time: nowMs(),
			endTime: undefined,
			status: undefined,
			fault: undefined,
			kind,
		};
		this.requests.push(entry);
		try {
			await this.answer(req, res, entry);
		} catch (error) {
			this.answerUnexpected(res, entry, error);
		}
		return undefined;
	}

	async answer(req, res, entry) {
		const { path: urlPath, query, kind } = entry;
		const fault = this.faults.pick(entry);
		if (fault) entry.fault = fault.type;
		if (fault?.type === 'reset' && fault.when !== 'after-body') return this.drop(req, entry);

		const raw = await readBody(req);
		if (raw === null) return this.send(res, entry, 413, envelope(-10003, 'Request body too large'));
		const body = parseBody(raw, req.headers['content-type']);
		if (this.logBodies) entry.body = body;

		if (kind === 'api' && this.latencyMs > 0) await this.sleep(this.latencyMs);
		if (fault?.type === 'latency') await this.sleep(fault.ms ?? 1000);
		const canned = fault && faultResponse(fault);
		if (canned) return this.finish(res, entry, canned.status, canned.headers, canned.payload);

		if (kind === 'file') {
			if (fault?.type === 'reset') return this.drop(req, entry);
			if (!this.store) throw new Error('the simulator serves files only after start()');
			await this.store.serve(req, res, urlPath, entry);
			entry.endTime = nowMs(); // when the last byte went out
			return undefined;
		}
		const answer = await this.dispatch(req.method, urlPath, query, req.headers, body);
		// after-body reset: the work is done (a paid call "reached the server"), the answer is lost.
		if (fault?.type === 'reset') return this.drop(req, entry);
		return this.send(res, entry, answer.status, answer.json);
	}

	/** Routes an API request; every error becomes { status, json: envelope }. */
	async dispatch(method, urlPath, query, headers, body) {
		try {
			const apiKey = this.authenticate(headers.authorization);
			let handler = ROUTES.get(`${method} ${urlPath}`);
			const params = {};
			if (!handler) {
				for (const [routeMethod, prefix, paramHandler] of PARAM_ROUTES) {
					if (
						urlPath.startsWith(prefix) &&
						urlPath.length > prefix.length &&
						!urlPath.slice(prefix.length).includes('/')
					) {
						if (routeMethod !== method)
							throw new ApiError(405, -10009, `Method ${method} not allowed on ${urlPath}`);
						params.id = safeDecode(urlPath.slice(prefix.length));
						handler = paramHandler;
					}
				}
			}
			if (!handler) {
				const known = [...ROUTES.keys()].some((key) => key.endsWith(` ${urlPath}`));
				throw known
					? new ApiError(405, -10009, `Method ${method} not allowed on ${urlPath}`)
					: new ApiError(404, -10009, `No such endpoint: ${method} ${urlPath}`, 'not_found_error');
			}
			const json = method === 'POST' ? jsonBody(body) : {};
			const answer = await handler(this, { body: json, query, params, apiKey });
			return { status: answer.status ?? 200, json: answer.json };
		} catch (error) {
			if (error instanceof ApiError)
				return { status: error.status, json: envelope(error.errCode, error.message, error.type) };
			throw error;
		}
	}

	authenticate(authorization) {
		const match = /^Bearer\s+(\S.*)$/i.exec(authorization ?? '');
		const key = match?.[1].trim();
		if (!key) throw missingKey();
		if (!this.apiKeys.has(key)) throw invalidKey();
		return key;
	}

	send(res, entry, status, json) {
		const payload = Buffer.from(JSON.stringify(json));
		this.finish(res, entry, status, { 'content-type': 'application/json; charset=utf-8' }, payload);
	}

	finish(res, entry, status, headers, payload) {
		// Closing: the connection is dropped, the log says 0. A client that left keeps the status.
		entry.status = this.closeSignal.aborted ? 0 : status;
		entry.endTime = nowMs();
		if (res.destroyed || this.closeSignal.aborted) {
			res.destroy();
			return;
		}
		res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
		res.end(payload);
	}

	/** Drops the connection without an answer (status 0 in the log). */
	drop(req, entry) {
		entry.status = 0;
		entry.endTime = nowMs();
		req.socket.destroy();
	}

	/** A bug or the simulator closing mid-request: 500 envelope, or just drop the socket. */
	answerUnexpected(res, entry, error) {
		entry.status = this.closeSignal.aborted ? 0 : 500;
		entry.endTime = nowMs();
		if (res.destroyed || res.headersSent || this.closeSignal.aborted) {
			res.destroy();
			return;
		}
		const payload = Buffer.from(
			JSON.stringify(envelope(-1, `Simulator error: ${error.message}`, 'api_error')),
		);
		res.writeHead(500, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': String(payload.length),
		});
		res.end(payload);
	}

	async close() {
		if (this.closed) return;
		this.closed = true;
		this.closing.abort();
		await this.runner?.killAll();
		const server = this.server;
		if (server) {
			const closed = new Promise((resolve) => server.close(resolve));
			server.closeAllConnections();
			await closed;
		}
		if (this.dirs)
			await fs.promises.rm(this.dirs.root, { recursive: true, force: true, maxRetries: 3 });
	}
}

module.exports = { Simulator };
