/**
 * One OAuth Server-to-Server credential read from the environment, for the MCP server (dist/mcp.js),
 * which has no VS Code profile store. The names:
 * - ADOBE_CLIENT_ID / ADOBE_CLIENT_SECRET, with the optional ADOBE_SCOPES (comma-separated),
 *   ADOBE_API_KIND, ADOBE_PROFILE_NAME, ADOBE_IMS_BASE_URL, ADOBE_PHOTOSHOP_BASE_URL,
 *   ADOBE_CLOUD_STORAGE_BASE_URL and ADOBE_APPROVED_ORIGINS;
 * - or the names of Adobe's guides (CLOUD_STORAGE_CLIENT_ID, PS_FF_SERVICES_CLIENT_ID,
 *   {API}_FF_SERVICES_CLIENT_ID, with _CLIENT_SECRET and _SCOPES), mapped as the .env import maps
 *   them (apiKindForEnvPrefix).
 * Messages name the variable to fix and never quote a value.
 */
import { API_KINDS, ApiKind, apiKindForEnvPrefix, guessApiKind, isApiKind } from './apiKinds';
import { parseScopes, validateClientId, validateClientSecret, validateScopes } from './fields';
import { Endpoints, PRODUCTION_ENDPOINTS, parseEndpoint } from '../common/endpoints';
import { AdobeService, invalidInput } from '../common/errors';
import { MAX_PROFILE_NAME, sanitizeProfileName } from './profiles';

export interface EnvCredential {
	profileName: string;
	apiKind: ApiKind;
	clientId: string;
	clientSecret: string;
	scopes: string[];
	endpoints: Endpoints;
	/** Origins besides Adobe's and the endpoints that may receive the token (ADOBE_APPROVED_ORIGINS). */
	approvedOrigins: string[];
	/** Which variables the credential came from, e.g. "CLOUD_STORAGE_CLIENT_ID": for the log, never a value. */
	source: string;
}

export const DEFAULT_ENV_PROFILE_NAME = 'environment';

/** The variables that point the server at other endpoints (an emulator, a company gateway). */
export const ENDPOINT_VARIABLES: Readonly<Record<AdobeService, string>> = {
	ims: 'ADOBE_IMS_BASE_URL',
	photoshop: 'ADOBE_PHOTOSHOP_BASE_URL',
	cloudStorage: 'ADOBE_CLOUD_STORAGE_BASE_URL',
};

type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, or undefined when it is unset or blank. */
function read(env: Env, name: string): string | undefined {
	const value = env[name];
	return value === undefined || value.trim() === '' ? undefined : value;
}

const GUIDE_NAMES =
	"ADOBE_CLIENT_ID and ADOBE_CLIENT_SECRET (or the names of Adobe's guides: CLOUD_STORAGE_CLIENT_ID and CLOUD_STORAGE_CLIENT_SECRET, PS_FF_SERVICES_CLIENT_ID and PS_FF_SERVICES_CLIENT_SECRET, {API}_FF_SERVICES_CLIENT_ID and {API}_FF_SERVICES_CLIENT_SECRET)";

/** The `${prefix}_CLIENT_ID` variable the credential comes from: ADOBE_ first, else the one guide name set (ADOBE_API_KIND picks among several). */
function choosePrefix(env: Env, kindAsked: ApiKind | undefined): { prefix: string; apiKind: ApiKind; documented: boolean } {
	if (read(env, 'ADOBE_CLIENT_ID') !== undefined || read(env, 'ADOBE_CLIENT_SECRET') !== undefined) {
		return { prefix: 'ADOBE', apiKind: 'custom', documented: false };
	}
	const found = Object.keys(env)
		.sort()
		.map((name) => /^(.+)_CLIENT_ID$/.exec(name)?.[1])
		.filter((prefix): prefix is string => prefix !== undefined && read(env, `${prefix}_CLIENT_ID`) !== undefined)
		.flatMap((prefix) => {
			const known = apiKindForEnvPrefix(prefix);
			return known ? [{ prefix, ...known }] : [];
		});
	if (found.length === 0) throw invalidInput(`No Adobe credential in the environment: set ${GUIDE_NAMES}.`, { code: NO_ENV_CREDENTIAL });
	if (found.length === 1) return found[0];
	const asked = kindAsked && found.filter((f) => f.apiKind === kindAsked);
	if (asked?.length === 1) return asked[0];
	throw invalidInput(
		`The environment has ${found.length} Adobe credentials (${found.map((f) => `${f.prefix}_CLIENT_ID`).join(', ')}): set ADOBE_API_KIND to the one to use, or set ADOBE_CLIENT_ID and ADOBE_CLIENT_SECRET.`,
	);
}

function readApiKind(env: Env): ApiKind | undefined {
	const value = read(env, 'ADOBE_API_KIND')?.trim();
	if (value === undefined) return undefined;
	if (!isApiKind(value)) throw invalidInput(`ADOBE_API_KIND must be one of ${Object.keys(API_KINDS).join(', ')}.`);
	return value;
}

