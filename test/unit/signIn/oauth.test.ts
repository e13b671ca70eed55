import * as assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { AdobeEmulator } from '../../emulator/server';
import { DEMO_USERS } from '../../emulator/imsOAuth';
import { authorizeUrl, createPkce } from '../../../src/core/signIn/oauth';
import { LoopbackCallback, signInWithBrowser } from '../../../src/core/signIn/signIn';
import { DEFAULT_SIGN_IN_SCOPES } from '../../../src/core/signIn/signInConfig';
import { SessionChange, UserSession, UserSessions } from '../../../src/core/signIn/userSessions';
import type { UserAuthClient, UserTokens } from '../../../src/core/signIn/oauth';
import { LEASE_SETTLE_MS, LeaseStorage, RefreshLease } from '../../../src/core/tokens/refreshLease';
import { sanitizeProfileName } from '../../../src/core/credentials/profiles';
import * as net from 'node:net';
import { DEMO_CLIENTS, FakeClock, assertNoLeak, clientsFor, rejection, useEmulator } from '../helpers';

const CLIENT_ID = DEMO_CLIENTS.signIn.clientId;

interface SharedSessions {
	raw: string | undefined;
	listeners?: Array<() => void>;
	leases?: LeaseStorage;
}
/**
 * Most tests sign in with a credential that lists offline_access and gets refresh tokens (the
 * emulator's publicRefreshTokens switch), to test the refresh path; the Single Page App default,
 * no refresh token and offline_access refused, has its own tests. email and profile name the account.
 */
const SCOPES = ['openid', 'AdobeID', 'email', 'profile', 'offline_access', 'creative_sdk', 'cloud_storage_collab_api'];

