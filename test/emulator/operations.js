// @ts-check
/**
 * Adobe's operations on an image, in the emulator (issue #20): Photoshop API v2 and Firefly v3 jobs that read
 * real inputs (the Cloud Storage store of storageWrites.js, the emulator's pre-signed URLs, Firefly uploads)
 * and write real small images (demoImages.js) where the request says. The job lifecycle (polls, status
 * bodies, cancel, holds) is asyncJobs.js's; this module submits, reads inputs and delivers outputs.
 *
 * Photoshop API v2 (test/contract/photoshop-v2/photoshopv2-api.json, from AdobeDocs/ffs-photoshop-API
 * static/photoshopv2-api.json; 202 JobAcceptedResponse { jobId, statusUrl }, status GET /v2/status/{jobId}):
 *   POST /v2/create-composite  createComposite   image.source or image { width, height }; outputs 1–25
 *   POST /v2/edit              edit              image.source; edits (LightroomEdits: autoTone, …); outputs LrJpeg/LrPng/…
 *   POST /v2/execute-actions   executeActions    image; options.actions[] (.atn: ActionResource.source, read like an input)
 *   POST /v2/create-artboard   createArtboard    images[] 1–25, each .source
 *   POST /v2/generate-manifest generateManifest  image.source (a PSD); outputs ManifestJsonOutput (application/json)
 *   POST /v1/auto-crop         autoCrop          image.source.url; mode; outputType images | boundingBoxes
 * Inputs (FileResourceInput): `url` (a loopback URL is fetched without Authorization; the emulator's own
 * pre-signed Cloud Storage download /__download/… and job outputs /__jobs/output/… are resolved internally;
 * a URL elsewhere is not fetched, the emulator stays offline, and stands for a demo picture),
 * `creativeCloudFileId` (a file of the store), `creativeCloudPath` + `creativeCloudProjectId` (the path inside
 * the project, no leading slash: create-artboard-v1-reference.md "Creative Cloud paths must not have a leading
 * slash"; a leading slash is refused 400 validation_error, our choice), or `creativeCloudPath` alone (the
 * token's own Creative Cloud Files: kept per client, not in any project listing). An input that cannot be read
 * fails the job: errorDetails [{ errorCode: '400401', message: 'The value provided is not valid. …' }]
 * (status-migration.md "Common error codes").
 * Outputs (PhotoshopOutput.destination, echoed in the status as status-migration.md "Output handling" shows):
 *   { url }                 PUT (Content-Type and Content-Length, no Authorization) to a loopback URL, e.g. a
 *                           Cloud Storage transfer link; elsewhere not sent (offline). Status { url, mediaType }.
 *   { validityPeriod }      Adobe-hosted: served at ${emulator.url}/__jobs/output/{sig}?X-Amz-…, without
 *                           Authorization (one sent is answered 400 and counted in authorizationOnPresigned),
 *                           403 after validityPeriod seconds. Status { url, mediaType }.
 *   { creativeCloudPath, creativeCloudProjectId? }  a new file in the store (missing folders made); a taken name
 *                           fails that output (422404) unless shouldOverwrite: true, which makes a new version.
 *                           Status { destination: { creativeCloudPath, creativeCloudProjectId? }, mediaType }.
 *   { embedded }            Status { destination: { embedded, content }, mediaType }: json an object, base64 the
 *                           bytes, string the text (base64 for an image).
 *   auto-crop takes no outputs: its answer (AutoCropOutput { subject, objects, crops[] { boundingBoxes[] { x, y, width,
 *   height, url? } } }) is the status's result.outputs[0] { destination: { embedded: 'json', content }, mediaType:
 *   'application/json' }, our choice (the spec names the schema, not where the status carries it); crop images are hosted.
 *   The spec types Result.outputs as an object; the guides' examples (and this emulator) answer a list.
 *   Bytes: image/png a 64×64 PNG, image/jpeg a 32×32 JPEG (with a comment naming the job and output),
 *   image/tiff a 16×16 TIFF, image/vnd.adobe.photoshop a 64×64 flattened PSD, application/json the manifest
 *   (or the auto-crop answer); other types a few fixed bytes of that type.
 *
 * Firefly v3 (test/contract/firefly/firefly-api.json, from AdobeDocs/ffs-firefly-api static/firefly-api.json):
 *   POST /v2/storage/image (storageImageV2): the raw image (image/jpeg, png, webp, tiff, jxl; at most 15 MB, "The
 *     maximum file size supported for uploading an image is 15MB"; empty or larger: 400 ErrorBody
 *     { error_code: 'bad_request' }; another type: 415 invalid_content_type) → 200 { images: [{ id }] } (a UUID,
 *     the `uploadId` of PublicBinaryInputV3). Uploads are kept in memory, 64 at most (the oldest dropped).
 *   POST /v3/images/generate-similar-async (generateSimilarImagesV3Async), expand-async (expandImagesV3Async),
 *     fill-async (fillImagesV3Async: image and mask required), generate-object-composite-async
 *     (generateObjectCompositeV3Async: image and prompt), upscale (preciseUpsamplerV3Async): image.source
 *     { uploadId } or { url } (a URL read as above; an uploadId never issued stands for a demo picture, counted in
 *     GET /__emulator/operations `unknownUploadIds`). 202 { jobId, statusUrl, cancelUrl } (upscale: { links });
 *     outputs numVariations (or seeds) PNGs at Firefly-hosted pre-signed URLs (/__jobs/output/…, no Authorization).
 *
 * The Creative Cloud switch (refuseCreativeCloud: off by default; EmulatorOptions, CLI --refuse-creative-cloud
 * [job|submit], POST /__emulator/operations/config { refuseCreativeCloud: 'job' | 'submit' | false }): a
 * server-to-server token (one minted by client_credentials; a signed-in user's token is never refused) may not
 * read a `creativeCloudFileId` / `creativeCloudPath` input (image.source, images[].source, action sources) or
 * write a `creativeCloudPath` destination. Adobe's migration guide says a Creative Cloud destination "Requires user
 * authentication" (src/pages/guides/photoshop-v2/v1-to-v2/format-conversion-migration.md, "Creative Cloud storage
 * with path") while every other page documents server-to-server credentials only; no page shows the refusal. So:
 *   'job' (default when on): the submit is accepted (202) and the job fails on its first poll with
 *     status "failed", errorDetails [{ errorCode: "403401", message: "User not authorized" }] — the code
 *     status-migration.md "Common error codes" lists for "User not authorized". Nothing is read or written.
 *   'submit': the submit is refused synchronously, 403 ErrorResponse { error_code: "unauthorized_forbidden",
 *     message: "User not authorized" } — the spec's 403 "Forbidden - User not authorized or quota exhausted"
 *     with its ErrorResponse code for "The user is not entitled to call this service".
 * A client should fall back on either (and only for a request that used Creative Cloud).
 *
 * Faults (emulator.inject on a submit route): jobFailed (the job fails, errorDetails/error_code from the fault),
 * jobPartial (Photoshop: every output but the last is delivered, the last fails with 422404 and the status is
 * "partially_succeeded", Cloud Storage's word, which core/jobs/readers.ts reads; with one output the job fails;
 * Firefly: the job succeeds with one image fewer than asked, a job that asked for one fails), slowJob { polls } (that many
 * "running" answers before it ends), jobHold, lyingStatusUrl, and the route faults every route takes. An output
 * URL can be failed with a status fault on jobs.output.
 * Contract mode (EmulatorOptions.contract): request bodies are validated against the vendored specs
 * (opsContract.js) and what they refuse is answered as Adobe would: Photoshop 400 ErrorResponse
 * { error_code: 'validation_error', message: 'Validation failed', errors[] }, Firefly 422 ValidationErrorResponse
 * { error_code: 'validation_error', validation_errors[] { loc, msg, type } }; each is recorded as a violation.
 * The demo PSD with a layer tree: /Brand Refresh 2026/Campaign/key-visual.psd (DEMO_PSD_PATH).
 */
