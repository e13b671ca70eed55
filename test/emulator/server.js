// @ts-check
/**
 * A local stand-in for the Adobe services the extension calls, speaking their documented shapes:
 *   IMS            POST /ims/token/v3, GET /ims/.well-known/openid-configuration; user sign-in (imsOAuth.js):
 *                  GET /ims/authorize/v2 (+ its consent page), POST /ims/revoke, GET /ims/userinfo/v2
 *   Photoshop API  GET  /pie/psdService/hello (v1: retired, 410, unless the photoshopV1 switch is on), /v2/status/{jobId} (v2);
 *                  Firefly GET /v3/custom-models (fireflyServices.js)
 *   Async jobs     Firefly /v3/images/generate-async, /v3/videos/generate, /v3/images/upscale, /v3/status, /v3/cancel;
 *                  Photoshop /pie/psdService/renditionCreate and /status, /v2/create-composite and /v2/status;
 *                  InDesign /v3/create-rendition and /v3/status; outputs at /__jobs/output (asyncJobs.js)
 *   Operations     Photoshop v2 create-composite, edit, execute-actions, create-artboard, generate-manifest, /v1/auto-crop;
 *                  Firefly /v2/storage/image, generate-similar, expand, fill, object composite, upscale: real inputs from
 *                  the storage store, real small images out; the Creative Cloud switch refuseCreativeCloud (operations.js)
 *   Cloud Storage  GET  /v1/projects, /v1/{projects|folders}/{id}/children, /v1/{projects|folders|files}/{id}; the writes
 *                  (create, rename, delete, restore, copy, move, block upload and replacement, effective-permission,
 *                  roles), downloads and /v1/status (storageWrites.js)
 * plus fault injection per route and a record of every request served. Loopback only.
 * Control over HTTP (for the CLI and tests inside VS Code) lives under /__emulator/.
 */
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { createDemoContent, TECH_USER } = require('./content');
const { BASE_PATH, checkFilter, checkSort, cloudStorageContract, listingRules } = require('./contract');
const { discoveryDocument, readImsParams } = require('./imsProtocol');
const {
	fireflyServicesRoute,
	gatewayErrorBody,
	isPhotoshopV1,
	serveFireflyServices,
	servePhotoshopV1Retired,
} = require('./fireflyServices');
const { ImsOAuth, DEMO_USERS } = require('./imsOAuth');
const { ASYNC_JOB_ROUTES, AsyncJobs, asyncJobRoute } = require('./asyncJobs');
const { Operations } = require('./operations');
const { StorageWrites, WRITE_ROUTES, writeRouteOf, patternBytes } = require('./storageWrites');
const { demoImageBytes, solidPng } = require('./demoImages');

/**
 * @typedef {'ims.token' | 'ims.discovery' | 'ims.authorize' | 'ims.consent' | 'ims.revoke' | 'ims.userinfo' | 'photoshop.hello' | 'photoshop.status' | 'firefly.customModels' | import('./asyncJobs').JobRoute | 'storage.list' | 'storage.metadata' | 'storage.download' | 'storage.status' | 'storage.rendition' | 'download.content' | (typeof WRITE_ROUTES)[number]} Route
 *
 * @typedef {{ type: 'latency', ms: number }
 *   | { type: 'status', status: number, retryAfter?: number | string, body?: unknown }
 *   | { type: 'malformedJson' }
 *   | { type: 'drop' }
 *   | { type: 'expiredToken' }
 *   | { type: 'cursorExpired' }
 *   | { type: 'echo', status?: number }
 *   | { type: 'endlessBody', intervalMs?: number }
 *   | { type: 'stallBody', afterBytes: number, contentLength?: number }
 *   | { type: 'jobFailed', errors?: Array<{ error_code: string, message: string }> }
 *   | { type: 'jobHold' }
 *   | { type: 'jobPartial', errors?: Array<{ error_code: string, message: string, source?: string }> }
 *   | { type: 'lyingStatusUrl', origin: string }
 *   | { type: 'requireScopes', scopes: string[] }
 *   | { type: 'accessError', reason: string }
 *   | { type: 'noPermission' }
 *   | { type: 'blockFails', partNumber?: number, status?: number }
 *   | { type: 'slowJob', polls: number }} Fault
 *   jobFailed, jobHold, lyingStatusUrl: also on the async job routes; jobPartial on InDesign's (asyncJobs.js).
 *   requireScopes: the API gateway (Firefly Services routes) answers 403011 "Scope mismatch" to a valid token that lacks one of `scopes`.
 *   accessError: Firefly refuses with 403 and the `x-access-error: reason` header (AdobeDocs/ffs-firefly-api static/firefly-api.json:
 *     quota_exhausted, user_non_entitled, user_profile_denied, invalid_ims_scope), body `{ error_code: 'access_error' }` as its 403 example.
 *   noPermission: Cloud Storage routes act as if the token's account may not read the asset: a rendition answers 404 as if
 *   the file did not exist (getFileImageRendition's note), the other asset routes 403 access_error.
 *   blockFails: a block PUT (upload.block) answers `status` (500) as S3 would; with `partNumber`, only that part's PUT.
 *   jobFailed, jobPartial, slowJob (`polls` "running" answers) on storage.copy, storage.move or storage.uploadFinalize:
 *   the job that request starts fails (nothing changes), partly succeeds, or runs long (storageWrites.js).
 *
 * @typedef {object} Client
 * @property {string} clientId
 * @property {string} [clientSecret]    absent for public clients (OAuth Single Page App / Native App)
 * @property {string[]} scopes           scopes this credential may request
 * @property {boolean} [publicClient]    a user-authentication credential that must use PKCE
 * @property {string} [redirectUriPattern]  comma-separated patterns, regular expressions matched whole (Adobe's "Redirect URI pattern")
 * @property {string} [defaultRedirectUri]  where IMS answers when redirect_uri is absent or does not match
 * @property {boolean} [unauthorized]    IMS answers unauthorized_client (no product profile)
 * @property {boolean} [storageDenied]   Technical Account not set up: no projects listed, 403 elsewhere
 *
 * @typedef {object} RequestRecord
 * @property {Route | 'control' | 'unknown'} route
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query   without any client_secret's value
 * @property {number} status
 * @property {string} [clientId]
 * @property {string[]} [formKeys]      names of the form fields (IMS), never their values
 * @property {boolean} [secretInQuery]  IMS: a client_secret came in the query string (Adobe accepts it; our client must not send it)
 * @property {string} [contentType]
 * @property {string} [fault]
 * @property {number} at
 *
 * @typedef {object} EmulatorOptions
 * @property {Client[]} [clients]
 * @property {number} [tokenLifetimeSeconds]   default 86399, as Adobe
 * @property {number} [largeFolderSize]        default 10000
 * @property {number} [rateLimitPerSecond]     Cloud Storage requests per client per second; 0 = off (default)
 * @property {() => number} [rateLimitClock]    the rate limiter's clock in ms (Date.now); a test can stop it
 * @property {boolean} [contract]              judge Cloud Storage traffic by Adobe's OpenAPI spec (./contract.js)
 * @property {boolean} [photoshopV1]           serve Photoshop API v1 (/pie/psdService/…, the seeds' hello) as before its end of
 *                                             life on 31 July 2026; by default it answers as retired (fireflyServices.js)
 * @property {boolean} [loopbackHttpRelay]     serve the sign-in relay over http on 127.0.0.1 and let IMS redirect there (`npm start`:
 *                                             no certificate warning in the user's browser); by default HTTPS with a
 *                                             self-signed certificate, and IMS redirects only to HTTPS, as Adobe's (imsOAuth.js)
 * @property {boolean} [keepUploadedBytes]     Cloud Storage writes (storageWrites.js, WriteOptions): default true; false keeps
 *                                             only sizes and digests of uploads
 * @property {number} [blockSize]              the block size upload init answers, whatever was asked
 * @property {number} [minBlockSize]           default 1 MiB
 * @property {number} [storageQuotaBytes]      bytes uploads and copies may add; beyond, 507 or a failed job
 * @property {number} [jobPolls]               "running" answers before a write job ends; default 1
 * @property {string[]} [readOnlyPaths]        where the token's role is `comment`; default ['/Brand Refresh 2026/Logos']
 * @property {number} [uploadUrlTtlSeconds]    transfer links' lifetime; default 3600
 * @property {boolean | 'job' | 'submit'} [refuseCreativeCloud]  refuse Creative Cloud inputs and outputs of Photoshop v2 for
 *                                             server-to-server tokens: as a failed job (403401, `true` or 'job') or at
 *                                             submit (403 unauthorized_forbidden); default off (operations.js)
 * @property {number} [operationOutputBytes]  image outputs of the operations padded to this many bytes (benchmarks); default as made
 */

