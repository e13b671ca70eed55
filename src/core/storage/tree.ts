/**
 * Cloud Storage as a tree of names (issue #19): what the `adobe-storage:` file system asks of Adobe, without VS Code.
 *
 * - A path of names resolves level by level (the project list, then each container's children), each
 *   name matched exactly (Adobe's names are case-sensitive and unique in their parent: a second item of
 *   the same name is its 409, components/responses/conflictResponse in test/contract/cloud-storage/openapi.yml).
 * - A container is listed whole, every page, up to MAX_DIRECTORY_ITEMS; a larger one is refused with a
 *   message that says so, never shown in part. Pages are 100 items (PAGE_SIZE) through
 *   core/storage/listing.ts (its retry on 429 and gateway errors, its one token refresh, its cursor restart).
 * - Requests are paced to Adobe's rate limit (REQUESTS_PER_SECOND per credential, as issue #19 states it;
 *   the spec answers more with 429, components/responses in test/contract/cloud-storage/openapi.yml), so a
 *   10,000-item folder's 100 pages go as fast as the limit allows instead of running into 429 and its waits
 *   (a 429 that comes anyway is the listing's retry).
 * - Listings are cached per container for a short TTL, and dropped at once by our own writes
 *   (invalidate), so a file system that stats every child of a folder asks Adobe once.
 */
import type { CallerSource } from '../common/caller';
import { AdobeApiError } from '../common/errors';
import type { HttpRequest, RetryPolicy } from '../common/http';
import { Clock, systemClock } from '../common/logger';
import type { CloudStorageClient, StorageAsset, StorageContainer } from './client';
import { StorageListing } from './listing';

/** The most items a directory of the file system lists; a larger folder is refused, never listed in part. */
export const MAX_DIRECTORY_ITEMS = 10_000;
/** How long a container's listing is trusted before it is asked again. */
export const TREE_TTL_MS = 5_000;
/**
 * The page size asked for: Adobe's largest (client.ts MAX_PAGE_SIZE, the `limit` parameter's maximum). Written here, not
 * imported: the file system's code is in dist/commands.js, which holds no HTTP code (client.ts brings undici).
 */
const PAGE_SIZE = 100;
/** Adobe Cloud Storage's rate limit per credential. */
export const REQUESTS_PER_SECOND = 20;

/** The key of a container's listing: 'projects' for the project list, else the project's or folder's asset id. */
export type ContainerId = 'projects' | string;

export function containerId(container: StorageContainer): ContainerId {
	return container.assetType === 'projects' ? 'projects' : container.assetId;
}

/** The container an asset is, when it is one (a project or folder). */
export function asContainer(asset: StorageAsset): StorageContainer | undefined {
	return asset.assetType === 'project' || asset.assetType === 'folder' ? { assetType: asset.assetType, assetId: asset.assetId } : undefined;
}

/** What a path names: the profile's project list (no names), or an asset and the container it is listed in. */
export type Resolved =
	| { kind: 'root'; container: StorageContainer }
	| { kind: 'asset'; asset: StorageAsset; parent: StorageContainer; names: readonly string[] };

export interface StorageTreeDeps {
	/** The client, read at each call: the extension rebuilds it when the network settings change. */
	storage: () => Pick<CloudStorageClient, 'firstPage' | 'nextPage'>;
	caller: CallerSource;
	clock?: Clock;
	ttlMs?: number;
	maxItems?: number;
	requestsPerSecond?: number;
	retry?: RetryPolicy;
	onRetry?: HttpRequest['onRetry'];
	onRefresh?: () => void;
	onRestart?: () => void;
}

interface CachedListing {
	items: readonly StorageAsset[];
	byName: Map<string, StorageAsset>;
	at: number;
}

/**
 * At most `perSecond` request starts in any second, the rest waiting their turn in order: the same
 * window Adobe's limit (and the emulator's, test/emulator/server.js rateLimited) counts.
 */
export class RequestPacer {
	private starts: number[] = [];
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly perSecond: number,
		private readonly clock: Clock = systemClock,
	) {}

	/** Resolves when one more request may start; rejects when `signal` ends the wait. */
	take(signal?: AbortSignal): Promise<void> {
		const turn = this.queue.then(() => this.wait(signal));
		this.queue = turn.catch(() => undefined);
		return turn;
	}

	private async wait(signal?: AbortSignal): Promise<void> {
		for (;;) {
			if (signal?.aborted) throw cancelled();
			const now = this.clock.now();
			// At most perSecond entries: the filter is bounded, not a scan of history.
			this.starts = this.starts.filter((t) => now - t < 1000);
			if (this.starts.length < this.perSecond) {
				this.starts.push(now);
				return;
			}
			try {
				await this.clock.sleep(Math.max(1, this.starts[0] + 1000 - now), signal);
			} catch {
				throw cancelled();
			}
		}
	}
}

export class StorageTree {
	private readonly cache = new Map<ContainerId, CachedListing>();
	private readonly loading = new Map<ContainerId, Promise<CachedListing>>();
	/** Bumped by invalidate(): a listing that started before it is not cached. */
	private generation = 0;
	private readonly pacer: RequestPacer;
	private readonly clock: Clock;

	constructor(private readonly deps: StorageTreeDeps) {
		this.clock = deps.clock ?? systemClock;
		this.pacer = new RequestPacer(deps.requestsPerSecond ?? REQUESTS_PER_SECOND, this.clock);
	}

