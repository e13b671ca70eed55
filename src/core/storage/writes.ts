/**
 * Adobe Cloud Storage writes (issue #19): the StorageWrites contract (writeTypes.ts) on Adobe's OpenAPI spec
 * (test/contract/cloud-storage/openapi.yml, from AdobeDocs/cloud-storage static/index.yml). Each method names
 * the operationId it sends. The rules every write keeps:
 * - names are checked before anything is sent (names.ts: the spec's assetName);
 * - the token goes only to the Cloud Storage endpoint, never to a pre-signed URL (block PUTs go through
 *   HttpClient.putBlock, which sends no credentials);
 * - nothing half-done: an upload whose blocks did not all go up, or that was cancelled, is never finalized
 *   (Adobe stitches a file only at finalize), and a replace whose file changed since it was read sends
 *   nothing at all;
 * - a 401 to any one request is answered once with a fresh token (withFreshTokenOnce, per request, so a
 *   refresh never repeats a copy or a move that Adobe already accepted);
 * - every number Adobe sends is bounded (block size, transfer links, job polls, error lists, roles), and
 *   every text it sends is shortened and redacted before it is shown.
 */
import type { Readable } from 'node:stream';
import { type ApiCaller, type CallerSource, withFreshTokenOnce } from '../common/caller';
import { isLoopbackHost } from '../common/endpoints';
import { AdobeApiError, invalidInput, isAdobeApiError } from '../common/errors';
import { formatBytes } from '../common/format';
import { HttpClient, HttpMethod, HttpResponse } from '../common/http';
import { Clock, systemClock } from '../common/logger';
import { redact } from '../common/redact';
import { badShape, gatewayMessage, httpError, parseJson, readErrorBody } from '../common/adobeAnswers';
import { storageMessage, toAsset } from './client';
import { ASSET_NAME_RULE, assetNameProblem } from './names';
import { ROLE_CHANGE_LIMITS, rolesRequest } from './roleChange';
import { JobWording, followStorageJob } from './storageJob';
import type { StorageAsset } from './types';
import type {
	AssetRef,
	EffectivePermission,
	ReadVersion,
	RoleChange,
	RoleChangeOutcome,
	RoleEntry,
	StorageWrites,
	UploadOptions,
	UploadSource,
	WriteOptions,
} from './writeTypes';

/** One token as it is (no refresh), or a profile's source (a 401 to any one request is answered once with a fresh token). */
export type StorageCredentials = ApiCaller | CallerSource;

/** Bounds on what Adobe's block upload answers, and on how we send. */
export const UPLOAD_LIMITS = {
	/** The block size we ask for when told (options.blockSize), clamped to these. */
	minHintBytes: 1024 * 1024,
	maxHintBytes: 100 * 1024 * 1024,
	/**
	 * Adobe's answer: a block of 5 GiB is the most any multipart store takes (S3's part limit); a block
	 * smaller than 64 KiB for a file of several blocks is not a block size but a mistake.
	 */
	minBlockBytes: 64 * 1024,
	maxBlockBytes: 5 * 1024 * 1024 * 1024,
	/** Transfer links in one answer (S3's most parts per upload); more are refused unread. */
	maxTransferLinks: 10_000,
	/** Blocks in flight at once: enough to fill a link, few enough not to starve the rest of the extension host. */
	concurrency: 3,
	/** Further tries of one block after a transient failure (a dropped connection, 429, 5xx). */
	blockRetries: 2,
	/** The most bytes one upload may declare (Adobe documents no limit; 1 TiB is beyond any Cloud Storage file). */
	maxFileBytes: 1024 ** 4,
	maxUploadIdLength: 1024,
} as const;

/** Entries of a roles answer read at most; a project shared with more principals directly is refused with a message. */
export const MAX_ROLE_ENTRIES = 2000;
/** Permission flags kept from one answer (Adobe documents 12). */
const MAX_PERMISSION_FLAGS = 64;
/** How much of any text Adobe sends is shown. */
const MAX_SHOWN_TEXT = 300;

/** The start of every name-clash message (isNameClash reads it, also across bundles). */
export const NAME_CLASH_PREFIX = 'Adobe Cloud Storage already has an item';

type Operation =
	| 'roles'
	| 'createProject'
	| 'createFolder'
	| 'rename'
	| 'move'
	| 'copy'
	| 'trash'
	| 'deletePermanently'
	| 'restore'
	| 'upload'
	| 'replace'
	| 'read';

/** What an error message may say about the operation it comes from. */
interface Context {
	op: Operation;
	/** The step of an upload or replace. */
	step?: 'init' | 'finalize';
	/** The name being given (create, rename, upload, a move or copy under a new name). */
	name?: string;
	/** The new content's media type (upload, replace). */
	mediaType?: string;
	/** The file's media type on Adobe's side (replace, when it was read). */
	currentMediaType?: string;
}

const ACTION: Record<Operation, string> = {
	createProject: 'create the project',
	createFolder: 'create the folder',
	rename: 'rename it',
	move: 'move the file',
	copy: 'copy the file',
	trash: 'delete it',
	deletePermanently: 'delete it permanently',
	restore: 'restore it',
	upload: 'upload the file',
	replace: "replace the file's content",
	read: 'read it',
	roles: 'change who has access',
};

/** Operations whose 409 is a name clash (Adobe's invalidOperationResponse on create, rename, copy, move, restore and upload finalize). */
const CLASH_OPERATIONS = new Set<Operation>(['createProject', 'createFolder', 'rename', 'move', 'copy', 'restore', 'upload']);

const JOB_WORDING: Record<'upload' | 'replace' | 'move' | 'copy', JobWording> = {
	upload: {
		failed: 'finish the upload (the job failed)',
		partial: 'finished the upload (partially_succeeded)',
		after: 'No file was created. Try the upload again; if it keeps failing, send the request id to Adobe.',
	},
	replace: {
		failed: "replace the file's content (the job failed)",
		partial: "replaced the file's content (partially_succeeded)",
		after: 'The file keeps its previous content. Try saving again; if it keeps failing, send the request id to Adobe.',
	},
	move: {
		failed: 'move the file (the job failed)',
		partial: 'moved the file (partially_succeeded)',
		after: 'The file stays where it was. Refresh both folders, then try again.',
	},
	copy: {
		failed: 'copy the file (the job failed)',
		partial: 'copied the file (partially_succeeded)',
		after: 'The original is unchanged. Refresh the destination, then try again.',
	},
};

/** The writes, each method taking who calls first, like CloudStorageClient's reads. */
export class CloudStorageWriter {
	constructor(
		private readonly http: HttpClient,
		private readonly baseUrl: string,
		private readonly clock: Clock = systemClock,
	) {}

