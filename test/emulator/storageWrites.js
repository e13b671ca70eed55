// @ts-check
/**
 * Cloud Storage writes in the emulator, by Adobe's OpenAPI spec (test/contract/cloud-storage/openapi.yml, from
 * AdobeDocs/cloud-storage static/index.yml), operation by operation:
 *   createProject                      POST   /v1/projects                         201 + location
 *   createFolder                       POST   /v1/folders  (parentId + name, or parentId + path)  201 + location
 *   renameProject|Folder|File          POST   /v1/{type}s/{id}/rename              200 asset
 *   deleteProject|Folder|File          DELETE /v1/{type}s/{id}[?permanent=true]    204 (soft; permanent only once deleted)
 *   restoreProject|Folder|File         POST   /v1/{type}s/{id}/restore             200 asset
 *   copyFile, moveFile                 POST   /v1/files/{id}/copy|move             202 { jobId } → /status: file_copy, file_move
 *   initBlockBasedFileUpload           POST   /v1/files/upload/init                200 { uploadId, blockSize, urlExpirationDate, transferLinks }
 *   (the pre-signed block PUT)         PUT    /__blocks/{uploadId}/{part}?sig=…    200; no Authorization (400 and counted if sent)
 *   finalizeBlockBasedFileUpload       POST   /v1/files/upload/finalize            202 { jobId } → /status: file_upload with `asset`
 *   initBlockBasedFileReplacement      POST   /v1/files/{id}/upload/init           as upload init; 415 if mediaType differs
 *   finalizeBlockBasedFileReplacement  POST   /v1/files/{id}/upload/finalize       202; the job keeps the asset id
 *   get{Project,Folder,File}EffectivePermission  GET /v1/{type}s/{id}/effective-permission
 *   get{Project,File}Roles, patch{Project,File}Roles  GET|PATCH /v1/{projects|files}/{id}/roles
 *   downloadFile (urlTTL 60–14400) and getJobStatus, served here for all jobs (file_download too); the
 *   pre-signed download GET /__download/{sig} (no Authorization; Range requests).
 *
 * The content (content.js) is the store: reads list, fetch and download what writes made. It starts as the
 * deterministic demo and goes back to it on reset(). Bytes: a demo file's are derived from its id
 * (patternBytes); an uploaded file keeps what was sent (or, with keepUploadedBytes: false, only its size
 * and block digests, and downloads serve derived bytes of that size: a 1 GB benchmark needs no 1 GB of memory).
 *
 * Not emulated: brands (/brands/…) and project references (/projects/{projectId}/references), which the extension
 * does not use; every other operation of the spec is served (test/unit/emulator/storageWrites.test.ts checks it).
 *
 * Where the spec is silent, the choices are written down where they are made (name clashes compare exact
 * names of active siblings; the quota fails an upload's job, since the upload endpoints document no 507).
 */
const { createHash, randomBytes, randomUUID } = require('node:crypto');
const { assetId: makeAssetId, TECH_USER } = require('./content');
const { cloudStorageContract } = require('./contract');
const { demoImageBytes } = require('./demoImages');

/** Another user of the organisation: who changes files in touchFile(). */
const OTHER_USER = '08D81E3B665BE5640A495C2C@AdobeOrg';
const MIB = 1024 * 1024;
/** The spec's example block size (fileUploadInitResponse: 10485760). */
const DEFAULT_BLOCK_SIZE = 10 * MIB;
const MAX_BLOCK_SIZE = 100 * MIB;
/** transferLinks per upload at most: bounds what one init can make us hold. */
const MAX_TRANSFER_LINKS = 10_000;
const MAX_JSON_BODY = 256 * 1024;
const NBSP = '\u00A0';

/** @typedef {import('./content').Asset} Asset */
/** @typedef {import('./server').Route} Route */
/** @typedef {import('./server').Fault} Fault */
/**
 * @typedef {object} FileData  a file's content: bytes, or (demo files, keepUploadedBytes: false) bytes derived from `seed`
 * @property {number} size
 * @property {Buffer} [bytes]
 * @property {string} seed
 * @property {string} [sha256]    of the whole content, when known
 * @property {string[]} [blockDigests]  sha256 of each block, in order (uploads)
 *
 * @typedef {object} Part
 * @property {number} size
 * @property {string} sha256
 * @property {Buffer} [bytes]
 *
 * @typedef {object} Upload
 * @property {string} uploadId
 * @property {'new' | 'replace'} kind
 * @property {string} [parentId]  new files
 * @property {string} [name]
 * @property {string} [fileId]    replacements
 * @property {string} mediaType
 * @property {number} declaredSize
 * @property {number} blockSize
 * @property {number} links
 * @property {string} secret
 * @property {number} expiresAt
 * @property {boolean} autorename
 * @property {boolean} finalized
 * @property {Map<number, Part>} parts
 *
 * @typedef {object} Job
 * @property {string} jobId
 * @property {string} jobType
 * @property {number} pollsLeft
 * @property {'failed' | 'partial' | 'hold'} [fault]
 * @property {Array<{ error_code: string, message: string }>} [errors]
 * @property {() => Record<string, unknown>} settle   runs once when the job ends: { asset } | { downloadResponse } | { errors }
 * @property {Record<string, unknown>} [result]
 *
 * @typedef {object} WriteOptions
 * @property {boolean} [keepUploadedBytes]  default true; false keeps only sizes and digests (benchmarks of 1 GB)
 * @property {number} [blockSize]           the block size init answers, whatever was asked
 * @property {number} [minBlockSize]        default 1 MiB: a smaller requested blockSize is raised to it
 * @property {number} [storageQuotaBytes]   bytes that uploads and copies may add; default unlimited
 * @property {number} [jobPolls]            "running" answers before a write job ends; default 1
 * @property {string[]} [readOnlyPaths]     where the token's role is `comment`; default ['/Brand Refresh 2026/Logos']
 * @property {number} [uploadUrlTtlSeconds] how long transfer links live; default 3600
 */

const WRITE_ROUTES = /** @type {const} */ ([
	'storage.create',
	'storage.rename',
	'storage.delete',
	'storage.restore',
	'storage.copy',
	'storage.move',
	'storage.uploadInit',
	'storage.uploadFinalize',
	'storage.permission',
	'storage.roles',
	'upload.block',
]);

/** @param {string} method @param {string} path @returns {(typeof WRITE_ROUTES)[number] | undefined} */
function writeRouteOf(method, path) {
	if (method === 'PUT' && /^\/__blocks\/[^/]+\/\d+$/.test(path)) return 'upload.block';
	if (!path.startsWith('/v1/')) return undefined;
	const p = path.slice(3);
	if (method === 'POST') {
		if (p === '/projects' || p === '/folders') return 'storage.create';
		if (p === '/files/upload/init' || /^\/files\/[^/]+\/upload\/init$/.test(p)) return 'storage.uploadInit';
		if (p === '/files/upload/finalize' || /^\/files\/[^/]+\/upload\/finalize$/.test(p)) return 'storage.uploadFinalize';
		if (/^\/(projects|folders|files)\/[^/]+\/rename$/.test(p)) return 'storage.rename';
		if (/^\/(projects|folders|files)\/[^/]+\/restore$/.test(p)) return 'storage.restore';
		if (/^\/files\/[^/]+\/copy$/.test(p)) return 'storage.copy';
		if (/^\/files\/[^/]+\/move$/.test(p)) return 'storage.move';
	}
	if (method === 'DELETE' && /^\/(projects|folders|files)\/[^/]+$/.test(p)) return 'storage.delete';
	if (method === 'GET' && /^\/(projects|folders|files)\/[^/]+\/effective-permission$/.test(p)) return 'storage.permission';
	if ((method === 'GET' || method === 'PATCH') && /^\/(projects|files)\/[^/]+\/roles$/.test(p)) return 'storage.roles';
	return undefined;
}

/** The derived content repeats every 8192 bytes (32 key bytes × 256 values of i >> 5). */
const TILE = 8192;
/** A strip of the content, 1 MiB + one tile long, so any 1 MiB of it is one slice of the strip. */
const STRIP = MIB + TILE;
/** @type {Map<string, Buffer>} the latest strips, by seed */
const strips = new Map();

