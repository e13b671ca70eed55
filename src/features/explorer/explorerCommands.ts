/**
 * The explorer's commands: the hello call, per-node refresh, paging, filter, copy id/path/cURL,
 * metadata, download and preview. Each works on a clicked node or, scripted, on an argument object.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ApiCaller, withFreshTokenOnce } from '../../core/common/caller';
import { invalidInput } from '../../core/common/errors';
import type { HelloResult } from '../../core/photoshop/client';
import { ProfileMeta } from '../../core/credentials/profiles';
import { assetCurlCommand } from '../../core/credentials/snippets';
import type { StorageAsset } from '../../core/storage/client';
import { LISTING_QUERIES, listingQueryProblem, listingTarget } from '../../core/storage/queries';
import { isScripted, profileNamed } from '../../shared/profilePick';
import { ExtensionServices } from '../../shared/services';
import { withCancellableProgress } from '../../shared/progress';
import { readNetworkSettings } from '../../shared/settings';
import { callerSource } from '../../shared/tokens';
import { METADATA_SCHEME } from '../../shared/constants';
import { ExplorerProvider, ListingFilter } from './explorerProvider';
import { ExplorerNode, containerOf, isExplorerNode } from './nodes';
import { formatBytes } from '../../core/common/format';
import { safeFileName } from '../../core/common/previewFolder';
import { dialogDefaultUri, rememberDialogFolder } from '../../shared/dialogFolders';

/** Read-only JSON documents for "Show Metadata". */
export class MetadataDocuments implements vscode.TextDocumentContentProvider {
	private readonly contents = new Map<string, string>();
	/** `changed`: the registered provider's onDidChange (features/explorer/index.ts), so an open document shows new content (Change Access). */
	constructor(private readonly changed?: vscode.EventEmitter<vscode.Uri>) {}
	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.contents.get(uri.toString()) ?? '';
	}
	set(uri: vscode.Uri, text: string): void {
		this.contents.set(uri.toString(), text);
		this.changed?.fire(uri);
	}
}

type AssetKind = 'project' | 'folder' | 'file';

/** The asset a command acts on: a clicked node, or `{ assetId, assetType?, profile? }`. */
function assetTarget(
	services: ExtensionServices,
	args: unknown,
): { profile: ProfileMeta; assetId: string; assetType: AssetKind; asset?: StorageAsset } {
	if (isExplorerNode(args) && args.kind === 'asset') {
		return { profile: args.profile, assetId: args.asset.assetId, assetType: args.asset.assetType as AssetKind, asset: args.asset };
	}
	if (isScripted(args) && typeof args.assetId === 'string') {
		const assetType = args.assetType ?? 'file';
		if (assetType !== 'project' && assetType !== 'folder' && assetType !== 'file') {
			throw invalidInput('assetType: must be "project", "folder" or "file".');
		}
		return { profile: profileNamed(services, args.profile), assetId: args.assetId, assetType };
	}
	throw invalidInput('Select a Cloud Storage item in the Adobe API Toolkit view first.');
}

