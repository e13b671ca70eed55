// @ts-check
/**
 * The emulator's asynchronous jobs behind Adobe's API gateway, in the shapes Adobe documents:
 *   Firefly v3 async  AdobeDocs/ffs-firefly-api static/firefly-api.json: POST /v3/images/generate-async
 *                     (generateImagesV3Async: 202 AsyncAcceptResponseV3 { jobId, statusUrl, cancelUrl };
 *                     400 empty_input_body / bad_request, 415 invalid_content_type, 422 validation_error
 *                     for `prompt`, required, 1–1024 characters), GET /v3/status/{jobId} (jobResultV3:
 *                     JobResponse, pending | running | succeeded | failed | cancelled | cancel_pending |
 *                     timeout; JobPollPayload carries error_code and message; JobSucceededPayload
 *                     result.outputs[] { seed, image: { url } }), PUT /v3/cancel/{jobId} (cancelJobV4:
 *                     200 "Job Cancelled", 404, 409); how-tos/using-async-apis.md for the examples.
 *   Photoshop v1      AdobeDocs/ffs-photoshop-API static/photoshop_api.json: POST /pie/psdService/renditionCreate
 *                     (createRenditionAsync: CreateRenditionRequest needs inputs[] and outputs[]; 202
 *                     JobStatusLinkResponse { _links: { self: { href } } }; 400 InputValidationError
 *                     { type, code, title }), GET /pie/psdService/status/{jobId} (psJobStatus:
 *                     PsJobApiResponse { jobId, outputs[] { input, status, created, modified,
 *                     _links.renditions[] { href, type, storage } }, _links.self }); get-job-status/index.md.
 *   Photoshop v2      static/photoshopv2-api.json: POST /v2/create-composite (createComposite:
 *                     CreateCompositeRequest needs image.source and outputs; 202 JobAcceptedResponse
 *                     { jobId, statusUrl }; 400 ErrorResponse validation_error), GET /v2/status/{jobId}
 *                     (getJobStatus: JobStatusResponse { jobId, status, createdTime, modifiedTime,
 *                     result.outputs[] { url, mediaType }, errorDetails[] { errorCode, message } };
 *                     404 unknown_job_id "Job not found"); v1-to-v2/status-migration.md.
 *   Firefly video     POST /v3/videos/generate (generateVideoV3: GenerateVideoRequestV3, 202 AsyncAcceptResponseV3;
 *                     success result.outputs[] { seed, video: { url } }, VideoOutput).
 *   Firefly upscale   POST /v3/images/upscale (preciseUpsamplerV3Async: PreciseUpsamplerRequestV3 needs image.source
 *                     and seeds (1–4), upscaleFactor 2 | 3 | 4 | 6; 202 PreciseUpscaleAcceptResponseV3
 *                     { links: { result, cancel } }; success result { outputs[] { id, presignedUrl }, version }).
 *   Photoshop v2      the status echoes each requested destination (status-migration.md "Output handling"):
 *                     a `url` for external storage, `destination.creativeCloudPath` for Creative Cloud (no URL),
 *                     `destination: { embedded, content }` for embedded outputs.
 *   InDesign          AdobeDocs/ffs-indesign-API static/indesignapi.json: POST /v3/create-rendition (renditionJob:
 *                     CreateRenditionRequest needs assets[] { source.url } and params { targetDocuments (1),
 *                     outputMediaType image/jpeg | image/png | application/pdf }; 400 Error { error_code, message };
 *                     202 { jobId, statusUrl }), GET /v3/status/{id} (getJobStatus: not_started | running |
 *                     succeeded | failed | partial_success; outputs[] { destination: { url }, source } as in
 *                     getting_started/concepts/index.md; failed and partial_success carry errors[]
 *                     { error_code, message, source }). At Adobe it has its own host (indesign.adobe.io) and
 *                     shares Firefly's status path; here every API has one origin, so /v3/status/{id} is
 *                     Firefly's for a URN id (Firefly's ids are URNs) and InDesign's for a GUID ("The GUID for the job").
 * Outputs are pre-signed URLs on the emulator (GET /__jobs/output/{signature}), served without
 * credentials like a storage bucket (an Authorization header is refused 400 and counted).
 * Adobe's operations on an image (create-composite, upscale, and the other Photoshop v2 and Firefly operations) are
 * submitted, read and delivered by operations.js; their jobs live here (Job.op) and follow the same progression.
 *
 * Progression is deterministic: a job answers pending on its first poll, running until its
 * `pollsToFinish`-th poll (default 3), then succeeded. Faults, through the emulator's inject():
 *   { type: 'jobFailed', errors? }  on a submit route: the job fails when it would have finished;
 *                                    on a status route: the job fails on that poll.
 *   { type: 'jobPartial', errors? } on indesign.submit: the job ends in partial_success, its first output
 *                                    made and `errors` (or a default one) for the rest; on an operation's
 *                                    submit route, see operations.js.
 *   { type: 'slowJob', polls }      on an operation's submit route: `polls` running answers before it ends.
 *   { type: 'jobHold' }             on a submit route: the job stays running, whatever the polls,
 *                                    until POST /__emulator/jobs/release (for Cancel and reload tests).
 *   { type: 'lyingStatusUrl', origin } on a submit route: the answer points statusUrl (and cancelUrl) at
 *                                    `origin`, as a compromised or careless server might, to test that no
 *                                    credential follows it.
 *   status (429 + retryAfter, 5xx), expiredToken (the gateway's 401) and the others work as on every route.
 * Controls: GET /__emulator/jobs, POST /__emulator/jobs/config { pollsToFinish },
 * POST /__emulator/jobs/release { jobId?, outcome?: 'succeeded' | 'failed' }.
 */
