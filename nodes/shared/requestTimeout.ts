import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * "Request Timeout" option shared by every operation of both nodes. 0 (default) keeps each
 * call's own timeout (code timeout + margin for runs, 60 s for the rest); a positive value
 * replaces it, e.g. to fail fast behind a proxy that hangs.
 */
export const REQUEST_TIMEOUT_PARAMETER = 'options.requestTimeout';

export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	// No numberPrecision: n8n would show 0 as "0.00"; decimals such as 2.5 are still accepted.
	typeOptions: { minValue: 0 },
	default: 0,
	hint: '0 = automatic (code timeout + 30 s for code and commands, 60 s otherwise)',
	description:
		'Longest wait for one HTTP answer from 302.AI. 0 means automatic: the code timeout plus 30 s for code and commands, 60 s for other calls.',
};

/**
 * The user's request timeout in ms for each input item (undefined = automatic), read by the
 * routers and handed to the transport with the connection.
 */
export function readRequestTimeouts(ctx: IExecuteFunctions): Array<number | undefined> {
	return ctx.getInputData().map((_, itemIndex) => userRequestTimeoutMs(ctx, itemIndex));
}

function userRequestTimeoutMs(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	let value: unknown;
	try {
		value = ctx.getNodeParameter(REQUEST_TIMEOUT_PARAMETER, itemIndex, 0);
	} catch {
		return undefined;
	}
	const seconds = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
}
