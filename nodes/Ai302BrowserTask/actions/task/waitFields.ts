import type { INodeProperties } from 'n8n-workflow';

import { concurrencyOption } from '../../../shared/concurrency';
import { requestTimeoutOption } from '../../../shared/requestTimeout';
import { legacyToolLimitOption, toolOutputLimitOption } from '../../../shared/tool';

/**
 * Limits of the wait parameters (seconds). Sub-second intervals are allowed for quick checks
 * against a local endpoint.
 * helpers/settings.ts reads the fields with them. The descriptions below repeat each `default`
 * as a literal (n8n's lint requires literals); a unit test checks they match these values.
 */
export const POLL_INTERVAL = { default: 3, min: 0.25, max: 300 };
export const MAX_WAIT = { default: 1800, max: 14_400 };
export const MAX_POLL_RATE = { default: 50, min: 0.1, max: 1000 };

const showWhenWaiting = { show: { waitForCompletion: [true] } };
/**
 * The same condition inside the Options collection ("/" = a top-level parameter). Hidden options
 * keep a saved value, and the code reads it as before.
 */
const showWhenWaitingOption = { show: { '/waitForCompletion': [true] } };

/** Wait fields and options shared by Create and Get (Get can wait too). */
export const waitDescription: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to poll the task until it is finished or failed. Off: return at once with the task ID and the status 302.AI reports now.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		default: 3,
		// No numberPrecision: n8n would show 3 as "3.00"; decimals such as 0.5 are still accepted.
		typeOptions: { minValue: POLL_INTERVAL.min, maxValue: POLL_INTERVAL.max },
		displayOptions: showWhenWaiting,
		description:
			'Seconds between two status checks of the same task at first; with the default Poll Schedule (Adaptive) the pause grows for long tasks. Status checks are free.',
	},
	{
		displayName: 'Max Wait Time (Seconds)',
		name: 'maxWaitTime',
		type: 'number',
		default: 1800,
		typeOptions: { minValue: 1, maxValue: MAX_WAIT.max },
		displayOptions: showWhenWaiting,
		description:
			'Longest time to wait for a task (real browser tasks can take 20 minutes or more; at most 4 hours). On reaching it the task keeps running on 302.AI; see the Return Status on Timeout option.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			concurrencyOption,
			{
				displayName: 'Extra Body Fields (JSON)',
				name: 'additionalBodyFields',
				type: 'json',
				default: '{}',
				displayOptions: { show: { '/operation': ['create'] } },
				description:
					'JSON object merged into the request body of POST /302/browser/submit, for fields 302.AI adds later. Task (and Model when set) take precedence.',
			},
			{
				displayName: 'Fail If Unsuccessful',
				name: 'failOnUnsuccessful',
				type: 'boolean',
				default: false,
				displayOptions: showWhenWaitingOption,
				description:
					'Whether a task that finished but whose agent reports is_successful false is an error (otherwise it is returned as data)',
			},
			{
				displayName: 'Fail on Schema Mismatch',
				name: 'failOnSchemaMismatch',
				type: 'boolean',
				default: false,
				description:
					'Whether an answer that does not match Output JSON Schema (or Output JSON Example) is an error naming the task ID and the first mismatches. Off: the item carries structured_output null and the list in structured_output_errors.',
			},
			{
				displayName: 'Max Polls per Second',
				name: 'maxPollRate',
				// Only status checks while waiting use it.
				displayOptions: { show: { '/waitForCompletion': [true] } },
				type: 'number',
				default: 50,
				typeOptions: { minValue: MAX_POLL_RATE.min, maxValue: MAX_POLL_RATE.max },
				description:
					"Most status requests per second for all of this node's waiting tasks together, so a thousand waiting tasks stay within 302.AI's rate limits. A 429 answer pauses them all for its Retry-After.",
			},
			legacyToolLimitOption,
			{
				displayName: 'Output',
				name: 'outputMode',
				type: 'options',
				default: 'simplified',
				options: [
					{
						name: 'One Item per Step',
						value: 'steps',
						description: "One output item for each of the agent's steps",
					},
					{
						name: 'Raw',
						value: 'raw',
						description: "302.AI's response as it is",
					},
					{
						name: 'Simplified',
						value: 'simplified',
						description:
							'Status, result, parsed JSON result, extracted content, final text, elapsed time',
					},
				],
			},
			{
				displayName: 'Output JSON Example',
				name: 'outputExample',
				type: 'json',
				default: '{\n  "answer": "text",\n  "sources": ["https://example.com"]\n}',
				description:
					'An example of the answer you want. The node derives a JSON Schema from it (every key required, types from the values, arrays from their first element), asks the agent for it and checks the answer. Use this or Output JSON Schema, not both.',
			},
			{
				displayName: 'Output JSON Schema',
				name: 'outputSchema',
				type: 'json',
				default:
					'{\n  "type": "object",\n  "properties": {\n    "answer": { "type": "string" }\n  },\n  "required": ["answer"]\n}',
				description:
					'A JSON Schema (draft 2020-12 or draft-07) for the answer. Create appends it to the task with the request to answer with exactly one matching JSON value; Create and Get check the answer and output structured_output and structured_output_errors.',
			},
			{
				displayName: 'Poll Schedule',
				name: 'pollSchedule',
				// Only status checks while waiting use it.
				displayOptions: { show: { '/waitForCompletion': [true] } },
				type: 'options',
				default: 'adaptive',
				options: [
					{
						name: 'Adaptive',
						value: 'adaptive',
						description:
							'Poll Interval at first; once the task has run a while, 15% of its running time, at most 30 s. Completion is seen at most 15% (and 30 s) late; a 20-minute task needs about 57 checks instead of 400.',
					},
					{
						name: 'Fixed',
						value: 'fixed',
						description: 'Every Poll Interval, however long the task runs',
					},
				],
			},
			requestTimeoutOption,
			{
				displayName: 'Return Status on Timeout',
				name: 'returnOnTimeout',
				type: 'boolean',
				default: false,
				displayOptions: showWhenWaitingOption,
				description:
					'Whether reaching Max Wait Time returns the last status as an item with timed_out true instead of an error',
			},
			toolOutputLimitOption,
		],
	},
];
