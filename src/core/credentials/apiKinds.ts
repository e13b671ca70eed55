/**
 * The kinds of Adobe API a credential profile can be for, with the scopes and variable names
 * Adobe's current guides use (each fact's source beside it). Profiles store the kind's id, so an
 * id never changes meaning: "photoshop" profiles saved when it meant "Photoshop / Firefly Services"
 * load as Photoshop, with the scopes they were saved with.
 */

import type { ScopeSet } from '../common/errors';

// Part of ApiKindInfo's shape; defined in common/errors.ts because an invalid_scope error carries it.
export type { ScopeSet } from '../common/errors';

export type ApiKind = 'cloudStorage' | 'photoshop' | 'firefly' | 'contentAuthenticity' | 'custom';

export interface ApiKindInfo {
	label: string;
	/** Scopes the current guide requests; editable per profile. */
	defaultScopes: string[];
	/**
	 * Every scope list Adobe's guides request for this API, the default first: what IMS's
	 * invalid_scope answer offers to switch to. Empty where Adobe documents none.
	 */
	documentedScopes: readonly ScopeSet[];
	/** Prefix of the environment variables in Adobe's guides: `${prefix}_CLIENT_ID`, … */
	envPrefix: string;
	/** The variable Adobe's guide uses for the token. */
	tokenVariable: string;
}

