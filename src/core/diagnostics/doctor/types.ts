/** The setup doctor's findings and report, and what it runs with (DoctorDeps): shared by its checks, advice and report. */
import type { ApiKind } from '../../credentials/apiKinds';
import type { CloudStorageClient } from '../../storage/client';
import type { Endpoints } from '../../common/endpoints';
import type { AdobeErrorKind, AdobeService, CredentialField } from '../../common/errors';
import type { HttpClient } from '../../common/http';
import type { Clock, Logger } from '../../common/logger';
import type { PhotoshopClient } from '../../photoshop/client';
import type { EndpointCheck } from '../endpointProbes';
import type { StoredToken } from '../../tokens/tokenManager';

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
	/** The profile field to edit, when IMS named one. */
	field?: CredentialField;
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

/** A finding before the doctor gives it its id and title. */
export type Draft = Omit<Finding, 'id' | 'title'>;
