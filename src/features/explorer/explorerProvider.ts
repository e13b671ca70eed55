/**
 * The Adobe API explorer: the active profile, the Photoshop hello call, Verify Credential, and Adobe Cloud Storage
 * (projects → folders → files) loaded lazily a page at a time. A failed load becomes one error
 * node, never a blank tree; a 429 shows "rate limited, retrying in N s" while it waits; an expired
 * cursor restarts the listing; a rejected token is refreshed once and the call repeated. Every item
 * passes the log's redactor on its way to the tree: labels and tooltips quote what servers sent.
 */
import * as vscode from 'vscode';
import type { AssetPage, StorageAsset } from '../../core/storage/client';
import { EMPTY_PROJECT_LIST_ADVICE, TECHNICAL_ACCOUNT_SETUP_URL } from '../../core/storage/queries';
import { tokenSummary } from '../../core/tokens/countdown';
import { AdobeApiError, isAdobeApiError, toAdobeApiError } from '../../core/common/errors';
import type { ApiCaller, HelloResult } from '../../core/photoshop/client';
import { PreviewFolder } from '../../core/common/previewFolder';
import { ProfileMeta } from '../../core/credentials/profiles';
import type { ExtensionServices } from '../../shared/services';
import { Commands, ContextKeys, Settings } from '../../shared/constants';
import type { VerificationOutcome } from '../../core/diagnostics/verify';
import { publicVerification, runVerification } from '../diagnostics/verifyCredential';
import {
	ContainerKey,
	ExplorerNode,
	HelloState,
	NODE_BRAND,
	VerifyState,
	assetTooltip,
	containerOf,
	redactTreeItem,
	toTreeItem,
} from './nodes';

/** Filters applied to one container: `name` locally on loaded items; `apiFilter`/`sortBy` by the API on the first page. */
export interface ListingFilter {
	name?: string;
	apiFilter?: string;
	sortBy?: string;
}

interface Listing {
	items: StorageAsset[];
	nextUrl?: string;
	loaded: boolean;
	loading?: Promise<void>;
	error?: AdobeApiError;
	/** Seconds until a rate-limited request is retried, while it waits. */
	waitingSeconds?: number;
	/** Someone was given a partial answer during a load, so the end of the load must redraw. */
	shownWhileLoading?: boolean;
	filter: ListingFilter;
}

