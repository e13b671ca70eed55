/**
 * The setup doctor: checks, in order, what has to be right for the active profile to work, and
 * says of each failure its likely cause and fix in Adobe's words, with Adobe's page. One operation
 * for every front door (Check Setup's report, the scripted command); its dependencies come in as
 * arguments. Checks after a failure that makes them pointless are `skipped`, with the reason.
 * Tokens come from the token manager (the cached one while it is usable), so the doctor mints no
 * extra token; no finding ever holds a token or the client secret.
 */
import { API_KINDS, ApiKind, otherDocumentedScopes } from '../credentials/apiKinds';
import { CloudStorageClient } from '../storage/client';
import { validateClientId, validateClientSecret, validateScopes } from '../credentials/fields';
import { Endpoints, PRODUCTION_ENDPOINTS, fireflyServicesBases } from '../common/endpoints';
import {
	AdobeApiError,
	AdobeErrorKind,
	AdobeService,
	NetworkProblem,
	SERVICE_NAMES,
	SERVICE_SETTINGS,
	toAdobeApiError,
} from '../common/errors';
import { HttpClient } from '../common/http';
import { Clock, Logger, silentLogger, systemClock } from '../common/logger';
import { PhotoshopClient } from '../photoshop/client';
import { ApiCaller, withFreshTokenOnce } from '../common/caller';
import { FIREFLY_ACCESS_ERRORS, FireflyAccessError, gatewayMessage } from '../common/adobeAnswers';
import { EndpointCheck, PROBE_NAMES, PROBE_PATHS, ProbeTarget, checkEndpoints, probeEndpoint } from './endpointProbes';
import { TECHNICAL_ACCOUNT_FIX, TECHNICAL_ACCOUNT_SETUP_URL } from '../storage/queries';
import { decodeTokenClaims, missingScopes, scopesEveryGuideAsks } from '../tokens/tokenClaims';
import type { StoredToken } from '../tokens/tokenManager';
import { CallerSource, verifyCredential } from './verify';

export type FindingStatus = 'pass' | 'fail' | 'warn' | 'skipped';

