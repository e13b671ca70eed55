/**
 * "Check setup": is each configured Adobe endpoint reachable? Any HTTP answer counts (an
 * unauthenticated probe gets 401/403 from Adobe, which proves the host, TLS and proxy work);
 * only network failures and timeouts are problems. No credentials are sent.
 */
import { Endpoints } from './endpoints';
import { AdobeService, NetworkProblem, SERVICE_TITLES, isAdobeApiError } from './errors';
import { HttpClient } from './http';
import { HELLO_PATH, PHOTOSHOP_V1_END_OF_LIFE } from './photoshop';

export interface EndpointCheck {
	service: AdobeService;
	url: string;
	reachable: boolean;
	status?: number;
	latencyMs?: number;
	message: string;
	/** When unreachable: where the connection failed, when known. */
	failure?: NetworkProblem | 'timeout';
}

export const PROBE_PATHS: Record<AdobeService, string> = {
	ims: '/ims/.well-known/openid-configuration',
	photoshop: HELLO_PATH,
	cloudStorage: '/projects',
};

export async function checkEndpoints(http: HttpClient, endpoints: Endpoints, signal?: AbortSignal): Promise<EndpointCheck[]> {
	const services = Object.keys(PROBE_PATHS) as AdobeService[];
	return Promise.all(services.map((service) => probeEndpoint(http, service, `${endpoints[service]}${PROBE_PATHS[service]}`, signal)));
}

/** One unauthenticated probe; a failure is a result (with the error), not a rejection, unless cancelled. */
export async function probeEndpoint(http: HttpClient, service: AdobeService, url: string, signal?: AbortSignal): Promise<EndpointCheck> {
	try {
		const res = await http.send({ service, method: 'GET', url, signal, headers: { accept: 'application/json' } });
		return {
			service,
			url,
			reachable: true,
			status: res.status,
			latencyMs: res.durationMs,
			message: `${SERVICE_TITLES[service]} is reachable (HTTP ${res.status} in ${res.durationMs} ms)${service === 'photoshop' && (res.status === 404 || res.status === 410) ? `, but its v1 hello endpoint is retired (Adobe ended Photoshop API v1 on ${PHOTOSHOP_V1_END_OF_LIFE}); Verify Credential checks a Photoshop profile against v2` : ''}.`,
		};
	} catch (error) {
		if (isAdobeApiError(error) && error.kind === 'cancelled') throw error;
		const failure = isAdobeApiError(error) ? (error.kind === 'timeout' ? 'timeout' : error.network) : undefined;
		return { service, url, reachable: false, message: error instanceof Error ? error.message : String(error), ...(failure ? { failure } : {}) };
	}
}
