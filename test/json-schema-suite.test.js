'use strict';
// The official JSON-Schema-Test-Suite against nodes/shared/jsonSchema: every case of every
// keyword file this validator claims, with an explicit list of the few cases left out (and why).
// - draft4: from the npm devDependency json-schema-test-suite@0.0.10 (always runs);
// - draft2020-12 and draft7: no npm package ships them, so they run from a checkout of the suite
//   named by JSON_SCHEMA_TEST_SUITE (the folder holding tests/); without it they are skipped.
// The pass counts per file are asserted, so the numbers in the README stay true. They are those
// of the suite at commit 44401e0c; SUITE_COUNTS=1 prints the counts of another checkout.

const fs = require('node:fs');
const path = require('node:path');

const { checkSchema, validate, CHECKED_FORMATS } = require('../dist/nodes/shared/jsonSchema');

const NPM_SUITE = path.join(path.dirname(require.resolve('json-schema-test-suite/package.json')), 'tests');
const OFFICIAL_SUITE = process.env.JSON_SCHEMA_TEST_SUITE ? path.join(process.env.JSON_SCHEMA_TEST_SUITE, 'tests') : undefined;

const CORE = ['type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'items', 'minItems', 'maxItems', 'uniqueItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minProperties', 'maxProperties', 'allOf', 'anyOf', 'oneOf', 'not', 'boolean_schema', 'format'];
const FORMATS = ['date-time', 'date', 'email', 'uri'].map((name) => `optional/format/${name}`);

/** The keyword files this validator claims, per draft, and where they come from. */
const EXPECTED = {
	'draft2020-12': { folder: OFFICIAL_SUITE, files: [...CORE, 'prefixItems', 'dependentRequired', 'dependentSchemas', 'ref', 'infinite-loop-detection', ...FORMATS] },
	draft7: { folder: OFFICIAL_SUITE, files: [...CORE, 'additionalItems', 'ref', 'infinite-loop-detection', ...FORMATS] },
	draft4: {
		folder: NPM_SUITE,
		files: ['type', 'enum', 'properties', 'required', 'additionalProperties', 'patternProperties', 'items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minProperties', 'maxProperties', 'allOf', 'anyOf', 'oneOf', 'not', 'optional/format'],
	},
};

/**
 * Cases left out, each with its reason. `refused`: the schema uses a keyword this validator does
 * not implement, so checkSchema must refuse it (checked below); `differs`: the suite expects
 * behaviour this node deliberately does not have (checked to fail in exactly that direction).
 */
const REF_REASON = 'needs what this node refuses: references by $id, $anchor or URN, to other documents, or if/then/else and unevaluatedProperties';
const REFUSED_REFS = {
	'draft2020-12': ['remote ref, containing refs itself', 'Recursive references between schemas', 'ref creates new scope when adjacent to keywords', 'refs with relative uris and defs', 'relative refs with absolute uris and defs', '$id must be resolved against nearest parent, not just immediate parent', 'order of evaluation: $id and $ref', 'order of evaluation: $id and $anchor and $ref', 'order of evaluation: $id and $ref on nested schema', 'simple URN base URI with $ref via the URN', 'URN base URI with URN and JSON pointer ref', 'URN base URI with URN and anchor ref', 'URN ref with nested pointer ref', 'ref to if', 'ref to then', 'ref to else', 'ref with absolute-path-reference'],
	draft7: ['$ref prevents a sibling $id from changing the base uri', 'remote ref, containing refs itself', 'Recursive references between schemas', 'Location-independent identifier', 'Reference an anchor with a non-relative URI', 'Location-independent identifier with base URI change in subschema', 'refs with relative uris and defs', 'relative refs with absolute uris and defs', '$id must be resolved against nearest parent, not just immediate parent', 'simple URN base URI with $ref via the URN', 'URN base URI with URN and JSON pointer ref', 'URN base URI with URN and anchor ref', 'ref to if', 'ref to then', 'ref to else', 'ref with absolute-path-reference'],
};

const EXCLUDED = [
	...Object.entries(REFUSED_REFS).flatMap(([draft, groups]) => groups.map((group) => ({ draft, file: 'ref', group, kind: 'refused', reason: REF_REASON }))),
	{
		draft: 'draft7',
		file: 'ref',
		group: 'ref overrides any sibling keywords',
		test: 'ref valid, maxItems ignored',
		kind: 'differs',
		reason: 'the suite\'s draft-07 schemas have no $schema, and without one the node reads a schema as 2020-12, where keywords next to $ref apply (with "$schema": "...draft-07..." they are ignored)',
	},
	{ draft: 'draft2020-12', file: 'not', group: "collect annotations inside a 'not', even if collection is disabled", kind: 'refused', reason: 'uses unevaluatedProperties' },
	...['email', 'date', 'date-time', 'uri'].map((format) => ({
		draft: 'draft2020-12',
		file: 'format',
		group: `${format} format`,
		test: `invalid ${format} string is only an annotation by default`,
		kind: 'differs',
		reason: 'this node asserts format (the optional/format files check that), 2020-12 by default only annotates',
	})),
	{
		draft: 'draft4',
		file: 'optional/format',
		group: 'validation of URIs',
		test: 'a valid protocol-relative URI',
		kind: 'differs',
		reason: 'this old copy says "//foo.bar/?baz=qux#quux" is a uri; the current 2020-12 and draft-07 files (and RFC 3986) say it is not, as it has no scheme',
	},
];

/** draft-04 keeps every format in one file: only the groups of formats this node checks run. */
const DRAFT4_FORMAT_FILE = 'optional/format';

function excludedEntry(draft, file, group, test) {
	return EXCLUDED.find(
		(entry) => entry.draft === draft && entry.file === file && entry.group === group.description && (entry.test === undefined || entry.test === test?.description),
	);
}

/** Runs one keyword file: passes, failures (described) and the excluded cases seen. */
function runFile(draft, file, folder) {
	const groups = JSON.parse(fs.readFileSync(path.join(folder, draft, `${file}.json`), 'utf8'));
	const result = { passed: 0, failures: [], excluded: [] };
	for (const group of groups) {
		if (file === DRAFT4_FORMAT_FILE && !CHECKED_FORMATS[group.schema.format]) {
			result.excluded.push(...group.tests.map((test) => `${group.description} / ${test.description}`));
			continue;
		}
		const groupExclusion = excludedEntry(draft, file, group);
		if (groupExclusion?.kind === 'refused') {
			if (checkSchema(group.schema).length === 0) result.failures.push(`${group.description}: listed as refused but the schema was accepted`);
			result.excluded.push(...group.tests.map((test) => `${group.description} / ${test.description}`));
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
				if (valid === test.valid) result.failures.push(`${group.description} / ${test.description}: listed as differing but passes`);
				result.excluded.push(`${group.description} / ${test.description}`);
			} else if (valid === test.valid) {
				result.passed++;
			} else {
				result.failures.push(`${group.description} / ${test.description}: expected ${test.valid ? 'valid' : 'invalid'}`);
			}
		}
	}
	return result;
}