describe('User sign-in (OAuth authorization code with PKCE)', () => {
	const env = useEmulator();

	/** What a browser does with the loopback's sign-in URL: follow it to IMS and IMS's redirect, run the relay page's forwarding (media/signin-relay.html), reach the loopback. */
	async function browse(emulator: AdobeEmulator, url: string): Promise<{ landedOn: string }> {
		// The loopback's /signin, then IMS: follow redirects until one leaves for the relay.
		let location: string | null = url;
		let relay: URL | undefined;
		while (location && !relay) {
			if (location.startsWith(emulator.oauth.relayUrl)) {
				relay = new URL(location);
				break;
			}
			const answer: Response = await fetch(location, { redirect: 'manual' });
			const next: string | null = answer.headers.get('location');
			if (!next) return { landedOn: location };
			if (next.startsWith(emulator.oauth.relayUrl)) relay = new URL(next);
			location = next;
		}
		if (!relay || !location) return { landedOn: url };
		if (relay.origin !== emulator.oauth.relayUrl || relay.pathname !== '/redirect') return { landedOn: location };
		const target = new URL(relay.searchParams.get('state') ?? '');
		for (const name of ['code', 'state', 'error', 'error_description']) {
			const value = relay.searchParams.get(name);
			if (value !== null) target.searchParams.set(name, value);
		}
		const landed = await fetch(target, { redirect: 'manual' });
		// The loopback may send this tab on to Adobe's sign-in page (a silent attempt IMS could not answer).
		const onward = landed.status === 302 ? landed.headers.get('location') : null;
		if (onward) return browse(emulator, onward);
		return { landedOn: target.toString() };
	}

	/** The authorize step alone, as a browser would start it, returning where IMS redirects. */
	async function authorizeRedirect(params: Record<string, string>): Promise<URL> {
		const answer = await fetch(`${env.emulator.url}/ims/authorize/v2?${new URLSearchParams(params)}`, { redirect: 'manual' });
		assert.equal(answer.status, 302);
		return new URL(answer.headers.get('location') ?? '');
	}

	function signIn(
		options: {
			prompt?: 'none' | 'login';
			pageIfNeeded?: boolean;
			scopes?: string[];
			signal?: AbortSignal;
			openBrowser?: (url: string) => Promise<void>;
		} = {},
	) {
		const clients = clientsFor(env.emulator);
		return {
			clients,
			result: signInWithBrowser({
				auth: clients.userAuthAt(env.emulator.url),
				imsBaseUrl: env.emulator.url,
				clientId: CLIENT_ID,
				redirectUri: `${env.emulator.oauth.relayUrl}/redirect`,
				scopes: options.scopes ?? SCOPES,
				prompt: options.prompt,
				pageIfNeeded: options.pageIfNeeded,
				signal: options.signal,
				openBrowser: options.openBrowser ?? (async (url) => void (await browse(env.emulator, url))),
			}),
		};
	}

	describe('User sign-in: PKCE and the authorize URL', () => {
		it('makes a verifier of 43 to 128 unreserved characters and its S256 challenge', () => {
			const { verifier, challenge } = createPkce();
			assert.match(verifier, /^[A-Za-z0-9._~-]{43,128}$/);
			assert.equal(challenge, createHash('sha256').update(verifier).digest('base64url'));
			assert.notEqual(createPkce().verifier, verifier);
		});

		it('states code_challenge_method=S256 (IMS defaults to plain) with every documented parameter', () => {
			const url = new URL(
				authorizeUrl({
					imsBaseUrl: 'https://ims-na1.adobelogin.com',
					clientId: 'abc',
					redirectUri: 'https://vscode.dev/redirect',
					scopes: ['openid', 'AdobeID'],
					state: 'http://127.0.0.1:1/callback?nonce=n',
					codeChallenge: 'c'.repeat(43),
				}),
			);
			assert.equal(url.origin + url.pathname, 'https://ims-na1.adobelogin.com/ims/authorize/v2');
			assert.deepEqual(Object.fromEntries(url.searchParams), {
				client_id: 'abc',
				redirect_uri: 'https://vscode.dev/redirect',
				scope: 'openid,AdobeID',
				response_type: 'code',
				state: 'http://127.0.0.1:1/callback?nonce=n',
				code_challenge: 'c'.repeat(43),
				code_challenge_method: 'S256',
			});
		});
	});

	describe('User sign-in against the emulator', () => {
		beforeEach(() => env.emulator.oauth.configure({ publicRefreshTokens: true }));

		it('a Single Page App credential gets no refresh token: offline_access is refused with invalid_scope, as IMS does', async () => {
			env.emulator.oauth.configure({ publicRefreshTokens: false });
			const error = await rejection(signIn().result);
			assert.equal(error.code, 'invalid_scope');
			assert.match(
				error.message,
				/^Adobe IMS rejected the sign-in scopes \(invalid_scope: Invalid scope\(s\): offline_access\)\. Set adobeApi\.signIn\.scopes to scopes listed on your credential\.$/,
			);
		});

		it("the default scopes are a Cloud Storage credential's: no offline_access, email or profile; no refresh token, the account named by its id", async () => {
			env.emulator.oauth.configure({ publicRefreshTokens: false });
			assert.deepEqual(DEFAULT_SIGN_IN_SCOPES, ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api']);
			const { tokens, user } = await signIn({ scopes: DEFAULT_SIGN_IN_SCOPES }).result;
			assert.equal(tokens.refreshToken, undefined);
			assert.deepEqual(user, { sub: DEMO_USERS.ada.sub, name: undefined, email: undefined });
			const [authorize] = env.emulator.requests.filter((r) => r.route === 'ims.authorize');
			assert.equal(authorize.query.scope, 'openid,AdobeID,creative_sdk,cloud_storage_collab_api');
		});

		it("prompt=login shows Adobe's login page although a user is signed in there: the way to another account", async () => {
			await signIn().result;
			env.emulator.oauth.configure({ user: 'grace', consent: 'page' });
			// Without a prompt, the browser session answers at once with the user signed in there.
			assert.equal((await signIn().result).user.sub, DEMO_USERS.ada.sub);
			let page = '';
			const asked = signIn({
				prompt: 'login',
				openBrowser: async (url) => {
					const { landedOn } = await browse(env.emulator, url);
					page = await (await fetch(landedOn)).text();
					// The login (consent) page, as grace: Allow, as the user would.
					const transaction = /name="transaction" value="([^"]+)"/.exec(page)?.[1] ?? assert.fail('no login page');
					const allowed = await fetch(`${env.emulator.url}/ims/authorize/v2/consent`, {
						method: 'POST',
						body: new URLSearchParams({ transaction, decision: 'allow' }),
						redirect: 'manual',
					});
					await browse(env.emulator, allowed.headers.get('location') ?? assert.fail('no redirect after Allow'));
				},
			});
			assert.equal((await asked.result).user.sub, DEMO_USERS.grace.sub);
			assert.match(page, /Grace Sample/);
			assert.equal(env.emulator.requests.filter((r) => r.route === 'ims.authorize').at(-1)?.query.prompt, 'login');
		});

		it('prompt=none with pageIfNeeded: the same tab goes on to the sign-in page when IMS needs the user', async () => {
			const { user } = await signIn({ prompt: 'none', pageIfNeeded: true }).result;
			assert.equal(user.sub, DEMO_USERS.ada.sub);
			const authorize = env.emulator.requests.filter((r) => r.route === 'ims.authorize');
			assert.deepEqual(
				authorize.map((r) => [
					r.query.prompt,
					r.query.state === authorize[0].query.state,
					r.query.code_challenge === authorize[0].query.code_challenge,
				]),
				[
					['none', true, true],
					[undefined, true, true],
				],
			);
		});
		it('signs in through the relay and the loopback, exchanges the code with the verifier and names the account', async () => {
			const { result, clients } = signIn();
			const { tokens, user } = await result;
			assert.deepEqual(user, { sub: DEMO_USERS.ada.sub, name: DEMO_USERS.ada.name, email: DEMO_USERS.ada.email });
			assert.ok(tokens.refreshToken, 'offline_access gives a refresh token');
			assert.equal(tokens.expiresIn, 86399);
			const [authorize] = env.emulator.requests.filter((r) => r.route === 'ims.authorize');
			assert.equal(authorize.query.code_challenge_method, 'S256');
			const [exchange] = env.emulator.requests.filter((r) => r.route === 'ims.token');
			assert.deepEqual(exchange.query, { client_id: CLIENT_ID });
			assert.deepEqual(exchange.formKeys, ['grant_type', 'code', 'code_verifier']);
			assert.equal(exchange.status, 200);
			// Cloud Storage takes the user's token.
			const listing = await clients.cloudStorage.firstPage(
				{ accessToken: tokens.accessToken, clientId: CLIENT_ID },
				{ assetType: 'projects' },
			);
			assert.ok(listing.items.length > 0);
			assertNoLeak([tokens.accessToken, tokens.refreshToken], clients.lines.join('\n'));
		});

		it('refreshes with the refresh token; the old refresh token then stops working', async () => {
			const { result, clients } = signIn();
			const { tokens } = await result;
			const auth = clients.userAuthAt(env.emulator.url);
			const refreshed = await auth.refresh(CLIENT_ID, tokens.refreshToken ?? '', SCOPES);
			assert.notEqual(refreshed.accessToken, tokens.accessToken);
			assert.ok(refreshed.refreshToken);
			const error = await rejection(auth.refresh(CLIENT_ID, tokens.refreshToken ?? '', SCOPES));
			assert.equal(error.code, 'invalid_grant');
			assert.match(error.message, /no longer accepts this sign-in's refresh token .* Sign in again\.$/);
			assertNoLeak([tokens.refreshToken ?? '', refreshed.refreshToken ?? ''], error, clients.lines.join('\n'));
		});

		it('gets no refresh token without offline_access, even from a credential that lists it', async () => {
			const { tokens } = await signIn({ scopes: SCOPES.filter((s) => s !== 'offline_access') }).result;
			assert.equal(tokens.refreshToken, undefined);
		});

		it('prompt=none: login_required with nobody signed in, a code without consent once the user has consented', async () => {
			const first = await rejection(signIn({ prompt: 'none' }).result);
			assert.equal(first.code, 'login_required');
			assert.equal(first.message, 'Adobe needs you to sign in again (login_required).');
			await signIn().result;
			env.emulator.oauth.configure({ consent: 'deny' });
			const { user } = await signIn({ prompt: 'none' }).result;
			assert.equal(user.sub, DEMO_USERS.ada.sub);
		});

		it('a declined consent rejects with a message that says to choose Allow', async () => {
			env.emulator.oauth.configure({ consent: 'deny' });
			const error = await rejection(signIn().result);
			assert.equal(error.code, 'access_denied');
			assert.match(error.message, /^Sign-in was declined at Adobe \(access_denied\)\. Sign in again and choose Allow/);
		});

		it('signs in a second user as another account', async () => {
			await signIn().result;
			env.emulator.oauth.configure({ user: 'grace' });
			const { user } = await signIn({ prompt: 'login' }).result;
			assert.equal(user.email, DEMO_USERS.grace.email);
		});

		it('revoke: the access token is refused by userinfo and Cloud Storage, the refresh token by IMS', async () => {
			const { result, clients } = signIn();
			const { tokens } = await result;
			const auth = clients.userAuthAt(env.emulator.url);
			await auth.revoke(CLIENT_ID, tokens.refreshToken ?? '');
			await auth.revoke(CLIENT_ID, tokens.accessToken);
			const [revoke] = env.emulator.requests.filter((r) => r.route === 'ims.revoke');
			assert.deepEqual([revoke.query, revoke.formKeys, revoke.status], [{ client_id: CLIENT_ID }, ['token'], 200]);
			assert.equal((await rejection(auth.userInfo(CLIENT_ID, tokens.accessToken))).status, 401);
			assert.equal(
				(
					await rejection(
						clients.cloudStorage.firstPage({ accessToken: tokens.accessToken, clientId: CLIENT_ID }, { assetType: 'projects' }),
					)
				).status,
				401,
			);
			assert.equal((await rejection(auth.refresh(CLIENT_ID, tokens.refreshToken ?? '', SCOPES))).code, 'invalid_grant');
		});

		it('cancelling closes the loopback and rejects as cancelled', async () => {
			const controller = new AbortController();
			let loopback = '';
			const error = await rejection(
				signIn({
					signal: controller.signal,
					openBrowser: async (url) => {
						loopback = url;
						controller.abort();
					},
				}).result,
			);
			assert.equal(error.kind, 'cancelled');
			await assert.rejects(fetch(loopback), 'the loopback listener is closed');
		});

		it('answers 400 to a request target that is no URL, and keeps waiting for the real callback', async () => {
			const callback = await LoopbackCallback.start(60_000);
			try {
				const { port } = new URL(callback.url);
				const answer = await new Promise<string>((resolve, reject) => {
					const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('GET //[ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
					let text = '';
					socket.on('data', (chunk) => (text += chunk.toString()));
					socket.on('end', () => resolve(text));
					socket.on('error', reject);
				});
				assert.match(answer, /^HTTP\/1\.1 400 /);
				const real = new URL(callback.url);
				real.searchParams.set('state', callback.url);
				real.searchParams.set('code', 'the-code');
				await fetch(real);
				assert.equal(await callback.code, 'the-code');
			} finally {
				callback.close();
			}
		});

		it('the loopback ignores a callback without its nonce and keeps waiting for the real one', async () => {
			const callback = await LoopbackCallback.start(60_000);
			try {
				const forged = new URL(callback.url);
				forged.searchParams.set('nonce', 'guess');
				forged.searchParams.set('state', forged.toString());
				forged.searchParams.set('code', 'forged');
				assert.equal((await fetch(forged)).status, 404);
				const real = new URL(callback.url);
				real.searchParams.set('state', callback.url);
				real.searchParams.set('code', 'real-code');
				assert.equal((await fetch(real)).status, 200);
				assert.equal(await callback.code, 'real-code');
			} finally {
				callback.close();
			}
		});
	});

	describe('User sessions (refresh, expiry, prompt=none, other windows)', () => {
		beforeEach(() => env.emulator.oauth.configure({ publicRefreshTokens: true }));
		function sessionsWith(
			clock = new FakeClock(),
			storage: SharedSessions = { raw: undefined },
			options: { auth?: (base: string) => UserAuthClient; read?: () => string | undefined } = {},
		) {
			const clients = clientsFor(env.emulator, { clock });
			const changes: SessionChange[] = [];
			const ended: Array<[string, string]> = [];
			const remembered: string[] = [];
			const users = new UserSessions({
				storage: {
					read: async () => options.read?.() ?? storage.raw,
					write: async (raw) => {
						storage.raw = raw;
						// Like SecretStorage.onDidChange: every window hears of every write.
						for (const listener of storage.listeners ?? []) listener();
					},
				},
				leases: storage.leases,
				auth: options.auth ?? ((base) => clients.userAuthAt(base)),
				clock,
				logger: { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
				remember: (value) => remembered.push(value),
				onChange: (change) => changes.push(change),
				onEnded: (session, why) => ended.push([session.label, why]),
			});
			storage.listeners?.push(() => void users.reloadFromStorage());
			const signIn = (prompt?: 'none' | 'login', scopes: string[] = SCOPES) =>
				users.signIn({
					settings: { clientId: CLIENT_ID, redirectUri: `${env.emulator.oauth.relayUrl}/redirect`, scopes },
					imsBaseUrl: env.emulator.url,
					prompt,
					openBrowser: async (url) => void (await browse(env.emulator, url)),
				});
			return { users, clock, storage, changes, ended, remembered, signIn, clients };
		}
		/** One stored list with a lease store and change events, as every window's SecretStorage is. */
		function sharedStorage(): SharedSessions {
			const leases = new Map<string, RefreshLease>();
			return {
				raw: undefined,
				listeners: [],
				leases: {
					read: async (key) => leases.get(key),
					write: async (key, lease) => void leases.set(key, lease),
					remove: async (key) => void leases.delete(key),
				},
			};
		}
		/** Runs the fake clock on in lease-sized steps, letting real HTTP answers arrive in between, until `done`. */
		async function runUntil(clock: FakeClock, done: () => boolean): Promise<void> {
			for (let i = 0; i < 50 && !done(); i++) {
				await clock.advance(LEASE_SETTLE_MS);
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
		}
		const stored = (storage: SharedSessions) => JSON.parse(storage.raw ?? '[]') as UserSession[];
		const refreshCalls = () => env.emulator.requests.filter((r) => r.route === 'ims.token' && r.formKeys?.includes('refresh_token')).length;
		afterEach(() => {
			env.emulator.tokenLifetimeSeconds = 86399;
		});

		it('refreshes on its timer when 10 minutes are left, and stores the new tokens', async () => {
			env.emulator.tokenLifetimeSeconds = 3600;
			const { users, clock, storage, changes, signIn } = sessionsWith();
			const session = await signIn();
			assert.deepEqual(clock.pending(), [session.expiresAt - 10 * 60_000]);
			await clock.advance(50 * 60_000);
			assert.equal(refreshCalls(), 1);
			const [stored] = JSON.parse(storage.raw ?? '[]') as UserSession[];
			assert.notEqual(stored.accessToken, session.accessToken);
			assert.notEqual(stored.refreshToken, session.refreshToken);
			assert.equal(changes.at(-1)?.changed?.[0].accessToken, stored.accessToken);
			users.dispose();
		});

		it('a Single Page App sign-in (the default scopes, no refresh token): tokenFor says to sign in again and until when, and the session ends at expiry', async () => {
			env.emulator.oauth.configure({ publicRefreshTokens: false });
			const { users, clock, storage, ended, signIn } = sessionsWith();
			const session = await signIn('none', DEFAULT_SIGN_IN_SCOPES);
			assert.equal(session.refreshToken, undefined);
			assert.equal(session.label, DEMO_USERS.ada.sub, 'without email or profile, the account is named by its Adobe id');
			const error = await rejection(users.tokenFor(session.id, session.accessToken, 'Ada'));
			assert.equal(error.code, 'sign_in_again');
			assert.match(
				error.message,
				/^Adobe gives the sign-in of "Ada" no refresh token, so a new token comes from signing in again; the current one works until .+\. Run "Adobe: Sign In with Adobe…": while you are signed in at Adobe, it needs no page there\.$/,
			);
			assert.deepEqual(await users.tokenFor(session.id, undefined, 'Ada'), {
				accessToken: session.accessToken,
				tokenType: 'bearer',
				expiresAt: session.expiresAt,
				scopes: session.scopes,
			});
			await clock.advance(86399 * 1000);
			assert.deepEqual(ended, [[DEMO_USERS.ada.sub, 'its token expired']]);
			assert.equal(storage.raw, undefined);
			// Signing in again with prompt=none: the browser session answers, no page, no consent.
			env.emulator.oauth.configure({ consent: 'deny' });
			const again = await signIn('none', DEFAULT_SIGN_IN_SCOPES);
			assert.equal(again.accountId, DEMO_USERS.ada.sub);
			// The first sign-in: prompt=none, login_required, the same tab on to the page; the second: prompt=none, a code at once.
			assert.deepEqual(
				env.emulator.requests.filter((r) => r.route === 'ims.authorize').map((r) => [r.query.prompt, r.status]),
				[
					['none', 302],
					[undefined, 302],
					['none', 302],
				],
			);
			users.dispose();
		});

		it('ends a session whose refresh token IMS refuses', async () => {
			env.emulator.tokenLifetimeSeconds = 3600;
			const { users, clock, ended, signIn } = sessionsWith();
			await signIn();
			env.emulator.oauth.refreshTokens.clear();
			await clock.advance(50 * 60_000);
			assert.deepEqual(ended, [[DEMO_USERS.ada.email, 'Adobe no longer accepts its refresh token']]);
			users.dispose();
		});

		it('prompt=none falls back to the full sign-in when IMS answers login_required', async () => {
			const { users, signIn } = sessionsWith();
			const session = await signIn('none');
			assert.equal(session.label, DEMO_USERS.ada.email);
			const authorize = env.emulator.requests.filter((r) => r.route === 'ims.authorize');
			assert.deepEqual(
				authorize.map((r) => r.query.prompt),
				['none', undefined],
			);
			users.dispose();
		});

		it('two windows refreshing at the same moment make one refresh request, and both keep the session', async () => {
			const clock = new FakeClock();
			const storage = sharedStorage();
			const first = sessionsWith(clock, storage);
			const second = sessionsWith(clock, storage);
			const session = await first.signIn();
			assert.equal((await second.users.list()).length, 1);
			// Both windows' token managers ask for a new token at once (each holds the current one).
			let settled = false;
			const both = Promise.all([first, second].map((w) => w.users.tokenFor(session.id, session.accessToken, 'Ada')));
			both.then(
				() => (settled = true),
				() => (settled = true),
			);
			await runUntil(clock, () => settled);
			const tokens = await both;
			assert.equal(refreshCalls(), 1, 'IMS rotates refresh tokens: a second refresh with the same one would be refused');
			assert.deepEqual([first.ended, second.ended], [[], []]);
			const [kept] = stored(storage);
			assert.notEqual(kept.accessToken, session.accessToken);
			assert.deepEqual(
				tokens.map((t) => t.accessToken),
				[kept.accessToken, kept.accessToken],
			);
			assert.deepEqual(
				(await first.users.list()).map((s) => s.accessToken),
				[kept.accessToken],
			);
			assert.deepEqual(
				(await second.users.list()).map((s) => s.accessToken),
				[kept.accessToken],
			);
			first.users.dispose();
			second.users.dispose();
		});

		it('a window refused with invalid_grant adopts the tokens another window stored instead of signing out', async () => {
			const storage: SharedSessions = { raw: undefined };
			const first = sessionsWith(new FakeClock(), storage);
			const session = await first.signIn();
			const before = storage.raw;
			// The second window read the list before the first stored its refresh (no lease: e.g. an older version of the extension).
			const second = sessionsWith(new FakeClock(), storage, { read: () => (refreshCalls() < 2 ? before : undefined) });
			await second.users.list();
			const refreshed = await first.users.tokenFor(session.id, session.accessToken, 'Ada');
			const token = await second.users.tokenFor(session.id, session.accessToken, 'Ada');
			assert.equal(refreshCalls(), 2);
			assert.equal(token.accessToken, refreshed.accessToken);
			assert.deepEqual(second.ended, []);
			assert.equal(stored(storage)[0]?.accessToken, refreshed.accessToken);
			first.users.dispose();
			second.users.dispose();
		});

		it('a sign-in in one window survives another window writing its own change', async () => {
			const storage: SharedSessions = { raw: undefined };
			const first = sessionsWith(new FakeClock(), storage);
			const second = sessionsWith(new FakeClock(), storage);
			assert.deepEqual(await second.users.list(), []);
			await first.signIn();
			env.emulator.oauth.configure({ user: 'grace' });
			await second.signIn('login');
			assert.deepEqual(
				stored(storage)
					.map((s) => s.label)
					.sort(),
				[DEMO_USERS.ada.email, DEMO_USERS.grace.email].sort(),
			);
			assert.deepEqual(
				second.changes
					.flatMap((c) => c.added ?? [])
					.map((s) => s.label)
					.sort(),
				[DEMO_USERS.ada.email, DEMO_USERS.grace.email].sort(),
			);
			first.users.dispose();
			second.users.dispose();
		});

		it('signing out while a refresh is under way revokes the tokens that refresh brings', async () => {
			let arrived: UserTokens | undefined;
			let release = () => undefined as void;
			const gate = new Promise<void>((resolve) => (release = resolve));
			const clients = clientsFor(env.emulator);
			const slow = (base: string): UserAuthClient => {
				const auth = clients.userAuthAt(base);
				return Object.assign(Object.create(auth) as UserAuthClient, {
					refresh: async (...args: Parameters<UserAuthClient['refresh']>) => {
						arrived = await auth.refresh(...args);
						await gate; // the answer is still on its way back when the user signs out
						return arrived;
					},
				});
			};
			const { users, signIn, storage } = sessionsWith(new FakeClock(), { raw: undefined }, { auth: slow });
			const session = await signIn();
			const refreshing = rejection(users.tokenFor(session.id, session.accessToken, 'Ada'));
			while (!arrived) await new Promise((resolve) => setTimeout(resolve, 5));
			await users.remove(session.id);
			release();
			const error = await refreshing;
			assert.match(error.message, /was signed out/);
			assert.equal(storage.raw, undefined);
			assert.ok(arrived.refreshToken);
			assert.equal(env.emulator.oauth.refreshTokens.has(arrived.refreshToken), false, 'the refresh token the refresh brought is revoked');
			const who = await rejection(clients.userAuthAt(env.emulator.url).userInfo(CLIENT_ID, arrived.accessToken));
			assert.equal(who.status, 401);
			users.dispose();
		});

		it('tokenFor says "try again" with the reason when a refresh fails for now, and keeps the session', async () => {
			const { users, signIn, ended } = sessionsWith();
			const session = await signIn();
			env.emulator.inject('ims.token', { type: 'status', status: 503 }, 1);
			const error = await rejection(users.tokenFor(session.id, session.accessToken, 'Ada'));
			assert.match(error.message, /^Could not refresh the sign-in of "Ada" \(.*503.*\); its current token works until .*\. Try again\.$/);
			assert.doesNotMatch(error.message, /no refresh token/);
			assert.deepEqual(ended, []);
			assert.equal((await users.list()).length, 1);
			users.dispose();
		});

		it('a cancelled token request stops waiting for the refresh', async () => {
			const { users, signIn } = sessionsWith();
			const session = await signIn();
			env.emulator.inject('ims.token', { type: 'latency', ms: 3000 }, 1);
			const controller = new AbortController();
			const pending = rejection(users.tokenFor(session.id, session.accessToken, 'Ada', controller.signal));
			while (!env.emulator.requests.some((r) => r.route === 'ims.token' && r.fault === 'latency')) {
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			const started = Date.now();
			controller.abort();
			const error = await pending;
			assert.equal(error.kind, 'cancelled', error.message);
			assert.ok(Date.now() - started < 2500, 'ended before the 3 s the answer would take');
			users.dispose();
		});

		it('a second sign-in while one waits in the browser is refused with a clear message', async () => {
			const { users } = sessionsWith();
			let opened = () => undefined as void;
			const browserOpen = new Promise<void>((resolve) => (opened = resolve));
			const controller = new AbortController();
			const settings = { clientId: CLIENT_ID, redirectUri: `${env.emulator.oauth.relayUrl}/redirect` };
			const waiting = rejection(
				users.signIn({ settings, imsBaseUrl: env.emulator.url, signal: controller.signal, openBrowser: async () => opened() }),
			);
			await browserOpen;
			const second = await rejection(
				users.signIn({ settings, imsBaseUrl: env.emulator.url, openBrowser: async () => assert.fail('no second page') }),
			);
			assert.equal(second.code, 'sign_in_pending');
			assert.match(second.message, /already waiting in your browser/);
			controller.abort();
			assert.equal((await waiting).kind, 'cancelled');
			users.dispose();
		});

		it('registers the PKCE verifier and the authorization code with the redactor during the sign-in', async () => {
			const { signIn, remembered, users } = sessionsWith();
			await signIn();
			const [code] = [...env.emulator.oauth.codes.keys()];
			const grant = env.emulator.oauth.codes.get(code);
			assert.ok(remembered.includes(code), 'the code');
			assert.ok(
				remembered.some((v) => createHash('sha256').update(v).digest('base64url') === grant?.challenge),
				'the verifier',
			);
			users.dispose();
		});

		it('labels the account with its email cleaned of control and bidi characters, and bounded', async () => {
			const { signIn, users } = sessionsWith();
			const ada = DEMO_USERS.ada;
			const email = ada.email;
			try {
				ada.email = `\u202Eevil\u0007${'x'.repeat(500)}@example.com`;
				const session = await signIn();
				assert.equal(session.label, sanitizeProfileName(ada.email).slice(0, 128));
				assert.doesNotMatch(session.label, /\p{Cc}|[\u202a-\u202e]/u);
			} finally {
				ada.email = email;
			}
			users.dispose();
		});

		it('a session has the scopes IMS granted, not all it asked for', async () => {
			env.emulator.oauth.configure({ withheldScopes: ['email'] });
			const { signIn, users } = sessionsWith();
			const session = await signIn();
			assert.ok(!session.scopes.includes('email'));
			assert.ok(session.scopes.includes('openid'));
			users.dispose();
		});

		it('refuses a token longer than a stored session may hold, rather than store one that later vanishes', async () => {
			env.emulator.inject(
				'ims.token',
				{ type: 'status', status: 200, body: { access_token: `eyJ${'a'.repeat(16_400)}`, token_type: 'bearer', expires_in: 86399 } },
				1,
			);
			const error = await rejection(clientsFor(env.emulator).userAuthAt(env.emulator.url).refresh(CLIENT_ID, 'r', SCOPES));
			assert.equal(error.kind, 'badResponse');
			assert.match(error.message, /longer than 16384 characters/);
		});

		it('adopts what another window stored, and takes no late echo of its own write for a change', async () => {
			const storage = { raw: undefined as string | undefined };
			const first = sessionsWith(new FakeClock(), storage);
			const second = sessionsWith(new FakeClock(), storage);
			assert.deepEqual(await second.users.list(), []);
			await first.signIn();
			const echoes = first.changes.length;
			await first.users.reloadFromStorage();
			assert.equal(first.changes.length, echoes);
			await second.users.reloadFromStorage();
			assert.deepEqual(
				second.changes.map((c) => c.added?.map((s) => s.label)),
				[[DEMO_USERS.ada.email]],
			);
			first.users.dispose();
			second.users.dispose();
		});
	});

	describe('Emulator IMS refuses what Adobe refuses', () => {
		const base = () => ({
			client_id: CLIENT_ID,
			redirect_uri: `${env.emulator.oauth.relayUrl}/redirect`,
			scope: 'openid,AdobeID',
			response_type: 'code',
			state: 's',
		});

		it('answers a redirect_uri that is not HTTPS or not registered at the Default Redirect URI, as Adobe documents', async () => {
			const challenge = createPkce().challenge;
			for (const redirect of ['http://127.0.0.1:1234/redirect', 'https://evil.example/redirect', 'https://vscode.dev/redirect/../x']) {
				const location = await authorizeRedirect({
					...base(),
					redirect_uri: redirect,
					code_challenge: challenge,
					code_challenge_method: 'S256',
				});
				assert.equal(location.origin + location.pathname, DEMO_CLIENTS.signIn.defaultRedirectUri, redirect);
			}
			const registered = await authorizeRedirect({
				...base(),
				redirect_uri: 'https://vscode.dev/redirect',
				code_challenge: challenge,
				code_challenge_method: 'S256',
			});
			assert.equal(registered.origin + registered.pathname, 'https://vscode.dev/redirect');
		});

		it('refuses a public client without code_challenge', async () => {
			const location = await authorizeRedirect(base());
			assert.deepEqual([location.searchParams.get('error'), location.searchParams.get('state')], ['invalid_request', 's']);
		});

		it('takes an unstated method as plain, so an S256 challenge then fails the exchange', async () => {
			const pkce = createPkce();
			const location = await authorizeRedirect({ ...base(), code_challenge: pkce.challenge });
			const auth = clientsFor(env.emulator).userAuthAt(env.emulator.url);
			const error = await rejection(auth.exchangeCode(CLIENT_ID, location.searchParams.get('code') ?? '', pkce.verifier, SCOPES));
			assert.equal(error.code, 'invalid_grant');
			assert.match(error.detail ?? '', /code_verifier does not match/);
		});

		it('refuses a wrong verifier, and a code used twice', async () => {
			const pkce = createPkce();
			const code =
				(await authorizeRedirect({ ...base(), code_challenge: pkce.challenge, code_challenge_method: 'S256' })).searchParams.get('code') ??
				'';
			const auth = clientsFor(env.emulator).userAuthAt(env.emulator.url);
			assert.equal((await rejection(auth.exchangeCode(CLIENT_ID, code, createPkce().verifier, SCOPES))).code, 'invalid_grant');
			const error = await rejection(auth.exchangeCode(CLIENT_ID, code, pkce.verifier, SCOPES));
			assert.match(error.detail ?? '', /already been used/);
			assertNoLeak([code, pkce.verifier], error);
		});

		it('refuses a server-to-server credential at the authorize step and a public client at client_credentials', async () => {
			const answer = await fetch(
				`${env.emulator.url}/ims/authorize/v2?${new URLSearchParams({ ...base(), client_id: DEMO_CLIENTS.demo.clientId })}`,
				{ redirect: 'manual' },
			);
			assert.equal(answer.status, 400);
			const error = await rejection(
				clientsFor(env.emulator).ims.requestToken({ clientId: CLIENT_ID, clientSecret: 'p8e-none-0123456789abcdef', scopes: ['openid'] }),
			);
			assert.equal(error.code, 'invalid_client');
		});

		it('refuses an expires_in out of bounds from the token endpoint', async () => {
			env.emulator.inject(
				'ims.token',
				{ type: 'status', status: 200, body: { access_token: 'eyJa.b.c', token_type: 'bearer', expires_in: 1e12 } },
				1,
			);
			const error = await rejection(clientsFor(env.emulator).userAuthAt(env.emulator.url).refresh(CLIENT_ID, 'r', SCOPES));
			assert.equal(error.kind, 'badResponse');
		});

		it('serves the relay page over HTTPS with the committed test certificate', async () => {
			const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
			const answer = await undiciFetch(`${env.emulator.oauth.relayUrl}/redirect`, { dispatcher });
			assert.equal(answer.status, 200);
			assert.match(await answer.text(), /forwards Adobe's answer/);
			await dispatcher.close();
		});

		it('the committed relay certificate is a server leaf, not a CA: its key, in the repository, cannot sign other certificates', () => {
			const cert = new X509Certificate(readFileSync(join(__dirname, '../../../../test/emulator/tls/relay-cert.pem')));
			assert.equal(cert.ca, false);
			assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1'], 'extendedKeyUsage=serverAuth only');
			assert.equal(cert.subjectAltName, 'IP Address:127.0.0.1, DNS:localhost');
			assert.ok(Date.parse(cert.validTo) > Date.now() + 5 * 365 * 24 * 3600_000, 'valid for years');
		});
	});

	describe('User sign-in in the demo (npm start): the relay over loopback http, so the browser shows no certificate warning', () => {
		const demo = useEmulator({ loopbackHttpRelay: true });

		it('serves the relay page over http on 127.0.0.1', async () => {
			assert.match(demo.emulator.oauth.relayUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
			const answer = await fetch(`${demo.emulator.oauth.relayUrl}/redirect`);
			assert.equal(answer.status, 200);
			assert.match(await answer.text(), /forwards Adobe's answer/);
		});

		it('signs in through it: IMS redirects to the http relay, which forwards to the loopback', async () => {
			const clients = clientsFor(demo.emulator);
			let landedOn = '';
			const { tokens, user } = await signInWithBrowser({
				auth: clients.userAuthAt(demo.emulator.url),
				imsBaseUrl: demo.emulator.url,
				clientId: CLIENT_ID,
				redirectUri: `${demo.emulator.oauth.relayUrl}/redirect`,
				scopes: ['openid', 'AdobeID', 'email'],
				openBrowser: async (url) => void ({ landedOn } = await browse(demo.emulator, url)),
			});
			assert.match(landedOn, /^http:\/\/127\.0\.0\.1:\d+\/callback\?nonce=/);
			assert.equal(user.email, DEMO_USERS.ada.email);
			assert.ok(tokens.accessToken);
		});
	});
});
