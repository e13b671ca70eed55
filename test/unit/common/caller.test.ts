import * as assert from 'node:assert/strict';
import { ApiCaller, isStaleTokenError, withFreshTokenOnce } from '../../../src/core/common/caller';
import { AdobeApiError } from '../../../src/core/common/errors';
import { DEMO_CLIENTS, clientsFor, rejection, useEmulator } from '../helpers';

/** The one rule for a rejected token (core/common/caller.ts): an API's 401 gets one fresh token, IMS's never. */
describe('withFreshTokenOnce', () => {
	const apiRejected = () =>
		new AdobeApiError('Adobe Cloud Storage rejected the access token.', { kind: 'http', service: 'cloudStorage', status: 401 });
	const imsRejected = () =>
		new AdobeApiError('Adobe IMS rejected the Client Secret (invalid_client).', {
			kind: 'http',
			service: 'ims',
			status: 401,
			code: 'invalid_client',
		});

	/** A token source that hands out token-1, token-2… and records each forceRefresh. */
	function source(failWith?: (forceRefresh: boolean) => Error | undefined) {
		const asked: boolean[] = [];
		let issued = 0;
		return {
			asked,
			source: async (forceRefresh: boolean): Promise<ApiCaller> => {
				asked.push(forceRefresh);
				const failure = failWith?.(forceRefresh);
				if (failure) throw failure;
				if (forceRefresh || issued === 0) issued++;
				return { accessToken: `token-${issued}`, clientId: 'client' };
			},
		};
	}

	it('after an API 401, gets one fresh token and tries once more', async () => {
		const { asked, source: s } = source();
		const used: string[] = [];
		let refreshed = 0;
		const result = await withFreshTokenOnce(
			s,
			async (caller) => {
				used.push(caller.accessToken);
				if (used.length === 1) throw apiRejected();
				return 'listed';
			},
			{ onRefresh: () => refreshed++ },
		);
		assert.equal(result, 'listed');
		assert.deepEqual(asked, [false, true]);
		assert.deepEqual(used, ['token-1', 'token-2']);
		assert.equal(refreshed, 1);
	});

	it('a second 401 is the answer: thrown as it is, no third try', async () => {
		const { asked, source: s } = source();
		let calls = 0;
		const error = await rejection(
			withFreshTokenOnce(s, async () => {
				calls++;
				throw apiRejected();
			}),
		);
		assert.equal(error.status, 401);
		assert.equal(error.service, 'cloudStorage');
		assert.equal(calls, 2);
		assert.deepEqual(asked, [false, true]);
	});

	it('never asks IMS again after IMS refused the token request (its 401 is the credential, not the token)', async () => {
		const { asked, source: s } = source(() => imsRejected());
		let calls = 0;
		const error = await rejection(
			withFreshTokenOnce(s, async () => {
				calls++;
				return 'unreachable';
			}),
		);
		assert.equal(error.code, 'invalid_client');
		assert.deepEqual(asked, [false], 'one token request, no forced second one');
		assert.equal(calls, 0);
	});

	it('does not retry when the refresh after an API 401 is refused by IMS', async () => {
		const { asked, source: s } = source((force) => (force ? imsRejected() : undefined));
		let calls = 0;
		const error = await rejection(
			withFreshTokenOnce(s, async () => {
				calls++;
				throw apiRejected();
			}),
		);
		assert.equal(error.service, 'ims');
		assert.deepEqual(asked, [false, true]);
		assert.equal(calls, 1);
	});

	it('does not treat a 401 from IMS inside the call as a stale token', async () => {
		const { asked, source: s } = source();
		const error = await rejection(
			withFreshTokenOnce(s, async () => {
				throw imsRejected();
			}),
		);
		assert.equal(error.service, 'ims');
		assert.deepEqual(asked, [false]);
	});

	it('refreshes nothing after any other failure', async () => {
		const failures = [
			new AdobeApiError('denied', { kind: 'http', service: 'cloudStorage', status: 403, code: 'access_error' }),
			new AdobeApiError('gone', { kind: 'http', service: 'cloudStorage', status: 404 }),
			new AdobeApiError('busy', { kind: 'http', service: 'photoshop', status: 429 }),
			new AdobeApiError('down', { kind: 'http', service: 'photoshop', status: 503 }),
			new AdobeApiError('no route', { kind: 'network', service: 'cloudStorage' }),
			new Error('a bug'),
		];
		for (const failure of failures) {
			const { asked, source: s } = source();
			await assert.rejects(
				withFreshTokenOnce(s, async () => {
					throw failure;
				}),
				failure,
			);
			assert.deepEqual(asked, [false], failure.message);
		}
		assert.equal(isStaleTokenError(failures[0]), false);
		assert.equal(isStaleTokenError(apiRejected()), true);
		assert.equal(isStaleTokenError(imsRejected()), false);
	});

	it('does not refresh a cancelled call, nor after a 401 once the operation was cancelled', async () => {
		const cancelled = new AdobeApiError('The request was cancelled.', { kind: 'cancelled', service: 'cloudStorage' });
		const first = source();
		await assert.rejects(
			withFreshTokenOnce(first.source, async () => {
				throw cancelled;
			}),
			cancelled,
		);
		assert.deepEqual(first.asked, [false]);

		const second = source();
		const controller = new AbortController();
		const error = await rejection(
			withFreshTokenOnce(
				second.source,
				async () => {
					controller.abort();
					throw apiRejected();
				},
				{ signal: controller.signal },
			),
		);
		assert.equal(error.kind, 'cancelled');
		assert.deepEqual(second.asked, [false], 'no token was asked for after the cancel');
	});

	it('retries an answer the caller calls a rejection (a request file shows its 401 instead of throwing)', async () => {
		const { asked, source: s } = source();
		const statuses = [401, 401];
		const answer = await withFreshTokenOnce(s, async (caller) => ({ status: statuses.shift() ?? 200, token: caller.accessToken }), {
			rejected: (a) => a.status === 401,
		});
		assert.deepEqual(answer, { status: 401, token: 'token-2' }, 'the second 401 is returned as it is');
		assert.deepEqual(asked, [false, true]);
	});

	describe('against the emulator', () => {
		const env = useEmulator();

		it('an API 401 (expired token) costs one new token from IMS; an IMS 401 (invalid_client) costs none', async () => {
			const clients = clientsFor(env.emulator);
			try {
				const client = DEMO_CLIENTS.demo;
				const asked: boolean[] = [];
				let cached: ApiCaller | undefined;
				const fromIms = (clientSecret: string) => async (forceRefresh: boolean) => {
					asked.push(forceRefresh);
					if (forceRefresh || !cached) {
						const token = await clients.ims.requestToken({ clientId: client.clientId, clientSecret, scopes: client.scopes });
						cached = { accessToken: token.accessToken, clientId: client.clientId };
					}
					return cached;
				};
				env.emulator.inject('storage.list', { type: 'expiredToken' }, 1);
				const page = await withFreshTokenOnce(fromIms(client.clientSecret ?? ''), (caller) =>
					clients.cloudStorage.firstPage(caller, { assetType: 'projects' }),
				);
				assert.equal(page.items.length, 4);
				assert.deepEqual(asked, [false, true]);
				assert.equal(env.emulator.count('ims.token'), 2);
				assert.equal(env.emulator.count('storage.list'), 2);

				env.emulator.reset();
				cached = undefined;
				asked.length = 0;
				// Adobe IMS answers a bad client with 400 or 401 (RFC 6749 §5.2 allows both); the 401 is the case the rule is about.
				env.emulator.inject(
					'ims.token',
					{ type: 'status', status: 401, body: { error: 'invalid_client', error_description: 'invalid client_secret parameter' } },
					1,
				);
				const error = await rejection(
					withFreshTokenOnce(fromIms(client.clientSecret ?? ''), (caller) =>
						clients.cloudStorage.firstPage(caller, { assetType: 'projects' }),
					),
				);
				assert.deepEqual([error.service, error.status], ['ims', 401]);
				assert.deepEqual(asked, [false]);
				assert.equal(env.emulator.count('ims.token'), 1, 'IMS was asked once');
				assert.equal(env.emulator.count('storage.list'), 0);
			} finally {
				await clients.close();
			}
		});
	});
});
