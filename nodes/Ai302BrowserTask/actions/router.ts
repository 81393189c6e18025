import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	type ApiConnection,
	ExecutionCancelledError,
	getConnection,
	mapWithConcurrency,
	pollTasks,
	type PollResult,
} from '../../shared/transport';
import { fetchTask, isTerminal, PENDING_STATUSES, readStatus, taskObject, TERMINAL_STATUSES } from '../api';
import { buildOutput, capForTool, simplifiedOutput, type TaskView } from '../output';
import * as create from './create';
import * as get from './get';
import { type ItemSettings, readSettings } from './settings';

/**
 * Runs all items in three phases: check every item's input (no request before that), start all
 * tasks (Create submits them with bounded concurrency; Get just takes the id), then poll every
 * task that is still pending in ONE shared loop. Output order is input order.
 */

interface Run {
	itemIndex: number;
	settings?: ItemSettings;
	createInput?: create.CreateInput;
	getInput?: get.GetInput;
	taskId?: string;
	/** Epoch ms when this item's first request started. */
	startedAt: number;
	settledAt: number;
	/** Last response body: the create answer or the latest status. */
	body?: unknown;
	needsWait: boolean;
	timedOut: boolean;
	unknownStatuses: string[];
	/** A status check failed transiently and the deadline came before a good one. */
	lastPollError?: unknown;
	/** The item failed (bad input, API error, failed task...). */
	error?: Error;
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation !== 'create' && operation !== 'get') {
		throw new NodeOperationError(this.getNode(), `Unknown operation "${String(operation)}"`, { itemIndex: 0 });
	}
	const continueOnFail = this.continueOnFail();
	const runs = this.getInputData().map((_, itemIndex) => prepare(this, operation, itemIndex));
	const invalid = runs.find((run) => run.error);
	if (invalid && !continueOnFail) throw invalid.error;

	const active = runs.filter((run) => !run.error);
	if (active.length > 0) {
		const connection = await getConnection(this, active[0].itemIndex);
		await start(this, connection, operation, active, continueOnFail);
		await waitForAll(this, connection, operation, active, continueOnFail);
	}
	return [collectOutput(this, runs, continueOnFail)];
}

/** Phase 0: read and check one item's parameters; errors are kept on the run. */
function prepare(ctx: IExecuteFunctions, operation: string, itemIndex: number): Run {
	const run: Run = { itemIndex, startedAt: 0, settledAt: 0, needsWait: false, timedOut: false, unknownStatuses: [] };
	try {
		run.settings = readSettings(ctx, itemIndex);
		if (operation === 'create') run.createInput = create.readInput(ctx, itemIndex);
		else run.getInput = get.readInput(ctx, itemIndex);
	} catch (error) {
		run.error = asError(error);
	}
	return run;
}

/** Phase 1: submit (Create) or take the id (Get); a Get without waiting reads the status once. */
async function start(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	operation: string,
	runs: Run[],
	continueOnFail: boolean,
): Promise<void> {
	let failed = false;
	// Workers catch their own errors, so the settled results carry nothing extra.
	await mapWithConcurrency(runs.length, runs[0].settings!.concurrency, async (index) => {
		const run = runs[index];
		// Fail fast: without continue-on-fail, no further paid task is started after an error.
		if (failed && !continueOnFail) return;
		const settings = run.settings!;
		run.startedAt = Date.now();
		try {
			if (operation === 'create') {
				const submitted = await create.execute(ctx, connection, run.createInput!, run.itemIndex);
				run.taskId = submitted.taskId;
				run.body = submitted.body;
				run.needsWait = settings.wait && !submitted.final;
			} else {
				run.taskId = run.getInput!.taskId;
				if (settings.wait) run.needsWait = true;
				else run.body = await get.execute(ctx, connection, run.getInput!, run.itemIndex);
			}
		} catch (error) {
			if (!(error instanceof ExecutionCancelledError)) failed = true;
			run.error = asError(error);
		}
		run.settledAt = Date.now();
	});
	if (runs.some((run) => run.error instanceof ExecutionCancelledError) || ctx.getExecutionCancelSignal?.()?.aborted) {
		throw cancelError(ctx, pendingTaskIds(runs), operation === 'create');
	}
}

