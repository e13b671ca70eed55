/**
 * The token refresh schedule across windows and across sleep: windows sharing one storage (as
 * every VS Code window shares SecretStorage) make one IMS call per refresh, and due times follow
 * the wall clock, which keeps running while the machine sleeps and timers do not.
 */
import * as assert from 'node:assert/strict';
import {
	LEASE_MS,
	LEASE_SETTLE_MS,
	LeaseStorage,
	RefreshLease,
	StoredToken,
	TokenManager,
	TokenStorage,
} from '../../../src/core/tokens/tokenManager';
import { Clock, silentLogger } from '../../../src/core/common/logger';

const H = 3_600_000;

/**
 * Wall time (`now`) and timer time kept apart, as on a laptop: `suspend` moves only the wall clock,
 * like a night of sleep; `advance` moves both. Timers due at the same moment fire together before
 * any promise settles, as when several windows' timers fire in the same second.
 */
class SleepyClock implements Clock {
	wall = Date.parse('2026-11-23T12:00:00Z');
	private awake = 0;
	private timers: Array<{ due: number; fn: () => void }> = [];
	now(): number {
		return this.wall;
	}
	async sleep(): Promise<void> {
		throw new Error('the token manager waits with timers');
	}
	setTimer(fn: () => void, ms: number): () => void {
		const timer = { due: this.awake + ms, fn };
		this.timers.push(timer);
		return () => {
			this.timers = this.timers.filter((t) => t !== timer);
		};
	}
	suspend(ms: number): void {
		this.wall += ms;
	}
	async advance(ms: number): Promise<void> {
		const end = this.awake + ms;
		for (;;) {
			const first = Math.min(...this.timers.map((t) => t.due));
			if (!(first <= end)) break;
			const due = this.timers.filter((t) => t.due === first);
			this.timers = this.timers.filter((t) => t.due !== first);
			this.wall += first - this.awake;
			this.awake = first;
			for (const timer of due) timer.fn();
			await settleStorage();
		}
		this.wall += end - this.awake;
		this.awake = end;
		await settleStorage();
	}
}

