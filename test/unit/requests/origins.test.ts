/** Issues #11 and #16: where a request file, an agent tool, the MCP server and the job follower may send the token. */
import * as assert from 'node:assert/strict';
import { PRODUCTION_ENDPOINTS, requestEndpoints } from '../../../src/core/common/endpoints';
import type { AdobeEndpointName } from '../../../src/core/requests/resolve';
import {
	ADOBE_API_HOSTS,
	credentialOriginVerdict,
	isAdobeHost,
	matchesEndpoint,
	requireCredentialOrigin,
} from '../../../src/core/requests/origins';
import { FollowJobDeps, cancelJob, followJob } from '../../../src/core/jobs';
import { AdobeApiError } from '../../../src/core/common/errors';
import type { HttpClient } from '../../../src/core/common/http';
import { FakeClock, rejection } from '../helpers';

const PRODUCTION: Record<AdobeEndpointName, string> = requestEndpoints(PRODUCTION_ENDPOINTS);
const EMULATOR: Record<AdobeEndpointName, string> = requestEndpoints({
	ims: 'http://127.0.0.1:4010',
	photoshop: 'http://127.0.0.1:4010',
	cloudStorage: 'http://localhost:4011/v1',
});

/** The hosts issue #16 names, each where Adobe itself serves an API that takes an IMS token. */
const NAMED_HOSTS = [
	'ims-na1.adobelogin.com',
	'ims-na1-stg1.adobelogin.com',
	'cloudstorage.adobe.io',
	'firefly-api.adobe.io',
	'photoshop-api.adobe.io',
	'image.adobe.io',
	'lr.adobe.io',
	'indesign.adobe.io',
	'illustrator-api.adobe.io',
	's3d.adobe.io',
	'audio-video-api.adobe.io',
	'express-api.adobe.io',
	'pdf-services.adobe.io',
	'pdf-services-ue1.adobe.io',
	'pdf-services-ew1.adobe.io',
	'api.frame.io',
];

/** Hosts under adobe.io that serve code Adobe's customers deploy: App Builder I/O Runtime and API Mesh gateways. */
const CUSTOMER_CODE_HOSTS = [
	'runtime.adobe.io',
	'attacker.runtime.adobe.io',
	'edge-graph.adobe.io',
	'edge-sandbox-graph.adobe.io',
	'graph.adobe.io',
];

