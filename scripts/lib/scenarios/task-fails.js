// examples/05: one of two browser tasks fails → n8n's error output, with the task id.
'use strict';

const { matches } = require('../expect');
const { outputOf, jsonOf, sortedBy, submittedBodies, taskId, short } = require('./helpers');

const FAIL_TASKS = [
	'Read the title of https://example.com [sim run=800]',
	'Log in to https://example.com/admin without a password [sim run=800 outcome=fail]',
];

const taskFails = {
	id: 'ai302TaskFail01',
	file: '05-failure-task-fails.json',
	how: 'execute',
	simulatorOnly: true, // the real agent would not fail on cue
	// n8n 1.x sends an item to the error output only when its JSON is exactly {error} or
	// {error, message}; the node's {error, details} items (2.x accepts them) stay on the regular
	// output there. README "Compatibility" says so.
	lines: ['2'],
	check(ctx, checks) {
		const [okId, failId] = FAIL_TASKS.map((text) => taskId(ctx, text));
		checks.expect(
			'browser tasks submitted',
			submittedBodies(ctx),
			sortedBy(FAIL_TASKS, (t) => t).map((task) => ({ task })),
		);
		checks.expect('regular output → "Succeeded"', jsonOf(outputOf(ctx.run, 'Succeeded')), [
			{ task_id: okId, answer: 'Simulated result for: Read the title of https://example.com' },
		]);
		checks.expect(
			'error output → "Record failure" (with the task id)',
			jsonOf(outputOf(ctx.run, 'Record failure')),
			[
				{
					failed_task_id: failId,
					last_status: 'fail',
					task: FAIL_TASKS[1],
					error: matches(new RegExp(`^Browser task ${failId} failed at step 2: Task failed`)),
				},
			],
		);
	},
	summary(ctx) {
		return {
			in: FAIL_TASKS.map((task) => `task "${short(task, 80)}"`),
			out: [
				...(jsonOf(outputOf(ctx.run, 'Succeeded')) ?? []).map(
					(item) => `succeeded: ${item.task_id} → "${short(item.answer, 70)}"`,
				),
				...(jsonOf(outputOf(ctx.run, 'Record failure')) ?? []).map(
					(item) => `error output: ${item.failed_task_id} → "${short(item.error, 90)}"`,
				),
			],
		};
	},
};

module.exports = taskFails;
