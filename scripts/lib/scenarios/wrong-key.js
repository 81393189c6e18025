// examples/04: a credential with a wrong key → the execution fails with the API's message.
'use strict';

const { matches, partial } = require('../expect');
const { short } = require('./helpers');

const wrongKey = {
	id: 'ai302WrongKey01',
	file: '04-failure-wrong-api-key.json',
	how: 'execute',
	expectFailure: true,
	check(ctx, checks) {
		checks.expect('n8n execute exit code (the execution fails)', ctx.exitCode, 1);
		const error = ctx.run?.data?.resultData?.error;
		checks.expect(
			'execution error',
			error,
			partial({
				name: 'NodeApiError',
				message: matches(/HTTP 401.*: Invalid API key$/),
				errorResponse: partial({ message: 'Invalid API key', err_code: -10002, httpCode: 401 }),
			}),
		);
		checks.expect(
			'failed node',
			ctx.run?.data?.resultData?.lastNodeExecuted,
			'Run code with a wrong key',
		);
		checks.expect(
			'requests: one paid call, answered 401, not repeated',
			ctx.requests.map((entry) => ({
				path: entry.path,
				status: entry.status,
				auth: entry.headers?.authorization,
			})),
			[{ path: '/302/sandbox/direct_run_code', status: 401, auth: `Bearer ${ctx.wrongKey}` }],
		);
	},
	summary(ctx) {
		const error = ctx.run?.data?.resultData?.error;
		return {
			in: ['credential "302.AI API (wrong key)" → 302 Code Sandbox › Run'],
			out: [
				`execution failed (exit ${ctx.exitCode}): ${short(error?.message ?? ctx.outputTail, 120)}`,
			],
		};
	},
};

module.exports = wrongKey;
