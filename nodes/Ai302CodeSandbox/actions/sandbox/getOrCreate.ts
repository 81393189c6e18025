import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, endpointLabel, isRecord, readArray } from '../../../shared/transport';
import { createSandbox, logCreatedSandbox } from '../../helpers/sandboxes';
import { requireText } from '../../helpers/validation';
import { envVarsOption, optionsCollection, readEnvVarsOption, readMaxAliveTime } from '../fields';
import type { ItemScope, RunContext } from '../../../shared/operation';
import { readOptions } from '../../../shared/parameters';

/**
 * sandbox › getOrCreate: the live sandbox of this name (GET /302/sandbox/list?sandbox_name=...),
 * or a new one with that name (POST /302/sandbox/create) when there is none. Output: the
 * sandbox as Sandbox › Create gives it, plus `created: true|false`. This keeps one workspace
 * across executions (an AI agent's, a schedule's). Two executions at the same moment may both
 * create one; both then use the oldest from their next call on (README).
 */

const LIST = { method: 'GET' as const, path: '/302/sandbox/list' };

export const description = updateDisplayOptions(
	{ show: { resource: ['sandbox'], operation: ['getOrCreate'] } },
	[
		{
			displayName: 'Sandbox Name',
			name: 'sandboxName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. reports-workspace',
			description:
				'The live sandbox of this name is used; if there is none, one is created with this name',
		},
		{
			displayName: 'Max Alive Time (Seconds)',
			name: 'maxAliveTime',
			type: 'number',
			typeOptions: { minValue: 1 },
			required: true,
			default: 3600,
			description:
				'When a sandbox has to be created: how long it may live before 302.AI destroys it. Also bounds how long a duplicate from two simultaneous executions lives.',
		},
		optionsCollection([
			envVarsOption(
				'When a sandbox has to be created: environment variables every run in it sees, as name/value pairs',
			),
		]),
	],
);

export interface GetOrCreatePlan {
	name: string;
	createBody: IDataObject;
	itemIndex: number;
}

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): GetOrCreatePlan {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const name = requireText(
		node,
		i,
		'sandboxName',
		ctx.getNodeParameter('sandboxName', i, ''),
		'Give the name the sandbox is found by.',
	).trim();
	const maxAliveTime = readMaxAliveTime(ctx, i, 3600);
	const options = readOptions(ctx, i);
	const envs = readEnvVarsOption(node, i, options);
	const createBody: IDataObject = { max_alive_time: maxAliveTime, sandbox_name: name };
	if (Object.keys(envs).length > 0) createBody.envs = envs;
	return { name, createBody, itemIndex: i };
}

/** Items of one execution asking for the same name share one look-up (and at most one create). */
const pendingByRun = new WeakMap<RunContext, Map<string, Promise<IDataObject>>>();

export async function execute(
	ctx: IExecuteFunctions,
	plan: GetOrCreatePlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const pending = pendingByRun.get(run) ?? new Map<string, Promise<IDataObject>>();
	pendingByRun.set(run, pending);
	const earlier = pending.get(plan.name);
	if (earlier) {
		const sandbox = await earlier.catch(() => undefined);
		if (sandbox) return [{ json: { ...sandbox, created: false } }];
	}
	const lookup = getOrCreate(ctx, plan, run);
	pending.set(plan.name, lookup);
	return [{ json: await lookup }];
}

async function getOrCreate(
	ctx: IExecuteFunctions,
	plan: GetOrCreatePlan,
	run: RunContext,
): Promise<IDataObject> {
	const response = await apiRequest(ctx, run.connection, {
		...LIST,
		kind: 'read',
		qs: { sandbox_name: plan.name },
		itemIndex: plan.itemIndex,
	});
	const found = oldestNamed(readArray(response, ['sandboxes'], endpointLabel(LIST)), plan.name);
	if (found) return { ...found, created: false };
	const sandbox = await createSandbox(ctx, run.connection, plan.createBody, plan.itemIndex);
	logCreatedSandbox(ctx, sandbox.sandbox_id, plan.itemIndex, `Get or Create, name "${plan.name}"`);
	return { ...sandbox, created: true };
}

/**
 * The oldest listed sandbox with exactly this name (the filter is checked here too). Oldest, so
 * that after a race every execution settles on the same one.
 */
function oldestNamed(sandboxes: unknown[], name: string): IDataObject | undefined {
	let oldest: IDataObject | undefined;
	for (const sandbox of sandboxes) {
		if (
			!isRecord(sandbox) ||
			sandbox.sandbox_name !== name ||
			typeof sandbox.sandbox_id !== 'string'
		)
			continue;
		const createdAt = Number(sandbox.created_at);
		if (!oldest || (Number.isFinite(createdAt) && createdAt < Number(oldest.created_at)))
			oldest = sandbox as IDataObject;
	}
	return oldest;
}
