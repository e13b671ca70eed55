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
 * Outputs are pre-signed URLs on the emulator (GET /__jobs/output/{signature}), served without
 * credentials like a storage bucket.
 *
 * Progression is deterministic: a job answers pending on its first poll, running until its
 * `pollsToFinish`-th poll (default 3), then succeeded. Faults, through the emulator's inject():
 *   { type: 'jobFailed', errors? }  on a submit route: the job fails when it would have finished;
 *                                    on a status route: the job fails on that poll.
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
const { readCreateComposite, readGenerateAsync } = require('./jobRequests');

const ASYNC_JOB_ROUTES = /** @type {const} */ ([
	'firefly.generateAsync',
	'firefly.status',
	'firefly.cancel',
	'photoshop.psdSubmit',
	'photoshop.psdStatus',
	'photoshop.v2Submit',
	'jobs.output',
]);

/**
 * @typedef {typeof ASYNC_JOB_ROUTES[number] | 'photoshop.status'} JobRoute
 * @typedef {'firefly' | 'photoshop' | 'photoshopV2'} JobApi
 * @typedef {'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled'} JobState
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
 */

/** @param {string} method @param {string} path @returns {JobRoute | undefined} */
function asyncJobRoute(method, path) {
	if (method === 'POST' && path === '/v3/images/generate-async') return 'firefly.generateAsync';
	if (method === 'GET' && /^\/v3\/status\/[^/]+$/.test(path)) return 'firefly.status';
	if (method === 'PUT' && /^\/v3\/cancel\/[^/]+$/.test(path)) return 'firefly.cancel';
	if (method === 'POST' && path === '/pie/psdService/renditionCreate') return 'photoshop.psdSubmit';
	if (method === 'GET' && /^\/pie\/psdService\/status\/[^/]+$/.test(path)) return 'photoshop.psdStatus';
	if (method === 'POST' && path === '/v2/create-composite') return 'photoshop.v2Submit';
	if (method === 'GET' && /^\/__jobs\/output\/[^/]+$/.test(path)) return 'jobs.output';
	return undefined;
}

