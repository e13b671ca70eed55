/**
 * Who calls an Adobe API (a token and the Client ID that goes with it), and the one rule for a token
 * Adobe rejects: refresh it once after an API's 401, never after IMS's own.
 *
 * - A 401 from an API (Cloud Storage, Photoshop, Firefly…) to a token we already had means that token
 *   went stale: it expired early, was revoked, or the profile's credential was rotated. One fresh token
 *   and one more try is the fix; a second 401 is the answer, shown as it is (no loop). RFC 6750 §3.1:
 *   `invalid_token`, "expired, revoked, malformed, or invalid", answered with 401
 *   (https://datatracker.ietf.org/doc/html/rfc6750#section-3.1).
 * - A failure to get a token at all (IMS's 401 `invalid_client`, a refused scope, a network error) is
 *   the credential's or the connection's, and asking IMS again would fail the same way. RFC 6749 §5.2:
 *   the token endpoint answers `invalid_client` with 401 (https://datatracker.ietf.org/doc/html/rfc6749#section-5.2);
 *   Adobe: "Integrations should avoid generating a new access token when a previously generated access
 *   token has not expired … Adobe can throttle your integration if it generates too many access tokens"
 *   (AdobeDocs/adobe-dev-console src/pages/guides/authentication/ServerToServerAuthentication/implementation.md,
 *   "Generating access tokens programmatically"). So the first token is fetched outside the retry, and an
 *   error from IMS is never a reason to ask IMS again.
 *
 * Every front door (the explorer, Verify Credential, Check Setup, the agent tools, request files, the
 * MCP server) goes through withFreshTokenOnce, so the rule is written once.
 */
import { AdobeApiError, isAdobeApiError } from './errors';

export interface ApiCaller {
	/** The access token from IMS. */
	accessToken: string;
	/** The credential's Client ID, sent as `x-api-key`. */
	clientId: string;
}

/** The profile's token and Client ID; `forceRefresh` after Adobe rejected the token. */
export type CallerSource = (forceRefresh: boolean) => Promise<ApiCaller>;

export interface FreshTokenOptions<C, T> {
	/** Cancels the operation: after it fires, a 401 is not followed by a refresh. */
	signal?: AbortSignal;
	/** Told just before the fresh token is asked for (a log line, a flag on the result). */
	onRefresh?: () => void;
	/**
	 * For operations that resolve with an answer instead of throwing (a request file's response): true when
	 * the answer is the API refusing this caller's token, so it is retried like a thrown 401.
	 */
	rejected?: (answer: T, caller: C) => boolean;
}

/**
 * True for an API's 401 to a token we sent: the one failure a fresh token can fix. IMS's own 401
 * (service `ims`) says the credential is wrong, not the token.
 */
export function isStaleTokenError(error: unknown): boolean {
	return isAdobeApiError(error) && error.kind === 'http' && error.status === 401 && error.service !== 'ims';
}

/**
 * Runs `call` with the source's token; after an API's 401, once more with a fresh one. The first token
 * is fetched outside the retry (a failure there is thrown as it is), a second 401 is thrown (or
 * returned, with `rejected`) as it is, and a cancelled operation is not retried.
 */
export async function withFreshTokenOnce<T, C = ApiCaller>(
	source: (forceRefresh: boolean) => Promise<C>,
	call: (caller: C) => Promise<T>,
	options: FreshTokenOptions<C, T> = {},
): Promise<T> {
	const first = await source(false);
	let answer: T;
	try {
		answer = await call(first);
	} catch (error) {
		if (!isStaleTokenError(error)) throw error;
		return call(await refreshed(source, options, error as AdobeApiError));
	}
	if (!options.rejected?.(answer, first)) return answer;
	return call(await refreshed(source, options));
}

async function refreshed<C, T>(
	source: (forceRefresh: boolean) => Promise<C>,
	options: FreshTokenOptions<C, T>,
	error?: AdobeApiError,
): Promise<C> {
	if (options.signal?.aborted) {
		throw new AdobeApiError('The request was cancelled.', { kind: 'cancelled', service: error?.service });
	}
	options.onRefresh?.();
	return source(true);
}
