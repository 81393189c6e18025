'use strict';
/**
 * Reads binary data of output items back through n8n-core's BinaryDataService (filesystem
 * mode keeps only an id on the item; the bytes are in the harness's temporary folder).
 */
const crypto = require('node:crypto');

const { ensureEnvironment } = require('./environment');

function binaryOf(item, property) {
	const binary = item?.binary?.[property];
	if (!binary) {
		const known = Object.keys(item?.binary ?? {});
		throw new Error(
			`harness: item has no binary property "${property}" (has: ${known.join(', ') || 'none'})`,
		);
	}
	return binary;
}

/** The whole content of a binary property as a Buffer. */
async function readBinary(item, property = 'data') {
	const { core, Container } = await ensureEnvironment();
	return await Container.get(core.BinaryDataService).getAsBuffer(binaryOf(item, property));
}

/** File name, MIME type, size in bytes and sha256 of a binary property, read as a stream. */
async function binaryInfo(item, property = 'data') {
	const { core, Container } = await ensureEnvironment();
	const binary = binaryOf(item, property);
	const hash = crypto.createHash('sha256');
	let fileSize = 0;
	if (binary.id) {
		const stream = await Container.get(core.BinaryDataService).getAsStream(binary.id);
		for await (const chunk of stream) {
			hash.update(chunk);
			fileSize += chunk.length;
		}
	} else {
		const buffer = Buffer.from(binary.data ?? '', 'base64');
		hash.update(buffer);
		fileSize = buffer.length;
	}
	return {
		fileName: binary.fileName,
		mimeType: binary.mimeType,
		fileSize,
		sha256: hash.digest('hex'),
	};
}

module.exports = { readBinary, binaryInfo };