const { randomBytes } = require('node:crypto');
const { gatewayCheck } = require('./fireflyServices');
const { parseObject, readGenerateAsync } = require('./jobRequests');
const { OPERATION_ROUTES, operationRoute } = require('./operations');

const ASYNC_JOB_ROUTES = /** @type {const} */ ([
	'firefly.generateAsync',
	'firefly.status',
	'firefly.cancel',
	'photoshop.psdSubmit',
	'photoshop.psdStatus',
	'photoshop.v2Submit',
	'firefly.generateVideo',
	'firefly.upscale',
	'indesign.submit',
	'indesign.status',
	'jobs.output',
	...OPERATION_ROUTES,
]);

/**
 * @typedef {typeof ASYNC_JOB_ROUTES[number] | 'photoshop.status'} JobRoute
 * @typedef {'firefly' | 'photoshop' | 'photoshopV2' | 'indesign'} JobApi
 * @typedef {'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'partial'} JobState
 * @typedef {object} Job
 * @property {string} jobId
 * @property {JobApi} api
 * @property {string} clientId
 * @property {JobState} state
 * @property {number} polls
 * @property {number} pollsToFinish
 * @property {boolean} held
 * @property {Array<{ error_code: string, message: string }>} [failWith]
 * @property {string} created
 * @property {string} [input]
 * @property {string[]} outputUrls
 * @property {number} [variations]   Firefly's numVariations: how many images a success has
 * @property {'image' | 'video' | 'upscale'} [kind]   what a Firefly job makes
 * @property {Array<Record<string, any>>} [destinations]   Photoshop v2: the requested outputs, echoed in the status
 * @property {string[]} [sources]      InDesign: the names of the files the job makes
 * @property {string} [mediaType]      the outputs' media type (InDesign's outputMediaType)
 * @property {Array<{ error_code: string, message: string, source?: string }>} [partialErrors]   InDesign jobPartial
 * @property {import('./operations').OperationJob} [op]   an operation on an image (operations.js): inputs read, outputs delivered there
 */

/** @param {string} method @param {string} path @returns {JobRoute | undefined} */
function asyncJobRoute(method, path) {
	if (method === 'POST' && path === '/v3/images/generate-async') return 'firefly.generateAsync';
	if (method === 'PUT' && /^\/v3\/cancel\/[^/]+$/.test(path)) return 'firefly.cancel';
	if (method === 'POST' && path === '/pie/psdService/renditionCreate') return 'photoshop.psdSubmit';
	if (method === 'GET' && /^\/pie\/psdService\/status\/[^/]+$/.test(path)) return 'photoshop.psdStatus';
	if (method === 'POST' && path === '/v2/create-composite') return 'photoshop.v2Submit';
	if (method === 'POST' && path === '/v3/videos/generate') return 'firefly.generateVideo';
	if (method === 'POST' && path === '/v3/images/upscale') return 'firefly.upscale';
	if (method === 'POST' && path === '/v3/create-rendition') return 'indesign.submit';
	// One origin for every API here: Firefly's job ids are URNs, InDesign's GUIDs (see the header).
	if (method === 'GET' && /^\/v3\/status\/[^/]+$/.test(path))
		return /^\/v3\/status\/urn(?::|%3a)/i.test(path) ? 'firefly.status' : 'indesign.status';
	if (method === 'GET' && /^\/__jobs\/output\/[^/]+$/.test(path)) return 'jobs.output';
	return operationRoute(method, path);
}

