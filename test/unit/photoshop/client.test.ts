import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS, assertNoLeak, clientsFor, rejection, useEmulator } from '../helpers';

const clientId = DEMO_CLIENTS.demo.clientId;

describe('Photoshop API hello', () => {
	// These tests are about the hello call's mechanics: the emulator serves Photoshop API v1 as before its end of life.
	const env = useEmulator({ photoshopV1: true });

	it('returns the welcome text, status, latency and request id', async () => {
		const accessToken = env.emulator.issueToken(clientId);
		const result = await clientsFor(env.emulator).photoshop.hello({ accessToken, clientId });
		assert.equal(result.status, 200);
		assert.equal(result.body, 'Welcome to the Photoshop API!');
		assert.ok(result.latencyMs >= 0);
		assert.match(result.requestId ?? '', /^emu-\d+$/);
	});

	it('sends the token as Bearer and the client id as x-api-key', async () => {
		const accessToken = env.emulator.issueToken(clientId);
		await clientsFor(env.emulator).photoshop.hello({ accessToken, clientId });
		assert.equal(env.emulator.requests[0].clientId, clientId);
		assert.equal(env.emulator.requests[0].status, 200);
	});

	it('maps an expired token to 401013 with the refresh advice', async () => {
		const accessToken = env.emulator.issueToken(clientId);
		env.emulator.expireAllTokens();
		const clients = clientsFor(env.emulator);
		const error = await rejection(clients.photoshop.hello({ accessToken, clientId }));
		assert.equal(error.status, 401);
		assert.equal(error.code, '401013');
		assert.equal(
			error.message,
			'The Photoshop API rejected the access token (401013: Oauth token is not valid). Refresh the token; if that does not help, the Technical Account may have been revoked.',
		);
		assertNoLeak([accessToken], error, clients.lines.join('\n'));
	});

	it('maps the expiredToken fault the same way', async () => {
		const accessToken = env.emulator.issueToken(clientId);
		env.emulator.inject('photoshop.hello', { type: 'expiredToken' }, 1);
		const error = await rejection(clientsFor(env.emulator).photoshop.hello({ accessToken, clientId }));
		assert.equal(error.code, '401013');
	});

	it('maps an API key the gateway does not accept to 403003, as a key unknown for this API', async () => {
		const accessToken = env.emulator.issueToken(clientId);
		const error = await rejection(clientsFor(env.emulator).photoshop.hello({ accessToken, clientId: DEMO_CLIENTS.storageDenied.clientId }));
		assert.equal(error.status, 403);
		assert.equal(
			error.message,
			'The Photoshop API does not know this API key (403003: Api Key is invalid): the API is not added to the Developer Console project of this credential, or the x-api-key is not its Client ID.',
		);
	});

	it('maps a missing API key to 403000', async () => {
		const accessToken = env.emulator.issueToken(clientId);
		const error = await rejection(clientsFor(env.emulator).photoshop.hello({ accessToken, clientId: '' }));
		assert.equal(
			error.message,
			'The Photoshop API needs an API key (403000: Api Key is required). The Client ID must be sent as x-api-key.',
		);
	});

	it('maps an unknown token to 401013', async () => {
		const error = await rejection(clientsFor(env.emulator).photoshop.hello({ accessToken: 'not-a-token', clientId }));
		assert.equal(error.code, '401013');
	});

	it('parses numeric error_code values from newer gateways', async () => {
		env.emulator.inject(
			'photoshop.hello',
			{ type: 'status', status: 403, body: { error_code: 403003, message: 'Api Key is invalid', status: 403 } },
			1,
		);
		const error = await rejection(clientsFor(env.emulator).photoshop.hello({ accessToken: 'x', clientId }));
		assert.equal(error.code, '403003');
		assert.match(error.message, /^The Photoshop API does not know this API key/);
	});
});

/** What the hello call says once Photoshop API v1 is gone, as it is at Adobe since 31 July 2026. */
const retiredMessage = (status: number) =>
	`Photoshop API v1 was retired on 31 July 2026: its hello endpoint (GET /pie/psdService/hello) answered HTTP ${status}. Verify Credential uses Photoshop API v2 (https://photoshop-api.adobe.io, which has no hello): run "Adobe: Verify Credential" to check this credential. If adobeApi.photoshopBaseUrl does not point at Adobe, check it too.`;

describe('Photoshop API hello after the end of v1', () => {
	// The emulator's default: Photoshop API v1 answers as retired.
	const env = useEmulator();

	it("explains the emulator's retired answer (410) and offers Verify Credential, keeping the server's text", async () => {
		const clients = clientsFor(env.emulator);
		const accessToken = env.emulator.issueToken(clientId);
		const error = await rejection(clients.photoshop.hello({ accessToken, clientId }));
		assert.equal(error.status, 410);
		assert.equal(error.code, 'photoshop_v1_retired');
		assert.equal(error.message, retiredMessage(410));
		assert.match(error.detail ?? '', /^Photoshop API v1 reached end of life on 31 July 2026; use Photoshop API v2/);
		assert.equal(env.emulator.requests[0].clientId, clientId, 'the gateway took the token before the retired service answered');
		assertNoLeak([accessToken], error, clients.lines.join('\n'));
	});

	for (const status of [404, 410]) {
		it(`says plainly that the v1 hello is retired when it answers ${status}, and offers Verify Credential`, async () => {
			env.emulator.inject('photoshop.hello', { type: 'status', status, body: { error_code: String(status), message: 'Not Found' } }, 1);
			const error = await rejection(clientsFor(env.emulator).photoshop.hello({ accessToken: env.emulator.issueToken(clientId), clientId }));
			assert.equal(error.status, status);
			assert.equal(error.code, 'photoshop_v1_retired');
			assert.equal(error.detail, 'Not Found', "Adobe's own text is kept");
			assert.equal(error.message, retiredMessage(status));
		});
	}

	it("still reports the gateway's refusals first (an unknown token is 401013, not retired)", async () => {
		const error = await rejection(clientsFor(env.emulator).photoshop.hello({ accessToken: 'not-a-token', clientId }));
		assert.equal(error.code, '401013');
	});

	it('serves the hello again once the photoshopV1 switch is on', async () => {
		env.emulator.photoshopV1 = true;
		try {
			const result = await clientsFor(env.emulator).photoshop.hello({ accessToken: env.emulator.issueToken(clientId), clientId });
			assert.equal(result.body, 'Welcome to the Photoshop API!');
		} finally {
			env.emulator.photoshopV1 = false;
		}
	});
});
