// Copies what tsc does not emit into dist/: the light and dark SVG icons of nodes and
// credentials, and the codex files (*.node.json) n8n reads next to each node.
const { src, dest } = require('gulp');

function buildAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.node.json', 'credentials/**/*.svg'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = buildAssets;
exports.default = buildAssets;
