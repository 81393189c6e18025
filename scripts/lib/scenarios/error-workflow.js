// examples/11 under `n8n start`: two scheduled workflows that fail (a failed browser task, a
// wrong key) name it as their Error Workflow; every failure must reach it, and its alert must
// carry the workflow, the failed node, the API's message and the task id.
'use strict';

const { matches, where } = require('../expect');
const { short } = require('./helpers');

const ALERT_PATH = '/302-alerts';
const FAIL_TASK =
	'Log in to https://example.com/admin without a password [sim queue=0 run=600 step=300 outcome=fail]';
const WRONG_KEY_TASK_ID = '7c0ffee0-3020-4aaa-8bbb-000000000302';
const FLOWS = {
	failTask: {
		workflowId: 'ai302E2eFailTask',
		workflow: 'e2e: every 3 s → a browser task that fails (error workflow)',
		node: 'Browser task that fails',
	},
	wrongKey: {
		workflowId: 'ai302E2eWrongKey',
		workflow: 'e2e: every 3 s → status of a task with a wrong key (error workflow)',
		node: 'Check a task with a wrong key',
	},
};

const errorWorkflow = {
	id: 'ai302ErrorFlow01',
	title: '302.AI example 11: failing scheduled runs → error workflow alert',
	how: 'server',
	simulatorOnly: true, // the real agent would not fail on cue
	workflows: ['11-error-workflow.json', 'schedule-task-fails.json', 'schedule-wrong-key.json'],
	// n8n 2.x runs an error workflow only when it is published.
	publish: ['ai302ErrorFlow01', 'ai302E2eFailTask', 'ai302E2eWrongKey'],
	async drive({ receiver, simulator }) {
		await receiver.waitFor(
			'an alert of each failing workflow',
			(calls) =>
				Object.values(FLOWS).every((flow) => alerts(calls).some((a) => a.node === flow.node)),
			90_000,
		);
		// Every failure the simulator saw up to now must reach the error workflow (runs still in
		// flight when n8n stops may not: n8n's shutdown does not wait for error workflows to start).
		const snapshotAt = Date.now();
		const failedTaskIds = (await simulator.tasks())
			.filter((task) => task.task === FAIL_TASK && task.createdAt < snapshotAt)
			.map((task) => task.task_id);
		const wrongKeyCalls = (await simulator.requests()).filter(
			(entry) =>
				entry.path === `/302/browser/tasks/${WRONG_KEY_TASK_ID}` && entry.time < snapshotAt,
		).length;
		await receiver.waitFor(
			'the alerts of every failure so far',
			(calls) => {
				const received = alerts(calls);
				return (
					failedTaskIds.every((id) => received.some((a) => a.task_id === id)) &&
					received.filter((a) => a.workflow_id === FLOWS.wrongKey.workflowId).length >=
						wrongKeyCalls
				);
			},
			60_000,
		);
		return { snapshotAt, failedTaskIds, wrongKeyCalls };
	},
	check(ctx, checks) {
		const received = alerts(ctx.receiverCalls);
		const failedTasks = ctx.tasks.filter((task) => task.task === FAIL_TASK);
		const wrongKeyCalls = ctx.requests.filter(
			(entry) => entry.path === `/302/browser/tasks/${WRONG_KEY_TASK_ID}`,
		);
		const byFlow = (flow) => received.filter((alert) => alert.workflow_id === flow.workflowId);
		checks.expect(
			'alerts of each failing workflow (at least 1 each)',
			[byFlow(FLOWS.failTask).length, byFlow(FLOWS.wrongKey).length],
			[where('>= 1', (n) => n >= 1), where('>= 1', (n) => n >= 1)],
		);
		const failedRuns = ctx.executions.filter(
			(e) =>
				e.workflowId === FLOWS.failTask.workflowId || e.workflowId === FLOWS.wrongKey.workflowId,
		);
		const errorRuns = ctx.executions.filter((e) => e.workflowId === errorWorkflow.id);
		const beforeStop = (e) => e.createdAt < ctx.stopAsked;
		checks.expect(
			'saved runs of the failing workflows: all failed (status error, mode trigger; runs started after n8n was asked to stop aside)',
			[...new Set(failedRuns.filter(beforeStop).map((e) => `${e.status}/${e.mode}`))],
			['error/trigger'],
		);
		checks.expect(
			'saved runs of the error workflow that succeeded: one per alert (mode error)',
			errorRuns.filter((e) => e.status === 'success').map((e) => e.mode),
			received.map(() => 'error'),
		);
		checks.expect(
			'saved runs of the error workflow that did not succeed: none started before n8n was asked to stop',
			errorRuns
				.filter((e) => e.status !== 'success' && beforeStop(e))
				.map((e) => `${e.id}: ${e.status}`),
			[],
		);
		checks.expect(
			'every saved run has a creation time (read from the export)',
			ctx.executions.filter((e) => !Number.isFinite(e.createdAt)).length,
			0,
		);
		checks.expect(
			'every alert names a saved failed run of its workflow, once',
			received.map(
				(a) =>
					failedRuns.find((e) => e.id === String(a.execution_id))?.workflowId ??
					`(no failed run ${a.execution_id})`,
			),
			received.map((a) => a.workflow_id),
		);
		checks.expect(
			'every failure seen before the snapshot reached the error workflow (failed tasks by id, wrong-key calls by count)',
			[
				ctx.driven?.failedTaskIds?.filter(
					(id) => !byFlow(FLOWS.failTask).some((a) => a.task_id === id),
				),
				byFlow(FLOWS.wrongKey).length >= (ctx.driven?.wrongKeyCalls ?? Infinity),
			],
			[[], true],
		);
		checks.expect(
			'alerts never outnumber failures (failed tasks, wrong-key requests)',
			[
				byFlow(FLOWS.failTask).length <= failedTasks.length,
				byFlow(FLOWS.wrongKey).length <= wrongKeyCalls.length,
			],
			[true, true],
		);
		checks.expect(
			'the wrong-key requests were answered 401 with that key, not repeated',
			wrongKeyCalls.map((e) => [e.status, e.headers?.authorization]),
			wrongKeyCalls.map(() => [401, `Bearer ${ctx.wrongKey}`]),
		);
		checks.expect(
			'failed-task alerts name each failed task once',
			byFlow(FLOWS.failTask)
				.map((a) => a.task_id)
				.sort(),
			failedTasks.map((t) => t.task_id).sort(),
		);
		for (const alert of byFlow(FLOWS.failTask)) {
			const task = failedTasks.find((t) => t.task_id === alert.task_id);
			const message = `Browser task ${alert.task_id} failed at step ${task?.plannedSteps}: ${task ? 'Task failed: the browser agent gave up' : '?'}`;
			checks.expect(
				`alert for failed task ${alert.task_id}`,
				alert,
				expectedAlert(FLOWS.failTask, {
					message: where(
						`starts with "${message}"`,
						(m) => typeof m === 'string' && m.startsWith(message) && !m.includes('[item'),
					),
					description: matches(/^302\.AI reports the task as failed/),
					task_id: alert.task_id,
				}),
			);
		}
		for (const alert of byFlow(FLOWS.wrongKey)) {
			checks.expect(
				`alert for the wrong key (execution ${alert.execution_id})`,
				alert,
				expectedAlert(FLOWS.wrongKey, {
					message: matches(
						new RegExp(
							`^302\\.AI GET /302/browser/tasks/${WRONG_KEY_TASK_ID} failed \\(HTTP 401[^)]*\\): Invalid API key$`,
						),
					),
					description: where(
						'a hint about the key',
						(d) => typeof d === 'string' && /key/i.test(d),
					),
					task_id: WRONG_KEY_TASK_ID,
				}),
			);
		}
		checks.expect(
			'no alert repeats an execution',
			new Set(received.map((a) => a.execution_id)).size,
			received.length,
		);
		checks.expect(
			'the wrong key appears in no alert',
			ctx.receiverCalls.filter((c) => c.text.includes(ctx.wrongKey)).length,
			0,
		);
	},
	executions: (ctx) =>
		ctx.executions.filter((e) =>
			[errorWorkflow.id, FLOWS.failTask.workflowId, FLOWS.wrongKey.workflowId].includes(
				e.workflowId,
			),
		).length,
	summary(ctx) {
		const received = alerts(ctx.receiverCalls);
		const failedRuns = ctx.executions.filter(
			(e) =>
				e.workflowId === FLOWS.failTask.workflowId || e.workflowId === FLOWS.wrongKey.workflowId,
		);
		const withoutAlert = failedRuns.filter(
			(e) => !received.some((a) => String(a.execution_id) === e.id),
		);
		return {
			in: [
				'scheduled every 3 s: a browser task that fails; a status check with a wrong key; both name example 11 as Error Workflow',
			],
			out: [
				`${failedRuns.length} failed scheduled runs, ${received.length} alerts (${withoutAlert.length} runs failed while n8n shut down, without alert):`,
				...received.map((a) => `  node "${a.node}", task ${a.task_id}: ${short(a.message, 110)}`),
			],
		};
	},
};

function expectedAlert(flow, fields) {
	return {
		text: where(
			'a one-line alert naming the workflow, the node and the message',
			(t) =>
				typeof t === 'string' &&
				t.startsWith(`n8n: "${flow.workflow}" failed in node "${flow.node}": `),
		),
		workflow: flow.workflow,
		workflow_id: flow.workflowId,
		execution_id: where('an execution id', (v) => typeof v === 'string' || typeof v === 'number'),
		execution_url: matches(new RegExp(`/workflow/${flow.workflowId}/executions/\\d+$`)),
		mode: 'trigger',
		node: flow.node,
		...fields,
	};
}

function alerts(calls) {
	return calls.filter((call) => call.path === ALERT_PATH).map((call) => call.body);
}

module.exports = errorWorkflow;
