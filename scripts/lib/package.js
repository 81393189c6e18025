// Builds and packs this package, then installs the tarball into an n8n user folder the way
// n8n 2.x's Community Nodes installer does (CommunityPackagesService.downloadPackage):
// unpack into ~/.n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies from its
// package.json, `npm install` its runtime dependencies there, and record it in
// ~/.n8n/nodes/package.json. n8n then finds it by scanning that node_modules folder.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { runToEnd } = require('./processes');
const { cleanNpmEnv } = require('../ensure-n8n');

const REPO = path.join(__dirname, '..', '..');

async function runOrThrow(command, args, options) {
	const result = await runToEnd(command, args, options);
	if (result.code !== 0)
		throw new Error(`${command} ${args.join(' ')} failed (exit ${result.code}):\n${result.output}`);
	return result.output;
}

/** `npm run build` (unless skipped), then `npm pack` into `destination`; returns the tarball path. */
async function buildAndPack(destination, { build = true } = {}) {
	const env = cleanNpmEnv({});
	if (build) await runOrThrow('npm', ['run', 'build'], { cwd: REPO, env });
	const output = await runOrThrow('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: REPO,
		env,
	});
	const [{ filename }] = JSON.parse(output.slice(output.indexOf('[')));
	return path.join(destination, filename);
}

/** Installs `tarball` into `<userFolder>/.n8n/nodes/` like the Community Nodes installer. */
async function installIntoN8n(tarball, userFolder, { nodeBinDir }) {
	const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
	const manifest = packageName();
	const packageDir = path.join(nodesFolder, 'node_modules', manifest);
	fs.mkdirSync(packageDir, { recursive: true });
	await runOrThrow('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {});

	const packageJsonPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
		fs.readFileSync(packageJsonPath, 'utf8'),
	);
	fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
	const npmArgs = [
		'install',
		'--audit=false',
		'--fund=false',
		'--bin-links=false',
		'--install-strategy=shallow',
		'--ignore-scripts=true',
		'--package-lock=false',
	];
	await runOrThrow('npm', npmArgs, {
		cwd: packageDir,
		env: cleanNpmEnv({ PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH}` }),
	});

	const ledger = {
		name: 'installed-nodes',
		private: true,
		dependencies: { [packageJson.name]: packageJson.version },
	};
	fs.writeFileSync(path.join(nodesFolder, 'package.json'), JSON.stringify(ledger, null, 2));
	return { name: packageJson.name, version: packageJson.version, packageDir };
}

/** The package name, from the repo's package.json (the tarball is packed from it). */
function packageName() {
	return JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).name;
}

module.exports = { buildAndPack, installIntoN8n, REPO };
