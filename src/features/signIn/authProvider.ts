/**
 * "Sign in with Adobe": the `adobe-ims` authentication provider. Users sign in in the browser
 * (authorization code with PKCE) and appear in VS Code's Accounts menu, several at once; each is
 * also a Cloud Storage profile. Server-to-server profiles surface here too, so another extension's
 * `vscode.authentication.getSession('adobe-ims', scopes)` can get a profile's token after VS Code's
 * consent prompt.
 *
 * The sessions' logic (storage, refresh, expiry, revocation) is src/core/signIn/userSessions.ts in the
 * network bundle, loaded only once there is a stored session or a sign-in: with nobody signed in,
 * listing accounts reads one secret and loads no HTTP code.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../shared/services';
import { AdobeApiError } from '../../core/common/errors';
import { systemClock } from '../../core/common/logger';
import { ProfileMeta, sanitizeProfileName, uniqueProfileName } from '../../core/credentials/profiles';
import { StoredToken, isUsable } from '../../core/tokens/tokenManager';
import { keychainLeases } from '../../shared/profileStore';
import type { SessionChange, UserSession, UserSessions } from '../../core/signIn/userSessions';
import { Redact, isCancellation, messageOf, redactedError } from '../../shared/errorUi';
import { withCancellableProgress } from '../../shared/progress';
import { readSignInSettings } from '../../shared/settings';

export const AUTH_PROVIDER_ID = 'adobe-ims';
export const AUTH_PROVIDER_LABEL = 'Adobe';
const SESSIONS_KEY = 'signIn.sessions';
const leaseKey = (sessionId: string) => `signIn.${sessionId}.refreshLease`;

export interface SignInOptions {
	scopes?: readonly string[];
	/**
	 * 'none' (the default): without any page at Adobe while the user is signed in there (how an
	 * ended Single Page App session, which has no refresh token, is renewed), else Adobe's sign-in
	 * page in the same tab. 'login': Adobe's login page even then, to sign in as another account.
	 */
	prompt?: 'none' | 'login';
	/** Shows a cancellable progress notification (interactive calls). */
	progress?: boolean;
}

