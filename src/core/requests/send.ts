/**
 * Sends one request of a request file (core/requests/resolve.ts resolves it) and describes the answer:
 * the one operation behind the CodeLens, the palette command and scripted calls.
 *
 * - The answer is never followed to a redirect's target: undici's `request` does not follow them,
 *   so a 3xx from Adobe cannot carry the token to another host. The 3xx is shown as it is.
 * - A 401 to a request that used `{{$adobeToken}}` gets one retry with a fresh token (the stored one
 *   may have been revoked); a second 401 is shown.
 * - A 401 with a Digest challenge to a request written with `Authorization: Digest user pass` gets
 *   one answer (digestAuthorization), as REST Client's src/utils/auth/digest.ts does.
 * - The method goes as the file wrote it (any RFC 9110 token), and a body goes with any method, GET,
 *   HEAD and OPTIONS included: undici sends it. (REST Client 0.25.1's got 11 refuses a body on GET and
 *   HEAD with "The `GET` method cannot be used with a body"; REST Client before its move to got sent it.)
 * - Headers and body pass the redactor before they leave this module, once (the log's registered
 *   values and the request's own secrets together): a server may echo the token. Whoever shows them
 *   reuses them, redacted (responseDocument.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { JobRef, detectJob } from '../jobs';
import { withFreshTokenOnce } from '../common/caller';
import { Endpoints, requestEndpoints } from '../common/endpoints';
import { AdobeService, invalidInput } from '../common/errors';
import { HttpClient, HttpMethod, HttpResponse, MAX_TEXT_BODY_BYTES } from '../common/http';
import { withoutJsonPrefix } from '../common/jsonPrefix';
import { isAdobeHost, matchesEndpoint, originOf } from './origins';
import { METHOD_TOKEN } from './parse';
import type { ResolvedRequest } from './resolve';
import type { RequestExchange } from './types';

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
 * A request sent and its answer. `exchange` is the request and answer as they were, NOT redacted, for
 * request variables (types.ts RequestExchange): callers keep it in memory only (exchanges.ts) and never
 * show it. `outcome()` describes the answer for showing (redacted, its job detected), worked out on its
 * first call: a run of a request file (runner.ts) does that while the next request is on its way.
 */
export interface SentRequest {
	request: ResolvedRequest;
	exchange: RequestExchange;
	/** The answer's status and how long it took (as in `outcome()`), known without describing it. */
	status: number;
	latencyMs: number;
	outcome(): RequestOutcome;
}

/** Resolves and sends the request, once more after a 401 when it carried the token (sendRequest), and describes the answer. */
export async function sendRequestFileRequest(
	deps: SendDeps,
): Promise<{ request: ResolvedRequest; outcome: RequestOutcome; exchange: RequestExchange }> {
	const sent = await sendRequest(deps);
	return { request: sent.request, exchange: sent.exchange, outcome: sent.outcome() };
}

/** Resolves and sends the request, once more after a 401 when it carried the token; the answer is described on demand. */
export async function sendRequest(deps: SendDeps): Promise<SentRequest> {
	let retriedAfter401 = false;
	// The answer is shown, not thrown: a 401 to the token it carried is the API refusing that token (core/common/caller.ts).
	const {
		request,
		response,
		url: target,
	} = await withFreshTokenOnce(
		(forceRefresh) => deps.resolve(forceRefresh),
		(resolved) => sendOnce(deps, resolved),
		{
			rejected: (answer) => answer.response.status === 401 && answer.request.usesCredentials,
			onRefresh: () => (retriedAfter401 = true),
			signal: deps.signal,
		},
	);
	const requestHeaders: Record<string, string> = {};
	for (const { name, value } of request.headers) {
		const key = name.toLowerCase();
		requestHeaders[key] = requestHeaders[key] === undefined ? value : `${requestHeaders[key]}, ${value}`;
	}
	const exchange: RequestExchange = {
		// A body read from files (multipart, `< ./file`) as text, as REST Client keeps it; not when larger than a text answer may be.
		request: {
			method: request.method,
			url: request.url,
			headers: requestHeaders,
			body:
				request.body ??
				(request.bodyBytes && request.bodyBytes.length <= MAX_TEXT_BODY_BYTES ? request.bodyBytes.toString('utf8') : undefined),
		},
		// The client's own objects (HttpClient makes them for this answer; nothing changes them).
		response: { status: response.status, headers: response.headers, body: response.text },
		sensitive:
			request.usesCredentials ||
			request.sensitive === true ||
			isAdobeHost(target) ||
			matchesEndpoint(target, requestEndpointsOf(deps.endpoints)),
	};
	let outcome: RequestOutcome | undefined;
	return {
		request,
		exchange,
		status: response.status,
		latencyMs: response.durationMs,
		outcome: () => (outcome ??= describeAnswer(request, response, retriedAfter401, deps.redact)),
	};
}

