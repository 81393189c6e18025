// One code style for every JS and TS file in the repo, checked by `npm run format:check` in
// `npm test`. Tabs and single quotes match n8n's own node packages; lines wrap at 100.
module.exports = {
	printWidth: 100,
	useTabs: true,
	tabWidth: 2,
	semi: true,
	singleQuote: true,
	quoteProps: 'as-needed',
	trailingComma: 'all',
	bracketSpacing: true,
	arrowParens: 'always',
	endOfLine: 'lf',
};
