import type {
	CodeNodeEditorLanguage,
	INodeProperties,
	INodePropertyTypeOptions,
} from 'n8n-workflow';

import { starterSnippet, type RunMode } from '../../helpers/snippets';
import { type Language, LANGUAGES } from '../../helpers/validation';
import { envVarsOption, optionsCollection, timeoutField } from '../fields';
import { fileOptions } from './fileOptions';
import { DEFAULT_CODE_TIMEOUT_SECONDS } from './readers';

/** The fields both code operations show (Code › Run and Code › Run in Sandbox). */

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

const LANGUAGE_FIELD: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'options',
	options: LANGUAGE_OPTIONS,
	default: 'python',
};

const MODE_FIELD: INodeProperties = {
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
};

/** The Options collection of a code operation: files, environment, how to read the output. */
function codeOptions(): INodeProperties[] {
	return [
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
}

/** The fields of a code operation, in display order (displayOptions are added by the caller). */
export function codeFields(): INodeProperties[] {
	return [
		LANGUAGE_FIELD,
		MODE_FIELD,
		...codeVariants(),
		timeoutField(
			DEFAULT_CODE_TIMEOUT_SECONDS,
			"How long the code may run before the sandbox stops it. The API's own default (5 s) is too short for installs, HTTP calls or data libraries.",
		),
		optionsCollection(codeOptions()),
	];
}
