import type {
	CodeNodeEditorLanguage,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyTypeOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest, downloadToBinary, endpointLabel } from '../../../shared/transport';
import { allItemsVariables, itemVariables, RESERVED_VARIABLES } from '../../helpers/itemData';
import { asFields, capText, parseStdoutJson, readRunResult, type ParsedStdout, type StdoutFormat } from '../../helpers/output';
import { starterSnippet, type RunMode } from '../../helpers/snippets';
import {
	inputError,
	type Language,
	LANGUAGES,
	parseLanguage,
	parseSandboxId,
	parseSeconds,
	requireText,
} from '../../helpers/validation';
import {
	binaryPropertyOption,
	envVarsOption,
	optionsCollection,
	readEnvVarsOption,
	readToolOutputLimit,
	timeoutField,
	toolOutputLimitOption,
} from '../fields';
import type { ItemScope, RunContext } from '../types';

/**
 * What code › run and code › runInSandbox share: their fields, how an item becomes a request
 * body, and how the answer becomes output items.
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

const EDITOR_LANGUAGES: Partial<Record<Language, CodeNodeEditorLanguage>> = { python: 'python', js: 'javaScript' };

export function codeEditorOptions(language: Language): INodePropertyTypeOptions {
	// The plain name is outside n8n's type on purpose (see above).
	const editorLanguage = EDITOR_LANGUAGES[language] ?? (PLAIN_EDITOR_LANGUAGE as CodeNodeEditorLanguage);
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
					'The code to run. Input data is in environment variables, never spliced into the code: N8N_ITEM (this item\'s JSON) and N8N_ITEM_INDEX, or N8N_ITEMS (all items\' JSON) in the all-items mode.',
				displayOptions: { show: { language: [language], mode: [mode] } },
			}),
		),
	);
}

export interface CodeFieldSettings {
	/** code › run can ask for the sandbox's files; run_code returns text only. */
	files: boolean;
}

/** The fields of a code operation, in display order (displayOptions are added by the caller). */
export function codeFields(settings: CodeFieldSettings): INodeProperties[] {
	const options: INodeProperties[] = [
		...(settings.files
			? [
					{
						displayName: 'Download Files to Binary',
						name: 'downloadFiles',
						type: 'boolean' as const,
						default: true,
						description:
							'Whether to fetch the returned file URL into the item\'s binary data (streamed). Applies when "Return Files" is on.',
					},
				]
			: []),
		envVarsOption('Extra environment variables for the code, as name/value pairs'),
		{
			displayName: 'Fail on Stderr',
			name: 'failOnStderr',
			type: 'boolean',
			default: false,
			description: 'Whether output on stderr makes the item fail (warnings included)',
		},
		...(settings.files
			? [
					{
						displayName: 'Files Path',
						name: 'downloadPath',
						type: 'string' as const,
						default: '',
						placeholder: 'e.g. /home/user/chart.png',
						description:
							'What to export when "Return Files" is on: a file, or a directory (exported as one archive). Empty means the working directory /home/user.',
					},
				]
			: []),
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
				{ name: 'JSON (Strict)', value: 'jsonStrict', description: 'Like JSON, but output that is not JSON fails the item' },
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
				'Whether to give the code the input data as JSON in environment variables (N8N_ITEM and N8N_ITEM_INDEX, or N8N_ITEMS). Each is limited to 120 KiB.',
		},
		...(settings.files
			? [
					binaryPropertyOption('Name of the binary field that receives the returned file'),
					{
						displayName: 'Return Files',
						name: 'returnFiles',
						type: 'boolean' as const,
						default: false,
						description:
							'Whether to export files the code wrote (is_download) and return their URL as "fileUrl". Several files come back as one archive.',
					},
				]
			: []),
		toolOutputLimitOption,
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
					description: 'One run per input item; the item\'s JSON is in N8N_ITEM',
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
			'How long the code may run before the sandbox stops it. The API\'s own default (5 s) is too short for installs, HTTP calls or data libraries.',
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
	returnFiles: boolean;
	downloadFiles: boolean;
	binaryPropertyName: string;
	stdoutFormat: StdoutFormat;
	failOnStderr: boolean;
	toolOutputLimit: number;
}

const STDOUT_FORMATS: StdoutFormat[] = ['text', 'json', 'jsonStrict'];

