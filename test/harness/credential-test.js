'use strict';
/**
 * The "Test" button of n8n's credential dialog, for a credential type with a declarative
 * `test` request. Mirrors CredentialsTester.testCredentials / runRequestTest of n8n 2.40.7
 * (packages/cli/src/services/credentials-tester.service.ts): defaults are applied to the
 * data, the test request becomes the routing of a temporary node, n8n-core's RoutingNode
 * sends it through an ExecuteContext, and the outcome is mapped to { status, message } with
 * the same rules (responseCode / responseSuccessBody rules, status text, error code, message).
 */
const { ensureEnvironment } = require('./environment');

const CREDENTIAL_TYPE = 'ai302Api';
const NOOP_TYPE = 'n8n-nodes-base.noOp';

async function testCredential(data, credentialType = CREDENTIAL_TYPE) {
	const env = await ensureEnvironment();
	const { core, workflow: wf } = env;
	const { NodeTypeRegistry } = require('./node-types');
	const { HarnessCredentialsHelper } = require('./credentials-helper');

	const registry = new NodeTypeRegistry(env);
	const credentialsHelper = new HarnessCredentialsHelper(registry, { [credentialType]: data });
	const { test } = registry.getCredentialType(credentialType);
	if (!test || typeof test !== 'object' || !test.request) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsDecrypted = {
		id: 'credential-under-test',
		name: 'Credential under test',
		type: credentialType,
		data: credentialsHelper.applyDefaults(credentialType, data),
	};
	const nodeType = temporaryNodeType(credentialType, test.request);
	const node = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NOOP_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: {
			[credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: (_name, version) => wf.NodeHelpers.getVersionedNodeType(nodeType, version),
		getKnownTypes: () => ({}),
	};
	const workflow = new wf.Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = {
		credentialsHelper,
		currentNodeParameters: node.parameters,
		variables: {},
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
	};
	const context = new core.ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		wf.createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new core.RoutingNode(context, nodeType, credentialsDecrypted);

	let response;
	try {
		await workflow.expression.acquireIsolate?.();
		response = await routingNode.runNode();
	} catch (error) {
		return verdictForError(error, test.rules);
	} finally {
		await workflow.expression.releaseIsolate?.();
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const json = response?.[0]?.[0]?.json;
			if (getPath(json, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** The node n8n builds around a test request: one property whose routing is the request. */
function temporaryNodeType(credentialType, request) {
	return {
		description: {
			displayName: 'No Operation, do nothing',
			name: NOOP_TYPE,
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request }, default: '' },
			],
		},
	};
}

/** The catch branch of runRequestTest (verdict 'default') in n8n 2.40.7. */
function verdictForError(error, rules) {
	const response = error.cause?.response;
	if (response) {
		const statusCode = response.status;
		for (const rule of rules ?? []) {
			if (rule.type === 'responseCode' && rule.properties.value === statusCode) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		if (statusCode < 199 || statusCode > 299) {
			return {
				status: 'Error',
				message: response.statusText || `Received HTTP status code: ${statusCode}`,
			};
		}
	} else if (error.cause?.code) {
		return { status: 'Error', message: error.cause.code };
	}
	return { status: 'Error', message: String(error.message) };
}

function getPath(value, key) {
	return String(key)
		.split('.')
		.reduce(
			(current, part) => (current === null || current === undefined ? undefined : current[part]),
			value,
		);
}

module.exports = { testCredential };
