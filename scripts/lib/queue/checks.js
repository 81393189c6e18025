// The check collector and matchers of the example e2e run, reused by the queue-mode run.
'use strict';

const { Checks } = require('../scenarios/helpers');
const { where } = require('../expect');

module.exports = { Checks, where };
