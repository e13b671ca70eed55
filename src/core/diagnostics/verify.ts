/**
 * Verify Credential: per API kind, the cheapest authenticated call Adobe documents, and what its
 * success proves. One operation for every front door (the palette command, the explorer row, Check
 * Setup); a rejected token is refreshed once and the call repeated.
 */
import { randomUUID } from 'node:crypto';
import { ApiKind } from '../credentials/apiKinds';
import { CloudStorageClient } from '../storage/client';
import { EMPTY_PROJECT_LIST_ADVICE } from '../storage/queries';
import { Endpoints, fireflyServicesBases } from '../common/endpoints';
export { FIREFLY_URL, fireflyServicesBases } from '../common/endpoints';
import { ApiCaller, CallerSource, withFreshTokenOnce } from '../common/caller';
import { AdobeApiError, toAdobeApiError } from '../common/errors';
import { HttpClient } from '../common/http';
import { Clock, systemClock } from '../common/logger';
import { PROBE_JOB_ID, PhotoshopClient, ProbeAnswer } from '../photoshop/client';
import { badShape, gatewayMessage, httpError, parseJson } from '../common/adobeAnswers';

const FIREFLY = 'The Firefly API';

/** A Firefly 403 without a reason header or a gateway code: a refusal all the same, so said as one. */
const UNEXPLAINED_403 =
	"The Firefly API refused to list this credential's custom models (HTTP 403) without saying why (no x-access-error reason), so it is not verified: the credential may not be entitled to the Firefly API or to custom models. Check in the Developer Console that the Firefly API is added to the credential's project with its product profile, then Check Setup.";

export interface Verification {
	apiKind: ApiKind;
	/** The request sent, e.g. "GET https://cloudstorage.adobe.io/v1/projects?limit=1"; absent when nothing was sent. */
	call?: string;
	ok: boolean;
	status?: number;
	latencyMs?: number;
	requestId?: string;
	/** On success: what it proves about the credential. */
	proves?: string;
	/** On failure, what went wrong and what to do; without a call, why there is none. */
	message?: string;
	/** Adobe's code for a failure (403003, invalid_client…), for the fix to offer. */
	code?: string;
}

/** The failure itself rides along for the front doors that offer its fixes; callers strip it before handing a result out. */
export type VerificationOutcome = Verification & { error?: AdobeApiError };

export interface VerifyDeps {
	http: HttpClient;
	endpoints: Endpoints;
	cloudStorage: CloudStorageClient;
	photoshop: PhotoshopClient;
	clock?: Clock;
}

interface Success extends ProbeAnswer {
	proves: string;
}

interface Verifier {
	url(endpoints: Endpoints): string;
	run(deps: VerifyDeps, caller: ApiCaller, signal?: AbortSignal): Promise<Success>;
}

function fireflyVerifyUrl(endpoints: Endpoints): string {
	return `${fireflyServicesBases(endpoints).firefly}/v3/custom-models?start=0&limit=1`;
}

