/**
 * Typed errors for everything that can go wrong talking to Adobe. Each carries what a user needs
 * (a readable message, the HTTP status, Adobe's own error code and text, the request id) and never
 * a credential or token: messages are built from fixed text plus fields Adobe sends back.
 */
import { Settings } from './settingKeys';

export type AdobeService = 'ims' | 'photoshop' | 'cloudStorage';

/**
 * A scope list one of Adobe's guides requests for an API (credentials/apiKinds.ts lists them per API). Here, not there,
 * because an invalid_scope error carries the lists to offer: common/ imports no later core folder (docs/ARCHITECTURE.md).
 */
export interface ScopeSet {
	/** Which of the API's guides, in two or three words: it names the set on a notification button. */
	label: string;
	scopes: readonly string[];
}

/** Our code for the hello call's error once its v1 endpoint is retired (core/photoshop/client.ts): it offers Verify Credential. */
export const RETIRED_HELLO_CODE = 'photoshop_v1_retired';

/** A profile field an error can name: the one to edit to fix it. */
export type CredentialField = 'clientId' | 'clientSecret' | 'scopes';

/** The fields' names as the Edit Profile dialog and the Developer Console write them. */
export const FIELD_LABELS: Record<CredentialField, string> = { clientId: 'Client ID', clientSecret: 'Client Secret', scopes: 'Scopes' };

export type AdobeErrorKind =
	/** Local input rejected before any request was sent (empty id, malformed secret, …). */
	| 'invalidInput'
	/** A setting has a value that cannot be used. */
	| 'config'
	/** The host could not be reached, or the connection broke. */
	| 'network'
	| 'timeout'
	| 'cancelled'
	/** Adobe answered, but not in a shape we can read (malformed JSON, missing fields). */
	| 'badResponse'
	/** Adobe answered with an HTTP error status. */
	| 'http'
	/** The OS keychain behind VS Code's secret storage failed (locked for a moment after resume, say). */
	| 'storage'
	/** A bug in our own code: never retried on its own, since trying again cannot fix it. */
	| 'internal';

export const SERVICE_NAMES: Record<AdobeService, string> = {
	ims: 'Adobe IMS',
	photoshop: 'the Photoshop API',
	cloudStorage: 'Adobe Cloud Storage',
};

/** The same names, for the start of a sentence. */
export const SERVICE_TITLES: Record<AdobeService, string> = {
	ims: 'Adobe IMS',
	photoshop: 'The Photoshop API',
	cloudStorage: 'Adobe Cloud Storage',
};

export const SERVICE_SETTINGS: Record<AdobeService, string> = {
	ims: Settings.imsBaseUrl,
	photoshop: Settings.photoshopBaseUrl,
	cloudStorage: Settings.cloudStorageBaseUrl,
};

export interface AdobeApiErrorFields {
	kind: AdobeErrorKind;
	service?: AdobeService;
	/** HTTP status of Adobe's answer, when there was one. */
	status?: number;
	/** Adobe's machine-readable code: IMS `error`, gateway/Cloud Storage `error_code`; Firefly's `x-access-error` reason when it sent one. */
	code?: string;
	/** Adobe's human-readable text: IMS `error_description`, gateway/Cloud Storage `message`. */
	detail?: string;
	/** The `x-request-id` of the failed response, for Adobe support. */
	requestId?: string;
	/** How long Adobe asked us to wait (from `Retry-After`), in milliseconds. */
	retryAfterMs?: number;
	/** The setting to fix, for `config` errors and endpoint problems. */
	setting?: string;
	/** For invalid_scope: the other scope lists Adobe documents for the profile's API, offered as fixes. */
	suggestedScopes?: readonly ScopeSet[];
	/** For `network` errors: what failed, so the setup doctor can explain it (core/diagnostics/doctor/). */
	network?: NetworkProblem;
	/** The profile field IMS refused (invalid_client names the Client ID or Secret, invalid_scope the scopes): Edit Profile opens it. */
	field?: CredentialField;
}

/** Where a connection failed: name lookup, a refused port, the TLS handshake, the proxy, or a cut connection. */
export type NetworkProblem = 'dns' | 'refused' | 'tls' | 'proxy' | 'reset';

export class AdobeApiError extends Error implements AdobeApiErrorFields {
	override readonly name = 'AdobeApiError';
	readonly kind: AdobeErrorKind;
	readonly service?: AdobeService;
	readonly status?: number;
	readonly code?: string;
	readonly detail?: string;
	readonly requestId?: string;
	readonly retryAfterMs?: number;
	readonly setting?: string;
	readonly suggestedScopes?: readonly ScopeSet[];
	readonly network?: NetworkProblem;
	readonly field?: CredentialField;

	constructor(message: string, fields: AdobeApiErrorFields) {
		super(message);
		this.kind = fields.kind;
		this.service = fields.service;
		this.status = fields.status;
		this.code = fields.code;
		this.detail = fields.detail;
		this.requestId = fields.requestId;
		this.retryAfterMs = fields.retryAfterMs;
		this.setting = fields.setting;
		this.suggestedScopes = fields.suggestedScopes;
		this.network = fields.network;
		this.field = fields.field;
	}

	/** True for failures worth retrying unchanged: rate limiting, gateway trouble, broken connections, a keychain that was busy. */
	get isTransient(): boolean {
		if (this.kind === 'network' || this.kind === 'storage') return true;
		// Photoshop API v2 says rate limiting in its own code, whatever the status (core/common/adobeAnswers.ts photoshopV2Message).
		if (this.kind === 'http' && this.code === 'unauthorized_rate_limited') return true;
		return this.kind === 'http' && this.status !== undefined && (this.status === 429 || this.status >= 500);
	}
}

/** Local input rejected before any request was sent: the one way to build an `invalidInput` error. */
export function invalidInput(message: string, fields: Omit<AdobeApiErrorFields, 'kind'> = {}): AdobeApiError {
	return new AdobeApiError(message, { kind: 'invalidInput', ...fields });
}

/** Any thrown value as an AdobeApiError (unknown failures count as network trouble). */
export function toAdobeApiError(error: unknown, service?: AdobeService): AdobeApiError {
	if (isAdobeApiError(error)) return error;
	return new AdobeApiError(error instanceof Error ? error.message : String(error), { kind: 'network', service });
}

/**
 * Recognises our errors across bundles: the extension bundle and the lazily loaded network bundle
 * each have their own copy of the class, so `instanceof` is not enough.
 */
export function isAdobeApiError(value: unknown): value is AdobeApiError {
	return value instanceof Error && value.name === 'AdobeApiError' && typeof (value as AdobeApiError).kind === 'string';
}
