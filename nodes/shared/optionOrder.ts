import type { INodeProperties } from 'n8n-workflow';

/**
 * n8n shows a collection's options in the order given (in "Add Option" and once added), and its
 * lint asks for alphabetical order. This sorts by label, except that an option shown only while
 * a sibling option is set (its displayOptions name that sibling) comes right after the sibling,
 * in the order given: "Return Files" is followed by the options that only apply with it.
 */
export function inDisplayOrder(options: INodeProperties[]): INodeProperties[] {
	const names = new Set(options.map((option) => option.name));
	const parentOf = (option: INodeProperties): string | undefined =>
		Object.keys(option.displayOptions?.show ?? {}).find(
			(key) => key !== option.name && names.has(key),
		);
	const ordered: INodeProperties[] = [];
	const place = (option: INodeProperties) => {
		ordered.push(option);
		for (const child of options) if (parentOf(child) === option.name) place(child);
	};
	const byLabel = (a: INodeProperties, b: INodeProperties) =>
		a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0;
	for (const option of options.filter((entry) => parentOf(entry) === undefined).sort(byLabel))
		place(option);
	return ordered;
}
