/**
 * Following an Adobe asynchronous job to its end with bounded polling, and cancelling it. Each
 * API's pace and status reader come from JOB_APIS (readers.ts).
 */
import { AdobeApiError, AdobeService, isAdobeApiError, invalidInput } from '../common/errors';
import { HttpClient, HttpResponse, formatDuration, parseRetryAfter } from '../common/http';
import { Clock } from '../common/logger';
import { redact } from '../common/redact';
import type { JobRef } from './detect';
import { JOB_APIS, JobState, JobStatus, interpretJobStatus } from './readers';
import { asRecord, clip, safeUrl, text } from './json';

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
