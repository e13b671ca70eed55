/**
 * Sends one request of a request file (core/requests/resolve.ts resolves it) and describes the answer:
 * the one operation behind the CodeLens, the palette command and scripted calls.
 *
 * - The answer is never followed to a redirect's target: undici's `request` does not follow them,
 *   so a 3xx from Adobe cannot carry the token to another host. The 3xx is shown as it is.
 * - A 401 to a request that used `{{$adobeToken}}` gets one retry with a fresh token (the stored one
 *   may have been revoked); a second 401 is shown.
 * - Headers and body pass the redactor before they leave this module, once (the log's registered
 *   values and the request's own secrets together): a server may echo the token. Whoever shows them
 *   reuses them, redacted (responseDocument.ts).
 */
import { STATUS_CODES } from 'node:http';
import { JobRef, detectJob } from '../jobs';
import { withFreshTokenOnce } from '../common/caller';
import { Endpoints, requestEndpoints } from '../common/endpoints';
import { AdobeService, invalidInput } from '../common/errors';
import { HttpClient, HttpMethod, HttpResponse } from '../common/http';
import { withoutJsonPrefix } from '../common/jsonPrefix';
import { isAdobeHost, matchesEndpoint } from './origins';
import type { ResolvedRequest } from './resolve';
import type { RequestExchange } from './types';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * Headers a request may not set. `Host` makes undici route the request (and its TLS server name) to
 * another host than the URL's, which the origin rule checked; the connection-level ones are the HTTP
 * client's; the method overrides would turn a GET that needed no confirmation into a write.
 */
const FORBIDDEN_HEADERS = new Set([
	'host',
	'connection',
	'content-length',
	'transfer-encoding',
	'te',
	'trailer',
	'upgrade',
	'expect',
	'keep-alive',
	'forwarded',
	'x-http-method-override',
	'x-http-method',
	'x-method-override',
]);

export interface RequestOutcome {
	status: number;
	statusText: string;
	/** Lower-case names; values redacted. */
	headers: Record<string, string>;
	/** The body as text, redacted; empty when it came as bytes. */
	body: string;
	/** A binary answer (an image, an archive) as it came. */
	bytes?: Buffer;
	contentType?: string;
	latencyMs: number;
	requestId?: string;
	/** The answer started an async job (core/jobs/detect.ts detectJob). */
	job?: JobRef;
	/** A fresh token was fetched after a 401, and the request sent again. */
	retriedAfter401: boolean;
}

export interface SendDeps {
	http: HttpClient;
	endpoints: Endpoints;
	/**
	 * The request, resolved; `forceRefresh` after a 401 asks for a fresh token. Resolving checks the
	 * origin before any token is fetched (resolve.ts), so this may reject, and nothing is sent.
	 */
	resolve(forceRefresh: boolean): Promise<ResolvedRequest>;
	/** Removes `secrets` (the request's), registered secrets and secret-looking values, in one pass (the log's redactor). */
	redact(text: string, secrets: readonly string[]): string;
	signal?: AbortSignal;
}

/**
 * Resolves and sends the request, once more after a 401 when it carried the token. `outcome` is
 * redacted, for showing; `exchange` is the request and answer as they were, NOT redacted, for request
 * variables (types.ts RequestExchange): callers keep it in memory only (exchanges.ts) and never show it.
 */
export async function sendRequestFileRequest(
	deps: SendDeps,
): Promise<{ request: ResolvedRequest; outcome: RequestOutcome; exchange: RequestExchange }> {
	let retriedAfter401 = false;
	// The answer is shown, not thrown: a 401 to the token it carried is the API refusing that token (core/common/caller.ts).
	const { request, response } = await withFreshTokenOnce(
		(forceRefresh) => deps.resolve(forceRefresh),
		async (resolved) => ({ request: resolved, response: await sendOnce(deps, resolved) }),
		{
			rejected: (answer) => answer.response.status === 401 && answer.request.usesCredentials,
			onRefresh: () => (retriedAfter401 = true),
			signal: deps.signal,
		},
	);
	const clean = (text: string) => deps.redact(text, request.secrets);
	const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, clean(value)]));
	const body = clean(response.text);
	const requestHeaders: Record<string, string> = {};
	for (const { name, value } of request.headers) {
		const key = name.toLowerCase();
		requestHeaders[key] = requestHeaders[key] === undefined ? value : `${requestHeaders[key]}, ${value}`;
	}
	const target = new URL(request.url);
	const exchange: RequestExchange = {
		request: { method: request.method, url: request.url, headers: requestHeaders, body: request.body },
		response: { status: response.status, headers: { ...response.headers }, body: response.text },
		sensitive:
			request.usesCredentials ||
			request.sensitive === true ||
			isAdobeHost(target) ||
			matchesEndpoint(target, requestEndpoints(deps.endpoints)),
	};
	return {
		request,
		exchange,
		outcome: {
			status: response.status,
			statusText: STATUS_CODES[response.status] ?? '',
			headers,
			body,
			bytes: response.bytes,
			contentType: headers['content-type'],
			latencyMs: response.durationMs,
			requestId: response.requestId ? clean(response.requestId) : undefined,
			job: detectJob(response.status, headers, parseJson(body), request.url),
			retriedAfter401,
		},
	};
}

/** Refuses a header a request may not set (FORBIDDEN_HEADERS), with a message naming it. */
export function checkHeaderName(name: string): void {
	const key = name.toLowerCase();
	if (FORBIDDEN_HEADERS.has(key) || key.startsWith('proxy-') || key.startsWith('x-forwarded-')) {
		throw invalidInput(
			`The header ${name} cannot be set here: it would change where or how the request goes (the host the token is checked against, the connection, or the method), so it is left to the HTTP client.`,
			{ code: 'forbidden_header' },
		);
	}
}

function sendOnce(deps: SendDeps, request: ResolvedRequest): Promise<HttpResponse> {
	const method = request.method.toUpperCase() as HttpMethod;
	if (!METHODS.includes(method)) {
		throw invalidInput(`The method ${request.method} is not one a request file can send (${METHODS.join(', ')}).`);
	}
	const url = new URL(request.url);
	const headers: Record<string, string> = {};
	for (const { name, value } of request.headers) {
		const key = name.toLowerCase();
		checkHeaderName(name);
		headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
	}
	return deps.http.send({
		...serviceFor(url, deps.endpoints),
		method,
		url: request.url,
		headers,
		body: method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? undefined : request.body,
		signal: deps.signal,
		secrets: request.secrets,
		binary: 'auto',
	});
}

/**
 * The configured service whose endpoint the URL is on, so failures name its setting; any other host
 * is named as it is (a request file may call any Adobe API).
 */
export function serviceFor(url: URL, endpoints: Endpoints): { service: AdobeService; target?: string } {
	for (const service of ['ims', 'photoshop', 'cloudStorage'] as const) {
		if (new URL(endpoints[service]).origin === url.origin) return { service };
	}
	return { service: url.hostname.endsWith('adobelogin.com') ? 'ims' : 'photoshop', target: url.host };
}

/** The body as JSON when it is JSON (after a Lightroom `while (1) {}` prefix, responses.ts); undefined otherwise. */
export function parseJson(text: string): unknown {
	const json = withoutJsonPrefix(text);
	const trimmed = json.trimStart();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
	try {
		return JSON.parse(json) as unknown;
	} catch {
		return undefined;
	}
}
