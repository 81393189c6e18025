'use strict';
// Jest set-up shared by the node test files: one simulator per file, a clean log and no faults
// before each test, closed after the file. `onStart` receives the running simulator.
const { startSimulator } = require('../simulator');

function useSimulator(options, onStart) {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator(options);
		onStart(sim);
	});
	afterAll(async () => {
		await sim?.close();
	});
	beforeEach(() => {
		sim.clearLog();
		sim.clearFaults();
	});
}

module.exports = { useSimulator };
