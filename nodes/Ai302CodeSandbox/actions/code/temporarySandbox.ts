import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RunContext } from '../../../shared/operation';
import { throwIfCancelled } from '../../../shared/transport';
import { toNodeError } from '../../helpers/errors';
import {
	createSandbox,
	deleteLostSandbox,
	deleteTemporarySandbox,
	logCreatedSandbox,
	temporarySandboxName,
} from '../../helpers/sandboxes';
import type { RunOutcome } from './outputItems';

/**
 * Code › Run with input files: create a sandbox → run in it (write the files, run_code, export)
 * → kill it, the kill whatever happened before (error, bad answer, cancel).
 */

export interface TemporarySandbox {
	itemIndex: number;
	/** Seconds it may live at most (if deleting it ever fails). */
	maxAliveTime: number;
}

export async function runInTemporarySandbox(
	ctx: IExecuteFunctions,
	sandbox: TemporarySandbox,
	run: RunContext,
	runIn: (sandboxId: string) => Promise<RunOutcome>,
): Promise<RunOutcome> {
	const { itemIndex, maxAliveTime } = sandbox;
	const sandboxId = await createTemporarySandbox(ctx, sandbox, run);
	logCreatedSandbox(
		ctx,
		sandboxId,
		itemIndex,
		'temporary sandbox for the input files, deleted after the run',
	);
	let deletion: Promise<boolean> | undefined;
	const deleteOnce = async () =>
		await (deletion ??= deleteTemporarySandbox(
			ctx,
			run.connection,
			sandboxId,
			itemIndex,
			maxAliveTime,
		));
	// On a cancel the kill starts at once, in the abort event itself: `n8n execute` ends its
	// process soon after a cancel, without waiting for the node to return.
	const signal = ctx.getExecutionCancelSignal?.();
	const onAbort = () => {
		void deleteOnce();
	};
	signal?.addEventListener('abort', onAbort, { once: true });
	let outcome: RunOutcome;
	try {
		throwIfCancelled(signal);
		outcome = await runIn(sandboxId);
	} catch (error) {
		const deleted = await deleteOnce();
		throw withSandboxNote(ctx, error, { ...sandbox, sandboxId, deleted });
	} finally {
		signal?.removeEventListener('abort', onAbort);
	}
	const deleted = await deleteOnce();
	Object.assign(outcome.extra, { sandbox_id: sandboxId, sandboxDeleted: deleted });
	return outcome;
}

/**
 * The create runs to its end even if the execution is cancelled meanwhile: its id is needed to
 * delete it. If it fails, a sandbox it may have made anyway is found by its unique name and deleted.
 */
async function createTemporarySandbox(
	ctx: IExecuteFunctions,
	sandbox: TemporarySandbox,
	run: RunContext,
): Promise<string> {
	const name = temporarySandboxName(sandbox.itemIndex);
	try {
		const body = { max_alive_time: sandbox.maxAliveTime, sandbox_name: name };
		return (await createSandbox(ctx, run.connection, body, sandbox.itemIndex, true)).sandbox_id;
	} catch (error) {
		await deleteLostSandbox(ctx, run.connection, name, sandbox.itemIndex);
		throw withNote(
			ctx,
			error,
			sandbox.itemIndex,
			`No temporary sandbox is left: one named ${name} was looked for and deleted if it existed.`,
		);
	}
}

/** The error of a run in a temporary sandbox names the sandbox and says whether it was deleted. */
function withSandboxNote(
	ctx: IExecuteFunctions,
	error: unknown,
	sandbox: TemporarySandbox & { sandboxId: string; deleted: boolean },
): unknown {
	const { sandboxId, maxAliveTime } = sandbox;
	const note = sandbox.deleted
		? `The temporary sandbox ${sandboxId} was deleted.`
		: `The temporary sandbox ${sandboxId} could not be deleted; it ends by itself after ${maxAliveTime} s.`;
	if (error instanceof NodeApiError || error instanceof NodeOperationError)
		error.context.sandboxId = sandboxId;
	return withNote(ctx, error, sandbox.itemIndex, note);
}

/**
 * Adds a sentence to an n8n error's description; any other error (but a cancel) becomes an n8n
 * error whose message ends with it.
 */
function withNote(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	note: string,
): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = error.description ? `${error.description} ${note}` : note;
		return error;
	}
	if (error instanceof Error && error.name !== 'ExecutionCancelledError') {
		return toNodeError(ctx, error, itemIndex, note);
	}
	return error;
}
