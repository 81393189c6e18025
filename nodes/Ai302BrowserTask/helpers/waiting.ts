import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	type ApiConnection,
	ExecutionCancelledError,
	pollTasks,
	type PollResult,
	type PollTarget,
} from '../../shared/transport';
import { fetchTask, PENDING_STATUSES, readStatus, TERMINAL_STATUSES } from './api';
import { cancelError, outcomeError } from './outcome';
import { asError, pendingTaskIds, settle, type Settled, type Started } from './run';

/**
 * Phase 2: polls every started task together until each settles or reaches its deadline; items
 * already settled pass through. Without continue-on-fail nothing is polled once an item failed.
 * `createsTasks` (Create): a task's age counts from its submit and its first check waits one
 * interval; for Get both start with the wait.
 */
export async function waitForAll(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	createsTasks: boolean,
	items: Array<Started | Settled>,
	continueOnFail: boolean,
): Promise<Settled[]> {
	const waiting = items.filter((item): item is Started => item.phase === 'started');
	const failedAlready = items.some((item) => item.phase === 'settled' && item.error);
	if (waiting.length === 0 || (failedAlready && !continueOnFail)) return items.map(settledAsIs);

	const groups = groupByTask(waiting);
	const pollStart = Date.now();
	const targets = [...groups.values()].map(
		(group): PollTarget => ({
			id: group[0].taskId,
			intervalMs: group[0].settings.intervalMs,
			schedule: group[0].settings.pollSchedule,
			startedAt: createsTasks ? group[0].startedAt : pollStart,
			deadline: pollStart + group[0].settings.maxWaitMs,
			delayFirstPoll: createsTasks,
		}),
	);
	let results: PollResult[];
	try {
		results = await pollTasks(ctx, targets, {
			fetchStatus: async (id, deadline, onRateLimited) =>
				// Every id polled is a group's: the fallback 0 is never used.
				await fetchTask(
					ctx,
					connection,
					id,
					groups.get(id)?.[0].itemIndex ?? 0,
					deadline,
					onRateLimited,
				),
			readStatus,
			terminalStatuses: TERMINAL_STATUSES,
			pendingStatuses: PENDING_STATUSES,
			concurrency: waiting[0].settings.concurrency,
			maxRequestsPerSecond: waiting[0].settings.maxPollRate,
			// Without continue-on-fail the node fails on the first failed task: stop waiting then.
			stopWhen: continueOnFail
				? undefined
				: (result) => (groups.get(result.id) ?? []).some((item) => wouldFail(item, result)),
		});
	} catch (error) {
		if (error instanceof ExecutionCancelledError) throw cancelError(ctx, pendingTaskIds(items));
		throw new NodeOperationError(ctx.getNode(), asError(error));
	}
	const resultOf = new Map(results.map((result) => [result.id, result]));
	return items.map((item) => {
		if (item.phase === 'settled') return item;
		// Get: the elapsed time counts from the wait's start.
		const waited = createsTasks ? item : { ...item, startedAt: pollStart };
		return fromPoll(waited, resultOf.get(item.taskId));
	});
}

function settledAsIs(item: Started | Settled): Settled {
	return item.phase === 'started' ? settle(item) : item;
}

/** Items naming the same task id share its polls. */
function groupByTask(items: Started[]): Map<string, [Started, ...Started[]]> {
	const groups = new Map<string, [Started, ...Started[]]>();
	for (const item of items) {
		const group = groups.get(item.taskId);
		if (group) group.push(item);
		else groups.set(item.taskId, [item]);
	}
	return groups;
}

/** The item after the wait: the last status, and a timeout or an error if the wait ended so. */
function fromPoll(item: Started, result: PollResult | undefined): Settled {
	const settled = settle(item);
	if (result === undefined) return settled;
	// 'abandoned' keeps its last body: the node is about to fail on another item.
	return {
		...settled,
		body: result.last !== undefined ? result.last : item.body,
		settledAt: result.settledAt,
		unknownStatuses: result.unknownStatuses,
		timedOut: result.state === 'timeout',
		lastPollError: result.state === 'timeout' ? result.error : undefined,
		error: result.state === 'error' ? asError(result.error) : undefined,
	};
}

/** Would this poll result make the item an error (used to stop waiting early)? */
function wouldFail(item: Started, result: PollResult): boolean {
	if (result.state === 'error') return true;
	if (result.state === 'timeout') return !item.settings.returnOnTimeout;
	if (result.state !== 'done') return false;
	return outcomeError(item.settings, result.last) !== undefined;
}
