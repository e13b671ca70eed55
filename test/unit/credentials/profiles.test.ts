import * as assert from 'node:assert/strict';
import { normalizeNewProfile, normalizeProfileEdit, imsBaseUrlFor, validateProfileName } from '../../../src/core/credentials/profiles';
import { parseCredentialFile } from '../../../src/core/credentials/importCredentials';
import { curlCommand, envExports, tokenCurlCommand } from '../../../src/core/credentials/snippets';
import { PRODUCTION_ENDPOINTS } from '../../../src/core/common/endpoints';
import { API_KINDS, otherDocumentedScopes } from '../../../src/core/credentials/apiKinds';
import { errorOf, ID, SECRET } from './fixtures';

describe('profiles', () => {
	it('normalizes a scripted profile and defaults scopes by API kind', () => {
		const p = normalizeNewProfile({ name: ' PS dev ', apiKind: 'photoshop', clientId: ID, clientSecret: SECRET }, []);
		assert.deepEqual(p, {
			name: 'PS dev',
			apiKind: 'photoshop',
			scopes: ['openid', 'AdobeID', 'read_organizations'],
			imsEnvironment: 'production',
			clientId: ID,
			clientSecret: SECRET,
		});
		const cs = normalizeNewProfile(
			{ name: 'CS', apiKind: 'cloudStorage', clientId: ID, clientSecret: SECRET, scopes: ['openid', 'creative_sdk'] },
			[],
		);
		assert.deepEqual(cs.scopes, ['openid', 'creative_sdk']);
	});

	it("defaults scopes to what each API's current Adobe guide requests", () => {
		const defaults = (apiKind: string) => normalizeNewProfile({ name: apiKind, apiKind, clientId: ID, clientSecret: SECRET }, []).scopes;
		// AdobeDocs/cloud-storage src/pages/guides/getting-started/authentication.md (offline_access left it in July 2025).
		assert.deepEqual(defaults('cloudStorage'), ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api']);
		// AdobeDocs/ffs-firefly-api src/pages/getting-started/index.md.
		assert.deepEqual(defaults('firefly'), [
			'openid',
			'AdobeID',
			'session',
			'additional_info',
			'read_organizations',
			'firefly_api',
			'ff_apis',
		]);
		// AdobeDocs/ffs-photoshop-API src/pages/getting-started/index.md; "photoshop" keeps its id, so profiles saved as "Photoshop / Firefly Services" still load.
		assert.deepEqual(defaults('photoshop'), ['openid', 'AdobeID', 'read_organizations']);
		assert.equal(API_KINDS.photoshop.label, 'Photoshop API');
		assert.deepEqual([API_KINDS.firefly.envPrefix, API_KINDS.firefly.tokenVariable], ['FIREFLY_SERVICES', 'FIREFLY_SERVICES_ACCESS_TOKEN']);
		for (const kind of Object.values(API_KINDS)) {
			if (kind.documentedScopes.length > 0) {
				assert.deepEqual(kind.documentedScopes[0].scopes, kind.defaultScopes, `${kind.label}: the default is the first documented list`);
			}
		}
	});

	it('offers the other documented scope lists, whatever order the asked ones were in', () => {
		assert.deepEqual(
			otherDocumentedScopes('cloudStorage', ['creative_sdk', 'openid', 'cloud_storage_collab_api', 'AdobeID']).map((s) => s.label),
			['earlier guide'],
		);
		assert.equal(otherDocumentedScopes('firefly', ['openid']).length, 3);
		assert.deepEqual(otherDocumentedScopes('photoshop', ['openid', 'AdobeID', 'read_organizations']), []);
		assert.deepEqual(otherDocumentedScopes('contentAuthenticity', ['openid']), [], 'Adobe documents none for Content Authenticity');
	});

	it('names the bad field for every kind of bad input', () => {
		const base = { name: 'x', apiKind: 'photoshop', clientId: ID, clientSecret: SECRET };
		assert.equal(
			errorOf(() => normalizeNewProfile({ ...base, name: '' }, [])),
			'name: Enter a name for this profile, for example "Photoshop dev".',
		);
		assert.equal(
			errorOf(() => normalizeNewProfile({ ...base, name: 'Dev' }, ['dev'])),
			'name: A profile named "dev" already exists; choose another name.',
		);
		assert.equal(
			errorOf(() => normalizeNewProfile({ ...base, apiKind: 'lightroom' }, [])),
			'apiKind: must be one of "cloudStorage", "photoshop", "firefly", "contentAuthenticity", "custom".',
		);
		assert.equal(
			errorOf(() => normalizeNewProfile({ ...base, clientId: '  ' }, [])),
			'clientId: Enter the Client ID (the API key) from your Developer Console credential.',
		);
		assert.equal(
			errorOf(() => normalizeNewProfile({ ...base, clientId: 'has space' }, [])),
			'clientId: A Client ID has only letters, digits, ".", "_" and "-"; check that you copied the Client ID, not another field.',
		);
		assert.equal(
			errorOf(() => normalizeNewProfile({ ...base, clientSecret: `${SECRET}\n` }, [])),
			'clientSecret: The Client Secret has spaces at its start or end; paste it again without them.',
		);
		assert.equal(
			errorOf(() => normalizeNewProfile({ ...base, clientSecret: 42 }, [])),
			'clientSecret: must be text.',
		);
		assert.equal(
			errorOf(() => normalizeNewProfile({ ...base, scopes: 'openid, read orgs' }, [])),
			'scopes: "read orgs" is not a valid scope name: use letters, digits, "_", ".", ":" and "-", separated by commas.',
		);
		assert.match(
			errorOf(() => normalizeNewProfile({ ...base, imsBaseUrl: 'http://ims.example.com' }, [])),
			/^imsBaseUrl: the URL must use https:\/\//,
		);
	});

	it('supports stage and custom IMS environments', () => {
		const base = { apiKind: 'custom', clientId: ID, clientSecret: SECRET };
		const stage = normalizeNewProfile({ ...base, name: 's', imsEnvironment: 'stage' }, []);
		assert.equal(imsBaseUrlFor(stage, PRODUCTION_ENDPOINTS.ims), 'https://ims-na1-stg1.adobelogin.com');
		const custom = normalizeNewProfile({ ...base, name: 'c', imsBaseUrl: 'http://127.0.0.1:4010/' }, []);
		assert.equal(imsBaseUrlFor(custom, PRODUCTION_ENDPOINTS.ims), 'http://127.0.0.1:4010');
	});

	it('edits only the given fields and returns secrets only when they change', () => {
		const current = { id: '1', name: 'a', apiKind: 'photoshop' as const, scopes: ['openid'], imsEnvironment: 'production' as const };
		const renamed = normalizeProfileEdit(current, { name: 'b' }, ['a', 'c']);
		assert.deepEqual(renamed, { meta: { ...current, name: 'b' }, credential: {} });
		assert.equal(
			errorOf(() => normalizeProfileEdit(current, { name: 'C' }, ['a', 'c'])),
			'name: A profile named "c" already exists; choose another name.',
		);
		assert.deepEqual(normalizeProfileEdit(current, { clientSecret: 'p8e-new-secret' }, ['a']).credential, {
			clientSecret: 'p8e-new-secret',
		});
		assert.equal(validateProfileName('a', ['a'], 'a'), undefined, 'keeping its own name is fine');
	});
});

describe('importing credentials', () => {
	const projectJson = JSON.stringify({
		project: {
			name: 'p1',
			title: 'Brand Automation',
			workspace: {
				details: {
					credentials: [
						{ name: 'Web', integration_type: 'oauth_webapp', oauth2: {} },
						{
							name: 'Server',
							integration_type: 'oauth_server_to_server',
							oauth_server_to_server: { client_id: ID, client_secrets: [SECRET], scopes: ['openid', 'AdobeID', 'creative_sdk'] },
						},
					],
				},
			},
		},
	});

	it('reads the Developer Console project JSON', () => {
		assert.deepEqual(parseCredentialFile('project.json', projectJson), {
			credentials: [
				{
					suggestedName: 'Brand Automation / Server',
					apiKind: 'cloudStorage',
					clientId: ID,
					clientSecret: SECRET,
					scopes: ['openid', 'AdobeID', 'creative_sdk'],
				},
			],
			skipped: [],
		});
	});

	it('reads the credential download JSON', () => {
		const text = JSON.stringify({
			CLIENT_SECRETS: [SECRET],
			ORG_ID: 'X@AdobeOrg',
			SCOPES: ['openid', 'AdobeID', 'read_organizations'],
			API_KEY: ID,
		});
		const [credential] = parseCredentialFile('credential.json', text).credentials;
		assert.deepEqual(
			[credential.clientId, credential.clientSecret, credential.scopes, credential.apiKind],
			[ID, SECRET, ['openid', 'AdobeID', 'read_organizations'], undefined],
		);
	});

	it("reads a .env with the seeds' variable names, quotes, comments and export", () => {
		const env = `# Adobe\nexport PS_FF_SERVICES_CLIENT_ID=${ID}\nPS_FF_SERVICES_CLIENT_SECRET="${SECRET}" # from the console\n\nCLOUD_STORAGE_CLIENT_ID='${ID}'\nCLOUD_STORAGE_CLIENT_SECRET=${SECRET}\nCLOUD_STORAGE_SCOPES=openid,AdobeID,cloud_storage_collab_api\nOTHER=1\n`;
		const found = parseCredentialFile('.env', env).credentials;
		assert.deepEqual(
			found.map((c) => [c.apiKind, c.suggestedName, c.clientId, c.clientSecret, c.scopes.join(',')]),
			[
				['photoshop', 'Photoshop API', ID, SECRET, 'openid,AdobeID,read_organizations'],
				['cloudStorage', 'Cloud Storage and Collaboration', ID, SECRET, 'openid,AdobeID,cloud_storage_collab_api'],
			],
		);
		// The Firefly API guide's names (AdobeDocs/ffs-firefly-api src/pages/getting-started/index.md) make a Firefly profile.
		const [firefly] = parseCredentialFile(
			'.env',
			`FIREFLY_SERVICES_CLIENT_ID=${ID}\nFIREFLY_SERVICES_CLIENT_SECRET=${SECRET}\n`,
		).credentials;
		assert.deepEqual(
			[firefly.apiKind, firefly.suggestedName, firefly.scopes.join(',')],
			['firefly', 'Firefly API', 'openid,AdobeID,session,additional_info,read_organizations,firefly_api,ff_apis'],
		);
		const [template] = parseCredentialFile(
			'x.env',
			`LIGHTROOM_FF_SERVICES_CLIENT_ID=${ID}\nLIGHTROOM_FF_SERVICES_CLIENT_SECRET=${SECRET}\n`,
		).credentials;
		assert.deepEqual([template.apiKind, template.suggestedName], ['custom', 'LIGHTROOM_FF_SERVICES']);
	});

	it('says what is wrong and where, without quoting values', () => {
		assert.equal(
			errorOf(() => parseCredentialFile('a.json', '{"project": {')),
			'a.json is not valid JSON (line 1, column 14). Download the credential JSON again from the Developer Console.',
		);
		assert.equal(
			errorOf(() => parseCredentialFile('b.json', '{\n  "API_KEY": 1,\n}')),
			'b.json is not valid JSON (line 3, column 1). Download the credential JSON again from the Developer Console.',
		);
		assert.match(
			errorOf(() => parseCredentialFile('c.json', '{"hello": 1}')),
			/^c\.json has no OAuth Server-to-Server credential: expected/,
		);
		assert.equal(
			errorOf(() => parseCredentialFile('d.json', JSON.stringify({ API_KEY: ID }))),
			'd.json: "CLIENT_SECRETS" is missing or empty.',
		);
		assert.equal(
			errorOf(() => parseCredentialFile('.env', `PS_FF_SERVICES_CLIENT_ID=${ID}\n`)),
			'.env, line 1: PS_FF_SERVICES_CLIENT_ID is set but PS_FF_SERVICES_CLIENT_SECRET is not.',
		);
		assert.equal(
			errorOf(() => parseCredentialFile('.env', `PS_FF_SERVICES_CLIENT_ID=${ID}\nPS_FF_SERVICES_CLIENT_SECRET=${SECRET} extra\n`)),
			'.env, credential "Photoshop API": A Client Secret has no spaces or line breaks; check that you copied only the secret.',
		);
		assert.equal(
			errorOf(() => parseCredentialFile('e.env', '   ')),
			'e.env is empty.',
		);
		assert.match(
			errorOf(() => parseCredentialFile('f.env', 'FOO=1')),
			/^f\.env has no Adobe credential variables/,
		);
	});
});

describe('snippets', () => {
	it("exports the seeds' variable names, single-quoted", () => {
		const { names, text } = envExports({ apiKind: 'photoshop', clientId: ID, scopes: ['openid', 'AdobeID'], accessToken: "tok'en" });
		assert.deepEqual(names, ['PS_FF_SERVICES_CLIENT_ID', 'PS_FF_SERVICES_SCOPES', 'PS_FF_SERVICES_ACCESS_TOKEN']);
		assert.equal(
			text,
			`export PS_FF_SERVICES_CLIENT_ID='${ID}'\nexport PS_FF_SERVICES_SCOPES='openid,AdobeID'\nexport PS_FF_SERVICES_ACCESS_TOKEN='tok'\\''en'\n`,
		);
		assert.deepEqual(envExports({ apiKind: 'cloudStorage', clientId: ID, scopes: ['openid'], clientSecret: SECRET }).names, [
			'CLOUD_STORAGE_CLIENT_ID',
			'CLOUD_STORAGE_CLIENT_SECRET',
			'CLOUD_STORAGE_SCOPES',
		]);
	});

	it('writes cURL commands that read secrets from the environment', () => {
		assert.equal(
			curlCommand('photoshop', PRODUCTION_ENDPOINTS),
			`curl -sS 'https://image.adobe.io/pie/psdService/hello' \\\n  -H "Authorization: Bearer $PS_FF_SERVICES_ACCESS_TOKEN" \\\n  -H "x-api-key: $PS_FF_SERVICES_CLIENT_ID"`,
		);
		assert.match(curlCommand('cloudStorage', PRODUCTION_ENDPOINTS), /^curl -sS 'https:\/\/cloudstorage\.adobe\.io\/v1\/projects'/);
		assert.match(tokenCurlCommand('photoshop', PRODUCTION_ENDPOINTS.ims, ['openid']), /-d "client_secret=\$PS_FF_SERVICES_CLIENT_SECRET"/);
	});
});
