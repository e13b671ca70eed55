/**
 * Recognising the answer that starts an Adobe asynchronous job, and which API issued it. The shapes
 * are listed in readers.ts; each API's hosts and paths are its entry in JOB_APIS there.
 */
import { JOB_APIS, JobApi } from './readers';
import { absoluteUrl, asRecord, safeUrl, sameUrl, text } from './json';

export interface JobRef {
	statusUrl: string;
	cancelUrl?: string;
	jobId?: string;
	api: JobApi;
}

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
const JOB_HOSTS: ReadonlyMap<string, JobApi> = new Map(
	(Object.keys(JOB_APIS) as JobApi[]).flatMap((api) => (JOB_APIS[api].hosts ?? []).map((host) => [host, api] as const)),
);

/** Which API issued a job: the submitting host, else the submitting path, else the status URL. */
export function apiOfJob(requestUrl: string, statusUrl: string): JobApi {
	const request = safeUrl(requestUrl);
	const byHost = request && JOB_HOSTS.get(request.hostname.toLowerCase());
	if (byHost) return byHost;
	const path = request?.pathname ?? '';
	const byPath = (Object.keys(JOB_APIS) as JobApi[]).find((api) => JOB_APIS[api].submitPath?.test(path));
	return byPath ?? apiOfStatusUrl(statusUrl);
}

/** Which API a status URL belongs to: by its host at Adobe, else by its documented path (/v3/status/ is Firefly's and InDesign's: Firefly is assumed). */
export function apiOfStatusUrl(url: string): JobApi {
	const parsed = safeUrl(url);
	const byHost = parsed && JOB_HOSTS.get(parsed.hostname.toLowerCase());
	if (byHost) return byHost;
	const path = parsed?.pathname ?? '';
	return (Object.keys(JOB_APIS) as JobApi[]).find((api) => JOB_APIS[api].statusPath?.test(path)) ?? 'other';
}
