/**
 * Access tokens per profile: a memory cache backed by storage (SecretStorage in the extension),
 * single-flight fetching (any number of concurrent callers cause one IMS request), and a refresh
 * schedule with backoff. A failed refresh never discards a token that still works. vscode-free and
 * HTTP-free: the fetch is injected, so the status bar can use this without loading undici.
 */
import { AdobeApiError, toAdobeApiError } from './errors';
import { Clock, Logger } from './logger';

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
	token?: StoredToken;
	/** Bumped by every local change of `token`, so a storage read that raced with it is discarded. */
	version: number;
	flight?: Flight;
	lastError?: AdobeApiError;
	lastResult?: RefreshResult;
	failures: number;
	cancelTimer?: () => void;
	nextRefreshAt?: number;
}

const MINUTE = 60_000;
/** Backoff for automatic retries after transient failures: 30 s, 1 min, 2 min … up to 15 min. */
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 15 * MINUTE;

/** When to refresh: `lead` before expiry, but never before two thirds of the lifetime have passed. */
export function refreshDueAt(token: StoredToken, refreshLeadMs: number): number {
	const lifetime = token.expiresAt - token.obtainedAt;
	return Math.max(token.expiresAt - refreshLeadMs, token.obtainedAt + (lifetime * 2) / 3);
}

/** A token is handed out only with some life left: 5 minutes, or a tenth of a short lifetime. */
export function isUsable(token: StoredToken | undefined, now: number): token is StoredToken {
	if (!token) return false;
	const margin = Math.min(5 * MINUTE, (token.expiresAt - token.obtainedAt) / 10);
	return token.expiresAt - now > margin;
}

export class TokenManager {
	private readonly entries = new Map<string, Entry>();
	private readonly listeners = new Set<(profileId: string) => void>();
	private disposed = false;

	constructor(
		private readonly deps: {
			fetch: TokenFetch;
			storage: TokenStorage;
			clock: Clock;
			logger: Logger;
			policy: () => TokenPolicy;
		},
	) {}

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
			if (stored) entry.lastError = undefined;
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
		return this.join(profileId, options.signal);
	}

	/** Forgets the token here and in storage. */
	async clear(profileId: string): Promise<void> {
		const entry = this.entry(profileId);
		entry.cancelTimer?.();
		entry.flight?.controller.abort();
		// A fetch under way now finishes into nothing: the version check in fetchAndStore drops it.
		Object.assign(entry, { token: undefined, flight: undefined, lastError: undefined, lastResult: undefined, failures: 0, cancelTimer: undefined, nextRefreshAt: undefined });
		entry.version++;
		await this.deps.storage.remove(profileId);
		this.fire(profileId);
	}

	/** Settings changed: recompute every schedule. */
	reschedule(): void {
		for (const profileId of this.entries.keys()) this.schedule(profileId);
	}

	dispose(): void {
		this.disposed = true;
		for (const entry of this.entries.values()) {
			entry.cancelTimer?.();
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
			entry.token = token;
			entry.version++;
			entry.lastError = undefined;
			entry.failures = 0;
			entry.lastResult = { ok: true, at: clock.now(), message: 'Token obtained.' };
			try {
				await this.deps.storage.write(profileId, token);
			} catch (error) {
				logger.warn(`[tokens] could not store the token of profile ${profileId}: ${(error as Error).message}`);
			}
			logger.info(`[tokens] profile ${profileId}: new token, expires ${new Date(token.expiresAt).toISOString()}`);
			return token;
		} catch (error) {
			const failure = toAdobeApiError(error, 'ims');
			if (failure.kind !== 'cancelled') {
				entry.lastError = failure;
				entry.failures++;
				entry.lastResult = { ok: false, at: clock.now(), message: failure.message };
				const kept = isUsable(entry.token, clock.now()) ? '; the current token is kept' : '';
				logger.warn(`[tokens] profile ${profileId}: token request failed${kept}: ${failure.message}`);
			}
			throw failure;
		} finally {
			if (!this.disposed) this.schedule(profileId);
		}
	}

	private schedule(profileId: string): void {
		const entry = this.entry(profileId);
		entry.cancelTimer?.();
		entry.cancelTimer = undefined;
		entry.nextRefreshAt = undefined;
		const policy = this.deps.policy();
		// Only profiles that have had a token refresh on their own; a profile never used stays quiet.
		if (!policy.autoRefresh || !entry.token || this.disposed) return;
		const now = this.deps.clock.now();
		let due: number;
		if (entry.lastError) {
			if (!entry.lastError.isTransient) return; // needs the user: wrong secret, scope, …
			const backoff = Math.min(RETRY_BASE_MS * 2 ** (entry.failures - 1), RETRY_MAX_MS);
			due = now + Math.max(backoff, entry.lastError.retryAfterMs ?? 0);
		} else {
			due = Math.max(now, refreshDueAt(entry.token, policy.refreshLeadMs));
		}
		entry.nextRefreshAt = due;
		entry.cancelTimer = this.deps.clock.setTimer(() => {
			entry.cancelTimer = undefined;
			entry.nextRefreshAt = undefined;
			void this.refreshIfStillDue(profileId);
		}, due - now);
	}

	/** Another window may have refreshed already: adopt its token rather than asking IMS again. */
	private async refreshIfStillDue(profileId: string): Promise<void> {
		const entry = this.entry(profileId);
		const before = entry.token?.accessToken;
		const version = entry.version;
		const stored = await this.deps.storage.read(profileId).catch(() => undefined);
		if (entry.version !== version || this.disposed) return; // cleared or replaced meanwhile
		if (stored && stored.accessToken !== before && stored.obtainedAt > (entry.token?.obtainedAt ?? 0)) {
			entry.token = stored;
			entry.version++;
			entry.lastError = undefined;
			entry.failures = 0;
			this.schedule(profileId);
			this.fire(profileId);
			return;
		}
		this.deps.logger.info(`[tokens] profile ${profileId}: refreshing automatically`);
		await this.join(profileId).catch(() => undefined); // the failure is recorded and rescheduled
	}

	private fire(profileId: string): void {
		for (const listener of this.listeners) listener(profileId);
	}
}
