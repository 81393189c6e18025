import type { IDataObject, IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import {
	checkSchema,
	schemaFromExample,
	validate,
	type SchemaError,
} from '../../shared/jsonSchema';
import { parameterError } from '../../shared/parameters';
import { preview } from '../../shared/transport';
import { taskObject } from './api';
import { answerSources, jsonValuesIn } from './answerJson';

/**
 * Structured output: the options Output JSON Schema / Output JSON Example ask the agent for one
 * JSON value of a given shape (an instruction appended to the task) and check what came back.
 * Output: structured_output (the matching value, else null) and structured_output_errors.
 */

export interface StructuredSpec {
	schema: unknown;
	/** Set when the schema was derived from an example (the example is shown to the agent too). */
	example?: unknown;
	failOnMismatch: boolean;
}

export interface StructuredResult {
	value: unknown;
	errors: SchemaError[];
}

/** Appended to the task text, word for word as in the README ("Structured output"). */
export const ANSWER_INSTRUCTION =
	'When you are done, give your final answer as exactly one JSON value that matches the JSON Schema below: only the JSON, with no text around it and no second JSON value.';

export function withAnswerInstruction(task: string, spec: StructuredSpec): string {
	const lines = [task, '', ANSWER_INSTRUCTION, `JSON Schema: ${JSON.stringify(spec.schema)}`];
	if (spec.example !== undefined)
		lines.push(`Example of such an answer: ${JSON.stringify(spec.example)}`);
	return lines.join('\n');
}

function isSet(value: unknown): boolean {
	return (
		value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')
	);
}

function optionError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	problem: string,
	description: string,
): NodeOperationError {
	return parameterError(ctx.getNode(), itemIndex, parameter, problem, description);
}

/** Reads the structured-output options of one item; bad JSON or an unusable schema throws before any request. */
export function readStructuredSpec(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): StructuredSpec | undefined {
	const hasSchema = isSet(options.outputSchema);
	const hasExample = isSet(options.outputExample);
	if (hasSchema && hasExample) {
		throw optionError(
			ctx,
			itemIndex,
			'options.outputSchema',
			'cannot be used together with options.outputExample',
			'Keep one of the two options: Output JSON Schema (a JSON Schema) or Output JSON Example (an example answer; the node derives the schema from it).',
		);
	}
	if (!hasSchema && !hasExample) return undefined;
	const parameter = hasSchema ? 'options.outputSchema' : 'options.outputExample';
	const raw = hasSchema ? options.outputSchema : options.outputExample;
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch (error) {
			throw optionError(
				ctx,
				itemIndex,
				parameter,
				`is not valid JSON (${(error as Error).message})`,
				`Got: ${preview(raw, 100)}`,
			);
		}
	}
	const failOnMismatch = options.failOnSchemaMismatch === true;
	if (!hasSchema) return { schema: schemaFromExample(parsed), example: parsed, failOnMismatch };
	const problems = checkSchema(parsed);
	if (problems.length > 0) {
		throw optionError(
			ctx,
			itemIndex,
			parameter,
			`is not a usable JSON Schema: ${problems[0]}`,
			`Problems: ${problems.slice(0, 10).join('; ')}. Supported: draft 2020-12 / draft-07 keywords for types, objects, arrays, numbers, strings, enum, const, allOf/anyOf/oneOf/not and $ref inside the schema.`,
		);
	}
	return { schema: parsed, failOnMismatch };
}

/**
 * Checks the agent's final answer against the schema. The JSON is taken from `result` or the
 * final done text, else from the newest extracted content that holds JSON; of several values
 * in that text the last matching one wins, and when none matches the last one's errors are given.
 */
export function evaluateAnswer(spec: StructuredSpec, body: unknown): StructuredResult {
	const task = taskObject(body);
	if (task.status !== 'finished') {
		const status = typeof task.status === 'string' ? `"${task.status}"` : 'not known yet';
		return {
			value: null,
			errors: [{ path: '$', message: `no final answer to check: the task's status is ${status}` }],
		};
	}
	const { finalAnswer, extracted } = answerSources(task);
	const candidates = firstHoldingJson(finalAnswer) ?? firstHoldingJson(extracted);
	if (candidates === undefined) {
		return {
			value: null,
			errors: [
				{
					path: '$',
					message:
						"the agent's answer holds no JSON value (looked in result, the final done text and the extracted content)",
				},
			],
		};
	}
	for (const value of [...candidates].reverse())
		if (validate(spec.schema, value).length === 0) return { value, errors: [] };
	return { value: null, errors: validate(spec.schema, candidates[candidates.length - 1]) };
}

function firstHoldingJson(texts: unknown[]): unknown[] | undefined {
	for (const text of texts) {
		const values = jsonValuesIn(text);
		if (values.length > 0) return values;
	}
	return undefined;
}

/** Kept whole in a tool answer while other fields are cut, so the model sees the checked value. */
export const STRUCTURED_FIELDS = ['structured_output', 'structured_output_errors'] as const;

export function structuredFields(result: StructuredResult): IDataObject {
	return {
		structured_output: result.value as IDataObject,
		structured_output_errors: result.errors as unknown as IDataObject[],
	};
}

/** "$.price must be number, got string; $.airline is required but missing (and 2 more)". */
export function summarizeErrors(errors: SchemaError[], max = 3): string {
	const shown = errors.slice(0, max).map((error) => `${error.path} ${error.message}`);
	return `${shown.join('; ')}${errors.length > max ? ` (and ${errors.length - max} more)` : ''}`;
}
