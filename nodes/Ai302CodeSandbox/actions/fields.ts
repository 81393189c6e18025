import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { concurrencyOption } from '../../shared/concurrency';
import { inDisplayOrder } from '../../shared/optionOrder';
import { toolOutputLimitOption } from '../../shared/tool';
import { requestTimeoutOption } from '../../shared/requestTimeout';
import { checkVariableSizes } from '../helpers/itemData';
import { parsePairs, parseSeconds, requireText } from '../helpers/validation';

/** Parameter definitions shared by several operations (same internal names everywhere). */

export function sandboxIdField(description: string): INodeProperties {
	return {
		displayName: 'Sandbox ID',
		name: 'sandboxId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. in4kel8o0ivuzqllab7ln-4b1cc5d5',
		description,
	};
}

/** A field of seconds (Timeout, Max Alive Time), checked; `fallback` is the field's default. */
export function readSecondsField(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: { name: string; label: string; fallback: number },
): number {
	const value = ctx.getNodeParameter(field.name, itemIndex, field.fallback);
	return parseSeconds(ctx.getNode(), itemIndex, field.name, value, field.label);
}

/** Sandbox › Create and Get or Create: the Max Alive Time field's seconds. */
export function readMaxAliveTime(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fallback: number,
): number {
	return readSecondsField(ctx, itemIndex, {
		name: 'maxAliveTime',
		label: 'Max Alive Time (Seconds)',
		fallback,
	});
}

export function timeoutField(defaultSeconds: number, description: string): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: defaultSeconds,
		description,
	};
}

export function pathField(description: string): INodeProperties {
	return {
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '/home/user',
		placeholder: 'e.g. /home/user/report.csv',
		description,
	};
}

/** The Options collection every operation has: concurrency, request timeout and the tool limit, then its own. */
export function optionsCollection(operationOptions: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: inDisplayOrder([
			concurrencyOption,
			requestTimeoutOption,
			toolOutputLimitOption,
			...operationOptions,
		]),
	};
}

export function envVarsOption(description: string): INodeProperties {
	return {
		displayName: 'Environment Variables',
		name: 'environmentVariables',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Variable',
		default: {},
		description,
		options: [
			{
				displayName: 'Variable',
				name: 'variables',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. API_URL',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

/**
 * The output binary field of operations that return files. Its name must not contain
 * "binaryPropertyName": n8n gives such parameters its tooltip for an INPUT binary field.
 * Saved workflows of 0.1 stored it as `binaryPropertyName`; readOutputBinaryField still reads that.
 */
export const OUTPUT_BINARY_FIELD = 'outputBinaryField';

export function outputBinaryFieldOption(
	description: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Put Files in Field',
		name: OUTPUT_BINARY_FIELD,
		type: 'string',
		default: 'data',
		placeholder: 'e.g. data',
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}

/**
 * The 0.1 key of that field. n8n drops collection values that no option describes, so it stays
 * described, but shows only in workflows that have it set (never offered under Add Option).
 */
export function legacyBinaryFieldOption(show: IDataObject = {}): INodeProperties {
	return {
		displayName: 'Put Files in Field (Old)',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description:
			'Saved by version 0.1 of this node and still used: the binary field of the output that receives the files. "Put Files in Field" replaces it and wins when both are set.',
		displayOptions: { show: { ...show, binaryPropertyName: [{ _cnd: { exists: true } }] } },
	};
}

/** "Fetch Files Into Binary" (key `downloadFiles`, as in 0.1): off leaves only the file URLs. */
export function fetchFilesOption(
	description: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Fetch Files Into Binary',
		name: 'downloadFiles',
		type: 'boolean',
		default: true,
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** The output binary field's name: the new option, else the 0.1 key, else "data". */
export function readOutputBinaryField(
	node: INode,
	itemIndex: number,
	options: IDataObject,
): string {
	const value = options[OUTPUT_BINARY_FIELD] ?? options.binaryPropertyName ?? 'data';
	const field =
		options[OUTPUT_BINARY_FIELD] !== undefined
			? `options.${OUTPUT_BINARY_FIELD}`
			: 'options.binaryPropertyName';
	return requireText(
		node,
		itemIndex,
		field,
		value,
		'Name the binary field of the output item, for example data.',
	).trim();
}

/** The name/value pairs of a fixed collection stored as `{ [group]: [{name, value}] }`. */
export function pairsOf(
	collection: unknown,
	group: string,
): Array<{ name?: unknown; value?: unknown }> {
	const value = (collection as IDataObject | undefined)?.[group];
	return Array.isArray(value) ? (value as Array<{ name?: unknown; value?: unknown }>) : [];
}

/** Reads the Environment Variables option: valid, unique names that fit an environment variable. */
export function readEnvVarsOption(
	node: INode,
	itemIndex: number,
	options: IDataObject,
	reserved: readonly string[] = [],
): Record<string, string> {
	const field = 'options.environmentVariables';
	const envs = parsePairs(
		node,
		itemIndex,
		field,
		pairsOf(options.environmentVariables, 'variables'),
		{
			envNames: true,
			reserved: [...reserved],
		},
	);
	checkVariableSizes(node, itemIndex, field, envs);
	return envs;
}
