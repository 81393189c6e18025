// n8n's REST API as the editor uses it: owner set-up, then the n8n-auth cookie together with a
// constant browser-id header (the session token is bound to it).
'use strict';

const BROWSER_ID = 'n8n-nodes-302ai-queue-e2e';
const OWNER = {
	email: 'owner@queue-e2e.invalid',
	firstName: 'Queue',
	lastName: 'Check',
	password: 'QueueE2e-Passw0rd',
};

class Rest {
	/** @param n8nDir the n8n install (its `flatted` reads saved execution data) */
	constructor(baseUrl, n8nDir) {
		this.baseUrl = baseUrl;
		this.flatted = require(require.resolve('flatted', { paths: [n8nDir] }));
		this.cookie = '';
	}

	async call(method, route, body) {
		const response = await fetch(`${this.baseUrl}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': BROWSER_ID,
				cookie: this.cookie,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((value) => value.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		if (!response.ok)
			throw new Error(`n8n ${method} /rest${route}: HTTP ${response.status} ${text.slice(0, 300)}`);
		return json?.data ?? json;
	}

	/** Creates the owner on a fresh database, or logs in when it exists (after a restart). */
	async signIn() {
		try {
			await this.call('POST', '/owner/setup', OWNER);
		} catch {
			await this.call('POST', '/login', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			});
		}
	}

	async executions(filter) {
		const list = await this.call(
			'GET',
			`/executions?filter=${encodeURIComponent(JSON.stringify(filter))}`,
		);
		return list.results ?? list;
	}

	async execution(id) {
		return await this.call('GET', `/executions/${id}`);
	}

	/** Items of a node's last run in a saved execution (its `data` is a flatted string). */
	nodeOutput(execution, nodeName) {
		const data =
			typeof execution.data === 'string' ? this.flatted.parse(execution.data) : execution.data;
		const runs = data?.resultData?.runData?.[nodeName];
		return runs?.at(-1)?.data?.main?.[0];
	}

	async stop(id) {
		return await this.call('POST', `/executions/${id}/stop`);
	}

	async retry(id, loadWorkflow = false) {
		return await this.call('POST', `/executions/${id}/retry`, { loadWorkflow });
	}
}

module.exports = { Rest };
