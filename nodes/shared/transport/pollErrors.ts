import { NodeApiError } from 'n8n-workflow';

import { ExecutionCancelledError } from './sleep';

/** Thrown when the execution is cancelled mid-wait; names the tasks that were still pending. */
export class PollCancelledError extends ExecutionCancelledError {
	constructor(pendingIds: string[]) {
		super(`The execution was canceled while waiting for ${pendingIds.join(', ')}`);
	}
}

const TRANSIENT_HTTP_CODES = new Set(['408', '425', '429', '500', '502', '503', '504']);

/**
 * A failure that a later poll may not see again: no HTTP answer at all (network error, a 2xx
 * body that was not JSON) or a rate-limit / server-side status. 4xx answers such as 404 or 401
 * are final. Only errors from the transport (NodeApiError) qualify.
 */
export function transientPollError(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const code = error.httpCode;
	return (
		code === null || code === undefined || code === '' || TRANSIENT_HTTP_CODES.has(String(code))
	);
}
