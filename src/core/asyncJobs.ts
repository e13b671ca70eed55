/**
 * Adobe's asynchronous jobs: recognising the answer that starts one, reading each API's status
 * shape, and following a job to its end with bounded polling. No 'vscode' import: the request-file
 * runner, the Jobs view and any other front door call the same functions.
 *
 * Shapes, as Adobe documents them:
 * - Firefly v3 async (AdobeDocs/ffs-firefly-api src/pages/guides/how-tos/using-async-apis.md and
 *   static/firefly-api.json): POST /v3/images/generate-async → 202 AsyncAcceptResponseV3
 *   `{ jobId, statusUrl, cancelUrl }`; GET /v3/status/{jobId} → JobResponse, `status` pending |
 *   running | succeeded | failed | cancelled | cancel_pending | timeout, a failure carrying
 *   `error_code` and `message`, success `result.outputs[].image.url` (pre-signed); PUT
 *   /v3/cancel/{jobId} cancels. Firefly v4 async answers AsyncTaskResponse `{ links: { result, cancel }, progress }`.
 * - Photoshop v1 (AdobeDocs/ffs-photoshop-API static/photoshop_api.json, JobStatusLinkResponse and
 *   PsJobApiResponse; src/pages/guides/get-job-status/index.md): 202 `{ _links: { self: { href } } }`;
 *   the status has `outputs[].status` (pending | running | uploading | succeeded | failed) and
 *   `outputs[]._links.renditions[].href`.
 * - Photoshop v2 (static/photoshopv2-api.json JobAcceptedResponse and JobStatusResponse;
 *   src/pages/guides/photoshop-v2/v1-to-v2/status-migration.md): 202 `{ jobId, statusUrl }`; GET
 *   /v2/status/{jobId} → `status`, `result.outputs[]` `{ url, mediaType }`, `errorDetails[]` `{ errorCode, message }`.
 * - Cloud Storage (AdobeDocs/cloud-storage static/index.yml, fileDownloadAcceptedResponse and
 *   jobStatus): 202 `{ jobId }` with retry-after, polled at `{base}/status/{jobId}`; `status` running |
 *   succeeded | failed | partially_succeeded, `errors[]` `{ error_code, message }`, a download's
 *   `downloadResponse.url`.
 * - Any API: 202 with a Location header (RFC 9110 §15.3.3).
 */
import { AdobeApiError, AdobeService, isAdobeApiError } from './errors';
import { HttpClient, HttpResponse, formatDuration, parseRetryAfter } from './http';
import { Clock } from './logger';
import { redact } from './redact';

export type JobApi = 'firefly' | 'photoshop' | 'photoshopV2' | 'cloudStorage' | 'other';

export interface JobRef {
	statusUrl: string;
	cancelUrl?: string;
	jobId?: string;
	api: JobApi;
}

export type JobState = 'pending' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'partially_succeeded';

export interface JobOutput {
	/** The API calls it an image (Firefly's `outputs[].image`), whatever its URL looks like. */
	image?: boolean;
	label: string;
	url: string;
	mediaType?: string;
}

export interface JobStatus {
	state: JobState;
	terminal: boolean;
	outputs: JobOutput[];
	errors: Array<{ code?: string; message: string }>;
	/** 0–100, when the API reports it. */
	progress?: number;
	raw: unknown;
}

export interface FollowJobDeps {
	http: HttpClient;
	/** Headers for a poll (Authorization + x-api-key); forceRefresh=true after a 401 (refresh once, then a second 401 fails). */
	authHeaders(forceRefresh: boolean, signal: AbortSignal): Promise<Record<string, string>>;
	/** Throws when the status URL's origin may not receive the token (a lying server's statusUrl). */
	checkOrigin(url: URL): Promise<void>;
	clock: Clock;
	/** Cancel: followJob rejects with an AdobeApiError of kind 'cancelled' and sends nothing more. */
	signal?: AbortSignal;
	onUpdate?(status: JobStatus, polls: number): void;
	/** Values scrubbed from anything logged or thrown. */
	secrets?: string[];
}

