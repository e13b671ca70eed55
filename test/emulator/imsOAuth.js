// @ts-check
/**
 * The emulator's IMS for user sign-in: OAuth 2.0 authorization code with PKCE for public clients
 * (OAuth Single Page App credentials), as AdobeDocs/adobe-dev-console documents it in
 * src/pages/guides/authentication/UserAuthentication/ims.md and implementation.md:
 *   GET  /ims/authorize/v2   client_id, redirect_uri, scope, response_type=code, state,
 *                            code_challenge (required for public clients), code_challenge_method
 *                            ("defaults to plain"), prompt (none | login)
 *   POST /ims/token/v3       grant_type=authorization_code (code, code_verifier, client_id) or
 *                            refresh_token (refresh_token, client_id)
 *   POST /ims/revoke         token, client_id; 200 with no body
 *   GET  /ims/userinfo/v2    Bearer; sub (openid), name (profile), email (email)
 * A redirect_uri that is absent or does not match the credential's pattern is not an error at
 * Adobe: the answer goes to the credential's Default Redirect URI instead ("If a redirect URI is not
 * provided with the request or if it does not match against the pattern, Adobe will redirect the
 * response to the Default Redirect URI"), so the emulator does that too. IMS grants only the scopes
 * on the credential and answers any other with invalid_scope. A Single Page App credential gets no
 * refresh token ("Refresh tokens are not available for the OAuth Single Page App credential",
 * implementation.md), so `offline_access` is not among its scopes: asked for, it is refused like any
 * scope the credential does not list. The `publicRefreshTokens` switch models a public credential
 * that does list it and gets a refresh token with it (IMS.md's refresh request for public clients),
 * to keep the refresh path testable. Without `prompt`, a user already signed in at IMS who consented
 * to the client gets a code without any page (the browser session); `prompt=login` shows the login
 * page even then ("Even if the user is authenticated, they will see the login screen", IMS.md), where
 * the emulator's `consent` switch answers as a test wants (`approve` signs in as `user`, `page` shows
 * the page). Also serves the relay page (media/signin-relay.html) on its own listener: over HTTPS with a
 * committed self-signed certificate (a browser needs ignoreHTTPSErrors, or the user a click through
 * its warning), or, with the emulator's `loopbackHttpRelay` switch (`npm start`), over plain http on
 * 127.0.0.1, which IMS then accepts as a redirect URI too. Adobe's IMS redirects only to HTTPS
 * ("this URI must be HTTPS", ims.md); the switch is the demo's shortcut, for a browser that shows no
 * certificate warning: loopback http is a secure context in browsers
 * (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy) and RFC 8252 section 7.3
 * allows loopback redirect URIs (https://www.rfc-editor.org/rfc/rfc8252#section-7.3). The extension
 * takes such a relay only from an IMS on loopback (src/core/signIn/signInConfig.ts).
 */
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const { createHash, randomBytes } = require('node:crypto');

/** Users a sign-in can pick, in Adobe's userinfo shape (ims.md, "UserInfo", sample response). */
const DEMO_USERS = {
	ada: {
		sub: 'A1B2C3D4E5F60718293A4B5C@AdobeID',
		account_type: 'ind',
		email_verified: true,
		name: 'Ada Sample',
		given_name: 'Ada',
		family_name: 'Sample',
		email: 'ada@example.com',
	},
	grace: {
		sub: 'F0E1D2C3B4A5968778695A4B@AdobeID',
		account_type: 'ent',
		email_verified: true,
		name: 'Grace Sample',
		given_name: 'Grace',
		family_name: 'Sample',
		email: 'grace@example.com',
	},
};

/** How long an authorization code may wait for its exchange (Adobe does not document it; RFC 6749 4.1.2 recommends at most 10 minutes). */
const CODE_LIFETIME_MS = 10 * 60_000;
/** "By default they expire in 14 days" (ims.md, Fetching access tokens, Response Object). */
const REFRESH_LIFETIME_MS = 14 * 24 * 3600_000;

