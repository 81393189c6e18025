// Reads what `n8n export:entities --keyFile=<file>` writes: a zip of <table>.jsonl files whose
// every line is one encrypted chunk of JSON lines (n8n's aes-256-cbc format: "Salted__", an
// 8-byte salt, then the ciphertext, base64; key and IV derived with OpenSSL's MD5 KDF).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { readZip } = require('./zip');

function decryptChunk(base64, passphrase) {
	const input = Buffer.from(base64, 'base64');
	const salt = input.subarray(8, 16);
	const password = Buffer.concat([Buffer.from(passphrase, 'binary'), salt]);
	const first = crypto.createHash('md5').update(password).digest();
	const second = crypto
		.createHash('md5')
		.update(Buffer.concat([first, password]))
		.digest();
	const iv = crypto
		.createHash('md5')
		.update(Buffer.concat([second, password]))
		.digest();
	const decipher = crypto.createDecipheriv('aes-256-cbc', Buffer.concat([first, second]), iv);
	return Buffer.concat([decipher.update(input.subarray(16)), decipher.final()]).toString('utf8');
}

/** Returns [{ name, text, rows }] for every table file in the export folder. */
function readEntitiesExport(folder, passphrase) {
	const entries = fs
		.readdirSync(folder)
		.flatMap((name) =>
			name.endsWith('.zip')
				? readZip(path.join(folder, name))
				: [{ name, data: fs.readFileSync(path.join(folder, name)) }],
		);
	return entries.map(({ name, data }) => {
		const chunks = data
			.toString('utf8')
			.split('\n')
			.filter((line) => line.trim() !== '');
		const text = chunks.map((chunk) => decryptChunk(chunk.trim(), passphrase)).join('\n');
		const rows = text
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => JSON.parse(line));
		return { name, text, rows };
	});
}

module.exports = { readEntitiesExport };
