/**
 * Where the API key may go. The key is sent only over https, or over plain http to a
 * loopback host (a local simulator or proxy). Anything else is refused before a request is
 * built, so a mistyped or hostile base URL never receives the key.
 */

export const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export class UnsafeBaseUrlError extends Error {}

/** Returns the base URL without trailing slashes, or throws UnsafeBaseUrlError saying why. */
export function normalizeBaseUrl(raw: unknown): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') {
		throw new UnsafeBaseUrlError('The Base URL of the 302.AI credential is empty.');
	}
	const url = parseUrl(text);
	if (!url) {
		throw new UnsafeBaseUrlError(
			`The Base URL "${text}" of the 302.AI credential is not a valid URL.`,
		);
	}
	if (url.username || url.password) {
		throw new UnsafeBaseUrlError(
			'The Base URL of the 302.AI credential must not contain a user name or password.',
		);
	}
	if (url.search || url.hash) {
		throw new UnsafeBaseUrlError(
			`The Base URL "${text}" must not contain a query string or fragment.`,
		);
	}
	const isHttps = url.protocol === 'https:';
	const isLoopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname);
	if (!isHttps && !isLoopbackHttp) {
		throw new UnsafeBaseUrlError(
			`The Base URL "${url.origin}" is refused: the API key is only sent over https (plain http is allowed only for localhost, 127.x.x.x or [::1]). Use https://api.302.ai or https://api.302ai.cn.`,
		);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/** The same check as normalizeBaseUrl, as a result instead of an exception. */
export function checkBaseUrl(
	raw: unknown,
): { ok: true; url: string } | { ok: false; reason: string } {
	try {
		return { ok: true, url: normalizeBaseUrl(raw) };
	} catch (error) {
		return { ok: false, reason: (error as Error).message };
	}
}
