import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import {
	DEFAULT_MAX_REQUESTS_PER_SECOND,
	type PollClock,
	pollDelay,
	type PollSchedule,
	realClock,
	RequestBudget,
} from './pollPacing';
import { ExecutionCancelledError } from './sleep';

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

/** Thrown when the execution is cancelled mid-wait; names the tasks that were still pending. */
export class PollCancelledError extends ExecutionCancelledError {
	constructor(pendingIds: string[]) {
		super(`The execution was canceled while waiting for ${pendingIds.join(', ')}`);
	}
}

const TRANSIENT_HTTP_CODES = new Set(['408', '425', '429', '500', '502', '503', '504']);

/**
 * A failure that a later poll may not see again: no HTTP answer at all (network error, a 2xx
 * body that was not JSON) or a rate-limit / server-side status. 4xx answers such as 404 or 401
 * are final. Only errors from the transport (NodeApiError) qualify.
 */
export function transientPollError(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const code = error.httpCode;
	return (
		code === null || code === undefined || code === '' || TRANSIENT_HTTP_CODES.has(String(code))
	);
}

interface Tracker {
	target: PollTarget;
	result: PollResult;
	nextPollAt: number;
	settled: boolean;
}

export async function pollTasks(
	ctx: IExecuteFunctions,
	targets: PollTarget[],
	options: PollOptions,
): Promise<PollResult[]> {
	const signal = ctx.getExecutionCancelSignal?.();
	const isTransient = options.isTransientError ?? transientPollError;
	const clock = options.clock ?? realClock;
	const budget = new RequestBudget(
		clock,
		options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND,
	);
	const onRateLimited = (waitMs: number) => budget.pause(waitMs);
	const start = clock.now();
	const trackers: Tracker[] = targets.map((target) => ({
		target,
		result: { id: target.id, state: 'timeout', unknownStatuses: [], polls: 0, settledAt: start },
		nextPollAt: target.delayFirstPoll
			? Math.min(start + target.intervalMs, target.deadline)
			: start,
		settled: false,
	}));
	const pending = () => trackers.filter((tracker) => !tracker.settled);
	const cancelled = () => new PollCancelledError(pending().map((tracker) => tracker.target.id));
	let stopped = false;

	const settle = (tracker: Tracker, state: PollState, at: number) => {
		tracker.settled = true;
		tracker.result.state = state;
		tracker.result.settledAt = at;
		if (options.stopWhen?.(tracker.result)) stopped = true;
	};

	const pollOne = async (tracker: Tracker) => {
		if (signal?.aborted || stopped) return;
		try {
			await budget.take(signal);
		} catch {
			throw cancelled();
		}
		if (signal?.aborted || stopped) return;
		const { target, result } = tracker;
		result.polls++;
		try {
			const body = await options.fetchStatus(target.id, target.deadline, onRateLimited);
			result.last = body;
			result.lastStatus = options.readStatus(body);
			result.error = undefined;
		} catch (error) {
			if (error instanceof ExecutionCancelledError || signal?.aborted) throw cancelled();
			const now = clock.now();
			if (!isTransient(error)) {
				result.error = error;
				settle(tracker, 'error', now);
				return;
			}
			result.error = error;
			scheduleNext(tracker, now);
			return;
		}
		const now = clock.now();
		const status = result.lastStatus;
		if (status !== undefined && options.terminalStatuses.includes(status)) {
			settle(tracker, 'done', now);
			return;
		}
		if (!options.pendingStatuses.includes(status ?? '')) {
			const label = status ?? '(none)';
			if (!result.unknownStatuses.includes(label)) result.unknownStatuses.push(label);
		}
		scheduleNext(tracker, now);
	};

	const scheduleNext = (tracker: Tracker, now: number) => {
		if (now >= tracker.target.deadline) {
			settle(tracker, 'timeout', now);
			return;
		}
		const { target } = tracker;
		const delay = pollDelay(
			target.schedule ?? 'adaptive',
			target.intervalMs,
			now - (target.startedAt ?? start),
		);
		tracker.nextPollAt = Math.min(now + delay, target.deadline);
	};

	while (!stopped && pending().length > 0) {
		if (signal?.aborted) throw cancelled();
		const now = clock.now();
		const due = pending().filter((tracker) => tracker.nextPollAt <= now);
		if (due.length > 0) {
			const outcomes = await mapWithConcurrency(
				due.length,
				options.concurrency,
				async (index) => await pollOne(due[index]),
			);
			// pollOne only rejects on cancellation (fetch failures are settled per task).
			const failed = outcomes.find((outcome) => outcome.status === 'rejected');
			if (failed) throw (failed as PromiseRejectedResult).reason;
			continue;
		}
		const nextDue = Math.min(...pending().map((tracker) => tracker.nextPollAt));
		try {
			await clock.sleep(nextDue - now, signal);
		} catch {
			throw cancelled();
		}
	}

	const end = clock.now();
	for (const tracker of pending()) {
		tracker.settled = true;
		tracker.result.state = 'abandoned';
		tracker.result.settledAt = end;
	}
	return trackers.map((tracker) => tracker.result);
}
