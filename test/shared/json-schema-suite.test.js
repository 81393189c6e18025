'use strict';
// The official JSON-Schema-Test-Suite against nodes/shared/jsonSchema: every case of every
// keyword file this validator claims, with an explicit list of the few cases left out (and why).
// The project vendors no suite files; each leg reads them from where they are installed:
// - draft7 from Debian's package json-schema-test-suite 2.0.0-1.1 (suite release 2.0.0), which
//   `npm test` installs through scripts/ensure-json-schema-suite.js; missing files FAIL the test;
// - draft4 from the npm devDependency json-schema-test-suite@0.0.10 (always runs);
// - optional extra: draft2020-12 (and the newer draft7 files) from a checkout of the suite named
//   by JSON_SCHEMA_TEST_SUITE (the folder holding tests/); no package ships 2020-12, so without
//   a checkout this leg is skipped with a printed note.
// The pass counts per file (test/json-schema-suite.counts.js) are asserted, so the numbers in the
// README stay true; SUITE_COUNTS=1 prints the counts of another suite version.

const fs = require('node:fs');
const path = require('node:path');

const { checkSchema, validate, CHECKED_FORMATS } = require('../../dist/nodes/shared/jsonSchema');
const {
	DEBIAN_PACKAGE,
	DEBIAN_VERSION,
	DEBIAN_SUITE,
	INSTALL_HINT,
} = require('../../scripts/ensure-json-schema-suite');
const COUNTS = require('./json-schema-suite.counts');

const NPM_SUITE = path.join(
	path.dirname(require.resolve('json-schema-test-suite/package.json')),
	'tests',
);
const OFFICIAL_SUITE = process.env.JSON_SCHEMA_TEST_SUITE
	? path.join(process.env.JSON_SCHEMA_TEST_SUITE, 'tests')
	: undefined;

const CORE = [
	'type',
	'enum',
	'const',
	'properties',
	'required',
	'additionalProperties',
	'patternProperties',
	'propertyNames',
	'items',
	'minItems',
	'maxItems',
	'uniqueItems',
	'minimum',
	'maximum',
	'exclusiveMinimum',
	'exclusiveMaximum',
	'multipleOf',
	'minLength',
	'maxLength',
	'pattern',
	'minProperties',
	'maxProperties',
	'allOf',
	'anyOf',
	'oneOf',
	'not',
	'boolean_schema',
	'format',
];
const FORMATS = ['date-time', 'date', 'email', 'uri'].map((name) => `optional/format/${name}`);
/** Suite release 2.0.0 (Debian) has no draft7 format.json and no infinite-loop-detection.json yet. */
const DEBIAN_DRAFT7_FILES = [
	...CORE.filter((file) => file !== 'format'),
	'additionalItems',
	'ref',
	...FORMATS,
];

/**
 * The keyword files this validator claims, per leg (a draft from one source). Debian's package
 * has drafts 3, 4, 6 and 7 only: no draft2019-09 or 2020-12 files.
 */
const LEGS = [
	{
		id: 'debian/draft7',
		draft: 'draft7',
		source: `Debian ${DEBIAN_PACKAGE} ${DEBIAN_VERSION}`,
		folder: DEBIAN_SUITE,
		required: true,
		hint: `npm test installs it (scripts/ensure-json-schema-suite.js); by hand:\n    ${INSTALL_HINT}`,
		files: DEBIAN_DRAFT7_FILES,
	},
	{
		id: 'npm/draft4',
		draft: 'draft4',
		source: 'npm json-schema-test-suite@0.0.10',
		folder: NPM_SUITE,
		required: true,
		hint: 'npm ci installs the devDependency',
		files: [
			'type',
			'enum',
			'properties',
			'required',
			'additionalProperties',
			'patternProperties',
			'items',
			'additionalItems',
			'minItems',
			'maxItems',
			'uniqueItems',
			'minimum',
			'maximum',
			'multipleOf',
			'minLength',
			'maxLength',
			'pattern',
			'minProperties',
			'maxProperties',
			'allOf',
			'anyOf',
			'oneOf',
			'not',
			'optional/format',
		],
	},
	{
		id: 'checkout/draft2020-12',
		draft: 'draft2020-12',
		source: 'JSON_SCHEMA_TEST_SUITE checkout',
		folder: OFFICIAL_SUITE,
		required: false,
		files: [
			...CORE,
			'prefixItems',
			'dependentRequired',
			'dependentSchemas',
			'ref',
			'infinite-loop-detection',
			...FORMATS,
		],
	},
	{
		id: 'checkout/draft7',
		draft: 'draft7',
		source: 'JSON_SCHEMA_TEST_SUITE checkout',
		folder: OFFICIAL_SUITE,
		required: false,
		files: [...CORE, 'additionalItems', 'ref', 'infinite-loop-detection', ...FORMATS],
	},
];