	/** createProject: `POST /projects` → 201 and the project. */
	async createProject(credentials: StorageCredentials, name: string, options: WriteOptions = {}): Promise<StorageAsset> {
		checkName(name);
		const session = new Session(credentials, options.signal);
		const ctx: Context = { op: 'createProject', name };
		const res = await this.call(session, ctx, 'POST', '/projects', { name, ...clashOptions(options) }, [201, 200], options.signal);
		return toAsset(res, parseJson<unknown>('cloudStorage', res));
	}

	/** createFolder: `POST /folders` with parentId (a project's or a folder's id) and name → 201 and the folder. */
	async createFolder(credentials: StorageCredentials, parentId: string, name: string, options: WriteOptions = {}): Promise<StorageAsset> {
		checkId(parentId, 'parent');
		checkName(name);
		const session = new Session(credentials, options.signal);
		const body = { parentId, name, ...clashOptions(options) };
		const res = await this.call(session, { op: 'createFolder', name }, 'POST', '/folders', body, [201, 200], options.signal);
		return toAsset(res, parseJson<unknown>('cloudStorage', res));
	}

	/** renameProject / renameFolder / renameFile: `POST /{type}s/{id}/rename`; the asset keeps its id. */
	async rename(credentials: StorageCredentials, asset: AssetRef, name: string, options: WriteOptions = {}): Promise<StorageAsset> {
		const path = assetPath(asset, 'rename');
		checkName(name);
		const session = new Session(credentials, options.signal);
		const res = await this.call(
			session,
			{ op: 'rename', name },
			'POST',
			`${path}/rename`,
			{ name, ...clashOptions(options) },
			[200],
			options.signal,
		);
		return toAsset(res, parseJson<unknown>('cloudStorage', res));
	}

	/** moveFile: `POST /files/{id}/move` → 202, then its job. Adobe keeps the file where it was when the job fails. */
	async moveFile(
		credentials: StorageCredentials,
		fileId: string,
		parentId: string,
		options: WriteOptions & { name?: string } = {},
	): Promise<StorageAsset> {
		return this.transferFile(credentials, 'move', fileId, parentId, options);
	}

	/** copyFile: `POST /files/{id}/copy` → 202, then its job. */
	async copyFile(
		credentials: StorageCredentials,
		fileId: string,
		parentId: string,
		options: WriteOptions & { name?: string } = {},
	): Promise<StorageAsset> {
		return this.transferFile(credentials, 'copy', fileId, parentId, options);
	}

	/** deleteProject / deleteFolder / deleteFile without `permanent`: a soft delete, which restore undoes. */
	async trash(credentials: StorageCredentials, asset: AssetRef, options: WriteOptions = {}): Promise<void> {
		const path = assetPath(asset, 'trash');
		await this.call(new Session(credentials, options.signal), { op: 'trash' }, 'DELETE', path, undefined, [204, 200], options.signal);
	}

	/** `DELETE /{type}s/{id}?permanent=true`: "the file must be in DELETED state" first (deleteFile). Callers ask the user first. */
	async deletePermanently(credentials: StorageCredentials, asset: AssetRef, options: WriteOptions = {}): Promise<void> {
		const path = `${assetPath(asset, 'deletePermanently')}?permanent=true`;
		const session = new Session(credentials, options.signal);
		await this.call(session, { op: 'deletePermanently' }, 'DELETE', path, undefined, [204, 200], options.signal);
	}

	/** restoreProject / restoreFolder / restoreFile: `POST /{type}s/{id}/restore` → the asset, active again. */
	async restore(credentials: StorageCredentials, asset: AssetRef, options: WriteOptions = {}): Promise<StorageAsset> {
		const path = `${assetPath(asset, 'restore')}/restore`;
		const res = await this.call(
			new Session(credentials, options.signal),
			{ op: 'restore' },
			'POST',
			path,
			undefined,
			[200],
			options.signal,
		);
		return toAsset(res, parseJson<unknown>('cloudStorage', res));
	}

	/**
	 * A new file: initBlockBasedFileUpload (`POST /files/upload/init`) → PUT each block to its pre-signed
	 * transfer link, without credentials → finalizeBlockBasedFileUpload → its job → the file. Nothing is
	 * finalized unless every block went up: a failed, cancelled or abandoned upload leaves no file.
	 */
	async uploadFile(
		credentials: StorageCredentials,
		parentId: string,
		name: string,
		source: UploadSource,
		options: UploadOptions = {},
	): Promise<StorageAsset> {
		checkId(parentId, 'parent');
		checkName(name);
		checkSource(source);
		const hint = blockSizeHint(options.blockSize);
		const session = new Session(credentials, options.signal);
		const initBody = {
			size: source.size,
			parentId,
			name,
			mediaType: source.mediaType,
			...(hint !== undefined ? { blockSize: hint } : {}),
			...clashOptions(options),
		};
		return this.blockTransfer(session, { op: 'upload', name, mediaType: source.mediaType }, '/files/upload', initBody, source, options);
	}

	/**
	 * New content for an existing file, keeping its asset id: initBlockBasedFileReplacement → blocks →
	 * finalizeBlockBasedFileReplacement → job. With `expected`, the file's metadata is read first, and a
	 * file whose modified date or size differ from what was read is refused with code 'conflict' before
	 * anything else is sent (Adobe keeps no ETag for a replace). Adobe refuses a change of media type (415).
	 */
	async replaceFile(
		credentials: StorageCredentials,
		fileId: string,
		source: UploadSource,
		options: UploadOptions & { expected?: ReadVersion } = {},
	): Promise<StorageAsset> {
		checkId(fileId, 'file');
		checkSource(source);
		const hint = blockSizeHint(options.blockSize);
		const session = new Session(credentials, options.signal);
		const ctx: Context = { op: 'replace', mediaType: source.mediaType };
		if (options.expected) {
			const current = await this.metadata(session, { assetType: 'file', assetId: fileId }, options.signal);
			ctx.name = current.name;
			ctx.currentMediaType = current.mediaType;
			const changed = changedSince(options.expected, current);
			if (changed) throw conflict(current, changed);
			if (current.mediaType && !sameMediaType(current.mediaType, source.mediaType)) throw mediaTypeChange(ctx);
		}
		const initBody = { size: source.size, mediaType: source.mediaType, ...(hint !== undefined ? { blockSize: hint } : {}) };
		return this.blockTransfer(session, ctx, `/files/${encodeURIComponent(fileId)}/upload`, initBody, source, options);
	}

	/** get*EffectivePermission: what this credential may do with the asset. */
	async effectivePermission(credentials: StorageCredentials, asset: AssetRef, signal?: AbortSignal): Promise<EffectivePermission> {
		const path = `${assetPath(asset, 'permission')}/effective-permission`;
		const res = await this.call(new Session(credentials, signal), { op: 'read' }, 'GET', path, undefined, [200], signal);
		return toPermission(res, asset.assetType, parseJson<unknown>('cloudStorage', res));
	}

