/**
 * The Adobe API explorer tree. Until credentials exist it has no nodes, so VS Code shows the
 * view's welcome content (package.json `viewsWelcome`) with its setup buttons.
 */
import * as vscode from 'vscode';

export class ExplorerProvider implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
	readonly onDidChangeTreeData = this.changed.event;

	getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
		return element;
	}

	getChildren(): vscode.TreeItem[] {
		return [];
	}

	refresh(): void {
		this.changed.fire(undefined);
	}

	dispose(): void {
		this.changed.dispose();
	}
}