/** Listing retries: 429 and gateway errors, up to 4 times, honouring Retry-After up to 30 s. */
const LIST_RETRY = { retries: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
	readonly onDidChangeTreeData = this.changed.event;
	/** Whether the storageListed context key is set already. */
	private storageListed = false;
	/** One node object per id, so change events name elements the tree already knows. */
	private readonly nodes = new Map<string, ExplorerNode>();
	private readonly listings = new Map<string, Listing>();
	private readonly hello = new Map<string, HelloState>();
	private readonly verifications = new Map<string, VerifyState>();
	private readonly disposables: vscode.Disposable[] = [];
	/** Where "Preview" writes renditions; removed with the explorer. */
	readonly previews = new PreviewFolder();

	constructor(private readonly services: ExtensionServices) {
		this.disposables.push(
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
		this.disposables.push({ dispose: stop });
	}

	/** Forget everything loaded and redraw (profile switched, settings changed, "Refresh" in the view title). */
	refresh(): void {
		this.listings.clear();
		this.hello.clear();
		this.verifications.clear();
		this.nodes.clear();
		this.changed.fire(undefined);
	}

	/** Reload one container only; everything else stays as loaded. An error or message row reloads the folder it stands in. */
	refreshNode(clicked: ExplorerNode): void {
		const node =
			clicked.kind === 'message' && clicked.containerKey !== undefined
				? (this.containerNode(clicked.profile, clicked.containerKey) ?? clicked)
				: clicked;
		const target = containerOf(node);
		if (target) {
			const filter = this.listings.get(this.listingKey(node.profile, target.key))?.filter ?? {};
			this.listings.set(this.listingKey(node.profile, target.key), { items: [], loaded: false, filter });
			this.changed.fire(node);
		} else if (node.kind === 'hello') {
			this.hello.delete(node.profile.id);
			this.changed.fire(node);
		} else if (node.kind === 'verify') {
			this.verifications.delete(node.profile.id);
			this.changed.fire(node);
		} else {
			this.refresh();
		}
	}

	getTreeItem(node: ExplorerNode): vscode.TreeItem {
		const filter = containerOf(node)
			? this.describeFilter(this.listings.get(this.listingKey(node.profile, containerOf(node)!.key))?.filter)
			: undefined;
		return redactTreeItem(
			toTreeItem(
				node,
				this.hello.get(node.profile.id),
				this.tokenDescription(node.profile),
				filter,
				this.verifications.get(node.profile.id),
			),
			this.services.log.redact,
		);
	}

	async resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): Promise<vscode.TreeItem> {
		if (node.kind === 'asset' && !item.tooltip) item.tooltip = assetTooltip(node.asset);
		return redactTreeItem(item, this.services.log.redact);
	}

	getParent(): undefined {
		return undefined;
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
		const target = containerOf(node);
		return target ? this.listingChildren(node, target.key, target.container) : [];
	}

	/** The loaded items of a container, for tests and commands. */
	listing(profile: ProfileMeta, key: ContainerKey): Readonly<Listing> | undefined {
		return this.listings.get(this.listingKey(profile, key));
	}

	/** Runs the hello call for a profile and shows the outcome on its node. The body is redacted before the node shortens it. */
	async runHello(profile: ProfileMeta): Promise<HelloResult> {
		const node = this.nodes.get(`hello:${profile.id}`);
		this.hello.set(profile.id, { running: true });
		if (node) this.changed.fire(node);
		try {
			const answer = await this.withCaller(profile, (caller) => this.services.clients.get().photoshop.hello(caller));
			const result = { ...answer, body: this.services.log.redact(answer.body) };
			this.hello.set(profile.id, { running: false, result, at: Date.now() });
			return result;
		} catch (error) {
			this.hello.set(profile.id, { running: false, error: toAdobeApiError(error), at: Date.now() });
			throw error;
		} finally {
			if (node) this.changed.fire(node);
		}
	}

	/** Verifies a profile's credential (features/diagnostics/verifyCredential.ts) and shows the outcome on its row. */
	async runVerify(profile: ProfileMeta, signal?: AbortSignal): Promise<VerificationOutcome> {
		const node = this.nodes.get(`verify:${profile.id}`);
		this.verifications.set(profile.id, { running: true });
		if (node) this.changed.fire(node);
		try {
			const outcome = await runVerification(this.services, profile, signal);
			this.verifications.set(profile.id, { running: false, result: publicVerification(outcome), at: Date.now() });
			return outcome;
		} catch (error) {
			// Cancelled: the row goes back to "not run yet".
			this.verifications.delete(profile.id);
			throw error;
		} finally {
			if (node) this.changed.fire(node);
		}
	}

	/** Loads the next page of a container (the "Load more…" node). */
	async loadMore(node: Extract<ExplorerNode, { kind: 'loadMore' }>): Promise<void> {
		const parent = this.containerNode(node.profile, node.containerKey);
		const listing = this.listings.get(this.listingKey(node.profile, node.containerKey));
		if (!listing?.nextUrl || listing.loading) return;
		const nextUrl = listing.nextUrl;
		listing.loading = (async () => {
			try {
				const page = await this.withCaller(node.profile, (caller) =>
					this.services.clients.get().cloudStorage.nextPage(caller, nextUrl, { retry: LIST_RETRY, onRetry: this.onRetry(listing, parent) }),
				);
				listing.items = [...listing.items, ...page.items];
				listing.nextUrl = page.nextUrl;
				listing.error = undefined;
			} catch (error) {
				if (isAdobeApiError(error) && error.code === 'cursor_expired') {
					// Cursors expire; the listing starts again from its first page.
					this.services.log.info('[explorer] cursor expired; reloading the listing from the start');
					Object.assign(listing, { items: [], nextUrl: undefined, loaded: false, error: undefined });
				} else {
					listing.error = toAdobeApiError(error);
				}
			} finally {
				listing.loading = undefined;
				listing.waitingSeconds = undefined;
			}
		})();
		this.changed.fire(parent);
		await listing.loading;
		this.changed.fire(parent);
	}

	/** Sets a container's filter and reloads it. */
	setFilter(node: ExplorerNode, filter: ListingFilter): void {
		const target = containerOf(node);
		if (!target) return;
		const key = this.listingKey(node.profile, target.key);
		const previous = this.listings.get(key);
		const sameQuery = previous && previous.filter.apiFilter === filter.apiFilter && previous.filter.sortBy === filter.sortBy;
		if (sameQuery) {
			previous.filter = filter;
		} // only the local name filter changed: no reload
		else this.listings.set(key, { items: [], loaded: false, filter });
		this.changed.fire(node);
	}

	/** The profile's token and client id, refreshing the token once if Adobe rejects it. */
	async withCaller<T>(profile: ProfileMeta, call: (caller: ApiCaller) => Promise<T>): Promise<T> {
		const clientId = (await this.services.profiles.credential(profile.id)).clientId;
		const token = await this.services.tokens.getToken(profile.id);
		try {
			return await call({ accessToken: token.accessToken, clientId });
		} catch (error) {
			if (!isAdobeApiError(error) || error.status !== 401) throw error;
			this.services.log.info('[explorer] token rejected (401); refreshing it and trying once more');
			const fresh = await this.services.tokens.getToken(profile.id, { forceRefresh: true });
			return call({ accessToken: fresh.accessToken, clientId });
		}
	}

	dispose(): void {
		for (const d of this.disposables) d.dispose();
		this.changed.dispose();
		this.previews.dispose();
	}

	private async listingChildren(
		node: ExplorerNode,
		key: ContainerKey,
		container: { assetType: 'projects' } | { assetType: 'project' | 'folder'; assetId: string },
	): Promise<ExplorerNode[]> {
		const listingKey = this.listingKey(node.profile, key);
		let listing = this.listings.get(listingKey);
		if (!listing) {
			listing = { items: [], loaded: false, filter: {} };
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

	private async loadFirstPage(
		node: ExplorerNode,
		listing: Listing,
		container: { assetType: 'projects' } | { assetType: 'project' | 'folder'; assetId: string },
	): Promise<void> {
		try {
			const pageSize = vscode.workspace.getConfiguration().get<number>(Settings.explorerPageSize, 50);
			const page: AssetPage = await this.withCaller(node.profile, (caller) =>
				this.services.clients.get().cloudStorage.firstPage(caller, container, {
					limit: pageSize,
					filter: listing.filter.apiFilter,
					sortBy: listing.filter.sortBy,
					retry: LIST_RETRY,
					onRetry: this.onRetry(listing, node),
				}),
			);
			listing.items = page.items;
			listing.nextUrl = page.nextUrl;
			listing.error = undefined;
		} catch (error) {
			listing.error = toAdobeApiError(error);
			this.services.log.warn(`[explorer] listing failed: ${listing.error.message}`);
		}
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
		const nodes: ExplorerNode[] = items.map((asset) => this.node({ kind: 'asset', id: `${profile.id}/${asset.assetId}`, profile, asset }));
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

	private tokenMissing(profile: ProfileMeta): boolean {
		const snapshot = this.services.tokens.snapshot(profile.id);
		return !snapshot.token && !snapshot.fetching;
	}

	private tokenDescription(profile: ProfileMeta): string {
		const snapshot = this.services.tokens.snapshot(profile.id);
		if (snapshot.fetching) return 'getting a token…';
		return snapshot.token ? `token ${tokenSummary(snapshot.token, Date.now())}` : 'no token';
	}

	private describeFilter(filter: ListingFilter | undefined): string | undefined {
		if (!filter || (!filter.name && !filter.apiFilter && !filter.sortBy)) return undefined;
		return `$(filter) ${[filter.name ? `“${filter.name}”` : '', filter.apiFilter ?? '', filter.sortBy ? `by ${filter.sortBy}` : ''].filter(Boolean).join(' ')}`;
	}
}
