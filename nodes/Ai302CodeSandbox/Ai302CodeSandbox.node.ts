import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationFields, route } from './actions/router';
import { subtitleExpression } from './helpers/subtitle';

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
		subtitle: subtitleExpression(),
		description: "Run Python, JavaScript, R, Java or Bash in 302.AI's cloud code sandbox",
		defaults: { name: '302 Code Sandbox' },
		usableAsTool: true,
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
						action: 'Run code in a new sandbox',
						description: 'Run code once in a fresh sandbox that is destroyed afterwards (direct_run_code)',
					},
					{
						name: 'Run in Sandbox',
						value: 'runInSandbox',
						action: 'Run code in an existing sandbox',
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
						action: 'Run a shell command in a sandbox',
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
					{ name: 'Create', value: 'create', action: 'Create a sandbox', description: 'Create a persistent sandbox' },
					{ name: 'Delete', value: 'delete', action: 'Delete a sandbox', description: 'Destroy a sandbox' },
					{ name: 'List', value: 'list', action: 'List sandboxes', description: 'List the sandboxes of this API key' },
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
						action: 'Download files from a sandbox',
						description: 'Export files from a sandbox and fetch them into binary data',
					},
					{ name: 'List', value: 'list', action: 'List files in a sandbox', description: 'Show what is at one or more paths' },
					{
						name: 'Upload',
						value: 'upload',
						action: 'Upload a file to a sandbox',
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
