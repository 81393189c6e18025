// Headless Chromium from Debian's packages (/usr/bin/chromium), driven by puppeteer-core, for
// `npm run screenshots`. Installs the package with apt-get when it is missing (root only), or
// says exactly what to install. Every wait is for an element or a condition, never a sleep.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { trackTempFolder } = require('./cleanup');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 1600, height: 1000 };
// Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--hide-scrollbars',
	'--font-render-hinting=none',
	`--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
];

/** Makes sure /usr/bin/chromium exists: installs Debian's `chromium` as root, else explains. */
function ensureChromium(log) {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	const howTo =
		'Install it with: sudo apt-get update && sudo apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium binary).';
	if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing. ${howTo}`);
	log('installing Debian package chromium (apt-get; about a minute)');
	try {
		execFileSync('apt-get', ['update'], { stdio: 'ignore' });
		execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
			stdio: 'ignore',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	} catch (error) {
		throw new Error(
			`apt-get could not install chromium (${error instanceof Error ? error.message : error}). ${howTo}`,
		);
	}
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`chromium installed but ${CHROMIUM} is still missing. ${howTo}`);
	return CHROMIUM;
}

function loadPuppeteer() {
	try {
		return require('puppeteer-core');
	} catch {
		throw new Error('puppeteer-core is missing: run npm ci (it is a devDependency).');
	}
}

async function launch({ log = (_line) => {} } = {}) {
	const executablePath = ensureChromium(log);
	const puppeteer = loadPuppeteer();
	const userDataDir = trackTempFolder(
		fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-302ai-chromium-')),
	);
	const browser = await puppeteer.launch({
		executablePath,
		headless: true,
		args: FLAGS,
		userDataDir,
		defaultViewport: VIEWPORT,
	});
	const page = await browser.newPage();
	page.setDefaultTimeout(30_000);
	// Leaving a workflow with unsaved changes asks "leave the page?": yes (it is throwaway).
	page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
	// Same look on every run: no caret blinking, no animations in the captured frames.
	await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
	return { browser, page };
}

/** Calls n8n's REST API from inside the page (its session cookie); throws on a non-2xx answer. */
async function rest(page, method, url, body) {
	const answer = await page.evaluate(
		async (method, url, body) => {
			const response = await fetch(url, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return { status: response.status, text: await response.text() };
		},
		method,
		url,
		body,
	);
	if (answer.status < 200 || answer.status > 299)
		throw new Error(`${method} ${url} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
	return answer.text === '' ? undefined : JSON.parse(answer.text).data;
}

/** The element matching `selector` whose text contains `text` (waits for it). */
async function byText(page, selector, text, { timeout = 30_000 } = {}) {
	const handle = await page.waitForFunction(
		(selector, text) =>
			[...document.querySelectorAll(selector)].find(
				(element) => element.textContent.includes(text) && element.offsetParent !== null,
			),
		{ timeout },
		selector,
		text,
	);
	return handle.asElement();
}

/** The innermost visible element whose whole text is `text` (waits for it): a click target. */
async function byExactText(page, text, { timeout = 30_000 } = {}) {
	const handle = await page.waitForFunction(
		(text) =>
			[.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('body *'))].find(
				(element) =>
					element.textContent.trim() === text &&
					element.offsetParent !== null &&
					![...element.children].some((child) => child.textContent.trim() === text),
			),
		{ timeout },
		text,
	);
	return handle.asElement();
}

/** Waits until no element in the page is animating (n8n fades panels in). */
async function settled(page) {
	await page
		.waitForFunction(
			() => document.getAnimations().every((animation) => animation.playState !== 'running'),
			{ timeout: 10_000 },
		)
		.catch(() => {});
	// Two frames, so the last style change is painted.
	await page.evaluate(
		() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
	);
}

/** Labels cut with "..." (text-overflow: ellipsis and wider than their box) inside `root`. */
async function truncatedLabels(page, root = 'body') {
	return page.evaluate((root) => {
		const scope = document.querySelector(root) ?? document.body;
		return [...scope.querySelectorAll('*')]
			.filter((element) => element.offsetParent !== null && element.textContent.trim() !== '')
			.filter(
				(element) =>
					getComputedStyle(element).textOverflow === 'ellipsis' &&
					element.scrollWidth > element.clientWidth + 1,
			)
			.map((element) => element.textContent.trim());
	}, root);
}

/** Rendered widths (px) of the one-line labels (text-overflow: ellipsis) inside `root`, widest first. */
async function labelWidths(page, root = 'body') {
	return page.evaluate((root) => {
		const scope = document.querySelector(root) ?? document.body;
		return [...scope.querySelectorAll('*')]
			.filter(
				(element) =>
					element.offsetParent !== null &&
					element.textContent.trim() !== '' &&
					getComputedStyle(element).textOverflow === 'ellipsis',
			)
			.map((element) => ({ text: element.textContent.trim(), width: element.scrollWidth }))
			.sort((a, b) => b.width - a.width);
	}, root);
}

module.exports = {
	launch,
	rest,
	byText,
	byExactText,
	settled,
	truncatedLabels,
	labelWidths,
	VIEWPORT,
	CHROMIUM,
};
