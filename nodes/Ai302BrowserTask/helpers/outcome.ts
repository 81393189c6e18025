import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { canceledError, errorItemFields } from '../../shared/itemErrors';
import { isTerminal, readStatus, taskObject } from './api';
import { evaluateAnswer, summarizeErrors } from './structuredOutput';
import { simplifiedOutput } from './output';
import { asError, type Run, view } from './run';
import type { ItemSettings } from './settings';

/**
 * The errors of the Browser Task node: a task's outcome (timeout, fail, unsuccessful), the
 * continue-on-fail item, and cancellation. Every one names the task id, so it is never lost.
 */

/**
 * 'fail' status, is_successful false with its option on, or an answer that does not match the
 * output schema with Fail on Schema Mismatch on: the kind of task error, if any.
 */
export function outcomeError(
	settings: ItemSettings,
	body: unknown,
): 'fail' | 'unsuccessful' | 'mismatch' | undefined {
	const task = taskObject(body);
	if (task.status === 'fail') return 'fail';
	if (settings.failOnUnsuccessful && task.status === 'finished' && task.is_successful === false)
		return 'unsuccessful';
	const structured = settings.structured;
	if (
		structured?.failOnMismatch &&
		task.status === 'finished' &&
		evaluateAnswer(structured, body).errors.length > 0
	)
		return 'mismatch';
	return undefined;
}

/** Turns a settled task into an error when the user asked for one (timeout, fail, unsuccessful). */
export function judge(ctx: IExecuteFunctions, run: Run): Error | undefined {
	const settings = run.settings!;
	const task = taskObject(run.body);
	const id = run.taskId ?? '(unknown)';
	const step =
		typeof task.current_step === 'number' ? `step ${task.current_step}` : 'no step reported';
	const status = typeof task.status === 'string' ? `"${task.status}"` : 'none yet';
	if (run.timedOut && !settings.returnOnTimeout) {
		const notes = [
			`Raise Max Wait Time, or turn on the option "Return Status on Timeout" to get the last status as an item with timed_out: true.`,
		];
		if (run.unknownStatuses.length > 0)
			notes.push(
				`302.AI reported a status this node does not know: ${run.unknownStatuses.join(', ')}.`,
			);
		if (run.lastPollError)
			notes.push(`The last status check failed: ${asError(run.lastPollError).message}`);
		return taskError(
			ctx,
			run,
			`Browser task ${id} did not finish within ${settings.maxWaitSeconds} s (last status ${status}, ${step}). It may still be running on 302.AI: fetch it later with the Get operation and task ID ${id}.`,
			notes.join(' '),
		);
	}
	const kind = outcomeError(settings, run.body);
	const result =
		typeof task.result === 'string' && task.result.trim() !== ''
			? `: ${clip(task.result, 300)}`
			: '';
	if (kind === 'fail') {
		return taskError(
			ctx,
			run,
			`Browser task ${id} failed at ${step}${result}`,
			'302.AI reports the task as failed. Look at its steps (Get operation with Output "One Item per Step") to see where it went wrong, then adjust the task text.',
		);
	}
	if (kind === 'unsuccessful') {
		return taskError(
			ctx,
			run,
			`Browser task ${id} finished but the agent reported is_successful: false${result}`,
			'The option "Fail If Unsuccessful" is on. Turn it off to receive such results as data.',
		);
	}
	if (kind === 'mismatch') {
		const errors = run.structured?.errors ?? evaluateAnswer(settings.structured!, run.body).errors;
		run.schemaMismatch = true;
		return taskError(
			ctx,
			run,
			`Browser task ${id} finished but its answer does not match the output schema: ${summarizeErrors(errors)}`,
			`The option "Fail on Schema Mismatch" is on; turn it off to receive the answer as data with structured_output_errors. All mismatches: ${summarizeErrors(errors, 10)}. The answer starts: ${clip(typeof task.result === 'string' ? task.result : JSON.stringify(task.result ?? null), 300)}`,
		);
	}
	return undefined;
}

function taskError(
	ctx: IExecuteFunctions,
	run: Run,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, {
		itemIndex: run.itemIndex,
		description,
	});
}

/** continue-on-fail item: the error plus everything known about the task, its id first. */
export function errorJson(run: Run, secret?: string): IDataObject {
	// The description says what to do (e.g. "the submit may have reached 302.AI, check before re-running").
	const json = errorItemFields(run.error!, secret);
	if (run.taskId === undefined) return json;
	const summary = simplifiedOutput(view(run));
	const item: IDataObject = {
		...json,
		task_id: summary.task_id,
		status: summary.status,
		is_successful: summary.is_successful,
		result: summary.result,
		current_step: summary.current_step,
		timed_out: summary.timed_out,
	};
	if (run.schemaMismatch && run.structured)
		item.structured_output_errors = run.structured.errors as unknown as IDataObject[];
	return item;
}

/** Adds to the thrown error which other tasks were created and keep running on 302.AI. */
export function withOthersNote(failed: Run, runs: Run[]): Error {
	const others = runs.filter(
		(run) => run !== failed && run.taskId !== undefined && !isTerminal(readStatus(run.body)),
	);
	if (others.length === 0) return failed.error!;
	const list = others.map((run) => `${run.taskId} (item ${run.itemIndex})`).join(', ');
	const error = failed.error as Error & { description?: string | null };
	const note = `Other tasks of this run were started and keep running on 302.AI (fetch them later with the Get operation): ${list}.`;
	error.description = error.description ? `${error.description} ${note}` : note;
	return error;
}

export function cancelError(
	ctx: IExecuteFunctions,
	taskIds: string[],
	whileCreating = false,
): NodeOperationError {
	const unique = [...new Set(taskIds)];
	const tasks = `browser task${unique.length > 1 ? 's' : ''} ${unique.join(', ')}`;
	const what = whileCreating
		? `while creating browser tasks${unique.length > 0 ? ` (created: ${unique.join(', ')})` : ''}`
		: `while waiting for ${tasks}`;
	const notes: string[] = [];
	if (unique.length > 0) {
		notes.push(
			'302.AI has no endpoint to stop a browser task, so it keeps running (and billing running time) on 302.AI. Fetch its result later with the Get operation and the task ID.',
		);
	}
	if (whileCreating) {
		notes.push(
			'A create request that was already on its way may still have created a task; check your 302.AI dashboard.',
		);
	}
	return canceledError(ctx.getNode(), { during: what, description: notes.join(' ') });
}

function clip(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max)}...` : text;
}
