/** Every emulator fault, through the real clients, asserting the exact message a user sees. */
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../src/core/common/http';
import { DEMO_CLIENTS, FakeClock, clientsFor, closedPort, rejection, useEmulator } from '../helpers';

const demo = { clientId: DEMO_CLIENTS.demo.clientId, clientSecret: DEMO_CLIENTS.demo.clientSecret, scopes: ['openid', 'AdobeID'] };

describe('fault handling', () => {
	const env = useEmulator();

	describe('latency', () => {
		it('times out with the timeout setting named', async () => {
			env.emulator.inject('ims.token', { type: 'latency', ms: 1500 });
			const error = await rejection(clientsFor(env.emulator, { timeoutMs: 300 }).ims.requestToken(demo));
			assert.equal(error.kind, 'timeout');
			assert.equal(error.message, 'Adobe IMS did not answer within 0.3 s. Try again, or raise adobeApi.requestTimeoutSeconds.');
			assert.equal(error.setting, 'adobeApi.requestTimeoutSeconds');
		});

		it('succeeds when the latency fits within the timeout', async () => {
			env.emulator.inject('ims.token', { type: 'latency', ms: 150 });
			const started = Date.now();
			const token = await clientsFor(env.emulator, { timeoutMs: 3000 }).ims.requestToken(demo);
			assert.ok(token.accessToken);
			assert.ok(Date.now() - started >= 140, 'the injected latency was applied');
		});
	});

	describe('429 with Retry-After', () => {
		it('reports the wait Adobe asked for', async () => {
			env.emulator.inject('ims.token', { type: 'status', status: 429, retryAfter: 7 }, 1);
			const error = await rejection(clientsFor(env.emulator).ims.requestToken(demo));
			assert.equal(error.message, 'Adobe IMS is rate limiting requests (HTTP 429). Try again in 7 s.');
			assert.equal(error.retryAfterMs, 7000);
			assert.ok(error.isTransient);
		});

		it('reads an HTTP-date Retry-After too', async () => {
			const clock = new FakeClock(Date.parse('2026-11-23T12:00:00Z'));
			env.emulator.inject('photoshop.hello', { type: 'status', status: 429, retryAfter: 'Mon, 23 Nov 2026 12:00:30 GMT' }, 1);
			const error = await rejection(clientsFor(env.emulator, { clock }).photoshop.hello({ accessToken: 'x', clientId: demo.clientId }));
			assert.equal(error.retryAfterMs, 30_000);
			assert.equal(error.code, '429050');
			assert.equal(error.message, 'The Photoshop API is rate limiting requests (HTTP 429). Try again in 30 s.');
		});

		it('retries after the asked-for delay when a retry policy is given, then succeeds', async () => {
			const clock = new FakeClock();
			const clients = clientsFor(env.emulator, { clock });
			const token = env.emulator.issueToken(demo.clientId);
			env.emulator.inject('storage.list', { type: 'status', status: 429, retryAfter: 2 }, 2);
			const page = await clients.cloudStorage.firstPage(
				{ accessToken: token, clientId: demo.clientId },
				{ assetType: 'projects' },
				{ retry: { retries: 3, baseDelayMs: 500, maxDelayMs: 10_000 } },
			);
			assert.equal(page.items.length, 4);
			assert.equal(env.emulator.count('storage.list'), 3);
			assert.deepEqual(clock.sleeps, [2000, 2000]);
			assert.match(clients.lines.join('\n'), /→ 429; retry 1\/3 in 2000 ms/);
		});

		it('gives up after the last retry with the 429 message', async () => {
			const clock = new FakeClock();
			const token = env.emulator.issueToken(demo.clientId);
			env.emulator.inject('storage.list', { type: 'status', status: 429, retryAfter: 1 });
			const error = await rejection(
				clientsFor(env.emulator, { clock }).cloudStorage.firstPage(
					{ accessToken: token, clientId: demo.clientId },
					{ assetType: 'projects' },
					{ retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 5000 } },
				),
			);
			assert.equal(error.message, 'Adobe Cloud Storage is rate limiting requests (HTTP 429). Try again in 1 s.');
			assert.equal(error.code, 'rate_limited');
			assert.equal(env.emulator.count('storage.list'), 3);
		});
	});

	describe('server errors', () => {
		for (const status of [500, 502, 503]) {
			it(`maps HTTP ${status} from IMS to a try-again message`, async () => {
				env.emulator.inject('ims.token', { type: 'status', status }, 1);
				const error = await rejection(clientsFor(env.emulator).ims.requestToken(demo));
				assert.equal(
					error.message,
					`Adobe IMS failed with a server error (HTTP ${status}) (server_error: The server encountered an internal error). Try again in a few minutes.`,
				);
				assert.ok(error.isTransient);
			});
		}

		it('backs off exponentially on 503 when retrying', async () => {
			const clock = new FakeClock();
			const token = env.emulator.issueToken(demo.clientId);
			env.emulator.inject('storage.list', { type: 'status', status: 503 }, 2);
			await clientsFor(env.emulator, { clock }).cloudStorage.firstPage(
				{ accessToken: token, clientId: demo.clientId },
				{ assetType: 'projects' },
				{ retry: { retries: 3, baseDelayMs: 250, maxDelayMs: 10_000 } },
			);
			assert.deepEqual(clock.sleeps, [250, 500]);
		});

		it('does not retry a 500 (not known to be transient at the gateway)', async () => {
			const token = env.emulator.issueToken(demo.clientId);
			env.emulator.inject('storage.list', { type: 'status', status: 500 }, 1);
			const error = await rejection(
				clientsFor(env.emulator, { clock: new FakeClock() }).cloudStorage.firstPage(
					{ accessToken: token, clientId: demo.clientId },
					{ assetType: 'projects' },
					{ retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 1 } },
				),
			);
			assert.equal(
				error.message,
				'Adobe Cloud Storage failed with a server error (HTTP 500) (runtime_error: An unexpected error occurred while processing your request.). Try again in a few minutes.',
			);
			assert.equal(env.emulator.count('storage.list'), 1);
		});
	});

	it('answers a rendition 404 and other asset calls 403 under the noPermission fault, as Cloud Storage does for an unreadable file', async () => {
		const caller = { accessToken: env.emulator.issueToken(demo.clientId), clientId: demo.clientId };
		const file = [...env.emulator.content.byId.values()].find((a) => a.mediaType === 'image/png')!;
		const storage = clientsFor(env.emulator).cloudStorage;
		env.emulator.inject('storage.rendition', { type: 'noPermission' }, 1);
		const hidden = await rejection(storage.rendition(caller, file.assetId, 64));
		assert.deepEqual([hidden.status, hidden.code], [404, 'resource_not_found'], 'getFileImageRendition: no permission looks like no file');
		assert.ok((await storage.rendition(caller, file.assetId, 64)).length > 0, 'the fault applied once');
		env.emulator.inject('storage.metadata', { type: 'noPermission' }, 1);
		const refused = await rejection(storage.metadata(caller, 'file', file.assetId));
		assert.deepEqual([refused.status, refused.code], [403, 'access_error']);
	});

	it('reports malformed JSON as a bad response', async () => {
		env.emulator.inject('ims.token', { type: 'malformedJson' }, 1);
		const error = await rejection(clientsFor(env.emulator).ims.requestToken(demo));
		assert.equal(error.kind, 'badResponse');
		assert.equal(
			error.message,
			'Adobe IMS sent a response that is not valid JSON (HTTP 200). Try again; if it keeps happening, check that the endpoint setting points at Adobe.',
		);
	});

	it('reports a connection dropped mid-response', async () => {
		env.emulator.inject('ims.token', { type: 'drop' }, 1);
		const error = await rejection(clientsFor(env.emulator).ims.requestToken(demo));
		assert.equal(error.kind, 'network');
		assert.equal(
			error.message,
			'Adobe IMS closed the connection before the response was complete. Try again; if it keeps happening, check your network or proxy.',
		);
	});

	it('retries a dropped connection when a retry policy is given', async () => {
		const token = env.emulator.issueToken(demo.clientId);
		env.emulator.inject('storage.list', { type: 'drop' }, 1);
		const page = await clientsFor(env.emulator, { clock: new FakeClock() }).cloudStorage.firstPage(
			{ accessToken: token, clientId: demo.clientId },
			{ assetType: 'projects' },
			{ retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 } },
		);
		assert.equal(page.items.length, 4);
		assert.equal(env.emulator.count('storage.list'), 2);
	});

	it('reports an unreachable host with the setting to check', async () => {
		const port = await closedPort();
		const http = new HttpClient({ timeoutMs: 2000 });
		const error = await rejection(http.send({ service: 'ims', method: 'GET', url: `http://127.0.0.1:${port}/ims/token/v3` }));
		assert.equal(
			error.message,
			`Cannot reach Adobe IMS at 127.0.0.1:${port}: the connection was refused. Check the adobeApi.imsBaseUrl setting and your network.`,
		);
		assert.equal(error.setting, 'adobeApi.imsBaseUrl');
		await http.close();
	});

	it('cancels an in-flight request through its AbortSignal', async () => {
		env.emulator.inject('ims.token', { type: 'latency', ms: 2000 });
		const abort = new AbortController();
		const pending = clientsFor(env.emulator).ims.requestToken(demo, abort.signal);
		setTimeout(() => abort.abort(), 50);
		const error = await rejection(pending);
		assert.equal(error.kind, 'cancelled');
		assert.equal(error.message, 'The request to Adobe IMS was cancelled.');
	});
});
