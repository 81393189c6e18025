import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, downloadToBinary, endpointLabel } from '../../../shared/transport';
import { readExportedFiles } from '../../helpers/output';
import { parsePaths, parseSandboxId } from '../../helpers/validation';
import {
	fetchFilesOption,
	legacyBinaryFieldOption,
	optionsCollection,
	outputBinaryFieldOption,
	pathField,
	readOutputBinaryField,
	sandboxIdField,
} from '../fields';
import type { ItemScope, RunContext } from '../../../shared/operation';
import { readOptions } from '../../../shared/parameters';

/**
 * file › download: export sandbox paths to 302's file host (POST /302/sandbox/file/download)
 * and optionally fetch each returned URL into binary data. One output item per exported file.
 */

const PATH = '/302/sandbox/file/download';

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['download'] } },
	[
		sandboxIdField('The sandbox to export files from'),
		pathField(
			'The file or folder to export (a folder comes back as one archive); several paths separated by commas or new lines',
		),
		optionsCollection([
			fetchFilesOption(
				"Whether to fetch each exported file into the output item's binary data (streamed). Off: only the file URLs are returned (links on 302.AI's file host).",
			),
			outputBinaryFieldOption(
				'Name of the binary field of the output items that receives each file (one output item per file). This names a field of the output, not of the input item.',
			),
			legacyBinaryFieldOption(),
		]),
	],
);

export interface DownloadPlan {
	body: IDataObject;
	paths: string[];
	itemIndex: number;
	downloadFiles: boolean;
	outputBinaryField: string;
}

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): DownloadPlan {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const sandboxId = parseSandboxId(node, i, ctx.getNodeParameter('sandboxId', i, ''));
	const paths = parsePaths(node, i, ctx.getNodeParameter('path', i, ''));
	const options = readOptions(ctx, i);
	const downloadFiles = options.downloadFiles !== false;
	const outputBinaryField = downloadFiles ? readOutputBinaryField(node, i, options) : '';
	return {
		body: { sandbox_id: sandboxId, path: paths.length === 1 ? paths[0] : paths },
		paths,
		itemIndex: i,
		downloadFiles,
		outputBinaryField,
	};
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: DownloadPlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const call = { method: 'POST' as const, path: PATH };
	const response = await apiRequest(ctx, run.connection, {
		...call,
		kind: 'paid',
		body: plan.body,
		itemIndex: plan.itemIndex,
	});
	const files = readExportedFiles(response, endpointLabel(call));
	const output: INodeExecutionData[] = [];
	// One file at a time: each is streamed to binary storage before the next starts.
	for (const [position, file] of files.entries()) {
		const path =
			file.path ?? (files.length === plan.paths.length ? plan.paths[position] : undefined);
		const json: IDataObject = {
			sandbox_id: plan.body.sandbox_id,
			path: path ?? null,
			url: file.url,
		};
		if (!plan.downloadFiles) {
			output.push({ json });
			continue;
		}
		const binary: IBinaryData = await downloadToBinary(ctx, {
			url: file.url,
			fileNameHint: path,
			itemIndex: plan.itemIndex,
		});
		output.push({ json, binary: { [plan.outputBinaryField]: binary } });
	}
	return output;
}
