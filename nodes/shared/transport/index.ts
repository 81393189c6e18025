/**
 * The one way both nodes talk to 302.AI: base URL checks, authenticated requests, retries,
 * error mapping, abortable sleeps, polling many tasks together, tolerant response readers and
 * bounded concurrency. Only what callers use is exported here; the rest stays in its module.
 */
export { type ApiErrorText, buildNodeApiError } from './apiError';
export { mapWithConcurrency } from './concurrency';
export { downloadToBinary, type FileDownload } from './download';
export { errorOutputItem } from './errorItem';
export { ERR_CODE_HINTS, redact } from './errors';
export {
	ADAPTIVE_POLLING,
	DEFAULT_MAX_REQUESTS_PER_SECOND,
	pollDelay,
	type PollSchedule,
} from './pollPacing';
export {
	pollTasks,
	type PollOptions,
	type PollResult,
	type PollState,
	type PollTarget,
} from './polling';
export {
	type ApiCall,
	type ApiConnection,
	apiRequest,
	DEFAULT_REQUEST_TIMEOUT_MS,
	endpointLabel,
	getConnection,
} from './request';
export {
	findObjectWith,
	isRecord,
	type JsonRecord,
	preview,
	readArray,
	UnexpectedResponseError,
} from './responses';
export { type CallKind } from './retry';
export { ExecutionCancelledError, throwIfCancelled } from './sleep';
