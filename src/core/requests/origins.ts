/**
 * Where a request file may send {{$adobeToken}} and {{$adobeClientId}}: only to a host where Adobe
 * itself serves an API that takes an IMS token (named one by one below, each with its source), to
 * the configured endpoints, or to an origin the user approved, so that a cloned repository's request
 * file cannot send a token elsewhere with one click. The same rule holds for addresses a server or a
 * model names (a job's status and cancel URLs, an agent tool's URL, the MCP server), which are refused
 * outright when they fall outside it (requireCredentialOrigin).
 *
 * Why a list and not "any *.adobe.io": customers deploy code under adobe.io. App Builder's I/O Runtime
 * actions answer on `runtime.adobe.io` (Adobe Commerce's webhook guides write
 * `https://<your_app_builder>.runtime.adobe.io/api/v1/web/…`), and App Builder API Mesh gateways on
 * `edge-graph.adobe.io` (AdobeDocs/graphql-mesh-gateway src/pages/mesh/release/update.md), its sandbox
 * `edge-sandbox-graph.adobe.io` (named by src/pages/mesh/advanced/caching/fastly.md until August 2024)
 * and the legacy `graph.adobe.io` (the mesh endpoints before Edge); a mesh forwards request headers,
 * `Authorization` included, to its owner's backends when its configuration says so
 * (AdobeDocs/graphql-mesh-gateway src/pages/mesh/basic/handlers/graphql.md "Headers from context",
 * src/pages/mesh/advanced/caching/fastly.md: `"Authorization": "{context.headers['authorization']}"`).
 * A token sent there reaches whoever deployed the mesh or the action. Such hosts, and any other host,
 * can still be approved by the user for their own use.
 *
 * Host checks read `URL.hostname`, which the WHATWG URL parser has already lower-cased, IDNA-mapped
 * (punycode) and stripped of user info, so "https://firefly-api.adobe.io@evil.com" is evil.com and a
 * look-alike letter is an xn-- label that matches nothing.
 */
import { invalidInput } from '../common/errors';
import type { AdobeEndpointName } from './resolve';

export interface AdobeApiHost {
	host: string;
	/** The API Adobe serves there. */
	api: string;
	/** Where Adobe documents the host (a repository path under github.com, or a URL). */
	source: string;
}

/**
 * The hosts where Adobe itself serves an API that takes an IMS access token. A new Adobe API is one
 * entry here, with its source; anything else needs the user's approval.
 */
