/** Shows an error as a notification with the buttons that lead to its fix. */
import * as vscode from 'vscode';
import { isAdobeApiError } from './core/errors';
import { Commands } from './constants';

const OPEN_SETTINGS = 'Open Settings';
const SHOW_LOG = 'Show Log';

/** The user-readable text of any error; our errors' messages are written for people already. */
export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export async function showError(error: unknown): Promise<void> {
	const actions: string[] = [];
	const setting = isAdobeApiError(error) ? error.setting : undefined;
	if (setting) actions.push(OPEN_SETTINGS);
	actions.push(SHOW_LOG);
	const choice = await vscode.window.showErrorMessage(messageOf(error), ...actions);
	if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand(Commands.openSettings, setting);
	if (choice === SHOW_LOG) await vscode.commands.executeCommand(Commands.showLog);
}
