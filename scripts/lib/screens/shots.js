// The screenshots of `npm run screenshots`, in order. Each shot waits for the elements it shows,
// checks what the fix is about (a failed check fails the run), saves a PNG and returns one line
// saying what the file shows.
'use strict';

const { rest, byText, byExactText, settled, truncatedLabels, labelWidths } = require('../browser');
const { CREDENTIAL } = require('../session');
const { screensWorkflow, nodeList, readmeLinks } = require('./workflow');

const NDV = '[data-test-id="ndv"]';
const PARAMS = '[data-test-id="node-parameters"]';

function check(condition, message) {
	if (!condition) throw new Error(`check failed: ${message}`);
}

/** Saves the page, or the box of `selector` (padded, kept inside the viewport). */
/**
 * @param {any} ctx
 * @param {string} file
 * @param {string} [selector]
 * @param {{ pad?: number, clip?: { x: number, y: number, width: number, height: number } }} [options]
 */
async function save(ctx, file, selector, { pad = 8, clip: fixed } = {}) {
	// Toasts ("Workflow executed successfully") would cover the output table.
	await ctx.page.evaluate(() => {
		if (document.getElementById('screenshots-no-toasts')) return;
		const style = Object.assign(document.createElement('style'), { id: 'screenshots-no-toasts' });
		style.textContent = '.el-notification { display: none !important; }';
		document.head.append(style);
	});
	await settled(ctx.page);
	let clip = fixed;
	if (selector) {
		const element = await ctx.page.waitForSelector(selector, { visible: true });
		// A field below the fold of its scrolling panel is brought into view first.
		await element.evaluate((node) => node.scrollIntoView({ block: 'nearest' }));
		await settled(ctx.page);
		const box = await element.boundingBox();
		const x = Math.max(0, box.x - pad);
		const y = Math.max(0, box.y - pad);
		clip = {
			x,
			y,
			width: Math.min(1600 - x, box.width + 2 * pad),
			height: Math.min(1000 - y, box.height + 2 * pad),
		};
	}
	await ctx.page.screenshot({ path: ctx.file(file), clip });
	return file;
}

async function openPanel(ctx, nodeId) {
	await ctx.page.goto(`${ctx.baseUrl}/workflow/${ctx.workflowId}/${nodeId}`, {
		waitUntil: 'domcontentloaded',
	});
	await ctx.page.waitForSelector(`${NDV} ${PARAMS}`, { visible: true });
	await ctx.page.waitForSelector('[data-test-id="node-credentials-select"]', { visible: true });
}

/** Scrolls the parameters column to its end (long panels: the Options collection is at the bottom). */
async function scrollParamsToEnd(page) {
	await page.evaluate((selector) => {
		let element = document.querySelector(selector);
		while (element && element.scrollHeight <= element.clientHeight) element = element.parentElement;
		if (element) element.scrollTop = element.scrollHeight;
	}, PARAMS);
}

async function codeEditorLanguage(page) {
	const editor = await page.waitForSelector(
		`${NDV} [data-test-id="parameter-input-code"] .cm-content`,
		{ visible: true },
	);
	return editor.evaluate((element) => element.getAttribute('data-language'));
}

