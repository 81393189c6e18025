/**
 * When a failed call may be sent again, and how long to wait first.
 *
 * - Calls that only read (GET, list, status) are idempotent: they are retried on network
 *   errors, 429, 500, 502, 503 and 504.
 * - Calls that create or run something cost money. They are retried only when the request
 *   certainly did not reach 302.AI's application: the connection was refused or the host was
 *   not found, or the API answered 429 (rate limited, nothing was run). A paid call is never
 *   sent twice after it may have reached the server (reset, timeout, 5xx).
 */

export type CallKind = 'read' | 'paid';

export interface RetrySettings {
	/** Total attempts, the first one included. */
	maxAttempts: number;
	/** Wait before the first retry; doubles on each retry, with jitter. */
	initialDelayMs: number;
	/** No single wait is longer than this. */
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the call fails instead. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
	maxAttempts: 4,
	initialDelayMs: 1000,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000,
};

const RETRYABLE_READ_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Network error codes meaning no connection was made, so nothing reached the server. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_CONNECT_TIMEOUT',
]);

export function isRetryableStatus(kind: CallKind, status: number): boolean {
	if (status === 429) return true;
	return kind === 'read' && RETRYABLE_READ_STATUSES.has(status);
}

export function isRetryableNetworkError(kind: CallKind, code: string): boolean {
	return kind === 'read' || NOT_SENT_CODES.has(code);
}

export function networkErrorMayHaveReachedServer(code: string): boolean {
	return !NOT_SENT_CODES.has(code);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or bad. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (trimmed === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential backoff with "full jitter" between half and the whole of the step. */
export function backoffDelay(
	retryNumber: number,
	settings: RetrySettings,
	random = Math.random,
): number {
	const step = Math.min(
		settings.maxDelayMs,
		settings.initialDelayMs * 2 ** Math.max(0, retryNumber - 1),
	);
	return Math.round(step / 2 + random() * (step / 2));
}
