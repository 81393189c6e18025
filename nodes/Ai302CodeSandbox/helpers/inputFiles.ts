import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { parameterError } from '../../shared/parameters';

/**
 * Code › Run and Run in Sandbox option "Input Files" (`inputFiles`): binary fields of the input
 * item(s) written into the sandbox as /home/user/<file name> before the code runs. The code
 * finds them in the N8N_FILES environment variable: a JSON object {binary field: path} (one
 * item), or a list of such objects, one per input item (Run Once for All Items).
 */

export const FILES_VARIABLE = 'N8N_FILES';
export const INPUT_FILES_FIELD = 'options.inputFiles';
export const SANDBOX_HOME = '/home/user';
/** Files travel base64-encoded inside one JSON body (as File › Upload sends them): at most this in all. */
export const MAX_INPUT_FILES_BYTES = 50 * 1024 * 1024;

/** One file to write: where it comes from, where it goes, and how big it is. */
export interface InputFile {
	itemIndex: number;
	field: string;
	fileName: string;
	/** Set when the name was taken already and the file got a new one. */
	originalName?: string;
	path: string;
	mimeType: string;
	bytes: number;
}

export interface InputFilesPlan {
	files: InputFile[];
	/** The value of N8N_FILES. */
	variable: string;
}

/** The option's text as binary field names; `*` means every field. Empty: no input files. */
export function parseInputFilesOption(
	node: INode,
	itemIndex: number,
	value: unknown,
): string[] | '*' {
	if (value === undefined || value === null) return [];
	if (typeof value !== 'string' && !Array.isArray(value)) {
		throw parameterError(
			node,
			itemIndex,
			INPUT_FILES_FIELD,
			`must be binary field names separated by commas, or *, got "${String(value)}"`,
		);
	}
	const parts = (Array.isArray(value) ? value.map(String) : value.split(','))
		.map((part) => part.trim())
		.filter((part) => part !== '');
	if (parts.includes('*')) return '*';
	return [...new Set(parts)];
}

/**
 * Picks and checks the files of the given items (no request is made): every named field must
 * exist on every item, `*` needs at least one binary field per item, and all files together
 * must fit the inline limit. Names that clash get " (2)", " (3)"... before the extension.
 */
export async function planInputFiles(
	ctx: IExecuteFunctions,
	itemIndexes: number[],
	wanted: string[] | '*',
	allItems: boolean,
): Promise<InputFilesPlan> {
	const node = ctx.getNode();
	const items = ctx.getInputData();
	const taken = new Set<string>();
	const files: InputFile[] = [];
	const perItem: Array<Record<string, string>> = [];
	let total = 0;
	for (const itemIndex of itemIndexes) {
		const binary = items[itemIndex]?.binary ?? {};
		const fields = selectFields(node, itemIndex, binary, wanted);
		const paths: Record<string, string> = {};
		for (const field of fields) {
			const data = binary[field];
			const bytes = await binarySize(ctx, data);
			total += bytes;
			if (total > MAX_INPUT_FILES_BYTES) throw tooLarge(node, itemIndex, field, bytes, total);
			const wantedName = safeFileName(data.fileName, field);
			const fileName = uniqueName(wantedName, taken);
			const path = `${SANDBOX_HOME}/${fileName}`;
			const file: InputFile = {
				itemIndex,
				field,
				fileName,
				path,
				bytes,
				mimeType: data.mimeType || 'application/octet-stream',
			};
			if (fileName !== wantedName) file.originalName = wantedName;
			files.push(file);
			paths[field] = path;
		}
		perItem.push(paths);
	}
	return { files, variable: JSON.stringify(allItems ? perItem : (perItem[0] ?? {})) };
}

