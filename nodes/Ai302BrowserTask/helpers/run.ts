import { isTerminal, readStatus } from './api';
import type { StructuredResult } from './structuredOutput';
import type { TaskView } from './output';
import type { CreateInput } from '../actions/task/create';
import type { GetInput } from '../actions/task/get';
import type { ItemSettings } from './settings';

/** What the node knows about one input item while it runs. */
export interface Run {
	itemIndex: number;
	settings?: ItemSettings;
	createInput?: CreateInput;
	getInput?: GetInput;
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
	/** The answer checked against Output JSON Schema / Example (when one is set). */
	structured?: StructuredResult;
	/** The item failed because of Fail on Schema Mismatch. */
	schemaMismatch?: boolean;
}

/** The part of a run the output builders read. */
export function view(run: Run): TaskView {
	return {
		taskId: run.taskId ?? '',
		body: run.body,
		elapsedSeconds: Math.round(Math.max(0, run.settledAt - run.startedAt) / 10) / 100,
		timedOut: run.timedOut,
		unknownStatuses: run.unknownStatuses,
	};
}

/** Task ids that were started and are not known to be finished or failed. */
export function pendingTaskIds(runs: Run[]): string[] {
	return runs
		.filter((run) => run.taskId !== undefined && !isTerminal(readStatus(run.body)))
		.map((run) => run.taskId!);
}

export function asError(value: unknown): Error {
	return value instanceof Error ? value : new Error(String(value));
}