/** Phase 2: poll every pending task together until each settles or reaches its deadline. */
async function waitForAll(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	operation: string,
	runs: Run[],
	continueOnFail: boolean,
): Promise<void> {
	if (!continueOnFail && runs.some((run) => run.error)) return;
	const waiting = runs.filter((run) => run.needsWait && !run.error);
	if (waiting.length === 0) return;

	// Items naming the same task id share its polls.
	const byId = new Map<string, Run[]>();
	for (const run of waiting) byId.set(run.taskId!, [...(byId.get(run.taskId!) ?? []), run]);
	const pollStart = Date.now();
	const targets = [...byId.entries()].map(([id, group]) => ({
		id,
		intervalMs: group[0].settings!.intervalMs,
		deadline: pollStart + group[0].settings!.maxWaitMs,
		delayFirstPoll: operation === 'create',
	}));
	if (operation === 'get') for (const run of waiting) run.startedAt = pollStart;

	let results: PollResult[];
	try {
		results = await pollTasks(ctx, targets, {
			fetchStatus: async (id, deadline) => await fetchTask(ctx, connection, id, byId.get(id)![0].itemIndex, deadline),
			readStatus,
			terminalStatuses: TERMINAL_STATUSES,
			pendingStatuses: PENDING_STATUSES,
			concurrency: waiting[0].settings!.concurrency,
			// Without continue-on-fail the node fails on the first failed task: stop waiting then.
			stopWhen: continueOnFail ? undefined : (result) => byId.get(result.id)!.some((run) => wouldFail(run, result)),
		});
	} catch (error) {
		if (error instanceof ExecutionCancelledError) throw cancelError(ctx, pendingTaskIds(runs));
		throw new NodeOperationError(ctx.getNode(), asError(error));
	}

	for (const result of results) {
		for (const run of byId.get(result.id)!) {
			if (result.last !== undefined) run.body = result.last;
			run.settledAt = result.settledAt;
			run.unknownStatuses = result.unknownStatuses;
			if (result.state === 'error') run.error = asError(result.error);
			if (result.state === 'timeout') {
				run.timedOut = true;
				run.lastPollError = result.error;
			}
			// 'abandoned' keeps its last body: the node is about to fail on another item.
		}
	}
}

/** Would this poll result make the item an error (used to stop waiting early)? */
function wouldFail(run: Run, result: PollResult): boolean {
	if (result.state === 'error') return true;
	if (result.state === 'timeout') return !run.settings!.returnOnTimeout;
	if (result.state !== 'done') return false;
	return outcomeError(run.settings!, result.last) !== undefined;
}

/** 'fail' status, or is_successful false with the option on: the kind of task error, if any. */
function outcomeError(settings: ItemSettings, body: unknown): 'fail' | 'unsuccessful' | undefined {
	const task = taskObject(body);
	if (task.status === 'fail') return 'fail';
	if (settings.failOnUnsuccessful && task.status === 'finished' && task.is_successful === false) return 'unsuccessful';
	return undefined;
}

/** Phase 3: items in input order, or the first error when continue-on-fail is off. */
function collectOutput(ctx: IExecuteFunctions, runs: Run[], continueOnFail: boolean): INodeExecutionData[] {
	const isTool = ctx.getNode().type.endsWith('Tool');
	for (const run of runs) {
		if (!run.error && run.settings) run.error = judge(ctx, run);
	}
	if (!continueOnFail) {
		const failed = runs.find((run) => run.error);
		if (failed) throw withOthersNote(failed, runs);
	}
	const output: INodeExecutionData[] = [];
	for (const run of runs) {
		const pairedItem = { item: run.itemIndex };
		let jsons = run.error ? [errorJson(run)] : buildOutput(view(run), run.settings!.outputMode);
		if (isTool) jsons = jsons.map((json) => capForTool(json, run.settings?.toolMaxChars ?? 4000));
		for (const json of jsons) output.push({ json, pairedItem });
	}
	return output;
}

