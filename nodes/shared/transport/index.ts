/**
 * The one way both nodes talk to 302.AI: base URL checks, authenticated requests, retries,
 * error mapping, abortable sleeps, polling many tasks together, tolerant response readers and
 * bounded concurrency.
 */
export * from './baseUrl';
export * from './concurrency';
export * from './errorItem';
export * from './errors';
export * from './polling';
export * from './pollPacing';
export * from './request';
export * from './responses';
export * from './retry';
export * from './sleep';
export * from './download';
