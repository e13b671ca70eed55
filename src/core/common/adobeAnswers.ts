/** Reading Adobe's answers: JSON bodies, the two error-body dialects, and the status messages all services share. */
import { AdobeApiError, AdobeService, SERVICE_TITLES } from './errors';
import { HttpResponse, parseRetryAfter } from './http';
import { withoutJsonPrefix } from './jsonPrefix';

export { withoutJsonPrefix };

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
		body = JSON.parse(withoutJsonPrefix(res.text));
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
		return JSON.parse(withoutJsonPrefix(res.text)) as T;
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
	// Firefly's reason header is more precise than any body code: it becomes the error's code, for its fix.
	const access = res.status === 403 ? accessError(res) : undefined;
	if (access) return new AdobeApiError(accessErrorMessage(access, title), { ...fields, code: access });
	const known = photoshopV2Message(body.code, title, fields.retryAfterMs);
	if (known) return new AdobeApiError(known, fields);
	const custom = specific?.(body);
	if (custom) return new AdobeApiError(custom, fields);
	if (res.status === 429) {
		const wait =
			fields.retryAfterMs !== undefined
				? ` Try again in ${Math.max(1, Math.ceil(fields.retryAfterMs / 1000))} s.`
				: ' Wait a moment and try again.';
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
		// The gateway looks the key up for the API it guards (key/redisApiKeyValidator.lua: "api_key:service_id");
		// nothing there compares the token's client with the key.
		case '403003':
			return `${api} does not know this API key (403003: Api Key is invalid): the API is not added to the Developer Console project of this credential, or the x-api-key is not its Client ID.`;
		case '403010':
			return `${api} got no access token (403010: Oauth token is missing). Generate a token first.`;
		case '403011':
			return `The access token lacks the scopes ${api.replace(/^The /, 'the ')} needs (403011: Scope mismatch). Edit the profile's scopes to match the Developer Console credential and generate a new token.`;
		default:
			return undefined;
	}
}

/**
 * The reasons Firefly gives for a 403 in its `x-access-error` header (AdobeDocs/ffs-firefly-api
 * static/firefly-api.json, the 403 of generateImagesV3Async and the other v3 generate operations:
 * "Indicates the reason access is not authorized"). None of them means the credential works.
 */
export const FIREFLY_ACCESS_ERRORS = ['quota_exhausted', 'user_non_entitled', 'user_profile_denied', 'invalid_ims_scope'] as const;
export type FireflyAccessError = (typeof FIREFLY_ACCESS_ERRORS)[number];

/** The answer's `x-access-error` reason, when it is one Firefly documents; anything else is not trusted as a code. */
export function accessError(res: Pick<HttpResponse, 'headers'>): FireflyAccessError | undefined {
	const value = res.headers['x-access-error']?.trim().toLowerCase();
	return FIREFLY_ACCESS_ERRORS.find((reason) => reason === value);
}

/** What each reason means and what to do about it: the message a user sees, after "<API> refused the call (HTTP 403, x-access-error: reason):". */
const ACCESS_ERROR_ADVICE: Record<FireflyAccessError, string> = {
	quota_exhausted:
		"the organisation's Firefly quota is used up. Wait for the quota to renew, or ask your Adobe admin or Adobe representative for more; the credential itself is fine.",
	user_non_entitled:
		"this credential is not entitled to the API. In the Developer Console, add the API to the credential's project (Add to Project → API → OAuth Server-to-Server) with its product profile, or ask your Adobe admin for the product.",
	user_profile_denied:
		"the product profile assigned to this credential does not allow the call. Ask your Adobe admin to check the credential's product profiles in the Admin Console (Users → API Credentials → the credential → Products).",
	invalid_ims_scope:
		"the token lacks the scopes the API needs. Edit the profile's scopes to match the Developer Console credential (Firefly's guide: openid,AdobeID,session,additional_info,read_organizations,firefly_api,ff_apis), then refresh the token.",
};

export function accessErrorMessage(reason: FireflyAccessError, title: string): string {
	return `${title} refused the call (HTTP 403, x-access-error: ${reason}): ${ACCESS_ERROR_ADVICE[reason]}`;
}

/**
 * Photoshop API v2's own refusals (AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json, ErrorResponse's
 * "Error Code Reference"): unauthorized_forbidden (quota, entitlement, a blocked user, an invalid scope),
 * unauthorized_rate_limited ("When present, Retry-After header (seconds) indicates delay before retrying"),
 * unauthorized_legal_reasons (geo-IP or the user profile's region). `retryAfterMs` is already bounded (parseRetryAfter).
 */
export function photoshopV2Message(code: string | undefined, title: string, retryAfterMs?: number): string | undefined {
	switch (code) {
		case 'unauthorized_forbidden':
			return `${title} refused the call (unauthorized_forbidden): the quota is used up, the service is busy, or this credential is not entitled to it, is blocked by an admin, or lacks a scope. Try again in a few minutes; if it persists, run Check Setup and ask your Adobe admin to check the credential's product profiles.`;
		case 'unauthorized_rate_limited': {
			const wait =
				retryAfterMs !== undefined ? `Try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.` : 'Wait a moment and try again.';
			return `${title} is rate limiting this credential (unauthorized_rate_limited). ${wait}`;
		}
		case 'unauthorized_legal_reasons':
			return `${title} refused the call for legal reasons (unauthorized_legal_reasons): the request's region (geo-IP) or the user profile's region is not allowed. Retrying will not help; ask your Adobe representative which regions the API serves.`;
		default:
			return undefined;
	}
}
