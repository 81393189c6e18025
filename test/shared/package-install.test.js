'use strict';
// A plain `npm install <packed tarball>` (what the README's by-hand install runs) into an empty
// folder installs this one package: n8n-workflow is an optional peer dependency
// (peerDependenciesMeta), so npm does not fetch a second, newer copy that would shadow n8n's own.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const { cleanNpmEnv } = require('../../scripts/ensure-n8n');

const REPO = path.join(__dirname, '..', '..');
let folder;

beforeAll(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-302ai-install-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const npm = (args, cwd) =>
	execFileSync('npm', args, {
		cwd,
		env: cleanNpmEnv({}),
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});

test('package.json marks the n8n-workflow peer dependency optional and has no runtime dependencies', () => {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(manifest.peerDependenciesMeta).toEqual({ 'n8n-workflow': { optional: true } });
	expect(manifest.dependencies).toBeUndefined();
});

test('npm install of the packed tarball into an empty folder installs exactly one package, no n8n-workflow', () => {
	const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', folder], REPO));
	const tarball = path.join(folder, packed[0].filename);
	const target = path.join(folder, 'nodes');
	fs.mkdirSync(target);
	npm(['install', tarball, '--audit=false', '--fund=false'], target);

	const installed = fs
		.readdirSync(path.join(target, 'node_modules'))
		.filter((name) => !name.startsWith('.'));
	expect(installed).toEqual(['n8n-nodes-302ai']);
	expect(fs.existsSync(path.join(target, 'node_modules', 'n8n-workflow'))).toBe(false);
	const lock = JSON.parse(fs.readFileSync(path.join(target, 'package-lock.json'), 'utf8'));
	expect(Object.keys(lock.packages).filter((key) => key !== '')).toEqual([
		'node_modules/n8n-nodes-302ai',
	]);
	// The nodes n8n loads are in the installed copy.
	const pkg = path.join(target, 'node_modules', 'n8n-nodes-302ai');
	const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials])
		expect(fs.existsSync(path.join(pkg, file))).toBe(true);
});
