/**
 * Adobe's asynchronous jobs, one entry per API (JOB_APIS): its name, its pace, how its jobs are
 * recognised (detect.ts) and one status reader for the shape it answers. follow.ts polls with them.
 * No 'vscode' import: the request-file runner, the Jobs view and any other front door call the same functions.
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
import { AdobeService } from '../common/errors';
import { asRecord, clip, httpUrl, percent, text } from './json';

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

const MAX_OUTPUTS = 100;
const MAX_ERRORS = 20;
/** Inline output kept for display; the status answer itself is at most MAX_STATUS_BODY_BYTES. */
const MAX_CONTENT = 64 * 1024;

type Errors = JobStatus['errors'];

/** What one API's reader makes of a status answer; interpretJobStatus adds terminal, progress and the bounds. */
interface Reading {
	state: JobState;
	outputs: JobOutput[];
	errors: Errors;
}

/**
 * One job API, as a strategy that declares what it serves (as microsoft/vscode
 * extensions/github-authentication/src/flows.ts declares each sign-in flow): how it is named, its
 * pace, how a job of it is recognised (detect.ts) and how its status is read.
 */
export interface JobApiSpec {
	/** How messages name the API. */
	title: string;
	/** The settings and fixes its errors point to. */
	service: AdobeService;
	/** The wait before the first poll when the caller names none. */
	firstDelayMs: number;
	/** Adobe's production hosts serving this API alone (the `servers` of its spec). */
	hosts?: readonly string[];
	/**
	 * The operations that start a job, by path, for a host that does not say (an emulator or a
	 * gateway serving every API at one base).
	 */
	submitPath?: RegExp;
	/** Its documented status path, for a caller that has only the status URL (tried in this table's order: the first match wins). */
	statusPath?: RegExp;
	read(json: Record<string, unknown>): Reading;
}

/**
 * Each job API: its name, its pace, how its jobs are recognised and its status reader. A new async
 * API is one entry here.
 */
const API_SPECS = {
	// Firefly's guide polls "once every second" (using-async-apis.md); it shares the Firefly Services gateway, and its settings, with Photoshop.
	firefly: {
		title: 'The Firefly API',
		service: 'photoshop',
		firstDelayMs: 1000,
		hosts: ['firefly-api.adobe.io'],
		// Its /v3/images, /v3/videos and /v4 operations.
		submitPath: /^\/v[34]\/(?:images|videos)\//,
		// Also InDesign's status path: Firefly is assumed when only the status URL is known.
		statusPath: /\/v3\/status\//,
		read: readFirefly,
	},
	photoshop: {
		title: 'The Photoshop API',
		service: 'photoshop',
		firstDelayMs: 1000,
		hosts: ['image.adobe.io'],
		submitPath: /^\/(?:pie\/psdService|lrService)\//,
		statusPath: /\/pie\/psdService\/status\//,
		read: readPhotoshopV1,
	},
	// "Start with a 5-second polling interval" (AdobeDocs/ffs-photoshop-API src/pages/guides/photoshop-v2/v1-to-v2/status-migration.md).
	photoshopV2: {
		title: 'The Photoshop API',
		service: 'photoshop',
		firstDelayMs: 5000,
		hosts: ['photoshop-api.adobe.io'],
		// Its /v2 operations and /v1/auto-crop.
		submitPath: /^\/(?:v2\/(?!status\/)[\w-]+|v1\/auto-crop)\/?$/,
		statusPath: /\/v2\/status\//,
		read: readPhotoshopV2,
	},
	indesign: {
		title: 'The InDesign API',
		service: 'photoshop',
		firstDelayMs: 1000,
		hosts: ['indesign.adobe.io'],
		// Its spec's POST paths.
		submitPath: /^\/v3\/(?:merge-data|merge-data-tags|remap-links|create-rendition|document-info|convert-pdf-to-indesign|scripts)\/?$/,
		read: readInDesign,
	},
	cloudStorage: {
		title: 'Adobe Cloud Storage',
		service: 'cloudStorage',
		firstDelayMs: 1000,
		hosts: ['cloudstorage.adobe.io'],
		read: readCloudStorage,
	},
	other: { title: 'The job service', service: 'photoshop', firstDelayMs: 1000, read: readAny },
} satisfies Record<string, JobApiSpec>;

/** The API a job belongs to: a key of JOB_APIS. */
export type JobApi = keyof typeof API_SPECS;

export const JOB_APIS: Readonly<Record<JobApi, JobApiSpec>> = API_SPECS;

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
