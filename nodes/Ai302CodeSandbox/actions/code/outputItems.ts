import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RunContext } from '../../../shared/operation';
import { downloadToBinary } from '../../../shared/transport';
import { asFields, type ParsedStdout, type RunResult } from '../../helpers/output';
import type { CodePlan } from './plan';

/** The output items of a code run: stdout and stderr (or the parsed JSON), files, sandbox facts. */

export interface RunOutcome {
	result: RunResult;
	parsed?: ParsedStdout;
	fileUrl?: string;
	/** The exported sandbox path (a file name hint for the binary data). */
	filePath?: string;
	/** Fields about the sandbox and the input files, added to the output item. */
	extra: IDataObject;
}

export async function outputItems(
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
