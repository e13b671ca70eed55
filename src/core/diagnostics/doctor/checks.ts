/**
 * The doctor's checks, as a table: each entry says what it needs from the checks before it, when it
 * applies, and how it runs; runDoctor (run.ts) goes through them in order. A new check is one entry
 * here (and its id in FINDING_IDS).
 */
import { API_KINDS, ApiKind, otherDocumentedScopes } from '../../credentials/apiKinds';
import { CloudStorageClient } from '../../storage/client';
import { validateClientId, validateClientSecret, validateScopes } from '../../credentials/fields';
import { PRODUCTION_ENDPOINTS, fireflyServicesBases } from '../../common/endpoints';
import { AdobeApiError, AdobeService, SERVICE_SETTINGS, toAdobeApiError } from '../../common/errors';
import { formatMoment, formatWhen } from '../../common/format';
import type { Clock } from '../../common/logger';
import { ApiCaller, CallerSource, withFreshTokenOnce } from '../../common/caller';
import { gatewayMessage } from '../../common/adobeAnswers';
import { EndpointCheck, PROBE_NAMES, PROBE_PATHS, ProbeTarget, checkEndpoints, probeEndpoint } from '../endpointProbes';
import { decodeTokenClaims, missingScopes, scopesEveryGuideAsks } from '../../tokens/tokenClaims';
import type { StoredToken } from '../../tokens/tokenManager';
import { VerificationOutcome, verifyCredential } from '../verify';
import {
	API_GUIDE_URLS,
	IMS_REFERENCE_URL,
	S2S_IMPLEMENTATION_URL,
	apiName,
	errorFields,
	invalidScope,
	signedInTokenFailure,
	technicalAccount,
	tokenFailure,
	unreachable,
	userStorageAccess,
	verifyFailure,
} from './advice';
import type { DoctorClients, DoctorDeps, DoctorProfile, Draft, FindingId } from './types';

/** Which API endpoint a profile's verification call goes to (core/diagnostics/verify.ts): the one its "endpoints" check must reach. */
const PROBE_OF_KIND: Partial<Record<ApiKind, ProbeTarget>> = { cloudStorage: 'cloudStorage', photoshop: 'photoshopV2', firefly: 'firefly' };

/**
 * What the checks found so far, for the checks after them. A check runs only when no check before
 * it stopped the run, so what those found is there (the `!`s below).
 */
export interface DoctorState {
	readonly deps: DoctorDeps;
	readonly clock: Clock;
	readonly signal?: AbortSignal;
	/** settings: the clients for the current settings, and the IMS the profile asks for tokens. */
	clients?: DoctorClients;
	profileIms?: string;
	/** ims-reachable: the configured endpoints' probes; `endpoints` (the report's) adds the profile's own IMS when it differs. */
	probes?: EndpointCheck[];
	endpoints: EndpointCheck[];
	imsReachable?: boolean;
	/** credential: the profile's Client ID. */
	clientId?: string;
	/** token: the token manager's token, or IMS's refusal of the scopes (the scopes check explains it). */
	token?: StoredToken;
	scopeError?: AdobeApiError;
	/** verify: the token source the calls use, and the verification's outcome. */
	caller?: CallerSource;
	outcome?: VerificationOutcome;
}

/** A finding without its id and title; `stop`: the reason every later check is skipped (this one's failure makes them pointless). */
export type CheckResult = Draft & { stop?: string };

/**
 * One check of the doctor: a new check is one entry of CHECKS. As the strategies of VS Code's
 * github-authentication (extensions/github-authentication/src/flows.ts, each IFlow with the options
 * it supports) and this repository's VERIFIERS (core/diagnostics/verify.ts).
 */
export interface DoctorCheck {
	readonly id: FindingId;
	/** What it needs that an earlier check found out: when missing, the reason this and every later check are skipped (asked before its progress step). */
	needs?(state: DoctorState): string | undefined;
	/** Whether it applies to this profile and what the earlier checks found: when not, the reason it alone is skipped (asked after its progress step). */
	supports?(state: DoctorState): string | undefined;
	run(state: DoctorState): Promise<CheckResult> | CheckResult;
}

const NO_TOKEN = 'Not checked: there is no token.';

