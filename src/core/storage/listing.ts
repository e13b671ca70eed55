/**
 * A Cloud Storage container listed a page at a time: the one state machine behind the explorer tree,
 * the agent tools and the coming file system, so each front door only renders what it loaded.
 *
 * - Paging: the first page with the query's limit, filter and sort order, then Adobe's
 *   `paging.nextUrl` as given (it carries the cursor; CloudStorageClient checks its origin).
 * - Retry: 429 and gateway errors wait and try again, honouring Retry-After (LISTING_RETRY, told
 *   through `onRetry` so a tree can say "rate limited, retrying in N s").
 * - 401 once: each page goes through withFreshTokenOnce (core/common/caller.ts).
 * - Cursor restart: Adobe's cursors expire (`cursor_expired`, core/storage/client.ts); the listing
 *   then starts again from its first page instead of failing. A listing resumed from a bare cursor
 *   (the agent tools hand cursors out) has no first page to go back to, so there the error stands.
 * - Folders kept: a tree filtering a project by media type still shows its folders (FoldersFirstListing,
 *   through containerListing), so the files one level down stay reachable.
 */
import { ApiCaller, CallerSource, withFreshTokenOnce } from '../common/caller';
import { AdobeApiError, isAdobeApiError } from '../common/errors';
import type { HttpRequest, RetryPolicy } from '../common/http';
import type { AssetPage, CloudStorageClient, StorageAsset, StorageContainer } from './client';
import { foldersQueryFor } from './queries';

/** Listing retries: 429 and gateway errors, up to 4 times, honouring Retry-After up to 30 s. */
export const LISTING_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** How often `pages()` starts over after expired cursors before it gives up with the error. */
export const MAX_LISTING_RESTARTS = 3;

/** What the API does on the first page (later pages follow nextUrl, which carries them). */
export interface ListingQuery {
	/** Page size hint, 1–100. */
	limit?: number;
	/** FIQL, e.g. `assetType==file`. */
	filter?: string;
	/** A sortable field, `-` for descending. */
	sortBy?: string;
}

export interface ListingDeps {
	/** The client, read at each call: the extension rebuilds it when the network settings change. */
	storage: () => Pick<CloudStorageClient, 'firstPage' | 'nextPage'>;
	caller: CallerSource;
	signal?: AbortSignal;
	/** LISTING_RETRY unless told; `false` for a caller that reports a 429 rather than wait (the agent tools). */
	retry?: RetryPolicy | false;
	/** Told before each retry wait. */
	onRetry?: HttpRequest['onRetry'];
	/** Told when Adobe refused the token and a fresh one is fetched. */
	onRefresh?: () => void;
	/** Told when an expired cursor makes the listing start again from its first page. */
	onRestart?: () => void;
}

/** One step of a listing. */
export interface ListingStep {
	/** The items this step loaded (after a restart: the first page's). */
	items: StorageAsset[];
	/** The cursor expired and the listing started over: what was loaded before is gone (see `items` of the listing). */
	restarted: boolean;
}

/** What a front door needs of a listing: the items so far, the cursor of what comes next, and the next step. */
export interface ContainerListing {
	readonly items: readonly StorageAsset[];
	/** Defined while more remains to load. */
	readonly nextUrl: string | undefined;
	readonly complete: boolean;
	next(): Promise<ListingStep>;
}

/**
 * The listing a tree shows for a container: StorageListing, or with a filter by media type on a
 * project or folder, FoldersFirstListing, so that the filter does not hide the sub-folders.
 */
export function containerListing(deps: ListingDeps, container: StorageContainer, query: ListingQuery = {}): ContainerListing {
	const folders = container.assetType === 'projects' ? undefined : foldersQueryFor(query.filter);
	return folders === undefined ? new StorageListing(deps, container, query) : new FoldersFirstListing(deps, container, query, folders);
}

export class StorageListing implements ContainerListing {
	private loaded: StorageAsset[] = [];
	private cursor: string | undefined;
	private started = false;

	/** `container` undefined: resumed from a bare cursor (see resume()). */
	constructor(
		private readonly deps: ListingDeps,
		readonly container: StorageContainer | undefined,
		readonly query: ListingQuery = {},
	) {}

	/** Continues a listing from a cursor (`paging.nextUrl`) handed out earlier; it cannot restart. */
	static resume(deps: ListingDeps, nextUrl: string): StorageListing {
		const listing = new StorageListing(deps, undefined);
		listing.started = true;
		listing.cursor = nextUrl;
		return listing;
	}

	/** Every item loaded so far, in order. */
	get items(): readonly StorageAsset[] {
		return this.loaded;
	}

	/** The cursor of the next page; undefined before the first page and after the last. */
	get nextUrl(): string | undefined {
		return this.cursor;
	}

