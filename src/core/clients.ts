/**
 * The Adobe clients over one HTTP client (undici): IMS, Photoshop, Cloud Storage, user sign-in,
 * endpoint probes and verification. Only code in the network bundle (src/bundles/network.ts) and
 * the MCP server construct them; the extension reaches them through shared/clientProvider.ts.
 */
import { CloudStorageClient } from './storage/client';
import { CloudStorageWriter, createStorageWrites } from './storage/writes';
import type { StorageWrites } from './storage/writeTypes';
import { Endpoints } from './common/endpoints';
import { HttpClient, ProxyOptions } from './common/http';
import { ImsClient } from './tokens/ims';
import { UserAuthClient } from './signIn/oauth';
import { Clock, Logger, systemClock } from './common/logger';
import { PhotoshopClient } from './photoshop/client';
import { EndpointCheck, checkEndpoints } from './diagnostics/endpointProbes';
import type { CallerSource } from './common/caller';
import { VerificationOutcome, fireflyServicesBases, verifyCredential } from './diagnostics/verify';
import type { ApiKind } from './credentials/apiKinds';
import { createOperationRunner } from './operations/run';
import type { OperationDeps, OperationRunner, RouteMemory } from './operations/types';
import type { ApiCaller } from './common/caller';
import { isAdobeApiError } from './common/errors';
import type { StorageAsset } from './storage/types';

export interface AdobeClientsOptions {
	endpoints: Endpoints;
	timeoutMs: number;
	proxy?: ProxyOptions;
	logger?: Logger;
	clock?: Clock;
	userAgent?: string;
}

export interface AdobeClients {
	readonly endpoints: Endpoints;
	readonly http: HttpClient;
	/** IMS at the configured endpoint. */
	readonly ims: ImsClient;
	/** IMS at another base URL (a profile's stage or custom environment), sharing the connection pool. */
	imsAt(baseUrl: string): ImsClient;
	readonly photoshop: PhotoshopClient;
	readonly cloudStorage: CloudStorageClient;
	/** Cloud Storage writes, each method taking an ApiCaller or a CallerSource first (core/storage/writes.ts). */
	readonly cloudStorageWriter: CloudStorageWriter;
	/** The writes bound to a profile's token source: a 401 is answered once with a fresh token (StorageWrites, core/storage/writeTypes.ts). */
	storageWrites(caller: CallerSource): StorageWrites;
	/** User sign-in calls (authorization code, refresh, revoke, userinfo) at an IMS base URL. */
	userAuthAt(baseUrl: string): UserAuthClient;
	checkEndpoints(signal?: AbortSignal): Promise<EndpointCheck[]>;
	/** The cheapest documented authenticated call for the API kind (core/diagnostics/verify.ts). */
	verifyCredential(apiKind: ApiKind, caller: CallerSource, signal?: AbortSignal): Promise<VerificationOutcome>;
	/**
	 * Adobe's operations on a storage file for a profile (core/operations): Photoshop v2 and Firefly at their bases,
	 * the profile's storage writes and download links; `memory` keeps the route that worked. `extra` lets a front
	 * door follow jobs its own way (the Jobs view) or add secrets to scrub.
	 */
	operations(caller: CallerSource, memory?: RouteMemory, extra?: Pick<OperationDeps, 'follow' | 'secrets' | 'limits'>): OperationRunner;
	close(): Promise<void>;
}

export function createAdobeClients(options: AdobeClientsOptions): AdobeClients {
	const clock = options.clock ?? systemClock;
	const http = new HttpClient({
		timeoutMs: options.timeoutMs,
		proxy: options.proxy,
		logger: options.logger,
		clock,
		userAgent: options.userAgent,
	});
	const ims = new ImsClient(http, options.endpoints.ims, clock);
	const endpoints = options.endpoints;
	const photoshop = new PhotoshopClient(http, endpoints.photoshop, clock, fireflyServicesBases(endpoints).photoshopV2);
	const cloudStorage = new CloudStorageClient(http, endpoints.cloudStorage, clock);
	const cloudStorageWriter = new CloudStorageWriter(http, endpoints.cloudStorage, clock);
	return {
		endpoints,
		http,
		ims,
		imsAt: (baseUrl) => (baseUrl === endpoints.ims ? ims : new ImsClient(http, baseUrl, clock)),
		photoshop,
		cloudStorage,
		cloudStorageWriter,
		storageWrites: (caller) => createStorageWrites(cloudStorageWriter, caller),
		userAuthAt: (baseUrl) => new UserAuthClient(http, baseUrl, clock),
		checkEndpoints: (signal) => checkEndpoints(http, endpoints, signal),
		verifyCredential: (apiKind, caller, signal) =>
			verifyCredential({ http, endpoints, cloudStorage, photoshop, clock }, apiKind, caller, signal),
		operations: (caller, memory, extra = {}) =>
			createOperationRunner({
				http,
				bases: fireflyServicesBases(endpoints),
				caller,
				writes: createStorageWrites(cloudStorageWriter, caller),
				downloadLink: (who, assetId, signal) => cloudStorage.downloadLink(who, assetId, { signal }),
				findChild: (who, where, name, signal) => findChild(cloudStorage, who, where, name, signal),
				clock,
				routeMemory: memory,
				...extra,
			}),
		close: () => http.close(),
	};
}

/** The most children read to find one by name (100 pages of 100: the file system's MAX_DIRECTORY_ITEMS). */
const MAX_CHILD_PAGES = 100;

/** A file of this name in a folder or project (names are unique in their parent, case-sensitive), by reading its listing. */
async function findChild(
	cloudStorage: CloudStorageClient,
	caller: ApiCaller,
	where: { parentId: string; projectId?: string },
	name: string,
	signal?: AbortSignal,
): Promise<StorageAsset | undefined> {
	// A parent that is the project is listed as one; when the project is not known, a folder's 404 means it was the project.
	const project = where.projectId !== undefined && where.parentId === where.projectId;
	const list = async (assetType: 'project' | 'folder') => {
		let pages = 0;
		for await (const page of cloudStorage.pages(caller, { assetType, assetId: where.parentId }, { limit: 100, signal })) {
			const found = page.items.find((item) => item.name === name && item.state !== 'deleted');
			if (found) return found;
			if (++pages >= MAX_CHILD_PAGES) return undefined;
		}
		return undefined;
	};
	if (project) return list('project');
	try {
		return await list('folder');
	} catch (error) {
		if (where.projectId === undefined && isAdobeApiError(error) && error.status === 404) return list('project');
		throw error;
	}
}

export type { EndpointCheck, VerificationOutcome };
