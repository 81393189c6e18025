import type { Language } from './validation';
import snippets from './snippets.json';

/**
 * Starter code shown in the Code field for each language and mode. Each one reads the input
 * data from the environment variable the node sets and prints JSON, which "Parse Output"
 * turns back into item fields. The texts are user code for the remote sandbox, so they live
 * in snippets.json as data, apart from the node's own code.
 */
export type RunMode = 'runOnceForEachItem' | 'runOnceForAllItems';

export function starterSnippet(language: Language, mode: RunMode): string {
	return snippets[mode][language];
}