/** @param {string} seed */
function stripOf(seed) {
	let strip = strips.get(seed);
	if (!strip) {
		const key = createHash('sha256').update(seed).digest();
		strip = Buffer.allocUnsafe(STRIP);
		for (let i = 0; i < TILE; i++) strip[i] = key[i % key.length] ^ ((i >> 5) & 0xff);
		for (let at = TILE; at < STRIP; at += TILE) strip.copy(strip, at, 0, TILE);
		if (strips.size >= 16) strips.delete(/** @type {string} */ (strips.keys().next().value));
		strips.set(seed, strip);
	}
	return strip;
}

/**
 * Bytes [start, end) of content derived from `seed`: byte i is key[i % 32] ^ ((i >> 5) & 0xff) over the
 * seed's sha256, so any range is made without the rest, at memory speed; fileBytes in server.js is this from 0.
 * @param {string} seed @param {number} start @param {number} end
 */
function patternBytes(seed, start, end) {
	const strip = stripOf(seed);
	const bytes = Buffer.allocUnsafe(Math.max(0, end - start));
	for (let at = 0; at < bytes.length; at += MIB) {
		const offset = (start + at) % TILE;
		strip.copy(bytes, at, offset, offset + Math.min(MIB, bytes.length - at));
	}
	return bytes;
}

/** The same bytes as patternBytes for a range of at most 1 MiB, as a view (no copy) of a shared, never-written strip. @param {string} seed @param {number} start @param {number} end */
function patternView(seed, start, end) {
	const offset = start % TILE;
	return stripOf(seed).subarray(offset, offset + (end - start));
}

/** Adobe's error bodies (components/examples), by the spec's example names. */
const ERRORS = {
	missingRequestBody: { error_code: 'bad_request', message: 'The request is missing the required body' },
	invalidRequestBody: { error_code: 'bad_request', message: 'The provided request body is not a valid JSON' },
	invalidContentType: { error_code: 'invalid_content_type', message: 'The request content type is not supported.' },
	invalidOperation: {
		error_code: 'invalid_operation',
		message: 'The operation is invalid as it resulted in a conflict or is not allowed.',
	},
	expiredOrAlreadyUsed: { error_code: 'invalid_operation', message: 'Upload has either expired or has already been finalized.' },
	invalidNameValue: { error_code: 'validation_error', message: 'The provided name has an invalid value.' },
	invalidDestination: { error_code: 'validation_error', message: 'The requested destination (path) is invalid.' },
	ancestorNotFound: { error_code: 'resource_not_found', message: 'The requested ancestor specified by baseAssetId was not found.' },
	invalidUsedTransferLinksValue: { error_code: 'validation_error', message: 'The provided usedTransferLinks value is invalid.' },
	etagMismatch: { error_code: 'etag_mismatch', message: 'Expected etag is different for the current.' },
	storageQuotaExceeded: {
		error_code: 'storage_quota_exceeded',
		message: 'Your quota has been exceeded. Please try later after cleanup or contact support.',
	},
	accessErrorProjectCreate: { error_code: 'access_error', message: 'You do not have permission to create projects.' },
	accessErrorFolderCreate: { error_code: 'access_error', message: 'You do not have permission to create folders.' },
	accessError: {
		error_code: 'access_error',
		message: 'You do not have following permission(s) to perform this action on the resource: [write, delete].',
	},
	runtimeError: { error_code: 'runtime_error', message: 'An unexpected error occurred while processing your request.' },
};

/** A name clash: Adobe's 409 is invalidOperationResponse (its one example: invalid_operation), with a message that says which name. @param {string} name */
function nameConflict(name) {
	return {
		error_code: 'invalid_operation',
		message: `The operation is invalid as it resulted in a conflict: an asset named "${name}" already exists.`,
	};
}

class StorageWrites {
	/** @param {import('./server').AdobeEmulator} emulator @param {WriteOptions} options @param {() => import('./content').Content} createContent */
	constructor(emulator, options, createContent) {
		this.emulator = emulator;
		this.createContent = createContent;
		this.keepUploadedBytes = options.keepUploadedBytes ?? true;
		this.fixedBlockSize = options.blockSize;
		this.minBlockSize = options.minBlockSize ?? MIB;
		this.storageQuotaBytes = options.storageQuotaBytes ?? Infinity;
		this.jobPolls = options.jobPolls ?? 1;
		this.readOnlyPaths = options.readOnlyPaths ?? ['/Brand Refresh 2026/Logos'];
		this.uploadUrlTtlSeconds = options.uploadUrlTtlSeconds ?? 3600;
		/** @type {Map<string, FileData>} assetId → content, for files whose content is not the demo's */
		this.files = new Map();
		/** @type {Map<string, number>} assetId → version, bumped by each change (the etag) */
		this.versions = new Map();
		/** @type {Map<string, Upload>} */
		this.uploads = new Map();
		/** @type {Map<string, Job>} */
		this.jobs = new Map();
		/** @type {Map<string, { assetId: string, expiresAt: number }>} pre-signed download signature → file */
		this.signed = new Map();
		/** @type {Map<string, { direct: any[], pending: any[] }>} */
		this.roles = new Map();
		/** Bytes added by uploads and copies, against storageQuotaBytes. */
		this.addedBytes = 0;
		this.counter = 0;
		this.dirty = false;
		/** Requests to pre-signed URLs (block PUTs, downloads) that carried an Authorization header. */
		this.authorizationOnPresigned = 0;
	}

	/** Forgets what writes did (content, uploads, jobs, signed URLs) and counters. */
	clearState() {
		for (const map of [this.files, this.versions, this.uploads, this.jobs, this.signed, this.roles]) map.clear();
		this.addedBytes = 0;
		this.dirty = false;
		this.authorizationOnPresigned = 0;
	}

	/** reset(): the demo content again, if writes changed it. */
	reset() {
		if (this.dirty) this.emulator.content = this.createContent();
		this.clearState();
	}

	get content() {
		return this.emulator.content;
	}

	// ---- the store ----

	/** @param {Asset} file @returns {FileData} */
	data(file) {
		const stored = this.files.get(file.assetId);
		if (stored) return stored;
		const size = file.size ?? 0;
		// A demo image is a picture of its listed size (demoImages.js), made once; other demo files are pattern bytes.
		const bytes = demoBytes(file, size);
		return bytes ? { size, seed: file.assetId, bytes } : { size, seed: file.assetId };
	}

	/** A file's whole content (tests compare downloads with it). @param {string} assetId */
	fileContent(assetId) {
		const file = this.content.byId.get(assetId);
		if (!file || file.assetType !== 'file') throw new Error(`no file ${assetId}`);
		const data = this.data(file);
		return data.bytes ?? patternBytes(data.seed, 0, data.size);
	}

