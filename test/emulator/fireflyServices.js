// @ts-check
/**
 * The emulator's Firefly Services routes behind Adobe's API gateway: the Photoshop v1 hello, the
 * Photoshop API v2 job status (served by asyncJobs.js) and the Firefly custom-models list, in the shapes Adobe documents:
 *   gateway codes   adobe-apiplatform/api-gateway-request-validation src/lua/api-gateway/validation/validatorsHandlerErrorDecorator.lua
 *   hello           AdobeDocs/ffs-photoshop-API src/pages/getting-started/index.md
 *   v2 job status   AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json (getJobStatus; 404 unknown_job_id "Job not found")
 *   custom models   AdobeDocs/ffs-firefly-api static/firefly-api.json (getCustomModels: custom_models[], _links, total_count;
 *                   `start` "Required if a `limit` is specified", `limit` 1–50; 400 ErrorResponse { reason, message })
 *   v1 end of life  AdobeDocs/ffs-photoshop-API src/pages/getting-started/deprecation-announcement/index.md: Photoshop
 *                   API v1 (every /pie/psdService/ path) reached end of life on 31 July 2026. The notice does not say
 *                   what a retired endpoint answers: 410 Gone (RFC 9110 §15.5.11, "no longer available … likely to be
 *                   permanent") in the gateway's { error_code, message } dialect, after the gateway's checks, is OUR
 *                   choice. The emulator answers so by default; its photoshopV1 switch serves v1 as before.
 */

const FIREFLY_SERVICES_ROUTES = /** @type {const} */ (['photoshop.hello', 'photoshop.status', 'firefly.customModels']);

/** @param {string} method @param {string} path @returns {typeof FIREFLY_SERVICES_ROUTES[number] | undefined} */
function fireflyServicesRoute(method, path) {
	if (method !== 'GET') return undefined;
	if (path === '/pie/psdService/hello') return 'photoshop.hello';
	if (/^\/v2\/status\/[^/]+$/.test(path)) return 'photoshop.status';
	if (path === '/v3/custom-models') return 'firefly.customModels';
	return undefined;
}

/** Photoshop API v1 paths: the hello and the v1 jobs (renditionCreate, status), all retired on 31 July 2026. @param {string} path */
function isPhotoshopV1(path) {
	return path.startsWith('/pie/psdService/');
}

/** The end of Photoshop API v1 (see the deprecation notice cited at the top). */
const PHOTOSHOP_V1_END_OF_LIFE = '31 July 2026';

/**
 * A retired Photoshop API v1 path, after the gateway's checks: 410 and what to use instead (our
 * choice of answer; Adobe's notice does not document one).
 * @param {import('./server').AdobeEmulator} emulator @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ expired: boolean, record: import('./server').RequestRecord, requireScopes?: string[] }} ctx
 */
function servePhotoshopV1Retired(emulator, req, res, ctx) {
	if (!gatewayCheck(emulator, req, res, ctx)) return;
	return emulator.json(res, 410, {
		error_code: '410000',
		message: `Photoshop API v1 reached end of life on ${PHOTOSHOP_V1_END_OF_LIFE}; use Photoshop API v2 (https://photoshop-api.adobe.io/v2).`,
	});
}

/** The gateway's dialect for an injected status on these routes. @param {number} status */
function gatewayErrorBody(status) {
	return status === 429
		? { error_code: '429050', message: 'Too many requests' }
		: { error_code: String(status * 1000), message: 'Internal server error' };
}

/**
 * The gateway's checks, in its order: API key present, token present, token valid, API key
 * belonging to the token's client, and (under a requireScopes fault) the token's scopes
 * (SCOPE_MISMATCH, 403011, in the gateway's validatorsHandlerErrorDecorator.lua). Returns the
 * token, or undefined once it has answered the refusal.
 * @param {import('./server').AdobeEmulator} emulator @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ expired: boolean, record: import('./server').RequestRecord, requireScopes?: string[] }} ctx
 */
