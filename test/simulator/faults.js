'use strict';
// Switchable faults. A fault: { match: { method?, path?, kind? }, times?, after?, type, ...params }.
// The list is checked in order; the first fault that matches and is active wins.
const http = require('node:http');

const { envelope } = require('./errors');
const { seededRandom } = require('./random');

const TYPES = new Set([
	'latency',
	'status',
	'envelope',
	'reset',
	'malformed',
	'html',
	'empty',
	'random',
]);

function checkFault(fault, where = 'fault') {
	if (!fault || typeof fault !== 'object') throw new TypeError(`${where} must be an object`);
	if (!TYPES.has(fault.type))
		throw new TypeError(`${where}.type must be one of ${[...TYPES].join(', ')}`);
	if (fault.type === 'random') {
		if (!Array.isArray(fault.of) || fault.of.length === 0)
			throw new TypeError(`${where}.of must be a non-empty array of faults`);
		fault.of.forEach((inner, i) => {
			checkFault(inner, `${where}.of[${i}]`);
			if (inner.type === 'random') throw new TypeError(`${where}.of[${i}] cannot be random`);
		});
	}
	if (
		fault.type === 'reset' &&
		fault.when !== undefined &&
		!['before-body', 'after-body'].includes(fault.when)
	) {
		throw new TypeError(`${where}.when must be 'before-body' or 'after-body'`);
	}
}

/** `path` is a prefix; a RegExp, or a string starting with '^', is a regular expression. */
function pathMatcher(pathSpec) {
	if (pathSpec === undefined || pathSpec === null || pathSpec === '') return () => true;
	if (pathSpec instanceof RegExp) return (p) => pathSpec.test(p);
	if (typeof pathSpec === 'string' && pathSpec.startsWith('^')) {
		const re = new RegExp(pathSpec);
		return (p) => re.test(p);
	}
	return (p) => p.startsWith(String(pathSpec));
}

class FaultList {
	constructor(seed) {
		this.seed = seed;
		/** Active and expired faults, each with its counters `seen` and `applied`. */
		this.list = [];
	}

	add(faultOrList) {
		const faults = Array.isArray(faultOrList) ? faultOrList : [faultOrList];
		faults.forEach((fault) => checkFault(fault));
		for (const fault of faults) {
			const match = fault.match ?? {};
			this.list.push({
				...fault,
				match,
				times: fault.times ?? Infinity,
				after: fault.after ?? 0,
				seen: 0,
				applied: 0,
				matchesPath: pathMatcher(match.path),
				rng: fault.type === 'random' ? seededRandom(fault.seed ?? this.seed) : undefined,
			});
		}
		return faults.length;
	}

	clear() {
		this.list = [];
	}

	/** The fault to apply to this request (a random fault resolves to one of its `of`), or undefined. */
	pick(entry) {
		for (const fault of this.list) {
			const { match } = fault;
			if (match.method && match.method.toUpperCase() !== entry.method) continue;
			if (match.kind && match.kind !== entry.kind) continue;
			if (!fault.matchesPath(entry.path)) continue;
			fault.seen += 1;
			if (fault.seen <= fault.after || fault.applied >= fault.times) continue;
			let chosen = fault;
			if (fault.type === 'random') {
				if (fault.rng() >= (fault.rate ?? 0.05)) continue;
				chosen = fault.of[Math.floor(fault.rng() * fault.of.length)];
			}
			fault.applied += 1;
			return chosen;
		}
		return undefined;
	}

	/** Plain copies for the admin API (no functions). */
	describe() {
		return this.list.map(({ matchesPath, rng, ...rest }) => ({
			...rest,
			times: rest.times === Infinity ? null : rest.times,
		}));
	}
}

const HTML_PAGE = (status) => {
	const title = `${status} ${http.STATUS_CODES[status] ?? 'Error'}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
};

/** The answer a response-type fault gives: { status, headers, payload }. */
function faultResponse(fault) {
	const json = (status, value, headers) => ({
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', ...lowerKeys(headers) },
		payload: Buffer.from(JSON.stringify(value)),
	});
	switch (fault.type) {
		case 'status': {
			const status = fault.status ?? 500;
			if (typeof fault.body === 'string') {
				return {
					status,
					headers: { 'content-type': 'text/plain; charset=utf-8', ...lowerKeys(fault.headers) },
					payload: Buffer.from(fault.body),
				};
			}
			return json(
				status,
				fault.body ?? { message: http.STATUS_CODES[status] ?? 'Error' },
				fault.headers,
			);
		}
		case 'envelope':
			return json(
				fault.status ?? 400,
				envelope(fault.err_code ?? -10003, fault.message),
				fault.headers,
			);
		case 'malformed':
			return {
				status: 200,
				headers: { 'content-type': 'application/json; charset=utf-8' },
				payload: Buffer.from('{"result": '),
			};
		case 'html': {
			const status = fault.status ?? 502;
			return {
				status,
				headers: { 'content-type': 'text/html; charset=utf-8' },
				payload: Buffer.from(HTML_PAGE(status)),
			};
		}
		case 'empty':
			return {
				status: fault.status ?? 200,
				headers: { 'content-type': 'application/json; charset=utf-8' },
				payload: Buffer.alloc(0),
			};
		default:
			return undefined; // latency and reset change how the normal answer is given
	}
}

function lowerKeys(headers) {
	const result = {};
	for (const [name, value] of Object.entries(headers ?? {}))
		result[name.toLowerCase()] = String(value);
	return result;
}

module.exports = { FaultList, faultResponse, checkFault };
