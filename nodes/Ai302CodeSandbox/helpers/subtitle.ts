import { OPERATION_ROWS } from '../actions/operations';

/**
 * The node's subtitle on the canvas and in the panel: what the node does ("Run code",
 * "List files"), not the raw values ("run: code"). One entry per resource › operation, from the
 * operation table; an operation missing here shows its raw value rather than nothing.
 */
export const SUBTITLES: Record<string, string> = Object.fromEntries(
	OPERATION_ROWS.map((row) => [`${row.resource}:${row.value}`, row.subtitle]),
);

/**
 * An n8n expression choosing the subtitle. A plain chain of comparisons: n8n evaluates it the
 * same way in every version (no object literal or arrow function inside the braces).
 */
export function subtitleExpression(subtitles: Record<string, string> = SUBTITLES): string {
	const key = '$parameter["resource"] + ":" + $parameter["operation"]';
	const chain = Object.entries(subtitles)
		.map(
			([operation, text]) => `${key} === ${JSON.stringify(operation)} ? ${JSON.stringify(text)} : `,
		)
		.join('');
	return `={{ ${chain}$parameter["operation"] }}`;
}
