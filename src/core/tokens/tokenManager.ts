/**
 * Access tokens per profile: a memory cache backed by storage (SecretStorage in the extension),
 * single-flight fetching (any number of concurrent callers cause one IMS request), and a refresh
 * schedule with backoff. A failed refresh never discards a token that still works. Due times follow
 * the wall clock (timers wait at most a minute, then look at the clock again), and windows sharing
 * a storage take turns through a refresh lease, so one refresh serves them all. vscode-free and
 * HTTP-free: the fetch is injected, so the status bar can use this without loading undici.
 */
import { AdobeApiError, isAdobeApiError } from '../common/errors';
import { Clock, Logger } from '../common/logger';
import { LeaseStorage, RefreshLeases } from './refreshLease';

export { LEASE_MS, LEASE_SETTLE_MS } from './refreshLease';
export type { LeaseStorage, RefreshLease } from './refreshLease';

export interface StoredToken {
	accessToken: string;
	tokenType: string;
	/** ms since the epoch. */
	expiresAt: number;
	obtainedAt: number;
	scopes: string[];
}

export interface TokenStorage {
	read(profileId: string): Promise<StoredToken | undefined>;
	write(profileId: string, token: StoredToken): Promise<void>;
	remove(profileId: string): Promise<void>;
	/** Shared by every window; without it each window refreshes on its own. */
	leases?: LeaseStorage;
}

export type TokenFetch = (profileId: string, signal: AbortSignal) => Promise<Omit<StoredToken, 'obtainedAt'>>;

export interface TokenPolicy {
	autoRefresh: boolean;
	/** Refresh this long before expiry (the seeds: a new 24 h token every 23 hours → 60 min). */
	refreshLeadMs: number;
}

export interface RefreshResult {
	ok: boolean;
	at: number;
	message: string;
}

export interface TokenSnapshot {
	/** The newest token we have, even if expired (for display); getToken never returns an expired one. */
	token?: StoredToken;
	fetching: boolean;
	/** The last fetch's failure, cleared by the next success. */
	lastError?: AdobeApiError;
	lastResult?: RefreshResult;
	/** When the next automatic refresh is due, if one is scheduled. */
	nextRefreshAt?: number;
}

interface Flight {
	promise: Promise<StoredToken>;
	controller: AbortController;
	waiters: number;
}

interface Entry {
	/** The token checkDue last told listeners had run out. */
	reportedUnusable?: StoredToken;
	token?: StoredToken;
	/** Bumped by every local change of `token`, so a storage read that raced with it is discarded. */
	version: number;
	flight?: Flight;
	lastError?: AdobeApiError;
	lastResult?: RefreshResult;
	failures: number;
	cancelTimer?: () => void;
	nextRefreshAt?: number;
	/** When this profile last refreshed automatically (here or, as adopted, in another window): the floor's base. */
	lastAutoAt?: number;
	/** An automatic refresh is between its first storage read and its end. */
	autoRunning?: boolean;
}

const MINUTE = 60_000;
/** Backoff for automatic retries after transient failures: 30 s, 1 min, 2 min … up to 15 min. */
const RETRY_BASE_MS = 30_000;
/** Also the longest wait a server's Retry-After can ask for. */
export const RETRY_MAX_MS = 15 * MINUTE;
/** Automatic refreshes of a profile stay this far apart, whatever lifetime or backoff a server sends. */
export const MIN_AUTO_REFRESH_INTERVAL_MS = MINUTE;
/**
 * The longest a timer waits before it compares the wall clock with the due time again: timers run
 * on a clock that stops while the machine sleeps, so one long timer would fire hours late.
 */
export const MAX_TIMER_HOP_MS = MINUTE;

/** When to refresh: `lead` before expiry, but never before two thirds of the lifetime have passed. */
export function refreshDueAt(token: StoredToken, refreshLeadMs: number): number {
	const lifetime = token.expiresAt - token.obtainedAt;
	return Math.max(token.expiresAt - refreshLeadMs, token.obtainedAt + (lifetime * 2) / 3);
}

/**
 * The life a token must have left to be handed out: 10 minutes, as Adobe's aio-lib-ims requires
 * (src/token-helper.js, getTokenIfValid: "at least 10 minutes in the future"). A lifetime under
 * 100 minutes (only a test IMS grants one; Adobe's is 24 h) needs a tenth instead: with the full
 * 10 minutes a 3-second token would never be usable and every call would fetch a new one.
 */
function usableMarginMs(token: Pick<StoredToken, 'expiresAt' | 'obtainedAt'>): number {
	return Math.min(10 * MINUTE, (token.expiresAt - token.obtainedAt) / 10);
}

