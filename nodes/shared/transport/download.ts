import type {
	IBinaryData,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	JsonObject,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildNodeApiError } from './apiError';
import { LOOPBACK_HOSTS } from './baseUrl';
import { chooseFileName, contentType } from './fileNames';
import { causeChain } from './networkFailure';
import { backoffDelay, DEFAULT_RETRY } from './retry';
import { abortableSleep, ExecutionCancelledError, throwIfCancelled } from './sleep';

export { chooseFileName } from './fileNames';

/**
 * Fetches a file URL that 302.AI returned (a public link on its file host) into n8n binary
 * data. The link needs no API key, so this uses the plain request helper and never reads the
 * credential (n8n's lint forbids mixing the two, and the key must not travel to a file host).
 * The response is streamed into prepareBinaryData: the file is never held in memory whole.
 */

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

/** What the request helper returns with encoding 'stream': the body is a readable stream. */
interface StreamResponse {
	body: BinaryInput;
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

/** What every attempt of one download shares. */
interface DownloadTarget {
	node: INode;
	url: URL;
	/** The URL as messages show it (without query or fragment). */
	shown: string;
	itemIndex?: number;
	signal?: AbortSignal;
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
	const signal = ctx.getExecutionCancelSignal?.();
	const target: DownloadTarget = {
		node,
		url,
		shown: displayUrl(url),
		itemIndex: download.itemIndex,
		signal,
	};
	const maxAttempts = download.maxAttempts ?? 3;
	const idleTimeoutMs = download.idleTimeoutMs ?? DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS;

	for (let attempt = 1; ; attempt++) {
		throwIfCancelled(signal);
		const { response, failure } = await requestFile(ctx, target, idleTimeoutMs);
		if (!response) {
			if (signal?.aborted) throw new ExecutionCancelledError();
			if (attempt < maxAttempts) {
				await abortableSleep(backoffDelay(attempt, DEFAULT_RETRY), signal);
				continue;
			}
			throw downloadError(target, `no answer (${errorCode(failure)})`, attempt);
		}

		const status = Number(response.statusCode);
		if (status >= 200 && status < 300) {
			return await storeFile(ctx, response, target, download.fileNameHint, attempt);
		}
		const snippet = await readSnippet(response.body);
		if ((status === 429 || status >= 500) && attempt < maxAttempts) {
			await abortableSleep(backoffDelay(attempt, DEFAULT_RETRY), signal);
			continue;
		}
		const detail = `HTTP ${status}${snippet ? `: ${snippet}` : ''}`;
		throw downloadError(target, detail, attempt, status);
	}
}

/** One GET of the file, streamed; a failure without an HTTP answer comes back as `failure`. */
async function requestFile(
	ctx: IExecuteFunctions,
	target: DownloadTarget,
	idleTimeoutMs: number,
): Promise<{ response?: StreamResponse; failure?: unknown }> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: target.url.toString(),
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: idleTimeoutMs,
		abortSignal: target.signal,
	};
	try {
		const response: StreamResponse | undefined = await ctx.helpers.httpRequest(options);
		return { response };
	} catch (error) {
		return { failure: error };
	}
}

/** Streams a 2xx answer into n8n's binary data under the file's name and media type. */
async function storeFile(
	ctx: IExecuteFunctions,
	response: StreamResponse,
	target: DownloadTarget,
	fileNameHint: string | undefined,
	attempt: number,
): Promise<IBinaryData> {
	const fileName = chooseFileName(response.headers, target.url, fileNameHint);
	const mimeType = contentType(response.headers);
	let stored: IBinaryData | undefined;
	let failure: unknown;
	try {
		stored = await ctx.helpers.prepareBinaryData(response.body, fileName, mimeType);
	} catch (error) {
		failure = error;
	}
	if (stored) return stored;
	// A transfer that broke off mid-stream is not retried: part of it may already be stored.
	if (target.signal?.aborted) throw new ExecutionCancelledError();
	throw downloadError(target, `the transfer broke off (${errorCode(failure)})`, attempt);
}

function downloadError(
	target: DownloadTarget,
	detail: string,
	attempts: number,
	status?: number,
): NodeApiError {
	const message = `Downloading the file ${target.shown} failed: ${detail}`;
	const description =
		(attempts > 1 ? `Gave up after ${attempts} attempts. ` : '') +
		'The file link from 302.AI may have expired or the file host is unreachable; run the node again to get a new link.';
	const errorResponse: JsonObject = { url: target.shown, message: detail };
	return buildNodeApiError(target.node, errorResponse, {
		message,
		description,
		itemIndex: target.itemIndex,
		httpCode: status === undefined ? undefined : String(status),
	});
}

/** The first code in the failure's cause chain, else its message, for the error's detail. */
function errorCode(error: unknown): string {
	const chain = causeChain(error);
	const code = chain
		.map((link) => link.code)
		.find((value) => typeof value === 'string' && value !== '');
	if (typeof code === 'string') return code;
	const message = chain[0]?.message;
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
