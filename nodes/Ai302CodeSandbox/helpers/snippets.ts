import type { Language } from './validation';

/**
 * Starter code shown in the Code field for each language and mode. Each one reads the input
 * data from the environment variable the node sets and prints JSON, which "Parse Output"
 * turns back into item fields.
 */
export type RunMode = 'runOnceForEachItem' | 'runOnceForAllItems';

const EACH: Record<Language, string> = {
	python: `import json
import os

# The input item's JSON (set by the node; see "Pass Item Data")
item = json.loads(os.environ.get("N8N_ITEM", "{}"))
index = int(os.environ.get("N8N_ITEM_INDEX", "0"))

result = {"index": index, "keys": sorted(item.keys())}
print(json.dumps(result))
`,
	js: `// The input item's JSON (set by the node; see "Pass Item Data")
const item = JSON.parse(process.env.N8N_ITEM || '{}');
const index = Number(process.env.N8N_ITEM_INDEX || 0);

const result = { index, keys: Object.keys(item).sort() };
console.log(JSON.stringify(result));
`,
	r: `# The input item's JSON (set by the node; see "Pass Item Data")
item <- jsonlite::fromJSON(Sys.getenv("N8N_ITEM", "{}"))
index <- as.integer(Sys.getenv("N8N_ITEM_INDEX", "0"))

result <- list(index = index, keys = sort(names(item)))
cat(jsonlite::toJSON(result, auto_unbox = TRUE))
`,
	java: `// The input item's JSON as text (set by the node; see "Pass Item Data").
// If your sandbox runs Java as a notebook (jshell), add Main.main(new String[0]); at the end.
public class Main {
    public static void main(String[] args) {
        String item = System.getenv().getOrDefault("N8N_ITEM", "{}");
        String index = System.getenv().getOrDefault("N8N_ITEM_INDEX", "0");
        System.out.println("{\\"index\\": " + index + ", \\"itemLength\\": " + item.length() + "}");
    }
}
`,
	bash: `# The input item's JSON (set by the node; see "Pass Item Data")
printf '{"index": %s, "item": %s}\\n' "$N8N_ITEM_INDEX" "$N8N_ITEM"
`,
};

const ALL: Record<Language, string> = {
	python: `import json
import os

# All input items' JSON as a list (set by the node; see "Pass Item Data")
items = json.loads(os.environ.get("N8N_ITEMS", "[]"))

# Printing a JSON array gives one output item per element ("Parse Output": JSON)
result = [{"position": i, "keys": sorted(item.keys())} for i, item in enumerate(items)]
print(json.dumps(result))
`,
	js: `// All input items' JSON as an array (set by the node; see "Pass Item Data")
const items = JSON.parse(process.env.N8N_ITEMS || '[]');

// Printing a JSON array gives one output item per element ("Parse Output": JSON)
const result = items.map((item, position) => ({ position, keys: Object.keys(item).sort() }));
console.log(JSON.stringify(result));
`,
	r: `# All input items' JSON (set by the node; see "Pass Item Data")
items <- jsonlite::fromJSON(Sys.getenv("N8N_ITEMS", "[]"), simplifyVector = FALSE)

result <- list(count = length(items))
cat(jsonlite::toJSON(result, auto_unbox = TRUE))
`,
	java: `// All input items' JSON as text (set by the node; see "Pass Item Data").
// If your sandbox runs Java as a notebook (jshell), add Main.main(new String[0]); at the end.
public class Main {
    public static void main(String[] args) {
        String items = System.getenv().getOrDefault("N8N_ITEMS", "[]");
        System.out.println("{\\"itemsLength\\": " + items.length() + "}");
    }
}
`,
	bash: `# All input items' JSON as an array (set by the node; see "Pass Item Data")
printf '{"items": %s}\\n' "$N8N_ITEMS"
`,
};

export function starterSnippet(language: Language, mode: RunMode): string {
	return mode === 'runOnceForAllItems' ? ALL[language] : EACH[language];
}
