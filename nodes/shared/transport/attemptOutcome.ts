import type { INode } from 'n8n-workflow';

import { apiErrorFromResponse, networkError, responseNotJson } from './errors';
import { describeNetworkError } from './networkFailure';
import type { ApiCall } from './request';
import { bodyText, type FullResponse, headerValue, parseJson } from './responseBody';
import {
	backoffDelay,
	isRetryableNetworkError,
	isRetryableStatus,
	networkErrorMayHaveReachedServer,
	parseRetryAfter,
	type RetrySettings,
} from './retry';

/**
 * What apiRequest does after one attempt: return the answer, wait and send again, or fail.
 * The rules for sending again are retry.ts's; here they meet the deadline and Retry-After.
 */

/** What stays the same for every attempt of one call. */
export interface CallPlan {
	call: ApiCall;
	settings: RetrySettings;
	/** "POST /302/sandbox/direct_run_code", for messages. */
	endpoint: string;
	node: INode;
	/** Scrubbed out of every error text. */
	secret: string;
	timeoutMs: number;
}

export type AttemptOutcome =
	| { kind: 'answer'; body: unknown }
	| { kind: 'retry'; waitMs: number }
	| { kind: 'fail'; error: Error };

/** An HTTP answer: its JSON on 2xx, a retry on a retryable status, else the error. */
export function judgeAnswer(
	response: FullResponse,
	attempt: number,
	plan: CallPlan,
): AttemptOutcome {
	const { call, endpoint, node, secret } = plan;
	const status = Number(response.statusCode);
	const rawText = bodyText(response.body);
	const parsed = parseJson(rawText);
	const itemIndex = call.itemIndex;

	if (status >= 200 && status < 300) {
		if (parsed.ok) return { kind: 'answer', body: parsed.value };
		const paid = call.kind === 'paid';
		return {
			kind: 'fail',
			error: responseNotJson(node, { endpoint, rawText, itemIndex, secret, paid }),
		};
	}
	if (status === 404 && attempt > 1 && call.notFoundOnRetryIsDone) {
		return { kind: 'answer', body: { alreadyDone: true } };
	}

	const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'));
	const backoff = backoffDelay(attempt, plan.settings);
	if (status === 429) call.onRateLimited?.(retryAfter ?? backoff);
	const waitMs = waitBeforeResending(status, retryAfter, backoff, attempt, plan);
	if (waitMs !== undefined) return { kind: 'retry', waitMs };

	const body = parsed.ok ? parsed.value : undefined;
	const failure = { endpoint, status, body, rawText, itemIndex, secret, attempts: attempt };
	return { kind: 'fail', error: apiErrorFromResponse(node, failure) };
}

/**
 * How long to wait before sending a call again after an error status, or undefined when it is
 * not sent again: the status is not retryable for this kind of call, the attempts are used up,
 * 302.AI asked for a longer pause than allowed, or the wait would pass the caller's deadline.
 */
function waitBeforeResending(
	status: number,
	retryAfter: number | undefined,
	backoff: number,
	attempt: number,
	{ call, settings }: CallPlan,
): number | undefined {
	if (!isRetryableStatus(call.kind, status) || attempt >= settings.maxAttempts) return undefined;
	if (retryAfter !== undefined && retryAfter > settings.maxRetryAfterMs) return undefined;
	const waitMs = Math.min(retryAfter ?? backoff, settings.maxRetryAfterMs);
	return fitsDeadline(call.deadline, waitMs) ? waitMs : undefined;
}

/** No HTTP answer: a retry when the call's kind allows it for this network code, else the error. */
export function judgeNetworkFailure(
	failure: unknown,
	attempt: number,
	plan: CallPlan,
): AttemptOutcome {
	const { call, settings } = plan;
	const { code, detail } = describeNetworkError(failure, plan.timeoutMs);
	if (isRetryableNetworkError(call.kind, code) && attempt < settings.maxAttempts) {
		const waitMs = backoffDelay(attempt, settings);
		if (fitsDeadline(call.deadline, waitMs)) return { kind: 'retry', waitMs };
	}
	const error = networkError(plan.node, {
		endpoint: plan.endpoint,
		code,
		detail,
		itemIndex: call.itemIndex,
		secret: plan.secret,
		attempts: attempt,
		mayHaveReachedServer: networkErrorMayHaveReachedServer(code),
		paid: call.kind === 'paid',
	});
	return { kind: 'fail', error };
}

function fitsDeadline(deadline: number | undefined, wait: number): boolean {
	return deadline === undefined || Date.now() + wait < deadline;
}