function gatewayCheck(emulator, req, res, ctx) {
	const apiKey = req.headers['x-api-key']?.toString();
	if (!apiKey) return void emulator.json(res, 403, { error_code: '403000', message: 'Api Key is required' });
	const auth = emulator.bearer(req, ctx.expired);
	if (auth.missing) return void emulator.json(res, 403, { error_code: '403010', message: 'Oauth token is missing.' });
	if (!auth.token) return void emulator.json(res, 401, { error_code: '401013', message: 'Oauth token is not valid' });
	ctx.record.clientId = auth.token.clientId;
	if (apiKey !== auth.token.clientId) return void emulator.json(res, 403, { error_code: '403003', message: 'Api Key is invalid' });
	if (ctx.requireScopes?.some((scope) => !auth.token.scopes.includes(scope)))
		return void emulator.json(res, 403, { error_code: '403011', message: 'Scope mismatch' });
	return auth.token;
}

/**
 * Serves one of these routes after the gateway's checks (gatewayCheck). The hello is served only with
 * the emulator's photoshopV1 switch on; without it the caller answers servePhotoshopV1Retired.
 * @param {import('./server').AdobeEmulator} emulator @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res @param {'photoshop.hello' | 'firefly.customModels'} route
 * @param {{ url: URL, expired: boolean, record: import('./server').RequestRecord, requireScopes?: string[] }} ctx
 */
function serveFireflyServices(emulator, req, res, route, ctx) {
	if (!gatewayCheck(emulator, req, res, ctx)) return;
	if (route === 'photoshop.hello') {
		res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' });
		return res.end('Welcome to the Photoshop API!');
	}
	const refused = checkCustomModelsQuery(ctx.url.searchParams);
	if (refused) return emulator.json(res, 400, { reason: 'invalid_request', message: refused });
	return emulator.json(res, 200, {
		custom_models: [],
		_links: { page: { href: '/v3/custom-models?start={start}&limit={limit}', rel: 'page', templated: true } },
		total_count: 0,
	});
}

/**
 * getCustomModels' query rules (static/firefly-api.json): `limit` is 1–50 and needs `start` ("Required
 * if a `limit` is specified"); `start` is a count from 0; `sortBy` and `publishedState` are enums
 * (sortBy may be reversed with `-`). The spec documents 400 ErrorResponse { reason, message } for a
 * bad request; the `reason` text is ours. Returns what is wrong, or undefined.
 * @param {URLSearchParams} params
 */
function checkCustomModelsQuery(params) {
	const start = params.get('start');
	const limit = params.get('limit');
	if (limit !== null && start === null) return 'start is required when limit is given';
	if (limit !== null && !(/^\d+$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 50))
		return `limit must be a whole number from 1 to 50, got "${limit}"`;
	if (start !== null && !/^\d+$/.test(start)) return `start must be a whole number from 0, got "${start}"`;
	const sortBy = params.get('sortBy');
	if (sortBy !== null && !['assetName', 'createdDate', 'modifiedDate'].includes(sortBy.replace(/^-/, '')))
		return `sortBy must be assetName, createdDate or modifiedDate (prefix - to reverse), got "${sortBy}"`;
	const state = params.get('publishedState');
	const states = ['all', 'ready', 'published', 'unpublished', 'queued', 'training', 'failed', 'cancelled'];
	if (state !== null && !states.includes(state)) return `publishedState must be one of ${states.join(', ')}, got "${state}"`;
	return undefined;
}

module.exports = {
	FIREFLY_SERVICES_ROUTES,
	fireflyServicesRoute,
	gatewayCheck,
	gatewayErrorBody,
	serveFireflyServices,
	isPhotoshopV1,
	servePhotoshopV1Retired,
	checkCustomModelsQuery,
	PHOTOSHOP_V1_END_OF_LIFE,
};
