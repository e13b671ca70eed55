/**
 * Credential profiles: their shape, and the checks every way of creating or editing one goes
 * through (the multi-step input, the scripted argument object, imports). vscode-free.
 */
import { API_KINDS, ApiKind, isApiKind } from './apiKinds';
import { parseScopes, validateClientId, validateClientSecret, validateScopes } from './fields';
import { parseEndpoint, PRODUCTION_ENDPOINTS, STAGE_IMS_URL } from '../common/endpoints';
import { AdobeApiError, invalidInput } from '../common/errors';

export type ImsEnvironment = 'production' | 'stage' | 'custom';

/** What is known about a profile apart from its secrets. Kept in SecretStorage all the same. */
export interface ProfileMeta {
	/** Stable key for its secrets; survives renames. */
	id: string;
	name: string;
	apiKind: ApiKind;
	scopes: string[];
	imsEnvironment: ImsEnvironment;
	/** Only for imsEnvironment 'custom'. */
	imsBaseUrl?: string;
	/**
	 * A user signed in with Adobe (src/features/signIn/authProvider.ts), not a server-to-server credential:
	 * its token comes from that sign-in session, and it has no secret.
	 */
	signedIn?: { sessionId: string };
}

export interface ClientSecretPair {
	clientId: string;
	clientSecret: string;
}

/** The scripted form of adobeApi.addProfile. */
export interface NewProfileArgs {
	name?: unknown;
	apiKind?: unknown;
	clientId?: unknown;
	clientSecret?: unknown;
	scopes?: unknown;
	imsBaseUrl?: unknown;
	imsEnvironment?: unknown;
}

export const MAX_PROFILE_NAME = 64;

/**
 * C0 and C1 controls, DEL, line separators and the bidirectional controls: in a name they break
 * lines or reorder what is shown (a right-to-left override makes "exe.txt" look like "txt.exe").
 */
function isUnsafeNameChar(char: string): boolean {
	const code = char.charCodeAt(0);
	return (
		code < 0x20 ||
		(code >= 0x7f && code <= 0x9f) ||
		code === 0x061c ||
		code === 0x200e ||
		code === 0x200f ||
		(code >= 0x2028 && code <= 0x202e) ||
		(code >= 0x2066 && code <= 0x2069)
	);
}

/** A name taken from a file, without the characters validateProfileName refuses and with single spaces. */
export function sanitizeProfileName(name: string): string {
	return [...name]
		.filter((c) => !isUnsafeNameChar(c))
		.join('')
		.replace(/\s+/g, ' ')
		.trim();
}

/** At most `max` UTF-16 units, cut between characters (never inside a surrogate pair), marked with "…". */
function shorten(text: string, max: number): string {
	if (text.length <= max) return text;
	let result = '';
	for (const char of text) {
		if (result.length + char.length + 1 > max) break;
		result += char;
	}
	return `${result.trimEnd()}…`;
}

/** "Project / credential" within MAX_PROFILE_NAME: the credential part keeps up to half, the project the rest. */
export function profileNameFrom(project: string, credential: string): string {
	const separator = ' / ';
	const room = MAX_PROFILE_NAME - separator.length;
	const credentialPart = shorten(credential, Math.max(Math.floor(room / 2), room - project.length));
	return `${shorten(project, room - credentialPart.length)}${separator}${credentialPart}`;
}

/** `wanted` (shortened to fit), or "wanted (2)", "wanted (3)"…: unique among `taken` ignoring case, never over MAX_PROFILE_NAME. */
export function uniqueProfileName(wanted: string, taken: readonly string[]): string {
	const lower = new Set(taken.map((n) => n.toLowerCase()));
	const first = shorten(wanted, MAX_PROFILE_NAME);
	if (!lower.has(first.toLowerCase())) return first;
	for (let i = 2; ; i++) {
		const suffix = ` (${i})`;
		const candidate = `${shorten(wanted, MAX_PROFILE_NAME - suffix.length)}${suffix}`;
		if (!lower.has(candidate.toLowerCase())) return candidate;
	}
}

export function validateProfileName(name: string | undefined, existing: readonly string[], ownName?: string): string | undefined {
	const trimmed = name?.trim() ?? '';
	if (trimmed === '') return 'Enter a name for this profile, for example "Photoshop dev".';
	if (trimmed.length > MAX_PROFILE_NAME) return `A profile name has at most ${MAX_PROFILE_NAME} characters.`;
	if ([...trimmed].some(isUnsafeNameChar)) {
		return 'A profile name cannot contain line breaks, control characters or text-direction controls.';
	}
	const clash = existing.find((other) => other.toLowerCase() === trimmed.toLowerCase() && other !== ownName);
	if (clash) return `A profile named "${clash}" already exists; choose another name.`;
	return undefined;
}

function fail(field: string, message: string): AdobeApiError {
	return invalidInput(`${field}: ${message}`);
}

function text(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') throw fail(field, 'must be text.');
	return value;
}

function scopesOf(value: unknown, apiKind: ApiKind): string[] {
	if (value === undefined || value === null || value === '') return [...API_KINDS[apiKind].defaultScopes];
	if (typeof value !== 'string' && !(Array.isArray(value) && value.every((s) => typeof s === 'string'))) {
		throw fail('scopes', 'must be a comma-separated string or a list of strings.');
	}
	const problem = validateScopes(value as string | string[]);
	if (problem) throw fail('scopes', problem);
	return parseScopes(value as string | string[]);
}