function selectFields(
	node: INode,
	itemIndex: number,
	binary: Record<string, IBinaryData>,
	wanted: string[] | '*',
): string[] {
	const present = Object.keys(binary);
	if (wanted === '*') {
		if (present.length === 0) {
			throw parameterError(
				node,
				itemIndex,
				INPUT_FILES_FIELD,
				'is "*" but the item has no binary data',
				'Only items with files can use *. Name the binary fields instead, or remove the option.',
			);
		}
		return present;
	}
	for (const field of wanted) {
		if (!binary[field]) {
			const has =
				present.length > 0
					? `it has ${present.map((name) => `"${name}"`).join(', ')}`
					: 'it has no binary data';
			throw parameterError(
				node,
				itemIndex,
				INPUT_FILES_FIELD,
				`names the binary field "${field}", which the item does not have (${has})`,
			);
		}
	}
	return wanted;
}

/** Byte size of a binary field without reading it: stored files have metadata, inline ones base64. */
async function binarySize(ctx: IExecuteFunctions, data: IBinaryData): Promise<number> {
	if (data.id) {
		const metadata = await ctx.helpers.getBinaryMetadata(data.id);
		if (typeof metadata.fileSize === 'number') return metadata.fileSize;
	}
	return Buffer.byteLength(data.data ?? '', 'base64');
}

function tooLarge(node: INode, itemIndex: number, field: string, bytes: number, total: number) {
	const mib = (value: number) => `${Math.ceil(value / 1048576)} MiB`;
	const what = bytes === total ? `holds ${mib(bytes)}` : `brings the files to ${mib(total)}`;
	return parameterError(
		node,
		itemIndex,
		INPUT_FILES_FIELD,
		`is too large: the binary field "${field}" ${what}; input files are sent inline and may be at most ${mib(MAX_INPUT_FILES_BYTES)} in all`,
		'Put large files on a public URL and use File › Upload with Source: URL, then Code › Run in Sandbox.',
	);
}

/** A plain file name: no folders, no "..", no control characters; the field name if none is left. */
export function safeFileName(fileName: string | undefined, field: string): string {
	const base = (fileName ?? '').split(/[\\/]/).pop() ?? '';
	const printable = Array.from(base).filter(
		(char) => char.charCodeAt(0) >= 32 && char.charCodeAt(0) !== 127,
	);
	const cleaned = printable.join('').trim();
	if (cleaned === '' || cleaned === '.' || cleaned === '..')
		return safeFileName(field === '' ? 'file' : `${field}.bin`, 'file');
	return cleaned;
}

function uniqueName(name: string, taken: Set<string>): string {
	const dot = name.lastIndexOf('.');
	const stem = dot > 0 ? name.slice(0, dot) : name;
	const extension = dot > 0 ? name.slice(dot) : '';
	let candidate = name;
	for (let n = 2; taken.has(candidate); n++) candidate = `${stem} (${n})${extension}`;
	taken.add(candidate);
	return candidate;
}

/** The file/write entries: each file inline as data:<type>;name=<name>;base64,... (read one by one). */
export async function fileWriteList(
	ctx: IExecuteFunctions,
	files: InputFile[],
): Promise<IDataObject[]> {
	const entries: IDataObject[] = [];
	for (const file of files) {
		const buffer = await ctx.helpers.getBinaryDataBuffer(file.itemIndex, file.field);
		const uri = `data:${file.mimeType};name=${encodeURIComponent(file.fileName)};base64,${buffer.toString('base64')}`;
		entries.push({ file: uri, save_path: file.path });
	}
	return entries;
}

/** What the output item reports about the input files (names changed by a clash included). */
export function inputFilesReport(files: InputFile[]): IDataObject[] {
	return files.map((file) => {
		const entry: IDataObject = {
			item: file.itemIndex,
			field: file.field,
			path: file.path,
			bytes: file.bytes,
		};
		if (file.originalName) entry.renamedFrom = file.originalName;
		return entry;
	});
}

/** Item indexes a run covers: the one item, or all of them. */
export function coveredItems(
	items: INodeExecutionData[],
	itemIndex: number,
	allItems: boolean,
): number[] {
	return allItems ? items.map((_, index) => index) : [itemIndex];
}
