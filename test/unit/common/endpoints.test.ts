import * as assert from 'node:assert/strict';
import { PRODUCTION_ENDPOINTS, parseEndpoint, parseEndpoints } from '../../../src/core/common/endpoints';
import { thrownMessage } from '../helpers';

const messageOf = (fn: () => unknown) => thrownMessage('config', fn);

describe('endpoint settings', () => {
	it('accepts Adobe production URLs and drops a trailing slash', () => {
		assert.equal(parseEndpoint('adobeApi.imsBaseUrl', 'https://ims-na1.adobelogin.com/'), 'https://ims-na1.adobelogin.com');
		assert.equal(parseEndpoint('adobeApi.cloudStorageBaseUrl', 'https://cloudstorage.adobe.io/v1/'), 'https://cloudstorage.adobe.io/v1');
	});

	it('accepts plain http only on loopback', () => {
		assert.equal(parseEndpoint('adobeApi.imsBaseUrl', 'http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
		assert.equal(parseEndpoint('adobeApi.imsBaseUrl', 'http://localhost:9/'), 'http://localhost:9');
		assert.equal(parseEndpoint('adobeApi.imsBaseUrl', 'http://[::1]:9'), 'http://[::1]:9');
	});

	it('rejects http to another host, naming the setting', () => {
		assert.equal(
			messageOf(() => parseEndpoint('adobeApi.photoshopBaseUrl', 'http://image.adobe.io')),
			"The setting adobeApi.photoshopBaseUrl must use https:// (plain http:// is allowed only for localhost, got image.adobe.io). Set it to an https:// URL, or clear it to use Adobe's production URL.",
		);
	});

	it('rejects empty, malformed, non-http, credential-bearing and query-bearing values', () => {
		assert.match(
			messageOf(() => parseEndpoint('adobeApi.imsBaseUrl', '  ')),
			/^The setting adobeApi\.imsBaseUrl is empty\./,
		);
		assert.match(
			messageOf(() => parseEndpoint('adobeApi.imsBaseUrl', 'ims adobe com')),
			/is not a valid URL \("ims adobe com"\)/,
		);
		assert.match(
			messageOf(() => parseEndpoint('adobeApi.imsBaseUrl', 'ftp://x.example')),
			/must use https:\/\/, not ftp:\/\//,
		);
		assert.match(
			messageOf(() => parseEndpoint('adobeApi.imsBaseUrl', 'https://u:p@x.example')),
			/must not contain a user name or password/,
		);
		assert.match(
			messageOf(() => parseEndpoint('adobeApi.imsBaseUrl', 'https://x.example/?a=1')),
			/must not contain a query string/,
		);
	});

	it('defaults every unset endpoint to Adobe production', () => {
		assert.deepEqual(parseEndpoints({}), PRODUCTION_ENDPOINTS);
		assert.deepEqual(parseEndpoints({ ims: 'http://127.0.0.1:1' }), { ...PRODUCTION_ENDPOINTS, ims: 'http://127.0.0.1:1' });
	});
});
