import { hasOwn, isObject } from './values';

/**
 * Resolves a reference inside the schema itself: "#" (the root) or a JSON Pointer such as
 * "#/$defs/flight" (RFC 6901, percent-decoded). undefined when it points to nothing.
 */
export function resolveRef(root: unknown, ref: string): unknown {
	if (!ref.startsWith('#')) return undefined;
	let pointer: string;
	try {
		pointer = decodeURIComponent(ref.slice(1));
	} catch {
		return undefined;
	}
	if (pointer === '') return root;
	if (!pointer.startsWith('/')) return undefined;
	let node: unknown = root;
	for (const token of pointer.slice(1).split('/')) {
		const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
		if (Array.isArray(node) && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < node.length)
			node = node[Number(key)];
		else if (isObject(node) && hasOwn(node, key)) node = node[key];
		else return undefined;
	}
	return node;
}
