'use strict';
// Sandbox lifecycle (create, list, kill) and its files (list, write, download).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { badField, notFound } = require('./errors');
const sfs = require('./sandbox-fs');
const v = require('./validate');

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Like "in4kel8o0ivuzqllab7ln-4b1cc5d5": 20 lowercase alphanumerics, '-', 8 hex digits. */
function newSandboxId() {
	const letters = Array.from(crypto.randomBytes(20), (byte) => ALNUM[byte % ALNUM.length]).join('');
	return `${letters}-${crypto.randomBytes(4).toString('hex')}`;
}

/** The 7 fields the API shows for a sandbox. */
function publicView(sandbox) {
	const { sandbox_id, sandbox_name, sandbox_template, metadata, envs, created_at, max_alive_time } =
		sandbox;
	return { sandbox_id, sandbox_name, sandbox_template, metadata, envs, created_at, max_alive_time };
}

async function create(sim, { body, apiKey }) {
	const maxAlive = body.max_alive_time;
	if (typeof maxAlive !== 'number' || !Number.isInteger(maxAlive) || maxAlive <= 0) {
		throw badField('max_alive_time', 'is required and must be a positive integer (seconds)');
	}
	const name = v.optionalString(body, 'sandbox_name') ?? '';
	const envs = v.optionalStringMap(body, 'envs');
	const metadata = v.optionalStringMap(body, 'metadata');
	const id = newSandboxId();
	const dir = path.join(sim.dirs.sandboxes, id);
	await fs.promises.mkdir(dir);
	const now = sim.now();
	const sandbox = {
		sandbox_id: id,
		sandbox_name: name,
		sandbox_template: 'default',
		metadata,
		envs,
		created_at: Math.floor(now / 1000),
		max_alive_time: maxAlive,
		apiKey,
		dir,
		createdAtMs: now,
		killed: false,
	};
	sim.sandboxes.set(id, sandbox);
	return { json: publicView(sandbox) };
}

function list(sim, { query, apiKey }) {
	const sandboxes = [];
	for (const sandbox of sim.sandboxes.values()) {
		if (sandbox.apiKey !== apiKey || !sim.isAlive(sandbox)) continue;
		if (query.sandbox_name && sandbox.sandbox_name !== query.sandbox_name) continue;
		if (query.sandbox_id && sandbox.sandbox_id !== query.sandbox_id) continue;
		sandboxes.push(publicView(sandbox));
	}
	return { json: { sandboxes } };
}

async function kill(sim, { params, apiKey }) {
	const sandbox = sim.sandboxes.get(params.id);
	if (!sandbox || sandbox.apiKey !== apiKey || !sim.isAlive(sandbox))
		throw notFound(`Sandbox '${params.id}'`);
	sandbox.killed = true;
	await fs.promises.rm(sandbox.dir, { recursive: true, force: true });
	return { json: { result: { sandbox_id: sandbox.sandbox_id, killed: true } } };
}

async function fileList(sim, { body, apiKey }) {
	const sandbox = sim.requireSandbox(body, apiKey);
	const paths = v.pathList(body, 'path');
	const result = [];
	for (const requested of paths) result.push(await sfs.describePath(sandbox.dir, requested));
	return { json: { result } };
}

async function fileWrite(sim, { body, apiKey }) {
	const sandbox = sim.requireSandbox(body, apiKey);
	const fileList = body.file_list;
	if (!Array.isArray(fileList) || fileList.length === 0)
		throw badField('file_list', 'is required and must be a non-empty array');
	// Check every entry before writing anything.
	const prepared = [];
	for (const [index, entry] of fileList.entries()) {
		const field = `file_list[${index}]`;
		if (!v.isPlainObject(entry)) throw badField(field, 'must be an object with file and save_path');
		const source = sfs.parseSource(entry.file, `${field}.file`);
		if (typeof entry.save_path !== 'string' || entry.save_path.trim() === '')
			throw badField(`${field}.save_path`, 'is required');
		prepared.push({
			source,
			target: await sfs.targetPath(sandbox.dir, entry.save_path, source.name, `${field}.save_path`),
		});
	}
	const result = await Promise.all(
		prepared.map((item) => sfs.writeEntry(sandbox.dir, item, sim.closeSignal)),
	);
	return { json: { result } };
}

async function fileDownload(sim, { body, apiKey }) {
	const sandbox = sim.requireSandbox(body, apiKey);
	const paths = v.pathList(body, 'path');
	for (const requested of paths) {
		const described = await sfs.describePath(sandbox.dir, requested);
		if (described.path_type === 'not_exists')
			throw badField('path', `'${requested}' does not exist in the sandbox`);
	}
	const result = [];
	for (const requested of paths) {
		const url = await sfs.exportSandboxPath(sim.store, sandbox.dir, requested);
		if (!url) throw badField('path', `'${requested}' is an empty folder: nothing to export`);
		result.push({ path: requested, url });
	}
	return { json: { result } };
}

module.exports = { create, list, kill, fileList, fileWrite, fileDownload, publicView };
