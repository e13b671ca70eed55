/**
 * "Check setup": is each Adobe endpoint the extension calls reachable? Any HTTP answer counts (an
 * unauthenticated probe gets 401/403 from Adobe, which proves the host, TLS and proxy work);
 * only network failures and timeouts are problems. No credentials are sent.
 * The Photoshop and Firefly probes go where Verify Credential goes: Photoshop API v2 and the Firefly
 * API, on their own hosts at Adobe (photoshop-api.adobe.io, firefly-api.adobe.io) or at
 * adobeApi.photoshopBaseUrl when it points elsewhere (fireflyServicesBases). The v1 host
 * (image.adobe.io) is not probed: Adobe ended Photoshop API v1 on 31 July 2026.
 */
import { Endpoints, fireflyServicesBases } from '../common/endpoints';
import { AdobeService, NetworkProblem, SERVICE_TITLES, isAdobeApiError } from '../common/errors';
import { HttpClient } from '../common/http';
import { PROBE_JOB_ID } from '../photoshop/client';

/** What a probe checks: the configured services, with Photoshop's setting split into the two APIs behind it. */
export type ProbeTarget = 'ims' | 'photoshopV2' | 'firefly' | 'cloudStorage';

export interface EndpointCheck {
	/** The service whose setting governs the URL (Photoshop API v2 and Firefly: adobeApi.photoshopBaseUrl). */
	service: AdobeService;
	target: ProbeTarget;
	url: string;
	reachable: boolean;
	status?: number;
	latencyMs?: number;
	message: string;
	/** When unreachable: where the connection failed, when known. */
	failure?: NetworkProblem | 'timeout';
}

/** Each probe's path: the call Verify Credential makes there, sent without credentials. */
export const PROBE_PATHS: Record<ProbeTarget, string> = {
	ims: '/ims/.well-known/openid-configuration',
	// Verify's calls (core/diagnostics/verify.ts): without an API key the gateway answers 403000 before anything else.
	photoshopV2: `/v2/status/${PROBE_JOB_ID}`,
	firefly: '/v3/custom-models',
	cloudStorage: '/projects',
};

export const PROBE_SERVICES: Record<ProbeTarget, AdobeService> = {
	ims: 'ims',
	photoshopV2: 'photoshop',
	firefly: 'photoshop',
	cloudStorage: 'cloudStorage',
};

/** The API's name at the start of a sentence. */
export const PROBE_TITLES: Record<ProbeTarget, string> = {
	ims: SERVICE_TITLES.ims,
	photoshopV2: 'Photoshop API v2',
	firefly: 'The Firefly API',
	cloudStorage: SERVICE_TITLES.cloudStorage,
};

/** The same names mid-sentence (for the HTTP client's "Cannot reach … at host" when no setting is to blame). */
export const PROBE_NAMES: Record<ProbeTarget, string> = {
	ims: 'Adobe IMS',
	photoshopV2: 'Photoshop API v2',
	firefly: 'the Firefly API',
	cloudStorage: 'Adobe Cloud Storage',
};

/** The base URL each probe goes to. */
export function probeBases(endpoints: Endpoints): Record<ProbeTarget, string> {
	const { photoshopV2, firefly } = fireflyServicesBases(endpoints);
	return { ims: endpoints.ims, photoshopV2, firefly, cloudStorage: endpoints.cloudStorage };
}

export async function checkEndpoints(http: HttpClient, endpoints: Endpoints, signal?: AbortSignal): Promise<EndpointCheck[]> {
	const bases = probeBases(endpoints);
	const targets = Object.keys(PROBE_PATHS) as ProbeTarget[];
	// At Adobe the v2 and Firefly hosts are not the setting's: a failure there names the host, not the setting.
	const ownHost = (target: ProbeTarget) => (bases[target] !== endpoints[PROBE_SERVICES[target]] ? new URL(bases[target]).host : undefined);
	return Promise.all(
		targets.map((target) => probeEndpoint(http, target, `${bases[target]}${PROBE_PATHS[target]}`, signal, ownHost(target))),
	);
}

/** One unauthenticated probe; a failure is a result (with the error), not a rejection, unless cancelled. */
/** `ownHost`: the URL is not the setting's (Adobe's own v2 or Firefly host), so a failure names the API, not the setting. */
export async function probeEndpoint(
	http: HttpClient,
	target: ProbeTarget,
	url: string,
	signal?: AbortSignal,
	ownHost?: string,
): Promise<EndpointCheck> {
	const service = PROBE_SERVICES[target];
	try {
		const res = await http.send({
			service,
			...(ownHost ? { target: PROBE_NAMES[target] } : {}),
			method: 'GET',
			url,
			signal,
			headers: { accept: 'application/json' },
		});
		return {
			service,
			target,
			url,
			reachable: true,
			status: res.status,
			latencyMs: res.durationMs,
			message: `${PROBE_TITLES[target]} is reachable (HTTP ${res.status} in ${res.durationMs} ms).`,
		};
	} catch (error) {
		if (isAdobeApiError(error) && error.kind === 'cancelled') throw error;
		const failure = isAdobeApiError(error) ? (error.kind === 'timeout' ? 'timeout' : error.network) : undefined;
		return {
			service,
			target,
			url,
			reachable: false,
			message: error instanceof Error ? error.message : String(error),
			...(failure ? { failure } : {}),
		};
	}
}