/** Faults whose answers are off-contract on purpose: their responses are not judged, their requests are. */
const OFF_CONTRACT_FAULTS = new Set(['status', 'accessError', 'malformedJson', 'drop', 'echo', 'endlessBody', 'stallBody']);

const ALL_SCOPES = [
	...['openid', 'AdobeID', 'offline_access', 'creative_sdk', 'read_organizations', 'cloud_storage_collab_api', 'profile', 'email'],
	// The Firefly API guides' scopes (src/core/credentials/apiKinds.ts has their sources).
	...['session', 'additional_info', 'firefly_api', 'ff_apis', 'firefly_enterprise'],
];

/** Credentials the emulator knows. Fake values: they only ever work against this emulator. */
const DEMO_CLIENTS = {
	demo: { clientId: '4f9c6a1e2b7d4c3a9e8f0a1b2c3d4e5f', clientSecret: 'p8e-EMULATOR-demo-secret-0123456789ab', scopes: ALL_SCOPES },
	storageDenied: {
		clientId: '7d0e3b5a9c1f4e2d8b6a0c9e1f3a5b7d',
		clientSecret: 'p8e-EMULATOR-no-storage-role-0123456789',
		scopes: ALL_SCOPES,
		storageDenied: true,
	},
	/** For the leak hunt: a recognisable secret with the characters that JSON and URLs escape. */
	leakHunt: { clientId: 'feedfacecafebeef0123456789abcdef', clientSecret: 'p8e-LEAKHUNT/se"cret+=&0123456789', scopes: ALL_SCOPES },
	/** A Cloud Storage credential from before Adobe's guide added cloud_storage_collab_api (July 2025). */
	olderStorage: {
		clientId: '5e6f7a8b9c0d4e1f8a2b3c4d5e6f7a8b',
		clientSecret: 'p8e-EMULATOR-older-storage-0123456789',
		scopes: ['openid', 'AdobeID', 'offline_access', 'creative_sdk'],
	},
	/**
	 * An OAuth Single Page App credential (a public client): PKCE, no secret. Its pattern admits
	 * VS Code's relay and the emulator's own HTTPS relay on any port (escaped dots, as Adobe asks).
	 */
	signIn: {
		clientId: '9a8b7c6d5e4f40318a2b1c0d9e8f7a6b',
		publicClient: true,
		scopes: ALL_SCOPES,
		redirectUriPattern: 'https://vscode\\.dev/redirect,https://127\\.0\\.0\\.1:[0-9]+/redirect',
		defaultRedirectUri: 'https://127.0.0.1/app/default',
	},
	unauthorized: {
		clientId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
		clientSecret: 'p8e-EMULATOR-no-product-profile-012345',
		scopes: ALL_SCOPES,
		unauthorized: true,
	},
};

const ROUTES = /** @type {const} */ ([
	'ims.token',
	'ims.discovery',
	'ims.authorize',
	'ims.consent',
	'ims.revoke',
	'ims.userinfo',
	'photoshop.hello',
	'photoshop.status',
	'firefly.customModels',
	...ASYNC_JOB_ROUTES,
	'storage.list',
	'storage.metadata',
	'storage.download',
	'storage.status',
	'storage.rendition',
	'download.content',
	...WRITE_ROUTES,
]);

/** Files at least this large are prepared asynchronously: download answers 202 and a job to poll. */
const ASYNC_DOWNLOAD_BYTES = 1_000_000;

