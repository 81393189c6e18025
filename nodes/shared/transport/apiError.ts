import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** Everything a transport error says, decided before the error is built. */
export interface ApiErrorText {
	message: string;
	/** Empty or undefined: the error has no description. */
	description?: string;
	httpCode?: string;
	itemIndex?: number;
	/** Machine-readable details for error items and tests (endpoint, errCode, networkCode). */
	context?: Record<string, string | number>;
}

/**
 * The one place the transport builds a NodeApiError, so every error keeps the message and
 * description it was given, exactly.
 *
 * NodeApiError's constructor keeps `message` from its options, but then replaces it with a
 * generic text whenever it contains a Node error code anywhere (ENOENT, EPERM, EEXIST,
 * ECONNREFUSED, ..., case-insensitive), and without a description it takes one from the
 * response. Our messages carry the endpoint (with the user's ids), the API's own words, a file
 * URL or a network code, so they can contain such a word, and the generic text hides what went
 * wrong. n8n offers no option to turn this off (`messageMapping` only adds replacements), and a
 * subclass would change `error.name`, which n8n-core checks for 'NodeApiError'. So the two
 * texts are set back right after construction, here and nowhere else.
 */
export function buildNodeApiError(
	node: INode,
	errorResponse: JsonObject,
	text: ApiErrorText,
): NodeApiError {
	const description = text.description || undefined;
	const error = new NodeApiError(node, errorResponse, {
		message: text.message,
		description,
		httpCode: text.httpCode,
		itemIndex: text.itemIndex,
	});
	error.message = text.message;
	error.description = description;
	Object.assign(error.context, text.context);
	return error;
}