	/** Every item of a container (every page), from the cache while it is fresh. */
	async list(container: StorageContainer, signal?: AbortSignal): Promise<readonly StorageAsset[]> {
		return (await this.listing(container, signal)).items;
	}

	/** The item of `container` named exactly `name`, if there is one. */
	async child(container: StorageContainer, name: string, signal?: AbortSignal): Promise<StorageAsset | undefined> {
		return (await this.listing(container, signal)).byName.get(name);
	}

	/**
	 * The asset a path of names leads to (no names: the project list). Throws AdobeApiError with code
	 * 'not_found' (status 404), naming the first name that is not there, or the file a path goes through.
	 */
	async resolve(names: readonly string[], signal?: AbortSignal): Promise<Resolved> {
		let container: StorageContainer = { assetType: 'projects' };
		if (names.length === 0) return { kind: 'root', container };
		for (let i = 0; i < names.length; i++) {
			const asset = await this.child(container, names[i], signal);
			if (!asset) throw notFound(names.slice(0, i + 1));
			if (i === names.length - 1) return { kind: 'asset', asset, parent: container, names };
			const next = asContainer(asset);
			if (!next) throw notFound(names, `"${names.slice(0, i + 1).join('/')}" is a file, not a folder`);
			container = next;
		}
		throw notFound(names); // not reached: the loop returns at its last name
	}

	/** Forgets a container's listing (after our writes to it), or every listing. */
	invalidate(id?: ContainerId): void {
		this.generation++;
		// A listing under way started before the write: whoever asks next must not join it.
		if (id === undefined) {
			this.cache.clear();
			this.loading.clear();
		} else {
			this.cache.delete(id);
			this.loading.delete(id);
		}
	}

	private async listing(container: StorageContainer, signal?: AbortSignal): Promise<CachedListing> {
		const id = containerId(container);
		const cached = this.cache.get(id);
		if (cached && this.clock.now() - cached.at < (this.deps.ttlMs ?? TREE_TTL_MS)) return cached;
		let pending = this.loading.get(id);
		if (!pending) {
			const generation = this.generation;
			const started: Promise<CachedListing> = this.load(container).finally(() => {
				if (this.loading.get(id) === started) this.loading.delete(id);
			});
			pending = started;
			this.loading.set(id, pending);
			void pending.then(
				(loaded) => {
					if (generation === this.generation) this.cache.set(id, loaded);
				},
				() => undefined,
			);
		}
		return signal ? raceSignal(pending, signal) : pending;
	}

	/** Every page, paced; more than maxItems ends the listing with the error that says so. */
	private async load(container: StorageContainer): Promise<CachedListing> {
		const max = this.deps.maxItems ?? MAX_DIRECTORY_ITEMS;
		const storage = () => {
			const client = this.deps.storage();
			return {
				firstPage: async (...args: Parameters<CloudStorageClient['firstPage']>) => {
					await this.pacer.take(args[2]?.signal);
					return client.firstPage(...args);
				},
				nextPage: async (...args: Parameters<CloudStorageClient['nextPage']>) => {
					await this.pacer.take(args[2]?.signal);
					return client.nextPage(...args);
				},
			};
		};
		const listing = new StorageListing(
			{
				storage,
				caller: this.deps.caller,
				retry: this.deps.retry,
				onRetry: this.deps.onRetry,
				onRefresh: this.deps.onRefresh,
				onRestart: this.deps.onRestart,
			},
			container,
			{ limit: PAGE_SIZE },
		);
		for await (const step of listing.pages()) {
			void step;
			if (listing.items.length > max) throw tooManyItems(container, max);
		}
		const byName = new Map<string, StorageAsset>();
		// Adobe's names are unique in their parent; were two alike, the first listed is the one a path names.
		for (const item of listing.items) if (!byName.has(item.name)) byName.set(item.name, item);
		return { items: listing.items, byName, at: this.clock.now() };
	}
}

function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	if (signal.aborted) return Promise.reject(cancelled());
	return new Promise<T>((resolve, reject) => {
		const stop = () => reject(cancelled());
		signal.addEventListener('abort', stop, { once: true });
		promise.then(
			(value) => {
				signal.removeEventListener('abort', stop);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', stop);
				reject(error instanceof Error ? error : new Error(String(error)));
			},
		);
	});
}

function cancelled(): AdobeApiError {
	return new AdobeApiError('The request to Adobe Cloud Storage was cancelled.', { kind: 'cancelled', service: 'cloudStorage' });
}

/** A path that names nothing: code 'not_found', status 404, as Adobe's own resource_not_found. */
export function notFound(names: readonly string[], why?: string): AdobeApiError {
	return new AdobeApiError(`Adobe Cloud Storage has no "${names.join('/')}"${why ? `: ${why}` : ''}.`, {
		kind: 'invalidInput',
		service: 'cloudStorage',
		status: 404,
		code: 'not_found',
	});
}

function tooManyItems(container: StorageContainer, max: number): AdobeApiError {
	const what = container.assetType === 'projects' ? 'This credential can see' : `This ${container.assetType} holds`;
	const items = container.assetType === 'projects' ? 'projects' : 'items';
	return new AdobeApiError(
		`${what} more than ${max.toLocaleString('en-US')} ${items}: the file system lists a folder whole or not at all, and stops at ${max.toLocaleString('en-US')}. ` +
			'Open it in the Adobe view, which loads it a page at a time and filters it, or move some items into sub-folders.',
		{ kind: 'invalidInput', service: 'cloudStorage', code: 'too_many_items' },
	);
}
