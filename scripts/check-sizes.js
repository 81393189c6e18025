#!/usr/bin/env node
// @ts-check
// Size limits for the code in nodes/ and credentials/: no file over 250 lines, no function over
// 60 lines. Functions are found with TypeScript's parser (the `typescript` devDependency): every
// function declaration, method, constructor, accessor, function expression and arrow function
// with a body, nested ones included (a nested function's lines also count for the one around it).
// A function's length runs from the line it starts on to the line its body closes on.
//
//   node scripts/check-sizes.js [folder or file ...]   (default: nodes credentials)
//
// Prints every file and function over its limit and exits 1 if there is any.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const REPO = path.resolve(__dirname, '..');
const MAX_FILE_LINES = 250;
const MAX_FUNCTION_LINES = 60;
const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

const print = (line = '') => process.stdout.write(`${line}\n`);

/** Every file under `target` (a folder or a single file), sorted, node_modules left out. */
function listFiles(target) {
	const stat = fs.statSync(target);
	if (stat.isFile()) return [target];
	const files = [];
	for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
		if (entry.name === 'node_modules') continue;
		files.push(...listFiles(path.join(target, entry.name)));
	}
	return files.sort();
}

/** Lines as an editor numbers them: a final newline does not start another line. */
function countLines(text) {
	if (text === '') return 0;
	const lines = text.split('\n').length;
	return text.endsWith('\n') ? lines - 1 : lines;
}

/** A readable name for a function node: its own name or the name it is assigned to. */
function functionName(node) {
	if (ts.isConstructorDeclaration(node)) return 'constructor';
	if (node.name && ts.isIdentifier(node.name)) return node.name.text;
	if (node.name) return node.name.getText();
	const parent = node.parent;
	if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) {
		if (parent.name) return parent.name.getText();
	}
	if (parent && ts.isPropertyDeclaration(parent)) return parent.name.getText();
	return ts.isArrowFunction(node) ? '(anonymous arrow function)' : '(anonymous function)';
}

function isFunctionWithBody(node) {
	return (
		(ts.isFunctionDeclaration(node) ||
			ts.isMethodDeclaration(node) ||
			ts.isConstructorDeclaration(node) ||
			ts.isGetAccessorDeclaration(node) ||
			ts.isSetAccessorDeclaration(node) ||
			ts.isFunctionExpression(node) ||
			ts.isArrowFunction(node)) &&
		node.body !== undefined
	);
}

/** Every function in a source text longer than the limit, as { name, line, lines }. */
function longFunctions(fileName, text) {
	const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
	const found = [];
	const visit = (node) => {
		if (isFunctionWithBody(node)) {
			const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			const lines = last - first + 1;
			if (lines > MAX_FUNCTION_LINES)
				found.push({ name: functionName(node), line: first + 1, lines });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

function main() {
	const targets = process.argv.slice(2);
	const roots = (targets.length > 0 ? targets : ['nodes', 'credentials']).map((target) =>
		path.resolve(targets.length > 0 ? process.cwd() : REPO, target),
	);
	let problems = 0;
	let filesChecked = 0;
	for (const file of roots.flatMap(listFiles)) {
		const shown = path.relative(REPO, file);
		const text = fs.readFileSync(file, 'utf8');
		filesChecked++;
		const lines = countLines(text);
		if (lines > MAX_FILE_LINES) {
			print(`${shown}: file has ${lines} lines (limit ${MAX_FILE_LINES})`);
			problems++;
		}
		if (!SOURCE_EXTENSIONS.has(path.extname(file))) continue;
		for (const fn of longFunctions(file, text)) {
			print(`${shown}:${fn.line}: ${fn.name} has ${fn.lines} lines (limit ${MAX_FUNCTION_LINES})`);
			problems++;
		}
	}
	const where = roots.map((root) => path.relative(REPO, root) || '.').join(', ');
	if (problems > 0) {
		print(`${problems} over the limits in ${where} (${filesChecked} files checked)`);
		process.exitCode = 1;
		return;
	}
	print(
		`No file over ${MAX_FILE_LINES} lines and no function over ${MAX_FUNCTION_LINES} lines in ${where} (${filesChecked} files checked)`,
	);
}

main();
