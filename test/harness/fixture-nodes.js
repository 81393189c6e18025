'use strict';
/**
 * Node types the harness puts around the node under test.
 *
 * - HarnessStart: first node of every test workflow. It emits the items the test gave it.
 *   Binary properties given inline (base64 `data` or a Buffer) are stored through n8n's
 *   binary helpers, so the next node sees binary data exactly as n8n's filesystem mode
 *   keeps it.
 * - HarnessAgent: stands in for an AI Agent. It asks the engine to run a connected tool node
 *   once per input item (an EngineRequest, the way n8n's agents call tools), then outputs
 *   what each tool run returned.
 */

class HarnessStart {
	description = {
		displayName: 'Harness Start',
		name: 'harnessStart',
		group: ['input'],
		version: 1,
		description: 'Emits the items of the test',
		defaults: { name: 'Start' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		const items = this.getInputData();
		for (const item of items) {
			const binaries = item.binary ?? {};
			for (const [property, binary] of Object.entries(binaries)) {
				if (binary.id) continue;
				const buffer = Buffer.isBuffer(binary.data)
					? binary.data
					: Buffer.from(binary.data ?? '', 'base64');
				binaries[property] = await this.helpers.prepareBinaryData(
					buffer,
					binary.fileName,
					binary.mimeType,
				);
			}
		}
		return [items];
	}
}

class HarnessAgent {
	description = {
		displayName: 'Harness Agent',
		name: 'harnessAgent',
		group: ['transform'],
		version: 1,
		description: 'Calls a tool node once per item, as an AI agent would',
		defaults: { name: 'Agent' },
		inputs: ['main', 'ai_tool'],
		outputs: ['main'],
		properties: [{ displayName: 'Tool Node', name: 'toolNode', type: 'string', default: '' }],
	};

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute(response) {
		if (!response || response.actionResponses.length === 0) {
			const toolNode = this.getNodeParameter('toolNode', 0);
			return {
				actions: this.getInputData().map((item, itemIndex) => ({
					actionType: 'ExecutionNodeAction',
					nodeName: toolNode,
					input: item.json,
					type: 'ai_tool',
					id: `call_${itemIndex}`,
					metadata: { itemIndex },
				})),
				metadata: {},
			};
		}
		return [
			response.actionResponses.map(({ action, data }) => ({
				json: {
					toolCallId: action.id,
					toolOutput: (data?.data?.ai_tool?.[0] ?? []).map((item) => item.json),
					toolError: data?.error?.message,
				},
				pairedItem: { item: action.metadata?.itemIndex ?? 0 },
			})),
		];
	}
}

module.exports = { HarnessStart, HarnessAgent };
