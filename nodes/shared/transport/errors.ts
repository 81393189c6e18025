import type { INode, JsonObject, NodeApiError } from 'n8n-workflow';

import { buildNodeApiError } from './apiError';

/**
 * 302.AI's gateway answers errors with an envelope:
 *   {"error": {"err_code": -10004, "message": "...", "message_cn": "...", "message_jp": "...", "type": "..."}}
 * Some endpoints may answer `{message}` instead, or an HTML page, or nothing. Everything here
 * turns such an answer into a NodeApiError with the API's own message, the HTTP status, the
 * err_code and a hint saying what to do.
 */

/** What each err_code 302.AI documents means and what the user can do about it. */
export const ERR_CODE_HINTS: Record<number, string> = {
	[-10001]: 'The API key is missing. Set the API Key of the 302.AI credential.',
	[-10002]:
		'The API key or this tool is disabled or deleted. Check the key at https://dash.302.ai/apis/list or create a new one.',
	[-10003]: 'Network or parameter error on 302.AI. Check the fields of this node and try again.',
	[-10004]:
		'Insufficient account balance. Top up your 302.AI account at https://dash.302.ai and run again.',
	[-10005]: 'The API key has expired. Create a new key at https://dash.302.ai/apis/list.',
	[-10006]:
		"The key's total quota (limit_cost) is used up. Raise the key's limit at https://dash.302.ai/apis/list.",
	[-10007]:
		"The key's daily quota is used up. Wait until tomorrow or raise the daily limit at https://dash.302.ai/apis/list.",
	[-10008]: 'No channel is available for this API right now. Try again later.',
	[-10009]:
		'This API function is not supported for this key or region. Check the Base URL of the credential.',
	[-10012]: "The free tool's hourly quota is used up. Wait an hour or use a paid key.",
	[-10018]:
		'The monthly quota is used up. Raise the limit at https://dash.302.ai or wait for the next month.',
	[-1024]: 'The AI service behind this API timed out. Try again later.',
};

const STATUS_HINTS: Record<number, string> = {
	400: 'The request was rejected as malformed. Check the fields of this node.',
	401: 'The API key was refused. Check the API Key of the 302.AI credential (keys look like sk-...).',
	403: 'The API key is not allowed to use this API.',
	404: 'Not found. Check the ID you passed and the Base URL of the credential.',
	413: 'The request body is too large. Send less data (for example fewer or smaller items).',
	429: 'Rate limited by 302.AI. Wait a little, lower the concurrency, or retry later.',
	500: '302.AI had an internal error. Try again later.',
	502: '302.AI is temporarily unreachable (bad gateway). Try again later.',
	503: '302.AI is temporarily unavailable. Try again later.',
	504: '302.AI timed out (gateway timeout). Try again later.',
};

export interface ParsedApiError {
	message?: string;
	errCode?: number;
	type?: string;
}

/** Reads the envelope, a plain {message}/{msg}/{detail}, or nothing useful. */
export function parseErrorBody(body: unknown): ParsedApiError {
	if (!body || typeof body !== 'object') return {};
	const root = body as Record<string, unknown>;
	const envelope = root.error;
	if (envelope && typeof envelope === 'object') {
		const e = envelope as Record<string, unknown>;
		const code = Number(e.err_code ?? e.code);
		return {
			message: firstString(e.message, e.message_cn, e.message_jp),
			errCode: Number.isFinite(code) ? code : undefined,
			type: typeof e.type === 'string' ? e.type : undefined,
		};
	}
	if (typeof envelope === 'string') return { message: envelope };
	const code = Number(root.err_code ?? root.code);
	return {
		message: firstString(root.message, root.msg, root.detail),
		errCode: Number.isFinite(code) && code < 0 ? code : undefined,
	};
}

