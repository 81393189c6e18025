import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readConcurrency } from '../../shared/concurrency';
import { errorItemFields } from '../../shared/itemErrors';
import type { Operation, PreparedItem, RunContext } from '../../shared/operation';
import { readRequestTimeouts } from '../../shared/requestTimeout';
import { explainForModel, isToolMode, readToolOutputLimit, toToolAnswer } from '../../shared/tool';
import { errorOutputItem, getConnection, mapWithConcurrency } from '../../shared/transport';
import { cancelledError, toNodeError } from '../helpers/errors';
import { findOperation, type OperationResult, type OperationRow } from './operations';
import { readOptions } from '../../shared/parameters';

/**
 * Runs the chosen operation over the input items in three phases: every item is prepared
 * (checked) first, so bad input fails before anything is sent or paid for; then the items are
 * sent with bounded concurrency; then the outcomes are collected in input order, every item
 * paired. With "Continue On Fail" a failing item becomes an error item and the others finish.
 */

/** What one item's send came to. */
type Outcome =
	| { ok: true; items: INodeExecutionData[] }
	| { ok: false; error: unknown }
	| { ok: false; skipped: true };

/** One item after the prepare phase: ready to send, or refused (with Continue On Fail). */
type Prepared = { ok: true; item: PreparedItem<OperationResult> } | { ok: false; error: unknown };

/** What the phases of one node run share. */
interface ItemsRun {
	operation: Operation<OperationResult>;
	run: RunContext;
	continueOnFail: boolean;
	count: number;
}

/**
 * As an AI Agent tool, the model receives the JSON of all output items: it is capped to the
 * Tool Output Limit (read before any request), and errors carry their hint in the message.
 */
export async function route(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	if (!isToolMode(node)) return [await runItems(ctx)];
	try {
		const limit = readToolOutputLimit(node, 0, readOptions(ctx, 0));
		return [toToolAnswer(await runItems(ctx), limit)];
	} catch (error) {
		throw explainForModel(ctx.getNode(), error);
	}
}

async function runItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const chosen = chooseOperation(ctx);
	const count = ctx.getInputData().length;
	const connection = await getConnection(ctx, 0, readRequestTimeouts(ctx));
	const itemsRun: ItemsRun = {
		operation: chosen.operation,
		run: { connection, asTool: isToolMode(ctx.getNode()) },
		continueOnFail: ctx.continueOnFail(),
		count,
	};
	if (
		chosen.hasRunModes &&
		ctx.getNodeParameter('mode', 0, 'runOnceForEachItem') === 'runOnceForAllItems'
	) {
		return await runForAllItems(ctx, itemsRun);
	}
	const concurrency = readConcurrency(
		ctx.getNode(),
		0,
		ctx.getNodeParameter('options.concurrency', 0, 5),
	);
	const prepared = await prepareAll(ctx, itemsRun);
	const settled = await sendAll(ctx, itemsRun, prepared, concurrency);
	return collect(ctx, itemsRun, settled);
}

function chooseOperation(ctx: IExecuteFunctions): OperationRow {
	const resource = String(ctx.getNodeParameter('resource', 0));
	const operation = String(ctx.getNodeParameter('operation', 0));
	const chosen = findOperation(resource, operation);
	if (!chosen) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	return chosen;
}

/** Phase 1: every item checked and planned; without Continue On Fail the first refusal ends the run. */
async function prepareAll(ctx: IExecuteFunctions, itemsRun: ItemsRun): Promise<Prepared[]> {
	const prepared: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < itemsRun.count; itemIndex++) {
		try {
			const item = await itemsRun.operation.prepare(ctx, { itemIndex, allItems: false });
			prepared.push({ ok: true, item });
		} catch (error) {
			if (!itemsRun.continueOnFail) throw toNodeError(ctx, error, itemIndex);
			prepared.push({ ok: false, error });
		}
	}
	return prepared;
}

/**
 * Phase 2: the prepared items sent, at most `concurrency` at once. Without Continue On Fail the
 * node fails anyway at the first error, so nothing new starts after it (nor after a cancel).
 */
async function sendAll(
	ctx: IExecuteFunctions,
	itemsRun: ItemsRun,
	prepared: Prepared[],
	concurrency: number,
): Promise<Array<PromiseSettledResult<Outcome>>> {
	let stopped = false;
	const settled = await mapWithConcurrency(
		itemsRun.count,
		concurrency,
		async (itemIndex): Promise<Outcome> => {
			const entry = prepared[itemIndex];
			if (!entry.ok) return { ok: false, error: entry.error };
			if (stopped) return { ok: false, skipped: true };
			const outcome = await send(entry.item, itemsRun.run);
			if (!outcome.ok && (!itemsRun.continueOnFail || isCancelled(ctx))) stopped = true;
			return outcome;
		},
	);
	if (isCancelled(ctx)) throw cancelledError(ctx);
	return settled;
}

/** Phase 3: output in input order, each item paired with its input; failures as error items. */
function collect(
	ctx: IExecuteFunctions,
	itemsRun: ItemsRun,
	settled: Array<PromiseSettledResult<Outcome>>,
): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, result] of settled.entries()) {
		const outcome: Outcome =
			result.status === 'fulfilled' ? result.value : { ok: false, error: result.reason };
		if (outcome.ok) {
			for (const item of outcome.items) output.push({ ...item, pairedItem: { item: itemIndex } });
			continue;
		}
		if ('skipped' in outcome) continue;
		const error = toNodeError(ctx, outcome.error, itemIndex);
		if (!itemsRun.continueOnFail) throw error;
		const fields = errorItemFields(error, itemsRun.run.connection.secret);
		output.push(errorOutputItem(ctx, fields, { item: itemIndex }));
	}
	return output;
}

/**
 * "Run Once for All Items": one prepare and one send for all items. One output item pairs with
 * every input item, unless the code returned exactly one element per input item, which then
 * pair one to one.
 */
async function runForAllItems(
	ctx: IExecuteFunctions,
	itemsRun: ItemsRun,
): Promise<INodeExecutionData[]> {
	const everyItem: IPairedItemData[] = Array.from({ length: itemsRun.count }, (_, item) => ({
		item,
	}));
	const outcome = await prepareAndSend(ctx, itemsRun);
	if (isCancelled(ctx)) throw cancelledError(ctx);
	if (!outcome.ok) {
		const error = toNodeError(ctx, 'error' in outcome ? outcome.error : undefined, 0);
		if (!itemsRun.continueOnFail) throw error;
		const fields = errorItemFields(error, itemsRun.run.connection.secret);
		return [errorOutputItem(ctx, fields, everyItem)];
	}
	const oneToOne = outcome.items.length === everyItem.length && outcome.items.length > 1;
	return outcome.items.map((item, position) => ({
		...item,
		pairedItem: oneToOne ? { item: position } : everyItem,
	}));
}

async function prepareAndSend(ctx: IExecuteFunctions, itemsRun: ItemsRun): Promise<Outcome> {
	let item: PreparedItem<OperationResult>;
	try {
		item = await itemsRun.operation.prepare(ctx, { itemIndex: 0, allItems: true });
	} catch (error) {
		return { ok: false, error };
	}
	return await send(item, itemsRun.run);
}

async function send(item: PreparedItem<OperationResult>, run: RunContext): Promise<Outcome> {
	try {
		return { ok: true, items: await item.execute(run) };
	} catch (error) {
		return { ok: false, error };
	}
}

function isCancelled(ctx: IExecuteFunctions): boolean {
	return ctx.getExecutionCancelSignal?.()?.aborted === true;
}
