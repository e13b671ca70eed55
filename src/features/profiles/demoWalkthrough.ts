/**
 * `npm start`'s demo opens the walkthrough on its first load, so the person who just started it sees
 * where to begin. test/host/start.js sets ADOBE_API_TOOLKIT_DEMO for the demo's VS Code; nobody else's
 * VS Code has it, and for everyone else VS Code's own rules decide when a walkthrough opens.
 */
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../shared/constants';

/** globalState: the demo's walkthrough was opened once in this browser (or VS Code user data), so a reload does not open it again. */
export const DEMO_WALKTHROUGH_SHOWN = 'adobeApi.demoWalkthroughShown';
export const WALKTHROUGH_ID = `${EXTENSION_ID}#gettingStarted`;

/** Never rejects: a demo that cannot open its walkthrough still runs. */
export async function openDemoWalkthrough({ globalState }: { globalState: vscode.Memento }): Promise<void> {
	if (globalState.get(DEMO_WALKTHROUGH_SHOWN)) return;
	try {
		await globalState.update(DEMO_WALKTHROUGH_SHOWN, true);
		await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
	} catch {
		// A workbench without walkthroughs: nothing to open.
	}
}
