// A worker killed mid-wait in the crash-safe pattern (Create without waiting → Get with waiting,
// Save execution progress on), main killed and restarted as well: n8n's queue recovery marks the
// execution crashed and keeps the saved progress; Retry resumes at Get and finishes the same
// task without a second submit.
'use strict';

const { Checks, where } = require('./checks');
const { createdLine, findTask, isPoll, postWebhook, until } = require('./scenarios');

const SUBMIT = '/302/browser/submit';

async function crashAndRetry({ cluster, sim, rest, log }) {
	const checks = new Checks();
	const text = 'Crash-safe task [sim queue=0 run=25000]';
	const accepted = await postWebhook(cluster.url('main'), 'qm-crash', { task: text });
	checks.expect('webhook (respond at once): HTTP status', accepted.status, 200);
	const task = await until('the submit of the crash-safe task', () => findTask(sim, text), 60_000);
	// The Get node is waiting once the simulator sees its polls.
	await until(
		'a Get poll of the task',
		async () => (await sim.requests()).some((r) => isPoll(r, task.task_id)),
		30_000,
	);
	const execution = await until(
		'the running execution',
		async () => (await rest.executions({ status: ['running'], workflowId: 'qmCrash01' }))[0],
		30_000,
		250,
	);
	const role = ['worker1', 'worker2'].find((r) =>
		cluster.executionsOn(r).includes(String(execution.id)),
	);
	checks.expect(
		'the worker running it is known from its log',
		role,
		where('worker1 or worker2', (r) => r === 'worker1' || r === 'worker2'),
	);
	checks.expect(
		"the task id is in that worker's log before the crash",
		createdLine(cluster, task.task_id)?.role,
		role,
	);

	const killedAt = Date.now();
	await cluster.stop(role, { crash: true });
	await cluster.stop('main', { crash: true });
	log(
		`killed ${role} (SIGKILL) and main mid-wait; restarting main, waiting for n8n's queue recovery`,
	);
	await cluster.start('main');
	await rest.signIn();
	await cluster.start(role);
	const crashed = await until(
		'the execution marked crashed by queue recovery',
		async () => {
			const saved = await rest.execution(execution.id);
			return saved.status === 'crashed' ? saved : undefined;
		},
		240_000,
		2000,
	);
	const recoverySeconds = (Date.now() - killedAt) / 1000;
	checks.expect('saved execution after the crash: status', crashed.status, 'crashed');
	checks.expect(
		'saved progress keeps the task id (Create output)',
		String(crashed.data).includes(task.task_id),
		true,
	);

	const retryStartedAt = Date.now();
	const retried = await rest.retry(execution.id, false);
	const requests = await sim.requests();
	const submits = requests.filter((r) => r.path === SUBMIT && r.body?.task === text);
	const pollsAfterRetry = requests.filter(
		(r) => isPoll(r, task.task_id) && r.time >= retryStartedAt,
	);
	const saved = retried?.id ? await rest.execution(retried.id) : undefined;
	const getOutput = saved ? rest.nodeOutput(saved, 'Wait for task') : undefined;
	checks.expect('retry: status', retried?.status, 'success');
	checks.expect(
		'retry: a new execution, retry of the crashed one',
		{ retryOf: String(retried?.retryOf), isNew: String(retried?.id) !== String(execution.id) },
		{ retryOf: String(execution.id), isNew: true },
	);
	checks.expect('submits of the task in all (no second task created)', submits.length, 1);
	checks.expect(
		'the retry polled the same task',
		pollsAfterRetry.length,
		where('at least 1', (n) => n >= 1),
	);
	checks.expect(
		"the retried execution's Get output",
		getOutput?.map((item) => ({ task_id: item.json.task_id, status: item.json.status })),
		[{ task_id: task.task_id, status: 'finished' }],
	);
	return {
		title: 'worker killed mid-wait (Create → Get), main restarted, Retry resumes at Get',
		checks,
		bench: { recoverySeconds },
		summary: [
			`${role} and main SIGKILLed; crashed after ${recoverySeconds.toFixed(0)} s (queue recovery interval 1 min)`,
			`retry → ${retried?.status}, submits ${submits.length}, polls after retry ${pollsAfterRetry.length}`,
		],
	};
}

module.exports = { crashAndRetry };
