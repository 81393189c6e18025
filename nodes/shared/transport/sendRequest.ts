import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import type { ApiCall, ApiConnection } from './request';
import type { FullResponse } from './responseBody';

/**
 * Building and sending one request of a call: the options n8n's authenticated request helper
 * gets, and through which `this` it is sent (calls that survive a cancel use one without the
 * execution's cancel signal, and the credential already read).
 */

export const CREDENTIAL_TYPE = 'ai302Api';

export function buildRequestOptions(
	connection: ApiConnection,
	call: ApiCall,
	timeoutMs: number,
): IHttpRequestOptions {
	return {
		method: call.method,
		url: `${connection.baseUrl}${call.path}`,
		headers: { accept: 'application/json' },
		qs: call.qs,
		body: call.method === 'POST' ? (call.body ?? {}) : undefined,
		json: call.method === 'POST',
		// Text in, JSON parsed here: malformed, HTML and empty bodies are then handled alike.
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: timeoutMs,
	};
}

/** The `this` a call's requests are sent through, and the credential it passes along. */
export interface RequestSender {
	host: IExecuteFunctions;
	credentialOptions?: IAdditionalCredentialOptions;
}

export function requestSender(
	ctx: IExecuteFunctions,
	connection: ApiConnection,
	survivesCancel: boolean | undefined,
): RequestSender {
	if (!survivesCancel) return { host: ctx };
	return { host: withoutCancelSignal(ctx), credentialOptions: credentialsAlreadyRead(connection) };
}

/** One request; a failure without an HTTP answer (or no response at all) comes back as `failure`. */
export async function sendOnce(
	ctx: IExecuteFunctions,
	sender: RequestSender,
	options: IHttpRequestOptions,
): Promise<{ response?: FullResponse; failure?: unknown }> {
	try {
		const response: FullResponse | undefined = await ctx.helpers.httpRequestWithAuthentication.call(
			sender.host,
			CREDENTIAL_TYPE,
			options,
			sender.credentialOptions,
		);
		return { response };
	} catch (error) {
		return { failure: error };
	}
}

/**
 * The credential data read by getConnection, for calls that survive a cancel: after a cancel
 * `n8n execute` shuts its database down at once, so such a call must not read the credential again.
 */
const credentialsByConnection = new WeakMap<ApiConnection, ICredentialDataDecryptedObject>();

export function rememberCredentials(
	connection: ApiConnection,
	credentials: ICredentialDataDecryptedObject,
): void {
	credentialsByConnection.set(connection, credentials);
}

function credentialsAlreadyRead(
	connection: ApiConnection,
): IAdditionalCredentialOptions | undefined {
	const data = credentialsByConnection.get(connection);
	return data
		? {
				credentialsDecrypted: {
					id: 'already-read',
					name: CREDENTIAL_TYPE,
					type: CREDENTIAL_TYPE,
					data,
				},
			}
		: undefined;
}

/**
 * n8n's httpRequestWithAuthentication attaches the execution's cancel signal to every request
 * when its `this` has `getExecutionCancelSignal` (n8n 1.x and 2.x alike), so after a cancel any
 * request through `ctx` is aborted before it leaves. This `this` offers only what the helper
 * reads (credentials, node, helpers, logger), so the request is sent and ends on its own timeout.
 */
function withoutCancelSignal(ctx: IExecuteFunctions): IExecuteFunctions {
	const host: Pick<IExecuteFunctions, 'getCredentials' | 'getNode' | 'helpers' | 'logger'> = {
		getCredentials: ctx.getCredentials.bind(ctx),
		getNode: ctx.getNode.bind(ctx),
		helpers: ctx.helpers,
		logger: ctx.logger,
	};
	return host as IExecuteFunctions;
}
