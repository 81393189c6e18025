/**
 * Runs `worker` over every index with at most `limit` running at once; results keep input order.
 * Errors are captured per index (as settled results) so one failing item never stops the rest.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	worker: (index: number) => Promise<T>,
): Promise<Array<PromiseSettledResult<T>>> {
	const results: Array<PromiseSettledResult<T>> = new Array(count);
	let next = 0;
	const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, count));
	const runLane = async () => {
		while (next < count) {
			const index = next++;
			try {
				results[index] = { status: 'fulfilled', value: await worker(index) };
			} catch (reason) {
				results[index] = { status: 'rejected', reason };
			}
		}
	};
	await Promise.all(Array.from({ length: lanes }, runLane));
	return results;
}
