import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemScope, RunContext } from '../types';
import { codeFields, executeCode, prepareCode, type CodePlan } from './common';

/** code › run: one-shot run in a fresh sandbox (POST /302/sandbox/direct_run_code). */

export const description = updateDisplayOptions(
	{ show: { resource: ['code'], operation: ['run'] } },
	codeFields({ files: true }),
);

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): CodePlan {
	return prepareCode(ctx, scope, false);
}

export async function execute(ctx: IExecuteFunctions, plan: CodePlan, run: RunContext): Promise<INodeExecutionData[]> {
	return await executeCode(ctx, plan, run);
}
