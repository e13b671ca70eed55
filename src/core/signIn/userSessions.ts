/**
 * Signed-in Adobe users' sessions: stored, refreshed, ended and revoked. vscode-free and in the
 * network bundle; src/features/signIn/authProvider.ts adapts it to VS Code's authentication API.
 *
 * A session is refreshed with its refresh token when less than 10 minutes are left (the margin
 * aio-lib-ims keeps before it hands out a token), at most once per 30 seconds. Without a refresh
 * token (AdobeDocs/adobe-dev-console UserAuthentication/implementation.md: Single Page App and
 * Native App credentials get none) it lasts until expiry and then ends; a refresh token IMS no
 * longer accepts (invalid_grant) ends it too. One wall-clock timer serves the soonest refresh or
 * expiry: that is the normal case, as Adobe's Single Page App credentials get no refresh token.
 * Signing in again with `prompt: 'none'` then comes back without any page while the user is still
 * signed in at Adobe, and the same browser tab goes on to the sign-in page when IMS says it needs
 * the user. `prompt: 'login'` shows Adobe's login page even then: the way to add another account.
 *
 * Every window has its own UserSessions over the one stored list. IMS rotates refresh tokens (the
 * old one is refused once a new one is issued), so windows take turns through a refresh lease and
 * one refresh serves them all; a window refused with invalid_grant first looks whether another
 * window stored newer tokens and adopts them. Writes read the stored list and change only their
 * own session in it, so a sign-in in one window is not overwritten by another's refresh.
 */
import { AdobeApiError, isAdobeApiError, invalidInput } from '../common/errors';
import { formatWhen } from '../common/format';
import { Clock, Logger } from '../common/logger';
import type { UserAuthClient, UserTokens } from './oauth';
import { sanitizeProfileName } from '../credentials/profiles';
import { LeaseStorage, RefreshLeases } from '../tokens/refreshLease';
import { MAX_TOKEN_CHARS } from '../tokens/tokenClaims';
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
	/** Shared by every window (SecretStorage): whoever holds a session's lease refreshes it. */
	leases?: LeaseStorage;
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
	/** `none`: without a page at Adobe if possible, else its sign-in page; `login`: Adobe's login page (another account). */
	prompt?: 'none' | 'login';
	openBrowser(url: string): Promise<void>;
	signal?: AbortSignal;
}

/** An account's label (its email or name) is cut to this many characters. */
const MAX_LABEL_CHARS = 128;
/** Refresh when this little is left. */
export const REFRESH_MARGIN_MS = 10 * 60_000;
/** At most one refresh attempt per session in this time, however often sessions are asked for. */
export const REFRESH_THROTTLE_MS = 30_000;

export class UserSessions {
	private sessions: UserSession[] | undefined;
	private loading: Promise<UserSession[]> | undefined;
	/** What we wrote last: a change event for one of these is our own write, arriving late. */
	private readonly ourWrites: Array<string | undefined> = [];
	private readonly refreshing = new Map<string, Promise<Refreshed>>();
	private readonly lastRefreshAttempt = new Map<string, number>();
	private cancelTimer: (() => void) | undefined;
	/** Writes in this window, one after another, so none reads the list before the previous one wrote it. */
	private writing: Promise<unknown> = Promise.resolve();
	/** Wakes a refresh that waits for another window's, when that window's tokens arrive. */
	private readonly waitingFor = new Map<string, Set<() => void>>();
	private signingIn = false;
	private readonly leases: RefreshLeases;