/** The IMS environment of a profile, from `imsEnvironment` and/or a custom `imsBaseUrl`. */
function imsOf(args: NewProfileArgs): Pick<ProfileMeta, 'imsEnvironment' | 'imsBaseUrl'> {
	const url = text(args.imsBaseUrl, 'imsBaseUrl').trim();
	const environment = args.imsEnvironment ?? (url ? 'custom' : 'production');
	if (environment !== 'production' && environment !== 'stage' && environment !== 'custom') {
		throw fail('imsEnvironment', 'must be "production", "stage" or "custom".');
	}
	if (environment !== 'custom') return { imsEnvironment: environment };
	if (!url) throw fail('imsBaseUrl', 'a custom IMS environment needs its URL.');
	try {
		return { imsEnvironment: 'custom', imsBaseUrl: parseEndpoint('imsBaseUrl', url) };
	} catch (error) {
		throw fail('imsBaseUrl', (error as Error).message.replace(/^The setting imsBaseUrl /, 'the URL ').replace(/ Set it to .*$/, ''));
	}
}

/** Checks every field of a new profile; throws an invalidInput error naming the first bad field. */
export function normalizeNewProfile(args: NewProfileArgs, existingNames: readonly string[]): Omit<ProfileMeta, 'id'> & ClientSecretPair {
	if (!args || typeof args !== 'object') {
		throw invalidInput('adobeApi.addProfile takes one object argument.');
	}
	const name = text(args.name, 'name').trim();
	const nameProblem = validateProfileName(name, existingNames);
	if (nameProblem) throw fail('name', nameProblem);
	if (!isApiKind(args.apiKind)) {
		throw fail(
			'apiKind',
			`must be one of ${Object.keys(API_KINDS)
				.map((k) => `"${k}"`)
				.join(', ')}.`,
		);
	}
	const clientId = text(args.clientId, 'clientId');
	const idProblem = validateClientId(clientId);
	if (idProblem) throw fail('clientId', idProblem);
	const clientSecret = text(args.clientSecret, 'clientSecret');
	const secretProblem = validateClientSecret(clientSecret);
	if (secretProblem) throw fail('clientSecret', secretProblem);
	return { name, apiKind: args.apiKind, scopes: scopesOf(args.scopes, args.apiKind), ...imsOf(args), clientId, clientSecret };
}

/** Applies an edit; only the fields present change. Secrets come back only if they changed. */
export function normalizeProfileEdit(
	current: ProfileMeta,
	changes: NewProfileArgs,
	existingNames: readonly string[],
): { meta: ProfileMeta; credential: Partial<ClientSecretPair> } {
	const meta: ProfileMeta = { ...current };
	const credential: Partial<ClientSecretPair> = {};
	if (changes.name !== undefined) {
		const name = text(changes.name, 'name').trim();
		const problem = validateProfileName(name, existingNames, current.name);
		if (problem) throw fail('name', problem);
		meta.name = name;
	}
	if (changes.apiKind !== undefined) {
		if (!isApiKind(changes.apiKind)) {
			throw fail(
				'apiKind',
				`must be one of ${Object.keys(API_KINDS)
					.map((k) => `"${k}"`)
					.join(', ')}.`,
			);
		}
		meta.apiKind = changes.apiKind;
	}
	if (changes.scopes !== undefined) meta.scopes = scopesOf(changes.scopes, meta.apiKind);
	if (changes.imsBaseUrl !== undefined || changes.imsEnvironment !== undefined) {
		const ims = imsOf(changes);
		meta.imsEnvironment = ims.imsEnvironment;
		meta.imsBaseUrl = ims.imsBaseUrl;
	}
	if (changes.clientId !== undefined) {
		const clientId = text(changes.clientId, 'clientId');
		const problem = validateClientId(clientId);
		if (problem) throw fail('clientId', problem);
		credential.clientId = clientId;
	}
	if (changes.clientSecret !== undefined) {
		const clientSecret = text(changes.clientSecret, 'clientSecret');
		const problem = validateClientSecret(clientSecret);
		if (problem) throw fail('clientSecret', problem);
		credential.clientSecret = clientSecret;
	}
	return { meta, credential };
}

type ProfileIms = Pick<ProfileMeta, 'imsEnvironment' | 'imsBaseUrl'>;

/** The IMS base URL a profile's tokens come from. */
export function imsBaseUrlFor(profile: ProfileIms, productionUrl: string): string {
	if (profile.imsEnvironment === 'stage') return STAGE_IMS_URL;
	if (profile.imsEnvironment === 'custom' && profile.imsBaseUrl) return profile.imsBaseUrl;
	return productionUrl;
}

/** Adobe's IMS: production and stage. */
export const ADOBE_IMS_URLS: readonly string[] = [PRODUCTION_ENDPOINTS.ims, STAGE_IMS_URL];

/**
 * The host a profile would send its client secret to when that is neither Adobe's IMS nor the
 * user's own adobeApi.imsBaseUrl (`configuredIms`); undefined when the host is one of those.
 * Compared by origin, so the scheme and port count too (a loopback port is not the emulator's).
 */
export function unapprovedImsHost(profile: ProfileIms, configuredIms: string): string | undefined {
	const target = new URL(imsBaseUrlFor(profile, configuredIms));
	const approved = [...ADOBE_IMS_URLS, configuredIms].map((url) => new URL(url).origin);
	return approved.includes(target.origin) ? undefined : target.host;
}
