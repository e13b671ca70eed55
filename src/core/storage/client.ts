/**
 * Adobe Cloud Storage and Collaboration API: listing projects, project and folder children, and
 * item metadata, with cursor paging. Shapes follow Adobe's OpenAPI spec (projects list under
 * `items`, children under `children`, `paging.nextUrl` absent on the last page).
 */
import { isLoopbackHost } from '../common/endpoints';
import { AdobeApiError, isAdobeApiError, invalidInput } from '../common/errors';
import { HttpClient, HttpResponse } from '../common/http';
import { Clock, systemClock } from '../common/logger';
import { listingQueryProblem, listingTarget } from './queries';
import type { AssetPage, DownloadLink, ListOptions, StorageAsset, StorageContainer } from './types';
import type { ApiCaller } from '../common/caller';
import { badShape, gatewayMessage, httpError, parseJson } from '../common/adobeAnswers';
import { DOWNLOAD_JOB, followStorageJob } from './storageJob';
import { STORAGE_LIMITS } from './writeTypes';

// verify.ts and older callers read these from here.
export { EMPTY_PROJECT_LIST_ADVICE, TECHNICAL_ACCOUNT_SETUP_URL } from './queries';
export type { AssetPage, AssetType, DownloadLink, ListOptions, StorageAsset, StorageContainer } from './types';

type RequestOptions = Pick<ListOptions, 'signal' | 'retry' | 'onRetry'>;

export const MIN_PAGE_SIZE = 1;
export const MAX_PAGE_SIZE = 100;

export class CloudStorageClient {
	constructor(
		private readonly http: HttpClient,
		private readonly baseUrl: string,
		private readonly clock: Clock = systemClock,
	) {}

	/** The first page of a container's listing. */
	async firstPage(caller: ApiCaller, container: StorageContainer, options: ListOptions = {}): Promise<AssetPage> {
		const problem = listingQueryProblem(listingTarget(container), options);
		if (problem) throw invalidInput(`Adobe Cloud Storage: ${problem}`, { service: 'cloudStorage' });
		const url = new URL(`${this.baseUrl}${containerPath(container)}`);
		if (options.limit !== undefined) url.searchParams.set('limit', String(clampPageSize(options.limit)));
		if (options.sortBy) url.searchParams.set('sortBy', options.sortBy);
		if (options.filter) url.searchParams.set('filter', options.filter);
		return this.page(caller, url.toString(), options);
	}

	/** The page behind a `paging.nextUrl`, followed as given (it carries the cursor and limit). */
	async nextPage(caller: ApiCaller, nextUrl: string, options: RequestOptions = {}): Promise<AssetPage> {
		return this.page(caller, this.resolveNextUrl(nextUrl), options);
	}

	/** Every page of a listing, in order. */
	async *pages(caller: ApiCaller, container: StorageContainer, options: ListOptions = {}): AsyncGenerator<AssetPage> {
		let page = await this.firstPage(caller, container, options);
		yield page;
		while (page.nextUrl) {
			page = await this.nextPage(caller, page.nextUrl, options);
			yield page;
		}
	}

	async metadata(
		caller: ApiCaller,
		assetType: 'project' | 'folder' | 'file',
		assetId: string,
		signal?: AbortSignal,
	): Promise<StorageAsset> {
		const res = await this.get(caller, `${this.baseUrl}/${assetType}s/${encodeURIComponent(assetId)}`, { signal });
		return toAsset(res, parseJson<unknown>('cloudStorage', res));
	}

