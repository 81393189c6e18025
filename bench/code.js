'use strict';
// Code Sandbox benchmarks: 200 runs at 100 ms latency (concurrency 10 and the default), and the
// client's own CPU per item at zero latency (simulator in another process).
const h = require('../test/harness');
const { BenchRawHttp } = require('./raw-http-node');
const { startSimProcess } = require('./sim-process');

/** Cheap code: the simulator really spawns it, bash echo is the fastest language. */
const CHEAP = {
	resource: 'code',
	operation: 'run',
	language: 'bash',
	code: 'echo "$N8N_ITEM_INDEX"',
};

async function codeRuns(sim, count, options = {}, type = 'ai302CodeSandbox') {
	const started = performance.now();
	const cpuBefore = process.cpuUsage();
	const res = await h.runNode({
		type,
		parameters: type === 'ai302CodeSandbox' ? { ...CHEAP, options } : {},
		items: Array.from({ length: count }, (_, n) => ({ json: { n } })),
		credentials: sim.credentials,
		extraNodeTypes: { benchRawHttp: BenchRawHttp },
	});
	const cpu = process.cpuUsage(cpuBefore);
	const wallS = (performance.now() - started) / 1000;
	const good = res.items.filter((item, n) => item.json.stdout === `${n}\n`).length;
	if (good !== count)
		throw new Error(
			`${count - good} of ${count} code runs gave a wrong result (${res.error?.message ?? ''})`,
		);
	return { wallS, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * The simulator answers the one-line echo in-process (--instant-runs): spawning bash costs
 * ~40 ms per run on 2 busy cores, which is the simulator's cost, not the client's.
 */
async function codeLatency() {
	const sim = await startSimProcess({ latencyMs: 100, instantRuns: true });
	try {
		await codeRuns(sim, 5); // warm-up: loads n8n-core and the node
		await codeRuns(sim, 5, {}, 'benchRawHttp');
		const tuned = await codeRuns(sim, 200, { concurrency: 10 });
		// The same 200 requests from a bare node through n8n's own HTTP helper, 10 at a time.
		const baseline = await codeRuns(sim, 200, {}, 'benchRawHttp');
		const defaults = await codeRuns(sim, 200);
		return {
			runs: 200,
			latencyMs: 100,
			concurrency: 10,
			wallS: tuned.wallS,
			idealS: 2.0,
			n8nBaselineWallS: baseline.wallS,
			defaultConcurrency: 5,
			defaultWallS: defaults.wallS,
			defaultIdealS: 4.0,
		};
	} finally {
		await sim.stop();
	}
}

async function cpuPerItem() {
	const sim = await startSimProcess({ instantRuns: true });
	try {
		await codeRuns(sim, 20);
		await codeRuns(sim, 20, {}, 'benchRawHttp');
		// Alternate node and baseline, keep the best of each (least disturbed by the machine).
		const node = [];
		const raw = [];
		for (let round = 0; round < 2; round++) {
			node.push(await codeRuns(sim, 1000, { concurrency: 10 }));
			raw.push(await codeRuns(sim, 1000, {}, 'benchRawHttp'));
		}
		const nodeCpuMs = Math.min(...node.map((r) => r.cpuMs));
		const rawCpuMs = Math.min(...raw.map((r) => r.cpuMs));
		return {
			items: 1000,
			totalCpuMsPerItem: nodeCpuMs / 1000,
			n8nBaselineCpuMsPerItem: rawCpuMs / 1000,
			cpuMsPerItem: Math.max(0, nodeCpuMs - rawCpuMs) / 1000,
		};
	} finally {
		await sim.stop();
	}
}

module.exports = { codeLatency, cpuPerItem };
