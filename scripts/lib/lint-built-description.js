// n8n's lint rules for node descriptions (those of `n8n-node lint`: option lists sorted, actions
// in sentence case, defaults present and of the right type...) read object literals in
// *.node.ts files. Parts of our descriptions are built by code (the operation tables, the
// shared option collections), which that lint cannot see into. So this writes each built node
// description, as n8n loads it from dist/, back out as one literal in a *.node.ts file and
// lints that with the same stock config (eslint.config.mjs).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

/** The node classes n8n loads, from package.json's n8n.nodes. */
function builtNodes() {
	const pkg = require(path.join(REPO, 'package.json'));
	return pkg.n8n.nodes.map((file) => {
		const exported = require(path.join(REPO, file));
		const [className, NodeClass] = Object.entries(exported)[0];
		return { className, file, description: new NodeClass().description };
	});
}

/** A description as TypeScript source: JSON with identifier keys unquoted. */
function asLiteralSource(className, description) {
	const literal = JSON.stringify(description, null, '\t').replace(
		/^(\t*)"([A-Za-z_$][\w$]*)":/gm,
		'$1$2:',
	);
	return [
		"import type { INodeType, INodeTypeDescription } from 'n8n-workflow';",
		'',
		`export class ${className} implements INodeType {`,
		`\tdescription: INodeTypeDescription = ${literal.replace(/\n/g, '\n\t')};`,
		'}',
		'',
	].join('\n');
}

/**
 * Lints every built description in `work` (a scratch folder). Returns the ESLint results.
 * Rules about the node file rather than its description stay with the source lint: the icon
 * files, NodeConnectionTypes instead of "main", and credentials defined in the same package.
 */
async function lintBuiltDescriptions(work) {
	const { ESLint } = require('eslint');
	const files = builtNodes().map(({ className, file, description }) => {
		const target = path.join(work, 'nodes', className, path.basename(file, '.js') + '.ts');
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(target, asLiteralSource(className, description));
		return target;
	});
	const eslint = new ESLint({
		cwd: work,
		overrideConfigFile: path.join(REPO, 'eslint.config.mjs'),
		overrideConfig: {
			rules: {
				'@n8n/community-nodes/icon-validation': 'off',
				'@n8n/community-nodes/node-connection-type-literal': 'off',
				'@n8n/community-nodes/no-credential-reuse': 'off',
				// n8n shows collection options in the order given: ours are alphabetical except that
				// options shown only under a sibling (Return Files) follow it, which
				// test/shared/editor-description.test.js checks instead.
				'n8n-nodes-base/node-param-collection-type-unsorted-items': 'off',
			},
		},
	});
	return { eslint, results: await eslint.lintFiles(files) };
}

module.exports = { asLiteralSource, lintBuiltDescriptions };