	/**
	 * A pre-signed URL for a file's content. Large files are prepared asynchronously: a 202 gives a
	 * job id, polled at `/status/{jobId}` as often as its `retry-after` says, until it succeeds
	 * (storageJob.ts). `urlTTL` asks for the link's lifetime in seconds, clamped to Adobe's 60–14,400
	 * (parameters/urlTTL: a hint; the answer's urlExpirationDate is what holds).
	 */
	async downloadLink(
		caller: ApiCaller,
		assetId: string,
		options: RequestOptions & { onWaiting?: (seconds: number) => void; urlTTL?: number } = {},
	): Promise<DownloadLink> {
		const url = new URL(`${this.baseUrl}/files/${encodeURIComponent(assetId)}/download`);
		if (options.urlTTL !== undefined) url.searchParams.set('urlTTL', String(clampUrlTtl(options.urlTTL)));
		const res = await this.get(caller, url.toString(), options, [200, 202]);
		if (res.status === 200) return downloadLinkOf(res, parseJson<DownloadLink>('cloudStorage', res));
		const { res: done, job } = await followStorageJob(res, {
			signal: options.signal,
			onWaiting: options.onWaiting,
			clock: this.clock,
			get: (statusUrl) => this.get(caller, statusUrl, options),
			baseUrl: this.baseUrl,
			secrets: [caller.accessToken],
			wording: DOWNLOAD_JOB,
		});
		return downloadLinkOf(done, job.downloadResponse as DownloadLink | undefined);
	}

	/** An image rendition (PNG) of a file. */
	async rendition(caller: ApiCaller, assetId: string, size = 512, signal?: AbortSignal): Promise<Buffer> {
		const url = `${this.baseUrl}/files/${encodeURIComponent(assetId)}/image-rendition?size=${size}&mediaType=image/png`;
		try {
			const res = await this.get(caller, url, { signal }, [200], true);
			return res.bytes ?? Buffer.alloc(0);
		} catch (error) {
			// "If the file exists, but the requester does not have the requisite permissions … It will return a 404
			// Not Found response" (Adobe's Cloud Storage spec, AdobeDocs/cloud-storage static/index.yml, getFileImageRendition).
			if (!isAdobeApiError(error) || error.status !== 404) throw error;
			throw new AdobeApiError(
				'Adobe Cloud Storage has no preview of that file for this credential (HTTP 404): the file may have been moved or deleted, or this credential may not have permission to read it (Adobe answers 404 for both). Refresh its folder; if the file is still listed, ask its owner or your Adobe admin for read access.',
				{
					kind: error.kind,
					service: error.service,
					status: error.status,
					code: error.code,
					detail: error.detail,
					requestId: error.requestId,
				},
			);
		}
	}

	private async page(caller: ApiCaller, url: string, options: RequestOptions): Promise<AssetPage> {
		const res = await this.get(caller, url, options);
		const json = parseJson<{ items?: unknown; children?: unknown; paging?: { nextUrl?: unknown } }>('cloudStorage', res);
		const items = json.children ?? json.items;
		if (!Array.isArray(items)) throw badShape('cloudStorage', res, 'the listing has neither "children" nor "items"');
		const nextUrl = typeof json.paging?.nextUrl === 'string' && json.paging.nextUrl !== '' ? json.paging.nextUrl : undefined;
		return { items: items.map((item) => toAsset(res, item)), nextUrl };
	}

	private async get(caller: ApiCaller, url: string, options: RequestOptions, ok: number[] = [200], binary = false): Promise<HttpResponse> {
		const res = await this.http.send({
			service: 'cloudStorage',
			method: 'GET',
			url,
			headers: {
				authorization: `Bearer ${caller.accessToken}`,
				'x-api-key': caller.clientId,
				accept: binary ? 'image/png' : 'application/json',
			},
			signal: options.signal,
			retry: options.retry,
			onRetry: options.onRetry,
			binary,
			secrets: [caller.accessToken],
		});
		if (!ok.includes(res.status)) {
			throw httpError('cloudStorage', res, ({ code, detail }) => storageMessage(res.status, code, detail), this.clock.now());
		}
		return res;
	}

	/** Resolves a nextUrl as a browser would; it must stay on the base's origin so the token does not travel elsewhere. */
	private resolveNextUrl(nextUrl: string): string {
		const base = new URL(`${this.baseUrl}/`);
		const resolved = new URL(nextUrl, base);
		if (resolved.origin !== base.origin) {
			throw new AdobeApiError(`Adobe Cloud Storage sent a next-page link to another host (${resolved.host}); it was not followed.`, {
				kind: 'badResponse',
				service: 'cloudStorage',
			});
		}
		return resolved.toString();
	}
}