	/** getProjectRoles / getFileRoles: the direct roles and pending invitations (Adobe lists them for projects and files only). */
	async roles(credentials: StorageCredentials, asset: AssetRef, signal?: AbortSignal): Promise<RoleEntry[]> {
		if (asset.assetType !== 'project' && asset.assetType !== 'file') {
			throw invalidInput(
				`Adobe Cloud Storage lists who has access for projects and files only (getProjectRoles, getFileRoles), not for a ${asset.assetType}: look at its project instead.`,
				{ service: 'cloudStorage' },
			);
		}
		const path = `${assetPath(asset, 'roles')}/roles`;
		const res = await this.call(new Session(credentials, signal), { op: 'read' }, 'GET', path, undefined, [200], signal);
		return toRoles(res, parseJson<unknown>('cloudStorage', res));
	}

	/**
	 * patchProjectRoles / patchFileRoles (`PATCH /{projects|files}/{id}/roles`, schemas/patchAssetRolesRequest):
	 * checked here first (emails, roles edit or comment, `_everybody` comment only as the spec's recipient note
	 * says, at most 10 per list, each principal once), then the credential's can_share (effective permission);
	 * nothing is sent when either says no. Answers each entry's outcome (patchAssetRolesResponse), bounded and redacted.
	 */
	async patchRoles(
		credentials: StorageCredentials,
		asset: AssetRef,
		change: RoleChange,
		signal?: AbortSignal,
	): Promise<RoleChangeOutcome[]> {
		if (asset.assetType !== 'project' && asset.assetType !== 'file') {
			throw invalidInput(
				`Adobe Cloud Storage changes who has access for projects and files only (patchProjectRoles, patchFileRoles), not for a ${String(asset.assetType).slice(0, 40)}: change its project instead.`,
				{ service: 'cloudStorage' },
			);
		}
		const body = rolesRequest(change);
		const session = new Session(credentials, signal);
		const permissionPath = `${assetPath(asset, 'permission')}/effective-permission`;
		const permissionRes = await this.call(session, { op: 'read' }, 'GET', permissionPath, undefined, [200], signal);
		const refusal = checkWritable(toPermission(permissionRes, asset.assetType, parseJson<unknown>('cloudStorage', permissionRes)), 'share');
		if (refusal) throw invalidInput(`${refusal} Nothing was changed.`, { service: 'cloudStorage', code: 'permission_denied' });
		const path = `${assetPath(asset, 'roles')}/roles`;
		const res = await this.call(session, { op: 'roles' }, 'PATCH', path, body, [200], signal);
		return toRoleOutcomes(res, parseJson<unknown>('cloudStorage', res), session.secrets);
	}

	/** getProject / getFolder / getFile, as the writes need it (replace's freshness check). */
	async metadata(credentials: StorageCredentials | Session, asset: AssetRef, signal?: AbortSignal): Promise<StorageAsset> {
		const session = credentials instanceof Session ? credentials : new Session(credentials, signal);
		const res = await this.call(session, { op: 'read' }, 'GET', assetPath(asset, 'read'), undefined, [200], signal);
		return toAsset(res, parseJson<unknown>('cloudStorage', res));
	}

	private async transferFile(
		credentials: StorageCredentials,
		op: 'move' | 'copy',
		fileId: string,
		parentId: string,
		options: WriteOptions & { name?: string },
	): Promise<StorageAsset> {
		checkId(fileId, 'file');
		checkId(parentId, 'destination');
		if (options.name !== undefined) checkName(options.name);
		const session = new Session(credentials, options.signal);
		const body = { parentId, ...(options.name !== undefined ? { name: options.name } : {}), ...clashOptions(options) };
		const ctx: Context = { op, name: options.name };
		const res = await this.call(session, ctx, 'POST', `/files/${encodeURIComponent(fileId)}/${op}`, body, [202, 200, 201], options.signal);
		return this.assetOf(session, res, ctx, options);
	}

	/** A 202's job followed to its asset; a 200 or 201 that carries the asset at once is taken as it is. */
	private async assetOf(session: Session, res: HttpResponse, ctx: Context, options: WriteOptions): Promise<StorageAsset> {
		if (res.status !== 202) return toAsset(res, parseJson<unknown>('cloudStorage', res));
		const wording = JOB_WORDING[ctx.op === 'replace' || ctx.op === 'move' || ctx.op === 'copy' ? ctx.op : 'upload'];
		let ended: Awaited<ReturnType<typeof followStorageJob>>;
		try {
			ended = await followStorageJob(res, {
				signal: options.signal,
				onWaiting: options.onWaiting,
				clock: this.clock,
				get: (url) => this.call(session, { op: 'read' }, 'GET', url, undefined, [200], options.signal, true),
				baseUrl: this.baseUrl,
				secrets: session.secrets,
				wording,
			});
		} catch (error) {
			throw jobFailure(error, ctx);
		}
		if (ended.job.asset === undefined) throw badShape('cloudStorage', ended.res, 'the job succeeded without an asset');
		return toAsset(ended.res, ended.job.asset);
	}

	/** init → blocks → finalize → job, for uploads and replacements alike. */
	private async blockTransfer(
		session: Session,
		ctx: Context,
		base: string,
		initBody: Record<string, unknown>,
		source: UploadSource,
		options: UploadOptions,
	): Promise<StorageAsset> {
		const signal = options.signal;
		const init = await this.call(session, { ...ctx, step: 'init' }, 'POST', `${base}/init`, initBody, [200, 201], signal);
		const plan = transferPlan(init, source.size);
		await this.putBlocks(plan, source, options);
		// The last chance to stop: after this, Adobe makes the file.
		if (signal?.aborted) throw cancelled();
		const finalizeBody = { uploadId: plan.uploadId, usedTransferLinks: plan.links.map((link) => link.partNumber) };
		const finalized = await this.call(
			session,
			{ ...ctx, step: 'finalize' },
			'POST',
			`${base}/finalize`,
			finalizeBody,
			[202, 200, 201],
			signal,
		);
		return this.assetOf(session, finalized, ctx, options);
	}

