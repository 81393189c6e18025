import { sleep } from 'n8n-workflow';

/** Thrown when the n8n execution was cancelled while waiting or requesting. */
export class ExecutionCancelledError extends Error {
	constructor(message = 'The execution was cancelled') {
		super(message);
		this.name = 'ExecutionCancelledError';
	}
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new ExecutionCancelledError();
}

/**
 * Waits `ms` milliseconds, or rejects with ExecutionCancelledError as soon as `signal` aborts.
 * Built on n8n-workflow's `sleep` (community nodes may not use timers directly). Newer hosts'
 * `sleep` accepts the signal itself; older ones ignore the argument, so the abort listener
 * below is what makes the wait stop at once everywhere. The listener is always removed, so
 * long polling loops do not pile listeners onto the signal.
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	throwIfCancelled(signal);
	if (!(ms > 0)) return;
	if (!signal) {
		await sleep(ms);
		return;
	}
	let onAbort: () => void = () => {};
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(new ExecutionCancelledError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	// Both racers reject only on abort, so a rejection here always means "cancelled".
	const finished = await Promise.race([sleep(ms, signal), aborted]).then(
		() => true,
		() => false,
	);
	signal.removeEventListener('abort', onAbort);
	if (!finished) throw new ExecutionCancelledError();
}
