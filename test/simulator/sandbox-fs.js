'use strict';
// A sandbox's file system: a real temp folder standing for /home/user (the only writable
// place), plus virtual generated files under /generated/<bytes>/<name> for download tests.
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');

const { badField, messageOf } = require('./errors');
const { safeDecode } = require('./http-body');
const { contentTypeFor, parseGeneratedPath } = require('./files');
const { HOME } = require('./runner');
const { writeZip } = require('./zip');

const FETCH_TIMEOUT_MS = 120_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const EXTENSION_BY_TYPE = Object.fromEntries(
	['.txt', '.csv', '.json', '.html', '.png', '.jpg', '.gif', '.pdf', '.zip'].map((ext) => [
		contentTypeFor(`file${ext}`).split(';')[0],
		ext,
	]),
);

/** Normalises a sandbox path (relative = below /home/user); '' for non-strings. */
function normalize(sandboxPath) {
	if (typeof sandboxPath !== 'string' || sandboxPath.trim() === '') return '';
	const absolute = sandboxPath.startsWith('/') ? sandboxPath : `${HOME}/${sandboxPath}`;
	const clean = path.posix.normalize(absolute);
	return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

/** Sandbox path -> local path inside `root`, or null when it is outside /home/user. */
function toLocalPath(sandboxPath, root) {
	const clean = normalize(sandboxPath);
	if (clean === HOME) return root;
	if (clean.startsWith(`${HOME}/`)) return path.join(root, clean.slice(HOME.length + 1));
	return null;
}

/** Local path inside `root` -> its sandbox path. */
function toSandboxPath(localPath, root) {
	const relative = path.relative(root, localPath);
	return relative ? `${HOME}/${relative.split(path.sep).join('/')}` : HOME;
}

async function statOrNull(localPath) {
	try {
		return await fs.promises.stat(localPath);
	} catch {
		return null;
	}
}

/** One file/list result: { path, path_type, file_list? }. */
async function describePath(root, requested) {
	const generated = parseGeneratedPath(normalize(requested));
	if (generated) return { path: requested, path_type: 'file' };
	const local = toLocalPath(requested, root);
	const stat = local && (await statOrNull(local));
	if (!stat) return { path: requested, path_type: 'not_exists' };
	if (!stat.isDirectory()) return { path: requested, path_type: 'file' };
	const names = (await fs.promises.readdir(local)).sort();
	return {
		path: requested,
		path_type: 'directory',
		file_list: names.map((name) => ({ name, path: toSandboxPath(path.join(local, name), root) })),
	};
}

/** Every regular file below `dir`, as [{ name: 'relative/path', path: '/abs' }], sorted. */
async function collectFiles(dir, prefix = '') {
	const files = [];
	const entries = await fs.promises.readdir(dir, { withFileTypes: true });
	entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files.push(...(await collectFiles(full, `${prefix}${entry.name}/`)));
		else if (entry.isFile()) files.push({ name: `${prefix}${entry.name}`, path: full });
	}
	return files;
}

/**
 * Exports a local path to a served URL: a file as is, a folder as `<folder name>.zip` (also with a
 * single file inside, like the API's archive; /home/user gives user.zip). Returns undefined when
 * there is nothing to export. `root` is the folder standing for /home/user.
 */
async function exportLocalPath(store, localPath, root) {
	const stat = await statOrNull(localPath);
	if (!stat) return undefined;
	if (!stat.isDirectory()) return store.publishCopy(localPath, path.basename(localPath));
	const files = await collectFiles(localPath);
	if (files.length === 0) return undefined;
	const name = `${path.posix.basename(toSandboxPath(localPath, root))}.zip`;
	const { id, filePath } = store.reserve();
	const size = await writeZip(filePath, files);
	return store.publish(id, filePath, name, size);
}

/** Exports a sandbox path (including /generated/...); undefined when it does not exist. */
function exportSandboxPath(store, root, requested) {
	const generated = parseGeneratedPath(normalize(requested));
	if (generated) return store.generatedUrl(generated.size, generated.name);
	const local = toLocalPath(requested, root);
	return local ? exportLocalPath(store, local, root) : undefined;
}

/** Where a file/write entry's `file` comes from: { kind: 'data', bytes, name } or { kind: 'url', url, name }. */
function parseSource(file, field) {
	if (typeof file !== 'string' || file === '')
		throw badField(field, 'must be a URL or a data: URI');
	if (file.startsWith('data:')) {
		const comma = file.indexOf(',');
		if (comma < 0) throw badField(field, 'is a data: URI without a comma');
		const params = file.slice(5, comma).split(';');
		const payload = file.slice(comma + 1);
		const isBase64 = params.includes('base64');
		const nameParam = params.find((p) => p.startsWith('name='));
		const mime = params[0] || 'text/plain';
		let bytes;
		try {
			bytes = isBase64
				? Buffer.from(payload, 'base64')
				: Buffer.from(decodeURIComponent(payload), 'utf8');
		} catch {
			throw badField(field, 'is a data: URI that cannot be decoded');
		}
		const name = nameParam
			? decodeURIComponent(nameParam.slice(5))
			: `upload${EXTENSION_BY_TYPE[mime] ?? '.bin'}`;
		return { kind: 'data', bytes, name };
	}
	let url;
	try {
		url = new URL(file);
	} catch {
		throw badField(field, 'is neither a URL nor a data: URI');
	}
	if (!['http:', 'https:'].includes(url.protocol) || !LOOPBACK_HOSTS.has(url.hostname)) {
		throw badField(field, 'the simulator only fetches URLs on 127.0.0.1 or localhost');
	}
	const lastSegment = safeDecode(url.pathname.split('/').pop() || '');
	return { kind: 'url', url: url.href, name: lastSegment || 'download.bin' };
}

/**
 * Where to save: `save_path` is a full file path when it has an extension or is not an existing
 * folder; otherwise (or when it ends in '/') it is a folder and the source's name is added.
 */
async function targetPath(root, savePath, sourceName, field) {
	const local = toLocalPath(savePath, root);
	if (!local) throw badField(field, 'must be a path under /home/user');
	const stat = await statOrNull(local);
	const isFolder = savePath.endsWith('/') || (!path.extname(local) && Boolean(stat?.isDirectory()));
	if (!isFolder) return local;
	const safeName = path.basename(sourceName) || 'upload.bin';
	return path.join(local, safeName);
}

/** Writes one prepared entry; returns the API's result item. */
async function writeEntry(root, { source, target }, signal) {
	const savePath = toSandboxPath(target, root);
	try {
		await fs.promises.mkdir(path.dirname(target), { recursive: true });
		if (source.kind === 'data') {
			await fs.promises.writeFile(target, source.bytes);
		} else {
			const response = await fetch(source.url, {
				signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
			});
			if (!response.ok || !response.body)
				throw new Error(`HTTP ${response.status} from ${source.url}`);
			// fetch's body is the web stream Readable.fromWeb takes (the DOM typings name it apart).
			const body = /** @type {import('node:stream/web').ReadableStream} */ (response.body);
			await pipeline(Readable.fromWeb(body), fs.createWriteStream(target));
		}
		const { size } = await fs.promises.stat(target);
		return { save_path: savePath, success: true, size };
	} catch (error) {
		return {
			save_path: savePath,
			success: false,
			size: 0,
			error: messageOf(error),
		};
	}
}

module.exports = {
	normalize,
	toLocalPath,
	toSandboxPath,
	describePath,
	exportLocalPath,
	exportSandboxPath,
	parseSource,
	targetPath,
	writeEntry,
	statOrNull,
};
