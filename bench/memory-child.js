'use strict';
// Child process of the memory benchmark: 1000 code runs with 100 KB of stdout each through
// n8n-core, simulator in another process. Prints JSON: RSS after warm-up, peak RSS, sizes.
// Usage: node bench/memory-child.js <simulator url> <api key>
const h = require('../test/harness');

const ITEMS = 1000;
const STDOUT_BYTES = 100 * 1024;

async function main() {
	const [baseUrl, apiKey] = process.argv.slice(2);
	const credentials = { apiKey, baseUrl };
	const run = (count) =>
		h.runNode({
			type: 'ai302CodeSandbox',
			parameters: {
				resource: 'code',
				operation: 'run',
				language: 'bash',
				code: `head -c ${STDOUT_BYTES} /dev/zero | tr '\\0' x`,
				options: { passItemData: false, concurrency: 10 },
			},
			items: Array.from({ length: count }, () => ({ json: {} })),
			credentials,
		});
	await run(5); // warm-up: n8n-core and the node are loaded
	global.gc?.();
	const baselineRss = process.memoryUsage().rss;
	let peakRss = baselineRss;
	const sampler = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}, 20);
	const res = await run(ITEMS);
	clearInterval(sampler);
	peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
	const outputBytes = res.items.reduce((sum, item) => sum + (item.json.stdout?.length ?? 0), 0);
	if (outputBytes !== ITEMS * STDOUT_BYTES)
		throw new Error(`expected ${ITEMS * STDOUT_BYTES} bytes of stdout, got ${outputBytes}`);
	process.stdout.write(
		`${JSON.stringify({ items: ITEMS, stdoutBytes: STDOUT_BYTES, outputBytes, baselineRss, peakRss, growth: peakRss - baselineRss })}\n`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack}\n`);
		process.exit(1);
	},
);
