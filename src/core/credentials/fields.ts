/**
 * Shape checks for what a user types or imports, run before anything is sent. Each returns a
 * message for an input box's inline validation, or undefined when the value is fine; messages
 * describe the problem and never echo the value.
 */
import type { ApiKind } from './apiKinds';

export interface ClientCredentials {
	clientId: string;
	clientSecret: string;
	/** IMS scopes, e.g. ['openid', 'AdobeID', 'read_organizations']. */
	scopes: string[];
}

/** A credential read from a Developer Console file, a .env file or a cURL command, before it becomes a profile. */
export interface ImportedCredential {
	/** A suggested profile name (from the project and credential names, or the variable prefix), at most MAX_PROFILE_NAME long. */
	suggestedName: string;
	/** Undefined when the file does not say which API it is for. */
	apiKind?: ApiKind;
	/** When the scopes fit several APIs (guessApiKind): which, and why; the importer asks, and a script must say. */
	ambiguousApiKind?: { candidates: readonly ApiKind[]; why: string };
	clientId: string;
	clientSecret: string;
	scopes: string[];
	/** Where a pasted cURL command sent its token request (scheme, host and port); the IMS environment comes from it. */
	imsOrigin?: string;
}

const PRINTABLE_NO_SPACE = /^[\x21-\x7e]+$/;

export function validateClientId(value: string | undefined): string | undefined {
	if (!value || value.trim() === '') return 'Enter the Client ID (the API key) from your Developer Console credential.';
	if (value !== value.trim()) return 'The Client ID has spaces at its start or end; paste it again without them.';
	if (!/^[A-Za-z0-9._-]+$/.test(value)) {
		return 'A Client ID has only letters, digits, ".", "_" and "-"; check that you copied the Client ID, not another field.';
	}
	if (value.length > 256) return 'That is too long for a Client ID; check that you copied the Client ID field.';
	return undefined;
}

export function validateClientSecret(value: string | undefined): string | undefined {
	if (!value || value.trim() === '') return 'Enter the Client Secret from your Developer Console credential ("Retrieve client secret").';
	if (value !== value.trim()) return 'The Client Secret has spaces at its start or end; paste it again without them.';
	if (!PRINTABLE_NO_SPACE.test(value)) return 'A Client Secret has no spaces or line breaks; check that you copied only the secret.';
	if (value.length > 512) return 'That is too long for a Client Secret; check that you copied only the secret.';
	return undefined;
}

/** Accepts "a,b", "a, b" or an array; returns the scope list without blanks. */
export function parseScopes(value: string | readonly string[]): string[] {
	const parts = typeof value === 'string' ? value.split(',') : value;
	return parts.map((scope) => scope.trim()).filter((scope) => scope !== '');
}

export function validateScopes(value: string | readonly string[] | undefined): string | undefined {
	const scopes = parseScopes(value ?? '');
	if (scopes.length === 0) return 'Enter at least one scope, comma-separated (for example openid,AdobeID,read_organizations).';
	const bad = scopes.find((scope) => !/^[A-Za-z0-9_.:-]+$/.test(scope));
	if (bad !== undefined) return `"${bad}" is not a valid scope name: use letters, digits, "_", ".", ":" and "-", separated by commas.`;
	return undefined;
}
