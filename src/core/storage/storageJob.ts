/**
 * Following a Cloud Storage job: the 202 that downloads, uploads, copies and moves answer with, polled at
 * `GET /status/{jobId}` (getJobStatus in Adobe's spec, test/contract/cloud-storage/openapi.yml) as its
 * `retry-after` says, within bounds, until it succeeds or ends without a result. One function for the
 * read side (client.ts downloadLink) and the writes (writes.ts), so the bounds are written once.
 */
import { AdobeApiError } from '../common/errors';
import { HttpResponse, parseRetryAfter } from '../common/http';
import type { Clock } from '../common/logger';
import { redact } from '../common/redact';
import { badShape, parseJson } from '../common/adobeAnswers';

/**
 * `GET /status/{jobId}` (components/schemas jobStatus): `status` is running, succeeded, failed or
 * partially_succeeded ("not exhaustive"); a failed job carries `errors[]` of errorResponse
 * `{ error_code, message }`; a succeeded one `asset` (uploads, copies, moves) or `downloadResponse`.
 */
export interface StorageJobStatus {
	status?: unknown;
	jobType?: unknown;
	asset?: unknown;
	downloadResponse?: unknown;
	errors?: unknown;
}

export const STORAGE_JOB_LIMITS = {
	/** Polls before giving up (with the waits below, at least 30 s and at most 30 min). */
	maxPolls: 60,
	/** A "0" (or a missing header) would make the polls a burst. */
	minWaitMs: 500,
	defaultWaitMs: 1000,
	maxWaitMs: 30_000,
	/** Adobe's job ids are UUIDs; anything much longer is not one. */
	maxJobIdLength: 256,
} as const;

/** How the messages name the job's work, e.g. "prepare the download", and what became of the item when it failed. */
export interface JobWording {
	/** "could not <failed>" */
	failed: string;
	/** "only partly <partial>" */
	partial: string;
	/** What is true after a failure, and what to do: "Nothing was created. Try again; …". */
	after: string;
}

export const DOWNLOAD_JOB: JobWording = {
	failed: 'prepare the download (the job failed)',
	partial: 'prepared the download (partially_succeeded), so there is no file to fetch',
	after: 'Try the download again; if it keeps failing, send the request id to Adobe.',
};

export interface FollowJobOptions {
	signal?: AbortSignal;
	onWaiting?: (seconds: number) => void;
	clock: Clock;
	/** `GET` of a URL of the Cloud Storage API with the caller's credentials (401 handling is the caller's). */
	get: (url: string) => Promise<HttpResponse>;
	baseUrl: string;
	/** Scrubbed from Adobe's error texts. */
	secrets: string[];
	wording: JobWording;
}

/**
 * Reads the jobId from a 202 and polls its status until it succeeds (resolving with the succeeded status
 * and the answer that carried it), fails or partly succeeds (rejecting with Adobe's errors, bounded and
 * redacted), or runs out of polls. Waits follow `retry-after`, between 0.5 and 30 s.
 */
export async function followStorageJob(
	accepted: HttpResponse,
	options: FollowJobOptions,
): Promise<{ res: HttpResponse; job: StorageJobStatus }> {
	const jobId = parseJson<{ jobId?: unknown }>('cloudStorage', accepted).jobId;
	if (typeof jobId !== 'string' || jobId === '' || jobId.length > STORAGE_JOB_LIMITS.maxJobIdLength) {
		throw badShape('cloudStorage', accepted, 'the 202 answer has no jobId');
	}
	const statusUrl = `${options.baseUrl}/status/${encodeURIComponent(jobId)}`;
	let waitFor = accepted;
	for (let polls = 0; polls < STORAGE_JOB_LIMITS.maxPolls; polls++) {
		const asked = parseRetryAfter(waitFor.headers['retry-after'], options.clock.now()) ?? STORAGE_JOB_LIMITS.defaultWaitMs;
		const waitMs = Math.min(Math.max(asked, STORAGE_JOB_LIMITS.minWaitMs), STORAGE_JOB_LIMITS.maxWaitMs);
		options.onWaiting?.(Math.ceil(waitMs / 1000));
		try {
			await options.clock.sleep(waitMs, options.signal);
		} catch {
			throw new AdobeApiError('The request to Adobe Cloud Storage was cancelled.', { kind: 'cancelled', service: 'cloudStorage' });
		}
		waitFor = await options.get(statusUrl);
		const job = parseJson<StorageJobStatus>('cloudStorage', waitFor);
		if (!job || typeof job !== 'object') throw badShape('cloudStorage', waitFor, 'the job status is not an object');
		if (job.status === 'succeeded') return { res: waitFor, job };
		// Only these end a job without a result; Adobe's status list "is not exhaustive", so any other
		// status is treated as still under way, within the polls.
		if (job.status === 'failed' || job.status === 'partially_succeeded') throw jobError(waitFor, job, options.secrets, options.wording);
	}
	throw badShape('cloudStorage', waitFor, `the job was still running after ${STORAGE_JOB_LIMITS.maxPolls} polls`);
}

const MAX_JOB_ERRORS_SHOWN = 3;
const MAX_JOB_TEXT = 200;
/** Errors looked at in all: the count beyond those shown is said, never walked. */
const MAX_JOB_ERRORS_READ = 10_000;

/** A job that ended without a result, with what Adobe said about it (bounded, and without the token). */
export function jobError(res: HttpResponse, job: StorageJobStatus, secrets: string[], wording: JobWording): AdobeApiError {
	// Shortened before it is redacted, with room for a token: a huge message costs a bounded amount; and
	// redacted before the final cut, so a cut through the token cannot leave a prefix no rule recognises.
	const text = (value: string) => redact(value.slice(0, MAX_JOB_TEXT * 8), secrets).slice(0, MAX_JOB_TEXT);
	const all = Array.isArray(job.errors) ? job.errors : [];
	const errors = all
		.slice(0, MAX_JOB_ERRORS_READ)
		.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null && !Array.isArray(e));
	const said = errors
		.slice(0, MAX_JOB_ERRORS_SHOWN)
		.map((e) =>
			[e.error_code, e.message]
				.filter((v): v is string => typeof v === 'string' && v !== '')
				.map(text)
				.join(': '),
		)
		.filter(Boolean);
	const hidden = Math.max(all.length, errors.length) - MAX_JOB_ERRORS_SHOWN;
	const more = hidden > 0 ? ` (and ${hidden} more)` : '';
	const adobeSays = said.length ? ` Adobe says: ${said.join('; ')}${more}.` : '';
	const outcome = job.status === 'failed' ? `could not ${wording.failed}` : `only partly ${wording.partial}`;
	const first = errors[0]?.error_code;
	const code = typeof first === 'string' && first !== '' ? text(first).slice(0, 64) : undefined;
	return new AdobeApiError(`Adobe Cloud Storage ${outcome}.${adobeSays} ${wording.after}`, {
		kind: 'badResponse',
		service: 'cloudStorage',
		status: res.status,
		code,
		detail: said.length ? `${said.join('; ')}${more}` : undefined,
		requestId: res.requestId,
	});
}
