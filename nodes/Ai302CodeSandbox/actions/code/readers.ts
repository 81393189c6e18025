import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import type { ItemScope } from '../../../shared/operation';
import { parameterError, readOptions } from '../../../shared/parameters';
import { isToolMode } from '../../../shared/tool';
import {
	coveredItems,
	FILES_VARIABLE,
	type InputFilesPlan,
	parseInputFilesOption,
	planInputFiles,
	SANDBOX_HOME,
} from '../../helpers/inputFiles';
import { allItemsVariables, itemVariables, RESERVED_VARIABLES } from '../../helpers/itemData';
import type { StdoutFormat } from '../../helpers/output';
import { parseLanguage, requireText } from '../../helpers/validation';
import { readEnvVarsOption, readOutputBinaryField, readSecondsField } from '../fields';

/**
 * The small readers code › run and code › runInSandbox build their plans from (command › run
 * shares the timeout). Each reads and checks one part of an item's parameters; no request is made.
 */

/**
 * 60 s instead of the API's 5 s: installs, HTTP calls and pandas imports routinely take longer,
 * and a run killed at 5 s still costs money.
 */
export const DEFAULT_CODE_TIMEOUT_SECONDS = 60;
/** Extra HTTP wait on top of the code's own timeout: sandbox start/resume (~5 s) and file export. */
export const REQUEST_MARGIN_MS = 30_000;

/** The run's own fields of the request body, in the API's order: language, code, timeout. */
export interface CodeText {
	language: string;
	code: string;
	timeout: number;
}

/** Timeout (Seconds) of a code or command run. */
export function readRunTimeout(ctx: IExecuteFunctions, itemIndex: number): number {
	return readSecondsField(ctx, itemIndex, {
		name: 'timeout',
		label: 'Timeout (Seconds)',
		fallback: DEFAULT_CODE_TIMEOUT_SECONDS,
	});
}

/** Language, Code and Timeout (Seconds). */
export function readCodeText(ctx: IExecuteFunctions, itemIndex: number): CodeText {
	const node = ctx.getNode();
	const language = parseLanguage(
		node,
		itemIndex,
		ctx.getNodeParameter('language', itemIndex, 'python'),
	);
	const code = requireText(
		node,
		itemIndex,
		'code',
		ctx.getNodeParameter('code', itemIndex, ''),
		'Write the code to run in the Code field.',
	);
	return { language, code, timeout: readRunTimeout(ctx, itemIndex) };
}

export function readCodeOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return readOptions(ctx, itemIndex);
}

/** Options › Input Files of the items the run covers; undefined when there are none to write. */
export async function readInputFiles(
	ctx: IExecuteFunctions,
	scope: ItemScope,
	options: IDataObject,
): Promise<InputFilesPlan | undefined> {
	const wanted = parseInputFilesOption(ctx.getNode(), scope.itemIndex, options.inputFiles);
	if (wanted !== '*' && wanted.length === 0) return undefined;
	const items = coveredItems(ctx.getInputData(), scope.itemIndex, scope.allItems);
	return await planInputFiles(ctx, items, wanted, scope.allItems);
}

/** The code's environment: the user's variables, the item data (Pass Item Data) and N8N_FILES. */
export function readCodeEnvs(
	ctx: IExecuteFunctions,
	scope: ItemScope,
	options: IDataObject,
	inputFiles: InputFilesPlan | undefined,
): IDataObject {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	// As a tool the input item is the agent's (chat message, toolCallId): sent only when switched on.
	const passItemData = isToolMode(node)
		? options.passItemData === true
		: options.passItemData !== false;
	const reserved = [
		...(passItemData ? RESERVED_VARIABLES : []),
		...(inputFiles ? [FILES_VARIABLE] : []),
	];
	const userVariables = readEnvVarsOption(node, i, options, reserved);
	const items = ctx.getInputData();
	const itemData = !passItemData
		? {}
		: scope.allItems
			? allItemsVariables(node, items)
			: itemVariables(node, items, i);
	const envs: IDataObject = { ...userVariables, ...itemData };
	if (inputFiles) envs[FILES_VARIABLE] = inputFiles.variable;
	return envs;
}

/** How the run's output is judged: Parse Output and Fail on Stderr. */
export interface StdoutOptions {
	stdoutFormat: StdoutFormat;
	failOnStderr: boolean;
}

const STDOUT_FORMATS: readonly string[] = ['text', 'json', 'jsonStrict'];

function isStdoutFormat(value: unknown): value is StdoutFormat {
	return typeof value === 'string' && STDOUT_FORMATS.includes(value);
}

export function readStdoutOptions(
	node: INode,
	itemIndex: number,
	options: IDataObject,
): StdoutOptions {
	const stdoutFormat = options.stdoutFormat ?? 'text';
	if (!isStdoutFormat(stdoutFormat)) {
		throw parameterError(
			node,
			itemIndex,
			'options.stdoutFormat',
			`has the unknown value "${String(stdoutFormat)}"`,
			'Use text, json or jsonStrict.',
		);
	}
	return { stdoutFormat, failOnStderr: options.failOnStderr === true };
}

/** Return Files and the options that only apply with it. */
export interface ReturnFilesOptions {
	returnFiles: boolean;
	/** Fetch the exported file into binary data (Fetch Files Into Binary). */
	downloadFiles: boolean;
	/** The output's binary field ('' when the file is not fetched). */
	outputBinaryField: string;
	/** Files Path as given ('' for none: the API's and the sandbox's default, /home/user). */
	requestedPath: string;
	/** What is exported when the run is in a sandbox (file/download): Files Path or /home/user. */
	downloadPath: string;
}

export function readReturnFiles(
	node: INode,
	itemIndex: number,
	options: IDataObject,
): ReturnFilesOptions {
	const returnFiles = options.returnFiles === true;
	const downloadFiles = returnFiles && options.downloadFiles !== false;
	const outputBinaryField = downloadFiles ? readOutputBinaryField(node, itemIndex, options) : '';
	const requestedPath =
		returnFiles && typeof options.downloadPath === 'string' ? options.downloadPath.trim() : '';
	return {
		returnFiles,
		downloadFiles,
		outputBinaryField,
		requestedPath,
		downloadPath: requestedPath === '' ? SANDBOX_HOME : requestedPath,
	};
}
