// @ts-check
/**
 * The emulator's Firefly Services routes behind Adobe's API gateway: the Photoshop v1 hello, the
 * Photoshop API v2 job status (served by asyncJobs.js) and the Firefly custom-models list, in the shapes Adobe documents:
 *   gateway codes   adobe-apiplatform/api-gateway-request-validation src/lua/api-gateway/validation/validatorsHandlerErrorDecorator.lua
 *   hello           AdobeDocs/ffs-photoshop-API src/pages/getting-started/index.md
 *   v2 job status   AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json (getJobStatus; 404 unknown_job_id "Job not found")
 *   custom models   AdobeDocs/ffs-firefly-api static/firefly-api.json (getCustomModels: custom_models[], _links, total_count)
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

/** The gateway's dialect for an injected status on these routes. @param {number} status */
function gatewayErrorBody(status) {
	return status === 429 ? { error_code: '429050', message: 'Too many requests' } : { error_code: String(status * 1000), message: 'Internal server error' };
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
	if (ctx.requireScopes?.some((scope) => !auth.token.scopes.includes(scope))) return void emulator.json(res, 403, { error_code: '403011', message: 'Scope mismatch' });
	return auth.token;
}

/**
 * Serves one of these routes after the gateway's checks (gatewayCheck).
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
	return emulator.json(res, 200, {
		custom_models: [],
		_links: { page: { href: '/v3/custom-models?start={start}&limit={limit}', rel: 'page', templated: true } },
		total_count: 0,
	});
}

module.exports = { FIREFLY_SERVICES_ROUTES, fireflyServicesRoute, gatewayCheck, gatewayErrorBody, serveFireflyServices };
