'use strict';
/**
 * Test harness: runs this package's nodes through n8n's own machinery (n8n-core's
 * WorkflowExecute, RoutingNode, ExecuteContext, OutboundHttp and binary data service).
 *
 *   const h = require('./harness');
 *   const res = await h.runNode({ type: 'ai302CodeSandbox', parameters, items, credentials });
 *   res.items / res.outputs / res.error / res.runData / res.cancelledAt
 *
 * See README.md in this folder for every option.
 */
const { DIST } = require('./environment');
const { runWorkflow } = require('./run-workflow');
const { readBinary, binaryInfo } = require('./binary');
const { testCredential } = require('./credential-test');

/**
 * Runs one node after the start node. Options as runWorkflow, plus the node's own:
 * type, parameters, name, typeVersion, continueOnFail, asTool.
 */
async function runNode(options) {
	const { type, parameters, name, typeVersion, continueOnFail, onError, asTool, ...rest } = options;
	return await runWorkflow({
		...rest,
		nodes: [{ type, parameters, name, typeVersion, continueOnFail, onError, asTool }],
	});
}

module.exports = { DIST, runNode, runWorkflow, readBinary, binaryInfo, testCredential };
