import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationFields, operationOptions } from './actions/operations';
import { route } from './actions/router';
import { waitDescription } from './actions/task/waitFields';

/**
 * 302 Browser Task: hands a natural-language task to 302.AI's cloud browser agent (browser-use)
 * and waits until it is done. Each operation's fields and logic live in actions/task/<operation>.ts,
 * the wait fields in actions/task/waitFields.ts, the three-phase runner in actions/router.ts and
 * what it builds on in helpers/; every request goes through the shared transport.
 */
export class Ai302BrowserTask implements INodeType {
	description: INodeTypeDescription = {
		displayName: '302 Browser Task',
		name: 'ai302BrowserTask',
		icon: { light: 'file:ai302BrowserTask.svg', dark: 'file:ai302BrowserTask.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "get" ? "Get task" : "Create task" }}',
		// As an AI Agent tool n8n describes this node to the model with this text (the node has no
		// resource, so n8n does not use the operations' actions): what it does, returns and costs.
		description:
			"Have 302.AI's cloud browser agent do a task on real websites and return its result as JSON (paid per task; can take minutes)",
		defaults: { name: '302 Browser Task' },
		usableAsTool: {
			replacements: {
				description:
					"Hands a task written in plain language to 302.AI's cloud browser agent, which browses real websites, waits until the task is done (often several minutes) and returns its status, result and result_json. Each task costs money (billed per second plus a model fee): send one complete task per call.",
			},
		},
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
				options: operationOptions,
			},
			...operationFields,
			...waitDescription,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
