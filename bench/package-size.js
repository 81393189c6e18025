'use strict';
// Package facts: packed size (npm pack --dry-run), runtime dependencies, time to require each
// built node in a fresh process (cold: n8n-workflow included).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

function packageFacts() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const [packed] = JSON.parse(
		execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
	const requireMs = {};
	for (const file of pkg.n8n.nodes) {
		// n8n-workflow is loaded first (inside n8n it always is), so the time is the node's own.
		const script = `require('n8n-workflow');const t=process.hrtime.bigint();require(${JSON.stringify(path.join(ROOT, file))});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
		const samples = [1, 2, 3].map(() =>
			Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })),
		);
		requireMs[path.basename(file, '.node.js')] = Math.min(...samples);
	}
	const workflowScript = `const t=process.hrtime.bigint();require('n8n-workflow');process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
	const n8nWorkflowMs = Math.min(
		...[1, 2, 3].map(() =>
			Number(
				execFileSync(process.execPath, ['-e', workflowScript], { cwd: ROOT, encoding: 'utf8' }),
			),
		),
	);
	return {
		n8nWorkflowRequireMs: n8nWorkflowMs,
		tarballBytes: packed.size,
		unpackedBytes: packed.unpackedSize,
		files: packed.entryCount,
		runtimeDependencies: Object.keys(pkg.dependencies ?? {}).length,
		requireMs,
	};
}

module.exports = { packageFacts };
