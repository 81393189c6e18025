'use strict';
// Table rows (benchmark, measured, target, verdict) for bench/real-n8n.js's results.
const s = (value) => `${value.toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const verdict = (ok) => (ok ? 'met' : '**missed**');
const MEMORY_TARGET = 64 * 1024 * 1024;

function realN8nRows(real) {
	if (!real || real.skipped)
		return [
			[
				'benchmarks inside real n8n (browser tasks, 100 MB file)',
				`skipped: ${real?.skipped ?? 'not run'}`,
				'',
				'',
			],
		];
	const where = `real n8n ${real.n8nVersion}`;
	const rows = [];
	const b = real.browser;
	if (b) {
		rows.push([
			`20 browser tasks x 5 s, poll 1 s, ${where}: 302 Browser Task node (execution start -> stop)`,
			`${s(b.nodeWallS)} (node alone ${s(b.nodeOnlyS)})`,
			`<= ${s(1.4 * b.taskSeconds)}`,
			verdict(b.nodeWallS <= 1.4 * b.taskSeconds),
		]);
		if (b.httpLoopWallS === undefined) {
			rows.push([
				`same, n8n's HTTP Request node in a polling loop, ${where}`,
				'skipped (--quick)',
				'',
				'',
			]);
		} else {
			rows.push([
				`same, n8n's HTTP Request node in a polling loop (Loop Over Items, POST, Wait 1 s, GET, If), ${where}`,
				`${s(b.httpLoopWallS)} (${b.httpLoopTraffic.maxPollsPerTask} polls/task max)`,
				'',
				'',
			]);
			rows.push([
				`ratio HTTP Request loop / node, ${where}`,
				`${b.ratio.toFixed(1)}x`,
				'>= 10x',
				verdict(b.ratio >= 10),
			]);
		}
	}
	const f = real.bigFile;
	if (f) {
		const intact = (d) =>
			d.intact
				? `stored file: ${d.bytes} bytes, sha256 ok`
				: `**stored file not intact** (${d.storedBytes.join(', ')} bytes)`;
		const growth = (d) =>
			d.runs.length > 1
				? `${mb(d.growth)} median of ${d.runs.length} (${mb(d.growthMin)} to ${mb(d.growthMax)})`
				: mb(d.growth);
		rows.push([
			`100 MB file into binary, ${where}, filesystem mode: peak RSS growth of the n8n process, 302 Code Sandbox file › download`,
			`${growth(f.node100)}; ${s(f.node100.downloadSeconds)}; ${intact(f.node100)}`,
			`<= ${mb(MEMORY_TARGET)}`,
			verdict(f.node100.growth <= MEMORY_TARGET),
		]);
		rows.push([
			`same file, n8n's own HTTP Request node (response format File, streamed; baseline)`,
			`${growth(f.httpNode100)}; ${intact(f.httpNode100)}`,
			'floor for any streamed download in n8n',
			'',
		]);
		rows.push([
			`300 MB file, 302 Code Sandbox file › download (growth must not scale with size)`,
			`${growth(f.node300)}; ${intact(f.node300)}`,
			'bounded: far below 3 x the 100 MB growth',
			'',
		]);
	}
	return rows;
}

module.exports = { realN8nRows };
