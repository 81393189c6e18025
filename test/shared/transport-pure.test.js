'use strict';
// Fast unit tests for the transport's pure functions: Retry-After parsing, backoff, which calls
// are retried, which poll failures are transient, file URL checks and download file names.
// No simulator, no n8n-core: each case is a plain call on dist/.
const { NodeApiError } = require('n8n-workflow');

const {
	DEFAULT_RETRY,
	backoffDelay,
	isRetryableNetworkError,
	isRetryableStatus,
	networkErrorMayHaveReachedServer,
	parseRetryAfter,
} = require('../../dist/nodes/shared/transport/retry');
const { checkFileUrl, chooseFileName } = require('../../dist/nodes/shared/transport/download');
const { transientPollError } = require('../../dist/nodes/shared/transport/polling');
const {
	findObjectWith,
	isRecord,
	preview,
	readArray,
	UnexpectedResponseError,
} = require('../../dist/nodes/shared/transport');

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
	test.each([
		['delta-seconds', '5', 5000],
		['fractional seconds, padded', ' 2.5 ', 2500],
		['zero', '0', 0],
		['a number, not a string', 7, 7000],
		['the first of repeated headers', ['3', '9'], 3000],
		['an HTTP date 30 s ahead', 'Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
		['an HTTP date in the past: no wait', 'Wed, 31 Dec 2025 23:59:00 GMT', 0],
		['a negative value: no wait', '-1', 0],
	])('%s: %j -> %d ms', (_name, value, expected) => {
		expect(parseRetryAfter(value, NOW)).toBe(expected);
	});

	test.each([
		['absent', undefined],
		['null', null],
		['empty', ''],
		['blank', '   '],
		['words', 'soon'],
		['exponent notation', '1e3'],
		['an object', {}],
		['an empty list', []],
	])('%s: undefined (the caller falls back to backoff)', (_name, value) => {
		expect(parseRetryAfter(value, NOW)).toBeUndefined();
	});

	test('an HTTP date is measured from the given now', () => {
		const header = 'Thu, 01 Jan 2026 00:01:00 GMT';
		expect(parseRetryAfter(header, NOW)).toBe(60_000);
		expect(parseRetryAfter(header, NOW + 15_000)).toBe(45_000);
	});
});

describe('backoffDelay', () => {
	test('the step doubles from 1 s and stops at 30 s; jitter spans half to all of the step', () => {
		const lowest = [1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, DEFAULT_RETRY, () => 0));
		const highest = [1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, DEFAULT_RETRY, () => 1));
		expect(lowest).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
		expect(highest).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
		expect(backoffDelay(3, DEFAULT_RETRY, () => 0.5)).toBe(3000);
	});

	test('retry number 0 counts as the first retry; custom settings are honoured', () => {
		expect(backoffDelay(0, DEFAULT_RETRY, () => 1)).toBe(1000);
		const settings = { ...DEFAULT_RETRY, initialDelayMs: 100, maxDelayMs: 250 };
		expect([1, 2, 3, 4].map((n) => backoffDelay(n, settings, () => 1))).toEqual([
			100, 200, 250, 250,
		]);
	});

	test('the default settings: 4 attempts, 1 s first wait, 30 s longest, 120 s longest Retry-After', () => {
		expect(DEFAULT_RETRY).toEqual({
			maxAttempts: 4,
			initialDelayMs: 1000,
			maxDelayMs: 30_000,
			maxRetryAfterMs: 120_000,
		});
	});
});

