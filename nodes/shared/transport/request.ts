import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type CallPlan, judgeAnswer, judgeNetworkFailure } from './attemptOutcome';
import { checkBaseUrl } from './baseUrl';
import { isAbort } from './networkFailure';
import { type CallKind, DEFAULT_RETRY, type RetrySettings } from './retry';
import {
	buildRequestOptions,
	CREDENTIAL_TYPE,
	rememberCredentials,
	requestSender,
	sendOnce,
} from './sendRequest';
import { abortableSleep, ExecutionCancelledError, throwIfCancelled } from './sleep';

export { CREDENTIAL_TYPE } from './sendRequest';

/** Per-request timeout when the caller sets none. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export interface ApiCall {
	method: 'GET' | 'POST';
	/** Path below the base URL, e.g. `/302/sandbox/list`. */
	path: string;
	/** 'read' calls are retried on transient failures; 'paid' calls only when nothing was sent. */
	kind: CallKind;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
	timeoutMs?: number;
	retry?: Partial<RetrySettings>;
	/** Epoch ms after which no retry wait starts (polling passes its own deadline). */
	deadline?: number;
	/**
	 * For deletes: a 404 answering a retry means an earlier attempt whose answer was lost already
	 * did the work, so the call returns `{ alreadyDone: true }` instead of failing.
	 */
	notFoundOnRetryIsDone?: boolean;
	/**
	 * Clean-up calls (deleting a temporary sandbox) must still go out after the execution was
	 * cancelled: the call then ignores the execution's cancel signal (see `withoutCancelSignal`).
	 */
	survivesCancel?: boolean;
	/** Told how long 302.AI asked to back off on a 429 (the poll loop pauses its whole batch). */
	onRateLimited?: (waitMs: number) => void;
}

export interface ApiConnection {
	baseUrl: string;
	/** Only used to scrub the key out of error texts, never logged or returned. */
	secret: string;
	/**
	 * The node's "Request Timeout" option per item index, in ms (undefined = automatic): when
	 * set, it replaces a call's own timeout. Read by the caller; the transport reads no parameters.
	 */
	requestTimeoutsMs: ReadonlyArray<number | undefined>;
}

/**
 * Reads the credential once and checks its base URL. Refuses unsafe URLs with a
 * NodeOperationError before any request is built.
 */
export async function getConnection(
	ctx: IExecuteFunctions,
	itemIndex = 0,
	requestTimeoutsMs: ReadonlyArray<number | undefined> = [],
): Promise<ApiConnection> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const checked = checkBaseUrl(credentials.baseUrl ?? 'https://api.302.ai');
	if (!checked.ok) {
		throw new NodeOperationError(ctx.getNode(), checked.reason, {
			itemIndex,
			description:
				'Edit the 302.AI credential and set its Base URL to https://api.302.ai (or https://api.302ai.cn).',
		});
	}
	const connection: ApiConnection = {
		baseUrl: checked.url,
		secret: typeof credentials.apiKey === 'string' ? credentials.apiKey : '',
		requestTimeoutsMs,
	};
	rememberCredentials(connection, credentials);
	return connection;
}

/** Human name of a call in messages, e.g. "POST /302/sandbox/direct_run_code". */
export function endpointLabel(call: Pick<ApiCall, 'method' | 'path'>): string {
	return `${call.method} ${call.path}`;
}

/**
 * Sends one call to 302.AI through n8n's authenticated request helper (the credential adds the
 * Bearer header), with retries as retry.ts allows, and returns the parsed JSON body.
 * Every failure is a NodeApiError naming the endpoint; the key never appears in it.
 */
export async function apiRequest(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	call: ApiCall,
): Promise<unknown> {
	const plan = planCall(ctx, connection, call);
	const signal = call.survivesCancel ? undefined : ctx.getExecutionCancelSignal?.();
	const sender = requestSender(ctx, connection, call.survivesCancel);

	for (let attempt = 1; ; attempt++) {
		throwIfCancelled(signal);
		const options = buildRequestOptions(connection, call, plan.timeoutMs);
		const { response, failure } = await sendOnce(ctx, sender, options);
		if (!response && (signal?.aborted || isAbort(failure))) throw new ExecutionCancelledError();
		const outcome = response
			? judgeAnswer(response, attempt, plan)
			: judgeNetworkFailure(failure, attempt, plan);
		if (outcome.kind === 'answer') return outcome.body;
		if (outcome.kind === 'fail') throw outcome.error;
		await abortableSleep(outcome.waitMs, signal);
	}
}

function planCall(ctx: IExecuteFunctions, connection: ApiConnection, call: ApiCall): CallPlan {
	return {
		call,
		settings: { ...DEFAULT_RETRY, ...call.retry },
		endpoint: endpointLabel(call),
		node: ctx.getNode(),
		secret: connection.secret,
		// The node's "Request Timeout" option, when set, replaces the call's own timeout.
		timeoutMs:
			connection.requestTimeoutsMs[call.itemIndex ?? 0] ??
			call.timeoutMs ??
			DEFAULT_REQUEST_TIMEOUT_MS,
	};
}
