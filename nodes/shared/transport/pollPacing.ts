import { abortableSleep } from './sleep';

/**
 * How often the shared polling loop asks 302.AI, and how fast in total.
 *
 * - Schedule: `adaptive` (default) starts at the poll interval and, once a task has run for a
 *   while, waits a fixed share of its age (15 %), at most 30 s. A task that ends just after a
 *   poll is seen at most 15 % of its running time late and never more than 30 s late, while a
 *   20-minute task needs about 56 polls instead of 400 at 3 s. `fixed` polls every interval.
 * - Budget: one execution's status checks share a request rate (default 50 per second). A 429
 *   answer pauses every task of the batch for its Retry-After, not just the one that got it.
 * - Clock: the loop reads time and sleeps through a PollClock, so tests and benchmarks can run
 *   long waits on a virtual clock. Nodes always use the real one (n8n's abortable sleep).
 */

export type PollSchedule = 'adaptive' | 'fixed';

export const ADAPTIVE_POLLING = {
	/** Share of the task's age waited between two polls once that exceeds the interval. */
	growth: 0.15,
	/** Longest pause between two polls (unless the poll interval itself is longer). */
	capMs: 30_000,
};

export const DEFAULT_MAX_REQUESTS_PER_SECOND = 50;

/** Pause before the next poll of a task that has been running for `ageMs`. */
export function pollDelay(schedule: PollSchedule, intervalMs: number, ageMs: number): number {
	if (schedule === 'fixed') return intervalMs;
	const cap = Math.max(intervalMs, ADAPTIVE_POLLING.capMs);
	return Math.min(cap, Math.max(intervalMs, Math.round(ageMs * ADAPTIVE_POLLING.growth)));
}

export interface PollClock {
	now(): number;
	/** Waits `ms`; rejects with ExecutionCancelledError as soon as `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: PollClock = {
	now: () => Date.now(),
	sleep: abortableSleep,
};

/**
 * A shared request budget: every status check takes a slot first; slots are at least
 * 1000 / rate ms apart, and none starts while the batch is paused after a 429.
 */
export class RequestBudget {
	private nextStart = 0;
	private pausedUntil = 0;
	private readonly gapMs: number;

	constructor(
		private readonly clock: PollClock,
		requestsPerSecond: number,
	) {
		this.gapMs = requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
	}

	/** Resolves when this request may start (reserving its slot); rejects on cancel. */
	async take(signal?: AbortSignal): Promise<void> {
		const now = this.clock.now();
		const at = Math.max(now, this.nextStart, this.pausedUntil);
		this.nextStart = at + this.gapMs;
		if (at > now) await this.clock.sleep(at - now, signal);
		// A 429 that arrived while this request waited for its slot holds it back too.
		if (this.pausedUntil > this.clock.now()) await this.take(signal);
	}

	/** 302.AI said "too many requests": no status check of this batch starts for `waitMs`. */
	pause(waitMs: number): void {
		const until = this.clock.now() + Math.max(0, waitMs);
		if (until > this.pausedUntil) this.pausedUntil = until;
	}
}
