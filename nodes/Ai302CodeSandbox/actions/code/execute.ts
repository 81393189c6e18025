import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	apiRequest,
	downloadToBinary,
	endpointLabel,
	throwIfCancelled,
} from '../../../shared/transport';
import { fileWriteList, inputFilesReport } from '../../helpers/inputFiles';
import {
	asFields,
	parseStdoutJson,
	readExportedFiles,
	readRunResult,
	type ParsedStdout,
	type RunResult,
} from '../../helpers/output';
import {
	createSandbox,
	deleteLostSandbox,
	deleteTemporarySandbox,
	logCreatedSandbox,
	temporarySandboxName,
	writeFiles,
} from '../../helpers/sandboxes';
import type { RunContext } from '../../../shared/operation';
import type { CodePlan } from './common';
import { parameterError } from '../../../shared/parameters';

/**
 * Carries out a code plan in one of three ways:
 * - Code › Run without input files: one direct_run_code call (it can export files itself);
 * - Code › Run with input files: create a sandbox → write the files → run_code → file/download
 *   (Return Files) → kill, the kill whatever happened before (error, bad answer, cancel);
 * - Code › Run in Sandbox: write the files → run_code → file/download, in the given sandbox.
 */

interface RunOutcome {
	result: RunResult;
	parsed?: ParsedStdout;
	fileUrl?: string;
	/** The exported sandbox path (a file name hint for the binary data). */
	filePath?: string;
	/** Fields about the sandbox and the input files, added to the output item. */
	extra: IDataObject;
}

const DOWNLOAD = { method: 'POST' as const, path: '/302/sandbox/file/download' };

export async function executeCode(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const outcome = plan.temporarySandbox
		? await runInTemporarySandbox(ctx, plan, run)
		: await runAndExport(ctx, plan, run, plan.sandboxId);
	return await outputItems(ctx, plan, run, outcome);
}

async function runInTemporarySandbox(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
): Promise<RunOutcome> {
	const i = plan.itemIndex;
	const sandboxId = await createTemporarySandbox(ctx, plan, run);
	logCreatedSandbox(
		ctx,
		sandboxId,
		i,
		'temporary sandbox for the input files, deleted after the run',
	);
	let deletion: Promise<boolean> | undefined;
	const deleteOnce = async () =>
		await (deletion ??= deleteTemporarySandbox(
			ctx,
			run.connection,
			sandboxId,
			i,
			plan.maxAliveTime,
		));
	// On a cancel the kill starts at once, in the abort event itself: `n8n execute` ends its
	// process soon after a cancel, without waiting for the node to return.
	const signal = ctx.getExecutionCancelSignal?.();
	const onAbort = () => {
		void deleteOnce();
	};
	signal?.addEventListener('abort', onAbort, { once: true });
	let outcome: RunOutcome;
	try {
		throwIfCancelled(signal);
		outcome = await runAndExport(ctx, plan, run, sandboxId);
	} catch (error) {
		const deleted = await deleteOnce();
		throw withSandboxNote(error, sandboxId, deleted, plan.maxAliveTime);
	} finally {
		signal?.removeEventListener('abort', onAbort);
	}
	const deleted = await deleteOnce();
	Object.assign(outcome.extra, { sandbox_id: sandboxId, sandboxDeleted: deleted });
	return outcome;
}

/**
 * The create runs to its end even if the execution is cancelled meanwhile: its id is needed to
 * delete it. If it fails, a sandbox it may have made anyway is found by its unique name and deleted.
 */
async function createTemporarySandbox(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
): Promise<string> {
	const name = temporarySandboxName(plan.itemIndex);
	try {
		const body = { max_alive_time: plan.maxAliveTime, sandbox_name: name };
		return (await createSandbox(ctx, run.connection, body, plan.itemIndex, true)).sandbox_id;
	} catch (error) {
		await deleteLostSandbox(ctx, run.connection, name, plan.itemIndex);
		throw withNote(
			error,
			`No temporary sandbox is left: one named ${name} was looked for and deleted if it existed.`,
		);
	}
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

async function outputItems(
	ctx: IExecuteFunctions,
	plan: CodePlan,
	run: RunContext,
	outcome: RunOutcome,
): Promise<INodeExecutionData[]> {
	const { result, parsed, fileUrl } = outcome;
	const json: IDataObject = { stdout: result.stdout, stderr: result.stderr };
	// As a tool the chunk arrays would only repeat stdout and stderr to the model; parsed JSON
	// output already holds what stdout said, so they would repeat it a third time.
	if (!run.asTool && !parsed?.ok) {
		json.stdoutChunks = result.stdoutChunks;
		json.stderrChunks = result.stderrChunks;
	}
	Object.assign(json, result.extra);
	if (plan.returnFiles) json.fileUrl = fileUrl ?? null;
	Object.assign(json, outcome.extra);

	const binary =
		plan.downloadFiles && fileUrl
			? {
					[plan.outputBinaryField]: await downloadToBinary(ctx, {
						url: fileUrl,
						fileNameHint: outcome.filePath,
						itemIndex: plan.itemIndex,
					}),
				}
			: undefined;
	const withBinary = (fields: IDataObject): INodeExecutionData =>
		binary ? { json: fields, binary } : { json: fields };

	if (parsed && !parsed.ok) json.parseError = parsed.error;
	if (parsed?.ok && plan.allItems && Array.isArray(parsed.value)) {
		// One item per element; the run's own fields would repeat on every element, so only the file link stays.
		const fileFields: IDataObject = plan.returnFiles ? { fileUrl: fileUrl ?? null } : {};
		return parsed.value.map((element) => withBinary({ ...asFields(element), ...fileFields }));
	}
	if (parsed?.ok) {
		// As a tool, stdout would send the model the same data twice (as text and parsed).
		if (run.asTool) delete json.stdout;
		return [withBinary(parsedFirst(asFields(parsed.value), json))];
	}
	return [withBinary(json)];
}

/** The parsed fields first (they are what the user asked for), then the run's own fields; a parsed field wins a name clash. */
function parsedFirst(parsedFields: IDataObject, runOwn: IDataObject): IDataObject {
	const json: IDataObject = { ...parsedFields };
	for (const [name, value] of Object.entries(runOwn)) if (!(name in json)) json[name] = value;
	return json;
}

/** A failed export is most often a failed run (the file was never written): say what the code wrote to stderr. */
function withStderr(error: unknown, stderr: string): unknown {
	if (error instanceof NodeApiError && stderr.trim() !== '') {
		error.description =
			`${error.description ?? ''} The code wrote to stderr: ${stderr.trim().slice(0, 500)}`.trim();
	}
	return error;
}

/** The error of a run in a temporary sandbox names the sandbox and says whether it was deleted. */
function withSandboxNote(
	error: unknown,
	sandboxId: string,
	deleted: boolean,
	maxAliveTime: number,
): unknown {
	const note = deleted
		? `The temporary sandbox ${sandboxId} was deleted.`
		: `The temporary sandbox ${sandboxId} could not be deleted; it ends by itself after ${maxAliveTime} s.`;
	if (error instanceof NodeApiError || error instanceof NodeOperationError)
		error.context.sandboxId = sandboxId;
	return withNote(error, note);
}

/** Adds a sentence to an error's description (n8n errors) or message (other errors; not a cancel). */
function withNote(error: unknown, note: string): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = error.description ? `${error.description} ${note}` : note;
	} else if (error instanceof Error && error.name !== 'ExecutionCancelledError') {
		error.message = `${error.message}. ${note}`;
	}
	return error;
}
