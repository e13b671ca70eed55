/**
 * The shapes of Adobe Cloud Storage writes (issue #19), apart from the code that sends them, so that
 * the file system, the explorer's commands, the agent tools and the MCP server agree on one contract
 * while each is built. Every shape follows Adobe's OpenAPI spec (test/contract/cloud-storage/openapi.yml,
 * from AdobeDocs/cloud-storage static/index.yml): createFolder, createProject, rename*, delete*,
 * restore*, copyFile, moveFile, initBlockBasedFileUpload / finalizeBlockBasedFileUpload,
 * initBlockBasedFileReplacement / finalizeBlockBasedFileReplacement, getJobStatus, *EffectivePermission, get*Roles.
 */
import type { Readable } from 'node:stream';
import type { StorageAsset } from './types';

/** What a write names: an asset by its id and type (the endpoint is `/{assetType}s/{assetId}/…`). */
export interface AssetRef {
	assetType: 'project' | 'folder' | 'file' | string;
	assetId: string;
}

/**
 * What to do when the name is taken (Adobe's 409): fail (Adobe's default) or let Adobe append
 * "\u00A0(1)" (`options.autorename`, schemas/autorename). Replacing an existing file is a separate,
 * explicit call (replaceFile), never an option of a create.
 */
export type NameClash = 'fail' | 'autorename';

export interface WriteOptions {
	signal?: AbortSignal;
	/** 'fail' unless told. */
	onClash?: NameClash;
	/** Told how long Adobe asked us to wait between job polls (`retry-after`), in seconds. */
	onWaiting?: (seconds: number) => void;
}

/**
 * Bytes to upload, read a block at a time so a 1 GB file never sits in memory: `read(start, end)`
 * gives bytes [start, end) as a stream (a file's createReadStream({ start, end: end - 1 })) or a Buffer.
 */
export interface UploadSource {
	size: number;
	mediaType: string;
	read(start: number, end: number): Readable | Buffer;
}

export interface UploadOptions extends WriteOptions {
	/** Bytes sent so far (all blocks), as blocks go up. */
	onProgress?: (sentBytes: number, totalBytes: number) => void;
	/** The block size to ask for; Adobe answers with the one to use (it may differ). */
	blockSize?: number;
}

/**
 * What was read, so a replace can tell whether someone changed the file since: Adobe keeps no ETag on
 * replace, so the modified date and size the reader saw are compared with what Adobe has just before
 * the replacement starts.
 */
export interface ReadVersion {
	modifiedDate?: string;
	size?: number;
}

/** Adobe's `effective-permission` answer, read into what our writes ask before they start. */
export interface EffectivePermission {
	/** `edit`, `comment`, `undefined` or a newer role (roleEnums "is not exhaustive"). Deprecated by Adobe; shown only. */
	role?: string;
	/** can_edit_project (projects) or can_edit_assets (folders, files). */
	canEdit: boolean;
	/** can_delete / can_delete_assets. */
	canDelete: boolean;
	canRestore: boolean;
	canPermanentDelete: boolean;
	canDownload: boolean;
	/** Containers only: can_move_assets_inside / can_move_assets_outside. */
	canMoveInside?: boolean;
	canMoveOutside?: boolean;
	/** can_share (projectPermissions, filePermissions): may change who has access (patch*Roles). */
	canShare?: boolean;
	/** Every boolean Adobe sent, by its own name (for the "Who has access" view). */
	flags: Record<string, boolean>;
}

/** One entry of `GET /{projects|files}/{id}/roles` (schemas/assetRolesResponse), as shown. */
export interface RoleEntry {
	principalType: string;
	/** Adobe's principal id (what patch*Roles updates and deletions name); a pending invitation's `mailto:` id. */
	id?: string;
	/** The user's or group's id or name, as Adobe sent it. */
	principal: string;
	role: string;
	/** true for a pending invitation. */
	pending?: boolean;
}

/**
 * A change of who has access (schemas/patchAssetRolesRequest, Adobe's patchProjectRoles / patchFileRoles):
 * add people by email or groups by name, change or remove an existing entry by its id. At most 10 per list.
 */
export interface RoleChange {
	add?: Array<{ email?: string; group?: string; role: string }>;
	update?: Array<{ id: string; type: string; role: string }>;
	remove?: Array<{ id: string; type: string }>;
}

