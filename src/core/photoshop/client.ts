/**
 * The Photoshop API: the v1 hello call (the first call in Adobe's guides) and a Photoshop API v2
 * job-status lookup that Verify Credential uses, since v2 has no hello.
 */
import { AdobeApiError, RETIRED_HELLO_CODE } from '../common/errors';
import { HttpClient, HttpResponse } from '../common/http';
import { Clock, systemClock } from '../common/logger';
import { gatewayMessage, httpError, readErrorBody } from '../common/adobeAnswers';
import { PHOTOSHOP_V2_URL } from '../common/endpoints';
import type { ApiCaller } from '../common/caller';

export { PHOTOSHOP_V2_URL };

export interface HelloResult {
	status: number;
	body: string;
	latencyMs: number;
	requestId?: string;
}

/** What a successful authenticated probe answered. */
export interface ProbeAnswer {
	status: number;
	latencyMs: number;
	requestId?: string;
}

/** The hello path, a v1 endpoint (AdobeDocs/ffs-photoshop-API src/pages/getting-started/index.md, "Execute an API call"). */
export const HELLO_PATH = '/pie/psdService/hello';

/**
 * A job id no job has: `GET /v2/status/{jobId}` answers it with 404 `unknown_job_id` "Job not found"
 * (AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json, getJobStatus and ErrorResponse's code table).
 */
export const PROBE_JOB_ID = '00000000-0000-0000-0000-000000000000';

export class PhotoshopClient {
	constructor(
		private readonly http: HttpClient,
		private readonly baseUrl: string,
		private readonly clock: Clock = systemClock,
		/** Photoshop API v2's base: its own host at Adobe, the same base behind an emulator or gateway. */
		private readonly v2BaseUrl: string = baseUrl,
	) {}

	async hello(caller: ApiCaller, signal?: AbortSignal): Promise<HelloResult> {
		const res = await this.get(caller, `${this.baseUrl}${HELLO_PATH}`, signal);
		if (res.status < 200 || res.status >= 300) {
			const error = httpError('photoshop', res, ({ code }) => gatewayMessage(code), this.clock.now());
			// Our own code, since the fix (Verify Credential) depends on it and not on what the 404 body says.
			if (isRetiredStatus(res.status)) throw new AdobeApiError(retiredHelloMessage(res.status), { ...error, code: RETIRED_HELLO_CODE });
			throw error;
		}
		return { status: res.status, body: res.text.trim(), latencyMs: res.durationMs, requestId: res.requestId };
	}

	/**
	 * Looks up a job that does not exist. Adobe's documented 404 `unknown_job_id` means the gateway took
	 * the token and the API key and Photoshop API v2 searched this credential's jobs: the cheapest
	 * authenticated v2 call, since the only GET v2 documents is the job status.
	 */
	async verifyV2(caller: ApiCaller, signal?: AbortSignal): Promise<ProbeAnswer> {
		const res = await this.get(caller, `${this.v2BaseUrl}/v2/status/${PROBE_JOB_ID}`, signal);
		const unknownJob = res.status === 404 && readErrorBody(res).code === 'unknown_job_id';
		if (res.status !== 200 && !unknownJob) {
			throw httpError('photoshop', res, ({ code }) => gatewayMessage(code, 'Photoshop API v2'), this.clock.now(), 'Photoshop API v2');
		}
		return { status: res.status, latencyMs: res.durationMs, requestId: res.requestId };
	}

	private get(caller: ApiCaller, url: string, signal: AbortSignal | undefined): Promise<HttpResponse> {
		return this.http.send({
			service: 'photoshop',
			method: 'GET',
			url,
			headers: { authorization: `Bearer ${caller.accessToken}`, 'x-api-key': caller.clientId },
			signal,
			secrets: [caller.accessToken],
		});
	}
}

/** How a retired endpoint answers: the route is gone (404) or marked gone (410, what the emulator answers by default). */
function isRetiredStatus(status: number): boolean {
	return status === 404 || status === 410;
}

/** The end of v1: AdobeDocs/ffs-photoshop-API src/pages/getting-started/deprecation-announcement/index.md. */
export const PHOTOSHOP_V1_END_OF_LIFE = '31 July 2026';

/**
 * Adobe's retired endpoint answers 404 or 410 (its notice does not say which), so the hello explains the
 * end of v1 and where its check went, instead of a bare "not found".
 */
function retiredHelloMessage(status: number): string {
	return `Photoshop API v1 was retired on ${PHOTOSHOP_V1_END_OF_LIFE}: its hello endpoint (GET ${HELLO_PATH}) answered HTTP ${status}. Verify Credential uses Photoshop API v2 (${PHOTOSHOP_V2_URL}, which has no hello): run "Adobe: Verify Credential" to check this credential. If adobeApi.photoshopBaseUrl does not point at Adobe, check it too.`;
}