	/**
	 * Every block of the plan, `concurrency` at a time, each read from the source as a stream when its turn
	 * comes. The first failure (or a Cancel) stops the others and is thrown; nothing is finalized then.
	 */
	private async putBlocks(plan: TransferPlan, source: UploadSource, options: UploadOptions): Promise<void> {
		const stop = new AbortController();
		const onCancel = () => stop.abort();
		if (options.signal?.aborted) throw cancelled();
		options.signal?.addEventListener('abort', onCancel, { once: true });
		const sent = new Array<number>(plan.links.length).fill(0);
		let total = 0;
		const progress = (index: number, bytes: number) => {
			total += bytes - sent[index];
			sent[index] = bytes;
			options.onProgress?.(total, source.size);
		};
		let next = 0;
		let failure: unknown;
		const worker = async () => {
			while (failure === undefined && !stop.signal.aborted) {
				const index = next++;
				if (index >= plan.links.length) return;
				try {
					this.checkNotExpired(plan);
					await this.putBlock(plan, index, source, stop.signal, (bytes) => progress(index, bytes));
				} catch (error) {
					failure ??= error;
					stop.abort();
				}
			}
		};
		try {
			await Promise.all(Array.from({ length: Math.min(UPLOAD_LIMITS.concurrency, plan.links.length) }, worker));
		} finally {
			options.signal?.removeEventListener('abort', onCancel);
		}
		if (options.signal?.aborted) throw cancelled();
		if (failure !== undefined) throw failure;
	}

	/** One block, tried again after a transient failure (each try reads the block afresh). */
	private async putBlock(plan: TransferPlan, index: number, source: UploadSource, signal: AbortSignal, onSent: (bytes: number) => void) {
		const start = index * plan.blockSize;
		const end = Math.min(plan.size, start + plan.blockSize);
		for (let attempt = 0; ; attempt++) {
			let body: Readable | Buffer | undefined;
			try {
				body = readBlock(source, start, end);
				if (Buffer.isBuffer(body) && body.length !== end - start) {
					throw invalidInput(
						`The file being uploaded gave ${body.length} bytes for block ${index + 1} instead of ${end - start}. Nothing was saved; try again.`,
						{ service: 'cloudStorage' },
					);
				}
				onSent(0);
				await this.http.putBlock({
					service: 'cloudStorage',
					url: plan.links[index].url,
					body,
					length: end - start,
					signal,
					onProgress: onSent,
				});
				return;
			} catch (error) {
				const transient = isAdobeApiError(error) && error.isTransient && error.kind !== 'invalidInput';
				if (!transient || attempt >= UPLOAD_LIMITS.blockRetries || signal.aborted) throw error;
				const waitMs = Math.min((error as AdobeApiError).retryAfterMs ?? 1000 * 2 ** attempt, 10_000);
				try {
					await this.clock.sleep(waitMs, signal);
				} catch {
					throw cancelled();
				}
			} finally {
				// A stream the PUT did not finish (a failure, a Cancel) still holds its file open.
				if (body && !Buffer.isBuffer(body) && !body.destroyed) body.destroy();
			}
		}
	}

	/** "Always check and respect the urlExpirationDate timestamp" (initBlockBasedFileUpload): no block starts after it. */
	private checkNotExpired(plan: TransferPlan): void {
		if (plan.expiresAt === undefined || this.clock.now() < plan.expiresAt) return;
		throw new AdobeApiError(
			`The upload links Adobe Cloud Storage gave expired (at ${new Date(plan.expiresAt).toISOString()}) before every block was sent. Nothing was saved; try again.`,
			{ kind: 'timeout', service: 'cloudStorage', code: 'upload_expired' },
		);
	}

	/**
	 * One request to the Cloud Storage API with the caller's token and Client ID; a 401 is answered once
	 * with a fresh token (when the credentials are a source). `absolute`: `path` is a whole URL of this API.
	 */
	private async call(
		session: Session,
		ctx: Context,
		method: HttpMethod,
		path: string,
		body: Record<string, unknown> | undefined,
		ok: number[],
		signal: AbortSignal | undefined,
		absolute = false,
	): Promise<HttpResponse> {
		const url = absolute ? path : `${this.baseUrl}${path}`;
		return session.run(async (caller) => {
			const res = await this.http.send({
				service: 'cloudStorage',
				method,
				url,
				headers: {
					authorization: `Bearer ${caller.accessToken}`,
					'x-api-key': caller.clientId,
					accept: 'application/json',
					...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				},
				body: body !== undefined ? JSON.stringify(body) : undefined,
				signal,
				// Reads are safe to repeat; a POST or DELETE is sent once (a repeat could copy twice).
				retry: method === 'GET' ? { retries: 2, baseDelayMs: 1000, maxDelayMs: 30_000 } : undefined,
				secrets: [caller.accessToken],
			});
			if (!ok.includes(res.status)) throw writeError(res, ctx, session.secrets, this.clock.now());
			return res;
		});
	}
}

/**
 * The writes bound to a profile's token: each request gets the source's token, and a 401 is answered once
 * with a fresh one (withFreshTokenOnce, core/common/caller.ts), as every read is.
 */
export function createStorageWrites(writer: CloudStorageWriter, source: CallerSource): StorageWrites {
	return {
		createProject: (name, options) => writer.createProject(source, name, options),
		createFolder: (parentId, name, options) => writer.createFolder(source, parentId, name, options),
		rename: (asset, name, options) => writer.rename(source, asset, name, options),
		moveFile: (fileId, parentId, options) => writer.moveFile(source, fileId, parentId, options),
		copyFile: (fileId, parentId, options) => writer.copyFile(source, fileId, parentId, options),
		trash: (asset, options) => writer.trash(source, asset, options),
		deletePermanently: (asset, options) => writer.deletePermanently(source, asset, options),
		restore: (asset, options) => writer.restore(source, asset, options),
		uploadFile: (parentId, name, upload, options) => writer.uploadFile(source, parentId, name, upload, options),
		replaceFile: (fileId, upload, options) => writer.replaceFile(source, fileId, upload, options),
		effectivePermission: (asset, signal) => writer.effectivePermission(source, asset, signal),
		roles: (asset, signal) => writer.roles(source, asset, signal),
		patchRoles: (asset, change, signal) => writer.patchRoles(source, asset, change, signal),
	};
}

/** True for the error of a 409 name clash (create, rename, move, copy, restore, upload): offer Replace, Keep both (autorename) or Cancel. */
export function isNameClash(error: unknown): boolean {
	return isAdobeApiError(error) && error.service === 'cloudStorage' && error.message.startsWith(NAME_CLASH_PREFIX);
}

/** True for replaceFile's refusal because the file changed since it was read. */
export function isWriteConflict(error: unknown): boolean {
	return isAdobeApiError(error) && error.code === 'conflict' && error.service === 'cloudStorage';
}

/**
 * Adobe's spec has no folder move or copy (moveFile and copyFile take files only), so a front door asked to
 * move or copy a folder refuses with this before sending anything: nothing is half-moved.
 */
export function folderTransferUnsupported(op: 'move' | 'copy', name?: string): AdobeApiError {
	const what = name ? `the folder “${name}”` : 'a folder';
	return invalidInput(
		`Adobe Cloud Storage cannot ${op} ${what}: its API ${op}s files only (${op}File), not folders. ${
			op === 'move' ? 'Rename it in place, or move the files inside it one by one' : 'Copy the files inside it one by one'
		}, or use the Adobe web app. Nothing was changed.`,
		{ service: 'cloudStorage', code: 'folder_transfer_unsupported' },
	);
}

