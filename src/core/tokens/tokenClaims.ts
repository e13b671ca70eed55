/**
 * Reads an IMS access token's claims locally, for display: the JWT's middle part only (base64url
 * JSON). The signature is never decoded, shown or checked, and no claim is trusted for anything
 * but telling the user what the token says: only IMS can vouch for a token it issued.
 * IMS puts `client_id`, `scope` (comma-separated), `type`, and `created_at` / `expires_in` in
 * milliseconds, as strings, in its tokens (adobe/aio-lib-ims src/ims.js, _calculateExpiry: created_at + expires_in).
 */
import { API_KINDS, ApiKind } from '../credentials/apiKinds';

export interface TokenClaims {
	clientId?: string;
	scopes: string[];
	/** IMS's token type claim, `access_token` for an access token. */
	type?: string;
	/** The IMS region that issued it (`as`, e.g. ims-na1). */
	issuer?: string;
	/** ms since the epoch. */
	createdAt?: number;
	/** ms since the epoch: created_at + expires_in. */
	expiresAt?: number;
}

/** Bounded: a token is a few kB; anything bigger is not one IMS issued. */
export const MAX_TOKEN_CHARS = 16_384;
/** Dates outside 2000–2200 are nonsense, not an expiry to show. */
const MIN_DATE_MS = Date.UTC(2000, 0, 1);
const MAX_DATE_MS = Date.UTC(2200, 0, 1);
/** No IMS token lives a year; a bigger expires_in is ignored. */
const MAX_LIFETIME_MS = 366 * 24 * 3600 * 1000;

/** The claims of a JWT-shaped token, or undefined when it is not one this can read. */
export function decodeTokenClaims(token: string): TokenClaims | undefined {
	if (token.length > MAX_TOKEN_CHARS) return undefined;
	const parts = token.split('.');
	if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return undefined;
	let payload: unknown;
	try {
		payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
	if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
	const claims = payload as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length <= 256 ? value : undefined);
	const createdAt = millis(claims.created_at);
	const lifetime = millis(claims.expires_in);
	const expiresAt = createdAt !== undefined && lifetime !== undefined && lifetime <= MAX_LIFETIME_MS ? createdAt + lifetime : undefined;
	const scope = typeof claims.scope === 'string' ? claims.scope : '';
	return {
		clientId: text(claims.client_id),
		scopes: scope
			.split(/[\s,]+/)
			.filter((s) => s !== '')
			.slice(0, 100),
		type: text(claims.type),
		issuer: text(claims.as),
		createdAt: createdAt !== undefined && createdAt >= MIN_DATE_MS && createdAt <= MAX_DATE_MS ? createdAt : undefined,
		expiresAt: expiresAt !== undefined && createdAt! >= MIN_DATE_MS && expiresAt <= MAX_DATE_MS ? expiresAt : undefined,
	};
}

/** A number of ms IMS sends as a string (or a number): non-negative safe integers only. */
function millis(value: unknown): number | undefined {
	const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
	return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * The scopes every one of Adobe's guides for the API asks for (the intersection of its documented
 * scope lists): a token without one of them lacks something each guide says the API needs.
 * Empty where Adobe documents no scopes (Content Authenticity, Custom).
 */
export function scopesEveryGuideAsks(apiKind: ApiKind): string[] {
	const sets = API_KINDS[apiKind].documentedScopes;
	if (sets.length === 0) return [];
	return sets[0].scopes.filter((scope) => sets.every((set) => set.scopes.includes(scope)));
}

/** What the token lacks of what the API's guides all ask for. */
export function missingScopes(apiKind: ApiKind, granted: readonly string[]): string[] {
	return scopesEveryGuideAsks(apiKind).filter((scope) => !granted.includes(scope));
}
