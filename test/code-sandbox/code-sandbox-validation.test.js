'use strict';
// 302 Code Sandbox bad input: each case is a NodeOperationError that names the parameter and
// the item, raised before any request (the simulator log stays empty).
const h = require('../harness');
const { useSimulator } = require('../helpers/useSimulator');

const KEY = 'sk-test-302-validation';
const TYPE = 'ai302CodeSandbox';
const SANDBOX = 'in4kel8o0ivuzqllab7ln-4b1cc5d5';

let sim;
let credentials;

useSimulator({ apiKeys: [KEY] }, (started) => {
	sim = started;
	credentials = { apiKey: KEY, baseUrl: sim.url };
});

const env = (...variables) => ({ environmentVariables: { variables } });
const code = (extra) => ({
	resource: 'code',
	operation: 'run',
	language: 'python',
	code: 'print(1)',
	...extra,
});

/** [case, parameters, field named in the message, items?] */
const CASES = [
	[
		'empty code (from an expression)',
		code({ code: '={{ $json.script }}' }),
		'code',
		[{ json: { script: '' } }],
	],
	['code of only spaces', code({ code: '  \n\t ' }), 'code'],
	['unknown language from an expression', code({ language: '={{ "cobol" }}' }), 'language'],
	['timeout 0', code({ timeout: 0 }), 'timeout'],
	['negative timeout', code({ timeout: -5 }), 'timeout'],
	['timeout that is not a number', code({ timeout: '={{ "soon" }}' }), 'timeout'],
	[
		'env var with an empty name',
		code({ options: env({ name: '', value: 'x' }) }),
		'options.environmentVariables',
	],
	[
		'env var name starting with a digit',
		code({ options: env({ name: '1ABC', value: 'x' }) }),
		'options.environmentVariables',
	],
	[
		'env var name with a dash',
		code({ options: env({ name: 'MY-VAR', value: 'x' }) }),
		'options.environmentVariables',
	],
	[
		'duplicated env var',
		code({ options: env({ name: 'A', value: '1' }, { name: 'A', value: '2' }) }),
		'options.environmentVariables',
	],
	[
		'env var using a reserved item-data name',
		code({ options: env({ name: 'N8N_ITEM', value: '{}' }) }),
		'options.environmentVariables',
	],
	[
		'item too large for N8N_ITEM',
		code({}),
		'N8N_ITEM',
		[{ json: { blob: 'x'.repeat(130 * 1024) } }],
	],
	[
		'all items too large for N8N_ITEMS',
		code({ mode: 'runOnceForAllItems' }),
		'N8N_ITEMS',
		Array.from({ length: 4 }, () => ({ json: { blob: 'y'.repeat(40 * 1024) } })),
	],
	[
		'empty sandboxId for run in sandbox',
		{ resource: 'code', operation: 'runInSandbox', sandboxId: '={{ $json.id }}', code: 'print(1)' },
		'sandboxId',
		[{ json: { id: '' } }],
	],
	[
		'empty sandboxId for command',
		{ resource: 'command', operation: 'run', sandboxId: '  ', command: 'ls' },
		'sandboxId',
	],
	[
		'empty sandboxId for delete',
		{ resource: 'sandbox', operation: 'delete', sandboxId: '={{ $json.id }}' },
		'sandboxId',
	],
	[
		'sandbox id with a slash (path injection)',
		{ resource: 'sandbox', operation: 'delete', sandboxId: 'abc/../../list' },
		'sandboxId',
	],
	[
		'sandbox id with ..',
		{ resource: 'sandbox', operation: 'delete', sandboxId: '..' },
		'sandboxId',
	],
	[
		'sandbox id with whitespace',
		{ resource: 'sandbox', operation: 'delete', sandboxId: 'abc def' },
		'sandboxId',
	],
	[
		'sandbox id with a query character',
		{ resource: 'sandbox', operation: 'delete', sandboxId: 'abc?x=1' },
		'sandboxId',
	],
	[
		'bad sandbox id in the list filter',
		{ resource: 'sandbox', operation: 'list', filters: { sandboxId: 'a/b' } },
		'filters.sandboxId',
	],
	[
		'sandbox id with .. in file list',
		{ resource: 'file', operation: 'list', sandboxId: '../x', path: '/home/user' },
		'sandboxId',
	],
	[
		'empty command',
		{ resource: 'command', operation: 'run', sandboxId: SANDBOX, command: '={{ "" }}' },
		'command',
	],
	[
		'empty path for file list',
		{ resource: 'file', operation: 'list', sandboxId: SANDBOX, path: '={{ $json.path }}' },
		'path',
	],
	[
		'only separators as path for download',
		{ resource: 'file', operation: 'download', sandboxId: SANDBOX, path: ' , \n ' },
		'path',
	],
	[
		'max alive time 0',
		{ resource: 'sandbox', operation: 'create', maxAliveTime: 0 },
		'maxAliveTime',
	],
	[
		'empty metadata key',
		{
			resource: 'sandbox',
			operation: 'create',
			maxAliveTime: 60,
			options: { metadata: { entries: [{ name: '', value: 'v' }] } },
		},
		'options.metadata',
	],
	[
		'binary property missing on the item',
		{
			resource: 'file',
			operation: 'upload',
			sandboxId: SANDBOX,
			source: 'binary',
			binaryPropertyName: 'attachment',
			savePath: '/home/user/',
		},
		'binaryPropertyName',
	],
	[
		'upload URL that is not http(s)',
		{
			resource: 'file',
			operation: 'upload',
			sandboxId: SANDBOX,
			source: 'url',
			fileUrl: 'ftp://host/x',
			savePath: '/home/user/',
		},
		'fileUrl',
	],
	[
		'empty save path',
		{
			resource: 'file',
			operation: 'upload',
			sandboxId: SANDBOX,
			source: 'url',
			fileUrl: 'https://example.com/a.csv',
			savePath: '={{ "  " }}',
		},
		'savePath',
	],
	[
		'concurrency 0',
		{ resource: 'sandbox', operation: 'list', options: { concurrency: 0 } },
		'options.concurrency',
	],
];

