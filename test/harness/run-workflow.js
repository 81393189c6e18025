'use strict';
/**
 * Runs a small workflow through n8n-core's WorkflowExecute: the harness start node emits the
 * test's items, then the nodes of the test run with real parameter defaults and expressions,
 * real credential handling and real HTTP (n8n's OutboundHttp).
 */
const { ensureEnvironment } = require('./environment');

const START_NODE = 'Start';
const AGENT_NODE = 'Agent';
const DEFAULT_CREDENTIAL_TYPE = 'ai302Api';

let executionCounter = 0;

/**
 * @param {object} spec
 * @param {Array<{name?: string, type: string, parameters?: object, typeVersion?: number,
 *   continueOnFail?: boolean, onError?: string, asTool?: boolean}>} spec.nodes
 *   nodes after the start node; unless `connections` says otherwise they run in a chain
 * @param {object} [spec.connections] n8n connections by node name (replaces the chain)
 * @param {Array<object>} [spec.items] items the start node emits (default [{json:{}}])
 * @param {object|null} [spec.credentials] decrypted data of the ai302Api credential
 * @param {Record<string, object>} [spec.credentialsByType] data of other credential types
 * @param {Record<string, Function|object>} [spec.extraNodeTypes] fixture node types
 * @param {number} [spec.cancelAfterMs] cancel the execution after this many ms
 * @param {(handle: {cancel(): void}) => void} [spec.onStart] gets a handle to cancel
 * @param {string} [spec.mode] execution mode (default 'manual')
 * @param {string} [spec.resultNode] node whose result fills res.items/outputs (default: last)
 */
async function runWorkflow(spec) {
	const env = await ensureEnvironment();
	const { core, workflow: wf } = env;
	const { NodeTypeRegistry } = require('./node-types');
	const { HarnessCredentialsHelper } = require('./credentials-helper');
	const { HarnessStart, HarnessAgent } = require('./fixture-nodes');

	const registry = new NodeTypeRegistry(env);
	registry.addFixtures({
		harnessStart: HarnessStart,
		harnessAgent: HarnessAgent,
		...spec.extraNodeTypes,
	});
	const credentialData = collectCredentials(spec);
	const credentialsHelper = new HarnessCredentialsHelper(registry, credentialData);

	const { nodes, connections, toolNodes, specNodeNames } = buildGraph(
		spec,
		registry,
		credentialData,
	);
	const executionId = `${process.pid}-${++executionCounter}`;
	const workflowData = {
		id: 'harness',
		name: 'Harness workflow',
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
	};
	const workflow = new wf.Workflow({ ...workflowData, nodeTypes: registry, staticData: {} });

	const mode = spec.mode ?? 'manual';
	const hooks = new core.ExecutionLifecycleHooks(mode, executionId, workflowData);
	const additionalData = createAdditionalData({ executionId, hooks, credentialsHelper });
	const runExecutionData = wf.createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: workflow.getNode(START_NODE),
					data: { main: [structuredCloneItems(spec.items ?? [{ json: {} }])] },
					source: null,
				},
			],
		},
	});

	const execution = new core.WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	let cancelledAt;
	const handle = {
		cancel() {
			if (cancelledAt === undefined) cancelledAt = Date.now();
			execution.cancel();
		},
	};
	let cancelTimer;
	if (spec.cancelAfterMs !== undefined)
		cancelTimer = setTimeout(() => handle.cancel(), spec.cancelAfterMs);
	if (spec.onStart) spec.onStart(handle);

	let run;
	try {
		run = await execution;
	} finally {
		clearTimeout(cancelTimer);
	}
	return describeRun(run, {
		cancelledAt,
		toolNodes,
		nodeNames: nodes.map((node) => node.name),
		subject: spec.resultNode ?? specNodeNames[specNodeNames.length - 1],
	});
}

function collectCredentials(spec) {
	const byType = { ...spec.credentialsByType };
	if (spec.credentials) {
		// Guard against a test silently using the default https://api.302.ai: tests only talk to
		// 127.0.0.1, so the base URL must always be chosen by the test.
		if (!('baseUrl' in spec.credentials)) {
			throw new Error(
				'harness: credentials must name a baseUrl (the local simulator), so no test reaches the real API',
			);
		}
		byType[DEFAULT_CREDENTIAL_TYPE] = spec.credentials;
	}
	return byType;
}

