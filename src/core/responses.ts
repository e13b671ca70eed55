/** Reading Adobe's answers: JSON bodies, the two error-body dialects, and the status messages all services share. */
import { AdobeApiError, AdobeService, SERVICE_TITLES } from './errors';
import { HttpResponse, parseRetryAfter } from './http';

export interface AdobeErrorBody {
	/** IMS `error`, or the gateway's / Cloud Storage's `error_code` (a string or a number). */
	code?: string;
	/** IMS `error_description`, or `message`. */
	detail?: string;
}

/** Parses either dialect; an unreadable body yields no fields rather than an error. */
export function readErrorBody(res: HttpResponse): AdobeErrorBody {
	let body: unknown;
	try {
		body = JSON.parse(res.text);
	} catch {
		return {};
	}
	if (!body || typeof body !== 'object') return {};
	const record = body as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
	return {
		// Firefly's ErrorResponse names its code `reason` (AdobeDocs/ffs-firefly-api static/firefly-api.json).
		code: text(record.error_code) ?? text(record.error) ?? text(record.code) ?? text(record.reason),
		detail: text(record.error_description) ?? text(record.message) ?? text(record.title),
	};
}

/** `title` as in httpError. */
export function parseJson<T>(service: AdobeService, res: HttpResponse, title: string = SERVICE_TITLES[service]): T {
	try {
		return JSON.parse(res.text) as T;
	} catch {
		throw new AdobeApiError(
			`${title} sent a response that is not valid JSON (HTTP ${res.status}). Try again; if it keeps happening, check that the endpoint setting points at Adobe.`,
			{ kind: 'badResponse', service, status: res.status, requestId: res.requestId },
		);
	}
}

export function badShape(service: AdobeService, res: HttpResponse, what: string, title: string = SERVICE_TITLES[service]): AdobeApiError {
	return new AdobeApiError(`${title} sent an unexpected response (HTTP ${res.status}): ${what}.`, {
		kind: 'badResponse',
		service,
		status: res.status,
		requestId: res.requestId,
	});
}

/**
 * Builds the error for a non-2xx answer. `specific` gives a service its own message for a code;
 * anything it does not claim gets the shared wording for rate limits, server errors and the rest.
 * `title` names the API when it is not the service's own (Firefly and Photoshop v2 share the gateway setting).
 */
export function httpError(
	service: AdobeService,
	res: HttpResponse,
	specific?: (body: AdobeErrorBody) => string | undefined,
	now: number = Date.now(),
	title: string = SERVICE_TITLES[service],
): AdobeApiError {
	const body = readErrorBody(res);
	const fields = {
		kind: 'http' as const,
		service,
		status: res.status,
		code: body.code,
		detail: body.detail,
		requestId: res.requestId,
		retryAfterMs: parseRetryAfter(res.headers['retry-after'], now),
	};
	const adobeSays = body.code || body.detail ? ` (${[body.code, body.detail].filter(Boolean).join(': ')})` : '';
	const custom = specific?.(body);
	if (custom) return new AdobeApiError(custom, fields);
	if (res.status === 429) {
		const wait = fields.retryAfterMs !== undefined ? ` Try again in ${Math.max(1, Math.ceil(fields.retryAfterMs / 1000))} s.` : ' Wait a moment and try again.';
		return new AdobeApiError(`${title} is rate limiting requests (HTTP 429).${wait}`, fields);
	}
	if (res.status >= 500) {
		return new AdobeApiError(`${title} failed with a server error (HTTP ${res.status})${adobeSays}. Try again in a few minutes.`, fields);
	}
	return new AdobeApiError(`${title} refused the request (HTTP ${res.status})${adobeSays}.`, fields);
}

/**
 * Adobe's API gateway codes, in front of the Photoshop, Firefly and Cloud Storage APIs: the gateway's own table in
 * adobe-apiplatform/api-gateway-request-validation src/lua/api-gateway/validation/validatorsHandlerErrorDecorator.lua
 * (403000 "Api Key is required", 403003 "Api Key is invalid", 403010 "Oauth token is missing.",
 * 401013 "Oauth token is not valid", 403011 "Scope mismatch"). 429050 gets the shared 429 wording.
 */
export function gatewayMessage(code: string | undefined, api = 'The Photoshop API'): string | undefined {
	switch (code) {
		case '401013':
			return `${api} rejected the access token (401013: Oauth token is not valid). Refresh the token; if that does not help, the Technical Account may have been revoked.`;
		case '403000':
			return `${api} needs an API key (403000: Api Key is required). The Client ID must be sent as x-api-key.`;
		case '403003':
			return `${api} rejected the API key (403003: Api Key is invalid). The x-api-key must be the Client ID of the credential that minted the token.`;
		case '403010':
			return `${api} got no access token (403010: Oauth token is missing). Generate a token first.`;
		case '403011':
			return `The access token lacks the scopes ${api.replace(/^The /, 'the ')} needs (403011: Scope mismatch). Edit the profile's scopes to match the Developer Console credential and generate a new token.`;
		default:
			return undefined;
	}
}
