import type {
	CodeNodeEditorLanguage,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyTypeOptions,
} from 'n8n-workflow';

import {
	coveredItems,
	FILES_VARIABLE,
	type InputFilesPlan,
	parseInputFilesOption,
	planInputFiles,
	SANDBOX_HOME,
} from '../../helpers/inputFiles';
import { allItemsVariables, itemVariables, RESERVED_VARIABLES } from '../../helpers/itemData';
import { isToolMode } from '../../../shared/tool';
import type { StdoutFormat } from '../../helpers/output';
import { starterSnippet, type RunMode } from '../../helpers/snippets';
import {
	type Language,
	LANGUAGES,
	parseLanguage,
	parseSandboxId,
	parseSeconds,
	requireText,
} from '../../helpers/validation';
import {
	envVarsOption,
	optionsCollection,
	readEnvVarsOption,
	readOutputBinaryField,
	timeoutField,
} from '../fields';
import type { ItemScope } from '../../../shared/operation';
import { fileOptions } from './fileOptions';
import { parameterError } from '../../../shared/parameters';

/**
 * What code › run and code › runInSandbox share: their fields and how an item becomes a plan
 * (request body, input files, what to return). execute.ts carries a plan out.
 */

/**
 * 60 s instead of the API's 5 s: installs, HTTP calls and pandas imports routinely take longer,
 * and a run killed at 5 s still costs money.
 */
export const DEFAULT_CODE_TIMEOUT_SECONDS = 60;
/** Extra HTTP wait on top of the code's own timeout: sandbox start/resume (~5 s) and file export. */
export const REQUEST_MARGIN_MS = 30_000;

const LANGUAGE_OPTIONS = [
	{ name: 'Bash', value: 'bash' },
	{ name: 'Java', value: 'java' },
	{ name: 'JavaScript (Node.js)', value: 'js' },
	{ name: 'Python', value: 'python' },
	{ name: 'R', value: 'r' },
];

const MODES: RunMode[] = ['runOnceForEachItem', 'runOnceForAllItems'];

/**
 * n8n's code editor colours by `editorLanguage` (JavaScript when it is absent). Python and
 * JavaScript get n8n's own modes. n8n has none for Bash, R or Java, so those get a name it has
 * no grammar for: the same monospace editor with line numbers, without colouring (n8n 2.x adds
 * no language extension for an unknown name), instead of JavaScript's colours on them.
 */
export const PLAIN_EDITOR_LANGUAGE = 'plainText';

const EDITOR_LANGUAGES: Partial<Record<Language, CodeNodeEditorLanguage>> = {
	python: 'python',
	js: 'javaScript',
};

export function codeEditorOptions(language: Language): INodePropertyTypeOptions {
	// The plain name is outside n8n's type on purpose (see above).
	const editorLanguage =
		EDITOR_LANGUAGES[language] ?? (PLAIN_EDITOR_LANGUAGE as CodeNodeEditorLanguage);
	return { editor: 'codeNodeEditor', editorLanguage, rows: 12 };
}

function codeVariants(): INodeProperties[] {
	return LANGUAGES.flatMap((language) =>
		MODES.map(
			(mode): INodeProperties => ({
				displayName: 'Code',
				name: 'code',
				type: 'string',
				typeOptions: codeEditorOptions(language),
				default: starterSnippet(language, mode),
				required: true,
				noDataExpression: false,
				description:
					"The code to run. Input data is in environment variables, never spliced into the code: N8N_ITEM (this item's JSON) and N8N_ITEM_INDEX, or N8N_ITEMS (all items' JSON) in the all-items mode.",
				displayOptions: { show: { language: [language], mode: [mode] } },
			}),
		),
	);
}

/** The fields of a code operation, in display order (displayOptions are added by the caller). */
export function codeFields(): INodeProperties[] {
	const options: INodeProperties[] = [
		...fileOptions(),
		envVarsOption('Extra environment variables for the code, as name/value pairs'),
		{
			displayName: 'Fail on Stderr',
			name: 'failOnStderr',
			type: 'boolean',
			default: false,
			description: 'Whether output on stderr makes the item fail (warnings included)',
		},
		{
			displayName: 'Parse Output',
			name: 'stdoutFormat',
			type: 'options',
			default: 'text',
			options: [
				{ name: 'Text', value: 'text', description: 'Stdout and stderr as strings' },
				{
					name: 'JSON',
					value: 'json',
					description:
						'Parse stdout (or its last line) as JSON and merge it into the item; if it is not JSON, "parseError" is set on the item',
				},
				{
					name: 'JSON (Strict)',
					value: 'jsonStrict',
					description: 'Like JSON, but output that is not JSON fails the item',
				},
			],
			description:
				'How to read stdout. A JSON object merges into the output item; a JSON array becomes one item per element in the "Run Once for All Items" mode.',
		},
		{
			displayName: 'Pass Item Data',
			name: 'passItemData',
			type: 'boolean',
			default: true,
			description:
				"Whether to give the code the input data as JSON in environment variables (N8N_ITEM and N8N_ITEM_INDEX, or N8N_ITEMS). Each is limited to 120 KiB. When an AI Agent calls this node as a tool, the input is the agent's own item (its chat message): it is sent only when this option is added and on.",
		},
	];
	return [
		{
			displayName: 'Language',
			name: 'language',
			type: 'options',
			options: LANGUAGE_OPTIONS,
			default: 'python',
		},
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Run Once for Each Item',
					value: 'runOnceForEachItem',
					description: "One run per input item; the item's JSON is in N8N_ITEM",
				},
				{
					name: 'Run Once for All Items',
					value: 'runOnceForAllItems',
					description: 'One run for all input items; their JSON is in N8N_ITEMS as an array',
				},
			],
			default: 'runOnceForEachItem',
		},
		...codeVariants(),
		timeoutField(
			DEFAULT_CODE_TIMEOUT_SECONDS,
			"How long the code may run before the sandbox stops it. The API's own default (5 s) is too short for installs, HTTP calls or data libraries.",
		),
		optionsCollection(options),
	];
}