export const ADOBE_API_HOSTS: readonly AdobeApiHost[] = [
	// IMS, production and stage, as Adobe's own client library names them (adobe/aio-lib-ims src/ims.js,
	// IMS_ENDPOINTS); the token endpoint: AdobeDocs/adobe-dev-console
	// src/pages/guides/authentication/ServerToServerAuthentication/ims.md.
	{ host: 'ims-na1.adobelogin.com', api: 'Adobe IMS', source: 'adobe/aio-lib-ims src/ims.js (IMS_ENDPOINTS.prod)' },
	{ host: 'ims-na1-stg1.adobelogin.com', api: 'Adobe IMS (stage)', source: 'adobe/aio-lib-ims src/ims.js (IMS_ENDPOINTS.stage)' },
	// Cloud Storage and Collaboration: the OpenAPI document's only server is https://cloudstorage.adobe.io/v1.
	{ host: 'cloudstorage.adobe.io', api: 'Cloud Storage and Collaboration', source: 'AdobeDocs/cloud-storage static/index.yml (servers)' },
	{ host: 'firefly-api.adobe.io', api: 'Firefly', source: 'AdobeDocs/ffs-firefly-api static/firefly-api.json (servers)' },
	{ host: 'photoshop-api.adobe.io', api: 'Photoshop v2', source: 'AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json (servers)' },
	// Photoshop v1 and the Lightroom API (both ended 31 July 2026; status links still point here).
	{
		host: 'image.adobe.io',
		api: 'Photoshop v1, Lightroom',
		source:
			'AdobeDocs/ffs-photoshop-API static/photoshop_api.json (servers); AdobeDocs/ffs-lightroom-API src/pages/guides/apply-edits/index.md',
	},
	// The Lightroom partner API (user OAuth): "Use https://lr.adobe.io for all APIs listed below".
	{
		host: 'lr.adobe.io',
		api: 'Lightroom partner API',
		source: 'AdobeDocs/lightroom-partner-apis docs/getting-started/04-upload-workflow.md',
	},
	{ host: 'indesign.adobe.io', api: 'InDesign', source: 'AdobeDocs/ffs-indesign-API src/pages/guides/working-with-rendition-api/index.md' },
	// Illustrator: the API's server, the beta specification's server, and the host its documented job
	// status URLs use (https://illustrator-api-beta.adobe.io/v1/status/{jobId}).
	{ host: 'illustrator-api.adobe.io', api: 'Illustrator', source: 'AdobeDocs/ffs-illustrator-api static/illustrator-api.json (servers)' },
	{
		host: 'illustrator-api-beta.adobe.io',
		api: 'Illustrator (job status)',
		source: 'AdobeDocs/ffs-illustrator-api static/illustrator-api.json (statusUrl examples)',
	},
	{
		host: 'illustrator.adobe.io',
		api: 'Illustrator (beta)',
		source: 'AdobeDocs/ffs-illustrator-api static/illustrator-api-beta.json (servers)',
	},
	{ host: 's3d.adobe.io', api: 'Substance 3D', source: 'AdobeDocs/ffs-s3d-api src/pages/getting-started/asynchronous-jobs/index.md' },
	{ host: 'audio-video-api.adobe.io', api: 'Audio & Video', source: 'AdobeDocs/ffs-audio-video-API src/pages/guides/TLS/index.md' },
	{ host: 'express-api.adobe.io', api: 'Adobe Express', source: 'AdobeDocs/ffs-express-api src/pages/getting-started/index.md' },
	// PDF Services: the default host and its regional ones ("https://pdf-services-{regionCode}.adobe.io").
	{
		host: 'pdf-services.adobe.io',
		api: 'PDF Services',
		source: 'AdobeDocs/pdfservices-api-documentation src/pages/overview/pdf-services-api/gettingstarted.md',
	},
	{
		host: 'pdf-services-ue1.adobe.io',
		api: 'PDF Services (United States)',
		source: 'AdobeDocs/pdfservices-api-documentation src/pages/overview/pdf-services-api/howtos/service-region-configuration-for-apis.md',
	},
	{
		host: 'pdf-services-ew1.adobe.io',
		api: 'PDF Services (Europe)',
		source: 'AdobeDocs/pdfservices-api-documentation src/pages/overview/pdf-services-api/howtos/service-region-configuration-for-apis.md',
	},
	// Frame.io V4 takes IMS tokens from a Developer Console project.
	{
		host: 'api.frame.io',
		api: 'Frame.io V4',
		source: 'AdobeDocs/frameio-api src/pages/guides/Authentication/index.md, src/pages/guides/index.md',
	},
];

const NAMED_HOSTS: ReadonlySet<string> = new Set(ADOBE_API_HOSTS.map((entry) => entry.host));

/**
 * Firefly answers an async job with status and cancel URLs on a numbered host of its own,
 * e.g. https://firefly-epo854211.adobe.io/v3/status/urn:ff:jobs:… (AdobeDocs/ffs-firefly-api
 * src/pages/guides/concepts/seeds/index.md). One documented family, not a suffix: "firefly-epo",
 * digits, ".adobe.io", nothing else. Linear: no nested quantifier.
 */
const FIREFLY_JOB_HOST = /^firefly-epo\d{1,12}\.adobe\.io$/;

/** What "an Adobe host" means, for messages ("x is not …"); the full list lives in SECURITY.md ("Where your token may go"). */
export const ADOBE_HOSTS_IN_WORDS =
	'an Adobe host (one where Adobe itself serves the API: IMS, cloudstorage.adobe.io, firefly-api.adobe.io, photoshop-api.adobe.io and the others SECURITY.md lists)';

