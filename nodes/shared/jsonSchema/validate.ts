import { checkNumber, checkObject, checkString, type SchemaError } from './keywords';
import { resolveRef } from './ref';
import {
	childPath,
	hasOwn,
	isObject,
	jsonEqual,
	jsonType,
	matchesType,
	preview,
	type JsonObject,
} from './values';

/**
 * A small JSON Schema validator (draft 2020-12, and draft-07's array form of `items`) for the
 * keywords listed in checkSchema's file. Call checkSchema first: this assumes a usable schema.
 * Every error names where in the value it is ($, $.flights[0].price) and what is wrong.
 */

export type { SchemaError } from './keywords';

interface Context {
	root: unknown;
	/** draft-04..07: keywords next to $ref are ignored. */
	legacyRef: boolean;
	refDepth: number;
}

const MAX_REF_DEPTH = 64;

export function validate(schema: unknown, value: unknown): SchemaError[] {
	const draft = isObject(schema) && typeof schema.$schema === 'string' ? schema.$schema : '';
	const context: Context = { root: schema, legacyRef: /draft-0[4-7]/.test(draft), refDepth: 0 };
	const errors: SchemaError[] = [];
	check(schema, value, '$', context, errors);
	return errors;
}

function check(
	schema: unknown,
	value: unknown,
	path: string,
	context: Context,
	errors: SchemaError[],
): void {
	if (schema === false) errors.push({ path, message: 'is not allowed here (the schema is false)' });
	if (!isObject(schema)) return;
	if (typeof schema.$ref === 'string') {
		checkRef(schema.$ref, value, path, context, errors);
		if (context.legacyRef) return;
	}
	checkTypeEnumConst(schema, value, path, errors);
	if (typeof value === 'number') checkNumber(schema, value, path, errors);
	if (typeof value === 'string') checkString(schema, value, path, errors);
	if (Array.isArray(value)) checkArray(schema, value, path, context, errors);
	if (isObject(value))
		checkObject(schema, value, path, errors, (sub, entry, at, found) =>
			check(sub, entry, at, context, found),
		);
	checkCombinations(schema, value, path, context, errors);
}

function checkRef(
	ref: string,
	value: unknown,
	path: string,
	context: Context,
	errors: SchemaError[],
): void {
	if (context.refDepth >= MAX_REF_DEPTH) {
		errors.push({
			path,
			message: `the schema's $ref "${ref}" nests more than ${MAX_REF_DEPTH} levels deep (a loop?)`,
		});
		return;
	}
	context.refDepth++;
	check(resolveRef(context.root, ref), value, path, context, errors);
	context.refDepth--;
}

function checkTypeEnumConst(
	schema: JsonObject,
	value: unknown,
	path: string,
	errors: SchemaError[],
): void {
	if (hasOwn(schema, 'type')) {
		const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
		if (!types.some((type) => matchesType(value, type))) {
			const actual =
				typeof value === 'number' && !Number.isInteger(value) && types.includes('integer')
					? 'a number with a fraction'
					: jsonType(value);
			errors.push({ path, message: `must be ${types.join(' or ')}, got ${actual}` });
		}
	}
	if (Array.isArray(schema.enum) && !schema.enum.some((option) => jsonEqual(option, value))) {
		errors.push({
			path,
			message: `must be one of ${schema.enum.map((option) => preview(option, 40)).join(', ')}`,
		});
	}
	if (hasOwn(schema, 'const') && !jsonEqual(schema.const, value)) {
		errors.push({ path, message: `must be ${preview(schema.const)}` });
	}
}

function checkArray(
	schema: JsonObject,
	value: unknown[],
	path: string,
	context: Context,
	errors: SchemaError[],
): void {
	if (typeof schema.minItems === 'number' && value.length < schema.minItems)
		errors.push({
			path,
			message: `must have at least ${schema.minItems} items, got ${value.length}`,
		});
	if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
		errors.push({
			path,
			message: `must have at most ${schema.maxItems} items, got ${value.length}`,
		});
	if (schema.uniqueItems === true) {
		const duplicate = value.findIndex((entry, index) =>
			value.slice(0, index).some((earlier) => jsonEqual(earlier, entry)),
		);
		if (duplicate >= 0)
			errors.push({
				path: childPath(path, duplicate),
				message: 'repeats an earlier item (uniqueItems is true)',
			});
	}
	// The first items: prefixItems (2020-12) or an array under items (draft-07). The rest: items (2020-12) or additionalItems (draft-07).
	const tuple = Array.isArray(schema.prefixItems)
		? schema.prefixItems
		: Array.isArray(schema.items)
			? schema.items
			: [];
	const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
	value.forEach((entry, index) => {
		const itemSchema = index < tuple.length ? tuple[index] : rest;
		if (itemSchema !== undefined) check(itemSchema, entry, childPath(path, index), context, errors);
	});
}

function checkCombinations(
	schema: JsonObject,
	value: unknown,
	path: string,
	context: Context,
	errors: SchemaError[],
): void {
	const errorsOf = (sub: unknown): SchemaError[] => {
		const found: SchemaError[] = [];
		check(sub, value, path, context, found);
		return found;
	};
	if (Array.isArray(schema.allOf)) for (const sub of schema.allOf) errors.push(...errorsOf(sub));
	if (Array.isArray(schema.anyOf) && !schema.anyOf.some((sub) => errorsOf(sub).length === 0)) {
		errors.push({
			path,
			message: `must match at least one of the ${schema.anyOf.length} schemas in anyOf`,
		});
	}
	if (Array.isArray(schema.oneOf)) {
		const matching = schema.oneOf.filter((sub) => errorsOf(sub).length === 0).length;
		if (matching !== 1)
			errors.push({
				path,
				message: `must match exactly one of the ${schema.oneOf.length} schemas in oneOf, matched ${matching}`,
			});
	}
	if (hasOwn(schema, 'not') && errorsOf(schema.not).length === 0)
		errors.push({ path, message: 'must not match the schema in not' });
}
