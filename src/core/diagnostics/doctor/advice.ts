/**
 * What the doctor says about a failure: its likely cause and fix in Adobe's words, with Adobe's
 * page, by where it failed (the network, IMS, the API gateway, Cloud Storage's Technical Account).
 */
import { API_KINDS, ApiKind, otherDocumentedScopes } from '../../credentials/apiKinds';
import { AdobeApiError, AdobeService, NetworkProblem, SERVICE_NAMES, SERVICE_SETTINGS } from '../../common/errors';
import { FIREFLY_ACCESS_ERRORS, FireflyAccessError } from '../../common/adobeAnswers';
import type { EndpointCheck } from '../endpointProbes';
import { TECHNICAL_ACCOUNT_FIX, TECHNICAL_ACCOUNT_SETUP_URL } from '../../storage/queries';
import type { DoctorProfile, Draft, FindingError, FindingStatus } from './types';

// Adobe's pages, by what they explain.
/** AdobeDocs/adobe-dev-console src/pages/guides/authentication/ServerToServerAuthentication/ims.md: the token endpoint and its host. */
export const IMS_REFERENCE_URL =
	'https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/ims';
/** The same repository's implementation.md: where the Client ID, secret and scopes of a credential are. */
export const S2S_IMPLEMENTATION_URL =
	'https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/implementation';
/** The same repository's services/services-add-api-oauth-s2s.md: add an API (and product profiles) to a project. */
export const ADD_API_URL = 'https://developer.adobe.com/developer-console/docs/guides/services/services-add-api-oauth-s2s';
/** The same repository's guides/authentication/UserAuthentication/implementation.md: signing a user in, and again. */
export const USER_AUTH_URL = 'https://developer.adobe.com/developer-console/docs/guides/authentication/UserAuthentication/implementation';
/** Each API's authentication guide, which lists its scopes (the sources in apiKinds.ts). */
export const API_GUIDE_URLS: Partial<Record<ApiKind, string>> = {
	cloudStorage: 'https://developer.adobe.com/cloud-storage/guides/getting-started/authentication',
	photoshop: 'https://developer.adobe.com/firefly-services/docs/photoshop/getting-started/',
	firefly: 'https://developer.adobe.com/firefly-services/docs/firefly-api/getting-started/',
};

/** The API's name for a sentence: "Photoshop API", "Cloud Storage and Collaboration API". */
export function apiName(kind: ApiKind): string {
	const label = API_KINDS[kind].label;
	return label.endsWith(' API') ? label : `${label} API`;
}

export function errorFields(e: AdobeApiError): FindingError {
	const fields: FindingError = { kind: e.kind };
	if (e.service) fields.service = e.service;
	if (e.status !== undefined) fields.status = e.status;
	if (e.code) fields.code = e.code;
	if (e.requestId) fields.requestId = e.requestId;
	if (e.setting) fields.setting = e.setting;
	if (e.field) fields.field = e.field;
	return fields;
}

/** Why a connection fails, and what to do, by where it failed. */
export function networkAdvice(problem: NetworkProblem | 'timeout' | undefined, service: AdobeService): { cause: string; fix: string } {
	const setting = SERVICE_SETTINGS[service];
	const name = SERVICE_NAMES[service];
	switch (problem) {
		case 'dns':
			return {
				cause:
					'The host name could not be resolved: a typo in the URL, no network, or a network (a VPN, a company DNS) that resolves outside hosts only for its proxy.',
				fix: `Check ${setting} (clear it for Adobe's own URL) and your connection; behind a company proxy, set VS Code's http.proxy.`,
			};
		case 'refused':
			return {
				cause: 'Nothing accepts connections at that address and port: a wrong URL or port, or a firewall refusing it.',
				fix: `Check ${setting} (clear it for Adobe's own URL), and that a firewall lets VS Code connect to it.`,
			};
		case 'tls':
			return {
				cause: `The HTTPS (TLS) handshake with ${name} failed: the address does not speak HTTPS, or a proxy or firewall that inspects HTTPS presented its own certificate, which is not trusted here.`,
				fix: `Check that ${setting} is the service's https:// URL and port. If your company inspects HTTPS, have its root certificate trusted by the operating system (VS Code uses the system's), or ask for the Adobe hosts to be exempted.`,
			};
		case 'proxy':
			return {
				cause: `The proxy would not open a connection to ${name}: it wants credentials (HTTP 407) or blocks the host.`,
				fix: "Set VS Code's http.proxy (with user:password@ if the proxy asks for them) or HTTPS_PROXY, and ask for the Adobe hosts to be allowed.",
			};
		case 'reset':
			return {
				cause: 'The connection was cut before the answer was complete: an unstable network, or a proxy or firewall closing it.',
				fix: 'Try again; if it keeps happening, check your network and proxy.',
			};
		case 'timeout':
			return {
				cause: `${name} did not answer in time: a slow network, or a proxy that holds the connection.`,
				fix: 'Try again; on a slow network raise adobeApi.requestTimeoutSeconds.',
			};
		default:
			return { cause: 'The connection failed (see the message).', fix: `Check ${setting}, your network and proxy (VS Code's http.proxy).` };
	}
}