const VERIFIERS: Record<ApiKind, Verifier | string> = {
	// GET /projects with limit 1 (shared/reference/cloud-storage/openapi.yml, getProjects: 200/401/406/422/429/500,
	// `limit` 1–100). It documents no 403: a Technical Account without access gets an empty list.
	cloudStorage: {
		url: (endpoints) => `${endpoints.cloudStorage}/projects?limit=1`,
		async run(deps, caller, signal) {
			const clock = deps.clock ?? systemClock;
			const started = clock.now();
			const page = await deps.cloudStorage.firstPage(caller, { assetType: 'projects' }, { limit: 1, signal });
			const sees = page.items.length > 0 ? 'and it sees at least one project' : `but it sees no projects. ${EMPTY_PROJECT_LIST_ADVICE}`;
			return {
				status: 200,
				latencyMs: clock.now() - started,
				proves: `Adobe Cloud Storage accepted the token and let this credential list projects, ${sees}`,
			};
		},
	},
	photoshop: {
		url: (endpoints) => `${fireflyServicesBases(endpoints).photoshopV2}/v2/status/${PROBE_JOB_ID}`,
		async run(deps, caller, signal) {
			const answer = await deps.photoshop.verifyV2(caller, signal);
			return {
				...answer,
				proves:
					'Photoshop API v2 accepted the token with this Client ID as x-api-key, and looked up a job for this credential (a job id that does not exist answers 404 unknown_job_id, as Adobe documents).',
			};
		},
	},
	// GET /v3/custom-models, the one GET in the Firefly API besides job status, called in Adobe's custom
	// models tutorial with a server-to-server token (AdobeDocs/ffs-firefly-api static/firefly-api.json
	// getCustomModels: `start` + `limit` 1–50, answer `custom_models[]` and `total_count`;
	// src/pages/guides/how-tos/cm-generate-image/index.md).
	firefly: {
		url: fireflyVerifyUrl,
		async run(deps, caller, signal) {
			const clock = deps.clock ?? systemClock;
			const res = await deps.http.send({
				service: 'photoshop',
				method: 'GET',
				url: fireflyVerifyUrl(deps.endpoints),
				// The spec marks x-request-id required on this call.
				headers: {
					authorization: `Bearer ${caller.accessToken}`,
					'x-api-key': caller.clientId,
					accept: 'application/json',
					'x-request-id': randomUUID(),
				},
				signal,
				secrets: [caller.accessToken],
			});
			// Every 403 is a failure: with an `x-access-error` reason (static/firefly-api.json: quota_exhausted,
			// user_non_entitled, user_profile_denied, invalid_ims_scope) httpError names it and its fix; without
			// one, Adobe did not say why, and nothing shows that this credential may use the Firefly API.
			if (res.status !== 200) {
				throw httpError(
					'photoshop',
					res,
					({ code }) => gatewayMessage(code, FIREFLY) ?? (res.status === 403 ? UNEXPLAINED_403 : undefined),
					clock.now(),
					FIREFLY,
				);
			}
			const json = parseJson<{ custom_models?: unknown; total_count?: unknown }>('photoshop', res, FIREFLY);
			if (!Array.isArray(json.custom_models)) throw badShape('photoshop', res, 'the answer has no custom_models list', FIREFLY);
			const total =
				typeof json.total_count === 'number' && Number.isSafeInteger(json.total_count) && json.total_count >= 0
					? json.total_count
					: json.custom_models.length;
			return {
				status: res.status,
				latencyMs: res.durationMs,
				requestId: res.requestId,
				proves: `The Firefly API accepted the token with this Client ID as x-api-key, and let this credential list its custom models (${total}).`,
			};
		},
	},
	// Adobe's authentication page for Content Authenticity (developer.adobe.com) leaves "Make your first
	// API call" to "a verification call, if applicable" and names none; no public base URL was found.
	contentAuthenticity:
		'Adobe documents no call to verify a Content Authenticity credential with, so nothing was sent. Generate Token shows whether IMS accepts the Client ID, secret and scopes.',
	custom:
		'A Custom profile names no Adobe API, so there is no call to verify it with and nothing was sent. Generate Token shows whether IMS accepts the Client ID, secret and scopes.',
};

export async function verifyCredential(
	deps: VerifyDeps,
	apiKind: ApiKind,
	caller: CallerSource,
	signal?: AbortSignal,
): Promise<VerificationOutcome> {
	const verifier = VERIFIERS[apiKind];
	if (typeof verifier === 'string') return { apiKind, ok: false, message: verifier };
	const call = `GET ${verifier.url(deps.endpoints)}`;
	try {
		// A rejected token is refreshed once; a failed token request itself (IMS's own 401) is not repeated.
		const answer = await withFreshTokenOnce(caller, (c) => verifier.run(deps, c, signal), { signal });
		return {
			apiKind,
			call,
			ok: true,
			status: answer.status,
			latencyMs: answer.latencyMs,
			requestId: answer.requestId,
			proves: answer.proves,
		};
	} catch (thrown) {
		const error = toAdobeApiError(thrown);
		if (error.kind === 'cancelled') throw error;
		return { apiKind, call, ok: false, status: error.status, requestId: error.requestId, code: error.code, message: error.message, error };
	}
}