/**
 * Adobe's own hosts: https on the default port, no user info, and a host named in ADOBE_API_HOSTS (or
 * a Firefly job host). Not "evil-adobe.io", not "adobe.io.evil.com", not an API Mesh or Runtime host
 * under adobe.io. A trailing-dot host ("image.adobe.io.") is refused: no Adobe URL is written that
 * way, and it can still be approved.
 */
export function isAdobeHost(url: URL): boolean {
	if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return false;
	const host = url.hostname;
	return NAMED_HOSTS.has(host) || FIREFLY_JOB_HOST.test(host);
}

/**
 * The origin of an http(s) URL text, or undefined when it is not one. Remembered for the last few texts:
 * the configured endpoints are compared with every request a file runs, and parsing them each time was
 * a measurable part of a 500-request run (npm run bench). Only for those few texts (endpoints, approved
 * origins): a request's own URL is already parsed, and passing each one here would fill the memory
 * with texts seen once and push the endpoints out of it.
 */
export function originOf(text: string): string | undefined {
	if (ORIGINS.has(text)) return ORIGINS.get(text);
	let origin: string | undefined;
	try {
		const url = new URL(text);
		origin = url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
	} catch {
		origin = undefined;
	}
	if (ORIGINS.size >= MAX_REMEMBERED_ORIGINS) ORIGINS.clear();
	ORIGINS.set(text, origin);
	return origin;
}
const MAX_REMEMBERED_ORIGINS = 64;
const ORIGINS = new Map<string, string | undefined>();

/** Same scheme, host and port (URL.origin equality) as one of the configured endpoints. */
export function matchesEndpoint(url: URL, endpoints: Record<AdobeEndpointName, string>): boolean {
	const origin = url.origin; // a getter that serializes the origin anew on each read
	return Object.values(endpoints).some((endpoint) => originOf(endpoint) === origin);
}

export type OriginVerdict = { allowed: true; reason: 'adobe' | 'endpoint' | 'approved' } | { allowed: false; origin: string; host: string };

/** Whether a request to `url` may carry the profile's token and client id; when not, the origin to ask the user about. */
export function credentialOriginVerdict(
	url: URL,
	endpoints: Record<AdobeEndpointName, string>,
	approvedOrigins: readonly string[],
): OriginVerdict {
	if (isAdobeHost(url)) return { allowed: true, reason: 'adobe' };
	if (matchesEndpoint(url, endpoints)) return { allowed: true, reason: 'endpoint' };
	// The protocol first: a blob: URL's origin is its inner URL's (blob:https://x.example/… has the origin
	// https://x.example), and a non-special scheme's is the string 'null'; neither may match an approval.
	if (isHttp(url) && approvedOrigins.some((approved) => originOf(approved) === url.origin)) {
		return { allowed: true, reason: 'approved' };
	}
	return { allowed: false, origin: url.origin, host: url.host };
}

function isHttp(url: URL): boolean {
	return url.protocol === 'https:' || url.protocol === 'http:';
}

/**
 * Refuses, without asking, a URL that may not carry the token: for addresses a server or a model
 * named (a job's status URL, an agent tool's URL), where there is no one to approve an origin.
 * `what` says what was not sent, e.g. "the request".
 */
export function requireCredentialOrigin(
	url: URL,
	endpoints: Record<AdobeEndpointName, string>,
	approvedOrigins: readonly string[],
	what: string,
): void {
	const verdict = credentialOriginVerdict(url, endpoints, approvedOrigins);
	if (verdict.allowed) return;
	throw invalidInput(
		`${verdict.host} is not ${ADOBE_HOSTS_IN_WORDS}, a configured endpoint or an origin you approved, so ${what} was not sent: the profile's token goes only where Adobe itself serves the API.`,
		{ code: 'origin_refused' },
	);
}
