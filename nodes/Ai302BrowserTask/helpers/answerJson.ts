import { isRecord, type JsonRecord } from '../../shared/transport';

/**
 * Finds the JSON values in the agent's final answer, tolerantly: agents wrap JSON in code
 * fences, put prose around it, or write a draft before the final value.
 */

/** The agent's steps in a task response (browser-use's history). */
export function readSteps(task: JsonRecord): JsonRecord[] {
	return Array.isArray(task.steps) ? task.steps.filter(isRecord) : [];
}

export function actions(step: JsonRecord): JsonRecord[] {
	return Array.isArray(step.action) ? step.action.filter(isRecord) : [];
}

/** A step's extracted_content as texts (an entry that is not text is given as JSON). */
export function extractedContent(step: JsonRecord): string[] {
	const content = step.extracted_content;
	const list = Array.isArray(content)
		? content
		: content === undefined || content === null
			? []
			: [content];
	return list.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
}

/** Text of the last `done` action (browser-use's final answer), or null. */
export function finalDoneText(steps: JsonRecord[]): string | null {
	for (let s = steps.length - 1; s >= 0; s--) {
		const list = actions(steps[s]);
		for (let a = list.length - 1; a >= 0; a--) {
			const done = list[a].done;
			if (isRecord(done) && typeof done.text === 'string') return done.text;
		}
	}
	return null;
}

/** Texts that may hold the answer, best first: `result`, then the final `done` text; else the newest extracted content. */
export function answerSources(task: JsonRecord): { finalAnswer: unknown[]; extracted: string[] } {
	const steps = readSteps(task);
	const extracted = steps.flatMap((step) => extractedContent(step));
	return {
		finalAnswer: [task.result, finalDoneText(steps) ?? undefined],
		extracted: extracted.reverse(),
	};
}

/**
 * The JSON values in one answer, in the order they appear: the whole text when it is JSON;
 * else the code-fenced blocks that hold JSON; else each {...} or [...] span that parses.
 * A result that is already an object or array (not text) is that one value.
 */
export function jsonValuesIn(answer: unknown): unknown[] {
	if (typeof answer === 'object' && answer !== null) return [answer];
	if (typeof answer !== 'string' || answer.trim() === '') return [];
	const whole = parse(answer.trim());
	if (whole.ok) return [whole.value];
	const fenced: unknown[] = [];
	for (const match of answer.matchAll(/```[ \t]*[A-Za-z]*[ \t]*\r?\n?([\s\S]*?)```/g)) {
		const block = parse(match[1].trim());
		if (block.ok) fenced.push(block.value);
	}
	return fenced.length > 0 ? fenced : bracketSpans(answer);
}

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

/** Most parse attempts per text, so a huge text full of stray brackets stays cheap. */
const MAX_ATTEMPTS = 200;

/** Balanced {...} / [...] spans (brackets inside JSON strings do not count) that parse as JSON. */
function bracketSpans(text: string): unknown[] {
	const values: unknown[] = [];
	let attempts = 0;
	for (let start = 0; start < text.length && attempts < MAX_ATTEMPTS; start++) {
		if (text[start] !== '{' && text[start] !== '[') continue;
		const end = closingBracket(text, start);
		if (end < 0) continue;
		attempts++;
		const span = parse(text.slice(start, end + 1));
		if (span.ok) {
			values.push(span.value);
			start = end;
		}
	}
	return values;
}

function closingBracket(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	for (let index = start; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
		} else if (char === '"') {
			inString = true;
		} else if (char === '{' || char === '[') {
			depth++;
		} else if (char === '}' || char === ']') {
			depth--;
			if (depth === 0) return index;
		}
	}
	return -1;
}