class AsyncJobs {
	/** @param {import('./server').AdobeEmulator} emulator */
	constructor(emulator) {
		this.emulator = emulator;
		/** @type {Map<string, Job>} */
		this.jobs = new Map();
		/** Pre-signed output URLs: signature → the job and output it shows (an operation's: its bytes, until expiresAt). */
		/** @type {Map<string, { jobId: string, index: number, mediaType: string, sessionToken: string, bytes?: Buffer, expiresAt?: number }>} */
		this.outputs = new Map();
		this.pollsToFinish = 3;
	}

	reset() {
		this.jobs.clear();
		this.outputs.clear();
		this.pollsToFinish = 3;
	}

	/**
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {JobRoute} route
	 * @param {{ url: URL, expired: boolean, record: import('./server').RequestRecord, fault?: import('./server').Fault }} ctx
	 * @param {string} body the request body, read by the caller
	 */
	async serve(req, res, route, ctx, body) {
		if (route === 'jobs.output') return this.output(req, res, ctx.url);
		const token = gatewayCheck(this.emulator, req, res, ctx);
		if (!token) return;
		const fault = ctx.fault;
		const jobId = decodeURIComponent(ctx.url.pathname.split('/').pop() ?? '');
		if (
			route === 'photoshop.v2Submit' ||
			route === 'firefly.upscale' ||
			/** @type {readonly string[]} */ (OPERATION_ROUTES).includes(route)
		)
			return this.emulator.operations.submit(req, res, /** @type {import('./operations').OperationRoute} */ (route), token, body, fault);
		switch (route) {
			case 'firefly.generateAsync':
				return this.submitFirefly(req, res, token.clientId, body, fault);
			case 'photoshop.psdSubmit':
				return this.submitPhotoshop(res, token.clientId, body, fault);
			case 'firefly.generateVideo':
				return this.submitFireflyVideo(req, res, token.clientId, body, fault);
			case 'indesign.submit':
				return this.submitInDesign(res, token.clientId, body, fault);
			case 'firefly.cancel':
				return this.cancel(res, this.owned(jobId, 'firefly', token.clientId));
			default: {
				/** @type {Record<string, JobApi>} */
				const apis = { 'firefly.status': 'firefly', 'photoshop.psdStatus': 'photoshop', 'indesign.status': 'indesign' };
				const api = apis[route] ?? 'photoshopV2';
				const job = this.owned(jobId, api, token.clientId);
				if (!job) return this.unknown(res, api, jobId);
				this.advance(job, fault);
				// An operation's outputs are written when it ends (operations.js): the poll that sees it end waits for them.
				if (job.op && job.state === 'succeeded') await (job.op.delivery ??= this.emulator.operations.deliver(job));
				return this.emulator.json(res, 200, this.statusBody(job));
			}
		}
	}

	/** A job of this API and client: another client's job is as unknown as a made-up id. @param {string} jobId @param {JobApi} api @param {string} clientId */
	owned(jobId, api, clientId) {
		const job = this.jobs.get(jobId);
		return job && job.api === api && job.clientId === clientId ? job : undefined;
	}

	/** @param {JobApi} api @param {string} clientId @param {import('./server').Fault | undefined} fault @param {string} [input] */
	create(api, clientId, fault, input) {
		const uuid = randomBytes(16)
			.toString('hex')
			.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
		// Firefly's ids are URNs (using-async-apis.md: "urn:ff:jobs:eso851211:…").
		const jobId = api === 'firefly' ? `urn:ff:jobs:emu:${uuid}` : uuid;
		/** @type {Job} */
		const job = {
			jobId,
			api,
			clientId,
			state: 'pending',
			polls: 0,
			pollsToFinish: this.pollsToFinish,
			held: fault?.type === 'jobHold',
			failWith: fault?.type === 'jobFailed' ? failureErrors(fault) : undefined,
			created: new Date().toISOString(),
			input,
			outputUrls: [],
		};
		this.jobs.set(jobId, job);
		return job;
	}

