import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationFields, route } from './actions/router';

/**
 * 302 Code Sandbox: runs Python, JavaScript, R, Java or Bash in 302.AI's cloud sandbox, one-shot
 * or in a persistent sandbox, with files in and out. The description lists resources and
 * operations; each operation's fields and logic live in actions/<resource>/<operation>.ts.
 */
export class Ai302CodeSandbox implements INodeType {
	description: INodeTypeDescription = {
		displayName: '302 Code Sandbox',
		name: 'ai302CodeSandbox',
		icon: { light: 'file:ai302CodeSandbox.svg', dark: 'file:ai302CodeSandbox.dark.svg' },
		group: ['transform'],
		version: 1,
		// n8n's lint wants a literal here: this is subtitleExpression() of helpers/subtitle.ts, built
		// from its SUBTITLES table (a unit test keeps the two equal).
		subtitle:
			'={{ $parameter["resource"] + ":" + $parameter["operation"] === "code:run" ? "Run code" : $parameter["resource"] + ":" + $parameter["operation"] === "code:runInSandbox" ? "Run code in sandbox" : $parameter["resource"] + ":" + $parameter["operation"] === "command:run" ? "Run command" : $parameter["resource"] + ":" + $parameter["operation"] === "sandbox:create" ? "Create sandbox" : $parameter["resource"] + ":" + $parameter["operation"] === "sandbox:getOrCreate" ? "Get or create sandbox" : $parameter["resource"] + ":" + $parameter["operation"] === "sandbox:list" ? "List sandboxes" : $parameter["resource"] + ":" + $parameter["operation"] === "sandbox:delete" ? "Delete sandbox" : $parameter["resource"] + ":" + $parameter["operation"] === "file:list" ? "List files" : $parameter["resource"] + ":" + $parameter["operation"] === "file:upload" ? "Upload file" : $parameter["resource"] + ":" + $parameter["operation"] === "file:download" ? "Download files" : $parameter["operation"] }}',
		description: "Run Python, JavaScript, R, Java or Bash in 302.AI's cloud code sandbox",
		defaults: { name: '302 Code Sandbox' },
		// As an AI Agent tool (Tool Description: Set Automatically) n8n describes the tool to the
		// model as "<operation action> in 302 Code Sandbox": the actions below are written for that.
		usableAsTool: {
			replacements: {
				description:
					"Runs code (Python, JavaScript, R, Java or Bash) in 302.AI's cloud sandbox and returns its stdout and stderr as JSON. Each run costs money (billed per second of sandbox time).",
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ai302Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Code', value: 'code' },
					{ name: 'Command', value: 'command' },
					{ name: 'File', value: 'file' },
					{ name: 'Sandbox', value: 'sandbox' },
				],
				default: 'code',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['code'] } },
				options: [
					{
						name: 'Run',
						value: 'run',
						action: 'Run code once in a fresh sandbox and get its stdout and stderr billed per run',
						description:
							'Run code once in a fresh sandbox that is destroyed afterwards (direct_run_code)',
					},
					{
						name: 'Run in Sandbox',
						value: 'runInSandbox',
						action:
							'Run code in an existing sandbox that keeps its files and get its stdout and stderr billed per run',
						description: 'Run code in a sandbox made with Sandbox › Create (run_code)',
					},
				],
				default: 'run',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['command'] } },
				options: [
					{
						name: 'Run',
						value: 'run',
						action:
							'Run a shell command in an existing sandbox and get its output and exit code billed per run',
						description: 'Run a shell command line in an existing sandbox',
					},
				],
				default: 'run',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['sandbox'] } },
				options: [
					{
						name: 'Create',
						value: 'create',
						action: 'Create a persistent sandbox and get its id billed while it runs',
						description: 'Create a persistent sandbox',
					},
					{
						name: 'Delete',
						value: 'delete',
						action: 'Delete a sandbox by its id free of charge',
						description: 'Destroy a sandbox',
					},
					{
						name: 'Get or Create',
						value: 'getOrCreate',
						action:
							'Get the live sandbox of a name or create one and get its id billed when it creates one',
						description:
							'Use the live sandbox of a name, or create one with that name (keeps one workspace across executions)',
					},
					{
						name: 'List',
						value: 'list',
						action: 'List the sandboxes of this key with their ids free of charge',
						description: 'List the sandboxes of this API key',
					},
				],
				default: 'create',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['file'] } },
				options: [
					{
						name: 'Download',
						value: 'download',
						action: 'Export files from a sandbox and get their download links billed per export',
						description: 'Export files from a sandbox and fetch them into binary data',
					},
					{
						name: 'List',
						value: 'list',
						action: 'List the files at a path in a sandbox free of charge',
						description: 'Show what is at one or more paths',
					},
					{
						name: 'Upload',
						value: 'upload',
						action: 'Upload a file to a sandbox from a link or binary data billed per upload',
						description: 'Put a file from binary data or a URL into a sandbox',
					},
				],
				default: 'list',
			},
			...operationFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