/** What a front door may be about to do, for checkWritable. */
export type WriteAction =
	'create' | 'upload' | 'replace' | 'rename' | 'delete' | 'restore' | 'deletePermanently' | 'moveIn' | 'moveOut' | 'download' | 'share';

const ACTION_NEEDS: Record<WriteAction, { flag: keyof EffectivePermission; names: string[]; verb: string }> = {
	create: { flag: 'canEdit', names: ['can_edit_assets', 'can_edit_project'], verb: 'create items here' },
	upload: { flag: 'canEdit', names: ['can_edit_assets', 'can_edit_project'], verb: 'upload files here' },
	replace: { flag: 'canEdit', names: ['can_edit_assets', 'can_edit_project'], verb: 'change this file' },
	rename: { flag: 'canEdit', names: ['can_edit_assets', 'can_edit_project'], verb: 'rename this item' },
	delete: { flag: 'canDelete', names: ['can_delete_assets', 'can_delete'], verb: 'delete this item' },
	restore: { flag: 'canRestore', names: ['can_restore_assets', 'can_restore'], verb: 'restore this item' },
	deletePermanently: {
		flag: 'canPermanentDelete',
		names: ['can_permanent_delete_assets', 'can_permanent_delete'],
		verb: 'delete this item permanently',
	},
	moveIn: { flag: 'canMoveInside', names: ['can_move_assets_inside'], verb: 'move items into this folder' },
	moveOut: { flag: 'canMoveOutside', names: ['can_move_assets_outside'], verb: 'move items out of this folder' },
	download: { flag: 'canDownload', names: ['can_download_assets'], verb: 'download this item' },
	share: { flag: 'canShare', names: ['can_share'], verb: 'change who has access to this item' },
};

/**
 * Why `action` would be refused, from the asset's effective permission (read before the write starts), or
 * undefined when it is allowed. moveIn / moveOut fall back to canEdit when Adobe sent no container flag.
 */
export function checkWritable(permission: EffectivePermission, action: WriteAction): string | undefined {
	const need = ACTION_NEEDS[action];
	const value = permission[need.flag];
	const allowed = typeof value === 'boolean' ? value : action === 'moveIn' || action === 'moveOut' ? permission.canEdit : false;
	if (allowed) return undefined;
	const flag = need.names.find((name) => name in permission.flags) ?? need.names[0];
	const role = permission.role ? ` (its role: ${permission.role})` : '';
	return `This credential may not ${need.verb}: Adobe Cloud Storage's effective permission for it${role} has ${flag} false. Ask the project's owner for access, or use a profile that has it.`;
}

/** The credentials for one operation: its token, refreshed at most once for the whole operation. */
class Session {
	private current: ApiCaller | undefined;
	private refreshed = false;
	private readonly seen: string[] = [];

	constructor(
		private readonly credentials: StorageCredentials,
		private readonly signal?: AbortSignal,
	) {}

	/** Every token used so far: scrubbed from anything Adobe sends back. */
	get secrets(): string[] {
		return this.seen;
	}

	run<T>(call: (caller: ApiCaller) => Promise<T>): Promise<T> {
		const credentials = this.credentials;
		if (typeof credentials !== 'function') {
			this.remember(credentials);
			return call(credentials);
		}
		return withFreshTokenOnce((force) => this.caller(credentials, force), call, { signal: this.signal });
	}

	private async caller(source: CallerSource, force: boolean): Promise<ApiCaller> {
		// One fresh token per operation: a second 401 after it is Adobe's answer, shown as it is.
		if (force && !this.refreshed) {
			this.refreshed = true;
			this.current = await source(true);
		}
		this.current ??= await source(false);
		this.remember(this.current);
		return this.current;
	}

	private remember(caller: ApiCaller): void {
		if (!this.seen.includes(caller.accessToken)) this.seen.push(caller.accessToken);
	}
}

interface TransferPlan {
	uploadId: string;
	blockSize: number;
	size: number;
	/** The links used, one per block, in part-number order. */
	links: Array<{ url: string; partNumber: number }>;
	expiresAt?: number;
}

/**
 * Reads init's answer (fileUploadInitResponse: uploadId, blockSize, urlExpirationDate, transferLinks[]) and
 * checks it before a byte is sent: a block size within bounds, at most UPLOAD_LIMITS.maxTransferLinks links,
 * enough of them to cover the file, each with a whole part number (unique) and an HTTPS URL (or loopback
 * HTTP, as for downloads). Only the first ceil(size / blockSize) links in part order are used; Adobe allows
 * skipped parts ("Skipped parts should simply be omitted from usedTransferLinks").
 */
function transferPlan(res: HttpResponse, size: number): TransferPlan {
	const json = parseJson<Record<string, unknown> | null>('cloudStorage', res);
	if (!json || typeof json !== 'object') throw badShape('cloudStorage', res, 'the upload answer is not an object');
	const { uploadId, blockSize, transferLinks, urlExpirationDate } = json;
	if (typeof uploadId !== 'string' || uploadId === '' || uploadId.length > UPLOAD_LIMITS.maxUploadIdLength) {
		throw badShape('cloudStorage', res, 'the upload answer has no uploadId');
	}
	if (typeof blockSize !== 'number' || !Number.isSafeInteger(blockSize) || blockSize < 1 || blockSize > UPLOAD_LIMITS.maxBlockBytes) {
		throw badShape(
			'cloudStorage',
			res,
			`the block size it asks for (${String(blockSize).slice(0, 40)}) is not a size between 1 byte and 5 GB`,
		);
	}
	const blocks = Math.ceil(size / blockSize);
	if (blocks > 1 && blockSize < UPLOAD_LIMITS.minBlockBytes) {
		throw badShape('cloudStorage', res, `the block size it asks for (${blockSize} bytes) is too small for a file of ${formatBytes(size)}`);
	}
	if (!Array.isArray(transferLinks)) throw badShape('cloudStorage', res, 'the upload answer has no transferLinks');
	if (transferLinks.length > UPLOAD_LIMITS.maxTransferLinks) {
		throw badShape(
			'cloudStorage',
			res,
			`it sent ${transferLinks.length} transfer links, more than the ${UPLOAD_LIMITS.maxTransferLinks} any upload uses`,
		);
	}
	if (blocks > UPLOAD_LIMITS.maxTransferLinks || transferLinks.length < blocks) {
		throw badShape(
			'cloudStorage',
			res,
			`it sent ${transferLinks.length} transfer link${transferLinks.length === 1 ? '' : 's'} for a file of ${formatBytes(size)} that needs ${blocks} block${blocks === 1 ? '' : 's'} of ${formatBytes(blockSize)}`,
		);
	}
	const links = transferLinks.map((link: unknown) => {
		const { url, partNumber } = (link && typeof link === 'object' ? link : {}) as { url?: unknown; partNumber?: unknown };
		if (typeof partNumber !== 'number' || !Number.isSafeInteger(partNumber) || partNumber < 1) {
			throw badShape('cloudStorage', res, 'a transfer link has no part number');
		}
		if (typeof url !== 'string' || !isTransferUrl(url)) {
			throw badShape('cloudStorage', res, `the transfer link of part ${partNumber} is not an HTTPS URL; nothing was sent to it`);
		}
		return { url, partNumber };
	});
	links.sort((a, b) => a.partNumber - b.partNumber);
	for (let i = 1; i < links.length; i++) {
		if (links[i].partNumber === links[i - 1].partNumber) {
			throw badShape('cloudStorage', res, `two transfer links have part number ${links[i].partNumber}`);
		}
	}
	const expires = typeof urlExpirationDate === 'string' ? Date.parse(urlExpirationDate) : NaN;
	return { uploadId, blockSize, size, links: links.slice(0, blocks), expiresAt: Number.isFinite(expires) ? expires : undefined };
}

