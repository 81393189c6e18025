import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorOutputItem } from '../../shared/transport';
import { errorJson, judge, withOthersNote } from './outcome';
import { buildOutput } from './output';
import { type Finished, type Rejected, type Settled, view } from './run';
import { structuredFields } from './structuredOutput';

/**
 * Phase 3: every settled item is judged (timeout, failed task, options), then the items in input
 * order, or the first error (in input order) when continue-on-fail is off.
 */
export function collectOutput(
	ctx: IExecuteFunctions,
	items: Array<Rejected | Settled>,
	continueOnFail: boolean,
	secret: string | undefined,
): INodeExecutionData[] {
	const finished: Finished[] = items.map((item) =>
		item.phase === 'settled' ? judge(ctx, item) : item,
	);
	if (!continueOnFail) {
		for (const item of finished) {
			if (item.error !== undefined) throw withOthersNote(item, item.error, finished);
		}
	}
	return finished.flatMap((item) => outputItems(ctx, item, secret));
}

function outputItems(
	ctx: IExecuteFunctions,
	item: Finished,
	secret: string | undefined,
): INodeExecutionData[] {
	const pairedItem = { item: item.itemIndex };
	if (item.error !== undefined)
		return [errorOutputItem(ctx, errorJson(item, item.error, secret), pairedItem)];
	const structured = item.structured;
	const jsons = buildOutput(view(item), item.settings.outputMode);
	return jsons.map((json) => ({
		json: structured ? { ...json, ...structuredFields(structured) } : json,
		pairedItem,
	}));
}
