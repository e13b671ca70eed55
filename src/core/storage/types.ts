/**
 * The shapes of Adobe Cloud Storage listings, apart from the client that fetches them, so that what only
 * needs the shapes can have them without the HTTP client (queries.ts, which the explorer loads at activation), and so that
 * queries.ts and client.ts do not import each other.
 */
import type { HttpRequest, RetryPolicy } from '../common/http';

export type AssetType = 'project' | 'folder' | 'file' | 'library' | 'cloudDoc' | 'brand';

export interface StorageAsset {
	assetType: AssetType | string;
	/** A URN such as `urn:aaid:sc:US:4f2fc15c-…`. */
	assetId: string;
	name: string;
	path?: string;
	ancestors?: string[];
	state?: string;
	createdDate?: string;
	modifiedDate?: string;
	createdBy?: string;
	modifiedBy?: string;
	/** Files only. */
	mediaType?: string;
	/** Files only, in bytes. */
	size?: number;
}

export interface AssetPage {
	items: StorageAsset[];
	/** Absent on the last page. */
	nextUrl?: string;
}

/** What to list: all accessible projects, or the children of one project or folder. */
export type StorageContainer = { assetType: 'projects' } | { assetType: 'project' | 'folder'; assetId: string };

export interface DownloadLink {
	url: string;
	urlExpirationDate?: string;
	size?: number;
	mediaType?: string;
}

export interface ListOptions {
	/** Page size hint, 1–100 (Adobe's default is 20). */
	limit?: number;
	/** A field of the target's `sortBy` list, `-` for descending. First page only. */
	sortBy?: string;
	/** FIQL over the target's filter fields, e.g. `assetType==file`. First page only. */
	filter?: string;
	signal?: AbortSignal;
	retry?: RetryPolicy;
	onRetry?: HttpRequest['onRetry'];
}
