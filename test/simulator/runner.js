'use strict';
// Runs code and commands as real local child processes, each in its own process group so a
// timeout kills the whole tree. A temp folder stands for the sandbox's /home/user.
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const HOME = '/home/user';
const DEFAULT_TIMEOUT_S = 5;
/** Output kept per stream; beyond it the rest is dropped with a note (protects memory). */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
/** After a kill, how long to wait for pipes to close (a child may have escaped the group). */
const KILL_GRACE_MS = 500;

// language -> how to run a source file. Missing or unknown languages run as Python (docs).
const LANGUAGES = {
	python: { command: 'python3', file: 'main.py' },
	js: { command: 'node', file: 'main.js' },
	bash: { command: 'bash', file: 'main.sh' },
	java: { command: 'java', file: 'Main.java' },
	r: { command: 'Rscript', file: 'main.R' },
};

const resolved = new Map();
/** Absolute path of an interpreter, or null when it is not installed. Cached per process. */
function resolveCommand(command) {
	if (resolved.has(command)) return resolved.get(command);
	let found = null;
	if (command === 'node') {
		found = process.execPath; // the simulator's own Node, whatever version runs it
	} else {
		for (const dir of (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
			const candidate = path.join(dir || '.', command);
			try {
				fs.accessSync(candidate, fs.constants.X_OK);
				if (fs.statSync(candidate).isFile()) {
					found = candidate;
					break;
				}
			} catch {
				// not here
			}
		}
		if (found && command === 'python3') found = realPython(found);
	}
	resolved.set(command, found);
	return found;
}

/** pyenv-style shims cost ~80 ms per start; ask Python once for the real binary. */
function realPython(shim) {
	const probe = spawnSync(shim, ['-c', 'import sys; print(sys.executable)'], {
		encoding: 'utf8',
		timeout: 10_000,
	});
	const real = probe.status === 0 ? probe.stdout.trim() : '';
	return real && fs.existsSync(real) ? real : shim;
}

function languageOf(language) {
	return typeof language === 'string' && Object.hasOwn(LANGUAGES, language)
		? LANGUAGES[language]
		: LANGUAGES.python;
}

/** Replaces /home/user (as a whole path part) in code, commands and env values by the real folder. */
function toLocalPaths(text, dir) {
	return text.replace(/\/home\/user(?![\w.-])/g, dir);
}

/** Replaces the real folder by /home/user in outputs. */
function toSandboxPaths(text, dir) {
	return text.includes(dir) ? text.split(dir).join(HOME) : text;
}

/** "a\nb\nc" -> ["a\n", "b\n", "c"] (the API's chunk arrays). */
function toChunks(text) {
	// indexOf, not a regular expression: V8's compiled regexps backtrack on the machine stack, and
	// a 10 MB line then overflows it ("Maximum call stack size exceeded") once the regexp is hot.
	const chunks = [];
	let start = 0;
	while (start < text.length) {
		const end = text.indexOf('\n', start);
		const stop = end === -1 ? text.length : end + 1;
		chunks.push(text.slice(start, stop));
		start = stop;
	}
	return chunks;
}

function childEnv(dir, ...envLayers) {
	const env = {
		PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
		HOME: dir,
		LANG: 'C.UTF-8',
	};
	for (const layer of envLayers) {
		for (const [name, value] of Object.entries(layer ?? {})) {
			env[name] = toLocalPaths(value === null || value === undefined ? '' : String(value), dir);
		}
	}
	return env;
}

class ProcessRunner {
	constructor(scratchDir) {
		this.scratchDir = scratchDir;
		/** Running children, killed on close. */
		this.children = new Set();
		/** Benchmarks only: answer a one-line bash `echo` without a process (runCode). */
		this.instantRuns = false;
	}

	/**
	 * Runs `code` in `language` with cwd `dir`. Returns { stdout, stderr, exitCode, timedOut, ms }
	 * with paths already shown as /home/user.
	 */
	async runCode({ language, code, dir, envs, timeoutS }) {
		// Benchmarks only (option instantRuns): a one-line bash `echo` is answered without a process.
		const instant = this.instantRuns ? instantEcho(language, code, envs) : undefined;
		if (instant) return instant;
		const spec = languageOf(language);
		const binary = resolveCommand(spec.command);
		if (!binary) return notInstalled(spec.command);
		const srcDir = path.join(this.scratchDir, crypto.randomBytes(8).toString('hex'));
		await fs.promises.mkdir(srcDir);
		const srcFile = path.join(srcDir, spec.file);
		await fs.promises.writeFile(srcFile, toLocalPaths(code, dir));
		try {
			const result = await this.run(binary, [srcFile], { dir, envs, timeoutS });
			// Tracebacks name the source file: show it as the sandbox would.
			result.stdout = result.stdout.split(srcFile).join(`/tmp/${spec.file}`);
			result.stderr = result.stderr.split(srcFile).join(`/tmp/${spec.file}`);
			return result;
		} finally {
			fs.promises.rm(srcDir, { recursive: true, force: true }).catch(() => {});
		}
	}

	/** Runs a shell command line with bash -c. */
	runCommand({ cmd, dir, envs, timeoutS }) {
		const bash = resolveCommand('bash') ?? '/bin/sh';
		return this.run(bash, ['-c', toLocalPaths(cmd, dir)], { dir, envs, timeoutS });
	}

	/** `envs` is a list of env objects, later ones win (sandbox envs, then request envs). */
	run(binary, args, { dir, envs = [], timeoutS = DEFAULT_TIMEOUT_S }) {
		const started = performance.now();
		return new Promise((resolve) => {
			const child = spawn(binary, args, {
				cwd: dir,
				env: childEnv(dir, ...envs),
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true, // own process group: kill(-pid) ends the whole tree
			});
			this.children.add(child);
			const out = collector();
			const err = collector();
			child.stdout.on('data', out.add);
			child.stderr.on('data', err.add);
			let timedOut = false;
			let finished = false;
			const finish = (exitCode, spawnError) => {
				if (finished) return;
				finished = true;
				clearTimeout(timer);
				clearTimeout(graceTimer);
				this.children.delete(child);
				let stderr = toSandboxPaths(err.text(), dir);
				if (spawnError) stderr += `${spawnError.message}\n`;
				if (timedOut) stderr += `TimeoutError: execution timed out after ${timeoutS} s\n`;
				resolve({
					stdout: toSandboxPaths(out.text(), dir),
					stderr,
					exitCode: timedOut ? 124 : exitCode,
					timedOut,
					ms: performance.now() - started,
				});
			};
			let graceTimer;
			const timer = setTimeout(() => {
				timedOut = true;
				killTree(child);
				graceTimer = setTimeout(() => {
					child.stdout.destroy();
					child.stderr.destroy();
					finish(null);
				}, KILL_GRACE_MS);
			}, timeoutS * 1000);
			child.on('error', (error) => finish(127, error));
			child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
		});
	}

	/** Kills every running child's process tree; resolves when they exited (at most ~2 s). */
	async killAll() {
		const exits = [...this.children].map((child) => {
			const exited =
				child.exitCode !== null || child.signalCode !== null
					? Promise.resolve()
					: new Promise((resolve) => child.once('exit', resolve));
			killTree(child);
			return exited;
		});
		this.children.clear();
		await Promise.race([
			Promise.all(exits),
			new Promise((resolve) => setTimeout(resolve, 2000).unref()),
		]);
	}
}

function killTree(child) {
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		try {
			child.kill('SIGKILL');
		} catch {
			// already gone
		}
	}
}

