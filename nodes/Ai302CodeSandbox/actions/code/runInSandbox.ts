import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sandboxIdField } from '../fields';
import type { ItemScope, RunContext } from '../types';
import { codeFields, executeCode, prepareCode, type CodePlan } from './common';

/** code › runInSandbox: run code in a sandbox made with Sandbox › Create (POST /302/sandbox/run_code). */

export const description = updateDisplayOptions({ show: { resource: ['code'], operation: ['runInSandbox'] } }, [
	sandboxIdField('The sandbox to run the code in (files and installed packages persist between runs)'),
	...codeFields({ files: false }),
]);

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): CodePlan {
	return prepareCode(ctx, scope, true);
}

export async function execute(ctx: IExecuteFunctions, plan: CodePlan, run: RunContext): Promise<INodeExecutionData[]> {
	return await executeCode(ctx, plan, run);
}
