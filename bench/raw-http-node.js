'use strict';
// Baseline for the CPU benchmark: a bare node that sends the same direct_run_code request per
// item through n8n's httpRequestWithAuthentication (10 at a time) and returns the body. No
// checks, retries or output shaping: what n8n itself costs per request, to subtract.
class BenchRawHttp {
	description = {
		displayName: 'Bench Raw HTTP',
		name: 'benchRawHttp',
		group: ['transform'],
		version: 1,
		description: 'Baseline: one authenticated request per item',
		defaults: { name: 'Bench Raw HTTP' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'ai302Api', required: true }],
		properties: [],
	};

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		const items = this.getInputData();
		const { baseUrl } = await this.getCredentials('ai302Api');
		const out = new Array(items.length);
		let next = 0;
		const lane = async () => {
			while (next < items.length) {
				const i = next++;
				const body = await this.helpers.httpRequestWithAuthentication.call(this, 'ai302Api', {
					method: 'POST',
					url: `${baseUrl}/302/sandbox/direct_run_code`,
					body: {
						language: 'bash',
						code: 'echo "$N8N_ITEM_INDEX"',
						timeout: 60,
						envs: { N8N_ITEM: JSON.stringify(items[i].json), N8N_ITEM_INDEX: String(i) },
					},
					json: true,
				});
				out[i] = { json: { stdout: body.result.stdout.join('') }, pairedItem: { item: i } };
			}
		};
		await Promise.all(Array.from({ length: 10 }, lane));
		return [out];
	}
}

module.exports = { BenchRawHttp };
