/**
 * The Adobe API explorer: the active profile, the Photoshop hello call, Verify Credential, and Adobe Cloud Storage
 * (projects → folders → files) loaded lazily a page at a time. The tree renders; the policies live with
 * the operations: paging, retries, the expired-cursor restart and the one token refresh after a 401 are
 * core/storage/listing.ts's, the hello and verification results are shared/profileChecks.ts's. A failed
 * load becomes one error node, never a blank tree; a 429 shows "rate limited, retrying in N s" while it
 * waits. Every item passes the log's redactor on its way to the tree: labels and tooltips quote what servers sent.
 */
import * as vscode from 'vscode';
import type { StorageAsset, StorageContainer } from '../../core/storage/client';
import { ContainerListing, ListingDeps, containerListing } from '../../core/storage/listing';
import {
	EMPTY_PROJECT_LIST_ADVICE,
	QueryWords,
	TECHNICAL_ACCOUNT_SETUP_URL,
	describeListingQuery,
	listingTarget,
} from '../../core/storage/queries';
import { AdobeApiError, toAdobeApiError } from '../../core/common/errors';
import { PreviewFolder } from '../../core/common/previewFolder';
import { ProfileMeta } from '../../core/credentials/profiles';
import type { ExtensionServices } from '../../shared/services';
import type { PsdManifest, RouteMemory } from '../../core/operations/types';
import { Commands, ContextKeys, Settings, Views } from '../../shared/constants';
import { callerSource } from '../../shared/tokens';
import {
	ContainerKey,
	ExplorerNode,
	FilterWords,
	NODE_BRAND,
	ProfileTokenState,
	assetTooltip,
	containerOf,
	layerTooltip,
	redactTreeItem,
	toTreeItem,
} from './nodes';
import { MANIFEST_OPERATION, PSD_MEDIA_TYPE, PsdLayers, ReadManifest, isPhotoshopDocument } from './psdLayers';

/**
 * Filters applied to one container: `name` locally on loaded items; `apiFilter`/`sortBy` by the API on
 * the first page. A filter by media type keeps the folders (core/storage/listing.ts, containerListing), and
 * the sub-folders listed under a filtered folder take its `apiFilter` and `sortBy`, so the files one
 * level down are found the same way.
 */
export interface ListingFilter {
	name?: string;
	apiFilter?: string;
	sortBy?: string;
}

