import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { logCreated } from '../../../shared/createdLog';
import { createSandbox } from '../../helpers/sandboxes';
import { parsePairs } from '../../helpers/validation';
import {
	envVarsOption,
	optionsCollection,
	pairsOf,
	readEnvVarsOption,
	readMaxAliveTime,
} from '../fields';
import type { ItemScope, RunContext } from '../../../shared/operation';
import { readOptions } from '../../../shared/parameters';

/** sandbox › create: a persistent sandbox (POST /302/sandbox/create); it pauses itself between uses. */

export const description = updateDisplayOptions(
	{ show: { resource: ['sandbox'], operation: ['create'] } },
	[
		{
			displayName: 'Max Alive Time (Seconds)',
			name: 'maxAliveTime',
			type: 'number',
			typeOptions: { minValue: 1 },
			required: true,
			default: 300,
			description:
				'How long the sandbox may live before 302.AI destroys it (300 is the recommended value)',
		},
		optionsCollection([
			envVarsOption('Environment variables every run in this sandbox sees, as name/value pairs'),
			{
				displayName: 'Metadata',
				name: 'metadata',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Metadata',
				default: {},
				description: 'Free-form key/value pairs stored with the sandbox',
				options: [
					{
						displayName: 'Entry',
						name: 'entries',
						values: [
							{ displayName: 'Key', name: 'name', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Sandbox Name',
				name: 'sandboxName',
				type: 'string',
				default: '',
				description: 'A name to find the sandbox again with Sandbox › List',
			},
		]),
	],
);

export interface CreatePlan {
	body: IDataObject;
	itemIndex: number;
}

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): CreatePlan {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const maxAliveTime = readMaxAliveTime(ctx, i, 300);
	const options = readOptions(ctx, i);
	const envs = readEnvVarsOption(node, i, options);
	const metadata = parsePairs(node, i, 'options.metadata', pairsOf(options.metadata, 'entries'), {
		envNames: false,
	});

	const body: IDataObject = { max_alive_time: maxAliveTime };
	const name = typeof options.sandboxName === 'string' ? options.sandboxName.trim() : '';
	if (name !== '') body.sandbox_name = name;
	if (Object.keys(envs).length > 0) body.envs = envs;
	if (Object.keys(metadata).length > 0) body.metadata = metadata;
	return { body, itemIndex: i };
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: CreatePlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const sandbox = await createSandbox(ctx, run.connection, plan.body, plan.itemIndex);
	logCreated(ctx, 'sandbox', sandbox.sandbox_id, plan.itemIndex);
	return [{ json: { ...sandbox } }];
}
