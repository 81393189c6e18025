import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, isRecord } from '../../../shared/transport';
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

export interface UploadPlan {
	sandboxId: string;
	savePath: string;
	itemIndex: number;
	url?: string;
	binaryPropertyName?: string;
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
		return {
			sandboxId,
			savePath,
			itemIndex: i,
			url: parseHttpUrl(node, i, 'fileUrl', ctx.getNodeParameter('fileUrl', i, '')),
		};
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
	return { sandboxId, savePath, itemIndex: i, binaryPropertyName };
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: UploadPlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const output: IDataObject = { sandbox_id: plan.sandboxId, save_path: plan.savePath };
	let file: string;
	if (plan.url !== undefined) {
		file = plan.url;
		Object.assign(output, { source: 'url', file_url: plan.url });
	} else {
		const property = plan.binaryPropertyName as string;
		const meta = ctx.getInputData()[plan.itemIndex].binary?.[property];
		const buffer = await ctx.helpers.getBinaryDataBuffer(plan.itemIndex, property);
		if (buffer.length > MAX_INLINE_UPLOAD_BYTES) {
			throw parameterError(
				ctx.getNode(),
				plan.itemIndex,
				'binaryPropertyName',
				`holds ${Math.ceil(buffer.length / 1048576)} MiB; files are sent inline and may be at most ${MAX_INLINE_UPLOAD_BYTES / 1048576} MiB`,
				'Put the file on a public URL and use Source: URL.',
			);
		}
		const fileName = meta?.fileName ?? 'upload.bin';
		const mimeType = meta?.mimeType || 'application/octet-stream';
		// data:<type>;name=<file name>;base64,<bytes>: the name parameter keeps the file's name.
		file = `data:${mimeType};name=${encodeURIComponent(fileName)};base64,${buffer.toString('base64')}`;
		Object.assign(output, {
			source: 'binary',
			file_name: fileName,
			mime_type: mimeType,
			bytes: buffer.length,
		});
	}
	const response = await apiRequest(ctx, run.connection, {
		method: 'POST',
		path: PATH,
		kind: 'paid',
		body: { sandbox_id: plan.sandboxId, file_list: [{ file, save_path: plan.savePath }] },
		itemIndex: plan.itemIndex,
	});
	// The answer is undocumented; a list entry with success: false means the file was not written.
	const result = isRecord(response) && response.result !== undefined ? response.result : response;
	const failed = Array.isArray(result)
		? result.find((entry) => isRecord(entry) && entry.success === false)
		: undefined;
	if (failed) {
		const reason = String((failed as IDataObject).error ?? 'no reason given');
		const message = `302.AI POST ${PATH} did not write the file: ${reason}`;
		const error = new NodeApiError(
			ctx.getNode(),
			{ endpoint: `POST ${PATH}`, message: reason },
			{ message, itemIndex: plan.itemIndex },
		);
		error.message = message;
		throw error;
	}
	output.result = (result ?? null) as IDataObject;
	return [{ json: output }];
}
