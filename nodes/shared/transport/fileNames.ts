/**
 * The name and media type a downloaded file is stored under, read from the file host's headers,
 * its URL and the caller's hint.
 */

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

/** The media type without parameters; undefined for generic types so n8n guesses from the name. */
export function contentType(headers: Record<string, unknown>): string | undefined {
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