/** Stable ids, in the order the checks run. */
export const FINDING_IDS = [
	'settings',
	'ims-reachable',
	'endpoints',
	'credential',
	'token',
	'scopes',
	'token-decoded',
	'verify',
	'storage',
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

export const FINDING_TITLES: Record<FindingId, string> = {
	settings: 'Endpoint settings valid',
	'ims-reachable': 'Adobe IMS reachable',
	endpoints: 'API endpoints reachable',
	credential: 'Credential well-formed',
	token: 'Token obtainable',
	scopes: 'Scopes accepted',
	'token-decoded': 'Token has what the API needs',
	verify: 'API verification call accepted',
	storage: 'Cloud Storage projects listed',
};

/** What Adobe answered for a failure: for a fix to offer, and for Adobe support (the request id). */
export interface FindingError {
	kind: AdobeErrorKind;
	service?: AdobeService;
	status?: number;
	code?: string;
	requestId?: string;
	setting?: string;
}

export interface Finding {
	id: FindingId;
	title: string;
	status: FindingStatus;
	/** What was found; for `skipped`, why the check did not run. */
	detail: string;
	cause?: string;
	fix?: string;
	/** Adobe's page for the fix. */
	docs?: string;
	error?: FindingError;
	/** token-decoded: the claims read from the token (never the token or its signature). */
	claims?: { clientId?: string; scopes: string[]; type?: string; issuer?: string; createdAt?: string; expiresAt?: string };
}

export interface DoctorReport {
	/** The active profile's name; absent when there is none. */
	profile?: string;
	apiKind?: ApiKind;
	/** True when no finding failed (warnings allowed). */
	ok: boolean;
	findings: Finding[];
	/** The raw endpoint probes (configured endpoints, then the profile's own IMS when it differs). */
	endpoints: EndpointCheck[];
}

export interface DoctorClients {
	readonly endpoints: Endpoints;
	readonly http: HttpClient;
	readonly cloudStorage: CloudStorageClient;
	readonly photoshop: PhotoshopClient;
}

export interface DoctorProfile {
	name: string;
	apiKind: ApiKind;
	scopes: string[];
	/** The IMS this profile asks for tokens (its environment, resolved against the IMS setting). */
	imsBaseUrl(configuredIms: string): string;
	/** A user signed in with Adobe (a public client's session: no Client Secret, tokens from the sign-in). */
	signedIn?: boolean;
}

export interface DoctorDeps {
	/** The clients for the current settings; throws a config error naming a bad setting. */
	clients(): DoctorClients;
	/** The active profile and access to its credential and tokens; absent when there is none. */
	profile?: DoctorProfile & {
		credential(): Promise<{ clientId: string; clientSecret: string }>;
		/** Through the token manager: the cached token while usable; a new one with forceRefresh. */
		token(options: { forceRefresh: boolean; signal?: AbortSignal }): Promise<StoredToken>;
	};
	clock?: Clock;
	logger?: Logger;
	/** Called before each check runs, with its title (for a progress notification). */
	onStep?(title: string): void;
	signal?: AbortSignal;
}

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
const API_GUIDE_URLS: Partial<Record<ApiKind, string>> = {
	cloudStorage: 'https://developer.adobe.com/cloud-storage/guides/getting-started/authentication',
	photoshop: 'https://developer.adobe.com/firefly-services/docs/photoshop/getting-started/',
	firefly: 'https://developer.adobe.com/firefly-services/docs/firefly-api/getting-started/',
};

/** The API's name for a sentence: "Photoshop API", "Cloud Storage and Collaboration API". */
function apiName(kind: ApiKind): string {
	const label = API_KINDS[kind].label;
	return label.endsWith(' API') ? label : `${label} API`;
}

/** Which API endpoint a profile's verification call goes to (core/diagnostics/verify.ts): the one its "endpoints" check must reach. */
const PROBE_OF_KIND: Partial<Record<ApiKind, ProbeTarget>> = { cloudStorage: 'cloudStorage', photoshop: 'photoshopV2', firefly: 'firefly' };

type Draft = Omit<Finding, 'id' | 'title'>;

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
	const clock = deps.clock ?? systemClock;
	const logger = deps.logger ?? silentLogger;
	const { signal, profile } = deps;
	const findings: Finding[] = [];
	const report = (endpoints: EndpointCheck[]): DoctorReport => ({
		...(profile ? { profile: profile.name, apiKind: profile.apiKind } : {}),
		ok: findings.every((f) => f.status !== 'fail'),
		findings,
		endpoints,
	});
	const record = (id: FindingId, draft: Draft) => {
		const finding: Finding = { id, title: FINDING_TITLES[id], ...draft };
		findings.push(finding);
		logger.info(`[doctor] ${finding.status} ${id}: ${finding.detail}`);
		return finding;
	};
	/** Every check not yet recorded is skipped, for this reason. */
	const skipRest = (reason: string) => {
		for (const id of FINDING_IDS) if (!findings.some((f) => f.id === id)) record(id, { status: 'skipped', detail: reason });
	};
	const step = (id: FindingId) => {
		if (signal?.aborted) throw new AdobeApiError('Check Setup was cancelled.', { kind: 'cancelled' });
		deps.onStep?.(FINDING_TITLES[id]);
	};

	// 1. The endpoint settings.
	step('settings');
	let clients: DoctorClients;
	try {
		clients = deps.clients();
	} catch (error) {
		const e = toAdobeApiError(error);
		if (e.kind !== 'config') throw error;
		record('settings', {
			status: 'fail',
			detail: e.message,
			cause: 'A setting has a value the extension cannot use, so nothing was sent.',
			fix: `Open Settings and correct ${e.setting ?? 'the setting'}, or clear it to use Adobe's production URL.`,
			docs: IMS_REFERENCE_URL,
			error: errorFields(e),
		});
		skipRest('Not checked: the endpoint settings must be fixed first.');
		return report([]);
	}
	const { endpoints } = clients;
	const profileIms = profile?.imsBaseUrl(endpoints.ims) ?? endpoints.ims;
	const bases = fireflyServicesBases(endpoints);
	const custom = (Object.keys(PRODUCTION_ENDPOINTS) as AdobeService[]).filter((s) => endpoints[s] !== PRODUCTION_ENDPOINTS[s]);
	record('settings', {
		status: 'pass',
		detail:
			`IMS ${endpoints.ims}, Photoshop API v2 ${bases.photoshopV2}, Firefly API ${bases.firefly}, Cloud Storage ${endpoints.cloudStorage}, the Photoshop v1 hello ${endpoints.photoshop}` +
			(profileIms !== endpoints.ims ? `; profile "${profile?.name}" asks IMS at ${profileIms}` : '') +
			(custom.length > 0 ? ` (${custom.map((s) => SERVICE_SETTINGS[s]).join(', ')} not Adobe's production URL).` : '.'),
	});

	// 2. Reachability: unauthenticated probes, the profile's own IMS among them.
	step('ims-reachable');
	const [probes, ownIms] = await Promise.all([
		checkEndpoints(clients.http, endpoints, signal),
		profileIms !== endpoints.ims ? probeEndpoint(clients.http, 'ims', `${profileIms}${PROBE_PATHS.ims}`, signal) : undefined,
	]);
	const allProbes = ownIms ? [...probes, ownIms] : probes;
	const imsProbe = ownIms ?? probes.find((p) => p.target === 'ims')!;
	const imsReachable = imsProbe.reachable;
	record('ims-reachable', imsReachable ? { status: 'pass', detail: imsProbe.message } : unreachable(imsProbe));

	step('endpoints');
	const needed = profile ? PROBE_OF_KIND[profile.apiKind] : undefined;
	const apiProbes = probes.filter((p) => p.target !== 'ims');
	const down = apiProbes.filter((p) => !p.reachable);
	if (down.length === 0) {
		record('endpoints', { status: 'pass', detail: apiProbes.map((p) => p.message).join(' ') });
	} else {
		const first = unreachable(down[0]);
		record('endpoints', {
			...first,
			// Without a profile there is no telling which API will be needed.
			status: !needed || down.some((p) => p.target === needed) ? 'fail' : 'warn',
			detail:
				apiProbes.map((p) => p.message).join(' ') +
				(needed && !down.some((p) => p.target === needed)
					? ` This profile's API does not call ${down.map((p) => PROBE_NAMES[p.target]).join(' or ')}.`
					: ''),
		});
	}

	// 3. The credential, checked locally.
	step('credential');
	if (!profile) {
		record('credential', {
			status: 'fail',
			detail: 'No profile is active, so there is no credential to check.',
			cause: 'Check Setup verifies the active profile; none has been added yet.',
			fix: "Add Profile with the Client ID and Client Secret of your Developer Console project's OAuth Server-to-Server credential, or Import Credentials from its JSON or a .env file.",
			docs: S2S_IMPLEMENTATION_URL,
			error: { kind: 'invalidInput', code: 'no_profile' },
		});
		skipRest('Not checked: there is no profile.');
		return report(allProbes);
	}
	const label = API_KINDS[profile.apiKind].label;
	let clientId: string;
	try {
		const credential = await profile.credential();
		clientId = credential.clientId;
		const problem =
			validateClientId(credential.clientId) ??
			(profile.signedIn ? undefined : validateClientSecret(credential.clientSecret)) ??
			validateScopes(profile.scopes);
		if (problem) {
			record('credential', {
				status: 'fail',
				detail: problem,
				cause: 'A field of the profile is not in the shape Adobe issues it, so IMS would refuse it.',
				fix: 'Edit Profile and paste the field again from the Developer Console: Projects → your project → the OAuth Server-to-Server credential (Client ID, Retrieve client secret, Scopes).',
				docs: S2S_IMPLEMENTATION_URL,
				error: { kind: 'invalidInput', service: 'ims', code: 'missing_credential' },
			});
			skipRest('Not checked: the credential must be fixed first.');
			return report(allProbes);
		}
	} catch (error) {
		const e = toAdobeApiError(error);
		if (e.kind === 'cancelled') throw e;
		record('credential', {
			status: 'fail',
			detail: e.message,
			cause: "The profile's credential could not be read from VS Code's secret storage (the OS keychain).",
			fix: 'Unlock the keychain and run Check Setup again; if the profile was removed in another window, select another.',
			error: errorFields(e),
		});
		skipRest('Not checked: the credential could not be read.');
		return report(allProbes);
	}
	record('credential', {
		status: 'pass',
		detail: profile.signedIn
			? `Signed in with Adobe through the public client ${clientId} (sent as x-api-key; no Client Secret), with the scopes ${profile.scopes.join(',')}; tokens from ${profileIms}, renewed by the sign-in.`
			: `Client ID ${clientId} (sent as x-api-key), a Client Secret, and the scopes ${profile.scopes.join(',')} for the ${apiName(profile.apiKind)}; tokens from ${profileIms}.`,
	});

	if (!imsReachable) {
		skipRest('Not checked: Adobe IMS could not be reached, so no token could be had. Fix that first.');
		return report(allProbes);
	}

	// 4. A token (the token manager's) and the scopes IMS accepts.
	step('token');
	const started = clock.now();
	let token: StoredToken;
	try {
		token = await profile.token({ forceRefresh: false, signal });
	} catch (error) {
		const e = toAdobeApiError(error);
		if (e.kind === 'cancelled') throw e;
		if (e.code === 'invalid_scope') {
			record('token', {
				status: 'fail',
				detail: 'Adobe IMS accepted the Client ID and Client Secret but refused the scopes, so it gave no token (see the next check).',
				error: errorFields(e),
			});
			step('scopes');
			record('scopes', invalidScope(e, profile));
		} else {
			record('token', profile.signedIn && e.kind !== 'network' && e.kind !== 'timeout' ? signedInTokenFailure(e) : tokenFailure(e));
		}
		skipRest('Not checked: there is no token.');
		return report(allProbes);
	}
	const reused = token.obtainedAt < started;
	record('token', {
		status: 'pass',
		detail: `${reused ? `A token obtained ${new Date(token.obtainedAt).toISOString()} is still valid, so IMS was not asked for another` : 'Adobe IMS issued a token just now'}; it expires ${new Date(token.expiresAt).toISOString()}.`,
	});
	step('scopes');
	record('scopes', scopesAccepted(profile));

	// 5. The token's claims, read locally.
	step('token-decoded');
	record('token-decoded', decodedFinding(token, clientId, profile.apiKind, clock.now()));

	// 6. The API kind's verification call.
	step('verify');
	const caller: CallerSource = async (forceRefresh) => ({
		accessToken: (await profile.token({ forceRefresh, signal })).accessToken,
		clientId,
	});
	const outcome = await verifyCredential({ ...clients, clock }, profile.apiKind, caller, signal);
	if (!outcome.call) {
		record('verify', { status: 'skipped', detail: outcome.message ?? 'Adobe documents no verification call for this API.' });
	} else if (outcome.ok) {
		record('verify', { status: 'pass', detail: `${outcome.call} → HTTP ${outcome.status} in ${outcome.latencyMs} ms. ${outcome.proves}` });
	} else {
		record(
			'verify',
			verifyFailure(
				outcome.error ??
					new AdobeApiError(outcome.message ?? 'The verification call failed.', {
						kind: 'http',
						status: outcome.status,
						code: outcome.code,
					}),
				outcome.call,
				profile.apiKind,
			),
		);
	}

	// 7. Cloud Storage: the Technical Account's access.
	step('storage');
	if (profile.apiKind !== 'cloudStorage') {
		record('storage', {
			status: 'skipped',
			detail: `Not checked: this is a ${label} profile; Cloud Storage is checked for Cloud Storage profiles.`,
		});
	} else if (!outcome.ok && !(outcome.status === 403 && !gatewayMessage(outcome.code))) {
		// Only Cloud Storage's own 403 (access_error) is worth listing again: it is the Technical Account's.
		record('storage', { status: 'skipped', detail: 'Not checked: the verification call failed first.' });
	} else {
		record('storage', await storageFinding(clients.cloudStorage, caller, signal, profile.signedIn === true));
	}
	return report(allProbes);
}

