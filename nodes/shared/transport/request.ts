import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';
import { apiErrorFromResponse, networkError, responseNotJson } from './errors';
import {
	backoffDelay,
	type CallKind,
	DEFAULT_RETRY,
	isRetryableNetworkError,
	isRetryableStatus,
	networkErrorMayHaveReachedServer,
	parseRetryAfter,
	type RetrySettings,
} from './retry';
import { abortableSleep, ExecutionCancelledError, throwIfCancelled } from './sleep';

export const CREDENTIAL_TYPE = 'ai302Api';

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
	credentialsByConnection.set(connection, credentials);
	return connection;
}

/**
 * The credential data read by getConnection, for calls that survive a cancel: after a cancel
 * `n8n execute` shuts its database down at once, so such a call must not read the credential again.
 */
const credentialsByConnection = new WeakMap<ApiConnection, ICredentialDataDecryptedObject>();

function credentialsAlreadyRead(
	connection: ApiConnection,
): IAdditionalCredentialOptions | undefined {
	const data = credentialsByConnection.get(connection);
	return data
		? {
				credentialsDecrypted: {
					id: 'already-read',
					name: CREDENTIAL_TYPE,
					type: CREDENTIAL_TYPE,
					data,
				},
			}
		: undefined;
}

/** Human name of a call in messages, e.g. "POST /302/sandbox/direct_run_code". */
export function endpointLabel(call: Pick<ApiCall, 'method' | 'path'>): string {
	return `${call.method} ${call.path}`;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
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
	const settings: RetrySettings = { ...DEFAULT_RETRY, ...call.retry };
	const endpoint = endpointLabel(call);
	const signal = call.survivesCancel ? undefined : ctx.getExecutionCancelSignal?.();
	const host = call.survivesCancel ? withoutCancelSignal(ctx) : ctx;
	const credentialOptions = call.survivesCancel ? credentialsAlreadyRead(connection) : undefined;
	const node = ctx.getNode();
	// The node's "Request Timeout" option, when set, replaces the call's own timeout.
	const timeoutMs =
		connection.requestTimeoutsMs[call.itemIndex ?? 0] ??
		call.timeoutMs ??
		DEFAULT_REQUEST_TIMEOUT_MS;

	for (let attempt = 1; ; attempt++) {
		throwIfCancelled(signal);
		const options: IHttpRequestOptions = {
			method: call.method,
			url: `${connection.baseUrl}${call.path}`,
			headers: { accept: 'application/json' },
			qs: call.qs,
			body: call.method === 'POST' ? (call.body ?? {}) : undefined,
			json: call.method === 'POST',
			// Text in, JSON parsed here: malformed, HTML and empty bodies are then handled alike.
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: timeoutMs,
		};

		let response: FullResponse | undefined;
		let failure: unknown;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				host,
				CREDENTIAL_TYPE,
				options,
				credentialOptions,
			)) as FullResponse;
		} catch (error) {
			failure = error;
		}
		if (!response) {
			if (signal?.aborted || isAbort(failure)) throw new ExecutionCancelledError();
			const { code, detail } = describeNetworkError(failure, options.timeout as number);
			const canRetry = isRetryableNetworkError(call.kind, code) && attempt < settings.maxAttempts;
			if (canRetry) {
				const wait = backoffDelay(attempt, settings);
				if (fitsDeadline(call.deadline, wait)) {
					await abortableSleep(wait, signal);
					continue;
				}
			}
			throw networkError(node, {
				endpoint,
				code,
				detail,
				itemIndex: call.itemIndex,
				secret: connection.secret,
				attempts: attempt,
				mayHaveReachedServer: networkErrorMayHaveReachedServer(code),
				paid: call.kind === 'paid',
			});
		}

		const status = Number(response.statusCode);
		const rawText = bodyText(response.body);
		const parsed = parseJson(rawText);

		if (status >= 200 && status < 300) {
			if (parsed.ok) return parsed.value;
			throw responseNotJson(node, {
				endpoint,
				rawText,
				itemIndex: call.itemIndex,
				secret: connection.secret,
				paid: call.kind === 'paid',
			});
		}
		if (status === 404 && attempt > 1 && call.notFoundOnRetryIsDone) return { alreadyDone: true };

		const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'));
		const backoff = backoffDelay(attempt, settings);
		if (status === 429) call.onRateLimited?.(retryAfter ?? backoff);
		if (isRetryableStatus(call.kind, status) && attempt < settings.maxAttempts) {
			if (retryAfter === undefined || retryAfter <= settings.maxRetryAfterMs) {
				const wait = Math.min(retryAfter ?? backoff, settings.maxRetryAfterMs);
				if (fitsDeadline(call.deadline, wait)) {
					await abortableSleep(wait, signal);
					continue;
				}
			}
		}

		throw apiErrorFromResponse(node, {
			endpoint,
			status,
			body: parsed.ok ? parsed.value : undefined,
			rawText,
			itemIndex: call.itemIndex,
			secret: connection.secret,
			attempts: attempt,
		});
	}
}

