'use strict';
// Fault-injection matrix: every simulator fault (FAULTS) x every operation of both nodes
// (TARGETS), each cell against its own simulator so cells can run concurrently.
// Rules per cell (faults-lib.js checkCell): succeeds after retrying or a clear error naming the
// endpoint; bounded by the node's own timeouts; a paid call is never sent twice once it may
// have arrived; the key never leaks; a created task's id is never lost.
const { TARGETS, FAULTS, runCell } = require('./faults-lib');

const CELL_TIMEOUT_MS = 30_000;
const only = process.env.FAULT_TARGET;

describe.each(TARGETS.filter((t) => !only || t.name.includes(only)).map((t) => [t.name, t]))(
	'%s',
	(_name, target) => {
		test.concurrent.each(FAULTS.map((f) => [f.name, f]))(
			'%s',
			async (_fault, faultRow) => {
				await runCell(target, faultRow);
			},
			CELL_TIMEOUT_MS,
		);
	},
);
