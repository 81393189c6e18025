// Reads the entries of a .zip file (stored or deflated) with Node's zlib only: enough for the
// archive `n8n export:entities` writes. Returns [{ name, data: Buffer }].
'use strict';

const fs = require('node:fs');
const zlib = require('node:zlib');

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

function readZip(file) {
	const zip = fs.readFileSync(file);
	// The end record is in the last 22 bytes plus an optional comment of up to 64 KiB.
	let end = -1;
	for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
		if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
			end = at;
			break;
		}
	}
	if (end < 0) throw new Error(`${file} is not a zip archive`);
	const count = zip.readUInt16LE(end + 10);
	let at = zip.readUInt32LE(end + 16);
	const entries = [];
	for (let index = 0; index < count; index++) {
		if (zip.readUInt32LE(at) !== CENTRAL_FILE_HEADER)
			throw new Error(`${file}: bad central directory`);
		const method = zip.readUInt16LE(at + 10);
		const compressedSize = zip.readUInt32LE(at + 20);
		const nameLength = zip.readUInt16LE(at + 28);
		const extraLength = zip.readUInt16LE(at + 30);
		const commentLength = zip.readUInt16LE(at + 32);
		const localHeader = zip.readUInt32LE(at + 42);
		const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
		at += 46 + nameLength + extraLength + commentLength;

		if (zip.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER)
			throw new Error(`${file}: bad local header for ${name}`);
		const start =
			localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
		const raw = zip.subarray(start, start + compressedSize);
		if (method !== 0 && method !== 8)
			throw new Error(`${file}: ${name} uses unsupported compression ${method}`);
		entries.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
	}
	return entries;
}

module.exports = { readZip };
