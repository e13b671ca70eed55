import * as assert from 'node:assert/strict';
import { AdobeApiError } from '../../../src/core/common/errors';
import {
	MIN_AUTO_REFRESH_INTERVAL_MS,
	RETRY_MAX_MS,
	StoredToken,
	TokenManager,
	TokenPolicy,
	TokenStorage,
	refreshDueAt,
} from '../../../src/core/tokens/tokenManager';
import { Logger, silentLogger } from '../../../src/core/common/logger';
import { DEMO_CLIENTS, FakeClock, clientsFor, rejection, settle, useEmulator } from '../helpers';

const H = 3_600_000;

class MemoryStorage implements TokenStorage {
	readonly values = new Map<string, StoredToken>();
	async read(id: string) {
		return this.values.get(id);
	}
	async write(id: string, token: StoredToken) {
		this.values.set(id, token);
	}
	async remove(id: string) {
		this.values.delete(id);
	}
}

/** A scripted IMS: each call takes the next outcome (a lifetime in ms, or an error). */
function scriptedFetch(clock: FakeClock, outcomes: Array<number | AdobeApiError>) {
	const calls: number[] = [];
	const fetch = async () => {
		calls.push(clock.now());
		const outcome = outcomes.shift() ?? 24 * H;
		if (outcome instanceof AdobeApiError) throw outcome;
		return { accessToken: `token-${calls.length}`, tokenType: 'bearer', expiresAt: clock.now() + outcome, scopes: ['openid'] };
	};
	return { fetch, calls };
}

function manager(
	clock: FakeClock,
	fetch: () => Promise<Omit<StoredToken, 'obtainedAt'>>,
	storage = new MemoryStorage(),
	policy: TokenPolicy = { autoRefresh: true, refreshLeadMs: H },
	logger: Logger = silentLogger,
) {
	return new TokenManager({ fetch, storage, clock, logger, policy: () => policy });
}

const serverError = () =>
	new AdobeApiError('Adobe IMS failed with a server error (HTTP 500). Try again in a few minutes.', {
		kind: 'http',
		status: 500,
		service: 'ims',
	});
const badSecret = () =>
	new AdobeApiError('Adobe IMS rejected the Client Secret (invalid_client).', {
		kind: 'http',
		status: 400,
		code: 'invalid_client',
		service: 'ims',
	});

