'use strict';
/**
 * A credentials helper for tests. It does what n8n's own CredentialsHelper (packages/cli)
 * does for a credential without OAuth: fills in the credential type's defaults, and applies
 * the type's `authenticate` (a function, or the generic form whose expressions are resolved
 * with `$credentials` through the workflow's expression engine). The decrypted data comes
 * from the test instead of a database.
 */
const { ICredentialsHelper, NodeHelpers, isExpression } = require('n8n-workflow');

class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {{ getCredentialType(name: string): import('n8n-workflow').ICredentialType }} registry where credential types come from
	 * @param {Record<string, object>} dataByType decrypted credential data keyed by credential type
	 */
	constructor(registry, dataByType) {
		super();
		this.registry = registry;
		this.dataByType = dataByType;
	}

	getParentTypes(typeName) {
		const parents = [];
		for (const parent of this.registry.getCredentialType(typeName).extends ?? []) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}

	getCredentialsProperties(typeName) {
		return this.registry.getCredentialType(typeName).properties;
	}

	isCredentialUsableByNode() {
		return true;
	}

	/**
	 * Data of the credential with the type's defaults filled in, as n8n decrypts it (n8n's own
	 * helper also reads the filled-in parameters back as credential data).
	 * @returns {import('n8n-workflow').ICredentialDataDecryptedObject}
	 */
	applyDefaults(typeName, data) {
		const properties = this.getCredentialsProperties(typeName);
		const filled = NodeHelpers.getNodeParameters(properties, { ...data }, true, false, null, null);
		return /** @type {import('n8n-workflow').ICredentialDataDecryptedObject} */ (filled ?? {});
	}

	async getDecrypted(_additionalData, _nodeCredentials, typeName) {
		const data = this.dataByType[typeName];
		if (data === undefined) {
			throw new Error(`The harness has no data for a credential of type "${typeName}"`);
		}
		return this.applyDefaults(typeName, data);
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.registry.getCredentialType(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions;
		requestOptions.headers ??= {};
		for (const [target, entries] of Object.entries(authenticate.properties)) {
			requestOptions[target] ??= {};
			for (const [key, value] of Object.entries(entries)) {
				const resolvedKey = resolveValue(key, credentials, workflow, node);
				requestOptions[target][resolvedKey] = resolveValue(value, credentials, workflow, node);
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	/** @returns {Promise<never>} */
	async getCredentials() {
		throw new Error('The harness keeps no encrypted credentials');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}
}

/** Same resolution as n8n's CredentialsHelper.resolveValue: expressions see `$credentials`. */
function resolveValue(value, credentials, workflow, node) {
	if (!isExpression(value)) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? resolved.toString() : '';
}

module.exports = { HarnessCredentialsHelper };
