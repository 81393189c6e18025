import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ApiConnection } from './transport';

/**
 * The contract every operation of both nodes follows: actions/<resource>/<operation>.ts exports
 * its fields (`description`), `prepare` (read and check one item's parameters and build the
 * request, before anything is sent) and `execute` (send it). Routers check every item first, so
 * bad input fails before the first request.
 */

/** Which input items one run covers: one item, or all of them ("once for all items"). */
export interface ItemScope {
	/** The item whose parameters are read (0 in the all-items mode). */
	itemIndex: number;
	allItems: boolean;
}

/** What every request of one node run shares: the checked connection and how the node was called. */
export interface RunContext {
	connection: ApiConnection;
	/** Called by an AI Agent as a tool: outputs are capped. */
	asTool: boolean;
}

export interface OperationDefinition<Plan, Result> {
	description: INodeProperties[];
	prepare(ctx: IExecuteFunctions, scope: ItemScope): Plan | Promise<Plan>;
	execute(ctx: IExecuteFunctions, plan: Plan, run: RunContext): Promise<Result>;
}

/** One checked item, ready to send: its plan stays inside, so items of any operation fit one list. */
export interface PreparedItem<Result> {
	itemIndex: number;
	execute(run: RunContext): Promise<Result>;
}

/** An operation as a router holds it: the plan's type is its own business. */
export interface Operation<Result> {
	description: INodeProperties[];
	prepare(ctx: IExecuteFunctions, scope: ItemScope): Promise<PreparedItem<Result>>;
}

/**
 * A checked item that also shows its router one part of its plan. For routers that keep working
 * with an item around its request (Browser Task: the item's wait and output settings are read
 * before the request is sent and used after it, while it waits for the task).
 */
export interface ExposedItem<Exposed, Result> extends PreparedItem<Result> {
	exposed: Exposed;
}

/** An operation as such a router holds it: the rest of the plan stays inside. */
export interface ExposingOperation<Exposed, Result> {
	description: INodeProperties[];
	prepare(ctx: IExecuteFunctions, scope: ItemScope): Promise<ExposedItem<Exposed, Result>>;
}

/** Like defineOperation; `expose` picks the part of the plan the router reads. */
export function defineExposingOperation<Plan, Result, Exposed>(
	definition: OperationDefinition<Plan, Result>,
	expose: (plan: Plan) => Exposed,
): ExposingOperation<Exposed, Result> {
	return {
		description: definition.description,
		async prepare(ctx, scope) {
			const plan = await definition.prepare(ctx, scope);
			return {
				itemIndex: scope.itemIndex,
				exposed: expose(plan),
				execute: async (run) => await definition.execute(ctx, plan, run),
			};
		},
	};
}

/** Turns an operation module into a table entry; the compiler checks prepare and execute agree. */
export function defineOperation<Plan, Result>(
	definition: OperationDefinition<Plan, Result>,
): Operation<Result> {
	return defineExposingOperation(definition, () => undefined);
}