export interface FollowJobOptions {
	/** Wait before the first poll; default 1 s (Firefly's guide polls "once every second"). */
	firstDelayMs?: number;
	/** Longest wait between polls, also the cap on any Retry-After; default 30 s (the Photoshop v2 guide's cap). */
	maxDelayMs?: number;
	/** Status requests in all, including retries; default 300. */
	maxPolls?: number;
	/** How long to follow in all; default 30 min. */
	deadlineMs?: number;
}

export const JOB_DEFAULTS: Required<FollowJobOptions> = { firstDelayMs: 1000, maxDelayMs: 30_000, maxPolls: 300, deadlineMs: 30 * 60_000 };
/** Hard limits no option can pass: a day of following, 10 000 requests, 10 minutes between polls. */
const LIMITS: Required<FollowJobOptions> = { firstDelayMs: 10 * 60_000, maxDelayMs: 10 * 60_000, maxPolls: 10_000, deadlineMs: 24 * 60 * 60_000 };
/** No two polls closer than this, whatever Retry-After says ("0" must not become a burst). */
export const MIN_POLL_DELAY_MS = 250;
/** How much slower each unchanged poll gets. */
const BACKOFF_FACTOR = 1.5;
/** A status answer is a small JSON document; anything past this is not one. */
export const MAX_STATUS_BODY_BYTES = 1024 * 1024;
const MAX_OUTPUTS = 100;
const MAX_ERRORS = 20;
const MAX_TEXT = 500;
const MAX_URL = 8192;

// ---- detection ----

/**
 * The job a response started, if it started one: HTTP 202 + Location, or a JSON body with
 * statusUrl (Firefly v3, Photoshop v2), links.result (Firefly v4), _links.self.href (Photoshop v1),
 * or a bare jobId from a Cloud Storage call. Relative URLs resolve against `requestUrl`; anything
 * that is not http(s) is ignored.
 */
export function detectJob(status: number, headers: Record<string, string>, body: unknown, requestUrl: string): JobRef | undefined {
	if (status < 200 || status > 299) return undefined;
	const json = asRecord(body);
	const jobId = text(json?.jobId);
	const make = (statusUrl: string | undefined, cancelUrl: string | undefined, api?: JobApi): JobRef | undefined => {
		const resolved = statusUrl === undefined ? undefined : absoluteUrl(statusUrl, requestUrl);
		if (!resolved || sameUrl(resolved, requestUrl)) return undefined;
		const cancel = cancelUrl === undefined ? undefined : absoluteUrl(cancelUrl, requestUrl);
		return { statusUrl: resolved, ...(cancel ? { cancelUrl: cancel } : {}), ...(jobId ? { jobId } : {}), api: api ?? apiOfStatusUrl(resolved) };
	};
	if (json) {
		const statusUrl = text(json.statusUrl);
		// Firefly v3 answers 202; its cancelUrl makes the shape unmistakable at any 2xx.
		if (statusUrl && (status === 202 || text(json.cancelUrl))) return make(statusUrl, text(json.cancelUrl));
		// Firefly v4: AsyncTaskResponse (answered with 200).
		const links = asRecord(json.links);
		const result = text(asRecord(links?.result)?.href);
		if (result) return make(result, text(asRecord(links?.cancel)?.href), 'firefly');
		if (status === 202) {
			const self = text(asRecord(asRecord(json._links)?.self)?.href);
			if (self) return make(self, undefined, 'photoshop');
		}
	}
	const location = headers.location ?? headers.Location;
	if (status === 202 && location) return make(location, undefined);
	if (status === 202 && jobId) {
		// Cloud Storage: `{base}/status/{jobId}`, the base being what precedes /files|folders|projects/.
		const base = /^(.*?)\/(?:files|folders|projects)(?:\/|$)/.exec(safeUrl(requestUrl)?.pathname ?? '')?.[1];
		if (base !== undefined) return make(`${base}/status/${encodeURIComponent(jobId)}`, undefined, 'cloudStorage');
	}
	return undefined;
}