	constructor(private readonly deps: UserSessionsDeps) {
		this.leases = new RefreshLeases(deps.leases, deps.clock, deps.logger, '[signIn] session');
	}

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
			if ('session' in refreshed) return refreshed.session;
			if (refreshed.failed === 'signedOut' || refreshed.failed === 'ended') return undefined;
		}
		if (session.expiresAt > this.deps.clock.now()) return session;
		await this.end(session, 'its token expired');
		return undefined;
	}

	/**
	 * A browser sign-in; replaces the stored session of the same account. One at a time: a second
	 * while the first waits in the browser is refused (it would open a second page at Adobe).
	 */
	async signIn(request: UserSignIn): Promise<UserSession> {
		if (this.signingIn) {
			throw invalidInput('A sign-in to Adobe is already waiting in your browser. Finish it there, or cancel it, before signing in again.', {
				code: 'sign_in_pending',
			});
		}
		this.signingIn = true;
		try {
			return await this.signInOnce(request);
		} finally {
			this.signingIn = false;
		}
	}

	/** Forgets a session and revokes its tokens at Adobe (a failed revocation is logged: the session is gone here either way). */
	async remove(sessionId: string): Promise<UserSession | undefined> {
		let session: UserSession | undefined;
		await this.update((stored) => {
			session = stored.find((s) => s.id === sessionId);
			return stored.filter((s) => s.id !== sessionId);
		});
		if (!session) return undefined;
		const removed = session;
		this.deps.onChange({ removed: [removed] });
		this.schedule();
		await this.revoke(removed, removed, 'signed out');
		return removed;
	}

	/**
	 * A token for the profile that is this user, whose token manager holds `held`: the session's
	 * token if it is newer, else a refreshed one; without a refresh token, a "sign in again" error
	 * that says until when the current token works.
	 */
	async tokenFor(
		sessionId: string,
		held: string | undefined,
		profileName: string,
		signal?: AbortSignal,
	): Promise<{ accessToken: string; tokenType: string; expiresAt: number; scopes: string[] }> {
		const session = (await this.load()).find((s) => s.id === sessionId);
		if (!session) throw signInAgain(`"${profileName}" is no longer signed in to Adobe. Sign in again with "Adobe: Sign In with Adobe…".`);
		const token = (s: UserSession) => ({ accessToken: s.accessToken, tokenType: 'bearer', expiresAt: s.expiresAt, scopes: [...s.scopes] });
		if (session.accessToken !== held && session.expiresAt - this.deps.clock.now() > 60_000) return token(session);
		const until = formatWhen(session.expiresAt, this.deps.clock.now());
		if (!session.refreshToken) {
			// The normal case for a Single Page App credential: a new token comes from signing in again (prompt=none: no page while signed in at Adobe).
			throw signInAgain(
				`Adobe gives the sign-in of "${profileName}" no refresh token, so a new token comes from signing in again; the current one works until ${until}. Run "Adobe: Sign In with Adobe…": while you are signed in at Adobe, it needs no page there.`,
			);
		}
		// A refresh another caller started is shared; this caller's cancel stops its own wait.
		const refreshed = await untilAborted(this.refresh(session, signal), signal);
		if ('session' in refreshed) return token(refreshed.session);
		if (refreshed.failed === 'cancelled') {
			throw new AdobeApiError('Getting the token was cancelled.', { kind: 'cancelled', service: 'ims' });
		}
		if (refreshed.failed === 'transient') {
			throw new AdobeApiError(
				`Could not refresh the sign-in of "${profileName}" (${refreshed.reason}); its current token works until ${until}. Try again.`,
				{ kind: 'network', service: 'ims', code: 'refresh_failed' },
			);
		}
		if (refreshed.failed === 'ended') {
			throw signInAgain(
				`The Adobe sign-in of "${profileName}" has ended (${refreshed.reason}). Sign in again with "Adobe: Sign In with Adobe…".`,
			);
		}
		throw signInAgain(`"${profileName}" was signed out of Adobe. Sign in again with "Adobe: Sign In with Adobe…".`);
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
		this.adopt(this.parse(raw));
		this.schedule();
	}

	dispose(): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
	}

	private async signInOnce(request: UserSignIn): Promise<UserSession> {
		const config = parseSignInConfig(request.settings, request.imsBaseUrl);
		const scopes = [...new Set([...config.scopes, ...(request.scopes ?? [])])];
		this.deps.logger.info(
			`[signIn] signing in with client ${config.clientId} through ${config.redirectUri}${request.prompt ? ` (prompt=${request.prompt})` : ''}`,
		);
		const { tokens, user } = await signInWithBrowser({
			auth: this.deps.auth(request.imsBaseUrl),
			imsBaseUrl: request.imsBaseUrl,
			clientId: config.clientId,
			redirectUri: config.redirectUri,
			scopes,
			prompt: request.prompt,
			pageIfNeeded: request.prompt === 'none',
			signal: request.signal,
			openBrowser: request.openBrowser,
			remember: (secret) => this.deps.remember(secret),
		});
		this.remember(tokens.accessToken, tokens.refreshToken);
		const session: UserSession = {
			id: `user:${user.sub}`,
			accountId: user.sub,
			label: sessionLabel(user),
			scopes: tokens.scopes,
			accessToken: tokens.accessToken,
			refreshToken: tokens.refreshToken,
			expiresAt: tokens.expiresAt,
			obtainedAt: this.deps.clock.now(),
			clientId: config.clientId,
			imsBaseUrl: request.imsBaseUrl,
		};
		let previous = false;
		await this.update((stored) => {
			previous = stored.some((s) => s.id === session.id);
			return [...stored.filter((s) => s.id !== session.id), session];
		});
		this.deps.onChange(previous ? { changed: [session] } : { added: [session] });
		this.deps.logger.info(
			`[signIn] signed in as ${session.label}${session.refreshToken ? '' : ' (no refresh token: the session ends when its token expires)'}`,
		);
		this.schedule();
		return session;
	}

	private refresh(session: UserSession, signal?: AbortSignal): Promise<Refreshed> {
		let flight = this.refreshing.get(session.id);
		if (!flight) {
			this.lastRefreshAttempt.set(session.id, this.deps.clock.now());
			flight = this.refreshAcrossWindows(session, signal).finally(() => this.refreshing.delete(session.id));
			this.refreshing.set(session.id, flight);
		}
		return flight;
	}

	/**
	 * One refresh across windows: adopt the tokens another window stored, wait while another holds
	 * the session's lease (until its tokens arrive or the lease runs out), or claim it and refresh.
	 */
	private async refreshAcrossWindows(held: UserSession, signal?: AbortSignal): Promise<Refreshed> {
		try {
			for (let tries = 0; ; tries++) {
				const stored = await this.storedSession(held);
				if ('failed' in stored || stored.session !== held) return stored;
				const wait = await this.leases.claim(held.id);
				if (wait === undefined) break;
				if (tries === 2) return { failed: 'transient', reason: 'another window is refreshing it' };
				this.deps.logger.info(`[signIn] another window is refreshing the session of ${held.label}; waiting for its tokens`);
				await this.untilStoredOr(held.id, wait, signal);
			}
			const stopRenewing = this.leases.renew(held.id);
			try {
				// The previous holder may have stored its tokens between our first look and our claim.
				const stored = await this.storedSession(held);
				if ('failed' in stored || stored.session !== held) return stored;
				return await this.refreshNow(held, signal);
			} finally {
				stopRenewing();
				await this.leases.release(held.id);
			}
		} catch (error) {
			if (signal?.aborted) return { failed: 'cancelled', reason: 'cancelled' };
			this.deps.logger.warn(`[signIn] refreshing the session of ${held.label} failed: ${errorText(error)}`);
			return { failed: 'transient', reason: errorText(error) };
		}
	}

	private async refreshNow(held: UserSession, signal?: AbortSignal): Promise<Refreshed> {
		let tokens: UserTokens;
		try {
			tokens = await this.deps.auth(held.imsBaseUrl).refresh(held.clientId, held.refreshToken ?? '', held.scopes, signal);
		} catch (error) {
			if (signal?.aborted) return { failed: 'cancelled', reason: 'cancelled' };
			this.deps.logger.warn(`[signIn] refreshing the session of ${held.label} failed: ${errorText(error)}`);
			if (!(isAdobeApiError(error) && error.code === 'invalid_grant')) return { failed: 'transient', reason: errorText(error) };
			// Refused: another window (without the lease, e.g. an older version) may have refreshed with it first.
			const stored = await this.storedSession(held);
			if ('failed' in stored || stored.session.refreshToken !== held.refreshToken) return stored;
			const why = 'Adobe no longer accepts its refresh token';
			await this.end(held, why);
			return { failed: 'ended', reason: why };
		}
		this.remember(tokens.accessToken, tokens.refreshToken);
		const updated: UserSession = {
			...held,
			accessToken: tokens.accessToken,
			refreshToken: tokens.refreshToken ?? held.refreshToken,
			expiresAt: tokens.expiresAt,
			obtainedAt: this.deps.clock.now(),
		};
		let present = false;
		await this.update((stored) => {
			present = stored.some((s) => s.id === held.id);
			return stored.map((s) => (s.id === held.id ? updated : s));
		});
		if (!present) {
			// Signed out while the refresh ran: what it brought must not outlive the sign-out.
			await this.revoke(updated, { ...updated, refreshToken: tokens.refreshToken }, 'signed out during a refresh');
			return { failed: 'signedOut', reason: 'signed out' };
		}
		this.deps.onChange({ changed: [updated] });
		this.deps.logger.info(`[signIn] refreshed the session of ${held.label}`);
		this.schedule();
		return { session: updated };
	}

	/**
	 * The stored state of `held`, read afresh (adopting what other windows changed): `held` itself
	 * if nothing newer is stored, the newer session another window stored, or signed out.
	 */
	private async storedSession(held: UserSession): Promise<Refreshed> {
		await this.update((stored) => stored, false);
		const stored = this.sessions?.find((s) => s.id === held.id);
		if (!stored) return { failed: 'signedOut', reason: 'signed out' };
		const newer = stored.refreshToken !== held.refreshToken || stored.obtainedAt > held.obtainedAt;
		return { session: newer ? stored : held };
	}

	/** Waits until another window stores this session, or its lease runs out at `until`. */
	private untilStoredOr(sessionId: string, until: number, signal?: AbortSignal): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			const waiters = this.waitingFor.get(sessionId) ?? new Set<() => void>();
			this.waitingFor.set(sessionId, waiters);
			const done = () => {
				cancelTimer();
				waiters.delete(done);
				signal?.removeEventListener('abort', aborted);
				resolve();
			};
			const aborted = () => {
				done();
				reject(new AdobeApiError('Cancelled.', { kind: 'cancelled', service: 'ims' }));
			};
			const cancelTimer = this.deps.clock.setTimer(done, Math.max(0, until - this.deps.clock.now()));
			waiters.add(done);
			signal?.addEventListener('abort', aborted, { once: true });
		});
	}

	/** Revokes `tokens` (a session's), logging rather than failing: the session is gone here either way. */
	private async revoke(session: UserSession, tokens: Pick<UserSession, 'accessToken' | 'refreshToken'>, why: string): Promise<void> {
		try {
			const auth = this.deps.auth(session.imsBaseUrl);
			// A revoked refresh token takes its access tokens along at IMS; the access token is revoked too, for an IMS that does not.
			if (tokens.refreshToken) await auth.revoke(session.clientId, tokens.refreshToken);
			await auth.revoke(session.clientId, tokens.accessToken);
			this.deps.logger.info(`[signIn] ${why}: ${session.label}; Adobe revoked its tokens`);
		} catch (error) {
			this.deps.logger.warn(`[signIn] ${why}: ${session.label} here, but revoking its tokens at Adobe failed: ${errorText(error)}`);
		}
	}

	private async end(session: UserSession, why: string): Promise<void> {
		let present = false;
		await this.update((stored) => {
			present = stored.some((s) => s.id === session.id);
			return stored.filter((s) => s.id !== session.id);
		});
		if (!present) return;
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
			s.refreshToken
				? Math.max(s.expiresAt - REFRESH_MARGIN_MS, (this.lastRefreshAttempt.get(s.id) ?? 0) + REFRESH_THROTTLE_MS)
				: s.expiresAt;
		const soonest = Math.min(...sessions.map(dueAt));
		this.cancelTimer = this.deps.clock.setTimer(
			() => {
				this.cancelTimer = undefined;
				const due = (this.sessions ?? []).filter((s) => dueAt(s) <= this.deps.clock.now());
				void Promise.all(due.map((s) => this.fresh(s))).finally(() => this.schedule());
			},
			Math.max(1000, soonest - this.deps.clock.now()),
		);
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

	/**
	 * Read, change, write: reads the stored list (adopting other windows' changes, with their
	 * events), applies `change` to it and writes the result if it differs. Windows never write
	 * their whole in-memory list over another's sign-in.
	 */
	private update(change: (stored: UserSession[]) => UserSession[], write = true): Promise<void> {
		const run = this.writing.then(async () => {
			const raw = await this.deps.storage.read();
			const stored = this.parse(raw);
			if (this.sessions) this.adopt(stored);
			else this.sessions = stored;
			const next = change(stored);
			if (!write || next === stored) return;
			const text = next.length ? JSON.stringify(next) : undefined;
			this.sessions = next;
			if (text === raw) return;
			this.ourWrites.push(text);
			if (this.ourWrites.length > 8) this.ourWrites.shift();
			await this.deps.storage.write(text);
		});
		this.writing = run.catch(() => undefined);
		return run;
	}

	/** Takes the stored list as this window's, telling what other windows added, removed or changed. */
	private adopt(after: UserSession[]): void {
		const before = this.sessions ?? [];
		this.sessions = after;
		const added = after.filter((s) => !before.some((b) => b.id === s.id));
		const removed = before.filter((b) => !after.some((s) => s.id === b.id));
		const changed = after.filter((s) => before.some((b) => b.id === s.id && b.accessToken !== s.accessToken));
		for (const s of changed) for (const wake of [...(this.waitingFor.get(s.id) ?? [])]) wake();
		for (const s of removed) for (const wake of [...(this.waitingFor.get(s.id) ?? [])]) wake();
		if (added.length || removed.length || changed.length) this.deps.onChange({ added, removed, changed });
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

/** How a refresh came out: the session with a token to use, or why there is none. */
type Refreshed = { session: UserSession } | { failed: 'transient' | 'cancelled' | 'signedOut' | 'ended'; reason: string };

/** The account's label from what userinfo said: cleaned of control and bidi characters, bounded. */
function sessionLabel(user: { sub: string; email?: string; name?: string }): string {
	for (const candidate of [user.email, user.name, user.sub]) {
		const clean = [...sanitizeProfileName(candidate ?? '')].slice(0, MAX_LABEL_CHARS).join('').trim();
		if (clean) return clean;
	}
	return 'Adobe user';
}

function untilAborted(refresh: Promise<Refreshed>, signal: AbortSignal | undefined): Promise<Refreshed> {
	if (!signal) return refresh;
	if (signal.aborted) return Promise.resolve({ failed: 'cancelled', reason: 'cancelled' });
	return new Promise((resolve) => {
		const aborted = () => resolve({ failed: 'cancelled', reason: 'cancelled' });
		signal.addEventListener('abort', aborted, { once: true });
		void refresh.then((result) => {
			signal.removeEventListener('abort', aborted);
			resolve(result);
		});
	});
}

function signInAgain(message: string): AdobeApiError {
	return invalidInput(message, { code: 'sign_in_again' });
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
	const text = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= MAX_TOKEN_CHARS;
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
