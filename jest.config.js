// Tests are plain CommonJS and run against the built package in dist/ (npm test builds first),
// so they exercise exactly what n8n loads.
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testTimeout: 60_000,
	maxWorkers: 2,
};