/** One entry of patchAssetRolesResponse, bounded and redacted: successful, failed (Adobe's error_code and message) or pending (an invitation). */
export interface RoleChangeOutcome {
	kind: 'add' | 'update' | 'remove';
	/** The recipient or principal id, as Adobe answered it (or as it was sent). */
	id: string;
	type?: string;
	role?: string;
	status: 'successful' | 'failed' | 'pending' | 'unknown';
	errorCode?: string;
	message?: string;
}

/**
 * The writes, one method per Adobe operation. Every method:
 * - sends the token only to the configured Cloud Storage endpoint, and never to a pre-signed URL (block
 *   PUTs and downloads go without Authorization, as Adobe's spec requires);
 * - rejects with AdobeApiError (service 'cloudStorage'), its message saying what to do, Adobe's
 *   error_code in `code` (409 name clash: 'name_conflict' unless Adobe sent its own; a changed file: 'conflict');
 * - follows a 202 job at `/status/{jobId}` as `retry-after` says (bounded), and ends on `signal`.
 */
export interface StorageWrites {
	createProject(name: string, options?: WriteOptions): Promise<StorageAsset>;
	/** `POST /folders` with parentId and name (a project or folder id). */
	createFolder(parentId: string, name: string, options?: WriteOptions): Promise<StorageAsset>;
	/** `POST /{type}s/{id}/rename`; keeps the asset id. */
	rename(asset: AssetRef, name: string, options?: WriteOptions): Promise<StorageAsset>;
	/** Files only (Adobe has no folder move): `POST /files/{id}/move` then its job. The original stays if the job fails. */
	moveFile(fileId: string, parentId: string, options?: WriteOptions & { name?: string }): Promise<StorageAsset>;
	/** Files only: `POST /files/{id}/copy` then its job. */
	copyFile(fileId: string, parentId: string, options?: WriteOptions & { name?: string }): Promise<StorageAsset>;
	/** Soft delete (`DELETE /{type}s/{id}`): Restore brings it back. */
	trash(asset: AssetRef, options?: WriteOptions): Promise<void>;
	/** `DELETE …?permanent=true`; Adobe requires the item to be soft-deleted first. Callers ask the user first. */
	deletePermanently(asset: AssetRef, options?: WriteOptions): Promise<void>;
	restore(asset: AssetRef, options?: WriteOptions): Promise<StorageAsset>;
	/** A new file: block upload init → PUT each block → finalize → job. Abandoned uploads are never finalized. */
	uploadFile(parentId: string, name: string, source: UploadSource, options?: UploadOptions): Promise<StorageAsset>;
	/**
	 * New content for an existing file (keeps its asset id): the replacement endpoints. With `expected`,
	 * first reads the file's metadata and rejects with code 'conflict' when it changed since.
	 */
	replaceFile(fileId: string, source: UploadSource, options?: UploadOptions & { expected?: ReadVersion }): Promise<StorageAsset>;
	effectivePermission(asset: AssetRef, signal?: AbortSignal): Promise<EffectivePermission>;
	roles(asset: AssetRef, signal?: AbortSignal): Promise<RoleEntry[]>;
	/** patchProjectRoles / patchFileRoles, after checking can_share; each entry's outcome. Callers ask the user first. */
	patchRoles(asset: AssetRef, change: RoleChange, signal?: AbortSignal): Promise<RoleChangeOutcome[]>;
}

/** Adobe's limits the writes respect. */
export const STORAGE_LIMITS = {
	/** "For files 10 MB or larger, direct upload is not supported" (initBlockBasedFileUpload): we always use blocks. */
	blockUploadFromBytes: 10 * 1024 * 1024,
	/** The urlTTL query parameter: 60 s to 14,400 s (4 h), default 14,400 (parameters/urlTTL). */
	minUrlTtlSeconds: 60,
	maxUrlTtlSeconds: 14_400,
	/** assetName: maxLength 255. */
	maxNameLength: 255,
} as const;

/**
 * How front doors get a StorageWrites: `createStorageWrites(client, callerSource)` (core/storage/writes.ts)
 * binds the writes to a profile's token with withFreshTokenOnce (core/common/caller.ts), so a 401 is
 * answered once with a fresh token, like every read.
 */
export type StorageWritesFactory = (caller: (forceRefresh: boolean) => Promise<{ accessToken: string; clientId: string }>) => StorageWrites;