/** Point 4: a credential with an http base URL, opened: n8n's test error, unfolded. */
async function refusedBaseUrl(ctx, id) {
	const { page } = ctx;
	await page.goto(`${ctx.baseUrl}/home/credentials/${id}`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector('[data-test-id="editCredential-modal"]', { visible: true });
	// An opened credential shows its test error folded under "More details".
	await (await byExactText(page, 'More details')).click();
	const banner = await page.waitForFunction(() =>
		[...document.querySelectorAll('[data-test-id="editCredential-modal"] *')].find(
			(element) =>
				element.textContent.includes('Domain not allowed') &&
				![...element.children].some((child) => child.textContent.includes('Domain not allowed')),
		),
	);
	const message = (await banner.evaluate((element) => element.textContent)).trim();
	check(
		!message.includes('refused'),
		`the http base URL error names no internal placeholder ("${message}")`,
	);
	const file = await save(
		ctx,
		'point04-credential-http-base-url.png',
		'[data-test-id="editCredential-modal"]',
	);
	return [`${file}: point 4, an http base URL: "${message.slice(0, 170)}"`];
}

const shots = [
	async function nodeCreator(ctx) {
		const { page } = ctx;
		await page.goto(`${ctx.baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await (
			await page.waitForSelector('[data-test-id="canvas-add-button"]', { visible: true })
		).click();
		const search =
			'input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input';
		await page.waitForSelector(search, { visible: true });
		await page.type(search, '302');
		await byText(page, '[data-test-id="node-creator-item-name"]', '302 Code Sandbox');
		await byText(page, '[data-test-id="node-creator-item-name"]', '302 Browser Task');
		const file = await save(ctx, '01-node-creator-search-302.png');
		const readme = await save(ctx, 'readme-node-creator.png', undefined, {
			clip: { x: 1215, y: 60, width: 385, height: 320 },
		});
		// Point 2: add the node as a new user would; n8n pre-selects a credential for it.
		// DOM clicks: the creator slides its panels in, and a mouse click mid-slide can miss.
		await (
			await byText(page, '[data-test-id="node-creator-item-name"]', '302 Code Sandbox')
		).evaluate((element) => element.click());
		await settled(page);
		await (
			await byExactText(
				page,
				'Run code once in a fresh sandbox and get its stdout and stderr billed per run',
			)
		).evaluate((element) => element.click());
		const select = await page.waitForSelector(
			`${NDV} [data-test-id="node-credentials-select"] input`,
			{ visible: true },
		);
		await page.waitForFunction((input) => input.value !== '', {}, select);
		const chosen = await select.evaluate((input) => input.value);
		check(
			chosen === CREDENTIAL.name,
			`a new 302 node pre-selects "${CREDENTIAL.name}" (got "${chosen}")`,
		);
		const point2 = await save(ctx, 'point02-new-node-credential.png', NDV);
		return [
			`${file}: node creator, search "302": both nodes (${readme}: its crop for the README)`,
			`${point2}: point 2, a new 302 Code Sandbox node pre-selects the working credential "${chosen}"`,
		];
	},

	async function panels(ctx) {
		const lines = [];
		for (const [id, , type] of nodeList()) {
			await openPanel(ctx, id);
			const docs = await ctx.page.$$eval(
				`${NDV} a`,
				(links) => links.find((a) => a.textContent.trim() === 'Docs')?.href ?? null,
			);
			check(
				docs?.split('?')[0] === ctx.docs[type],
				`${id}: the panel's Docs link is the node's README section (${docs})`,
			);
			lines.push(`${await save(ctx, `panel-${id}.png`, NDV)}: the panel of ${id}`);
		}
		return lines;
	},

	async function codeEditors(ctx) {
		await openPanel(ctx, 'code-run-python');
		const python = await codeEditorLanguage(ctx.page);
		check(
			python === 'python',
			`the Python Code field uses n8n's Python editor (data-language "${python}")`,
		);
		const a = await save(
			ctx,
			'point01-python-editor.png',
			`${NDV} [data-test-id="parameter-input-code"]`,
		);
		await openPanel(ctx, 'code-run-bash');
		const bash = await codeEditorLanguage(ctx.page);
		check(bash === null, `the Bash Code field has no language colouring (data-language "${bash}")`);
		const b = await save(
			ctx,
			'point01-bash-editor.png',
			`${NDV} [data-test-id="parameter-input-code"]`,
		);
		return [
			`${a}: point 1, Python code in n8n's Python editor (data-language="python")`,
			`${b}: point 1, Bash code in the neutral editor (no data-language, no colours)`,
		];
	},

	async function returnFilesOptions(ctx) {
		await openPanel(ctx, 'code-run-files');
		await scrollParamsToEnd(ctx.page);
		const cut = await truncatedLabels(ctx.page, PARAMS);
		ctx.notes.push(
			`labels cut with "..." in the Code › Run options: ${cut.length === 0 ? 'none' : cut.join(' | ')}`,
		);
		const file = await save(ctx, 'point03-code-run-file-options.png', PARAMS);
		// Point 3: the output field's own tooltip, not n8n's text for an input binary field.
		const label = await byExactText(ctx.page, 'Put Files in Field');
		await label.hover();
		// Hovering the label shows n8n's "?" icon beside it; its tooltip holds the description.
		const icon = await ctx.page.waitForFunction(
			(labelElement) =>
				labelElement.closest('label')?.querySelector('svg[data-icon="circle-help"]')
					?.parentElement ?? null,
			{ timeout: 10_000 },
			label,
		);
		await icon.asElement().hover();
		const tooltip = await ctx.page.waitForFunction(
			// Poppers are position: fixed (no offsetParent): visible means a box of some size.
			() =>
				[
					...document.querySelectorAll(
						'[data-reka-popper-content-wrapper], [role="tooltip"], .el-popper',
					),
				].find(
					(element) =>
						element.getBoundingClientRect().width > 0 &&
						element.textContent.includes('output item'),
				),
			{ timeout: 10_000 },
		);
		const text = await tooltip.evaluate((element) => element.textContent.trim());
		check(
			!/Specify the property name/i.test(text) && /output item/.test(text),
			`the "Put Files in Field" tooltip is about the output item, not n8n's input-binary text (${text})`,
		);
		const hover = await save(ctx, 'point03-put-files-in-field-tooltip.png', NDV);
		return [
			`${file}: points 3 and 6 (Code Sandbox): Code › Run with every option added and Return Files on (Files Path, Fetch Files Into Binary, Put Files in Field follow it)`,
			`${hover}: point 3, the tooltip of "Put Files in Field": ${text}`,
		];
	},

	async function subtitles(ctx) {
		const { page } = ctx;
		await page.goto(`${ctx.baseUrl}/workflow/${ctx.workflowId}`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('[data-test-id="canvas-node"]', { visible: true });
		await (await page.waitForSelector('[data-test-id="zoom-to-fit"]', { visible: true })).click();
		await byText(page, '[data-test-id="canvas-node"]', 'Run code in sandbox');
		const raw = await page.evaluate(() =>
			[...document.querySelectorAll('[data-test-id="canvas-node"]')]
				.map((n) => n.textContent)
				.filter((t) => /\w+: \w+/.test(t)),
		);
		check(
			raw.length === 0,
			`no raw "operation: resource" subtitle on the canvas (found ${JSON.stringify(raw)})`,
		);
		return [
			`${await save(ctx, 'point05-subtitles.png', '[data-test-id="canvas"]')}: point 5, every operation's subtitle on the canvas`,
		];
	},

	async function browserOptions(ctx) {
		const { page } = ctx;
		await openPanel(ctx, 'browser-create-nowait');
		await (
			await page.waitForSelector(`${NDV} [data-test-id="collection-parameter-add"]`, {
				visible: true,
			})
		).click();
		await page.waitForSelector('[data-test-id="collection-parameter-option"]', { visible: true });
		const offered = await page.$$eval('[data-test-id="collection-parameter-option"]', (items) =>
			items.filter((e) => e.offsetParent !== null).map((e) => e.textContent.trim()),
		);
		check(
			!offered.some(
				(label) => /Unsuccessful|Timeout$/.test(label) && !/Request Timeout/.test(label),
			),
			`with Wait for Completion off, no wait-only option is offered (${offered.join(', ')})`,
		);
		const point6 = await save(ctx, 'point06-browser-options-without-wait.png', NDV);
		await openPanel(ctx, 'browser-create-options');
		await scrollParamsToEnd(page);
		const cut = await truncatedLabels(page, PARAMS);
		const point7 = await save(ctx, 'point07-browser-option-labels.png', PARAMS);
		check(cut.length === 0, `no Browser Task label is cut (${cut.join(' | ')})`);
		const widest = (await labelWidths(page, PARAMS))
			.slice(0, 3)
			.map((label) => `"${label.text}" ${label.width} px`);
		ctx.notes.push(
			`labels cut with "..." in the Browser Task panel: ${cut.length === 0 ? 'none' : cut.join(' | ')}; widest labels: ${widest.join(', ')}`,
		);
		const numbers = await page.evaluate(
			(scope) =>
				[
					...document.querySelectorAll(
						`${scope} [data-test-id="parameter-input-pollInterval"] input, ${scope} [data-test-id="parameter-input-requestTimeout"] input`,
					),
				].map((input) => /** @type {HTMLInputElement} */ (input).value),
			PARAMS,
		);
		check(
			numbers.every((value) => !/\.\d*0$/.test(value)),
			`number fields show no trailing decimals (${numbers.join(', ')})`,
		);
		const point9 = await save(
			ctx,
			'point09-number-fields.png',
			`${PARAMS} [data-test-id="parameter-input-requestTimeout"]`,
			{ pad: 40 },
		);
		return [
			`${point6}: point 6, Wait for Completion off: the Add Option list (${offered.join(', ')})`,
			`${point7}: point 7, every Browser Task option, labels uncut (except any listed below)`,
			`${point9}: point 9, Request Timeout shows "0" and the hint "0 = automatic..." (Poll Interval ${numbers[0] ?? '?'})`,
		];
	},

	async function credential(ctx) {
		const { page } = ctx;
		await page.goto(`${ctx.baseUrl}/home/credentials/${CREDENTIAL.id}`, {
			waitUntil: 'domcontentloaded',
		});
		await page.waitForSelector('[data-test-id="credentials-config-container-test-success"]', {
			visible: true,
		});
		const link = await page
			.$eval(
				'[data-test-id="parameter-input-apiKey"]',
				(e) => e.closest('[data-test-id="apiKey"]')?.querySelector('a')?.href ?? null,
			)
			.catch(() => null);
		check(
			link === 'https://dash.302.ai/apis/list',
			`the API Key hint is a link to the key page (${link})`,
		);
		const docs = await page.$$eval(
			'[data-test-id="editCredential-modal"] a',
			(links) => links.find((a) => a.textContent.trim() === 'docs')?.href ?? null,
		);
		check(
			docs?.split('?')[0] === ctx.docs.credential,
			`the dialog's docs link is the README's credential section (${docs})`,
		);
		const ok = await save(
			ctx,
			'02-credential-test-ok.png',
			'[data-test-id="editCredential-modal"]',
		);
		const point10 = await save(ctx, 'point10-credential-hint-link.png', '[data-test-id="apiKey"]', {
			pad: 12,
		});
		await save(ctx, 'readme-credential.png', '[data-test-id="editCredential-modal"]', { pad: 0 });
		const refused = await rest(page, 'POST', '/rest/credentials', {
			name: '302.AI API (http base URL)',
			type: 'ai302Api',
			data: { apiKey: 'sk-not-sent', baseUrl: 'http://example.com' },
		});
		try {
			return [
				`${ok}: the credential dialog after a successful test (readme-credential.png: the dialog alone)`,
				`${point10}: point 10, the key hint is a link (${link}); the dialog's "docs" opens the README's credential section, as the nodes' docs do`,
				...(await refusedBaseUrl(ctx, refused.id)),
			];
		} finally {
			// Never left behind: n8n would pre-select this newest credential for new nodes.
			await rest(page, 'DELETE', `/rest/credentials/${refused.id}`);
		}
	},

	async function example01(ctx) {
		const { page } = ctx;
		await page.goto(`${ctx.baseUrl}/workflow/ai302Manual01`, { waitUntil: 'domcontentloaded' });
		await (
			await page.waitForSelector('[data-test-id="execute-workflow-button"]', { visible: true })
		).click();
		await page.waitForFunction(
			() => {
				const nodes = [...document.querySelectorAll('[data-test-id="canvas-node"]')];
				return (
					nodes.length > 0 &&
					nodes.every((node) => node.querySelector('[data-test-id="canvas-node-status-success"]'))
				);
			},
			{ timeout: 120_000 },
		);
		const lines = [];
		for (const [node, prefix] of [
			['Summarise orders in Python', 'example01-code'],
			['Research each city', 'example01-browser'],
		]) {
			const canvasNode = await page.waitForSelector(
				`[data-test-id="canvas-node"][data-node-name="${node}"]`,
			);
			await canvasNode.click({ count: 2 });
			const output = `${NDV} [data-test-id="output-panel"]`;
			await page.waitForSelector(`${output} [data-test-id="radio-button-table"]`, {
				visible: true,
			});
			await page.click(`${output} [data-test-id="radio-button-table"]`);
			await page.waitForSelector(`${output} table`, { visible: true });
			const headers = await page.$$eval(`${output} table th`, (cells) =>
				cells.map((c) => c.textContent.trim()).filter(Boolean),
			);
			lines.push(
				`${await save(ctx, `${prefix}-table.png`, NDV)}: example 01, "${node}" output, Table (columns: ${headers.slice(0, 8).join(', ')})`,
			);
			const point8 =
				prefix === 'example01-code' ? 'point08-code-output.png' : 'point08-browser-output.png';
			lines.push(
				`${await save(ctx, point8, output, { pad: 0 })}: point 8, the same output panel (parsed ${prefix === 'example01-code' ? 'fields' : 'result_json'} first; in the README)`,
			);
			if (prefix === 'example01-browser') {
				await page.click(`${output} [data-test-id="radio-button-json"]`);
				await byText(page, `${output} *`, 'done_text');
				lines.push(
					`${await save(ctx, 'point08-browser-output-json.png', output, { pad: 0 })}: point 8, its JSON: done_text null, extracted_content without the answer`,
				);
			}
			if (prefix === 'example01-code') {
				await page.click(`${output} [data-test-id="radio-button-binary"]`);
				await byText(page, `${output} *`, 'File Name');
				lines.push(
					`${await save(ctx, `${prefix}-binary.png`, NDV)}: example 01, "${node}" output, Binary`,
				);
			}
			await page.click('[data-test-id="ndv-close-button"]');
			await page.waitForSelector(NDV, { hidden: true });
		}
		return lines;
	},
];

/** Creates the workflow of panels, then runs every shot; a failed shot is reported, the rest go on. */
async function takeAll(ctx) {
	ctx.docs = readmeLinks();
	const created = await rest(ctx.page, 'POST', '/rest/workflows', screensWorkflow());
	ctx.workflowId = created.id;
	const lines = [];
	const failures = [];
	const only = process.env.SHOTS?.split(',').filter(Boolean);
	for (const shot of shots.filter((s) => !only || only.includes(s.name))) {
		try {
			lines.push(...(await shot(ctx)));
		} catch (error) {
			failures.push(
				`${shot.name}: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`,
			);
			await ctx.page.screenshot({ path: ctx.file(`failed-${shot.name}.png`) }).catch(() => {});
		}
	}
	return { lines, failures };
}

module.exports = { takeAll };
