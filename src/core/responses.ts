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
