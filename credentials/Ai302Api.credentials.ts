import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One 302.AI API key serves both nodes. The key travels only as a Bearer header, and only to
 * an https base URL or to http on a loopback host (local testing); the nodes check this before
 * every request, and the credential test below checks it before its own request.
 */
export class Ai302Api implements ICredentialType {
	name = 'ai302Api';

	displayName = '302.AI API';

	icon: Icon = { light: 'file:ai302.svg', dark: 'file:ai302.dark.svg' };

	documentationUrl = 'https://doc.302.ai/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'Create a key at https://dash.302.ai/apis/list',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.302.ai',
			required: true,
			description:
				'Root of the 302.AI API. Use https://api.302ai.cn for the mainland China relay. Only https URLs are accepted (http only for localhost, 127.x.x.x or [::1]).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// GET /302/sandbox/list is free and reads data tied to the key, so it proves the key.
	// The base URL expression mirrors the nodes' base URL check (transport/baseUrl.ts): an
	// unsafe URL is replaced by one with an unsupported scheme, which fails locally, before any
	// connection, so the key goes nowhere.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ /^(https:\\/\\/[^\\s\\/?#@]+|http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d{1,5})?)\\/*$/i.test(String($credentials.baseUrl ?? "").trim()) ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : "refused-base-url-must-be-https-or-loopback-http://invalid" }}',
			url: '/302/sandbox/list',
			method: 'GET',
		},
	};
}
