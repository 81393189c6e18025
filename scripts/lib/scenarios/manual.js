// examples/01: items → Python (N8N_ITEM, JSON out, file out) → binary → browser tasks polled together → Code step.
'use strict';

const { matches, partial } = require('../expect');
const {
	outputOf,
	jsonOf,
	binaryContent,
	binarySize,
	sortedBy,
	submittedBodies,
	codeRuns,
	taskId,
	checkPolledTogether,
	short,
} = require('./helpers');

const MANUAL_ORDERS = [
	{ customer: 'Acme GmbH', city: 'Berlin', orders: [120.5, 80, 42.25] },
	{ customer: 'Globex SA', city: 'Paris', orders: [310, 15.75] },
];
const MANUAL_EXPECTED = [
	{
		stdout:
			'{"customer": "Acme GmbH", "city": "Berlin", "order_count": 3, "total": 242.75, "largest": 120.5}\n',
		csv: 'order,amount\n1,120.5\n2,80\n3,42.25\n',
		total: 242.75,
		count: 3,
		largest: 120.5,
	},
	{
		stdout:
			'{"customer": "Globex SA", "city": "Paris", "order_count": 2, "total": 325.75, "largest": 310}\n',
		csv: 'order,amount\n1,310\n2,15.75\n',
		total: 325.75,
		count: 2,
		largest: 310,
	},
];
const hotelTask = (order) =>
	`Find the best-rated business hotel in ${order.city} for ${order.customer} and answer as JSON.`;

const manual = {
	id: 'ai302Manual01',
	file: '01-manual-orders-python-browser.json',
	how: 'execute',
	check(ctx, checks) {
		checks.expect('n8n execute exit code', ctx.exitCode, 0);
		checks.expect('execution status', ctx.run?.status, 'success');
		const python = outputOf(ctx.run, 'Summarise orders in Python');
		checks.expect(
			'302 Code Sandbox output (one item per input item)',
			jsonOf(python),
			MANUAL_EXPECTED.map((expected, i) =>
				partial({
					customer: MANUAL_ORDERS[i].customer,
					city: MANUAL_ORDERS[i].city,
					order_count: expected.count,
					total: expected.total,
					largest: expected.largest,
					stdout: expected.stdout,
					stderr: '',
					fileUrl: matches(/^http:\/\/127\.0\.0\.1:\d+\/files\/[^/]+\/report\.csv$/),
				}),
			),
		);
		MANUAL_EXPECTED.forEach((expected, i) => {
			const report = python?.[i]?.binary?.report;
			checks.expect(
				`binary "report" of item ${i}`,
				report && { ...report, bytes: binarySize(ctx, report) },
				partial({
					fileName: 'report.csv',
					mimeType: 'text/csv',
					bytes: Buffer.byteLength(expected.csv),
				}),
			);
			checks.expect(
				`content of the stored report.csv of item ${i}`,
				binaryContent(ctx, report),
				expected.csv,
			);
		});
		const sentRuns = codeRuns(ctx).map((entry) => ({
			...entry.body,
			envs: { N8N_ITEM: JSON.parse(entry.body?.envs?.N8N_ITEM ?? 'null') },
		}));
		checks.expect(
			'code runs sent: item JSON in N8N_ITEM, files requested',
			sortedBy(sentRuns, (body) => body.envs.N8N_ITEM?.customer),
			MANUAL_ORDERS.map((order) =>
				partial({
					language: 'python',
					timeout: 60,
					is_download: true,
					download_path: '/home/user/report.csv',
					envs: partial({ N8N_ITEM: order }),
				}),
			),
		);

		const taskTexts = MANUAL_ORDERS.map(
			(order) => `${hotelTask(order)} [sim run=1500 result=json]`,
		);
		checks.expect(
			'browser tasks submitted (task text built from each item)',
			submittedBodies(ctx),
			sortedBy(taskTexts, (t) => t).map((task) => ({ task })),
		);
		checkPolledTogether(checks, ctx, 1);
		checks.expect(
			'302 Browser Task output',
			jsonOf(outputOf(ctx.run, 'Research each city')),
			MANUAL_ORDERS.map((order, i) =>
				partial({
					task_id: taskId(ctx, taskTexts[i]),
					status: 'finished',
					is_successful: true,
					timed_out: false,
					result_json: partial({ answer: `Simulated answer for: ${hotelTask(order)}` }),
				}),
			),
		);
		const combined = outputOf(ctx.run, 'Combine results');
		checks.expect(
			'final Code step output',
			jsonOf(combined),
			MANUAL_ORDERS.map((order, i) => ({
				customer: order.customer,
				city: order.city,
				order_count: MANUAL_EXPECTED[i].count,
				total: MANUAL_EXPECTED[i].total,
				report_file: 'report.csv',
				task_id: taskId(ctx, taskTexts[i]),
				task_status: 'finished',
				agent_answer: `Simulated answer for: ${hotelTask(order)}`,
				top_hit: 'First simulated result',
			})),
		);
		checks.expect(
			'final items keep the report file (paired with their input item)',
			combined?.map((item) => binarySize(ctx, item.binary?.report)),
			MANUAL_EXPECTED.map((e) => Buffer.byteLength(e.csv)),
		);
	},
	summary(ctx) {
		const orders = jsonOf(outputOf(ctx.run, 'Sample orders')) ?? [];
		const python = outputOf(ctx.run, 'Summarise orders in Python') ?? [];
		const research = jsonOf(outputOf(ctx.run, 'Research each city')) ?? [];
		return {
			in: orders.map((o) => `${o.customer} (${o.city}): orders ${(o.orders ?? []).join(' + ')}`),
			out: (jsonOf(outputOf(ctx.run, 'Combine results')) ?? []).map((r, i) => {
				const file = python[i]?.binary?.report;
				const fileText = file ? `${file.fileName} (${file.fileSize}, ${file.mimeType})` : 'no file';
				return `${r.customer}: total ${r.total} over ${r.order_count} orders, ${fileText}; browser task ${r.task_status} in ${research[i]?.elapsed_seconds ?? '?'} s → "${short(r.agent_answer, 70)}"`;
			}),
		};
	},
};

module.exports = manual;
