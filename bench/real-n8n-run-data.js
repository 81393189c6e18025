'use strict';
// Readers for the run data `n8n execute --rawOutput` prints (an IRun).
const nodeRuns = (run, name) => run.data.resultData.runData[name] ?? [];
const firstOutput = (nodeRun) => nodeRun.data?.main?.[0] ?? [];

module.exports = { nodeRuns, firstOutput };
