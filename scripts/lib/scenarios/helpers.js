// Shared pieces of the workflow checks: a check collector, readers for n8n's run data and for
// the simulator's request log, and text shortening for the summaries.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { diff, where } = require('../expect');

/** Collects named checks; each failure keeps its diff. */
class Checks {
	constructor() {
		this.passed = 0;
		this.failures = [];
	}

	expect(label, actual, expected) {
		const differences = diff(actual, expected);
		if (differences.length === 0) this.passed++;
		else this.failures.push({ label, differences });
	}
}

// ---- reading n8n's run data ----

/** Items of one node's output (last run); undefined when the node did not run. */
function outputOf(run, nodeName, outputIndex = 0) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	return runs?.[runs.length - 1]?.data?.main?.[outputIndex] ?? undefined;
}

const jsonOf = (items) => items?.map((item) => item.json);
const ranNodes = (run) => Object.keys(run?.data?.resultData?.runData ?? {});

/**
 * The file n8n's filesystem mode stored for a binary ("filesystem-v2:<relative path>"), under
 * <user folder>/.n8n/storage (n8n 2.x) or .n8n/binaryData (n8n 1.x); or a text saying why not.
 */
function binaryFile(ctx, binary) {
	const id = String(binary?.id ?? '');
	const relative = id.replace(/^filesystem(-v2)?:/, '');
	if (!relative || relative === id)
		return { missing: `(not stored in filesystem mode: ${id || 'no id'})` };
	const candidates = ['storage', 'binaryData'].map((folder) =>
		path.join(ctx.userFolder, '.n8n', folder, relative),
	);
	const file = candidates.find((candidate) => fs.existsSync(candidate));
	return file ? { file } : { missing: `(missing file ${candidates[0]})` };
}

/** Content of a binary item stored by n8n's filesystem mode. */
function binaryContent(ctx, binary) {
	const { file, missing } = binaryFile(ctx, binary);
	return file ? fs.readFileSync(file, 'utf8') : missing;
}

/** A binary's size in bytes: n8n 2.x records `bytes`; 1.x only a rounded text, so the stored file's size. */
function binarySize(ctx, binary) {
	if (binary?.bytes !== undefined) return binary.bytes;
	const { file } = binaryFile(ctx, binary);
	return file ? fs.statSync(file).size : undefined;
}

// ---- reading the simulator's log ----

const submits = (ctx) =>
	ctx.requests.filter((entry) => entry.method === 'POST' && entry.path === '/302/browser/submit');
/** Requests sent concurrently arrive in any order: compare them sorted by a text key. */
const sortedBy = (list, key) =>
	[...list].sort((a, b) => String(key(a)).localeCompare(String(key(b))));
const submittedBodies = (ctx) =>
	sortedBy(
		submits(ctx).map((entry) => entry.body),
		(body) => body?.task,
	);
const polls = (ctx) =>
	ctx.requests.filter(
		(entry) => entry.method === 'GET' && entry.path.startsWith('/302/browser/tasks/'),
	);
const codeRuns = (ctx) =>
	ctx.requests.filter((entry) => entry.path === '/302/sandbox/direct_run_code');

/** The simulator's id for the task whose text is `text` (directives included). */
function taskId(ctx, text) {
	return ctx.tasks.find((task) => task.task === text)?.task_id ?? `(no task "${text}")`;
}

function plannedSteps(ctx, text) {
	return ctx.tasks.find((task) => task.task === text)?.plannedSteps;
}

/** Tasks created first, then polled together: every submit precedes every poll, polls interleave. */
function checkPolledTogether(checks, ctx, interval) {
	const created = submits(ctx);
	const polled = polls(ctx);
	checks.expect(
		'all tasks are created before the first status poll',
		Math.max(...created.map((e) => e.time)) < Math.min(...polled.map((e) => e.time)),
		true,
	);
	const firstPolls = new Set(polled.slice(0, created.length).map((entry) => entry.path));
	checks.expect(
		'the first polls cover every task (one loop polls them together)',
		firstPolls.size,
		created.length,
	);
	for (const task of ctx.tasks.filter((t) =>
		created.some((entry) => entry.body?.task === t.task),
	)) {
		const count = polled.filter((entry) => entry.path.endsWith(`/${task.task_id}`)).length;
		const bound = Math.ceil((task.queueMs + task.runMs) / (interval * 1000)) + 2;
		checks.expect(
			`polls of task ${task.task_id} (at most ceil(duration / interval) + 2 = ${bound})`,
			count,
			where(`between 1 and ${bound}`, (n) => n >= 1 && n <= bound),
		);
	}
}

const short = (text, max = 90) => {
	const value = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : JSON.stringify(text);
	return value && value.length > max ? `${value.slice(0, max - 1)}…` : value;
};

module.exports = {
	Checks,
	outputOf,
	jsonOf,
	ranNodes,
	binaryContent,
	binarySize,
	submits,
	sortedBy,
	submittedBodies,
	codeRuns,
	taskId,
	plannedSteps,
	checkPolledTogether,
	short,
};
