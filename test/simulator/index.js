'use strict';
// Public entry point of the local 302.AI simulator (see README.md here and docs/SIMULATOR.md).
const { generatedFileBytes, generatedFileSha256 } = require('./generated');
const { Simulator } = require('./simulator');

/**
 * Starts a simulator on 127.0.0.1.
 * @param {object} [options]
 * @param {string[]} [options.apiKeys]  accepted Bearer keys (default ['sk-sim-302'])
 * @param {number} [options.port]       0 (default) = a free port
 * @param {number} [options.latencyMs]  added to every API answer
 * @param {{queueMs?:number, runMs?:number, stepMs?:number, outcome?:string}} [options.browser] task schedule
 * @param {boolean} [options.logBodies] keep parsed request bodies in the log (default true)
 * @param {number} [options.seed]       seed of `random` faults (default 302)
 * @param {() => number} [options.now]  clock for tasks and sandbox lifetimes (default Date.now)
 * @returns {Promise<import('./simulator').StartedSimulator>}
 */
async function startSimulator(options = {}) {
	const sim = new Simulator(options);
	try {
		return await sim.start();
	} catch (error) {
		await sim.close();
		throw error;
	}
}

module.exports = { startSimulator, generatedFileBytes, generatedFileSha256, Simulator };
