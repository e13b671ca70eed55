/**
 * The folder each file dialog starts in, and the memory of the folder last chosen for it: kept in
 * globalState (a folder path, never a secret; besides it only the demo's walkthrough flag), so Download
 * starts where the last download went rather than among the home folder's dotfiles, and Import
 * Credentials does not start in a preview's temp folder (core/common/dialogFolder.ts says the order).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { dialogStartFolder } from '../core/common/dialogFolder';
import type { ExtensionServices } from './services';

/** Each dialog that remembers its folder; its globalState key is `adobeApi.lastFolder.<action>`. */
export type DialogAction = 'download' | 'importCredentials';

const key = (action: DialogAction) => `adobeApi.lastFolder.${action}`;

/** Where the dialog for `action` starts; with `fileName`, the file it suggests in that folder (a save dialog). */
export function dialogDefaultUri(services: Pick<ExtensionServices, 'globalState'>, action: DialogAction, fileName?: string): vscode.Uri {
	const remembered = services.globalState.get<unknown>(key(action));
	const workspace = vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file')?.uri.fsPath;
	const folder = dialogStartFolder({
		remembered: typeof remembered === 'string' ? remembered : undefined,
		workspace,
		home: os.homedir(),
		temp: os.tmpdir(),
		exists: (dir) => {
			try {
				return fs.statSync(dir).isDirectory();
			} catch {
				return false;
			}
		},
	});
	return vscode.Uri.file(fileName ? path.join(folder, fileName) : folder);
}

/** Remembers the folder of the file the user chose in the dialog for `action`. */
export async function rememberDialogFolder(
	services: Pick<ExtensionServices, 'globalState'>,
	action: DialogAction,
	chosenFile: vscode.Uri,
): Promise<void> {
	if (chosenFile.scheme !== 'file') return;
	await services.globalState.update(key(action), path.dirname(chosenFile.fsPath));
}