const OPTIONAL_ASSET_TEXT = ['path', 'state', 'createdDate', 'modifiedDate', 'createdBy', 'modifiedBy', 'mediaType'] as const;

/**
 * An item as the explorer may use it: assetId and assetType present, the other documented fields
 * dropped unless they have their documented type, and `size` only when it is a byte count. Fields
 * not documented are kept as sent (the metadata view shows them).
 */
export function toAsset(res: HttpResponse, value: unknown): StorageAsset {
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw badShape('cloudStorage', res, 'an item is not an object');
	const asset: Record<string, unknown> = { ...value };
	if (typeof asset.assetId !== 'string' || asset.assetId === '') throw badShape('cloudStorage', res, 'an item has no assetId');
	if (typeof asset.assetType !== 'string') throw badShape('cloudStorage', res, `the item ${asset.assetId} has no assetType`);
	if (typeof asset.name !== 'string') asset.name = asset.assetId;
	for (const key of OPTIONAL_ASSET_TEXT) if (typeof asset[key] !== 'string') delete asset[key];
	if (!Array.isArray(asset.ancestors) || !asset.ancestors.every((id) => typeof id === 'string')) delete asset.ancestors;
	if (byteCount(asset.size) === undefined) delete asset.size;
	return asset as unknown as StorageAsset;
}

/** A size Adobe sent, if it is one: a non-negative whole number of bytes. */
function byteCount(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export function downloadLinkOf(res: HttpResponse, link: DownloadLink | undefined): DownloadLink {
	if (typeof link?.url !== 'string') throw badShape('cloudStorage', res, 'the download answer has no url');
	let url: URL;
	try {
		url = new URL(link.url);
	} catch {
		throw badShape('cloudStorage', res, 'the download url is not a URL');
	}
	// Same rule as the endpoint settings: content comes over HTTPS unless it is on this machine.
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
		throw badShape('cloudStorage', res, `the download link is not HTTPS (${url.protocol}//${url.host}); it was not followed`);
	}
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	return { url: link.url, urlExpirationDate: text(link.urlExpirationDate), size: byteCount(link.size), mediaType: text(link.mediaType) };
}

/** A link lifetime Adobe accepts: 60 s to 4 h (parameters/urlTTL); not a number means Adobe's default, the longest. */
export function clampUrlTtl(seconds: number): number {
	if (!Number.isFinite(seconds)) return STORAGE_LIMITS.maxUrlTtlSeconds;
	return Math.min(STORAGE_LIMITS.maxUrlTtlSeconds, Math.max(STORAGE_LIMITS.minUrlTtlSeconds, Math.round(seconds)));
}

export function clampPageSize(limit: number): number {
	if (!Number.isFinite(limit)) return 20;
	return Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, Math.round(limit)));
}

function containerPath(container: StorageContainer): string {
	return container.assetType === 'projects' ? '/projects' : `/${container.assetType}s/${encodeURIComponent(container.assetId)}/children`;
}

export function storageMessage(status: number, code: string | undefined, detail: string | undefined): string | undefined {
	if (code === 'cursor_expired') {
		return 'The Adobe Cloud Storage listing expired (cursor_expired). Reload the folder to list it from the start.';
	}
	if (status === 401 || code === 'unauthorized') {
		return 'Adobe Cloud Storage rejected the access token (unauthorized). Refresh the token and try again.';
	}
	// The gateway in front of Cloud Storage answers its own 403s (an invalid API key, a scope mismatch):
	// those have their own fix. Only Cloud Storage's access_error is the Technical Account setup.
	const gateway = gatewayMessage(code, 'Adobe Cloud Storage');
	if (gateway) return gateway;
	if (status === 403 || code === 'access_error') {
		return `Adobe Cloud Storage denied access (access_error${detail ? `: ${detail}` : ''}). With an OAuth Server-to-Server credential, an Adobe Admin must make the Technical Account a Storage administrator and assign it a product profile that includes Enterprise Storage, in the Adobe Admin Console.`;
	}
	if (status === 404 || code === 'resource_not_found') {
		return 'Adobe Cloud Storage could not find that item (resource_not_found). It may have been moved or deleted; refresh its parent.';
	}
	return undefined;
}
