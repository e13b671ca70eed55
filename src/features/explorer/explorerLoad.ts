/**
 * The explorer's code behind its activation stand-in (features/explorer/index.ts): the tree's provider,
 * the metadata documents and every explorer and Cloud Storage command, made the first time the view or a
 * command needs them. Here rather than in index.ts so dist/extension.js stays small (it is in dist/commands.js).
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../shared/services';
import { MetadataDocuments, explorerCommands } from './explorerCommands';
import { ExplorerProvider, manifestReader } from './explorerProvider';
import type { ExplorerNode } from './nodes';
import { operationCommands, routeMemory } from '../operations/index';
import { operationsHost } from './operationsHost';
import { storageCommands } from './storageCommands';
import { onDidWriteThroughFileSystem } from '../../shared/storageChanges';
import { showActiveProfile } from './viewTitle';

export interface LoadedExplorer {
	provider: ExplorerProvider;
	documents: MetadataDocuments;
	/** The explorer's and Cloud Storage's commands by method name (each takes a command's (args, more)), and the tree's drag and drop. */
	commands: Record<string, (args: unknown, more?: unknown) => Promise<unknown>> &
		Required<Pick<vscode.TreeDragAndDropController<ExplorerNode>, 'handleDrag' | 'handleDrop'>>;
}

export function loadExplorer(
	services: ExtensionServices,
	treeView: vscode.TreeView<ExplorerNode>,
	context: vscode.ExtensionContext,
	changed: vscode.EventEmitter<ExplorerNode | undefined>,
	documentChanged?: vscode.EventEmitter<vscode.Uri>,
): LoadedExplorer {
	// A PSD's layers (#20) read by the same runner as the operations, with the route each profile was found to take.
	const provider = new ExplorerProvider(
		services,
		manifestReader(services, (profileId) => routeMemory(context.globalState, profileId)),
	);
	const documents = new MetadataDocuments(documentChanged);
	context.subscriptions.push(
		provider,
		provider.onDidChangeTreeData((node) => changed.fire(node)),
		// The tree loads when the view first shows, so its title names the active profile from then on.
		showActiveProfile(services, treeView),
		// A write through the adobe-storage: file system (an editor's save, VS Code's Explorer, a script's
		// workspace.fs): each folder shown that holds a written item reloads once, with the new size and date.
		onDidWriteThroughFileSystem((uris) => {
			const folders = new Map(uris.map((uri) => [`${uri.authority}${uri.path.slice(0, uri.path.lastIndexOf('/'))}`, uri]));
			for (const uri of folders.values()) provider.refreshAt(uri);
		}),
	);
	// Adobe's operations on a file (issue #20); a reload that interrupted one finishes its save-back now.
	const operations = operationCommands(operationsHost(services, provider, treeView, context));
	setTimeout(() => operations.resumePendingOperations(), 0);
	return {
		provider,
		documents,
		commands: {
			...explorerCommands(services, provider, treeView, documents),
			...storageCommands(services, provider, treeView, documents),
			runOperation: operations.runOperation,
			listOperations: operations.listOperations,
		} as unknown as LoadedExplorer['commands'],
	};
}