	/** One poll's worth of progress. @param {Job} job @param {import('./server').Fault | undefined} fault */
	advance(job, fault) {
		if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled' || job.state === 'partial') return;
		job.polls++;
		if (fault?.type === 'jobFailed') return this.finish(job, 'failed', failureErrors(fault));
		if (job.held || job.polls < job.pollsToFinish) {
			job.state = job.polls === 1 && !job.held ? 'pending' : 'running';
			return;
		}
		if (job.failWith) return this.finish(job, 'failed', job.failWith);
		if (job.partialErrors) return this.finish(job, 'partial');
		return this.finish(job, 'succeeded');
	}

	/** @param {Job} job @param {'succeeded' | 'failed' | 'partial'} state @param {Array<{ error_code: string, message: string }>} [errors] */
	finish(job, state, errors) {
		job.state = state;
		job.failWith = state === 'failed' ? (errors ?? failureErrors({ type: 'jobFailed' })) : undefined;
		// An operation's outputs are made by operations.js (deliver), with their bytes.
		if (job.op) return;
		if (state === 'succeeded' || state === 'partial') {
			// A partial InDesign job made its first output only.
			const count = state === 'partial' ? 1 : (job.sources?.length ?? job.destinations?.length ?? job.variations ?? 1);
			job.outputUrls = Array.from({ length: count }, (_, index) => index).map((index) => {
				const signature = randomBytes(12).toString('hex');
				// Signed with temporary credentials, as Adobe's outputs are: the session token is part of
				// the URL, and the output is refused without it (a client that hid it gets S3's 403).
				const sessionToken = randomBytes(24).toString('base64url');
				this.outputs.set(signature, {
					jobId: job.jobId,
					index,
					mediaType: job.kind === 'video' ? 'video/mp4' : (job.mediaType ?? 'image/png'),
					sessionToken,
				});
				// Shaped like an S3 pre-signed GET: its signature is in the query.
				return `${this.emulator.url}/__jobs/output/${signature}?X-Amz-Expires=3600&X-Amz-Security-Token=${sessionToken}&X-Amz-Signature=${randomBytes(16).toString('hex')}`;
			});
		}
	}

	/** The status document in the job's API dialect. @param {Job} job */
	statusBody(job) {
		const now = new Date().toISOString();
		const errors = job.failWith ?? [];
		if (job.api === 'firefly') {
			if (job.state === 'succeeded' && job.kind === 'video') {
				return {
					status: 'succeeded',
					jobId: job.jobId,
					result: { outputs: job.outputUrls.map((url, i) => ({ seed: 2000 + i, video: { url } })) },
				};
			}
			if (job.state === 'succeeded' && job.kind === 'upscale') {
				return {
					status: 'succeeded',
					jobId: job.jobId,
					result: { outputs: job.outputUrls.map((presignedUrl, i) => ({ id: `${job.jobId}-${i}`, presignedUrl })), version: '3.0' },
				};
			}
			if (job.state === 'succeeded') {
				return {
					status: 'succeeded',
					jobId: job.jobId,
					result: {
						size: { width: 64, height: 64 },
						outputs: job.outputUrls.map((url, i) => ({ seed: 1000 + i, image: { url } })),
						contentClass: 'photo',
					},
				};
			}
			if (job.state === 'failed')
				return { status: 'failed', jobId: job.jobId, error_code: errors[0]?.error_code, message: errors[0]?.message };
			return { status: job.state, jobId: job.jobId };
		}
		if (job.api === 'photoshop') {
			/** @type {Record<string, unknown>} */
			const output = { input: job.input, status: job.state === 'cancelled' ? 'failed' : job.state, created: job.created, modified: now };
			if (job.state === 'succeeded')
				output._links = { renditions: job.outputUrls.map((href) => ({ href, width: 64, storage: 'external', type: 'image/png' })) };
			// The v1 guides show a failed output's errors as { type, title, code }.
			if (job.state === 'failed') output.errors = { type: 'ServerError', title: errors[0]?.message, code: errors[0]?.error_code };
			return { jobId: job.jobId, outputs: [output], _links: { self: { href: this.statusUrl(job) } } };
		}
		if (job.api === 'indesign') return this.inDesignStatus(job, now);
		/** @type {Record<string, unknown>} */
		const body = {
			jobId: job.jobId,
			status: job.state === 'pending' ? 'not_started' : job.state,
			createdTime: job.created,
			modifiedTime: now,
		};
		if (job.op) {
			// partially_succeeded: Photoshop v2 documents no word for it; Cloud Storage's, which core/jobs/readers.ts reads.
			if (job.state === 'partial') body.status = 'partially_succeeded';
			if (job.state === 'succeeded' || job.state === 'partial') body.result = { outputs: this.emulator.operations.statusOutputs(job) };
			const failed = job.state === 'failed' ? errors : job.state === 'partial' ? (job.op.outputErrors ?? []) : [];
			if (failed.length) body.errorDetails = failed.map((e) => ({ errorCode: e.error_code, message: e.message }));
			return body;
		}
		if (job.state === 'succeeded') body.result = { outputs: job.outputUrls.map((url, i) => v2Output(job.destinations?.[i], url)) };
		if (job.state === 'failed') body.errorDetails = errors.map((e) => ({ errorCode: e.error_code, message: e.message }));
		return body;
	}

