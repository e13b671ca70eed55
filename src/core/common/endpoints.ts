import { AdobeApiError, AdobeService, SERVICE_SETTINGS } from './errors';

/** Adobe's production endpoints: the settings' defaults. */
export const PRODUCTION_ENDPOINTS: Readonly<Record<AdobeService, string>> = {
	ims: 'https://ims-na1.adobelogin.com',
	photoshop: 'https://image.adobe.io',
	cloudStorage: 'https://cloudstorage.adobe.io/v1',
};

export const STAGE_IMS_URL = 'https://ims-na1-stg1.adobelogin.com';

export type Endpoints = Record<AdobeService, string>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Checks one endpoint setting and returns it without a trailing slash. Credentials and tokens travel
 * to these URLs, so anything but loopback must be HTTPS; the message names the setting to fix.
 */
export function parseEndpoint(setting: string, value: unknown): string {
	const fail = (why: string) =>
		new AdobeApiError(`The setting ${setting} ${why}. Set it to an https:// URL, or clear it to use Adobe's production URL.`, {
			kind: 'config',
			setting,
		});
	if (typeof value !== 'string' || value.trim() === '') throw fail('is empty');
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		throw fail(`is not a valid URL ("${value.trim()}")`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail(`must use https://, not ${url.protocol}//`);
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw fail(`must use https:// (plain http:// is allowed only for localhost, got ${url.host})`);
	}
	if (url.username || url.password) throw fail('must not contain a user name or password');
	if (url.search || url.hash) throw fail('must not contain a query string or fragment');
	return url.toString().replace(/\/+$/, '');
}

/** Validates all three endpoint settings at once; throws on the first bad one. */
export function parseEndpoints(values: Partial<Record<AdobeService, unknown>>): Endpoints {
	const result = {} as Endpoints;
	for (const service of Object.keys(PRODUCTION_ENDPOINTS) as AdobeService[]) {
		result[service] = parseEndpoint(SERVICE_SETTINGS[service], values[service] ?? PRODUCTION_ENDPOINTS[service]);
	}
	return result;
}

/** Photoshop API v2's production origin (AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json, `servers`). */
export const PHOTOSHOP_V2_URL = 'https://photoshop-api.adobe.io';
/** The Firefly API's production origin (AdobeDocs/ffs-firefly-api static/firefly-api.json, `servers`). */
export const FIREFLY_URL = 'https://firefly-api.adobe.io';

/**
 * Where Photoshop API v2 and Firefly live. At Adobe each has its own host; when adobeApi.photoshopBaseUrl
 * points elsewhere (an emulator, a company gateway) both are reached at that base instead.
 */
export function fireflyServicesBases(endpoints: Endpoints): { photoshopV2: string; firefly: string } {
	if (endpoints.photoshop === PRODUCTION_ENDPOINTS.photoshop) return { photoshopV2: PHOTOSHOP_V2_URL, firefly: FIREFLY_URL };
	return { photoshopV2: endpoints.photoshop, firefly: endpoints.photoshop };
}

/** The base URLs `{{$adobeEndpoint name}}` stands for in request files. */
export type RequestEndpointName = AdobeService | 'firefly' | 'photoshopV2';

export function requestEndpoints(endpoints: Endpoints): Record<RequestEndpointName, string> {
	return { ...endpoints, ...fireflyServicesBases(endpoints) };
}

/**
 * A URL without its query and fragment, which may carry a signature or a token: for logs, history and
 * tooltips. `mark` leaves "?…" where something was cut.
 */
export function withoutQuery(url: string, mark = false): string {
	const at = url.search(/[?#]/);
	return at < 0 ? url : `${url.slice(0, at)}${mark ? '?…' : ''}`;
}
