// The example workflows the end-to-end runner and the demo run: for each, what it must produce
// against the local simulator (exact values) and a short "what went in / what came out" summary
// that also works against the real 302.AI API. One file per workflow.
'use strict';

const aiAgent = require('./ai-agent');
const aiAgentCases = require('./ai-agent-cases');
const { Checks } = require('./helpers');
const errorWorkflow = require('./error-workflow');
const files = require('./files');
const filesTimeout = require('./files-timeout');
const longTask = require('./long-task');
const manual = require('./manual');
const schedule = require('./schedule');
const scheduleFiring = require('./schedule-firing');
const structured = require('./structured');
const taskFails = require('./task-fails');
const webhook = require('./webhook');
const wrongKey = require('./wrong-key');

/** In the order the runner runs them (execute ones first, then the webhook under `n8n start`, then the `server` ones under one shared `n8n start`). */
const SCENARIOS = [
	manual,
	schedule,
	wrongKey,
	taskFails,
	files,
	filesTimeout,
	structured,
	aiAgent,
	aiAgentCases,
	webhook,
	longTask,
	scheduleFiring,
	errorWorkflow,
];

module.exports = { SCENARIOS, Checks };