const { randomUUID } = require('node:crypto');
const http = require('node:http');
const { solidPng, solidTiff, solidPsd, psdSize, jpegWithComment, padImage } = require('./demoImages');
const { parseObject, readCreateComposite } = require('./jobRequests');
const { validateOperationBody } = require('./opsContract');

const OPERATION_ROUTES = /** @type {const} */ ([
	'photoshop.v2Edit',
	'photoshop.v2Actions',
	'photoshop.v2Artboard',
	'photoshop.v2Manifest',
	'photoshop.autoCrop',
	'firefly.storageImage',
	'firefly.similar',
	'firefly.expand',
	'firefly.fill',
	'firefly.objectComposite',
]);

/** @typedef {typeof OPERATION_ROUTES[number] | 'photoshop.v2Submit' | 'firefly.upscale'} OperationRoute */

/** Submit paths → route and the spec's path. */
const SUBMIT_PATHS = /** @type {Record<string, OperationRoute>} */ ({
	'/v2/create-composite': 'photoshop.v2Submit',
	'/v2/edit': 'photoshop.v2Edit',
	'/v2/execute-actions': 'photoshop.v2Actions',
	'/v2/create-artboard': 'photoshop.v2Artboard',
	'/v2/generate-manifest': 'photoshop.v2Manifest',
	'/v1/auto-crop': 'photoshop.autoCrop',
	'/v2/storage/image': 'firefly.storageImage',
	'/v3/images/generate-similar-async': 'firefly.similar',
	'/v3/images/expand-async': 'firefly.expand',
	'/v3/images/fill-async': 'firefly.fill',
	'/v3/images/generate-object-composite-async': 'firefly.objectComposite',
	'/v3/images/upscale': 'firefly.upscale',
});
const PATH_OF = Object.fromEntries(Object.entries(SUBMIT_PATHS).map(([path, route]) => [route, path]));

/** The routes this module adds (create-composite and upscale were asyncJobs.js's and still are routed there). @param {string} method @param {string} path */
function operationRoute(method, path) {
	const route = method === 'POST' ? SUBMIT_PATHS[path] : undefined;
	return route && /** @type {readonly string[]} */ (OPERATION_ROUTES).includes(route) ? route : undefined;
}

/** storageImageV2's limit. */
const MAX_FIREFLY_UPLOAD = 15 * 1024 * 1024;
const MAX_FIREFLY_UPLOADS = 64;
/** Inputs read from a loopback URL: at most this many bytes (more fails the job). */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** Padded outputs at most this large (each is held in memory until reset). */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const FIREFLY_UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/tiff', 'image/jxl'];

/** The demo PSD whose manifest has a layer tree (content.js adds it). */
const DEMO_PSD_PATH = '/Brand Refresh 2026/Campaign/key-visual.psd';

const CC_REFUSED = { error_code: '403401', message: 'User not authorized' };
const CC_REFUSED_AT_SUBMIT = { error_code: 'unauthorized_forbidden', message: 'User not authorized' };

/**
 * @typedef {{ bytes: Buffer, mediaType: string, name?: string, assetId?: string, path?: string }} Input
 * @typedef {{ error_code: string, message: string }} JobError
 * @typedef {object} OperationJob   what a job of this module carries (Job.op)
 * @property {OperationRoute} route
 * @property {Record<string, any>} request
 * @property {Input[]} inputs
 * @property {boolean} partial          the jobPartial fault
 * @property {Promise<void>} [delivery] the outputs being written, once the job ended well
 * @property {Array<Record<string, unknown>>} [results]  the status outputs, in order
 * @property {JobError[]} [outputErrors]
 */

class Operations {
	/** @param {import('./server').AdobeEmulator} emulator @param {{ refuseCreativeCloud?: boolean | 'job' | 'submit', operationOutputBytes?: number }} [options] */
	constructor(emulator, options = {}) {
		this.emulator = emulator;
		/** @type {'off' | 'job' | 'submit'} */
		this.refuseCreativeCloud = refusalMode(options.refuseCreativeCloud);
		/** Image outputs padded to this many bytes (benchmarks of large results); 0: as made. A setting: reset() keeps it. */
		this.paddedOutputBytes = outputBytesOf(options.operationOutputBytes);
		/** Firefly uploads: uploadId → the image. @type {Map<string, { bytes: Buffer, mediaType: string, clientId: string }>} */
		this.uploads = new Map();
		/** Creative Cloud Files outside projects (creativeCloudPath without a project), per client: `${clientId}\n${path}` → file. */
		/** @type {Map<string, { bytes: Buffer, mediaType: string }>} */
		this.personalFiles = new Map();
		this.unknownUploadIds = 0;
		/** Requests to the emulator's hosted outputs that carried Authorization (also counted in writes.authorizationOnPresigned). */
		this.authorizationOnOutputs = 0;
		/** PUTs made to destination URLs, for tests: { url without query, status }. */
		/** @type {Array<{ url: string, status: number }>} */
		this.deliveries = [];
	}

