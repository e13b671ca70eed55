import * as vscode from 'vscode';
import { EXTENSION_ID } from './constants';

/** Opens the Settings editor on one setting (e.g. 'adobeApi.imsBaseUrl') or on all of ours. */
export async function openSettings(setting?: unknown): Promise<void> {
	const query = typeof setting === 'string' && /^adobeApi\.[\w.]+$/.test(setting) ? setting : `@ext:${EXTENSION_ID}`;
	await vscode.commands.executeCommand('workbench.action.openSettings', query);
}