/**
 * Cases left out, each with its reason. `refused`: the schema uses a keyword this validator does
 * not implement, so checkSchema must refuse it (checked below); `differs`: the suite expects
 * behaviour this node deliberately does not have (checked to fail in exactly that direction).
 */
const REF_REASON =
	'needs what this node refuses: references by $id, $anchor or URN, to other documents, or if/then/else and unevaluatedProperties';
const REFUSED_REFS = {
	'draft2020-12': [
		'remote ref, containing refs itself',
		'Recursive references between schemas',
		'ref creates new scope when adjacent to keywords',
		'refs with relative uris and defs',
		'relative refs with absolute uris and defs',
		'$id must be resolved against nearest parent, not just immediate parent',
		'order of evaluation: $id and $ref',
		'order of evaluation: $id and $anchor and $ref',
		'order of evaluation: $id and $ref on nested schema',
		'simple URN base URI with $ref via the URN',
		'URN base URI with URN and JSON pointer ref',
		'URN base URI with URN and anchor ref',
		'URN ref with nested pointer ref',
		'ref to if',
		'ref to then',
		'ref to else',
		'ref with absolute-path-reference',
	],
	draft7: [
		'$ref prevents a sibling $id from changing the base uri',
		'remote ref, containing refs itself',
		'Recursive references between schemas',
		'Location-independent identifier',
		'Reference an anchor with a non-relative URI',
		'Location-independent identifier with base URI change in subschema',
		'refs with relative uris and defs',
		'relative refs with absolute uris and defs',
		'$id must be resolved against nearest parent, not just immediate parent',
		'simple URN base URI with $ref via the URN',
		'URN base URI with URN and JSON pointer ref',
		'URN base URI with URN and anchor ref',
		'ref to if',
		'ref to then',
		'ref to else',
		'ref with absolute-path-reference',
	],
};

/** @type {Array<{ draft: string, file: string, group: string, test?: string, kind: string, reason: string }>} */
const EXCLUDED = [
	...Object.entries(REFUSED_REFS).flatMap(([draft, groups]) =>
		groups.map((group) => ({ draft, file: 'ref', group, kind: 'refused', reason: REF_REASON })),
	),
	{
		draft: 'draft7',
		file: 'ref',
		group: 'ref overrides any sibling keywords',
		test: 'ref valid, maxItems ignored',
		kind: 'differs',
		reason:
			'the suite\'s draft-07 schemas have no $schema, and without one the node reads a schema as 2020-12, where keywords next to $ref apply (with "$schema": "...draft-07..." they are ignored)',
	},
	{
		draft: 'draft2020-12',
		file: 'not',
		group: "collect annotations inside a 'not', even if collection is disabled",
		kind: 'refused',
		reason: 'uses unevaluatedProperties',
	},
	...['email', 'date', 'date-time', 'uri'].map((format) => ({
		draft: 'draft2020-12',
		file: 'format',
		group: `${format} format`,
		test: `invalid ${format} string is only an annotation by default`,
		kind: 'differs',
		reason:
			'this node asserts format (the optional/format files check that), 2020-12 by default only annotates',
	})),
	{
		draft: 'draft4',
		file: 'optional/format',
		group: 'validation of URIs',
		test: 'a valid protocol-relative URI',
		kind: 'differs',
		reason:
			'this old copy says "//foo.bar/?baz=qux#quux" is a uri; the current 2020-12 and draft-07 files (and RFC 3986) say it is not, as it has no scheme',
	},
];

