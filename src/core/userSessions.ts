/**
 * Signed-in Adobe users' sessions: stored, refreshed, ended and revoked. vscode-free and in the
 * network bundle; src/auth/adobeAuthProvider.ts adapts it to VS Code's authentication API.
 *
 * A session is refreshed with its refresh token when less than 10 minutes are left (the margin
 * aio-lib-ims keeps before it hands out a token), at most once per 30 seconds. Without a refresh
 * token (AdobeDocs/adobe-dev-console UserAuthentication/implementation.md: Single Page App and
 * Native App credentials get none) it lasts until expiry and then ends; a refresh token IMS no
 * longer accepts (invalid_grant) ends it too. One wall-clock timer serves the soonest refresh or
 * expiry. Sign-in with `prompt: 'none'` comes back without any page while the user is still signed
 * in at Adobe, and falls back to the full sign-in when IMS says interaction is needed.
 */
import { AdobeApiError, isAdobeApiError } from './errors';
import { Clock, Logger } from './logger';
import type { UserAuthClient } from './oauth';
import { signInWithBrowser } from './signIn';
import { parseSignInConfig } from './signInConfig';

export interface UserSession {
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

export interface SessionChange {
	added?: UserSession[];
	removed?: UserSession[];
	changed?: UserSession[];
}

export interface UserSessionsDeps {
	/** The stored sessions as one JSON text (SecretStorage through the Keychain); undefined deletes. */
	storage: { read(): Promise<string | undefined>; write(raw: string | undefined): Promise<void> };
	auth(imsBaseUrl: string): UserAuthClient;
	clock: Clock;
	logger: Logger;
	/** Registers a token with the log's redactor before anything could show it. */
	remember(value: string): void;
	onChange(change: SessionChange): void;
	/** A session ended on its own (expired, refresh refused): the UI offers to sign in again. */
	onEnded(session: UserSession, why: string): void;
}

export interface UserSignIn {
	/** The raw adobeApi.signIn.* user values; checked here. */
	settings: { clientId?: unknown; redirectUri?: unknown; scopes?: unknown };
	imsBaseUrl: string;
	/** Asked for on top of the configured scopes. */
	scopes?: readonly string[];
	prompt?: 'none';
	openBrowser(url: string): Promise<void>;
	signal?: AbortSignal;
}

/** Refresh when this little is left. */
export const REFRESH_MARGIN_MS = 10 * 60_000;
/** At most one refresh attempt per session in this time, however often sessions are asked for. */
export const REFRESH_THROTTLE_MS = 30_000;
/** IMS's answers to prompt=none that only a sign-in with a page can resolve (ims.md, Authorize Request, `prompt`). */
const INTERACTION_NEEDED = new Set(['login_required', 'consent_required', 'interaction_required']);

export class UserSessions {
	private sessions: UserSession[] | undefined;
	private loading: Promise<UserSession[]> | undefined;
	/** What we wrote last: a change event for one of these is our own write, arriving late. */
	private readonly ourWrites: Array<string | undefined> = [];
	private readonly refreshing = new Map<string, Promise<UserSession | undefined>>();
	private readonly lastRefreshAttempt = new Map<string, number>();
	private cancelTimer: (() => void) | undefined;

	constructor(private readonly deps: UserSessionsDeps) {}

	async list(): Promise<UserSession[]> {
		const sessions = await this.load();
		this.schedule();
		return sessions;
	}

	/** The session with a token worth handing out: refreshed if due and possible; undefined once it has ended. */
	async fresh(session: UserSession): Promise<UserSession | undefined> {
		const now = this.deps.clock.now();
		if (session.expiresAt - now > REFRESH_MARGIN_MS) return session;
		if (session.refreshToken && now - (this.lastRefreshAttempt.get(session.id) ?? 0) >= REFRESH_THROTTLE_MS) {
			const refreshed = await this.refresh(session);
			if (refreshed) return refreshed;
		}
		if (session.expiresAt > this.deps.clock.now()) return session;
		await this.end(session, 'its token expired');
		return undefined;
	}

	/** A browser sign-in; replaces the stored session of the same account. */
	async signIn(request: UserSignIn): Promise<UserSession> {
		if (request.prompt === 'none') {
			try {
				return await this.signInOnce(request);
			} catch (error) {
				if (!(isAdobeApiError(error) && error.code && INTERACTION_NEEDED.has(error.code))) throw error;
				this.deps.logger.info(`[signIn] no silent sign-in (${error.code}); asking at Adobe`);
			}
		}
		return this.signInOnce({ ...request, prompt: undefined });
	}

