import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** The credential's Base URL as typed, trimmed (an n8n expression fragment). */
const BASE_URL = 'String($credentials.baseUrl ?? "").trim()';

/**
 * Expression fragment: true for https://host[:port][/path], or http on a loopback host
 * (localhost, 127.x.x.x, [::1]); never with user info, query or fragment.
 */
const IS_SAFE_BASE_URL = String.raw`/^(https:\/\/[^\s\/?#@]+|http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?)(\/[^\s?#@]*)?$/i.test(${BASE_URL})`;

/**
 * Where an unsafe Base URL is sent instead: an unsupported scheme, refused before any DNS lookup.
 * Its host is the typed URL's host (letters, digits, . : [ ] - only), so n8n 2.x's message names
 * what the user typed: "...restricted from accessing example.com. Only the following domains
 * are allowed: <REFUSED_REASON>".
 */
const REFUSED_BASE_URL = String.raw`"refused-base-url://" + (${BASE_URL}.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split(/[\/?#]/)[0].split("@").pop().replace(/[^a-z0-9.:\[\]-]/gi, "") || "an-invalid-base-url")`;

/** Shown by n8n 2.x for an unsafe Base URL (as the list of "allowed domains"). */
const REFUSED_REASON =
	'any host over https:// (plain http:// only for localhost, 127.x.x.x or [::1])';

/**
 * One 302.AI API key serves both nodes. The key travels only as a Bearer header, and only to
 * an https base URL or to http on a loopback host (local testing); the nodes check this before
 * every request, and the credential test below checks it before its own request.
 */
export class Ai302Api implements ICredentialType {
	name = 'ai302Api';

	displayName = '302.AI API';

	icon: Icon = { light: 'file:ai302.svg', dark: 'file:ai302.dark.svg' };

	// The same page as the nodes' Docs link (README), at the credential's section.
	documentationUrl = 'https://github.com/302ai/n8n-nodes-302ai#credential-302ai-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'Create a key at <a href="https://dash.302.ai/apis/list" target="_blank">dash.302.ai/apis/list</a>',
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
	// The base URL expressions mirror the nodes' check (transport/baseUrl.ts): an unsafe URL
	// becomes one with an unsupported scheme, which fails locally before any DNS lookup or
	// connection, so the key goes nowhere. On n8n versions that honour `allowedDomains`
	// (2.x), the request is stopped even earlier with a message saying why.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${IS_SAFE_BASE_URL} ? ${BASE_URL}.replace(/\\/+$/, "") : ${REFUSED_BASE_URL} }}`,
			url: '/302/sandbox/list',
			method: 'GET',
			allowedDomains: `={{ ${IS_SAFE_BASE_URL} ? undefined : "${REFUSED_REASON}" }}`,
		},
		// n8n shows only the HTTP status text ("Unauthorized") unless a rule names the case.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'302.AI refused the API key (HTTP 401): it is missing, wrong, disabled or expired. Copy the key (sk-...) again from https://dash.302.ai/apis/list.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'302.AI refused the API key for this API (HTTP 403). Check the key and its permissions at https://dash.302.ai/apis/list.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Base URL answered 404 for /302/sandbox/list: it is not the root of the 302.AI API. Use https://api.302.ai (or https://api.302ai.cn).',
				},
			},
		],
	};
}
