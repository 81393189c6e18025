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
 * A shared request budget: status checks get their turn one after another, each at least
 * 1000 / rate ms after the previous one actually started (so a late timer cannot release a
 * burst), and none while the batch is paused after a 429.
 */
export class RequestBudget {
	private lastStart = Number.NEGATIVE_INFINITY;
	private pausedUntil = 0;
	private queue: Promise<void> = Promise.resolve();
	private readonly gapMs: number;

	constructor(
		private readonly clock: PollClock,
		requestsPerSecond: number,
	) {
		this.gapMs = requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
	}

	/** Resolves when this request may start; rejects on cancel. */
	async take(signal?: AbortSignal): Promise<void> {
		const turn = this.queue.then(async () => await this.waitForSlot(signal));
		// The next request waits for this one's turn, whether it was granted or cancelled.
		this.queue = turn.catch(() => undefined);
		await turn;
	}

	/** 302.AI said "too many requests": no status check of this batch starts for `waitMs`. */
	pause(waitMs: number): void {
		const until = this.clock.now() + Math.max(0, waitMs);
		if (until > this.pausedUntil) this.pausedUntil = until;
	}

	private async waitForSlot(signal?: AbortSignal): Promise<void> {
		// Re-checked after every sleep: a 429 may have paused the batch meanwhile.
		for (;;) {
			const now = this.clock.now();
			const at = Math.max(this.lastStart + this.gapMs, this.pausedUntil);
			if (at <= now) {
				this.lastStart = now;
				return;
			}
			await this.clock.sleep(at - now, signal);
		}
	}
}
