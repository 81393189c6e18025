import type { INode } from 'n8n-workflow';

/**
 * n8n runs a `usableAsTool` node for an AI Agent under a generated type named
 * `<node type>Tool` (for example `n8n-nodes-302ai.ai302CodeSandboxTool`). This is the one place
 * both nodes ask whether they are running as a tool.
 */
export function isToolMode(node: INode): boolean {
	return node.type.endsWith('Tool');
}