/** What the tree shows of a container: the listing's items and cursor, and the state of its load. */
interface Listing {
	items: readonly StorageAsset[];
	nextUrl?: string;
	/** The listing that loads the pages (core/storage/listing.ts); made afresh at each first-page load. */
	pages?: ContainerListing;
	loaded: boolean;
	loading?: Promise<void>;
	error?: AdobeApiError;
	/** Seconds until a rate-limited request is retried, while it waits. */
	waitingSeconds?: number;
	/** Someone was given a partial answer during a load, so the end of the load must redraw. */
	shownWhileLoading?: boolean;
	filter: ListingFilter;
	/** The filter was set on this container (Filter…, Clear Filter), so a filter set above does not replace it. */
	own?: boolean;
	/** The container whose filter this one took (an asset id), if it took one. */
	inheritedFrom?: ContainerKey;
}

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
	readonly onDidChangeTreeData = this.changed.event;
	/** Whether the storageListed context key is set already. */
	private storageListed = false;
	/** One node object per id, so change events name elements the tree already knows. */
	private readonly nodes = new Map<string, ExplorerNode>();
	private readonly listings = new Map<string, Listing>();
	/** A sub-folder's listing key → the filter it takes from its parent's, when the tree lists it (see ListingFilter). */
	private readonly inherited = new Map<string, { filter: ListingFilter; from: ContainerKey }>();
	/** A container's listing key → the listing key of the container it was shown in. */
	private readonly parents = new Map<string, string>();
	/** Items reached by id (Go to…) whose parents this credential cannot list, by profile id: shown above the projects. */
	private readonly pinned = new Map<string, StorageAsset[]>();
	private readonly disposables: vscode.Disposable[] = [];
	/** Where "Preview" writes renditions; removed with the explorer. */
	readonly previews = new PreviewFolder();
	/** The layers of the Photoshop documents the tree has expanded (#20). */
	private readonly layers: PsdLayers;

	constructor(
		private readonly services: ExtensionServices,
		/** How a PSD's manifest is read: the operations runner's generate-manifest, unless a test says otherwise. */
		readManifest?: ReadManifest,
	) {
		this.layers = new PsdLayers(
			readManifest ?? manifestReader(services),
			(fresh) => this.node(fresh),
			services.log,
			// The view's own progress bar while Photoshop reads the document.
			(task) => vscode.window.withProgress({ location: { viewId: Views.explorer } }, task),
		);
		this.disposables.push(
			{ dispose: () => this.layers.clear() },
			services.profiles.onDidChange(() => this.refresh()),
			vscode.workspace.onDidChangeConfiguration((e) => {
				// A new page size applies to the next listing; a new endpoint invalidates everything loaded.
				if (e.affectsConfiguration(Settings.cloudStorageBaseUrl)) this.refresh();
			}),
		);
		const stop = services.tokens.onDidChange((profileId) => {
			const active = services.profiles.active();
			if (active?.id !== profileId) return;
			const profileNode = this.nodes.get(`profile:${profileId}`);
			this.changed.fire(profileNode && !this.tokenMissing(active) ? profileNode : undefined);
		});
		this.disposables.push(
			{ dispose: stop },
			// A hello or verification ran (from the tree, the palette or a script): redraw its row.
			services.checks.onDidChange((change) => {
				if (!change) return this.changed.fire(undefined);
				const node = this.nodes.get(`${change.check}:${change.profileId}`);
				if (node) this.changed.fire(node);
			}),
		);
	}

	/** Forget everything loaded and redraw (profile switched, settings changed, "Refresh" in the view title). */
	refresh(): void {
		this.listings.clear();
		this.layers.clear();
		this.inherited.clear();
		this.parents.clear();
		this.nodes.clear();
		// Fires onDidChange(undefined), which redraws the whole tree (the subscription above).
		this.services.checks.forget();
	}

	/** Reload one container only; everything else stays as loaded. An error or message row reloads the folder it stands in. */
	refreshNode(clicked: ExplorerNode): void {
		const node =
			clicked.kind === 'message' && clicked.containerKey !== undefined
				? (this.containerNode(clicked.profile, clicked.containerKey) ?? clicked)
				: clicked;
		const target = containerOf(node);
		if (node.kind === 'asset' && isPhotoshopDocument(node.asset)) {
			// A Photoshop document's error row: read its layers again.
			this.layers.forget(node.profile, node.asset);
			this.changed.fire(node);
		} else if (target) {
			const key = this.listingKey(node.profile, target.key);
			const { filter = {}, own, inheritedFrom } = this.listings.get(key) ?? {};
			this.listings.set(key, { items: [], loaded: false, filter, own, inheritedFrom });
			this.changed.fire(node);
		} else if (node.kind === 'hello' || node.kind === 'verify') {
			this.services.checks.forget(node.profile.id, node.kind);
		} else {
			this.refresh();
		}
	}

	getTreeItem(node: ExplorerNode): vscode.TreeItem {
		return redactTreeItem(
			toTreeItem(
				node,
				this.services.checks.hello(node.profile.id),
				this.tokenState(node.profile),
				this.filterWords(node),
				this.services.checks.verification(node.profile.id),
			),
			this.services.log.redact,
		);
	}

	async resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): Promise<vscode.TreeItem> {
		if (node.kind === 'asset' && !item.tooltip) item.tooltip = assetTooltip(node.asset, this.filterWords(node), this.services.log.redact);
		if (node.kind === 'layer' && !item.tooltip) item.tooltip = layerTooltip(node.layer, this.services.log.redact);
		return redactTreeItem(item, this.services.log.redact);
	}

	async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
		if (!node) {
			await this.services.profiles.ready();
			const profile = this.services.profiles.active();
			if (!profile || this.tokenMissing(profile)) return []; // the view's welcome content explains what to do
			return [this.node({ kind: 'profile', id: `profile:${profile.id}`, profile })];
		}
		if (node.kind === 'profile') {
			return [
				this.node({ kind: 'hello', id: `hello:${node.profile.id}`, profile: node.profile }),
				this.node({ kind: 'verify', id: `verify:${node.profile.id}`, profile: node.profile }),
				this.node({ kind: 'storage', id: `storage:${node.profile.id}`, profile: node.profile }),
			];
		}
		if (node.kind === 'asset' && !node.deleted && isPhotoshopDocument(node.asset)) return this.layers.children(node);
		if (node.kind === 'layer') return this.layers.layerChildren(node);
		const target = containerOf(node);
		return target ? this.listingChildren(node, target.key, target.container) : [];
	}

	/** The loaded items of a container, for tests and commands. */
	listing(profile: ProfileMeta, key: ContainerKey): Readonly<Listing> | undefined {
		return this.listings.get(this.listingKey(profile, key));
	}

	/** Loads the next page of a container (the "Load more…" node); an expired cursor starts the listing over (core/storage/listing.ts). */
	async loadMore(node: Extract<ExplorerNode, { kind: 'loadMore' }>): Promise<void> {
		const parent = this.containerNode(node.profile, node.containerKey);
		const listing = this.listings.get(this.listingKey(node.profile, node.containerKey));
		const pages = listing?.pages;
		if (!listing || !pages?.nextUrl || listing.loading) return;
		listing.loading = (async () => {
			try {
				await pages.next();
				listing.error = undefined;
			} catch (error) {
				listing.error = toAdobeApiError(error);
			} finally {
				listing.items = pages.items;
				listing.nextUrl = pages.nextUrl;
				listing.loading = undefined;
				listing.waitingSeconds = undefined;
			}
		})();
		this.changed.fire(parent);
		await listing.loading;
		this.changed.fire(parent);
	}

	/**
	 * Sets a container's filter (its own from now on) and reloads it, and the sub-folders that took its
	 * filter. Clearing an own filter lets the container take its parent's again, if that has one;
	 * clearing one it took from its parent lists it unfiltered.
	 */
	setFilter(node: ExplorerNode, filter: ListingFilter): void {
		const target = containerOf(node);
		if (!target) return;
		const key = this.listingKey(node.profile, target.key);
		const previous = this.listings.get(key);
		if (previous?.own && !filter.name && !filter.apiFilter && !filter.sortBy) {
			this.listings.delete(key); // listed again with what it takes from its parent (listingChildren)
			this.forgetInheritors(key);
			this.changed.fire(node);
			return;
		}
		const sameQuery = previous && previous.filter.apiFilter === filter.apiFilter && previous.filter.sortBy === filter.sortBy;
		if (sameQuery) {
			// Only the local name filter changed: no reload.
			previous.filter = filter;
			previous.own = true;
			previous.inheritedFrom = undefined;
		} else {
			this.listings.set(key, { items: [], loaded: false, filter, own: true });
			this.forgetInheritors(key);
		}
		this.changed.fire(node);
	}

	dispose(): void {
		for (const d of this.disposables) d.dispose();
		this.changed.dispose();
		this.previews.dispose();
	}

	private async listingChildren(node: ExplorerNode, key: ContainerKey, container: StorageContainer): Promise<ExplorerNode[]> {
		const listingKey = this.listingKey(node.profile, key);
		let listing = this.listings.get(listingKey);
		if (!listing) {
			const inherited = this.inherited.get(listingKey);
			listing = { items: [], loaded: false, filter: inherited?.filter ?? {}, inheritedFrom: inherited?.from };
			this.listings.set(listingKey, listing);
		}
		if (!listing.loaded && !listing.loading) {
			const current = listing;
			current.loading = this.loadFirstPage(node, current, container).finally(() => {
				current.loading = undefined;
				current.waitingSeconds = undefined;
				current.loaded = true;
				// Whoever was shown "Loading…" or "rate limited" meanwhile gets the items now.
				if (current.shownWhileLoading) this.changed.fire(node);
				current.shownWhileLoading = false;
			});
			await current.loading;
		} else if (listing.loading) {
			listing.shownWhileLoading = true;
		}
		return this.render(node, key, listing);
	}

	private async loadFirstPage(node: ExplorerNode, listing: Listing, container: StorageContainer): Promise<void> {
		const pageSize = vscode.workspace.getConfiguration().get<number>(Settings.explorerPageSize, 50);
		const pages = containerListing(this.listingDeps(node, listing), container, {
			limit: pageSize,
			filter: listing.filter.apiFilter,
			sortBy: listing.filter.sortBy,
		});
		listing.pages = pages;
		try {
			await pages.next();
			listing.error = undefined;
		} catch (error) {
			listing.error = toAdobeApiError(error);
			this.services.log.warn(`[explorer] listing failed: ${listing.error.message}`);
		} finally {
			listing.items = pages.items;
			listing.nextUrl = pages.nextUrl;
		}
	}

	/** How the tree's listings reach Adobe: the profile's token, the current client, and what the tree says while they work. */
	private listingDeps(node: ExplorerNode, listing: Listing): ListingDeps {
		return {
			storage: () => this.services.clients.get().cloudStorage,
			caller: callerSource(this.services, node.profile),
			onRetry: this.onRetry(listing, node),
			onRefresh: () => this.services.log.info('[explorer] token rejected (401); refreshing it and trying once more'),
			onRestart: () => this.services.log.info('[explorer] cursor expired; reloading the listing from the start'),
		};
	}

	/** Shows "rate limited, retrying in N s" on the container while a 429 wait runs. */
	private onRetry(listing: Listing, node: ExplorerNode | undefined) {
		return ({ delayMs, status }: { delayMs: number; status?: number }) => {
			listing.waitingSeconds = Math.max(1, Math.ceil(delayMs / 1000));
			this.services.log.info(
				`[explorer] ${status === 429 ? 'rate limited' : `HTTP ${status ?? 'error'}`}; retrying in ${listing.waitingSeconds} s`,
			);
			this.changed.fire(node);
		};
	}

	private render(parent: ExplorerNode, key: ContainerKey, listing: Listing): ExplorerNode[] {
		const { profile } = parent;
		const base = `${profile.id}:${key}`;
		if (listing.error) {
			const { message } = listing.error;
			return [
				this.node({
					kind: 'message',
					id: `${base}:error`,
					profile,
					containerKey: key,
					text: message,
					detail: `${message}${listing.error.requestId ? `\n\nRequest id: ${listing.error.requestId}` : ''}\n\nUse the inline actions to retry or open the log.`,
					icon: 'error',
					contextValue: 'error',
				}),
			];
		}
		if (key === 'projects' && listing.items.length > 0 && !this.storageListed) {
			this.storageListed = true;
			void vscode.commands.executeCommand('setContext', ContextKeys.storageListed, true);
		}
		const nameFilter = listing.filter.name?.toLowerCase();
		const items = nameFilter ? listing.items.filter((a) => a.name.toLowerCase().includes(nameFilter)) : listing.items;
		// A "Recently deleted" listing (Adobe's `state==deleted` filter) shows items that only Restore and Delete Permanently act on.
		const deleted = /(^|;)\s*state==deleted\s*($|;)/.test(listing.filter.apiFilter ?? '');
		const nodes: ExplorerNode[] = items.map((asset) =>
			this.node({ kind: 'asset', id: `${profile.id}/${asset.assetId}${deleted ? ':deleted' : ''}`, profile, asset, parent: key, deleted }),
		);
		if (key === 'projects' && !deleted) nodes.unshift(...this.pinnedNodes(profile, listing.items));
		this.passFilterDown(profile, key, listing, nodes);
		if (listing.waitingSeconds !== undefined) {
			nodes.push(
				this.node({
					kind: 'message',
					id: `${base}:waiting`,
					profile,
					containerKey: key,
					text: `Rate limited, retrying in ${listing.waitingSeconds} s…`,
					icon: 'watch',
				}),
			);
		} else if (listing.nextUrl && !listing.loading) {
			nodes.push(this.node({ kind: 'loadMore', id: `${base}:more`, profile, containerKey: key, shown: listing.items.length }));
		} else if (listing.loading) {
			nodes.push(this.node({ kind: 'message', id: `${base}:loading`, profile, containerKey: key, text: 'Loading…', icon: 'loading~spin' }));
		}
		if (nodes.length === 0 && key === 'projects' && !nameFilter && !listing.filter.apiFilter) return this.noProjects(profile, base);
		if (nodes.length === 0) {
			const text = nameFilter || listing.filter.apiFilter ? 'No items match the filter' : 'No items';
			nodes.push(this.node({ kind: 'message', id: `${base}:empty`, profile, containerKey: key, text, icon: 'circle-slash' }));
		}
		return nodes;
	}

	/** An empty project list: most often a Technical Account without storage access, which Adobe answers with no projects rather than 403. */
	private noProjects(profile: ProfileMeta, base: string): ExplorerNode[] {
		return [
			this.node({
				kind: 'message',
				id: `${base}:empty`,
				profile,
				containerKey: 'projects',
				text: 'No projects: is the Technical Account a Storage administrator?',
				detail: `${EMPTY_PROJECT_LIST_ADVICE}\n\nClick to run Check Setup.`,
				icon: 'info',
				command: { command: Commands.checkSetup, title: 'Check Setup' },
			}),
			this.node({
				kind: 'message',
				id: `${base}:setupGuide`,
				profile,
				containerKey: 'projects',
				text: "Open Adobe's Technical Account setup guide",
				detail: TECHNICAL_ACCOUNT_SETUP_URL,
				icon: 'link-external',
				command: { command: 'vscode.open', title: 'Open the guide', arguments: [vscode.Uri.parse(TECHNICAL_ACCOUNT_SETUP_URL)] },
			}),
		];
	}

	/** The row above `node`, so the tree can reveal a row (Go to…). */
	getParent(node: ExplorerNode): ExplorerNode | undefined {
		if (node.kind === 'profile') return undefined;
		if (node.kind === 'layer') return this.nodes.get(node.parentId);
		if (node.kind === 'message' && node.parentId !== undefined) return this.nodes.get(node.parentId);
		if (node.kind === 'asset') return this.containerNode(node.profile, node.parent ?? 'projects');
		if (node.kind === 'loadMore' || (node.kind === 'message' && node.containerKey !== undefined)) {
			return this.containerNode(node.profile, node.containerKey ?? 'projects');
		}
		return this.nodes.get(`profile:${node.profile.id}`);
	}

	/**
	 * Reloads the folder an `adobe-storage:` file is in, when the tree has shown it: a save through the file system
	 * changed its size and date (or made it). Adobe's `path` (`/Project/folder/file`) is matched, the profile by name.
	 */
	refreshAt(uri: vscode.Uri): void {
		const profile = decodeURIComponent(uri.authority).toLowerCase();
		const folder = uri.path.slice(0, uri.path.lastIndexOf('/'));
		for (const node of this.nodes.values()) {
			if (node.kind !== 'asset' || node.deleted || node.profile.name.toLowerCase() !== profile) continue;
			if (node.asset.path === folder && containerOf(node)) return this.refreshNode(node);
		}
	}

	/**
	 * A PSD's layers read by Generate Manifest from the menu: kept for its row, which is returned when the tree
	 * has shown it (to be expanded without a second job).
	 */
	seedLayers(profile: ProfileMeta, asset: StorageAsset, manifest: PsdManifest): ExplorerNode | undefined {
		this.layers.seed(profile, asset, manifest);
		return this.assetNode(profile, asset.assetId);
	}

	/** The row of an asset the tree has shown (not one in a "Recently deleted" listing). */
	assetNode(profile: ProfileMeta, assetId: string): Extract<ExplorerNode, { kind: 'asset' }> | undefined {
		const node = this.nodes.get(`${profile.id}/${assetId}`);
		return node?.kind === 'asset' ? node : undefined;
	}

	/**
	 * Shows an item reached by id (Go to…) at the top of Cloud Storage: a credential may be able to see a folder
	 * but not the project above it, so the tree could not reach it by expanding rows.
	 */
	pin(profile: ProfileMeta, asset: StorageAsset): Extract<ExplorerNode, { kind: 'asset' }> {
		const list = this.pinned.get(profile.id) ?? [];
		if (!list.some((a) => a.assetId === asset.assetId)) list.push(asset);
		this.pinned.set(profile.id, list);
		const storage = this.containerNode(profile, 'projects');
		const node = this.node({ kind: 'asset', id: `${profile.id}/${asset.assetId}`, profile, asset, parent: 'projects', pinned: true });
		this.changed.fire(storage);
		return node;
	}

	/** The pinned items not in the project list already (a row's id must be unique in the tree). */
	private pinnedNodes(profile: ProfileMeta, listed: readonly StorageAsset[]): ExplorerNode[] {
		const pinned = (this.pinned.get(profile.id) ?? []).filter((asset) => !listed.some((a) => a.assetId === asset.assetId));
		return pinned.map((asset) =>
			this.node({ kind: 'asset', id: `${profile.id}/${asset.assetId}`, profile, asset, parent: 'projects', pinned: true }),
		);
	}

	/** The node that lists `key` ('projects' or an asset id), if the tree has shown it. */
	containerNode(profile: ProfileMeta, key: ContainerKey): ExplorerNode | undefined {
		return key === 'projects' ? this.nodes.get(`storage:${profile.id}`) : this.nodes.get(`${profile.id}/${key}`);
	}

	private node<T extends ExplorerNode>(fresh: T): T {
		const existing = this.nodes.get(fresh.id) as T | undefined;
		if (existing) return Object.assign(existing, fresh);
		Object.defineProperty(fresh, NODE_BRAND, { value: true });
		this.nodes.set(fresh.id, fresh);
		return fresh;
	}

	private listingKey(profile: ProfileMeta, key: ContainerKey): string {
		return `${profile.id}|${key}`;
	}

	/** The profile row's token state, its failure's message redacted before the row escapes it for Markdown. */
	private tokenState(profile: ProfileMeta): ProfileTokenState {
		const { token, fetching, lastError, lastResult } = this.services.tokens.snapshot(profile.id);
		const failure = lastError && {
			message: this.services.log.redact(lastError.message),
			field: lastError.field,
			at: lastResult?.at ?? Date.now(),
		};
		return { token, fetching, failure };
	}

	/** No token and nothing to say about one: the welcome view explains. A failed request shows on the profile's row, with its fix. */
	private tokenMissing(profile: ProfileMeta): boolean {
		const snapshot = this.services.tokens.snapshot(profile.id);
		return !snapshot.token && !snapshot.fetching && !snapshot.lastError;
	}

	/**
	 * Records, for each sub-folder of a listing filtered by the API, the filter it takes when it is
	 * expanded (see ListingFilter). The project list's filters are about projects (who made them),
	 * which a project's children do not accept, so they stay where they are.
	 */
	private passFilterDown(profile: ProfileMeta, key: ContainerKey, listing: Listing, nodes: ExplorerNode[]): void {
		const parentKey = this.listingKey(profile, key);
		const { apiFilter, sortBy } = listing.filter;
		for (const child of nodes) {
			const target = containerOf(child);
			if (!target) continue;
			const childKey = this.listingKey(profile, target.key);
			this.parents.set(childKey, parentKey);
			if (key !== 'projects' && (apiFilter || sortBy)) {
				this.inherited.set(childKey, { filter: { apiFilter, sortBy }, from: listing.inheritedFrom ?? key });
			} else this.inherited.delete(childKey);
		}
	}

	/**
	 * Forgets the listings below `key` whose filter was not set on them, so they load again with the
	 * filter they take now (the tree asks for them again when it redraws `key`'s expanded rows).
	 */
	private forgetInheritors(key: string): void {
		for (const [childKey, parentKey] of this.parents) {
			if (parentKey !== key) continue;
			this.inherited.delete(childKey);
			if (this.listings.get(childKey)?.own) continue; // its own filter, and what its sub-folders took from it, stay
			this.forgetInheritors(childKey);
			this.listings.delete(childKey);
		}
	}

	/** A container's filter in words, for its row (and where it came from, when it took its parent's). */
	private filterWords(node: ExplorerNode): FilterWords | undefined {
		const target = containerOf(node);
		if (!target) return undefined;
		const key = this.listingKey(node.profile, target.key);
		// A sub-folder not listed yet says the filter it will take, so a filtered folder's rows all say it.
		const listing = this.listings.get(key) ?? this.inherited.get(key);
		if (!listing) return undefined;
		const inheritedFrom = 'from' in listing ? listing.from : listing.inheritedFrom;
		const words: QueryWords | undefined = describeListingQuery(listingTarget(target.container), {
			filter: listing.filter.apiFilter,
			sortBy: listing.filter.sortBy,
			name: listing.filter.name,
		});
		if (!words) return undefined;
		const from = inheritedFrom !== undefined ? this.containerNode(node.profile, inheritedFrom) : undefined;
		return { ...words, inherited: inheritedFrom !== undefined, from: from?.kind === 'asset' ? from.asset.name : undefined };
	}
}

