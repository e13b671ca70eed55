/**
 * "Sign in with Adobe": the `adobe-ims` authentication provider. Users sign in in the browser
 * (authorization code with PKCE, src/core/signIn.ts) and appear in VS Code's Accounts menu; several
 * accounts at once. Server-to-server profiles surface here too, so another extension's
 * `vscode.authentication.getSession('adobe-ims', scopes)` can get a profile's token after VS Code's
 * consent prompt.
 *
 * User sessions (tokens, refresh token, expiry, account) live in SecretStorage through the Keychain
 * under one key, re-read when another window changes it. A session is refreshed with its refresh
 * token when less than 10 minutes are left (the margin aio-lib-ims keeps); without one (Adobe says
 * Single Page App credentials get none) it lasts until expiry, then is removed with a "Sign In Again"
 * offer that first tries `prompt=none`, which needs no consent screen when the user is still signed
 * in at Adobe. Registering is cheap: the HTTP stack loads on the first sign-in, refresh or revoke.
 */
import * as vscode from 'vscode';
import { AdobeApiError, isAdobeApiError } from '../core/errors';
import { wallClockTimer } from '../core/logger';
import { ProfileMeta, uniqueProfileName } from '../core/profiles';
import { StoredToken, isUsable } from '../core/tokenManager';
import type { ExtensionServices } from '../commands/services';
import { isCancellation, messageOf, showError } from '../errorMessages';
import { loadNetwork } from '../networkLoader';
import { withCancellableProgress } from '../progress';
import { readSignInConfig } from '../settings';

export const AUTH_PROVIDER_ID = 'adobe-ims';
export const AUTH_PROVIDER_LABEL = 'Adobe';
const SESSIONS_KEY = 'signIn.sessions';

/** Refresh when this little is left (aio-lib-ims hands out no token with 10 minutes or less). */
const REFRESH_MARGIN_MS = 10 * 60_000;
/** At most one refresh attempt per session in this time, however often getSessions is called. */
const REFRESH_THROTTLE_MS = 30_000;
/** Codes after which only a new sign-in in the browser can help. */
const SIGN_IN_AGAIN_CODES = new Set(['login_required', 'consent_required', 'interaction_required']);

interface UserSession {
	id: string;
	/** Adobe's `sub`. */
	accountId: string;
	label: string;
	scopes: string[];
	accessToken: string;
	refreshToken?: string;
	expiresAt: number;
	obtainedAt: number;
	/** The credential and IMS it was signed in with: refresh and revoke go there even if the settings change. */
	clientId: string;
	imsBaseUrl: string;
}

export interface SignInOptions {
	scopes?: readonly string[];
	/** 'none': try without any page at Adobe first, then fall back to the full sign-in. */
	prompt?: 'none';
	/** Shows a cancellable progress notification (interactive calls). */
	progress?: boolean;
}