/** The repository root, from test/emulator or from its compiled copy in out/test/emulator. */
const REPO_ROOT =
	[path.join(__dirname, '..', '..'), path.join(__dirname, '..', '..', '..')].find((dir) =>
		fs.existsSync(path.join(dir, 'media', 'signin-relay.html')),
	) ?? '.';
const RELAY_PAGE = path.join(REPO_ROOT, 'media', 'signin-relay.html');
const TLS_DIR = path.join(REPO_ROOT, 'test', 'emulator', 'tls');

/**
 * @typedef {keyof typeof DEMO_USERS} UserKey
 * @typedef {{ consent: 'approve' | 'deny' | 'page', user: UserKey, publicRefreshTokens: boolean, withheldScopes: string[] }} SignInConfig
 * @typedef {{ clientId: string, user: UserKey, scopes: string[], challenge: string, method: 'S256' | 'plain', redirectUri: string | undefined, expiresAt: number, used: boolean, grantId: string }} CodeGrant
 */

class ImsOAuth {
	/** @param {import('./server').AdobeEmulator} emulator */
	constructor(emulator) {
		this.emulator = emulator;
		/** @type {SignInConfig} */
		this.config = { consent: 'approve', user: 'ada', publicRefreshTokens: false, withheldScopes: [] };
		/** @type {Map<string, CodeGrant>} */
		this.codes = new Map();
		/** @type {Map<string, { clientId: string, user: UserKey, scopes: string[], expiresAt: number, grantId: string }>} */
		this.refreshTokens = new Map();
		/** Consent pages waiting for Allow or Deny: transaction id → the authorize request. @type {Map<string, URLSearchParams>} */
		this.pending = new Map();
		/** The "browser session": who is signed in at IMS and which clients they consented to. @type {Map<UserKey, Set<string>>} */
		this.consented = new Map();
		/** @type {UserKey | undefined} */
		this.browserUser = undefined;
		/** Grants whose tokens were revoked (a revoked refresh token takes its access tokens along). @type {Set<string>} */
		this.revokedGrants = new Set();
		/** @type {http.Server | undefined} */
		this.relayServer = undefined;
		this.relayUrl = '';
	}

	reset() {
		this.config = { consent: 'approve', user: 'ada', publicRefreshTokens: false, withheldScopes: [] };
		this.codes.clear();
		this.refreshTokens.clear();
		this.pending.clear();
		this.consented.clear();
		this.browserUser = undefined;
		this.revokedGrants.clear();
	}

	/** @param {Partial<SignInConfig>} patch */
	configure(patch) {
		if (patch.consent !== undefined && !['approve', 'deny', 'page'].includes(patch.consent))
			throw new Error('consent: approve, deny or page');
		if (
			patch.withheldScopes !== undefined &&
			!(Array.isArray(patch.withheldScopes) && patch.withheldScopes.every((s) => typeof s === 'string'))
		)
			throw new Error('withheldScopes: a list of scope names');
		if (patch.user !== undefined && !(patch.user in DEMO_USERS)) throw new Error(`user: one of ${Object.keys(DEMO_USERS).join(', ')}`);
		Object.assign(
			this.config,
			Object.fromEntries(Object.entries(patch).filter(([key, value]) => value !== undefined && key in this.config)),
		);
		return this.config;
	}

