import type { INode, INodeProperties } from 'n8n-workflow';

import { readNumber } from './parameters';

/** One limit for both nodes: how many items are worked on at once. */
export const CONCURRENCY = { default: 5, min: 1, max: 100 };

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: CONCURRENCY.min, maxValue: CONCURRENCY.max },
	// n8n's lint wants a literal: CONCURRENCY.default (a unit test keeps them equal).
	default: 5,
	description: 'Most requests to 302.AI in flight at once when several items are processed',
};

/** Options › Concurrency of one item; fractions (possible from an expression) are rounded down. */
export function readConcurrency(node: INode, itemIndex: number, value: unknown): number {
	return Math.floor(
		readNumber(node, itemIndex, value ?? CONCURRENCY.default, {
			parameter: 'options.concurrency',
			label: 'Concurrency',
			...CONCURRENCY,
		}),
	);
}
