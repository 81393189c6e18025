import { resolveRef } from './ref';
import { compilePattern, hasOwn, isObject, type JsonObject } from './values';

/**
 * Checks that a schema is one this validator understands, before anything uses it. A keyword
 * it does not implement but that would change the result (uniqueItems, if/then/else, a remote
 * $ref...) is refused rather than silently ignored; annotations and unknown words are ignored,
 * as JSON Schema says.
 */

export const TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];

const UNSUPPORTED = [
	'$dynamicRef',
	'$recursiveRef',
	'unevaluatedProperties',
	'unevaluatedItems',
	'if',
	'then',
	'else',
	'contains',
	'minContains',
	'maxContains',
	'dependencies',
];

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SUBSCHEMAS = ['additionalProperties', 'additionalItems', 'propertyNames', 'not'];
const SCHEMA_LISTS = ['prefixItems', 'allOf', 'anyOf', 'oneOf'];
const NUMBERS = ['minimum', 'maximum'];
const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'];

/** Problems found, each as "at <JSON pointer into the schema>: <what is wrong>"; empty when usable. */
export function checkSchema(root: unknown): string[] {
	const problems: string[] = [];
	walk(root, '#', root, problems);
	return problems;
}

function walk(schema: unknown, at: string, root: unknown, problems: string[]): void {
	if (typeof schema === 'boolean') return;
	if (!isObject(schema)) {
		problems.push(`at ${at}: a schema must be an object or a boolean (got ${describe(schema)})`);
		return;
	}
	const fail = (keyword: string, message: string) =>
		problems.push(`at ${at}/${keyword}: ${message}`);
	for (const keyword of UNSUPPORTED)
		if (hasOwn(schema, keyword))
			fail(keyword, `"${keyword}" is not supported by this node's validator`);
	checkType(schema, fail);
	if (hasOwn(schema, 'enum') && !Array.isArray(schema.enum)) fail('enum', 'must be an array');
	if (hasOwn(schema, 'required') && !isStringList(schema.required))
		fail('required', 'must be an array of property names');
	if (hasOwn(schema, 'uniqueItems') && typeof schema.uniqueItems !== 'boolean')
		fail('uniqueItems', 'must be true or false');
	if (
		hasOwn(schema, 'multipleOf') &&
		!(typeof schema.multipleOf === 'number' && schema.multipleOf > 0)
	)
		fail('multipleOf', 'must be a number above 0');
	if (hasOwn(schema, 'dependentRequired')) {
		const map = schema.dependentRequired;
		if (!isObject(map) || !Object.values(map).every(isStringList))
			fail('dependentRequired', 'must map property names to arrays of property names');
	}
	if (hasOwn(schema, 'pattern'))
		checkPattern(schema.pattern, (message) => fail('pattern', message));
	if (hasOwn(schema, 'format') && typeof schema.format !== 'string')
		fail('format', 'must be a string');
	if (hasOwn(schema, '$ref')) checkRef(schema.$ref, root, (message) => fail('$ref', message));
	for (const keyword of NUMBERS)
		if (hasOwn(schema, keyword) && typeof schema[keyword] !== 'number')
			fail(keyword, 'must be a number');
	for (const keyword of ['exclusiveMinimum', 'exclusiveMaximum']) {
		if (hasOwn(schema, keyword) && !['number', 'boolean'].includes(typeof schema[keyword]))
			fail(keyword, 'must be a number');
	}
	for (const keyword of COUNTS) {
		const value = schema[keyword];
		if (
			hasOwn(schema, keyword) &&
			!(typeof value === 'number' && Number.isInteger(value) && value >= 0)
		)
			fail(keyword, 'must be a whole number, 0 or more');
	}
	walkChildren(schema, at, root, problems, fail);
}

function walkChildren(
	schema: JsonObject,
	at: string,
	root: unknown,
	problems: string[],
	fail: (keyword: string, message: string) => void,
): void {
	for (const keyword of SCHEMA_MAPS) {
		if (!hasOwn(schema, keyword)) continue;
		const map = schema[keyword];
		if (!isObject(map)) {
			fail(keyword, 'must be an object whose values are schemas');
			continue;
		}
		for (const [name, child] of Object.entries(map)) {
			if (keyword === 'patternProperties')
				checkPattern(name, (message) => fail(`${keyword}/${escape(name)}`, message));
			walk(child, `${at}/${keyword}/${escape(name)}`, root, problems);
		}
	}
	for (const keyword of SUBSCHEMAS)
		if (hasOwn(schema, keyword)) walk(schema[keyword], `${at}/${keyword}`, root, problems);
	const lists = [...SCHEMA_LISTS, ...(Array.isArray(schema.items) ? ['items'] : [])];
	if (hasOwn(schema, 'items') && !Array.isArray(schema.items))
		walk(schema.items, `${at}/items`, root, problems);
	for (const keyword of lists) {
		if (!hasOwn(schema, keyword)) continue;
		const list = schema[keyword];
		if (!Array.isArray(list) || list.length === 0) {
			fail(keyword, 'must be a non-empty array of schemas');
			continue;
		}
		list.forEach((child, index) => walk(child, `${at}/${keyword}/${index}`, root, problems));
	}
}

function checkType(schema: JsonObject, fail: (keyword: string, message: string) => void): void {
	if (!hasOwn(schema, 'type')) return;
	const types = Array.isArray(schema.type) ? schema.type : [schema.type];
	const unknown = types.filter((type) => typeof type !== 'string' || !TYPES.includes(type));
	if (types.length === 0 || unknown.length > 0) {
		fail(
			'type',
			`must be one of ${TYPES.join(', ')} (or an array of them); got ${describe(schema.type)}`,
		);
	} else if (new Set(types).size !== types.length) {
		fail('type', 'must not list a type twice');
	}
}

function checkPattern(pattern: unknown, fail: (message: string) => void): void {
	if (typeof pattern !== 'string') return fail('must be a regular expression as a string');
	try {
		compilePattern(pattern);
	} catch (error) {
		fail(`is not a valid regular expression (${(error as Error).message})`);
	}
}

function checkRef(ref: unknown, root: unknown, fail: (message: string) => void): void {
	if (typeof ref !== 'string') return fail('must be a string');
	if (!ref.startsWith('#'))
		return fail(`only references inside this schema ("#/$defs/...") are supported; got "${ref}"`);
	if (resolveRef(root, ref) === undefined) fail(`points to nothing in this schema: "${ref}"`);
}

function isStringList(value: unknown): boolean {
	return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function escape(name: string): string {
	return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describe(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