	/**
	 * The relay: serves media/signin-relay.html at /redirect, and the demo app's default redirect page;
	 * over HTTPS, or over loopback http with the emulator's `loopbackHttpRelay` switch.
	 */
	async startRelay() {
		/** @type {http.RequestListener} */
		const handler = (req, res) => {
			const url = new URL(req.url ?? '/', 'https://127.0.0.1');
			if (url.pathname === '/redirect') {
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
				res.end(fs.readFileSync(RELAY_PAGE));
			} else if (url.pathname === '/app/default') {
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
				res.end("<!doctype html><title>Default redirect</title><p>The credential's Default Redirect URI.</p>");
			} else {
				res.writeHead(404);
				res.end();
			}
		};
		const plain = this.emulator.loopbackHttpRelay;
		const server = plain
			? http.createServer(handler)
			: https.createServer(
					{ key: fs.readFileSync(path.join(TLS_DIR, 'relay-key.pem')), cert: fs.readFileSync(path.join(TLS_DIR, 'relay-cert.pem')) },
					handler,
				);
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve(undefined));
		});
		this.relayServer = server;
		this.relayUrl = `${plain ? 'http' : 'https'}://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
	}

	async stopRelay() {
		const server = this.relayServer;
		this.relayServer = undefined;
		if (server) {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		}
	}

	// ---- GET /ims/authorize/v2 ----

	/** @param {import('node:http').ServerResponse} res @param {URLSearchParams} query */
	authorize(res, query) {
		const client = this.emulator.clients.get(query.get('client_id') ?? '');
		// Without a known client there is nowhere to redirect: IMS shows an error page.
		if (!client?.publicClient) return errorPage(res, 400, 'invalid_client', 'The client_id is not a user-authentication credential.');
		const redirect = this.redirectTarget(client, query.get('redirect_uri'));
		const state = query.get('state') ?? undefined;
		const fail = (/** @type {string} */ error, /** @type {string} */ description) =>
			redirectTo(res, redirect, { error, error_description: description, state });
		const responseType = query.get('response_type') ?? 'code';
		if (responseType !== 'code') return fail('unsupported_response_type', `response_type ${responseType} is not enabled for this client`);
		const challenge = query.get('code_challenge');
		if (!challenge) return fail('invalid_request', 'code_challenge is required for public clients');
		const method = query.get('code_challenge_method') ?? 'plain';
		if (method !== 'S256' && method !== 'plain') return fail('invalid_request', `unsupported code_challenge_method ${method}`);
		if (method === 'S256' && !/^[A-Za-z0-9_-]{43}$/.test(challenge))
			return fail('invalid_request', 'code_challenge is not a base64url SHA-256 digest');
		const scopes = (query.get('scope') ?? '').split(/[ ,]+/).filter(Boolean);
		if (!scopes.includes('openid')) return fail('invalid_scope', 'openid is required');
		const invalid = scopes.filter((s) => !this.listedScopes(client).includes(s));
		if (invalid.length) return fail('invalid_scope', `Invalid scope(s): ${invalid.join(',')}`);

		const prompt = query.get('prompt') ?? '';
		if (prompt !== '' && prompt !== 'none' && prompt !== 'login') return fail('invalid_request', `unsupported prompt ${prompt}`);
		const signedInHere = this.browserUser !== undefined && this.consented.get(this.browserUser)?.has(client.clientId) === true;
		if (prompt === 'none') {
			// "Does not show any UI. Either returns successfully ... or returns with an error."
			if (!this.browserUser) return fail('login_required', 'No user is logged in');
			if (!signedInHere) return fail('consent_required', 'The user has not granted access to this app');
			return this.issueCode(
				res,
				redirect,
				query,
				client.clientId,
				/** @type {UserKey} */ (this.browserUser),
				scopes,
				/** @type {'S256' | 'plain'} */ (method),
			);
		}
		// Signed in at IMS and consented before: the browser session answers without a page, unless prompt=login asks for the login screen.
		if (prompt === '' && signedInHere)
			return this.issueCode(
				res,
				redirect,
				query,
				client.clientId,
				/** @type {UserKey} */ (this.browserUser),
				scopes,
				/** @type {'S256' | 'plain'} */ (method),
			);
		if (this.config.consent === 'deny') return fail('access_denied', 'The user denied the request');
		if (this.config.consent === 'approve')
			return this.approve(res, query, client.clientId, redirect, scopes, /** @type {'S256' | 'plain'} */ (method));
		const transaction = randomBytes(12).toString('hex');
		this.pending.set(transaction, query);
		return consentPage(res, transaction, DEMO_USERS[this.config.user], client.clientId, scopes);
	}

	/**
	 * The scopes IMS accepts from this credential: those it lists, without `offline_access` for a
	 * public client unless the switch models one that gets refresh tokens.
	 * @param {import('./server').Client} client
	 */
	listedScopes(client) {
		return client.publicClient && !this.config.publicRefreshTokens ? client.scopes.filter((s) => s !== 'offline_access') : client.scopes;
	}

	/** POST /ims/authorize/v2/consent: the consent page's Allow or Deny. @param {import('node:http').ServerResponse} res @param {URLSearchParams} form */
	consent(res, form) {
		const query = this.pending.get(form.get('transaction') ?? '');
		if (!query) return errorPage(res, 400, 'invalid_request', 'This sign-in page has expired. Start the sign-in again.');
		this.pending.delete(form.get('transaction') ?? '');
		const client = /** @type {import('./server').Client} */ (this.emulator.clients.get(query.get('client_id') ?? ''));
		const redirect = this.redirectTarget(client, query.get('redirect_uri'));
		if (form.get('decision') !== 'allow') {
			return redirectTo(res, redirect, {
				error: 'access_denied',
				error_description: 'The user denied the request',
				state: query.get('state') ?? undefined,
			});
		}
		const scopes = (query.get('scope') ?? '').split(/[ ,]+/).filter(Boolean);
		return this.approve(
			res,
			query,
			client.clientId,
			redirect,
			scopes,
			/** @type {'S256' | 'plain'} */ (query.get('code_challenge_method') ?? 'plain'),
		);
	}

	/**
	 * @param {import('node:http').ServerResponse} res @param {URLSearchParams} query @param {string} clientId
	 * @param {{ uri: string, requested: string | undefined }} redirect @param {string[]} scopes @param {'S256' | 'plain'} method
	 */
	approve(res, query, clientId, redirect, scopes, method) {
		this.browserUser = this.config.user;
		const clients = this.consented.get(this.config.user) ?? new Set();
		clients.add(clientId);
		this.consented.set(this.config.user, clients);
		return this.issueCode(res, redirect, query, clientId, this.config.user, scopes, method);
	}

	/**
	 * @param {import('node:http').ServerResponse} res @param {{ uri: string, requested: string | undefined }} redirect @param {URLSearchParams} query
	 * @param {string} clientId @param {UserKey} user @param {string[]} scopes @param {'S256' | 'plain'} method
	 */
	issueCode(res, redirect, query, clientId, user, scopes, method) {
		const code = `eyJ${randomBytes(24).toString('base64url')}`;
		this.codes.set(code, {
			clientId,
			user,
			// A grant can carry fewer scopes than asked (an org policy, a service not enabled): the token's scope claim says which.
			scopes: scopes.filter((s) => !this.config.withheldScopes.includes(s)),
			challenge: query.get('code_challenge') ?? '',
			method,
			redirectUri: redirect.requested,
			expiresAt: Date.now() + CODE_LIFETIME_MS,
			used: false,
			grantId: randomBytes(8).toString('hex'),
		});
		return redirectTo(res, redirect, { code, state: query.get('state') ?? undefined });
	}

	/**
	 * Where Adobe sends the answer: the requested URI if it is HTTPS and matches one of the
	 * credential's comma-separated patterns (regular expressions, dots escaped, matched whole),
	 * otherwise the Default Redirect URI. With the `loopbackHttpRelay` switch (the demo), an http URI
	 * on 127.0.0.1 counts as HTTPS here: Adobe would send it to the Default Redirect URI.
	 * @param {import('./server').Client} client @param {string | null} requested
	 */
	redirectTarget(client, requested) {
		const fallback = { uri: client.defaultRedirectUri ?? '', requested: undefined };
		if (!requested) return fallback;
		let url;
		try {
			url = new URL(requested);
		} catch {
			return fallback;
		}
		const loopbackHttp = this.emulator.loopbackHttpRelay && url.protocol === 'http:' && url.hostname === '127.0.0.1';
		if (url.protocol !== 'https:' && !loopbackHttp) return fallback;
		const patterns = (client.redirectUriPattern ?? '')
			.split(',')
			.map((p) => p.trim())
			.filter(Boolean);
		// The patterns are HTTPS ones, as on a real credential; the demo's http relay is matched as if it were HTTPS.
		const matched = loopbackHttp ? requested.replace(/^http:/, 'https:') : requested;
		return patterns.some((p) => new RegExp(`^${p}$`).test(matched)) ? { uri: requested, requested } : fallback;
	}

	// ---- POST /ims/token/v3, user grants ----

	/**
	 * @param {import('node:http').ServerResponse} res @param {URLSearchParams} form @param {string} grantType
	 * @param {import('./server').RequestRecord} record
	 */
	token(res, form, grantType, record) {
		const imsError = (/** @type {string} */ error, /** @type {string} */ description) =>
			this.emulator.json(res, 400, { error, error_description: description });
		const client = this.emulator.clients.get(form.get('client_id') ?? '');
		if (!client) return imsError('invalid_client', 'invalid client_id parameter');
		record.clientId = client.clientId;
		if (!client.publicClient) return imsError('unauthorized_client', `Client is not authorized for the ${grantType} grant type`);
		if (grantType === 'authorization_code') return this.exchangeCode(res, form, client, imsError);
		const refreshToken = form.get('refresh_token') ?? '';
		const grant = this.refreshTokens.get(refreshToken);
		if (!grant || grant.clientId !== client.clientId || grant.expiresAt <= Date.now() || this.revokedGrants.has(grant.grantId)) {
			return imsError('invalid_grant', 'refresh token is invalid or expired');
		}
		// A new refresh token comes back (ims.md's sample response); the old one stops working.
		this.refreshTokens.delete(refreshToken);
		return this.tokenResponse(res, client, grant.user, grant.scopes, grant.grantId);
	}

	/**
	 * @param {import('node:http').ServerResponse} res @param {URLSearchParams} form @param {import('./server').Client} client
	 * @param {(error: string, description: string) => void} imsError
	 */
	exchangeCode(res, form, client, imsError) {
		const code = form.get('code') ?? '';
		const grant = this.codes.get(code);
		if (!grant || grant.clientId !== client.clientId) return imsError('invalid_grant', 'authorization code is invalid');
		if (grant.used) {
			// A code used twice: refuse it and revoke what it gave (RFC 6749 section 4.1.2).
			this.revokedGrants.add(grant.grantId);
			return imsError('invalid_grant', 'authorization code has already been used');
		}
		grant.used = true;
		if (grant.expiresAt <= Date.now()) return imsError('invalid_grant', 'authorization code has expired');
		const redirectUri = form.get('redirect_uri');
		if (redirectUri !== null && redirectUri !== grant.redirectUri)
			return imsError('invalid_grant', 'redirect_uri does not match the authorize request');
		const verifier = form.get('code_verifier');
		if (!verifier) return imsError('invalid_request', 'code_verifier is required for public clients');
		if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier))
			return imsError('invalid_request', 'code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]');
		const expected = grant.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
		if (expected !== grant.challenge) return imsError('invalid_grant', 'code_verifier does not match the code_challenge');
		return this.tokenResponse(res, client, grant.user, grant.scopes, grant.grantId);
	}

	/**
	 * @param {import('node:http').ServerResponse} res @param {import('./server').Client} client @param {UserKey} user
	 * @param {string[]} scopes @param {string} grantId
	 */
	tokenResponse(res, client, user, scopes, grantId) {
		const lifetime = this.emulator.tokenLifetimeSeconds;
		const accessToken = this.emulator.mint(client, scopes, lifetime, { userId: DEMO_USERS[user].sub, grantId });
		/** @type {Record<string, unknown>} */
		const body = { access_token: accessToken, sub: DEMO_USERS[user].sub, token_type: 'bearer', expires_in: lifetime };
		// Only with offline_access, which authorize accepted only if the credential lists it (listedScopes).
		if (scopes.includes('offline_access')) {
			const refreshToken = `eyJ${randomBytes(32).toString('base64url')}`;
			this.refreshTokens.set(refreshToken, {
				clientId: client.clientId,
				user,
				scopes,
				expiresAt: Date.now() + REFRESH_LIFETIME_MS,
				grantId,
			});
			body.refresh_token = refreshToken;
		}
		if (scopes.includes('openid')) body.id_token = `eyJ${randomBytes(24).toString('base64url')}`;
		return this.emulator.json(res, 200, body);
	}

	// ---- POST /ims/revoke ----

	/** @param {import('node:http').ServerResponse} res @param {URLSearchParams} form */
	revoke(res, form) {
		const client = this.emulator.clients.get(form.get('client_id') ?? '');
		if (!client) return this.emulator.json(res, 400, { error: 'invalid_client', error_description: 'invalid client_id parameter' });
		const token = form.get('token');
		if (!token) return this.emulator.json(res, 400, { error: 'invalid_request', error_description: 'missing token parameter' });
		const refresh = this.refreshTokens.get(token);
		if (refresh?.clientId === client.clientId) {
			this.refreshTokens.delete(token);
			this.revokedGrants.add(refresh.grantId);
		}
		const access = this.emulator.tokens.get(token);
		if (access?.clientId === client.clientId) this.emulator.tokens.delete(token);
		// "A successful response returns HTTP Status 200 (OK) and no response body." Unknown tokens too (RFC 7009 2.2).
		res.writeHead(200);
		return res.end();
	}

	// ---- GET /ims/userinfo/v2 ----

	/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
	userinfo(req, res) {
		const auth = this.emulator.bearer(req, false);
		const token = auth.token;
		if (!token || !token.userId || (token.grantId && this.revokedGrants.has(token.grantId))) {
			return this.emulator.json(res, 401, { error: 'invalid_token', error_description: 'The access token is invalid or expired' });
		}
		const user = Object.values(DEMO_USERS).find((u) => u.sub === token.userId);
		if (!user) return this.emulator.json(res, 401, { error: 'invalid_token', error_description: 'unknown user' });
		// Claims are "projected by scope" (ims.md, UserInfo, Response Object).
		/** @type {Record<string, unknown>} */
		const claims = { sub: user.sub };
		if (token.scopes.includes('profile'))
			Object.assign(claims, {
				account_type: user.account_type,
				name: user.name,
				given_name: user.given_name,
				family_name: user.family_name,
			});
		if (token.scopes.includes('email')) Object.assign(claims, { email: user.email, email_verified: user.email_verified });
		return this.emulator.json(res, 200, claims);
	}
}

/**
 * A 302 to the redirect URI with the answer in its query (`code` flow's default response mode).
 * @param {import('node:http').ServerResponse} res @param {{ uri: string }} redirect @param {Record<string, string | undefined>} params
 */
function redirectTo(res, redirect, params) {
	const target = new URL(redirect.uri);
	for (const [name, value] of Object.entries(params)) if (value !== undefined) target.searchParams.set(name, value);
	res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
	res.end();
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} error @param {string} description */
function errorPage(res, status, error, description) {
	res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
	res.end(`<!doctype html><title>Adobe ID</title><h1>Sign-in error</h1><p id="error">${escapeHtml(error)}: ${escapeHtml(description)}</p>`);
}

/**
 * The consent screen: whom, which app, which scopes, and Allow / Deny buttons a UI test clicks.
 * The form posts to a relative URL so it also works behind code-server's /proxy/ route.
 * @param {import('node:http').ServerResponse} res @param {string} transaction @param {{ name: string, email: string }} user
 * @param {string} clientId @param {string[]} scopes
 */
function consentPage(res, transaction, user, clientId, scopes) {
	res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
	res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Adobe ID: allow access</title>
<style>body{font-family:sans-serif;max-width:32em;margin:3em auto}button{font-size:1.1em;margin-right:1em;padding:.4em 1.2em}</style></head>
<body><h1>Allow access to your Adobe account?</h1>
<p>Signed in as <strong id="user">${escapeHtml(user.name)} (${escapeHtml(user.email)})</strong>.</p>
<p>The app <code>${escapeHtml(clientId)}</code> asks for: <span id="scopes">${scopes.map(escapeHtml).join(', ')}</span>.</p>
<form method="post" action="v2/consent"><input type="hidden" name="transaction" value="${escapeHtml(transaction)}">
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button></form></body></html>`);
}

/** @param {string} text */
function escapeHtml(text) {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

module.exports = { ImsOAuth, DEMO_USERS };
