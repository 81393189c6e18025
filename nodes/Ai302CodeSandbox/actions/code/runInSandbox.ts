import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemScope } from '../../../shared/operation';
import { parseSandboxId } from '../../helpers/validation';
import { sandboxIdField } from '../fields';
import { executeCode } from './execute';
import { codeFields } from './fields';
import { type CodePlan, readCodeItem, RUN_CODE } from './plan';

/**
 * code › runInSandbox: run code in a sandbox made with Sandbox › Create or Get or Create (POST
 * /302/sandbox/run_code), with input files written first and files exported after (file/download).
 */

export const description = updateDisplayOptions(
	{ show: { resource: ['code'], operation: ['runInSandbox'] } },
	[
		sandboxIdField(
			'The sandbox to run the code in (files and installed packages persist between runs)',
		),
		...codeFields(),
	],
);

export async function prepare(ctx: IExecuteFunctions, scope: ItemScope): Promise<CodePlan> {
	const i = scope.itemIndex;
	const sandboxId = parseSandboxId(ctx.getNode(), i, ctx.getNodeParameter('sandboxId', i, ''));
	// Files are exported with file/download after the run, from Files Path or /home/user.
	const { body, inputFiles, base } = await readCodeItem(ctx, scope);
	return { ...base, target: { kind: 'sandbox', sandboxId }, path: RUN_CODE, body, inputFiles };
}

/** Both code operations carry their plan out alike (execute.ts). */
export const execute = executeCode;