/**
 * The source's bytes [start, end). A stream gets an error listener at once: a file that cannot be opened
 * fails its stream before the PUT reads it, and an 'error' with no listener would end the process; the
 * PUT still sees the error when it reads. A source that throws is the file's problem, said as such.
 */
function readBlock(source: UploadSource, start: number, end: number): Readable | Buffer {
	let body: Readable | Buffer;
	try {
		body = source.read(start, end);
	} catch (error) {
		throw invalidInput(
			`The file being uploaded could not be read (${(error instanceof Error ? error.message : String(error)).slice(0, 300)}). Nothing was saved; check that the file is still there, then try again.`,
			{ service: 'cloudStorage' },
		);
	}
	if (!Buffer.isBuffer(body)) body.on('error', () => undefined);
	return body;
}

/** Same rule as download links and the endpoint settings: bytes travel over HTTPS unless they stay on this machine. */
function isTransferUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
	} catch {
		return false;
	}
}

/**
 * The error for a refused write: Adobe's code and text bounded and redacted first (a hostile answer costs
 * linear time and shows 300 characters), then a message for what this operation's status means.
 */
function writeError(res: HttpResponse, ctx: Context, secrets: string[], now: number): AdobeApiError {
	const raw = readErrorBody(res);
	const bounded = (value: string | undefined, max: number) =>
		value === undefined ? undefined : redact(value.slice(0, max * 8), secrets).slice(0, max) || undefined;
	const code = bounded(raw.code, 64);
	const detail = bounded(raw.detail, MAX_SHOWN_TEXT);
	// httpError reads the bounded fields, never the whole answer.
	const safe: HttpResponse = { ...res, text: JSON.stringify({ error_code: code, message: detail }) };
	// Adobe's 409 is invalidOperationResponse for every conflict: a taken name, but also an expired upload, or a
	// restore under a deleted parent ("Restore calls made on assets in a DELETED_PARENT state will return a 409", restoreFile).
	const clash =
		res.status === 409 &&
		CLASH_OPERATIONS.has(ctx.op) &&
		!/expired|already been finalized/i.test(detail ?? '') &&
		(ctx.op !== 'restore' || /already exists|named/i.test(detail ?? ''));
	const error = httpError(
		'cloudStorage',
		safe,
		(body) => writeMessage(res.status, ctx, body.code, body.detail, clash) ?? storageMessage(res.status, body.code, body.detail),
		now,
	);
	if (!clash || error.code) return error;
	return new AdobeApiError(error.message, {
		kind: error.kind,
		service: error.service,
		status: error.status,
		code: 'name_conflict',
		detail: error.detail,
		requestId: error.requestId,
		retryAfterMs: error.retryAfterMs,
	});
}

/** What a refused write means, for the statuses Adobe documents on its writes; undefined leaves the shared wording. */
function writeMessage(
	status: number,
	ctx: Context,
	code: string | undefined,
	detail: string | undefined,
	clash: boolean,
): string | undefined {
	// Adobe's messages end with a full stop; ours follows the parenthesis.
	const says = code || detail ? ` (${[code, detail?.replace(/\.$/, '')].filter(Boolean).join(': ')})` : '';
	const named = ctx.name ? `named “${ctx.name}”` : 'with that name';
	const action = ACTION[ctx.op];
	if (ctx.op === 'read') return undefined;
	switch (status) {
		case 403:
			// The gateway's own 403s (a key, a scope) have their fix in storageMessage.
			if (gatewayMessage(code, 'Adobe Cloud Storage')) return undefined;
			return `Adobe Cloud Storage did not let this credential ${action} (HTTP 403${says.replace(/^ \(/, ', ').replace(/\)$/, '')}). Ask the project's owner for edit access; an OAuth Server-to-Server credential's Technical Account also needs a product profile with Enterprise Storage, which an Adobe Admin assigns in the Admin Console.`;
		case 409:
			if (clash) {
				if (ctx.op === 'restore') {
					return `${NAME_CLASH_PREFIX} with its name where it would be restored${says}. Rename or move that item, then restore again.`;
				}
				return `${NAME_CLASH_PREFIX} ${named} there${says}. Choose another name, replace the existing item, or choose Keep both to let Adobe add “ (1)” to the new name.`;
			}
			if (ctx.step === 'finalize') {
				return `Adobe Cloud Storage did not finish the upload: it expired or was already finished${says}. Nothing more was saved; upload the file again.`;
			}
			if (ctx.op === 'deletePermanently') return deleteFirst(says);
			if (ctx.op === 'restore') {
				return `Adobe Cloud Storage could not restore it${says}: the folder or project it is in may be deleted too. Restore that first; what it contains comes back with it.`;
			}
			return `Adobe Cloud Storage could not ${action}: that conflicts with the item's current state${says}. Refresh it and try again.`;
		case 412:
			if (ctx.op === 'deletePermanently') return deleteFirst(says);
			return `Adobe Cloud Storage could not ${action}: the item changed since it was read${says}. Refresh it and try again.`;
		case 413:
			return `Adobe Cloud Storage refused the upload as too large (HTTP 413${says.replace(/^ \(/, ', ').replace(/\)$/, '')}). Nothing was saved.`;
		case 415:
			if (ctx.op === 'replace') return mediaTypeChange(ctx, says).message;
			return `Adobe Cloud Storage does not accept this request's content type${says}. Nothing was changed.`;
		case 422:
			if (/size/i.test(detail ?? '')) return `Adobe Cloud Storage refused the file's size${says}. Nothing was saved.`;
			if (/media ?type/i.test(detail ?? '')) {
				return `Adobe Cloud Storage does not accept files of type ${ctx.mediaType ?? 'this type'}${says}. Nothing was saved.`;
			}
			if (/name/i.test(detail ?? '') || ctx.name) {
				return `Adobe Cloud Storage refused the name${ctx.name ? ` “${ctx.name}”` : ''}${says}. ${ASSET_NAME_RULE}`;
			}
			return undefined;
		case 504:
			if (code === 'operation_timeout') {
				return `Adobe Cloud Storage is still working on it (it took more than 60 s${says}); it carries on on Adobe's side. Refresh in a minute before trying again.`;
			}
			return undefined;
		case 507:
			return `The organisation's Adobe Cloud Storage quota is used up${says}. Nothing was saved. Free some space (items under Recently deleted still count until deleted permanently) or ask your Adobe admin for more storage.`;
		default:
			return undefined;
	}
}

