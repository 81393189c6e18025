import type { IExecuteFunctions } from 'n8n-workflow';

import { readConcurrency } from '../../shared/concurrency';
import { parameterError, readNumber, readOptions } from '../../shared/parameters';
import { readToolOutputLimit } from '../../shared/tool';
import type { PollSchedule } from '../../shared/transport';
import { MAX_POLL_RATE, MAX_WAIT, POLL_INTERVAL } from '../actions/task/waitFields';
import { readStructuredSpec, type StructuredSpec } from './structuredOutput';

const OUTPUT_MODES = ['simplified', 'raw', 'steps'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];
const POLL_SCHEDULES: readonly PollSchedule[] = ['adaptive', 'fixed'];

/** How one item is waited for and returned (same for both operations). */
export interface ItemSettings {
	wait: boolean;
	intervalMs: number;
	maxWaitMs: number;
	maxWaitSeconds: number;
	outputMode: OutputMode;
	failOnUnsuccessful: boolean;
	returnOnTimeout: boolean;
	/** Characters of JSON an AI Agent's model may receive (Infinity: no limit); checked for every item, applied from item 0 (an agent's call has one item). */
	toolOutputLimit: number;
	concurrency: number;
	/** Output JSON Schema / Example options, when one is set. */
	structured?: StructuredSpec;
	pollSchedule: PollSchedule;
	/** Most status checks per second for all the node's tasks together. */
	maxPollRate: number;
}

/** Reads and checks the wait fields and options of one item; throws before any request. */
export function readSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	const node = ctx.getNode();
	const options = readOptions(ctx, itemIndex);
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) !== false;
	const { intervalSeconds, maxWaitSeconds } = wait
		? readWaitTimes(ctx, itemIndex)
		: { intervalSeconds: POLL_INTERVAL.default, maxWaitSeconds: MAX_WAIT.default };
	const pollSchedule = options.pollSchedule ?? 'adaptive';
	if (!isOneOf(POLL_SCHEDULES, pollSchedule)) {
		throw parameterError(
			node,
			itemIndex,
			'options.pollSchedule',
			`must be adaptive or fixed (got ${JSON.stringify(pollSchedule)})`,
		);
	}
	const outputMode = options.outputMode ?? 'simplified';
	if (!isOneOf(OUTPUT_MODES, outputMode)) {
		throw parameterError(
			node,
			itemIndex,
			'options.outputMode',
			`must be simplified, raw or steps (got ${JSON.stringify(outputMode)})`,
		);
	}
	return {
		wait,
		intervalMs: Math.round(intervalSeconds * 1000),
		maxWaitMs: Math.round(maxWaitSeconds * 1000),
		maxWaitSeconds,
		outputMode,
		failOnUnsuccessful: options.failOnUnsuccessful === true,
		returnOnTimeout: options.returnOnTimeout === true,
		toolOutputLimit: readToolOutputLimit(node, itemIndex, options),
		concurrency: readConcurrency(node, itemIndex, options.concurrency),
		structured: readStructuredSpec(ctx, itemIndex, options),
		pollSchedule,
		maxPollRate: readNumber(node, itemIndex, options.maxPollRate ?? MAX_POLL_RATE.default, {
			parameter: 'options.maxPollRate',
			label: 'Max Polls per Second',
			...MAX_POLL_RATE,
		}),
	};
}

/** Poll Interval and Max Wait Time, read only when the item waits. */
function readWaitTimes(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { intervalSeconds: number; maxWaitSeconds: number } {
	const node = ctx.getNode();
	const intervalSeconds = readNumber(
		node,
		itemIndex,
		ctx.getNodeParameter('pollInterval', itemIndex, POLL_INTERVAL.default),
		{ parameter: 'pollInterval', label: 'Poll Interval', ...POLL_INTERVAL },
	);
	const maxWaitSeconds = readNumber(
		node,
		itemIndex,
		ctx.getNodeParameter('maxWaitTime', itemIndex, MAX_WAIT.default),
		{
			parameter: 'maxWaitTime',
			label: 'Max Wait Time',
			min: 0,
			max: MAX_WAIT.max,
			minExclusive: true,
		},
	);
	return { intervalSeconds, maxWaitSeconds };
}

function isOneOf<T extends string>(choices: readonly T[], value: unknown): value is T {
	return choices.some((choice) => choice === value);
}
