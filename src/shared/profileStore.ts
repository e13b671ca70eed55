/**
 * Credential profiles, entirely in SecretStorage: an index (names, API kinds, scopes, IMS
 * environment, which one is active) and, per profile, its client id + secret and its token.
 * Nothing goes to settings or globalState. Changes made in another window arrive through
 * the keychain's onDidChange and are re-read.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { invalidInput } from '../core/common/errors';
import type { Logger } from '../core/common/logger';
import { ClientSecretPair, ProfileMeta } from '../core/credentials/profiles';
import type { LeaseStorage, RefreshLease, StoredToken, TokenStorage } from '../core/tokens/tokenManager';
import { Keychain } from './keychain';

const INDEX_KEY = 'profiles';
const credentialKey = (id: string) => `profile.${id}.credential`;
const tokenKey = (id: string) => `profile.${id}.token`;
/** Which window is refreshing the profile's token: shared with every window, like the token. */
const leaseKey = (id: string) => `profile.${id}.refreshLease`;
/** The profile id inside a token key, for routing secret-change events. */
export const profileIdOfTokenKey = (key: string) => /^profile\.(.+)\.token$/.exec(key)?.[1];

interface ProfileIndex {
	version: 1;
	activeId?: string;
	profiles: ProfileMeta[];
}

