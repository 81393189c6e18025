// examples/09 + 10 under `n8n start`: the webhook answers 202 with the task id at once, the
// workflow waits for the task and POSTs the result to the caller's callback URL (a failed task
// too, with its error); the status webhook answers the task's status on demand (running, then
// finished).
'use strict';

const { any, matches, where } = require('../expect');
const { submittedBodies, taskId, plannedSteps, short } = require('./helpers');

const TASK =
	'Collect the opening hours of every store listed on https://example.com/stores [sim queue=0 run=4000 step=1000]';
const RESULT =
	'Simulated result for: Collect the opening hours of every store listed on https://example.com/stores';
const FAIL_TASK =
	'Book a table at https://example.com/restaurant for tonight [sim queue=0 run=1500 step=500 outcome=fail]';
/** The caller's answer must come before this (the issue's requirement); the task takes 4 s. */
const ANSWER_WITHIN_SECONDS = 1;

const longTask = {
	id: 'ai302LongTask01',
	title: '302.AI examples 09 + 10: webhook answers 202 at once → callback; status webhook',
	how: 'server',
	simulatorOnly: true, // waits for a callback; a real task takes minutes
	workflows: ['09-webhook-long-task-callback.json', '10-webhook-task-status.json'],
	publish: ['ai302LongTask01', 'ai302TaskStatus01'],
	webhooks: [
		{ path: '302-long-task', method: 'POST' },
		{ path: '302-task-status', method: 'GET' },
	],
	async drive({ call, receiver }) {
		const paths = { ok: `/callback/ok-${Date.now()}`, fail: `/callback/fail-${Date.now()}` };
		const answer = await call('POST', '/webhook/302-long-task', {
			task: TASK,
			callback_url: `${receiver.url}${paths.ok}`,
		});
		const statusOf = () =>
			call('GET', `/webhook/302-task-status?task_id=${encodeURIComponent(answer.body?.task_id)}`);
		const statuses = [await statusOf()];
		const failAnswer = await call('POST', '/webhook/302-long-task', {
			task: FAIL_TASK,
			callback_url: `${receiver.url}${paths.fail}`,
		});
		const calls = await receiver.waitFor(
			'both callbacks',
			(all) => Object.values(paths).every((p) => all.some((c) => c.path === p)),
			60_000,
		);
		statuses.push(await statusOf());
		const callback = calls.find((c) => c.path === paths.ok);
		return { answer, failAnswer, statuses, callback, paths };
	},
	check(ctx, checks) {
		const { answer, failAnswer, statuses = [], callback, paths = {} } = ctx.driven ?? {};
		const id = taskId(ctx, TASK);
		const failId = taskId(ctx, FAIL_TASK);
		const task = ctx.tasks.find((t) => t.task_id === id);
		checks.expect(
			'webhook answers: HTTP 202 with the task id (and where to ask for its status)',
			[answer, failAnswer].map((a) => ({ status: a?.status, body: a?.body })),
			[id, failId].map((taskIdValue) => ({
				status: 202,
				body: {
					task_id: taskIdValue,
					status_path: `/webhook/302-task-status?task_id=${taskIdValue}`,
				},
			})),
		);
		checks.expect(
			`webhook answer times < ${ANSWER_WITHIN_SECONDS} s (measured)`,
			[answer?.seconds, failAnswer?.seconds],
			[answer, failAnswer].map(() =>
				where(`below ${ANSWER_WITHIN_SECONDS}`, (s) => s < ANSWER_WITHIN_SECONDS),
			),
		);
		checks.expect(
			'the answer came before the task finished (the caller did not wait for it)',
			answer?.answeredAt < task?.createdAt + task?.queueMs + task?.runMs,
			true,
		);
		checks.expect(
			'one browser task submitted per call',
			submittedBodies(ctx).filter((b) => b.task === TASK || b.task === FAIL_TASK),
			[{ task: FAIL_TASK }, { task: TASK }],
		);
		checks.expect(
			'callbacks: one POST each, the finished result and the failed task with its error',
			[paths.ok, paths.fail].map((p) =>
				ctx.receiverCalls
					.filter((c) => c.path === p)
					.map((c) => ({ method: c.method, body: c.body })),
			),
			[
				[
					{
						method: 'POST',
						body: {
							task_id: id,
							status: 'finished',
							is_successful: true,
							result: RESULT,
							steps: plannedSteps(ctx, TASK),
							elapsed_seconds: any('number'),
							error: null,
						},
					},
				],
				[
					{
						method: 'POST',
						body: {
							task_id: failId,
							status: 'fail',
							is_successful: false,
							result: matches(/^Task failed: /),
							error: matches(
								new RegExp(`^Browser task ${failId} failed at step \\d+: Task failed: `),
							),
						},
					},
				],
			],
		);
		checks.expect('callback came after the answer', callback?.time > answer?.answeredAt, true);
		checks.expect(
			'saved runs: 09 once per call, 10 once per status call, all succeeded',
			['ai302LongTask01', 'ai302TaskStatus01'].map((wf) =>
				ctx.executions.filter((e) => e.workflowId === wf).map((e) => `${e.status}/${e.mode}`),
			),
			[['success/webhook', 'success/webhook'], statuses.map(() => 'success/webhook')],
		);
		checks.expect(
			'status webhook: running, then finished',
			statuses.map((s) => ({ status: s.status, body: s.body })),
			[
				{
					status: 200,
					body: {
						task_id: id,
						status: 'running',
						is_successful: null,
						current_step: any('number'),
						result: null,
					},
				},
				{
					status: 200,
					body: {
						task_id: id,
						status: 'finished',
						is_successful: true,
						current_step: plannedSteps(ctx, TASK),
						result: RESULT,
					},
				},
			],
		);
	},
	executions: (ctx) =>
		ctx.executions.filter(
			(e) => e.workflowId === 'ai302LongTask01' || e.workflowId === 'ai302TaskStatus01',
		).length,
	summary(ctx) {
		const { answer, failAnswer, statuses = [], callback, paths = {} } = ctx.driven ?? {};
		const failCallback = ctx.receiverCalls.find((c) => c.path === paths.fail);
		const callbackSeconds = callback && answer ? (callback.time - answer.sentAt) / 1000 : undefined;
		return {
			in: [
				`POST /webhook/302-long-task {"task": "${short(TASK, 60)}", "callback_url": "<receiver>"}, then one with a task that fails`,
			],
			out: [
				`answer HTTP ${answer?.status ?? '?'} in ${answer?.seconds?.toFixed(3) ?? '?'} s: ${short(JSON.stringify(answer?.body), 120)}`,
				`status webhook: ${statuses.map((s) => `${s.body?.status} (${s.seconds.toFixed(3)} s)`).join(' → ')}`,
				`callback after ${callbackSeconds?.toFixed(3) ?? '?'} s (call → callback): ${short(JSON.stringify(callback?.body), 110)}`,
				`failing task: answer in ${failAnswer?.seconds?.toFixed(3) ?? '?'} s, callback ${short(JSON.stringify(failCallback?.body), 120)}`,
			],
		};
	},
};

module.exports = longTask;
