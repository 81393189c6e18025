'use strict';
// nodes/shared/jsonSchema: the exact paths and messages users see, schema refusals, and the
// schema derived from an example. The official suite runs in json-schema-suite.test.js.

const { checkSchema, validate, schemaFromExample } = require('../../dist/nodes/shared/jsonSchema');

const flights = {
	type: 'object',
	properties: {
		flights: {
			type: 'array',
			minItems: 1,
			items: {
				type: 'object',
				properties: {
					airline: { type: 'string', minLength: 2 },
					price: { type: 'number', minimum: 0 },
					departure: { type: 'string', format: 'date-time' },
					'gate code': { type: ['string', 'null'], pattern: '^[A-Z][0-9]+$' },
				},
				required: ['airline', 'price', 'departure'],
				additionalProperties: false,
			},
		},
	},
	required: ['flights'],
};

describe('validate: paths and messages', () => {
	test('a matching value has no errors', () => {
		expect(
			validate(flights, {
				flights: [
					{
						airline: 'LH',
						price: 129.5,
						departure: '2025-04-09T07:15:00+02:00',
						'gate code': null,
					},
				],
			}),
		).toEqual([]);
	});

	test('missing required key, wrong type and extra key each name their path', () => {
		const value = {
			flights: [
				{ airline: 'LH', price: '129', departure: '2025-04-09T07:15:00Z' },
				{ airline: 'AF', departure: 'tomorrow', seat: '12A' },
			],
		};
		expect(validate(flights, value)).toEqual([
			{ path: '$.flights[0].price', message: 'must be number, got string' },
			{ path: '$.flights[1].price', message: 'is required but missing' },
			{
				path: '$.flights[1].departure',
				message: 'must be a date-time such as 2025-04-09T14:30:00Z (RFC 3339)',
			},
			{ path: '$.flights[1].seat', message: 'is not allowed (additionalProperties is false)' },
		]);
	});

	test('keys that are not identifiers are quoted, type lists and patterns are explained', () => {
		expect(
			validate(flights, {
				flights: [
					{ airline: 'LH', price: 1, departure: '2025-04-09T07:15:00Z', 'gate code': 'b7' },
				],
			}),
		).toEqual([
			{ path: '$.flights[0]["gate code"]', message: 'must match the pattern ^[A-Z][0-9]+$' },
		]);
		expect(
			validate(flights, {
				flights: [{ airline: 'LH', price: 1, departure: '2025-04-09T07:15:00Z', 'gate code': 7 }],
			}),
		).toEqual([
			{ path: '$.flights[0]["gate code"]', message: 'must be string or null, got number' },
		]);
	});

	test('root-level, length, count, enum, const, bounds and format messages', () => {
		expect(validate(flights, [])).toEqual([{ path: '$', message: 'must be object, got array' }]);
		expect(validate(flights, { flights: [] })).toEqual([
			{ path: '$.flights', message: 'must have at least 1 items, got 0' },
		]);
		expect(validate({ type: 'string', maxLength: 3 }, 'four')).toEqual([
			{ path: '$', message: 'must be at most 3 characters long, got 4' },
		]);
		expect(validate({ type: 'string', minLength: 2 }, '😀')).toEqual([
			{ path: '$', message: 'must be at least 2 characters long, got 1' },
		]);
		expect(validate({ enum: ['economy', 'business'] }, 'first')).toEqual([
			{ path: '$', message: 'must be one of "economy", "business"' },
		]);
		expect(validate({ const: { ok: true } }, { ok: false })).toEqual([
			{ path: '$', message: 'must be {"ok":true}' },
		]);
		expect(validate({ maximum: 5, exclusiveMinimum: 0 }, 0)).toEqual([
			{ path: '$', message: 'must be > 0' },
		]);
		expect(validate({ maximum: 5 }, 6)).toEqual([{ path: '$', message: 'must be <= 5' }]);
		expect(validate({ type: 'integer' }, 2.5)).toEqual([
			{ path: '$', message: 'must be integer, got a number with a fraction' },
		]);
		expect(validate({ format: 'email' }, 'joe@')).toEqual([
			{ path: '$', message: 'must be an email address' },
		]);
		expect(validate({ format: 'uri' }, '/relative/path')).toEqual([
			{ path: '$', message: 'must be an absolute URI such as https://example.com/page' },
		]);
		expect(validate({ format: 'date' }, '2025-02-29')).toEqual([
			{ path: '$', message: 'must be a date such as 2025-04-09 (RFC 3339 full-date)' },
		]);
		expect(validate({ format: 'hostname' }, '???')).toEqual([]); // not checked: an annotation
		expect(validate({ type: 'array', maxItems: 1, uniqueItems: true }, [1, 1])).toEqual([
			{ path: '$', message: 'must have at most 1 items, got 2' },
			{ path: '$[1]', message: 'repeats an earlier item (uniqueItems is true)' },
		]);
	});

	test('local $ref and $defs', () => {
		const schema = {
			$defs: { price: { type: 'number' } },
			type: 'array',
			items: { $ref: '#/$defs/price' },
		};
		expect(validate(schema, [1, 'x'])).toEqual([
			{ path: '$[1]', message: 'must be number, got string' },
		]);
	});

	test('a $ref loop ends with an error instead of a stack overflow', () => {
		const errors = validate({ $defs: { a: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' }, 1);
		expect(errors).toEqual([
			{
				path: '$',
				message: 'the schema\'s $ref "#/$defs/a" nests more than 64 levels deep (a loop?)',
			},
		]);
	});
});

describe('checkSchema: schemas refused before use', () => {
	test('a usable schema has no problems', () => {
		expect(checkSchema(flights)).toEqual([]);
		expect(checkSchema(true)).toEqual([]);
	});

	test('each problem names its place in the schema', () => {
		expect(
			checkSchema({
				type: 'obj',
				properties: { a: { minLength: -1 }, b: 'string' },
				required: 'a',
				pattern: '([a-z',
				items: [],
				if: { type: 'string' },
				$ref: 'https://example.com/schema.json',
			}),
		).toEqual([
			'at #/if: "if" is not supported by this node\'s validator',
			'at #/type: must be one of null, boolean, object, array, number, integer, string (or an array of them); got "obj"',
			'at #/required: must be an array of property names',
			'at #/pattern: is not a valid regular expression (Invalid regular expression: /([a-z/: Unterminated character class)',
			'at #/$ref: only references inside this schema ("#/$defs/...") are supported; got "https://example.com/schema.json"',
			'at #/properties/a/minLength: must be a whole number, 0 or more',
			'at #/properties/b: a schema must be an object or a boolean (got "string")',
			'at #/items: must be a non-empty array of schemas',
		]);
	});

	test('a $ref that points to nothing, and a top-level value that is not a schema', () => {
		expect(checkSchema({ $ref: '#/$defs/missing' })).toEqual([
			'at #/$ref: points to nothing in this schema: "#/$defs/missing"',
		]);
		expect(checkSchema([{ type: 'string' }])).toEqual([
			'at #: a schema must be an object or a boolean (got [{"type":"string"}])',
		]);
	});
});

describe('schemaFromExample', () => {
	test('every key required, types from the values, arrays from their first element', () => {
		const schema = schemaFromExample({
			flights: [{ airline: 'LH', price: 129, direct: true, note: null }],
			tags: [],
		});
		expect(schema).toEqual({
			type: 'object',
			properties: {
				flights: {
					type: 'array',
					items: {
						type: 'object',
						properties: {
							airline: { type: 'string' },
							price: { type: 'number' },
							direct: { type: 'boolean' },
							note: { type: 'null' },
						},
						required: ['airline', 'price', 'direct', 'note'],
					},
				},
				tags: { type: 'array' },
			},
			required: ['flights', 'tags'],
		});
		expect(checkSchema(schema)).toEqual([]);
		expect(
			validate(schema, {
				flights: [{ airline: 'AF', price: 99.9, direct: false, note: null }],
				tags: ['x'],
			}),
		).toEqual([]);
		expect(validate(schema, { flights: [{ airline: 'AF', price: 99.9, direct: false }] })).toEqual([
			{ path: '$.tags', message: 'is required but missing' },
			{ path: '$.flights[0].note', message: 'is required but missing' },
		]);
	});
});
