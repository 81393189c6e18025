// examples/03: Schedule Trigger run once by `n8n execute` → Python once for all items → browser tasks → digest.
'use strict';

const { any } = require('../expect');
const {
	outputOf,
	jsonOf,
	ranNodes,
	sortedBy,
	submittedBodies,
	codeRuns,
	taskId,
	checkPolledTogether,
	short,
} = require('./helpers');

const DIGEST_TOPICS = ['open-source workflow automation', 'browser agents'];
const digestTask = (topic) =>
	`Find the two most discussed articles about ${topic} this week and answer as JSON.`;

const schedule = {
	id: 'ai302Schedule01',
	file: '03-schedule-daily-digest.json',
	how: 'execute',
	check(ctx, checks) {
		checks.expect('n8n execute exit code', ctx.exitCode, 0);
		checks.expect(
			'the Schedule Trigger started the run',
			ranNodes(ctx.run).includes('Every day at 07:00') && !ranNodes(ctx.run).includes('Run now'),
			true,
		);
		checks.expect(
			'Python output (JSON array → one item per element)',
			jsonOf(outputOf(ctx.run, 'Pick topics in Python')),
			DIGEST_TOPICS.map((topic) => ({ topic, trigger_items: 1 })),
		);
		checks.expect(
			'one code run with all items in N8N_ITEMS',
			codeRuns(ctx).map((entry) => ({
				items: JSON.parse(entry.body?.envs?.N8N_ITEMS ?? 'null'),
				item: entry.body?.envs?.N8N_ITEM,
			})),
			[{ items: [any('object')], item: undefined }],
		);
		const texts = DIGEST_TOPICS.map((topic) => `${digestTask(topic)} [sim run=1000 result=json]`);
		checks.expect(
			'browser tasks submitted',
			submittedBodies(ctx),
			sortedBy(texts, (t) => t).map((task) => ({ task })),
		);
		checkPolledTogether(checks, ctx, 1);
		checks.expect(
			'digest built from the structured results',
			jsonOf(outputOf(ctx.run, 'Build digest')),
			[
				{
					topics: 2,
					digest: DIGEST_TOPICS.map((topic) => `${topic}: First simulated result`).join('\n'),
					task_ids: texts.map((text) => taskId(ctx, text)),
				},
			],
		);
	},
	summary(ctx) {
		const triggered = ranNodes(ctx.run).find(
			(name) => name === 'Every day at 07:00' || name === 'Run now',
		);
		return {
			in: [
				`trigger "${triggered ?? '?'}" (run once by n8n execute); Python picked: ${(jsonOf(outputOf(ctx.run, 'Pick topics in Python')) ?? []).map((t) => t.topic).join(', ')}`,
			],
			out: (jsonOf(outputOf(ctx.run, 'Build digest')) ?? []).flatMap((d) => [
				`digest of ${d.topics} topics:`,
				...String(d.digest)
					.split('\n')
					.map((line) => `  ${short(line, 110)}`),
			]),
		};
	},
};

module.exports = schedule;
