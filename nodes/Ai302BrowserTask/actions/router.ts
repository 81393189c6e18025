import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readRequestTimeouts } from '../../shared/requestTimeout';
import { explainForModel, isToolMode, readToolOutputLimit, toToolAnswer } from '../../shared/tool';
import {
	type ApiConnection,
	errorOutputItem,
	ExecutionCancelledError,
	getConnection,
	mapWithConcurrency,
	pollTasks,
	type PollResult,
} from '../../shared/transport';
import { fetchTask, PENDING_STATUSES, readStatus, TERMINAL_STATUSES } from '../helpers/api';
import { evaluateAnswer, STRUCTURED_FIELDS, structuredFields } from '../helpers/structuredOutput';
import { buildOutput } from '../helpers/output';
import * as create from './task/create';
import * as get from './task/get';
import { cancelError, errorJson, judge, outcomeError, withOthersNote } from '../helpers/outcome';
import { asError, pendingTaskIds, type Run, view } from '../helpers/run';
import { readOptions, readSettings } from '../helpers/settings';

/**
 * Runs all items in three phases: check every item's input (no request before that), start all
 * tasks (Create submits them with bounded concurrency; Get just takes the id), then poll every
 * task that is still pending in ONE shared loop. Output order is input order.
 */

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	if (!isToolMode(this.getNode())) return [await runItems(this)];
	// As an AI Agent tool: the model's answer is capped, and errors carry their hint in the message.
	try {
		const limit = readToolOutputLimit(this.getNode(), 0, readOptions(this, 0));
		return [toToolAnswer(await runItems(this), limit, STRUCTURED_FIELDS)];
	} catch (error) {
		throw explainForModel(this.getNode(), error);
	}
}

async function runItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	if (operation !== 'create' && operation !== 'get') {
		throw new NodeOperationError(ctx.getNode(), `Unknown operation "${String(operation)}"`, {
			itemIndex: 0,
		});
	}
	const continueOnFail = ctx.continueOnFail();
	const runs = ctx.getInputData().map((_, itemIndex) => prepare(ctx, operation, itemIndex));
	const invalid = runs.find((run) => run.error);
	if (invalid && !continueOnFail) throw invalid.error;

	const active = runs.filter((run) => !run.error);
	let secret: string | undefined;
	if (active.length > 0) {
		const connection = await getConnection(ctx, active[0].itemIndex, readRequestTimeouts(ctx));
		secret = connection.secret;
		await start(ctx, connection, operation, active, continueOnFail);
		await waitForAll(ctx, connection, operation, active, continueOnFail);
	}
	return collectOutput(ctx, runs, continueOnFail, secret);
}

/** Phase 0: read and check one item's parameters; errors are kept on the run. */
function prepare(ctx: IExecuteFunctions, operation: string, itemIndex: number): Run {
	const run: Run = {
		itemIndex,
		startedAt: 0,
		settledAt: 0,
		needsWait: false,
		timedOut: false,
		unknownStatuses: [],
	};
	try {
		run.settings = readSettings(ctx, itemIndex);
		if (operation === 'create')
			run.createInput = create.readInput(ctx, itemIndex, run.settings.structured);
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
	if (
		runs.some((run) => run.error instanceof ExecutionCancelledError) ||
		ctx.getExecutionCancelSignal?.()?.aborted
	) {
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
		schedule: group[0].settings!.pollSchedule,
		// Adaptive pauses grow with the task's age: from its submit (Create) or the wait's start (Get).
		startedAt: operation === 'create' ? group[0].startedAt : pollStart,
		deadline: pollStart + group[0].settings!.maxWaitMs,
		delayFirstPoll: operation === 'create',
	}));
	if (operation === 'get') for (const run of waiting) run.startedAt = pollStart;

	let results: PollResult[];
	try {
		results = await pollTasks(ctx, targets, {
			fetchStatus: async (id, deadline, onRateLimited) =>
				await fetchTask(ctx, connection, id, byId.get(id)![0].itemIndex, deadline, onRateLimited),
			readStatus,
			terminalStatuses: TERMINAL_STATUSES,
			pendingStatuses: PENDING_STATUSES,
			concurrency: waiting[0].settings!.concurrency,
			maxRequestsPerSecond: waiting[0].settings!.maxPollRate,
			// Without continue-on-fail the node fails on the first failed task: stop waiting then.
			stopWhen: continueOnFail
				? undefined
				: (result) => byId.get(result.id)!.some((run) => wouldFail(run, result)),
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

/** Phase 3: items in input order, or the first error when continue-on-fail is off. */
function collectOutput(
	ctx: IExecuteFunctions,
	runs: Run[],
	continueOnFail: boolean,
	secret: string | undefined,
): INodeExecutionData[] {
	for (const run of runs) {
		if (!run.error && run.settings?.structured)
			run.structured = evaluateAnswer(run.settings.structured, run.body);
		if (!run.error && run.settings) run.error = judge(ctx, run);
	}
	if (!continueOnFail) {
		const failed = runs.find((run) => run.error);
		if (failed) throw withOthersNote(failed, runs);
	}
	const output: INodeExecutionData[] = [];
	for (const run of runs) {
		const pairedItem = { item: run.itemIndex };
		let jsons = run.error
			? [errorJson(run, secret)]
			: buildOutput(view(run), run.settings!.outputMode);
		const structured = run.error ? undefined : run.structured;
		if (structured) jsons = jsons.map((json) => ({ ...json, ...structuredFields(structured) }));
		for (const json of jsons)
			output.push(run.error ? errorOutputItem(ctx, json, pairedItem) : { json, pairedItem });
	}
	return output;
}
