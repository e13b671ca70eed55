/**
 * The emulator's IMS accepts what Adobe's IMS accepts and describes itself as Adobe's does, and a
 * token is handed out only with as much life left as Adobe's aio-lib-ims demands.
 */
import * as assert from 'node:assert/strict';
import { FormData, request } from 'undici';
import { StoredToken, isUsable } from '../../../src/core/tokens/tokenManager';
import { DEMO_CLIENTS, useEmulator } from '../helpers';

const { clientId, clientSecret } = DEMO_CLIENTS.demo;

describe('emulator IMS, as Adobe documents it', () => {
	const env = useEmulator();
	const tokenUrl = () => `${env.emulator.url}/ims/token/v3`;

	async function post(url: string, init: { headers?: Record<string, string>; body?: string | FormData } = {}) {
		const res = await request(url, { method: 'POST', ...init });
		return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
	}

	it('takes every parameter in the query string, and records that the secret came there but not the secret', async () => {
		// AdobeDocs/adobe-dev-console …/ServerToServerAuthentication/ims.md: "Parameters can be sent in the body or as query parameters."
		const query = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: clientId,
			client_secret: clientSecret,
			scope: 'openid,AdobeID',
		});
		const answer = await post(`${tokenUrl()}?${query}`);
		assert.equal(answer.status, 200, JSON.stringify(answer.body));
		assert.equal(answer.body.token_type, 'bearer');
		const [call] = env.emulator.requests;
		assert.equal(call.secretInQuery, true);
		assert.deepEqual(call.query, { grant_type: 'client_credentials', client_id: clientId, scope: 'openid,AdobeID' });
		assert.ok(!JSON.stringify(env.emulator.requests).includes(clientSecret), 'the record never holds the secret');
	});

	it("takes the client id in the query and the rest in the form body, as Adobe's public-client examples do", async () => {
		const answer = await post(`${tokenUrl()}?client_id=${clientId}`, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ client_secret: clientSecret, grant_type: 'client_credentials', scope: 'openid' }).toString(),
		});
		assert.equal(answer.status, 200, JSON.stringify(answer.body));
		assert.deepEqual(env.emulator.requests[0].formKeys, ['client_secret', 'grant_type', 'scope']);
		assert.equal(env.emulator.requests[0].secretInQuery, false);
	});

	it('takes multipart/form-data, which aio-lib-ims sends', async () => {
		// adobe/aio-lib-ims src/ims.js, _sendRequest: POST bodies are `form-data` FormData.
		const form = new FormData();
		for (const [name, value] of Object.entries({
			grant_type: 'client_credentials',
			client_id: clientId,
			client_secret: clientSecret,
			scope: 'openid,read_organizations',
		})) {
			form.append(name, value);
		}
		const answer = await post(tokenUrl(), { body: form });
		assert.equal(answer.status, 200, JSON.stringify(answer.body));
		assert.match(env.emulator.requests[0].contentType ?? '', /^multipart\/form-data; boundary=/);
		assert.deepEqual(env.emulator.requests[0].formKeys, ['grant_type', 'client_id', 'client_secret', 'scope']);
		const wrong = new FormData();
		for (const [name, value] of Object.entries({
			grant_type: 'client_credentials',
			client_id: clientId,
			client_secret: 'p8e-not-it',
			scope: 'openid',
		})) {
			wrong.append(name, value);
		}
		assert.deepEqual(
			(await post(tokenUrl(), { body: wrong })).body,
			{ error: 'invalid_client', error_description: 'invalid client_secret parameter' },
			'multipart fields are read, not just accepted',
		);
	});

	it('still refuses a body it cannot read', async () => {
		const answer = await post(tokenUrl(), {
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ grant_type: 'client_credentials' }),
		});
		assert.equal(answer.status, 400);
		assert.equal(answer.body.error, 'invalid_request');
	});

	it("rejects scopes the credential is not entitled to, in IMS's error shape", async () => {
		const older = DEMO_CLIENTS.olderStorage;
		const answer = await post(tokenUrl(), {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: older.clientId,
				client_secret: older.clientSecret,
				scope: 'openid,creative_sdk,cloud_storage_collab_api',
			}).toString(),
		});
		// IMS answers OAuth errors as {"error", "error_description"} (AdobeDocs/adobe-dev-console issue #54 quotes an invalid_scope one).
		assert.deepEqual(answer, {
			status: 400,
			body: { error: 'invalid_scope', error_description: 'Invalid scope(s): cloud_storage_collab_api' },
		});
	});

	it("serves Adobe's discovery document, field for field", async () => {
		// The sample response in AdobeDocs/adobe-dev-console src/pages/guides/authentication/UserAuthentication/ims.md, verbatim.
		const adobes = {
			issuer: 'https://ims-na1.adobelogin.com',
			authorization_endpoint: 'https://ims-na1.adobelogin.com/ims/authorize/v2',
			token_endpoint: 'https://ims-na1.adobelogin.com/ims/token/v3',
			userinfo_endpoint: 'https://ims-na1.adobelogin.com/ims/userinfo/v2',
			revocation_endpoint: 'https://ims-na1.adobelogin.com/ims/revoke',
			jwks_uri: 'https://ims-na1.adobelogin.com/ims/keys',
			response_types_supported: ['code', 'token', 'id_token', 'id_token token', 'code id_token'],
			subject_types_supported: ['public'],
			id_token_signing_alg_values_supported: ['RS256'],
			scopes_supported: ['openid', 'email', 'profile'],
			token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
			claims_supported: ['sub', 'given_name', 'family_name', 'name', 'email', 'email_verified', 'address'],
			grant_types_supported: ['authorization_code', 'implicit_grant', 'refresh_token'],
		};
		const res = await request(`${env.emulator.url}/ims/.well-known/openid-configuration`);
		assert.equal(res.statusCode, 200);
		const expected = JSON.parse(JSON.stringify(adobes).replaceAll('https://ims-na1.adobelogin.com', env.emulator.url));
		assert.deepEqual(await res.body.json(), expected);
	});
});

describe('how much life a token needs to be handed out', () => {
	const MINUTE = 60_000;
	const obtainedAt = Date.parse('2026-11-23T12:00:00Z');
	const token = (lifetimeMs: number): StoredToken => ({
		accessToken: 'a.b.c',
		tokenType: 'bearer',
		scopes: ['openid'],
		obtainedAt,
		expiresAt: obtainedAt + lifetimeMs,
	});

	it('a 24 h token: more than 10 minutes left, as aio-lib-ims requires', () => {
		// adobe/aio-lib-ims src/token-helper.js, getTokenIfValid: expiry must be "at least 10 minutes in the future" (strictly later than now + 10 min).
		const day = token(86399 * 1000);
		assert.equal(isUsable(day, day.expiresAt - 10 * MINUTE - 1), true);
		assert.equal(isUsable(day, day.expiresAt - 10 * MINUTE), false);
		assert.equal(isUsable(day, day.expiresAt - 9 * MINUTE), false, 'nine minutes left is not enough');
	});

	it('a short test token keeps a tenth of its lifetime as margin, so it is usable at all', () => {
		const short = token(3000);
		assert.equal(isUsable(short, short.obtainedAt), true);
		assert.equal(isUsable(short, short.expiresAt - 301), true);
		assert.equal(isUsable(short, short.expiresAt - 300), false);
		const hour = token(60 * MINUTE);
		assert.equal(isUsable(hour, hour.expiresAt - 6 * MINUTE - 1), true);
		assert.equal(isUsable(hour, hour.expiresAt - 6 * MINUTE), false);
		assert.equal(isUsable(undefined, obtainedAt), false);
	});
});
