/**
 * The view's title names the active profile ("ADOBE  Photoshop dev"): the profile the tree, the status
 * bar, request files and Check Setup use, visible without opening the tree. TreeView.description is
 * the text VS Code shows beside a view's name (https://code.visualstudio.com/api/references/vscode-api#TreeView).
 */
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../../shared/services';

export function showActiveProfile(services: Pick<ExtensionServices, 'profiles'>, view: vscode.TreeView<unknown>): vscode.Disposable {
	const update = () => (view.description = services.profiles.active()?.name);
	update();
	return services.profiles.onDidChange(update);
}