class AdobeEmulator {
	/** @param {EmulatorOptions} [options] */
	constructor(options = {}) {
		/** @type {Map<string, Client>} */
		this.clients = new Map((options.clients ?? Object.values(DEMO_CLIENTS)).map((c) => [c.clientId, c]));
		this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 86399;
		this.rateLimitPerSecond = options.rateLimitPerSecond ?? 0;
		this.rateLimitClock = options.rateLimitClock ?? Date.now;
		this.content = createDemoContent({ largeFolderSize: options.largeFolderSize });
		/** @type {RequestRecord[]} */
		this.requests = [];
		/** @type {Map<string, { clientId: string, scopes: string[], expiresAt: number, userId?: string, grantId?: string }>} */
		this.tokens = new Map();
		/** User sign-in: authorize, consent, code and refresh grants, revoke, userinfo, and the HTTPS relay. */
		this.oauth = new ImsOAuth(this);
		/** Firefly and Photoshop jobs (asyncJobs.js). */
		this.asyncJobs = new AsyncJobs(this);
		/** Adobe's operations on an image: inputs, outputs, Firefly uploads, the Creative Cloud switch (operations.js). */
		this.operations = new Operations(this, options);
		/** @type {Array<{ route: Route | '*', fault: Fault, remaining: number }>} */
		this.faults = [];
		/** @type {Map<string, number[]>} clientId → recent Cloud Storage request times */
		this.recentByClient = new Map();
		/** Cloud Storage writes, jobs, downloads and the mutable content (storageWrites.js). */
		this.writes = new StorageWrites(this, options, () => createDemoContent({ largeFolderSize: options.largeFolderSize }));
		/** Bumped to make every outstanding cursor expire. */
		this.cursorGeneration = 1;
		this.requestCounter = 0;
		this.contract = options.contract ? cloudStorageContract() : undefined;
		/** Photoshop API v1 served as before its end of life; a setting like tokenLifetimeSeconds, so reset() keeps it. */
		this.photoshopV1 = options.photoshopV1 ?? false;
		/** The sign-in relay over loopback http, and IMS redirecting there (imsOAuth.js); fixed once started. */
		this.loopbackHttpRelay = options.loopbackHttpRelay ?? false;
		/** What contract mode found wrong, until a test takes it. Survives reset(). */
		/** @type {import('./contract').Violation[]} */
		this.violations = [];
		/** Cloud Storage exchanges being answered: the response → what it answers, for judging it. */
		/** @type {WeakMap<http.ServerResponse, { method: string, path: string, judged: boolean }>} */
		this.exchanges = new WeakMap();
		/** @type {http.Server | undefined} */
		this.server = undefined;
		/** @type {Set<import('node:net').Socket>} */
		this.sockets = new Set();
		this.url = '';
	}

