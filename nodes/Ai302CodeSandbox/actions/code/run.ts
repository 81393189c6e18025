import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemScope } from '../../../shared/operation';
import { executeCode } from './execute';
import { codeFields } from './fields';
import {
	type CodePlan,
	type CodeTarget,
	DIRECT_RUN_CODE,
	readCodeItem,
	RUN_CODE,
	TEMPORARY_SANDBOX_MARGIN_SECONDS,
} from './plan';

/**
 * code › run: one-shot run in a fresh sandbox (POST /302/sandbox/direct_run_code); with input
 * files, in a temporary sandbox of its own that is deleted afterwards (see temporarySandbox.ts).
 */

export const description = updateDisplayOptions(
	{ show: { resource: ['code'], operation: ['run'] } },
	codeFields(),
);

export async function prepare(ctx: IExecuteFunctions, scope: ItemScope): Promise<CodePlan> {
	const { text, body, inputFiles, base } = await readCodeItem(ctx, scope);
	if (inputFiles) {
		// direct_run_code takes no files: the run gets a sandbox of its own (run_code).
		const maxAliveTime = text.timeout + TEMPORARY_SANDBOX_MARGIN_SECONDS;
		const target: CodeTarget = { kind: 'temporarySandbox', maxAliveTime };
		return { ...base, target, path: RUN_CODE, body, inputFiles };
	}
	// direct_run_code exports the files itself, from Files Path (or its own default).
	if (base.returnFiles) {
		body.is_download = true;
		if (base.requestedPath !== '') body.download_path = base.requestedPath;
	}
	return { ...base, target: { kind: 'direct' }, path: DIRECT_RUN_CODE, body };
}

/** Both code operations carry their plan out alike (execute.ts). */
export const execute = executeCode;
