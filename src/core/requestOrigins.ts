/**
 * Where a request file may send {{$adobeToken}} and {{$adobeClientId}}: only to Adobe, to the
 * configured endpoints, or to an origin the user approved, so that a cloned repository's request file
 * cannot send a token elsewhere with one click.
 *
 * Host checks read `URL.hostname`, which the WHATWG URL parser has already lower-cased, IDNA-mapped
 * (punycode) and stripped of user info, so "https://firefly-api.adobe.io@evil.com" is evil.com and a
 * look-alike letter is an xn-- label that matches nothing.
 */
import { AdobeApiError } from './errors';
import type { AdobeEndpointName } from './requestFile';

/** Adobe's API gateway (*.adobe.io) and IMS (*.adobelogin.com). */
const ADOBE_DOMAINS = ['adobe.io', 'adobelogin.com'];

/**
 * Adobe's own hosts: https on the default port, no user info, and a host equal to or ending in
 * ".adobe.io" / ".adobelogin.com" (not "evil-adobe.io", not "adobe.io.evil.com"). A trailing-dot
 * host ("image.adobe.io.") is refused: no Adobe URL is written that way, and it can still be approved.
 */
export function isAdobeHost(url: URL): boolean {
	if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return false;
	const host = url.hostname;
	if (CUSTOMER_CODE_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`))) return false;
	return ADOBE_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * Hosts under adobe.io that serve code anyone can deploy: App Builder's I/O Runtime web actions, as
 * Adobe's own pages write their URLs (Adobe Commerce's webhook guides:
 * `https://<your_app_builder>.runtime.adobe.io/api/v1/web/…`; App Builder samples:
 * `https://runtime.adobe.io/api/v1/web/<namespace>/…`). A token sent there reaches whoever deployed
 * the action, so they are not Adobe for this rule: the user can still approve one of their own.
 */
const CUSTOMER_CODE_DOMAINS = ['runtime.adobe.io'];

/** The origin of an http(s) URL text, or undefined when it is not one. */
function originOf(text: string): string | undefined {
	try {
		const url = new URL(text);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
	} catch {
		return undefined;
	}
}

/** Same scheme, host and port (URL.origin equality) as one of the configured endpoints. */
export function matchesEndpoint(url: URL, endpoints: Record<AdobeEndpointName, string>): boolean {
	return Object.values(endpoints).some((endpoint) => originOf(endpoint) === url.origin);
}

export type OriginVerdict = { allowed: true; reason: 'adobe' | 'endpoint' | 'approved' } | { allowed: false; origin: string; host: string };

/** Whether a request to `url` may carry the profile's token and client id; when not, the origin to ask the user about. */
export function credentialOriginVerdict(url: URL, endpoints: Record<AdobeEndpointName, string>, approvedOrigins: readonly string[]): OriginVerdict {
	if (isAdobeHost(url)) return { allowed: true, reason: 'adobe' };
	if (matchesEndpoint(url, endpoints)) return { allowed: true, reason: 'endpoint' };
	if (originOf(url.href) !== undefined && approvedOrigins.some((approved) => originOf(approved) === url.origin)) return { allowed: true, reason: 'approved' };
	return { allowed: false, origin: url.origin, host: url.host };
}

/**
 * Refuses, without asking, a URL that may not carry the token: for addresses a server or a model
 * named (a job's status URL, an agent tool's URL), where there is no one to approve an origin.
 * `what` says what was not sent, e.g. "the request".
 */
export function requireCredentialOrigin(url: URL, endpoints: Record<AdobeEndpointName, string>, approvedOrigins: readonly string[], what: string): void {
	const verdict = credentialOriginVerdict(url, endpoints, approvedOrigins);
	if (verdict.allowed) return;
	throw new AdobeApiError(
		`${verdict.host} is not an Adobe host (https://*.adobe.io, *.adobelogin.com), a configured endpoint or an origin you approved, so ${what} was not sent: the profile's token goes only to Adobe.`,
		{ kind: 'invalidInput', code: 'origin_refused' },
	);
}
