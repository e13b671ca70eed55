// @ts-check
/** What the emulator's IMS says and reads the way Adobe's IMS documents it. */

/**
 * Adobe's discovery document with `base` for https://ims-na1.adobelogin.com, field for field as in
 * AdobeDocs/adobe-dev-console src/pages/guides/authentication/UserAuthentication/ims.md
 * ("OpenID Configuration"). Its grant types leave out client_credentials, as Adobe's do.
 * @param {string} base
 */
function discoveryDocument(base) {
	return {
		issuer: base,
		authorization_endpoint: `${base}/ims/authorize/v2`,
		token_endpoint: `${base}/ims/token/v3`,
		userinfo_endpoint: `${base}/ims/userinfo/v2`,
		revocation_endpoint: `${base}/ims/revoke`,
		jwks_uri: `${base}/ims/keys`,
		response_types_supported: ['code', 'token', 'id_token', 'id_token token', 'code id_token'],
		subject_types_supported: ['public'],
		id_token_signing_alg_values_supported: ['RS256'],
		scopes_supported: ['openid', 'email', 'profile'],
		token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
		claims_supported: ['sub', 'given_name', 'family_name', 'name', 'email', 'email_verified', 'address'],
		grant_types_supported: ['authorization_code', 'implicit_grant', 'refresh_token'],
	};
}

/**
 * The parameters of a token request, read from everywhere Adobe IMS reads them:
 * - the query string as well as the body: "Parameters can be sent in the body or as query
 *   parameters" (AdobeDocs/adobe-dev-console src/pages/guides/authentication/ServerToServerAuthentication/ims.md,
 *   "Fetching access tokens");
 * - a body as application/x-www-form-urlencoded (the same page's curl) or multipart/form-data, which
 *   Adobe's own client sends (adobe/aio-lib-ims src/ims.js, _sendRequest: a `form-data` FormData body).
 * Which wins when both carry a parameter is not documented; here the body does.
 */

/**
 * @param {string} contentType the request's Content-Type ('' when absent)
 * @param {string} body the request body as text
 * @param {URLSearchParams} query
 * @returns {{ params: URLSearchParams, bodyKeys: string[] } | { error: string }}
 */
function readImsParams(contentType, body, query) {
	const type = contentType.split(';')[0].trim().toLowerCase();
	/** @type {Array<[string, string]> | string} */
	let fields;
	if (body === '') fields = [];
	else if (type === 'application/x-www-form-urlencoded') fields = [...new URLSearchParams(body)];
	else if (type === 'multipart/form-data') fields = multipartFields(contentType, body);
	else fields = 'Content-Type must be application/x-www-form-urlencoded or multipart/form-data';
	if (typeof fields === 'string') return { error: fields };
	const params = new URLSearchParams(query);
	for (const [name, value] of fields) params.set(name, value);
	return { params, bodyKeys: fields.map(([name]) => name) };
}

/**
 * The text fields of a multipart/form-data body (RFC 7578), or what is wrong with it.
 * @param {string} contentType @param {string} body
 * @returns {Array<[string, string]> | string}
 */
function multipartFields(contentType, body) {
	const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	if (!match) return 'multipart/form-data without a boundary';
	const parts = body.split(`--${match[1] ?? match[2]}`);
	/** @type {Array<[string, string]>} */
	const fields = [];
	// parts[0] is the preamble; the part after the closing delimiter starts with "--".
	for (const part of parts.slice(1)) {
		if (part.startsWith('--')) return fields;
		const headerEnd = part.indexOf('\r\n\r\n');
		const name =
			headerEnd < 0 ? undefined : /content-disposition:\s*form-data;[^\r\n]*\bname="([^"]*)"/i.exec(part.slice(0, headerEnd))?.[1];
		if (name === undefined) return 'a multipart/form-data part has no form-data name';
		fields.push([name, part.slice(headerEnd + 4).replace(/\r\n$/, '')]);
	}
	return 'multipart/form-data without its closing boundary';
}

module.exports = { discoveryDocument, readImsParams };