/** The answer as shown: headers, body and request id redacted with the request's secrets, and the job it started. */
function describeAnswer(
	request: ResolvedRequest,
	response: HttpResponse,
	retriedAfter401: boolean,
	redact: SendDeps['redact'],
): RequestOutcome {
	const clean = (text: string) => redact(text, request.secrets);
	const headers = redactedHeaders(response.headers, clean);
	const body = clean(response.text);
	return {
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
	};
}

/**
 * The answer's headers, each value redacted. In one pass over `name: value` lines when that gives every
 * line back with its name (the redactor works across the whole text, so it sees `token: …` as a field,
 * and a run of 500 requests pays one call per answer instead of one per header); one call per value
 * when it does not (a value with a line break, or a match that spans two lines).
 */
export function redactedHeaders(headers: Record<string, string>, clean: (text: string) => string): Record<string, string> {
	const entries = Object.entries(headers);
	const lines = clean(entries.map(([name, value]) => `${name}: ${value}`).join('\n')).split('\n');
	if (lines.length === entries.length && entries.every(([name], i) => lines[i].startsWith(`${name}: `))) {
		return Object.fromEntries(entries.map(([name], i) => [name, lines[i].slice(name.length + 2)]));
	}
	return Object.fromEntries(entries.map(([name, value]) => [name, clean(value)]));
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

/** requestEndpoints of each Endpoints object, built once: a run sends hundreds of requests with the same one. */
const REQUEST_ENDPOINTS = new WeakMap<Endpoints, ReturnType<typeof requestEndpoints>>();
function requestEndpointsOf(endpoints: Endpoints): ReturnType<typeof requestEndpoints> {
	let found = REQUEST_ENDPOINTS.get(endpoints);
	if (!found) REQUEST_ENDPOINTS.set(endpoints, (found = requestEndpoints(endpoints)));
	return found;
}

/** Sends the resolved request (and answers a Digest challenge); the request with its answer, and the URL it went to, parsed once. */
async function sendOnce(deps: SendDeps, request: ResolvedRequest): Promise<{ request: ResolvedRequest; response: HttpResponse; url: URL }> {
	if (!METHOD_TOKEN.test(request.method)) {
		throw invalidInput(`The method "${request.method}" is not an HTTP method token (RFC 9110 section 9.1).`);
	}
	// Any token: HttpMethod names the ones the extension's own calls use; undici checks the token again.
	const method = request.method as HttpMethod;
	// The URL resolving parsed, when it is this request's (a caller that changed `url` gets it parsed again).
	const url = request.target?.href === request.url ? request.target : new URL(request.url);
	const headers: Record<string, string> = {};
	for (const { name, value } of request.headers) {
		const key = name.toLowerCase();
		checkHeaderName(name);
		// compose.ts joined REST Client's way already; this only guards a caller that did not.
		headers[key] = headers[key] === undefined ? value : `${headers[key]},${value}`;
	}
	const { service, target } = serviceFor(url, deps.endpoints);
	const send = (sent: Record<string, string>) =>
		deps.http.send({
			service,
			target,
			method,
			url: request.url,
			parsedUrl: url,
			headers: sent,
			body: request.bodyBytes ?? request.body,
			signal: deps.signal,
			secrets: request.secrets,
			binary: 'auto',
		});
	const first = await send(headers);
	if (!request.digest || first.status !== 401) return { request, response: first, url };
	const challenge = digestChallengeOf(first.headers['www-authenticate']);
	if (!challenge) return { request, response: first, url };
	const authorization = digestAuthorization(challenge, request.digest, method, url);
	if (!authorization) return { request, response: first, url };
	return { request, response: await send({ ...headers, authorization }), url };
}

/** The longest WWW-Authenticate value read for a Digest challenge; a real one is a few hundred characters. */
const MAX_CHALLENGE_CHARS = 8192;

export interface DigestChallenge {
	realm: string;
	nonce: string;
	qop: string;
	algorithm: string;
	opaque: string;
}

/**
 * A `Digest` challenge's parameters (RFC 7616 section 3.3: `name=token` or `name="quoted"`), read in one
 * pass; undefined when the header is not a Digest challenge. REST Client's digest.ts reads it with
 * `/([a-z0-9_-]+)=(?:"([^"]+)"|([a-z0-9_-]+))/gi`, which here is a scan that looks at each character once.
 */
export function digestChallengeOf(header: string | undefined): DigestChallenge | undefined {
	if (!header || header.length > MAX_CHALLENGE_CHARS) return undefined;
	const trimmed = header.trimStart();
	if (trimmed.slice(0, 7).toLowerCase() !== 'digest ' && trimmed.toLowerCase() !== 'digest') return undefined;
	const params: Record<string, string> = {};
	let i = 6;
	while (i < trimmed.length) {
		while (i < trimmed.length && /[\s,]/.test(trimmed[i])) i++;
		const nameStart = i;
		while (i < trimmed.length && /[A-Za-z0-9_-]/.test(trimmed[i])) i++;
		const name = trimmed.slice(nameStart, i).toLowerCase();
		if (trimmed[i] !== '=' || name === '') {
			// Not a parameter: skip to the next comma.
			while (i < trimmed.length && trimmed[i] !== ',') i++;
			continue;
		}
		i++;
		let value: string;
		if (trimmed[i] === '"') {
			const close = trimmed.indexOf('"', i + 1);
			if (close < 0) return undefined;
			value = trimmed.slice(i + 1, close);
			i = close + 1;
		} else {
			const valueStart = i;
			while (i < trimmed.length && /[^\s,]/.test(trimmed[i])) i++;
			value = trimmed.slice(valueStart, i);
		}
		if (!Object.hasOwn(params, name)) params[name] = value;
	}
	if (params.realm === undefined || params.nonce === undefined) return undefined;
	return {
		realm: params.realm,
		nonce: params.nonce,
		qop: params.qop ?? '',
		algorithm: params.algorithm ?? '',
		opaque: params.opaque ?? '',
	};
}

const DIGEST_HASHES: Record<string, 'md5' | 'sha256'> = {
	'': 'md5',
	md5: 'md5',
	'md5-sess': 'md5',
	'sha-256': 'sha256',
	'sha-256-sess': 'sha256',
};

/**
 * The Authorization header answering a Digest challenge (RFC 7616 section 3.4), in the order and form
 * REST Client's src/utils/auth/digest.ts writes it: username, realm, nonce, uri, qop, response, nc,
 * cnonce, algorithm, opaque, each only when not empty; qop, nc and algorithm unquoted. MD5 and
 * MD5-sess as REST Client computes them; SHA-256 (and -sess) per RFC 7616, where REST Client would hash
 * with MD5 anyway. qop `auth` only (REST Client's too); a challenge that offers only `auth-int`, or
 * another algorithm, gets no answer and its 401 is shown.
 */
export function digestAuthorization(
	challenge: DigestChallenge,
	credentials: { username: string; password: string },
	method: string,
	url: URL,
	cnonce = randomBytes(16).toString('hex'),
): string | undefined {
	const algorithm = challenge.algorithm.toLowerCase();
	const hash = DIGEST_HASHES[algorithm];
	if (!hash) return undefined;
	const h = (text: string) => createHash(hash).update(text, 'utf8').digest('hex');
	const offered = challenge.qop.split(',').map((q) => q.trim().toLowerCase());
	if (challenge.qop !== '' && !offered.includes('auth')) return undefined;
	const qop = offered.includes('auth') ? 'auth' : '';
	const nc = qop && '00000001';
	const clientNonce = qop && cnonce;
	const uri = url.pathname + url.search;
	let ha1 = h(`${credentials.username}:${challenge.realm}:${credentials.password}`);
	if (algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${challenge.nonce}:${clientNonce}`);
	const ha2 = h(`${method}:${uri}`);
	const response = qop ? h(`${ha1}:${challenge.nonce}:${nc}:${clientNonce}:${qop}:${ha2}`) : h(`${ha1}:${challenge.nonce}:${ha2}`);
	const values: Array<[string, string, boolean]> = [
		['username', credentials.username, true],
		['realm', challenge.realm, true],
		['nonce', challenge.nonce, true],
		['uri', uri, true],
		['qop', qop, false],
		['response', response, true],
		['nc', nc, false],
		['cnonce', clientNonce, true],
		['algorithm', challenge.algorithm, false],
		['opaque', challenge.opaque, true],
	];
	return `Digest ${values
		.filter(([, value]) => value)
		.map(([key, value, quoted]) => (quoted ? `${key}="${value}"` : `${key}=${value}`))
		.join(', ')}`;
}

/**
 * The configured service whose endpoint the URL is on, so failures name its setting; any other host
 * is named as it is (a request file may call any Adobe API).
 */
export function serviceFor(url: URL, endpoints: Endpoints): { service: AdobeService; target?: string } {
	const origin = url.origin;
	for (const service of ['ims', 'photoshop', 'cloudStorage'] as const) {
		if (originOf(endpoints[service]) === origin) return { service };
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
