import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Settings } from '../../../src/shared/constants';
import { DEFAULT_REDIRECT_URI, DEFAULT_SIGN_IN_SCOPES, parseSignInConfig, scopeList } from '../../../src/core/signIn/signInConfig';
import { thrownMessage } from '../helpers';

describe('Sign-in settings', () => {
	const clientId = '9a8b7c6d5e4f40318a2b1c0d9e8f7a6b';

	it("defaults to VS Code's relay and the scopes of a Cloud Storage user credential: no offline_access, email or profile", () => {
		assert.deepEqual(parseSignInConfig({ clientId }), { clientId, redirectUri: DEFAULT_REDIRECT_URI, scopes: DEFAULT_SIGN_IN_SCOPES });
		assert.equal(DEFAULT_REDIRECT_URI, 'https://vscode.dev/redirect');
		// IMS refuses a scope the credential does not list, and Single Page App credentials get no refresh token.
		assert.deepEqual(DEFAULT_SIGN_IN_SCOPES, ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api']);
		for (const scope of ['offline_access', 'email', 'profile']) assert.ok(!DEFAULT_SIGN_IN_SCOPES.includes(scope), scope);
	});

	it('asks for the Client ID of a Single Page App credential when it is missing', () => {
		assert.match(
			thrownMessage('config', () => parseSignInConfig({})),
			/set adobeApi\.signIn\.clientId to the Client ID \(API key\) of an OAuth Single Page App credential/,
		);
	});

	it('refuses a redirect URI Adobe would not redirect to: not HTTPS, or with a fragment', () => {
		for (const redirectUri of ['http://localhost/redirect', 'https://example.com/relay#x', 'vscode://adobe', 'not a url']) {
			assert.match(
				thrownMessage('config', () => parseSignInConfig({ clientId, redirectUri })),
				/adobeApi\.signIn\.redirectUri must be an https:\/\/ URL/,
				redirectUri,
			);
		}
		assert.equal(
			parseSignInConfig({ clientId, redirectUri: 'https://relay.example.com/adobe' }).redirectUri,
			'https://relay.example.com/adobe',
		);
	});

	it("takes a loopback http:// relay only from an IMS on this computer (the demo's emulator), never for Adobe's IMS", () => {
		const relay = 'http://127.0.0.1:41234/redirect';
		assert.equal(parseSignInConfig({ clientId, redirectUri: relay }, 'http://127.0.0.1:40000').redirectUri, relay);
		for (const ims of [undefined, 'https://ims-na1.adobelogin.com', 'https://ims-na1-stg1.adobelogin.com']) {
			assert.match(
				thrownMessage('config', () => parseSignInConfig({ clientId, redirectUri: relay }, ims)),
				/adobeApi\.signIn\.redirectUri must be an https:\/\/ URL/,
				String(ims),
			);
		}
		// Loopback http only: another host over http is refused even with a local IMS.
		assert.match(
			thrownMessage('config', () =>
				parseSignInConfig({ clientId, redirectUri: 'http://relay.example.com/redirect' }, 'http://127.0.0.1:40000'),
			),
			/must be an https:\/\/ URL/,
		);
	});

	it('reads scopes from a string or a list and requires openid', () => {
		assert.deepEqual(parseSignInConfig({ clientId, scopes: 'openid, AdobeID email' }).scopes, ['openid', 'AdobeID', 'email']);
		assert.deepEqual(scopeList(['openid', 'openid', ' email ']), ['openid', 'email']);
		assert.match(
			thrownMessage('config', () => parseSignInConfig({ clientId, scopes: 'AdobeID' })),
			/must include openid/,
		);
		assert.match(
			thrownMessage('config', () => parseSignInConfig({ clientId, scopes: 'openid,bad scope!' })),
			/is not a valid scope name/,
		);
	});

	it('are application-scoped in package.json, with the defaults the code uses', () => {
		const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8'));
		const props = manifest.contributes.configuration.properties;
		for (const key of [Settings.signInClientId, Settings.signInRedirectUri, Settings.signInScopes]) {
			assert.equal(props[key].scope, 'application', key);
		}
		assert.equal(props[Settings.signInRedirectUri].default, DEFAULT_REDIRECT_URI);
		assert.equal(props[Settings.signInScopes].default, DEFAULT_SIGN_IN_SCOPES.join(','));
		assert.deepEqual(manifest.contributes.authentication, [{ id: 'adobe-ims', label: 'Adobe' }]);
		assert.ok(manifest.activationEvents.includes('onAuthenticationRequest:adobe-ims'));
	});
});