function firstString(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

/** Removes every occurrence of the secret from a text (defence in depth: an API might echo it). */
export function redact(text: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return text;
	return text.split(secret).join('***');
}

export interface HttpFailure {
	endpoint: string;
	status: number;
	body: unknown;
	rawText: string;
	itemIndex?: number;
	secret?: string;
	attempts?: number;
}

/** Builds the NodeApiError for an HTTP answer outside 2xx. */
export function apiErrorFromResponse(node: INode, failure: HttpFailure): NodeApiError {
	const parsed = parseErrorBody(failure.body);
	const hint =
		(parsed.errCode !== undefined ? ERR_CODE_HINTS[parsed.errCode] : undefined) ??
		STATUS_HINTS[failure.status] ??
		(failure.status >= 500 ? '302.AI had a server error. Try again later.' : undefined);

	let apiMessage = parsed.message;
	if (!apiMessage) {
		const snippet = failure.rawText.trim();
		apiMessage =
			snippet === ''
				? 'empty response body'
				: looksLikeHtml(snippet)
					? 'HTML error page'
					: snippet.slice(0, 300);
	}
	// The API's words also go into errorResponse (and from there into the error's `messages`
	// and its JSON), so they are scrubbed here, not only in the final message.
	apiMessage = redact(apiMessage, failure.secret);
	const codePart = parsed.errCode !== undefined ? `, err_code ${parsed.errCode}` : '';
	const message = redact(
		`302.AI ${failure.endpoint} failed (HTTP ${failure.status}${codePart}): ${apiMessage}`,
		failure.secret,
	);
	const attemptsPart =
		failure.attempts && failure.attempts > 1 ? ` Gave up after ${failure.attempts} attempts.` : '';
	const description = redact(`${hint ?? ''}${attemptsPart}`.trim(), failure.secret);

	const errorResponse: JsonObject = {
		endpoint: failure.endpoint,
		httpCode: failure.status,
		message: apiMessage,
	};
	if (parsed.errCode !== undefined) errorResponse.err_code = parsed.errCode;
	if (parsed.type) errorResponse.type = parsed.type;

	return buildNodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: String(failure.status),
		itemIndex: failure.itemIndex,
		context:
			parsed.errCode !== undefined
				? { endpoint: failure.endpoint, errCode: parsed.errCode }
				: { endpoint: failure.endpoint },
	});
}

export interface NetworkFailure {
	endpoint: string;
	code: string;
	detail: string;
	itemIndex?: number;
	secret?: string;
	attempts?: number;
	mayHaveReachedServer: boolean;
	paid: boolean;
}

/** Builds the NodeApiError for a request that got no HTTP answer (refused, reset, timeout). */
export function networkError(node: INode, failure: NetworkFailure): NodeApiError {
	const message = redact(`302.AI ${failure.endpoint} failed: ${failure.detail}`, failure.secret);
	const parts: string[] = [];
	if (failure.attempts && failure.attempts > 1)
		parts.push(`Gave up after ${failure.attempts} attempts.`);
	if (failure.paid && failure.mayHaveReachedServer) {
		parts.push(
			'The request may have reached 302.AI, so it was not sent again (it may cost money or create something twice). Check the result on 302.AI before running again.',
		);
	} else {
		parts.push('Check the Base URL of the credential and your network, then try again.');
	}
	const errorResponse: JsonObject = {
		endpoint: failure.endpoint,
		networkCode: failure.code,
		message: redact(failure.detail, failure.secret),
	};
	return buildNodeApiError(node, errorResponse, {
		message,
		description: redact(parts.join(' '), failure.secret),
		itemIndex: failure.itemIndex,
		context: { endpoint: failure.endpoint, networkCode: failure.code },
	});
}

export interface NotJsonFailure {
	endpoint: string;
	rawText: string;
	itemIndex?: number;
	secret: string;
	paid: boolean;
}

/** Builds the NodeApiError for a 2xx answer whose body is not JSON. */
export function responseNotJson(node: INode, failure: NotJsonFailure): NodeApiError {
	const snippet = redact(failure.rawText.trim().slice(0, 200), failure.secret);
	// A 2xx answer means the request arrived: a paid call was probably carried out (and billed).
	const paidNote = failure.paid
		? ' The request reached 302.AI and was probably carried out (and billed); check before running it again.'
		: '';
	return buildNodeApiError(
		node,
		{ endpoint: failure.endpoint, message: 'response is not JSON' },
		{
			message: `302.AI ${failure.endpoint} answered with a body that is not JSON`,
			description: `The response started with: ${snippet}${paidNote ? `.${paidNote}` : ''}`,
			itemIndex: failure.itemIndex,
			context: { endpoint: failure.endpoint },
		},
	);
}

function looksLikeHtml(text: string): boolean {
	return /^<(!doctype|html|head|body)/i.test(text);
}
