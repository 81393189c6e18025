import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * An AI Agent shows the model only a failing tool's error message (n8n 2.x AI Agent 3.x sends
 * `{"error": message}`), not its description, where our hints live. In tool mode the hint is
 * folded into the message, so the model reads what failed and what to change. No stack; the
 * transport already removed the key from every message and description.
 */
const MAX_TOOL_ERROR_CHARS = 1000;

export function explainForModel(node: INode, error: unknown): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error instanceof Error ? error : String(error));
	const message = nodeError.message.trim();
	const hint = (nodeError.description ?? '').trim();
	const joiner = /[.!?]$/.test(message) ? ' ' : '. ';
	const text = hint !== '' && !message.includes(hint) ? `${message}${joiner}${hint}` : message;
	nodeError.message =
		text.length > MAX_TOOL_ERROR_CHARS ? `${text.slice(0, MAX_TOOL_ERROR_CHARS)}...` : text;
	return nodeError;
}
