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
 */
import { ApiCaller, CallerSource, withFreshTokenOnce } from '../common/caller';
import { AdobeApiError, isAdobeApiError } from '../common/errors';
import type { HttpRequest, RetryPolicy } from '../common/http';
import type { AssetPage, CloudStorageClient, StorageAsset, StorageContainer } from './client';

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

export class StorageListing {
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

/** The error a listing gives up with when its cursors keep expiring. */
function expiredTooOften(): AdobeApiError {
	return new AdobeApiError(
		`The Adobe Cloud Storage listing expired (cursor_expired) ${MAX_LISTING_RESTARTS + 1} times while it was read from the start. Try again later.`,
		{ kind: 'http', service: 'cloudStorage', code: 'cursor_expired' },
	);
}
