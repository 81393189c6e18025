import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

/**
 * A continue-on-fail item. Under "On Error: Continue (using error output)" n8n sends an item to
 * the error output only when its JSON has no keys other than error, message and details (and it
 * rewrites items that carry an `error` object to `{ error: message }`, which would drop the task
 * or request details). So in that mode everything but `error` moves under `details`; with
 * "Continue (regular output)" the item keeps its fields at the top level.
 */
export function errorOutputItem(
	ctx: IExecuteFunctions,
	json: IDataObject,
	pairedItem: IPairedItemData | IPairedItemData[],
): INodeExecutionData {
	if (ctx.getNode().onError !== 'continueErrorOutput') return { json, pairedItem };
	const { error, ...details } = json;
	return { json: Object.keys(details).length > 0 ? { error, details } : { error }, pairedItem };
}