describe('bad input fails before any request', () => {
	test.each(CASES)('%s', async (_name, parameters, field, items = [{ json: {} }]) => {
		const res = await h.runNode({ type: TYPE, parameters, credentials, items });
		expect(res.error).toBeDefined();
		expect(res.error.message).toContain(`Parameter "${field}"`);
		expect(res.error.message).not.toMatch(/\[item \d+\]/);
		expect(res.error.context.itemIndex).toBe(0);
		expect(res.error.name).toBe('NodeOperationError');
		expect(sim.requests).toEqual([]);
		expect(JSON.stringify(res.error)).not.toContain(KEY);
	});

	test('a bad third item stops the whole run before the first two are sent', async () => {
		const items = [
			{ json: { code: 'print(1)' } },
			{ json: { code: 'print(2)' } },
			{ json: { code: '' } },
		];
		const res = await h.runNode({
			type: TYPE,
			parameters: code({ code: '={{ $json.code }}' }),
			credentials,
			items,
		});
		expect(res.error.message).toBe('Parameter "code" is empty');
		expect(res.error.context.itemIndex).toBe(2);
		expect(sim.requests).toEqual([]);
	});

	test('strict JSON parsing on output that is not JSON names the option and the item (after the one run)', async () => {
		const items = [{ json: {} }, { json: {} }];
		const res = await h.runNode({
			type: TYPE,
			parameters: code({
				code: '={{ $itemIndex === 1 ? "print(\'plain text\')" : "print(\'[1]\')" }}',
				options: { stdoutFormat: 'jsonStrict' },
			}),
			credentials,
			items,
		});
		expect(res.error.message).toMatch(
			/^Parameter "options\.stdoutFormat" is "JSON \(Strict\)" but stdout is not JSON .*$/,
		);
		expect(res.error.description).toBe('stdout starts: plain text\n');
		expect(res.error.context.itemIndex).toBe(1);
		// The code has to run before its output can be judged: one run per item, nothing more.
		expect(sim.requests.map((r) => r.path)).toEqual([
			'/302/sandbox/direct_run_code',
			'/302/sandbox/direct_run_code',
		]);
	});

	test('a literally empty required field is refused by n8n itself before the node runs', async () => {
		const res = h.runNode({
			type: TYPE,
			parameters: { resource: 'command', operation: 'run', sandboxId: SANDBOX, command: '' },
			credentials,
		});
		await expect(res).rejects.toThrow('Parameter "Command" is required');
		expect(sim.requests).toEqual([]);
	});

	test('an unsafe base URL is refused with no request', async () => {
		const res = await h.runNode({
			type: TYPE,
			parameters: code({}),
			credentials: { apiKey: KEY, baseUrl: 'http://example.com' },
			items: [{ json: {} }],
		});
		expect(res.error.message).toMatch(/is refused: the API key is only sent over https/);
		expect(sim.requests).toEqual([]);
	});
});
