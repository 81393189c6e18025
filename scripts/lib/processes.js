// Child processes the end-to-end runner starts, each in its own process group, so that stopping
// one stops everything it spawned (n8n forks task runners). Everything started here is stopped
// by `stopAll()`, which the runner calls from `finally` and from its signal handlers.
'use strict';

const { spawn } = require('node:child_process');

const running = new Set();
/** Every process group id this process ever started (to prove afterwards that none is left). */
const startedGroups = new Set();

/**
 * Starts a command in a new process group. Output is collected (and optionally forwarded line by
 * line to `onLine`). Returns { child, pid, exited, output() }; `exited` resolves with
 * { code, signal } and never rejects.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, onLine?: (line: string) => void }} [options]
 */
function start(command, args, { cwd, env, onLine } = {}) {
	const child = spawn(command, args, {
		cwd,
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const chunks = [];
	let partial = '';
	const collect = (data) => {
		const text = data.toString('utf8');
		chunks.push(text);
		if (!onLine) return;
		const lines = (partial + text).split('\n');
		partial = lines.pop() ?? '';
		for (const line of lines) onLine(line);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const handle = {
		child,
		pid: child.pid,
		output: () => chunks.join(''),
		exited: new Promise((resolve) => {
			child.on('error', (error) => {
				chunks.push(String(error.message));
				resolve({ code: -1, signal: null });
			});
			child.on('close', (code, signal) => resolve({ code, signal }));
		}),
	};
	running.add(handle);
	if (child.pid) startedGroups.add(child.pid);
	handle.exited.then(() => running.delete(handle));
	return handle;
}

/** Runs a command to completion; resolves { code, output }. Killed after `timeoutMs`. */
async function runToEnd(command, args, options = {}) {
	const handle = start(command, args, options);
	const timeoutMs = options.timeoutMs ?? 300_000;
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		stop(handle);
	}, timeoutMs);
	const { code, signal } = await handle.exited;
	clearTimeout(timer);
	signalGroup(handle.pid, 'SIGKILL'); // helpers the command left behind in its group
	const suffix = timedOut ? `\n[killed after ${timeoutMs} ms]` : '';
	return { code: timedOut ? -1 : code, signal, output: handle.output() + suffix };
}

function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false; // group already gone
	}
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the leader has exited. */
async function stop(handle, graceMs = 10_000) {
	if (!handle || !running.has(handle)) {
		if (handle?.pid) signalGroup(handle.pid, 'SIGKILL'); // reap stragglers of an exited leader
		return;
	}
	signalGroup(handle.pid, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(handle.pid, 'SIGKILL'), graceMs);
	await handle.exited;
	clearTimeout(timer);
	// Children that outlived the leader (same group) get no second chance.
	signalGroup(handle.pid, 'SIGKILL');
}

async function stopAll(graceMs) {
	await Promise.all([...running].map((handle) => stop(handle, graceMs)));
}

/** Synchronous last resort for process exit paths: kill every group we still know about. */
function killAllNow() {
	for (const handle of running) signalGroup(handle.pid, 'SIGKILL');
}

/** Started process groups that still have a member: { started, left: [pgid...] }. */
function leftoverGroups() {
	const left = [...startedGroups].filter((pgid) => {
		try {
			process.kill(-pgid, 0);
			return true;
		} catch (error) {
			return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
		}
	});
	return { started: startedGroups.size, left };
}

module.exports = { start, runToEnd, stop, stopAll, killAllNow, leftoverGroups };