describe('request files: token origins', () => {
	it('accepts each host where Adobe serves an API, over https, in any letter case', () => {
		for (const host of NAMED_HOSTS) {
			for (const url of [`https://${host}/x`, `https://${host.toUpperCase()}/x?y=1`, `https://${host}:443/x`]) {
				assert.equal(isAdobeHost(new URL(url)), true, url);
				assert.deepEqual(credentialOriginVerdict(new URL(url), PRODUCTION, []), { allowed: true, reason: 'adobe' }, url);
				assert.doesNotThrow(() => requireCredentialOrigin(new URL(url), PRODUCTION, [], 'the request'), url);
			}
		}
		assert.equal(isAdobeHost(new URL('https://image.adobe\u3002io/x')), true, 'an ideographic full stop is a dot to the URL parser');
	});

	it('names every listed host with its API and a source, and lists each once', () => {
		assert.deepEqual(
			ADOBE_API_HOSTS.map((entry) => entry.host).filter((host) => NAMED_HOSTS.includes(host)),
			NAMED_HOSTS,
			'every host of the issue is listed, in this order',
		);
		assert.equal(new Set(ADOBE_API_HOSTS.map((entry) => entry.host)).size, ADOBE_API_HOSTS.length);
		for (const entry of ADOBE_API_HOSTS) {
			assert.match(entry.host, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/, entry.host);
			assert.ok(entry.api.length > 0, entry.host);
			assert.match(entry.source, /^(AdobeDocs|adobe)\/[\w.-]+ \S/, `${entry.host}: a repository path`);
			assert.equal(isAdobeHost(new URL(`https://${entry.host}/`)), true, entry.host);
		}
	});

	it("accepts Firefly's numbered job hosts, and nothing else that looks like them", () => {
		for (const host of ['firefly-epo854211.adobe.io', 'firefly-epo852211.adobe.io', 'FIREFLY-EPO1.adobe.io']) {
			assert.equal(isAdobeHost(new URL(`https://${host}/v3/status/urn:ff:jobs:1`)), true, host);
		}
		for (const host of [
			'firefly-epo.adobe.io',
			'firefly-epox1.adobe.io',
			'firefly-epo1a.adobe.io',
			'x.firefly-epo1.adobe.io',
			'firefly-epo1.adobe.io.evil.com',
			'firefly-epo1.evil.io',
			`firefly-epo${'1'.repeat(13)}.adobe.io`,
		]) {
			assert.equal(isAdobeHost(new URL(`https://${host}/x`)), false, host);
		}
	});

	it("refuses App Builder's Runtime and API Mesh hosts, where Adobe's customers deploy code, unless the user approved one", () => {
		for (const host of CUSTOMER_CODE_HOSTS) {
			const url = new URL(`https://${host}/api/6a1b2c3d/graphql`);
			assert.equal(isAdobeHost(url), false, host);
			assert.deepEqual(credentialOriginVerdict(url, PRODUCTION, []), { allowed: false, origin: `https://${host}`, host }, host);
			const error = rejectionSync(() => requireCredentialOrigin(url, PRODUCTION, [], "the job's status request"));
			assert.equal(error.code, 'origin_refused', host);
			assert.match(
				error.message,
				new RegExp(`^${host.replace(/\./g, '\\.')} is not an Adobe host \\(one where Adobe itself serves the API`),
				host,
			);
			assert.match(error.message, /the job's status request was not sent/);
			assert.doesNotMatch(error.message, /\*\.adobe\.io/, 'the message no longer promises every adobe.io host');
			assert.deepEqual(
				credentialOriginVerdict(url, PRODUCTION, [`https://${host}`]),
				{ allowed: true, reason: 'approved' },
				`${host}, approved`,
			);
		}
	});

	it('refuses the bare domains, other adobe.io and adobelogin.com hosts, and look-alikes', () => {
		for (const url of [
			'https://adobe.io/',
			'https://adobelogin.com/',
			'https://www.adobe.io/x',
			'https://api.adobe.io/x',
			'https://anything.adobe.io/x',
			'https://ims-na2.adobelogin.com/ims/token/v3',
			'https://evil.ims-na1.adobelogin.com/ims/token/v3',
			'https://x.firefly-api.adobe.io/x',
			'https://firefly-api.adobe.io.evil.com/x',
			'https://evil-adobe.io/x',
			'https://adobe.io.evil.com/x',
			'https://image.adobe.io.evil.com/x',
			'https://notadobelogin.com/x',
			'https://adobelogin.com.evil.com/x',
			'https://frame.io/x',
			'https://evil.api.frame.io/x',
			'http://firefly-api.adobe.io/x',
			'http://ims-na1.adobelogin.com/ims/token/v3',
			'https://firefly-api.adobe.io@evil.com/x',
			'https://firefly-api.adobe.io:443@evil.com/x',
			'https://evil.com\\@image.adobe.io/x',
			'https://user:pass@image.adobe.io/x',
			'https://image.adobe.io:8443/x',
			'https://image.adobe.io./x',
			'https://image.ad\u043ebe.io/x',
			'https://adobe.io%2eevil.com/x',
			'wss://image.adobe.io/x',
		]) {
			const parsed = new URL(url);
			assert.equal(isAdobeHost(parsed), false, `${url} → ${parsed.host}`);
		}
		assert.equal(new URL('https://image.ad\u043ebe.io/').hostname.startsWith('image.xn--'), true, 'a Cyrillic look-alike becomes punycode');
	});

	it('follows no job whose status or cancel URL is on an API Mesh or Runtime host: no token is asked for, nothing is sent', async () => {
		for (const host of CUSTOMER_CODE_HOSTS) {
			let tokensAsked = 0;
			let sent = 0;
			const deps: FollowJobDeps = {
				http: { send: async () => (sent++, Promise.reject(new Error('must not send'))) } as unknown as HttpClient,
				authHeaders: async () => (tokensAsked++, { authorization: 'Bearer secret-token', 'x-api-key': 'client' }),
				checkOrigin: async (url) => requireCredentialOrigin(url, PRODUCTION, [], "the job's status request"),
				clock: new FakeClock(),
			};
			const ref = {
				api: 'firefly' as const,
				statusUrl: `https://${host}/v3/status/urn:ff:jobs:1`,
				cancelUrl: `https://${host}/v3/cancel/urn:ff:jobs:1`,
			};
			const followed = await rejection(followJob(ref, deps));
			assert.equal(followed.code, 'origin_refused', host);
			const cancelled = await rejection(cancelJob(ref, deps));
			assert.equal(cancelled.code, 'origin_refused', host);
			assert.equal(tokensAsked, 0, `${host}: no token asked for`);
			assert.equal(sent, 0, `${host}: nothing sent`);
		}
	});

	it('matches the configured endpoints by scheme, host and port only', () => {
		assert.equal(matchesEndpoint(new URL('http://127.0.0.1:4010/pie/psdService/hello'), EMULATOR), true);
		assert.equal(matchesEndpoint(new URL('http://localhost:4011/other/path'), EMULATOR), true, 'the path does not matter');
		assert.equal(matchesEndpoint(new URL('http://127.0.0.1:4011/x'), EMULATOR), false, 'another port');
		assert.equal(matchesEndpoint(new URL('https://127.0.0.1:4010/x'), EMULATOR), false, 'another scheme');
		assert.equal(matchesEndpoint(new URL('http://localhost:4010/x'), EMULATOR), false, 'another host name for the same machine');
		assert.equal(matchesEndpoint(new URL('http://127.0.0.1:4010@evil.com/x'), EMULATOR), false, 'user info trick');
		assert.equal(matchesEndpoint(new URL('https://cloudstorage.adobe.io/v2/x'), PRODUCTION), true);
		assert.equal(
			matchesEndpoint(new URL('https://x.example'), {
				ims: 'not a url',
				photoshop: '',
				cloudStorage: 'ftp://x.example',
				firefly: '',
				photoshopV2: '',
			}),
			false,
		);
	});

	it('gives the reason a request may carry credentials, or the origin and host to ask about', () => {
		assert.deepEqual(credentialOriginVerdict(new URL('https://firefly-api.adobe.io/v3/x'), EMULATOR, []), {
			allowed: true,
			reason: 'adobe',
		});
		assert.deepEqual(credentialOriginVerdict(new URL('http://127.0.0.1:4010/x'), EMULATOR, []), { allowed: true, reason: 'endpoint' });
		assert.deepEqual(credentialOriginVerdict(new URL('https://api.example.com:8443/x'), EMULATOR, ['https://api.example.com:8443']), {
			allowed: true,
			reason: 'approved',
		});
		assert.deepEqual(
			credentialOriginVerdict(new URL('https://API.example.com:8443/x'), EMULATOR, ['https://api.example.com:8443/']),
			{ allowed: true, reason: 'approved' },
			'approved origins are compared normalised',
		);
		assert.deepEqual(
			credentialOriginVerdict(new URL('https://api.example.com/x'), EMULATOR, [
				'https://api.example.com:8443',
				'http://api.example.com',
				'garbage',
			]),
			{
				allowed: false,
				origin: 'https://api.example.com',
				host: 'api.example.com',
			},
		);
		assert.deepEqual(credentialOriginVerdict(new URL('https://firefly-api.adobe.io@evil.com/collect'), PRODUCTION, []), {
			allowed: false,
			origin: 'https://evil.com',
			host: 'evil.com',
		});
		assert.deepEqual(credentialOriginVerdict(new URL('http://image.adobe.io/x'), PRODUCTION, []), {
			allowed: false,
			origin: 'http://image.adobe.io',
			host: 'image.adobe.io',
		});
		assert.deepEqual(credentialOriginVerdict(new URL('https://image.adobe.io:8443/x'), PRODUCTION, []), {
			allowed: false,
			origin: 'https://image.adobe.io:8443',
			host: 'image.adobe.io:8443',
		});
	});

	it('approves only http(s) URLs: not a blob: URL whose inner origin was approved, nor a scheme whose origin is "null"', () => {
		const approved = ['https://api.example.com', 'null', 'web+x://h'];
		assert.deepEqual(credentialOriginVerdict(new URL('blob:https://api.example.com/6f1c'), EMULATOR, approved), {
			allowed: false,
			origin: 'https://api.example.com',
			host: '',
		});
		for (const url of ['data:text/plain,x', 'file:///x', 'web+x://h/p']) {
			const parsed = new URL(url);
			assert.deepEqual(credentialOriginVerdict(parsed, EMULATOR, approved), { allowed: false, origin: 'null', host: parsed.host }, url);
		}
		assert.deepEqual(credentialOriginVerdict(new URL('https://api.example.com/x'), EMULATOR, approved), {
			allowed: true,
			reason: 'approved',
		});
	});

	it("keeps the endpoints' and approved origins' parsed forms however many request URLs it judges (a request's own URL is not remembered)", () => {
		const approved = ['https://api.example.com:8443', 'http://localhost:9000'];
		const judge = (url: string) => credentialOriginVerdict(new URL(url), EMULATOR, approved);
		// Every URL a call parses, counted through the global URL constructor, which origins.ts looks up at each call.
		const RealURL = globalThis.URL;
		let parsed: string[] = [];
		class CountingURL extends RealURL {
			constructor(url: string | URL, base?: string | URL) {
				super(url, base);
				parsed.push(String(url));
			}
		}
		const counting = <T>(fn: () => T): T => {
			globalThis.URL = CountingURL;
			try {
				return fn();
			} finally {
				globalThis.URL = RealURL;
			}
		};
		judge('https://first.example/x'); // the endpoints and approved origins parsed and remembered
		const requests = Array.from({ length: 500 }, (_, i) => new URL(`https://host${i}.example/items/${i}?page=${i}`));
		parsed = [];
		const verdicts = counting(() => requests.map((url) => credentialOriginVerdict(url, EMULATOR, approved)));
		assert.ok(verdicts.every((verdict) => !verdict.allowed));
		assert.deepEqual(parsed, [], '500 distinct request URLs: no text parsed again');
		const after = counting(() => [judge('http://127.0.0.1:4010/x'), judge('https://api.example.com:8443/y')]);
		assert.deepEqual(after, [
			{ allowed: true, reason: 'endpoint' },
			{ allowed: true, reason: 'approved' },
		]);
		assert.deepEqual(
			parsed,
			['http://127.0.0.1:4010/x', 'https://api.example.com:8443/y'],
			'only the two request URLs: the endpoints were not evicted',
		);
	});
});

/** The AdobeApiError a synchronous call throws (fails when it returns). */
function rejectionSync(fn: () => void): AdobeApiError {
	try {
		fn();
	} catch (error) {
		assert.ok(error instanceof AdobeApiError, String(error));
		return error;
	}
	assert.fail('expected an error');
}