class AsyncJobs {
	/** @param {import('./server').AdobeEmulator} emulator */
	constructor(emulator) {
		this.emulator = emulator;
		/** @type {Map<string, Job>} */
		this.jobs = new Map();
		/** Pre-signed output URLs: signature → the job and output it shows. */
		/** @type {Map<string, { jobId: string, index: number }>} */
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
	serve(req, res, route, ctx, body) {
		if (route === 'jobs.output') return this.output(res, ctx.url);
		const token = gatewayCheck(this.emulator, req, res, ctx);
		if (!token) return;
		const fault = ctx.fault;
		const jobId = decodeURIComponent(ctx.url.pathname.split('/').pop() ?? '');
		switch (route) {
			case 'firefly.generateAsync':
				return this.submitFirefly(req, res, token.clientId, body, fault);
			case 'photoshop.psdSubmit':
				return this.submitPhotoshop(res, token.clientId, body, fault);
			case 'photoshop.v2Submit':
				return this.submitPhotoshopV2(res, token.clientId, body, fault);
			case 'firefly.cancel':
				return this.cancel(res, this.owned(jobId, 'firefly', token.clientId));
			default: {
				const api = route === 'firefly.status' ? 'firefly' : route === 'photoshop.psdStatus' ? 'photoshop' : 'photoshopV2';
				const job = this.owned(jobId, api, token.clientId);
				if (!job) return this.unknown(res, api, jobId);
				this.advance(job, fault);
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
		const uuid = randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
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
		if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled') return;
		job.polls++;
		if (fault?.type === 'jobFailed') return this.finish(job, 'failed', failureErrors(fault));
		if (job.held || job.polls < job.pollsToFinish) {
			job.state = job.polls === 1 && !job.held ? 'pending' : 'running';
			return;
		}
		if (job.failWith) return this.finish(job, 'failed', job.failWith);
		return this.finish(job, 'succeeded');
	}

	/** @param {Job} job @param {'succeeded' | 'failed'} state @param {Array<{ error_code: string, message: string }>} [errors] */
	finish(job, state, errors) {
		job.state = state;
		job.failWith = state === 'failed' ? errors ?? failureErrors({ type: 'jobFailed' }) : undefined;
		if (state === 'succeeded') {
			job.outputUrls = Array.from({ length: job.variations ?? 1 }, (_, index) => index).map((index) => {
				const signature = randomBytes(12).toString('hex');
				this.outputs.set(signature, { jobId: job.jobId, index });
				return `${this.emulator.url}/__jobs/output/${signature}?X-Amz-Expires=3600`;
			});
		}
	}

	/** The status document in the job's API dialect. @param {Job} job */
	statusBody(job) {
		const now = new Date().toISOString();
		const errors = job.failWith ?? [];
		if (job.api === 'firefly') {
			if (job.state === 'succeeded') {
				return {
					status: 'succeeded',
					jobId: job.jobId,
					result: { size: { width: 64, height: 64 }, outputs: job.outputUrls.map((url, i) => ({ seed: 1000 + i, image: { url } })), contentClass: 'photo' },
				};
			}
			if (job.state === 'failed') return { status: 'failed', jobId: job.jobId, error_code: errors[0]?.error_code, message: errors[0]?.message };
			return { status: job.state, jobId: job.jobId };
		}
		if (job.api === 'photoshop') {
			/** @type {Record<string, unknown>} */
			const output = { input: job.input, status: job.state === 'cancelled' ? 'failed' : job.state, created: job.created, modified: now };
			if (job.state === 'succeeded') output._links = { renditions: job.outputUrls.map((href) => ({ href, width: 64, storage: 'external', type: 'image/png' })) };
			// The v1 guides show a failed output's errors as { type, title, code }.
			if (job.state === 'failed') output.errors = { type: 'ServerError', title: errors[0]?.message, code: errors[0]?.error_code };
			return { jobId: job.jobId, outputs: [output], _links: { self: { href: this.statusUrl(job) } } };
		}
		/** @type {Record<string, unknown>} */
		const body = { jobId: job.jobId, status: job.state, createdTime: job.created, modifiedTime: now };
		if (job.state === 'succeeded') body.result = { outputs: job.outputUrls.map((url) => ({ url, mediaType: 'image/png' })) };
		if (job.state === 'failed') body.errorDetails = errors.map((e) => ({ errorCode: e.error_code, message: e.message }));
		return body;
	}

	/** @param {Job} job @param {import('./server').Fault | undefined} [fault] a lyingStatusUrl fault moves it elsewhere */
	statusUrl(job, fault) {
		const path = { firefly: '/v3/status/', photoshop: '/pie/psdService/status/', photoshopV2: '/v2/status/' }[job.api];
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
		return json(202, { jobId: job.jobId, statusUrl: this.statusUrl(job, fault), cancelUrl: `${originOf(this.emulator, fault)}/v3/cancel/${job.jobId}` });
	}

	/** @param {import('node:http').ServerResponse} res @param {string} clientId @param {string} raw @param {import('./server').Fault | undefined} fault */
	submitPhotoshop(res, clientId, raw, fault) {
		const body = parseObject(raw);
		const inputs = body?.inputs;
		const firstInput = Array.isArray(inputs) ? inputs[0] : undefined;
		if (!body || !Array.isArray(inputs) || inputs.length === 0 || !Array.isArray(body.outputs) || body.outputs.length === 0 || typeof firstInput?.href !== 'string') {
			return this.emulator.json(res, 400, { type: 'InputValidationError', code: '400', title: 'request parameters didn\'t validate: inputs and outputs are required' });
		}
		const job = this.create('photoshop', clientId, fault, firstInput.href);
		return this.emulator.json(res, 202, { _links: { self: { href: this.statusUrl(job, fault) } } });
	}

	/** @param {import('node:http').ServerResponse} res @param {string} clientId @param {string} raw @param {import('./server').Fault | undefined} fault */
	submitPhotoshopV2(res, clientId, raw, fault) {
		// image (a source, or width and height) and 1–25 outputs with destination and mediaType (jobRequests.js).
		const read = readCreateComposite(raw);
		if ('status' in read) return this.emulator.json(res, read.status, read.body);
		const job = this.create('photoshopV2', clientId, fault);
		return this.emulator.json(res, 202, { jobId: job.jobId, statusUrl: this.statusUrl(job, fault) });
	}

	/** PUT /v3/cancel/{jobId}: 200 without a body while it runs, 409 once it has ended. @param {import('node:http').ServerResponse} res @param {Job | undefined} job */
	cancel(res, job) {
		if (!job) return this.emulator.json(res, 404, { error_code: 'not_found', message: 'Requested Resource Was Not Found' });
		if (job.state !== 'pending' && job.state !== 'running') return this.emulator.json(res, 409, { error_code: 'conflict', message: `The job has already ${job.state}` });
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

	/** The pre-signed output: a small PNG, no Authorization needed. @param {import('node:http').ServerResponse} res @param {URL} url */
	output(res, url) {
		const signed = this.outputs.get(url.pathname.split('/')[3]);
		if (!signed) {
			res.writeHead(403, { 'content-type': 'application/xml' });
			return res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
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
			const released = this.release(typeof body.jobId === 'string' ? body.jobId : undefined, body.outcome === 'failed' ? 'failed' : 'succeeded');
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

/** @param {{ type: 'jobFailed', errors?: Array<{ error_code: string, message: string }> }} fault */
function failureErrors(fault) {
	return fault.errors?.length ? fault.errors : [{ error_code: 'runtime_error', message: 'An unexpected error occurred while processing your request.' }];
}

/** @param {string} raw @returns {Record<string, any> | undefined} */
function parseObject(raw) {
	try {
		const value = JSON.parse(raw);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

module.exports = { ASYNC_JOB_ROUTES, AsyncJobs, asyncJobRoute };
