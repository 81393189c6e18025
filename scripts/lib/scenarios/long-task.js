// examples/09 + 10 under `n8n start`: the webhook answers 202 with the task id at once, the
// workflow waits for the task and POSTs the result to the caller's callback URL; the status
// webhook answers the task's status on demand (running, then finished).
'use strict';

const { any, where } = require('../expect');
const { submittedBodies, taskId, plannedSteps, short } = require('./helpers');

const TASK = 'Collect the opening hours of every store listed on https://example.com/stores [sim queue=0 run=4000 step=1000]';
const RESULT = 'Simulated result for: Collect the opening hours of every store listed on https://example.com/stores';
/** The caller's answer must come before this; the task itself takes 4 s. */
const ANSWER_WITHIN_SECONDS = 1;

const longTask = {
	id: 'ai302LongTask01',
	title: '302.AI examples 09 + 10: webhook answers 202 at once → callback; status webhook',
	how: 'server',
	simulatorOnly: true, // waits for a callback; a real task takes minutes
	workflows: ['09-webhook-long-task-callback.json', '10-webhook-task-status.json'],
	publish: ['ai302LongTask01', 'ai302TaskStatus01'],
	webhooks: [{ path: '302-long-task', method: 'POST' }, { path: '302-task-status', method: 'GET' }],
	async drive({ call, receiver }) {
		const callbackPath = `/callback/${Date.now()}`;
		const answer = await call('POST', '/webhook/302-long-task', { task: TASK, callback_url: `${receiver.url}${callbackPath}` });
		const id = answer.body?.task_id;
		const statuses = [await call('GET', `/webhook/302-task-status?task_id=${encodeURIComponent(id)}`)];
		const [callback] = (await receiver.waitFor('the callback', (calls) => calls.some((c) => c.path === callbackPath), 60_000)).filter((c) => c.path === callbackPath);
		statuses.push(await call('GET', `/webhook/302-task-status?task_id=${encodeURIComponent(id)}`));
		return { answer, statuses, callback, callbackPath };
	},
	check(ctx, checks) {
		const { answer, statuses = [], callback } = ctx.driven ?? {};
		const id = taskId(ctx, TASK);
		const task = ctx.tasks.find((t) => t.task_id === id);
		checks.expect('webhook answer: HTTP 202', answer?.status, 202);
		checks.expect('webhook answer: the task id (and where to ask for its status)', answer?.body, {
			task_id: id,
			status_path: `/webhook/302-task-status?task_id=${id}`,
		});
		checks.expect(`webhook answer time < ${ANSWER_WITHIN_SECONDS} s (measured)`, answer?.seconds, where(`below ${ANSWER_WITHIN_SECONDS}`, (s) => s < ANSWER_WITHIN_SECONDS));
		checks.expect('the answer came before the task finished (the caller did not wait for it)', answer?.answeredAt < task?.createdAt + task?.queueMs + task?.runMs, true);
		checks.expect('one browser task submitted', submittedBodies(ctx).filter((b) => b.task === TASK), [{ task: TASK }]);
		checks.expect('callback: one POST with the finished result', ctx.receiverCalls.filter((c) => c.path === ctx.driven?.callbackPath).map((c) => ({ method: c.method, body: c.body })), [{
			method: 'POST',
			body: { task_id: id, status: 'finished', is_successful: true, result: RESULT, steps: plannedSteps(ctx, TASK), elapsed_seconds: any('number') },
		}]);
		checks.expect('callback came after the answer', callback?.time > answer?.answeredAt, true);
		checks.expect('saved runs: 09 once, 10 once per status call, all succeeded', ['ai302LongTask01', 'ai302TaskStatus01'].map((wf) => ctx.executions.filter((e) => e.workflowId === wf).map((e) => `${e.status}/${e.mode}`)), [['success/webhook'], statuses.map(() => 'success/webhook')]);
		checks.expect('status webhook: running, then finished', statuses.map((s) => ({ status: s.status, body: s.body })), [
			{ status: 200, body: { task_id: id, status: 'running', is_successful: null, current_step: any('number'), result: null } },
			{ status: 200, body: { task_id: id, status: 'finished', is_successful: true, current_step: plannedSteps(ctx, TASK), result: RESULT } },
		]);
	},
	executions: (ctx) => ctx.executions.filter((e) => e.workflowId === 'ai302LongTask01' || e.workflowId === 'ai302TaskStatus01').length,
	summary(ctx) {
		const { answer, statuses = [], callback } = ctx.driven ?? {};
		const callbackSeconds = callback && answer ? (callback.time - answer.sentAt) / 1000 : undefined;
		return {
			in: [`POST /webhook/302-long-task {"task": "${short(TASK, 60)}", "callback_url": "<receiver>"}`],
			out: [
				`answer HTTP ${answer?.status ?? '?'} in ${answer?.seconds?.toFixed(3) ?? '?'} s: ${short(JSON.stringify(answer?.body), 120)}`,
				`status webhook: ${statuses.map((s) => `${s.body?.status} (${s.seconds.toFixed(3)} s)`).join(' → ')}`,
				`callback after ${callbackSeconds?.toFixed(3) ?? '?'} s (call → callback): ${short(JSON.stringify(callback?.body), 110)}`,
			],
		};
	},
};

module.exports = longTask;
