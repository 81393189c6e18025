import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as create from './actions/create';
import * as get from './actions/get';
import { route } from './actions/router';
import { waitDescription } from './actions/settings';

/**
 * 302 Browser Task: hands a natural-language task to 302.AI's cloud browser agent (browser-use)
 * and waits until it is done. The work is in actions/ (per-operation fields, the three-phase
 * runner) and output.ts; every request goes through the shared transport.
 */
export class Ai302BrowserTask implements INodeType {
	description: INodeTypeDescription = {
		displayName: '302 Browser Task',
		name: 'ai302BrowserTask',
		icon: { light: 'file:ai302BrowserTask.svg', dark: 'file:ai302BrowserTask.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "get" ? "Get task" : "Create task" }}',
		description: "Run a task in 302.AI's cloud browser agent and wait for its result",
		defaults: { name: '302 Browser Task' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ai302Api', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'create',
				options: [
					{
						name: 'Create',
						value: 'create',
						action: 'Create a browser task',
						description: 'Hand a task to the browser agent and (by default) wait for its result',
					},
					{
						name: 'Get',
						value: 'get',
						action: 'Get a browser task',
						description: "Get a task's status and result by its ID (can wait until it is done)",
					},
				],
			},
			...create.description,
			...get.description,
			...waitDescription,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
