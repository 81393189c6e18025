import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import { parseSandboxId } from '../../helpers/validation';
import { optionsCollection, sandboxIdField } from '../fields';
import type { ItemScope, RunContext } from '../../../shared/operation';

/** sandbox › delete: destroy a sandbox (POST /302/sandbox/kill/{sandbox_id}, free). */

export const description = updateDisplayOptions(
	{ show: { resource: ['sandbox'], operation: ['delete'] } },
	[sandboxIdField('The sandbox to destroy'), optionsCollection()],
);

export interface DeletePlan {
	sandboxId: string;
	itemIndex: number;
}

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): DeletePlan {
	const i = scope.itemIndex;
	// The id goes into the URL path: parseSandboxId refuses "/", ".." and anything unusual.
	return {
		sandboxId: parseSandboxId(ctx.getNode(), i, ctx.getNodeParameter('sandboxId', i, '')),
		itemIndex: i,
	};
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: DeletePlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	// Killing is free and killing twice changes nothing, so it may be retried like a read; a 404
	// on a retry means the first attempt (whose answer was lost) already killed it.
	await apiRequest(ctx, run.connection, {
		method: 'POST',
		path: `/302/sandbox/kill/${encodeURIComponent(plan.sandboxId)}`,
		kind: 'read',
		itemIndex: plan.itemIndex,
		notFoundOnRetryIsDone: true,
	});
	return [{ json: { sandbox_id: plan.sandboxId, deleted: true } }];
}