export function unreachable(probe: EndpointCheck): Draft {
	return {
		status: 'fail',
		detail: probe.message,
		...networkAdvice(probe.failure, probe.service),
		docs: probe.service === 'ims' ? IMS_REFERENCE_URL : undefined,
		error: {
			kind: probe.failure === 'timeout' ? 'timeout' : 'network',
			service: probe.service,
			setting: probe.failure === 'proxy' ? 'http.proxy' : SERVICE_SETTINGS[probe.service],
		},
	};
}

export function tokenFailure(e: AdobeApiError): Draft {
	const error = errorFields(e);
	if (e.kind === 'network' || e.kind === 'timeout') {
		return {
			status: 'fail',
			detail: e.message,
			...networkAdvice(e.kind === 'timeout' ? 'timeout' : e.network, 'ims'),
			docs: IMS_REFERENCE_URL,
			error,
		};
	}
	if (e.code === 'invalid_client') {
		const secret = e.detail?.includes('client_secret') === true;
		return {
			status: 'fail',
			detail: e.message,
			cause: secret
				? 'IMS knows the Client ID but not this Client Secret: it was mistyped, or the secret was rotated in the Developer Console.'
				: 'IMS does not know this Client ID: it was mistyped, copied from another field, or the credential was deleted.',
			fix: `Edit Profile and paste the ${secret ? 'Client Secret (Retrieve client secret)' : 'Client ID'} again from the Developer Console: Projects → your project → the OAuth Server-to-Server credential.`,
			docs: S2S_IMPLEMENTATION_URL,
			error,
		};
	}
	if (e.code === 'unauthorized_client') {
		return {
			status: 'fail',
			detail: e.message,
			cause:
				'IMS will not give this client a server-to-server token: the credential is not OAuth Server-to-Server, or its project has no product profile for the API ("Depending on the API … you may be asked to select product profiles to assign to your credential", Adobe\'s guide).',
			fix: "In the Developer Console, add the API to the project with an OAuth Server-to-Server credential and select its product profiles (Save configured API); then use that credential's Client ID and secret.",
			docs: ADD_API_URL,
			error,
		};
	}
	if (e.isTransient) {
		return {
			status: 'fail',
			detail: e.message,
			cause:
				'IMS is rate limiting or failing for now. "Adobe can throttle your integration if it generates too many access tokens" (Adobe\'s guide).',
			fix: 'Wait a few minutes and run Check Setup again; reuse tokens until they expire (the extension does).',
			docs: S2S_IMPLEMENTATION_URL,
			error,
		};
	}
	return {
		status: 'fail',
		detail: e.message,
		cause: 'IMS refused the token request.',
		fix: "Compare the profile with the Developer Console credential (Edit Profile), and see the log for IMS's answer.",
		docs: IMS_REFERENCE_URL,
		error,
	};
}

export function invalidScope(e: AdobeApiError, profile: DoctorProfile): Draft {
	const info = API_KINDS[profile.apiKind];
	const others = otherDocumentedScopes(profile.apiKind, profile.scopes);
	const documented = info.documentedScopes.map((set) => `${set.scopes.join(',')} (${set.label})`).join('; ');
	return {
		status: 'fail',
		detail: e.message,
		cause:
			'IMS grants a credential only the scopes of the APIs added to its project; one of the requested scopes is not among them, or is misspelt.',
		fix: documented
			? `Use the scopes shown on your Developer Console credential. Adobe's guides for the ${apiName(profile.apiKind)} ask for: ${documented}.${others.length > 0 ? ` Edit Profile → Scopes, then Check Setup again.` : ''}`
			: 'Use the scopes shown on your Developer Console credential (Edit Profile → Scopes).',
		docs: API_GUIDE_URLS[profile.apiKind] ?? S2S_IMPLEMENTATION_URL,
		error: errorFields(e),
	};
}

