import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sandboxIdField } from '../fields';
import type { ItemScope, RunContext } from '../../../shared/operation';
import { codeFields, prepareCode, type CodePlan } from './common';
import { executeCode } from './execute';

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
	return await prepareCode(ctx, scope, true);
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await executeCode(ctx, plan, run);
}
