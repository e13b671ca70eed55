import * as assert from 'node:assert/strict';
import { FIREFLY_SCOPES_AMBIGUITY, guessApiKind } from '../../../src/core/credentials/apiKinds';
import { parseCredentialFile } from '../../../src/core/credentials/importCredentials';

const ID = '4f9c6a1e2b7d4c3a9e8f0a1b2c3d4e5f';
const SECRET = 'p8e-IMPORT-test-secret-0123456789abcdef';

describe('API kind from scopes', () => {
	it('concludes Cloud Storage from its own scopes, asks between Firefly and Custom for firefly_api/ff_apis, and says nothing otherwise', () => {
		assert.deepEqual(guessApiKind(['openid', 'AdobeID', 'creative_sdk']), { result: 'known', apiKind: 'cloudStorage' });
		assert.deepEqual(guessApiKind(['openid', 'cloud_storage_collab_api', 'firefly_api']), { result: 'known', apiKind: 'cloudStorage' });
		for (const scopes of [['openid', 'AdobeID', 'firefly_api', 'ff_apis'], ['ff_apis'], ['firefly_api']]) {
			assert.deepEqual(
				guessApiKind(scopes),
				{ result: 'ambiguous', candidates: ['firefly', 'custom'], why: FIREFLY_SCOPES_AMBIGUITY },
				scopes.join(','),
			);
		}
		assert.match(FIREFLY_SCOPES_AMBIGUITY, /Audio & Video, Illustrator and Substance 3D/);
		assert.deepEqual(guessApiKind(['openid', 'AdobeID', 'read_organizations']), { result: 'unknown' });
	});

	it("the Developer Console's project JSON with Firefly's scopes imports without an API kind, marked as a question", () => {
		const project = {
			project: {
				title: 'Generative',
				workspace: {
					details: {
						credentials: [
							{
								name: 'Server',
								oauth_server_to_server: {
									client_id: ID,
									client_secrets: [SECRET],
									scopes: ['openid', 'AdobeID', 'firefly_api', 'ff_apis'],
								},
							},
						],
					},
				},
			},
		};
		const [credential] = parseCredentialFile('project.json', JSON.stringify(project)).credentials;
		assert.equal(credential.apiKind, undefined, 'not concluded');
		assert.deepEqual(credential.ambiguousApiKind, { candidates: ['firefly', 'custom'], why: FIREFLY_SCOPES_AMBIGUITY });
		const download = parseCredentialFile(
			'credential.json',
			JSON.stringify({ API_KEY: ID, CLIENT_SECRETS: [SECRET], SCOPES: ['openid', 'ff_apis'] }),
		).credentials[0];
		assert.deepEqual([download.apiKind, download.ambiguousApiKind?.candidates], [undefined, ['firefly', 'custom']]);
	});
});
