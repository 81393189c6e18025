import type { RunContext } from '../../shared/operation';
import { isTerminal, readStatus } from './api';
import type { TaskView } from './output';
import type { ItemSettings } from './settings';
import type { StructuredResult } from './structuredOutput';

/**
 * What the node knows about one input item, phase by phase: each phase holds exactly what exists
 * by then. prepared -> (started ->) settled -> judged, or rejected when the input is bad.
 */

/** What every operation's plan shows the runner (see actions/operations.ts). */
export interface TaskPlan {
	settings: ItemSettings;
	/** The task the item names before anything is sent (Get); Create learns it from 302.AI. */
	taskId: string | undefined;
}

/** What an operation's request gives the runner. */
export interface TaskStart {
	taskId: string;
	/** The create answer, or the status read without waiting; undefined when none was read. */
	body: unknown;
	/** The task is still to be polled in the shared wait. */
	needsWait: boolean;
}

/** The input failed its checks: nothing is sent for this item. */
export interface Rejected {
	phase: 'rejected';
	itemIndex: number;
	error: Error;
}

/** Checked and ready to send. */
export interface Prepared extends TaskPlan {
	phase: 'prepared';
	itemIndex: number;
	send(run: RunContext): Promise<TaskStart>;
}

/** Sent and answered; the task is to be waited for. */
export interface Started {
	phase: 'started';
	itemIndex: number;
	settings: ItemSettings;
	taskId: string;
	body: unknown;
	/** Epoch ms when the item's request started (a Get's wait: when the wait started). */
	startedAt: number;
	settledAt: number;
}

/** Nothing more to wait for: the final or last known status, or the error that ended the item. */
export interface Settled {
	phase: 'settled';
	itemIndex: number;
	settings: ItemSettings;
	/** Undefined only when a Create request failed before 302.AI named the task. */
	taskId: string | undefined;
	/** The last response body (create answer or status); undefined when none arrived. */
	body: unknown;
	startedAt: number;
	settledAt: number;
	timedOut: boolean;
	unknownStatuses: string[];
	/** A status check failed transiently and the deadline came before a good one. */
	lastPollError: unknown;
	/** The request or the wait failed. */
	error: Error | undefined;
}

interface JudgedFields extends Omit<Settled, 'phase' | 'error'> {
	phase: 'judged';
	/** The answer checked against Output JSON Schema / Example (when one is set). */
	structured: StructuredResult | undefined;
	/** The item failed because of Fail on Schema Mismatch. */
	schemaMismatch: boolean;
}

/**
 * Settled and judged against the item's options (timeout, Fail If Unsuccessful, schema): an
 * output item, or an error item when `error` is set.
 */
export type Judged = (JudgedFields & { error: undefined }) | (JudgedFields & { error: Error });

/** What becomes an output item (or the node's error). */
export type Finished = Rejected | Judged;

/** A settled item from a started one whose task needs no (more) waiting. */
export function settle(started: Started): Settled {
	return {
		...started,
		phase: 'settled',
		timedOut: false,
		unknownStatuses: [],
		lastPollError: undefined,
		error: undefined,
	};
}

/** The part of a settled item the output builders read. */
export function view(item: Settled | Judged): TaskView {
	return {
		taskId: item.taskId ?? '',
		body: item.body,
		elapsedSeconds: Math.round(Math.max(0, item.settledAt - item.startedAt) / 10) / 100,
		timedOut: item.timedOut,
		unknownStatuses: item.unknownStatuses,
	};
}

/** Task ids that were started and are not known to be finished or failed. */
export function pendingTaskIds(items: Array<Rejected | Started | Settled | Judged>): string[] {
	return items.flatMap((item) =>
		item.phase !== 'rejected' && item.taskId !== undefined && !isTerminal(readStatus(item.body))
			? [item.taskId]
			: [],
	);
}

export function asError(value: unknown): Error {
	return value instanceof Error ? value : new Error(String(value));
}
