/** Issue #11: where a request file may send {{$adobeToken}} and {{$adobeClientId}}. */
import * as assert from 'node:assert/strict';
import { PRODUCTION_ENDPOINTS, requestEndpoints } from '../../src/core/endpoints';
import type { AdobeEndpointName } from '../../src/core/requestFile';
import { credentialOriginVerdict, isAdobeHost, matchesEndpoint } from '../../src/core/requestOrigins';

const PRODUCTION: Record<AdobeEndpointName, string> = requestEndpoints(PRODUCTION_ENDPOINTS);
const EMULATOR: Record<AdobeEndpointName, string> = requestEndpoints({ ims: 'http://127.0.0.1:4010', photoshop: 'http://127.0.0.1:4010', cloudStorage: 'http://localhost:4011/v1' });

describe('request files: token origins', () => {
	it("accepts Adobe's hosts over https, in any letter case", () => {
		for (const url of [
			'https://image.adobe.io/pie/psdService/hello',
			'https://firefly-api.adobe.io/v3/images/generate-async',
			'https://adobe.io/',
			'https://ims-na1.adobelogin.com/ims/token/v3',
			'https://adobelogin.com',
			'https://IMAGE.Adobe.IO/x',
			'https://image.adobe.io:443/x',
			'https://image.adobe\u3002io/x',
		]) {
			assert.equal(isAdobeHost(new URL(url)), true, url);
		}
	});

	it('refuses look-alike hosts, plain http, other ports, user info and a trailing dot', () => {
		for (const url of [
			'https://evil-adobe.io/x',
			'https://adobe.io.evil.com/x',
			'https://image.adobe.io.evil.com/x',
			'https://notadobelogin.com/x',
			'https://adobelogin.com.evil.com/x',
			'http://x.adobe.io/x',
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

	it("refuses App Builder's runtime hosts under adobe.io, where anyone can deploy code", () => {
		for (const url of ['https://runtime.adobe.io/api/v1/web/attacker/default/steal', 'https://attacker.runtime.adobe.io/x', 'https://RUNTIME.adobe.io/x']) {
			assert.equal(isAdobeHost(new URL(url)), false, url);
			assert.equal(credentialOriginVerdict(new URL(url), PRODUCTION, []).allowed, false, url);
		}
		assert.equal(credentialOriginVerdict(new URL('https://attacker.runtime.adobe.io/x'), PRODUCTION, ['https://attacker.runtime.adobe.io']).allowed, true, 'unless the user approved it');
		assert.equal(isAdobeHost(new URL('https://firefly-api.adobe.io/v3/images/generate-async')), true);
	});

	it('matches the configured endpoints by scheme, host and port only', () => {
		assert.equal(matchesEndpoint(new URL('http://127.0.0.1:4010/pie/psdService/hello'), EMULATOR), true);
		assert.equal(matchesEndpoint(new URL('http://localhost:4011/other/path'), EMULATOR), true, 'the path does not matter');
		assert.equal(matchesEndpoint(new URL('http://127.0.0.1:4011/x'), EMULATOR), false, 'another port');
		assert.equal(matchesEndpoint(new URL('https://127.0.0.1:4010/x'), EMULATOR), false, 'another scheme');
		assert.equal(matchesEndpoint(new URL('http://localhost:4010/x'), EMULATOR), false, 'another host name for the same machine');
		assert.equal(matchesEndpoint(new URL('http://127.0.0.1:4010@evil.com/x'), EMULATOR), false, 'user info trick');
		assert.equal(matchesEndpoint(new URL('https://cloudstorage.adobe.io/v2/x'), PRODUCTION), true);
		assert.equal(matchesEndpoint(new URL('https://x.example'), { ims: 'not a url', photoshop: '', cloudStorage: 'ftp://x.example', firefly: '', photoshopV2: '' }), false);
	});

	it('gives the reason a request may carry credentials, or the origin and host to ask about', () => {
		assert.deepEqual(credentialOriginVerdict(new URL('https://firefly-api.adobe.io/v3/x'), EMULATOR, []), { allowed: true, reason: 'adobe' });
		assert.deepEqual(credentialOriginVerdict(new URL('http://127.0.0.1:4010/x'), EMULATOR, []), { allowed: true, reason: 'endpoint' });
		assert.deepEqual(credentialOriginVerdict(new URL('https://api.example.com:8443/x'), EMULATOR, ['https://api.example.com:8443']), { allowed: true, reason: 'approved' });
		assert.deepEqual(credentialOriginVerdict(new URL('https://API.example.com:8443/x'), EMULATOR, ['https://api.example.com:8443/']), { allowed: true, reason: 'approved' }, 'approved origins are compared normalised');
		assert.deepEqual(credentialOriginVerdict(new URL('https://api.example.com/x'), EMULATOR, ['https://api.example.com:8443', 'http://api.example.com', 'garbage']), {
			allowed: false,
			origin: 'https://api.example.com',
			host: 'api.example.com',
		});
		assert.deepEqual(credentialOriginVerdict(new URL('https://firefly-api.adobe.io@evil.com/collect'), PRODUCTION, []), { allowed: false, origin: 'https://evil.com', host: 'evil.com' });
		assert.deepEqual(credentialOriginVerdict(new URL('http://image.adobe.io/x'), PRODUCTION, []), { allowed: false, origin: 'http://image.adobe.io', host: 'image.adobe.io' });
		assert.deepEqual(credentialOriginVerdict(new URL('https://image.adobe.io:8443/x'), PRODUCTION, []), { allowed: false, origin: 'https://image.adobe.io:8443', host: 'image.adobe.io:8443' });
	});
});
