/** The sign-in settings (adobeApi.signIn.*), checked when a sign-in starts. */
import { Settings } from '../common/settingKeys';
import { AdobeApiError } from '../common/errors';
import { validateScopes } from '../credentials/fields';
import { isLoopbackHost } from '../common/endpoints';

const SIGN_IN_SETTINGS = {
	clientId: Settings.signInClientId,
	redirectUri: Settings.signInRedirectUri,
	scopes: Settings.signInScopes,
} as const;

/**
 * VS Code's own relay: it forwards the answer to the loopback URL carried in `state`, as VS Code's
 * GitHub sign-in uses it (microsoft/vscode extensions/github-authentication/src/flows.ts).
 */
export const DEFAULT_REDIRECT_URI = 'https://vscode.dev/redirect';

/**
 * What a Cloud Storage user credential lists, and nothing more: IMS grants only the scopes on the
 * credential and refuses the others with invalid_scope. `openid` is "Mandatory" (AdobeDocs/
 * adobe-dev-console src/pages/guides/authentication/UserAuthentication/IMS.md, "Identity scopes");
 * the rest are Cloud Storage's (AdobeDocs/cloud-storage src/pages/guides/getting-started/
 * authentication.md: `openid, AdobeID, creative_sdk, cloud_storage_collab_api`). Not asked by default:
 * `offline_access` ("Allows the return of a refresh token", IMS.md), which Single Page App
 * credentials do not get ("Refresh tokens are not available for the OAuth Single Page App
 * credential", UserAuthentication/implementation.md), and `email` and `profile`, which only name the
 * account: each is refused unless the credential lists it. Users whose credential lists them add them.
 */
export const DEFAULT_SIGN_IN_SCOPES = ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api'];

export interface SignInConfig {
	clientId: string;
	redirectUri: string;
	scopes: string[];
}

/**
 * `imsBaseUrl`: the IMS the sign-in goes to. Adobe's IMS redirects only to HTTPS, so that is the rule;
 * an IMS on this computer (the emulator behind `npm start`) may also redirect to a relay on a loopback
 * `http://` URL, which browsers treat as a secure context and RFC 8252 section 7.3 allows for loopback
 * redirects (https://www.rfc-editor.org/rfc/rfc8252#section-7.3): the demo's relay then needs no
 * self-signed certificate and the browser shows no certificate warning.
 */
export function parseSignInConfig(
	values: { clientId?: unknown; redirectUri?: unknown; scopes?: unknown },
	imsBaseUrl?: string,
): SignInConfig {
	const fail = (setting: string, why: string) => new AdobeApiError(why, { kind: 'config', setting });
	const clientId = typeof values.clientId === 'string' ? values.clientId.trim() : '';
	if (!/^[A-Za-z0-9_-]{8,128}$/.test(clientId)) {
		throw fail(
			SIGN_IN_SETTINGS.clientId,
			`To sign in with Adobe, set ${SIGN_IN_SETTINGS.clientId} to the Client ID (API key) of an OAuth Single Page App credential from the Adobe Developer Console.`,
		);
	}
	const redirectUri =
		typeof values.redirectUri === 'string' && values.redirectUri.trim() ? values.redirectUri.trim() : DEFAULT_REDIRECT_URI;
	let url: URL | undefined;
	try {
		url = new URL(redirectUri);
	} catch {
		url = undefined;
	}
	// ims.md, Authorize Request: "Note that this URI must be HTTPS."
	const scheme = url && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname) && isLocalIms(imsBaseUrl)));
	if (!url || !scheme || url.username || url.password || url.hash) {
		throw fail(
			SIGN_IN_SETTINGS.redirectUri,
			`The setting ${SIGN_IN_SETTINGS.redirectUri} must be an https:// URL without a fragment (Adobe redirects only to HTTPS), got "${redirectUri.slice(0, 200)}".`,
		);
	}
	const scopes = scopeList(values.scopes) ?? DEFAULT_SIGN_IN_SCOPES;
	const problem = validateScopes(scopes);
	if (problem) throw fail(SIGN_IN_SETTINGS.scopes, `${SIGN_IN_SETTINGS.scopes}: ${problem}`);
	if (!scopes.includes('openid')) {
		throw fail(SIGN_IN_SETTINGS.scopes, `${SIGN_IN_SETTINGS.scopes} must include openid, which Adobe requires for sign-in.`);
	}
	return { clientId, redirectUri: url.toString(), scopes };
}

/** An IMS on this computer (an emulator), never Adobe's. */
function isLocalIms(imsBaseUrl: string | undefined): boolean {
	try {
		return imsBaseUrl !== undefined && isLoopbackHost(new URL(imsBaseUrl).hostname);
	} catch {
		return false;
	}
}

/** A comma- or space-separated string or a list, as scopes; undefined when empty. */
export function scopeList(value: unknown): string[] | undefined {
	const parts = Array.isArray(value)
		? value.filter((s): s is string => typeof s === 'string')
		: typeof value === 'string'
			? value.split(/[\s,]+/)
			: [];
	const scopes = [...new Set(parts.map((s) => s.trim()).filter(Boolean))];
	return scopes.length ? scopes : undefined;
}
