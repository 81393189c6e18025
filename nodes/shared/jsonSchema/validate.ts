import { CHECKED_FORMATS } from './formats';
import { resolveRef } from './ref';
import {
	childPath,
	compilePattern,
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

export interface SchemaError {
	path: string;
	message: string;
}

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
	if (isObject(value)) checkObject(schema, value, path, context, errors);
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

function checkNumber(schema: JsonObject, value: number, path: string, errors: SchemaError[]): void {
	// draft-04 spelled exclusive bounds as booleans next to minimum/maximum.
	const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
	if (typeof minimum === 'number') {
		if (exclusiveMinimum === true ? value <= minimum : value < minimum)
			errors.push({
				path,
				message: `must be ${exclusiveMinimum === true ? '>' : '>='} ${minimum}`,
			});
	}
	if (typeof maximum === 'number') {
		if (exclusiveMaximum === true ? value >= maximum : value > maximum)
			errors.push({
				path,
				message: `must be ${exclusiveMaximum === true ? '<' : '<='} ${maximum}`,
			});
	}
	if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum)
		errors.push({ path, message: `must be > ${exclusiveMinimum}` });
	if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum)
		errors.push({ path, message: `must be < ${exclusiveMaximum}` });
	if (typeof schema.multipleOf === 'number' && !isMultiple(value, schema.multipleOf))
		errors.push({ path, message: `must be a multiple of ${schema.multipleOf}` });
}

/** Tolerates binary rounding: 0.0075 is a multiple of 0.0001 although 0.0075 / 0.0001 is 74.99999999999999. */
function isMultiple(value: number, step: number): boolean {
	const quotient = value / step;
	return (
		Number.isFinite(quotient) &&
		Math.abs(quotient - Math.round(quotient)) <= 1e-9 * Math.max(1, Math.abs(quotient))
	);
}

function checkString(schema: JsonObject, value: string, path: string, errors: SchemaError[]): void {
	// Lengths count characters (code points), so an emoji is one.
	const length = [...value].length;
	if (typeof schema.minLength === 'number' && length < schema.minLength)
		errors.push({
			path,
			message: `must be at least ${schema.minLength} characters long, got ${length}`,
		});
	if (typeof schema.maxLength === 'number' && length > schema.maxLength)
		errors.push({
			path,
			message: `must be at most ${schema.maxLength} characters long, got ${length}`,
		});
	if (typeof schema.pattern === 'string' && !compilePattern(schema.pattern).test(value))
		errors.push({ path, message: `must match the pattern ${schema.pattern}` });
	const format = typeof schema.format === 'string' ? CHECKED_FORMATS[schema.format] : undefined;
	if (format && !format.test(value)) errors.push({ path, message: `must be ${format.label}` });
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

function checkObject(
	schema: JsonObject,
	value: JsonObject,
	path: string,
	context: Context,
	errors: SchemaError[],
): void {
	if (Array.isArray(schema.required)) {
		for (const name of schema.required as string[])
			if (!hasOwn(value, name))
				errors.push({ path: childPath(path, name), message: 'is required but missing' });
	}
	const count = Object.keys(value).length;
	if (typeof schema.minProperties === 'number' && count < schema.minProperties)
		errors.push({
			path,
			message: `must have at least ${schema.minProperties} properties, got ${count}`,
		});
	if (typeof schema.maxProperties === 'number' && count > schema.maxProperties)
		errors.push({
			path,
			message: `must have at most ${schema.maxProperties} properties, got ${count}`,
		});
	if (isObject(schema.dependentRequired)) {
		for (const [name, needed] of Object.entries(schema.dependentRequired)) {
			if (!hasOwn(value, name)) continue;
			for (const other of needed as string[])
				if (!hasOwn(value, other))
					errors.push({
						path: childPath(path, other),
						message: `is required when ${JSON.stringify(name)} is present`,
					});
		}
	}
	const properties = isObject(schema.properties) ? schema.properties : {};
	const patterns = isObject(schema.patternProperties)
		? Object.entries(schema.patternProperties).map(([pattern, sub]) => ({
				regex: compilePattern(pattern),
				sub,
			}))
		: [];
	for (const [name, entry] of Object.entries(value)) {
		const at = childPath(path, name);
		const matched = patterns.filter((pattern) => pattern.regex.test(name));
		if (hasOwn(properties, name)) check(properties[name], entry, at, context, errors);
		for (const pattern of matched) check(pattern.sub, entry, at, context, errors);
		const additional = !hasOwn(properties, name) && matched.length === 0;
		if (additional && schema.additionalProperties === false)
			errors.push({ path: at, message: 'is not allowed (additionalProperties is false)' });
		else if (additional && hasOwn(schema, 'additionalProperties'))
			check(schema.additionalProperties, entry, at, context, errors);
		if (hasOwn(schema, 'propertyNames')) {
			const nameErrors: SchemaError[] = [];
			check(schema.propertyNames, name, at, context, nameErrors);
			errors.push(
				...nameErrors.map((error) => ({
					path: at,
					message: `property name ${JSON.stringify(name)} ${error.message}`,
				})),
			);
		}
	}
	if (isObject(schema.dependentSchemas)) {
		for (const [name, sub] of Object.entries(schema.dependentSchemas))
			if (hasOwn(value, name)) check(sub, value, path, context, errors);
	}
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