	/** @param {Asset} asset */
	etag(asset) {
		return `"${createHash('sha1')
			.update(`${asset.assetId}#${this.versions.get(asset.assetId) ?? 0}`)
			.digest('hex')
			.slice(0, 16)}"`;
	}

	/** @param {Asset} asset @param {string} [by] */
	changed(asset, by = TECH_USER) {
		this.dirty = true;
		this.versions.set(asset.assetId, (this.versions.get(asset.assetId) ?? 0) + 1);
		// Strictly later than before, so a change is visible in modifiedDate even within one millisecond.
		const now = Math.max(Date.now(), Date.parse(asset.modifiedDate) + 1);
		asset.modifiedDate = new Date(now).toISOString();
		asset.modifiedBy = by;
	}

	/** The children of a container, or the projects. @param {string | undefined} parentId */
	siblings(parentId) {
		return parentId ? (this.content.children.get(parentId) ?? []) : this.content.projects;
	}

	/** @param {string | undefined} parentId @param {string} name @param {string} [except] */
	taken(parentId, name, except) {
		return this.siblings(parentId).some((a) => a.state === 'active' && a.name === name && a.assetId !== except);
	}

	/**
	 * The name to use under `parentId`: `name` if free; else with autorename "name\u00A0(n)" (schemas/autorename:
	 * "appending a uniqueness token consisting of a non-breaking space(\u00A0) followed by a counter in round
	 * parentheses"; appended to the whole name, extension included, as the spec words it); else undefined.
	 * @param {string | undefined} parentId @param {string} name @param {boolean} autorename @param {string} [except]
	 */
	freeName(parentId, name, autorename, except) {
		if (!this.taken(parentId, name, except)) return name;
		if (!autorename) return undefined;
		for (let n = 1; ; n++) {
			const candidate = `${name}${NBSP}(${n})`;
			if (!this.taken(parentId, candidate, except)) return candidate;
		}
	}

	/**
	 * @param {'project' | 'folder' | 'file'} assetType @param {string} name @param {Asset | undefined} parent
	 * @param {{ mediaType?: string, data?: FileData }} [file]
	 */
	addAsset(assetType, name, parent, file) {
		this.dirty = true;
		const path = parent ? `${parent.path}/${name}` : `/${name}`;
		const now = new Date().toISOString();
		/** @type {Asset} */
		const asset = {
			assetType,
			assetId: makeAssetId(`emulator-write:${++this.counter}:${path}:${randomBytes(4).toString('hex')}`),
			name,
			path,
			ancestors: parent ? [parent.assetId, ...parent.ancestors] : [],
			state: 'active',
			createdDate: now,
			modifiedDate: now,
			createdBy: TECH_USER,
			modifiedBy: TECH_USER,
		};
		if (assetType === 'file') {
			asset.mediaType = file?.mediaType ?? 'application/octet-stream';
			const data = file?.data ?? { size: 0, seed: asset.assetId, bytes: Buffer.alloc(0) };
			asset.size = data.size;
			this.files.set(asset.assetId, data);
		}
		this.content.byId.set(asset.assetId, asset);
		this.siblings(parent?.assetId).push(asset);
		if (assetType !== 'file') this.content.children.set(asset.assetId, []);
		return asset;
	}

	/** Every descendant of a container, depth first. @param {Asset} asset @returns {Asset[]} */
	descendants(asset) {
		const out = [];
		const stack = [...(this.content.children.get(asset.assetId) ?? [])];
		while (stack.length) {
			const next = /** @type {Asset} */ (stack.pop());
			out.push(next);
			stack.push(...(this.content.children.get(next.assetId) ?? []));
		}
		return out;
	}

	/** Paths below a renamed or moved asset. @param {Asset} asset */
	repath(asset) {
		/** @param {Asset} parent */
		const walk = (parent) => {
			for (const child of this.content.children.get(parent.assetId) ?? []) {
				child.path = `${parent.path}/${child.name}`;
				child.ancestors = [parent.assetId, ...parent.ancestors];
				walk(child);
			}
		};
		walk(asset);
	}

	/** The role of the token's Technical Account on an asset: `comment` inside a read-only path, else `edit`. @param {Asset} asset */
	roleOf(asset) {
		return this.readOnlyPaths.some((p) => asset.path === p || asset.path.startsWith(`${p}/`)) ? 'comment' : 'edit';
	}

	/** @param {Asset} asset */
	canEdit(asset) {
		return this.roleOf(asset) === 'edit';
	}

	// ---- methods for tests (also under /__emulator/storage/) ----

	/**
	 * Changes a file as another user would, between a client's read and its write: new content (`bytes`, or
	 * different bytes of the same size), a later modifiedDate, modifiedBy someone else.
	 * @param {string} assetId @param {Buffer} [bytes]
	 */
	touchFile(assetId, bytes) {
		const file = this.content.byId.get(assetId);
		if (!file || file.assetType !== 'file') throw new Error(`no file ${assetId}`);
		const version = (this.versions.get(assetId) ?? 0) + 1;
		const data = bytes
			? { size: bytes.length, seed: assetId, bytes: Buffer.from(bytes) }
			: { size: file.size ?? 0, seed: `${assetId}#touched-${version}` };
		this.files.set(assetId, data);
		file.size = data.size;
		this.changed(file, OTHER_USER);
		return file;
	}

	/**
	 * Puts a file into a project or folder at once (no upload): for clashes made behind a client's back, or
	 * a large file to download in a benchmark (`size` without `bytes`: derived bytes, nothing held).
	 * @param {string} parentId @param {string} name @param {{ bytes?: Buffer, size?: number, mediaType?: string }} [content]
	 */
	addFile(parentId, name, content = {}) {
		const parent = this.content.byId.get(parentId);
		if (!parent || parent.assetType === 'file') throw new Error(`no project or folder ${parentId}`);
		const size = content.bytes?.length ?? content.size ?? 0;
		const seed = `emulator-seed:${parentId}/${name}`;
		/** @type {FileData} */
		const data = content.bytes ? { size, seed, bytes: Buffer.from(content.bytes) } : { size, seed };
		return this.addAsset('file', name, parent, { mediaType: content.mediaType ?? mediaTypeFor(name), data });
	}

	/** Makes every outstanding upload expire: its blocks and its finalize are refused, as after urlExpirationDate. */
	expireUploads() {
		for (const upload of this.uploads.values()) upload.expiresAt = 0;
	}

	/**
	 * Control over HTTP for tests in another process (the VS Code suite's runner, test/host/run-suite.js):
	 *   POST /__emulator/storage/touch { assetId, base64? }                        touchFile
	 *   POST /__emulator/storage/add-file { parentId, name, base64?, size?, mediaType? }  addFile
	 *   POST /__emulator/storage/expire-uploads                                    expireUploads
	 *   GET  /__emulator/storage/file?assetId=…  { size, sha256, mediaType, modifiedDate }  (the content's digest, not the bytes)
	 *   GET  /__emulator/storage/info            { authorizationOnPresigned, readOnlyPaths, readOnlyAssetIds, options… }
	 *   POST /__emulator/storage/config { keepUploadedBytes?, blockSize?, minBlockSize?, storageQuotaBytes?, jobPolls?, readOnlyPaths?, uploadUrlTtlSeconds? }
	 * @param {string} action @param {string} raw @param {URL} url @param {import('node:http').ServerResponse} res
	 */
	control(action, raw, url, res) {
		const ok = (/** @type {unknown} */ value) => {
			this.emulator.json(res, 200, value);
			return true;
		};
		const base64 = (/** @type {unknown} */ value) => (typeof value === 'string' ? Buffer.from(value, 'base64') : undefined);
		try {
			const body = raw ? JSON.parse(raw) : {};
			switch (action) {
				case 'POST /__emulator/storage/touch':
					return ok(this.touchFile(body.assetId, base64(body.base64)));
				case 'POST /__emulator/storage/add-file':
					return ok(this.addFile(body.parentId, body.name, { bytes: base64(body.base64), size: body.size, mediaType: body.mediaType }));
				case 'POST /__emulator/storage/expire-uploads':
					this.expireUploads();
					return ok({});
				case 'GET /__emulator/storage/file': {
					const assetId = url.searchParams.get('assetId') ?? '';
					const bytes = this.fileContent(assetId);
					const file = /** @type {Asset} */ (this.content.byId.get(assetId));
					return ok({
						size: bytes.length,
						sha256: createHash('sha256').update(bytes).digest('hex'),
						mediaType: file.mediaType,
						modifiedDate: file.modifiedDate,
					});
				}
				case 'POST /__emulator/storage/config':
					this.configure(body);
					return ok(this.info());
				case 'GET /__emulator/storage/info':
					return ok(this.info());
			}
		} catch (error) {
			this.emulator.json(res, 400, { message: String(error) });
			return true;
		}
		return false;
	}

	/** @param {WriteOptions} options */
	configure(options) {
		if (options.keepUploadedBytes !== undefined) this.keepUploadedBytes = options.keepUploadedBytes === true;
		if (options.blockSize !== undefined) this.fixedBlockSize = options.blockSize || undefined;
		if (options.minBlockSize !== undefined) this.minBlockSize = options.minBlockSize;
		if (options.storageQuotaBytes !== undefined) this.storageQuotaBytes = options.storageQuotaBytes ?? Infinity;
		if (options.jobPolls !== undefined) this.jobPolls = options.jobPolls;
		if (options.readOnlyPaths !== undefined) this.readOnlyPaths = options.readOnlyPaths;
		if (options.uploadUrlTtlSeconds !== undefined) this.uploadUrlTtlSeconds = options.uploadUrlTtlSeconds;
	}

	info() {
		return {
			authorizationOnPresigned: this.authorizationOnPresigned,
			readOnlyPaths: this.readOnlyPaths,
			readOnlyAssetIds: [...this.content.byId.values()].filter((a) => this.readOnlyPaths.includes(a.path)).map((a) => a.assetId),
			keepUploadedBytes: this.keepUploadedBytes,
			blockSize: this.fixedBlockSize ?? null,
			minBlockSize: this.minBlockSize,
			storageQuotaBytes: Number.isFinite(this.storageQuotaBytes) ? this.storageQuotaBytes : null,
			addedBytes: this.addedBytes,
			jobPolls: this.jobPolls,
			uploadUrlTtlSeconds: this.uploadUrlTtlSeconds,
		};
	}

	// ---- the API routes (after authentication, rate limiting and the storageDenied / noPermission checks) ----

	/** @param {Route} route */
	serves(route) {
		return /** @type {readonly string[]} */ (WRITE_ROUTES).includes(route) && route !== 'upload.block';
	}

	/**
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {Route} route
	 * @param {{ url: URL, fault?: Fault }} ctx
	 */
	async serve(req, res, route, ctx) {
		const method = req.method ?? 'GET';
		const segments = ctx.url.pathname.split('/').slice(2).map(decodeURIComponent);
		const body = await this.readJson(req, res, method, ctx.url.pathname);
		if (body === REFUSED) return;
		switch (route) {
			case 'storage.create':
				return segments[0] === 'projects' ? this.createProject(res, body) : this.createFolder(res, body);
			case 'storage.rename':
				return this.rename(req, res, segments[0], segments[1], body);
			case 'storage.delete':
				return this.delete(req, res, segments[0], segments[1], ctx.url);
			case 'storage.restore':
				return this.restore(res, segments[0], segments[1]);
			case 'storage.copy':
			case 'storage.move':
				return this.copyOrMove(res, route === 'storage.copy' ? 'copy' : 'move', segments[1], body, ctx.fault);
			case 'storage.uploadInit':
				return segments.length === 3 ? this.initUpload(res, body) : this.initReplacement(res, segments[1], body);
			case 'storage.uploadFinalize':
				return this.finalize(res, segments.length === 3 ? undefined : segments[1], body, ctx.fault);
			case 'storage.permission':
				return this.effectivePermission(res, segments[0], segments[1]);
			case 'storage.roles':
				return method === 'PATCH' ? this.patchRoles(res, segments[0], segments[1], body) : this.getRoles(res, segments[0], segments[1]);
		}
	}

	/**
	 * The JSON body of a write, checked against the operation's requestBody in the spec: Adobe's 400
	 * (missing or not JSON), 415 (not application/json) and 422 (schema: required fields, types, the
	 * assetName pattern) with the spec's example wording. In contract mode what the client got wrong is
	 * also recorded as a violation, so a client that sends a wrong body fails its tests.
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} method @param {string} pathname
	 * @returns {Promise<any>}
	 */
	async readJson(req, res, method, pathname) {
		const raw = await readLimited(req, MAX_JSON_BODY);
		const contract = cloudStorageContract();
		const verdict = contract.checkRequestBody(method, pathname, String(req.headers['content-type'] ?? ''), raw);
		if (this.emulator.contract) {
			for (const message of verdict.problems) this.emulator.violations.push({ kind: 'request', method, path: pathname, message });
		}
		if (verdict.refusal) {
			this.emulator.json(res, verdict.refusal.status, verdict.refusal.body);
			return REFUSED;
		}
		return verdict.body;
	}

	/** @param {import('node:http').ServerResponse} res @param {string} kind @param {string} id */
	find(res, kind, id) {
		const asset = this.content.byId.get(id);
		if (!asset || `${asset.assetType}s` !== kind) {
			this.emulator.notFound(res, id);
			return undefined;
		}
		return asset;
	}

	/** Leaves an answer the spec's prose asks for, but its responses do not list, out of contract mode's judgement. @param {import('node:http').ServerResponse} res */
	unjudged(res) {
		const exchange = this.emulator.exchanges.get(res);
		if (exchange) exchange.judged = false;
	}

	/** 204 without a body, judged like every answer. @param {import('node:http').ServerResponse} res */
	noContent(res) {
		this.emulator.judgeResponse(res, 204, '');
		res.writeHead(204);
		return res.end();
	}

	/** @param {import('node:http').ServerResponse} res @param {Asset} asset */
	created(res, asset) {
		res.setHeader('location', `${this.emulator.url}/v1/${asset.assetType}s/${asset.assetId}`);
		return this.emulator.json(res, 201, asset);
	}

	/** @param {import('node:http').ServerResponse} res @param {any} body */
	createProject(res, body) {
		const name = this.freeName(undefined, body.name, body.options?.autorename === true);
		if (name === undefined) return this.emulator.json(res, 409, nameConflict(body.name));
		return this.created(res, this.addAsset('project', name, undefined));
	}

	/**
	 * One folder (`name`) or a hierarchy (`path`, e.g. "Marketing/2024/CampaignA": missing folders are made,
	 * existing ones reused; only the last one can clash). folderCreateRequest: "either a name … or a path".
	 * @param {import('node:http').ServerResponse} res @param {any} body
	 */
	createFolder(res, body) {
		const json = this.emulator.json.bind(this.emulator);
		if ((body.name === undefined) === (body.path === undefined))
			return json(res, 422, {
				error_code: 'validation_error',
				message:
					body.name === undefined
						? 'The request body is missing the required field (#name)'
						: 'The request body must have either a name or a path, not both',
			});
		const parent = this.content.byId.get(body.parentId);
		if (!parent) return this.emulator.notFound(res, body.parentId);
		if (parent.assetType === 'file') return json(res, 422, ERRORS.invalidDestination);
		if (parent.state !== 'active') return json(res, 409, ERRORS.invalidOperation);
		if (!this.canEdit(parent)) return json(res, 403, ERRORS.accessErrorFolderCreate);
		const names = body.name !== undefined ? [body.name] : String(body.path).split('/');
		const pattern = assetNamePattern();
		if (names.some((n) => !pattern.test(n) || n.length > 255))
			return json(res, 422, body.name !== undefined ? ERRORS.invalidNameValue : ERRORS.invalidDestination);
		let container = parent;
		for (const [i, segment] of names.entries()) {
			const last = i === names.length - 1;
			const existing = this.siblings(container.assetId).find((a) => a.state === 'active' && a.name === segment);
			if (existing && !last) {
				if (existing.assetType === 'file') return json(res, 422, ERRORS.invalidDestination);
				container = existing;
				continue;
			}
			const name = this.freeName(container.assetId, segment, body.options?.autorename === true);
			if (name === undefined) return json(res, 409, nameConflict(segment));
			container = this.addAsset('folder', name, container);
		}
		return this.created(res, container);
	}

	/**
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
	 * @param {string} kind @param {string} id @param {any} body
	 */
	rename(req, res, kind, id, body) {
		const asset = this.find(res, kind, id);
		if (!asset) return;
		const json = this.emulator.json.bind(this.emulator);
		if (!this.canEdit(asset)) return json(res, 403, ERRORS.accessError);
		// 412 is documented for renameProject (and the deletes); the etag is the one getProject/Folder/File send.
		if (kind === 'projects' && this.preconditionFails(req, asset)) return json(res, 412, ERRORS.etagMismatch);
		if (asset.state !== 'active') return json(res, 409, ERRORS.invalidOperation);
		const name = this.freeName(asset.ancestors[0], body.name, body.options?.autorename === true, asset.assetId);
		if (name === undefined) return json(res, 409, nameConflict(body.name));
		asset.name = name;
		const parent = asset.ancestors[0] ? this.content.byId.get(asset.ancestors[0]) : undefined;
		asset.path = parent ? `${parent.path}/${name}` : `/${name}`;
		this.repath(asset);
		this.changed(asset);
		return json(res, 200, asset);
	}

	/** If-Match, when sent, must be the asset's etag. @param {import('node:http').IncomingMessage} req @param {Asset} asset */
	preconditionFails(req, asset) {
		const ifMatch = req.headers['if-match'];
		if (ifMatch === undefined || ifMatch === '*') return false;
		return !String(ifMatch)
			.split(',')
			.map((t) => t.trim())
			.includes(this.etag(asset));
	}

	/**
	 * Soft delete: the asset becomes `deleted`, its active descendants `deleted_parent`. `?permanent=true`
	 * removes it and everything under it, and only once it is deleted: "In order to perform hard deletion,
	 * the project must be in DELETED state" (deleteProject, deleteFolder, deleteFile), else 409 invalid_operation.
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
	 * @param {string} kind @param {string} id @param {URL} url
	 */
	delete(req, res, kind, id, url) {
		const asset = this.find(res, kind, id);
		if (!asset) return;
		const json = this.emulator.json.bind(this.emulator);
		const permanent = url.searchParams.get('permanent');
		if (permanent !== null && permanent !== 'true' && permanent !== 'false')
			return json(res, 422, {
				error_code: 'validation_error',
				message: `Provided value: (${permanent}) for query parameter: permanent is invalid`,
			});
		if (!this.canEdit(asset)) return json(res, 403, ERRORS.accessError);
		if (this.preconditionFails(req, asset)) return json(res, 412, ERRORS.etagMismatch);
		if (permanent === 'true') {
			if (asset.state !== 'deleted')
				return json(res, 409, {
					error_code: 'invalid_operation',
					message: 'The operation is invalid: an asset must be deleted (state deleted) before it can be deleted permanently.',
				});
			for (const gone of [asset, ...this.descendants(asset)]) {
				this.content.byId.delete(gone.assetId);
				this.content.children.delete(gone.assetId);
				this.files.delete(gone.assetId);
			}
			const siblings = this.siblings(asset.ancestors[0]);
			siblings.splice(siblings.indexOf(asset), 1);
			this.dirty = true;
			return this.noContent(res);
		}
		if (asset.state === 'deleted_parent') return json(res, 409, ERRORS.invalidOperation);
		if (asset.state === 'active') {
			asset.state = 'deleted';
			for (const below of this.descendants(asset)) if (below.state === 'active') below.state = 'deleted_parent';
			this.changed(asset);
		}
		return this.noContent(res);
	}

	/**
	 * Back to `active`; descendants that were `deleted_parent` come back, those deleted on their own stay deleted
	 * (restoreProject's note). A file whose name was taken meanwhile is renamed automatically (restoreFile: "If an
	 * asset with the same path already exists, the restored file will be renamed automatically"); a project or
	 * folder answers 409. An item under a deleted parent: 409 (restoreFile: "Restore calls made on assets in a
	 * DELETED_PARENT state will return a 409 Conflict error").
	 * @param {import('node:http').ServerResponse} res @param {string} kind @param {string} id
	 */
	restore(res, kind, id) {
		// "Hard-deleted files will return a 404 Not Found error" (restoreProject/File's notes), though their responses
		// list no 404: the note is followed, and this answer is left unjudged by contract mode.
		if (!this.content.byId.has(id)) this.unjudged(res);
		const asset = this.find(res, kind, id);
		if (!asset) return;
		const json = this.emulator.json.bind(this.emulator);
		if (!this.canEdit(asset)) return json(res, 403, ERRORS.accessError);
		if (asset.state === 'active') return json(res, 200, asset);
		if (asset.state === 'deleted_parent') return json(res, 409, ERRORS.invalidOperation);
		// Deleted on its own, then its parent too: it stays `deleted` until the parent is back.
		if (asset.ancestors.some((id) => this.content.byId.get(id)?.state !== 'active')) return json(res, 409, ERRORS.invalidOperation);
		const name = this.freeName(asset.ancestors[0], asset.name, asset.assetType === 'file', asset.assetId);
		if (name === undefined) return json(res, 409, nameConflict(asset.name));
		if (name !== asset.name) {
			asset.name = name;
			asset.path = asset.path.slice(0, asset.path.lastIndexOf('/') + 1) + name;
		}
		asset.state = 'active';
		/** @param {Asset} parent */
		const revive = (parent) => {
			for (const child of this.content.children.get(parent.assetId) ?? []) {
				if (child.state !== 'deleted_parent') continue;
				child.state = 'active';
				revive(child);
			}
		};
		revive(asset);
		this.changed(asset);
		return json(res, 200, asset);
	}

	/**
	 * copyFile / moveFile: checked at once (404, 403 by the roles in the spec's tables: source comment, target
	 * edit, and for a move the source's parent edit; 409 clash; 507 over quota), done when the job ends, so a
	 * job that fails leaves the original where it was.
	 * @param {import('node:http').ServerResponse} res @param {'copy' | 'move'} op @param {string} id @param {any} body @param {Fault} [fault]
	 */
	copyOrMove(res, op, id, body, fault) {
		const file = this.find(res, 'files', id);
		if (!file) return;
		const json = this.emulator.json.bind(this.emulator);
		const target = this.content.byId.get(body.parentId);
		if (!target) return this.emulator.notFound(res, body.parentId);
		if (target.assetType === 'file') return json(res, 422, ERRORS.invalidDestination);
		if (file.state !== 'active' || target.state !== 'active') return json(res, 409, ERRORS.invalidOperation);
		const sourceParent = this.content.byId.get(file.ancestors[0]);
		if (!this.canEdit(target) || (op === 'move' && sourceParent && !this.canEdit(sourceParent))) return json(res, 403, ERRORS.accessError);
		const wanted = body.name ?? file.name;
		const autorename = body.options?.autorename === true;
		const except = op === 'move' ? file.assetId : undefined;
		if (this.freeName(target.assetId, wanted, autorename, except) === undefined) return json(res, 409, nameConflict(wanted));
		const size = this.data(file).size;
		if (op === 'copy' && this.addedBytes + size > this.storageQuotaBytes) return json(res, 507, ERRORS.storageQuotaExceeded);
		const job = this.startJob(op === 'copy' ? 'file_copy' : 'file_move', fault, () => {
			const parent = this.content.byId.get(target.assetId);
			if (!parent || parent.state !== 'active') return { errors: [ERRORS.invalidOperation] };
			const name = this.freeName(parent.assetId, wanted, autorename, except);
			if (name === undefined) return { errors: [nameConflict(wanted)] };
			if (op === 'copy') {
				const source = this.data(file);
				this.addedBytes += source.size;
				const data = { ...source, bytes: source.bytes && Buffer.from(source.bytes) };
				return { asset: this.addAsset('file', name, parent, { mediaType: file.mediaType, data }) };
			}
			const from = this.siblings(file.ancestors[0]);
			from.splice(from.indexOf(file), 1);
			this.siblings(parent.assetId).push(file);
			file.name = name;
			file.path = `${parent.path}/${name}`;
			file.ancestors = [parent.assetId, ...parent.ancestors];
			this.changed(file);
			return { asset: file };
		});
		return this.accepted(res, job);
	}

	/**
	 * @param {string} jobType @param {Fault | undefined} fault a jobFailed, jobPartial or slowJob fault on the route that starts the job
	 * @param {() => Record<string, unknown>} settle
	 */
	startJob(jobType, fault, settle) {
		const jobId = randomUUID();
		/** @type {Job} */
		const job = { jobId, jobType, pollsLeft: fault?.type === 'slowJob' ? fault.polls : this.jobPolls, settle };
		if (fault?.type === 'jobFailed' || fault?.type === 'jobPartial') {
			job.fault = fault.type === 'jobFailed' ? 'failed' : 'partial';
			job.errors = fault.errors;
		}
		this.jobs.set(jobId, job);
		return job;
	}

	/** @param {import('node:http').ServerResponse} res @param {Job} job */
	accepted(res, job) {
		res.setHeader('retry-after', '1');
		return this.emulator.json(res, 202, { jobId: job.jobId });
	}

	/**
	 * getJobStatus for every Cloud Storage job: `running` (retry-after 1) for its polls, then it settles once.
	 * A jobFailed fault on storage.status fails the poll it meets (failedJobStatus); jobFailed / jobPartial
	 * on the route that started the job make that job end failed / partially_succeeded (the spec documents
	 * partial success for folder_copy and project_package only; the fault answers it for file jobs too, off
	 * contract, because jobStatusEnums "is not exhaustive" and a client must not take it for success).
	 * @param {import('node:http').ServerResponse} res @param {string} jobId @param {Extract<Fault, { type: 'jobFailed' }>} [failed]
	 */
	jobStatus(res, jobId, failed) {
		const job = this.jobs.get(jobId);
		if (!job) return this.emulator.notFound(res, jobId);
		const base = { jobId, requestId: String(res.getHeader('x-request-id')), jobType: job.jobType };
		res.setHeader('retry-after', '1');
		if (failed) return this.emulator.json(res, 200, { ...base, status: 'failed', errors: failed.errors ?? [ERRORS.runtimeError] });
		if (job.pollsLeft > 0) {
			job.pollsLeft--;
			return this.emulator.json(res, 200, { ...base, status: 'running' });
		}
		job.result ??= this.settleJob(job);
		if (job.result.status === 'partially_succeeded') this.unjudged(res);
		return this.emulator.json(res, 200, { ...base, ...job.result });
	}

	/** @param {Job} job @returns {Record<string, unknown>} */
	settleJob(job) {
		const settle = job.settle;
		job.settle = () => ({}); // settles once; what it held (an upload's blocks) can go
		if (job.fault === 'failed') return { status: 'failed', errors: job.errors ?? [ERRORS.runtimeError] };
		const outcome = settle();
		if (outcome.errors) return { status: 'failed', errors: outcome.errors };
		if (job.fault === 'partial')
			return {
				status: 'partially_succeeded',
				...outcome,
				errors: job.errors ?? [{ ...ERRORS.runtimeError, asset: { assetId: job.jobId, name: 'part', assetType: 'file' } }],
			};
		return { status: 'succeeded', ...outcome };
	}

	// ---- block upload ----

	/**
	 * The block size an init answers: `blockSize` if the emulator was told one, else what was asked
	 * (default 10 MiB) within [minBlockSize, 100 MiB]: "The block size returned may differ from the size requested".
	 * @param {unknown} requested
	 */
	blockSizeFor(requested) {
		if (this.fixedBlockSize) return this.fixedBlockSize;
		const asked = typeof requested === 'number' && requested > 0 ? requested : DEFAULT_BLOCK_SIZE;
		return Math.min(MAX_BLOCK_SIZE, Math.max(this.minBlockSize, Math.floor(asked)));
	}

	/**
	 * @param {import('node:http').ServerResponse} res @param {Omit<Upload, 'uploadId' | 'secret' | 'expiresAt' | 'finalized' | 'parts' | 'links' | 'blockSize'>} init
	 * @param {unknown} requestedBlockSize
	 */
	openUpload(res, init, requestedBlockSize) {
		// Abandoned uploads are dropped once their links expire (their blocks with them), as a bucket's lifecycle rule would.
		for (const [id, old] of this.uploads) if (old.expiresAt < Date.now()) this.uploads.delete(id);
		let blockSize = this.blockSizeFor(requestedBlockSize);
		// At most MAX_TRANSFER_LINKS links: a huge declared size gets larger blocks.
		blockSize = Math.max(blockSize, Math.ceil(init.declaredSize / MAX_TRANSFER_LINKS));
		const links = Math.max(1, Math.ceil(init.declaredSize / blockSize));
		/** @type {Upload} */
		const upload = {
			...init,
			uploadId: randomUUID(),
			secret: randomBytes(16).toString('hex'),
			blockSize,
			links,
			expiresAt: Date.now() + this.uploadUrlTtlSeconds * 1000,
			finalized: false,
			parts: new Map(),
		};
		this.uploads.set(upload.uploadId, upload);
		const transferLinks = Array.from({ length: links }, (_, i) => ({
			partNumber: i + 1,
			url: `${this.emulator.url}/__blocks/${upload.uploadId}/${i + 1}?sig=${this.signPart(upload, i + 1)}&X-Amz-Expires=${this.uploadUrlTtlSeconds}`,
		}));
		return this.emulator.json(res, 200, {
			uploadId: upload.uploadId,
			blockSize,
			urlExpirationDate: new Date(upload.expiresAt).toISOString(),
			transferLinks,
		});
	}

	/** @param {Upload} upload @param {number} part */
	signPart(upload, part) {
		return createHash('sha256').update(`${upload.secret}:${part}`).digest('hex').slice(0, 32);
	}

	/**
	 * initBlockBasedFileUpload: the parent must exist (404; a file as parent: 422 invalidDestination) and be
	 * writable (403). A taken name is not refused here (init documents no 409) but at finalize.
	 * @param {import('node:http').ServerResponse} res @param {any} body
	 */
	initUpload(res, body) {
		const json = this.emulator.json.bind(this.emulator);
		const parent = this.content.byId.get(body.parentId);
		if (!parent) return this.emulator.notFound(res, body.parentId);
		if (parent.assetType === 'file') return json(res, 422, ERRORS.invalidDestination);
		if (parent.state !== 'active') return json(res, 422, ERRORS.ancestorNotFound);
		if (!this.canEdit(parent)) return json(res, 403, ERRORS.accessError);
		return this.openUpload(
			res,
			{
				kind: 'new',
				parentId: parent.assetId,
				name: body.name,
				mediaType: body.mediaType,
				declaredSize: body.size,
				autorename: body.options?.autorename === true,
			},
			body.blockSize,
		);
	}

	/**
	 * initBlockBasedFileReplacement: "The Content-Type must match the existing file's media type. Attempting to
	 * change the content type will result in a 415 Unsupported Media Type error."
	 * @param {import('node:http').ServerResponse} res @param {string} id @param {any} body
	 */
	initReplacement(res, id, body) {
		const file = this.find(res, 'files', id);
		if (!file) return;
		const json = this.emulator.json.bind(this.emulator);
		if (file.state !== 'active') return this.emulator.notFound(res, id);
		if (!this.canEdit(file)) return json(res, 403, ERRORS.accessError);
		if (body.mediaType !== file.mediaType)
			return json(res, 415, {
				error_code: 'invalid_content_type',
				message: `Content type cannot be changed from original file type (${file.mediaType}).`,
			});
		return this.openUpload(
			res,
			{ kind: 'replace', fileId: file.assetId, mediaType: body.mediaType, declaredSize: body.size, autorename: false },
			body.blockSize,
		);
	}

	/**
	 * PUT to a transfer link: raw bytes, no Authorization ("Authorization Header: Must NOT be included in the
	 * request", initBlockBasedFileUpload). One sent is answered 400 as S3 does and counted. Every block is at
	 * most blockSize; finalize checks that all but the last used one are exactly blockSize.
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url @param {Fault} [fault]
	 */
	async putBlock(req, res, url, fault) {
		const [, , uploadId, rawPart] = url.pathname.split('/');
		const part = Number(rawPart);
		if (req.headers.authorization !== undefined) {
			this.authorizationOnPresigned++;
			return s3Error(
				req,
				res,
				400,
				'InvalidArgument',
				'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
			);
		}
		const upload = this.uploads.get(uploadId);
		if (!upload || part < 1 || part > upload.links || url.searchParams.get('sig') !== this.signPart(upload, part))
			return s3Error(req, res, 403, 'AccessDenied', 'Access Denied');
		if (upload.finalized || Date.now() > upload.expiresAt) return s3Error(req, res, 403, 'AccessDenied', 'Request has expired');
		if (fault?.type === 'blockFails')
			return s3Error(req, res, fault.status ?? 500, 'InternalError', 'We encountered an internal error. Please try again.');
		// A pre-signed PUT needs its length up front: S3 answers 411 MissingContentLength without one (and refuses
		// Transfer-Encoding: chunked), as Azure's Put Block does; a client must send each block with Content-Length.
		if (req.headers['content-length'] === undefined)
			return s3Error(req, res, 411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
		const declared = Number(req.headers['content-length']);
		if (declared > upload.blockSize) return s3Error(req, res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the block size');
		const hash = createHash('sha256');
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		for await (const chunk of req) {
			size += chunk.length;
			if (size > upload.blockSize) return s3Error(req, res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the block size');
			hash.update(chunk);
			if (this.keepUploadedBytes) chunks.push(chunk);
		}
		const sha256 = hash.digest('hex');
		upload.parts.set(part, { size, sha256, bytes: this.keepUploadedBytes ? Buffer.concat(chunks) : undefined });
		res.writeHead(200, { etag: `"${sha256.slice(0, 32)}"`, 'content-length': '0' });
		return res.end();
	}

	/**
	 * finalizeBlockBasedFileUpload / finalizeBlockBasedFileReplacement: 409 expiredOrAlreadyUsed for an unknown,
	 * expired or finalized upload; 422 invalidUsedTransferLinksValue unless the used parts are ordered, were
	 * uploaded, and all but the last are exactly blockSize ("The server will stitch together content in the order
	 * of these part numbers"); 409 on a name taken since init (unless autorename). The file appears when the
	 * job succeeds: a failed job leaves nothing.
	 * @param {import('node:http').ServerResponse} res @param {string | undefined} fileId @param {any} body @param {Fault} [fault]
	 */
	finalize(res, fileId, body, fault) {
		const json = this.emulator.json.bind(this.emulator);
		const upload = this.uploads.get(body.uploadId);
		if (!upload || upload.finalized || Date.now() > upload.expiresAt) return json(res, 409, ERRORS.expiredOrAlreadyUsed);
		if ((upload.kind === 'replace') !== (fileId !== undefined) || (fileId !== undefined && upload.fileId !== fileId))
			return json(res, 422, { error_code: 'validation_error', message: 'The provided uploadId has an invalid value.' });
		/** @type {number[]} */
		const used = body.usedTransferLinks;
		const bad = (/** @type {string} */ why) =>
			json(res, 422, { ...ERRORS.invalidUsedTransferLinksValue, message: `${ERRORS.invalidUsedTransferLinksValue.message} ${why}` });
		for (const [i, n] of used.entries()) {
			if (!Number.isInteger(n) || n < 1 || n > upload.links) return bad(`Part ${n} is not one of the transfer links.`);
			if (i > 0 && n <= used[i - 1]) return bad('Part numbers must be in ascending order.');
			const part = upload.parts.get(n);
			if (!part) return bad(`Part ${n} was not uploaded.`);
			if (i < used.length - 1 && part.size !== upload.blockSize)
				return bad(`Part ${n} is ${part.size} bytes; every block but the last must be ${upload.blockSize} bytes.`);
			if (part.size === 0) return bad(`Part ${n} is empty.`);
		}
		const parent = upload.parentId ? this.content.byId.get(upload.parentId) : undefined;
		if (upload.kind === 'new') {
			if (!parent || parent.state !== 'active') return json(res, 409, ERRORS.invalidOperation);
			if (this.freeName(parent.assetId, /** @type {string} */ (upload.name), upload.autorename) === undefined)
				return json(res, 409, nameConflict(/** @type {string} */ (upload.name)));
		} else {
			const file = this.content.byId.get(/** @type {string} */ (upload.fileId));
			if (!file || file.state !== 'active') return this.emulator.notFound(res, String(upload.fileId));
		}
		upload.finalized = true;
		const parts = used.map((n) => /** @type {Part} */ (upload.parts.get(n)));
		upload.parts.clear(); // the job holds the used parts; unused ones are ignored, as the spec says, and freed
		const job = this.startJob('file_upload', fault, () => this.landUpload(upload, parts));
		return this.accepted(res, job);
	}

	/** The upload's file, made or replaced when its job ends. @param {Upload} upload @param {Part[]} parts @returns {Record<string, unknown>} */
	landUpload(upload, parts) {
		const size = parts.reduce((sum, p) => sum + p.size, 0);
		const previous = upload.kind === 'replace' ? (this.content.byId.get(/** @type {string} */ (upload.fileId))?.size ?? 0) : 0;
		if (this.addedBytes + size - previous > this.storageQuotaBytes) return { errors: [ERRORS.storageQuotaExceeded] };
		const bytes = this.keepUploadedBytes ? Buffer.concat(parts.map((p) => /** @type {Buffer} */ (p.bytes))) : undefined;
		/** @type {FileData} */
		const data = {
			size,
			seed: `emulator-upload:${upload.uploadId}`,
			bytes,
			sha256: bytes ? createHash('sha256').update(bytes).digest('hex') : undefined,
			blockDigests: parts.map((p) => p.sha256),
		};
		if (upload.kind === 'replace') {
			const file = this.content.byId.get(/** @type {string} */ (upload.fileId));
			if (!file || file.state !== 'active')
				return { errors: [{ error_code: 'resource_not_found', message: `The requested resource (${upload.fileId}) was not found.` }] };
			this.addedBytes += size - previous;
			this.files.set(file.assetId, data);
			file.size = size;
			this.changed(file);
			return { asset: file };
		}
		const parent = this.content.byId.get(/** @type {string} */ (upload.parentId));
		if (!parent || parent.state !== 'active') return { errors: [ERRORS.invalidOperation] };
		const name = this.freeName(parent.assetId, /** @type {string} */ (upload.name), upload.autorename);
		if (name === undefined) return { errors: [nameConflict(/** @type {string} */ (upload.name))] };
		this.addedBytes += size;
		return { asset: this.addAsset('file', name, parent, { mediaType: upload.mediaType, data }) };
	}

	// ---- permissions and roles ----

	/**
	 * get{Project,Folder,File}EffectivePermission: the flag names of projectPermissions, folderPermissions and
	 * filePermissions. `edit` may do everything; `comment` may view, comment and download.
	 * @param {import('node:http').ServerResponse} res @param {string} kind @param {string} id
	 */
	effectivePermission(res, kind, id) {
		const asset = this.find(res, kind, id);
		if (!asset) return;
		const role = this.roleOf(asset);
		const edit = role === 'edit';
		const common = { can_share: edit, can_comment: true, can_download_assets: true };
		const container = { can_move_assets_inside: edit, can_move_assets_outside: edit };
		const nonProject = {
			can_edit_assets: edit,
			can_view_assets: true,
			can_restore_assets: edit,
			can_delete_assets: edit,
			can_permanent_delete_assets: edit,
		};
		const permissions =
			asset.assetType === 'project'
				? {
						...common,
						...container,
						can_edit_project: edit,
						can_view_project: true,
						can_restore: edit,
						can_delete: edit,
						can_permanent_delete: edit,
					}
				: asset.assetType === 'folder'
					? { ...common, ...container, ...nonProject }
					: { ...common, ...nonProject };
		return this.emulator.json(res, 200, { role, permissions });
	}

	/** The collaborators of a project or file (assetRolesResponse), shaped as the spec's 200.assetRoles example. @param {Asset} asset */
	rolesOf(asset) {
		let roles = this.roles.get(asset.assetId);
		if (!roles) {
			const readOnly = !this.canEdit(asset);
			roles = {
				direct: [
					{
						id: TECH_USER,
						type: 'user',
						role: readOnly ? 'comment' : 'edit',
						email: 'emulator-technical-account@techacct.adobe.com',
						name: 'Emulator Technical Account',
					},
					{ id: '13A5316551352CF40A490D35@AdobeID', type: 'user', role: 'edit', email: 'dana.designer@example.com', name: 'Dana Designer' },
					{
						id: '11301C2F67F84EA80A494021@AdobeOrg:639451533',
						type: 'group',
						role: 'comment',
						name: 'Reviewers',
						organizationName: 'Emulator Org',
					},
					{ id: 'orgEverybody', type: 'predefined', organizationName: 'Emulator Org', name: '_everybody', role: 'comment' },
				],
				pending: [{ email: 'sam.new@example.com', role: 'comment', created: '2026-01-05T14:00:00Z', id: 'mailto:sam.new@example.com' }],
			};
			this.roles.set(asset.assetId, roles);
		}
		return roles;
	}

	/** @param {import('node:http').ServerResponse} res @param {string} kind @param {string} id */
	getRoles(res, kind, id) {
		const asset = this.find(res, kind, id);
		if (!asset) return;
		return this.emulator.json(res, 200, this.rolesOf(asset));
	}

	/**
	 * patchProjectRoles / patchFileRoles: additions must be new, updates and deletions must exist (the spec's
	 * validation table); each entry answers successful or failed (patchAssetRolesResponse), an invitation by
	 * e-mail pending.
	 * @param {import('node:http').ServerResponse} res @param {string} kind @param {string} id @param {any} body
	 */
	patchRoles(res, kind, id, body) {
		const asset = this.find(res, kind, id);
		if (!asset) return;
		if (!this.canEdit(asset)) return this.emulator.json(res, 403, ERRORS.accessError);
		const roles = this.rolesOf(asset);
		const direct = body.direct ?? {};
		/** @type {Record<string, any[]>} */
		const out = { additions: [], updates: [], deletions: [] };
		const fail = (/** @type {any} */ entry, /** @type {string} */ message) => ({
			...entry,
			status: 'failed',
			error_code: 'invalid_operation',
			message,
		});
		for (const add of direct.additions ?? []) {
			const id = String(add.recipient);
			const existing = roles.direct.find((r) => r.id === id || `mailto:${r.email}` === id || `name:${r.name}` === id);
			if (existing) out.additions.push(fail({ id, type: add.type, role: add.role }, 'The principal already has a role on the asset.'));
			// The spec's recipient note: `_everybody` is limited to comment; `all` is read-only and cannot be added.
			else if ((id === 'name:_everybody' && add.role !== 'comment') || id === 'name:all')
				out.additions.push(fail({ id, type: add.type, role: add.role }, 'This predefined principal cannot be given that role.'));
			else if (id.startsWith('mailto:')) {
				const invitation = { email: id.slice(7), role: add.role, created: new Date().toISOString(), id };
				roles.pending.push(invitation);
				out.additions.push({ ...invitation, type: add.type, status: 'pending' });
			} else {
				roles.direct.push({ id, type: add.type, role: add.role, name: id.replace(/^name:/, ''), organizationName: 'Emulator Org' });
				out.additions.push({ id, type: add.type, role: add.role, status: 'successful' });
			}
		}
		for (const update of direct.updates ?? []) {
			const existing = roles.direct.find((r) => r.id === update.id);
			if (!existing)
				out.updates.push(fail({ id: update.id, type: update.type, role: update.role }, 'The principal has no role on the asset.'));
			else {
				existing.role = update.role;
				out.updates.push({ id: update.id, type: update.type, role: update.role, status: 'successful' });
			}
		}
		for (const deletion of direct.deletions ?? []) {
			const at = roles.direct.findIndex((r) => r.id === deletion.id);
			if (at < 0) out.deletions.push(fail({ id: deletion.id, type: deletion.type }, 'The principal has no role on the asset.'));
			else {
				roles.direct.splice(at, 1);
				out.deletions.push({ id: deletion.id, type: deletion.type, status: 'successful' });
			}
		}
		this.dirty = true;
		return this.emulator.json(res, 200, { direct: out });
	}

	// ---- downloads ----

	/**
	 * downloadFile: `urlTTL` 60–14400 s (parameters/urlTTL, default 14400), reflected in urlExpirationDate; out
	 * of range or not an integer: 400 (downloadFile documents 400, not 422). A pre-signed URL at once for small
	 * files; for large ones 202 and a file_download job.
	 * @param {import('node:http').ServerResponse} res @param {Asset} file @param {URL} url @param {number} asyncFromBytes
	 */
	download(res, file, url, asyncFromBytes) {
		const raw = url.searchParams.get('urlTTL');
		let ttl = 14_400;
		if (raw !== null) {
			if (!/^-?\d+$/.test(raw))
				return this.emulator.json(res, 400, {
					error_code: 'bad_request',
					message: `Provided value: (${raw}) for query parameter: urlTTL is of invalid type. Allowed Type is Integer`,
				});
			ttl = Number(raw);
			if (ttl < 60 || ttl > 14_400)
				return this.emulator.json(res, 400, {
					error_code: 'bad_request',
					message: `Provided value: (${raw}) for query parameter: urlTTL is out of the allowed range. Allowed Range is 60-14400`,
				});
		}
		if (this.data(file).size < asyncFromBytes) return this.emulator.json(res, 200, this.signedDownload(file, ttl));
		const job = this.startJob('file_download', undefined, () => ({ downloadResponse: this.signedDownload(file, ttl) }));
		return this.accepted(res, job);
	}

	/** @param {Asset} file @param {number} ttlSeconds */
	signedDownload(file, ttlSeconds) {
		const signature = randomBytes(12).toString('hex');
		const expiresAt = Date.now() + ttlSeconds * 1000;
		this.signed.set(signature, { assetId: file.assetId, expiresAt });
		return {
			url: `${this.emulator.url}/__download/${signature}?X-Amz-Expires=${ttlSeconds}`,
			urlExpirationDate: new Date(expiresAt).toISOString(),
			size: this.data(file).size,
			mediaType: file.mediaType,
		};
	}

	/**
	 * The pre-signed URL's bytes, like a storage bucket: no Authorization (400 and counted if sent), 403 once
	 * expired, one `Range: bytes=a-b` honoured (206), large content streamed a MiB at a time.
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url
	 */
	downloadContent(req, res, url) {
		if (req.headers.authorization !== undefined) {
			this.authorizationOnPresigned++;
			return s3Error(
				req,
				res,
				400,
				'InvalidArgument',
				'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
			);
		}
		const signed = this.signed.get(url.pathname.split('/')[2]);
		const file = signed && Date.now() <= signed.expiresAt ? this.content.byId.get(signed.assetId) : undefined;
		if (!file) return s3Error(req, res, 403, 'AccessDenied', 'Request has expired');
		const data = this.data(file);
		let start = 0;
		let end = data.size;
		let status = 200;
		/** @type {Record<string, string>} */
		const headers = { 'content-type': file.mediaType ?? 'application/octet-stream', 'accept-ranges': 'bytes' };
		const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
		if (range && (range[1] || range[2])) {
			if (range[1]) {
				start = Number(range[1]);
				end = range[2] ? Math.min(data.size, Number(range[2]) + 1) : data.size;
			} else start = Math.max(0, data.size - Number(range[2]));
			if (start >= data.size || end <= start) {
				res.writeHead(416, { 'content-range': `bytes */${data.size}` });
				return res.end();
			}
			status = 206;
			headers['content-range'] = `bytes ${start}-${end - 1}/${data.size}`;
		}
		headers['content-length'] = String(end - start);
		res.writeHead(status, headers);
		if (data.bytes) return res.end(data.bytes.subarray(start, end));
		let at = start;
		const pump = () => {
			while (at < end && !res.destroyed) {
				const next = Math.min(end, at + MIB);
				const ok = res.write(patternView(data.seed, at, next));
				at = next;
				if (!ok) return;
			}
			if (at >= end) res.end();
		};
		res.on('drain', pump);
		pump();
	}
}

const REFUSED = Symbol('refused');

/** @type {RegExp | undefined} */
let namePattern;
/** schemas/assetName's pattern, read from the spec. */
function assetNamePattern() {
	namePattern ??= new RegExp(cloudStorageContract().spec.components.schemas.assetName.pattern, 'u');
	return namePattern;
}

/** @param {string} name */
function mediaTypeFor(name) {
	return require('./content').mediaTypeOf(name);
}

/**
 * An S3-style XML error from a pre-signed URL, after reading (and dropping) what the client sends.
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {number} status @param {string} code @param {string} message
 */
function s3Error(req, res, status, code, message) {
	req.resume();
	res.writeHead(status, { 'content-type': 'application/xml', connection: 'close' });
	res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/** The body as text, up to `limit` bytes (more is cut: the schema check then refuses it). @param {import('node:http').IncomingMessage} req @param {number} limit */
async function readLimited(req, limit) {
	/** @type {Buffer[]} */
	const chunks = [];
	let size = 0;
	for await (const chunk of req) {
		size += chunk.length;
		if (size <= limit) chunks.push(chunk);
	}
	return size > limit ? '\u0000too large' : Buffer.concat(chunks).toString('utf8');
}

/** @type {Map<string, Buffer | undefined>} demo images by asset id and size, made once per process (small: at most a few MB each) */
const demoImages = new Map();
/** @param {Asset} file @param {number} size */
function demoBytes(file, size) {
	const key = `${file.assetId}#${size}`;
	if (!demoImages.has(key)) {
		if (demoImages.size >= 256) demoImages.clear();
		demoImages.set(key, demoImageBytes(file, size));
	}
	return demoImages.get(key);
}

module.exports = { StorageWrites, WRITE_ROUTES, writeRouteOf, patternBytes, NBSP };