function notInstalled(command) {
	return {
		stdout: '',
		stderr: `/bin/sh: 1: ${command}: not found\n`,
		exitCode: 127,
		timedOut: false,
		ms: 0,
	};
}

function collector() {
	const parts = [];
	let bytes = 0;
	let dropped = 0;
	return {
		add(chunk) {
			if (bytes + chunk.length > MAX_OUTPUT_BYTES) {
				dropped += chunk.length;
				return;
			}
			parts.push(chunk);
			bytes += chunk.length;
		},
		text() {
			const text = Buffer.concat(parts, bytes).toString('utf8');
			return dropped ? `${text}\n[simulator: ${dropped} more bytes dropped]\n` : text;
		},
	};
}

/**
 * `echo` with plain words and $NAME / "$NAME" / ${NAME}, in bash, answered in-process (benchmarks
 * measure the client, not process spawning). Anything else returns undefined and really runs.
 */
function instantEcho(language, code, envs = []) {
	const match =
		language === 'bash'
			? /^echo ((?:"?\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"?|[\w.,:-]+)(?: (?:"?\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"?|[\w.,:-]+))*)$/.exec(
					code.trim(),
				)
			: null;
	if (!match) return undefined;
	const vars = Object.assign({}, ...envs);
	const text = match[1]
		.split(' ')
		.map((word) =>
			word.replace(/^"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?$/, (_, name) => vars[name] ?? ''),
		)
		.join(' ');
	return { stdout: `${text}\n`, stderr: '', exitCode: 0, timedOut: false, ms: 0 };
}

module.exports = { ProcessRunner, toChunks, resolveCommand, HOME, DEFAULT_TIMEOUT_S, LANGUAGES };
