/**
 * What the operations on a storage file (features/operations, issue #20) need of the explorer: the
 * files a command names, Go to…'s lookup, the tree's selection, a result's adobe-storage: URI, and its
 * row shown (the folder redrawn, the row selected) once saved. Built here, where the tree is known, so
 * that feature imports none of the explorer's files.
 */
import * as vscode from 'vscode';
import { invalidInput } from '../../core/common/errors';
import type { ProfileMeta } from '../../core/credentials/profiles';
import type { StorageAsset } from '../../core/storage/types';
import type { ExtensionServices } from '../../shared/services';
import { storageChanged } from '../../shared/storageChanges';
import type { OperationTarget, OperationsHost } from '../operations/index';
import type { ExplorerProvider } from './explorerProvider';
import type { ExplorerNode } from './nodes';
import { AssetNode, Target, resolveStorageUri, storageUri, storageUriOfText, targetsOf, uriOf, withToken } from './storageTargets';

export function operationsHost(
	services: ExtensionServices,
	explorer: ExplorerProvider,
	treeView: vscode.TreeView<ExplorerNode>,
	context: vscode.ExtensionContext,
): OperationsHost {
	/** The target with what the tree knows above it: its folder, its project and its path in the project. */
	const withPlace = (target: Target): OperationTarget => {
		const { profile, asset, node } = target;
		const uri = uriOf(explorer, profile, asset, node);
		const chain: StorageAsset[] = [];
		let at: ExplorerNode | undefined = node ? explorer.getParent(node) : undefined;
		while (at?.kind === 'asset') {
			chain.unshift(at.asset);
			if (at.pinned) break;
			at = explorer.getParent(at);
		}
		const project = chain[0]?.assetType === 'project' ? chain[0] : undefined;
		return {
			profile,
			asset,
			...(uri ? { uri } : {}),
			...(node?.parent && node.parent !== 'projects' ? { parentId: node.parent } : {}),
			...(project ? { projectId: project.assetId, pathInProject: [...chain.slice(1).map((a) => a.name), asset.name].join('/') } : {}),
		};
	};

	async function lookUp(profile: ProfileMeta, text: string): Promise<OperationTarget> {
		const trimmed = text.trim();
		if (/^urn:aaid:/i.test(trimmed)) {
			const asset = await withToken(services, profile, (caller) => services.clients.get().cloudStorage.metadata(caller, 'file', trimmed));
			return withPlace({ profile, asset, node: explorer.assetNode(profile, asset.assetId) });
		}
		const uri = storageUriOfText(profile, trimmed);
		const found = await resolveStorageUri(services, uri);
		if (found.root) throw invalidInput('Name a file: an asset id (urn:aaid:…), a path such as /Project/folder/hero.jpg, or its URI.');
		return { ...withPlace({ ...found, node: explorer.assetNode(found.profile, found.asset.assetId) }), uri };
	}

	return {
		services,
		workspaceState: context.workspaceState,
		globalState: context.globalState,
		subscriptions: context.subscriptions,
		testMode: context.extensionMode === vscode.ExtensionMode.Test,
		targets: async (args, more) => (await targetsOf(services, treeView, args, more)).map(withPlace),
		lookUp,
		selected: () =>
			treeView.selection
				.filter((n): n is AssetNode => n.kind === 'asset' && !n.deleted)
				.map((node) => withPlace({ profile: node.profile, asset: node.asset, node })),
		uriOf: (source, asset) => {
			if (asset.path?.startsWith('/')) return storageUri(source.profile, asset.path.slice(1).split('/'));
			return source.uri ? vscode.Uri.joinPath(source.uri, '..', asset.name) : undefined;
		},
		async showLayers(source, manifest) {
			const row = explorer.seedLayers(source.profile, source.asset, manifest);
			if (!row || !treeView.visible) return false;
			await Promise.resolve(treeView.reveal(row, { select: true, focus: false, expand: true })).catch(() => undefined);
			return true;
		},
		async showResult(source, asset) {
			const parentId = asset.ancestors?.[0] ?? source.parentId;
			const resultUri = asset.path?.startsWith('/') ? storageUri(source.profile, asset.path.slice(1).split('/')) : undefined;
			storageChanged({ uris: [resultUri, source.uri].filter((u): u is vscode.Uri => u !== undefined) });
			const container = parentId ? explorer.containerNode(source.profile, parentId) : undefined;
			if (!container) return;
			explorer.refreshNode(container);
			const rows = await explorer.getChildren(container);
			const row = rows.find((r) => r.kind === 'asset' && r.asset.assetId === asset.assetId);
			if (row) await Promise.resolve(treeView.reveal(row, { select: true, focus: false })).catch(() => undefined);
		},
	};
}