	/** Forgets a session and revokes its tokens at Adobe (a failed revocation is logged: the session is gone here either way). */
	async remove(sessionId: string): Promise<UserSession | undefined> {
		const sessions = await this.load();
		const session = sessions.find((s) => s.id === sessionId);
		if (!session) return undefined;
		await this.save(sessions.filter((s) => s.id !== sessionId));
		this.deps.onChange({ removed: [session] });
		this.schedule();
		try {
			const auth = this.deps.auth(session.imsBaseUrl);
			// A revoked refresh token takes its access tokens along at IMS; the access token is revoked too, for an IMS that does not.
			if (session.refreshToken) await auth.revoke(session.clientId, session.refreshToken);
			await auth.revoke(session.clientId, session.accessToken);
			this.deps.logger.info(`[signIn] signed out ${session.label}; Adobe revoked its tokens`);
		} catch (error) {
			this.deps.logger.warn(`[signIn] signed out ${session.label} here, but revoking its tokens at Adobe failed: ${errorText(error)}`);
		}
		return session;
	}

	/**
	 * A token for the profile that is this user, whose token manager holds `held`: the session's
	 * token if it is newer, else a refreshed one; without a refresh token, a "sign in again" error
	 * that says until when the current token works.
	 */
	async tokenFor(sessionId: string, held: string | undefined, profileName: string): Promise<{ accessToken: string; tokenType: string; expiresAt: number; scopes: string[] }> {
		const session = (await this.load()).find((s) => s.id === sessionId);
		if (!session) throw signInAgain(`"${profileName}" is no longer signed in to Adobe. Sign in again with "Adobe: Sign In with Adobe…".`);
		const token = (s: UserSession) => ({ accessToken: s.accessToken, tokenType: 'bearer', expiresAt: s.expiresAt, scopes: [...s.scopes] });
		if (session.accessToken !== held && session.expiresAt - this.deps.clock.now() > 60_000) return token(session);
		if (session.refreshToken) {
			const refreshed = await this.refresh(session);
			if (refreshed) return token(refreshed);
		}
		const until = new Date(session.expiresAt).toLocaleString();
		throw signInAgain(`Adobe gave the sign-in of "${profileName}" no refresh token, so its token cannot be renewed; it works until ${until}. Sign in again with "Adobe: Sign In with Adobe…".`);
	}

	/** Another window signed in, out or refreshed: adopt its sessions and tell what changed. */
	async reloadFromStorage(): Promise<void> {
		if (this.sessions === undefined) {
			// Not read yet in this window: everything stored is new to it.
			const sessions = await this.load();
			if (sessions.length) this.deps.onChange({ added: sessions });
			this.schedule();
			return;
		}
		const raw = await this.deps.storage.read();
		if (this.ourWrites.includes(raw)) return;
		const before = this.sessions;
		const after = this.parse(raw);
		this.sessions = after;
		const added = after.filter((s) => !before.some((b) => b.id === s.id));
		const removed = before.filter((b) => !after.some((s) => s.id === b.id));
		const changed = after.filter((s) => before.some((b) => b.id === s.id && b.accessToken !== s.accessToken));
		if (added.length || removed.length || changed.length) this.deps.onChange({ added, removed, changed });
		this.schedule();
	}

	dispose(): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
	}

	private async signInOnce(request: UserSignIn): Promise<UserSession> {
		const config = parseSignInConfig(request.settings);
		const scopes = [...new Set([...config.scopes, ...(request.scopes ?? [])])];
		this.deps.logger.info(`[signIn] signing in with client ${config.clientId} through ${config.redirectUri}${request.prompt ? ` (prompt=${request.prompt})` : ''}`);
		const { tokens, user } = await signInWithBrowser({
			auth: this.deps.auth(request.imsBaseUrl),
			imsBaseUrl: request.imsBaseUrl,
			clientId: config.clientId,
			redirectUri: config.redirectUri,
			scopes,
			prompt: request.prompt,
			signal: request.signal,
			openBrowser: request.openBrowser,
		});
		this.remember(tokens.accessToken, tokens.refreshToken);
		const session: UserSession = {
			id: `user:${user.sub}`,
			accountId: user.sub,
			label: user.email ?? user.name ?? user.sub,
			scopes: tokens.scopes,
			accessToken: tokens.accessToken,
			refreshToken: tokens.refreshToken,
			expiresAt: tokens.expiresAt,
			obtainedAt: this.deps.clock.now(),
			clientId: config.clientId,
			imsBaseUrl: request.imsBaseUrl,
		};
		const sessions = await this.load();
		const previous = sessions.some((s) => s.id === session.id);
		await this.save([...sessions.filter((s) => s.id !== session.id), session]);
		this.deps.onChange(previous ? { changed: [session] } : { added: [session] });
		this.deps.logger.info(`[signIn] signed in as ${session.label}${session.refreshToken ? '' : ' (no refresh token: the session ends when its token expires)'}`);
		this.schedule();
		return session;
	}

