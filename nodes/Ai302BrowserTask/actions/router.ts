import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RunContext } from '../../shared/operation';
import { readRequestTimeouts } from '../../shared/requestTimeout';
import { explainForModel, isToolMode, readToolOutputLimit, toToolAnswer } from '../../shared/tool';
import { ExecutionCancelledError, getConnection, mapWithConcurrency } from '../../shared/transport';
import { collectOutput } from '../helpers/collect';
import { cancelError } from '../helpers/outcome';
import {
	asError,
	pendingTaskIds,
	type Prepared,
	type Rejected,
	settle,
	type Settled,
	type Started,
	type TaskStart,
} from '../helpers/run';
import { readOptions } from '../../shared/parameters';
import { STRUCTURED_FIELDS } from '../helpers/structuredOutput';
import { waitForAll } from '../helpers/waiting';
import { findOperation, type TaskOperation } from './operations';

/**
 * Runs all items in three phases: check every item's input (no request before that), start all
 * tasks (Create submits them with bounded concurrency; Get just takes the id), then poll every
 * task that is still pending in ONE shared loop (helpers/waiting.ts). Output order is input
 * order (helpers/collect.ts).
 */

export async function route(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	if (!isToolMode(node)) return [await runItems(ctx, false)];
	// As an AI Agent tool: the model's answer is capped, and errors carry their hint in the message.
	try {
		const limit = readToolOutputLimit(node, 0, readOptions(ctx, 0));
		return [toToolAnswer(await runItems(ctx, true), limit, STRUCTURED_FIELDS)];
	} catch (error) {
		throw explainForModel(node, error);
	}
}

async function runItems(ctx: IExecuteFunctions, asTool: boolean): Promise<INodeExecutionData[]> {
	const value: unknown = ctx.getNodeParameter('operation', 0);
	const operation = findOperation(value);
	if (operation === undefined) {
		throw new NodeOperationError(ctx.getNode(), `Unknown operation "${String(value)}"`, {
			itemIndex: 0,
		});
	}
	const continueOnFail = ctx.continueOnFail();
	const itemCount = ctx.getInputData().length;
	const checked: Array<Rejected | Prepared> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++)
		checked.push(await prepare(ctx, operation, itemIndex));
	const rejected = checked.filter((item): item is Rejected => item.phase === 'rejected');
	if (rejected.length > 0 && !continueOnFail) throw rejected[0].error;

	const ready = checked.filter((item): item is Prepared => item.phase === 'prepared');
	if (ready.length === 0) return collectOutput(ctx, rejected, continueOnFail, undefined);
	const connection = await getConnection(ctx, ready[0].itemIndex, readRequestTimeouts(ctx));
	const sent = await start(ctx, { connection, asTool }, operation, ready, continueOnFail);
	const settled = await waitForAll(ctx, connection, operation.createsTasks, sent, continueOnFail);
	const finished = [...rejected, ...settled].sort((a, b) => a.itemIndex - b.itemIndex);
	return collectOutput(ctx, finished, continueOnFail, connection.secret);
}

/** Phase 0: read and check one item's parameters; bad input becomes the item's error. */
async function prepare(
	ctx: IExecuteFunctions,
	{ operation }: TaskOperation,
	itemIndex: number,
): Promise<Rejected | Prepared> {
	try {
		const item = await operation.prepare(ctx, { itemIndex, allItems: false });
		return { phase: 'prepared', itemIndex, ...item.exposed, send: item.execute };
	} catch (error) {
		return { phase: 'rejected', itemIndex, error: asError(error) };
	}
}

/**
 * Phase 1: each item's request with bounded concurrency (Create submits; Get takes the id, or
 * reads the status once without waiting). Items left unsent because another item failed first
 * (no continue-on-fail) drop out: the node fails with that error.
 */
async function start(
	ctx: IExecuteFunctions,
	run: RunContext,
	{ createsTasks }: TaskOperation,
	items: Prepared[],
	continueOnFail: boolean,
): Promise<Array<Started | Settled>> {
	let failed = false;
	// Workers catch their own errors, so the settled results carry nothing extra.
	const results = await mapWithConcurrency(
		items.length,
		items[0].settings.concurrency,
		async (index): Promise<Started | Settled | undefined> => {
			const item = items[index];
			// Fail fast: without continue-on-fail, no further paid task is started after an error.
			if (failed && !continueOnFail) return undefined;
			const startedAt = Date.now();
			try {
				const answer = await item.send(run);
				return answered(item, answer, startedAt, Date.now());
			} catch (error) {
				if (!(error instanceof ExecutionCancelledError)) failed = true;
				return unanswered(item, asError(error), startedAt, Date.now());
			}
		},
	);
	const sent = results.flatMap((result) =>
		result.status === 'fulfilled' && result.value !== undefined ? [result.value] : [],
	);
	const canceled = sent.some(
		(item) => item.phase === 'settled' && item.error instanceof ExecutionCancelledError,
	);
	if (canceled || ctx.getExecutionCancelSignal?.()?.aborted) {
		throw cancelError(ctx, pendingTaskIds(sent), createsTasks);
	}
	return sent;
}

/** A sent item: waiting for its task, or settled with the answer (no wait, or final already). */
function answered(
	item: Prepared,
	answer: TaskStart,
	startedAt: number,
	settledAt: number,
): Started | Settled {
	const started: Started = {
		phase: 'started',
		itemIndex: item.itemIndex,
		settings: item.settings,
		taskId: answer.taskId,
		body: answer.body,
		startedAt,
		settledAt,
	};
	return answer.needsWait ? started : settle(started);
}

/** A sent item whose request failed; a Get still names its task. */
function unanswered(item: Prepared, error: Error, startedAt: number, settledAt: number): Settled {
	return {
		phase: 'settled',
		itemIndex: item.itemIndex,
		settings: item.settings,
		taskId: item.taskId,
		body: undefined,
		startedAt,
		settledAt,
		timedOut: false,
		unknownStatuses: [],
		lastPollError: undefined,
		error,
	};
}
