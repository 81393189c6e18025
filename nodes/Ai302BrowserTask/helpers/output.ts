import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../../shared/transport';
import { taskObject } from './api';
import { actions, extractedContent, finalDoneText, jsonValuesIn, readSteps } from './answerJson';
import type { OutputMode } from './settings';

/**
 * Turns a task response into output items.
 * - simplified: the API's top-level fields plus derived ones (see README "Simplified output");
 * - raw: the response as it is (plus timed_out: true when it is the last status at a timeout);
 * - steps: one item per agent step.
 */

export interface TaskView {
	taskId: string;
	/** Last response body (create or status); undefined when none arrived. */
	body: unknown;
	elapsedSeconds: number;
	timedOut: boolean;
	/** Statuses seen that are not queue/running/finished/fail. */
	unknownStatuses: string[];
}

export function buildOutput(view: TaskView, mode: OutputMode): IDataObject[] {
	if (mode === 'raw') return [rawOutput(view)];
	if (mode === 'steps') return stepOutputs(view);
	return [simplifiedOutput(view)];
}

function rawOutput(view: TaskView): IDataObject {
	const json: IDataObject = isRecord(view.body)
		? { ...(view.body as IDataObject) }
		: { task_id: view.taskId, response: view.body as IDataObject };
	if (view.body === undefined) json.status = null;
	if (view.timedOut) json.timed_out = true;
	return json;
}

export function simplifiedOutput(view: TaskView): IDataObject {
	const task = taskObject(view.body);
	const steps = readSteps(task);
	const result =
		typeof task.result === 'string'
			? task.result
			: task.result === undefined
				? null
				: (task.result as IDataObject);
	const extracted = steps.flatMap((step) => extractedContent(step));
	const doneText = finalDoneText(steps);
	const resultJson = isRecord(task.result)
		? (task.result as IDataObject)
		: findJson([
				typeof result === 'string' ? result : undefined,
				doneText,
				...[...extracted].reverse(),
			]);
	// browser-use repeats its final answer as `result`, the done text and the last extracted
	// content: each text appears once here (result first), so rows stay short in the Table view.
	const resultText = typeof result === 'string' ? result.trim() : undefined;
	const json: IDataObject = {
		task_id: typeof task.task_id === 'string' ? task.task_id : view.taskId,
		status: typeof task.status === 'string' ? task.status : null,
		is_successful: typeof task.is_successful === 'boolean' ? task.is_successful : null,
		result_json: resultJson,
		result,
		current_step: typeof task.current_step === 'number' ? task.current_step : null,
		step_count: steps.length,
		done_text: doneText !== null && doneText.trim() === resultText ? null : doneText,
		extracted_content: extracted.filter(
			(text) => text.trim() !== resultText && (doneText === null || text !== doneText),
		),
		elapsed_seconds: view.elapsedSeconds,
		timed_out: view.timedOut,
	};
	if (view.unknownStatuses.length > 0) json.unknown_statuses = view.unknownStatuses;
	return json;
}

function stepOutputs(view: TaskView): IDataObject[] {
	const task = taskObject(view.body);
	const taskId = typeof task.task_id === 'string' ? task.task_id : view.taskId;
	const status = typeof task.status === 'string' ? task.status : null;
	const steps = readSteps(task);
	const common = { task_id: taskId, task_status: status, timed_out: view.timedOut };
	// A task with no steps yet still yields one item, so its id is never lost.
	if (steps.length === 0) return [{ ...common, step: null }];
	return steps.map((step, index) => ({
		...common,
		step: typeof step.step === 'number' ? step.step : index + 1,
		evaluation_previous_goal: stringOrNull(step.evaluation_previous_goal),
		next_goal: stringOrNull(step.next_goal),
		memory: stringOrNull(step.memory),
		action_names: actions(step).flatMap((action) => Object.keys(action)),
		action: actions(step) as IDataObject[],
		extracted_content: extractedContent(step),
	}));
}

function stringOrNull(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

/** The first JSON object or array in the first candidate text that holds one (see jsonValuesIn). */
function findJson(
	candidates: Array<string | null | undefined>,
): IDataObject | IDataObject[] | null {
	for (const text of candidates) {
		const found = jsonValuesIn(text).find((value) => typeof value === 'object' && value !== null);
		if (found !== undefined) return found as IDataObject | IDataObject[];
	}
	return null;
}