describe('which failures are retried', () => {
	const STATUSES = [400, 401, 402, 404, 408, 409, 422, 429, 500, 501, 502, 503, 504];

	test('reads: 429 and 500/502/503/504; paid calls: 429 only', () => {
		expect(STATUSES.filter((status) => isRetryableStatus('read', status))).toEqual([
			429, 500, 502, 503, 504,
		]);
		expect(STATUSES.filter((status) => isRetryableStatus('paid', status))).toEqual([429]);
	});

	const CODES = [
		'ECONNREFUSED',
		'ENOTFOUND',
		'EAI_AGAIN',
		'EHOSTUNREACH',
		'ENETUNREACH',
		'UND_ERR_CONNECT_TIMEOUT',
		'ECONNRESET',
		'ETIMEDOUT',
		'EPIPE',
		'UND_ERR_SOCKET',
	];
	const NOT_SENT = CODES.slice(0, 6);

	test('network errors: a read is always retried, a paid call only when nothing was sent', () => {
		expect(CODES.filter((code) => isRetryableNetworkError('read', code))).toEqual(CODES);
		expect(CODES.filter((code) => isRetryableNetworkError('paid', code))).toEqual(NOT_SENT);
		expect(CODES.filter((code) => networkErrorMayHaveReachedServer(code))).toEqual(CODES.slice(6));
	});

	test('transientPollError: only transport errors without an answer or with 408/425/429/5xx', () => {
		/** @type {import('n8n-workflow').INode} */
		const node = {
			id: '1',
			name: 'Browser',
			type: 'x',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const apiError = (httpCode) => new NodeApiError(node, { message: 'x' }, { httpCode });
		const codes = ['400', '401', '404', '408', '425', '429', '500', '501', '502', '503', '504'];
		expect(codes.filter((code) => transientPollError(apiError(code)))).toEqual([
			'408',
			'425',
			'429',
			'500',
			'502',
			'503',
			'504',
		]);
		expect(transientPollError(apiError(undefined))).toBe(true);
		expect(transientPollError(new Error('HTTP 503'))).toBe(false);
		expect(transientPollError(undefined)).toBe(false);
	});
});

describe('checkFileUrl', () => {
	test.each([
		['https://file.302.ai/a/b.png', 'https://file.302.ai/a/b.png'],
		['http://127.0.0.1:9000/x', 'http://127.0.0.1:9000/x'],
		['http://127.5.6.7/x', 'http://127.5.6.7/x'],
		['http://localhost/x', 'http://localhost/x'],
		['http://[::1]/x', 'http://[::1]/x'],
	])('accepts %s', (raw, expected) => {
		expect(checkFileUrl(raw)?.toString()).toBe(expected);
	});

	test.each([
		['plain http to another host', 'http://file.302.ai/x'],
		['a host that only starts like localhost', 'http://localhost.example.com/x'],
		['user and password in the URL', 'https://user:secret@file.302.ai/x'],
		['another protocol', 'ftp://file.302.ai/x'],
		['not a URL', 'not a url'],
		['empty', ''],
	])('refuses %s', (_name, raw) => {
		expect(checkFileUrl(raw)).toBeUndefined();
	});
});

describe('chooseFileName', () => {
	const url = (text) => new URL(text);

	test.each([
		[
			'Content-Disposition filename wins over hint and URL',
			{ 'Content-Disposition': 'attachment; filename="report.pdf"' },
			'https://file.302.ai/abc.bin',
			'/home/user/x.pdf',
			'report.pdf',
		],
		[
			'filename* (RFC 5987) is decoded',
			{ 'content-disposition': "attachment; filename*=UTF-8''na%C3%AFve%20file.txt" },
			'https://file.302.ai/abc.bin',
			undefined,
			'naïve file.txt',
		],
		[
			'folders in the header name are dropped',
			{ 'content-disposition': 'attachment; filename="../../etc/passwd"' },
			'https://file.302.ai/abc.bin',
			undefined,
			'passwd',
		],
		[
			'repeated header: the first',
			{ 'content-disposition': ['attachment; filename=a.txt', 'attachment; filename=b.txt'] },
			'https://file.302.ai/x.txt',
			undefined,
			'a.txt',
		],
		[
			'a disposition without a name falls back to the URL',
			{ 'content-disposition': 'inline' },
			'https://file.302.ai/dir/x.txt',
			undefined,
			'x.txt',
		],
		[
			"the hint's base name when its extension matches the URL's (hashed host names)",
			{},
			'https://file.302.ai/h/4f3a.csv',
			'/home/user/out/data.csv',
			'data.csv',
		],
		[
			'the URL name when the extensions differ',
			{},
			'https://file.302.ai/h/4f3a.png',
			'/home/user/out/data.csv',
			'4f3a.png',
		],
		[
			'the hint when the URL has no name',
			{},
			'https://file.302.ai/',
			'/home/user/out/data.csv',
			'data.csv',
		],
		['"file" when nothing names it', {}, 'https://file.302.ai/', undefined, 'file'],
		[
			'the URL path is decoded, the query ignored',
			{},
			'https://file.302.ai/dir/my%20file.txt?sig=abc',
			undefined,
			'my file.txt',
		],
		['a bad escape is kept as it is', {}, 'https://file.302.ai/a%ZZb.txt', undefined, 'a%ZZb.txt'],
	])('%s', (_name, headers, link, hint, expected) => {
		expect(chooseFileName(headers, url(link), hint)).toBe(expected);
	});
});

describe('tolerant response readers', () => {
	test('findObjectWith looks at the top level, then result / data, two levels deep', () => {
		expect(findObjectWith({ id: 1 }, ['id'])).toEqual({ id: 1 });
		expect(findObjectWith({ code: 0, data: { id: 2 } }, ['id'])).toEqual({ id: 2 });
		expect(findObjectWith({ data: { result: { id: 3 } } }, ['id'])).toEqual({ id: 3 });
		expect(findObjectWith({ data: { result: { data: { id: 4 } } } }, ['id'])).toBeUndefined();
		expect(findObjectWith({ result: { sandbox_id: 's' } }, ['id', 'sandbox_id'])).toEqual({
			sandbox_id: 's',
		});
		expect(findObjectWith([{ id: 1 }], ['id'])).toBeUndefined();
	});

	test('readArray: the body itself, a known key at any candidate level, or result/data', () => {
		expect(readArray([1, 2], ['list'], 'GET /x')).toEqual([1, 2]);
		expect(readArray({ data: { list: ['a'] } }, ['list'], 'GET /x')).toEqual(['a']);
		expect(readArray({ result: ['r'] }, ['list'], 'GET /x')).toEqual(['r']);
		expect(() =>
			readArray({ data: { count: 0 } }, ['list', 'items'], 'GET /302/sandbox/list'),
		).toThrow(
			new UnexpectedResponseError(
				'302.AI GET /302/sandbox/list answered without a list (looked for "list", "items"). Response starts: {"data":{"count":0}}',
			),
		);
	});

	test('preview: JSON or the text itself, cut at 200 characters with "..."', () => {
		expect(preview({ a: 1 })).toBe('{"a":1}');
		expect(preview('plain')).toBe('plain');
		expect(preview(undefined)).toBe('undefined');
		expect(preview('x'.repeat(250))).toBe(`${'x'.repeat(200)}...`);
		expect(preview('abcdef', 3)).toBe('abc...');
		const circular = {};
		circular.self = circular;
		expect(preview(circular)).toBe('[object Object]');
	});

	test('isRecord: plain objects only', () => {
		expect([{}, { a: 1 }, [], null, 'x', 1, undefined].map(isRecord)).toEqual([
			true,
			true,
			false,
			false,
			false,
			false,
			false,
		]);
	});
});
