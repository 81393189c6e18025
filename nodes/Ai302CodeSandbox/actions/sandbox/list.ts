import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, endpointLabel, isRecord, readArray } from '../../../shared/transport';
import { parseSandboxId } from '../../helpers/validation';
import { optionsCollection } from '../fields';
import type { ItemScope, RunContext } from '../../../shared/operation';

/** sandbox › list: the key's sandboxes, one output item each (GET /302/sandbox/list, free). */

const PATH = '/302/sandbox/list';

export const description = updateDisplayOptions(
	{ show: { resource: ['sandbox'], operation: ['list'] } },
	[
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Sandbox ID',
					name: 'sandboxId',
					type: 'string',
					default: '',
					description: 'Only the sandbox with this ID',
				},
				{
					displayName: 'Sandbox Name',
					name: 'sandboxName',
					type: 'string',
					default: '',
					description: 'Only sandboxes created with this name',
				},
			],
		},
		optionsCollection(),
	],
);

export interface ListPlan {
	qs: IDataObject;
	itemIndex: number;
}

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): ListPlan {
	const i = scope.itemIndex;
	const filters = ctx.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	const name = typeof filters.sandboxName === 'string' ? filters.sandboxName.trim() : '';
	if (name !== '') qs.sandbox_name = name;
	if (typeof filters.sandboxId === 'string' && filters.sandboxId.trim() !== '') {
		qs.sandbox_id = parseSandboxId(ctx.getNode(), i, filters.sandboxId, 'filters.sandboxId');
	}
	return { qs, itemIndex: i };
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: ListPlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const call = { method: 'GET' as const, path: PATH };
	const response = await apiRequest(ctx, run.connection, {
		...call,
		kind: 'read',
		qs: Object.keys(plan.qs).length > 0 ? plan.qs : undefined,
		itemIndex: plan.itemIndex,
	});
	const sandboxes = readArray(response, ['sandboxes'], endpointLabel(call));
	return sandboxes.map((sandbox) => ({
		json: isRecord(sandbox) ? (sandbox as IDataObject) : { value: sandbox as IDataObject[string] },
	}));
}
