import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { logCreated } from '../../../shared/createdLog';
import type { ItemScope, RunContext } from '../../../shared/operation';
import { parameterError, readOptions } from '../../../shared/parameters';
import { isRecord, preview, redact } from '../../../shared/transport';
import { isTerminal, readStatus, readTaskId, SUBMIT_PATH, submitTask } from '../../helpers/api';
import type { TaskStart } from '../../helpers/run';
import { type ItemSettings, readSettings } from '../../helpers/settings';
import { withAnswerInstruction } from '../../helpers/structuredOutput';

const showForCreate = { show: { operation: ['create'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Task',
		name: 'task',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		displayOptions: showForCreate,
		placeholder:
			"e.g. Find today's weather in Guangzhou and answer as JSON with high, low and conditions",
		description:
			'What the browser agent should do, in plain language. Asking for the answer "as JSON" makes result_json easy to use downstream.',
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: '',
		displayOptions: showForCreate,
		placeholder: 'e.g. gpt-4o',
		description:
			"The 302.AI model ID that drives the agent (billed as the model fee). Leave empty for the API's default.",
	},
];

/** One checked Create item: its settings and the request body. */
export interface CreatePlan {
	itemIndex: number;
	settings: ItemSettings;
	body: IDataObject;
}

/**
 * Reads and checks one item (wait settings first, then the Create fields); throws a
 * NodeOperationError before any request. With structured output, the answer instruction and
 * schema are appended to the task text.
 */
export function prepare(ctx: IExecuteFunctions, { itemIndex }: ItemScope): CreatePlan {
	const settings = readSettings(ctx, itemIndex);
	const rawTask = ctx.getNodeParameter('task', itemIndex, '');
	const task =
		typeof rawTask === 'string' || typeof rawTask === 'number' ? String(rawTask).trim() : '';
	if (task === '') {
		throw parameterError(
			ctx.getNode(),
			itemIndex,
			'task',
			'is empty',
			'Describe what the browser agent should do in the Task field.',
		);
	}
	const rawModel = ctx.getNodeParameter('model', itemIndex, '');
	const model = typeof rawModel === 'string' ? rawModel.trim() : '';
	const extra = readAdditionalBody(
		ctx,
		itemIndex,
		readOptions(ctx, itemIndex).additionalBodyFields,
	);
	// Extra fields first, so the node's own fields win; an empty Model leaves an extra "model" alone.
	const structured = settings.structured;
	const body: IDataObject = {
		...extra,
		task: structured ? withAnswerInstruction(task, structured) : task,
	};
	if (model !== '') body.model = model;
	return { itemIndex, settings, body };
}

function readAdditionalBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			parsed = undefined;
		}
	}
	if (!isRecord(parsed)) {
		throw parameterError(
			ctx.getNode(),
			itemIndex,
			'options.additionalBodyFields',
			'must be a JSON object',
			`Got: ${preview(value, 100)}. Write an object such as {"max_steps": 20}, or remove the option.`,
		);
	}
	return parsed as IDataObject;
}

/**
 * Submits one task (a paid call, sent at most once) and reads its id tolerantly. A create answer
 * that already carries finished/fail is used as is, not polled.
 */
export async function execute(
	ctx: IExecuteFunctions,
	{ itemIndex, settings, body }: CreatePlan,
	{ connection }: RunContext,
): Promise<TaskStart> {
	const response = await submitTask(ctx, connection, body, itemIndex);
	const taskId = readTaskId(response);
	if (taskId === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`302.AI POST ${SUBMIT_PATH} answered without a task ID`,
			{
				itemIndex,
				description: redact(
					`The task may have been created (and billed) anyway; check your 302.AI dashboard before running again. Response starts: ${preview(response)}`,
					connection.secret,
				),
			},
		);
	}
	logCreated(ctx, 'browser task', taskId, itemIndex);
	return { taskId, body: response, needsWait: settings.wait && !isTerminal(readStatus(response)) };
}
