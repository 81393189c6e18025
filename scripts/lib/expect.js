// Tiny structural matcher for the end-to-end checks: compares an actual value with an expected
// shape and returns every difference with its path, so a failure reads as a diff.
//
// Plain objects and arrays compare exactly (same keys, same length). Wrap with `partial()` to
// allow extra keys, or use `any(type)`, `matches(regex)`, `where(description, predicate)` for
// values that vary between runs (ids, timings).
'use strict';

const util = require('node:util');

const MATCHER = Symbol('matcher');

function matcher(description, test) {
	return { [MATCHER]: true, description, test };
}

const any = (type) =>
	matcher(`any ${type}`, (value) =>
		type === 'array' ? Array.isArray(value) : typeof value === type,
	);
const matches = (regex) =>
	matcher(`a string matching ${regex}`, (value) => typeof value === 'string' && regex.test(value));
const where = (description, predicate) => matcher(description, predicate);
const partial = (shape) => ({ [MATCHER]: 'partial', shape });

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Returns [{ path, expected, actual }] (empty when `actual` fits `expected`). */
function diff(actual, expected, at = '') {
	if (expected && expected[MATCHER] === true) {
		return expected.test(actual) ? [] : [{ path: at, expected: expected.description, actual }];
	}
	if (expected && expected[MATCHER] === 'partial') {
		if (!isPlainObject(actual)) return [{ path: at, expected: 'an object', actual }];
		return Object.keys(expected.shape).flatMap((key) =>
			diff(actual[key], expected.shape[key], `${at}.${key}`),
		);
	}
	if (Array.isArray(expected)) {
		if (!Array.isArray(actual))
			return [{ path: at, expected: `an array of ${expected.length}`, actual }];
		const lengthDiff =
			actual.length === expected.length
				? []
				: [{ path: `${at}.length`, expected: expected.length, actual: actual.length }];
		const shared = Math.min(actual.length, expected.length);
		const itemDiffs = [];
		for (let index = 0; index < shared; index++)
			itemDiffs.push(...diff(actual[index], expected[index], `${at}[${index}]`));
		return [...lengthDiff, ...itemDiffs];
	}
	if (isPlainObject(expected)) {
		if (!isPlainObject(actual)) return [{ path: at, expected: 'an object', actual }];
		const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
		return [...keys].flatMap((key) => {
			if (!(key in expected))
				return [{ path: `${at}.${key}`, expected: '(no such key)', actual: actual[key] }];
			return diff(actual[key], expected[key], `${at}.${key}`);
		});
	}
	return Object.is(actual, expected) ? [] : [{ path: at, expected, actual }];
}

function show(value) {
	if (typeof value === 'string' && /^(any |a string|\(no such)/.test(value)) return value;
	return util.inspect(value, { depth: 4, breakLength: 100, maxStringLength: 300 });
}

/** Human-readable diff lines, e.g. "  .total\n    expected: 42\n    actual:   41". */
function formatDiff(differences) {
	return differences
		.map(
			({ path, expected, actual }) =>
				`  ${path || '(value)'}\n    expected: ${show(expected)}\n    actual:   ${show(actual)}`,
		)
		.join('\n');
}

module.exports = { diff, formatDiff, any, matches, where, partial };
