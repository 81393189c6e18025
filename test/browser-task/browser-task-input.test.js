'use strict';
// 302 Browser Task bad input: each case is a NodeOperationError that names the parameter and
// the item, raised before any request (the simulator log stays empty).
const h = require('../harness');
const { useSimulator } = require('../helpers/useSimulator');

const KEY = 'sk-test-302-browser-input';
const TYPE = 'ai302BrowserTask';

let sim;
let credentials;

useSimulator({ apiKeys: [KEY] }, (started) => {
	sim = started;
	credentials = { apiKey: KEY, baseUrl: sim.url };
});

const create = (extra) => ({ operation: 'create', task: 'Find something [sim run=200]', ...extra });
const get = (taskId, extra) => ({ operation: 'get', taskId, ...extra });

/** [case, parameters, parameter named in the message, items?] */
const CASES = [
	[
		'empty task (from an expression)',
		create({ task: '={{ $json.text }}' }),
		'task',
		[{ json: { text: '' } }],
	],
	['task of only spaces', create({ task: '  \n\t ' }), 'task'],
	['empty task id (from an expression)', get('={{ $json.id }}'), 'taskId', [{ json: { id: '' } }]],
	['task id of only spaces', get('   '), 'taskId'],
	['task id with a slash', get('abc/../../submit'), 'taskId'],
	['task id with a question mark', get('abc?x=1'), 'taskId'],
	['task id with a hash', get('abc#frag'), 'taskId'],
	['task id with ..', get('..'), 'taskId'],
	['task id with a space', get('abc def'), 'taskId'],
	['poll interval that is not a number', create({ pollInterval: '={{ "soon" }}' }), 'pollInterval'],
	['poll interval below the minimum', create({ pollInterval: 0.1 }), 'pollInterval'],
	['poll interval of 0', get('abc', { pollInterval: 0 }), 'pollInterval'],
	['max wait that is not a number', create({ maxWaitTime: '={{ "long" }}' }), 'maxWaitTime'],
	['max wait of 0', create({ maxWaitTime: 0 }), 'maxWaitTime'],
	['negative max wait', get('abc', { maxWaitTime: -5 }), 'maxWaitTime'],
	['max wait above 4 hours', create({ maxWaitTime: 14401 }), 'maxWaitTime'],
	[
		'additional body fields that are an array',
		create({ options: { additionalBodyFields: '[1, 2]' } }),
		'options.additionalBodyFields',
	],
	[
		'additional body fields that are a string',
		create({ options: { additionalBodyFields: '"max_steps"' } }),
		'options.additionalBodyFields',
	],
	[
		'additional body fields that are not JSON',
		create({ options: { additionalBodyFields: '{max_steps: 3' } }),
		'options.additionalBodyFields',
	],
	['concurrency 0', create({ options: { concurrency: 0 } }), 'options.concurrency'],
];

describe('bad input fails before any request', () => {
	test.each(CASES)('%s', async (_name, parameters, field, items = [{ json: {} }]) => {
		const res = await h.runNode({ type: TYPE, parameters, credentials, items });
		expect(res.error).toBeDefined();
		expect(res.error.name).toBe('NodeOperationError');
		expect(res.error.message).toContain(`Parameter "${field}"`);
		expect(res.error.message).not.toMatch(/\[item \d+\]/);
		expect(res.error.context.itemIndex).toBe(0);
		expect(res.items).toEqual([]);
		expect(sim.requests).toHaveLength(0);
	});
});

test('a bad second item stops the node before the first item is submitted', async () => {
	const res = await h.runNode({
		type: TYPE,
		parameters: create({ task: '={{ $json.text }}' }),
		credentials,
		items: [{ json: { text: 'Good task [sim run=200]' } }, { json: { text: ' ' } }],
	});
	expect(res.error.name).toBe('NodeOperationError');
	expect(res.error.message).toBe('Parameter "task" is empty');
	expect(res.error.context.itemIndex).toBe(1);
	expect(sim.requests).toHaveLength(0);
});

test('with continue-on-fail a bad item becomes an error item and the others run', async () => {
	const res = await h.runNode({
		type: TYPE,
		parameters: create({ task: '={{ $json.text }}', pollInterval: 0.25, maxWaitTime: 10 }),
		credentials,
		continueOnFail: true,
		items: [{ json: { text: 'Good task [sim queue=50 run=200]' } }, { json: { text: '' } }],
	});
	expect(res.error).toBeUndefined();
	expect(res.items).toHaveLength(2);
	expect(res.items[0].json.status).toBe('finished');
	expect(res.items[0].pairedItem).toEqual({ item: 0 });
	expect(res.items[1].json).toEqual({
		error: 'Parameter "task" is empty',
		description: 'Describe what the browser agent should do in the Task field.',
	});
	expect(res.items[1].pairedItem).toEqual({ item: 1 });
	expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	expect(sim.requests[0].body).toEqual({ task: 'Good task [sim queue=50 run=200]' });
});

test('an http:// base URL that is not loopback is refused without a request', async () => {
	const res = await h.runNode({
		type: TYPE,
		parameters: create(),
		credentials: { apiKey: KEY, baseUrl: 'http://example.com' },
	});
	expect(res.error.name).toBe('NodeOperationError');
	expect(res.error.message).toMatch(/http/i);
	expect(JSON.stringify(res.error)).not.toContain(KEY);
	expect(sim.requests).toHaveLength(0);
});