// AdobeDocs/cloud-storage src/pages/guides/getting-started/authentication.md ("Retrieve a
// Server-to-Server access token"): scope=openid, AdobeID, creative_sdk, cloud_storage_collab_api;
// CLOUD_STORAGE_CLIENT_ID / _CLIENT_SECRET / CLOUD_STORAGE_ACCESS_TOKEN.
const CLOUD_STORAGE_GUIDE: ScopeSet = { label: 'current guide', scopes: ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api'] };
// The same file before AdobeDocs/cloud-storage commit f873a2e (24 July 2025): credentials made
// then may lack cloud_storage_collab_api.
const CLOUD_STORAGE_EARLIER_GUIDE: ScopeSet = { label: 'earlier guide', scopes: ['openid', 'AdobeID', 'offline_access', 'creative_sdk'] };
// AdobeDocs/ffs-photoshop-API src/pages/getting-started/index.md: "The scopes are openid, AdobeID,
// read_organizations"; PS_FF_SERVICES_CLIENT_ID / _CLIENT_SECRET / PS_FF_SERVICES_ACCESS_TOKEN.
const PHOTOSHOP_GUIDE: ScopeSet = { label: 'current guide', scopes: ['openid', 'AdobeID', 'read_organizations'] };
// AdobeDocs/ffs-firefly-api src/pages/getting-started/index.md; FIREFLY_SERVICES_CLIENT_ID /
// _CLIENT_SECRET / FIREFLY_SERVICES_ACCESS_TOKEN.
const FIREFLY_GUIDE: ScopeSet = {
	label: 'current guide',
	scopes: ['openid', 'AdobeID', 'session', 'additional_info', 'read_organizations', 'firefly_api', 'ff_apis'],
};
// AdobeDocs/ffs-firefly-api src/pages/guides/how-tos/using-async-apis.md.
const FIREFLY_ASYNC_GUIDE: ScopeSet = {
	label: 'async jobs guide',
	scopes: ['openid', 'AdobeID', 'read_organizations', 'firefly_enterprise', 'firefly_api', 'ff_apis'],
};
// AdobeDocs/ffs-firefly-api src/pages/guides/how-tos/cm-generate-image/index.md (custom models).
const FIREFLY_CUSTOM_MODELS_GUIDE: ScopeSet = { label: 'custom models guide', scopes: ['openid', 'AdobeID', 'firefly_api', 'ff_apis'] };

export const API_KINDS: Readonly<Record<ApiKind, ApiKindInfo>> = {
	cloudStorage: {
		label: 'Cloud Storage and Collaboration',
		defaultScopes: [...CLOUD_STORAGE_GUIDE.scopes],
		documentedScopes: [CLOUD_STORAGE_GUIDE, CLOUD_STORAGE_EARLIER_GUIDE],
		envPrefix: 'CLOUD_STORAGE',
		tokenVariable: 'CLOUD_STORAGE_ACCESS_TOKEN',
	},
	photoshop: {
		label: 'Photoshop API',
		defaultScopes: [...PHOTOSHOP_GUIDE.scopes],
		documentedScopes: [PHOTOSHOP_GUIDE],
		envPrefix: 'PS_FF_SERVICES',
		tokenVariable: 'PS_FF_SERVICES_ACCESS_TOKEN',
	},
	firefly: {
		label: 'Firefly API',
		defaultScopes: [...FIREFLY_GUIDE.scopes],
		documentedScopes: [FIREFLY_GUIDE, FIREFLY_ASYNC_GUIDE, FIREFLY_CUSTOM_MODELS_GUIDE],
		envPrefix: 'FIREFLY_SERVICES',
		tokenVariable: 'FIREFLY_SERVICES_ACCESS_TOKEN',
	},
	contentAuthenticity: {
		label: 'Content Authenticity',
		// Adobe publishes no scope list for it (its guide template, our seeds/004, says
		// {relevant_scopes}): the Firefly Services base set, to be replaced by the credential's own.
		defaultScopes: [...PHOTOSHOP_GUIDE.scopes],
		documentedScopes: [],
		envPrefix: 'CONTENT_AUTHENTICITY_FF_SERVICES',
		tokenVariable: 'CONTENT_AUTHENTICITY_FF_SERVICES_ACCESS_TOKEN',
	},
	custom: {
		label: 'Custom',
		defaultScopes: ['openid', 'AdobeID'],
		documentedScopes: [],
		envPrefix: 'ADOBE',
		tokenVariable: 'ADOBE_ACCESS_TOKEN',
	},
};

export function isApiKind(value: unknown): value is ApiKind {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(API_KINDS, value);
}

/** The documented scope sets for `apiKind` other than `asked` (compared as sets): what to offer after invalid_scope. */
export function otherDocumentedScopes(apiKind: ApiKind, asked: readonly string[]): ScopeSet[] {
	const same = (set: ScopeSet) => set.scopes.length === new Set(asked).size && set.scopes.every((s) => asked.includes(s));
	return API_KINDS[apiKind].documentedScopes.filter((set) => !same(set));
}

/**
 * The API a `${prefix}_CLIENT_ID` variable from Adobe's guides is for (the envPrefix above), `custom`
 * for any other `{API}_FF_SERVICES` prefix, or undefined when the prefix is none of Adobe's names.
 * The .env import and the MCP server's environment read credentials by these names.
 */
export function apiKindForEnvPrefix(prefix: string): { apiKind: ApiKind; documented: boolean } | undefined {
	const kind = (Object.keys(API_KINDS) as ApiKind[]).find((k) => API_KINDS[k].envPrefix === prefix);
	if (kind) return { apiKind: kind, documented: true };
	return prefix.endsWith('_FF_SERVICES') ? { apiKind: 'custom', documented: false } : undefined;
}

/**
 * What a credential's scopes say about its API: one API (`known`), several that use those scopes
 * (`ambiguous`: the user is asked, never answered for), or nothing.
 */
export type ApiKindGuess =
	{ result: 'known'; apiKind: ApiKind } | { result: 'ambiguous'; candidates: readonly ApiKind[]; why: string } | { result: 'unknown' };

/**
 * Firefly's guides add firefly_api and ff_apis, but so do other Firefly Services APIs this extension has no
 * kind for (a Custom profile here): the Audio & Video, Illustrator and Substance 3D APIs (their getting-started
 * pages, e.g. developer.adobe.com/firefly-services/docs/s3dapi/getting-started). The scopes do not prove Firefly.
 */
export const FIREFLY_SCOPES_AMBIGUITY =
	"firefly_api and ff_apis are the Firefly API's scopes, and also those of the Audio & Video, Illustrator and Substance 3D APIs (a Custom profile here)";

/** The API a credential's scopes point to, when they say: a file or environment that names no API. */
export function guessApiKind(scopes: readonly string[]): ApiKindGuess {
	if (scopes.includes('creative_sdk') || scopes.includes('cloud_storage_collab_api')) return { result: 'known', apiKind: 'cloudStorage' };
	if (scopes.includes('firefly_api') || scopes.includes('ff_apis')) {
		return { result: 'ambiguous', candidates: ['firefly', 'custom'], why: FIREFLY_SCOPES_AMBIGUITY };
	}
	// Photoshop's scopes are also Content Authenticity's, and any credential's: those stay a question too.
	return { result: 'unknown' };
}
