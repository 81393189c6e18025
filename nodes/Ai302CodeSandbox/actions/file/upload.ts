import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import { failedWrite, notWrittenError, writeResult } from '../../helpers/sandboxes';
import { parseHttpUrl, parseSandboxId, requireText } from '../../helpers/validation';
import { optionsCollection, sandboxIdField } from '../fields';
import type { ItemScope, RunContext } from '../../../shared/operation';
import { parameterError } from '../../../shared/parameters';

/**
 * file › upload: put a file into a sandbox (POST /302/sandbox/file/write), from a public URL the
 * sandbox fetches itself, or from the item's binary data sent inline as a base64 data: URI.
 */

const PATH = '/302/sandbox/file/write';
/** The file travels base64-encoded inside the JSON body; beyond this the body gets unreasonable. */
export const MAX_INLINE_UPLOAD_BYTES = 50 * 1024 * 1024;

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['upload'] } },
	[
		sandboxIdField('The sandbox to put the file into'),
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			options: [
				{
					name: 'Binary Data of the Item',
					value: 'binary',
					description: 'Upload the file in a binary field of the input item',
				},
				{ name: 'URL', value: 'url', description: 'The sandbox downloads a public URL itself' },
			],
			default: 'binary',
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			description: 'Name of the binary field of the input item that holds the file',
			displayOptions: { show: { source: ['binary'] } },
		},
		{
			displayName: 'File URL',
			name: 'fileUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://example.com/data.csv',
			description: 'A public http(s) URL of the file',
			displayOptions: { show: { source: ['url'] } },
		},
		{
			displayName: 'Save Path',
			name: 'savePath',
			type: 'string',
			required: true,
			default: '/home/user/',
			placeholder: 'e.g. /home/user/data.csv',
			description:
				'Where to save the file in the sandbox: a full file path, or a folder ending in "/" (the file keeps its name). Missing folders are created; an existing file is overwritten.',
		},
		optionsCollection(),
	],
);

/** Where the file comes from: a URL the sandbox fetches, or a binary field of the item. */
export type UploadSource =
	| { kind: 'url'; url: string }
	| { kind: 'binary'; binaryPropertyName: string };

export interface UploadPlan {
	sandboxId: string;
	savePath: string;
	itemIndex: number;
	source: UploadSource;
}

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): UploadPlan {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const sandboxId = parseSandboxId(node, i, ctx.getNodeParameter('sandboxId', i, ''));
	const savePath = requireText(
		node,
		i,
		'savePath',
		ctx.getNodeParameter('savePath', i, ''),
		'Give a path such as /home/user/data.csv.',
	).trim();
	const source = ctx.getNodeParameter('source', i, 'binary') as string;
	if (source === 'url') {
		const url = parseHttpUrl(node, i, 'fileUrl', ctx.getNodeParameter('fileUrl', i, ''));
		return { sandboxId, savePath, itemIndex: i, source: { kind: 'url', url } };
	}
	if (source !== 'binary')
		throw parameterError(
			node,
			i,
			'source',
			`has the unknown value "${source}"`,
			'Use binary or url.',
		);
	const binaryPropertyName = requireText(
		node,
		i,
		'binaryPropertyName',
		ctx.getNodeParameter('binaryPropertyName', i, 'data'),
	).trim();
	const binary = ctx.getInputData()[i]?.binary?.[binaryPropertyName];
	if (!binary) {
		throw parameterError(
			node,
			i,
			'binaryPropertyName',
			`names the binary field "${binaryPropertyName}", which the item does not have`,
			'Check the name of the binary field in the input (for example "data"), or choose Source: URL.',
		);
	}
	return { sandboxId, savePath, itemIndex: i, source: { kind: 'binary', binaryPropertyName } };
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: UploadPlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const { source } = plan;
	const { file, fields } =
		source.kind === 'url'
			? { file: source.url, fields: { source: 'url', file_url: source.url } }
			: await inlineFile(ctx, plan.itemIndex, source.binaryPropertyName);
	const output: IDataObject = { sandbox_id: plan.sandboxId, save_path: plan.savePath, ...fields };
	const response = await apiRequest(ctx, run.connection, {
		method: 'POST',
		path: PATH,
		kind: 'paid',
		body: { sandbox_id: plan.sandboxId, file_list: [{ file, save_path: plan.savePath }] },
		itemIndex: plan.itemIndex,
	});
	// The answer is undocumented; a list entry with success: false means the file was not written.
	const result = writeResult(response);
	const failed = failedWrite(result);
	if (failed) throw notWrittenError(ctx.getNode(), failed, plan.itemIndex);
	output.result = (result ?? null) as IDataObject;
	return [{ json: output }];
}

/**
 * The item's binary field as a data: URI (data:<type>;name=<file name>;base64,<bytes>; the name
 * parameter keeps the file's name), with what the output item says about it.
 */
async function inlineFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
): Promise<{ file: string; fields: IDataObject }> {
	const meta = ctx.getInputData()[itemIndex].binary?.[property];
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	if (buffer.length > MAX_INLINE_UPLOAD_BYTES) {
		throw parameterError(
			ctx.getNode(),
			itemIndex,
			'binaryPropertyName',
			`holds ${Math.ceil(buffer.length / 1048576)} MiB; files are sent inline and may be at most ${MAX_INLINE_UPLOAD_BYTES / 1048576} MiB`,
			'Put the file on a public URL and use Source: URL.',
		);
	}
	const fileName = meta?.fileName ?? 'upload.bin';
	const mimeType = meta?.mimeType || 'application/octet-stream';
	return {
		file: `data:${mimeType};name=${encodeURIComponent(fileName)};base64,${buffer.toString('base64')}`,
		fields: { source: 'binary', file_name: fileName, mime_type: mimeType, bytes: buffer.length },
	};
}
