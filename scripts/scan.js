#!/usr/bin/env node
// n8n's verification scan, run locally: the analysis of @n8n/scan-community-package (the same
// config, file patterns and `analyzePackage` n8n runs before it verifies a package) on the
// source (package.json, nodes/, credentials/) and on the packed tarball (compiled .js and the
// published package.json). Also checks what the scanner cannot see: no warning from the stock
// lint config of `n8n-node lint` (which fails on errors only), no `eslint-disable`
// comment in nodes/ or credentials/ (the scanner ignores them, so they would only hide a
// failure from `npm run lint`), the same lint on the built node descriptions (parts of them are
// built by code the lint cannot read) and the packed size (at most 100 KB).
// The scanner's third check, npm provenance, needs a published version: the publish workflow
// (.github/workflows/publish.yml) publishes with --provenance.
//
//   node scripts/scan.js      (after `npm run build`; exits 1 on any error or warning)
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const { lintBuiltDescriptions } = require('./lib/lint-built-description');

const REPO = path.resolve(__dirname, '..');
const SCANNER = path.dirname(require.resolve('@n8n/scan-community-package/package.json'));
const MAX_PACKED_BYTES = 100 * 1000;
/** The tarball leg's patterns, as in the scanner's analyzePackageByName. */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

const print = (line = '') => process.stdout.write(`${line}\n`);

async function main() {
	// The scanner makes a temp folder when loaded; this removes it when the process exits.
	require(require.resolve('tmp', { paths: [SCANNER] })).setGracefulCleanup();
	const scanner = await import(pathToFileURL(path.join(SCANNER, 'scanner', 'scanner.mjs')).href);
	// The scanner's own ESLint (the version its config is written for), not the project's.
	const { ESLint } = require(require.resolve('eslint', { paths: [SCANNER] }));
	const version = require(path.join(SCANNER, 'package.json')).version;
	print(`n8n scanner @n8n/scan-community-package ${version}`);

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-302ai-scan-'));
	let failed = false;
	try {
		const source = await scanLeg(scanner, ESLint, 'source', REPO, scanner.SOURCE_FILE_PATTERNS);
		const packed = packInto(work);
		const tarball = await scanLeg(
			scanner,
			ESLint,
			`tarball ${packed.filename}`,
			packed.dir,
			TARBALL_PATTERNS,
		);
		const stock = await stockLintWarnings();
		const built = await builtDescriptionLint(path.join(work, 'built'));
		const disables = findEslintDisables(['nodes', 'credentials']);
		print(`  eslint-disable comments in nodes/ and credentials/: ${disables.length}`);
		disables.forEach((hit) => print(`    ${hit}`));
		const sizeOk = packed.size <= MAX_PACKED_BYTES;
		print(
			`  packed size: ${(packed.size / 1000).toFixed(1)} kB (limit ${MAX_PACKED_BYTES / 1000} kB), ${packed.files} files, ${packed.maps} source maps`,
		);
		print(
			'  provenance (third check): needs a published version; publish.yml publishes with --provenance',
		);
		failed =
			!source || !tarball || !stock || !built || disables.length > 0 || !sizeOk || packed.maps > 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	print(failed ? '✘ scan FAILED' : '✔ scan passed: source and tarball, 0 errors, 0 warnings');
	return failed ? 1 : 0;
}

/**
 * One leg: the scanner's verdict (`analyzePackage`) plus the error and warning counts of the
 * same lint (analyzePackage only reports errors), with the scanner's exact ESLint settings.
 */
async function scanLeg(scanner, ESLint, label, dir, patterns) {
	const verdict = await scanner.analyzePackage(dir, patterns);
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = require(require.resolve('fast-glob', { paths: [SCANNER] })).sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	const ok = verdict.passed && errors === 0 && warnings === 0 && files.length > 0;
	print(
		`  ${ok ? '✔' : '✘'} ${label}: analyzePackage ${verdict.passed ? 'passed' : `FAILED (${verdict.message})`}; ${files.length} files, ${errors} errors, ${warnings} warnings`,
	);
	if (!ok) {
		const formatted = await (await eslint.loadFormatter('stylish')).format(results);
		print((verdict.details ?? formatted).replace(/^/gm, '    '));
	}
	return ok;
}

/**
 * `n8n-node lint` fails on errors only; this adds zero warnings on top, with the same stock
 * config (eslint.config.mjs), which strict mode requires unchanged.
 */
async function stockLintWarnings() {
	const { ESLint } = require('eslint');
	const eslint = new ESLint({ cwd: REPO });
	const results = await eslint.lintFiles(['.']);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	const ok = errors === 0 && warnings === 0;
	print(
		`  ${ok ? '✔' : '✘'} n8n-node lint config (eslint.config.mjs): ${results.length} files, ${errors} errors, ${warnings} warnings`,
	);
	if (!ok)
		print((await (await eslint.loadFormatter('stylish')).format(results)).replace(/^/gm, '    '));
	return ok;
}

/** The same stock lint on the built node descriptions (see scripts/lib/lint-built-description.js). */
async function builtDescriptionLint(work) {
	const { eslint, results } = await lintBuiltDescriptions(work);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	const ok = errors === 0 && warnings === 0 && results.length > 0;
	print(
		`  ${ok ? '✔' : '✘'} n8n-node lint config on the built node descriptions: ${results.length} nodes, ${errors} errors, ${warnings} warnings`,
	);
	if (!ok)
		print((await (await eslint.loadFormatter('stylish')).format(results)).replace(/^/gm, '    '));
	return ok;
}

/** `npm pack` into `work` and unpack it there, as the scanner does with a published version. */
function packInto(work) {
	const packed = spawnSync(
		'npm',
		['pack', '--json', '--ignore-scripts', `--pack-destination=${work}`],
		{ cwd: REPO, encoding: 'utf8' },
	);
	if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
	const [info] = JSON.parse(packed.stdout);
	const dir = path.join(work, 'package');
	const untar = spawnSync('tar', ['-xzf', info.filename, '-C', work], {
		cwd: work,
		encoding: 'utf8',
	});
	if (untar.status !== 0) throw new Error(`tar failed:\n${untar.stderr}`);
	const maps = info.files.filter((file) => file.path.endsWith('.map')).length;
	return { dir, filename: info.filename, size: info.size, files: info.files.length, maps };
}

/** Every line of nodes/ and credentials/ sources that mentions eslint-disable. */
function findEslintDisables(folders) {
	const hits = [];
	for (const folder of folders) {
		for (const entry of fs.readdirSync(path.join(REPO, folder), {
			recursive: true,
			withFileTypes: true,
		})) {
			if (!entry.isFile()) continue;
			const file = path.join(entry.parentPath ?? entry.path, entry.name);
			fs.readFileSync(file, 'utf8')
				.split('\n')
				.forEach((line, index) => {
					if (/eslint-disable/.test(line))
						hits.push(`${path.relative(REPO, file)}:${index + 1}: ${line.trim()}`);
				});
		}
	}
	return hits;
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(error) => {
			process.stderr.write(`${error.stack ?? error}\n`);
			process.exit(1);
		},
	);
}

module.exports = { findEslintDisables };
