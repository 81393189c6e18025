// What n8n's verification looks at, checked on every `npm test`: the release workflows (parsed
// as YAML: the steps n8n's verification needs), the package metadata, the stock lint config of
// @n8n/node-cli (strict mode), codex categories, literal parameter defaults, the n8n lines the
// e2e run covers. n8n's scanner itself runs as `npm run scan` (scripts/scan.js).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const ROOT = path.join(__dirname, '..', '..');
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json'));

function workflow(name) {
	const doc = YAML.parseDocument(read(`.github/workflows/${name}`));
	expect(doc.errors).toEqual([]);
	return doc.toJS();
}

/** The `run` commands of a job's steps, in order. */
const runs = (job) => job.steps.filter((step) => step.run).map((step) => step.run.trim());

describe('.github/workflows/ci.yml', () => {
	const ci = workflow('ci.yml');

	test('runs on push to main and on every pull request', () => {
		expect(ci.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
	});

	test('build job: install, lint, repo checks, build, scanner, unit tests, in that order', () => {
		expect(ci.jobs.build.steps[0].uses).toMatch(/^actions\/checkout@/);
		expect(runs(ci.jobs.build)).toEqual([
			'sudo apt-get update && sudo apt-get install -y json-schema-test-suite',
			'npm ci',
			'npm run lint',
			'npm run lint:repo',
			'npm run typecheck',
			'npm run format:check',
			'npm run sizes',
			'npm run build',
			'npm run scan',
			'npm run test:unit',
		]);
	});

	test('e2e job: both n8n lines, each with its own cache of Node and n8n', () => {
		const e2e = ci.jobs.e2e;
		expect(e2e.strategy.matrix['n8n-line']).toEqual(['2', '1']);
		const cache = e2e.steps.find((step) => String(step.uses).startsWith('actions/cache@'));
		expect(cache.with.path).toBe('~/.cache/n8n-nodes-302ai');
		expect(cache.with.key).toContain('${{ matrix.n8n-line }}');
		const e2eStep = e2e.steps.find((step) => step.run === 'npm run e2e -- --no-build');
		expect(e2eStep.env).toEqual({ N8N_302_LINES: '${{ matrix.n8n-line }}' });
		expect(e2e['timeout-minutes']).toBeLessThanOrEqual(90);
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = workflow('publish.yml');
	const job = publish.jobs.publish;

	test('runs on a version tag only', () => {
		expect(publish.on).toEqual({ push: { tags: ['*.*.*'] } });
	});

	test('may mint the OIDC token npm provenance needs, and nothing more', () => {
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	test('install, lint, build, test, then npm publish with provenance and public access', () => {
		const commands = runs(job);
		expect(commands.slice(0, 5)).toEqual([
			'sudo apt-get update && sudo apt-get install -y json-schema-test-suite',
			'npm ci',
			'npm run lint',
			'npm run build',
			'npm run scan && npm run test:unit && npm run e2e -- --no-build',
		]);
		const last = commands.at(-1).split('\n').at(-1).trim();
		expect(last).toBe('npm publish --provenance --access public --ignore-scripts=false');
		expect(job.steps.at(-1).env.RELEASE_MODE).toBe('true');
	});
});

describe('package.json', () => {
	test('version 0.2.0, listed in CHANGELOG.md', () => {
		expect(pkg.version).toBe('0.2.0');
		expect(read('CHANGELOG.md')).toMatch(/^## 0\.2\.0$/m);
	});

	test('a real author, no placeholder address', () => {
		expect(pkg.author).toEqual({ name: '302.AI', email: 'support@302.ai', url: 'https://302.ai' });
		expect(JSON.stringify(pkg)).not.toMatch(/\.invalid\b|example\.com/);
	});

	test('a local npm publish is refused: prepublishOnly and provenance outside CI', () => {
		expect(pkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
		expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
	});

	test("lint and build through n8n's node-cli; npm test includes the repo checks and the scanner", () => {
		expect(pkg.scripts.lint).toBe('n8n-node lint');
		expect(pkg.scripts.build).toBe('n8n-node build');
		expect(pkg.scripts['lint:repo']).toBe(
			'eslint --config eslint.repo.config.mjs --max-warnings 0 .',
		);
		expect(pkg.scripts.typecheck).toBe('tsc --project tsconfig.scripts.json');
		expect(pkg.scripts['format:check']).toBe('prettier --check .');
		expect(pkg.scripts.test.split(' && ')).toEqual([
			'npm run lint',
			'npm run lint:repo',
			'npm run typecheck',
			'npm run format:check',
			'npm run sizes',
			'npm run build',
			'npm run scan',
			'npm run test:unit',
			'npm run e2e',
			'npm run e2e:queue -- --no-build',
		]);
	});

	test('strict mode with the stock eslint.config.mjs of @n8n/node-cli (cloud-support eligible)', () => {
		expect(pkg.n8n.strict).toBe(true);
		const template = path.join(
			ROOT,
			'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
		);
		const normalize = (text) => text.replace(/\s+/g, ' ').trim();
		expect(normalize(read('eslint.config.mjs'))).toBe(normalize(fs.readFileSync(template, 'utf8')));
	});

	test('packs only the built nodes and credentials, without source maps', () => {
		expect(pkg.files).toEqual(['dist/nodes', 'dist/credentials']);
		expect(JSON.parse(read('tsconfig.json')).compilerOptions.sourceMap).toBe(false);
	});
});

describe('nodes', () => {
	// n8n's codex categories (docs "Node codex files", and those n8n's own nodes use).
	const CATEGORIES = [
		'Analytics',
		'Communication',
		'Data & Storage',
		'Development',
		'Finance & Accounting',
		'Marketing',
		'Miscellaneous',
		'Productivity',
		'Sales',
		'Utility',
	];

	test.each(['Ai302CodeSandbox', 'Ai302BrowserTask'])(
		"%s codex file: categories from n8n's list, node name matches",
		(name) => {
			const codex = JSON.parse(read(`nodes/${name}/${name}.node.json`));
			expect(codex.categories.length).toBeGreaterThan(0);
			expect(codex.categories.filter((category) => !CATEGORIES.includes(category))).toEqual([]);
			expect(codex.node).toBe(`${pkg.name}.${name[0].toLowerCase()}${name.slice(1)}`);
		},
	);

	test('no eslint-disable comment in nodes/ or credentials/', () => {
		const { findEslintDisables } = require('../../scripts/scan');
		expect(findEslintDisables(['nodes', 'credentials'])).toEqual([]);
	});

	test('Browser Task: the literal defaults match the limits the node reads with', () => {
		const settings = require('../../dist/nodes/Ai302BrowserTask/actions/task/waitFields.js');
		const byName = Object.fromEntries(
			settings.waitDescription.map((property) => [property.name, property]),
		);
		expect(byName.pollInterval.default).toBe(settings.POLL_INTERVAL.default);
		expect(byName.maxWaitTime.default).toBe(settings.MAX_WAIT.default);
	});

	test('both nodes: the Concurrency default is the literal the shared reader falls back to', () => {
		const concurrency = require('../../dist/nodes/shared/concurrency.js');
		expect(concurrency.concurrencyOption.default).toBe(concurrency.CONCURRENCY.default);
	});

	test('both nodes: the Tool Output Limit default is the literal the shared reader falls back to', () => {
		const tool = require('../../dist/nodes/shared/tool/option.js');
		expect(tool.toolOutputLimitOption.default).toBe(tool.TOOL_OUTPUT_LIMIT_DEFAULT);
		expect(tool.legacyToolLimitOption.default).toBe(tool.TOOL_OUTPUT_LIMIT_DEFAULT);
	});
});

describe('n8n lines of the end-to-end run (scripts/ensure-n8n.js)', () => {
	const { LINES, selectedLines } = require('../../scripts/ensure-n8n');

	test('n8n 2.40.x on Node 24 and n8n 1.123.x on Node 20 with the classic expression engine', () => {
		expect(LINES['2']).toMatchObject({ nodeMajor: '24', env: {} });
		expect(LINES['2'].n8nVersion).toMatch(/^2\.40\.\d+$/);
		expect(LINES['1']).toMatchObject({ nodeMajor: '20', env: { N8N_EXPRESSION_ENGINE: 'legacy' } });
		expect(LINES['1'].n8nVersion).toMatch(/^1\.123\.\d+$/);
		expect(LINES['1'].overrides).toEqual({ xlsx: '0.18.5', linkedom: '0.18.14' });
	});

	test('N8N_302_LINES picks lines; every line by default, 2.x first; unknown lines are refused', () => {
		expect(selectedLines(undefined)).toEqual(['2', '1']);
		expect(selectedLines('1')).toEqual(['1']);
		expect(selectedLines(' 1 , 2 ')).toEqual(['1', '2']);
		expect(() => selectedLines('3')).toThrow('N8N_302_LINES: unknown n8n line(s) 3 (known: 2, 1)');
	});
});

describe('e2e runner: which scenarios run on which n8n line', () => {
	const { scenariosFor } = require('../../scripts/lib/run-examples');
	const { SCENARIOS } = require('../../scripts/lib/scenarios');
	const ids = (list) => list.map((scenario) => scenario.id);
	const sample = [
		{ id: 'everywhere' },
		{ id: 'only2', lines: ['2'] },
		{ id: 'simOnly1', simulatorOnly: true, lines: ['1'] },
	];

	test('a scenario without `lines` runs on every line; one with `lines` only there', () => {
		expect(ids(scenariosFor(sample, { line: '2', real: false }))).toEqual(['everywhere', 'only2']);
		expect(ids(scenariosFor(sample, { line: '1', real: false }))).toEqual([
			'everywhere',
			'simOnly1',
		]);
		expect(ids(scenariosFor(sample, { line: '1', real: true }))).toEqual(['everywhere']);
	});

	test('every registered scenario names only known lines', () => {
		const { LINES } = require('../../scripts/ensure-n8n');
		const unknown = SCENARIOS.flatMap((scenario) =>
			(scenario.lines ?? [])
				.filter((line) => !LINES[line])
				.map((line) => `${scenario.id}: ${line}`),
		);
		expect(unknown).toEqual([]);
	});
});
