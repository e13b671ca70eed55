/**
 * Adobe IMS user sign-in: OAuth 2.0 authorization code with PKCE for public clients (OAuth Single
 * Page App and Native App credentials), as AdobeDocs/adobe-dev-console documents it in
 * src/pages/guides/authentication/UserAuthentication/ims.md ("Authorize Request", "Fetching Access
 * tokens", "Refreshing Access tokens", "Token revocation", "UserInfo") and implementation.md (public
 * clients "must utilize the OAuth 2.0 PKCE flow").
 */
import { createHash, randomBytes } from 'node:crypto';
import { AdobeApiError } from '../common/errors';
import { HttpClient } from '../common/http';
import { readTokenResponse } from '../tokens/ims';
import { Clock, systemClock } from '../common/logger';
import { badShape, httpError, parseJson } from '../common/adobeAnswers';
import { decodeTokenClaims } from '../tokens/tokenClaims';
import { Settings } from '../common/settingKeys';

export interface Pkce {
	verifier: string;
	challenge: string;
}

/**
 * A verifier of 86 base64url characters (64 random bytes; RFC 7636 asks 43 to 128 of
 * [A-Za-z0-9-._~]) and its S256 challenge, BASE64_URL_ENCODE(SHA256(verifier)) as ims.md writes it.
 */
export function createPkce(): Pkce {
	const verifier = randomBytes(64).toString('base64url');
	return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeRequest {
	imsBaseUrl: string;
	clientId: string;
	redirectUri: string;
	scopes: readonly string[];
	state: string;
	codeChallenge: string;
	/** `none`: no UI; IMS answers at once with a code or login_required / consent_required. */
	prompt?: 'none' | 'login';
}

/**
 * `GET /ims/authorize/v2` with its parameters. code_challenge_method is sent explicitly: IMS
 * "defaults to plain", which would put the verifier itself in the browser's history.
 */
export function authorizeUrl(request: AuthorizeRequest): string {
	const url = new URL(`${request.imsBaseUrl}/ims/authorize/v2`);
	url.searchParams.set('client_id', request.clientId);
	url.searchParams.set('redirect_uri', request.redirectUri);
	url.searchParams.set('scope', request.scopes.join(','));
	url.searchParams.set('response_type', 'code');
	url.searchParams.set('state', request.state);
	url.searchParams.set('code_challenge', request.codeChallenge);
	url.searchParams.set('code_challenge_method', 'S256');
	if (request.prompt) url.searchParams.set('prompt', request.prompt);
	return url.toString();
}

export interface UserTokens {
	accessToken: string;
	/** Only with offline_access, and only if IMS gives public clients one at all (the docs disagree). */
	refreshToken?: string;
	expiresIn: number;
	expiresAt: number;
	scopes: string[];
}

export interface UserInfo {
	sub: string;
	name?: string;
	email?: string;
}

/** What IMS sent back to the redirect URI instead of a code, as a message that says what to do. */
export function authorizeError(error: string, description: string | undefined): AdobeApiError {
	const said = description ? `: ${description.slice(0, 200)}` : '';
	const fields = { kind: 'http' as const, service: 'ims' as const, code: error, detail: description };
	switch (error) {
		case 'access_denied':
			return new AdobeApiError(
				'Sign-in was declined at Adobe (access_denied). Sign in again and choose Allow to let the Adobe API Toolkit use your account.',
				fields,
			);
		case 'login_required':
		case 'consent_required':
		case 'interaction_required':
			return new AdobeApiError(`Adobe needs you to sign in again (${error}).`, fields);
		case 'invalid_scope':
			return new AdobeApiError(
				`Adobe IMS rejected the sign-in scopes (invalid_scope${said}). Set adobeApi.signIn.scopes to scopes listed on your credential.`,
				{ ...fields, setting: Settings.signInScopes },
			);
		default:
			return new AdobeApiError(
				`Adobe IMS refused the sign-in (${error}${said}). Check adobeApi.signIn.clientId and that the credential is an OAuth Single Page App credential.`,
				fields,
			);
	}
}

/** The four IMS calls of a user sign-in. Public clients send client_id in the query, as Adobe's curl examples do. */
export class UserAuthClient {
	constructor(
		private readonly http: HttpClient,
		private readonly baseUrl: string,
		private readonly clock: Clock = systemClock,
	) {}

	/** `POST /ims/token/v3` grant_type=authorization_code with the PKCE verifier. */
	exchangeCode(clientId: string, code: string, verifier: string, scopes: readonly string[], signal?: AbortSignal): Promise<UserTokens> {
		const body = new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier });
		return this.token(clientId, body, [code, verifier], scopes, signal);
	}

	/** `POST /ims/token/v3` grant_type=refresh_token. */
	refresh(clientId: string, refreshToken: string, scopes: readonly string[], signal?: AbortSignal): Promise<UserTokens> {
		const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
		return this.token(clientId, body, [refreshToken], scopes, signal);
	}

	/** `POST /ims/revoke`: 200 with no body. */
	async revoke(clientId: string, token: string, signal?: AbortSignal): Promise<void> {
		const res = await this.http.send({
			service: 'ims',
			method: 'POST',
			url: `${this.baseUrl}/ims/revoke?${new URLSearchParams({ client_id: clientId })}`,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ token }).toString(),
			signal,
			secrets: [token],
		});
		if (res.status !== 200) throw httpError('ims', res, undefined, this.clock.now());
	}

	/** `GET /ims/userinfo/v2`: who the token belongs to (sub with openid, name with profile, email with email). */
	async userInfo(clientId: string, accessToken: string, signal?: AbortSignal): Promise<UserInfo> {
		const res = await this.http.send({
			service: 'ims',
			method: 'GET',
			url: `${this.baseUrl}/ims/userinfo/v2?${new URLSearchParams({ client_id: clientId })}`,
			headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
			signal,
			secrets: [accessToken],
		});
		if (res.status !== 200) throw httpError('ims', res, undefined, this.clock.now());
		const json = parseJson<{ sub?: unknown; name?: unknown; email?: unknown }>('ims', res);
		if (typeof json.sub !== 'string' || json.sub === '' || json.sub.length > 256) throw badShape('ims', res, 'userinfo has no sub');
		const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value.slice(0, 256) : undefined);
		return { sub: json.sub, name: text(json.name), email: text(json.email) };
	}

	private async token(
		clientId: string,
		body: URLSearchParams,
		secrets: string[],
		scopes: readonly string[],
		signal?: AbortSignal,
	): Promise<UserTokens> {
		const res = await this.http.send({
			service: 'ims',
			method: 'POST',
			url: `${this.baseUrl}/ims/token/v3?${new URLSearchParams({ client_id: clientId })}`,
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: body.toString(),
			signal,
			secrets,
		});
		if (res.status !== 200) {
			throw httpError('ims', res, ({ code, detail }) => tokenMessage(code, detail, body.get('grant_type') ?? ''), this.clock.now());
		}
		const { token, json } = readTokenResponse(res, this.clock);
		const refreshToken = typeof json.refresh_token === 'string' && json.refresh_token !== '' ? json.refresh_token : undefined;
		return { ...token, refreshToken, scopes: grantedScopes(json.scope, token.accessToken, scopes) };
	}
}