export interface CodePlan {
	path: string;
	body: IDataObject;
	timeoutMs: number;
	itemIndex: number;
	allItems: boolean;
	/** Run in Sandbox: the given sandbox. Code › Run with input files: undefined until created. */
	sandboxId?: string;
	/** Code › Run with input files: create a sandbox, use it, delete it (run_code, not direct_run_code). */
	temporarySandbox: boolean;
	/** Seconds the temporary sandbox may live at most (if deleting it ever fails). */
	maxAliveTime: number;
	inputFiles?: InputFilesPlan;
	returnFiles: boolean;
	/** Where files are exported from (file/download) when the run is in a sandbox. */
	downloadPath: string;
	downloadFiles: boolean;
	outputBinaryField: string;
	stdoutFormat: StdoutFormat;
	failOnStderr: boolean;
}

const STDOUT_FORMATS: StdoutFormat[] = ['text', 'json', 'jsonStrict'];
/** A temporary sandbox lives at most the code's timeout plus this (upload, start, export). */
export const TEMPORARY_SANDBOX_MARGIN_SECONDS = 300;

export async function prepareCode(
	ctx: IExecuteFunctions,
	scope: ItemScope,
	inSandbox: boolean,
): Promise<CodePlan> {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const sandboxId = inSandbox
		? parseSandboxId(node, i, ctx.getNodeParameter('sandboxId', i, ''))
		: undefined;
	const language = parseLanguage(node, i, ctx.getNodeParameter('language', i, 'python'));
	const code = requireText(
		node,
		i,
		'code',
		ctx.getNodeParameter('code', i, ''),
		'Write the code to run in the Code field.',
	);
	const timeout = parseSeconds(
		node,
		i,
		'timeout',
		ctx.getNodeParameter('timeout', i, DEFAULT_CODE_TIMEOUT_SECONDS),
		'Timeout (Seconds)',
	);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;

	const wantedFiles = parseInputFilesOption(node, i, options.inputFiles);
	const items = ctx.getInputData();
	const inputFiles =
		wantedFiles === '*' || wantedFiles.length > 0
			? await planInputFiles(
					ctx,
					coveredItems(items, i, scope.allItems),
					wantedFiles,
					scope.allItems,
				)
			: undefined;
	// As a tool the input item is the agent's (chat message, toolCallId): sent only when switched on.
	const passItemData = isToolMode(node)
		? options.passItemData === true
		: options.passItemData !== false;
	const reserved = [
		...(passItemData ? RESERVED_VARIABLES : []),
		...(inputFiles ? [FILES_VARIABLE] : []),
	];
	const userVariables = readEnvVarsOption(node, i, options, reserved);
	const itemData = !passItemData
		? {}
		: scope.allItems
			? allItemsVariables(node, items)
			: itemVariables(node, items, i);
	const envs: IDataObject = { ...userVariables, ...itemData };
	if (inputFiles) envs[FILES_VARIABLE] = inputFiles.variable;

	const stdoutFormat = (options.stdoutFormat ?? 'text') as StdoutFormat;
	if (!STDOUT_FORMATS.includes(stdoutFormat)) {
		throw parameterError(
			node,
			i,
			'options.stdoutFormat',
			`has the unknown value "${String(stdoutFormat)}"`,
			'Use text, json or jsonStrict.',
		);
	}
	const returnFiles = options.returnFiles === true;
	const downloadFiles = returnFiles && options.downloadFiles !== false;
	const outputBinaryField = downloadFiles ? readOutputBinaryField(node, i, options) : '';
	const downloadPath =
		returnFiles && typeof options.downloadPath === 'string' ? options.downloadPath.trim() : '';
	// One-shot runs with files go through a sandbox of their own: direct_run_code takes no files.
	const temporarySandbox = !inSandbox && inputFiles !== undefined;
	const viaSandbox = inSandbox || temporarySandbox;

	const body: IDataObject = inSandbox ? { sandbox_id: sandboxId } : {};
	Object.assign(body, { language, code, timeout });
	if (Object.keys(envs).length > 0) body.envs = envs;
	if (returnFiles && !viaSandbox) {
		body.is_download = true;
		if (downloadPath !== '') body.download_path = downloadPath;
	}

	return {
		path: viaSandbox ? '/302/sandbox/run_code' : '/302/sandbox/direct_run_code',
		body,
		timeoutMs: timeout * 1000 + REQUEST_MARGIN_MS,
		itemIndex: i,
		allItems: scope.allItems,
		sandboxId,
		temporarySandbox,
		maxAliveTime: timeout + TEMPORARY_SANDBOX_MARGIN_SECONDS,
		inputFiles,
		returnFiles,
		downloadPath: downloadPath === '' ? SANDBOX_HOME : downloadPath,
		downloadFiles,
		outputBinaryField,
		stdoutFormat,
		failOnStderr: options.failOnStderr === true,
	};
}
