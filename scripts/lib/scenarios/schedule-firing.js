// A published Schedule Trigger under `n8n start`, every 2 s: each firing runs Python and a 4 s
// browser task (so firings overlap) and posts its report to the e2e receiver. Checks that it
// fired repeatedly on its own and that every firing kept its own task and output.
'use strict';

const { where } = require('../expect');
const { codeRuns, submits, short } = require('./helpers');

const REPORT_PATH = '/302-schedule-report';
const MIN_FIRINGS = 3;
const INTERVAL_SECONDS = 2;
const taskText = (label) => `Check the status page for ${label} [sim queue=0 run=4000 step=1000]`;
const isScheduleTask = (text) =>
	typeof text === 'string' && text.startsWith('Check the status page for run-');

const scheduleFiring = {
	id: 'ai302E2eEvery2s',
	title: 'Schedule Trigger firing on its own (every 2 s, overlapping 4 s browser tasks)',
	how: 'server',
	simulatorOnly: true, // a real browser task every 2 s costs money
	workflows: ['schedule-every-2s.json'],
	publish: ['ai302E2eEvery2s'],
	async drive({ receiver }) {
		await receiver.waitFor(
			`${MIN_FIRINGS} schedule reports`,
			(calls) => reports(calls).length >= MIN_FIRINGS,
			90_000,
		);
		return {};
	},
	check(ctx, checks) {
		const received = reports(ctx.receiverCalls);
		const tasks = ctx.tasks
			.filter((task) => isScheduleTask(task.task))
			.sort((a, b) => a.createdAt - b.createdAt);
		const pythonRuns = codeRuns(ctx).filter((entry) =>
			String(entry.body?.envs?.N8N_ITEM ?? '').includes('"timestamp"'),
		);
		const runs = ctx.executions.filter((e) => e.workflowId === scheduleFiring.id);
		checks.expect(
			'saved runs of the scheduled workflow that succeeded: one per report (mode trigger)',
			runs.filter((e) => e.status === 'success').map((e) => e.mode),
			received.map(() => 'trigger'),
		);
		checks.expect(
			'saved runs that did not succeed: none started before n8n was asked to stop',
			runs
				.filter((e) => e.status !== 'success' && !(e.createdAt >= ctx.stopAsked))
				.map((e) => `${e.id}: ${e.status}`),
			[],
		);
		checks.expect(
			`firings reported (at least ${MIN_FIRINGS})`,
			received.length,
			where(`>= ${MIN_FIRINGS}`, (n) => n >= MIN_FIRINGS),
		);
		checks.expect(
			'every firing ran Python once and created one task (code runs, task submits, reports)',
			[pythonRuns.length, submits(ctx).filter((e) => isScheduleTask(e.body?.task)).length],
			[received.length, received.length],
		);
		checks.expect(
			'every report is its own firing (distinct trigger timestamps)',
			new Set(received.map((r) => r.fired_at)).size,
			received.length,
		);
		checks.expect(
			'every firing has its own task (distinct task ids)',
			new Set(received.map((r) => r.task_id)).size,
			received.length,
		);
		received.forEach((report, index) => {
			const label = `run-${String(report.fired_at).slice(11, 19).replace(/:/g, '')}`;
			const twoDigits = String(report.fired_at).slice(17, 19);
			const second = Number(twoDigits);
			const task = tasks.find((t) => t.task === taskText(label));
			checks.expect(
				`report ${index + 1} (fired at ${report.fired_at}): Python's output, its own task and result`,
				report,
				{
					fired_at: where(
						'an ISO timestamp',
						(v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
					),
					label,
					second,
					trigger_second: twoDigits, // the Schedule Trigger's own field, zero-padded text
					task_id: task?.task_id ?? `(no task "${taskText(label)}")`,
					status: 'finished',
					result: `Simulated result for: Check the status page for ${label}`,
				},
			);
		});
		const overlapping = tasks.filter(
			(task, i) =>
				i > 0 &&
				task.createdAt < tasks[i - 1].createdAt + tasks[i - 1].queueMs + tasks[i - 1].runMs,
		).length;
		checks.expect(
			"firings overlapped (a task started while the previous firing's task was still running)",
			overlapping,
			where('at least 1', (n) => n >= 1),
		);
	},
	executions: (ctx) => ctx.executions.filter((e) => e.workflowId === scheduleFiring.id).length,
	summary(ctx) {
		const received = reports(ctx.receiverCalls);
		const tasks = ctx.tasks
			.filter((task) => isScheduleTask(task.task))
			.sort((a, b) => a.createdAt - b.createdAt);
		const overlaps = tasks.filter(
			(task, i) =>
				i > 0 &&
				task.createdAt < tasks[i - 1].createdAt + tasks[i - 1].queueMs + tasks[i - 1].runMs,
		).length;
		return {
			in: [
				`Schedule Trigger every ${INTERVAL_SECONDS} s, published; n8n ran ${ctx.serverSeconds?.toFixed(1) ?? '?'} s`,
			],
			out: [
				`${received.length} firings reported, ${overlaps} started while the previous task was still running:`,
				...received.map(
					(r) =>
						`  ${r.fired_at} → ${r.label}, task ${r.task_id} ${r.status}: "${short(r.result, 60)}"`,
				),
			],
		};
	},
};

function reports(calls) {
	return calls.filter((call) => call.path === REPORT_PATH).map((call) => call.body);
}

module.exports = scheduleFiring;