/** A token is handed out only with more than usableMarginMs left. */
export function isUsable(token: StoredToken | undefined, now: number): token is StoredToken {
	return token !== undefined && token.expiresAt - now > usableMarginMs(token);
}

/** A stored token's state as the agent tools report it: `expiring` once it is no longer handed out as it is. */
export function tokenState(token: StoredToken | undefined, now: number): 'none' | 'valid' | 'expiring' | 'expired' {
	if (!token) return 'none';
	if (token.expiresAt <= now) return 'expired';
	return isUsable(token, now) ? 'valid' : 'expiring';
}

/** A wait Retry-After asked for, as a number of ms from 0 to RETRY_MAX_MS (nonsense counts as 0). */
export function boundedRetryAfter(ms: number | undefined): number {
	return ms !== undefined && ms > 0 ? Math.min(ms, RETRY_MAX_MS) : 0;
}

export class TokenManager {
	private readonly entries = new Map<string, Entry>();
	private readonly listeners = new Set<(profileId: string) => void>();
	private disposed = false;
	private readonly leases: RefreshLeases;

	constructor(
		private readonly deps: {
			fetch: TokenFetch;
			storage: TokenStorage;
			clock: Clock;
			logger: Logger;
			policy: () => TokenPolicy;
			/** How the log names a profile: its name, quoted, where the caller knows it; else its id. */
			name?: (profileId: string) => string;
		},
	) {
		this.leases = new RefreshLeases(deps.storage.leases, deps.clock, deps.logger, '[tokens] profile', this.name);
	}

	/** The profile as the log names it. */
	private readonly name = (profileId: string): string => this.deps.name?.(profileId) ?? profileId;

	onDidChange(listener: (profileId: string) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	snapshot(profileId: string): TokenSnapshot {
		const entry = this.entries.get(profileId);
		return {
			token: entry?.token,
			fetching: entry?.flight !== undefined,
			lastError: entry?.lastError,
			lastResult: entry?.lastResult,
			nextRefreshAt: entry?.nextRefreshAt,
		};
	}

	/** (Re)reads a profile's token from storage, e.g. at start-up or when another window stored one. */
	async load(profileId: string): Promise<void> {
		const entry = this.entry(profileId);
		const version = entry.version;
		const stored = await this.deps.storage.read(profileId);
		// A token fetched or cleared here while we were reading is newer than what we read.
		if (entry.version !== version || entry.flight) return;
		if (stored?.accessToken !== entry.token?.accessToken || stored?.expiresAt !== entry.token?.expiresAt) {
			entry.token = stored;
			if (stored) this.adopted(entry, stored);
		}
		this.schedule(profileId);
		this.fire(profileId);
	}

	/** A usable token: the cached one, or a new one (shared with every concurrent caller). */
	async getToken(profileId: string, options: { signal?: AbortSignal; forceRefresh?: boolean } = {}): Promise<StoredToken> {
		const entry = this.entry(profileId);
		// A working token is handed out even while a background refresh runs; only a forced or
		// necessary fetch waits for IMS.
		if (!options.forceRefresh && isUsable(entry.token, this.deps.clock.now())) return entry.token;
		// Someone asked for this token: the next scheduled refresh follows the new token, not the floor.
		if (options.forceRefresh) entry.lastAutoAt = undefined;
		return this.join(profileId, options.signal);
	}

	/** Forgets the token here and in storage. */
	async clear(profileId: string): Promise<void> {
		const entry = this.entry(profileId);
		this.disarm(entry);
		entry.flight?.controller.abort();
		// A fetch under way now finishes into nothing: the version check in fetchAndStore drops it.
		Object.assign(entry, { token: undefined, flight: undefined, lastError: undefined, lastResult: undefined, failures: 0 });
		entry.version++;
		await this.deps.storage.remove(profileId);
		this.fire(profileId);
	}

	/** Settings changed: recompute every schedule. */
	reschedule(): void {
		for (const profileId of this.entries.keys()) this.schedule(profileId);
	}

	/**
	 * Compares every due time with the wall clock now, e.g. when the window regains focus after the
	 * machine slept: a refresh that fell due meanwhile starts at once, and listeners (status bar,
	 * terminal variables) hear about tokens that ran out while timers were stopped.
	 */
	checkDue(): void {
		const now = this.deps.clock.now();
		for (const [profileId, entry] of this.entries) {
			if (entry.nextRefreshAt !== undefined && entry.nextRefreshAt <= now) this.arm(profileId, entry.nextRefreshAt);
			if (entry.token && !isUsable(entry.token, now) && entry.reportedUnusable !== entry.token) {
				entry.reportedUnusable = entry.token; // once per token: every focus need not redraw everything
				this.fire(profileId);
			}
		}
	}

	dispose(): void {
		this.disposed = true;
		for (const entry of this.entries.values()) {
			this.disarm(entry);
			entry.flight?.controller.abort();
		}
		this.entries.clear();
		this.listeners.clear();
	}

	private entry(profileId: string): Entry {
		let entry = this.entries.get(profileId);
		if (!entry) {
			entry = { failures: 0, version: 0 };
			this.entries.set(profileId, entry);
		}
		return entry;
	}

	/**
	 * Joins the profile's in-flight fetch, starting one if there is none. A caller's signal stops
	 * only its own wait; the request itself is aborted when every waiter has gone.
	 */
	private join(profileId: string, signal?: AbortSignal): Promise<StoredToken> {
		const entry = this.entry(profileId);
		let flight = entry.flight;
		if (!flight || flight.controller.signal.aborted) {
			const controller = new AbortController();
			const started: Flight = { controller, waiters: 0, promise: this.fetchAndStore(profileId, controller.signal) };
			started.promise
				.finally(() => {
					if (entry.flight === started) entry.flight = undefined;
					this.fire(profileId);
				})
				.catch(() => undefined);
			entry.flight = started;
			flight = started;
			this.fire(profileId);
		}
		const shared = flight;
		shared.waiters++;
		return new Promise<StoredToken>((resolve, reject) => {
			const onAbort = () => {
				shared.waiters--;
				if (shared.waiters === 0) shared.controller.abort();
				reject(new AdobeApiError('The token request was cancelled.', { kind: 'cancelled', service: 'ims' }));
			};
			if (signal?.aborted) return onAbort();
			signal?.addEventListener('abort', onAbort, { once: true });
			shared.promise.then(
				(token) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(token);
				},
				(error: unknown) => {
					signal?.removeEventListener('abort', onAbort);
					reject(error);
				},
			);
		});
	}