/**
 * A job that failed for a reason with its own fix: a name taken meanwhile (a copy, move or upload job whose
 * errors say conflict: the same choice as a 409), or the quota (the upload endpoints document no 507, so a
 * full quota can only fail the job).
 */
function jobFailure(error: unknown, ctx: Context): unknown {
	if (!isAdobeApiError(error) || error.kind !== 'badResponse' || !error.code) return error;
	const fields = {
		kind: error.kind,
		service: error.service,
		status: error.status,
		code: error.code,
		detail: error.detail,
		requestId: error.requestId,
	};
	const says = error.detail ? ` (the job failed; Adobe says: ${error.detail.replace(/\.$/, '')})` : ` (the job failed: ${error.code})`;
	if (error.code === 'storage_quota_exceeded') {
		return new AdobeApiError(
			`The organisation's Adobe Cloud Storage quota is used up${says}. Nothing was saved. Free some space (items under Recently deleted still count until deleted permanently) or ask your Adobe admin for more storage.`,
			fields,
		);
	}
	if (CLASH_OPERATIONS.has(ctx.op) && /conflict|already exists/i.test(error.detail ?? '')) {
		const named = ctx.name ? `named “${ctx.name}”` : 'with that name';
		return new AdobeApiError(
			`${NAME_CLASH_PREFIX} ${named} there${says}. Choose another name, replace the existing item, or choose Keep both to let Adobe add “ (1)” to the new name.`,
			fields,
		);
	}
	return error;
}

function deleteFirst(says: string): string {
	return `Adobe Cloud Storage deletes permanently only what is already deleted${says}. Delete the item first; it then shows under Recently deleted, where Delete Permanently removes it for good.`;
}

function mediaTypeChange(ctx: Context, says = ''): AdobeApiError {
	const from = ctx.currentMediaType ? ` from ${ctx.currentMediaType}` : '';
	const to = ctx.mediaType ? ` to ${ctx.mediaType}` : '';
	return new AdobeApiError(
		`Adobe Cloud Storage cannot change a file's content type when replacing it${from}${to}${says}. Nothing was saved. Save the content as a new file (with a matching extension) instead.`,
		{ kind: says ? 'http' : 'invalidInput', service: 'cloudStorage', status: says ? 415 : undefined, code: 'media_type_change' },
	);
}

/** The conflict replaceFile reports when the file changed since it was read: VS Code shows its "file is newer" compare. */
function conflict(current: StorageAsset, changed: string): AdobeApiError {
	return new AdobeApiError(
		`“${current.name}” changed in Adobe Cloud Storage since it was opened (${changed}). Nothing was saved. Compare your version with the one in Adobe Cloud Storage, then save again to overwrite it, or save yours under another name.`,
		{ kind: 'http', service: 'cloudStorage', code: 'conflict' },
	);
}

/** How the file differs from what was read, in words, or undefined when it does not (only what both sides know is compared). */
function changedSince(expected: ReadVersion, current: StorageAsset): string | undefined {
	if (
		expected.modifiedDate !== undefined &&
		current.modifiedDate !== undefined &&
		!sameMoment(expected.modifiedDate, current.modifiedDate)
	) {
		return `modified ${current.modifiedDate.slice(0, 40)}, not ${expected.modifiedDate.slice(0, 40)}`;
	}
	if (expected.size !== undefined && current.size !== undefined && expected.size !== current.size) {
		return `${current.size} bytes, not ${expected.size}`;
	}
	return undefined;
}

function sameMoment(a: string, b: string): boolean {
	const [x, y] = [Date.parse(a), Date.parse(b)];
	return Number.isFinite(x) && Number.isFinite(y) ? x === y : a === b;
}

function sameMediaType(a: string, b: string): boolean {
	const base = (type: string) => type.split(';')[0].trim().toLowerCase();
	return base(a) === base(b);
}

function cancelled(): AdobeApiError {
	return new AdobeApiError('The request to Adobe Cloud Storage was cancelled. Nothing was saved.', {
		kind: 'cancelled',
		service: 'cloudStorage',
	});
}

function clashOptions(options: WriteOptions): { options?: { autorename: true } } {
	return options.onClash === 'autorename' ? { options: { autorename: true } } : {};
}

function checkName(name: string): void {
	const problem = assetNameProblem(name);
	if (problem) throw invalidInput(`${problem} Nothing was sent to Adobe Cloud Storage.`, { service: 'cloudStorage', code: 'invalid_name' });
}

function checkId(id: string, what: string): void {
	if (typeof id !== 'string' || id.trim() === '' || id.length > 1024) {
		throw invalidInput(`The ${what}'s asset id is missing or not an id. Nothing was sent to Adobe Cloud Storage.`, {
			service: 'cloudStorage',
		});
	}
}

/**
 * The source's declared size: a whole number of bytes from 1 (Adobe's fileSize: "minimum: 1"). An empty file
 * cannot be sent through Adobe's block upload, and the spec documents no other way for a file that large or
 * small, so it is refused with a message rather than sent to fail.
 */
function checkSource(source: UploadSource): void {
	if (!Number.isSafeInteger(source.size) || source.size < 0 || source.size > UPLOAD_LIMITS.maxFileBytes) {
		throw invalidInput(`The file's size (${String(source.size).slice(0, 40)}) is not a byte count Adobe Cloud Storage accepts.`, {
			service: 'cloudStorage',
		});
	}
	if (source.size === 0) {
		throw invalidInput(
			"Adobe Cloud Storage does not take empty files: its upload needs at least 1 byte (the spec's fileSize: minimum 1). Nothing was saved; add content to the file, then save or upload it again.",
			{ service: 'cloudStorage', code: 'empty_file' },
		);
	}
	if (typeof source.mediaType !== 'string' || !/^[\w.+-]{1,127}\/[\w.+-]{1,127}$/.test(source.mediaType.split(';')[0].trim())) {
		throw invalidInput(`The file's media type (${String(source.mediaType).slice(0, 80)}) is not a media type such as text/plain.`, {
			service: 'cloudStorage',
		});
	}
}

