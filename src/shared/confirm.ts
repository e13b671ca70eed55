/**
 * Asking before a secret leaves: any command can be run with arguments by another extension or by a
 * workspace's tasks.json / launch.json, so what would move a client secret asks the user first.
 */
import * as vscode from 'vscode';
import { AdobeApiError, invalidInput } from '../core/common/errors';

/**
 * A modal question; true only when the user picks `action`. Dismissed, or refused by a host that
 * cannot show dialogs (VS Code's extension test host throws), both mean no.
 */
export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
	try {
		return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
	} catch {
		return false;
	}
}

/** What a declined confirmation rejects with: `what` says what did not happen. */
export function notConfirmed(what: string): AdobeApiError {
	return invalidInput(`${what}: this needs your confirmation, and it was not given.`, { code: 'not_confirmed' });
}
