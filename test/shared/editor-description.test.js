'use strict';
/**
 * What the n8n editor shows, checked on the built node descriptions (dist): the code editor's
 * language per Code variant, no output field that n8n mistakes for an input binary field,
 * readable subtitles for every operation, option labels that fit the panel, and one name per
 * setting across both nodes. `npm run screenshots` shows the same things in a real browser.
 */
const path = require('node:path');
const { CODE_LANGUAGES } = require('n8n-workflow');

const { DIST } = require('../harness/environment');

const { Ai302CodeSandbox } = require(
	path.join(DIST, 'nodes', 'Ai302CodeSandbox', 'Ai302CodeSandbox.node.js'),
);
const { Ai302BrowserTask } = require(
	path.join(DIST, 'nodes', 'Ai302BrowserTask', 'Ai302BrowserTask.node.js'),
);

const sandbox = new Ai302CodeSandbox().description;
const browser = new Ai302BrowserTask().description;
const NODES = { sandbox, browser };

/**
 * Longest option label that n8n 2.40.7 shows uncut inside an Options collection at 1600×1000
 * (measured by `npm run screenshots`: "Request Timeout (Seconds)", 25 characters, fits; the
 * labels of 26+ characters it found were cut with "...").
 */
const MAX_OPTION_LABEL = 25;

/** Every property with the displayOptions of the parents it sits in (collections, fixed collections). */
function walk(properties, parents = []) {
	return properties.flatMap((property) => {
		const entry = { property, chain: [...parents, property] };
		const children = Array.isArray(property.options)
			? property.options.flatMap((option) =>
					Array.isArray(option.values) ? option.values : 'type' in option ? [option] : [],
				)
			: [];
		return [entry, ...walk(children, [...parents, property])];
	});
}

/** The resource › operation pairs a node has (a node without resources has operations only). */
function operations(description) {
	const resources = description.properties.find((p) => p.name === 'resource');
	const pairs = [];
	for (const op of description.properties.filter((p) => p.name === 'operation')) {
		const shownFor =
			op.displayOptions?.show?.resource ??
			(resources ? resources.options.map((o) => o.value) : [undefined]);
		for (const resource of shownFor)
			for (const option of op.options) pairs.push({ resource, operation: option.value });
	}
	return pairs;
}