	/**
	 * InDesign's status events: not_started, running, succeeded and partial_success with outputs[]
	 * { destination: { url }, source }, failed and partial_success with errors[].
	 * @param {Job} job @param {string} now
	 */
	inDesignStatus(job, now) {
		const state = job.state === 'pending' ? 'not_started' : job.state === 'partial' ? 'partial_success' : job.state;
		/** @type {Record<string, unknown>} */
		const body = { jobId: job.jobId, status: state, timestamp: now };
		if (job.state === 'succeeded' || job.state === 'partial') {
			body.outputs = job.outputUrls.map((url, i) => ({ destination: { url }, source: job.sources?.[i] ?? `output${i + 1}` }));
		}
		if (job.state === 'failed') body.errors = job.failWith ?? [];
		if (job.state === 'partial') body.errors = job.partialErrors;
		return body;
	}

	/** @param {Job} job @param {import('./server').Fault | undefined} [fault] a lyingStatusUrl fault moves it elsewhere */
	statusUrl(job, fault) {
		const path = { firefly: '/v3/status/', photoshop: '/pie/psdService/status/', photoshopV2: '/v2/status/', indesign: '/v3/status/' }[
			job.api
		];
		return `${originOf(this.emulator, fault)}${path}${job.api === 'firefly' ? job.jobId : encodeURIComponent(job.jobId)}`;
	}

	/**
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
	 * @param {string} clientId @param {string} raw @param {import('./server').Fault | undefined} fault
	 */
	submitFirefly(req, res, clientId, raw, fault) {
		const json = (/** @type {number} */ status, /** @type {unknown} */ body) => this.emulator.json(res, status, body);
		// JSON or multipart, prompt, contentClass, numVariations and seeds, as the spec says (jobRequests.js).
		const read = readGenerateAsync(String(req.headers['content-type'] ?? ''), raw);
		if ('status' in read) return json(read.status, read.body);
		const job = this.create('firefly', clientId, fault);
		job.variations = read.variations;
		return json(202, {
			jobId: job.jobId,
			statusUrl: this.statusUrl(job, fault),
			cancelUrl: `${originOf(this.emulator, fault)}/v3/cancel/${job.jobId}`,
		});
	}

	/** @param {import('node:http').ServerResponse} res @param {string} clientId @param {string} raw @param {import('./server').Fault | undefined} fault */
	submitPhotoshop(res, clientId, raw, fault) {
		const body = parseObject(raw);
		const inputs = body?.inputs;
		const firstInput = Array.isArray(inputs) ? inputs[0] : undefined;
		if (
			!body ||
			!Array.isArray(inputs) ||
			inputs.length === 0 ||
			!Array.isArray(body.outputs) ||
			body.outputs.length === 0 ||
			typeof firstInput?.href !== 'string'
		) {
			return this.emulator.json(res, 400, {
				type: 'InputValidationError',
				code: '400',
				title: "request parameters didn't validate: inputs and outputs are required",
			});
		}
		const job = this.create('photoshop', clientId, fault, firstInput.href);
		return this.emulator.json(res, 202, { _links: { self: { href: this.statusUrl(job, fault) } } });
	}

