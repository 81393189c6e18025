'use strict';
// A small store-only (no compression) zip writer. Each file is streamed into the archive once:
// its local header space is reserved, the data copied while the CRC-32 is computed, then the
// header is written into the reserved space. No zip64: entries and archive stay below 4 GiB.
const fs = require('node:fs/promises');
const zlib = require('node:zlib');

const READ_CHUNK = 1024 * 1024;
const crcTable = buildCrcTable();

function buildCrcTable() {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
}

/** CRC-32 continued from `crc` (zlib.crc32 where Node has it). */
function crc32(buffer, crc = 0) {
	if (typeof zlib.crc32 === 'function') return zlib.crc32(buffer, crc);
	let c = (crc ^ 0xffffffff) >>> 0;
	for (let i = 0; i < buffer.length; i++) c = crcTable[(c ^ buffer[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function dosDateTime(date) {
	const time =
		(date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2);
	const day =
		(Math.max(date.getFullYear() - 1980, 0) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
	return { time, day };
}

function localHeader(entry) {
	const header = Buffer.alloc(30);
	header.writeUInt32LE(0x04034b50, 0);
	header.writeUInt16LE(20, 4); // version needed
	header.writeUInt16LE(entry.flags, 6);
	header.writeUInt16LE(0, 8); // method: store
	header.writeUInt16LE(entry.time, 10);
	header.writeUInt16LE(entry.day, 12);
	header.writeUInt32LE(entry.crc, 14);
	header.writeUInt32LE(entry.size, 18);
	header.writeUInt32LE(entry.size, 22);
	header.writeUInt16LE(entry.name.length, 26);
	header.writeUInt16LE(0, 28);
	return Buffer.concat([header, entry.name]);
}

function centralHeader(entry) {
	const header = Buffer.alloc(46);
	header.writeUInt32LE(0x02014b50, 0);
	header.writeUInt16LE(0x031e, 4); // made by: Unix, zip 3.0
	header.writeUInt16LE(20, 6);
	header.writeUInt16LE(entry.flags, 8);
	header.writeUInt16LE(0, 10);
	header.writeUInt16LE(entry.time, 12);
	header.writeUInt16LE(entry.day, 14);
	header.writeUInt32LE(entry.crc, 16);
	header.writeUInt32LE(entry.size, 20);
	header.writeUInt32LE(entry.size, 24);
	header.writeUInt16LE(entry.name.length, 28);
	header.writeUInt32LE(((0o100000 | (entry.mode & 0o777)) << 16) >>> 0, 38); // regular file + mode
	header.writeUInt32LE(entry.offset, 42);
	return Buffer.concat([header, entry.name]);
}

function endOfCentralDirectory(count, size, offset) {
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(count, 8);
	end.writeUInt16LE(count, 10);
	end.writeUInt32LE(size, 12);
	end.writeUInt32LE(offset, 16);
	return end;
}

/**
 * Writes a zip of `files` ([{ name: 'dir/a.txt', path: '/abs/a.txt' }]) to `zipPath`.
 * Returns the archive size in bytes.
 */
async function writeZip(zipPath, files) {
	if (files.length > 0xffff) throw new Error('too many files for a zip without zip64');
	const out = await fs.open(zipPath, 'w');
	const entries = [];
	let position = 0;
	try {
		for (const file of files) {
			const stat = await fs.stat(file.path);
			const name = Buffer.from(file.name, 'utf8');
			const isAscii = name.length === file.name.length;
			const entry = {
				name,
				flags: isAscii ? 0 : 0x0800,
				mode: stat.mode,
				offset: position,
				crc: 0,
				size: 0,
			};
			Object.assign(entry, dosDateTime(stat.mtime));
			const dataStart = position + 30 + name.length;
			entry.size = await copyWithCrc(file.path, out, dataStart, entry);
			await out.write(localHeader(entry), 0, 30 + name.length, position);
			position = dataStart + entry.size;
			if (position > 0xffffffff) throw new Error('zip larger than 4 GiB');
			entries.push(entry);
		}
		const central = Buffer.concat(entries.map(centralHeader));
		await out.write(central, 0, central.length, position);
		const end = endOfCentralDirectory(entries.length, central.length, position);
		await out.write(end, 0, end.length, position + central.length);
		return position + central.length + end.length;
	} finally {
		await out.close();
	}
}

async function copyWithCrc(sourcePath, out, start, entry) {
	const source = await fs.open(sourcePath, 'r');
	const buffer = Buffer.alloc(READ_CHUNK);
	let copied = 0;
	try {
		for (;;) {
			const { bytesRead } = await source.read(buffer, 0, READ_CHUNK, null);
			if (bytesRead === 0) break;
			entry.crc = crc32(buffer.subarray(0, bytesRead), entry.crc);
			await out.write(buffer, 0, bytesRead, start + copied);
			copied += bytesRead;
		}
	} finally {
		await source.close();
	}
	return copied;
}

module.exports = { writeZip, crc32 };