/**
 * The scopes granted, which can be fewer than asked: the response's `scope` (RFC 6749 section 5.1)
 * when present, else the access token's `scope` claim (IMS's tokens carry one, comma-separated; see
 * tokenClaims.ts; ims.md's sample response has no `scope`), else the requested ones. A session must
 * not claim scopes it was not given.
 */
function grantedScopes(said: unknown, accessToken: string, requested: readonly string[]): string[] {
	const parse = (text: string) => [...new Set(text.split(/[,\s]+/).filter((s) => /^[\w.:/-]{1,256}$/.test(s)))].slice(0, 100);
	const fromResponse = typeof said === 'string' && said.length <= 8192 ? parse(said) : [];
	if (fromResponse.length) return fromResponse;
	const fromClaims = decodeTokenClaims(accessToken)?.scopes ?? [];
	return fromClaims.length ? parse(fromClaims.join(',')) : [...requested];
}

function tokenMessage(code: string | undefined, detail: string | undefined, grantType: string): string | undefined {
	const said = detail ? `: ${detail.slice(0, 200)}` : '';
	if (code === 'invalid_grant') {
		return grantType === 'refresh_token'
			? `Adobe IMS no longer accepts this sign-in's refresh token (invalid_grant${said}). Sign in again.`
			: `Adobe IMS refused the sign-in code (invalid_grant${said}). Sign in again.`;
	}
	if (code === 'invalid_client' || code === 'unauthorized_client') {
		return `Adobe IMS refused the client (${code}${said}). Set adobeApi.signIn.clientId to the Client ID of an OAuth Single Page App credential.`;
	}
	return undefined;
}