	private async fetchAndStore(profileId: string, signal: AbortSignal): Promise<StoredToken> {
		const entry = this.entry(profileId);
		const { clock, logger } = this.deps;
		const version = entry.version;
		try {
			const fetched = await this.deps.fetch(profileId, signal);
			if (signal.aborted || entry.version !== version) {
				// Cleared (or its credential changed) while IMS answered: this token must not come back.
				throw new AdobeApiError('The token request was cancelled.', { kind: 'cancelled', service: 'ims' });
			}
			const token: StoredToken = { ...fetched, obtainedAt: clock.now() };
			// Formatted before anything changes: a date that cannot be shown must not leave half a state.
			const expires = new Date(token.expiresAt).toISOString();
			entry.token = token;
			entry.version++;
			entry.lastError = undefined;
			entry.failures = 0;
			entry.lastResult = { ok: true, at: clock.now(), message: 'Token obtained.' };
			try {
				await this.deps.storage.write(profileId, token);
			} catch (error) {
				logger.warn(`[tokens] could not store the token of profile ${this.name(profileId)}: ${(error as Error).message}`);
			}
			logger.info(`[tokens] profile ${this.name(profileId)}: new token, expires ${expires}`);
			return token;
		} catch (error) {
			const failure = isAdobeApiError(error) ? error : this.internalError(profileId, error);
			if (failure.kind !== 'cancelled') {
				entry.lastError = failure;
				entry.failures++;
				entry.lastResult = { ok: false, at: clock.now(), message: failure.message };
				const kept = isUsable(entry.token, clock.now()) ? '; the current token is kept' : '';
				logger.warn(`[tokens] profile ${this.name(profileId)}: token request failed${kept}: ${failure.message}`);
			}
			throw failure;
		} finally {
			if (!this.disposed) this.schedule(profileId);
		}
	}

	/**
	 * A bug of ours (a TypeError, a date out of range, a storage failure) is not a network problem:
	 * retrying it on a timer would repeat it forever, so it is logged and left to the user.
	 */
	private internalError(profileId: string, error: unknown): AdobeApiError {
		const message = error instanceof Error ? error.message : String(error);
		const name = error instanceof Error ? error.name : typeof error;
		this.deps.logger.error(
			`[tokens] profile ${this.name(profileId)}: unexpected ${name} while getting a token (not retried automatically): ${message}`,
		);
		return new AdobeApiError(message, { kind: 'internal', service: 'ims' });
	}

