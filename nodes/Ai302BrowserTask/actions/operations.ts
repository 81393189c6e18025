import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { defineExposingOperation, type ExposingOperation } from '../../shared/operation';
import type { TaskPlan, TaskStart } from '../helpers/run';
import * as create from './task/create';
import * as get from './task/get';

/**
 * The node's operations, in one table: the Operation options of the node description and the
 * router's dispatch both come from it, so an operation cannot be listed without being run.
 */

export interface TaskOperation {
	/** The Operation option as the editor shows it; `action` is what an AI Agent reads. */
	name: string;
	action: string;
	description: string;
	/**
	 * The operation submits paid tasks: the first status check waits one interval, a task's age
	 * (for the adaptive schedule) counts from its submit, and a cancel names the tasks created.
	 */
	createsTasks: boolean;
	operation: ExposingOperation<TaskPlan, TaskStart>;
}

const OPERATIONS = {
	create: {
		name: 'Create',
		action: 'Have the browser agent do a task on real websites and get its result billed per task',
		description: 'Hand a task to the browser agent and (by default) wait for its result',
		createsTasks: true,
		operation: defineExposingOperation(create, (plan) => ({
			settings: plan.settings,
			taskId: undefined,
		})),
	},
	get: {
		name: 'Get',
		action: 'Get the status and result of a browser task by its id free of charge',
		description: "Get a task's status and result by its ID (can wait until it is done)",
		createsTasks: false,
		operation: defineExposingOperation(get, (plan) => ({
			settings: plan.settings,
			taskId: plan.taskId,
		})),
	},
} satisfies Record<string, TaskOperation>;

const byValue = new Map<string, TaskOperation>(Object.entries(OPERATIONS));

/** The options of the Operation parameter, in the table's order. */
export const operationOptions: INodePropertyOptions[] = Object.entries(OPERATIONS).map(
	([value, entry]) => ({
		name: entry.name,
		value,
		action: entry.action,
		description: entry.description,
	}),
);

/** Every operation's own fields, for the node description. */
export const operationFields: INodeProperties[] = Object.values(OPERATIONS).flatMap(
	(entry) => entry.operation.description,
);

/** The operation saved in the Operation parameter, if the table has it. */
export function findOperation(value: unknown): TaskOperation | undefined {
	return typeof value === 'string' ? byValue.get(value) : undefined;
}