export function prepareCode(ctx: IExecuteFunctions, scope: ItemScope, inSandbox: boolean): CodePlan {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const sandboxId = inSandbox ? parseSandboxId(node, i, ctx.getNodeParameter('sandboxId', i, '')) : undefined;
	const language = parseLanguage(node, i, ctx.getNodeParameter('language', i, 'python'));
	const code = requireText(node, i, 'code', ctx.getNodeParameter('code', i, ''), 'Write the code to run in the Code field.');
	const timeout = parseSeconds(node, i, 'timeout', ctx.getNodeParameter('timeout', i, DEFAULT_CODE_TIMEOUT_SECONDS));
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;

	const passItemData = options.passItemData !== false;
	const userVariables = readEnvVarsOption(node, i, options, passItemData ? RESERVED_VARIABLES : []);
	const items = ctx.getInputData();
	const itemData = !passItemData ? {} : scope.allItems ? allItemsVariables(node, items) : itemVariables(node, items, i);
	const envs = { ...userVariables, ...itemData };

	const stdoutFormat = (options.stdoutFormat ?? 'text') as StdoutFormat;
	if (!STDOUT_FORMATS.includes(stdoutFormat)) {
		throw inputError(node, i, 'options.stdoutFormat', `has the unknown value "${String(stdoutFormat)}"`, 'Use text, json or jsonStrict.');
	}
	const returnFiles = !inSandbox && options.returnFiles === true;
	const downloadFiles = returnFiles && options.downloadFiles !== false;
	const binaryPropertyName = downloadFiles
		? requireText(node, i, 'options.binaryPropertyName', options.binaryPropertyName ?? 'data').trim()
		: '';
	const toolOutputLimit = readToolOutputLimit(node, i, options);

	const body: IDataObject = inSandbox ? { sandbox_id: sandboxId } : {};
	Object.assign(body, { language, code, timeout });
	if (Object.keys(envs).length > 0) body.envs = envs;
	if (returnFiles) {
		body.is_download = true;
		const downloadPath = typeof options.downloadPath === 'string' ? options.downloadPath.trim() : '';
		if (downloadPath !== '') body.download_path = downloadPath;
	}

	return {
		path: inSandbox ? '/302/sandbox/run_code' : '/302/sandbox/direct_run_code',
		body,
		timeoutMs: timeout * 1000 + REQUEST_MARGIN_MS,
		itemIndex: i,
		allItems: scope.allItems,
		returnFiles,
		downloadFiles,
		binaryPropertyName,
		stdoutFormat,
		failOnStderr: options.failOnStderr === true,
		toolOutputLimit,
	};
}

export async function executeCode(ctx: IExecuteFunctions, plan: CodePlan, run: RunContext): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const i = plan.itemIndex;
	const call = { method: 'POST' as const, path: plan.path };
	const response = await apiRequest(ctx, run.connection, {
		...call,
		kind: 'paid',
		body: plan.body,
		itemIndex: i,
		timeoutMs: plan.timeoutMs,
	});
	const result = readRunResult(response, endpointLabel(call));

	if (plan.failOnStderr && result.stderr.trim() !== '') {
		throw new NodeOperationError(node, `The code wrote to stderr and "Fail on Stderr" is on [item ${i}]`, {
			itemIndex: i,
			description: `stderr starts: ${result.stderr.trim().slice(0, 500)}`,
		});
	}
	let parsed: ParsedStdout | undefined;
	if (plan.stdoutFormat !== 'text') {
		parsed = parseStdoutJson(result.stdout);
		if (!parsed.ok && plan.stdoutFormat === 'jsonStrict') {
			throw inputError(node, i, 'options.stdoutFormat', `is "JSON (Strict)" but ${parsed.error}`, `stdout starts: ${result.stdout.slice(0, 300)}`);
		}
	}

	const json: IDataObject = runFields(result.stdout, result.stderr, plan, run);
	// Parsed JSON output already holds what stdout said: the chunk arrays would repeat it a third time.
	if (!run.asTool && !parsed?.ok) {
		json.stdoutChunks = result.stdoutChunks;
		json.stderrChunks = result.stderrChunks;
	}
	Object.assign(json, result.extra);
	if (plan.returnFiles) json.fileUrl = result.fileUrl ?? null;

	const binary =
		plan.downloadFiles && result.fileUrl
			? { [plan.binaryPropertyName]: await downloadToBinary(ctx, { url: result.fileUrl, itemIndex: i }) }
			: undefined;
	const withBinary = (fields: IDataObject): INodeExecutionData => (binary ? { json: fields, binary } : { json: fields });

	if (parsed && !parsed.ok) json.parseError = parsed.error;
	if (parsed?.ok && plan.allItems && Array.isArray(parsed.value)) {
		// One item per element; the run's own fields would repeat on every element, so only the file link stays.
		const fileFields: IDataObject = plan.returnFiles ? { fileUrl: result.fileUrl ?? null } : {};
		return parsed.value.map((element) => withBinary({ ...asFields(element), ...fileFields }));
	}
	if (parsed?.ok) return [withBinary(parsedFirst(asFields(parsed.value), json))];
	return [withBinary(json)];
}

/** The parsed fields first (they are what the user asked for), then the run's own fields; a parsed field wins a name clash. */
function parsedFirst(parsedFields: IDataObject, runOwn: IDataObject): IDataObject {
	const json: IDataObject = { ...parsedFields };
	for (const [name, value] of Object.entries(runOwn)) if (!(name in json)) json[name] = value;
	return json;
}

function runFields(stdout: string, stderr: string, plan: CodePlan, run: RunContext): IDataObject {
	if (!run.asTool) return { stdout, stderr };
	const out = capText(stdout, plan.toolOutputLimit);
	const err = capText(stderr, plan.toolOutputLimit);
	return { stdout: out.text, stderr: err.text, truncated: out.truncated || err.truncated };
}
