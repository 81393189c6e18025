'use strict';
// Request validation: every failure is a 400 envelope (err_code -10003) naming the field.
const { badField } = require('./errors');
const { DEFAULT_TIMEOUT_S } = require('./runner');

const MAX_TIMEOUT_S = 3600;

const isPlainObject = (value) =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/** The parsed JSON body as an object ({} when empty). */
function jsonBody(body) {
	if (body === undefined) return {};
	if (!isPlainObject(body)) throw badField('body', 'must be a JSON object');
	return body;
}

function requireString(body, field) {
	const value = body[field];
	if (typeof value !== 'string' || value.trim() === '')
		throw badField(field, 'is required and must be a non-empty string');
	return value;
}

function optionalString(body, field) {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw badField(field, 'must be a string');
	return value;
}

function optionalBoolean(body, field) {
	const value = body[field];
	if (value === undefined || value === null) return false;
	if (typeof value !== 'boolean') throw badField(field, 'must be a boolean');
	return value;
}

/** An object of env vars; primitive values become strings. */
function optionalStringMap(body, field) {
	const value = body[field];
	if (value === undefined || value === null) return {};
	if (!isPlainObject(value)) throw badField(field, 'must be an object of string values');
	const result = {};
	for (const [name, item] of Object.entries(value)) {
		if (item !== null && typeof item === 'object')
			throw badField(`${field}.${name}`, 'must be a string');
		result[name] = item === null || item === undefined ? '' : String(item);
	}
	return result;
}

/** Seconds, default 5; fractions allowed (tests use short ones). */
function timeoutSeconds(body) {
	const value = body.timeout;
	if (value === undefined || value === null) return DEFAULT_TIMEOUT_S;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_S) {
		throw badField('timeout', `must be a number of seconds between 0 and ${MAX_TIMEOUT_S}`);
	}
	return value;
}

/** A path or a non-empty list of paths. */
function pathList(body, field) {
	const value = body[field];
	const list = Array.isArray(value) ? value : [value];
	if (list.length === 0 || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
		throw badField(field, 'must be a path or a non-empty array of paths');
	}
	return list;
}

module.exports = {
	isPlainObject,
	jsonBody,
	requireString,
	optionalString,
	optionalBoolean,
	optionalStringMap,
	timeoutSeconds,
	pathList,
};
