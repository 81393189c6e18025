import { mapWithConcurrency } from './concurrency';
import { PollCancelledError, transientPollError } from './pollErrors';
import {
	DEFAULT_MAX_REQUESTS_PER_SECOND,
	type PollClock,
	pollDelay,
	realClock,
	RequestBudget,
} from './pollPacing';
import type { PollOptions, PollResult, PollState, PollTarget } from './polling';
import { ExecutionCancelledError } from './sleep';

/**
 * The loop behind pollTasks (polling.ts says what it does): one tracker per task, polled when
 * due, settled on a terminal status, an error or its deadline, with sleeps until the next is due.
 */

/** One task in the loop: its target, the result so far and when it is polled next. */
interface Tracker {
	target: PollTarget;
	result: PollResult;
	/** Epoch ms (on the loop's clock) of the next poll. */
	nextPollAt: number;
	settled: boolean;
}

/** One run of the loop: every task's tracker and what all their polls share. */
export class BatchPoll {
	private readonly clock: PollClock;
	private readonly budget: RequestBudget;
	private readonly isTransient: (error: unknown) => boolean;
	/** When the loop started: a task's age counts from here unless it says otherwise. */
	private readonly start: number;
	private readonly trackers: Tracker[];
	/** Set when `stopWhen` asked to stop: no new poll starts, the rest are abandoned. */
	private stopped = false;
	private readonly onRateLimited = (waitMs: number) => this.budget.pause(waitMs);

	constructor(
		private readonly signal: AbortSignal | undefined,
		targets: PollTarget[],
		private readonly options: PollOptions,
	) {
		this.isTransient = options.isTransientError ?? transientPollError;
		this.clock = options.clock ?? realClock;
		const rate = options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND;
		this.budget = new RequestBudget(this.clock, rate);
		const start = this.clock.now();
		this.start = start;
		this.trackers = targets.map((target) => ({
			target,
			result: { id: target.id, state: 'timeout', unknownStatuses: [], polls: 0, settledAt: start },
			nextPollAt: target.delayFirstPoll
				? Math.min(start + target.intervalMs, target.deadline)
				: start,
			settled: false,
		}));
	}

	async run(): Promise<PollResult[]> {
		while (!this.stopped && this.pending().length > 0) {
			if (this.signal?.aborted) throw this.cancelled();
			const now = this.clock.now();
			const due = this.pending().filter((tracker) => tracker.nextPollAt <= now);
			if (due.length > 0) await this.pollAll(due);
			else await this.sleepUntilNextDue(now);
		}
		this.abandonPending();
		return this.trackers.map((tracker) => tracker.result);
	}

	private pending(): Tracker[] {
		return this.trackers.filter((tracker) => !tracker.settled);
	}

	private cancelled(): PollCancelledError {
		return new PollCancelledError(this.pending().map((tracker) => tracker.target.id));
	}

	/** Polls the due tasks, at most `concurrency` at once. */
	private async pollAll(due: Tracker[]): Promise<void> {
		const outcomes = await mapWithConcurrency(
			due.length,
			this.options.concurrency,
			async (index) => await this.pollOne(due[index]),
		);
		// pollOne only rejects on cancellation (fetch failures are settled per task).
		const failed = outcomes.find(
			(outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
		);
		if (failed) throw failed.reason;
	}

	private async pollOne(tracker: Tracker): Promise<void> {
		if (this.signal?.aborted || this.stopped) return;
		try {
			await this.budget.take(this.signal);
		} catch {
			throw this.cancelled();
		}
		if (this.signal?.aborted || this.stopped) return;
		const { target, result } = tracker;
		result.polls++;
		try {
			const body = await this.options.fetchStatus(target.id, target.deadline, this.onRateLimited);
			result.last = body;
			result.lastStatus = this.options.readStatus(body);
			result.error = undefined;
		} catch (error) {
			if (error instanceof ExecutionCancelledError || this.signal?.aborted) throw this.cancelled();
			this.recordFailure(tracker, error);
			return;
		}
		this.recordStatus(tracker);
	}

	/** A transient failure keeps the task polling; any other settles it as an error. */
	private recordFailure(tracker: Tracker, error: unknown): void {
		const now = this.clock.now();
		tracker.result.error = error;
		if (this.isTransient(error)) this.scheduleNext(tracker, now);
		else this.settle(tracker, 'error', now);
	}

	/** A terminal status settles the task; any other is polled again (unknown ones noted). */
	private recordStatus(tracker: Tracker): void {
		const now = this.clock.now();
		const { result } = tracker;
		const status = result.lastStatus;
		if (status !== undefined && this.options.terminalStatuses.includes(status)) {
			this.settle(tracker, 'done', now);
			return;
		}
		if (!this.options.pendingStatuses.includes(status ?? '')) {
			const label = status ?? '(none)';
			if (!result.unknownStatuses.includes(label)) result.unknownStatuses.push(label);
		}
		this.scheduleNext(tracker, now);
	}

	/** The next poll on the task's schedule, never past its deadline; at the deadline it times out. */
	private scheduleNext(tracker: Tracker, now: number): void {
		const { target } = tracker;
		if (now >= target.deadline) {
			this.settle(tracker, 'timeout', now);
			return;
		}
		const age = now - (target.startedAt ?? this.start);
		const delay = pollDelay(target.schedule ?? 'adaptive', target.intervalMs, age);
		tracker.nextPollAt = Math.min(now + delay, target.deadline);
	}

	private settle(tracker: Tracker, state: PollState, at: number): void {
		tracker.settled = true;
		tracker.result.state = state;
		tracker.result.settledAt = at;
		if (this.options.stopWhen?.(tracker.result)) this.stopped = true;
	}

	private async sleepUntilNextDue(now: number): Promise<void> {
		const nextDue = Math.min(...this.pending().map((tracker) => tracker.nextPollAt));
		try {
			await this.clock.sleep(nextDue - now, this.signal);
		} catch {
			throw this.cancelled();
		}
	}

	/** After a stop: the tasks not yet settled are abandoned at this moment. */
	private abandonPending(): void {
		const end = this.clock.now();
		for (const tracker of this.pending()) {
			tracker.settled = true;
			tracker.result.state = 'abandoned';
			tracker.result.settledAt = end;
		}
	}
}
