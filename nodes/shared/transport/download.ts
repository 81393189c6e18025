import type {
	IBinaryData,
	IExecuteFunctions,
	IHttpRequestOptions,
	JsonObject,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildNodeApiError } from './apiError';
import { LOOPBACK_HOSTS } from './baseUrl';
import { backoffDelay, DEFAULT_RETRY } from './retry';
import { abortableSleep, ExecutionCancelledError, throwIfCancelled } from './sleep';

/**
 * Fetches a file URL that 302.AI returned (a public link on its file host) into n8n binary
 * data. The link needs no API key, so this uses the plain request helper and never reads the
 * credential (n8n's lint forbids mixing the two, and the key must not travel to a file host).
 * The response is streamed into prepareBinaryData: the file is never held in memory whole.
 */

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

interface StreamResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

export interface FileDownload {
	url: string;
	/** Preferred file name (for example the sandbox path's base name). */
	fileNameHint?: string;
	itemIndex?: number;
	/** The download fails when no bytes arrive for this long (not a limit on the total time). */
	idleTimeoutMs?: number;
	/** Attempts before giving up on 429/5xx or a failed connection (nothing was streamed yet). */
	maxAttempts?: number;
}

export const DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS = 120_000;

/** Same rule as the credential's base URL: https anywhere, plain http only to a loopback host. */
export function checkFileUrl(raw: string): URL | undefined {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return undefined;
	}
	if (url.username || url.password) return undefined;
	const isHttps = url.protocol === 'https:';
	const isLoopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname);
	return isHttps || isLoopbackHttp ? url : undefined;
}

/** The URL without query or fragment (signed links can carry tokens there). */
function displayUrl(url: URL): string {
	return `${url.origin}${url.pathname}`;
}

export async function downloadToBinary(
	ctx: IExecuteFunctions,
	download: FileDownload,
): Promise<IBinaryData> {
	const node = ctx.getNode();
	const url = checkFileUrl(download.url);
	if (!url) {
		throw new NodeOperationError(
			node,
			`The file URL "${download.url.slice(0, 120)}" was refused: files are only fetched over https (plain http only from localhost, 127.x.x.x or [::1])`,
			{ itemIndex: download.itemIndex },
		);
	}
	const shown = displayUrl(url);
	const signal = ctx.getExecutionCancelSignal?.();
	const maxAttempts = download.maxAttempts ?? 3;

	for (let attempt = 1; ; attempt++) {
		throwIfCancelled(signal);
		const options: IHttpRequestOptions = {
			method: 'GET',
			url: url.toString(),
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: download.idleTimeoutMs ?? DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS,
			abortSignal: signal,
		};
		let response: StreamResponse | undefined;
		let failure: unknown;
		try {
			response = (await ctx.helpers.httpRequest(options)) as StreamResponse;
		} catch (error) {
			failure = error;
		}

		if (!response) {
			if (signal?.aborted) throw new ExecutionCancelledError();
			if (attempt < maxAttempts) {
				await abortableSleep(backoffDelay(attempt, DEFAULT_RETRY), signal);
				continue;
			}
			throw downloadError(
				node,
				shown,
				`no answer (${errorCode(failure)})`,
				download.itemIndex,
				attempt,
			);
		}

		const status = Number(response.statusCode);
		if (status < 200 || status >= 300) {
			const snippet = await readSnippet(response.body);
			if ((status === 429 || status >= 500) && attempt < maxAttempts) {
				await abortableSleep(backoffDelay(attempt, DEFAULT_RETRY), signal);
				continue;
			}
			throw downloadError(
				node,
				shown,
				`HTTP ${status}${snippet ? `: ${snippet}` : ''}`,
				download.itemIndex,
				attempt,
				status,
			);
		}

		const fileName = chooseFileName(response.headers, url, download.fileNameHint);
		const mimeType = contentType(response.headers);
		let stored: IBinaryData | undefined;
		try {
			stored = await ctx.helpers.prepareBinaryData(
				response.body as BinaryInput,
				fileName,
				mimeType,
			);
		} catch (error) {
			failure = error;
		}
		if (stored) return stored;
		// A transfer that broke off mid-stream is not retried: part of it may already be stored.
		if (signal?.aborted) throw new ExecutionCancelledError();
		throw downloadError(
			node,
			shown,
			`the transfer broke off (${errorCode(failure)})`,
			download.itemIndex,
			attempt,
		);
	}
}

function downloadError(
	node: ReturnType<IExecuteFunctions['getNode']>,
	shownUrl: string,
	detail: string,
	itemIndex: number | undefined,
	attempts: number,
	status?: number,
): NodeApiError {
	const message = `Downloading the file ${shownUrl} failed: ${detail}`;
	const description =
		(attempts > 1 ? `Gave up after ${attempts} attempts. ` : '') +
		'The file link from 302.AI may have expired or the file host is unreachable; run the node again to get a new link.';
	const errorResponse: JsonObject = { url: shownUrl, message: detail };
	return buildNodeApiError(node, errorResponse, {
		message,
		description,
		itemIndex,
		httpCode: status === undefined ? undefined : String(status),
	});
}

function errorCode(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && code !== '') return code;
		current = (current as { cause?: unknown }).cause;
	}
	const message = (error as { message?: unknown })?.message;
	return typeof message === 'string' && message !== '' ? message.slice(0, 120) : 'network error';
}

/** Reads at most 300 characters of an error body and closes the stream. */
async function readSnippet(body: unknown): Promise<string> {
	if (typeof body === 'string') return body.slice(0, 300);
	const stream = body as AsyncIterable<unknown> & { destroy?: () => void };
	if (!stream || typeof stream[Symbol.asyncIterator] !== 'function') return '';
	let text = '';
	try {
		for await (const chunk of stream) {
			text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
			if (text.length >= 300) break;
		}
	} catch {
		// The error body only adds a hint to the message; a broken one shortens the hint.
	} finally {
		stream.destroy?.();
	}
	return text.trim().slice(0, 300);
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

/** The media type without parameters; undefined for generic types so n8n guesses from the name. */
function contentType(headers: Record<string, unknown>): string | undefined {
	const type = header(headers, 'content-type')?.split(';')[0].trim().toLowerCase();
	return !type || type === 'application/octet-stream' || type === 'binary/octet-stream'
		? undefined
		: type;
}

function extension(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

function baseName(path: string): string {
	const parts = path.split('/').filter((part) => part !== '');
	return parts.length > 0 ? parts[parts.length - 1] : '';
}

/**
 * Content-Disposition's name first; then the hint when it has the same extension as the URL's
 * name (302's file host names files by hash, the sandbox path has the real name); then the
 * URL's last path segment.
 */
export function chooseFileName(headers: Record<string, unknown>, url: URL, hint?: string): string {
	const disposition = header(headers, 'content-disposition');
	const match = disposition?.match(/filename\*=(?:UTF-8'')?([^;]+)|filename="?([^";]+)"?/i);
	if (match) {
		const raw = (match[1] ?? match[2] ?? '').trim();
		const name = baseName(safeDecode(raw));
		if (name) return name;
	}
	const urlName = baseName(safeDecode(url.pathname));
	const hintName = hint ? baseName(hint) : '';
	if (hintName && (!urlName || extension(hintName) === extension(urlName))) return hintName;
	return urlName || hintName || 'file';
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
