import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemScope, RunContext } from '../../../shared/operation';
import { parseSandboxId } from '../../helpers/validation';
import { sandboxIdField } from '../fields';
import { executeCode } from './execute';
import { codeFields } from './fields';
import { type CodePlan, planBase, RUN_CODE, runBody } from './plan';
import {
	readCodeEnvs,
	readCodeOptions,
	readCodeText,
	readInputFiles,
	readReturnFiles,
	readStdoutOptions,
} from './readers';

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
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const sandboxId = parseSandboxId(node, i, ctx.getNodeParameter('sandboxId', i, ''));
	const text = readCodeText(ctx, i);
	const options = readCodeOptions(ctx, i);
	const inputFiles = await readInputFiles(ctx, scope, options);
	const body = runBody(text, readCodeEnvs(ctx, scope, options, inputFiles));
	const stdout = readStdoutOptions(node, i, options);
	// Files are exported with file/download after the run, from Files Path or /home/user.
	const base = planBase(scope, text, stdout, readReturnFiles(node, i, options));
	return { ...base, target: { kind: 'sandbox', sandboxId }, path: RUN_CODE, body, inputFiles };
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await executeCode(ctx, plan, run);
}