/** Turns a settled task into an error when the user asked for one (timeout, fail, unsuccessful). */
function judge(ctx: IExecuteFunctions, run: Run): Error | undefined {
	const settings = run.settings!;
	const task = taskObject(run.body);
	const id = run.taskId ?? '(unknown)';
	const step = typeof task.current_step === 'number' ? `step ${task.current_step}` : 'no step reported';
	const status = typeof task.status === 'string' ? `"${task.status}"` : 'none yet';
	if (run.timedOut && !settings.returnOnTimeout) {
		const notes = [
			`Raise Max Wait Time, or turn on the option "Return Last Status on Timeout" to get the last status as an item with timed_out: true.`,
		];
		if (run.unknownStatuses.length > 0) notes.push(`302.AI reported a status this node does not know: ${run.unknownStatuses.join(', ')}.`);
		if (run.lastPollError) notes.push(`The last status check failed: ${asError(run.lastPollError).message}`);
		return taskError(
			ctx,
			run,
			`Browser task ${id} did not finish within ${settings.maxWaitSeconds} s (last status ${status}, ${step}). It may still be running on 302.AI: fetch it later with the Get operation and task ID ${id}.`,
			notes.join(' '),
		);
	}
	const kind = outcomeError(settings, run.body);
	const result = typeof task.result === 'string' && task.result.trim() !== '' ? `: ${clip(task.result, 300)}` : '';
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
			'The option "Fail When Agent Reports Unsuccessful" is on. Turn it off to receive such results as data.',
		);
	}
	return undefined;
}

function taskError(ctx: IExecuteFunctions, run: Run, message: string, description: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${message} [item ${run.itemIndex}]`, {
		itemIndex: run.itemIndex,
		description,
	});
}

function view(run: Run): TaskView {
	return {
		taskId: run.taskId ?? '',
		body: run.body,
		elapsedSeconds: Math.round(Math.max(0, run.settledAt - run.startedAt) / 10) / 100,
		timedOut: run.timedOut,
		unknownStatuses: run.unknownStatuses,
	};
}

/** continue-on-fail item: the error plus everything known about the task, its id first. */
function errorJson(run: Run): IDataObject {
	const json: IDataObject = { error: run.error!.message };
	if (run.taskId === undefined) return json;
	const summary = simplifiedOutput(view(run));
	return {
		error: run.error!.message,
		task_id: summary.task_id,
		status: summary.status,
		is_successful: summary.is_successful,
		result: summary.result,
		current_step: summary.current_step,
		timed_out: summary.timed_out,
	};
}

/** Adds to the thrown error which other tasks were created and keep running on 302.AI. */
function withOthersNote(failed: Run, runs: Run[]): Error {
	const others = runs.filter((run) => run !== failed && run.taskId !== undefined && !isTerminal(readStatus(run.body)));
	if (others.length === 0) return failed.error!;
	const list = others.map((run) => `${run.taskId} (item ${run.itemIndex})`).join(', ');
	const error = failed.error as Error & { description?: string | null };
	const note = `Other tasks of this run were started and keep running on 302.AI (fetch them later with the Get operation): ${list}.`;
	error.description = error.description ? `${error.description} ${note}` : note;
	return error;
}

function pendingTaskIds(runs: Run[]): string[] {
	return runs.filter((run) => run.taskId !== undefined && !isTerminal(readStatus(run.body))).map((run) => run.taskId!);
}

function cancelError(ctx: IExecuteFunctions, taskIds: string[], whileCreating = false): NodeOperationError {
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
		notes.push('A create request that was already on its way may still have created a task; check your 302.AI dashboard.');
	}
	// "canceled" (n8n's spelling) makes n8n mark the execution as canceled rather than failed.
	return new NodeOperationError(ctx.getNode(), `The execution was canceled ${what}`, { description: notes.join(' ') });
}

function asError(value: unknown): Error {
	return value instanceof Error ? value : new Error(String(value));
}

function clip(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max)}...` : text;
}
