/**
 * The password box both Import cURL commands (a profile, a request) paste their command into. It shows
 * at once; the clipboard is only a suggestion, never a gate.
 *
 * In a browser (code-server, vscode.dev), VS Code's clipboard read asks the browser, which may refuse
 * (Chromium without the permission; Firefox and Safari unless their "Paste" prompt is clicked): the
 * workbench then shows the error "Unable to read from the browser's clipboard" and the read does not
 * return until that notification is closed (BrowserClipboardService.readText in microsoft/vscode
 * src/vs/platform/clipboard/browser/clipboardService.ts). So in a browser the clipboard is read only
 * when the user asks, with the box's "Paste from Clipboard" button (typing Ctrl+V works as anywhere);
 * on the desktop, where the read cannot be refused, it is read beside the box as it opens.
 */
import * as vscode from 'vscode';

export interface CurlInputOptions {
	title: string;
	prompt: string;
	placeHolder: string;
	/** True for text that is a curl command: it decides the suggestion and the box's validation. */
	looksLikeCurl(text: string): boolean;
}

const PASTE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('clippy'), tooltip: 'Paste from Clipboard' };

/** The command typed, pasted or suggested and accepted; undefined when the box is closed or accepted empty. */
export function askForCurl(options: CurlInputOptions): Promise<string | undefined> {
	const box = vscode.window.createInputBox();
	box.title = options.title;
	box.prompt = options.prompt;
	box.placeholder = options.placeHolder;
	box.password = true;
	box.ignoreFocusOut = true;
	const inBrowser = vscode.env.uiKind === vscode.UIKind.Web;
	if (inBrowser) box.buttons = [PASTE];
	const problem = (value: string) =>
		value.trim() === '' || options.looksLikeCurl(value) ? undefined : 'Paste a command that starts with "curl".';
	return new Promise((resolve) => {
		let done = false;
		/** `asked`: the button, whose answer replaces what is in the box; the suggestion fills only an empty box. */
		const fromClipboard = (asked: boolean) =>
			Promise.resolve(vscode.env.clipboard.readText()).then(
				(text) => {
					if (done || (!asked && box.value !== '')) return;
					if (options.looksLikeCurl(text)) {
						box.value = text.trim();
						box.validationMessage = undefined;
					} else if (asked) box.validationMessage = 'No curl command came from the clipboard.';
				},
				() => undefined, // no clipboard, no suggestion
			);
		const finish = (value: string | undefined) => {
			if (done) return;
			done = true;
			resolve(value);
			subscriptions.forEach((s) => s.dispose());
			box.dispose();
		};
		const subscriptions = [
			box.onDidChangeValue((value) => (box.validationMessage = problem(value))),
			box.onDidTriggerButton(() => void fromClipboard(true)),
			box.onDidAccept(() => {
				if (problem(box.value) === undefined) finish(box.value.trim() === '' ? undefined : box.value);
			}),
			box.onDidHide(() => finish(undefined)),
		];
		box.show();
		if (!inBrowser) void fromClipboard(false);
	});
}