function errorFields(e: AdobeApiError): FindingError {
	const fields: FindingError = { kind: e.kind };
	if (e.service) fields.service = e.service;
	if (e.status !== undefined) fields.status = e.status;
	if (e.code) fields.code = e.code;
	if (e.requestId) fields.requestId = e.requestId;
	if (e.setting) fields.setting = e.setting;
	return fields;
}

/** Why a connection fails, and what to do, by where it failed. */
function networkAdvice(problem: NetworkProblem | 'timeout' | undefined, service: AdobeService): { cause: string; fix: string } {
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

function unreachable(probe: EndpointCheck): Draft {
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

function tokenFailure(e: AdobeApiError): Draft {
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

function invalidScope(e: AdobeApiError, profile: DoctorProfile): Draft {
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

function scopesAccepted(profile: DoctorProfile): Draft {
	const info = API_KINDS[profile.apiKind];
	const asked = profile.scopes.join(',');
	const others = otherDocumentedScopes(profile.apiKind, profile.scopes);
	const matching = info.documentedScopes.find((set) => !others.includes(set));
	if (info.documentedScopes.length === 0) {
		return {
			status: 'pass',
			detail: `IMS granted a token for ${asked}. Adobe publishes no scope list for the ${apiName(profile.apiKind)} to compare them with.`,
		};
	}
	if (matching) {
		return {
			status: 'pass',
			detail: `IMS granted a token for ${asked}, the scopes of Adobe's ${matching.label} for the ${apiName(profile.apiKind)}.`,
		};
	}
	return {
		status: 'pass',
		detail: `IMS granted a token for ${asked}. Adobe's guides for the ${apiName(profile.apiKind)} ask for ${info.documentedScopes.map((s) => s.scopes.join(',')).join(' or ')}; other scopes are fine when they are the ones on your Developer Console credential.`,
	};
}

function decodedFinding(token: StoredToken, clientId: string, apiKind: ApiKind, now: number): Draft {
	const claims = decodeTokenClaims(token.accessToken);
	if (!claims) {
		return {
			status: 'warn',
			detail:
				'The token is not a JWT whose claims can be read here, so nothing was compared. IMS access tokens are JWTs; a token from elsewhere (a proxy, a custom IMS) may not be.',
		};
	}
	const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());
	const shown = {
		clientId: claims.clientId,
		scopes: claims.scopes,
		type: claims.type,
		issuer: claims.issuer,
		createdAt: iso(claims.createdAt),
		expiresAt: iso(claims.expiresAt),
	};
	const read =
		`Read locally, no call made (the signature is not shown or checked): client_id ${claims.clientId ?? '(none)'}, type ${claims.type ?? '(none)'}, scopes ${claims.scopes.join(',') || '(none)'}` +
		`${claims.issuer ? `, issued by ${claims.issuer}` : ''}${shown.createdAt ? `, created ${shown.createdAt}` : ''}${shown.expiresAt ? `, expires ${shown.expiresAt}` : ''}.`;
	const perApi = (Object.keys(API_KINDS) as ApiKind[])
		.filter((kind) => scopesEveryGuideAsks(kind).length > 0)
		.map((kind) => {
			const lacks = missingScopes(kind, claims.scopes);
			return `${API_KINDS[kind].label}: ${lacks.length === 0 ? 'has the scopes its guides ask for' : `lacks ${lacks.join(',')}`}`;
		})
		.join('; ');
	const detail = `${read} ${perApi}.`;
	const base = { detail, claims: shown };
	if (claims.clientId !== undefined && claims.clientId !== clientId) {
		return {
			...base,
			status: 'fail',
			cause: `The token was issued to Client ID ${claims.clientId}, not this profile's: a token kept from before the credential changed. Adobe's guides send the token and the x-api-key of one credential; this token would act with the other credential's APIs and product profiles.`,
			fix: 'Refresh Token to get one for this credential.',
		};
	}
	if (claims.expiresAt !== undefined && claims.expiresAt <= now) {
		return {
			...base,
			status: 'fail',
			cause: "By its own claims the token has expired (the computer's clock may also be wrong).",
			fix: 'Refresh Token; if it keeps happening, check the system clock.',
		};
	}
	if (claims.type !== undefined && claims.type !== 'access_token') {
		return {
			...base,
			status: 'warn',
			cause: `This is an IMS "${claims.type}", not an access token; Adobe's APIs take access tokens.`,
			fix: 'Refresh Token.',
		};
	}
	const lacks = missingScopes(apiKind, claims.scopes);
	if (lacks.length > 0) {
		return {
			...base,
			status: 'warn',
			cause: `Every Adobe guide for the ${apiName(apiKind)} asks for ${scopesEveryGuideAsks(apiKind).join(',')}; without ${lacks.join(',')} the gateway may answer 403011 (Scope mismatch).`,
			fix: `Edit Profile → Scopes: use the scopes on your Developer Console credential (Adobe's guide: ${API_KINDS[apiKind].defaultScopes.join(',')}), then Refresh Token.`,
			docs: API_GUIDE_URLS[apiKind],
		};
	}
	return { ...base, status: 'pass' };
}

function verifyFailure(e: AdobeApiError, call: string, apiKind: ApiKind): Draft {
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

function technicalAccount(detail: string, error?: FindingError, status: FindingStatus = 'fail'): Draft {
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
function signedInTokenFailure(e: AdobeApiError): Draft {
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
function userStorageAccess(detail: string, error?: FindingError, status: FindingStatus = 'fail'): Draft {
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

/** Lists one project, then one item of it: a Technical Account (or user) without storage access sees nothing or gets 403. */
async function storageFinding(
	storage: CloudStorageClient,
	caller: CallerSource,
	signal: AbortSignal | undefined,
	signedIn: boolean,
): Promise<Draft> {
	const noAccess = signedIn ? userStorageAccess : technicalAccount;
	// A token IMS refused is not asked for again; an API's 401 gets one fresh token (core/common/caller.ts).
	const withRetry = <T>(call: (c: ApiCaller) => Promise<T>): Promise<T> => withFreshTokenOnce(caller, call, { signal });
	try {
		const projects = await withRetry((c) => storage.firstPage(c, { assetType: 'projects' }, { limit: 1, signal }));
		const first = projects.items[0];
		if (!first) {
			const who = signedIn
				? 'the signed-in account sees no projects'
				: 'this credential sees no projects. Adobe documents no 403 there; a Technical Account without storage access simply sees nothing';
			return noAccess(`GET /projects answered an empty list: ${who}.`, undefined, 'warn');
		}
		await withRetry((c) => storage.firstPage(c, { assetType: 'project', assetId: first.assetId }, { limit: 1, signal }));
		return { status: 'pass', detail: `This credential lists projects and opens them (the first, "${first.name}").` };
	} catch (error) {
		const e = toAdobeApiError(error);
		if (e.kind === 'cancelled') throw e;
		if (e.status === 403 && !gatewayMessage(e.code)) return noAccess(e.message, errorFields(e));
		return verifyFailure(e, 'Cloud Storage listing', 'cloudStorage');
	}
}
