import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { canceledError, errorItemFields } from '../../shared/itemErrors';
import { isTerminal, readStatus, taskObject } from './api';
import { simplifiedOutput } from './output';
import { asError, type Finished, type Judged, type Settled, view } from './run';
import type { ItemSettings } from './settings';
import { evaluateAnswer, type StructuredResult, summarizeErrors } from './structuredOutput';

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

/** Judges a settled item against its options: the answer is checked, and the outcome may fail it. */
export function judge(ctx: IExecuteFunctions, item: Settled): Judged {
	if (item.error !== undefined)
		return { ...item, phase: 'judged', structured: undefined, schemaMismatch: false };
	const spec = item.settings.structured;
	const structured = spec ? evaluateAnswer(spec, item.body) : undefined;
	const failure = timeoutError(ctx, item) ?? statusError(ctx, item, structured);
	return {
		...item,
		phase: 'judged',
		structured,
		error: failure?.error,
		schemaMismatch: failure?.schemaMismatch === true,
	};
}

interface Failure {
	error: NodeOperationError;
	schemaMismatch?: boolean;
}

/** Max Wait Time reached, unless Return Status on Timeout is on. */
function timeoutError(ctx: IExecuteFunctions, item: Settled): Failure | undefined {
	if (!item.timedOut || item.settings.returnOnTimeout) return undefined;
	const { id, step, status } = describeTask(item);
	const notes = [
		`Raise Max Wait Time, or turn on the option "Return Status on Timeout" to get the last status as an item with timed_out: true.`,
	];
	if (item.unknownStatuses.length > 0)
		notes.push(
			`302.AI reported a status this node does not know: ${item.unknownStatuses.join(', ')}.`,
		);
	if (item.lastPollError)
		notes.push(`The last status check failed: ${asError(item.lastPollError).message}`);
	return taskError(
		ctx,
		item,
		`Browser task ${id} did not finish within ${item.settings.maxWaitSeconds} s (last status ${status}, ${step}). It may still be running on 302.AI: fetch it later with the Get operation and task ID ${id}.`,
		notes.join(' '),
	);
}

/** A failed task, is_successful false (Fail If Unsuccessful) or a schema mismatch (Fail on...). */
function statusError(
	ctx: IExecuteFunctions,
	item: Settled,
	structured: StructuredResult | undefined,
): Failure | undefined {
	const kind = outcomeError(item.settings, item.body);
	const { id, step, task } = describeTask(item);
	const result =
		typeof task.result === 'string' && task.result.trim() !== ''
			? `: ${clip(task.result, 300)}`
			: '';
	if (kind === 'fail') {
		return taskError(
			ctx,
			item,
			`Browser task ${id} failed at ${step}${result}`,
			'302.AI reports the task as failed. Look at its steps (Get operation with Output "One Item per Step") to see where it went wrong, then adjust the task text.',
		);
	}
	if (kind === 'unsuccessful') {
		return taskError(
			ctx,
			item,
			`Browser task ${id} finished but the agent reported is_successful: false${result}`,
			'The option "Fail If Unsuccessful" is on. Turn it off to receive such results as data.',
		);
	}
	if (kind === 'mismatch' && structured) {
		const { errors } = structured;
		const failure = taskError(
			ctx,
			item,
			`Browser task ${id} finished but its answer does not match the output schema: ${summarizeErrors(errors)}`,
			`The option "Fail on Schema Mismatch" is on; turn it off to receive the answer as data with structured_output_errors. All mismatches: ${summarizeErrors(errors, 10)}. The answer starts: ${clip(typeof task.result === 'string' ? task.result : JSON.stringify(task.result ?? null), 300)}`,
		);
		return { ...failure, schemaMismatch: true };
	}
	return undefined;
}

function describeTask(item: Settled) {
	const task = taskObject(item.body);
	return {
		task,
		id: item.taskId ?? '(unknown)',
		step: typeof task.current_step === 'number' ? `step ${task.current_step}` : 'no step reported',
		status: typeof task.status === 'string' ? `"${task.status}"` : 'none yet',
	};
}

function taskError(
	ctx: IExecuteFunctions,
	item: Settled,
	message: string,
	description: string,
): Failure {
	return {
		error: new NodeOperationError(ctx.getNode(), message, {
			itemIndex: item.itemIndex,
			description,
		}),
	};
}

/** continue-on-fail item: the error plus everything known about the task, its id first. */
export function errorJson(item: Finished, error: Error, secret?: string): IDataObject {
	// The description says what to do (e.g. "the submit may have reached 302.AI, check before re-running").
	const json = errorItemFields(error, secret);
	if (item.phase === 'rejected' || item.taskId === undefined) return json;
	const summary = simplifiedOutput(view(item));
	const fields: IDataObject = {
		...json,
		task_id: summary.task_id,
		status: summary.status,
		is_successful: summary.is_successful,
		result: summary.result,
		current_step: summary.current_step,
		timed_out: summary.timed_out,
	};
	if (item.schemaMismatch && item.structured)
		fields.structured_output_errors = item.structured.errors as unknown as IDataObject[];
	return fields;
}

/** Adds to the thrown error which other tasks were created and keep running on 302.AI. */
export function withOthersNote(failed: Finished, error: Error, items: Finished[]): Error {
	const others = items.filter(
		(item): item is Judged =>
			item !== failed &&
			item.phase === 'judged' &&
			item.taskId !== undefined &&
			!isTerminal(readStatus(item.body)),
	);
	if (others.length === 0) return error;
	const list = others.map((item) => `${item.taskId} (item ${item.itemIndex})`).join(', ');
	const note = `Other tasks of this run were started and keep running on 302.AI (fetch them later with the Get operation): ${list}.`;
	const current = 'description' in error ? error.description : undefined;
	return Object.assign(error, {
		description: typeof current === 'string' && current !== '' ? `${current} ${note}` : note,
	});
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
