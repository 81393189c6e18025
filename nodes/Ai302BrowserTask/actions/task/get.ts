import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type ApiConnection, preview } from '../../../shared/transport';
import { fetchTask, readStatus, taskPath } from '../../helpers/api';
import { parameterError } from '../../../shared/parameters';

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

export interface GetInput {
	taskId: string;
}

/** Characters that would change the request path if spliced into it (plus spaces and controls). */
const UNSAFE_ID = /[/?#\\\s]|\.\./;

/** Reads and checks one item's task id; throws a NodeOperationError before any request. */
export function readInput(ctx: IExecuteFunctions, itemIndex: number): GetInput {
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
	return { taskId };
}

/** One status request (used without waiting; the wait polls through the shared loop). */
export async function execute(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	input: GetInput,
	itemIndex: number,
): Promise<unknown> {
	const body = await fetchTask(ctx, connection, input.taskId, itemIndex);
	// An answer without a status (e.g. an empty body) says nothing about the task: not a result.
	if (readStatus(body) === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`302.AI GET ${taskPath(input.taskId)} answered without a task status`,
			{
				itemIndex,
				description: `Response starts: ${preview(body)}. Try the Get operation again later.`,
			},
		);
	}
	return body;
}
