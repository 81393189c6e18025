import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Writes the id of something paid that 302.AI just created (a browser task, a sandbox) to n8n's
 * log at info level, the moment the API returns it. If the worker running the execution dies
 * later, n8n may drop the run data, but the log line stays: an operator can still find the task
 * or sandbox, read its result with Get, or delete it.
 *
 * n8n's default text log prints only the message, not the metadata, so the id, node, item,
 * workflow and execution are all in the message text; JSON logs get them as fields too.
 */
export function logCreated(
	ctx: IExecuteFunctions,
	what: string,
	id: string,
	itemIndex: number,
	note?: string,
): void {
	try {
		const workflowId = ctx.getWorkflow().id ?? '(unsaved)';
		const executionId = ctx.getExecutionId() ?? '(none)';
		const nodeName = ctx.getNode().name;
		ctx.logger.info(
			`302.AI ${what} created: ${id} (node "${nodeName}", item ${itemIndex}, workflow ${workflowId}, execution ${executionId})${note ? `; ${note}` : ''}`,
			{ created: what, id, nodeName, itemIndex, workflowId, executionId },
		);
	} catch {
		// A logging problem must never fail a call that 302.AI has already carried out (and billed).
	}
}
