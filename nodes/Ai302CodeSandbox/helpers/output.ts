import type { IDataObject } from 'n8n-workflow';

import {
	findObjectWith,
	isRecord,
	preview,
	readArray,
	UnexpectedResponseError,
} from '../../shared/transport';

/**
 * Turns 302.AI's run answers into item fields. direct_run_code answers
 *   {"result":{"stdout":["a\n","b\n"],"stderr":[],"file":{"url":"https://file.302.ai/..."}}}
 * (arrays of chunks); the command endpoint answers strings. run_code's shape is undocumented,
 * so both are accepted everywhere.
 */

export interface RunResult {
	stdout: string;
	stderr: string;
	stdoutChunks: string[];
	stderrChunks: string[];
	fileUrl?: string;
	/** Extra fields some shapes carry (exit_code, error, cost_time), kept as the API named them. */
	extra: IDataObject;
}

const EXTRA_FIELDS = ['exit_code', 'error', 'cost_time'];

function toText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function toChunks(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(toText);
	const text = toText(value);
	return text === '' ? [] : [text];
}

function readFileUrl(holder: Record<string, unknown>): string | undefined {
	const file = holder.file ?? holder.file_url ?? holder.url;
	if (typeof file === 'string' && file !== '') return file;
	if (isRecord(file)) {
		const url = file.url ?? file.file_url;
		if (typeof url === 'string' && url !== '') return url;
	}
	return undefined;
}

export function readRunResult(body: unknown, endpoint: string): RunResult {
	const holder = findObjectWith(body, ['stdout', 'stderr']);
	if (!holder) {
		throw new UnexpectedResponseError(
			`302.AI ${endpoint} answered without "stdout" or "stderr" (looked at the top level, "result" and "data"). Response starts: ${preview(body)}`,
		);
	}
	const stdoutChunks = toChunks(holder.stdout);
	const stderrChunks = toChunks(holder.stderr);
	const extra: IDataObject = {};
	for (const field of EXTRA_FIELDS) {
		if (holder[field] !== undefined) extra[field] = holder[field] as IDataObject[string];
	}
	return {
		stdout: stdoutChunks.join(''),
		stderr: stderrChunks.join(''),
		stdoutChunks,
		stderrChunks,
		fileUrl: readFileUrl(holder),
		extra,
	};
}

export type StdoutFormat = 'text' | 'json' | 'jsonStrict';

export type ParsedStdout = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Parses stdout as JSON: the whole text first, then its last non-empty line, so a script
 * may print log lines before its final JSON.
 */
export function parseStdoutJson(stdout: string): ParsedStdout {
	const whole = stdout.trim();
	if (whole === '') return { ok: false, error: 'stdout is empty' };
	const first = tryJson(whole);
	if (first.ok) return first;
	const lines = whole
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '');
	if (lines.length > 1) {
		const last = tryJson(lines[lines.length - 1]);
		if (last.ok) return last;
	}
	return first;
}

function tryJson(text: string): ParsedStdout {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		return { ok: false, error: `stdout is not JSON (${(error as Error).message})` };
	}
}

/** A parsed value as item fields: objects merge, anything else goes under `data`. */
export function asFields(value: unknown): IDataObject {
	return isRecord(value) ? (value as IDataObject) : { data: value as IDataObject[string] };
}

export interface CommandResult {
	stdout: string;
	stderr: string;
	exit_code: number | null;
	error: string;
	cost_time: unknown;
}

export function readCommandResult(body: unknown, endpoint: string): CommandResult {
	const holder = findObjectWith(body, ['stdout', 'stderr', 'exit_code']);
	if (!holder) {
		throw new UnexpectedResponseError(
			`302.AI ${endpoint} answered without "stdout", "stderr" or "exit_code". Response starts: ${preview(body)}`,
		);
	}
	const exitCode =
		holder.exit_code === undefined || holder.exit_code === null ? null : Number(holder.exit_code);
	return {
		stdout: toChunks(holder.stdout).join(''),
		stderr: toChunks(holder.stderr).join(''),
		exit_code: Number.isFinite(exitCode) ? exitCode : null,
		error: toText(holder.error),
		cost_time: holder.cost_time ?? null,
	};
}

export interface ExportedFile {
	path?: string;
	url: string;
}

function exportedFile(entry: unknown): ExportedFile | undefined {
	if (typeof entry === 'string') return entry === '' ? undefined : { url: entry };
	if (!isRecord(entry)) return undefined;
	const url =
		readFileUrl(entry) ?? (typeof entry.download_url === 'string' ? entry.download_url : undefined);
	if (!url) return undefined;
	const path = entry.path ?? entry.file_path ?? entry.name;
	return typeof path === 'string' ? { path, url } : { url };
}

/**
 * The file URLs file/download answered with. Its shape is undocumented: a list of
 * {path, url} objects or URL strings, or a single object with `url`/`file.url`.
 */
export function readExportedFiles(body: unknown, endpoint: string): ExportedFile[] {
	let entries: unknown[];
	try {
		entries = readArray(body, ['files', 'file_list', 'urls', 'result', 'data'], endpoint);
	} catch {
		const single = findObjectWith(body, ['url', 'file_url', 'file', 'download_url']);
		entries = single ? [single] : [];
	}
	const files = entries
		.map(exportedFile)
		.filter((file): file is ExportedFile => file !== undefined);
	if (files.length === 0) {
		throw new UnexpectedResponseError(
			`302.AI ${endpoint} answered without any file URL. Response starts: ${preview(body)}`,
		);
	}
	return files;
}