	private refresh(session: UserSession): Promise<UserSession | undefined> {
		let flight = this.refreshing.get(session.id);
		if (!flight) {
			this.lastRefreshAttempt.set(session.id, this.deps.clock.now());
			flight = this.refreshNow(session).finally(() => this.refreshing.delete(session.id));
			this.refreshing.set(session.id, flight);
		}
		return flight;
	}

	private async refreshNow(session: UserSession): Promise<UserSession | undefined> {
		try {
			const tokens = await this.deps.auth(session.imsBaseUrl).refresh(session.clientId, session.refreshToken ?? '', session.scopes);
			this.remember(tokens.accessToken, tokens.refreshToken);
			const updated: UserSession = {
				...session,
				accessToken: tokens.accessToken,
				refreshToken: tokens.refreshToken ?? session.refreshToken,
				expiresAt: tokens.expiresAt,
				obtainedAt: this.deps.clock.now(),
			};
			const sessions = await this.load();
			if (!sessions.some((s) => s.id === session.id)) return undefined; // signed out meanwhile
			await this.save(sessions.map((s) => (s.id === session.id ? updated : s)));
			this.deps.onChange({ changed: [updated] });
			this.deps.logger.info(`[signIn] refreshed the session of ${session.label}`);
			this.schedule();
			return updated;
		} catch (error) {
			this.deps.logger.warn(`[signIn] refreshing the session of ${session.label} failed: ${errorText(error)}`);
			if (isAdobeApiError(error) && error.code === 'invalid_grant') await this.end(session, 'Adobe no longer accepts its refresh token');
			return undefined;
		}
	}

	private async end(session: UserSession, why: string): Promise<void> {
		const sessions = await this.load();
		if (!sessions.some((s) => s.id === session.id)) return;
		await this.save(sessions.filter((s) => s.id !== session.id));
		this.deps.onChange({ removed: [session] });
		this.deps.logger.info(`[signIn] the session of ${session.label} ended: ${why}`);
		this.schedule();
		this.deps.onEnded(session, why);
	}

	/** One timer for the soonest refresh or expiry among the sessions. */
	private schedule(): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
		const sessions = this.sessions ?? [];
		if (sessions.length === 0) return;
		const dueAt = (s: UserSession) =>
			s.refreshToken ? Math.max(s.expiresAt - REFRESH_MARGIN_MS, (this.lastRefreshAttempt.get(s.id) ?? 0) + REFRESH_THROTTLE_MS) : s.expiresAt;
		const soonest = Math.min(...sessions.map(dueAt));
		this.cancelTimer = this.deps.clock.setTimer(() => {
			this.cancelTimer = undefined;
			const due = (this.sessions ?? []).filter((s) => dueAt(s) <= this.deps.clock.now());
			void Promise.all(due.map((s) => this.fresh(s))).finally(() => this.schedule());
		}, Math.max(1000, soonest - this.deps.clock.now()));
	}

	private load(): Promise<UserSession[]> {
		if (this.sessions) return Promise.resolve(this.sessions);
		this.loading ??= this.deps.storage.read().then(
			(raw) => {
				this.sessions ??= this.parse(raw);
				this.loading = undefined;
				return this.sessions;
			},
			(error: unknown) => {
				this.loading = undefined;
				throw error;
			},
		);
		return this.loading;
	}

	private async save(sessions: UserSession[]): Promise<void> {
		const raw = sessions.length ? JSON.stringify(sessions) : undefined;
		this.sessions = sessions;
		this.ourWrites.push(raw);
		if (this.ourWrites.length > 8) this.ourWrites.shift();
		await this.deps.storage.write(raw);
	}

	private parse(raw: string | undefined): UserSession[] {
		const sessions = parseSessions(raw);
		for (const s of sessions) this.remember(s.accessToken, s.refreshToken);
		return sessions;
	}

	private remember(...values: Array<string | undefined>): void {
		for (const value of values) if (value) this.deps.remember(value);
	}
}

function signInAgain(message: string): AdobeApiError {
	return new AdobeApiError(message, { kind: 'invalidInput', code: 'sign_in_again' });
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Stored sessions, each field checked; anything malformed is dropped rather than trusted. */
export function parseSessions(raw: string | undefined): UserSession[] {
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