export class AdobeAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
	readonly onDidChangeSessions = this.emitter.event;
	private users: UserSessions | undefined;
	/** The access token last announced per profile session, to fire added/changed/removed only on a real change. */
	private readonly announcedProfileTokens = new Map<string, string>();
	private readonly subscriptions: vscode.Disposable[] = [];
	/** Linking a session to its profile, per session: two at once would each add a profile. */
	private readonly linking = new Map<string, Promise<void>>();

	constructor(
		private readonly services: ExtensionServices,
		/** errorUi.ts's showError, which is in dist/commands.js (see features/signIn/index.ts). */
		private readonly showError: (error: unknown, redact: Redact) => Promise<void>,
		private readonly openBrowser: (url: string) => Thenable<boolean> = (url) => vscode.env.openExternal(vscode.Uri.parse(url, true)),
	) {
		this.subscriptions.push(
			services.keychain.onDidChange((key) => {
				if (key === SESSIONS_KEY) void this.userSessions().reloadFromStorage();
			}),
			{ dispose: services.tokens.onDidChange((profileId) => this.announceProfile(profileId)) },
		);
		// Expiry and refresh timers need the sessions loaded, if there are any.
		void this.storedUserSessions().then(
			(users) => users?.list(),
			() => undefined,
		);
	}

	// ---- vscode.AuthenticationProvider ----

	async getSessions(
		scopes: readonly string[] | undefined,
		options?: vscode.AuthenticationProviderSessionOptions,
	): Promise<vscode.AuthenticationSession[]> {
		const wanted = scopes ?? [];
		const result: vscode.AuthenticationSession[] = [];
		const users = await this.storedUserSessions();
		for (const session of users ? (await users.list()).filter((s) => covers(s.scopes, wanted)) : []) {
			const fresh = await users?.fresh(session);
			if (fresh) result.push(toSession(fresh));
		}
		result.push(...(await this.profileSessions(wanted)));
		return options?.account ? result.filter((s) => s.account.id === options.account?.id) : result;
	}

	async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
		try {
			// Asked for a new session while one exists (the Accounts menu, or a scope no session has): Adobe's
			// login page, so the user can choose another account rather than silently get the same one.
			const someoneSignedIn = (await this.userAccounts()).length > 0;
			return toSession(await this.signIn({ scopes, progress: true, prompt: someoneSignedIn ? 'login' : 'none' }));
		} catch (error) {
			// VS Code shows this error itself: it passes the redactor like everything we show.
			throw redactedError(error, this.services.log.redact);
		}
	}

	async removeSession(sessionId: string): Promise<void> {
		const profileId = /^profile:(.+)$/.exec(sessionId)?.[1];
		// A server-to-server profile is not signed out of: its token is cleared, the credential stays.
		if (profileId) return this.services.tokens.clear(profileId);
		// The user's profile and its token go first, so nothing here uses the token while Adobe revokes it.
		await this.unlinkProfile(sessionId);
		await (await this.storedUserSessions())?.remove(sessionId);
	}

	// ---- commands and the token manager ----

	/** A browser sign-in (replacing the stored session of the same account), then the user's profile. */
	async signIn(options: SignInOptions = {}): Promise<UserSession> {
		const network = this.services.clients.get();
		const run = (signal?: AbortSignal) =>
			this.userSessions().signIn({
				settings: readSignInSettings(),
				imsBaseUrl: network.endpoints.ims,
				scopes: options.scopes,
				prompt: options.prompt ?? 'none',
				signal,
				openBrowser: async (url) => {
					if (!(await this.openBrowser(url))) {
						throw new AdobeApiError('VS Code could not open the browser for the Adobe sign-in.', { kind: 'cancelled', service: 'ims' });
					}
				},
			});
		const session = options.progress
			? await withCancellableProgress('Signing in to Adobe in your browser…', (signal) => run(signal))
			: await run();
		await this.linkProfile(session);
		return session;
	}

	/** The signed-in user accounts (not server-to-server profiles), for Sign Out. */
	async userAccounts(): Promise<Array<{ id: string; label: string }>> {
		const users = await this.storedUserSessions();
		return users ? (await users.list()).map((s) => ({ id: s.id, label: s.label })) : [];
	}

	/** The token manager's fetch for a profile that is a signed-in user; `signal` is its Cancel. */
	tokenForProfile(profileId: string, sessionId: string, signal?: AbortSignal): Promise<Omit<StoredToken, 'obtainedAt'>> {
		const held = this.services.tokens.snapshot(profileId).token?.accessToken;
		return this.userSessions().tokenFor(sessionId, held, this.services.profiles.find(profileId)?.name ?? profileId, signal);
	}

	dispose(): void {
		this.users?.dispose();
		for (const subscription of this.subscriptions) subscription.dispose();
		this.emitter.dispose();
	}

	// ---- user sessions ----

	/** The sessions' manager, loading the network bundle. */
	private userSessions(): UserSessions {
		this.users ??= new (this.services.clients.network().UserSessions)({
			storage: {
				read: () => this.services.keychain.get(SESSIONS_KEY),
				write: (raw) => (raw === undefined ? this.services.keychain.delete(SESSIONS_KEY) : this.services.keychain.store(SESSIONS_KEY, raw)),
			},
			// Shared by every window, as the profiles' token leases are.
			leases: keychainLeases(() => this.services.keychain, leaseKey),
			auth: (imsBaseUrl) => this.services.clients.get().userAuthAt(imsBaseUrl),
			clock: systemClock,
			logger: this.services.log,
			remember: (value) => this.services.log.addSecret(value),
			onChange: (change) => this.fire(change),
			onEnded: (session, why) => void this.ended(session, why),
		});
		return this.users;
	}

	/** The manager if anyone is signed in (or was, in this window); undefined without loading anything otherwise. */
	private async storedUserSessions(): Promise<UserSessions | undefined> {
		if (this.users) return this.users;
		return (await this.services.keychain.get(SESSIONS_KEY)) ? this.userSessions() : undefined;
	}

	private async ended(session: UserSession, why: string): Promise<void> {
		await this.unlinkProfile(session.id);
		const choice = await vscode.window.showWarningMessage(
			`Your Adobe sign-in as ${session.label} has ended (${why}). Sign in again to keep using it.`,
			'Sign In Again',
		);
		if (!choice) return;
		await this.signIn({ prompt: 'none', progress: true }).catch((error: unknown) => {
			if (!isCancellation(error)) void this.showError(error, this.services.log.redact);
		});
	}

	/** A signed-in user is also a profile (Cloud Storage, no secret) the status bar and explorer can use. */
	private linkProfile(session: UserSession): Promise<void> {
		const run = (this.linking.get(session.id) ?? Promise.resolve()).then(() => this.linkProfileNow(session));
		const tail = run.catch(() => undefined);
		this.linking.set(session.id, tail);
		void tail.then(() => {
			if (this.linking.get(session.id) === tail) this.linking.delete(session.id);
		});
		return run;
	}

	private async linkProfileNow(session: UserSession): Promise<void> {
		const profiles = this.services.profiles;
		await profiles.ready();
		const profile =
			profiles.list().find((p) => p.signedIn?.sessionId === session.id) ??
			(await profiles.add(
				{
					// The label is what userinfo said (cleaned in userSessions.ts); cleaned again for sessions stored by older versions.
					name: uniqueProfileName(
						sanitizeProfileName(session.label) || 'Adobe user',
						profiles.list().map((p) => p.name),
					),
					apiKind: 'cloudStorage',
					scopes: [...session.scopes],
					imsEnvironment: 'production',
					signedIn: { sessionId: session.id },
				},
				{ clientId: session.clientId, clientSecret: '' },
			));
		// The token manager fetches from the session (tokenForProfile): a new sign-in's token replaces the old at once.
		await this.services.tokens.getToken(profile.id, { forceRefresh: true }).catch((error: unknown) => {
			this.services.log.warn(`[signIn] profile "${profile.name}" has no token yet: ${messageOf(error)}`);
		});
	}

	/** Removes the user's profile and its token (memory and storage). */
	private async unlinkProfile(sessionId: string): Promise<void> {
		const profile = this.services.profiles.list().find((p) => p.signedIn?.sessionId === sessionId);
		if (!profile) return;
		await this.services.tokens.clear(profile.id);
		await this.services.profiles.remove(profile.id);
	}

	// ---- server-to-server profiles ----

	private async profileSessions(wanted: readonly string[]): Promise<vscode.AuthenticationSession[]> {
		const result: vscode.AuthenticationSession[] = [];
		for (const profile of this.services.profiles.list()) {
			// A signed-in user's profile is listed as that user's session already.
			if (profile.signedIn || !covers(profile.scopes, wanted)) continue;
			let token = this.services.tokens.snapshot(profile.id).token;
			// Listing all accounts (no scopes) fetches nothing: only profiles that hold a token show.
			if (wanted.length > 0 && !isUsable(token, Date.now())) {
				try {
					token = await this.services.tokens.getToken(profile.id);
				} catch (error) {
					this.services.log.warn(`[signIn] no token for profile ${profile.name}: ${messageOf(error)}`);
					continue;
				}
			}
			if (isUsable(token, Date.now())) result.push(profileSession(profile, token));
		}
		return result;
	}

	private announceProfile(profileId: string): void {
		const profile = this.services.profiles.find(profileId);
		if (profile?.signedIn) return; // announced as its user's session
		const token = this.services.tokens.snapshot(profileId).token;
		const announced = this.announcedProfileTokens.get(profileId);
		if (profile && token && isUsable(token, Date.now())) {
			if (announced === token.accessToken) return;
			this.announcedProfileTokens.set(profileId, token.accessToken);
			this.emitter.fire({
				added: announced === undefined ? [profileSession(profile, token)] : [],
				removed: [],
				changed: announced === undefined ? [] : [profileSession(profile, token)],
			});
		} else if (announced !== undefined) {
			this.announcedProfileTokens.delete(profileId);
			const id = `profile:${profileId}`;
			this.emitter.fire({
				added: [],
				changed: [],
				removed: [{ id, accessToken: '', account: { id, label: profile ? profileLabel(profile) : id }, scopes: profile?.scopes ?? [] }],
			});
		}
	}

	private fire(change: SessionChange): void {
		this.emitter.fire({
			added: (change.added ?? []).map(toSession),
			removed: (change.removed ?? []).map(toSession),
			changed: (change.changed ?? []).map(toSession),
		});
	}
}

/** A session serves a request when it has every scope asked for. */
function covers(have: readonly string[], wanted: readonly string[]): boolean {
	return wanted.every((scope) => have.includes(scope));
}

function toSession(s: UserSession): vscode.AuthenticationSession {
	return { id: s.id, accessToken: s.accessToken, account: { id: s.accountId, label: s.label }, scopes: [...s.scopes] };
}

function profileLabel(profile: ProfileMeta): string {
	return `${profile.name} (server-to-server)`;
}

function profileSession(profile: ProfileMeta, token: StoredToken): vscode.AuthenticationSession {
	const id = `profile:${profile.id}`;
	return { id, accessToken: token.accessToken, account: { id, label: profileLabel(profile) }, scopes: [...profile.scopes] };
}