/** Builds the INode list and connections: Start -> nodes (chain), plus the agent for tools. */
function buildGraph(spec, registry, credentialData) {
	const usedNames = new Set([START_NODE]);
	const nodes = [makeNode({ name: START_NODE, type: 'harnessStart' }, registry, {}, 0)];
	const toolNodes = [];
	const specNodeNames = [];
	const chain = [START_NODE];
	const extraConnections = {};

	spec.nodes.forEach((nodeSpec, index) => {
		const type =
			nodeSpec.asTool && !nodeSpec.type.endsWith('Tool') ? `${nodeSpec.type}Tool` : nodeSpec.type;
		const node = makeNode({ ...nodeSpec, type }, registry, credentialData, index + 1);
		node.name = uniqueName(node.name, usedNames);
		nodes.push(node);
		specNodeNames.push(node.name);
		if (!nodeSpec.asTool) {
			chain.push(node.name);
			return;
		}
		// A tool is not in the main chain: an agent calls it, as in an AI Agent workflow.
		toolNodes.push(node.name);
		const agentName = uniqueName(AGENT_NODE, usedNames);
		nodes.push(
			makeNode(
				{ name: agentName, type: 'harnessAgent', parameters: { toolNode: node.name } },
				registry,
				{},
				index + 1,
			),
		);
		extraConnections[node.name] = { ai_tool: [[{ node: agentName, type: 'ai_tool', index: 0 }]] };
		chain.push(agentName);
	});

	let connections = spec.connections;
	if (!connections) {
		connections = { ...extraConnections };
		for (let i = 0; i + 1 < chain.length; i++) {
			connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
		}
	} else if (!connections[START_NODE]) {
		connections = {
			...connections,
			[START_NODE]: { main: [[{ node: nodes[1].name, type: 'main', index: 0 }]] },
		};
	}
	return { nodes, connections, toolNodes, specNodeNames };
}

function makeNode(nodeSpec, registry, credentialData, position) {
	const type = registry.fullName(nodeSpec.type);
	const nodeType = registry.getByName(type);
	const description = nodeType.description;
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	const node = {
		id: `node-${position}`,
		name: nodeSpec.name ?? description.defaults?.name ?? description.displayName,
		type,
		typeVersion: nodeSpec.typeVersion ?? versions[versions.length - 1],
		position: [position * 200, 0],
		parameters: structuredClone(nodeSpec.parameters ?? {}),
	};
	if (nodeSpec.continueOnFail) node.onError = 'continueRegularOutput';
	if (nodeSpec.onError) node.onError = nodeSpec.onError;
	const credentials = {};
	for (const { name } of description.credentials ?? []) {
		if (credentialData[name])
			credentials[name] = { id: `credential-${name}`, name: `Test ${name}` };
	}
	if (Object.keys(credentials).length > 0) node.credentials = credentials;
	return node;
}

function uniqueName(name, usedNames) {
	let candidate = name;
	for (let n = 1; usedNames.has(candidate); n++) candidate = `${name}${n}`;
	usedNames.add(candidate);
	return candidate;
}

/** Items are copied so a node that mutates its input cannot change the test's own objects. */
function structuredCloneItems(items) {
	return items.map((item) => {
		const { binary, ...rest } = item;
		const copy = structuredClone(rest);
		if (binary) {
			copy.binary = {};
			for (const [key, value] of Object.entries(binary)) copy.binary[key] = { ...value };
		}
		return copy;
	});
}

/** What WorkflowExecute takes from IWorkflowExecuteAdditionalData in these runs. */
function createAdditionalData({ executionId, hooks, credentialsHelper }) {
	const base = 'http://127.0.0.1:5678';
	return {
		executionId,
		hooks,
		credentialsHelper,
		currentNodeParameters: undefined,
		variables: {},
		instanceBaseUrl: `${base}/`,
		restApiUrl: `${base}/rest`,
		webhookBaseUrl: `${base}/webhook`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		formBaseUrl: `${base}/form`,
		formTestBaseUrl: `${base}/form-test`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		executeWorkflow: async () => {
			throw new Error('harness: sub-workflows are not supported');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
}

function describeRun(run, { cancelledAt, toolNodes, nodeNames, subject }) {
	const runData = run.data.resultData.runData;
	const byNode = {};
	for (const name of nodeNames)
		byNode[name] = describeNode(runData[name] ?? [], toolNodes.includes(name));
	const main = byNode[subject];
	return {
		status: run.status,
		run,
		runData,
		nodes: byNode,
		items: main.items,
		outputs: main.outputs,
		error: run.data.resultData.error ?? main.error,
		cancelledAt,
	};
}

/** Items, outputs and error of one node over all its runs (tools run once per agent call). */
function describeNode(taskDataList, isTool) {
	const outputs = [];
	let error;
	for (const taskData of taskDataList) {
		error ??= taskData.error;
		const connectionType = isTool ? 'ai_tool' : 'main';
		const taskOutputs = taskData.data?.[connectionType] ?? [];
		taskOutputs.forEach((output, index) => {
			outputs[index] = (outputs[index] ?? []).concat(output ?? []);
		});
	}
	return { items: outputs[0] ?? [], outputs, error, runs: taskDataList };
}

module.exports = { runWorkflow, START_NODE };
