/**
 * The Adobe API explorer view: at activation only the view, a tree provider that stands in for the
 * real one, the metadata documents' scheme and the explorer commands, each a stub. The tree's code
 * (dist/commands.js) loads the first time VS Code asks the tree for its rows, or a command or another
 * feature needs it; from then on the stand-in passes every call and change event through.
 */
import * as vscode from 'vscode';
import { Commands, METADATA_SCHEME, Views } from '../../shared/constants';
import { loadCommands } from '../../shared/lazy';
import { CommandHandler, registerCommands } from '../../shared/registerCommands';
import type { ExtensionServices } from '../../shared/services';
import type { LoadedExplorer } from './explorerLoad';
import type { ExplorerProvider } from './explorerProvider';
import type { ExplorerNode } from './nodes';

export type { ExplorerProvider } from './explorerProvider';

export interface ExplorerFeature {
	/** The tree's provider (loading its code on first use): the tree, verification and the tests use it. */
	provider(): ExplorerProvider;
}

/**
 * The explorer's and Cloud Storage's commands are registered from package.json, each dispatched to the
 * loaded method named after its id's last part (`adobeApi.storage.upload` → upload): a table of stubs
 * here would weigh a few dozen bytes per command in the activation bundle.
 */
const DISPATCHED = /^adobeApi\.(explorer|storage)\.(\w+)$/;

export function activate(services: ExtensionServices, context: vscode.ExtensionContext): ExplorerFeature {
	const changed = new vscode.EventEmitter<ExplorerNode | undefined>();
	const documentChanged = new vscode.EventEmitter<vscode.Uri>();
	let loaded: LoadedExplorer | undefined;
	const load = (): LoadedExplorer => (loaded ??= loadCommands().loadExplorer(services, treeView, context, changed, documentChanged));
	// The real provider's methods, called through: its code loads on the first of them.
	const treeDataProvider: vscode.TreeDataProvider<ExplorerNode> = {
		onDidChangeTreeData: changed.event,
		getChildren: (node) => load().provider.getChildren(node),
		getTreeItem: (node) => load().provider.getTreeItem(node),
		resolveTreeItem: (item, node) => load().provider.resolveTreeItem(item, node),
		// Go to… reveals a folder's row.
		getParent: (node) => load().provider.getParent(node),
	};
	// Files dropped from VS Code's Explorer (text/uri-list) upload; rows dragged within the tree move (storageCommands.ts, handleDrop).
	const treeMime = `application/vnd.code.tree.${Views.explorer.toLowerCase()}`;
	const dragAndDropController: vscode.TreeDragAndDropController<ExplorerNode> = {
		dropMimeTypes: [treeMime, 'text/uri-list'],
		dragMimeTypes: [treeMime],
		handleDrag: (...args) => load().commands.handleDrag(...args),
		handleDrop: (...args) => load().commands.handleDrop(...args),
	};
	const treeView = vscode.window.createTreeView(Views.explorer, {
		treeDataProvider,
		showCollapseAll: true,
		canSelectMany: true,
		dragAndDropController,
	});
	const dispatched: Record<string, CommandHandler> = {};
	for (const { command } of context.extension.packageJSON.contributes.commands as Array<{ command: string }>) {
		const method = DISPATCHED.exec(command)?.[2];
		if (method) dispatched[command] = (args, more) => load().commands[method](args, more);
	}

	context.subscriptions.push(
		changed,
		documentChanged,
		treeView,
		// Nothing was shown before the code loaded, so there is nothing to show: the empty document MetadataDocuments gives.
		vscode.workspace.registerTextDocumentContentProvider(METADATA_SCHEME, {
			onDidChange: documentChanged.event,
			provideTextDocumentContent: (uri) => loaded?.documents.provideTextDocumentContent(uri) ?? '',
		}),
		...registerCommands(services, { ...dispatched, [Commands.callHello]: (args) => load().commands.callHello(args) }),
	);
	return { provider: () => load().provider };
}