/**
 * n8n's httpRequestWithAuthentication attaches the execution's cancel signal to every request
 * when its `this` has `getExecutionCancelSignal` (n8n 1.x and 2.x alike), so after a cancel any
 * request through `ctx` is aborted before it leaves. This `this` offers only what the helper
 * reads (credentials, node, helpers, logger), so the request is sent and ends on its own timeout.
 */
function withoutCancelSignal(ctx: IExecuteFunctions): IExecuteFunctions {
	const host: Pick<IExecuteFunctions, 'getCredentials' | 'getNode' | 'helpers' | 'logger'> = {
		getCredentials: ctx.getCredentials.bind(ctx),
		getNode: ctx.getNode.bind(ctx),
		helpers: ctx.helpers,
		logger: ctx.logger,
	};
	return host as IExecuteFunctions;
}

function fitsDeadline(deadline: number | undefined, wait: number): boolean {
	return deadline === undefined || Date.now() + wait < deadline;
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): unknown {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return value;
	}
	return undefined;
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	// Some hosts parse JSON despite encoding 'text'; re-serialise so one path handles both.
	return JSON.stringify(body);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, value: {} };
	try {
		return { ok: true, value: JSON.parse(trimmed) };
	} catch {
		return { ok: false };
	}
}

/** Walks an error and its causes for a network code; returns a readable detail. */
function describeNetworkError(error: unknown, timeoutMs: number): { code: string; detail: string } {
	const codes: string[] = [];
	const messages: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		const e = current as { code?: unknown; message?: unknown; cause?: unknown };
		if (typeof e.code === 'string') codes.push(e.code);
		if (typeof e.message === 'string') messages.push(e.message);
		current = e.cause;
	}
	const all = messages.join(' ');
	let code = codes.find((c) => /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(c)) ?? '';
	if (!code) {
		const match = all.match(/\b(E[A-Z]{4,}|UND_ERR_[A-Z_]+)\b/);
		code = match
			? match[1]
			: /timeout/i.test(all)
				? 'ETIMEDOUT'
				: /socket hang up/i.test(all)
					? 'ECONNRESET'
					: 'ENETWORK';
	}
	const details: Record<string, string> = {
		ECONNREFUSED: 'the connection was refused (is the Base URL right and the service up?)',
		ECONNRESET: 'the connection was closed before an answer arrived',
		ECONNABORTED: `no answer within ${formatDuration(timeoutMs)}`,
		ETIMEDOUT: `no answer within ${formatDuration(timeoutMs)}`,
		ENOTFOUND: 'the host name of the Base URL was not found',
		EAI_AGAIN: 'the host name of the Base URL could not be resolved',
		UND_ERR_SOCKET: 'the connection was closed before an answer arrived',
	};
	if (
		code === 'ECONNABORTED' ||
		code === 'UND_ERR_HEADERS_TIMEOUT' ||
		code === 'UND_ERR_BODY_TIMEOUT'
	)
		code = 'ETIMEDOUT';
	if (code === 'UND_ERR_SOCKET') code = 'ECONNRESET';
	return { code, detail: details[code] ?? 'the request failed without an HTTP answer' };
}

/** "300 ms" below a second, else whole seconds ("60 s"): short test timeouts stay readable. */
function formatDuration(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

function isAbort(error: unknown): boolean {
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		const e = current as { name?: unknown; code?: unknown; cause?: unknown };
		if (
			e.name === 'AbortError' ||
			e.name === 'CanceledError' ||
			e.code === 'ERR_CANCELED' ||
			e.code === 'ABORT_ERR'
		) {
			return true;
		}
		current = e.cause;
	}
	return false;
}
