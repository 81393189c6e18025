import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, endpointLabel } from '../../../shared/transport';
import { readCommandResult } from '../../helpers/output';
import { parseSandboxId, requireText } from '../../helpers/validation';
import { DEFAULT_CODE_TIMEOUT_SECONDS, readRunTimeout, REQUEST_MARGIN_MS } from '../code/readers';
import {
	envVarsOption,
	optionsCollection,
	readEnvVarsOption,
	sandboxIdField,
	timeoutField,
} from '../fields';
import type { ItemScope, RunContext } from '../../../shared/operation';
import { readOptions } from '../../../shared/parameters';

/** command › run: a shell command line in an existing sandbox (POST /302/sandbox/command). */

const PATH = '/302/sandbox/command';

export const description = updateDisplayOptions(
	{ show: { resource: ['command'], operation: ['run'] } },
	[
		sandboxIdField('The sandbox to run the command in'),
		{
			displayName: 'Command',
			name: 'command',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
			placeholder: 'e.g. pip install pandas && python /home/user/job.py',
			description: 'The shell command line to run',
		},
		timeoutField(
			DEFAULT_CODE_TIMEOUT_SECONDS,
			'How long the command may run. Use 120 or more for package installs.',
		),
		optionsCollection([
			envVarsOption('Environment variables for the command, as name/value pairs'),
			{
				displayName: 'Fail on Non-Zero Exit',
				name: 'failOnNonZeroExit',
				type: 'boolean',
				default: false,
				description:
					'Whether a non-zero exit code makes the item fail (otherwise it is returned as data)',
			},
		]),
	],
);

export interface CommandPlan {
	body: IDataObject;
	timeoutMs: number;
	itemIndex: number;
	failOnNonZeroExit: boolean;
}

export function prepare(ctx: IExecuteFunctions, scope: ItemScope): CommandPlan {
	const node = ctx.getNode();
	const i = scope.itemIndex;
	const sandboxId = parseSandboxId(node, i, ctx.getNodeParameter('sandboxId', i, ''));
	const command = requireText(
		node,
		i,
		'command',
		ctx.getNodeParameter('command', i, ''),
		'Write the shell command to run.',
	);
	const timeout = readRunTimeout(ctx, i);
	const options = readOptions(ctx, i);
	const envs = readEnvVarsOption(node, i, options);

	const body: IDataObject = { sandbox_id: sandboxId, cmd: command, timeout };
	if (Object.keys(envs).length > 0) body.envs = envs;
	return {
		body,
		timeoutMs: timeout * 1000 + REQUEST_MARGIN_MS,
		itemIndex: i,
		failOnNonZeroExit: options.failOnNonZeroExit === true,
	};
}

export async function execute(
	ctx: IExecuteFunctions,
	plan: CommandPlan,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const call = { method: 'POST' as const, path: PATH };
	const response = await apiRequest(ctx, run.connection, {
		...call,
		kind: 'paid',
		body: plan.body,
		itemIndex: plan.itemIndex,
		timeoutMs: plan.timeoutMs,
	});
	const result = readCommandResult(response, endpointLabel(call));

	if (plan.failOnNonZeroExit && result.exit_code !== null && result.exit_code !== 0) {
		const detail = (result.stderr || result.error || result.stdout).trim().slice(0, 500);
		throw new NodeOperationError(
			ctx.getNode(),
			`The command exited with code ${result.exit_code} and "Fail on Non-Zero Exit" is on`,
			{ itemIndex: plan.itemIndex, description: detail ? `Output starts: ${detail}` : undefined },
		);
	}

	return [{ json: { ...result } as IDataObject }];
}
