/**
 * Where a file dialog starts (#18): the folder last chosen for that action, while it still exists;
 * else the first workspace folder; else the home folder. Never a preview folder: VS Code's own
 * default is the folder of the active editor, which after an image preview is the private temp
 * folder the preview was written to, and a folder chosen in there goes away with it.
 */
import { PreviewFolder } from './previewFolder';

export interface DialogFolderChoices {
	/** The folder last chosen for this action (a path; a folder path is not a secret). */
	remembered?: string;
	/** The first workspace folder on this machine, if one is open. */
	workspace?: string;
	home: string;
	exists: (folder: string) => boolean;
	/** The system temp folder, under which the preview folders are. */
	temp?: string;
}

export function dialogStartFolder(choices: DialogFolderChoices): string {
	const usable = (folder: string | undefined): folder is string =>
		folder !== undefined && folder !== '' && !PreviewFolder.holds(folder, choices.temp) && choices.exists(folder);
	if (usable(choices.remembered)) return choices.remembered;
	if (usable(choices.workspace)) return choices.workspace;
	return choices.home;
}
