import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ItemScope } from '../../../shared/operation';
import type { InputFilesPlan } from '../../helpers/inputFiles';
import {
	type CodeText,
	readCodeEnvs,
	readCodeOptions,
	readCodeText,
	readInputFiles,
	readReturnFiles,
	readStdoutOptions,
	REQUEST_MARGIN_MS,
	type ReturnFilesOptions,
	type StdoutOptions,
} from './readers';

/**
 * A code run as code › run and code › runInSandbox plan it (each in its own prepare) and
 * execute.ts carries it out.
 */

export const DIRECT_RUN_CODE = '/302/sandbox/direct_run_code';
export const RUN_CODE = '/302/sandbox/run_code';
/** A temporary sandbox lives at most the code's timeout plus this (upload, start, export). */
export const TEMPORARY_SANDBOX_MARGIN_SECONDS = 300;

/** Where the code runs. */
export type CodeTarget =
	/** direct_run_code: a fresh sandbox the API makes and destroys itself. */
	| { kind: 'direct' }
	/** run_code in a sandbox created for the run and deleted after it (Code › Run with input files). */
	| { kind: 'temporarySandbox'; maxAliveTime: number }
	/** run_code in the given sandbox (Code › Run in Sandbox). */
	| { kind: 'sandbox'; sandboxId: string };

export interface CodePlan extends StdoutOptions, ReturnFilesOptions {
	itemIndex: number;
	allItems: boolean;
	target: CodeTarget;
	/** DIRECT_RUN_CODE or RUN_CODE. */
	path: string;
	/** The request body; a run in a sandbox sends sandbox_id first (execute.ts adds it). */
	body: IDataObject;
	timeoutMs: number;
	inputFiles?: InputFilesPlan;
}

/** The request body every code run sends: language, code, timeout, then envs if there are any. */
export function runBody(text: CodeText, envs: IDataObject): IDataObject {
	const body: IDataObject = { language: text.language, code: text.code, timeout: text.timeout };
	if (Object.keys(envs).length > 0) body.envs = envs;
	return body;
}

/** The parts of a plan that do not depend on where the code runs. */
export function planBase(
	scope: ItemScope,
	text: CodeText,
	stdout: StdoutOptions,
	returnFiles: ReturnFilesOptions,
): Omit<CodePlan, 'target' | 'path' | 'body' | 'inputFiles'> {
	return {
		itemIndex: scope.itemIndex,
		allItems: scope.allItems,
		timeoutMs: text.timeout * 1000 + REQUEST_MARGIN_MS,
		...stdout,
		...returnFiles,
	};
}

/** What both code operations read of one item, in the order its fields are checked. */
export interface CodeItem {
	text: CodeText;
	body: IDataObject;
	inputFiles?: InputFilesPlan;
	base: ReturnType<typeof planBase>;
}

export async function readCodeItem(ctx: IExecuteFunctions, scope: ItemScope): Promise<CodeItem> {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const text = readCodeText(ctx, i);
	const options = readCodeOptions(ctx, i);
	const inputFiles = await readInputFiles(ctx, scope, options);
	const body = runBody(text, readCodeEnvs(ctx, scope, options, inputFiles));
	const stdout = readStdoutOptions(node, i, options);
	const base = planBase(scope, text, stdout, readReturnFiles(node, i, options));
	return { text, body, inputFiles, base };
}