/** The block size to ask for: a whole number of bytes, clamped to 1–100 MB; anything else is refused. */
function blockSizeHint(value: number | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (!Number.isSafeInteger(value) || value < 1) {
		throw invalidInput(`The block size (${String(value).slice(0, 40)}) is not a number of bytes.`, { service: 'cloudStorage' });
	}
	return Math.min(UPLOAD_LIMITS.maxHintBytes, Math.max(UPLOAD_LIMITS.minHintBytes, value));
}

const ASSET_PATHS: Record<string, string> = { project: 'projects', folder: 'folders', file: 'files' };

/** `/{type}s/{id}` for the three asset types the writes reach; anything else is refused with what Adobe does support. */
function assetPath(asset: AssetRef, what: string): string {
	const kind = ASSET_PATHS[asset?.assetType];
	if (!kind) {
		throw invalidInput(
			`Adobe Cloud Storage's API cannot ${what === 'read' ? 'read' : what} a ${String(asset?.assetType).slice(0, 40)} here: only projects, folders and files.`,
			{ service: 'cloudStorage' },
		);
	}
	checkId(asset.assetId, asset.assetType);
	return `/${kind}/${encodeURIComponent(asset.assetId)}`;
}

/**
 * An effective-permission answer (projectPermissionResponse / folderPermissionResponse / filePermissionResponse):
 * projects say can_edit_project, can_delete, can_restore, can_permanent_delete; folders and files say
 * can_edit_assets, can_delete_assets, …; either name is read for either type. Every boolean is kept in
 * `flags` (at most 64, names as Adobe sent them).
 */
function toPermission(res: HttpResponse, assetType: string, json: unknown): EffectivePermission {
	const record = json && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
	const permissions = record?.permissions;
	if (!permissions || typeof permissions !== 'object' || Array.isArray(permissions)) {
		throw badShape('cloudStorage', res, 'the effective permission has no "permissions"');
	}
	const flags: Record<string, boolean> = {};
	let count = 0;
	for (const key in permissions) {
		if (count >= MAX_PERMISSION_FLAGS) break;
		const value = (permissions as Record<string, unknown>)[key];
		if (typeof value === 'boolean' && /^[A-Za-z][\w]{0,63}$/.test(key)) {
			flags[key] = value;
			count++;
		}
	}
	const project = assetType === 'project';
	const either = (projectName: string, assetName: string) =>
		(project ? (flags[projectName] ?? flags[assetName]) : (flags[assetName] ?? flags[projectName])) === true;
	const optional = (name: string) => (typeof flags[name] === 'boolean' ? flags[name] : undefined);
	const role = typeof record?.role === 'string' ? record.role.slice(0, 64) : undefined;
	return {
		role,
		canEdit: either('can_edit_project', 'can_edit_assets'),
		canDelete: either('can_delete', 'can_delete_assets'),
		canRestore: either('can_restore', 'can_restore_assets'),
		canPermanentDelete: either('can_permanent_delete', 'can_permanent_delete_assets'),
		canDownload: flags.can_download_assets === true,
		canMoveInside: optional('can_move_assets_inside'),
		canMoveOutside: optional('can_move_assets_outside'),
		canShare: flags.can_share === true,
		flags,
	};
}

/**
 * A roles answer (assetRolesResponse: `direct[]` of user, group and predefined entries, `pending[]`
 * invitations) as rows: a user by email, a group by name, a predefined group (orgEverybody) as
 * "everyone in <organisation>". At most MAX_ROLE_ENTRIES; texts at most 256 characters.
 */
function toRoles(res: HttpResponse, json: unknown): RoleEntry[] {
	const record = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
	const direct = Array.isArray(record.direct) ? record.direct : [];
	const pending = Array.isArray(record.pending) ? record.pending : [];
	if (direct.length + pending.length > MAX_ROLE_ENTRIES) {
		throw badShape('cloudStorage', res, `it lists ${direct.length + pending.length} roles, more than the ${MAX_ROLE_ENTRIES} shown here`);
	}
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value.slice(0, 256) : undefined);
	const rows: RoleEntry[] = [];
	for (const entry of direct) {
		if (!entry || typeof entry !== 'object') continue;
		const e = entry as Record<string, unknown>;
		const type = text(e.type) ?? 'unknown';
		const organisation = text(e.organizationName);
		const principal =
			type === 'user'
				? (text(e.email) ?? text(e.name) ?? text(e.id))
				: type === 'predefined' && e.id === 'orgEverybody'
					? `everyone in ${organisation ?? 'the organisation'}`
					: (text(e.name) ?? text(e.id));
		rows.push({ principalType: type, id: text(e.id), principal: principal ?? '(unnamed)', role: text(e.role) ?? 'undefined' });
	}
	for (const entry of pending) {
		if (!entry || typeof entry !== 'object') continue;
		const e = entry as Record<string, unknown>;
		rows.push({
			principalType: 'user',
			id: text(e.id),
			principal: text(e.email) ?? text(e.id) ?? '(unnamed)',
			role: text(e.role) ?? 'undefined',
			pending: true,
		});
	}
	return rows;
}

/** patchAssetRolesResponse as outcomes: at most 30 entries (3 lists of 10), every text bounded and redacted. */
function toRoleOutcomes(res: HttpResponse, json: unknown, secrets: string[]): RoleChangeOutcome[] {
	const record = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
	const direct = record.direct && typeof record.direct === 'object' ? (record.direct as Record<string, unknown>) : undefined;
	if (!direct) throw badShape('cloudStorage', res, 'the roles answer has no "direct"');
	const text = (value: unknown, max: number) =>
		typeof value === 'string' && value !== '' ? redact(value.slice(0, max * 8), secrets).slice(0, max) : undefined;
	const out: RoleChangeOutcome[] = [];
	for (const [kind, key] of [
		['add', 'additions'],
		['update', 'updates'],
		['remove', 'deletions'],
	] as const) {
		const entries = Array.isArray(direct[key]) ? (direct[key] as unknown[]) : [];
		for (const entry of entries.slice(0, ROLE_CHANGE_LIMITS.maxPerList)) {
			if (!entry || typeof entry !== 'object') continue;
			const e = entry as Record<string, unknown>;
			const status = e.status === 'successful' || e.status === 'failed' || e.status === 'pending' ? e.status : 'unknown';
			out.push({
				kind,
				id: text(e.id, 256) ?? text(e.email, 256) ?? '(unnamed)',
				type: text(e.type, 32),
				role: text(e.role, 32),
				status,
				errorCode: status === 'failed' ? text(e.error_code, 64) : undefined,
				message: status === 'failed' ? text(e.message, MAX_SHOWN_TEXT) : undefined,
			});
		}
	}
	return out;
}
