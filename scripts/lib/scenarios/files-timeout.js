// examples/07-failure: the workflow's own timeout (Workflow Settings › Timeout Workflow) cancels
// the execution while Code › Run with Input Files is running: n8n aborts the run request, and
// the node still sends the kill for its temporary sandbox (a request that ignores the fired
// cancel signal). Nothing is left alive in the simulator.
'use strict';

const { partial } = require('../expect');
const { short } = require('./helpers');

const apiCalls = (ctx) =>
	ctx.requests
		.filter((entry) => entry.kind === 'api')
		.map((entry) => `${entry.method} ${entry.path.replace(/\/kill\/.+$/, '/kill/<id>')}`);

const filesTimeout = {
	id: 'ai302FilesTimeout07',
	file: '07-failure-timeout-sandbox-deleted.json',
	how: 'execute',
	expectFailure: true,
	simulatorOnly: true, // waits on a 30 s sleep; not worth billing against the real API
	check(ctx, checks) {
		checks.expect('n8n execute exit code (the execution does not succeed)', ctx.exitCode, 1);
		checks.expect(
			'n8n says the execution was cancelled by its timeout',
			/The execution was cancelled because it timed out/.test(ctx.outputTail ?? ''),
			true,
		);
		checks.expect(
			"the node logged the temporary sandbox's id (n8n log, info)",
			/302\.AI sandbox created: [a-z0-9]{20}-[0-9a-f]{8} \(node "[^"]+", item 0, workflow \w+, execution \d+\); temporary sandbox/.test(
				ctx.outputTail ?? '',
			),
			true,
		);
		checks.expect('API requests: the run was cut off, the kill still went out', apiCalls(ctx), [
			'POST /302/sandbox/create',
			'POST /302/sandbox/file/write',
			'POST /302/sandbox/run_code',
			'POST /302/sandbox/kill/<id>',
		]);
		const kill = ctx.requests.find((entry) => entry.path.startsWith('/302/sandbox/kill/'));
		checks.expect('the kill was answered 200', kill, partial({ method: 'POST', status: 200 }));
		checks.expect('sandboxes alive in the simulator afterwards', ctx.liveSandboxes, {
			count: 0,
			ids: [],
		});
	},
	summary(ctx) {
		const error = ctx.run?.data?.resultData?.error;
		return {
			in: [
				'note.txt → 302 Code Sandbox › Run with Input Files, Python sleeps 30 s; workflow timeout 4 s',
			],
			out: [
				`exit ${ctx.exitCode}: ${short(error?.message ?? (ctx.outputTail ?? '').match(/The execution was cancelled[^\n]*/)?.[0] ?? ctx.outputTail, 100)}`,
				`requests: ${apiCalls(ctx)
					.map((call) => call.replace(/^POST \/302\/sandbox\//, ''))
					.join(' → ')}; sandboxes alive afterwards: ${ctx.liveSandboxes?.count ?? 'n/a'}`,
			],
		};
	},
};

module.exports = filesTimeout;