export function explorerCommands(
	services: ExtensionServices,
	explorer: ExplorerProvider,
	treeView: vscode.TreeView<ExplorerNode>,
	documents: MetadataDocuments,
) {
	/** Runs `call` with the profile's token, refreshed once if Adobe rejects it (core/common/caller.ts). */
	const withToken = <T>(profile: ProfileMeta, call: (caller: ApiCaller) => Promise<T>, signal?: AbortSignal): Promise<T> =>
		withFreshTokenOnce(callerSource(services, profile), call, {
			signal,
			onRefresh: () => services.log.info('[explorer] token rejected (401); refreshing it and trying once more'),
		});
	const selected = (args: unknown): ExplorerNode | undefined => (isExplorerNode(args) ? args : treeView.selection[0]);
	/** The container a scripted `{ profile?, assetId? }` names (default: the project list), if the tree has shown it. */
	const scriptedContainer = (args: Record<string, unknown>): ExplorerNode | undefined =>
		explorer.containerNode(profileNamed(services, args.profile), typeof args.assetId === 'string' ? args.assetId : 'projects');

	return {
		/** The hello call; its outcome is kept in services.checks, which the tree's row shows. The body is redacted before the row shortens it. */
		async callHello(args: unknown): Promise<HelloResult> {
			const profile = isExplorerNode(args) ? args.profile : profileNamed(services, isScripted(args) ? args.profile : undefined);
			return services.checks.runHello(profile.id, async () => {
				const answer = await withToken(profile, (caller) => services.clients.get().photoshop.hello(caller));
				return { ...answer, body: services.log.redact(answer.body) };
			});
		},

		async refresh(): Promise<void> {
			explorer.refresh();
		},

		async refreshNode(args: unknown): Promise<void> {
			const node = selected(args);
			if (node) explorer.refreshNode(node);
			else explorer.refresh();
		},

		async loadMore(args: unknown): Promise<{ shown: number; more: boolean } | undefined> {
			if (!isExplorerNode(args) || args.kind !== 'loadMore') return undefined;
			await explorer.loadMore(args);
			const listing = explorer.listing(args.profile, args.containerKey);
			return { shown: listing?.items.length ?? 0, more: listing?.nextUrl !== undefined };
		},

		async filter(args: unknown): Promise<ListingFilter | undefined> {
			let node: ExplorerNode | undefined;
			let filter: ListingFilter;
			if (isScripted(args)) {
				node = scriptedContainer(args);
				const target = node && containerOf(node);
				if (!node || !target) {
					throw invalidInput('Expand that folder in the Adobe API Toolkit view before filtering it.');
				}
				filter = {
					name: typeof args.name === 'string' && args.name ? args.name : undefined,
					apiFilter: typeof args.filter === 'string' && args.filter ? args.filter : undefined,
					sortBy: typeof args.sortBy === 'string' && args.sortBy ? args.sortBy : undefined,
				};
				const problem = listingQueryProblem(listingTarget(target.container), { filter: filter.apiFilter, sortBy: filter.sortBy });
				if (problem) throw invalidInput(`${problem.charAt(0).toUpperCase()}${problem.slice(1)}`);
			} else {
				node = selected(args);
				const target = node && containerOf(node);
				if (!node || !target) {
					void vscode.window.showInformationMessage('Select Cloud Storage, a project or a folder to filter.');
					return undefined;
				}
				// Only what this kind of listing accepts: Adobe answers 422 to the rest.
				const accepted = LISTING_QUERIES[listingTarget(target.container)];
				const kind = await vscode.window.showQuickPick(
					accepted.filters.map((o) => ({ ...o, description: o.value })),
					{ title: 'Filter (1/3): which items?', placeHolder: 'Adobe filters the listing (first page onwards)' },
				);
				if (!kind) return undefined;
				const sort = await vscode.window.showQuickPick(
					accepted.sorts.map((o) => ({ ...o, description: o.value })),
					{ title: 'Filter (2/3): order' },
				);
				if (!sort) return undefined;
				const name = await vscode.window.showInputBox({
					title: 'Filter (3/3): name contains (optional)',
					placeHolder: 'part of a name, or empty for all',
				});
				if (name === undefined) return undefined;
				filter = { name: name.trim() || undefined, apiFilter: kind.value, sortBy: sort.value };
			}
			explorer.setFilter(node, filter);
			return filter;
		},

		async clearFilter(args: unknown): Promise<void> {
			const node = isScripted(args) ? scriptedContainer(args) : selected(args);
			if (node) explorer.setFilter(node, {});
		},

		async copyAssetId(args: unknown): Promise<{ assetId: string }> {
			const { assetId } = assetTarget(services, args);
			await vscode.env.clipboard.writeText(assetId);
			return { assetId };
		},

		async copyPath(args: unknown): Promise<{ path: string }> {
			const target = assetTarget(services, args);
			// The path is the server's text: redacted like everything else it sends before it is copied.
			const assetPath = services.log.redact(target.asset?.path ?? (await metadataOf(target)).path ?? '');
			await vscode.env.clipboard.writeText(assetPath);
			return { path: assetPath };
		},

		async copyCurl(args: unknown): Promise<{ assetId: string }> {
			const target = assetTarget(services, args);
			await vscode.env.clipboard.writeText(assetCurlCommand(target.profile.apiKind, readNetworkSettings().endpoints, target));
			if (!isScripted(args)) {
				void vscode.window.showInformationMessage(
					'cURL copied. It reads the token and Client ID from environment variables ("Adobe: Copy Environment Exports").',
				);
			}
			return { assetId: target.assetId };
		},

		async showMetadata(args: unknown): Promise<StorageAsset> {
			const target = assetTarget(services, args);
			const metadata = await metadataOf(target);
			if (!isScripted(args)) {
				const uri = vscode.Uri.from({
					scheme: METADATA_SCHEME,
					path: `/${metadata.name.replace(/[\\/]/g, '_')}.json`,
					query: target.assetId,
				});
				documents.set(uri, services.log.redact(`${JSON.stringify(metadata, null, 2)}\n`));
				const document = await vscode.workspace.openTextDocument(uri);
				await vscode.languages.setTextDocumentLanguage(document, 'json');
				await vscode.window.showTextDocument(document, { preview: true });
			}
			return metadata;
		},

		async download(
			args: unknown,
			more?: unknown,
		): Promise<{ path: string; bytes: number } | Array<{ path: string; bytes: number }> | undefined> {
			// Several rows selected (the tree's multi-select passes them second): one folder for all, then each file into it.
			const many = isExplorerNode(args) && Array.isArray(more) && more.length > 1 ? more.filter(isExplorerNode) : [];
			if (many.length > 1) return downloadMany(many);
			const target = assetTarget(services, args);
			if (target.assetType !== 'file') throw invalidInput('Only files can be downloaded.');
			let destination: string | undefined;
			if (isScripted(args)) {
				if (typeof args.destination !== 'string') {
					throw invalidInput('destination: the path to save the file to.');
				}
				destination = args.destination;
			} else {
				const name = target.asset?.name ?? 'download';
				// The folder last chosen for a download, else the workspace (shared/dialogFolders.ts); the name is the server's, made a plain one.
				const picked = await vscode.window.showSaveDialog({
					title: `Download ${name}`,
					defaultUri: dialogDefaultUri(services, 'download', safeFileName(name)),
					saveLabel: 'Download',
				});
				if (picked) await rememberDialogFolder(services, 'download', picked);
				destination = picked?.fsPath;
			}
			if (!destination) return undefined;
			const fileName = path.basename(destination);
			const saveTo = destination;
			const result = await withCancellableProgress(`Downloading ${fileName}`, async (signal, progress) => {
				const network = services.clients.get();
				const link = await withToken(
					target.profile,
					(caller) =>
						network.cloudStorage.downloadLink(caller, target.assetId, {
							signal,
							onWaiting: (seconds) => progress.report({ message: `Adobe is preparing the file; checking again in ${seconds} s…` }),
						}),
					signal,
				);
				let reported = 0;
				return network.http.download({ service: 'cloudStorage', url: link.url, signal }, saveTo, (received, total) => {
					const size = total ?? link.size;
					if (!size) return;
					progress.report({ increment: ((received - reported) / size) * 100, message: `${formatBytes(received)} of ${formatBytes(size)}` });
					reported = received;
				});
			});
			if (!isScripted(args)) {
				void vscode.window.showInformationMessage(`Saved ${fileName} (${formatBytes(result.bytes)}).`, 'Open').then((choice) => {
					if (choice) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(saveTo));
				});
			}
			return { path: saveTo, bytes: result.bytes };
		},

		async preview(args: unknown): Promise<{ path: string; bytes: number }> {
			const target = assetTarget(services, args);
			// The server's name is shown as the tab's title: redacted like every text it sends.
			const name = services.log.redact(target.asset?.name ?? (await metadataOf(target)).name);
			const png = await withToken(target.profile, (caller) => services.clients.get().cloudStorage.rendition(caller, target.assetId, 512));
			// Named as the file is, in a folder of its own per asset, so the editor's tab reads "logo.png" (core/common/previewFolder.ts).
			// The rendition is a PNG: a name with another extension gets ".png" after it ("shoe.psd.png"), so VS Code opens it as an image.
			const file = await explorer.previews.writeNamed(target.assetId, /\.png$/i.test(name) ? name : `${name}.png`, png);
			if (!isScripted(args)) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file), { preview: true });
			return { path: file, bytes: png.length };
		},
	};

	/** Downloads the selected files into one folder the user picks (their names made plain ones, as a single download's are). */
	async function downloadMany(nodes: ExplorerNode[]): Promise<Array<{ path: string; bytes: number }> | undefined> {
		const files = nodes.filter((n): n is Extract<ExplorerNode, { kind: 'asset' }> => n.kind === 'asset' && n.asset.assetType === 'file');
		if (files.length === 0) throw invalidInput('Only files can be downloaded.');
		const [folder] =
			(await vscode.window.showOpenDialog({
				title: `Download ${files.length} files to…`,
				canSelectFiles: false,
				canSelectFolders: true,
				defaultUri: dialogDefaultUri(services, 'download'),
				openLabel: 'Download Here',
			})) ?? [];
		if (!folder) return undefined;
		await rememberDialogFolder(services, 'download', vscode.Uri.joinPath(folder, 'x'));
		const saved: Array<{ path: string; bytes: number }> = [];
		await withCancellableProgress(`Downloading ${files.length} files`, async (signal, progress) => {
			const network = services.clients.get();
			for (const [index, node] of files.entries()) {
				if (signal.aborted) break;
				const saveTo = path.join(folder.fsPath, safeFileName(node.asset.name));
				progress.report({
					message: `${index + 1} of ${files.length}: ${services.log.redact(node.asset.name)}`,
					increment: 100 / files.length,
				});
				const link = await withToken(
					node.profile,
					(caller) => network.cloudStorage.downloadLink(caller, node.asset.assetId, { signal }),
					signal,
				);
				const result = await network.http.download({ service: 'cloudStorage', url: link.url, signal }, saveTo, () => undefined);
				saved.push({ path: saveTo, bytes: result.bytes });
			}
		});
		void vscode.window.showInformationMessage(`Saved ${saved.length} of ${files.length} files to ${folder.fsPath}.`);
		return saved;
	}

	async function metadataOf(target: { profile: ProfileMeta; assetId: string; assetType: AssetKind }): Promise<StorageAsset> {
		return withToken(target.profile, (caller) => services.clients.get().cloudStorage.metadata(caller, target.assetType, target.assetId));
	}
}