export class AdobeAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
	readonly onDidChangeSessions = this.emitter.event;
	private sessions: UserSession[] | undefined;
	private loading: Promise<UserSession[]> | undefined;
	/** What this window wrote last: a change event for one of these is our own write, arriving late. */
	private readonly ourWrites: Array<string | undefined> = [];
	private readonly refreshing = new Map<string, Promise<UserSession | undefined>>();
	private readonly lastRefreshAttempt = new Map<string, number>();
	/** The access token last announced per profile session, to fire changed/removed only on a real change. */
	private readonly announcedProfileTokens = new Map<string, string>();
	private cancelTimer: (() => void) | undefined;
	private readonly subscriptions: vscode.Disposable[] = [];

	constructor(
		private readonly services: ExtensionServices,
		private readonly openBrowser: (url: string) => Thenable<boolean> = (url) => vscode.env.openExternal(vscode.Uri.parse(url, true)),
	) {
		this.subscriptions.push(
			services.keychain.onDidChange((key) => {
				if (key === SESSIONS_KEY) void this.reloadFromStorage();
			}),
			{ dispose: services.tokens.onDidChange((profileId) => this.announceProfile(profileId)) },
		);
		// Sessions are read on first use, except that expiry and refresh timers need them: load in the background.
		void this.load().then(() => this.schedule(), () => undefined);
	}

	// ---- vscode.AuthenticationProvider ----

	async getSessions(scopes: readonly string[] | undefined, options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
		const wanted = scopes ?? [];
		const result: vscode.AuthenticationSession[] = [];
		for (const session of (await this.load()).filter((s) => covers(s.scopes, wanted))) {
			const fresh = await this.fresh(session);
			if (fresh) result.push(toSession(fresh));
		}
		result.push(...(await this.profileSessions(wanted)));
		return options?.account ? result.filter((s) => s.account.id === options.account?.id) : result;
	}

	async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
		return toSession(await this.signIn({ scopes, progress: true }));
	}

	async removeSession(sessionId: string): Promise<void> {
		const profileId = /^profile:(.+)$/.exec(sessionId)?.[1];
		if (profileId) {
			// A server-to-server profile is not signed out of: its token is cleared, the credential stays.
			await this.services.tokens.clear(profileId);
			return;
		}
		const sessions = await this.load();
		const session = sessions.find((s) => s.id === sessionId);
		if (!session) return;
		await this.save(sessions.filter((s) => s.id !== sessionId));
		this.fire({ removed: [toSession(session)] });
		this.schedule();
		await this.unlinkProfile(session);
		await this.revoke(session);
	}

	/**
	 * The token of a profile that is a signed-in user (the token manager's fetch for it): the
	 * session's token if the profile does not hold it yet, else a refreshed one; without a refresh
	 * token, a "sign in again" error that names when the current token stops working.
	 */
	async tokenForProfile(profileId: string, sessionId: string): Promise<Omit<StoredToken, 'obtainedAt'>> {
		const profileName = this.services.profiles.find(profileId)?.name ?? profileId;
		const session = (await this.load()).find((s) => s.id === sessionId);
		if (!session) throw signInAgain(`"${profileName}" is no longer signed in to Adobe. Sign in again with "Adobe: Sign In with Adobe…".`);
		const held = this.services.tokens.snapshot(profileId).token?.accessToken;
		const token = (s: UserSession) => ({ accessToken: s.accessToken, tokenType: 'bearer', expiresAt: s.expiresAt, scopes: [...s.scopes] });
		if (session.accessToken !== held && session.expiresAt - Date.now() > 60_000) return token(session);
		if (session.refreshToken) {
			const refreshed = await this.refresh(session);
			if (refreshed) return token(refreshed);
		}
		const until = new Date(session.expiresAt).toLocaleString();
		throw signInAgain(`Adobe gave the sign-in of "${profileName}" no refresh token, so its token cannot be renewed; it works until ${until}. Sign in again with "Adobe: Sign In with Adobe…".`);
	}

	// ---- commands ----

	/** A browser sign-in; replaces the stored session of the same account. */
	async signIn(options: SignInOptions = {}): Promise<UserSession> {
		if (options.prompt === 'none') {
			try {
				return await this.signInOnce({ ...options, prompt: 'none' });
			} catch (error) {
				if (!(isAdobeApiError(error) && error.code && SIGN_IN_AGAIN_CODES.has(error.code))) throw error;
				this.services.log.info(`[signIn] no silent sign-in (${error.code}); asking at Adobe`);
			}
		}
		return this.signInOnce({ ...options, prompt: undefined });
	}

	/** The signed-in user accounts (not server-to-server profiles), for Sign Out's picker. */
	async userAccounts(): Promise<Array<{ id: string; label: string; scopes: string[] }>> {
		return (await this.load()).map((s) => ({ id: s.id, label: s.label, scopes: [...s.scopes] }));
	}

	dispose(): void {
		this.cancelTimer?.();
		for (const subscription of this.subscriptions) subscription.dispose();
		this.emitter.dispose();
	}

	// ---- sign-in, refresh, expiry ----

	private async signInOnce(options: SignInOptions): Promise<UserSession> {
		const config = readSignInConfig();
		const scopes = [...new Set([...config.scopes, ...(options.scopes ?? [])])];
		const network = this.services.clients.get();
		const imsBaseUrl = network.endpoints.ims;
		const run = (signal?: AbortSignal) =>
			loadNetwork().signInWithBrowser({
				auth: network.userAuthAt(imsBaseUrl),
				imsBaseUrl,
				clientId: config.clientId,
				redirectUri: config.redirectUri,
				scopes,
				prompt: options.prompt,
				signal,
				openBrowser: async (url) => {
					if (!(await this.openBrowser(url))) throw new AdobeApiError('VS Code could not open the browser for the Adobe sign-in.', { kind: 'cancelled', service: 'ims' });
				},
			});
		this.services.log.info(`[signIn] signing in with client ${config.clientId} through ${config.redirectUri}${options.prompt ? ` (prompt=${options.prompt})` : ''}`);
		const { tokens, user } = options.progress ? await withCancellableProgress('Signing in to Adobe in your browser…', (signal) => run(signal)) : await run();
		this.remember(tokens.accessToken, tokens.refreshToken);
		const session: UserSession = {
			id: `user:${user.sub}`,
			accountId: user.sub,
			label: user.email ?? user.name ?? user.sub,
			scopes: tokens.scopes,
			accessToken: tokens.accessToken,
			refreshToken: tokens.refreshToken,
			expiresAt: tokens.expiresAt,
			obtainedAt: Date.now(),
			clientId: config.clientId,
			imsBaseUrl,
		};
		const sessions = await this.load();
		const previous = sessions.find((s) => s.id === session.id);
		await this.save([...sessions.filter((s) => s.id !== session.id), session]);
		this.fire(previous ? { changed: [toSession(session)] } : { added: [toSession(session)] });
		this.services.log.info(`[signIn] signed in as ${session.label}${session.refreshToken ? '' : ' (no refresh token: the session ends when its token expires)'}`);
		this.schedule();
		await this.linkProfile(session);
		return session;
	}

	/** A signed-in user is also a profile (Cloud Storage, no secret) the status bar and explorer can use. */
	private async linkProfile(session: UserSession): Promise<void> {
		const profiles = this.services.profiles;
		await profiles.ready();
		let profile = profiles.list().find((p) => p.signedIn?.sessionId === session.id);
		profile ??= await profiles.add(
			{
				name: uniqueProfileName(session.label, profiles.list().map((p) => p.name)),
				apiKind: 'cloudStorage',
				scopes: [...session.scopes],
				imsEnvironment: 'production',
				signedIn: { sessionId: session.id },
			},
			{ clientId: session.clientId, clientSecret: '' },
		);
		// The token manager fetches from this session (tokenForProfile): a new sign-in's token replaces the old at once.
		await this.services.tokens.getToken(profile.id, { forceRefresh: true }).catch((error: unknown) => {
			this.services.log.warn(`[signIn] profile "${profile.name}" has no token yet: ${messageOf(error)}`);
		});
	}

	private async unlinkProfile(session: UserSession): Promise<void> {
		const profile = this.services.profiles.list().find((p) => p.signedIn?.sessionId === session.id);
		if (profile) await this.services.profiles.remove(profile.id);
	}

	/** The session with a token worth handing out: refreshed if due and possible; undefined once it has ended. */
	private async fresh(session: UserSession): Promise<UserSession | undefined> {
		const now = Date.now();
		if (session.expiresAt - now > REFRESH_MARGIN_MS) return session;
		if (session.refreshToken && now - (this.lastRefreshAttempt.get(session.id) ?? 0) >= REFRESH_THROTTLE_MS) {
			const refreshed = await this.refresh(session);
			if (refreshed) return refreshed;
		}
		if (session.expiresAt > Date.now()) return session;
		await this.end(session, 'its token expired');
		return undefined;
	}

	private refresh(session: UserSession): Promise<UserSession | undefined> {
		let flight = this.refreshing.get(session.id);
		if (!flight) {
			this.lastRefreshAttempt.set(session.id, Date.now());
			flight = this.refreshNow(session).finally(() => this.refreshing.delete(session.id));
			this.refreshing.set(session.id, flight);
		}
		return flight;
	}

	private async refreshNow(session: UserSession): Promise<UserSession | undefined> {
		try {
			const auth = this.services.clients.get().userAuthAt(session.imsBaseUrl);
			const tokens = await auth.refresh(session.clientId, session.refreshToken ?? '', session.scopes);
			this.remember(tokens.accessToken, tokens.refreshToken);
			const updated: UserSession = { ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? session.refreshToken, expiresAt: tokens.expiresAt, obtainedAt: Date.now() };
			const sessions = await this.load();
			if (!sessions.some((s) => s.id === session.id)) return undefined; // signed out meanwhile
			await this.save(sessions.map((s) => (s.id === session.id ? updated : s)));
			this.fire({ changed: [toSession(updated)] });
			this.services.log.info(`[signIn] refreshed the session of ${session.label}`);
			this.schedule();
			return updated;
		} catch (error) {
			this.services.log.warn(`[signIn] refreshing the session of ${session.label} failed: ${messageOf(error)}`);
			if (isAdobeApiError(error) && error.code === 'invalid_grant') await this.end(session, 'Adobe no longer accepts its refresh token');
			return undefined;
		}
	}

	/** The session cannot continue: forget it and offer to sign in again. */
	private async end(session: UserSession, why: string): Promise<void> {
		const sessions = await this.load();
		if (!sessions.some((s) => s.id === session.id)) return;
		await this.save(sessions.filter((s) => s.id !== session.id));
		this.fire({ removed: [toSession(session)] });
		this.services.log.info(`[signIn] the session of ${session.label} ended: ${why}`);
		this.schedule();
		await this.unlinkProfile(session);
		void vscode.window.showWarningMessage(`Your Adobe sign-in as ${session.label} has ended (${why}). Sign in again to keep using it.`, 'Sign In Again').then((choice) => {
			if (!choice) return;
			this.signIn({ prompt: 'none', progress: true }).catch((error: unknown) => {
				if (!isCancellation(error)) void showError(error, this.services.log.redact);
			});
		});
	}

	private async revoke(session: UserSession): Promise<void> {
		// A revoked refresh token takes its access tokens along at IMS; the access token is revoked too, for IMSs that do not.
		try {
			const auth = this.services.clients.get().userAuthAt(session.imsBaseUrl);
			if (session.refreshToken) await auth.revoke(session.clientId, session.refreshToken);
			await auth.revoke(session.clientId, session.accessToken);
			this.services.log.info(`[signIn] signed out ${session.label}; Adobe revoked its tokens`);
		} catch (error) {
			this.services.log.warn(`[signIn] signed out ${session.label} here, but revoking its tokens at Adobe failed: ${messageOf(error)}`);
		}
	}

	/** One wall-clock timer for the soonest refresh or expiry among the sessions. */
	private schedule(): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
		const sessions = this.sessions ?? [];
		if (sessions.length === 0) return;
		const dueAt = (s: UserSession) =>
			s.refreshToken ? Math.max(s.expiresAt - REFRESH_MARGIN_MS, (this.lastRefreshAttempt.get(s.id) ?? 0) + REFRESH_THROTTLE_MS) : s.expiresAt;
		const soonest = Math.min(...sessions.map(dueAt));
		this.cancelTimer = wallClockTimer(() => {
			this.cancelTimer = undefined;
			void Promise.all((this.sessions ?? []).filter((s) => dueAt(s) <= Date.now()).map((s) => this.fresh(s))).finally(() => this.schedule());
		}, Math.max(1000, soonest - Date.now()));
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
			this.fire(announced === undefined ? { added: [profileSession(profile, token)] } : { changed: [profileSession(profile, token)] });
		} else if (announced !== undefined) {
			this.announcedProfileTokens.delete(profileId);
			const id = `profile:${profileId}`;
			this.fire({ removed: [{ id, accessToken: '', account: { id, label: profile ? profileLabel(profile) : id }, scopes: profile?.scopes ?? [] }] });
		}
	}

	// ---- storage ----

	private load(): Promise<UserSession[]> {
		if (this.sessions) return Promise.resolve(this.sessions);
		this.loading ??= this.read().then(
			(sessions) => {
				this.sessions = sessions;
				this.loading = undefined;
				return sessions;
			},
			(error: unknown) => {
				this.loading = undefined;
				throw error;
			},
		);
		return this.loading;
	}

	private async read(): Promise<UserSession[]> {
		const raw = await this.services.keychain.get(SESSIONS_KEY);
		const sessions = parseSessions(raw);
		for (const s of sessions) this.remember(s.accessToken, s.refreshToken);
		return sessions;
	}

	private async save(sessions: UserSession[]): Promise<void> {
		const raw = JSON.stringify(sessions);
		this.sessions = sessions;
		this.ourWrites.push(sessions.length ? raw : undefined);
		if (this.ourWrites.length > 8) this.ourWrites.shift();
		await (sessions.length ? this.services.keychain.store(SESSIONS_KEY, raw) : this.services.keychain.delete(SESSIONS_KEY));
	}

	/** Another window signed in, out or refreshed: adopt its sessions and tell VS Code what changed. */
	private async reloadFromStorage(): Promise<void> {
		const raw = await this.services.keychain.get(SESSIONS_KEY);
		// Our own write (its event may arrive after a newer one of ours, and read a value we already replaced).
		if (this.ourWrites.includes(raw) || this.sessions === undefined) return;
		const before = this.sessions ?? [];
		const after = parseSessions(raw);
		for (const s of after) this.remember(s.accessToken, s.refreshToken);
		this.sessions = after;
		const added = after.filter((s) => !before.some((b) => b.id === s.id));
		const removed = before.filter((b) => !after.some((s) => s.id === b.id));
		const changed = after.filter((s) => before.some((b) => b.id === s.id && b.accessToken !== s.accessToken));
		if (added.length || removed.length || changed.length) this.fire({ added: added.map(toSession), removed: removed.map(toSession), changed: changed.map(toSession) });
		this.schedule();
	}

	private fire(change: { added?: vscode.AuthenticationSession[]; removed?: vscode.AuthenticationSession[]; changed?: vscode.AuthenticationSession[] }): void {
		this.emitter.fire({ added: change.added ?? [], removed: change.removed ?? [], changed: change.changed ?? [] });
	}

	private remember(...values: Array<string | undefined>): void {
		for (const value of values) if (value) this.services.log.addSecret(value);
	}
}

/** A session serves a request when it has every scope asked for. */
function signInAgain(message: string): AdobeApiError {
	return new AdobeApiError(message, { kind: 'invalidInput', code: 'sign_in_again' });
}

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

/** Stored sessions, each field checked; anything malformed is dropped rather than trusted. */
function parseSessions(raw: string | undefined): UserSession[] {
	if (!raw) return [];
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return [];
	}
	if (!Array.isArray(parsed)) return [];
	const text = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 16_384;
	return parsed.filter(
		(s): s is UserSession =>
			typeof s === 'object' &&
			s !== null &&
			text(s.id) &&
			text(s.accountId) &&
			text(s.label) &&
			text(s.accessToken) &&
			(s.refreshToken === undefined || text(s.refreshToken)) &&
			Number.isFinite(s.expiresAt) &&
			Number.isFinite(s.obtainedAt) &&
			text(s.clientId) &&
			text(s.imsBaseUrl) &&
			Array.isArray(s.scopes) &&
			s.scopes.every(text),
	);
}
