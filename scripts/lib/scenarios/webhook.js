// examples/02: POST /webhook/302-browser-task under `n8n start` → browser task → the webhook answers.
'use strict';

const { submittedBodies, taskId, plannedSteps, short } = require('./helpers');

const WEBHOOK_TASK = 'Open https://example.com and report the page title [sim run=1200]';

const webhook = {
	id: 'ai302Webhook01',
	file: '02-webhook-browser-task.json',
	how: 'webhook',
	webhookPath: '302-browser-task',
	requestBody: { task: WEBHOOK_TASK },
	check(ctx, checks) {
		checks.expect('webhook HTTP status', ctx.response?.status, 200);
		checks.expect("webhook answer (the last node's JSON)", ctx.response?.body, {
			task_id: taskId(ctx, WEBHOOK_TASK),
			status: 'finished',
			is_successful: true,
			answer: 'Simulated result for: Open https://example.com and report the page title',
			steps: plannedSteps(ctx, WEBHOOK_TASK),
		});
		checks.expect('browser task submitted', submittedBodies(ctx), [{ task: WEBHOOK_TASK }]);
	},
	summary(ctx) {
		return {
			in: [`POST /webhook/${this.webhookPath} ${JSON.stringify(ctx.requestBody)}`],
			out: [
				`HTTP ${ctx.response?.status ?? '?'} ${short(JSON.stringify(ctx.response?.body), 150)}`,
			],
		};
	},
};

module.exports = webhook;
