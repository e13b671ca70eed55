import * as assert from 'node:assert/strict';
import { REDACTED, redact } from '../../src/core/redact';
import { validateClientId, validateClientSecret, validateScopes, parseScopes } from '../../src/core/credentials';

describe('redaction', () => {
	it('removes registered secret values wherever they appear', () => {
		const secret = 'p8e-very-secret-value';
		assert.equal(redact(`secret is ${secret}; again ${secret}`, [secret]), `secret is ${REDACTED}; again ${REDACTED}`);
	});

	it('removes bearer tokens, form fields and JSON token fields it was not told about', () => {
		assert.equal(redact('Authorization: Bearer eyJhbGciOi.abc-def_ghi'), `Authorization: Bearer ${REDACTED}`);
		assert.equal(redact('grant_type=client_credentials&client_secret=s3cr3t&scope=openid'), `grant_type=client_credentials&client_secret=${REDACTED}&scope=openid`);
		assert.equal(redact('{"access_token":"eyJ.x.y","expires_in":86399}'), `{"access_token":"${REDACTED}","expires_in":86399}`);
	});

	it('leaves ordinary text and very short values alone', () => {
		assert.equal(redact('GET https://image.adobe.io/pie/psdService/hello → 200', ['ab']), 'GET https://image.adobe.io/pie/psdService/hello → 200');
	});
});

describe('credential shape checks', () => {
	it('accepts a Developer Console client id and secret', () => {
		assert.equal(validateClientId('4f9c6a1e2b7d4c3a9e8f0a1b2c3d4e5f'), undefined);
		assert.equal(validateClientSecret('p8e-ABCdef123_456'), undefined);
	});

	it('explains empty, padded and malformed client ids without echoing them', () => {
		assert.equal(validateClientId(''), 'Enter the Client ID (the API key) from your Developer Console credential.');
		assert.equal(validateClientId(' abc '), 'The Client ID has spaces at its start or end; paste it again without them.');
		assert.equal(
			validateClientId('abc/def'),
			'A Client ID has only letters, digits, ".", "_" and "-"; check that you copied the Client ID, not another field.',
		);
	});

	it('explains empty and multi-line secrets', () => {
		assert.equal(validateClientSecret('   '), 'Enter the Client Secret from your Developer Console credential ("Retrieve client secret").');
		assert.equal(validateClientSecret('abc\ndef'), 'A Client Secret has no spaces or line breaks; check that you copied only the secret.');
	});

	it('parses and checks scope lists', () => {
		assert.deepEqual(parseScopes(' openid, AdobeID,,read_organizations '), ['openid', 'AdobeID', 'read_organizations']);
		assert.equal(validateScopes(''), 'Enter at least one scope, comma-separated (for example openid,AdobeID,read_organizations).');
		assert.equal(validateScopes('openid, Adobe ID'), '"Adobe ID" is not a valid scope name: use letters, digits, "_", ".", ":" and "-", separated by commas.');
	});
});
