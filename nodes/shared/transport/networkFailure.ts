import { isRecord, type JsonRecord } from './responses';

/**
 * Reading a failed request that got no HTTP answer: which network code it carries (the host's
 * HTTP client nests the socket error under `cause`), a readable detail for the message, and
 * whether it was the execution's cancel that aborted it.
 */

/** An error and its causes (at most five deep), each as a record to read fields from. */
export function causeChain(error: unknown): JsonRecord[] {
	const chain: JsonRecord[] = [];
	for (let current = error; isRecord(current) && chain.length < 5; current = current.cause) {
		chain.push(current);
	}
	return chain;
}

const NETWORK_CODE = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;
const NETWORK_CODE_IN_TEXT = /\b(E[A-Z]{4,}|UND_ERR_[A-Z_]+)\b/;

/** Codes of the same failure under another name, so retries and messages treat them alike. */
const SAME_AS: Record<string, string> = {
	ECONNABORTED: 'ETIMEDOUT',
	UND_ERR_HEADERS_TIMEOUT: 'ETIMEDOUT',
	UND_ERR_BODY_TIMEOUT: 'ETIMEDOUT',
	UND_ERR_SOCKET: 'ECONNRESET',
};

/** The network code of a failure: a code field in the chain, else one named in the messages. */
function networkCode(error: unknown): string {
	const chain = causeChain(error);
	const codes = chain.map((link) => link.code).filter((code) => typeof code === 'string');
	const code = codes.find((candidate) => NETWORK_CODE.test(candidate));
	if (code) return code;
	const messages = chain.map((link) => link.message).filter((text) => typeof text === 'string');
	const all = messages.join(' ');
	const named = all.match(NETWORK_CODE_IN_TEXT);
	if (named) return named[1];
	if (/timeout/i.test(all)) return 'ETIMEDOUT';
	if (/socket hang up/i.test(all)) return 'ECONNRESET';
	return 'ENETWORK';
}

/** Walks an error and its causes for a network code; returns a readable detail. */
export function describeNetworkError(
	error: unknown,
	timeoutMs: number,
): { code: string; detail: string } {
	const found = networkCode(error);
	const code = SAME_AS[found] ?? found;
	const details: Record<string, string> = {
		ECONNREFUSED: 'the connection was refused (is the Base URL right and the service up?)',
		ECONNRESET: 'the connection was closed before an answer arrived',
		ETIMEDOUT: `no answer within ${formatDuration(timeoutMs)}`,
		ENOTFOUND: 'the host name of the Base URL was not found',
		EAI_AGAIN: 'the host name of the Base URL could not be resolved',
	};
	return { code, detail: details[code] ?? 'the request failed without an HTTP answer' };
}

/** "300 ms" below a second, else whole seconds ("60 s"): short test timeouts stay readable. */
function formatDuration(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

/** Whether the failure is an abort (the execution's cancel signal stopped the request). */
export function isAbort(error: unknown): boolean {
	return causeChain(error).some(
		(link) =>
			link.name === 'AbortError' ||
			link.name === 'CanceledError' ||
			link.code === 'ERR_CANCELED' ||
			link.code === 'ABORT_ERR',
	);
}
