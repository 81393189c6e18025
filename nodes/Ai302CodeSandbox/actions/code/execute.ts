import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RunContext } from '../../../shared/operation';
import { parameterError } from '../../../shared/parameters';
import { apiRequest, endpointLabel } from '../../../shared/transport';
import { fileWriteList, inputFilesReport } from '../../helpers/inputFiles';
import {
	parseStdoutJson,
	readExportedFiles,
	readRunResult,
	type ParsedStdout,
	type RunResult,
} from '../../helpers/output';
import { writeFiles } from '../../helpers/sandboxes';
import { outputItems, type RunOutcome } from './outputItems';
import type { CodePlan } from './plan';
import { runInTemporarySandbox } from './temporarySandbox';

/**
 * Carries out a code plan in one of three ways (its target):
 * - direct: one direct_run_code call (it can export files itself);
 * - temporarySandbox: create a sandbox → write the files → run_code → file/download (Return
 *   Files) → kill (temporarySandbox.ts);
 * - sandbox: write the files → run_code → file/download, in the given sandbox.
 */

const DOWNLOAD = { method: 'POST' as const, path: '/302/sandbox/file/download' };

export async function executeCode(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const { target } = plan;
	const outcome =
		target.kind === 'temporarySandbox'
			? await runInTemporarySandbox(
					ctx,
					{ itemIndex: plan.itemIndex, maxAliveTime: target.maxAliveTime },
					run,
					async (sandboxId) => await runAndExport(ctx, plan, run, sandboxId),
				)
			: await runAndExport(
					ctx,
					plan,
					run,
					target.kind === 'sandbox' ? target.sandboxId : undefined,
				);
	return await outputItems(ctx, plan, run, outcome);
}

/** Input files in, the code run, files out; `sandboxId` undefined means direct_run_code. */
async function runAndExport(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
	sandboxId: string | undefined,
): Promise<RunOutcome> {
	const i = plan.itemIndex;
	const extra: IDataObject = {};
	if (sandboxId !== undefined && plan.inputFiles) {
		await writeFiles(
			ctx,
			run.connection,
			sandboxId,
			await fileWriteList(ctx, plan.inputFiles.files),
			i,
		);
		extra.inputFiles = inputFilesReport(plan.inputFiles.files);
	}
	const call = { method: 'POST' as const, path: plan.path };
	const body = sandboxId !== undefined ? { sandbox_id: sandboxId, ...plan.body } : plan.body;
	const response = await apiRequest(ctx, run.connection, {
		...call,
		kind: 'paid',
		body,
		itemIndex: i,
		timeoutMs: plan.timeoutMs,
	});
	const result = readRunResult(response, endpointLabel(call));
	// Checked before anything is exported: a failed run costs no export.
	const parsed = checkRun(ctx, plan, result);
	if (!plan.returnFiles || sandboxId === undefined)
		return { result, parsed, fileUrl: result.fileUrl, extra };

	let exported: unknown;
	try {
		exported = await apiRequest(ctx, run.connection, {
			...DOWNLOAD,
			kind: 'paid',
			body: { sandbox_id: sandboxId, path: plan.downloadPath },
			itemIndex: i,
		});
	} catch (error) {
		throw withStderr(error, result.stderr);
	}
	const [file] = readExportedFiles(exported, endpointLabel(DOWNLOAD));
	return { result, parsed, fileUrl: file.url, filePath: file.path ?? plan.downloadPath, extra };
}

/** "Fail on Stderr" and "JSON (Strict)"; returns the parsed stdout when JSON was asked for. */
function checkRun(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	result: RunResult,
): ParsedStdout | undefined {
	const node = ctx.getNode();
	const i = plan.itemIndex;
	if (plan.failOnStderr && result.stderr.trim() !== '') {
		throw new NodeOperationError(node, `The code wrote to stderr and "Fail on Stderr" is on`, {
			itemIndex: i,
			description: `stderr starts: ${result.stderr.trim().slice(0, 500)}`,
		});
	}
	if (plan.stdoutFormat === 'text') return undefined;
	const parsed = parseStdoutJson(result.stdout);
	if (!parsed.ok && plan.stdoutFormat === 'jsonStrict') {
		throw parameterError(
			node,
			i,
			'options.stdoutFormat',
			`is "JSON (Strict)" but ${parsed.error}`,
			`stdout starts: ${result.stdout.slice(0, 300)}`,
		);
	}
	return parsed;
}

/** A failed export is most often a failed run (the file was never written): say what the code wrote to stderr. */
function withStderr(error: unknown, stderr: string): unknown {
	if (error instanceof NodeApiError && stderr.trim() !== '') {
		error.description =
			`${error.description ?? ''} The code wrote to stderr: ${stderr.trim().slice(0, 500)}`.trim();
	}
	return error;
}