/** Passing and excluded cases per claimed file: draft → file → counts (the README quotes the totals). */
const COUNTS = {
	"draft2020-12": {
		"type": { passed: 80, excluded: 0 },
		"enum": { passed: 51, excluded: 0 },
		"const": { passed: 54, excluded: 0 },
		"properties": { passed: 28, excluded: 0 },
		"required": { passed: 18, excluded: 0 },
		"additionalProperties": { passed: 21, excluded: 0 },
		"patternProperties": { passed: 25, excluded: 0 },
		"propertyNames": { passed: 22, excluded: 0 },
		"items": { passed: 29, excluded: 0 },
		"minItems": { passed: 6, excluded: 0 },
		"maxItems": { passed: 6, excluded: 0 },
		"uniqueItems": { passed: 69, excluded: 0 },
		"minimum": { passed: 11, excluded: 0 },
		"maximum": { passed: 8, excluded: 0 },
		"exclusiveMinimum": { passed: 4, excluded: 0 },
		"exclusiveMaximum": { passed: 4, excluded: 0 },
		"multipleOf": { passed: 11, excluded: 0 },
		"minLength": { passed: 7, excluded: 0 },
		"maxLength": { passed: 7, excluded: 0 },
		"pattern": { passed: 12, excluded: 0 },
		"minProperties": { passed: 10, excluded: 0 },
		"maxProperties": { passed: 10, excluded: 0 },
		"allOf": { passed: 30, excluded: 0 },
		"anyOf": { passed: 18, excluded: 0 },
		"oneOf": { passed: 27, excluded: 0 },
		"not": { passed: 38, excluded: 2 },
		"boolean_schema": { passed: 18, excluded: 0 },
		"format": { passed: 129, excluded: 4 },
		"prefixItems": { passed: 11, excluded: 0 },
		"dependentRequired": { passed: 20, excluded: 0 },
		"dependentSchemas": { passed: 20, excluded: 0 },
		"ref": { passed: 44, excluded: 35 },
		"infinite-loop-detection": { passed: 2, excluded: 0 },
		"optional/format/date-time": { passed: 33, excluded: 0 },
		"optional/format/date": { passed: 81, excluded: 0 },
		"optional/format/email": { passed: 27, excluded: 0 },
		"optional/format/uri": { passed: 46, excluded: 0 },
	},
	"draft7": {
		"type": { passed: 80, excluded: 0 },
		"enum": { passed: 45, excluded: 0 },
		"const": { passed: 54, excluded: 0 },
		"properties": { passed: 28, excluded: 0 },
		"required": { passed: 18, excluded: 0 },
		"additionalProperties": { passed: 16, excluded: 0 },
		"patternProperties": { passed: 23, excluded: 0 },
		"propertyNames": { passed: 22, excluded: 0 },
		"items": { passed: 28, excluded: 0 },
		"minItems": { passed: 6, excluded: 0 },
		"maxItems": { passed: 6, excluded: 0 },
		"uniqueItems": { passed: 69, excluded: 0 },
		"minimum": { passed: 11, excluded: 0 },
		"maximum": { passed: 8, excluded: 0 },
		"exclusiveMinimum": { passed: 4, excluded: 0 },
		"exclusiveMaximum": { passed: 4, excluded: 0 },
		"multipleOf": { passed: 11, excluded: 0 },
		"minLength": { passed: 7, excluded: 0 },
		"maxLength": { passed: 7, excluded: 0 },
		"pattern": { passed: 9, excluded: 0 },
		"minProperties": { passed: 10, excluded: 0 },
		"maxProperties": { passed: 10, excluded: 0 },
		"allOf": { passed: 30, excluded: 0 },
		"anyOf": { passed: 18, excluded: 0 },
		"oneOf": { passed: 27, excluded: 0 },
		"not": { passed: 38, excluded: 0 },
		"boolean_schema": { passed: 18, excluded: 0 },
		"format": { passed: 102, excluded: 0 },
		"additionalItems": { passed: 19, excluded: 0 },
		"ref": { passed: 43, excluded: 35 },
		"infinite-loop-detection": { passed: 2, excluded: 0 },
		"optional/format/date-time": { passed: 33, excluded: 0 },
		"optional/format/date": { passed: 81, excluded: 0 },
		"optional/format/email": { passed: 20, excluded: 0 },
		"optional/format/uri": { passed: 46, excluded: 0 },
	},
	"draft4": {
		"type": { passed: 56, excluded: 0 },
		"enum": { passed: 9, excluded: 0 },
		"properties": { passed: 13, excluded: 0 },
		"required": { passed: 3, excluded: 0 },
		"additionalProperties": { passed: 10, excluded: 0 },
		"patternProperties": { passed: 15, excluded: 0 },
		"items": { passed: 5, excluded: 0 },
		"additionalItems": { passed: 8, excluded: 0 },
		"minItems": { passed: 4, excluded: 0 },
		"maxItems": { passed: 4, excluded: 0 },
		"uniqueItems": { passed: 13, excluded: 0 },
		"minimum": { passed: 5, excluded: 0 },
		"maximum": { passed: 5, excluded: 0 },
		"multipleOf": { passed: 8, excluded: 0 },
		"minLength": { passed: 5, excluded: 0 },
		"maxLength": { passed: 5, excluded: 0 },
		"pattern": { passed: 4, excluded: 0 },
		"minProperties": { passed: 4, excluded: 0 },
		"maxProperties": { passed: 4, excluded: 0 },
		"allOf": { passed: 11, excluded: 0 },
		"anyOf": { passed: 7, excluded: 0 },
		"oneOf": { passed: 7, excluded: 0 },
		"not": { passed: 10, excluded: 0 },
		"optional/format": { passed: 8, excluded: 14 },
	},
};
const seen = {};

for (const [draft, { folder, files }] of Object.entries(EXPECTED)) {
	const run = folder !== undefined && fs.existsSync(path.join(folder, draft)) ? describe : describe.skip;
	run(`JSON-Schema-Test-Suite ${draft} (${folder === NPM_SUITE ? 'npm json-schema-test-suite' : 'JSON_SCHEMA_TEST_SUITE'})`, () => {
		for (const file of files) {
			test(`${file}.json: every case passes`, () => {
				const result = runFile(draft, file, folder);
				(seen[draft] ??= {})[file] = { passed: result.passed, excluded: result.excluded.length };
				expect(result.failures).toEqual([]);
				expect(seen[draft][file]).toEqual(COUNTS[draft][file]);
			});
		}
	});
}

// SUITE_COUNTS=1 prints the counts (to update COUNTS after a suite or validator change).
afterAll(() => {
	if (process.env.SUITE_COUNTS) process.stdout.write(`${JSON.stringify(seen, null, 1)}\n`);
});