	reset() {
		this.uploads.clear();
		this.personalFiles.clear();
		this.unknownUploadIds = 0;
		this.authorizationOnOutputs = 0;
		this.deliveries = [];
	}

	get jobs() {
		return this.emulator.asyncJobs;
	}

	// ---- submit ----

	/**
	 * A submit of one of the operations, after the gateway's checks.
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
	 * @param {OperationRoute} route @param {{ clientId: string, userId?: string }} token @param {string} raw
	 * @param {import('./server').Fault | undefined} fault
	 */
	async submit(req, res, route, token, raw, fault) {
		const json = (/** @type {number} */ status, /** @type {unknown} */ body) => this.emulator.json(res, status, body);
		const firefly = route.startsWith('firefly.');
		/** @type {Record<string, any> | undefined} */
		let request;
		const contentType = String(req.headers['content-type'] ?? '');
		if (firefly) {
			request = this.jobs.fireflyBody(req, res, raw);
			if (!request) return;
		} else if (contentType && !/^application\/json\b/i.test(contentType)) {
			// ErrorResponse's table: invalid_content_type "Unsupported media type" (a body without a type is read as JSON).
			return json(415, { error_code: 'invalid_content_type', message: 'Unsupported media type' });
		} else if (route === 'photoshop.v2Submit') {
			const read = readCreateComposite(raw);
			if ('status' in read) return json(read.status, read.body);
			request = read.request;
		} else {
			request = parseObject(raw);
			if (!request) return json(400, { error_code: 'invalid_json', message: 'The request payload is having invalid JSON' });
		}
		const refusal = this.check(route, request) ?? this.contractCheck(route, request, req);
		if (refusal) return json(refusal.status, refusal.body);
		const usesCreativeCloud = creativeCloudUse(route, request);
		const serverToServer = !token.userId;
		if (usesCreativeCloud && serverToServer && this.refuseCreativeCloud === 'submit') return json(403, CC_REFUSED_AT_SUBMIT);

		const job = this.jobs.create(firefly ? 'firefly' : 'photoshopV2', token.clientId, fault);
		if (fault?.type === 'slowJob') job.pollsToFinish = Math.max(1, Math.min(1000, fault.polls)) + 1;
		/** @type {OperationJob} */
		const op = { route, request, inputs: [], partial: fault?.type === 'jobPartial' };
		job.op = op;
		if (firefly) {
			job.kind = route === 'firefly.upscale' ? 'upscale' : 'image';
			const asked = route === 'firefly.upscale' ? request.seeds.length : (request.numVariations ?? request.seeds?.length ?? 1);
			job.variations = op.partial ? Math.max(0, asked - 1) : asked;
		} else {
			job.destinations = Array.isArray(request.outputs) ? request.outputs : [];
		}
		if (usesCreativeCloud && serverToServer && this.refuseCreativeCloud === 'job') job.failWith ??= [CC_REFUSED];
		else if (!job.failWith) {
			const read = await this.readInputs(route, request, token.clientId);
			if ('error' in read) job.failWith = [read.error];
			else op.inputs = read.inputs;
		}
		const origin = this.emulator.url;
		if (route === 'firefly.upscale') {
			return json(202, {
				links: {
					result: { href: this.jobs.statusUrl(job, fault) },
					cancel: { href: `${cancelOrigin(origin, fault)}/v3/cancel/${job.jobId}` },
				},
			});
		}
		if (firefly)
			return json(202, {
				jobId: job.jobId,
				statusUrl: this.jobs.statusUrl(job, fault),
				cancelUrl: `${cancelOrigin(origin, fault)}/v3/cancel/${job.jobId}`,
			});
		return json(202, { jobId: job.jobId, statusUrl: this.jobs.statusUrl(job, fault) });
	}