/** draft-04 keeps every format in one file: only the groups of formats this node checks run. */
const DRAFT4_FORMAT_FILE = 'optional/format';

function excludedEntry(draft, file, group, test) {
	return EXCLUDED.find(
		(entry) =>
			entry.draft === draft &&
			entry.file === file &&
			entry.group === group.description &&
			(entry.test === undefined || entry.test === test?.description),
	);
}

/** Runs one keyword file: passes, failures (described) and the excluded cases seen. */
function runFile(draft, file, folder) {
	const groups = JSON.parse(fs.readFileSync(path.join(folder, draft, `${file}.json`), 'utf8'));
	/** @type {{ passed: number, failures: string[], excluded: string[] }} */
	const result = { passed: 0, failures: [], excluded: [] };
	for (const group of groups) {
		if (file === DRAFT4_FORMAT_FILE && !CHECKED_FORMATS[group.schema.format]) {
			result.excluded.push(
				...group.tests.map((test) => `${group.description} / ${test.description}`),
			);
			continue;
		}
		const groupExclusion = excludedEntry(draft, file, group);
		if (groupExclusion?.kind === 'refused') {
			if (checkSchema(group.schema).length === 0)
				result.failures.push(`${group.description}: listed as refused but the schema was accepted`);
			result.excluded.push(
				...group.tests.map((test) => `${group.description} / ${test.description}`),
			);
			continue;
		}
		const problems = checkSchema(group.schema);
		if (problems.length > 0) {
			result.failures.push(`${group.description}: schema refused (${problems[0]})`);
			continue;
		}
		for (const test of group.tests) {
			const valid = validate(group.schema, test.data).length === 0;
			const exclusion = excludedEntry(draft, file, group, test);
			if (exclusion?.kind === 'differs') {
				if (valid === test.valid)
					result.failures.push(
						`${group.description} / ${test.description}: listed as differing but passes`,
					);
				result.excluded.push(`${group.description} / ${test.description}`);
			} else if (valid === test.valid) {
				result.passed++;
			} else {
				result.failures.push(
					`${group.description} / ${test.description}: expected ${test.valid ? 'valid' : 'invalid'}`,
				);
			}
		}
	}
	return result;
}

const seen = {};

for (const leg of LEGS) {
	const { id, draft, source, folder, files } = leg;
	const present = folder !== undefined && fs.existsSync(path.join(folder, draft));
	if (!present && !leg.required) {
		process.stdout.write(
			`[json-schema-suite] ${id} skipped: set JSON_SCHEMA_TEST_SUITE to a checkout of https://github.com/json-schema-org/JSON-Schema-Test-Suite to run it\n`,
		);
		describe.skip(`JSON-Schema-Test-Suite ${draft} (${source}: JSON_SCHEMA_TEST_SUITE not set)`, () =>
			test.todo('needs a checkout'));
		continue;
	}
	describe(`JSON-Schema-Test-Suite ${draft} (${source})`, () => {
		if (!present) {
			// A suite that silently skips would hide a broken validator: missing files fail.
			test('the suite files are installed', () => {
				throw new Error(`${path.join(folder ?? '', draft)} is missing: ${leg.hint}`);
			});
			return;
		}
		for (const file of files) {
			test(`${file}.json: every case passes`, () => {
				const result = runFile(draft, file, folder);
				(seen[id] ??= {})[file] = { passed: result.passed, excluded: result.excluded.length };
				expect(result.failures).toEqual([]);
				expect(seen[id][file]).toEqual(COUNTS[id][file]);
			});
		}
	});
}

// SUITE_COUNTS=1 prints the counts (to update COUNTS after a suite or validator change).
afterAll(() => {
	if (process.env.SUITE_COUNTS) process.stdout.write(`${JSON.stringify(seen, null, 1)}\n`);
});