/** Whether a property (with its parents) is shown for these top-level values (show conditions only). */
function shownFor(chain, values) {
	return chain.every((property) =>
		Object.entries(property.displayOptions?.show ?? {}).every(([name, allowed]) => {
			const key = name.replace(/^\//, '');
			return !(key in values) || allowed.includes(values[key]);
		}),
	);
}

/** Evaluates a `={{ ... }}` subtitle the way the editor does for plain JavaScript expressions. */
function subtitleFor(description, parameters) {
	const expression = description.subtitle.replace(/^=\{\{([\s\S]*)\}\}$/, '$1');
	return new Function('$parameter', `return (${expression});`)(parameters);
}

/**
 * Options kept only so saved 0.1 workflows keep their value: shown only where a workflow has
 * them set (`_cnd: { exists: true }` on their own name), never offered under Add Option.
 */
function isSavedOnly(property) {
	const conditions = property.displayOptions?.show?.[property.name];
	return (
		Array.isArray(conditions) && conditions.some((condition) => condition?._cnd?.exists === true)
	);
}

describe('Code field editor per language', () => {
	const variants = walk(sandbox.properties).filter(({ property }) => property.name === 'code');

	test('one Code field per language and mode, all named "code"', () => {
		const shown = variants.map(
			({ property }) =>
				`${property.displayOptions.show.language}/${property.displayOptions.show.mode}`,
		);
		const languages = sandbox.properties
			.find((p) => p.name === 'language')
			.options.map((o) => o.value);
		// code › run and code › runInSandbox each have all variants.
		expect(new Set(shown).size).toBe(languages.length * 2);
		expect(variants.length).toBe(languages.length * 2 * 2);
		for (const { property } of variants)
			expect(property.displayOptions.show.language).toHaveLength(1);
	});

	test.each([
		['python', 'python'],
		['js', 'javaScript'],
	])("%s gets n8n's %s editor", (language, editorLanguage) => {
		const forLanguage = variants.filter(
			({ property }) => property.displayOptions.show.language[0] === language,
		);
		expect(forLanguage.length).toBe(4);
		for (const { property } of forLanguage)
			expect(property.typeOptions).toMatchObject({ editor: 'codeNodeEditor', editorLanguage });
	});

	test.each([['bash'], ['r'], ['java']])(
		'%s gets the neutral editor (no JavaScript or Python colouring)',
		(language) => {
			const forLanguage = variants.filter(
				({ property }) => property.displayOptions.show.language[0] === language,
			);
			expect(forLanguage.length).toBe(4);
			for (const { property } of forLanguage) {
				expect(property.typeOptions.editor).toBe('codeNodeEditor');
				// Absent would mean JavaScript (n8n's fallback); a name n8n has a grammar for would colour it.
				expect(typeof property.typeOptions.editorLanguage).toBe('string');
				expect(CODE_LANGUAGES).not.toContain(property.typeOptions.editorLanguage);
			}
		},
	);
});

describe('binary fields', () => {
	// n8n 2.40.7's editor gives any parameter whose name contains "binaryPropertyName" (or with
	// typeOptions.binaryDataProperty) the tooltip of an INPUT binary field ("Specify the property
	// name of the binary data in the input item..."). So such a field must be an input one, and say so.
	const inputLike = Object.entries(NODES).flatMap(([node, description]) =>
		walk(description.properties)
			.filter(({ property }) => property.type !== 'hidden' && !isSavedOnly(property))
			.filter(
				({ property }) =>
					property.name.includes('binaryPropertyName') || property.typeOptions?.binaryDataProperty,
			)
			.map(({ property }) => ({ node, name: property.name, label: property.displayName })),
	);

	test('File › Upload reads its file from an input binary field named as such', () => {
		expect(inputLike).toContainEqual({
			node: 'sandbox',
			name: 'binaryPropertyName',
			label: 'Input Binary Field',
		});
	});

	// Issue 12 point 3: the output field of Code › Run and File › Download is outputBinaryField
	// ("Put Files in Field"); the 0.1 key binaryPropertyName stays only as a saved-only option.
	test('no output field is named like an input binary field', () => {
		expect(inputLike.filter(({ label }) => !/input/i.test(label))).toEqual([]);
	});
});

describe('subtitles', () => {
	test.each(Object.entries(NODES))(
		'%s: every operation has a readable subtitle',
		(node, description) => {
			const pairs = operations(description);
			expect(pairs.length).toBeGreaterThan(1);
			for (const { resource, operation } of pairs) {
				const subtitle = subtitleFor(description, { resource, operation });
				expect(typeof subtitle).toBe('string');
				expect(subtitle).toMatch(/^[A-Z][a-z]+( [a-z]+)* [a-z]+$/); // e.g. "Run code in sandbox", "Get task"
				expect(subtitle).not.toContain(operation === 'run' ? ':' : operation);
			}
		},
	);

	test('Code Sandbox subtitles say what each operation does', () => {
		const subtitles = operations(sandbox).map(({ resource, operation }) =>
			subtitleFor(sandbox, { resource, operation }),
		);
		expect(subtitles).toEqual(
			expect.arrayContaining([
				'Run code',
				'Run code in sandbox',
				'Run command',
				'Create sandbox',
				'List sandboxes',
				'Delete sandbox',
				'List files',
				'Upload file',
				'Download files',
			]),
		);
		expect(new Set(subtitles).size).toBe(subtitles.length);
	});

	test('the literal subtitle in the node file is the one built from the SUBTITLES table', () => {
		const { subtitleExpression } = require('../../dist/nodes/Ai302CodeSandbox/helpers/subtitle.js');
		expect(sandbox.subtitle).toBe(subtitleExpression());
	});
});

describe('options collections', () => {
	const options = Object.entries(NODES).flatMap(([node, description]) =>
		description.properties
			.filter((p) => p.type === 'collection')
			.flatMap((collection) =>
				collection.options.map((option) => ({ node, collection: collection.name, ...option })),
			),
	);

	const isToolLimit = (option) => /^tool/i.test(option.name);

	test(`option labels fit the panel (at most ${MAX_OPTION_LABEL} characters)`, () => {
		const tooLong = options
			.filter((o) => o.displayName.length > MAX_OPTION_LABEL)
			.map((o) => `${o.node}: ${o.displayName}`);
		expect(tooLong).toEqual([]);
	});

	test('an option with the same internal name has the same label and type in both nodes', () => {
		const byName = new Map();
		for (const option of options) {
			const seen = byName.get(option.name);
			if (seen)
				expect({ name: option.name, label: option.displayName, type: option.type }).toEqual({
					name: option.name,
					label: seen.displayName,
					type: seen.type,
				});
			else byName.set(option.name, option);
		}
		expect(byName.get('concurrency').displayName).toBe('Concurrency');
		expect(byName.get('requestTimeout').displayName).toBe('Request Timeout (Seconds)');
	});

	// n8n's lint wants collections alphabetical; n8n shows them in the order given. The one
	// exception is ours: options shown only under a sibling (Return Files) follow it directly.
	test('collection options: alphabetical by label, each dependent option right after its parent', () => {
		const collections = Object.entries(NODES).flatMap(([node, description]) =>
			description.properties
				.filter((p) => p.type === 'collection')
				.map((collection) => ({
					node,
					labels: collection.options.map((o) => o.displayName),
					collection,
				})),
		);
		for (const { node, collection, labels } of collections) {
			const names = new Set(collection.options.map((o) => o.name));
			const parent = (option) =>
				Object.keys(option.displayOptions?.show ?? {}).find(
					(k) => k !== option.name && names.has(k),
				);
			const top = collection.options.filter((o) => parent(o) === undefined);
			const expected = [];
			const add = (option) => {
				expected.push(option.displayName);
				collection.options.filter((o) => parent(o) === option.name).forEach(add);
			};
			[...top].sort((a, b) => (a.displayName < b.displayName ? -1 : 1)).forEach(add);
			expect({ node, labels }).toEqual({ node, labels: expected });
		}
		const codeRun = collections.find(
			(c) => c.node === 'sandbox' && c.collection.displayOptions?.show?.operation?.[0] === 'run',
		);
		expect(codeRun.labels.slice(7, 12)).toEqual([
			'Return Files',
			'Files Path',
			'Fetch Files Into Binary',
			'Put Files in Field',
			'Put Files in Field (Old)',
		]);
	});

	// Issue 12 point 7's second half: one tool-limit setting, one label, in both nodes.
	test('the tool-limit option has one name and one short label in both nodes', () => {
		const toolLimits = options.filter((option) => isToolLimit(option) && !isSavedOnly(option));
		expect(new Set(toolLimits.map((o) => o.node))).toEqual(new Set(['sandbox', 'browser']));
		// One label (internal names may differ: saved workflows keep theirs).
		expect(new Set(toolLimits.map((o) => o.displayName)).size).toBe(1);
		expect(toolLimits[0].displayName.length).toBeLessThanOrEqual(MAX_OPTION_LABEL);
	});
});

describe('Browser Task: options that apply only while waiting', () => {
	const all = walk(browser.properties);
	const option = (name) => all.find(({ property }) => property.name === name);

	test.each([['failOnUnsuccessful'], ['returnOnTimeout'], ['pollInterval'], ['maxWaitTime']])(
		'%s is hidden with Wait for Completion off',
		(name) => {
			const { chain } = option(name);
			for (const operation of ['create', 'get']) {
				expect(shownFor(chain, { operation, waitForCompletion: true })).toBe(true);
				expect(shownFor(chain, { operation, waitForCompletion: false })).toBe(false);
			}
		},
	);

	test('options that apply either way stay visible with Wait for Completion off', () => {
		for (const name of ['concurrency', 'outputMode', 'requestTimeout']) {
			expect(shownFor(option(name).chain, { operation: 'create', waitForCompletion: false })).toBe(
				true,
			);
		}
	});
});

describe('number fields', () => {
	const numbers = Object.entries(NODES).flatMap(([node, description]) =>
		walk(description.properties)
			.filter(({ property }) => property.type === 'number')
			.map(({ property }) => ({ node, ...property })),
	);

	test('no number field shows whole numbers with decimals ("3.00", "0.00")', () => {
		// numberPrecision makes n8n format every value with that many decimals.
		expect(
			numbers
				.filter((n) => n.typeOptions?.numberPrecision !== undefined)
				.map((n) => `${n.node}: ${n.name}`),
		).toEqual([]);
	});

	test('a field whose 0 means something says so where it is seen (a hint under the field)', () => {
		const requestTimeouts = numbers.filter((n) => n.name === 'requestTimeout');
		expect(new Set(requestTimeouts.map((n) => n.node))).toEqual(new Set(['sandbox', 'browser']));
		for (const field of requestTimeouts) expect(field.hint).toMatch(/^0 = automatic/);
	});
});