export function verifyFailure(e: AdobeApiError, call: string, apiKind: ApiKind): Draft {
	const label = apiName(apiKind);
	const detail = `${call} → ${e.message}`;
	const error = errorFields(e);
	if (e.kind === 'network' || e.kind === 'timeout') {
		return { status: 'fail', detail, ...networkAdvice(e.kind === 'timeout' ? 'timeout' : e.network, e.service ?? 'photoshop'), error };
	}
	// The gateway's codes (adobe-apiplatform/api-gateway-request-validation): the API key is looked up
	// together with the service it calls (key/redisApiKeyValidator.lua: "api_key:service_id"), so 403003
	// means the key is unknown for this API: the API is not in the key's project, or the key is wrong.
	// Nothing there compares the token's client with the key.
	if (e.code === '401013' || e.status === 401) {
		return {
			status: 'fail',
			detail,
			cause:
				'The API refused the token even after a fresh one: the token and the x-api-key (Client ID) come from different credentials, the token expired, or the Technical Account was revoked.',
			fix: "Refresh Token. If it persists, check in the Developer Console that this Client ID is the credential's, and in the Admin Console (Users → API Credentials) that the credential is still active.",
			docs: S2S_IMPLEMENTATION_URL,
			error,
		};
	}
	if (e.code === '403003' || e.code === '403000') {
		return {
			status: 'fail',
			detail,
			cause:
				e.code === '403000'
					? 'No API key reached the gateway: the Client ID must be sent as x-api-key (a proxy may strip it).'
					: `Adobe's gateway checks the API key against the API it guards: the ${apiName(apiKind)} is not added to the Developer Console project of this credential, or the Client ID is not that credential's.`,
			fix: `In the Developer Console, open the project, Add to Project → API → the ${apiName(apiKind)} → OAuth Server-to-Server, and select its product profiles; or paste the credential's Client ID again (Edit Profile).`,
			docs: ADD_API_URL,
			error,
		};
	}
	if (e.code === '403010') {
		return {
			status: 'fail',
			detail,
			cause: 'No token reached the gateway (Oauth token is missing): the Authorization header was not sent, or a proxy removed it.',
			fix: 'Generate Token; if a proxy is in between, make sure it forwards the Authorization header.',
			docs: S2S_IMPLEMENTATION_URL,
			error,
		};
	}
	if (e.code === '403011') {
		return {
			status: 'fail',
			detail,
			cause: `The token's scopes are not the ones the ${apiName(apiKind)} needs (Scope mismatch).`,
			fix: `Edit Profile → Scopes to match the Developer Console credential (Adobe's guide for the ${apiName(apiKind)}: ${API_KINDS[apiKind].defaultScopes.join(',')}), then Refresh Token.`,
			docs: API_GUIDE_URLS[apiKind] ?? ADD_API_URL,
			error,
		};
	}
	const access = FIREFLY_ACCESS_ERRORS.find((reason) => reason === e.code);
	if (access) return { status: 'fail', detail, ...ACCESS_ERROR_ADVICE[access](apiKind), error };
	if (apiKind === 'cloudStorage' && e.status === 403) return technicalAccount(detail, error);
	if (e.isTransient) {
		return {
			status: 'fail',
			detail,
			cause: `The ${label} is rate limiting or failing for now.`,
			fix: 'Wait a few minutes and run Check Setup again.',
			error,
		};
	}
	return {
		status: 'fail',
		detail,
		cause: `The ${label} refused the verification call.`,
		fix: 'See the message and the log (with its request id) for what Adobe answered.',
		error,
	};
}

/**
 * When the Enterprise Storage product license is there without anyone assigning it: the same guide's
 * "Technical Account product assignment" ("If the Server-to-Server credential was created using an API
 * that includes Enterprise Storage, then the Technical Account is automatically assigned the appropriate
 * product license … This is true even if an API with Enterprise Storage was added to the credential later on").
 */
