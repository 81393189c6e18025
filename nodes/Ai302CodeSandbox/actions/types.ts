import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ApiConnection } from '../../shared/transport';

/** Which input items one run covers: one item, or all of them ("once for all items"). */
export interface ItemScope {
	/** The item whose parameters are read (0 in the all-items mode). */
	itemIndex: number;
	allItems: boolean;
}

/** What every run shares: the checked connection and how the node was called. */
export interface RunContext {
	connection: ApiConnection;
	/** Called by an AI Agent as a tool: outputs are capped. */
	asTool: boolean;
}

/**
 * One operation. `prepare` reads and checks the parameters of one item and builds the request
 * (no I/O), so every item is validated before the first request is sent; `execute` sends it
 * and returns output items (the router adds pairedItem).
 */
export interface SandboxOperation<Plan> {
	description: INodeProperties[];
	prepare(ctx: IExecuteFunctions, scope: ItemScope): Plan | Promise<Plan>;
	execute(ctx: IExecuteFunctions, plan: Plan, run: RunContext): Promise<INodeExecutionData[]>;
}