	/** The last page is loaded. */
	get complete(): boolean {
		return this.started && this.cursor === undefined;
	}

	/** Loads the next page (the first one to begin with); nothing once complete. */
	async next(): Promise<ListingStep> {
		if (this.complete) return { items: [], restarted: false };
		if (!this.started) return { items: await this.first(), restarted: false };
		const cursor = this.cursor as string;
		let page: AssetPage;
		try {
			page = await this.fetch((caller, options) => this.deps.storage().nextPage(caller, cursor, options));
		} catch (error) {
			if (!isAdobeApiError(error) || error.code !== 'cursor_expired' || !this.container) throw error;
			this.deps.onRestart?.();
			this.loaded = [];
			this.cursor = undefined;
			this.started = false;
			return { items: await this.first(), restarted: true };
		}
		this.loaded = [...this.loaded, ...page.items];
		this.cursor = page.nextUrl;
		return { items: page.items, restarted: false };
	}

	/**
	 * Each step to the end. After a restart the consumer starts over with the step's items (`restarted`);
	 * more than MAX_LISTING_RESTARTS restarts end with the expired-cursor error.
	 */
	async *pages(): AsyncGenerator<ListingStep> {
		let restarts = 0;
		while (!this.complete) {
			const step = await this.next();
			if (step.restarted && ++restarts > MAX_LISTING_RESTARTS) throw expiredTooOften();
			yield step;
		}
	}

	/** Every item of the container, paging to the end. */
	async all(): Promise<readonly StorageAsset[]> {
		for await (const step of this.pages()) void step;
		return this.loaded;
	}

	private async first(): Promise<StorageAsset[]> {
		const container = this.container as StorageContainer;
		const page = await this.fetch((caller, options) => this.deps.storage().firstPage(caller, container, { ...this.query, ...options }));
		this.started = true;
		this.loaded = page.items;
		this.cursor = page.nextUrl;
		return page.items;
	}

	private fetch(
		call: (
			caller: ApiCaller,
			options: { signal?: AbortSignal; retry?: RetryPolicy; onRetry?: HttpRequest['onRetry'] },
		) => Promise<AssetPage>,
	): Promise<AssetPage> {
		const { signal, onRetry, onRefresh } = this.deps;
		const retry = this.deps.retry === false ? undefined : (this.deps.retry ?? LISTING_RETRY);
		return withFreshTokenOnce(this.deps.caller, (caller) => call(caller, { signal, retry, onRetry }), { signal, onRefresh });
	}
}

/**
 * A container filtered by media type with its folders kept: Adobe's folders have no media type, and
 * its filters have no "or" (queries.ts, foldersQueryFor), so the folders come from a second query,
 * `assetType==folder` with the filter's other constraints. Folders come first, as in a file explorer;
 * each query pages by its own cursor, the folders' to their end before the files' next page.
 */
export class FoldersFirstListing implements ContainerListing {
	private readonly folders: StorageListing;
	private readonly files: StorageListing;
	private started = false;
	private foldersFirst?: StorageAsset[];

	constructor(deps: ListingDeps, container: StorageContainer, query: ListingQuery, foldersFilter: string) {
		this.folders = new StorageListing(deps, container, { ...query, filter: foldersFilter });
		this.files = new StorageListing(deps, container, query);
	}

	get items(): readonly StorageAsset[] {
		return [...this.folders.items, ...this.files.items];
	}

	/** The cursor of the page the next step loads: the folders' while any remain, then the files'. */
	get nextUrl(): string | undefined {
		return this.folders.nextUrl ?? this.files.nextUrl;
	}

	get complete(): boolean {
		return this.started && this.folders.complete && this.files.complete;
	}

	/** The first step loads the first page of both queries; each later step one page, folders first. */
	async next(): Promise<ListingStep> {
		if (!this.started) {
			// A first page that failed is asked again at the next step; one that loaded is not.
			this.foldersFirst ??= (await this.folders.next()).items;
			const files = await this.files.next();
			this.started = true;
			return { items: [...this.foldersFirst, ...files.items], restarted: false };
		}
		if (this.complete) return { items: [], restarted: false };
		const step = await (this.folders.complete ? this.files : this.folders).next();
		// After a restart the consumer starts over from `items`: both queries' items as they are now.
		return step.restarted ? { items: [...this.items], restarted: true } : step;
	}
}

/** The error a listing gives up with when its cursors keep expiring. */
function expiredTooOften(): AdobeApiError {
	return new AdobeApiError(
		`The Adobe Cloud Storage listing expired (cursor_expired) ${MAX_LISTING_RESTARTS + 1} times while it was read from the start. Try again later.`,
		{ kind: 'http', service: 'cloudStorage', code: 'cursor_expired' },
	);
}
