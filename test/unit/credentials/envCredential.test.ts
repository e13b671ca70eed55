import * as assert from 'node:assert/strict';
import { API_KINDS } from '../../../src/core/credentials/apiKinds';
import { DEFAULT_ENV_PROFILE_NAME, readEnvCredential } from '../../../src/core/credentials/envCredential';
import { PRODUCTION_ENDPOINTS } from '../../../src/core/common/endpoints';
import { assertNoLeak, thrownMessage } from '../helpers';

const ID = '4f9c6a1e2b7d4c3a9e8f0a1b2c3d4e5f';
const SECRET = 'p8e-ENV-test-secret-0123456789abcdef';

describe('envCredential', () => {
	it('reads ADOBE_* with scopes, API kind, profile name, endpoints and approved origins', () => {
		const credential = readEnvCredential({
			ADOBE_CLIENT_ID: ID,
			ADOBE_CLIENT_SECRET: SECRET,
			ADOBE_SCOPES: 'openid, AdobeID,read_organizations',
			ADOBE_API_KIND: 'photoshop',
			ADOBE_PROFILE_NAME: '  ps\u202e dev ',
			ADOBE_IMS_BASE_URL: 'http://127.0.0.1:4010/',
			ADOBE_PHOTOSHOP_BASE_URL: 'https://gateway.example.com/ps',
			ADOBE_APPROVED_ORIGINS: 'https://gateway.example.com, https://other.example.com:8443,https://gateway.example.com',
		});
		assert.deepEqual(credential, {
			profileName: 'ps dev',
			apiKind: 'photoshop',
			clientId: ID,
			clientSecret: SECRET,
			scopes: ['openid', 'AdobeID', 'read_organizations'],
			endpoints: {
				ims: 'http://127.0.0.1:4010',
				photoshop: 'https://gateway.example.com/ps',
				cloudStorage: PRODUCTION_ENDPOINTS.cloudStorage,
			},
			approvedOrigins: ['https://gateway.example.com', 'https://other.example.com:8443'],
			source: 'ADOBE_CLIENT_ID',
		});
	});

	it('defaults to production endpoints, the "environment" profile and the kind the scopes point to', () => {
		const credential = readEnvCredential({
			ADOBE_CLIENT_ID: ID,
			ADOBE_CLIENT_SECRET: SECRET,
			ADOBE_SCOPES: 'openid,AdobeID,creative_sdk',
			ADOBE_IMS_BASE_URL: ' ',
		});
		assert.equal(credential.profileName, DEFAULT_ENV_PROFILE_NAME);
		assert.equal(credential.apiKind, 'cloudStorage');
		assert.deepEqual(credential.endpoints, PRODUCTION_ENDPOINTS);
		assert.deepEqual(credential.approvedOrigins, []);
		const bare = readEnvCredential({ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET });
		assert.equal(bare.apiKind, 'custom');
		assert.deepEqual(bare.scopes, API_KINDS.custom.defaultScopes);
	});

	it("reads the names of Adobe's guides the way the .env import maps them", () => {
		const storage = readEnvCredential({ CLOUD_STORAGE_CLIENT_ID: ID, CLOUD_STORAGE_CLIENT_SECRET: SECRET, PATH: '/usr/bin' });
		assert.equal(storage.apiKind, 'cloudStorage');
		assert.deepEqual(storage.scopes, API_KINDS.cloudStorage.defaultScopes);
		assert.equal(storage.source, 'CLOUD_STORAGE_CLIENT_ID');

		const photoshop = readEnvCredential({
			PS_FF_SERVICES_CLIENT_ID: ID,
			PS_FF_SERVICES_CLIENT_SECRET: SECRET,
			PS_FF_SERVICES_SCOPES: 'openid,AdobeID',
		});
		assert.equal(photoshop.apiKind, 'photoshop');
		assert.deepEqual(photoshop.scopes, ['openid', 'AdobeID']);

		const other = readEnvCredential({ LIGHTROOM_FF_SERVICES_CLIENT_ID: ID, LIGHTROOM_FF_SERVICES_CLIENT_SECRET: SECRET });
		assert.equal(other.apiKind, 'custom');
		assert.equal(other.source, 'LIGHTROOM_FF_SERVICES_CLIENT_ID');
	});

	it('does not conclude Firefly from firefly_api/ff_apis: ADOBE_API_KIND must say, and a guide prefix names its own API', () => {
		const scopes = 'openid,AdobeID,firefly_api,ff_apis';
		assert.equal(
			thrownMessage('invalidInput', () => readEnvCredential({ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_SCOPES: scopes })),
			'ADOBE_SCOPES: firefly_api and ff_apis are the Firefly API\'s scopes, and also those of the Audio & Video, Illustrator and Substance 3D APIs (a Custom profile here), so they do not say which API this credential is for. Set ADOBE_API_KIND to "firefly" or "custom".',
		);
		assert.equal(
			readEnvCredential({ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_SCOPES: scopes, ADOBE_API_KIND: 'firefly' }).apiKind,
			'firefly',
		);
		assert.equal(
			readEnvCredential({ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_SCOPES: scopes, ADOBE_API_KIND: 'custom' }).apiKind,
			'custom',
		);
		// Adobe's Substance 3D guide names S3D_FF_SERVICES_*: that prefix is not Firefly, whatever its scopes.
		assert.equal(
			readEnvCredential({ S3D_FF_SERVICES_CLIENT_ID: ID, S3D_FF_SERVICES_CLIENT_SECRET: SECRET, S3D_FF_SERVICES_SCOPES: scopes }).apiKind,
			'custom',
		);
	});

	it('lets ADOBE_* win over guide names, and ADOBE_API_KIND choose among several guide names', () => {
		const both = {
			CLOUD_STORAGE_CLIENT_ID: ID,
			CLOUD_STORAGE_CLIENT_SECRET: SECRET,
			PS_FF_SERVICES_CLIENT_ID: 'aaaa1111',
			PS_FF_SERVICES_CLIENT_SECRET: 'other-secret-123456',
		};
		assert.match(
			thrownMessage('invalidInput', () => readEnvCredential(both)),
			/2 Adobe credentials \(CLOUD_STORAGE_CLIENT_ID, PS_FF_SERVICES_CLIENT_ID\): set ADOBE_API_KIND/,
		);
		assert.equal(readEnvCredential({ ...both, ADOBE_API_KIND: 'photoshop' }).clientId, 'aaaa1111');
		assert.equal(readEnvCredential({ ...both, ADOBE_CLIENT_ID: 'bbbb2222', ADOBE_CLIENT_SECRET: SECRET }).clientId, 'bbbb2222');
	});

	it('names the variable to fix and never quotes a value', () => {
		const cases: Array<[Record<string, string>, 'config' | 'invalidInput', RegExp]> = [
			[{}, 'invalidInput', /No Adobe credential in the environment: set ADOBE_CLIENT_ID and ADOBE_CLIENT_SECRET/],
			[{ ADOBE_CLIENT_ID: ID }, 'invalidInput', /ADOBE_CLIENT_ID is set but ADOBE_CLIENT_SECRET is not/],
			[{ ADOBE_CLIENT_SECRET: SECRET }, 'invalidInput', /ADOBE_CLIENT_SECRET is set but ADOBE_CLIENT_ID is not/],
			[{ ADOBE_CLIENT_ID: `${ID}!`, ADOBE_CLIENT_SECRET: SECRET }, 'invalidInput', /^ADOBE_CLIENT_ID: A Client ID has only letters/],
			[{ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: `${SECRET} x` }, 'invalidInput', /^ADOBE_CLIENT_SECRET: A Client Secret has no spaces/],
			[
				{ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_SCOPES: 'openid,bad scope' },
				'invalidInput',
				/^ADOBE_SCOPES: "bad scope" is not a valid scope name/,
			],
			[
				{ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_API_KIND: 'lightroom' },
				'invalidInput',
				/ADOBE_API_KIND must be one of cloudStorage, photoshop/,
			],
			[
				{ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_PROFILE_NAME: '\u0007' },
				'invalidInput',
				/ADOBE_PROFILE_NAME has no printable characters/,
			],
			[
				{ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_PROFILE_NAME: 'x'.repeat(65) },
				'invalidInput',
				/ADOBE_PROFILE_NAME has more than 64 characters/,
			],
			[
				{ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_IMS_BASE_URL: 'http://ims.example.com' },
				'config',
				/ADOBE_IMS_BASE_URL must use https:\/\//,
			],
			[
				{ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_CLOUD_STORAGE_BASE_URL: 'https://u:p@storage.example.com' },
				'config',
				/ADOBE_CLOUD_STORAGE_BASE_URL must not contain a user name/,
			],
			[
				{ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_APPROVED_ORIGINS: 'https://ok.example.com,http://plain.example.com' },
				'config',
				/ADOBE_APPROVED_ORIGINS must use https:\/\//,
			],
			[
				{ ADOBE_CLIENT_ID: ID, ADOBE_CLIENT_SECRET: SECRET, ADOBE_APPROVED_ORIGINS: 'https://gateway.example.com/v1' },
				'invalidInput',
				/ADOBE_APPROVED_ORIGINS lists origins only/,
			],
		];
		for (const [env, kind, expected] of cases) {
			const message = thrownMessage(kind, () => readEnvCredential(env));
			assert.match(message, expected);
			assertNoLeak([SECRET, 'u:p@'], message);
		}
	});
});