	/**
	 * The checks Adobe makes whatever the mode, beyond create-composite's (jobRequests.js): what the operation
	 * cannot run without. Photoshop: 400 ErrorResponse validation_error; Firefly: 422 validation_error.
	 * @param {OperationRoute} route @param {Record<string, any>} request
	 * @returns {{ status: number, body: Record<string, unknown> } | undefined}
	 */
	check(route, request) {
		/** @type {string[]} */
		const problems = [];
		const isObject = (/** @type {unknown} */ v) => typeof v === 'object' && v !== null && !Array.isArray(v);
		if (route.startsWith('firefly.')) {
			const source = request.image?.source;
			if (!isObject(source) || (typeof source.uploadId !== 'string' && typeof source.url !== 'string'))
				return fireflyInvalid('image', 'image.source needs an uploadId or a url');
			if (route === 'firefly.fill' && !isObject(request.mask?.source))
				return fireflyInvalid('mask', 'field required: mask.source (an uploadId or a url)');
			if (route === 'firefly.objectComposite' && (typeof request.prompt !== 'string' || !request.prompt))
				return fireflyInvalid('prompt', 'field required');
			if (route === 'firefly.upscale') {
				const seeds = request.seeds;
				if (!Array.isArray(seeds) || seeds.length < 1 || seeds.length > 4 || !seeds.every(Number.isInteger))
					return fireflyInvalid('seeds', 'seeds must hold 1 to 4 integers');
				if (request.upscaleFactor !== undefined && ![2, 3, 4, 6].includes(request.upscaleFactor))
					return fireflyInvalid('upscaleFactor', 'upscaleFactor must be 2, 3, 4 or 6');
			} else {
				const n = request.numVariations;
				if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= 4))
					return fireflyInvalid('numVariations', 'numVariations must be an integer from 1 to 4');
				const seeds = request.seeds;
				if (seeds !== undefined && !(Array.isArray(seeds) && seeds.length >= 1 && seeds.length <= 4 && seeds.every(Number.isInteger)))
					return fireflyInvalid('seeds', 'seeds must hold 1 to 4 integers');
				if (n !== undefined && Array.isArray(seeds) && seeds.length !== n)
					return fireflyInvalid('seeds', `the number of seeds (${seeds.length}) must equal numVariations (${n})`);
			}
			return undefined;
		}
		const sources =
			route === 'photoshop.v2Artboard'
				? Array.isArray(request.images) && request.images.length >= 1 && request.images.length <= 25
					? request.images.map((/** @type {any} */ i) => i?.source)
					: (problems.push('images is required: 1 to 25 images, each with a source'), [])
				: route === 'photoshop.v2Submit' && request.image?.source === undefined
					? []
					: [request.image?.source];
		sources.forEach((source, i) => {
			const at = route === 'photoshop.v2Artboard' ? `images[${i}].source` : 'image.source';
			if (!isObject(source)) return void problems.push(`${at} is required`);
			const kinds = ['url', 'creativeCloudPath', 'creativeCloudFileId', 'lightroomPath'].filter((k) => typeof source[k] === 'string');
			if (kinds.length !== 1) problems.push(`${at} must have exactly one of url, creativeCloudPath, creativeCloudFileId, lightroomPath`);
			if (typeof source.creativeCloudPath === 'string' && source.creativeCloudPath.startsWith('/'))
				problems.push(`${at}.creativeCloudPath must not start with "/": it is relative to the project`);
			if (route === 'photoshop.autoCrop' && typeof source.url !== 'string') problems.push(`${at}.url is required`);
		});
		if (route === 'photoshop.autoCrop') {
			if (!['smartCrop', 'subjectCrop', 'fullSceneDetection', 'objectDetection'].includes(request.mode))
				problems.push('mode must be smartCrop, subjectCrop, fullSceneDetection or objectDetection');
		} else if (route !== 'photoshop.v2Submit') {
			const outputs = request.outputs;
			if (!Array.isArray(outputs) || outputs.length < 1 || outputs.length > 25) problems.push('outputs is required: 1 to 25 outputs');
			else
				outputs.forEach((output, i) => {
					if (!isObject(output?.destination)) problems.push(`outputs[${i}].destination is required`);
					if (typeof output?.mediaType !== 'string') problems.push(`outputs[${i}].mediaType is required`);
				});
		}
		if (route === 'photoshop.v2Actions' && !isObject(request.options)) problems.push('options is required: options.actions or options.uxp');
		for (const [i, output] of (Array.isArray(request.outputs) ? request.outputs : []).entries()) {
			const path = output?.destination?.creativeCloudPath;
			if (typeof path === 'string' && (path.startsWith('/') || !path.trim()))
				problems.push(`outputs[${i}].destination.creativeCloudPath must be a path inside the project, without a leading "/"`);
		}
		return problems.length ? photoshopInvalid(problems) : undefined;
	}

	/**
	 * Contract mode: the body against the vendored spec; a refusal in the API's dialect, recorded as a violation.
	 * @param {OperationRoute} route @param {Record<string, any>} request @param {import('node:http').IncomingMessage} req
	 */
	contractCheck(route, request, req) {
		if (!this.emulator.contract) return undefined;
		const firefly = route.startsWith('firefly.');
		const path = PATH_OF[route];
		const { operationId, problems } = validateOperationBody(firefly ? 'firefly' : 'photoshopV2', 'POST', path, request);
		if (!problems.length) return undefined;
		for (const message of problems)
			this.emulator.violations.push({ kind: 'request', method: req.method ?? 'POST', path, message: `${operationId}: ${message}` });
		if (!firefly) return photoshopInvalid(problems);
		return {
			status: 422,
			body: {
				error_code: 'validation_error',
				message: 'Validation failed',
				validation_errors: problems.map((p) => {
					const [where, ...rest] = p.split(' ');
					return { loc: ['body', ...where.split('/').filter((s) => s && s !== '(body)')], msg: rest.join(' '), type: 'value_error' };
				}),
			},
		};
	}

	// ---- inputs ----

	/**
	 * Every input the operation reads, in order (Photoshop: image or images, then action files; Firefly: image, then mask).
	 * @param {OperationRoute} route @param {Record<string, any>} request @param {string} clientId
	 * @returns {Promise<{ inputs: Input[] } | { error: JobError }>}
	 */
	async readInputs(route, request, clientId) {
		/** @type {any[]} */
		const sources = [];
		if (route === 'photoshop.v2Artboard') sources.push(...request.images.map((/** @type {any} */ i) => i.source));
		else if (request.image?.source) sources.push(request.image.source);
		if (route === 'photoshop.v2Actions')
			for (const action of Array.isArray(request.options?.actions) ? request.options.actions : [])
				if (action?.source?.url || action?.source?.creativeCloudFileId || action?.source?.creativeCloudPath) sources.push(action.source);
		if (route.startsWith('firefly.') && request.mask?.source) sources.push(request.mask.source);
		/** @type {Input[]} */
		const inputs = [];
		for (const source of sources) {
			const read = route.startsWith('firefly.') ? await this.readFireflySource(source, clientId) : await this.readSource(source, clientId);
			if ('error' in read) return read;
			inputs.push(read);
		}
		return { inputs };
	}

	/**
	 * A Photoshop FileResourceInput.
	 * @param {Record<string, any>} source @param {string} clientId @returns {Promise<Input | { error: JobError }>}
	 */
	async readSource(source, clientId) {
		const invalid = (/** @type {string} */ why) => ({
			error: { error_code: '400401', message: `The value provided is not valid. ${why}` },
		});
		if (typeof source.url === 'string') return this.readUrl(source.url, invalid);
		const client = this.emulator.clients.get(clientId);
		if (typeof source.creativeCloudFileId === 'string' || typeof source.creativeCloudPath === 'string') {
			if (client?.storageDenied) return { error: CC_REFUSED };
		}
		if (typeof source.creativeCloudFileId === 'string') {
			const file = this.emulator.content.byId.get(source.creativeCloudFileId);
			if (!file || file.assetType !== 'file' || file.state !== 'active')
				return invalid(`No Creative Cloud file ${source.creativeCloudFileId}.`);
			return this.storeInput(file);
		}
		if (typeof source.creativeCloudPath === 'string') {
			if (typeof source.creativeCloudProjectId !== 'string') {
				const personal = this.personalFiles.get(`${clientId}\n${source.creativeCloudPath}`);
				if (!personal) return invalid(`No Creative Cloud file at ${source.creativeCloudPath}.`);
				return { ...personal, name: source.creativeCloudPath.split('/').pop() };
			}
			const file = this.findInProject(source.creativeCloudProjectId, source.creativeCloudPath);
			if (!file || file.assetType !== 'file')
				return invalid(`No file at ${source.creativeCloudPath} in project ${source.creativeCloudProjectId}.`);
			return this.storeInput(file);
		}
		return invalid('Lightroom paths are not emulated.');
	}

	/**
	 * A Firefly PublicBinaryInputV3: an uploadId of /v2/storage/image, or a URL.
	 * @param {Record<string, any>} source @param {string} clientId @returns {Promise<Input | { error: JobError }>}
	 */
	async readFireflySource(source, clientId) {
		if (typeof source.uploadId === 'string') {
			const upload = this.uploads.get(source.uploadId);
			if (upload && upload.clientId === clientId) return { bytes: upload.bytes, mediaType: upload.mediaType };
			this.unknownUploadIds++;
			return { bytes: solidPng(64, `unknown upload ${source.uploadId}`), mediaType: 'image/png' };
		}
		return this.readUrl(String(source.url), (why) => ({
			error: { error_code: 'invalid_input', message: `The input image could not be read. ${why}` },
		}));
	}

	/** @param {import('./content').Asset} file @returns {Input} */
	storeInput(file) {
		return {
			bytes: this.emulator.writes.fileContent(file.assetId),
			mediaType: file.mediaType ?? 'application/octet-stream',
			name: file.name,
			assetId: file.assetId,
			path: file.path,
		};
	}

	/**
	 * A file or folder at `path` (segments by name, active only) inside a project. @param {string} projectId @param {string} path
	 * @returns {import('./content').Asset | undefined}
	 */
	findInProject(projectId, path) {
		/** @type {import('./content').Asset | undefined} */
		let at = this.emulator.content.byId.get(projectId);
		if (!at || at.assetType !== 'project' || at.state !== 'active') return undefined;
		for (const name of path.split('/').filter(Boolean)) {
			/** @type {string} */
			const parentId = at.assetId;
			/** @type {import('./content').Asset | undefined} */
			const next = (this.emulator.content.children.get(parentId) ?? []).find((a) => a.name === name && a.state === 'active');
			if (!next) return undefined;
			at = next;
		}
		return at;
	}

	/**
	 * A URL input: the emulator's own pre-signed storage download and hosted outputs resolved internally, other
	 * loopback URLs fetched (no Authorization), anything else a stand-in (offline).
	 * @param {string} raw @param {(why: string) => { error: JobError }} invalid @returns {Promise<Input | { error: JobError }>}
	 */
	async readUrl(raw, invalid) {
		let url;
		try {
			url = new URL(raw);
		} catch {
			return invalid('The URL is not valid.');
		}
		if (url.origin === new URL(this.emulator.url).origin) {
			const [, area, sig] = url.pathname.split('/');
			if (area === '__download') {
				const signed = this.emulator.writes.signed.get(sig ?? '');
				const file = signed && Date.now() <= signed.expiresAt ? this.emulator.content.byId.get(signed.assetId) : undefined;
				if (!file) return invalid('The input URL answered 403 (expired or not signed).');
				return this.storeInput(file);
			}
			if (area === '__jobs') {
				const hosted = this.jobs.hostedOutput(url);
				if (!hosted) return invalid('The input URL answered 403 (expired or not signed).');
				return { bytes: hosted.bytes, mediaType: hosted.mediaType };
			}
		}
		if (!isLoopback(url)) {
			// Offline: a URL elsewhere stands for a picture of the type its name suggests.
			const mediaType = /\.psd$/i.test(url.pathname)
				? 'image/vnd.adobe.photoshop'
				: /\.jpe?g$/i.test(url.pathname)
					? 'image/jpeg'
					: 'image/png';
			return { bytes: render(mediaType, `stand-in ${url.pathname}`), mediaType, name: url.pathname.split('/').pop() };
		}
		try {
			const answer = await exchange(url, 'GET');
			if (answer.status !== 200) return invalid(`The input URL answered ${answer.status}.`);
			if (answer.tooLarge) return invalid('The input is too large.');
			return {
				bytes: answer.body,
				mediaType: answer.contentType.split(';')[0] || 'application/octet-stream',
				name: url.pathname.split('/').pop(),
			};
		} catch (error) {
			return invalid(`The input URL could not be read (${error instanceof Error ? error.message : 'error'}).`);
		}
	}

	// ---- Firefly uploads ----

	/**
	 * POST /v2/storage/image (storageImageV2).
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {{ clientId: string }} token
	 */
	async storageImage(req, res, token) {
		const mediaType = String(req.headers['content-type'] ?? '')
			.split(';')[0]
			.trim()
			.toLowerCase();
		if (!FIREFLY_UPLOAD_TYPES.includes(mediaType)) {
			req.resume();
			return this.emulator.json(res, 415, {
				error_code: 'invalid_content_type',
				message: `Unsupported media type ${mediaType || '(none)'}: send ${FIREFLY_UPLOAD_TYPES.join(', ')}`,
			});
		}
		const declared = Number(req.headers['content-length'] ?? 0);
		const tooLarge = () =>
			this.emulator.json(res, 400, {
				error_code: 'bad_request',
				message: 'The maximum file size supported for uploading an image is 15MB.',
			});
		if (declared > MAX_FIREFLY_UPLOAD) {
			req.resume();
			return tooLarge();
		}
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		for await (const chunk of req) {
			size += chunk.length;
			if (size <= MAX_FIREFLY_UPLOAD) chunks.push(chunk);
		}
		if (size > MAX_FIREFLY_UPLOAD) return tooLarge();
		if (size === 0) return this.emulator.json(res, 400, { error_code: 'bad_request', message: 'The request body is empty.' });
		const id = randomUUID();
		if (this.uploads.size >= MAX_FIREFLY_UPLOADS) this.uploads.delete(/** @type {string} */ (this.uploads.keys().next().value));
		this.uploads.set(id, { bytes: Buffer.concat(chunks), mediaType, clientId: token.clientId });
		return this.emulator.json(res, 200, { images: [{ id }] });
	}

	// ---- outputs ----

	/**
	 * The job ended well: make its outputs and put them where they go. Photoshop outputs that cannot be written
	 * (a PUT refused, a name taken, a folder not writable) fail alone; if none is written the job fails.
	 * @param {import('./asyncJobs').Job} job
	 */
	async deliver(job) {
		const op = /** @type {OperationJob} */ (job.op);
		if (job.api === 'firefly') return this.fireflyOutputs(job, op);
		/** @type {Array<Record<string, any>>} */
		const requested =
			op.route === 'photoshop.autoCrop'
				? [{ destination: { embedded: 'json' }, mediaType: 'application/json', autoCrop: true }]
				: (job.destinations ?? []);
		/** @type {Array<Record<string, unknown>>} */
		const results = [];
		/** @type {JobError[]} */
		const errors = [];
		for (const [index, output] of requested.entries()) {
			if (op.partial && index === requested.length - 1) {
				errors.push({ error_code: '422404', message: `Unable to process outputs: output ${index + 1} could not be rendered.` });
				continue;
			}
			const mediaType = typeof output.mediaType === 'string' ? output.mediaType : 'image/png';
			const bytes = output.autoCrop
				? Buffer.from(JSON.stringify(this.autoCropResult(job, op)))
				: this.outputBytes(job, op, index, mediaType);
			const written = await this.writeOutput(job, output, mediaType, bytes, index);
			if ('error' in written) errors.push(written.error);
			else results.push(written.entry);
		}
		op.results = results;
		op.outputErrors = errors;
		if (results.length === 0) this.jobs.finish(job, 'failed', errors.length ? errors : undefined);
		else if (errors.length) job.state = 'partial';
	}

	/** @param {import('./asyncJobs').Job} job @param {OperationJob} op */
	fireflyOutputs(job, op) {
		const input = op.inputs[0];
		const factor = op.route === 'firefly.upscale' ? (op.request.upscaleFactor ?? 2) : 1;
		const size = Math.min(256, 64 * factor);
		job.outputUrls = Array.from({ length: job.variations ?? 1 }, (_, index) =>
			this.jobs.host(
				job.jobId,
				index,
				'image/png',
				padImage(solidPng(size, `${job.jobId}#${index}#${input?.bytes.length ?? 0}`), 'image/png', this.paddedOutputBytes),
				3600,
			),
		);
		if (job.outputUrls.length === 0)
			this.jobs.finish(job, 'failed', [{ error_code: 'partial_failure', message: 'No image could be generated.' }]);
	}

	/**
	 * The bytes of one Photoshop output.
	 * @param {import('./asyncJobs').Job} job @param {OperationJob} op @param {number} index @param {string} mediaType
	 */
	outputBytes(job, op, index, mediaType) {
		if (mediaType === 'application/json' && op.route === 'photoshop.v2Manifest')
			return Buffer.from(JSON.stringify(manifestFor(op.inputs[0])));
		const seed = `${job.jobId}#${index}`;
		if (mediaType === 'image/vnd.adobe.photoshop' && this.paddedOutputBytes) return solidPsd(64, 64, seed, this.paddedOutputBytes);
		return padImage(render(mediaType, seed), mediaType, this.paddedOutputBytes);
	}

	/**
	 * Writes one output; returns its status entry, or why it failed.
	 * @param {import('./asyncJobs').Job} job @param {Record<string, any>} output @param {string} mediaType @param {Buffer} bytes @param {number} index
	 * @returns {Promise<{ entry: Record<string, unknown> } | { error: JobError }>}
	 */
	async writeOutput(job, output, mediaType, bytes, index) {
		const destination = output.destination ?? {};
		const fail = (/** @type {string} */ why) => ({
			error: { error_code: '422404', message: `Unable to process outputs: output ${index + 1} ${why}` },
		});
		if (typeof destination.url === 'string') {
			let url;
			try {
				url = new URL(destination.url);
			} catch {
				return fail('has a destination URL that is not valid.');
			}
			if (isLoopback(url)) {
				try {
					const answer = await exchange(url, 'PUT', bytes, mediaType);
					this.deliveries.push({ url: `${url.origin}${url.pathname}`, status: answer.status });
					if (answer.status < 200 || answer.status > 299) return fail(`could not be written: the destination answered ${answer.status}.`);
				} catch (error) {
					return fail(`could not be written (${error instanceof Error ? error.message : 'error'}).`);
				}
			}
			return { entry: { url: destination.url, mediaType } };
		}
		if (typeof destination.creativeCloudPath === 'string') {
			const written = this.writeCreativeCloud(job.clientId, destination, mediaType, bytes, output.shouldOverwrite === true);
			if (written) return fail(written);
			/** @type {Record<string, unknown>} */
			const echoed = { creativeCloudPath: destination.creativeCloudPath };
			if (typeof destination.creativeCloudProjectId === 'string') echoed.creativeCloudProjectId = destination.creativeCloudProjectId;
			return { entry: { destination: echoed, mediaType } };
		}
		if ('embedded' in destination) {
			const kind = destination.embedded ?? 'string';
			const text = mediaType === 'application/json' || mediaType === 'application/rdf+xml';
			const content =
				kind === 'json' && mediaType === 'application/json'
					? JSON.parse(bytes.toString('utf8'))
					: kind === 'string' && text
						? bytes.toString('utf8')
						: bytes.toString('base64');
			return { entry: { destination: { embedded: kind, content }, mediaType } };
		}
		// Adobe-hosted (HostedDestination: validityPeriod 60–86400 s, default 3600).
		const validity = Number.isInteger(destination.validityPeriod) ? Math.min(86_400, Math.max(60, destination.validityPeriod)) : 3600;
		return { entry: { url: this.jobs.host(job.jobId, index, mediaType, bytes, validity), mediaType } };
	}

	/**
	 * A `creativeCloudPath` destination: a new file in the project (folders made as needed), or in the client's
	 * own files without a project. Returns why it could not be written, or undefined.
	 * @param {string} clientId @param {Record<string, any>} destination @param {string} mediaType @param {Buffer} bytes @param {boolean} overwrite
	 */
	writeCreativeCloud(clientId, destination, mediaType, bytes, overwrite) {
		const path = /** @type {string} */ (destination.creativeCloudPath);
		if (this.emulator.clients.get(clientId)?.storageDenied) return 'could not be written: User not authorized.';
		if (typeof destination.creativeCloudProjectId !== 'string') {
			const key = `${clientId}\n${path}`;
			if (this.personalFiles.has(key) && !overwrite) return `could not be written: ${path} already exists.`;
			this.personalFiles.set(key, { bytes, mediaType });
			return undefined;
		}
		const writes = this.emulator.writes;
		const segments = path.split('/').filter(Boolean);
		const name = segments.pop();
		const project = this.findInProject(destination.creativeCloudProjectId, '');
		if (!project || !name) return `could not be written: no project ${destination.creativeCloudProjectId}.`;
		/** @type {import('./content').Asset} */
		let parent = project;
		for (const folder of segments) {
			const parentId = parent.assetId;
			/** @type {import('./content').Asset | undefined} */
			const next = (this.emulator.content.children.get(parentId) ?? []).find((a) => a.name === folder && a.state === 'active');
			if (next && next.assetType === 'file') return `could not be written: ${folder} is a file.`;
			if (!next && !writes.canEdit(parent)) return 'could not be written: User not authorized.';
			parent = next ?? writes.addAsset('folder', folder, parent);
		}
		if (!writes.canEdit(parent)) return 'could not be written: User not authorized.';
		const existing = (this.emulator.content.children.get(parent.assetId) ?? []).find((a) => a.name === name && a.state === 'active');
		const data = { size: bytes.length, seed: `emulator-operation:${path}`, bytes };
		if (existing) {
			if (!overwrite || existing.assetType !== 'file') return `could not be written: ${name} already exists.`;
			writes.files.set(existing.assetId, data);
			existing.size = bytes.length;
			writes.changed(existing);
			return undefined;
		}
		writes.addAsset('file', name, parent, { mediaType, data });
		return undefined;
	}

	/** The auto-crop answer (AutoCropOutput: subject, objects, crops of bounding boxes; images when outputType is images). @param {import('./asyncJobs').Job} job @param {OperationJob} op */
	autoCropResult(job, op) {
		const images = op.request.outputType !== 'boundingBoxes';
		const ratios = op.request.aspectRatio === undefined ? ['1:1'] : [op.request.aspectRatio].flat().slice(0, 20);
		const box = (/** @type {number} */ i) => ({
			x: 4,
			y: 4,
			width: 24,
			height: 24,
			...(images ? { url: this.jobs.host(job.jobId, 100 + i, 'image/png', solidPng(24, `${job.jobId}#crop${i}`), 3600) } : {}),
		});
		return { subject: [{ boundingBoxes: [box(0)] }], objects: [], crops: ratios.map((_, i) => ({ boundingBoxes: [box(i + 1)] })) };
	}

	/** The status outputs of a Photoshop job this module ran. @param {import('./asyncJobs').Job} job */
	statusOutputs(job) {
		return /** @type {OperationJob} */ (job.op).results ?? [];
	}

	// ---- controls ----

	/**
	 *   GET  /__emulator/operations           { refuseCreativeCloud, uploads, unknownUploadIds, authorizationOnOutputs, deliveries, personalFiles }
	 *   POST /__emulator/operations/config    { refuseCreativeCloud?: 'job' | 'submit' | true | false, outputBytes?: number }
	 * @param {string} action @param {string} raw @param {import('node:http').ServerResponse} res
	 */
	control(action, raw, res) {
		if (action === 'GET /__emulator/operations') {
			this.emulator.json(res, 200, this.info());
			return true;
		}
		if (action === 'POST /__emulator/operations/config') {
			const body = parseObject(raw || '{}') ?? {};
			if (body.refuseCreativeCloud !== undefined) {
				if (![true, false, 'job', 'submit', 'off'].includes(body.refuseCreativeCloud)) {
					this.emulator.json(res, 400, { message: "refuseCreativeCloud must be 'job', 'submit' or false" });
					return true;
				}
				this.refuseCreativeCloud = refusalMode(body.refuseCreativeCloud);
			}
			if (body.outputBytes !== undefined) {
				if (!(Number.isInteger(body.outputBytes) && body.outputBytes >= 0 && body.outputBytes <= MAX_OUTPUT_BYTES)) {
					this.emulator.json(res, 400, { message: `outputBytes must be a whole number from 0 to ${MAX_OUTPUT_BYTES}` });
					return true;
				}
				this.paddedOutputBytes = body.outputBytes;
			}
			this.emulator.json(res, 200, this.info());
			return true;
		}
		return false;
	}

	info() {
		return {
			refuseCreativeCloud: this.refuseCreativeCloud === 'off' ? false : this.refuseCreativeCloud,
			outputBytes: this.paddedOutputBytes,
			uploads: this.uploads.size,
			unknownUploadIds: this.unknownUploadIds,
			authorizationOnOutputs: this.authorizationOnOutputs,
			deliveries: this.deliveries,
			personalFiles: [...this.personalFiles.keys()].map((k) => k.split('\n')[1]),
			demoPsdPath: DEMO_PSD_PATH,
		};
	}
}

