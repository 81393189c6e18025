import type { IDataObject, IExecuteFunctions, INode, NodeApiError } from 'n8n-workflow';

import { logCreated } from '../../shared/createdLog';
import {
	apiRequest,
	type ApiConnection,
	buildNodeApiError,
	endpointLabel,
	findObjectWith,
	isRecord,
	type JsonRecord,
	preview,
	readArray,
	UnexpectedResponseError,
} from '../../shared/transport';

/**
 * Sandbox lifecycle calls shared by several operations: create (Sandbox › Create, Get or
 * Create, the temporary sandbox of Code › Run with input files), kill, and writing files.
 */

const CREATE = { method: 'POST' as const, path: '/302/sandbox/create' };
const WRITE = { method: 'POST' as const, path: '/302/sandbox/file/write' };

/**
 * Every created sandbox id reaches n8n's log at info level (nothing paid is ever lost, even
 * when the execution dies right after). Kept in one function so the node logs ids one way.
 */
export function logCreatedSandbox(
	ctx: IExecuteFunctions,
	sandboxId: string,
	itemIndex: number,
	purpose: string,
): void {
	logCreated(ctx, 'sandbox', sandboxId, itemIndex, purpose);
}

/**
 * POST /302/sandbox/create. The answer is undocumented; the docs only promise a sandbox_id (top
 * level, result or data). `survivesCancel`: the temporary sandbox's create runs to its end even
 * after a cancel, so its id is known and it can be deleted.
 */
export async function createSandbox(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	body: IDataObject,
	itemIndex: number,
	survivesCancel = false,
): Promise<IDataObject & { sandbox_id: string }> {
	const response = await apiRequest(ctx, connection, {
		...CREATE,
		kind: 'paid',
		body,
		itemIndex,
		survivesCancel,
	});
	const sandbox = findObjectWith(response, ['sandbox_id']);
	if (!sandbox || typeof sandbox.sandbox_id !== 'string' || sandbox.sandbox_id === '') {
		throw new UnexpectedResponseError(
			`302.AI ${endpointLabel(CREATE)} answered without "sandbox_id". Response starts: ${preview(response)}`,
		);
	}
	return { ...(sandbox as IDataObject), sandbox_id: sandbox.sandbox_id };
}

/**
 * POST /302/sandbox/kill/{id}. Free and idempotent, so it is retried like a read; a 404 on a
 * retry means the lost first attempt did it. `survivesCancel` sends it after a cancel too.
 */
export async function killSandbox(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	sandboxId: string,
	itemIndex: number,
	survivesCancel = false,
): Promise<void> {
	await apiRequest(ctx, connection, {
		method: 'POST',
		path: `/302/sandbox/kill/${encodeURIComponent(sandboxId)}`,
		kind: 'read',
		itemIndex,
		notFoundOnRetryIsDone: true,
		survivesCancel,
		// After a cancel nobody waits for long: a few quick tries, then max_alive_time ends it.
		...(survivesCancel
			? { timeoutMs: 15_000, retry: { maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 2000 } }
			: {}),
	});
}

/**
 * Deletes a temporary sandbox whatever happened before (success, error, cancel). Never throws:
 * a failed delete is logged with the id (the sandbox then ends at its max_alive_time).
 */
export async function deleteTemporarySandbox(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	sandboxId: string,
	itemIndex: number,
	maxAliveTime: number,
): Promise<boolean> {
	try {
		await killSandbox(ctx, connection, sandboxId, itemIndex, true);
		return true;
	} catch (error) {
		ctx.logger.warn(
			`302 Code Sandbox: could not delete temporary sandbox ${sandboxId} for item ${itemIndex}; it ends by itself after ${maxAliveTime} s (${(error as Error).message})`,
			{ sandboxId, itemIndex },
		);
		return false;
	}
}

/** A name of its own for a temporary sandbox, so one whose create answer was lost can be found. */
export function temporarySandboxName(itemIndex: number): string {
	const random = Math.random().toString(36).slice(2, 10);
	return `n8n-temporary-${Date.now().toString(36)}-${random}-${itemIndex}`;
}

/**
 * After a failed create whose request may have reached 302.AI (connection reset, timeout, a
 * broken answer), the sandbox may exist without the node knowing its id: find it by its unique
 * name and delete it. List and kill are free; nothing here throws.
 */
export async function deleteLostSandbox(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	name: string,
	itemIndex: number,
): Promise<void> {
	try {
		const response = await apiRequest(ctx, connection, {
			method: 'GET',
			path: '/302/sandbox/list',
			kind: 'read',
			qs: { sandbox_name: name },
			itemIndex,
			survivesCancel: true,
			timeoutMs: 15_000,
		});
		const listed = readArray(response, ['sandboxes'], 'GET /302/sandbox/list');
		for (const sandbox of listed) {
			if (
				!isRecord(sandbox) ||
				sandbox.sandbox_name !== name ||
				typeof sandbox.sandbox_id !== 'string'
			)
				continue;
			logCreatedSandbox(
				ctx,
				sandbox.sandbox_id,
				itemIndex,
				'temporary sandbox whose create answer was lost, deleted now',
			);
			await killSandbox(ctx, connection, sandbox.sandbox_id, itemIndex, true);
		}
	} catch (error) {
		ctx.logger.warn(
			`302 Code Sandbox: could not check for a temporary sandbox named ${name} for item ${itemIndex}; if it was created, it ends by itself (${(error as Error).message})`,
			{ itemIndex },
		);
	}
}

/** POST /302/sandbox/file/write; an entry with success: false means that file was not written. */
export async function writeFiles(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	sandboxId: string,
	fileList: IDataObject[],
	itemIndex: number,
): Promise<unknown> {
	const response = await apiRequest(ctx, connection, {
		...WRITE,
		kind: 'paid',
		body: { sandbox_id: sandboxId, file_list: fileList },
		itemIndex,
	});
	const result = writeResult(response);
	const failed = failedWrite(result);
	if (failed) {
		const where = typeof failed.save_path === 'string' ? ` (${failed.save_path})` : '';
		throw notWrittenError(ctx.getNode(), failed, itemIndex, where);
	}
	return result;
}

/** What file/write answered (undocumented): its `result`, else the whole answer. */
export function writeResult(response: unknown): unknown {
	return isRecord(response) && response.result !== undefined ? response.result : response;
}

/** The first entry of a file/write result that says success: false (that file was not written). */
export function failedWrite(result: unknown): JsonRecord | undefined {
	if (!Array.isArray(result)) return undefined;
	for (const entry of result) if (isRecord(entry) && entry.success === false) return entry;
	return undefined;
}

/** file/write answered that a file was not written; `where` names its path, if known. */
export function notWrittenError(
	node: INode,
	failed: JsonRecord,
	itemIndex: number,
	where = '',
): NodeApiError {
	const reason = String(failed.error ?? 'no reason given');
	const message = `302.AI ${endpointLabel(WRITE)} did not write the file${where}: ${reason}`;
	return buildNodeApiError(
		node,
		{ endpoint: endpointLabel(WRITE), message: reason },
		{ message, itemIndex },
	);
}
