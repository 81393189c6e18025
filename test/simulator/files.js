'use strict';
// Files the simulator hosts itself (its stand-in for file.302.ai): exported sandbox files kept
// in a store folder, and generated files of any size streamed on the fly.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');

const { generatedFileStream, MAX_GENERATED_SIZE } = require('./generated');
const { safeDecode } = require('./http-body');

const CONTENT_TYPES = {
	'.txt': 'text/plain; charset=utf-8',
	'.log': 'text/plain; charset=utf-8',
	'.md': 'text/markdown; charset=utf-8',
	'.csv': 'text/csv; charset=utf-8',
	'.json': 'application/json',
	'.xml': 'application/xml',
	'.html': 'text/html; charset=utf-8',
	'.htm': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.py': 'text/x-python; charset=utf-8',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.svg': 'image/svg+xml',
	'.pdf': 'application/pdf',
	'.zip': 'application/zip',
	'.7z': 'application/x-7z-compressed',
	'.gz': 'application/gzip',
	'.tar': 'application/x-tar',
	'.mp3': 'audio/mpeg',
	'.wav': 'audio/wav',
	'.mp4': 'video/mp4',
	'.mov': 'video/quicktime',
	'.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function contentTypeFor(name) {
	return CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** `/generated/<bytes>/<name>` -> { size, name }, or undefined. */
function parseGeneratedPath(sandboxPath) {
	const match = /^\/generated\/(\d{1,12})\/([^/]+)$/.exec(sandboxPath);
	if (!match) return undefined;
	const size = Number(match[1]);
	return size <= MAX_GENERATED_SIZE ? { size, name: match[2] } : undefined;
}

class FileStore {
	constructor(dir, baseUrl) {
		this.dir = dir;
		this.baseUrl = baseUrl;
		/** id -> { name, filePath, size } */
		this.files = new Map();
	}

	/** A new store path for a file to be published with `publish`. */
	reserve() {
		const id = crypto.randomBytes(16).toString('hex');
		return { id, filePath: path.join(this.dir, id) };
	}

	/** Registers a stored file; returns its public URL. */
	publish(id, filePath, name, size) {
		this.files.set(id, { name, filePath, size });
		return `${this.baseUrl}/files/${id}/${encodeURIComponent(name)}`;
	}

	/** Copies a file into the store (the sandbox may die, the URL stays valid). */
	async publishCopy(sourcePath, name) {
		const { id, filePath } = this.reserve();
		await fs.promises.copyFile(sourcePath, filePath);
		const { size } = await fs.promises.stat(filePath);
		return this.publish(id, filePath, name, size);
	}

	generatedUrl(size, name) {
		return `${this.baseUrl}/files/generated/${size}/${encodeURIComponent(name)}`;
	}

	/** Answers GET/HEAD /files/...; the log entry's status is set when the headers go out. */
	async serve(req, res, urlPath, entry) {
		const parts = urlPath.split('/'); // ['', 'files', id, name] or ['', 'files', 'generated', size, name]
		let size;
		let name;
		let open;
		const generated =
			parts[2] === 'generated'
				? parseGeneratedPath(`/generated/${parts[3]}/${parts[4]}`)
				: undefined;
		if (generated && parts.length === 5) {
			({ size } = generated);
			name = safeDecode(generated.name);
			open = () => generatedFileStream(size);
		} else {
			const stored = parts.length === 4 ? this.files.get(parts[2]) : undefined;
			if (!stored) {
				entry.status = 404;
				res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
				res.end('file not found');
				return;
			}
			({ size, name } = stored);
			open = () => fs.createReadStream(stored.filePath);
		}
		entry.status = 200;
		res.writeHead(200, { 'content-type': contentTypeFor(name), 'content-length': String(size) });
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		try {
			await pipeline(open(), res);
		} catch {
			// The client went away mid-download: nothing to answer.
		}
	}
}

module.exports = { FileStore, contentTypeFor, parseGeneratedPath };
