// n8n loads this package through the "n8n" section of package.json (the built files in dist/),
// not through this file. It is kept from the classic community-node layout and is not packed.
module.exports = {};