describe('token manager', () => {
	describe('against the emulator', () => {
		const env = useEmulator();

		it('answers 100 concurrent requests with exactly one IMS call', async () => {
			const clients = clientsFor(env.emulator);
			const { clientId, clientSecret } = DEMO_CLIENTS.demo;
			const tokens = new TokenManager({
				fetch: (_id, signal) => clients.ims.requestToken({ clientId, clientSecret, scopes: ['openid'] }, signal),
				storage: new MemoryStorage(),
				clock: new FakeClock(Date.now()),
				logger: silentLogger,
				policy: () => ({ autoRefresh: false, refreshLeadMs: H }),
			});
			const results = await Promise.all(Array.from({ length: 100 }, () => tokens.getToken('p1')));
			assert.equal(env.emulator.count('ims.token'), 1);
			assert.equal(new Set(results.map((t) => t.accessToken)).size, 1);
			await tokens.getToken('p1');
			assert.equal(env.emulator.count('ims.token'), 1, 'a cached token is reused');
			tokens.dispose();
		});
	});

	it('refreshes on schedule: an hour before expiry of a 24 h token', async () => {
		const clock = new FakeClock();
		const { fetch, calls } = scriptedFetch(clock, [24 * H, 24 * H]);
		const tokens = manager(clock, fetch);
		const first = await tokens.getToken('p');
		assert.equal(tokens.snapshot('p').nextRefreshAt, first.expiresAt - H);
		await clock.advance(23 * H - 1);
		assert.equal(calls.length, 1);
		await clock.advance(1);
		assert.equal(calls.length, 2);
		assert.equal(tokens.snapshot('p').token?.accessToken, 'token-2');
		tokens.dispose();
	});

	it('fetches a new token rather than hand out one with 10 minutes or less left, as aio-lib-ims does', async () => {
		const clock = new FakeClock();
		const { fetch, calls } = scriptedFetch(clock, [24 * H, 24 * H]);
		const tokens = manager(clock, fetch, new MemoryStorage(), { autoRefresh: false, refreshLeadMs: H });
		const first = await tokens.getToken('p');
		await clock.advance(first.expiresAt - clock.now() - 11 * 60_000);
		assert.equal((await tokens.getToken('p')).accessToken, 'token-1', '11 minutes left: still handed out');
		await clock.advance(2 * 60_000);
		assert.equal((await tokens.getToken('p')).accessToken, 'token-2', '9 minutes left: a new one');
		assert.equal(calls.length, 2);
		tokens.dispose();
	});

	it('never refreshes before two thirds of a short lifetime', () => {
		const token = { accessToken: 'a', tokenType: 'bearer', obtainedAt: 0, expiresAt: 90_000, scopes: [] };
		assert.equal(refreshDueAt(token, H), 60_000);
	});

	it('keeps the working token when a refresh fails with 500, says why, and retries with backoff', async () => {
		const clock = new FakeClock();
		const { fetch, calls } = scriptedFetch(clock, [24 * H, serverError(), serverError(), 24 * H]);
		const storage = new MemoryStorage();
		const tokens = manager(clock, fetch, storage);
		await tokens.getToken('p');
		const error = await rejection(tokens.getToken('p', { forceRefresh: true }));
		assert.equal(error.status, 500);
		const snapshot = tokens.snapshot('p');
		assert.equal(snapshot.token?.accessToken, 'token-1', 'the old token is kept');
		assert.equal(storage.values.get('p')?.accessToken, 'token-1', 'and stays in storage');
		assert.equal(snapshot.lastResult?.ok, false);
		assert.match(snapshot.lastResult?.message ?? '', /HTTP 500/);
		assert.equal((await tokens.getToken('p')).accessToken, 'token-1', 'callers still get the working token');
		assert.deepEqual(
			clock.pending().map((t) => t - clock.now()),
			[30_000],
		);
		await clock.advance(30_000);
		assert.equal(calls.length, 3);
		assert.deepEqual(
			clock.pending().map((t) => t - clock.now()),
			[60_000],
			'the next wait doubles',
		);
		await clock.advance(60_000);
		assert.equal(calls.length, 4);
		assert.equal(tokens.snapshot('p').token?.accessToken, 'token-4');
		assert.equal(tokens.snapshot('p').lastError, undefined);
		tokens.dispose();
	});

	it('honours Retry-After when it asks for longer than the backoff', async () => {
		const clock = new FakeClock();
		const limited = new AdobeApiError('rate limited', { kind: 'http', status: 429, service: 'ims', retryAfterMs: 120_000 });
		const { fetch } = scriptedFetch(clock, [24 * H, limited]);
		const tokens = manager(clock, fetch);
		await tokens.getToken('p');
		await rejection(tokens.getToken('p', { forceRefresh: true }));
		assert.equal(tokens.snapshot('p').nextRefreshAt, clock.now() + 120_000);
		tokens.dispose();
	});

	it('caps Retry-After at 15 minutes (a date in year 2999 still retries) and ignores nonsense', async () => {
		const clock = new FakeClock();
		const limited = (retryAfterMs: number) =>
			new AdobeApiError('rate limited', { kind: 'http', status: 429, service: 'ims', retryAfterMs });
		const { fetch, calls } = scriptedFetch(clock, [
			24 * H,
			limited(Date.parse('2999-01-01T00:00:00Z') - clock.now()),
			limited(-5000),
			limited(Number.NaN),
			24 * H,
		]);
		const tokens = manager(clock, fetch);
		await tokens.getToken('p');
		await rejection(tokens.getToken('p', { forceRefresh: true }));
		assert.equal(tokens.snapshot('p').nextRefreshAt, clock.now() + RETRY_MAX_MS);
		await clock.advance(RETRY_MAX_MS);
		assert.equal(calls.length, 3, 'retried within the cap');
		assert.equal(tokens.snapshot('p').nextRefreshAt, clock.now() + 60_000, 'a negative Retry-After leaves the backoff (1 min)');
		await clock.advance(60_000);
		assert.equal(calls.length, 4);
		assert.equal(tokens.snapshot('p').nextRefreshAt, clock.now() + 120_000, 'so does NaN (2 min)');
		await clock.advance(120_000);
		assert.equal(tokens.snapshot('p').token?.accessToken, 'token-5');
		tokens.dispose();
	});

	it('refreshes automatically at most once a minute, however short the lifetime IMS grants', async () => {
		const clock = new FakeClock();
		const { fetch, calls } = scriptedFetch(
			clock,
			Array.from({ length: 2000 }, () => 1000),
		);
		const tokens = manager(clock, fetch);
		await tokens.getToken('p');
		await clock.advance(10 * 60_000);
		const gaps = calls.slice(2).map((at, i) => at - calls[i + 1]);
		assert.equal(calls.length, 11, `${calls.length} IMS calls in 10 minutes`);
		assert.ok(
			gaps.every((gap) => gap >= MIN_AUTO_REFRESH_INTERVAL_MS),
			`gaps ${gaps.join(', ')}`,
		);
		await tokens.getToken('p', { forceRefresh: true });
		assert.equal(calls.length, 12, 'an explicit refresh still goes straight through');
		tokens.dispose();
	});

	it('treats an error of our own as internal: not a network error, not retried, logged', async () => {
		const clock = new FakeClock();
		const lines: string[] = [];
		const logger = { ...silentLogger, error: (line: string) => lines.push(line) };
		let calls = 0;
		const tokens = manager(
			clock,
			async () => {
				calls++;
				if (calls === 1) return { accessToken: 'working', tokenType: 'bearer', expiresAt: clock.now() + 24 * H, scopes: [] };
				return { accessToken: 'broken', tokenType: 'bearer', expiresAt: 1e13 * 1000, scopes: [] }; // toISOString() throws RangeError
			},
			new MemoryStorage(),
			undefined,
			logger,
		);
		await tokens.getToken('p');
		const error = await rejection(tokens.getToken('p', { forceRefresh: true }));
		assert.equal(error.kind, 'internal');
		assert.equal(error.isTransient, false);
		assert.equal(tokens.snapshot('p').token?.accessToken, 'working', 'the half-made token is not kept');
		assert.deepEqual(clock.pending(), [], 'no retry loop');
		assert.match(lines.join('\n'), /unexpected RangeError while getting a token \(not retried automatically\)/);
		await clock.advance(48 * H);
		assert.equal(calls, 2);
		tokens.dispose();
	});

	it('names profiles in the log as the user does, by name, and by id only when it is given none', async () => {
		const clock = new FakeClock();
		const lines: string[] = [];
		const logger = { ...silentLogger, info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) };
		const { fetch } = scriptedFetch(clock, [24 * H, badSecret()]);
		const named = new TokenManager({
			fetch,
			storage: new MemoryStorage(),
			clock,
			logger,
			policy: () => ({ autoRefresh: false, refreshLeadMs: H }),
			name: (id) => (id === 'uuid-1' ? '"PS dev"' : id),
		});
		await named.getToken('uuid-1');
		await rejection(named.getToken('uuid-1', { forceRefresh: true }));
		assert.match(lines[0], /^\[tokens\] profile "PS dev": new token, expires /);
		assert.match(
			lines[1],
			/^\[tokens\] profile "PS dev": token request failed; the current token is kept: Adobe IMS rejected the Client Secret/,
		);
		assert.ok(!lines.join('\n').includes('uuid-1'), lines.join('\n'));
		named.dispose();
		lines.length = 0;
		const unnamed = manager(clock, scriptedFetch(clock, [24 * H]).fetch, new MemoryStorage(), undefined, logger);
		await unnamed.getToken('uuid-2');
		assert.match(lines[0], /^\[tokens\] profile uuid-2: new token/);
		unnamed.dispose();
	});

	it('retries a secret-storage failure (a keychain locked after resume) with backoff', async () => {
		const clock = new FakeClock();
		let calls = 0;
		const tokens = manager(
			clock,
			async () => {
				calls++;
				if (calls === 2) {
					throw new AdobeApiError('Could not read "profile.p.credential" in VS Code\'s secret storage.', { kind: 'storage' });
				}
				return { accessToken: `token-${calls}`, tokenType: 'bearer', expiresAt: clock.now() + 24 * H, scopes: [] };
			},
			new MemoryStorage(),
		);
		await tokens.getToken('p');
		assert.equal((await rejection(tokens.getToken('p', { forceRefresh: true }))).kind, 'storage');
		assert.ok(tokens.snapshot('p').nextRefreshAt !== undefined, 'a retry is scheduled');
		await clock.advance(16 * 60_000); // past the longest backoff
		assert.equal(calls, 3);
		assert.equal(tokens.snapshot('p').token?.accessToken, 'token-3');
		tokens.dispose();
	});

	it('stops retrying on its own after a failure only the user can fix', async () => {
		const clock = new FakeClock();
		const { fetch } = scriptedFetch(clock, [24 * H, badSecret()]);
		const tokens = manager(clock, fetch);
		await tokens.getToken('p');
		await rejection(tokens.getToken('p', { forceRefresh: true }));
		assert.deepEqual(clock.pending(), []);
		tokens.dispose();
	});

	it('refreshes an expired stored token as soon as it is loaded', async () => {
		const clock = new FakeClock();
		const storage = new MemoryStorage();
		storage.values.set('p', {
			accessToken: 'old',
			tokenType: 'bearer',
			obtainedAt: clock.now() - 25 * H,
			expiresAt: clock.now() - H,
			scopes: [],
		});
		const { fetch, calls } = scriptedFetch(clock, [24 * H]);
		const tokens = manager(clock, fetch, storage);
		await tokens.load('p');
		assert.equal(tokens.snapshot('p').token?.accessToken, 'old');
		await clock.advance(0);
		assert.equal(calls.length, 1);
		assert.equal(tokens.snapshot('p').token?.accessToken, 'token-1');
		tokens.dispose();
	});

	it('adopts a token another window stored instead of asking IMS again', async () => {
		const clock = new FakeClock();
		const storage = new MemoryStorage();
		const { fetch, calls } = scriptedFetch(clock, [24 * H]);
		const tokens = manager(clock, fetch, storage);
		await tokens.getToken('p');
		await clock.advance(22 * H);
		storage.values.set('p', {
			accessToken: 'from-window-2',
			tokenType: 'bearer',
			obtainedAt: clock.now(),
			expiresAt: clock.now() + 24 * H,
			scopes: [],
		});
		await clock.advance(H);
		assert.equal(calls.length, 1);
		assert.equal(tokens.snapshot('p').token?.accessToken, 'from-window-2');
		tokens.dispose();
	});

	it('does not refresh on its own when auto-refresh is off', async () => {
		const clock = new FakeClock();
		const { fetch, calls } = scriptedFetch(clock, [24 * H]);
		const tokens = manager(clock, fetch, new MemoryStorage(), { autoRefresh: false, refreshLeadMs: H });
		await tokens.getToken('p');
		await clock.advance(25 * H);
		assert.equal(calls.length, 1);
		assert.deepEqual(clock.pending(), []);
		tokens.dispose();
	});

	it('lets one caller cancel its wait without failing the others', async () => {
		const clock = new FakeClock();
		let release: (() => void) | undefined;
		let aborted = false;
		const tokens = manager(clock, (_id?: unknown, signal?: unknown) => {
			(signal as AbortSignal).addEventListener('abort', () => (aborted = true));
			return new Promise((resolve) => {
				release = () => resolve({ accessToken: 'shared', tokenType: 'bearer', expiresAt: clock.now() + 24 * H, scopes: [] });
			});
		});
		const controller = new AbortController();
		const cancelled = tokens.getToken('p', { signal: controller.signal });
		const other = tokens.getToken('p');
		controller.abort();
		assert.equal((await rejection(cancelled)).kind, 'cancelled');
		assert.equal(aborted, false, 'the request goes on for the other caller');
		await settle();
		release?.();
		assert.equal((await other).accessToken, 'shared');
		tokens.dispose();
	});

	it('aborts the request when its only caller cancels', async () => {
		const clock = new FakeClock();
		let aborted = false;
		const tokens = manager(clock, (_id?: unknown, signal?: unknown) => {
			return new Promise((_resolve, reject) => {
				(signal as AbortSignal).addEventListener('abort', () => {
					aborted = true;
					reject(new AdobeApiError('cancelled', { kind: 'cancelled', service: 'ims' }));
				});
			});
		});
		const controller = new AbortController();
		const pending = tokens.getToken('p', { signal: controller.signal });
		controller.abort();
		await rejection(pending);
		assert.equal(aborted, true);
		tokens.dispose();
	});

	it('hands out the working token while a background refresh is still waiting for IMS', async () => {
		const clock = new FakeClock();
		let answer: ((value: Omit<StoredToken, 'obtainedAt'>) => void) | undefined;
		let calls = 0;
		const tokens = manager(clock, () => {
			calls++;
			if (calls === 1) return Promise.resolve({ accessToken: 'working', tokenType: 'bearer', expiresAt: clock.now() + 24 * H, scopes: [] });
			return new Promise((resolve) => (answer = resolve));
		});
		await tokens.getToken('p');
		await clock.advance(23 * H); // the scheduled refresh starts and hangs
		assert.equal(calls, 2);
		assert.equal(tokens.snapshot('p').fetching, true);
		assert.equal((await tokens.getToken('p')).accessToken, 'working', 'no caller waits for the refresh');
		answer?.({ accessToken: 'refreshed', tokenType: 'bearer', expiresAt: clock.now() + 24 * H, scopes: [] });
		await settle();
		assert.equal((await tokens.getToken('p')).accessToken, 'refreshed');
		tokens.dispose();
	});

	it("drops a token that arrives after the profile's token was cleared", async () => {
		const clock = new FakeClock();
		const storage = new MemoryStorage();
		let answer: ((value: Omit<StoredToken, 'obtainedAt'>) => void) | undefined;
		const tokens = manager(clock, () => new Promise((resolve) => (answer = resolve)), storage);
		const pending = tokens.getToken('p');
		await settle();
		await tokens.clear('p');
		answer?.({ accessToken: 'late', tokenType: 'bearer', expiresAt: clock.now() + 24 * H, scopes: [] });
		assert.equal((await rejection(pending)).kind, 'cancelled');
		assert.equal(tokens.snapshot('p').token, undefined);
		assert.equal(storage.values.size, 0, 'nothing was written after the clear');
		tokens.dispose();
	});

	it('clears a token from memory and storage', async () => {
		const clock = new FakeClock();
		const storage = new MemoryStorage();
		const { fetch } = scriptedFetch(clock, [24 * H]);
		const tokens = manager(clock, fetch, storage);
		await tokens.getToken('p');
		await tokens.clear('p');
		assert.equal(tokens.snapshot('p').token, undefined);
		assert.equal(storage.values.size, 0);
		assert.deepEqual(clock.pending(), []);
		tokens.dispose();
	});
});
