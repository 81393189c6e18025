import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationFields, selectorProperties } from './actions/operations';
import { route } from './actions/router';

/**
 * 302 Code Sandbox: runs Python, JavaScript, R, Java or Bash in 302.AI's cloud sandbox, one-shot
 * or in a persistent sandbox, with files in and out. The Resource and Operation lists come
 * from actions/operations.ts; each operation's fields and logic live in
 * actions/<resource>/<operation>.ts.
 */
export class Ai302CodeSandbox implements INodeType {
	description: INodeTypeDescription = {
		displayName: '302 Code Sandbox',
		name: 'ai302CodeSandbox',
		icon: { light: 'file:ai302CodeSandbox.svg', dark: 'file:ai302CodeSandbox.dark.svg' },
		group: ['transform'],
		version: 1,
		// n8n's lint wants a literal here: this is subtitleExpression() of helpers/subtitle.ts, built
		// from the operation table in actions/operations.ts (a unit test keeps the two equal).
		subtitle:
			'={{ $parameter["resource"] + ":" + $parameter["operation"] === "code:run" ? "Run code" : $parameter["resource"] + ":" + $parameter["operation"] === "code:runInSandbox" ? "Run code in sandbox" : $parameter["resource"] + ":" + $parameter["operation"] === "command:run" ? "Run command" : $parameter["resource"] + ":" + $parameter["operation"] === "sandbox:create" ? "Create sandbox" : $parameter["resource"] + ":" + $parameter["operation"] === "sandbox:getOrCreate" ? "Get or create sandbox" : $parameter["resource"] + ":" + $parameter["operation"] === "sandbox:list" ? "List sandboxes" : $parameter["resource"] + ":" + $parameter["operation"] === "sandbox:delete" ? "Delete sandbox" : $parameter["resource"] + ":" + $parameter["operation"] === "file:list" ? "List files" : $parameter["resource"] + ":" + $parameter["operation"] === "file:upload" ? "Upload file" : $parameter["resource"] + ":" + $parameter["operation"] === "file:download" ? "Download files" : $parameter["operation"] }}',
		description: "Run Python, JavaScript, R, Java or Bash in 302.AI's cloud code sandbox",
		defaults: { name: '302 Code Sandbox' },
		// As an AI Agent tool (Tool Description: Set Automatically) n8n describes the tool to the
		// model as "<operation action> in 302 Code Sandbox": the actions in actions/operations.ts are
		// written for that.
		usableAsTool: {
			replacements: {
				description:
					"Runs code (Python, JavaScript, R, Java or Bash) in 302.AI's cloud sandbox and returns its stdout and stderr as JSON. Each run costs money (billed per second of sandbox time).",
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ai302Api', required: true }],
		properties: [...selectorProperties, ...operationFields],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