/** @param {unknown} value */
function outputBytesOf(value) {
	return Number.isInteger(value) && /** @type {number} */ (value) > 0 ? Math.min(MAX_OUTPUT_BYTES, /** @type {number} */ (value)) : 0;
}

/** @param {unknown} value @returns {'off' | 'job' | 'submit'} */
function refusalMode(value) {
	if (value === 'submit') return 'submit';
	if (value === true || value === 'job') return 'job';
	return 'off';
}

/** @param {string} origin @param {import('./server').Fault | undefined} fault */
function cancelOrigin(origin, fault) {
	return fault?.type === 'lyingStatusUrl' ? fault.origin.replace(/\/+$/, '') : origin;
}

/**
 * One HTTP exchange with a loopback URL, without credentials (node:http, so a test's undici dispatcher is not in the
 * way): 30 s at most, the answer's body read up to MAX_INPUT_BYTES.
 * @param {URL} url @param {'GET' | 'PUT'} method @param {Buffer} [body] @param {string} [contentType]
 * @returns {Promise<{ status: number, contentType: string, body: Buffer, tooLarge: boolean }>}
 */
function exchange(url, method, body, contentType) {
	return new Promise((resolve, reject) => {
		const headers = body ? { 'content-type': contentType ?? 'application/octet-stream', 'content-length': String(body.length) } : {};
		const req = http.request(url, { method, headers, timeout: 30_000 }, (res) => {
			/** @type {Buffer[]} */
			const chunks = [];
			let size = 0;
			res.on('data', (chunk) => {
				size += chunk.length;
				if (size <= MAX_INPUT_BYTES) chunks.push(chunk);
				else res.destroy();
			});
			const done = () =>
				resolve({
					status: res.statusCode ?? 0,
					contentType: String(res.headers['content-type'] ?? ''),
					body: Buffer.concat(chunks),
					tooLarge: size > MAX_INPUT_BYTES,
				});
			res.on('end', done);
			res.on('close', done);
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error('timed out')));
		req.on('error', reject);
		req.end(body);
	});
}

