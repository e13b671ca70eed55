/**
 * A cross-window claim on "the next refresh of X": windows sharing a storage (every VS Code window
 * shares SecretStorage) take turns, so one refresh serves them all. Used by the token manager for a
 * profile's token and by the user sessions for a signed-in user's refresh token, which IMS rotates:
 * two windows refreshing with the same one would leave one of them with a refused token.
 * vscode-free and HTTP-free.
 */
import { randomUUID } from 'node:crypto';
import { Clock, Logger } from '../common/logger';

/** A window's claim on a key's next refresh. */
export interface RefreshLease {
	/** The claiming window's random id. */
	owner: string;
	/** ms since the epoch; after that the claim is void, even if its window died holding it. */
	until: number;
}

export interface LeaseStorage {
	read(key: string): Promise<RefreshLease | undefined>;
	write(key: string, lease: RefreshLease): Promise<void>;
	remove(key: string): Promise<void>;
}

/** How long a refresh lease holds: beyond a token request with its retries; normally released sooner. */
export const LEASE_MS = 2 * 60_000;
/** After writing a lease, wait this long for the other windows' writes to land before reading it back. */
export const LEASE_SETTLE_MS = 1000;

export class RefreshLeases {
	/** This window's name in refresh leases. */
	private readonly owner = randomUUID();

	constructor(
		private readonly leases: LeaseStorage | undefined,
		private readonly clock: Clock,
		private readonly logger: Logger,
		/** The log line's prefix, e.g. `[tokens]`. */
		private readonly tag: string,
		/** How the log names a key (a profile's name rather than its id). */
		private readonly name: (key: string) => string = (key) => key,
	) {}

	/**
	 * Claims the key's lease. Windows that found no lease at the same moment all write theirs and
	 * the last write wins, so each reads it back once the writes have landed. Returns when to look
	 * again if another window holds it; undefined to go ahead (also when the storage fails:
	 * refreshing twice beats not refreshing).
	 */
	async claim(key: string): Promise<number | undefined> {
		const leases = this.leases;
		if (!leases) return undefined;
		try {
			const other = await this.liveForeign(leases, key);
			if (other) return other.until;
			await leases.write(key, { owner: this.owner, until: this.clock.now() + LEASE_MS });
			await new Promise<void>((resolve) => this.clock.setTimer(resolve, LEASE_SETTLE_MS));
			return (await this.liveForeign(leases, key))?.until;
		} catch (error) {
			this.logger.warn(
				`${this.tag} ${this.name(key)}: the refresh lease is unavailable, refreshing without it: ${(error as Error).message}`,
			);
			return undefined;
		}
	}

	/**
	 * Keeps our lease alive while the refresh runs: a slow IMS with retries can outlast one lease,
	 * and the other windows must not take it over then. A window that dies stops renewing, so its
	 * lease still runs out within LEASE_MS. Returns the function that stops renewing.
	 */
	renew(key: string): () => void {
		const leases = this.leases;
		if (!leases) return () => undefined;
		let cancel = () => undefined as void;
		const arm = () => {
			cancel = this.clock.setTimer(() => {
				void leases.write(key, { owner: this.owner, until: this.clock.now() + LEASE_MS }).catch(() => undefined);
				arm();
			}, LEASE_MS / 2);
		};
		arm();
		return () => cancel();
	}

	async release(key: string): Promise<void> {
		const leases = this.leases;
		if (!leases) return;
		try {
			if ((await leases.read(key))?.owner === this.owner) await leases.remove(key);
		} catch (error) {
			this.logger.warn(
				`${this.tag} ${this.name(key)}: could not release the refresh lease; it runs out by itself: ${(error as Error).message}`,
			);
		}
	}

	/** Another window's lease that still holds; one claiming longer than a lease can last is void. */
	private async liveForeign(leases: LeaseStorage, key: string): Promise<RefreshLease | undefined> {
		const lease = await leases.read(key);
		const now = this.clock.now();
		const live = lease && lease.owner !== this.owner && lease.until > now && lease.until <= now + LEASE_MS;
		return live ? lease : undefined;
	}
}
