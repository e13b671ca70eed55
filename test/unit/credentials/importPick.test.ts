/** Issue #18 (12): the import picker says each thing once ("Photoshop API  Photoshop API" was a .env credential's row). */
import * as assert from 'node:assert/strict';
import { parseCredentialFile } from '../../../src/core/credentials/importCredentials';
import { importPickDescription } from '../../../src/core/credentials/importPick';
import { ID, SECRET } from './fixtures';

describe('the import picker rows', () => {
	it("does not repeat a .env credential's name, which is its API: the row shows its scopes", () => {
		const { credentials } = parseCredentialFile(
			'adobe-demo.env',
			`PS_FF_SERVICES_CLIENT_ID=${ID}\nPS_FF_SERVICES_CLIENT_SECRET=${SECRET}\nCLOUD_STORAGE_CLIENT_ID=${ID}\nCLOUD_STORAGE_CLIENT_SECRET=${SECRET}\n`,
		);
		const rows = credentials.map((c) => [c.suggestedName, importPickDescription(c)]);
		assert.deepEqual(rows, [
			['Photoshop API', 'openid,AdobeID,read_organizations'],
			['Cloud Storage and Collaboration', 'openid,AdobeID,creative_sdk,cloud_storage_collab_api'],
		]);
		for (const [label, description] of rows) assert.ok(!description.includes(label), `"${label}" twice`);
	});

	it("names the API of a project's credential, whose name does not, and says when it is still to choose", () => {
		const base = { suggestedName: 'Brand Bots / S2S', scopes: ['openid', 'AdobeID', 'creative_sdk'] };
		assert.equal(
			importPickDescription({ ...base, apiKind: 'cloudStorage' }),
			'Cloud Storage and Collaboration · openid,AdobeID,creative_sdk',
		);
		assert.equal(
			importPickDescription({
				...base,
				ambiguousApiKind: { candidates: ['firefly', 'custom'], why: 'firefly_api' },
				scopes: ['firefly_api'],
			}),
			'API to choose (the scopes fit several) · firefly_api',
		);
		assert.equal(importPickDescription({ ...base, scopes: [] }), 'API not stated');
	});
});
