import { CHECKED_FORMATS } from './formats';
import { childPath, compilePattern, hasOwn, isObject, type JsonObject } from './values';

/**
 * The keyword checks of one value that do not depend on where the schema came from: numbers,
 * strings, and an object's own keywords. Sub-schemas are checked through `check`, which the
 * validator passes in (it carries $ref resolution and the draft).
 */

export interface SchemaError {
	path: string;
	message: string;
}

export type CheckChild = (
	schema: unknown,
	value: unknown,
	path: string,
	errors: SchemaError[],
) => void;

export function checkNumber(
	schema: JsonObject,
	value: number,
	path: string,
	errors: SchemaError[],
): void {
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

export function checkString(
	schema: JsonObject,
	value: string,
	path: string,
	errors: SchemaError[],
): void {
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

export function checkObject(
	schema: JsonObject,
	value: JsonObject,
	path: string,
	errors: SchemaError[],
	check: CheckChild,
): void {
	checkObjectCounts(schema, value, path, errors);
	for (const [name, entry] of Object.entries(value))
		checkProperty(schema, name, entry, childPath(path, name), errors, check);
	if (isObject(schema.dependentSchemas)) {
		for (const [name, sub] of Object.entries(schema.dependentSchemas))
			if (hasOwn(value, name)) check(sub, value, path, errors);
	}
}

/** required, minProperties, maxProperties and dependentRequired. */
function checkObjectCounts(
	schema: JsonObject,
	value: JsonObject,
	path: string,
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
}

/** One property: properties, patternProperties, additionalProperties and propertyNames. */
function checkProperty(
	schema: JsonObject,
	name: string,
	entry: unknown,
	at: string,
	errors: SchemaError[],
	check: CheckChild,
): void {
	const properties = isObject(schema.properties) ? schema.properties : {};
	const patterns = isObject(schema.patternProperties) ? schema.patternProperties : {};
	const matched = Object.entries(patterns).filter(([pattern]) =>
		compilePattern(pattern).test(name),
	);
	if (hasOwn(properties, name)) check(properties[name], entry, at, errors);
	for (const [, sub] of matched) check(sub, entry, at, errors);
	const additional = !hasOwn(properties, name) && matched.length === 0;
	if (additional && schema.additionalProperties === false)
		errors.push({ path: at, message: 'is not allowed (additionalProperties is false)' });
	else if (additional && hasOwn(schema, 'additionalProperties'))
		check(schema.additionalProperties, entry, at, errors);
	if (hasOwn(schema, 'propertyNames')) {
		const nameErrors: SchemaError[] = [];
		check(schema.propertyNames, name, at, nameErrors);
		errors.push(
			...nameErrors.map((error) => ({
				path: at,
				message: `property name ${JSON.stringify(name)} ${error.message}`,
			})),
		);
	}
}
