import type { IExecuteFunctions } from 'n8n-workflow';

import { BatchPoll } from './pollBatch';
import type { PollClock, PollSchedule } from './pollPacing';

export { PollCancelledError, transientPollError } from './pollErrors';

/**
 * One polling loop for many remote tasks at once. Each round GETs every task that is due
 * (bounded concurrency), settles those in a terminal status, then sleeps until the next task is
 * due, never past its deadline. So N tasks take about as long as the slowest, not the sum.
 *
 * - Every sleep is abortable on the execution's cancel signal; on cancel the loop stops at
 *   once and throws PollCancelledError naming the tasks it was still waiting for.
 * - Pacing (pollPacing.ts): each task's pause grows with its age on the adaptive schedule, and
 *   all status checks share one request budget that a 429 pauses as a whole.
 * - A status that is neither pending nor terminal keeps the task polling until its deadline and
 *   is reported in `unknownStatuses`.
 * - A transient fetch failure (left over after the transport's own retries) keeps the task
 *   polling; any other failure settles that one task as an error. Other tasks carry on.
 */

export interface PollTarget {
	id: string;
	/** Pause between two polls of this task, in ms (the first pause on the adaptive schedule). */
	intervalMs: number;
	/** `adaptive` (default): the pause grows with the task's age; `fixed`: always intervalMs. */
	schedule?: PollSchedule;
	/** Epoch ms the task's age counts from (its creation); default: when the loop starts. */
	startedAt?: number;
	/** Epoch ms: the last poll happens at this moment at the latest, then the task times out. */
	deadline: number;
	/** Wait one interval before the first poll (the task was only just created). */
	delayFirstPoll?: boolean;
}

export type PollState = 'done' | 'timeout' | 'error' | 'abandoned';

export interface PollResult {
	id: string;
	/** done: terminal status seen; timeout: deadline reached; error: fetch failed for good;
	 * abandoned: the loop stopped early because `stopWhen` asked it to. */
	state: PollState;
	/** Last response body received (undefined if no poll succeeded). */
	last?: unknown;
	/** Status read from `last`; undefined when it had none. */
	lastStatus?: string;
	/** For `error`: the failure. For `timeout`: the last transient failure, if any. */
	error?: unknown;
	/** Statuses seen that were neither pending nor terminal, in first-seen order. */
	unknownStatuses: string[];
	polls: number;
	/** Epoch ms when the task settled (or the loop gave up on it). */
	settledAt: number;
}

export interface PollOptions {
	/**
	 * GETs one task's status. `deadline` is for the transport: no retry wait may pass it.
	 * `onRateLimited` is for the transport too: call it with the wait when 302.AI answers 429.
	 */
	fetchStatus: (
		id: string,
		deadline: number,
		onRateLimited: (waitMs: number) => void,
	) => Promise<unknown>;
	/** Reads the status string from a response body. */
	readStatus: (body: unknown) => string | undefined;
	terminalStatuses: readonly string[];
	pendingStatuses: readonly string[];
	/** Most status requests in flight at once. */
	concurrency: number;
	/** Whether a fetch failure is worth another poll; default: transientPollError. */
	isTransientError?: (error: unknown) => boolean;
	/** Return true to stop the whole loop after this result (fail fast); the rest are abandoned. */
	stopWhen?: (result: PollResult) => boolean;
	/** Most status requests per second for the whole batch; default 50. */
	maxRequestsPerSecond?: number;
	/** Time source and sleep; default the real clock (tests pass a virtual one). */
	clock?: PollClock;
}

/** Runs the loop over `targets` until each is settled (or the loop stops); results in input order. */
export async function pollTasks(
	ctx: IExecuteFunctions,
	targets: PollTarget[],
	options: PollOptions,
): Promise<PollResult[]> {
	return await new BatchPoll(ctx.getExecutionCancelSignal?.(), targets, options).run();
}