/** Which API a status URL belongs to, by its documented path. */
export function apiOfStatusUrl(url: string): JobApi {
	const path = safeUrl(url)?.pathname ?? '';
	if (/\/v3\/status\//.test(path)) return 'firefly';
	if (/\/pie\/psdService\/status\//.test(path)) return 'photoshop';
	if (/\/v2\/status\//.test(path)) return 'photoshopV2';
	return 'other';
}

// ---- interpretation ----

/** One status answer, read by the API's documented shape; unknown statuses count as still running (Adobe's lists are "not exhaustive"). */
export function interpretJobStatus(api: JobApi, body: unknown): JobStatus {
	const json = asRecord(body) ?? {};
	const raw = body;
	const progress = percent(json.progress);
	const done = (state: JobState, outputs: JobOutput[], errors: JobStatus['errors']): JobStatus => ({
		state,
		terminal: state !== 'pending' && state !== 'running',
		outputs: outputs.slice(0, MAX_OUTPUTS),
		errors: errors.slice(0, MAX_ERRORS),
		...(progress !== undefined ? { progress } : {}),
		raw,
	});
	if (api === 'photoshop' || (api === 'other' && Array.isArray(json.outputs) && json.status === undefined)) {
		return photoshopV1Status(json, done);
	}
	const state = stateOf(json.status);
	const errors = [...codedErrors(json.errors), ...codedErrors(json.errorDetails)];
	const single = text(json.message);
	if (errors.length === 0 && single && (state === 'failed' || state === 'canceled')) {
		errors.push({ ...(text(json.error_code) ? { code: clip(text(json.error_code)!) } : {}), message: clip(single) });
	}
	if (json.status === 'timeout' && errors.length === 0) errors.push({ code: 'timeout', message: 'The job timed out.' });
	return done(state, state === 'succeeded' || state === 'partially_succeeded' ? outputsOf(json) : [], errors);
}

function stateOf(value: unknown): JobState {
	switch (typeof value === 'string' ? value.toLowerCase() : '') {
		case 'pending':
		case 'queued':
		case 'not_started':
			return 'pending';
		case 'succeeded':
		case 'success':
		case 'completed':
		case 'done':
			return 'succeeded';
		case 'failed':
		case 'error':
		case 'timeout': // Firefly JobPollPayload: the job ran out of time
			return 'failed';
		case 'cancelled':
		case 'canceled':
			return 'canceled';
		case 'partially_succeeded':
			return 'partially_succeeded';
		default: // running, cancel_pending, uploading, and what Adobe adds later
			return 'running';
	}
}

/** Photoshop v1: the job is the sum of its outputs' statuses. */
function photoshopV1Status(json: Record<string, unknown>, done: (state: JobState, outputs: JobOutput[], errors: JobStatus['errors']) => JobStatus): JobStatus {
	const items = (Array.isArray(json.outputs) ? json.outputs : []).map(asRecord).filter((o): o is Record<string, unknown> => o !== undefined);
	const states = items.map((o) => stateOf(o.status));
	const outputs: JobOutput[] = [];
	const errors: JobStatus['errors'] = [];
	items.forEach((item, i) => {
		const renditions = asRecord(item._links)?.renditions;
		(Array.isArray(renditions) ? renditions : []).forEach((r, j) => {
			const rendition = asRecord(r);
			const url = httpUrl(rendition?.href);
			if (url) outputs.push(output(`output ${i + 1}${Array.isArray(renditions) && renditions.length > 1 ? ` rendition ${j + 1}` : ''}`, url, rendition?.type));
		});
		// The v1 guides show a failed output's `errors` as one object { type, title, code } or a list.
		const raw = item.errors;
		const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
		for (const entry of list) {
			const e = asRecord(entry);
			const message = text(e?.title) ?? text(e?.message) ?? text(e?.reason);
			if (message) errors.push({ ...(text(e?.code) ? { code: clip(text(e?.code)!) } : {}), message: clip(message) });
		}
	});
	let state: JobState;
	if (states.length === 0 || states.some((s) => s === 'pending' || s === 'running')) state = states.every((s) => s === 'pending') && states.length ? 'pending' : 'running';
	else if (states.every((s) => s === 'succeeded')) state = 'succeeded';
	else if (states.some((s) => s === 'succeeded')) state = 'partially_succeeded';
	else state = 'failed';
	if (state === 'failed' && errors.length === 0) errors.push({ message: 'Photoshop reported the job failed without saying why.' });
	return done(state, outputs, errors);
}

/** The URLs a finished job produced, in whichever documented place its API puts them. */
function outputsOf(json: Record<string, unknown>): JobOutput[] {
	const outputs: JobOutput[] = [];
	const result = asRecord(json.result);
	const list = result?.outputs;
	const entries = Array.isArray(list) ? list : asRecord(list) ? Object.values(asRecord(list)!) : [];
	entries.forEach((entry, i) => {
		const e = asRecord(entry);
		const image = asRecord(e?.image);
		// Firefly: outputs[].image.url; Photoshop v2: outputs[].url (or a destination's url).
		const url = httpUrl(image?.url) ?? httpUrl(e?.url) ?? httpUrl(asRecord(e?.destination)?.url) ?? httpUrl(e?.href);
		if (!url) return;
		const seed = typeof e?.seed === 'number' && Number.isSafeInteger(e.seed) ? ` (seed ${e.seed})` : '';
		outputs.push({ ...output(image ? `image ${i + 1}${seed}` : `output ${i + 1}`, url, e?.mediaType ?? image?.mediaType ?? e?.type), ...(image ? { image: true } : {}) });
	});
	// Cloud Storage: a download job's pre-signed link.
	const download = asRecord(json.downloadResponse);
	const downloadUrl = httpUrl(download?.url);
	if (downloadUrl) outputs.push(output('download', downloadUrl, download?.mediaType));
	return outputs;
}

function output(label: string, url: string, mediaType: unknown): JobOutput {
	const type = text(mediaType);
	return { label, url, ...(type && /^[\w.+-]+\/[\w.+-]+$/.test(type) && type.length <= 100 ? { mediaType: type } : {}) };
}

/** `[{ error_code | errorCode | code, message }]` as the job's errors. */
function codedErrors(value: unknown): JobStatus['errors'] {
	if (!Array.isArray(value)) return [];
	const errors: JobStatus['errors'] = [];
	for (const entry of value.slice(0, MAX_ERRORS)) {
		const e = asRecord(entry);
		const code = text(e?.error_code) ?? text(e?.errorCode) ?? text(e?.code);
		const message = text(e?.message) ?? text(e?.title) ?? code;
		if (message) errors.push({ ...(code ? { code: clip(code) } : {}), message: clip(message) });
	}
	return errors;
}

// ---- following ----

const API_TITLES: Record<JobApi, string> = {
	firefly: 'The Firefly API',
	photoshop: 'The Photoshop API',
	photoshopV2: 'The Photoshop API',
	cloudStorage: 'Adobe Cloud Storage',
	other: 'The job service',
};

function serviceOf(api: JobApi): AdobeService {
	// Firefly shares the Firefly Services gateway, and its settings, with Photoshop.
	return api === 'cloudStorage' ? 'cloudStorage' : 'photoshop';
}

function bounded(value: number | undefined, fallback: number, limit: number, min = 0): number {
	return Number.isFinite(value) ? Math.min(Math.max(value!, min), limit) : fallback;
}

/**
 * Polls `ref.statusUrl` until the job ends and resolves with its last status (succeeded, failed,
 * canceled or partially_succeeded: a failed job is an answer, not an error). Waits grow by half
 * each unchanged poll up to maxDelayMs; a Retry-After is honoured within [MIN_POLL_DELAY_MS,
 * maxDelayMs]; 429, 5xx and broken connections back off and try again; a 401 refreshes the token
 * once (a second 401 in a row fails). The status URL's origin is checked before any credential
 * is sent to it. Rejects with an AdobeApiError: 'cancelled' on Cancel, 'timeout' past the deadline
 * or maxPolls, 'http'/'badResponse' when the service refuses or answers nonsense.
 */
export async function followJob(ref: JobRef, deps: FollowJobDeps, options: FollowJobOptions = {}): Promise<JobStatus> {
	const firstDelay = bounded(options.firstDelayMs, JOB_DEFAULTS.firstDelayMs, LIMITS.firstDelayMs);
	const maxDelay = bounded(options.maxDelayMs, JOB_DEFAULTS.maxDelayMs, LIMITS.maxDelayMs, MIN_POLL_DELAY_MS);
	const maxPolls = Math.floor(bounded(options.maxPolls, JOB_DEFAULTS.maxPolls, LIMITS.maxPolls, 1));
	const deadlineMs = bounded(options.deadlineMs, JOB_DEFAULTS.deadlineMs, LIMITS.deadlineMs);
	const service = serviceOf(ref.api);
	const title = API_TITLES[ref.api];
	const secrets = deps.secrets ?? [];
	const controller = new AbortController();
	const onAbort = () => controller.abort(deps.signal?.reason);
	if (deps.signal?.aborted) onAbort();
	else deps.signal?.addEventListener('abort', onAbort, { once: true });
	const signal = controller.signal;
	const cancelled = () => new AdobeApiError('Following the job was cancelled; no further status requests were sent.', { kind: 'cancelled', service });

	try {
		const url = safeUrl(ref.statusUrl);
		if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
			throw new AdobeApiError(`${title} gave a job status address that is not an http(s) URL; it was not contacted.`, { kind: 'badResponse', service });
		}
		// Before any token is fetched for it: a status URL from a response body is the server's word.
		await deps.checkOrigin(url);

		const started = deps.clock.now();
		let delay = firstDelay;
		let pollDelay = firstDelay;
		let polls = 0;
		let refreshNext = false;
		let refreshed = false;
		let lastState: JobState | undefined;
		for (;;) {
			if (signal.aborted) throw cancelled();
			const elapsed = deps.clock.now() - started;
			if (elapsed + delay > deadlineMs) {
				throw new AdobeApiError(
					`${title}'s job was still ${lastState ?? 'unfinished'} after ${formatDuration(deadlineMs)} of following (${polls} status requests); it may still finish: follow it again later.`,
					{ kind: 'timeout', service },
				);
			}
			try {
				await deps.clock.sleep(delay, signal);
			} catch {
				throw cancelled();
			}
			if (signal.aborted) throw cancelled();
			if (polls >= maxPolls) {
				throw new AdobeApiError(`${title}'s job was still ${lastState ?? 'unfinished'} after ${polls} status requests, the most allowed; follow it again later.`, {
					kind: 'timeout',
					service,
				});
			}
			polls++;
			let res: HttpResponse;
			try {
				const headers = await deps.authHeaders(refreshNext, signal);
				refreshNext = false;
				res = await deps.http.send({
					service,
					method: 'GET',
					url: url.toString(),
					headers: { accept: 'application/json', ...headers },
					signal,
					secrets,
					maxBodyBytes: MAX_STATUS_BODY_BYTES,
				});
			} catch (error) {
				if (signal.aborted) throw cancelled();
				if (isAdobeApiError(error) && (error.kind === 'network' || error.kind === 'timeout')) {
					delay = pollDelay = nextBackoff(pollDelay, maxDelay);
					continue;
				}
				throw error;
			}
			if (signal.aborted) throw cancelled();
			if (res.status === 401) {
				if (refreshed) {
					throw new AdobeApiError(`${title} refused the token for the job status (HTTP 401) even after a refresh. Generate a new token, then follow the job again.`, {
						kind: 'http',
						service,
						status: 401,
						requestId: res.requestId,
						...adobeSays(res, secrets),
					});
				}
				refreshed = true;
				refreshNext = true;
				delay = 0;
				continue;
			}
			refreshed = false;
			if (res.status === 429 || res.status >= 500) {
				const asked = parseRetryAfter(res.headers['retry-after'], deps.clock.now());
				pollDelay = nextBackoff(pollDelay, maxDelay);
				delay = asked === undefined ? pollDelay : clampDelay(asked, maxDelay);
				continue;
			}
			if (res.status !== 200) throw refused(res, title, service, secrets);
			const status = interpretJobStatus(ref.api, parseStatus(res, title, service));
			deps.onUpdate?.(status, polls);
			if (status.terminal) return status;
			lastState = status.state;
			pollDelay = nextBackoff(pollDelay, maxDelay);
			const asked = parseRetryAfter(res.headers['retry-after'], deps.clock.now());
			delay = asked === undefined ? pollDelay : clampDelay(asked, maxDelay);
		}
	} finally {
		deps.signal?.removeEventListener('abort', onAbort);
	}
}

/**
 * Asks the service to cancel the job (Firefly: PUT cancelUrl, AdobeDocs/ffs-firefly-api
 * static/firefly-api.json cancelJobV4, 200 "Job Cancelled"; 409/410 when it already ended).
 * Resolves true when the service accepted, false when the job had already ended; the origin is
 * checked before any credential is sent. Jobs without a cancelUrl cannot be cancelled at Adobe.
 */
export async function cancelJob(ref: JobRef, deps: Pick<FollowJobDeps, 'http' | 'authHeaders' | 'checkOrigin' | 'secrets'>, signal?: AbortSignal): Promise<boolean> {
	const service = serviceOf(ref.api);
	const title = API_TITLES[ref.api];
	const url = ref.cancelUrl === undefined ? undefined : safeUrl(ref.cancelUrl);
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw new AdobeApiError(`${title} offers no way to cancel this job; stop following it instead.`, { kind: 'invalidInput', service });
	}
	await deps.checkOrigin(url);
	const authSignal = signal ?? new AbortController().signal;
	const send = async (forceRefresh: boolean) =>
		deps.http.send({
			service,
			method: 'PUT',
			url: url.toString(),
			headers: await deps.authHeaders(forceRefresh, authSignal),
			signal,
			secrets: deps.secrets,
			maxBodyBytes: MAX_STATUS_BODY_BYTES,
		});
	let res = await send(false);
	if (res.status === 401) res = await send(true);
	if (res.status >= 200 && res.status < 300) return true;
	if (res.status === 409 || res.status === 410) return false;
	throw refused(res, title, service, deps.secrets ?? []);
}

function nextBackoff(current: number, max: number): number {
	return Math.min(Math.max(current * BACKOFF_FACTOR, MIN_POLL_DELAY_MS), max);
}

function clampDelay(ms: number, max: number): number {
	return Math.min(Math.max(ms, MIN_POLL_DELAY_MS), max);
}

function parseStatus(res: HttpResponse, title: string, service: AdobeService): unknown {
	try {
		const body: unknown = JSON.parse(res.text);
		if (asRecord(body)) return body;
	} catch {
		// reported below
	}
	throw new AdobeApiError(`${title} answered the job status request with something that is not a JSON object (HTTP ${res.status}).`, {
		kind: 'badResponse',
		service,
		status: res.status,
		requestId: res.requestId,
	});
}

/** Adobe's `error_code`/`message` (gateway and Firefly), redacted and shortened. */
function adobeSays(res: HttpResponse, secrets: string[]): { code?: string; detail?: string } {
	let json: Record<string, unknown> | undefined;
	try {
		json = asRecord(JSON.parse(res.text));
	} catch {
		return {};
	}
	const code = text(json?.error_code) ?? text(json?.code);
	const detail = text(json?.message) ?? text(json?.title);
	return {
		...(code ? { code: clip(redact(code, secrets)) } : {}),
		...(detail ? { detail: clip(redact(detail, secrets)) } : {}),
	};
}

function refused(res: HttpResponse, title: string, service: AdobeService, secrets: string[]): AdobeApiError {
	const said = adobeSays(res, secrets);
	const what =
		res.status === 404
			? 'does not know this job (HTTP 404): it may have expired, or belong to another credential'
			: res.status === 403
				? 'refused access to the job (HTTP 403): check the credential has this API'
				: res.status >= 300 && res.status < 400
					? `answered with a redirect (HTTP ${res.status}), which is not followed with credentials`
					: `refused the request (HTTP ${res.status})`;
	const detail = said.detail ? ` Adobe says: ${said.code ? `${said.code}: ` : ''}${said.detail}.` : '';
	return new AdobeApiError(`${title} ${what}.${detail}`, { kind: 'http', service, status: res.status, requestId: res.requestId, ...said });
}

// ---- small readers ----

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value : undefined;
}

function clip(value: string): string {
	return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
}

function percent(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 0), 100) : undefined;
}

function safeUrl(value: string): URL | undefined {
	try {
		return new URL(value);
	} catch {
		return undefined;
	}
}

function absoluteUrl(value: string, base: string): string | undefined {
	if (value.length > MAX_URL) return undefined;
	try {
		const url = new URL(value, base);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
	} catch {
		return undefined;
	}
}

function httpUrl(value: unknown): string | undefined {
	const candidate = text(value);
	if (!candidate || candidate.length > MAX_URL) return undefined;
	const url = safeUrl(candidate);
	return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.toString() : undefined;
}

function sameUrl(a: string, b: string): boolean {
	return safeUrl(a)?.toString() === safeUrl(b)?.toString();
}