	/**
	 * POST /v3/videos/generate: GenerateVideoRequestV3 requires no field; what it has is checked
	 * (seeds: exactly one integer, bitRateFactor 0–63, prompt a string).
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
	 * @param {string} clientId @param {string} raw @param {import('./server').Fault | undefined} fault
	 */
	submitFireflyVideo(req, res, clientId, raw, fault) {
		const body = this.fireflyBody(req, res, raw);
		if (!body) return;
		const invalid = (/** @type {string} */ field, /** @type {string} */ msg) =>
			this.emulator.json(res, 422, {
				error_code: 'validation_error',
				message: 'Validation failed',
				validation_errors: [{ loc: ['body', field], msg, type: 'value_error' }],
			});
		if (body.prompt !== undefined && typeof body.prompt !== 'string') return invalid('prompt', 'prompt must be a string');
		if (body.seeds !== undefined && !(Array.isArray(body.seeds) && body.seeds.length === 1 && Number.isInteger(body.seeds[0])))
			return invalid('seeds', 'seeds must hold exactly one integer');
		if (body.bitRateFactor !== undefined && !(Number.isInteger(body.bitRateFactor) && body.bitRateFactor >= 0 && body.bitRateFactor <= 63))
			return invalid('bitRateFactor', 'bitRateFactor must be an integer from 0 to 63');
		const job = this.create('firefly', clientId, fault);
		job.kind = 'video';
		return this.emulator.json(res, 202, {
			jobId: job.jobId,
			statusUrl: this.statusUrl(job, fault),
			cancelUrl: `${originOf(this.emulator, fault)}/v3/cancel/${job.jobId}`,
		});
	}

	/**
	 * POST /v2/storage/image after the gateway's checks (the body is the image: read by operations.js, not as text).
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
	 * @param {{ url: URL, expired: boolean, record: import('./server').RequestRecord, fault?: import('./server').Fault }} ctx
	 */
	async serveUpload(req, res, ctx) {
		const token = gatewayCheck(this.emulator, req, res, ctx);
		if (!token) return void req.resume();
		return this.emulator.operations.storageImage(req, res, token);
	}

