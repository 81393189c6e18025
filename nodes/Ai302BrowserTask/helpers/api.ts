import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	apiRequest,
	type ApiConnection,
	DEFAULT_REQUEST_TIMEOUT_MS,
	findObjectWith,
	isRecord,
	type JsonRecord,
} from '../../shared/transport';

/**
 * Everything this node assumes about 302.AI's browser API (paths, statuses, fields), in one
 * place, so a correction after meeting the live API is one edit here.
 */

export const SUBMIT_PATH = '/302/browser/submit';

/** The task id is URL-encoded; the node also refuses ids with `/`, `?`, `#` or `..` up front. */
export function taskPath(taskId: string): string {
	return `/302/browser/tasks/${encodeURIComponent(taskId)}`;
}

/** Documented statuses (seed page): queue -> running -> finished | fail. */
export const PENDING_STATUSES = ['queue', 'running'] as const;
export const TERMINAL_STATUSES = ['finished', 'fail'] as const;

/**
 * The task object inside a response. The seed shows it at the top level; the create answer is
 * undocumented, so `data` / `result` wrappers are accepted too (the `result` string of a task
 * is not an object, so it is never mistaken for a wrapper).
 */
export function taskObject(body: unknown): JsonRecord {
	return findObjectWith(body, ['status', 'task_id', 'steps']) ?? (isRecord(body) ? body : {});
}

export function readStatus(body: unknown): string | undefined {
	const status = taskObject(body).status;
	return typeof status === 'string' ? status : undefined;
}

/** Task id at the top level or under data / result; numbers are accepted and stringified. */
export function readTaskId(body: unknown): string | undefined {
	const holder = findObjectWith(body, ['task_id']);
	const id = holder?.task_id;
	if (typeof id === 'string' && id.trim() !== '') return id.trim();
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	return undefined;
}

export function isTerminal(status: string | undefined): boolean {
	return status !== undefined && (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/** Creates a task. Paid: the transport never sends it twice once it may have reached 302.AI. */
export async function submitTask(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	body: IDataObject,
	itemIndex: number,
): Promise<unknown> {
	return await apiRequest(ctx, connection, {
		method: 'POST',
		path: SUBMIT_PATH,
		kind: 'paid',
		body,
		itemIndex,
	});
}

/**
 * Reads a task's status. Free and idempotent, so transient failures are retried by the
 * transport; retry waits never pass `deadline`, and one request never runs far beyond it.
 */
export async function fetchTask(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	taskId: string,
	itemIndex: number,
	deadline?: number,
	onRateLimited?: (waitMs: number) => void,
): Promise<unknown> {
	const timeoutMs =
		deadline === undefined
			? DEFAULT_REQUEST_TIMEOUT_MS
			: Math.min(DEFAULT_REQUEST_TIMEOUT_MS, Math.max(5_000, deadline - Date.now()));
	return await apiRequest(ctx, connection, {
		method: 'GET',
		path: taskPath(taskId),
		kind: 'read',
		itemIndex,
		deadline,
		timeoutMs,
		onRateLimited,
	});
}
