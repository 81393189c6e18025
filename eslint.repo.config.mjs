// ESLint for the repo's own JavaScript: scripts/, bench/, test/ (harness and simulator included),
// scripts/model-server/ and the root config files. The TypeScript in nodes/ and credentials/ is
// linted by `n8n-node lint` with the stock eslint.config.mjs, which n8n's cloud-support check
// requires unchanged, so this second config lives beside it: `npm run lint:repo`.
import js from '@eslint/js';
import globals from 'globals';

// Functions that puppeteer runs inside the n8n editor page (page.evaluate, waitForFunction) see
// the browser's globals; only these few, so a misspelt Node variable is still reported.
const pageGlobals = Object.fromEntries(
	['document', 'window', 'getComputedStyle', 'requestAnimationFrame', 'HTMLElement'].map((name) => [
		name,
		globals.browser[name],
	]),
);

export default [
	{ ignores: ['node_modules/', 'dist/', 'coverage/', '.e2e-tmp/'] },
	js.configs.recommended,
	{
		linterOptions: { reportUnusedDisableDirectives: 'error', noInlineConfig: true },
		languageOptions: {
			ecmaVersion: 'latest',
			globals: { ...globals.node },
		},
		rules: {
			'no-unused-vars': [
				'error',
				{
					args: 'after-used',
					argsIgnorePattern: '^_',
					varsIgnorePattern: '^_',
					caughtErrors: 'all',
					caughtErrorsIgnorePattern: '^_',
					destructuredArrayIgnorePattern: '^_',
					ignoreRestSiblings: true,
				},
			],
			eqeqeq: ['error', 'always', { null: 'ignore' }],
			'no-var': 'error',
			'prefer-const': ['error', { destructuring: 'all' }],
			'no-throw-literal': 'error',
			'no-implicit-globals': 'error',
			'no-shadow-restricted-names': 'error',
			'no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
			'no-useless-concat': 'error',
			'object-shorthand': ['error', 'properties'],
			'prefer-template': 'off',
		},
	},
	{
		files: ['**/*.js', '**/*.cjs'],
		languageOptions: { sourceType: 'commonjs' },
	},
	{
		files: ['**/*.mjs'],
		languageOptions: { sourceType: 'module' },
	},
	{
		files: ['scripts/lib/browser.js', 'scripts/lib/screens/**/*.js', 'scripts/screenshots.js'],
		languageOptions: { globals: pageGlobals },
	},
	{
		// Jest suites and their helpers; the simulator is a standalone server and must not need Jest.
		files: ['test/**/*.js'],
		ignores: ['test/simulator/**'],
		languageOptions: { globals: { ...globals.jest } },
	},
];