export class ProfileStore implements vscode.Disposable {
	private index: ProfileIndex = { version: 1, profiles: [] };
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires when the list of profiles, their settings or the active one changed (here or in another window). */
	readonly onDidChange = this.changed.event;
	private readonly subscription: vscode.Disposable;
	private readonly loaded: Promise<void>;
	/** Serialises writes so two quick edits cannot interleave. */
	private writes: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly keychain: Keychain,
		private readonly logger: Logger,
	) {
		this.loaded = this.reload();
		this.subscription = keychain.onDidChange((key) => {
			if (key === INDEX_KEY) void this.reload();
		});
	}

	/** Resolves once the index has been read from SecretStorage. */
	ready(): Promise<void> {
		return this.loaded;
	}

	list(): readonly ProfileMeta[] {
		return this.index.profiles;
	}

	active(): ProfileMeta | undefined {
		return this.index.profiles.find((p) => p.id === this.index.activeId) ?? this.index.profiles[0];
	}

	/** By name (case-insensitive) or id. */
	find(nameOrId: string): ProfileMeta | undefined {
		const wanted = nameOrId.trim().toLowerCase();
		return this.index.profiles.find((p) => p.id === nameOrId || p.name.toLowerCase() === wanted);
	}

	async add(meta: Omit<ProfileMeta, 'id'>, credential: ClientSecretPair): Promise<ProfileMeta> {
		const [profile] = await this.addMany([{ meta, credential }]);
		return profile;
	}

	/**
	 * Adds all the profiles or none: every credential first (an index entry must never point at
	 * missing secrets), then the index once. On any failure the credentials already stored are
	 * deleted again and the index stays as it was.
	 */
	addMany(entries: ReadonlyArray<{ meta: Omit<ProfileMeta, 'id'>; credential: ClientSecretPair }>): Promise<ProfileMeta[]> {
		return this.write(async () => {
			const profiles: ProfileMeta[] = entries.map(({ meta }) => ({ ...meta, id: randomUUID() }));
			const isFirst = this.index.profiles.length === 0;
			const attempted: string[] = [];
			try {
				for (const [i, profile] of profiles.entries()) {
					attempted.push(profile.id); // before the call: a failed store may still have written
					await this.keychain.store(credentialKey(profile.id), JSON.stringify(entries[i].credential));
				}
				await this.saveIndex({
					...this.index,
					activeId: isFirst ? profiles[0]?.id : this.index.activeId,
					profiles: [...this.index.profiles, ...profiles],
				});
			} catch (error) {
				// Best effort: the keychain logs a failed delete by key; the original failure is what the caller needs.
				for (const id of attempted) await this.keychain.delete(credentialKey(id)).catch(() => undefined);
				throw error;
			}
			for (const profile of profiles) {
				this.logger.info(
					`[profiles] added "${profile.name}" (${profile.apiKind})${isFirst && profile === profiles[0] ? ', now active' : ''}`,
				);
			}
			return profiles;
		});
	}

	update(meta: ProfileMeta, credential: Partial<ClientSecretPair>): Promise<void> {
		return this.write(async () => {
			if (credential.clientId !== undefined || credential.clientSecret !== undefined) {
				// Merged onto whatever is stored, so editing the one missing half repairs a damaged credential.
				const raw = await this.keychain.get(credentialKey(meta.id));
				const current = (raw ? safeParse(raw) : undefined) as Partial<ClientSecretPair> | undefined;
				await this.keychain.store(credentialKey(meta.id), JSON.stringify({ ...current, ...credential }));
			}
			await this.saveIndex({ ...this.index, profiles: this.index.profiles.map((p) => (p.id === meta.id ? meta : p)) });
			this.logger.info(`[profiles] updated "${meta.name}"`);
		});
	}

	remove(id: string): Promise<void> {
		return this.write(async () => {
			const remaining = this.index.profiles.filter((p) => p.id !== id);
			const activeId = this.index.activeId === id ? remaining[0]?.id : this.index.activeId;
			await this.saveIndex({ ...this.index, activeId, profiles: remaining });
			await this.keychain.delete(credentialKey(id));
			await this.keychain.delete(tokenKey(id));
			await this.keychain.delete(leaseKey(id));
		});
	}

	setActive(id: string): Promise<void> {
		return this.write(() => this.saveIndex({ ...this.index, activeId: id }));
	}

	async credential(id: string): Promise<ClientSecretPair> {
		const raw = await this.keychain.get(credentialKey(id));
		const parsed = raw ? (safeParse(raw) as Partial<ClientSecretPair> | undefined) : undefined;
		if (typeof parsed?.clientId !== 'string' || typeof parsed.clientSecret !== 'string') {
			const name = this.index.profiles.find((p) => p.id === id)?.name ?? id;
			throw invalidInput(
				`The Client ID and Secret of profile "${name}" are missing from VS Code's secret storage. Edit the profile to enter them again.`,
				{ code: 'missing_credential' },
			);
		}
		return { clientId: parsed.clientId, clientSecret: parsed.clientSecret };
	}

	/** Where tokens live: one secret per profile. */
	readonly tokenStorage: TokenStorage = {
		read: async (id) => {
			const raw = await this.keychain.get(tokenKey(id));
			const token = raw ? (safeParse(raw) as StoredToken | undefined) : undefined;
			return token && typeof token.accessToken === 'string' && Number.isFinite(token.expiresAt) && Number.isFinite(token.obtainedAt)
				? token
				: undefined;
		},
		write: (id, token) => this.keychain.store(tokenKey(id), JSON.stringify(token)),
		remove: (id) => this.keychain.delete(tokenKey(id)),
		leases: keychainLeases(() => this.keychain, leaseKey),
	};

	dispose(): void {
		this.subscription.dispose();
		this.changed.dispose();
	}

	private write<T>(operation: () => Promise<T>): Promise<T> {
		const next = this.writes.then(() => this.loaded).then(operation);
		this.writes = next.catch(() => undefined);
		return next;
	}

	private async saveIndex(index: ProfileIndex): Promise<void> {
		await this.keychain.store(INDEX_KEY, JSON.stringify(index));
		this.index = index;
		this.changed.fire();
	}

	private async reload(): Promise<void> {
		try {
			const raw = await this.keychain.get(INDEX_KEY);
			const parsed = raw ? (safeParse(raw) as ProfileIndex | undefined) : undefined;
			const index: ProfileIndex = parsed && Array.isArray(parsed.profiles) ? parsed : { version: 1, profiles: [] };
			if (JSON.stringify(index) === JSON.stringify(this.index)) return; // our own write, echoed back
			this.index = index;
		} catch (error) {
			this.logger.error(`[profiles] could not read the profile list: ${(error as Error).message}`);
		}
		this.changed.fire();
	}
}

function safeParse(raw: string): unknown {
	try {
		return JSON.parse(raw);
	} catch {
		return undefined;
	}
}

/** Refresh leases kept in SecretStorage (shared by every window), one secret per key; a malformed one reads as none. */
export function keychainLeases(keychain: () => Keychain, keyOf: (id: string) => string): LeaseStorage {
	return {
		read: async (id) => {
			const raw = await keychain().get(keyOf(id));
			const lease = raw ? (safeParse(raw) as Partial<RefreshLease> | undefined) : undefined;
			return typeof lease?.owner === 'string' && Number.isFinite(lease.until)
				? { owner: lease.owner, until: lease.until as number }
				: undefined;
		},
		write: (id, lease) => keychain().store(keyOf(id), JSON.stringify(lease)),
		remove: (id) => keychain().delete(keyOf(id)),
	};
}
