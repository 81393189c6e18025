'use strict';
/**
 * The node and credential types a test run can use, loaded the way n8n loads a community
 * package: n8n-core's PackageDirectoryLoader reads this repository's package.json and loads
 * the built files in dist/ (class name = file name, codex next to the node). A node type is
 * loaded only when a test asks for it, so a test of one node does not need the other built.
 *
 * Types are keyed by their full name, `<package>.<name>` for this package (as in real n8n),
 * `CUSTOM.<name>` for test fixtures. `<type>Tool` is the AI-tool variant of a type, made the
 * way n8n makes it for nodes with `usableAsTool` (same class, changed description).
 */
const path = require('node:path');

const { REPO_ROOT } = require('./environment');

const FIXTURE_PACKAGE = 'CUSTOM';
const TOOL_SUFFIX = 'Tool';

class NodeTypeRegistry {
	constructor({ core, workflow }) {
		this.workflowLib = workflow;
		this.loader = new core.PackageDirectoryLoader(REPO_ROOT);
		this.packageName = this.loader.packageName;
		this.packageJson = this.loader.packageJson;
		/** full type name -> node type instance */
		this.types = new Map();
	}

	/** Full type name for what a test wrote: `ai302CodeSandbox`, a fixture name, or a full name. */
	fullName(type) {
		if (type.includes('.')) return type;
		const base = type.endsWith(TOOL_SUFFIX) ? type.slice(0, -TOOL_SUFFIX.length) : type;
		const packageFile = this.packageNodeFile(base);
		return `${packageFile ? this.packageName : FIXTURE_PACKAGE}.${type}`;
	}

	/** Registers fixture node types (classes or instances) under CUSTOM.<name>. */
	addFixtures(fixtures = {}) {
		for (const [name, typeOrClass] of Object.entries(fixtures)) {
			const instance = typeof typeOrClass === 'function' ? new typeOrClass() : typeOrClass;
			this.types.set(name.includes('.') ? name : `${FIXTURE_PACKAGE}.${name}`, instance);
		}
	}

	/** The package.json entry (dist path) of a node of this package, by its short type name. */
	packageNodeFile(shortName) {
		const files = this.packageJson.n8n?.nodes ?? [];
		return files.find((file) => {
			const className = path.basename(file).split('.')[0];
			return className.charAt(0).toLowerCase() + className.slice(1) === shortName;
		});
	}

	getByName(fullType) {
		return this.resolve(fullType);
	}

	getByNameAndVersion(fullType, version) {
		return this.workflowLib.NodeHelpers.getVersionedNodeType(this.resolve(fullType), version);
	}

	getKnownTypes() {
		return {};
	}

	resolve(fullType) {
		const known = this.types.get(fullType);
		if (known) return known;
		const [packageName, shortName] = splitType(fullType);
		if (shortName.endsWith(TOOL_SUFFIX)) {
			const base = this.resolve(`${packageName}.${shortName.slice(0, -TOOL_SUFFIX.length)}`);
			const tool = toAiTool(base, this.workflowLib);
			this.types.set(fullType, tool);
			return tool;
		}
		if (packageName === this.packageName) {
			const file = this.packageNodeFile(shortName);
			if (file) {
				this.loader.loadNodeFromFile(file, this.packageJson.version);
				const loaded = this.loader.nodeTypes[shortName];
				if (!loaded) throw new Error(`${file} does not define a node named "${shortName}"`);
				this.types.set(fullType, loaded.type);
				return loaded.type;
			}
		}
		throw new Error(
			`Unknown node type "${fullType}" (known: ${[...this.types.keys()].join(', ')})`,
		);
	}

	/** A credential type of this package, loaded from dist/ on first use. */
	getCredentialType(name) {
		if (!this.loader.credentialTypes[name]) {
			for (const file of this.packageJson.n8n?.credentials ?? []) {
				this.loader.loadCredentialFromFile(file);
				if (this.loader.credentialTypes[name]) break;
			}
		}
		const found = this.loader.credentialTypes[name];
		if (!found) throw new Error(`Unknown credential type "${name}"`);
		return found.type;
	}
}

function splitType(fullType) {
	const dot = fullType.lastIndexOf('.');
	return [fullType.slice(0, dot), fullType.slice(dot + 1)];
}

/**
 * The AI-tool variant of a node type, built as n8n's NodeTypes does for `usableAsTool` nodes
 * (packages/cli node-types + tool-generation): the same object with a description whose name
 * ends in "Tool", no main input, one ai_tool output and a tool description parameter.
 */
function toAiTool(nodeType, workflowLib) {
	const base = nodeType.description;
	if (!base.usableAsTool) throw new Error(`Node type "${base.name}" is not usable as a tool`);
	const replacements = typeof base.usableAsTool === 'object' ? base.usableAsTool.replacements : {};
	const description = { ...workflowLib.deepCopy(base), ...replacements };
	description.name += TOOL_SUFFIX;
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [workflowLib.NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	if (!description.properties.some((property) => property.name === 'toolDescription')) {
		description.properties = [
			{
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				default: base.description,
				required: true,
			},
			...description.properties,
		];
	}
	return Object.create(nodeType, { description: { value: description } });
}

module.exports = { NodeTypeRegistry, FIXTURE_PACKAGE };