/** The checks, in the order they run (FINDING_IDS). */
export const CHECKS: readonly DoctorCheck[] = [
	{
		// The endpoint settings.
		id: 'settings',
		run(state) {
			const { profile } = state.deps;
			let clients: DoctorClients;
			try {
				clients = state.deps.clients();
			} catch (error) {
				const e = toAdobeApiError(error);
				if (e.kind !== 'config') throw error;
				return {
					status: 'fail',
					detail: e.message,
					cause: 'A setting has a value the extension cannot use, so nothing was sent.',
					fix: `Open Settings and correct ${e.setting ?? 'the setting'}, or clear it to use Adobe's production URL.`,
					docs: IMS_REFERENCE_URL,
					error: errorFields(e),
					stop: 'Not checked: the endpoint settings must be fixed first.',
				};
			}
			const { endpoints } = clients;
			const profileIms = profile?.imsBaseUrl(endpoints.ims) ?? endpoints.ims;
			state.clients = clients;
			state.profileIms = profileIms;
			const bases = fireflyServicesBases(endpoints);
			const custom = (Object.keys(PRODUCTION_ENDPOINTS) as AdobeService[]).filter((s) => endpoints[s] !== PRODUCTION_ENDPOINTS[s]);
			return {
				status: 'pass',
				detail:
					`IMS ${endpoints.ims}, Photoshop API v2 ${bases.photoshopV2}, Firefly API ${bases.firefly}, Cloud Storage ${endpoints.cloudStorage}, the Photoshop v1 hello ${endpoints.photoshop}` +
					(profileIms !== endpoints.ims ? `; profile "${profile?.name}" asks IMS at ${profileIms}` : '') +
					(custom.length > 0 ? ` (${custom.map((s) => SERVICE_SETTINGS[s]).join(', ')} not Adobe's production URL).` : '.'),
			};
		},
	},
	{
		// Reachability: unauthenticated probes, the profile's own IMS among them.
		id: 'ims-reachable',
		async run(state) {
			const clients = state.clients!;
			const { endpoints } = clients;
			const profileIms = state.profileIms!;
			const { signal } = state;
			const [probes, ownIms] = await Promise.all([
				checkEndpoints(clients.http, endpoints, signal),
				profileIms !== endpoints.ims ? probeEndpoint(clients.http, 'ims', `${profileIms}${PROBE_PATHS.ims}`, signal) : undefined,
			]);
			const allProbes = ownIms ? [...probes, ownIms] : probes;
			const imsProbe = ownIms ?? probes.find((p) => p.target === 'ims')!;
			const imsReachable = imsProbe.reachable;
			state.probes = probes;
			state.endpoints = allProbes;
			state.imsReachable = imsReachable;
			return imsReachable ? { status: 'pass', detail: imsProbe.message } : unreachable(imsProbe);
		},
	},
	{
		id: 'endpoints',
		run(state) {
			const { profile } = state.deps;
			const probes = state.probes!;
			const needed = profile ? PROBE_OF_KIND[profile.apiKind] : undefined;
			const apiProbes = probes.filter((p) => p.target !== 'ims');
			const down = apiProbes.filter((p) => !p.reachable);
			if (down.length === 0) {
				return { status: 'pass', detail: apiProbes.map((p) => p.message).join(' ') };
			}
			const first = unreachable(down[0]);
			return {
				...first,
				// Without a profile there is no telling which API will be needed.
				status: !needed || down.some((p) => p.target === needed) ? 'fail' : 'warn',
				detail:
					apiProbes.map((p) => p.message).join(' ') +
					(needed && !down.some((p) => p.target === needed)
						? ` This profile's API does not call ${down.map((p) => PROBE_NAMES[p.target]).join(' or ')}.`
						: ''),
			};
		},
	},
	{
		// The credential, checked locally.
		id: 'credential',
		async run(state) {
			const { profile } = state.deps;
			if (!profile) {
				return {
					status: 'fail',
					detail: 'No profile is active, so there is no credential to check.',
					cause: 'Check Setup verifies the active profile; none has been added yet.',
					fix: "Add Profile with the Client ID and Client Secret of your Developer Console project's OAuth Server-to-Server credential, or Import Credentials from its JSON or a .env file.",
					docs: S2S_IMPLEMENTATION_URL,
					error: { kind: 'invalidInput', code: 'no_profile' },
					stop: 'Not checked: there is no profile.',
				};
			}
			const profileIms = state.profileIms!;
			let clientId: string;
			try {
				const credential = await profile.credential();
				clientId = credential.clientId;
				const problem =
					validateClientId(credential.clientId) ??
					(profile.signedIn ? undefined : validateClientSecret(credential.clientSecret)) ??
					validateScopes(profile.scopes);
				if (problem) {
					return {
						status: 'fail',
						detail: problem,
						cause: 'A field of the profile is not in the shape Adobe issues it, so IMS would refuse it.',
						fix: 'Edit Profile and paste the field again from the Developer Console: Projects → your project → the OAuth Server-to-Server credential (Client ID, Retrieve client secret, Scopes).',
						docs: S2S_IMPLEMENTATION_URL,
						error: { kind: 'invalidInput', service: 'ims', code: 'missing_credential' },
						stop: 'Not checked: the credential must be fixed first.',
					};
				}
			} catch (error) {
				const e = toAdobeApiError(error);
				if (e.kind === 'cancelled') throw e;
				return {
					status: 'fail',
					detail: e.message,
					cause: "The profile's credential could not be read from VS Code's secret storage (the OS keychain).",
					fix: 'Unlock the keychain and run Check Setup again; if the profile was removed in another window, select another.',
					error: errorFields(e),
					stop: 'Not checked: the credential could not be read.',
				};
			}
			state.clientId = clientId;
			return {
				status: 'pass',
				detail: profile.signedIn
					? `Signed in with Adobe through the public client ${clientId} (sent as x-api-key; no Client Secret), with the scopes ${profile.scopes.join(',')}; tokens from ${profileIms}, renewed by the sign-in.`
					: `Client ID ${clientId} (sent as x-api-key), a Client Secret, and the scopes ${profile.scopes.join(',')} for the ${apiName(profile.apiKind)}; tokens from ${profileIms}.`,
			};
		},
	},
	{
		// A token (the token manager's) and the scopes IMS accepts.
		id: 'token',
		needs: (state) =>
			state.imsReachable ? undefined : 'Not checked: Adobe IMS could not be reached, so no token could be had. Fix that first.',
		async run(state) {
			const profile = state.deps.profile!;
			const { clock, signal } = state;
			const started = clock.now();
			let token: StoredToken;
			try {
				token = await profile.token({ forceRefresh: false, signal });
			} catch (error) {
				const e = toAdobeApiError(error);
				if (e.kind === 'cancelled') throw e;
				if (e.code === 'invalid_scope') {
					// The scopes check, next, says what IMS refused, then stops the run.
					state.scopeError = e;
					return {
						status: 'fail',
						detail: 'Adobe IMS accepted the Client ID and Client Secret but refused the scopes, so it gave no token (see the next check).',
						error: errorFields(e),
					};
				}
				return {
					...(profile.signedIn && e.kind !== 'network' && e.kind !== 'timeout' ? signedInTokenFailure(e) : tokenFailure(e)),
					stop: NO_TOKEN,
				};
			}
			state.token = token;
			const reused = token.obtainedAt < started;
			return {
				status: 'pass',
				// Moments as every tooltip writes them (core/common/format.ts), not in UTC: the report is read beside them.
				detail: `${reused ? `A token obtained ${formatMoment(token.obtainedAt, state.clock.now())} is still valid, so IMS was not asked for another` : 'Adobe IMS issued a token just now'}; it expires ${formatWhen(token.expiresAt, state.clock.now())}.`,
			};
		},
	},
	{
		id: 'scopes',
		run(state) {
			const profile = state.deps.profile!;
			if (state.scopeError) return { ...invalidScope(state.scopeError, profile), stop: NO_TOKEN };
			return scopesAccepted(profile);
		},
	},
	{
		// The token's claims, read locally.
		id: 'token-decoded',
		run: (state) => decodedFinding(state.token!, state.clientId!, state.deps.profile!.apiKind, state.clock.now()),
	},
	{
		// The API kind's verification call.
		id: 'verify',
		async run(state) {
			const profile = state.deps.profile!;
			const clientId = state.clientId!;
			const { clock, signal } = state;
			const caller: CallerSource = async (forceRefresh) => ({
				accessToken: (await profile.token({ forceRefresh, signal })).accessToken,
				clientId,
			});
			const outcome = await verifyCredential({ ...state.clients!, clock }, profile.apiKind, caller, signal);
			state.caller = caller;
			state.outcome = outcome;
			if (!outcome.call) {
				return { status: 'skipped', detail: outcome.message ?? 'Adobe documents no verification call for this API.' };
			}
			if (outcome.ok) {
				return { status: 'pass', detail: `${outcome.call} → HTTP ${outcome.status} in ${outcome.latencyMs} ms. ${outcome.proves}` };
			}
			return verifyFailure(
				outcome.error ??
					new AdobeApiError(outcome.message ?? 'The verification call failed.', {
						kind: 'http',
						status: outcome.status,
						code: outcome.code,
					}),
				outcome.call,
				profile.apiKind,
			);
		},
	},
	{
		// Cloud Storage: the Technical Account's access.
		id: 'storage',
		supports(state) {
			const profile = state.deps.profile!;
			const outcome = state.outcome!;
			if (profile.apiKind !== 'cloudStorage') {
				return `Not checked: this is a ${API_KINDS[profile.apiKind].label} profile; Cloud Storage is checked for Cloud Storage profiles.`;
			}
			// Only Cloud Storage's own 403 (access_error) is worth listing again: it is the Technical Account's.
			const storageRefusal = outcome.status === 403 && !gatewayMessage(outcome.code);
			return outcome.ok || storageRefusal ? undefined : 'Not checked: the verification call failed first.';
		},
		run: (state) => storageFinding(state.clients!.cloudStorage, state.caller!, state.signal, state.deps.profile!.signedIn === true),
	},
];

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
		`${claims.issuer ? `, issued by ${claims.issuer}` : ''}${claims.createdAt !== undefined ? `, created ${formatMoment(claims.createdAt, now)}` : ''}` +
		`${claims.expiresAt !== undefined ? `, expires ${formatMoment(claims.expiresAt, now)}` : ''}.`;
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
