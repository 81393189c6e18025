'use strict';
// Fast unit tests for Code Sandbox's pure helpers: stdout as JSON, run / command answers read
// into fields, exported file lists, input file names and the Input Files option.
// Plain calls on dist/, no simulator and no n8n-core.
const {
	asFields,
	parseStdoutJson,
	readCommandResult,
	readExportedFiles,
	readRunResult,
	toChunks,
} = require('../../dist/nodes/Ai302CodeSandbox/helpers/output');
const {
	FILES_VARIABLE,
	MAX_INPUT_FILES_BYTES,
	SANDBOX_HOME,
	coveredItems,
	inputFilesReport,
	parseInputFilesOption,
	planInputFiles,
	safeFileName,
} = require('../../dist/nodes/Ai302CodeSandbox/helpers/inputFiles');

/** @type {import('n8n-workflow').INode} */
const NODE = {
	id: '1',
	name: 'Code',
	type: 'ai302CodeSandbox',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('parseStdoutJson', () => {
	test.each([
		['an object', '{"a":1}', { a: 1 }],
		['an array with blanks around it', '  [1,2] \n', [1, 2]],
		['a number', '42', 42],
		['a string', '"text"', 'text'],
		['null', 'null', null],
		['the last line after log lines', 'log line\nmore\n{"ok":true}\n', { ok: true }],
		['the last non-empty line', 'log\n{"ok":true}\n\n  \n', { ok: true }],
		['the last of two JSON lines', 'start\n{"x":1}\n{"y":2}', { y: 2 }],
		['Windows line ends', 'log\r\n{"ok":1}\r\n', { ok: 1 }],
	])('%s', (_name, stdout, value) => {
		expect(parseStdoutJson(stdout)).toEqual({ ok: true, value });
	});

	test.each([
		['empty', ''],
		['only blanks', '   \n '],
	])('%s: "stdout is empty"', (_name, stdout) => {
		expect(parseStdoutJson(stdout)).toEqual({ ok: false, error: 'stdout is empty' });
	});

	test.each([
		['plain text', 'hello'],
		['JSON followed by text', '{"a":1}\nnot json'],
		['broken JSON', '{bad'],
	])('%s: the error names the parse failure of the whole text', (_name, stdout) => {
		const parsed = parseStdoutJson(stdout);
		let parseMessage;
		try {
			JSON.parse(stdout.trim());
		} catch (error) {
			parseMessage = error instanceof Error ? error.message : String(error);
		}
		expect(parsed).toEqual({ ok: false, error: `stdout is not JSON (${parseMessage})` });
	});

	test('asFields: objects merge, anything else goes under data', () => {
		expect(asFields({ a: 1 })).toEqual({ a: 1 });
		expect(asFields([1, 2])).toEqual({ data: [1, 2] });
		expect(asFields(null)).toEqual({ data: null });
		expect(asFields('x')).toEqual({ data: 'x' });
		expect(asFields(3)).toEqual({ data: 3 });
	});
});

describe('run and command answers', () => {
	test('toChunks: lists stay lists (each chunk as text), a value becomes one chunk, nothing none', () => {
		expect(toChunks(['a', 1, null, { b: 2 }])).toEqual(['a', '1', '', '{"b":2}']);
		expect(toChunks('x')).toEqual(['x']);
		expect(toChunks(5)).toEqual(['5']);
		expect(toChunks('')).toEqual([]);
		expect(toChunks(undefined)).toEqual([]);
		expect(toChunks(null)).toEqual([]);
	});

	test('readRunResult: direct_run_code chunks under result, the file URL and the extra fields', () => {
		const body = {
			result: {
				stdout: ['a\n', 'b\n'],
				stderr: [],
				file: { url: 'https://file.302.ai/x.zip' },
				exit_code: 0,
				other: 'dropped',
			},
		};
		expect(readRunResult(body, 'POST /302/sandbox/direct_run_code')).toEqual({
			stdout: 'a\nb\n',
			stderr: '',
			stdoutChunks: ['a\n', 'b\n'],
			stderrChunks: [],
			fileUrl: 'https://file.302.ai/x.zip',
			extra: { exit_code: 0 },
		});
	});

	test('readRunResult: strings under data, file_url, cost_time; an object on stderr as JSON text', () => {
		const body = {
			data: { stdout: 'hi', stderr: { e: 1 }, file_url: 'https://f/u', cost_time: 1.5 },
		};
		expect(readRunResult(body, 'POST /302/sandbox/run_code')).toEqual({
			stdout: 'hi',
			stderr: '{"e":1}',
			stdoutChunks: ['hi'],
			stderrChunks: ['{"e":1}'],
			fileUrl: 'https://f/u',
			extra: { cost_time: 1.5 },
		});
	});

	test('readRunResult: an answer without stdout or stderr names the endpoint and shows the body', () => {
		expect(() => readRunResult({ foo: 1 }, 'POST /302/sandbox/run_code')).toThrow(
			'302.AI POST /302/sandbox/run_code answered without "stdout" or "stderr" (looked at the top level, "result" and "data"). Response starts: {"foo":1}',
		);
	});

	test('readCommandResult: chunks joined, exit_code as a number, error as text', () => {
		const body = { result: { stdout: 'o', stderr: ['e1', 'e2'], exit_code: '2', error: null } };
		expect(readCommandResult(body, 'POST /302/sandbox/commands/run')).toEqual({
			stdout: 'o',
			stderr: 'e1e2',
			exit_code: 2,
			error: '',
			cost_time: null,
		});
		expect(readCommandResult({ exit_code: 'abc', cost_time: 0.2 }, 'E')).toEqual({
			stdout: '',
			stderr: '',
			exit_code: null,
			error: '',
			cost_time: 0.2,
		});
		expect(() => readCommandResult('oops', 'POST /302/sandbox/commands/run')).toThrow(
			'302.AI POST /302/sandbox/commands/run answered without "stdout", "stderr" or "exit_code". Response starts: oops',
		);
	});

	test('readExportedFiles: objects with a path, URL strings, download_url; entries without a URL skipped', () => {
		const body = {
			files: [
				{ path: '/home/user/a.txt', url: 'https://f/a' },
				'https://f/b',
				'',
				{ name: 'c.txt', download_url: 'https://f/c' },
				{ file_path: '/home/user/d.txt', file: { url: 'https://f/d' } },
				{ nothing: 1 },
				5,
			],
		};
		expect(readExportedFiles(body, 'E')).toEqual([
			{ path: '/home/user/a.txt', url: 'https://f/a' },
			{ url: 'https://f/b' },
			{ path: 'c.txt', url: 'https://f/c' },
			{ path: '/home/user/d.txt', url: 'https://f/d' },
		]);
		expect(readExportedFiles({ result: { file: { url: 'https://f/one' } } }, 'E')).toEqual([
			{ url: 'https://f/one' },
		]);
		expect(() => readExportedFiles({ files: [] }, 'POST /302/sandbox/file/download')).toThrow(
			'302.AI POST /302/sandbox/file/download answered without any file URL. Response starts: {"files":[]}',
		);
	});
});

describe('input file names', () => {
	test.each([
		['a plain name is kept', 'report.pdf', 'data', 'report.pdf'],
		['folders are dropped', '../../etc/passwd', 'data', 'passwd'],
		['Windows folders are dropped', 'C:\\Users\\me\\a b.txt', 'data', 'a b.txt'],
		['control characters are removed', 'a\u0000b\u007fc\n.txt', 'data', 'abc.txt'],
		['a dot file is kept', '.env', 'data', '.env'],
		['blank: the field name', '  ', 'data', 'data.bin'],
		['"..": the field name', '..', 'data', 'data.bin'],
		['".": the field name', '.', 'image', 'image.bin'],
		['a folder only: the field name', 'dir/', 'picture', 'picture.bin'],
		['no name: the field name', undefined, 'attachment', 'attachment.bin'],
		['no name and no field: "file"', undefined, '', 'file'],
	])('%s', (_name, fileName, field, expected) => {
		expect(safeFileName(fileName, field)).toBe(expected);
	});

	test.each([
		['absent', undefined, []],
		['null', null, []],
		['empty', '', []],
		['one field', 'data', ['data']],
		['a list, trimmed, duplicates once', 'data, image ,data', ['data', 'image']],
		['only separators', ' , ', []],
		['* anywhere means every field', 'a,*', '*'],
		['a list value', ['x', 'y', 'x'], ['x', 'y']],
		['numbers in a list as text', [1, 2], ['1', '2']],
	])('the Input Files option: %s', (_name, value, expected) => {
		expect(parseInputFilesOption(NODE, 0, value)).toEqual(expected);
	});

	test('the Input Files option: another type is refused, naming the field and the item', () => {
		expect(() => parseInputFilesOption(NODE, 3, 42)).toThrow(
			/^Parameter "options\.inputFiles" must be binary field names separated by commas, or \*, got "42"/,
		);
	});

	/** Only what planInputFiles reads of n8n's context. */
	const planContext = (items) =>
		/** @type {import('n8n-workflow').IExecuteFunctions} */ (
			/** @type {unknown} */ ({
				getNode: () => NODE,
				getInputData: () => items,
				helpers: { getBinaryMetadata: async () => ({ fileSize: 7 }) },
			})
		);
	const inline = (fileName, text, mimeType = 'text/plain') => ({
		fileName,
		mimeType,
		data: Buffer.from(text).toString('base64'),
	});

	test('planInputFiles: names that clash get " (2)", " (3)" before the extension; N8N_FILES per item', async () => {
		const items = [
			{ json: {}, binary: { data: inline('a.txt', 'one'), other: inline('a.txt', 'three') } },
			{ json: {}, binary: { data: inline('a.txt', 'four'), extra: inline('README', 'x', '') } },
		];
		const plan = await planInputFiles(planContext(items), [0, 1], '*', true);
		expect(plan.files).toEqual([
			{
				itemIndex: 0,
				field: 'data',
				fileName: 'a.txt',
				path: '/home/user/a.txt',
				bytes: 3,
				mimeType: 'text/plain',
			},
			{
				itemIndex: 0,
				field: 'other',
				fileName: 'a (2).txt',
				originalName: 'a.txt',
				path: '/home/user/a (2).txt',
				bytes: 5,
				mimeType: 'text/plain',
			},
			{
				itemIndex: 1,
				field: 'data',
				fileName: 'a (3).txt',
				originalName: 'a.txt',
				path: '/home/user/a (3).txt',
				bytes: 4,
				mimeType: 'text/plain',
			},
			{
				itemIndex: 1,
				field: 'extra',
				fileName: 'README',
				path: '/home/user/README',
				bytes: 1,
				mimeType: 'application/octet-stream',
			},
		]);
		expect(JSON.parse(plan.variable)).toEqual([
			{ data: '/home/user/a.txt', other: '/home/user/a (2).txt' },
			{ data: '/home/user/a (3).txt', extra: '/home/user/README' },
		]);
		expect(inputFilesReport(plan.files)).toEqual([
			{ item: 0, field: 'data', path: '/home/user/a.txt', bytes: 3 },
			{ item: 0, field: 'other', path: '/home/user/a (2).txt', bytes: 5, renamedFrom: 'a.txt' },
			{ item: 1, field: 'data', path: '/home/user/a (3).txt', bytes: 4, renamedFrom: 'a.txt' },
			{ item: 1, field: 'extra', path: '/home/user/README', bytes: 1 },
		]);
	});

	test('planInputFiles: one item gives one object; a stored file is sized from its metadata', async () => {
		const items = [
			{ json: {}, binary: { data: { id: 'fs:1', fileName: 'big.bin', mimeType: 'x/y' } } },
		];
		const plan = await planInputFiles(planContext(items), [0], ['data'], false);
		expect(plan.files).toEqual([
			{
				itemIndex: 0,
				field: 'data',
				fileName: 'big.bin',
				path: '/home/user/big.bin',
				bytes: 7,
				mimeType: 'x/y',
			},
		]);
		expect(plan.variable).toBe('{"data":"/home/user/big.bin"}');
	});

	test('planInputFiles: a missing field or * without files is refused before any request, naming the item', async () => {
		const items = [{ json: {}, binary: { data: inline('a.txt', 'x') } }, { json: {} }];
		await expect(planInputFiles(planContext(items), [0], ['image'], false)).rejects.toThrow(
			/^Parameter "options\.inputFiles" names the binary field "image", which the item does not have \(it has "data"\)/,
		);
		await expect(planInputFiles(planContext(items), [1], '*', false)).rejects.toThrow(
			/^Parameter "options\.inputFiles" is "\*" but the item has no binary data/,
		);
	});

	test('planInputFiles: more than 50 MiB in all is refused, naming the field that crossed the limit', async () => {
		const big = { id: 'fs:big', fileName: 'big.bin', mimeType: 'x/y' };
		const items = [{ json: {}, binary: { first: big, second: big } }];
		const context = planContext(items);
		context.helpers.getBinaryMetadata = async () => ({ fileSize: 30 * 1024 * 1024 });
		await expect(planInputFiles(context, [0], '*', false)).rejects.toThrow(
			/^Parameter "options\.inputFiles" is too large: the binary field "second" brings the files to 60 MiB; input files are sent inline and may be at most 50 MiB in all/,
		);
	});

	test('coveredItems and the constants the code relies on', () => {
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		expect(coveredItems(items, 1, false)).toEqual([1]);
		expect(coveredItems(items, 1, true)).toEqual([0, 1, 2]);
		expect([FILES_VARIABLE, SANDBOX_HOME, MAX_INPUT_FILES_BYTES]).toEqual([
			'N8N_FILES',
			'/home/user',
			50 * 1024 * 1024,
		]);
	});
});
