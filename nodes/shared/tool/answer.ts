import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * What an AI Agent's model receives from a tool: n8n sends `JSON.stringify` of every output
 * item's `json` (binary data is dropped, nothing is capped). `toToolAnswer` makes that text fit
 * a limit for every operation and output mode of both nodes:
 * - files held in binary data are described in `files` (name, size, MIME type, URL);
 * - every item gets `truncated` (false when nothing was cut);
 * - a longer answer is shortened structurally (long strings cut, long arrays and objects keep
 *   their first entries, surplus items dropped) so it stays valid JSON of the same shape, and
 *   each kept item says `truncated: true`, `original_chars` (length of the uncut answer) and
 *   `omitted_items`.
 */

/** Short strings (ids, statuses, URLs) are never cut, so a task or sandbox id always survives. */
const KEEP_STRING_CHARS = 64;
/** An item's own top-level fields are kept up to this many, however small the budget. */
const KEEP_TOP_LEVEL_KEYS = 20;
/** Budget units per kept array entry or object key (one budget `n` also cuts strings to n chars). */
const CHARS_PER_ENTRY = 8;

/** Ends a cut string (ASCII, so characters and UTF-8 bytes of the marker agree). */
const CUT_MARK = '...';

type Json = IDataObject[string];

/** The text n8n sends the model for these items. */
export function modelText(items: INodeExecutionData[]): string {
	return JSON.stringify(items.map((item) => item.json));
}

/**
 * @param keepWhole top-level fields kept uncut while the others are shortened (the checked
 *   structured output, say); when the answer cannot fit that way, they are cut like the rest.
 */
export function toToolAnswer(
	items: INodeExecutionData[],
	limit: number,
	keepWhole: readonly string[] = [],
): INodeExecutionData[] {
	const described = items.map(describeFiles);
	const whole = described.map((item) => ({ ...item, json: { ...item.json, truncated: false } }));
	if (modelText(whole).length <= limit) return whole;

	const originalChars = modelText(described).length;
	const jsons = described.map((item) => item.json);
	const answer =
		(keepWhole.length > 0
			? largestFitting(jsons, limit, originalChars, new Set(keepWhole))
			: undefined) ??
		largestFitting(jsons, limit, originalChars, new Set()) ??
		minimalAnswer(jsons[0] ?? {}, originalChars, jsons.length, limit);
	return answer.map((json, index) => ({ ...described[index], json }));
}

/** The answer's length grows with the budget: binary search for the largest budget that fits. */
function largestFitting(
	jsons: IDataObject[],
	limit: number,
	originalChars: number,
	keepWhole: Set<string>,
): IDataObject[] | undefined {
	let best: IDataObject[] | undefined;
	let low = 0;
	let high = originalChars;
	while (low <= high) {
		const middle = Math.floor((low + high) / 2);
		const candidate = shortened(jsons, middle, originalChars, keepWhole);
		if (JSON.stringify(candidate).length <= limit) {
			best = candidate;
			low = middle + 1;
		} else {
			high = middle - 1;
		}
	}
	return best;
}

function shortened(
	jsons: IDataObject[],
	budget: number,
	originalChars: number,
	keepWhole: Set<string>,
): IDataObject[] {
	const kept = jsons.slice(0, entriesFor(budget));
	return kept.map((json) => {
		const cut = shorten(json, budget, true) as IDataObject;
		for (const key of keepWhole) if (key in json) cut[key] = json[key];
		return {
			...cut,
			truncated: true,
			original_chars: originalChars,
			omitted_items: jsons.length - kept.length,
		};
	});
}

function entriesFor(budget: number): number {
	return Math.max(1, Math.ceil(budget / CHARS_PER_ENTRY));
}

function shorten(value: unknown, budget: number, topLevel = false): Json {
	if (typeof value === 'string') {
		const keep = Math.max(budget, KEEP_STRING_CHARS);
		return value.length > keep ? `${value.slice(0, keep)}${CUT_MARK}` : value;
	}
	if (Array.isArray(value))
		return value.slice(0, entriesFor(budget)).map((entry) => shorten(entry, budget)) as Json;
	if (value !== null && typeof value === 'object') {
		const keys = Math.max(entriesFor(budget), topLevel ? KEEP_TOP_LEVEL_KEYS : 1);
		const entries = Object.entries(value as IDataObject).slice(0, keys);
		return Object.fromEntries(entries.map(([key, entry]) => [key, shorten(entry, budget)])) as Json;
	}
	return value as Json;
}

/** When not even one shortened item fits: the first item's short scalar fields and the marker. */
function minimalAnswer(
	first: IDataObject,
	originalChars: number,
	itemCount: number,
	limit: number,
): IDataObject[] {
	const marker = { truncated: true, original_chars: originalChars, omitted_items: itemCount - 1 };
	const scalars: IDataObject = {};
	for (const [key, value] of Object.entries(first)) {
		const short =
			typeof value === 'string'
				? value.length <= KEEP_STRING_CHARS
				: typeof value !== 'object' || value === null;
		if (!short) continue;
		scalars[key] = value;
		if (JSON.stringify([{ ...scalars, ...marker }]).length > limit) {
			delete scalars[key];
			break;
		}
	}
	return [{ ...scalars, ...marker }];
}

/**
 * n8n drops binary data from tool answers, so each file is described in `files` instead
 * (the URL is the item's own `fileUrl` or `url` when it has one).
 */
function describeFiles(item: INodeExecutionData): INodeExecutionData {
	const binaries = Object.entries(item.binary ?? {});
	if (binaries.length === 0) return item;
	const url =
		typeof item.json.fileUrl === 'string'
			? item.json.fileUrl
			: typeof item.json.url === 'string'
				? item.json.url
				: null;
	const files = binaries.map(([field, binary]) => ({
		field,
		name: binary.fileName ?? null,
		bytes: typeof binary.bytes === 'number' ? binary.bytes : null,
		size: binary.fileSize ?? null,
		mimeType: binary.mimeType,
		url,
	}));
	return { ...item, json: { ...item.json, files } };
}
