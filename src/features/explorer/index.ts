/**
 * The Adobe API explorer view: at activation only the view, a tree provider that stands in for the
 * real one, the metadata documents' scheme and the explorer commands, each a stub. The tree's code
 * (dist/commands.js) loads the first time VS Code asks the tree for its rows, or a command or another
 * feature needs it; from then on the stand-in passes every call and change event through.
 */
import * as vscode from 'vscode';
import { Commands, METADATA_SCHEME, Views } from '../../shared/constants';
import { loadCommands } from '../../shared/lazy';
import { registerCommands } from '../../shared/registerCommands';
import type { ExtensionServices } from '../../shared/services';
import type { MetadataDocuments, explorerCommands } from './explorerCommands';
import type { ExplorerProvider } from './explorerProvider';
import type { ExplorerNode } from './nodes';

export type { ExplorerProvider } from './explorerProvider';

export interface ExplorerFeature {
	/** The tree's provider (loading its code on first use): the tree, verification and the tests use it. */
	provider(): ExplorerProvider;
}

interface Loaded {
	provider: ExplorerProvider;
	documents: MetadataDocuments;
	commands: ReturnType<typeof explorerCommands>;
}

export function activate(services: ExtensionServices, context: vscode.ExtensionContext): ExplorerFeature {
	const changed = new vscode.EventEmitter<ExplorerNode | undefined>();
	let loaded: Loaded | undefined;
	const load = (): Loaded => {
		if (!loaded) {
			const lazy = loadCommands();
			const provider = new lazy.ExplorerProvider(services);
			const documents = new lazy.MetadataDocuments();
			loaded = { provider, documents, commands: lazy.explorerCommands(services, provider, treeView, documents) };
			context.subscriptions.push(
				provider,
				provider.onDidChangeTreeData((node) => changed.fire(node)),
				// The tree loads when the view first shows, so its title names the active profile from then on.
				lazy.showActiveProfile(services, treeView),
			);
		}
		return loaded;
	};
	// The real provider's methods, called through: its code loads on the first of them.
	const treeDataProvider: vscode.TreeDataProvider<ExplorerNode> = {
		onDidChangeTreeData: changed.event,
		getChildren: (node) => load().provider.getChildren(node),
		getTreeItem: (node) => load().provider.getTreeItem(node),
		resolveTreeItem: (item, node) => load().provider.resolveTreeItem(item, node),
		// No getParent: nothing reveals an explorer row, and every byte here is in the activation bundle.
	};
	const treeView = vscode.window.createTreeView(Views.explorer, { treeDataProvider, showCollapseAll: true });
	const commands = () => load().commands;

	context.subscriptions.push(
		changed,
		treeView,
		// Nothing was shown before the code loaded, so there is nothing to show: the empty document MetadataDocuments gives.
		vscode.workspace.registerTextDocumentContentProvider(METADATA_SCHEME, {
			provideTextDocumentContent: (uri) => loaded?.documents.provideTextDocumentContent(uri) ?? '',
		}),
		...registerCommands(services, {
			[Commands.callHello]: (args) => commands().callHello(args),
			[Commands.explorerRefresh]: () => commands().refresh(),
			[Commands.explorerRefreshNode]: (args) => commands().refreshNode(args),
			[Commands.explorerLoadMore]: (args) => commands().loadMore(args),
			[Commands.explorerFilter]: (args) => commands().filter(args),
			[Commands.explorerClearFilter]: (args) => commands().clearFilter(args),
			[Commands.explorerCopyAssetId]: (args) => commands().copyAssetId(args),
			[Commands.explorerCopyPath]: (args) => commands().copyPath(args),
			[Commands.explorerCopyCurl]: (args) => commands().copyCurl(args),
			[Commands.explorerShowMetadata]: (args) => commands().showMetadata(args),
			[Commands.explorerDownload]: (args) => commands().download(args),
			[Commands.explorerPreview]: (args) => commands().preview(args),
		}),
	);
	return { provider: () => load().provider };
}