/** @param {URL} url */
function isLoopback(url) {
	return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

/** Whether a request reads or writes Creative Cloud (what the switch refuses). @param {OperationRoute} route @param {Record<string, any>} request */
function creativeCloudUse(route, request) {
	if (route.startsWith('firefly.')) return false;
	const cc = (/** @type {any} */ s) => typeof s?.creativeCloudFileId === 'string' || typeof s?.creativeCloudPath === 'string';
	const sources = [
		request.image?.source,
		...(Array.isArray(request.images) ? request.images.map((/** @type {any} */ i) => i?.source) : []),
	];
	for (const action of Array.isArray(request.options?.actions) ? request.options.actions : []) sources.push(action?.source);
	const outputs = Array.isArray(request.outputs) ? request.outputs : [];
	return sources.some(cc) || outputs.some((/** @type {any} */ o) => typeof o?.destination?.creativeCloudPath === 'string');
}

/** @param {string[]} problems */
function photoshopInvalid(problems) {
	return {
		status: 400,
		body: {
			error_code: 'validation_error',
			message: 'Validation failed',
			errors: problems.map((message) => ({ error_code: 'validation_error', message })),
		},
	};
}

/** @param {string} field @param {string} msg */
function fireflyInvalid(field, msg) {
	return {
		status: 422,
		body: {
			error_code: 'validation_error',
			message: 'Validation failed',
			validation_errors: [{ loc: ['body', ...field.split('.')], msg, type: 'value_error' }],
		},
	};
}

/**
 * A small picture (or stand-in) of `mediaType`, different per seed.
 * @param {string} mediaType @param {string} seed
 */
function render(mediaType, seed) {
	switch (mediaType) {
		case 'image/jpeg':
			return jpegWithComment(seed);
		case 'image/tiff':
			return solidTiff(16, seed);
		case 'image/vnd.adobe.photoshop':
			return solidPsd(64, 64, seed);
		case 'application/json':
			return Buffer.from(JSON.stringify({ emulator: seed }));
		case 'image/x-adobe-dng':
			return solidTiff(16, seed); // DNG is a TIFF
		case 'application/rdf+xml':
			return Buffer.from(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><!-- ${seed} --></x:xmpmeta>`);
		case 'image/png':
			return solidPng(64, seed);
		default:
			return Buffer.from(`emulated ${mediaType} ${seed}`);
	}
}

/**
 * generate-manifest's answer for an input, in the v2 format (src/pages/guides/photoshop-v2/v1-to-v2/
 * manifest-response-migration.md: top-level version, document { title, bounds, imageMode, depth, … }, layers
 * with snake_case types, bounds { left, top, right, bottom }, groups' children[], text.content, smart objects'
 * smartObject block). The demo PSD (DEMO_PSD_PATH) has a tree; another PSD a background layer.
 * @param {Input | undefined} input
 */
function manifestFor(input) {
	const size = (input && psdSize(input.bytes)) ?? { width: 64, height: 64 };
	const title = input?.name ?? 'document.psd';
	const document = {
		title,
		bounds: { left: 0, top: 0, right: size.width, bottom: size.height },
		imageMode: 'rgb',
		depth: 8,
		iccProfile: 'sRGB IEC61966-2.1',
		resolution: { value: 72, unit: 'density_unit_ppi' },
	};
	if (input?.path !== DEMO_PSD_PATH) {
		return {
			version: '2.0',
			document,
			layers: [{ type: 'background_layer', id: 1, name: 'Background', backgroundLayer: true, visible: true, bounds: document.bounds }],
		};
	}
	return { version: '2.0', document, layers: DEMO_PSD_LAYERS };
}

const bounds = (/** @type {number} */ left, /** @type {number} */ top, /** @type {number} */ right, /** @type {number} */ bottom) => ({
	left,
	top,
	right,
	bottom,
});

/** The demo PSD's layers (1200 × 800): what the explorer's layer tree shows. */
const DEMO_PSD_LAYERS = [
	{
		type: 'group_layer',
		id: 10,
		name: 'Headline',
		visible: true,
		bounds: bounds(80, 60, 1120, 300),
		children: [
			{
				type: 'text_layer',
				id: 11,
				name: 'Title',
				visible: true,
				bounds: bounds(80, 60, 1120, 180),
				text: {
					content: 'Brand Refresh 2026',
					textOrientation: 'horizontal',
					characterStyles: [{ fontSize: 96, font: { postScriptName: 'SourceSansPro-Bold', isAvailable: true } }],
					paragraphAttributes: [{ alignment: 'left' }],
				},
			},
			{
				type: 'text_layer',
				id: 12,
				name: 'Tagline',
				visible: true,
				bounds: bounds(80, 200, 900, 260),
				text: {
					content: 'Same brand, new light.',
					textOrientation: 'horizontal',
					characterStyles: [{ fontSize: 40, font: { postScriptName: 'SourceSansPro-Regular', isAvailable: true } }],
					paragraphAttributes: [{ alignment: 'left' }],
				},
			},
		],
	},
	{
		type: 'smart_object_layer',
		id: 20,
		name: 'Product shot',
		visible: true,
		bounds: bounds(600, 320, 1140, 760),
		isSmartObject: true,
		isLinked: false,
		isValid: true,
		smartObjectData: {
			type: 'smartObject',
			transform: [600, 320, 1140, 320, 1140, 760, 600, 760],
			fileInfo: { name: 'shoe-01.psd', path: 'shoe-01.psd', fileType: 'ps3', linked: false },
		},
	},
	{
		type: 'group_layer',
		id: 30,
		name: 'Logo lockup',
		visible: true,
		bounds: bounds(80, 640, 420, 760),
		children: [
			{ type: 'layer', id: 31, name: 'Logo mark', visible: true, bounds: bounds(80, 640, 200, 760) },
			{
				type: 'text_layer',
				id: 32,
				name: 'Wordmark',
				visible: false,
				bounds: bounds(220, 670, 420, 730),
				text: { content: 'ACME', textOrientation: 'horizontal' },
			},
		],
	},
	{
		type: 'adjustment_layer',
		id: 40,
		name: 'Brightness/Contrast 1',
		visible: true,
		bounds: bounds(0, 0, 1200, 800),
		adjustments: { type: 'brightness_contrast', brightnessContrast: { brightness: 12, contrast: 8 } },
	},
	{
		type: 'solid_color_layer',
		id: 50,
		name: 'Backdrop',
		visible: true,
		bounds: bounds(0, 0, 1200, 800),
		fill: { solidColor: { rgb: { red: 244, green: 240, blue: 232 } } },
	},
	{ type: 'background_layer', id: 1, name: 'Background', visible: true, backgroundLayer: true, bounds: bounds(0, 0, 1200, 800) },
];

module.exports = { Operations, OPERATION_ROUTES, operationRoute, DEMO_PSD_PATH, MAX_FIREFLY_UPLOAD, render };