	/** Starts listening on loopback; resolves with the base URL (e.g. http://127.0.0.1:41234). */
	async start(port = 0, host = '127.0.0.1') {
		if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new Error('The emulator listens on loopback only.');
		const server = http.createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				if (!res.headersSent) this.json(res, 500, { error_code: 'runtime_error', message: String(error) });
				else res.destroy();
			});
		});
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => resolve(undefined));
		});
		this.server = server;
		const address = /** @type {import('node:net').AddressInfo} */ (server.address());
		this.url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
		await this.oauth.startRelay();
		return this.url;
	}

	async stop() {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		await this.oauth.stopRelay();
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	}

	/** The three endpoint settings that point the extension here. */
	get endpoints() {
		return { ims: this.url, photoshop: this.url, cloudStorage: `${this.url}/v1` };
	}

	/**
	 * Makes the next `times` requests to `route` ('*' = any) misbehave.
	 * @param {Route | '*'} route @param {Fault} fault @param {number} [times]
	 */
	inject(route, fault, times = Infinity) {
		if (route !== '*' && !ROUTES.includes(route)) throw new Error(`unknown route ${route}; one of ${ROUTES.join(', ')}`);
		this.faults.push({ route, fault, remaining: times });
	}

	clearFaults() {
		this.faults = [];
	}

	/** Forgets requests, faults and issued tokens; the content goes back to the demo's. */
	reset() {
		this.writes.reset();
		this.requests = [];
		this.faults = [];
		this.tokens.clear();
		this.recentByClient.clear();
		this.oauth.reset();
		this.asyncJobs.reset();
		this.operations.reset();
	}

	/** Changes a file as another user would (storageWrites.js). @param {string} assetId @param {Buffer} [bytes] */
	touchFile(assetId, bytes) {
		return this.writes.touchFile(assetId, bytes);
	}

	/** Adds a file without an upload. @param {string} parentId @param {string} name @param {{ bytes?: Buffer, size?: number, mediaType?: string }} [content] */
	addFile(parentId, name, content) {
		return this.writes.addFile(parentId, name, content);
	}

	/** A file's current bytes. @param {string} assetId */
	fileContent(assetId) {
		return this.writes.fileContent(assetId);
	}

	/** Requests to pre-signed URLs (block PUTs, downloads) that carried an Authorization header: none, from a correct client. */
	get authorizationOnPresigned() {
		return this.writes.authorizationOnPresigned;
	}

	/** Returns and forgets the contract violations seen so far. */
	takeViolations() {
		return this.violations.splice(0);
	}

	/** @param {Route} [route] */
	count(route) {
		return route ? this.requests.filter((r) => r.route === route).length : this.requests.length;
	}

	expireAllTokens() {
		for (const token of this.tokens.values()) token.expiresAt = 0;
	}

	expireCursors() {
		this.cursorGeneration++;
	}

	/** Mints a token directly (for tests that need one without a request). @param {string} clientId */
	issueToken(clientId, lifetimeSeconds = this.tokenLifetimeSeconds) {
		const client = this.clients.get(clientId);
		if (!client) throw new Error(`unknown client ${clientId}`);
		return this.mint(client, client.scopes, lifetimeSeconds);
	}

	// ---- request handling ----

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async handle(req, res) {
		const url = new URL(req.url ?? '/', this.url);
		const requestId = req.headers['x-request-id']?.toString() || `emu-${String(++this.requestCounter).padStart(6, '0')}`;
		res.setHeader('x-request-id', requestId);
		/** @type {RequestRecord} */
		const record = {
			route: 'unknown',
			method: req.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries([...url.searchParams].filter(([name]) => name !== 'client_secret')),
			status: 0,
			at: Date.now(),
		};
		res.on('finish', () => (record.status = res.statusCode));
		res.on('close', () => (record.status ||= res.statusCode));

		if (url.pathname.startsWith('/__emulator/')) {
			record.route = 'control';
			return this.control(req, res, url);
		}
		// Photoshop's /v1/auto-crop shares the /v1 prefix with Cloud Storage here (one origin for every API): not judged by its spec.
		const cloudStorage = url.pathname.startsWith(`${BASE_PATH}/`) && url.pathname !== '/v1/auto-crop';
		const refusal = this.contract && cloudStorage ? this.judgeRequest(req, res, url) : undefined;
		const route = routeOf(record.method, url.pathname);
		if (!route)
			return this.json(res, 404, { error_code: 'resource_not_found', message: `No such endpoint: ${record.method} ${url.pathname}` });
		record.route = route;
		this.requests.push(record);

		if (refusal) return this.json(res, refusal.status, refusal.body);
		const fault = this.takeFault(route, url);
		if (fault) record.fault = fault.type;
		const exchange = this.exchanges.get(res);
		if (exchange && fault && OFF_CONTRACT_FAULTS.has(fault.type)) exchange.judged = false;
		if (fault?.type === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));
		if (fault?.type === 'drop') return dropMidResponse(res);
		if (fault?.type === 'malformedJson') return malformed(res);
		if (fault?.type === 'status') return this.faultStatus(res, route, fault);
		if (fault?.type === 'accessError') {
			res.setHeader('x-access-error', fault.reason);
			return this.json(res, 403, { error_code: 'access_error', message: 'Forbidden' });
		}
		if (fault?.type === 'echo') return this.echo(req, res, route, fault);
		if (fault?.type === 'endlessBody') return endlessBody(res, fault);
		if (fault?.type === 'stallBody') return stallBody(res, fault);

		const context = {
			url,
			record,
			expired: fault?.type === 'expiredToken',
			cursorExpired: fault?.type === 'cursorExpired',
			jobFailed: fault?.type === 'jobFailed' ? fault : undefined,
			requireScopes: fault?.type === 'requireScopes' ? fault.scopes : undefined,
			fault,
		};
		if (isPhotoshopV1(url.pathname) && !this.photoshopV1) return servePhotoshopV1Retired(this, req, res, context);
		switch (route) {
			case 'ims.token':
				return this.token(req, res, url, record);
			case 'ims.discovery':
				return this.json(res, 200, discoveryDocument(this.url));
			case 'ims.authorize':
				return this.oauth.authorize(res, url.searchParams);
			case 'ims.consent':
				return this.oauth.consent(res, new URLSearchParams(await readBody(req)));
			case 'ims.revoke': {
				const read = readImsParams(String(req.headers['content-type'] ?? ''), await readBody(req), url.searchParams);
				if ('error' in read) return this.json(res, 400, { error: 'invalid_request', error_description: read.error });
				record.formKeys = read.bodyKeys;
				return this.oauth.revoke(res, read.params);
			}
			case 'ims.userinfo':
				return this.oauth.userinfo(req, res);
			case 'photoshop.hello':
			case 'firefly.customModels':
				return serveFireflyServices(this, req, res, route, context);
			case 'photoshop.status':
			case 'firefly.generateAsync':
			case 'firefly.status':
			case 'firefly.cancel':
			case 'photoshop.psdSubmit':
			case 'photoshop.psdStatus':
			case 'photoshop.v2Submit':
			case 'firefly.generateVideo':
			case 'firefly.upscale':
			case 'indesign.submit':
			case 'indesign.status':
			case 'jobs.output':
			case 'photoshop.v2Edit':
			case 'photoshop.v2Actions':
			case 'photoshop.v2Artboard':
			case 'photoshop.v2Manifest':
			case 'photoshop.autoCrop':
			case 'firefly.similar':
			case 'firefly.expand':
			case 'firefly.fill':
			case 'firefly.objectComposite':
				return this.asyncJobs.serve(req, res, route, context, await readBody(req));
			case 'firefly.storageImage':
				return this.asyncJobs.serveUpload(req, res, context);
			case 'download.content':
				return this.writes.downloadContent(req, res, url);
			case 'upload.block':
				return this.writes.putBlock(req, res, url, fault);
			default:
				return this.storage(req, res, route, context);
		}
	}

	/**
	 * Contract mode: records what the request does wrong by the spec and returns Adobe's refusal, if
	 * Adobe would refuse it; registers the response to be judged when it is sent.
	 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url
	 */
	judgeRequest(req, res, url) {
		const contract = /** @type {import('./contract').CloudStorageContract} */ (this.contract);
		const method = req.method ?? 'GET';
		const { problems, refusal } = contract.checkRequest({ method, url, headers: req.headers });
		for (const message of problems) this.violations.push({ kind: 'request', method, path: url.pathname + url.search, message });
		this.exchanges.set(res, { method, path: url.pathname, judged: true });
		return refusal;
	}

	/**
	 * Contract mode: records what a response does wrong by the spec.
	 * @param {http.ServerResponse} res @param {number} status @param {string} contentType @param {unknown} [body]
	 */
	judgeResponse(res, status, contentType, body) {
		const exchange = this.exchanges.get(res);
		if (!this.contract || !exchange?.judged) return;
		for (const message of this.contract.checkResponse(exchange.method, exchange.path, status, contentType, body, res.getHeaders())) {
			this.violations.push({ kind: 'response', method: exchange.method, path: exchange.path, status, message });
		}
	}

	/** @param {Route} route @param {URL} [url] */
	takeFault(route, url) {
		const part = route === 'upload.block' ? Number(url?.pathname.split('/')[3]) : undefined;
		const rule = this.faults.find(
			(f) =>
				f.remaining > 0 &&
				(f.route === route || f.route === '*') &&
				(f.fault.type !== 'blockFails' || f.fault.partNumber === undefined || f.fault.partNumber === part),
		);
		if (!rule) return undefined;
		rule.remaining--;
		return rule.fault;
	}

	/** @param {http.ServerResponse} res @param {Route} route @param {Extract<Fault, { type: 'status' }>} fault */
	faultStatus(res, route, fault) {
		if (fault.retryAfter !== undefined) res.setHeader('retry-after', String(fault.retryAfter));
		return this.json(res, fault.status, fault.body ?? defaultErrorBody(route, fault.status));
	}

	/**
	 * A careless server: answers (400 unless `status` says otherwise) in the route's dialect with the
	 * bearer token and client_secret it received quoted in its text, in every form of `echoedForms`.
	 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {Route} route @param {Extract<Fault, { type: 'echo' }>} fault
	 */
	async echo(req, res, route, fault) {
		const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
		const secret = new URLSearchParams(await readBody(req)).get('client_secret');
		const text = `Rejected credentials: ${[bearer, secret].flatMap((value) => (value ? echoedForms(value) : [])).join(' | ')}`;
		return this.json(
			res,
			fault.status ?? 400,
			route.startsWith('ims.') ? { error: 'invalid_request', error_description: text } : { error_code: 'echo', message: text },
		);
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url @param {RequestRecord} record */
	async token(req, res, url, record) {
		const raw = await readBody(req);
		record.contentType = String(req.headers['content-type'] ?? '');
		record.secretInQuery = url.searchParams.has('client_secret');
		const imsError = (/** @type {string} */ error, /** @type {string} */ description) =>
			this.json(res, 400, { error, error_description: description });
		const read = readImsParams(record.contentType, raw, url.searchParams);
		if ('error' in read) return imsError('invalid_request', read.error);
		record.formKeys = read.bodyKeys;
		const form = read.params;
		const grantType = form.get('grant_type');
		if (!grantType) return imsError('invalid_request', 'missing grant_type parameter');
		if (grantType === 'authorization_code' || grantType === 'refresh_token') return this.oauth.token(res, form, grantType, record);
		if (grantType !== 'client_credentials') return imsError('unsupported_grant_type', `unsupported grant_type ${grantType}`);
		const client = this.clients.get(form.get('client_id') ?? '');
		if (!client) return imsError('invalid_client', 'invalid client_id parameter');
		record.clientId = client.clientId;
		if (client.publicClient || form.get('client_secret') !== client.clientSecret)
			return imsError('invalid_client', 'invalid client_secret parameter');
		if (client.unauthorized) return imsError('unauthorized_client', 'Client is not authorized for the client_credentials grant type');
		const scopes = (form.get('scope') ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		if (scopes.length === 0) return imsError('invalid_scope', 'missing scope parameter');
		const invalid = scopes.filter((s) => !client.scopes.includes(s));
		if (invalid.length > 0) return imsError('invalid_scope', `Invalid scope(s): ${invalid.join(',')}`);
		const token = this.mint(client, scopes, this.tokenLifetimeSeconds);
		return this.json(res, 200, { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds });
	}

	/**
	 * @param {Client} client @param {string[]} scopes @param {number} lifetimeSeconds
	 * @param {{ userId: string, grantId: string }} [user] a signed-in user's token (imsOAuth.js)
	 */
	mint(client, scopes, lifetimeSeconds, user) {
		const now = Date.now();
		const b64 = (/** @type {object} */ o) => Buffer.from(JSON.stringify(o)).toString('base64url');
		// Shaped like IMS's JWTs: created_at and expires_in are milliseconds, as strings.
		const token = [
			b64({ alg: 'RS256', x5u: 'ims_na1-key-at-1.cer', kid: 'ims_na1-key-at-1', itt: 'at' }),
			b64({
				id: randomBytes(8).toString('hex'),
				type: 'access_token',
				client_id: client.clientId,
				user_id: user?.userId ?? TECH_USER,
				as: 'ims-na1',
				scope: scopes.join(','),
				created_at: String(now),
				expires_in: String(lifetimeSeconds * 1000),
			}),
			randomBytes(32).toString('base64url'),
		].join('.');
		this.tokens.set(token, { clientId: client.clientId, scopes, expiresAt: now + lifetimeSeconds * 1000, ...user });
		return token;
	}

	/**
	 * The token behind an Authorization header, if it is one we issued and it is still valid.
	 * @param {http.IncomingMessage} req @param {boolean} forceExpired
	 */
	bearer(req, forceExpired) {
		const header = String(req.headers.authorization ?? '');
		const match = /^Bearer\s+(\S+)$/i.exec(header);
		if (!match) return { missing: true };
		const token = this.tokens.get(match[1]);
		if (!token || forceExpired || token.expiresAt <= Date.now() || (token.grantId && this.oauth.revokedGrants.has(token.grantId)))
			return { invalid: true };
		return { token };
	}

	/**
	 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {Route} route
	 * @param {{ url: URL, record: RequestRecord, expired: boolean, cursorExpired: boolean, jobFailed?: Extract<Fault, { type: 'jobFailed' }>, fault?: Fault }} ctx
	 */
	storage(req, res, route, ctx) {
		const auth = this.bearer(req, ctx.expired);
		if (!auth.token) return this.json(res, 401, { error_code: 'unauthorized', message: 'You are not authorized to access this resource.' });
		const client = /** @type {Client} */ (this.clients.get(auth.token.clientId));
		ctx.record.clientId = client.clientId;
		if (this.rateLimited(client.clientId)) {
			res.setHeader('retry-after', '1');
			return this.json(res, 429, {
				error_code: 'rate_limited',
				message: 'Too many requests have been made. Please try after specified time.',
			});
		}
		const segments = ctx.url.pathname.split('/').slice(2).map(decodeURIComponent); // ['projects'] | [kind, id] | [kind, id, 'children']
		// getFileImageRendition: "If the file exists, but the requester does not have the requisite permissions … It will
		// return a 404 Not Found response" (AdobeDocs/cloud-storage static/index.yml).
		if (route === 'storage.rendition' && (client.storageDenied || ctx.fault?.type === 'noPermission'))
			return this.notFound(res, segments[1]);
		if (ctx.fault?.type === 'noPermission' && route !== 'storage.list' && route !== 'storage.status') return this.accessError(res);
		if (client.storageDenied) {
			// GET /projects documents no 403 (AdobeDocs/cloud-storage static/index.yml, getProjects: 200/401/406/422/429/500):
			// it lists what the account may access, which is nothing; GET /status/{jobId} documents 404, not 403.
			if (route === 'storage.list' && segments.length === 1) return this.list(res, ctx, 'projects', [], 'items');
			if (route === 'storage.status') return this.notFound(res, segments[1]);
			return this.accessError(res);
		}
		if (route === 'storage.status') return this.writes.jobStatus(res, segments[1], ctx.jobFailed);
		if (this.writes.serves(route)) return this.writes.serve(req, res, route, ctx);
		if (route === 'storage.download' || route === 'storage.rendition') {
			const file = this.content.byId.get(segments[1]);
			if (!file || file.assetType !== 'file') return this.notFound(res, segments[1]);
			return route === 'storage.download'
				? this.writes.download(res, file, ctx.url, ASYNC_DOWNLOAD_BYTES)
				: this.rendition(res, file, ctx.url);
		}
		if (route === 'storage.metadata') {
			const asset = this.content.byId.get(segments[1]);
			if (!asset || `${asset.assetType}s` !== segments[0]) return this.notFound(res, segments[1]);
			// getProject/Folder/File document 304 (matchedEtagResponse) for an If-None-Match that still matches.
			const etag = this.writes.etag(asset);
			res.setHeader('etag', etag);
			if (req.headers['if-none-match'] === etag) {
				this.judgeResponse(res, 304, '');
				res.writeHead(304);
				return res.end();
			}
			return this.json(res, 200, asset);
		}
		if (segments.length === 1) return this.list(res, ctx, 'projects', this.content.projects, 'items');
		const container = this.content.byId.get(segments[1]);
		if (!container || `${container.assetType}s` !== segments[0] || container.assetType === 'file') return this.notFound(res, segments[1]);
		return this.list(res, ctx, container.assetId, this.content.children.get(container.assetId) ?? [], 'children');
	}

	/**
	 * A small PNG (a colour derived from the id) for image files and cloud documents (`…+dcx`, which Adobe renders but
	 * does not download); 422 for others. @param {http.ServerResponse} res @param {import('./content').Asset} file @param {URL} url
	 */
	rendition(res, file, url) {
		if (!file.mediaType?.startsWith('image/') && !file.mediaType?.endsWith('+dcx')) {
			return this.json(res, 422, {
				error_code: 'validation_error',
				message: `Renditions are not supported for media type ${file.mediaType}`,
			});
		}
		// The size parameter: an integer 1–8192, the longest side (AdobeDocs/cloud-storage static/index.yml,
		// components/parameters/size); out of range is a validation_error as in the spec's invalidLimitRange example.
		const rawSize = url.searchParams.get('size');
		if (rawSize !== null && !/^-?\d+$/.test(rawSize)) {
			return this.json(res, 422, {
				error_code: 'validation_error',
				message: `Provided value: (${rawSize}) for query parameter: size is of invalid type. Allowed Type is Integer`,
			});
		}
		if (rawSize !== null && (Number(rawSize) < 1 || Number(rawSize) > 8192)) {
			return this.json(res, 422, {
				error_code: 'validation_error',
				message: `Provided value: (${rawSize}) for query parameter: size is out of the allowed range. Allowed Range is 1-8192`,
			});
		}
		// The PNG itself stays small: 16–512 pixels whatever was asked.
		const size = Math.min(512, Math.max(16, Number(rawSize) || 128));
		this.judgeResponse(res, 200, 'image/png');
		res.writeHead(200, { 'content-type': 'image/png' });
		// A replaced or touched file renders in another colour (the seed takes its version after the first change).
		const version = this.writes.versions.get(file.assetId);
		return res.end(solidPng(size, version ? `${file.assetId}#v${version}` : file.assetId));
	}

	/** @param {string} clientId */
	rateLimited(clientId) {
		if (!this.rateLimitPerSecond) return false;
		const now = this.rateLimitClock();
		const recent = (this.recentByClient.get(clientId) ?? []).filter((t) => now - t < 1000);
		const limited = recent.length >= this.rateLimitPerSecond;
		if (!limited) recent.push(now);
		this.recentByClient.set(clientId, recent);
		return limited;
	}

	/** @param {http.ServerResponse} res */
	accessError(res) {
		return this.json(res, 403, {
			error_code: 'access_error',
			message: 'You do not have following permission(s) to perform this action on the resource: [read].',
		});
	}

	/** @param {http.ServerResponse} res @param {string} id */
	notFound(res, id) {
		return this.json(res, 404, { error_code: 'resource_not_found', message: `The requested resource (${id}) was not found.` });
	}

	/**
	 * One page of a listing, with Adobe's paging rules: `limit` 1–100 (default 20); `sortBy` and
	 * `filter` on the first page only; an opaque cursor in `paging.nextUrl`, absent on the last page.
	 * @param {http.ServerResponse} res @param {{ url: URL, cursorExpired: boolean }} ctx
	 * @param {string} containerId @param {import('./content').Asset[]} all @param {'items' | 'children'} key
	 */
	list(res, ctx, containerId, all, key) {
		const params = ctx.url.searchParams;
		const validation = (/** @type {string} */ message) => this.json(res, 422, { error_code: 'validation_error', message });
		const rawLimit = params.get('limit');
		let limit = 20;
		if (rawLimit !== null) {
			if (!/^-?\d+$/.test(rawLimit)) return validation(`Provided value: (${rawLimit}) for query parameter: limit is not a valid integer`);
			limit = Number(rawLimit);
			if (limit < 1 || limit > 100)
				return validation(`Provided value: (${rawLimit}) for query parameter: limit is out of the allowed range. Allowed Range is 1-100`);
		}
		const rawCursor = params.get('cursor');
		// sortBy and filter are "Only applicable for the first page" (AdobeDocs/cloud-storage static/index.yml); contract
		// mode reads that from the spec, and the emulator refuses the same without it.
		for (const firstPageOnly of ['sortBy', 'filter']) {
			if (rawCursor !== null && params.has(firstPageOnly))
				return validation(`Following query parameters: [cursor and ${firstPageOnly}] are not allowed together`);
		}
		let offset = 0;
		let sortBy = params.get('sortBy') ?? '+name';
		let filter = params.get('filter') ?? '';
		if (rawCursor !== null) {
			const cursor = decodeCursor(rawCursor);
			if (!cursor || cursor.c !== containerId) return validation('The cursor is not valid for this listing');
			// Listings document 422 (not 400) for problems with paging parameters; cursor_expired is in errorCodeEnums.
			if (ctx.cursorExpired || cursor.g !== this.cursorGeneration) {
				return this.json(res, 422, {
					error_code: 'cursor_expired',
					message: 'The cursor has expired. Start the listing again without a cursor.',
				});
			}
			({ o: offset, s: sortBy, f: filter } = cursor);
		}
		const rules = listingRules(key === 'items' ? 'projects' : 'children');
		const refused = [...checkFilter(filter, rules.filterFields), ...checkSort(sortBy, rules.sortFields)];
		if (refused.length) return validation(refused.join('; '));
		const matcher = parseFilter(filter);
		if (typeof matcher === 'string') return validation(matcher);
		const sorted = sortAssets(all.filter(matcher), sortBy);
		if (typeof sorted === 'string') return validation(sorted);
		const page = sorted.slice(offset, offset + limit);
		/** @type {{ limit: number, nextUrl?: string }} */
		const paging = { limit };
		if (offset + limit < sorted.length) {
			const next = new URL(ctx.url.pathname, this.url);
			next.searchParams.set('cursor', encodeCursor({ c: containerId, o: offset + limit, s: sortBy, f: filter, g: this.cursorGeneration }));
			next.searchParams.set('limit', String(limit));
			paging.nextUrl = next.toString();
		}
		return this.json(res, 200, { paging, [key]: page });
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url */
	async control(req, res, url) {
		const action = `${req.method} ${url.pathname}`;
		if (action === 'GET /__emulator/requests') {
			const route = url.searchParams.get('route');
			return this.json(res, 200, { requests: this.requests.filter((r) => !route || r.route === route) });
		}
		if (action === 'GET /__emulator/violations') return this.json(res, 200, { violations: this.violations });
		if (action === 'DELETE /__emulator/violations') return this.json(res, 200, { violations: this.takeViolations() });
		if (action === 'GET /__emulator/info') {
			return this.json(res, 200, {
				endpoints: this.endpoints,
				clients: DEMO_CLIENTS,
				users: DEMO_USERS,
				relayUrl: this.oauth.relayUrl,
				largeFolderId: this.content.largeFolderId,
				routes: ROUTES,
			});
		}
		if (action === 'POST /__emulator/faults') {
			const body = JSON.parse((await readBody(req)) || '{}');
			try {
				this.inject(body.route, body.fault, body.times ?? Infinity);
			} catch (error) {
				return this.json(res, 400, { message: String(error) });
			}
			return this.json(res, 200, { faults: this.faults.length });
		}
		if (action === 'POST /__emulator/config') {
			const body = JSON.parse((await readBody(req)) || '{}');
			if (body.tokenLifetimeSeconds !== undefined) this.tokenLifetimeSeconds = Number(body.tokenLifetimeSeconds);
			if (body.rateLimitPerSecond !== undefined) this.rateLimitPerSecond = Number(body.rateLimitPerSecond);
			if (body.photoshopV1 !== undefined) this.photoshopV1 = body.photoshopV1 === true;
			let signIn;
			try {
				signIn = this.oauth.configure(body.signIn ?? {});
			} catch (error) {
				return this.json(res, 400, { message: String(error) });
			}
			return this.json(res, 200, {
				tokenLifetimeSeconds: this.tokenLifetimeSeconds,
				rateLimitPerSecond: this.rateLimitPerSecond,
				photoshopV1: this.photoshopV1,
				signIn,
			});
		}
		if (action === 'DELETE /__emulator/faults') {
			this.clearFaults();
			return this.json(res, 200, { faults: 0 });
		}
		if (action === 'POST /__emulator/clear-requests') {
			this.requests = [];
			return this.json(res, 200, {});
		}
		if (action === 'POST /__emulator/reset') {
			this.reset();
			return this.json(res, 200, {});
		}
		if (action === 'POST /__emulator/expire-tokens') {
			this.expireAllTokens();
			return this.json(res, 200, {});
		}
		if (url.pathname.startsWith('/__emulator/jobs') && this.asyncJobs.control(action, await readBody(req), res)) return;
		if (url.pathname.startsWith('/__emulator/operations') && this.operations.control(action, await readBody(req), res)) return;
		if (url.pathname.startsWith('/__emulator/storage/') && this.writes.control(action, await readBody(req), url, res)) return;
		if (action === 'POST /__emulator/expire-cursors') {
			this.expireCursors();
			return this.json(res, 200, {});
		}
		return this.json(res, 404, { message: `unknown control ${action}` });
	}

	/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
	json(res, status, body) {
		this.judgeResponse(res, status, 'application/json', body);
		res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
		res.end(JSON.stringify(body));
	}
}

/** @param {string} method @param {string} path @returns {Route | undefined} */
function routeOf(method, path) {
	if (method === 'POST' && path === '/ims/token/v3') return 'ims.token';
	if (method === 'POST' && path === '/ims/revoke') return 'ims.revoke';
	if (method === 'POST' && path === '/ims/authorize/v2/consent') return 'ims.consent';
	const asyncJob = asyncJobRoute(method, path);
	if (asyncJob) return asyncJob;
	const write = writeRouteOf(method, path);
	if (write) return write;
	if (method !== 'GET') return undefined;
	if (path === '/ims/.well-known/openid-configuration') return 'ims.discovery';
	if (path === '/ims/authorize/v2') return 'ims.authorize';
	if (path === '/ims/userinfo/v2') return 'ims.userinfo';
	const fireflyServices = fireflyServicesRoute(method, path);
	if (fireflyServices) return fireflyServices;
	if (path === '/v1/projects' || /^\/v1\/(projects|folders)\/[^/]+\/children$/.test(path)) return 'storage.list';
	if (/^\/v1\/(projects|folders|files)\/[^/]+$/.test(path)) return 'storage.metadata';
	if (/^\/v1\/files\/[^/]+\/download$/.test(path)) return 'storage.download';
	if (/^\/v1\/files\/[^/]+\/image-rendition$/.test(path)) return 'storage.rendition';
	if (/^\/v1\/status\/[^/]+$/.test(path)) return 'storage.status';
	if (/^\/__download\/[^/]+$/.test(path)) return 'download.content';
	return undefined;
}

/** Error bodies in each service's dialect, for injected status faults. @param {Route} route @param {number} status */
function defaultErrorBody(route, status) {
	if (route.startsWith('ims.')) {
		return status === 429
			? { error: 'too_many_requests', error_description: 'Too many requests' }
			: { error: 'server_error', error_description: 'The server encountered an internal error' };
	}
	if (route.startsWith('photoshop.') || route.startsWith('firefly.')) return gatewayErrorBody(status);
	return status === 429
		? { error_code: 'rate_limited', message: 'Too many requests have been made. Please try after specified time.' }
		: { error_code: 'runtime_error', message: 'An unexpected error occurred while processing your request.' };
}

/** A value as the echo fault quotes it: raw, JSON-escaped (also with `\/`, as PHP writes it) and URL-encoded. @param {string} value */
function echoedForms(value) {
	const json = JSON.stringify(value).slice(1, -1);
	return [value, json, json.replace(/\//g, '\\/'), encodeURIComponent(value)];
}

/** Sends a status line and half a body, then cuts the connection. @param {http.ServerResponse} res */
function dropMidResponse(res) {
	res.writeHead(200, { 'content-type': 'application/json', 'content-length': '256' });
	res.write('{"access_token":"', () => res.socket?.destroy());
}

const FILLER = Buffer.alloc(64 * 1024, 0x20);

/**
 * A 200 whose body never ends: filler as fast as the client reads, or 1 kB every `intervalMs`.
 * @param {http.ServerResponse} res @param {Extract<Fault, { type: 'endlessBody' }>} fault
 */
function endlessBody(res, fault) {
	res.writeHead(200, { 'content-type': 'application/octet-stream' });
	if (fault.intervalMs) {
		const timer = setInterval(() => res.write(FILLER.subarray(0, 1024)), fault.intervalMs);
		res.on('close', () => clearInterval(timer));
		return;
	}
	const pump = () => {
		while (!res.destroyed && res.write(FILLER));
	};
	res.on('drain', pump);
	pump();
}

/**
 * A 200 that sends `afterBytes` of filler (behind `contentLength`, if given) and then nothing more,
 * holding the connection open until the client gives up.
 * @param {http.ServerResponse} res @param {Extract<Fault, { type: 'stallBody' }>} fault
 */
function stallBody(res, fault) {
	const length = fault.contentLength === undefined ? {} : { 'content-length': String(fault.contentLength) };
	res.writeHead(200, { 'content-type': 'application/octet-stream', ...length });
	res.flushHeaders();
	if (fault.afterBytes > 0) res.write(Buffer.alloc(fault.afterBytes, 0x20));
}

/** @param {http.ServerResponse} res */
function malformed(res) {
	res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
	res.end('{"paging": {"limit": 20}, "items": [ {"assetId": "urn:aaid:sc:US:broken", "name": ');
}

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** @param {{ c: string, o: number, s: string, f: string, g: number }} cursor */
function encodeCursor(cursor) {
	return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** @param {string} raw */
function decodeCursor(raw) {
	try {
		const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
		return typeof cursor?.c === 'string' && Number.isInteger(cursor.o) ? cursor : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A FIQL filter already checked against the listing's documented fields (listingRules): mediaType
 * (== or =in=), assetType (==), state (==), createdBy (== or != current_user, the token's
 * Technical Account), joined with ';' (and). Returns a predicate, or a validation message.
 * @param {string} filter
 * @returns {((a: import('./content').Asset) => boolean) | string}
 */
function parseFilter(filter) {
	if (!filter.trim()) return (a) => a.state === 'active';
	/** @type {Array<(a: import('./content').Asset) => boolean>} */
	const tests = [];
	let state = 'active';
	for (const clause of filter.split(';')) {
		const m = /^(\w+)(==|=in=|!=)(.+)$/.exec(clause.trim());
		if (!m) return `Invalid filter expression: ${clause}`;
		const [, field, op, value] = m;
		if (field === 'state' && op === '==') state = value;
		else if (field === 'assetType' && op === '==') tests.push((a) => a.assetType === value);
		else if (field === 'mediaType' && op === '==') tests.push((a) => a.mediaType === value);
		else if (field === 'createdBy' && value === 'current_user') tests.push((a) => (a.createdBy === TECH_USER) === (op === '=='));
		else if (field === 'mediaType' && op === '=in=') {
			const values = value.replace(/^\(|\)$/g, '').split(',');
			tests.push((a) => values.includes(a.mediaType ?? ''));
		} else return `Unsupported filter: ${clause}`;
	}
	return (a) => a.state === state && tests.every((t) => t(a));
}

/**
 * @param {import('./content').Asset[]} assets @param {string} sortBy e.g. "+name", "-modified,+name"
 * @returns {import('./content').Asset[] | string}
 */
function sortAssets(assets, sortBy) {
	const keys = { name: 'name', created: 'createdDate', modified: 'modifiedDate' };
	/** @type {Array<{ field: 'name' | 'createdDate' | 'modifiedDate', dir: number }>} */
	const order = [];
	for (const part of sortBy.split(',')) {
		const m = /^([+-]?)(\w+)$/.exec(part.trim());
		const field = m ? keys[/** @type {keyof typeof keys} */ (m[2])] : undefined;
		if (!m || !field) return `Unsupported sortBy value: ${part}`;
		order.push({ field: /** @type {'name' | 'createdDate' | 'modifiedDate'} */ (field), dir: m[1] === '-' ? -1 : 1 });
	}
	return [...assets].sort((a, b) => {
		for (const { field, dir } of order) {
			const c = a[field].localeCompare(b[field], 'en');
			if (c !== 0) return c * dir;
		}
		return a.assetId.localeCompare(b.assetId);
	});
}

/** A file's content: `size` deterministic bytes derived from its id, so tests can check downloads byte for byte. @param {import('./content').Asset} file */
function fileBytes(file) {
	return demoImageBytes(file, file.size ?? 0) ?? patternBytes(file.assetId, 0, file.size ?? 0);
}

module.exports = { AdobeEmulator, DEMO_CLIENTS, DEMO_USERS, ALL_SCOPES, ROUTES, fileBytes, solidPng, ASYNC_DOWNLOAD_BYTES, echoedForms };