export const ENTERPRISE_STORAGE_ASSIGNMENT =
	'Enterprise Storage (the Cloud Storage product profile) is assigned automatically only when the credential was created from an API that includes it; a credential created from another API needs it assigned in the Admin Console, even if such an API was added to it later.';

/** Firefly's x-access-error reasons (core/common/adobeAnswers.ts): the credential reached the API, which refused it for this reason. */
const ACCESS_ERROR_ADVICE: Record<FireflyAccessError, (apiKind: ApiKind) => Pick<Draft, 'cause' | 'fix' | 'docs'>> = {
	quota_exhausted: () => ({
		cause: "The organisation's Firefly quota is used up (x-access-error: quota_exhausted); the credential itself got through.",
		fix: 'Wait for the quota to renew, or ask your Adobe admin or Adobe representative for more.',
	}),
	user_non_entitled: (apiKind) => ({
		cause: `This credential is not entitled to the ${apiName(apiKind)} (x-access-error: user_non_entitled).`,
		fix: `In the Developer Console, Add to Project → API → the ${apiName(apiKind)} → OAuth Server-to-Server, and select its product profiles; or ask your Adobe admin for the product.`,
		docs: ADD_API_URL,
	}),
	user_profile_denied: () => ({
		cause: 'The product profile assigned to this credential does not allow the call (x-access-error: user_profile_denied).',
		fix: "Ask your Adobe admin to check the credential's product profiles in the Admin Console (Users → API Credentials → the credential → Products).",
	}),
	invalid_ims_scope: (apiKind) => ({
		cause: `The token lacks the scopes the ${apiName(apiKind)} needs (x-access-error: invalid_ims_scope).`,
		fix: `Edit Profile → Scopes to match the Developer Console credential (Adobe's guide: ${API_KINDS[apiKind].defaultScopes.join(',')}), then Refresh Token.`,
		docs: API_GUIDE_URLS[apiKind] ?? ADD_API_URL,
	}),
};

export function technicalAccount(detail: string, error?: FindingError, status: FindingStatus = 'fail'): Draft {
	return {
		status,
		detail,
		// AdobeDocs/cloud-storage src/pages/guides/getting-started/technical-account-setup.md.
		cause:
			'"API calls made using OAuth Server-to-Server are made using a Technical Account … you must configure the Technical Account permissions and product assignments to allow it to access the Adobe cloud storage content" (Adobe\'s Technical Account guide).',
		fix: `${TECHNICAL_ACCOUNT_FIX} In the Admin Console's drop-down, pick the user that maps to an Enterprise ID, not an Adobe ID. ${ENTERPRISE_STORAGE_ASSIGNMENT}`,
		docs: TECHNICAL_ACCOUNT_SETUP_URL,
		...(error ? { error } : {}),
	};
}

/** AdobeDocs/cloud-storage src/pages/guides/getting-started/authentication.md, "User Authentication". */
const CLOUD_STORAGE_USER_AUTH_URL = 'https://developer.adobe.com/cloud-storage/guides/getting-started/authentication/';

/** A signed-in user's token could not be had: the sign-in is what to repeat, not the credential to fix. */
export function signedInTokenFailure(e: AdobeApiError): Draft {
	return {
		status: 'fail',
		detail: e.message,
		cause:
			'The Adobe sign-in could not give a token: it ended (no refresh token, or the refresh token expired or was revoked), or IMS refused to renew it.',
		fix: 'Run Adobe: Sign In with Adobe again (Accounts menu or the command palette).',
		docs: USER_AUTH_URL,
		error: errorFields(e),
	};
}

/**
 * A signed-in user sees what their own roles and permissions allow ("The user's roles and
 * permissions determine what projects, folders, and files can be accessed", Adobe's Cloud Storage
 * authentication guide): the Technical Account steps do not apply.
 */
export function userStorageAccess(detail: string, error?: FindingError, status: FindingStatus = 'fail'): Draft {
	return {
		status,
		detail,
		cause:
			"Your Adobe account's roles and permissions decide which Cloud Storage projects it sees; an account without a product that uses Enterprise Storage, or not shared on any project, sees none.",
		fix: 'Ask your Adobe admin to assign you a product that uses Enterprise Storage in the Admin Console, or to share a project with you; or sign in with the account that has them.',
		docs: CLOUD_STORAGE_USER_AUTH_URL,
		...(error ? { error } : {}),
	};
}
