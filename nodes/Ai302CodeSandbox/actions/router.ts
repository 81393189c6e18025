import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { readConcurrency } from '../../shared/concurrency';
import { canceledError, errorItemFields } from '../../shared/itemErrors';
import { parameterError } from '../../shared/parameters';
import { readRequestTimeouts } from '../../shared/requestTimeout';
import { explainForModel, isToolMode, readToolOutputLimit, toToolAnswer } from '../../shared/tool';
import {
	errorOutputItem,
	ExecutionCancelledError,
	getConnection,
	mapWithConcurrency,
	UnexpectedResponseError,
} from '../../shared/transport';
import * as codeRun from './code/run';
import * as codeRunInSandbox from './code/runInSandbox';
import * as commandRun from './command/run';
import * as fileDownload from './file/download';
import * as fileList from './file/list';
import * as fileUpload from './file/upload';
import * as sandboxCreate from './sandbox/create';
import * as sandboxDelete from './sandbox/delete';
import * as sandboxGetOrCreate from './sandbox/getOrCreate';
import * as sandboxList from './sandbox/list';
import type { ItemScope, RunContext, SandboxOperation } from './types';

/**
 * Runs the chosen operation over the input items: all items are checked first (so bad input
 * fails before anything is sent or paid for), then sent with bounded concurrency. Output keeps
 * input order and every item is paired; with "Continue On Fail" a failing item becomes an
 * error item and the others finish.
 */

type AnyOperation = SandboxOperation<unknown>;

const OPERATIONS: Record<string, Record<string, AnyOperation>> = {
	code: { run: codeRun as AnyOperation, runInSandbox: codeRunInSandbox as AnyOperation },
	command: { run: commandRun as AnyOperation },
	sandbox: {
		create: sandboxCreate as AnyOperation,
		getOrCreate: sandboxGetOrCreate as AnyOperation,
		list: sandboxList as AnyOperation,
		delete: sandboxDelete as AnyOperation,
	},
	file: {
		list: fileList as AnyOperation,
		upload: fileUpload as AnyOperation,
		download: fileDownload as AnyOperation,
	},
};

/** Every operation's fields, for the node description. */
export const operationFields = Object.values(OPERATIONS).flatMap((operations) =>
	Object.values(operations).flatMap((operation) => operation.description),
);

type Outcome =
	| { ok: true; items: INodeExecutionData[] }
	| { ok: false; error: unknown }
	| { ok: false; skipped: true };

/**
 * As an AI Agent tool, the model receives the JSON of all output items: it is capped to the
 * Tool Output Limit (read before any request), and errors carry their hint in the message.
 */
export async function route(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	if (!isToolMode(node)) return [await runItems(ctx)];
	try {
		const limit = readToolOutputLimit(
			node,
			0,
			ctx.getNodeParameter('options', 0, {}) as IDataObject,
		);
		return [toToolAnswer(await runItems(ctx), limit)];
	} catch (error) {
		throw explainForModel(ctx.getNode(), error);
	}
}

async function runItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operationName = ctx.getNodeParameter('operation', 0) as string;
	const operation = OPERATIONS[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			node,
			`The operation "${operationName}" of resource "${resource}" is not supported`,
		);
	}
	const count = ctx.getInputData().length;
	const connection = await getConnection(ctx, 0, readRequestTimeouts(ctx));
	const run: RunContext = { connection, asTool: isToolMode(node) };
	const continueOnFail = ctx.continueOnFail();
	const allItems =
		resource === 'code' &&
		ctx.getNodeParameter('mode', 0, 'runOnceForEachItem') === 'runOnceForAllItems';

	if (allItems) {
		const everyItem: IPairedItemData[] = Array.from({ length: count }, (_, item) => ({ item }));
		const outcome = await attempt(ctx, operation, { itemIndex: 0, allItems: true }, run);
		if (isCancelled(ctx)) throw cancelledError(ctx);
		if (!outcome.ok) {
			const error = toNodeError(ctx, 'error' in outcome ? outcome.error : undefined, 0);
			if (!continueOnFail) throw error;
			return [errorOutputItem(ctx, errorItemFields(error, connection.secret), everyItem)];
		}
		return pairAllItems(outcome.items, everyItem);
	}

	const concurrency = readConcurrency(node, 0, ctx.getNodeParameter('options.concurrency', 0, 5));
	const plans: unknown[] = new Array(count);
	const rejected = new Map<number, unknown>();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			plans[itemIndex] = await operation.prepare(ctx, { itemIndex, allItems: false });
		} catch (error) {
			if (!continueOnFail) throw toNodeError(ctx, error, itemIndex);
			rejected.set(itemIndex, error);
		}
	}

	// Without Continue On Fail the node fails anyway at the first error: start nothing new after it.
	let stopped = false;
	const settled = await mapWithConcurrency(
		count,
		concurrency,
		async (itemIndex): Promise<Outcome> => {
			if (rejected.has(itemIndex)) return { ok: false, error: rejected.get(itemIndex) };
			if (stopped) return { ok: false, skipped: true };
			const outcome = await executeOne(ctx, operation, plans[itemIndex], run);
			if (!outcome.ok && (!continueOnFail || isCancelled(ctx))) stopped = true;
			return outcome;
		},
	);
	if (isCancelled(ctx)) throw cancelledError(ctx);

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
		if (!continueOnFail) throw error;
		output.push(
			errorOutputItem(ctx, errorItemFields(error, connection.secret), { item: itemIndex }),
		);
	}
	return output;
}

async function attempt(
	ctx: IExecuteFunctions,
	operation: AnyOperation,
	scope: ItemScope,
	run: RunContext,
): Promise<Outcome> {
	let plan: unknown;
	try {
		plan = await operation.prepare(ctx, scope);
	} catch (error) {
		return { ok: false, error };
	}
	return await executeOne(ctx, operation, plan, run);
}

async function executeOne(
	ctx: IExecuteFunctions,
	operation: AnyOperation,
	plan: unknown,
	run: RunContext,
): Promise<Outcome> {
	try {
		return { ok: true, items: await operation.execute(ctx, plan, run) };
	} catch (error) {
		return { ok: false, error };
	}
}

/**
 * All-items mode: one output item pairs with every input item, unless the code returned
 * exactly one element per input item, which then pair one to one.
 */
function pairAllItems(
	items: INodeExecutionData[],
	everyItem: IPairedItemData[],
): INodeExecutionData[] {
	const oneToOne = items.length === everyItem.length && items.length > 1;
	return items.map((item, position) => ({
		...item,
		pairedItem: oneToOne ? { item: position } : everyItem,
	}));
}

function isCancelled(ctx: IExecuteFunctions): boolean {
	return ctx.getExecutionCancelSignal?.()?.aborted === true;
}

/** Runs and uploads already sent are not undone by a cancel: the description says so. */
function cancelledError(ctx: IExecuteFunctions, itemIndex?: number): NodeOperationError {
	return canceledError(ctx.getNode(), {
		itemIndex,
		description:
			'Requests already sent to 302.AI may still finish there (runs and uploads are not undone).',
	});
}

/** Any failure as an n8n error that names the item (transport errors already are). */
function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const node = ctx.getNode();
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof UnexpectedResponseError) {
		const apiError = new NodeApiError(
			node,
			{ message: error.message },
			{ message: error.message, itemIndex },
		);
		apiError.message = error.message;
		return apiError;
	}
	if (error instanceof ExecutionCancelledError) return cancelledError(ctx, itemIndex);
	if (error instanceof Error) return new NodeOperationError(node, error, { itemIndex });
	return parameterError(node, itemIndex, 'operation', `failed: ${String(error)}`);
}