/**
 * A PSD's manifest through the operations runner every front door shares (core/operations/run.ts, AdobeClients.operations):
 * generate-manifest on the file, by the route the runner picks (the asset itself, or a pre-signed link when Creative Cloud
 * inputs are refused, remembered per profile), answered as a bounded, redacted PsdManifest. Nothing is saved: a manifest is shown, not kept as a file.
 */
export function manifestReader(services: ExtensionServices, memory?: (profileId: string) => RouteMemory): ReadManifest {
	return async (profile, asset, parent, signal) => {
		// The route that worked for the profile's other operations (the operations feature's memory in globalState), so a
		// credential refused Creative Cloud inputs does not ask again for each document.
		const runner = services.clients.get().operations(callerSource(services, profile, signal), memory?.(profile.id));
		const result = await runner.run(
			{
				operation: MANIFEST_OPERATION,
				file: {
					assetId: asset.assetId,
					name: asset.name,
					mediaType: asset.mediaType ?? PSD_MEDIA_TYPE,
					size: asset.size,
					parentId: parent && parent !== 'projects' ? parent : '',
				},
			},
			{ signal },
		);
		if (!result.manifest) throw new AdobeApiError('Photoshop answered without a manifest.', { kind: 'badResponse', service: 'photoshop' });
		return result.manifest;
	};
}
