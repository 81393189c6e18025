import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemScope, RunContext } from '../../../shared/operation';
import { executeCode } from './execute';
import { codeFields } from './fields';
import {
	type CodePlan,
	type CodeTarget,
	DIRECT_RUN_CODE,
	planBase,
	RUN_CODE,
	runBody,
	TEMPORARY_SANDBOX_MARGIN_SECONDS,
} from './plan';
import {
	readCodeEnvs,
	readCodeOptions,
	readCodeText,
	readInputFiles,
	readReturnFiles,
	readStdoutOptions,
} from './readers';

/**
 * code › run: one-shot run in a fresh sandbox (POST /302/sandbox/direct_run_code); with input
 * files, in a temporary sandbox of its own that is deleted afterwards (see temporarySandbox.ts).
 */

export const description = updateDisplayOptions(
	{ show: { resource: ['code'], operation: ['run'] } },
	codeFields(),
);

export async function prepare(ctx: IExecuteFunctions, scope: ItemScope): Promise<CodePlan> {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const text = readCodeText(ctx, i);
	const options = readCodeOptions(ctx, i);
	const inputFiles = await readInputFiles(ctx, scope, options);
	const body = runBody(text, readCodeEnvs(ctx, scope, options, inputFiles));
	const stdout = readStdoutOptions(node, i, options);
	const returnFiles = readReturnFiles(node, i, options);
	const base = planBase(scope, text, stdout, returnFiles);
	if (inputFiles) {
		// direct_run_code takes no files: the run gets a sandbox of its own (run_code).
		const maxAliveTime = text.timeout + TEMPORARY_SANDBOX_MARGIN_SECONDS;
		const target: CodeTarget = { kind: 'temporarySandbox', maxAliveTime };
		return { ...base, target, path: RUN_CODE, body, inputFiles };
	}
	// direct_run_code exports the files itself, from Files Path (or its own default).
	if (returnFiles.returnFiles) {
		body.is_download = true;
		if (returnFiles.requestedPath !== '') body.download_path = returnFiles.requestedPath;
	}
	return { ...base, target: { kind: 'direct' }, path: DIRECT_RUN_CODE, body };
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await executeCode(ctx, plan, run);
}
