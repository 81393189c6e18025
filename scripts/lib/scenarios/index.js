// The example workflows the end-to-end runner and the demo run: for each, what it must produce
// against the local simulator (exact values) and a short "what went in / what came out" summary
// that also works against the real 302.AI API. One file per workflow.
'use strict';

const { Checks } = require('./helpers');
const files = require('./files');
const filesTimeout = require('./files-timeout');
const manual = require('./manual');
const schedule = require('./schedule');
const taskFails = require('./task-fails');
const webhook = require('./webhook');
const wrongKey = require('./wrong-key');

/** In the order the runner runs them (execute ones first, then the webhook under `n8n start`). */
const SCENARIOS = [manual, schedule, wrongKey, taskFails, files, filesTimeout, webhook];

module.exports = { SCENARIOS, Checks };
