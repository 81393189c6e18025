import type { INodeProperties } from 'n8n-workflow';

import { fetchFilesOption, legacyBinaryFieldOption, outputBinaryFieldOption } from '../fields';

/**
 * The file options of both code operations: "Return Files" first, and the options that only
 * apply with it are shown only when it is on, so the collection lists only what takes effect.
 */

/** Shown only once "Return Files" is on (sibling options of the same collection). */
const WITH_RETURN_FILES = { show: { returnFiles: [true] } };

/** Both code operations: input files first, then Return Files and what only applies with it. */
export function fileOptions(): INodeProperties[] {
	return [
		{
			displayName: 'Input Files',
			name: 'inputFiles',
			type: 'string',
			default: '',
			placeholder: 'e.g. data, attachment (or * for all)',
			description:
				'Binary fields of the input item to put into the sandbox before the code runs, separated by commas, or * for all. Each file is saved as /home/user/ followed by its file name; the code finds the paths in the N8N_FILES environment variable, e.g. {"data": "/home/user/sales.csv"}.',
		},
		{
			displayName: 'Return Files',
			name: 'returnFiles',
			type: 'boolean',
			default: false,
			description:
				'Whether to export files the code wrote and return their URL as "fileUrl" (and the file itself as binary data). A folder comes back as one archive.',
		},
		{
			displayName: 'Files Path',
			name: 'downloadPath',
			type: 'string',
			default: '',
			placeholder: 'e.g. /home/user/chart.png',
			description:
				'What to export: a file, or a folder (exported as one archive). Empty means the working folder /home/user.',
			displayOptions: WITH_RETURN_FILES,
		},
		fetchFilesOption(
			'Whether to fetch the exported file into the output item\'s binary data (streamed). Off: only its URL is returned in "fileUrl".',
			WITH_RETURN_FILES,
		),
		outputBinaryFieldOption(
			'Name of the binary field of the output item that receives the exported file. This names a field of the output, not of the input item.',
			WITH_RETURN_FILES,
		),
		legacyBinaryFieldOption(WITH_RETURN_FILES.show),
	];
}
