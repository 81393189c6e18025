import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requestTimeoutOption } from '../../shared/transport';

/** Limits of the wait parameters (seconds). Sub-second intervals are allowed so tests run fast. */
export const POLL_INTERVAL = { default: 3, min: 0.25, max: 300 };
export const MAX_WAIT = { default: 1800, max: 14_400 };
export const CONCURRENCY = { default: 5, min: 1, max: 50 };
export const TOOL_MAX_CHARS = { default: 4000, min: 100 };

export type OutputMode = 'simplified' | 'raw' | 'steps';

/** How one item is waited for and returned (same for both operations). */
export interface ItemSettings {
	itemIndex: number;
	wait: boolean;
	intervalMs: number;
	maxWaitMs: number;
	maxWaitSeconds: number;
	outputMode: OutputMode;
	failOnUnsuccessful: boolean;
	returnOnTimeout: boolean;
	toolMaxChars: number;
	concurrency: number;
}

const showWhenWaiting = { show: { waitForCompletion: [true] } };
/**
 * The same condition inside the Options collection ("/" = a top-level parameter). Hidden options
 * keep a saved value, and the code reads it as before.
 */
const showWhenWaitingOption = { show: { '/waitForCompletion': [true] } };

/** Wait fields and options shared by Create and Get (Get can wait too). */
export const waitDescription: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to poll the task until it is finished or failed. Off: return at once with the task ID and the status 302.AI reports now.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		default: POLL_INTERVAL.default,
		// No numberPrecision: n8n would show 3 as "3.00"; decimals such as 0.5 are still accepted.
		typeOptions: { minValue: POLL_INTERVAL.min, maxValue: POLL_INTERVAL.max },
		displayOptions: showWhenWaiting,
		description: 'Seconds between two status checks of the same task. Status checks are free.',
	},
	{
		displayName: 'Max Wait Time (Seconds)',
		name: 'maxWaitTime',
		type: 'number',
		default: MAX_WAIT.default,
		typeOptions: { minValue: 1, maxValue: MAX_WAIT.max },
		displayOptions: showWhenWaiting,
		description:
			'Longest time to wait for a task (real browser tasks can take 20 minutes or more; at most 4 hours). On reaching it the task keeps running on 302.AI; see the Return Status on Timeout option.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Extra Body Fields (JSON)',
				name: 'additionalBodyFields',
				type: 'json',
				default: '{}',
				displayOptions: { show: { '/operation': ['create'] } },
				description:
					'JSON object merged into the request body of POST /302/browser/submit, for fields 302.AI adds later. Task (and Model when set) take precedence.',
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				default: CONCURRENCY.default,
				typeOptions: { minValue: CONCURRENCY.min, maxValue: CONCURRENCY.max },
				description: 'Most requests in flight at once when several items are processed',
			},
			{
				displayName: 'Fail If Unsuccessful',
				name: 'failOnUnsuccessful',
				type: 'boolean',
				default: false,
				displayOptions: showWhenWaitingOption,
				description:
					'Whether a task that finished but whose agent reports is_successful false is an error (otherwise it is returned as data)',
			},
			{
				displayName: 'Max Output Characters as Tool',
				name: 'toolMaxOutputChars',
				type: 'number',
				default: TOOL_MAX_CHARS.default,
				typeOptions: { minValue: TOOL_MAX_CHARS.min },
				description:
					'Only when an AI Agent calls this node as a tool: longer texts are cut, step details dropped, and truncated is set to true',
			},
			{
				displayName: 'Output',
				name: 'outputMode',
				type: 'options',
				default: 'simplified',
				options: [
					{
						name: 'One Item per Step',
						value: 'steps',
						description: "One output item for each of the agent's steps",
					},
					{
						name: 'Raw',
						value: 'raw',
						description: "302.AI's response as it is",
					},
					{
						name: 'Simplified',
						value: 'simplified',
						description: 'Status, result, parsed JSON result, extracted content, final text, elapsed time',
					},
				],
			},
			requestTimeoutOption,
			{
				displayName: 'Return Status on Timeout',
				name: 'returnOnTimeout',
				type: 'boolean',
				default: false,
				displayOptions: showWhenWaitingOption,
				description:
					'Whether reaching Max Wait Time returns the last status as an item with timed_out true instead of an error',
			},
		],
	},
];

/** Bad input: names the parameter (as saved in the workflow) and the item, like the Code Sandbox node. */
export function parameterError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Parameter "${parameter}" ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description,
	});
}

/**
 * A number from a parameter: expressions can yield strings, NaN or objects, so this accepts
 * finite numbers and numeric strings only, in [min, max].
 */
export function readNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	parameter: string,
	label: string,
	range: { min: number; max: number; minExclusive?: boolean },
): number {
	const parsed =
		typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
	const below = range.minExclusive ? parsed <= range.min : parsed < range.min;
	if (!Number.isFinite(parsed) || below || parsed > range.max) {
		const lower = range.minExclusive ? `more than ${range.min}` : `at least ${range.min}`;
		throw parameterError(
			ctx,
			itemIndex,
			parameter,
			`must be a number ${lower} and at most ${range.max} (got ${JSON.stringify(value) ?? String(value)})`,
			`Set ${label} to a number between ${range.min} and ${range.max}.`,
		);
	}
	return parsed;
}

export function readOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = ctx.getNodeParameter('options', itemIndex, {});
	return typeof options === 'object' && options !== null ? (options as IDataObject) : {};
}

/** Reads and checks the wait fields and options of one item; throws before any request. */
export function readSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	const options = readOptions(ctx, itemIndex);
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) !== false;
	let intervalSeconds = POLL_INTERVAL.default;
	let maxWaitSeconds = MAX_WAIT.default;
	if (wait) {
		intervalSeconds = readNumber(ctx, itemIndex, ctx.getNodeParameter('pollInterval', itemIndex, POLL_INTERVAL.default), 'pollInterval', 'Poll Interval', POLL_INTERVAL);
		maxWaitSeconds = readNumber(ctx, itemIndex, ctx.getNodeParameter('maxWaitTime', itemIndex, MAX_WAIT.default), 'maxWaitTime', 'Max Wait Time', {
			min: 0,
			max: MAX_WAIT.max,
			minExclusive: true,
		});
	}
	const outputMode = (options.outputMode ?? 'simplified') as OutputMode;
	if (!['simplified', 'raw', 'steps'].includes(outputMode)) {
		throw parameterError(ctx, itemIndex, 'options.outputMode', `must be simplified, raw or steps (got ${JSON.stringify(outputMode)})`);
	}
	return {
		itemIndex,
		wait,
		intervalMs: Math.round(intervalSeconds * 1000),
		maxWaitMs: Math.round(maxWaitSeconds * 1000),
		maxWaitSeconds,
		outputMode,
		failOnUnsuccessful: options.failOnUnsuccessful === true,
		returnOnTimeout: options.returnOnTimeout === true,
		toolMaxChars: Math.floor(
			readNumber(ctx, itemIndex, options.toolMaxOutputChars ?? TOOL_MAX_CHARS.default, 'options.toolMaxOutputChars', 'Max Output Characters as Tool', {
				min: TOOL_MAX_CHARS.min,
				max: Number.MAX_SAFE_INTEGER,
			}),
		),
		concurrency: Math.floor(
			readNumber(ctx, itemIndex, options.concurrency ?? CONCURRENCY.default, 'options.concurrency', 'Concurrency', CONCURRENCY),
		),
	};
}