	private schedule(profileId: string): void {
		const entry = this.entry(profileId);
		this.disarm(entry);
		const policy = this.deps.policy();
		// Only profiles that have had a token refresh on their own; a profile never used stays quiet.
		if (!policy.autoRefresh || !entry.token || this.disposed) return;
		const now = this.deps.clock.now();
		let due: number;
		if (entry.lastError) {
			if (!entry.lastError.isTransient) return; // needs the user: wrong secret, scope, …
			const backoff = Math.min(RETRY_BASE_MS * 2 ** (entry.failures - 1), RETRY_MAX_MS);
			due = now + Math.max(backoff, boundedRetryAfter(entry.lastError.retryAfterMs));
		} else {
			due = refreshDueAt(entry.token, policy.refreshLeadMs);
		}
		this.arm(profileId, Math.max(due, now, (entry.lastAutoAt ?? -Infinity) + MIN_AUTO_REFRESH_INTERVAL_MS));
	}

	/** Refreshes at `due` by the wall clock, looking at the clock at least once a minute until then. */
	private arm(profileId: string, due: number): void {
		const entry = this.entry(profileId);
		const { clock } = this.deps;
		this.disarm(entry);
		entry.nextRefreshAt = due;
		entry.cancelTimer = clock.setTimer(
			() => {
				entry.cancelTimer = undefined;
				if (clock.now() < due) return this.arm(profileId, due);
				entry.nextRefreshAt = undefined;
				void this.refreshIfStillDue(profileId);
			},
			Math.max(0, Math.min(due - clock.now(), MAX_TIMER_HOP_MS)),
		);
	}

	private disarm(entry: Entry): void {
		entry.cancelTimer?.();
		entry.cancelTimer = undefined;
		entry.nextRefreshAt = undefined;
	}

	private async refreshIfStillDue(profileId: string): Promise<void> {
		const entry = this.entry(profileId);
		if (entry.autoRunning) return; // the run under way schedules what follows it
		entry.autoRunning = true;
		try {
			await this.refreshAutomatically(profileId, entry);
		} finally {
			entry.autoRunning = false;
		}
	}

	/**
	 * One refresh per profile across windows: a window adopts a token another stored, waits while
	 * another holds the lease (until its token arrives through `load`, or the lease runs out), or
	 * claims the lease and refreshes.
	 */
	private async refreshAutomatically(profileId: string, entry: Entry): Promise<void> {
		const { clock, logger } = this.deps;
		const version = entry.version;
		const held = entry.token;
		// Cleared, fetched or loaded meanwhile: whoever changed it has scheduled what follows.
		const overtaken = () => this.disposed || entry.version !== version || entry.token !== held;
		if ((await this.adoptStored(profileId, entry)) || overtaken()) return;
		const wait = await this.leases.claim(profileId);
		if (wait !== undefined) {
			if (overtaken()) return;
			logger.info(`[tokens] profile ${this.name(profileId)}: another window is refreshing; waiting for its token`);
			this.arm(profileId, wait);
			this.fire(profileId); // nextRefreshAt moved
			return;
		}
		const stopRenewing = this.leases.renew(profileId);
		try {
			// The previous holder may have stored its token between our first look and our claim.
			if (overtaken() || (await this.adoptStored(profileId, entry)) || overtaken()) return;
			entry.lastAutoAt = clock.now();
			logger.info(`[tokens] profile ${this.name(profileId)}: refreshing automatically`);
			await this.join(profileId).catch(() => undefined); // the failure is recorded and rescheduled
		} finally {
			stopRenewing();
			await this.leases.release(profileId);
		}
	}

	/** Adopts a newer token another window stored; false if there is none. */
	private async adoptStored(profileId: string, entry: Entry): Promise<boolean> {
		const version = entry.version;
		const stored = await this.deps.storage.read(profileId).catch(() => undefined);
		if (entry.version !== version || this.disposed) return false;
		if (!stored || stored.accessToken === entry.token?.accessToken || stored.obtainedAt <= (entry.token?.obtainedAt ?? 0)) return false;
		entry.token = stored;
		entry.version++;
		this.adopted(entry, stored);
		this.schedule(profileId);
		this.fire(profileId);
		return true;
	}

	/** A token from storage replaces ours: its refresh counts as this profile's latest automatic one. */
	private adopted(entry: Entry, token: StoredToken): void {
		entry.lastError = undefined;
		entry.failures = 0;
		entry.lastAutoAt = Math.max(entry.lastAutoAt ?? -Infinity, Math.min(token.obtainedAt, this.deps.clock.now()));
	}

	private fire(profileId: string): void {
		for (const listener of this.listeners) listener(profileId);
	}
}