	/** Firefly's checks on any JSON body: content type, empty body, an object. Answers and returns undefined when they fail. @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} raw */
	fireflyBody(req, res, raw) {
		const json = (/** @type {number} */ status, /** @type {unknown} */ body) => void this.emulator.json(res, status, body);
		if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? '')))
			return json(415, { error_code: 'invalid_content_type', message: 'Unsupported media type' });
		if (!raw.trim()) return json(400, { error_code: 'empty_input_body', message: 'The request body is empty' });
		const body = parseObject(raw);
		if (!body) return json(400, { error_code: 'bad_request', message: 'The request body is not a JSON object' });
		return body;
	}

	/**
	 * POST /v3/create-rendition: CreateRenditionRequest. The job makes one file per requested output
	 * (its `source`), or one named after the document.
	 * @param {import('node:http').ServerResponse} res @param {string} clientId @param {string} raw @param {import('./server').Fault | undefined} fault
	 */
	submitInDesign(res, clientId, raw, fault) {
		const body = parseObject(raw);
		const bad = (/** @type {string} */ message) => this.emulator.json(res, 400, { error_code: 'invalid_request', message });
		if (!body) return bad('The request body is not a JSON object.');
		const assets = body.assets;
		if (!Array.isArray(assets) || assets.length === 0 || !assets.every((a) => typeof a?.source?.url === 'string'))
			return bad('assets is required: each with source.url.');
		const params = body.params;
		const documents = params?.targetDocuments;
		if (!Array.isArray(documents) || documents.length !== 1 || typeof documents[0] !== 'string')
			return bad('params.targetDocuments must hold exactly one document.');
		const mediaType = params.outputMediaType;
		if (!['image/jpeg', 'image/png', 'application/pdf'].includes(mediaType))
			return bad('params.outputMediaType must be image/jpeg, image/png or application/pdf.');
		if (
			body.outputs !== undefined &&
			(!Array.isArray(body.outputs) || !body.outputs.every((o) => typeof o?.destination?.url === 'string' && typeof o?.source === 'string'))
		) {
			return bad('outputs: each needs destination.url and source.');
		}
		const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' }[/** @type {string} */ (mediaType)];
		const job = this.create('indesign', clientId, fault);
		job.mediaType = mediaType;
		/** @type {string[]} */
		let sources = body.outputs?.length
			? body.outputs.map((/** @type {{ source: string }} */ o) => o.source)
			: [`${documents[0].replace(/\.[^.]*$/, '')}.${extension}`];
		if (fault?.type === 'jobPartial') {
			// It makes the first file only: at least two are asked for, the others get an error each.
			if (sources.length < 2) sources = [...sources, sources[0].replace(/(\.[^.]*)?$/, '-2$1')];
			job.partialErrors = fault.errors?.length
				? fault.errors
				: sources.slice(1).map((source) => ({
						error_code: 'rendition_failed',
						message: 'This page could not be rendered: a linked image is missing.',
						source,
					}));
		}
		job.sources = sources;
		return this.emulator.json(res, 202, { jobId: job.jobId, statusUrl: this.statusUrl(job, fault) });
	}

	/** PUT /v3/cancel/{jobId}: 200 without a body while it runs, 409 once it has ended. @param {import('node:http').ServerResponse} res @param {Job | undefined} job */
	cancel(res, job) {
		if (!job) return this.emulator.json(res, 404, { error_code: 'not_found', message: 'Requested Resource Was Not Found' });
		if (job.state !== 'pending' && job.state !== 'running')
			return this.emulator.json(res, 409, { error_code: 'conflict', message: `The job has already ${job.state}` });
		job.state = 'cancelled';
		job.held = false;
		res.writeHead(200);
		return res.end();
	}

	/** @param {import('node:http').ServerResponse} res @param {JobApi} api @param {string} jobId */
	unknown(res, api, jobId) {
		if (api === 'photoshopV2') return this.emulator.json(res, 404, { error_code: 'unknown_job_id', message: 'Job not found' });
		return this.emulator.json(res, 404, { error_code: 'not_found', message: `Job ${jobId} was not found` });
	}

	/**
	 * Hosts an output's bytes at a pre-signed URL (an operation's: Adobe-hosted Photoshop outputs, Firefly images)
	 * for `ttlSeconds`. @param {string} jobId @param {number} index @param {string} mediaType @param {Buffer} bytes @param {number} ttlSeconds
	 */
	host(jobId, index, mediaType, bytes, ttlSeconds) {
		const signature = randomBytes(12).toString('hex');
		const sessionToken = randomBytes(24).toString('base64url');
		this.outputs.set(signature, { jobId, index, mediaType, sessionToken, bytes, expiresAt: Date.now() + ttlSeconds * 1000 });
		return `${this.emulator.url}/__jobs/output/${signature}?X-Amz-Expires=${ttlSeconds}&X-Amz-Security-Token=${sessionToken}&X-Amz-Signature=${randomBytes(16).toString('hex')}`;
	}

	/** What a hosted output URL serves, if it is signed and not expired (operations.js reads it as an input). @param {URL} url */
	hostedOutput(url) {
		const signed = this.outputs.get(url.pathname.split('/')[3] ?? '');
		if (!signed || url.searchParams.get('X-Amz-Security-Token') !== signed.sessionToken) return undefined;
		if (signed.expiresAt !== undefined && Date.now() > signed.expiresAt) return undefined;
		const { solidPng } = require('./server');
		return {
			bytes: signed.bytes ?? solidPng(64, `${signed.jobId}#${signed.index}`),
			mediaType: signed.bytes ? signed.mediaType : 'image/png',
		};
	}

	/**
	 * The pre-signed output: no Authorization (one sent is answered 400, as S3 does, and counted like storage's
	 * pre-signed URLs), 403 unsigned or expired; an operation's bytes, else a small PNG.
	 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url
	 */
	output(req, res, url) {
		if (req.headers.authorization !== undefined) {
			this.emulator.writes.authorizationOnPresigned++;
			this.emulator.operations.authorizationOnOutputs++;
			res.writeHead(400, { 'content-type': 'application/xml' });
			return res.end('<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>');
		}
		const signed = this.outputs.get(url.pathname.split('/')[3]);
		if (
			!signed ||
			url.searchParams.get('X-Amz-Security-Token') !== signed.sessionToken ||
			(signed.expiresAt !== undefined && Date.now() > signed.expiresAt)
		) {
			res.writeHead(403, { 'content-type': 'application/xml' });
			return res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
		}
		if (signed.bytes) {
			res.writeHead(200, { 'content-type': signed.mediaType, 'content-length': String(signed.bytes.length) });
			return res.end(signed.bytes);
		}
		if (!signed.mediaType.startsWith('image/')) {
			// A stand-in: an MP4's ftyp box or a PDF's header, enough for a type sniff.
			const bytes =
				signed.mediaType === 'video/mp4'
					? Buffer.from('000000186674797069736f6d0000020069736f6d6d703431', 'hex')
					: Buffer.from('%PDF-1.4\n%%EOF\n');
			res.writeHead(200, { 'content-type': signed.mediaType, 'content-length': String(bytes.length) });
			return res.end(bytes);
		}
		const { solidPng } = require('./server');
		const png = solidPng(64, `${signed.jobId}#${signed.index}`);
		res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
		return res.end(png);
	}

	/**
	 * The /__emulator/jobs controls; false when the path is not one of them.
	 * @param {string} action "METHOD /path" @param {string} raw the body @param {import('node:http').ServerResponse} res
	 */
	control(action, raw, res) {
		if (action === 'GET /__emulator/jobs') {
			const jobs = [...this.jobs.values()].map(({ jobId, api, state, polls, held }) => ({ jobId, api, state, polls, held }));
			this.emulator.json(res, 200, { jobs, pollsToFinish: this.pollsToFinish });
			return true;
		}
		if (action === 'POST /__emulator/jobs/config') {
			const body = parseObject(raw) ?? {};
			const polls = Number(body.pollsToFinish);
			if (!Number.isInteger(polls) || polls < 1 || polls > 1000) {
				this.emulator.json(res, 400, { message: 'pollsToFinish must be a whole number from 1 to 1000' });
				return true;
			}
			this.pollsToFinish = polls;
			this.emulator.json(res, 200, { pollsToFinish: polls });
			return true;
		}
		if (action === 'POST /__emulator/jobs/release') {
			const body = parseObject(raw) ?? {};
			const released = this.release(
				typeof body.jobId === 'string' ? body.jobId : undefined,
				body.outcome === 'failed' ? 'failed' : 'succeeded',
			);
			this.emulator.json(res, 200, { released });
			return true;
		}
		return false;
	}

	/**
	 * Lets held jobs (one, or all) end: the next poll of each answers `outcome`. Returns their ids.
	 * @param {string | undefined} jobId @param {'succeeded' | 'failed'} outcome
	 */
	release(jobId, outcome = 'succeeded') {
		const released = [];
		for (const job of this.jobs.values()) {
			if (!job.held || (jobId !== undefined && job.jobId !== jobId)) continue;
			job.held = false;
			job.pollsToFinish = 0;
			if (outcome === 'failed') job.failWith ??= failureErrors({ type: 'jobFailed' });
			released.push(job.jobId);
		}
		return released;
	}
}

