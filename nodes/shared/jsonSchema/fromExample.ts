import { isObject } from './values';

/**
 * The schema an example stands for: every key of every object required, each type taken from
 * the example's value (numbers as "number", so 3 also accepts 2.5), arrays typed by their first
 * element (an empty array accepts any items). Extra keys are allowed.
 */
export function schemaFromExample(example: unknown): Record<string, unknown> {
	if (example === null) return { type: 'null' };
	if (Array.isArray(example)) {
		return example.length > 0
			? { type: 'array', items: schemaFromExample(example[0]) }
			: { type: 'array' };
	}
	if (isObject(example)) {
		const properties: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(example)) properties[key] = schemaFromExample(value);
		return { type: 'object', properties, required: Object.keys(example) };
	}
	return { type: typeof example === 'number' ? 'number' : typeof example };
}
