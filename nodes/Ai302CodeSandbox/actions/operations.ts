import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { defineOperation, type Operation } from '../../shared/operation';
import * as codeRun from './code/run';
import * as codeRunInSandbox from './code/runInSandbox';
import * as commandRun from './command/run';
import * as fileDownload from './file/download';
import * as fileList from './file/list';
import * as fileUpload from './file/upload';
import * as sandboxCreate from './sandbox/create';
import * as sandboxDelete from './sandbox/delete';
import * as sandboxGetOrCreate from './sandbox/getOrCreate';
import * as sandboxList from './sandbox/list';

/**
 * The node's operations, once: the node description's Resource and Operation lists, the
 * operations' fields, the canvas subtitles (helpers/subtitle.ts) and the router's dispatch all
 * come from this table. Its order is the order of the fields in the description.
 */

export type OperationResult = INodeExecutionData[];

/** One operation as the editor lists it and the router runs it. */
export interface OperationEntry {
	/** Its name in the Operation list. */
	name: string;
	/** How an AI Agent's tool description says what it does ("<action> in 302 Code Sandbox"). */
	action: string;
	description: string;
	/** The node's subtitle on the canvas while this operation is chosen. */
	subtitle: string;
	operation: Operation<OperationResult>;
}

export interface ResourceEntry {
	/** Its name in the Resource list. */
	name: string;
	/** The Operation list's default (one of `operations`). */
	defaultOperation: string;
	/** Its operations have the Mode field (Run Once for Each Item / for All Items). */
	hasRunModes: boolean;
	operations: Record<string, OperationEntry>;
}

/** A resource whose default operation is one of its own (the compiler checks it). */
function resource<Value extends string>(entry: {
	name: string;
	defaultOperation: NoInfer<Value>;
	hasRunModes?: boolean;
	operations: Record<Value, OperationEntry>;
}): ResourceEntry {
	return { ...entry, hasRunModes: entry.hasRunModes === true };
}

export const RESOURCES = {
	code: resource({
		name: 'Code',
		defaultOperation: 'run',
		hasRunModes: true,
		operations: {
			run: {
				name: 'Run',
				action: 'Run code once in a fresh sandbox and get its stdout and stderr billed per run',
				description:
					'Run code once in a fresh sandbox that is destroyed afterwards (direct_run_code)',
				subtitle: 'Run code',
				operation: defineOperation(codeRun),
			},
			runInSandbox: {
				name: 'Run in Sandbox',
				action:
					'Run code in an existing sandbox that keeps its files and get its stdout and stderr billed per run',
				description: 'Run code in a sandbox made with Sandbox › Create (run_code)',
				subtitle: 'Run code in sandbox',
				operation: defineOperation(codeRunInSandbox),
			},
		},
	}),
	command: resource({
		name: 'Command',
		defaultOperation: 'run',
		operations: {
			run: {
				name: 'Run',
				action:
					'Run a shell command in an existing sandbox and get its output and exit code billed per run',
				description: 'Run a shell command line in an existing sandbox',
				subtitle: 'Run command',
				operation: defineOperation(commandRun),
			},
		},
	}),
	sandbox: resource({
		name: 'Sandbox',
		defaultOperation: 'create',
		operations: {
			create: {
				name: 'Create',
				action: 'Create a persistent sandbox and get its id billed while it runs',
				description: 'Create a persistent sandbox',
				subtitle: 'Create sandbox',
				operation: defineOperation(sandboxCreate),
			},
			getOrCreate: {
				name: 'Get or Create',
				action:
					'Get the live sandbox of a name or create one and get its id billed when it creates one',
				description:
					'Use the live sandbox of a name, or create one with that name (keeps one workspace across executions)',
				subtitle: 'Get or create sandbox',
				operation: defineOperation(sandboxGetOrCreate),
			},
			list: {
				name: 'List',
				action: 'List the sandboxes of this key with their ids free of charge',
				description: 'List the sandboxes of this API key',
				subtitle: 'List sandboxes',
				operation: defineOperation(sandboxList),
			},
			delete: {
				name: 'Delete',
				action: 'Delete a sandbox by its id free of charge',
				description: 'Destroy a sandbox',
				subtitle: 'Delete sandbox',
				operation: defineOperation(sandboxDelete),
			},
		},
	}),
	file: resource({
		name: 'File',
		defaultOperation: 'list',
		operations: {
			list: {
				name: 'List',
				action: 'List the files at a path in a sandbox free of charge',
				description: 'Show what is at one or more paths',
				subtitle: 'List files',
				operation: defineOperation(fileList),
			},
			upload: {
				name: 'Upload',
				action: 'Upload a file to a sandbox from a link or binary data billed per upload',
				description: 'Put a file from binary data or a URL into a sandbox',
				subtitle: 'Upload file',
				operation: defineOperation(fileUpload),
			},
			download: {
				name: 'Download',
				action: 'Export files from a sandbox and get their download links billed per export',
				description: 'Export files from a sandbox and fetch them into binary data',
				subtitle: 'Download files',
				operation: defineOperation(fileDownload),
			},
		},
	}),
} satisfies Record<string, ResourceEntry>;

/** The resource the Resource list starts on. */
const DEFAULT_RESOURCE: keyof typeof RESOURCES = 'code';

/** One table row: an operation with the resource it belongs to. */
export interface OperationRow extends OperationEntry {
	resource: string;
	value: string;
	hasRunModes: boolean;
}

const RESOURCE_TABLE: Record<string, ResourceEntry> = RESOURCES;

/** Every operation, in table order. */
export const OPERATION_ROWS: OperationRow[] = Object.entries(RESOURCE_TABLE).flatMap(
	([resourceValue, entry]) =>
		Object.entries(entry.operations).map(([value, operation]) => ({
			...operation,
			resource: resourceValue,
			value,
			hasRunModes: entry.hasRunModes,
		})),
);

const ROWS_BY_KEY = new Map(OPERATION_ROWS.map((row) => [`${row.resource}:${row.value}`, row]));

/** The operation a node is set to, if the table has it. */
export function findOperation(resourceValue: string, value: string): OperationRow | undefined {
	return ROWS_BY_KEY.get(`${resourceValue}:${value}`);
}

/** n8n lists options by name (its lint rule for option lists); the table keeps field order. */
function byName<Option extends { name: string }>(options: Option[]): Option[] {
	return [...options].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: byName(
		Object.entries(RESOURCE_TABLE).map(([value, entry]) => ({ name: entry.name, value })),
	),
	default: DEFAULT_RESOURCE,
};

function operationProperty(
	resourceValue: string,
	{ operations, defaultOperation }: ResourceEntry,
): INodeProperties {
	const options = Object.entries(operations).map(([value, operation]) => ({
		name: operation.name,
		value,
		action: operation.action,
		description: operation.description,
	}));
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resourceValue] } },
		options: byName(options),
		default: defaultOperation,
	};
}

/** The Resource list, then one Operation list per resource (in table order). */
export const selectorProperties: INodeProperties[] = [
	resourceProperty,
	...Object.entries(RESOURCE_TABLE).map(([value, entry]) => operationProperty(value, entry)),
];

/** Every operation's own fields, in table order. */
export const operationFields: INodeProperties[] = OPERATION_ROWS.flatMap(
	(row) => row.operation.description,
);