/** Enough turns of the event loop for chains of storage round trips to finish. */
async function settleStorage(): Promise<void> {
	for (let i = 0; i < 40; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** One storage for every window; each read and write takes a turn of the event loop, like SecretStorage's IPC. */
class SharedStorage implements TokenStorage {
	readonly tokens = new Map<string, StoredToken>();
	readonly leaseValues = new Map<string, RefreshLease>();
	/** Like SecretStorage.onDidChange: every window hears about a token written by any of them. */
	private readonly tokenListeners: Array<(profileId: string) => void> = [];
	leases?: LeaseStorage = {
		read: (id) => later(() => this.leaseValues.get(id)),
		write: (id, lease) => later(() => void this.leaseValues.set(id, lease)),
		remove: (id) => later(() => void this.leaseValues.delete(id)),
	};
	read(id: string) {
		return later(() => this.tokens.get(id));
	}
	async write(id: string, token: StoredToken) {
		await later(() => this.tokens.set(id, token));
		for (const listener of this.tokenListeners) listener(id);
	}
	remove(id: string) {
		return later(() => void this.tokens.delete(id));
	}
	onTokenWrite(listener: (profileId: string) => void): void {
		this.tokenListeners.push(listener);
	}
}

function later<T>(fn: () => T): Promise<T> {
	return new Promise((resolve) => setImmediate(() => resolve(fn())));
}

/** Windows sharing a storage and a clock, each with its own TokenManager, wired as extension.ts wires them. */
function windows(count: number, clock: SleepyClock, storage: SharedStorage, lifetimeMs = 24 * H, refreshTakesMs = 0) {
	const calls: number[] = [];
	const managers = Array.from({ length: count }, () => {
		const tokens = new TokenManager({
			fetch: async () => {
				calls.push(clock.now());
				if (calls.length > 1 && refreshTakesMs > 0) await new Promise<void>((resolve) => clock.setTimer(resolve, refreshTakesMs));
				return { accessToken: `token-${calls.length}`, tokenType: 'bearer', expiresAt: clock.now() + lifetimeMs, scopes: [] };
			},
			storage,
			clock,
			logger: silentLogger,
			policy: () => ({ autoRefresh: true, refreshLeadMs: H }),
		});
		storage.onTokenWrite((id) => void tokens.load(id));
		return tokens;
	});
	return { managers, calls };
}

const tokenOf = (tokens: TokenManager) => tokens.snapshot('p').token?.accessToken;

/** Five windows holding the same 24 h token, which the first one fetched. */
async function fiveWindows(storage: SharedStorage) {
	const clock = new SleepyClock();
	const { managers, calls } = windows(5, clock, storage);
	await managers[0].getToken('p');
	await Promise.all(managers.slice(1).map((tokens) => tokens.load('p')));
	assert.deepEqual(managers.map(tokenOf), Array(5).fill('token-1'));
	return { clock, managers, calls };
}

/** One window that has just got its first 24 h token. */
async function oneWindow() {
	const clock = new SleepyClock();
	const storage = new SharedStorage();
	const { managers, calls } = windows(1, clock, storage);
	const [tokens] = managers;
	const first = await tokens.getToken('p');
	return { clock, storage, tokens, calls, first };
}

describe('token refresh across windows and sleep', () => {
	it('five windows due at the same moment make exactly one IMS call and all get its token', async () => {
		const storage = new SharedStorage();
		const { clock, managers, calls } = await fiveWindows(storage);

		await clock.advance(23 * H + LEASE_SETTLE_MS);
		assert.equal(calls.length, 2, `${calls.length - 1} IMS calls for one refresh`);
		assert.deepEqual(managers.map(tokenOf), Array(5).fill('token-2'));
		assert.equal(storage.leaseValues.size, 0, 'the lease is released');
		managers.forEach((tokens) => tokens.dispose());
	});

	it('keeps the lease while a slow refresh (IMS retrying for minutes) outlasts it, so the others still wait', async () => {
		const clock = new SleepyClock();
		const storage = new SharedStorage();
		const { managers, calls } = windows(3, clock, storage, 24 * H, 3 * LEASE_MS);
		await managers[0].getToken('p');
		await Promise.all(managers.slice(1).map((tokens) => tokens.load('p')));
		await clock.advance(23 * H + LEASE_SETTLE_MS + 4 * LEASE_MS);
		assert.equal(calls.length, 2, `${calls.length - 1} IMS calls for one slow refresh`);
		assert.deepEqual(managers.map(tokenOf), Array(3).fill('token-2'));
		assert.equal(storage.leaseValues.size, 0, 'the lease is released, and no renewal outlives it');
		managers.forEach((tokens) => tokens.dispose());
	});

	it('(the same five windows without the lease make five calls: the harness fires them together)', async () => {
		const storage = new SharedStorage();
		storage.leases = undefined;
		const { clock, managers, calls } = await fiveWindows(storage);
		await clock.advance(23 * H);
		assert.equal(calls.length, 6);
		managers.forEach((tokens) => tokens.dispose());
	});

	it('waits while another window holds the lease and adopts the token it stores', async () => {
		const { clock, storage, tokens, calls } = await oneWindow();
		await clock.advance(23 * H - 10_000);
		storage.leaseValues.set('p', { owner: 'another-window', until: clock.now() + LEASE_MS });
		await clock.advance(20_000);
		assert.equal(calls.length, 1, 'no IMS call while the other window refreshes');
		await storage.write('p', {
			accessToken: 'from-the-other-window',
			tokenType: 'bearer',
			obtainedAt: clock.now(),
			expiresAt: clock.now() + 24 * H,
			scopes: [],
		});
		await clock.advance(LEASE_MS);
		assert.equal(calls.length, 1);
		assert.equal(tokenOf(tokens), 'from-the-other-window');
		tokens.dispose();
	});

	it('refreshes itself when the lease runs out without a token (its window died), and ignores a lease claiming hours', async () => {
		const { clock, storage, tokens, calls } = await oneWindow();
		await clock.advance(23 * H - 10_000);
		storage.leaseValues.set('p', { owner: 'dead-window', until: clock.now() + LEASE_MS });
		await clock.advance(LEASE_MS - 1);
		assert.equal(calls.length, 1);
		await clock.advance(1 + LEASE_SETTLE_MS);
		assert.equal(calls.length, 2);
		assert.equal(tokenOf(tokens), 'token-2');

		await clock.advance(23 * H - 10_000);
		storage.leaseValues.set('p', { owner: 'confused-window', until: clock.now() + 10 * H });
		await clock.advance(10_000 + LEASE_SETTLE_MS);
		assert.equal(calls.length, 3);
		tokens.dispose();
	});

	it('lets an explicit refresh through while another window holds the lease', async () => {
		const { clock, storage, tokens, calls } = await oneWindow();
		storage.leaseValues.set('p', { owner: 'another-window', until: clock.now() + LEASE_MS });
		assert.equal((await tokens.getToken('p', { forceRefresh: true })).accessToken, 'token-2');
		assert.equal(calls.length, 2);
		tokens.dispose();
	});

	it('refreshes within a minute of waking from a night of sleep, where one long timer would still wait', async () => {
		const { clock, tokens, calls, first } = await oneWindow();
		let longTimerFired = false;
		clock.setTimer(() => (longTimerFired = true), tokens.snapshot('p').nextRefreshAt! - clock.now());
		await clock.advance(20 * H);
		clock.suspend(10 * H);
		assert.ok(clock.now() > first.expiresAt, 'the token expired during the night');
		await clock.advance(60_000 + LEASE_SETTLE_MS);
		assert.equal(calls.length, 2);
		assert.equal(tokenOf(tokens), 'token-2');
		assert.equal(longTimerFired, false, 'a single 23 h timer has counted only 20 h so far');
		tokens.dispose();
	});

	it('checkDue (the window regaining focus) refreshes at once after sleep and reports the expired token', async () => {
		const { clock, tokens, calls } = await oneWindow();
		await clock.advance(20 * H + 30_000);
		clock.suspend(10 * H);
		const changes: Array<string | undefined> = [];
		tokens.onDidChange(() => changes.push(tokenOf(tokens)));
		tokens.checkDue();
		assert.deepEqual(changes, ['token-1'], 'listeners (terminal variables, status bar) hear at once that it ran out');
		tokens.checkDue();
		assert.deepEqual(changes, ['token-1'], 'and only once for that token');
		await clock.advance(LEASE_SETTLE_MS);
		assert.equal(calls.length, 2, 'without waiting for the next timer');
		assert.equal(tokenOf(tokens), 'token-2');
		tokens.dispose();
	});
});
