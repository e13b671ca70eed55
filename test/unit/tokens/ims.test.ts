import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS, FakeClock, assertNoLeak, clientsFor, rejection, useEmulator } from '../helpers';

const demo = {
	clientId: DEMO_CLIENTS.demo.clientId,
	clientSecret: DEMO_CLIENTS.demo.clientSecret,
	scopes: ['openid', 'AdobeID', 'read_organizations'],
};

describe('IMS client_credentials tokens', () => {
	const env = useEmulator();

	it('gets a bearer token and computes its expiry from expires_in', async () => {
		const clock = new FakeClock();
		const token = await clientsFor(env.emulator, { clock }).ims.requestToken(demo);
		assert.equal(token.tokenType, 'bearer');
		assert.equal(token.expiresIn, 86399);
		assert.equal(token.expiresAt, clock.time + 86399 * 1000);
		assert.match(token.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
		assert.deepEqual(token.scopes, demo.scopes);
	});

	it("posts a form body, as the seeds' curl does, with nothing in the query string", async () => {
		await clientsFor(env.emulator).ims.requestToken(demo);
		const [call] = env.emulator.requests;
		assert.equal(call.method, 'POST');
		assert.equal(call.path, '/ims/token/v3');
		assert.deepEqual(call.query, {});
		// IMS would take the secret from the query too (its docs say so); a query string ends up in logs.
		assert.equal(call.secretInQuery, false);
		assert.equal(call.contentType, 'application/x-www-form-urlencoded');
		assert.deepEqual(call.formKeys, ['grant_type', 'client_id', 'client_secret', 'scope']);
	});

	it('maps an unknown client id to a message that says to copy it again', async () => {
		const error = await rejection(clientsFor(env.emulator).ims.requestToken({ ...demo, clientId: '00000000000000000000000000000000' }));
		assert.equal(
			error.message,
			"Adobe IMS rejected the Client ID (invalid_client). Copy the Client ID again from your Developer Console project's OAuth Server-to-Server credential.",
		);
		assert.deepEqual([error.status, error.code, error.detail], [400, 'invalid_client', 'invalid client_id parameter']);
		assert.equal(error.field, 'clientId', 'Edit Profile opens the Client ID');
		assert.match(error.requestId ?? '', /^emu-\d+$/);
	});

	it('maps a wrong secret to a message about the secret, and never includes it', async () => {
		const wrong = 'p8e-wrong-secret-value-1234';
		const clients = clientsFor(env.emulator);
		const error = await rejection(clients.ims.requestToken({ ...demo, clientSecret: wrong }));
		assert.equal(
			error.message,
			'Adobe IMS rejected the Client Secret (invalid_client). Copy the secret again from your Developer Console credential; if it was rotated, use the new one.',
		);
		assert.equal(error.field, 'clientSecret', 'Edit Profile opens the Client Secret');
		assertNoLeak([wrong, demo.clientSecret], error, clients.lines.join('\n'));
	});

	it("maps invalid_scope with IMS's own description and the scopes asked for", async () => {
		const error = await rejection(clientsFor(env.emulator).ims.requestToken({ ...demo, scopes: ['openid', 'photoshop_superpowers'] }));
		assert.equal(
			error.message,
			'Adobe IMS rejected the requested scopes (invalid_scope: Invalid scope(s): photoshop_superpowers). Asked for: openid,photoshop_superpowers. Use the scopes shown on your Developer Console credential.',
		);
		assert.equal(error.suggestedScopes, undefined, 'no API kind, nothing documented to offer');
		assert.equal(error.field, 'scopes');
	});

	it("after invalid_scope, offers the scope lists Adobe documents for the profile's API", async () => {
		const { clientId, clientSecret } = DEMO_CLIENTS.olderStorage;
		const asked = ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api'];
		const error = await rejection(
			clientsFor(env.emulator).ims.requestToken({ clientId, clientSecret, scopes: asked, apiKind: 'cloudStorage' }),
		);
		assert.equal(
			error.message,
			'Adobe IMS rejected the requested scopes (invalid_scope: Invalid scope(s): cloud_storage_collab_api). Asked for: openid,AdobeID,creative_sdk,cloud_storage_collab_api.' +
				" Other scope lists in Adobe's guides for Cloud Storage and Collaboration: openid,AdobeID,offline_access,creative_sdk (earlier guide)." +
				' Switch to one of these, or use the scopes shown on your Developer Console credential.',
		);
		assert.deepEqual(error.suggestedScopes, [{ label: 'earlier guide', scopes: ['openid', 'AdobeID', 'offline_access', 'creative_sdk'] }]);
		assert.equal(error.field, 'scopes');
		const token = await clientsFor(env.emulator).ims.requestToken({
			clientId,
			clientSecret,
			scopes: [...(error.suggestedScopes?.[0].scopes ?? [])],
			apiKind: 'cloudStorage',
		});
		assert.ok(token.accessToken, 'the offered list is one IMS grants this credential');
	});

	it('maps unauthorized_client to the product-profile hint', async () => {
		const { clientId, clientSecret } = DEMO_CLIENTS.unauthorized;
		const error = await rejection(clientsFor(env.emulator).ims.requestToken({ clientId, clientSecret, scopes: ['openid'] }));
		assert.equal(error.field, undefined, 'no one field to edit: the credential is set up wrong at Adobe');
		assert.equal(
			error.message,
			'Adobe IMS does not allow this client to get a token (unauthorized_client: Client is not authorized for the client_credentials grant type). Check that the credential is OAuth Server-to-Server and that its project has a product profile for this API.',
		);
	});

	it('rejects empty or malformed input before sending anything', async () => {
		const clients = clientsFor(env.emulator);
		const empty = await rejection(clients.ims.requestToken({ ...demo, clientId: '' }));
		assert.equal(empty.kind, 'invalidInput');
		assert.equal(empty.message, 'Enter the Client ID (the API key) from your Developer Console credential.');
		const spaced = await rejection(clients.ims.requestToken({ ...demo, clientSecret: 'has space' }));
		assert.equal(spaced.message, 'A Client Secret has no spaces or line breaks; check that you copied only the secret.');
		const noScopes = await rejection(clients.ims.requestToken({ ...demo, scopes: [] }));
		assert.equal(noScopes.kind, 'invalidInput');
		// Each names the field to fix, so Edit Profile opens it.
		assert.deepEqual([empty.field, spaced.field, noScopes.field], ['clientId', 'clientSecret', 'scopes']);
		assert.equal(env.emulator.count(), 0);
	});

	it('treats a 200 without access_token as a bad response', async () => {
		env.emulator.inject('ims.token', { type: 'status', status: 200, body: { token_type: 'bearer' } }, 1);
		const error = await rejection(clientsFor(env.emulator).ims.requestToken(demo));
		assert.equal(error.kind, 'badResponse');
		assert.equal(error.message, 'Adobe IMS sent an unexpected response (HTTP 200): it has no access_token.');
	});

	it('accepts expires_in only as a number of seconds from 1 s to a week', async () => {
		const clients = clientsFor(env.emulator);
		for (const expiresIn of [0.001, 0, -3600, 1e13, 8 * 86400, true, [3600], '3600', null, undefined]) {
			env.emulator.inject(
				'ims.token',
				{ type: 'status', status: 200, body: { access_token: 'a.b.c', token_type: 'bearer', expires_in: expiresIn } },
				1,
			);
			const error = await rejection(clients.ims.requestToken(demo));
			assert.equal(error.kind, 'badResponse', `expires_in ${JSON.stringify(expiresIn)}`);
			assert.equal(
				error.message,
				'Adobe IMS sent an unexpected response (HTTP 200): expires_in is not a number of seconds from 1 to 604800.',
			);
		}
		for (const expiresIn of [1, 86399, 7 * 86400]) {
			env.emulator.inject(
				'ims.token',
				{ type: 'status', status: 200, body: { access_token: 'a.b.c', token_type: 'bearer', expires_in: expiresIn } },
				1,
			);
			assert.equal((await clients.ims.requestToken(demo)).expiresIn, expiresIn);
		}
	});

	it('logs the request without the secret or the token', async () => {
		const clients = clientsFor(env.emulator);
		const token = await clients.ims.requestToken(demo);
		const log = clients.lines.join('\n');
		assert.match(log, /POST http:\/\/127\.0\.0\.1:\d+\/ims\/token\/v3 → 200 in \d+ ms \(request id emu-\d+\)/);
		assertNoLeak([demo.clientSecret, token.accessToken], log);
	});
});
