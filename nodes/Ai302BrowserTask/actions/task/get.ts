import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemScope, RunContext } from '../../../shared/operation';
import { parameterError } from '../../../shared/parameters';
import { preview } from '../../../shared/transport';
import { fetchTask, readStatus, taskPath } from '../../helpers/api';
import type { TaskStart } from '../../helpers/run';
import { type ItemSettings, readSettings } from '../../helpers/settings';

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { operation: ['get'] } },
		placeholder: 'e.g. 26cbe8e5-2386-4fd9-8043-ab460aa6b4cd',
		description: 'The task_id returned by Create (also named in timeout and cancel errors)',
	},
];

/** One checked Get item: its settings and the task it names. */
export interface GetPlan {
	itemIndex: number;
	settings: ItemSettings;
	taskId: string;
}

/** Characters that would change the request path if spliced into it (plus spaces and controls). */
const UNSAFE_ID = /[/?#\\\s]|\.\./;

/**
 * Reads and checks one item (wait settings first, then the task id); throws a NodeOperationError
 * before any request.
 */
export function prepare(ctx: IExecuteFunctions, { itemIndex }: ItemScope): GetPlan {
	const settings = readSettings(ctx, itemIndex);
	const raw = ctx.getNodeParameter('taskId', itemIndex, '');
	const taskId = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (taskId === '') {
		throw parameterError(
			ctx.getNode(),
			itemIndex,
			'taskId',
			'is empty',
			'Set Task ID to the task_id returned by the Create operation.',
		);
	}
	if (UNSAFE_ID.test(taskId) || [...taskId].some((char) => char.charCodeAt(0) < 0x20)) {
		throw parameterError(
			ctx.getNode(),
			itemIndex,
			'taskId',
			`(${JSON.stringify(taskId.slice(0, 100))}) must not contain "/", "?", "#", "\\", "..", spaces or control characters`,
			'A 302.AI task ID looks like 26cbe8e5-2386-4fd9-8043-ab460aa6b4cd. Check the expression that fills Task ID.',
		);
	}
	return { itemIndex, settings, taskId };
}

/**
 * Waiting, the task joins the runner's shared polling loop: nothing to send here. Otherwise one
 * status request.
 */
export async function execute(
	ctx: IExecuteFunctions,
	{ itemIndex, settings, taskId }: GetPlan,
	{ connection }: RunContext,
): Promise<TaskStart> {
	if (settings.wait) return { taskId, body: undefined, needsWait: true };
	const body = await fetchTask(ctx, connection, taskId, itemIndex);
	// An answer without a status (e.g. an empty body) says nothing about the task: not a result.
	if (readStatus(body) === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`302.AI GET ${taskPath(taskId)} answered without a task status`,
			{
				itemIndex,
				description: `Response starts: ${preview(body)}. Try the Get operation again later.`,
			},
		);
	}
	return { taskId, body, needsWait: false };
}