/** The origin a submit answer names: the emulator's own, unless a lyingStatusUrl fault says otherwise. @param {import('./server').AdobeEmulator} emulator @param {import('./server').Fault | undefined} fault */
function originOf(emulator, fault) {
	return fault?.type === 'lyingStatusUrl' ? fault.origin.replace(/\/+$/, '') : emulator.url;
}

/**
 * A Photoshop v2 status output echoing its requested destination: external storage gives its URL
 * (here the emulator's pre-signed one), Creative Cloud its path and no URL, embedded its content.
 * @param {Record<string, any> | undefined} requested @param {string} url
 */
function v2Output(requested, url) {
	const mediaType = typeof requested?.mediaType === 'string' ? requested.mediaType : 'image/png';
	const destination = requested?.destination;
	if (typeof destination?.creativeCloudPath === 'string') {
		const echoed = {
			creativeCloudPath: destination.creativeCloudPath,
			...(typeof destination.creativeCloudProjectId === 'string' ? { creativeCloudProjectId: destination.creativeCloudProjectId } : {}),
		};
		return { destination: echoed, mediaType };
	}
	if (destination && 'embedded' in destination) {
		const kind = destination.embedded ?? 'string';
		return {
			destination: {
				embedded: kind,
				content:
					kind === 'json' ? { document: { width: 64, height: 64 }, layers: [] } : kind === 'base64' ? 'iVBORw0KGgo=' : 'emulated output',
			},
			mediaType,
		};
	}
	return { url, mediaType };
}

/** @param {{ type: 'jobFailed', errors?: Array<{ error_code: string, message: string }> }} fault */
function failureErrors(fault) {
	return fault.errors?.length
		? fault.errors
		: [{ error_code: 'runtime_error', message: 'An unexpected error occurred while processing your request.' }];
}

module.exports = { ASYNC_JOB_ROUTES, AsyncJobs, asyncJobRoute };
