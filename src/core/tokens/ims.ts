/** Adobe IMS: OAuth server-to-server (client_credentials) tokens from `POST /ims/token/v3`. */
import { API_KINDS, ApiKind, ScopeSet, otherDocumentedScopes } from '../credentials/apiKinds';
import { ClientCredentials, validateClientId, validateClientSecret, validateScopes } from '../credentials/fields';
import { AdobeApiError, CredentialField, invalidInput } from '../common/errors';
import { HttpClient, HttpResponse, RetryPolicy } from '../common/http';
import { Clock, systemClock } from '../common/logger';
import { badShape, httpError, parseJson } from '../common/adobeAnswers';
import { MAX_TOKEN_CHARS } from './tokenClaims';

export interface AccessToken {
	accessToken: string;
	tokenType: string;
	/** Lifetime IMS granted, in seconds. */
	expiresIn: number;
	/** When the token stops working, in ms since the epoch (our clock at receipt + expiresIn). */
	expiresAt: number;
	scopes: string[];
}

/**
 * The lifetimes we accept. IMS sends `expires_in` as a JSON number of seconds (86399 for a
 * server-to-server token; adobe/aio-lib-ims types/ims.d.ts, ClientCredentialsResponse: "The
 * lifetime in seconds of the access token"). The floor is 1 s rather than a minute so the
 * emulator's short tokens still show expiry; the token manager's own floor keeps a short lifetime
 * from turning into a refresh loop. A week is seven times what Adobe grants and far from where
 * dates overflow.
 */
const MIN_EXPIRES_IN_S = 1;
const MAX_EXPIRES_IN_S = 7 * 24 * 3600;

export interface TokenRequest extends ClientCredentials {
	/** The API the credential is for: an invalid_scope answer then offers the scopes Adobe documents for it. */
	apiKind?: ApiKind;
}

export class ImsClient {
	constructor(
		private readonly http: HttpClient,
		private readonly baseUrl: string,
		private readonly clock: Clock = systemClock,
	) {}

	async requestToken(credentials: TokenRequest, signal?: AbortSignal, retry?: RetryPolicy): Promise<AccessToken> {
		const checks: Array<[CredentialField, string | undefined]> = [
			['clientId', validateClientId(credentials.clientId)],
			['clientSecret', validateClientSecret(credentials.clientSecret)],
			['scopes', validateScopes(credentials.scopes)],
		];
		const problem = checks.find(([, message]) => message !== undefined);
		if (problem) throw invalidInput(problem[1]!, { service: 'ims', field: problem[0] });

		// Parameters go in the form body, never the query string, so no proxy or server log sees the secret.
		const body = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: credentials.clientId,
			client_secret: credentials.clientSecret,
			scope: credentials.scopes.join(','),
		}).toString();
		const res = await this.http.send({
			service: 'ims',
			method: 'POST',
			url: `${this.baseUrl}/ims/token/v3`,
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body,
			signal,
			retry,
			secrets: [credentials.clientSecret],
		});
		if (res.status !== 200) {
			const suggestedScopes = credentials.apiKind ? otherDocumentedScopes(credentials.apiKind, credentials.scopes) : [];
			const error = httpError('ims', res, ({ code, detail }) => imsMessage(code, detail, credentials, suggestedScopes), this.clock.now());
			const field = fieldRefused(error.code, error.detail);
			if (!field) throw error;
			throw new AdobeApiError(error.message, {
				...error,
				field,
				...(field === 'scopes' && suggestedScopes.length > 0 ? { suggestedScopes } : {}),
			});
		}
		const { token, json } = readTokenResponse(res, this.clock);
		return { ...token, tokenType: typeof json.token_type === 'string' ? json.token_type : 'bearer', scopes: [...credentials.scopes] };
	}
}

/**
 * The access token and its bounded lifetime from a 200 of `POST /ims/token/v3` (any grant), and the
 * whole body for the fields a grant adds (token_type, refresh_token).
 */
export function readTokenResponse(
	res: HttpResponse,
	clock: Clock,
): { token: Pick<AccessToken, 'accessToken' | 'expiresIn' | 'expiresAt'>; json: Record<string, unknown> } {
	const json = parseJson<Record<string, unknown>>('ims', res);
	if (typeof json.access_token !== 'string' || json.access_token === '') throw badShape('ims', res, 'it has no access_token');
	if (json.access_token.length > MAX_TOKEN_CHARS) {
		throw badShape('ims', res, `its access_token is longer than ${MAX_TOKEN_CHARS} characters`);
	}
	if (typeof json.refresh_token === 'string' && json.refresh_token.length > MAX_TOKEN_CHARS) {
		throw badShape('ims', res, `its refresh_token is longer than ${MAX_TOKEN_CHARS} characters`);
	}
	const expiresIn = json.expires_in;
	if (typeof expiresIn !== 'number' || !(expiresIn >= MIN_EXPIRES_IN_S && expiresIn <= MAX_EXPIRES_IN_S)) {
		throw badShape('ims', res, `expires_in is not a number of seconds from ${MIN_EXPIRES_IN_S} to ${MAX_EXPIRES_IN_S}`);
	}
	return { token: { accessToken: json.access_token, expiresIn, expiresAt: clock.now() + expiresIn * 1000 }, json };
}

/** The field an IMS refusal names: invalid_client's description says client_id or client_secret, invalid_scope is the scopes. */
function fieldRefused(code: string | undefined, detail: string | undefined): CredentialField | undefined {
	if (code === 'invalid_scope') return 'scopes';
	if (code === 'invalid_client') return detail?.includes('client_secret') ? 'clientSecret' : 'clientId';
	return undefined;
}

/** IMS's OAuth error codes, as messages that say what to fix. */
function imsMessage(
	code: string | undefined,
	detail: string | undefined,
	request: TokenRequest,
	suggestedScopes: readonly ScopeSet[],
): string | undefined {
	const said = detail ? `: ${detail}` : '';
	switch (code) {
		case 'invalid_client':
			if (detail?.includes('client_secret')) {
				return 'Adobe IMS rejected the Client Secret (invalid_client). Copy the secret again from your Developer Console credential; if it was rotated, use the new one.';
			}
			return "Adobe IMS rejected the Client ID (invalid_client). Copy the Client ID again from your Developer Console project's OAuth Server-to-Server credential.";
		case 'invalid_scope':
			return invalidScopeMessage(said, request, suggestedScopes);
		case 'unauthorized_client':
			return `Adobe IMS does not allow this client to get a token (unauthorized_client${said}). Check that the credential is OAuth Server-to-Server and that its project has a product profile for this API.`;
		case 'invalid_request':
		case 'unsupported_grant_type':
			return `Adobe IMS rejected the token request (${code}${said}).`;
		default:
			return undefined;
	}
}

/** Names the scopes asked for and the lists Adobe's guides give for the profile's API instead. */
function invalidScopeMessage(said: string, request: TokenRequest, suggestedScopes: readonly ScopeSet[]): string {
	const asked = `Adobe IMS rejected the requested scopes (invalid_scope${said}). Asked for: ${request.scopes.join(',')}.`;
	const fromConsole = 'the scopes shown on your Developer Console credential';
	if (!request.apiKind || suggestedScopes.length === 0) return `${asked} Use ${fromConsole}.`;
	const lists = suggestedScopes.map((set) => `${set.scopes.join(',')} (${set.label})`).join('; ');
	return `${asked} Other scope lists in Adobe's guides for ${API_KINDS[request.apiKind].label}: ${lists}. Switch to one of these, or use ${fromConsole}.`;
}
