import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, endpointLabel, isRecord, readArray } from '../../../shared/transport';
import { parsePaths, parseSandboxId } from '../../helpers/validation';
import { optionsCollection, pathField, sandboxIdField } from '../fields';
import type { ItemScope, RunContext } from '../../../shared/operation';

/** file › list: what is at one or more paths (POST /302/sandbox/file/list, free). One item per path. */

const PATH = '/302/sandbox/file/list';

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['list'] } },
	[
		sandboxIdField('The sandbox whose files to list'),
		pathField('The path to inspect; several paths separated by commas or new lines'),
		optionsCollection(),
	],
);

export interface FileListPlan {
	body: IDataObject;
	itemIndex: number;
}

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): FileListPlan {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const sandboxId = parseSandboxId(node, i, ctx.getNodeParameter('sandboxId', i, ''));
	const paths = parsePaths(node, i, ctx.getNodeParameter('path', i, ''));
	// The API takes a string or a list of strings; one path goes as a plain string.
	return {
		body: { sandbox_id: sandboxId, path: paths.length === 1 ? paths[0] : paths },
		itemIndex: i,
	};
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: FileListPlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const call = { method: 'POST' as const, path: PATH };
	const response = await apiRequest(ctx, run.connection, {
		...call,
		kind: 'read',
		body: plan.body,
		itemIndex: plan.itemIndex,
	});
	const entries = readArray(response, ['result', 'files', 'file_list'], endpointLabel(call));
	return entries.map((entry) => ({
		json: {
			sandbox_id: plan.body.sandbox_id,
			...(isRecord(entry) ? (entry as IDataObject) : { path: entry as IDataObject[string] }),
		},
	}));
}
