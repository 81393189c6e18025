// n8n loads this package through the "n8n" section of package.json (the built files in dist/).
// This file only gives the package a main entry point.
module.exports = {};
