/**
 * What both nodes do differently when an AI Agent calls them as a tool: detecting that mode,
 * the one Tool Output Limit option, the capped answer the model receives, and error texts
 * written for the model.
 */
export * from './answer';
export * from './error';
export * from './mode';
export * from './option';
