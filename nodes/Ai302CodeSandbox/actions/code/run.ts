import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemScope, RunContext } from '../../../shared/operation';
import { codeFields, prepareCode, type CodePlan } from './common';
import { executeCode } from './execute';

/**
 * code › run: one-shot run in a fresh sandbox (POST /302/sandbox/direct_run_code); with input
 * files, in a temporary sandbox of its own that is deleted afterwards (see execute.ts).
 */

export const description = updateDisplayOptions(
	{ show: { resource: ['code'], operation: ['run'] } },
	codeFields(),
);

export async function prepare(ctx: IExecuteFunctions, scope: ItemScope): Promise<CodePlan> {
	return await prepareCode(ctx, scope, false);
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await executeCode(ctx, plan, run);
}
