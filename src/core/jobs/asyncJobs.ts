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
 * - Firefly results beyond images (static/firefly-api.json): video `POST /v3/videos/generate` →
 *   `result.outputs[].video.url` (VideoOutput); upscale `POST /v3/images/upscale` → 202 `{ links }`,
 *   `result.outputs[].presignedUrl` (PreciseUpsamplerResponse, UpscaleBinaryOutput). Output URLs expire in an hour.
 * - Photoshop v2 outputs echo their destination (status-migration.md "Output handling"): `url` for
 *   external or Adobe-hosted storage, `destination.creativeCloudPath` (+ `creativeCloudProjectId`) or
 *   `creativeCloudFileId` for Creative Cloud (no URL: the file is where it was written), and
 *   `destination.content` for embedded outputs. Polling starts at 5 s ("Start with a 5-second polling
 *   interval", same guide).
 * - InDesign (AdobeDocs/ffs-indesign-API static/indesignapi.json, getJobStatus; and
 *   src/pages/getting_started/concepts/index.md "Pagination"): `https://indesign.adobe.io`, 202
 *   `{ jobId, statusUrl }`; GET /v3/status/{id} → `status` not_started | running | succeeded | failed |
 *   partial_success (the job ended "with some non-critical errors": terminal, with `errors[]`
 *   `{ error_code, message, source?, url? }`); results in `outputs` (an object in the spec, an array of
 *   `{ destination: { url }, source }` in the guide), `dataURL` (pre-signed, data of 250 KB–20 MB) or
 *   inline `data`. Its status path is Firefly's, so the API is told by the submitting host or path.
 * - Any API: 202 with a Location header (RFC 9110 §15.3.3).
 */
import { AdobeApiError, AdobeService, isAdobeApiError, invalidInput } from '../common/errors';
import { HttpClient, HttpResponse, formatDuration, parseRetryAfter } from '../common/http';
import { Clock } from '../common/logger';
import { redact } from '../common/redact';

export type JobApi = 'firefly' | 'photoshop' | 'photoshopV2' | 'indesign' | 'cloudStorage' | 'other';

export interface JobRef {
	statusUrl: string;
	cancelUrl?: string;
	jobId?: string;
	api: JobApi;
}

export type JobState = 'pending' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'partially_succeeded';

export interface JobOutput {
	/** The API calls it an image (Firefly's `outputs[].image`, an upscale), whatever its URL looks like. */
	image?: boolean;
	/** The API calls it a video (Firefly's `outputs[].video`). */
	video?: boolean;
	label: string;
	/** Where to fetch it: usually pre-signed, working for anyone who has it until it expires. Absent when there is nothing to fetch. */
	url?: string;
	mediaType?: string;
	/** Where the job wrote it when the answer has no URL: a Creative Cloud path or file id. */
	location?: string;
	/** The output itself, when the API answers it inline (Photoshop v2 embedded, InDesign `data`); clipped. */
	content?: string;
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
	/** Wait before the first poll; default: the API's own pace (JOB_APIS), 1 s where none is documented. */
	firstDelayMs?: number;
	/** Longest wait between polls, also the cap on any Retry-After; default 30 s (the Photoshop v2 guide's cap). */
	maxDelayMs?: number;
	/** Status requests in all, including retries; default 300. */
	maxPolls?: number;
	/** How long to follow in all; default 30 min. */
	deadlineMs?: number;
}

/** firstDelayMs here is the pace for an API that documents none; JOB_APIS has each API's own. */
export const JOB_DEFAULTS: Required<FollowJobOptions> = { firstDelayMs: 1000, maxDelayMs: 30_000, maxPolls: 300, deadlineMs: 30 * 60_000 };
/** Hard limits no option can pass: a day of following, 10 000 requests, 10 minutes between polls. */
const LIMITS: Required<FollowJobOptions> = {
	firstDelayMs: 10 * 60_000,
	maxDelayMs: 10 * 60_000,
	maxPolls: 10_000,
	deadlineMs: 24 * 60 * 60_000,
};
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
/** Inline output kept for display; the status answer itself is at most MAX_STATUS_BODY_BYTES. */
const MAX_CONTENT = 64 * 1024;

// ---- detection ----

/**
 * The job a response started, if it started one: HTTP 202 + Location, or a JSON body with
 * statusUrl (Firefly v3, Photoshop v2, InDesign), links.result (Firefly v4 and upscale),
 * _links.self.href (Photoshop v1), or a bare jobId from a Cloud Storage call. Relative URLs resolve
 * against `requestUrl`; anything that is not http(s) is ignored. The job is labelled by the API that
 * issued it (apiOfJob): the submitting host or path first, the status URL after.
 */
export function detectJob(status: number, headers: Record<string, string>, body: unknown, requestUrl: string): JobRef | undefined {
	if (status < 200 || status > 299) return undefined;
	const json = asRecord(body);
	const jobId = text(json?.jobId);
	const make = (statusUrl: string | undefined, cancelUrl: string | undefined, api?: JobApi): JobRef | undefined => {
		const resolved = statusUrl === undefined ? undefined : absoluteUrl(statusUrl, requestUrl);
		if (!resolved || sameUrl(resolved, requestUrl)) return undefined;
		const cancel = cancelUrl === undefined ? undefined : absoluteUrl(cancelUrl, requestUrl);
		return {
			statusUrl: resolved,
			...(cancel ? { cancelUrl: cancel } : {}),
			...(jobId ? { jobId } : {}),
			api: api ?? apiOfJob(requestUrl, resolved),
		};
	};
	if (json) {
		const statusUrl = text(json.statusUrl);
		// Firefly v3, Photoshop v2 and InDesign answer 202; Firefly's cancelUrl makes the shape unmistakable at any 2xx.
		if (statusUrl && (status === 202 || text(json.cancelUrl))) return make(statusUrl, text(json.cancelUrl));
		// Firefly v4 (AsyncTaskResponse, answered with 200) and upscale (PreciseUpscaleAcceptResponseV3, 202).
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

/**
 * Adobe's production hosts, each serving one job API (the `servers` of each spec: firefly-api.json,
 * photoshopv2-api.json, photoshop_api.json, indesignapi.json, cloud-storage index.yml).
 */
const JOB_HOSTS: Readonly<Record<string, JobApi>> = {
	'firefly-api.adobe.io': 'firefly',
	'photoshop-api.adobe.io': 'photoshopV2',
	'image.adobe.io': 'photoshop',
	'indesign.adobe.io': 'indesign',
	'cloudstorage.adobe.io': 'cloudStorage',
};

/**
 * The operations that start a job, by path, for a host that does not say (an emulator or a gateway
 * serving every API at one base). InDesign's are its spec's POST paths; Firefly's its /v3/images,
 * /v3/videos and /v4 operations; Photoshop v2's its /v2 operations and /v1/auto-crop.
 */
const SUBMIT_PATHS: ReadonlyArray<readonly [RegExp, JobApi]> = [
	[/^\/v3\/(?:merge-data|merge-data-tags|remap-links|create-rendition|document-info|convert-pdf-to-indesign|scripts)\/?$/, 'indesign'],
	[/^\/v[34]\/(?:images|videos)\//, 'firefly'],
	[/^\/(?:v2\/(?!status\/)[\w-]+|v1\/auto-crop)\/?$/, 'photoshopV2'],
	[/^\/(?:pie\/psdService|lrService)\//, 'photoshop'],
];

/** Which API issued a job: the submitting host, else the submitting path, else the status URL. */
export function apiOfJob(requestUrl: string, statusUrl: string): JobApi {
	const request = safeUrl(requestUrl);
	const byHost = request && JOB_HOSTS[request.hostname.toLowerCase()];
	if (byHost) return byHost;
	const path = request?.pathname ?? '';
	const byPath = SUBMIT_PATHS.find(([pattern]) => pattern.test(path))?.[1];
	return byPath ?? apiOfStatusUrl(statusUrl);
}

/** Which API a status URL belongs to: by its host at Adobe, else by its documented path (/v3/status/ is Firefly's and InDesign's: Firefly is assumed). */
export function apiOfStatusUrl(url: string): JobApi {
	const parsed = safeUrl(url);
	const byHost = parsed && JOB_HOSTS[parsed.hostname.toLowerCase()];
	if (byHost) return byHost;
	const path = parsed?.pathname ?? '';
	if (/\/v3\/status\//.test(path)) return 'firefly';
	if (/\/pie\/psdService\/status\//.test(path)) return 'photoshop';
	if (/\/v2\/status\//.test(path)) return 'photoshopV2';
	return 'other';
}

// ---- interpretation: one reader per API ----

type Errors = JobStatus['errors'];

/** What one API's reader makes of a status answer; interpretJobStatus adds terminal, progress and the bounds. */
interface Reading {
	state: JobState;
	outputs: JobOutput[];
	errors: Errors;
}

interface JobApiSpec {
	/** How messages name the API. */
	title: string;
	/** The settings and fixes its errors point to. */
	service: AdobeService;
	/** The wait before the first poll when the caller names none. */
	firstDelayMs: number;
	read(json: Record<string, unknown>): Reading;
}

/**
 * Each job API: its name, its pace and its status reader. A new async API is one entry here (and
 * its host or submit path above).
 */
export const JOB_APIS: Readonly<Record<JobApi, JobApiSpec>> = {
	// Firefly's guide polls "once every second" (using-async-apis.md); it shares the Firefly Services gateway, and its settings, with Photoshop.
	firefly: { title: 'The Firefly API', service: 'photoshop', firstDelayMs: 1000, read: readFirefly },
	photoshop: { title: 'The Photoshop API', service: 'photoshop', firstDelayMs: 1000, read: readPhotoshopV1 },
	// "Start with a 5-second polling interval" (AdobeDocs/ffs-photoshop-API src/pages/guides/photoshop-v2/v1-to-v2/status-migration.md).
	photoshopV2: { title: 'The Photoshop API', service: 'photoshop', firstDelayMs: 5000, read: readPhotoshopV2 },
	indesign: { title: 'The InDesign API', service: 'photoshop', firstDelayMs: 1000, read: readInDesign },
	cloudStorage: { title: 'Adobe Cloud Storage', service: 'cloudStorage', firstDelayMs: 1000, read: readCloudStorage },
	other: { title: 'The job service', service: 'photoshop', firstDelayMs: 1000, read: readAny },
};

/** One status answer, read by the API's documented shape; unknown statuses count as still running (Adobe's lists are "not exhaustive"). */
export function interpretJobStatus(api: JobApi, body: unknown): JobStatus {
	const json = asRecord(body) ?? {};
	const { state, outputs, errors } = (JOB_APIS[api] ?? JOB_APIS.other).read(json);
	const progress = percent(json.progress);
	return {
		state,
		terminal: state !== 'pending' && state !== 'running',
		outputs: outputs.slice(0, MAX_OUTPUTS),
		errors: errors.slice(0, MAX_ERRORS),
		...(progress !== undefined ? { progress } : {}),
		raw: body,
	};
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
		case 'partially_succeeded': // Cloud Storage jobStatus
		case 'partial_success': // InDesign partialSuccessEvent: ended, some outputs made, with errors[]
			return 'partially_succeeded';
		default: // running, cancel_pending, uploading, and what Adobe adds later
			return 'running';
	}
}

/** Outputs count only when the job made them. */
const madeOutputs = (state: JobState) => state === 'succeeded' || state === 'partially_succeeded';

/** Firefly: `result.outputs[]` with `image.url`, `video.url` or an upscale's `presignedUrl`; a failure's `error_code` and `message`. */
function readFirefly(json: Record<string, unknown>): Reading {
	// InDesign shares the status path; a status Firefly never answers (JobPollPayload's list) is InDesign's,
	// for a caller that had only the status URL on a host that does not say (adobe_get_job on a gateway).
	if (json.status === 'partial_success' || json.status === 'not_started') return readInDesign(json);
	const state = stateOf(json.status);
	const errors = singleError(json, state);
	const result = asRecord(json.result);
	// v3 puts outputs under result; v4's answers carry them at the top.
	const entries = listOf(result?.outputs ?? json.outputs);
	const outputs: JobOutput[] = [];
	if (madeOutputs(state)) {
		entries.forEach(([key, entry], i) => {
			const e = asRecord(entry);
			const seed = typeof e?.seed === 'number' && Number.isSafeInteger(e.seed) ? ` (seed ${e.seed})` : '';
			const image = asRecord(e?.image);
			const video = asRecord(e?.video);
			const imageUrl = httpUrl(image?.url) ?? httpUrl(image?.presignedUrl);
			const videoUrl = httpUrl(video?.url) ?? httpUrl(video?.presignedUrl);
			const mediaType = e?.mediaType ?? image?.mediaType ?? video?.mediaType ?? json.contentType;
			if (videoUrl) outputs.push({ ...output(`video ${i + 1}${seed}`, videoUrl, mediaType), video: true });
			else if (imageUrl) outputs.push({ ...output(`image ${i + 1}${seed}`, imageUrl, mediaType), image: true });
			else {
				// An upscale: UpscaleBinaryOutput { id, presignedUrl, creativeCloudFileId?, name? }, "the list of upscaled images".
				const url = httpUrl(e?.presignedUrl) ?? httpUrl(e?.url);
				const name = text(e?.name) ?? key;
				const label = `image ${i + 1}${name ? ` ${clip(name)}` : ''}`;
				if (url) outputs.push({ ...output(label, url, mediaType), image: true });
				else if (text(e?.creativeCloudFileId)) {
					outputs.push({ label, location: `Creative Cloud file ${clip(text(e?.creativeCloudFileId)!)}` });
				}
			}
		});
	}
	return { state, outputs, errors };
}

/** Photoshop v1: the job is the sum of its outputs' statuses. */
function readPhotoshopV1(json: Record<string, unknown>): Reading {
	const items = (Array.isArray(json.outputs) ? json.outputs : [])
		.map(asRecord)
		.filter((o): o is Record<string, unknown> => o !== undefined);
	const states = items.map((o) => stateOf(o.status));
	const outputs: JobOutput[] = [];
	const errors: Errors = [];
	items.forEach((item, i) => {
		const renditions = asRecord(item._links)?.renditions;
		(Array.isArray(renditions) ? renditions : []).forEach((r, j) => {
			const rendition = asRecord(r);
			const url = httpUrl(rendition?.href);
			if (url) {
				outputs.push(
					output(`output ${i + 1}${Array.isArray(renditions) && renditions.length > 1 ? ` rendition ${j + 1}` : ''}`, url, rendition?.type),
				);
			}
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
	if (states.length === 0 || states.some((s) => s === 'pending' || s === 'running')) {
		state = states.every((s) => s === 'pending') && states.length ? 'pending' : 'running';
	} else if (states.every((s) => s === 'succeeded')) state = 'succeeded';
	else if (states.some((s) => s === 'succeeded')) state = 'partially_succeeded';
	else state = 'failed';
	if (state === 'failed' && errors.length === 0) errors.push({ message: 'Photoshop reported the job failed without saying why.' });
	return { state, outputs, errors };
}

/** Photoshop v2: `result.outputs` (a list, or an object of them) each echoing its destination; `errorDetails[]`. */
function readPhotoshopV2(json: Record<string, unknown>): Reading {
	const state = stateOf(json.status);
	const errors = [...codedErrors(json.errorDetails), ...codedErrors(json.errors)];
	if (errors.length === 0) errors.push(...singleError(json, state));
	const outputs = madeOutputs(state)
		? listOf(asRecord(json.result)?.outputs).flatMap(([key, entry], i) => destinationOutput(key ?? `output ${i + 1}`, entry))
		: [];
	return { state, outputs, errors };
}

/** InDesign: top-level `outputs` (object or list), `dataURL`, inline `data`; `errors[]`, also on partial_success. */
function readInDesign(json: Record<string, unknown>): Reading {
	const state = stateOf(json.status);
	const errors = [...codedErrors(json.errors)];
	if (errors.length === 0) errors.push(...singleError(json, state));
	const outputs: JobOutput[] = [];
	if (madeOutputs(state)) {
		listOf(json.outputs).forEach(([key, entry], i) => {
			const e = asRecord(entry);
			// The guide's entries are { destination: { url }, source }: `source` names the file the job made, and its type.
			const name = key ?? text(e?.source);
			const label = name ? clip(name) : `output ${i + 1}`;
			outputs.push(...destinationOutput(label, entry).map((o) => (o.mediaType || !name ? o : { ...o, ...typeOfName(name) })));
		});
		const dataUrl = httpUrl(json.dataURL);
		if (dataUrl) outputs.push(output('data', dataUrl, 'application/json'));
		else if (json.data !== undefined && json.data !== null) outputs.push(inline('data', json.data, 'application/json'));
	}
	return { state, outputs, errors };
}

/** The media type of a file InDesign names (its renditions: JPEG, PNG, PDF; CreateRenditionRequest outputMediaType). */
function typeOfName(name: string): { mediaType?: string } {
	const extension = /\.(jpe?g|png|pdf)$/i.exec(name)?.[1].toLowerCase();
	return extension ? { mediaType: extension === 'pdf' ? 'application/pdf' : extension === 'png' ? 'image/png' : 'image/jpeg' } : {};
}

/** Cloud Storage: `errors[]` and a download job's `downloadResponse.url`. */
function readCloudStorage(json: Record<string, unknown>): Reading {
	const state = stateOf(json.status);
	const errors = [...codedErrors(json.errors)];
	if (errors.length === 0) errors.push(...singleError(json, state));
	const outputs: JobOutput[] = [];
	const download = asRecord(json.downloadResponse);
	const url = madeOutputs(state) ? httpUrl(download?.url) : undefined;
	if (url) outputs.push(output('download', url, download?.mediaType));
	return { state, outputs, errors };
}

/** An API we do not know: every documented place, as the others read them. */
function readAny(json: Record<string, unknown>): Reading {
	if (Array.isArray(json.outputs) && json.status === undefined) return readPhotoshopV1(json);
	const firefly = readFirefly(json);
	const others = [readPhotoshopV2(json), readInDesign(json), readCloudStorage(json)];
	const errors = firefly.errors.length ? firefly.errors : (others.find((r) => r.errors.length)?.errors ?? []);
	const outputs = firefly.outputs.length ? firefly.outputs : (others.find((r) => r.outputs.length)?.outputs ?? []);
	return { state: firefly.state, outputs, errors };
}

/**
 * One output that names its destination (Photoshop v2, InDesign): a URL to fetch, a Creative Cloud
 * path or file id it was written to, or inline content. An entry that is a bare URL string counts too.
 */
function destinationOutput(label: string, entry: unknown): JobOutput[] {
	const bare = httpUrl(entry);
	if (bare) return [output(label, bare, undefined)];
	const e = asRecord(entry);
	if (!e) return [];
	const destination = asRecord(e.destination) ?? {};
	const mediaType = e.mediaType ?? e.type;
	const url = httpUrl(e.url) ?? httpUrl(destination.url) ?? httpUrl(e.href);
	if (url) return [output(label, url, mediaType)];
	const path = text(destination.creativeCloudPath) ?? text(e.creativeCloudPath);
	const fileId = text(destination.creativeCloudFileId) ?? text(e.creativeCloudFileId);
	const project = text(destination.creativeCloudProjectId) ?? text(e.creativeCloudProjectId);
	if (path || fileId) {
		const where = [
			path ? `Creative Cloud: ${clip(path)}` : undefined,
			project ? `in project ${clip(project)}` : undefined,
			fileId ? `file ${clip(fileId)}` : undefined,
		];
		return [{ ...output(label, undefined, mediaType), location: where.filter(Boolean).join(', ') }];
	}
	const content = destination.content ?? e.content;
	if (content !== undefined && content !== null) return [inline(label, content, mediaType, text(destination.embedded))];
	return [];
}

/** Inline output: text as it is, JSON as JSON; clipped so a large answer stays a small view. */
function inline(label: string, value: unknown, mediaType: unknown, embedded?: string): JobOutput {
	// Compact: indentation grows with the square of the nesting depth, and a job's answer is a server's text.
	const raw = typeof value === 'string' ? value : JSON.stringify(value);
	const content = raw.length > MAX_CONTENT ? `${raw.slice(0, MAX_CONTENT)}…` : raw;
	return { ...output(`${label}${embedded === 'base64' ? ' (base64)' : ''}`, undefined, mediaType), content };
}

/** Entries of a list, or of an object of outputs with their keys as labels (the answer is at most 1 MB; interpretJobStatus keeps 100 outputs). */
function listOf(value: unknown): Array<[string | undefined, unknown]> {
	if (Array.isArray(value)) return value.map((entry) => [undefined, entry]);
	const record = asRecord(value);
	return record ? Object.entries(record).map(([key, entry]) => [clip(key), entry]) : [];
}

/** A failed or cancelled job's single `error_code` and `message` (Firefly JobPollPayload, the gateway); a timeout says so. */
function singleError(json: Record<string, unknown>, state: JobState): Errors {
	const message = text(json.message);
	const code = text(json.error_code);
	if (message && (state === 'failed' || state === 'canceled')) return [{ ...(code ? { code: clip(code) } : {}), message: clip(message) }];
	if (json.status === 'timeout') return [{ code: 'timeout', message: 'The job timed out.' }];
	return [];
}

function output(label: string, url: string | undefined, mediaType: unknown): JobOutput {
	const type = text(mediaType);
	return {
		label,
		...(url ? { url } : {}),
		...(type && /^[\w.+-]+\/[\w.+-]+$/.test(type) && type.length <= 100 ? { mediaType: type } : {}),
	};
}

/** `[{ error_code | errorCode | code, message }]` as the job's errors. */
function codedErrors(value: unknown): Errors {
	if (!Array.isArray(value)) return [];
	const errors: Errors = [];
	for (const entry of value.slice(0, MAX_ERRORS)) {
		const e = asRecord(entry);
		const code = text(e?.error_code) ?? text(e?.errorCode) ?? text(e?.code);
		const message = text(e?.message) ?? text(e?.title) ?? code;
		// InDesign names the file an error is about (`source`); its `url` may be pre-signed and is left out.
		const source = text(e?.source);
		if (message) errors.push({ ...(code ? { code: clip(code) } : {}), message: clip(source ? `${source}: ${message}` : message) });
	}
	return errors;
}

// ---- following ----

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
	const firstDelay = bounded(options.firstDelayMs, (JOB_APIS[ref.api] ?? JOB_APIS.other).firstDelayMs, LIMITS.firstDelayMs);
	const maxDelay = bounded(options.maxDelayMs, JOB_DEFAULTS.maxDelayMs, LIMITS.maxDelayMs, MIN_POLL_DELAY_MS);
	const maxPolls = Math.floor(bounded(options.maxPolls, JOB_DEFAULTS.maxPolls, LIMITS.maxPolls, 1));
	const deadlineMs = bounded(options.deadlineMs, JOB_DEFAULTS.deadlineMs, LIMITS.deadlineMs);
	const spec = JOB_APIS[ref.api] ?? JOB_APIS.other;
	const { service, title } = spec;
	const secrets = deps.secrets ?? [];
	const controller = new AbortController();
	const onAbort = () => controller.abort(deps.signal?.reason);
	if (deps.signal?.aborted) onAbort();
	else deps.signal?.addEventListener('abort', onAbort, { once: true });
	const signal = controller.signal;
	const cancelled = () =>
		new AdobeApiError('Following the job was cancelled; no further status requests were sent.', { kind: 'cancelled', service });

	try {
		const url = safeUrl(ref.statusUrl);
		if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
			throw new AdobeApiError(`${title} gave a job status address that is not an http(s) URL; it was not contacted.`, {
				kind: 'badResponse',
				service,
			});
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
				throw new AdobeApiError(
					`${title}'s job was still ${lastState ?? 'unfinished'} after ${polls} status requests, the most allowed; follow it again later.`,
					{
						kind: 'timeout',
						service,
					},
				);
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
					throw new AdobeApiError(
						`${title} refused the token for the job status (HTTP 401) even after a refresh. Generate a new token, then follow the job again.`,
						{
							kind: 'http',
							service,
							status: 401,
							requestId: res.requestId,
							...adobeSays(res, secrets),
						},
					);
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
export async function cancelJob(
	ref: JobRef,
	deps: Pick<FollowJobDeps, 'http' | 'authHeaders' | 'checkOrigin' | 'secrets'>,
	signal?: AbortSignal,
): Promise<boolean> {
	const { service, title } = JOB_APIS[ref.api] ?? JOB_APIS.other;
	const url = ref.cancelUrl === undefined ? undefined : safeUrl(ref.cancelUrl);
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw invalidInput(`${title} offers no way to cancel this job; stop following it instead.`, { service });
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
