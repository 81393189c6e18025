// examples/07: a CSV file (Convert to File) → Code › Run with Input Files in a temporary sandbox
// (create → write → run_code → download → kill) → summary JSON + chart.txt as binary; then
// Sandbox › Get or Create twice (created, then found) and Delete. No sandbox is left alive.
'use strict';

const { matches, partial, where } = require('../expect');
const { outputOf, jsonOf, binaryContent, binarySize, short } = require('./helpers');

const CHART = 'north  ################ 162.75\nsouth  ######## 80\nwest   ###### 57.75\n';
const WORKSPACE = 'n8n-example-07-workspace';
const SANDBOX_ID = matches(/^[a-z0-9]{20}-[0-9a-f]{8}$/);

/** API calls (not file fetches) as "METHOD path". */
const apiCalls = (ctx) =>
	ctx.requests
		.filter((entry) => entry.kind === 'api')
		.map((entry) => `${entry.method} ${entry.path}`);

const files = {
	id: 'ai302Files07',
	file: '07-csv-files-in-sandbox.json',
	how: 'execute',
	check(ctx, checks) {
		checks.expect('n8n execute exit code', ctx.exitCode, 0);
		checks.expect('execution status', ctx.run?.status, 'success');
		const [python] = outputOf(ctx.run, 'Sum the CSV in Python') ?? [];
		const temporary = python?.json?.sandbox_id;
		checks.expect(
			'Python summary (JSON) and what the node reports about the sandbox and the file',
			python?.json,
			partial({
				rows: 4,
				total: 300.5,
				by_region: { north: 162.75, south: 80, west: 57.75 },
				stderr: '',
				fileUrl: matches(/^http:\/\/127\.0\.0\.1:\d+\/files\/[^/]+\/chart\.txt$/),
				sandbox_id: SANDBOX_ID,
				sandboxDeleted: true,
				inputFiles: [
					{
						item: 0,
						field: 'data',
						path: '/home/user/sales.csv',
						bytes: where('a positive byte count', (n) => Number.isInteger(n) && n > 0),
					},
				],
			}),
		);
		const chartBinary = python?.binary?.chart;
		checks.expect(
			'binary "chart" (the chart.txt Python wrote)',
			chartBinary && { ...chartBinary, bytes: binarySize(ctx, chartBinary) },
			partial({ fileName: 'chart.txt', bytes: Buffer.byteLength(CHART) }),
		);
		checks.expect(
			'content of the stored chart.txt',
			binaryContent(ctx, python?.binary?.chart),
			CHART,
		);

		const runCode = ctx.requests.find((entry) => entry.path === '/302/sandbox/run_code');
		checks.expect(
			'run_code got the file path in N8N_FILES',
			runCode?.body?.envs?.N8N_FILES,
			'{"data":"/home/user/sales.csv"}',
		);
		const write = ctx.requests.find((entry) => entry.path === '/302/sandbox/file/write');
		checks.expect(
			'file/write carried the CSV inline, saved as /home/user/sales.csv',
			write?.body?.file_list?.map((f) => ({ save_path: f.save_path, head: f.file.slice(0, 35) })),
			[{ save_path: '/home/user/sales.csv', head: 'data:text/csv;name=sales.csv;base64' }],
		);

		const first = outputOf(ctx.run, 'Keep a workspace')?.[0]?.json;
		const second = outputOf(ctx.run, 'Same workspace again')?.[0]?.json;
		checks.expect(
			'Get or Create, first call',
			first,
			partial({ sandbox_id: SANDBOX_ID, sandbox_name: WORKSPACE, created: true }),
		);
		checks.expect(
			'Get or Create, second call: the same sandbox, found',
			second,
			partial({ sandbox_id: first?.sandbox_id, created: false }),
		);
		checks.expect('Delete output', jsonOf(outputOf(ctx.run, 'Delete the workspace')), [
			{ sandbox_id: first?.sandbox_id, deleted: true },
		]);

		checks.expect('exact API request sequence', apiCalls(ctx), [
			'POST /302/sandbox/create',
			'POST /302/sandbox/file/write',
			'POST /302/sandbox/run_code',
			'POST /302/sandbox/file/download',
			`POST /302/sandbox/kill/${temporary}`,
			'GET /302/sandbox/list',
			'POST /302/sandbox/create',
			'GET /302/sandbox/list',
			`POST /302/sandbox/kill/${first?.sandbox_id}`,
		]);
		checks.expect(
			'every API answer was 2xx',
			ctx.requests.filter(
				(entry) => entry.kind === 'api' && !(entry.status >= 200 && entry.status < 300),
			),
			[],
		);
		checks.expect('sandboxes alive in the simulator afterwards', ctx.liveSandboxes, {
			count: 0,
			ids: [],
		});
	},
	summary(ctx) {
		const [python] = outputOf(ctx.run, 'Sum the CSV in Python') ?? [];
		const chart = python?.binary?.chart;
		const first = outputOf(ctx.run, 'Keep a workspace')?.[0]?.json;
		const second = outputOf(ctx.run, 'Same workspace again')?.[0]?.json;
		const calls = ctx.requests
			.filter((entry) => entry.kind === 'api')
			.map((entry) => entry.path.replace('/302/sandbox/', '').replace(/^kill\/.*/, 'kill'));
		const error = ctx.run?.data?.resultData?.error;
		return {
			in: [
				'4 sales rows → Convert to File → sales.csv in binary "data" → 302 Code Sandbox › Run with Input Files "data"',
			],
			out: [
				`sales.csv ${python?.json?.inputFiles?.[0]?.bytes} B in; rows ${python?.json?.rows}, total ${python?.json?.total}, ${chart ? `${chart.fileName} (${chart.fileSize}) in binary "chart"` : 'no chart'}; temporary sandbox deleted: ${python?.json?.sandboxDeleted}`,
				`Get or Create: created ${first?.created}, then created ${second?.created} (same id: ${first?.sandbox_id === second?.sandbox_id}); requests: ${calls.join(' → ')}`,
				`sandboxes alive afterwards: ${ctx.liveSandboxes ? ctx.liveSandboxes.count : 'n/a'} · ${short(python?.json?.stdout ?? '', 80)}`,
				...(error
					? [`execution error: ${short(`${error.message} ${error.description ?? ''}`, 400)}`]
					: []),
			],
		};
	},
};

module.exports = files;