function readProfileName(env: Env): string {
	const value = read(env, 'ADOBE_PROFILE_NAME');
	if (value === undefined) return DEFAULT_ENV_PROFILE_NAME;
	const name = sanitizeProfileName(value);
	if (name === '') throw invalidInput('ADOBE_PROFILE_NAME has no printable characters; set a name such as "photoshop-dev" or unset it.');
	if (name.length > MAX_PROFILE_NAME) throw invalidInput(`ADOBE_PROFILE_NAME has more than ${MAX_PROFILE_NAME} characters.`);
	return name;
}

/** The error code of "no credential at all in the environment" (the command-line runner runs requests without one). */
export const NO_ENV_CREDENTIAL = 'no_credential';

/** The endpoints the ADOBE_*_BASE_URL variables set (production where unset); throws naming the variable to fix. */
export function readEnvEndpoints(env: Env = process.env): Endpoints {
	const result = {} as Endpoints;
	for (const service of Object.keys(ENDPOINT_VARIABLES) as AdobeService[]) {
		const variable = ENDPOINT_VARIABLES[service];
		result[service] = parseEndpoint(variable, read(env, variable) ?? PRODUCTION_ENDPOINTS[service]);
	}
	return result;
}

/** ADOBE_APPROVED_ORIGINS: comma-separated origins (https, or http on loopback, like the endpoints), each reduced to its origin. */
export function readEnvApprovedOrigins(env: Env = process.env): string[] {
	const value = read(env, 'ADOBE_APPROVED_ORIGINS');
	return value === undefined ? [] : parseOriginList('ADOBE_APPROVED_ORIGINS', value);
}

/** Comma-separated origins as ADOBE_APPROVED_ORIGINS takes them (also the runner's --allow-origin); the message names `name`. */
export function parseOriginList(name: string, value: string): string[] {
	return [
		...new Set(
			value
				.split(',')
				.map((entry) => entry.trim())
				.filter((entry) => entry !== '')
				.map((entry) => {
					const checked = parseEndpoint(name, entry);
					const url = new URL(checked);
					if (url.pathname !== '/') {
						throw invalidInput(`${name} lists origins only (scheme, host and port, such as https://gateway.example.com), without a path.`);
					}
					return url.origin;
				}),
		),
	];
}

/** The credential in `env`, validated; throws an AdobeApiError naming the variable to fix. */
export function readEnvCredential(env: Env = process.env): EnvCredential {
	const kindAsked = readApiKind(env);
	const chosen = choosePrefix(env, kindAsked);
	const idName = `${chosen.prefix}_CLIENT_ID`;
	const secretName = `${chosen.prefix}_CLIENT_SECRET`;
	const clientId = read(env, idName)?.trim();
	const clientSecret = read(env, secretName)?.trim();
	if (clientId === undefined) {
		throw invalidInput(
			`${secretName} is set but ${idName} is not: set both (the Client ID and Client Secret of your Developer Console credential).`,
		);
	}
	if (clientSecret === undefined) {
		throw invalidInput(
			`${idName} is set but ${secretName} is not: set both (the Client ID and Client Secret of your Developer Console credential).`,
		);
	}
	const idProblem = validateClientId(clientId);
	if (idProblem) throw invalidInput(`${idName}: ${idProblem}`);
	const secretProblem = validateClientSecret(clientSecret);
	if (secretProblem) throw invalidInput(`${secretName}: ${secretProblem}`);

	const scopesName = read(env, 'ADOBE_SCOPES') !== undefined ? 'ADOBE_SCOPES' : `${chosen.prefix}_SCOPES`;
	const scopesValue = read(env, scopesName);
	const givenScopes = scopesValue === undefined ? undefined : parseScopes(scopesValue);
	const scopesProblem = givenScopes && validateScopes(givenScopes);
	if (scopesProblem) throw invalidInput(`${scopesName}: ${scopesProblem}`);
	const guess = kindAsked === undefined && !chosen.documented && givenScopes ? guessApiKind(givenScopes) : undefined;
	// Scopes that several APIs use are not a choice to make for the user (apiKinds.ts FIREFLY_SCOPES_AMBIGUITY);
	// an {API}_FF_SERVICES prefix names its own API already (a Custom profile here).
	if (guess?.result === 'ambiguous' && chosen.prefix === 'ADOBE') {
		throw invalidInput(
			`${scopesName}: ${guess.why}, so they do not say which API this credential is for. Set ADOBE_API_KIND to ${guess.candidates.map((k) => `"${k}"`).join(' or ')}.`,
		);
	}
	const apiKind = kindAsked ?? (guess?.result === 'known' ? guess.apiKind : chosen.apiKind);

	return {
		profileName: readProfileName(env),
		apiKind,
		clientId,
		clientSecret,
		scopes: givenScopes ?? [...API_KINDS[apiKind].defaultScopes],
		endpoints: readEnvEndpoints(env),
		approvedOrigins: readEnvApprovedOrigins(env),
		source: idName,
	};
}
