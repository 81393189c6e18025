// n8n's community-node rules (the cloud "recommended" set: it bans setTimeout, process,
// console and non-allowed imports in node code) on TypeScript sources and on package.json.
import tseslint from 'typescript-eslint';
import { configs as n8nConfigs } from '@n8n/eslint-plugin-community-nodes';

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**', '*.js', '*.mjs'],
	},
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
	{
		// package.json is parsed as a JSON expression so the package rules can read it.
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{ ...n8nConfigs.recommended, files: ['**/*.ts', 'package.json'] },
	{
		files: ['**/*.ts'],
		rules: { 'no-console': 'error' },
	},
];
