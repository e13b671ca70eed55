/**
 * Sign in with Adobe, inside VS Code: the `adobe-ims` authentication provider signs a user in
 * through the real browser (the workbench's Chromium follows the emulator's authorize redirect to
 * the HTTPS relay page, which forwards to the extension's loopback), refreshes, ends sessions
 * without refresh tokens, signs out with revocation, keeps several accounts, and serves
 * server-to-server profiles to getSession.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import {
	activateExtension,
	checkSetupFindings,
	emulatorControl,
	emulatorRequests,
	emulatorUrl,
	rejection,
	stubConfirm,
	withSetting,
} from './helpers';

interface ImsRecord {
	route: string;
	status: number;
	query: Record<string, string>;
	formKeys?: string[];
}
interface EmulatorInfo {
	clients: Record<string, { clientId: string; clientSecret?: string }>;
	users: Record<'ada' | 'grace', { sub: string; email: string }>;
}

const PROVIDER = 'adobe-ims';
const SCOPES_SETTING = 'adobeApi.signIn.scopes';
/**
 * Most tests sign in with a credential that lists offline_access (the emulator's publicRefreshTokens
 * switch), to test the refresh path, and email and profile, so the account is named by its email.
 * A Single Page App credential's default (no refresh token, no email) has its own tests.
 */
const REFRESHING_SCOPES = 'openid,AdobeID,email,profile,offline_access,creative_sdk,cloud_storage_collab_api';
/** A Single Page App credential that also lists email and profile: no refresh token. */
const SPA_SCOPES = 'openid,AdobeID,email,profile,creative_sdk,cloud_storage_collab_api';
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const imsRequests = async () =>
	(await emulatorControl<{ requests: ImsRecord[] }>('GET', 'requests')).requests.filter((r) => r.route.startsWith('ims.'));

/** Resolves with the next change VS Code reports for our provider that satisfies `done`. */
function sessionsChange(done: (sessions: readonly vscode.AuthenticationSession[]) => boolean, api: TestApi): Promise<void> {
	return new Promise((resolve) => {
		const subscription = vscode.authentication.onDidChangeSessions(async (event) => {
			if (event.provider.id !== PROVIDER) return;
			if (done(await api.auth.getSessions(undefined, {}))) {
				subscription.dispose();
				resolve();
			}
		});
	});
}

describe('Sign in with Adobe (adobe-ims authentication provider)', function () {
	this.timeout(60_000);
	let api: TestApi;
	let info: EmulatorInfo;
	const userSessions = async (scopes?: string[]) => (await api.auth.getSessions(scopes, {})).filter((s) => s.id.startsWith('user:'));

	let previousScopes: unknown;
	before(async () => {
		({ api } = await activateExtension());
		info = await emulatorControl<EmulatorInfo>('GET', 'info');
		previousScopes = vscode.workspace.getConfiguration().inspect(SCOPES_SETTING)?.globalValue;
		await vscode.workspace.getConfiguration().update(SCOPES_SETTING, REFRESHING_SCOPES, vscode.ConfigurationTarget.Global);
	});

	after(async () => {
		await vscode.workspace.getConfiguration().update(SCOPES_SETTING, previousScopes, vscode.ConfigurationTarget.Global);
	});

	beforeEach(async () => {
		await emulatorControl('POST', 'reset');
		await emulatorControl('POST', 'config', {
			tokenLifetimeSeconds: 86399,
			signIn: { consent: 'approve', user: 'ada', publicRefreshTokens: true },
		});
	});

	afterEach(async () => {
		for (const account of await api.auth.userAccounts()) await run('adobeApi.signOut', { account: account.label });
	});

	it("signs in through the browser, the HTTPS relay and the loopback; the account is a session with the user's token", async () => {
		const added = sessionsChange((sessions) => sessions.some((s) => s.account.label === info.users.ada.email), api);
		const result = await run<{ account: string; scopes: string[] }>('adobeApi.signIn', {});
		await added;
		assert.equal(result.account, info.users.ada.email);
		assert.ok(result.scopes.includes('openid') && result.scopes.includes('offline_access'));
		assert.doesNotMatch(JSON.stringify(result), /eyJ/, 'a token in the result');

		const ims = await imsRequests();
		// prompt=none first (nobody is signed in at Adobe: login_required), then the same tab on to Adobe's page.
		assert.deepEqual(
			ims.map((r) => `${r.route} ${r.status}`),
			['ims.authorize 302', 'ims.authorize 302', 'ims.token 200', 'ims.userinfo 200'],
		);
		assert.deepEqual(
			ims.slice(0, 2).map((r) => r.query.prompt),
			['none', undefined],
		);
		for (const authorize of ims.slice(0, 2)) {
			assert.equal(authorize.query.code_challenge_method, 'S256');
			assert.match(authorize.query.redirect_uri, /^https:\/\/127\.0\.0\.1:\d+\/redirect$/);
			assert.match(authorize.query.state, /^http:\/\/127\.0\.0\.1:\d+\/callback\?nonce=[\w-]+$/);
		}
		assert.equal(ims[1].query.state, ims[0].query.state, 'one loopback, one tab');
		assert.deepEqual(ims[2].formKeys, ['grant_type', 'code', 'code_verifier']);

		const [session] = await userSessions(['openid', 'cloud_storage_collab_api']);
		assert.equal(session.account.id, info.users.ada.sub);
		// Cloud Storage takes the user's token, with the sign-in client as x-api-key.
		const listing = await fetch(`${emulatorUrl()}/v1/projects?limit=1`, {
			headers: { authorization: `Bearer ${session.accessToken}`, 'x-api-key': info.clients.signIn.clientId },
		});
		assert.equal(listing.status, 200);
		// No token reaches the log.
		assert.ok(!api.logLines().some((line) => line.includes(session.accessToken)), 'the access token reached the log');
		// A scope the session lacks finds no user session.
		assert.deepEqual(await userSessions(['firefly_api']), []);
	});

	it('with the default scopes of a Single Page App credential: no offline_access, email or profile asked, no refresh token, the account named by its Adobe id', async () => {
		await emulatorControl('POST', 'config', { signIn: { publicRefreshTokens: false } });
		const result = await withSetting(SCOPES_SETTING, undefined, () => run<{ account: string; scopes: string[] }>('adobeApi.signIn', {}));
		assert.equal(result.account, info.users.ada.sub);
		assert.deepEqual(result.scopes, ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api']);
		assert.ok(
			(await imsRequests())
				.filter((r) => r.route === 'ims.authorize')
				.every((r) => r.query.scope === 'openid,AdobeID,creative_sdk,cloud_storage_collab_api'),
		);
		const [session] = await api.auth.userAccounts();
		assert.equal(session.label, info.users.ada.sub);
		// Asked for anyway, offline_access is refused as IMS refuses a scope the credential does not list.
		const error = await rejection(run('adobeApi.signIn', { scopes: 'offline_access' }));
		assert.match(error.message, /^Adobe IMS rejected the sign-in scopes \(invalid_scope: Invalid scope\(s\): offline_access\)/);
	});

	it('VS Code lists the account; getSession hands it to an extension only after the user allows it', async () => {
		await run('adobeApi.signIn', {});
		// Server-to-server profiles other suites left with a token are accounts too; the user is the only signed-in one.
		assert.deepEqual(
			(await vscode.authentication.getAccounts(PROVIDER)).map((a) => a.label).filter((label) => !label.endsWith('(server-to-server)')),
			[info.users.ada.email],
		);
		// The consent dialog cannot be shown in an extension test run (VS Code refuses dialogs there), so
		// this checks the gate; clicking Allow is a UI test's job. Our own commands call the provider directly.
		assert.equal(await vscode.authentication.getSession(PROVIDER, ['openid', 'email'], { silent: true }), undefined);
	});

	it("a declined consent rejects with Adobe's reason and the fix, and stores nothing", async () => {
		await emulatorControl('POST', 'config', { signIn: { consent: 'deny' } });
		const error = await rejection(run('adobeApi.signIn', {}));
		assert.match(error.message, /^Sign-in was declined at Adobe \(access_denied\)\. Sign in again and choose Allow/);
		assert.deepEqual(await userSessions(), []);
	});

	it('refreshes a session with its refresh token when less than 10 minutes are left', async () => {
		await emulatorControl('POST', 'config', { tokenLifetimeSeconds: 300 });
		await run('adobeApi.signIn', {});
		const stored = (await api.auth.userAccounts())[0];
		assert.ok(stored);
		const changed = new Promise<void>((resolve) => {
			const subscription = api.auth.onDidChangeSessions((event) => {
				if (event.changed?.some((s) => s.id === stored.id)) {
					subscription.dispose();
					resolve();
				}
			});
		});
		const [session] = await userSessions();
		await changed;
		const ims = await imsRequests();
		const refresh = ims.filter((r) => r.route === 'ims.token' && r.formKeys?.includes('refresh_token'));
		assert.equal(refresh.length, 1, 'one refresh, however often getSessions is called');
		assert.deepEqual(refresh[0].formKeys, ['grant_type', 'refresh_token']);
		assert.equal(refresh[0].status, 200);
		const [again] = await userSessions();
		assert.equal(again.accessToken, session.accessToken, 'getSessions handed out the refreshed token');
		assert.equal((await imsRequests()).filter((r) => r.formKeys?.includes('refresh_token')).length, 1, 'no second refresh within 30 s');
	});

	it('without a refresh token the session ends at expiry, and Sign In with prompt=none needs no consent page', async () => {
		await emulatorControl('POST', 'config', { tokenLifetimeSeconds: 2, signIn: { publicRefreshTokens: false } });
		await vscode.workspace.getConfiguration().update(SCOPES_SETTING, SPA_SCOPES, vscode.ConfigurationTarget.Global);
		// Ended means: the user's session was there, and then it was not (other changes, the profiles' sessions say, do not count).
		let signedIn = false;
		const ended = sessionsChange((sessions) => {
			const user = sessions.some((s) => s.id.startsWith('user:'));
			signedIn ||= user;
			return signedIn && !user;
		}, api);
		await run('adobeApi.signIn', {});
		signedIn = true;
		await ended;
		assert.deepEqual(await api.auth.userAccounts(), []);

		// Still signed in at Adobe: prompt=none comes back with a code although consent would now be denied.
		await emulatorControl('POST', 'config', { tokenLifetimeSeconds: 86399, signIn: { consent: 'deny' } });
		const result = await run<{ account: string }>('adobeApi.signIn', { prompt: 'none' });
		assert.equal(result.account, info.users.ada.email);
		const authorize = (await imsRequests()).filter((r) => r.route === 'ims.authorize');
		assert.equal(authorize.at(-1)?.query.prompt, 'none');
		await vscode.workspace.getConfiguration().update(SCOPES_SETTING, REFRESHING_SCOPES, vscode.ConfigurationTarget.Global);
	});

	it('signs out with revocation: Adobe saw /ims/revoke and no longer accepts the token', async () => {
		await run('adobeApi.signIn', {});
		const [session] = await userSessions();
		const result = await run<{ account: string }>('adobeApi.signOut', { account: info.users.ada.email });
		assert.deepEqual(result, { account: info.users.ada.email });
		const revokes = (await imsRequests()).filter((r) => r.route === 'ims.revoke');
		assert.deepEqual(
			revokes.map((r) => [r.status, r.query.client_id, r.formKeys?.join()]),
			[
				[200, info.clients.signIn.clientId, 'token'],
				[200, info.clients.signIn.clientId, 'token'],
			],
		);
		const userinfo = await fetch(`${emulatorUrl()}/ims/userinfo/v2`, { headers: { authorization: `Bearer ${session.accessToken}` } });
		assert.equal(userinfo.status, 401);
		assert.deepEqual(await userSessions(), []);
		assert.match((await rejection(run('adobeApi.signOut', { account: info.users.ada.email }))).message, /No Adobe account .* is signed in/);
	});

	it('Sign Out from the palette asks first, as Remove Profile does: No keeps the sign-in, Sign Out signs out', async () => {
		await run('adobeApi.signIn', {});
		const email = info.users.ada.email;
		const confirm = stubConfirm(api, false);
		try {
			assert.equal(await run('adobeApi.signOut'), undefined);
			assert.deepEqual(confirm.asked, [`Sign out of Adobe as ${email}?`]);
			assert.deepEqual(
				(await api.auth.userAccounts()).map((a) => a.label),
				[email],
				'declined: still signed in',
			);
			assert.deepEqual(
				(await imsRequests()).filter((r) => r.route === 'ims.revoke'),
				[],
				'declined: nothing revoked',
			);
			confirm.answer(true);
			assert.deepEqual(await run('adobeApi.signOut'), { account: email });
			assert.equal(confirm.asked.length, 2);
			assert.deepEqual(await api.auth.userAccounts(), []);
		} finally {
			confirm.restore();
		}
	});

	it('a second Sign In while one waits in the browser is refused with a clear message; one profile results', async () => {
		const [first, second] = await Promise.allSettled([run('adobeApi.signIn', {}), run('adobeApi.signIn', {})]);
		assert.equal(first.status, 'fulfilled');
		assert.equal(second.status, 'rejected');
		assert.match((second as PromiseRejectedResult).reason.message, /already waiting in your browser/);
		assert.equal(api.services.profiles.list().filter((p) => p.signedIn).length, 1);
		// One sign-in at Adobe: its silent attempt and the page it went on to, both from one loopback.
		const authorize = (await imsRequests()).filter((r) => r.route === 'ims.authorize');
		assert.deepEqual(
			authorize.map((r) => r.query.prompt),
			['none', undefined],
		);
		assert.equal(new Set(authorize.map((r) => r.query.state)).size, 1);
	});

	it("keeps several accounts: Sign In with Another Adobe Account shows Adobe's login page (prompt=login) although a user is signed in there", async () => {
		await run('adobeApi.signIn', {});
		await emulatorControl('POST', 'config', { signIn: { user: 'grace' } });
		// Sign In again: the browser session at Adobe answers without a page, with the same account.
		assert.equal((await run<{ account: string }>('adobeApi.signIn', {})).account, info.users.ada.email);
		assert.equal((await run<{ account: string }>('adobeApi.signInAnotherAccount', {})).account, info.users.grace.email);
		assert.equal((await imsRequests()).filter((r) => r.route === 'ims.authorize').at(-1)?.query.prompt, 'login');
		const labels = (await userSessions()).map((s) => s.account.label).sort();
		assert.deepEqual(labels, [info.users.ada.email, info.users.grace.email]);
		// VS Code asking for a new session while one exists (its Accounts menu) gets the login page too.
		await emulatorControl('POST', 'config', { signIn: { user: 'ada' } });
		const created = await api.auth.createSession(['openid']);
		assert.equal(created.account.label, info.users.ada.email);
		assert.equal((await imsRequests()).filter((r) => r.route === 'ims.authorize').at(-1)?.query.prompt, 'login');
	});

	it('a signed-in user is a profile: its token in the status bar, Verify Credential and the explorer use it, Refresh Token refreshes it', async () => {
		await run('adobeApi.signIn', {});
		const name = info.users.ada.email;
		const profile = api.services.profiles.find(name) ?? assert.fail('no profile for the signed-in user');
		assert.equal(profile.apiKind, 'cloudStorage');
		await run('adobeApi.selectProfile', { profile: name });
		const generated = await run<{ profile: string; expiresAt: string }>('adobeApi.generateToken', { profile: name });
		assert.equal(generated.profile, name);
		assert.match(api.statusBar.text, /23h 59m|23h 58m/);
		const [session] = await userSessions();
		assert.equal(api.services.tokens.snapshot(profile.id).token?.accessToken, session.accessToken, "the profile holds the session's token");

		const verified = await run<{ ok: boolean; call: string }>('adobeApi.verifyCredential', { profile: name });
		assert.equal(verified.ok, true);
		api.explorer.refresh();
		const [root] = await api.explorer.getChildren();
		const storage = (await api.explorer.getChildren(root)).find((n) => n.kind === 'storage') ?? assert.fail('no Cloud Storage node');
		assert.ok(
			(await api.explorer.getChildren(storage)).some((n) => n.kind === 'asset'),
			"the user's projects are listed",
		);

		// The API for other extensions hands out no personal token: that goes through getSession and VS Code's consent.
		const exported = vscode.extensions.getExtension<{ getAccessToken(name?: string): Promise<string> }>(
			'adobe-api-toolkit.adobe-api-toolkit',
		)!.exports;
		for (const asked of [name, undefined]) {
			await assert.rejects(exported.getAccessToken(asked), {
				message: new RegExp(`^"${name.replace(/\./g, '\\.')}" is a user signed in with Adobe; .*getSession\\('adobe-ims', scopes\\)`),
			});
		}

		// The setup doctor checks the user like a server-to-server profile: no Client Secret is expected.
		const findings = await checkSetupFindings();
		const status = Object.fromEntries(findings.map((f) => [f.id, f.status]));
		assert.deepEqual(
			[status.credential, status.token, status.verify, status.storage],
			['pass', 'pass', 'pass', 'pass'],
			JSON.stringify(findings),
		);
		assert.match(
			findings.find((f) => f.id === 'credential')?.detail ?? '',
			/^Signed in with Adobe through the public client .* \(sent as x-api-key; no Client Secret\)/,
		);

		const refreshes = async () =>
			(await imsRequests()).filter((r) => r.route === 'ims.token' && r.formKeys?.includes('refresh_token') && r.status === 200).length;
		const before = await refreshes();
		const tokenBefore = api.services.tokens.snapshot(profile.id).token?.accessToken;
		await run('adobeApi.refreshToken', { profile: name });
		assert.equal(await refreshes(), before + 1, 'Refresh Token used the refresh token');
		assert.notEqual(api.services.tokens.snapshot(profile.id).token?.accessToken, tokenBefore);

		await run('adobeApi.signOut', { account: name });
		assert.equal(api.services.profiles.find(name), undefined, "signing out removes the user's profile");
	});

	it('Remove Profile on a signed-in user signs out: the profile and its token go first, then Adobe revokes; Edit, the secret in exports and the IMS cURL are refused', async () => {
		await run('adobeApi.signIn', {});
		const name = info.users.ada.email;
		const profile = api.services.profiles.find(name) ?? assert.fail('no profile for the signed-in user');
		await run('adobeApi.generateToken', { profile: name });
		assert.ok(api.services.tokens.snapshot(profile.id).token);

		const edit = await rejection(run('adobeApi.editProfile', { profile: name, scopes: 'openid' }));
		assert.match(
			edit.message,
			/^"ada@example\.com" is signed in with Adobe: its Client ID, scopes and token come from the sign-in, so it cannot be edited\./,
		);
		const exports = await rejection(run('adobeApi.copyEnvExports', { profile: name, includeSecret: true }));
		assert.match(exports.message, /is signed in with Adobe: it has no Client Secret/);
		const curl = await rejection(run('adobeApi.copyCurl', { profile: name, call: 'token' }));
		assert.match(curl.message, /not from an IMS token request/);

		const [session] = await userSessions();
		// Adobe is slow to answer the revocation: by then the profile and its token are already gone here.
		await emulatorControl('POST', 'faults', { route: 'ims.revoke', fault: { type: 'latency', ms: 1500 }, times: 1 });
		const removing = run<{ name: string }>('adobeApi.removeProfile', { profile: name });
		while (!(await imsRequests()).some((r) => r.route === 'ims.revoke')) await new Promise((resolve) => setTimeout(resolve, 20));
		assert.equal(api.services.profiles.find(name), undefined, 'the profile is gone before Adobe answers');
		assert.equal(api.services.tokens.snapshot(profile.id).token, undefined, "the signed-out user's token is cleared");
		assert.deepEqual(await removing, { name });
		assert.deepEqual(await api.auth.userAccounts(), [], 'removing the profile signed the user out');
		assert.deepEqual(await userSessions(), []);
		const revokes = (await imsRequests()).filter((r) => r.route === 'ims.revoke');
		assert.equal(revokes.length, 2);
		const userinfo = await fetch(`${emulatorUrl()}/ims/userinfo/v2`, { headers: { authorization: `Bearer ${session.accessToken}` } });
		assert.equal(userinfo.status, 401);
	});

	it('a sign-in started by another extension (createSession) fails with a redacted error', async () => {
		// A careless IMS quotes the bearer token it got; VS Code shows createSession's error as it is.
		await emulatorControl('POST', 'faults', { route: 'ims.userinfo', fault: { type: 'echo', status: 500 }, times: 1 });
		const error = await rejection(Promise.resolve(api.auth.createSession(['openid'])));
		assert.match(error.message, /Rejected credentials/);
		assert.doesNotMatch(`${error.message} ${JSON.stringify(error)}`, /eyJ/, 'a token in the error');
	});

	it('a signed-in user without a refresh token: Refresh Token says to sign in again, and until when', async () => {
		await emulatorControl('POST', 'config', { signIn: { user: 'grace', publicRefreshTokens: false } });
		await withSetting(SCOPES_SETTING, SPA_SCOPES, () => run('adobeApi.signIn', {}));
		const name = info.users.grace.email;
		assert.ok(api.services.tokens.snapshot(api.services.profiles.find(name)?.id ?? '').token, "the profile got the sign-in's token");
		const error = await rejection(run('adobeApi.refreshToken', { profile: name }));
		assert.match(
			error.message,
			/^Adobe gives the sign-in of "grace@example\.com" no refresh token, so a new token comes from signing in again; the current one works until .+\. Run "Adobe: Sign In with Adobe…": while you are signed in at Adobe, it needs no page there\.$/,
		);
		assert.deepEqual(api.errorActions({ kind: 'invalidInput', code: 'sign_in_again' }, name), ['Sign In with Adobe', 'Show Log']);
	});

	describe('a personal token leaves only after the user says yes', () => {
		const SENTINEL = 'clipboard before the test';
		const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

		it('scripted Copy Token and Copy Environment Exports: declined, nothing is copied and the call says why; allowed, they copy', async () => {
			await run('adobeApi.signIn', {});
			const name = info.users.ada.email;
			const [session] = await userSessions();
			await vscode.env.clipboard.writeText(SENTINEL);
			const confirm = stubConfirm(api, false);
			try {
				const token = await rejection(run('adobeApi.copyToken', { profile: name }));
				assert.equal(
					token.message,
					`The personal access token of "${name}" was not copied: this needs your confirmation, and it was not given.`,
				);
				const exports = await rejection(run('adobeApi.copyEnvExports', { profile: name }));
				assert.equal(
					exports.message,
					`The export lines with the personal access token of "${name}" were not copied: this needs your confirmation, and it was not given.`,
				);
				// No argument skips the question.
				await rejection(run('adobeApi.copyEnvExports', { profile: name, includeSecret: false, confirmed: true }));
				assert.equal(await vscode.env.clipboard.readText(), SENTINEL, 'the clipboard is unchanged');
				assert.equal(confirm.asked.length, 3);
				assert.match(confirm.asked[0], new RegExp(`^Copy the personal Adobe access token of "${escaped(name)}" to the clipboard\\?$`));
				assert.match(confirm.asked[1], /^Copy export lines with the personal Adobe access token of /);

				confirm.answer(true);
				const copied = await run<{ profile: string; expiresAt: string }>('adobeApi.copyToken', { profile: name });
				assert.equal(copied.profile, name);
				assert.doesNotMatch(JSON.stringify(copied), /eyJ/, 'a token in the result');
				assert.equal(await vscode.env.clipboard.readText(), session.accessToken);
				const lines = await run<{ variables: string[] }>('adobeApi.copyEnvExports', { profile: name });
				assert.ok(lines.variables.some((v) => v.endsWith('ACCESS_TOKEN')));
				assert.ok((await vscode.env.clipboard.readText()).includes(session.accessToken));
				assert.equal(confirm.asked.length, 5);
			} finally {
				confirm.restore();
				await vscode.env.clipboard.writeText('');
			}
			assert.ok(!api.logLines().some((line) => line.includes(session.accessToken)), 'the token reached the log');
		});

		it('a silent Sign In (prompt=none) before Copy Token changes nothing: it still asks', async () => {
			await run('adobeApi.signIn', {});
			const name = info.users.ada.email;
			await vscode.env.clipboard.writeText(SENTINEL);
			const confirm = stubConfirm(api, false);
			try {
				await run('adobeApi.signIn', { prompt: 'none' });
				assert.match(
					(await rejection(run('adobeApi.copyToken', { profile: name }))).message,
					/was not copied: this needs your confirmation/,
				);
				assert.equal(confirm.asked.length, 1);
				assert.equal(await vscode.env.clipboard.readText(), SENTINEL);
			} finally {
				confirm.restore();
			}
		});

		it('a language model tool acting as the user asks first; declined, nothing is sent', async () => {
			await run('adobeApi.signIn', {});
			const name = info.users.ada.email;
			const listStorage = async () => {
				try {
					const result = await vscode.lm.invokeTool('adobe_list_storage', { input: { profile: name }, toolInvocationToken: undefined });
					return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('\n');
				} catch (error) {
					return error instanceof Error ? error.message : String(error);
				}
			};
			const listed = async () => (await emulatorRequests('storage.list')).length;
			const before = await listed();
			const confirm = stubConfirm(api, false);
			try {
				assert.match(
					await listStorage(),
					new RegExp(`An Adobe tool did not use the sign-in of "${escaped(name)}": this needs your confirmation, and it was not given\\.`),
				);
				assert.equal(await listed(), before, 'nothing was sent with the personal token');
				assert.match(confirm.asked[0], new RegExp(`^Let Adobe language model tools act as "${escaped(name)}"\\?$`));
				confirm.answer(true);
				const text = await listStorage();
				assert.doesNotMatch(text, /did not use the sign-in/);
				assert.ok((await listed()) > before, 'the listing ran once allowed');
				// Another extension's call (no chat) asks every time.
				assert.equal(confirm.asked.length, 2);
				await listStorage();
				assert.equal(confirm.asked.length, 3);
			} finally {
				confirm.restore();
			}
		});

		it("a scripted Send Request as the signed-in user asks first; declined, nothing is sent; the user's own profile commands are unchanged", async () => {
			await run('adobeApi.signIn', {});
			const name = info.users.ada.email;
			const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-personal-send-'));
			const file = path.join(folder, 'projects.http');
			fs.writeFileSync(
				file,
				`GET {{$adobeEndpoint cloudStorage}}/projects?limit=1\nAuthorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}\n`,
			);
			const listed = async () => (await emulatorRequests('storage.list')).length;
			const before = await listed();
			const confirm = stubConfirm(api, false);
			try {
				const refused = await rejection(run('adobeApi.sendRequest', { uri: vscode.Uri.file(file).toString(), profile: name }));
				assert.equal(refused.message, `Not sent with the sign-in of "${name}": this needs your confirmation, and it was not given.`);
				assert.equal(await listed(), before, 'the request went out with the personal token');
				assert.match(confirm.asked[0], new RegExp(`^Let a command send a request file's request as "${escaped(name)}"\\?$`));
				confirm.answer(true);
				const sent = await run<{ status: number }>('adobeApi.sendRequest', { uri: vscode.Uri.file(file).toString(), profile: name });
				assert.equal(sent.status, 200);
				assert.equal(await listed(), before + 1);
				assert.equal(confirm.asked.length, 2, 'asked once per scripted send');
			} finally {
				confirm.restore();
				fs.rmSync(folder, { recursive: true, force: true });
			}
		});

		it("new terminals never get a signed-in user's token, even with Inject Token in New Terminals on", async () => {
			await run('adobeApi.signIn', {});
			const name = info.users.ada.email;
			const previous = api.services.profiles.active()?.name;
			assert.deepEqual(await run('adobeApi.injectTokenInTerminal'), { enabled: true }); // the palette's toggle
			try {
				await run('adobeApi.selectProfile', { profile: name });
				await api.terminal.update();
				assert.deepEqual(api.terminal.injected, [], 'a personal token was put into new terminals');
			} finally {
				await run('adobeApi.injectTokenInTerminal', { enabled: false });
				if (previous) await run('adobeApi.selectProfile', { profile: previous });
			}
		});
	});

	it('serves a server-to-server profile whose scopes cover the request, with a token IMS issued', async () => {
		const name = 'S2S for getSession';
		await run('adobeApi.addProfile', {
			name,
			apiKind: 'photoshop',
			clientId: info.clients.demo.clientId,
			clientSecret: info.clients.demo.clientSecret,
			scopes: 'openid,AdobeID,read_organizations',
		});
		try {
			// Profiles other suites left behind may be listed too: this one's is the one to check.
			const sessions = (await api.auth.getSessions(['read_organizations'], {})).filter(
				(s) => s.account.label === `${name} (server-to-server)`,
			);
			assert.equal(sessions.length, 1);
			assert.ok(sessions[0].id.startsWith('profile:'));
			const hello = await fetch(`${emulatorUrl()}/pie/psdService/hello`, {
				headers: { authorization: `Bearer ${sessions[0].accessToken}`, 'x-api-key': info.clients.demo.clientId },
			});
			// The gateway took the token (an invalid one answers 401); then Photoshop API v1 answers as retired (410).
			assert.equal(hello.status, 410);
			assert.ok((await vscode.authentication.getAccounts(PROVIDER)).some((a) => a.label === `${name} (server-to-server)`));
			// Signing a profile "out" clears its token; the profile stays.
			await api.auth.removeSession(sessions[0].id);
			assert.equal(api.services.tokens.snapshot(api.services.profiles.find(name)?.id ?? '').token, undefined);
			assert.ok(api.services.profiles.find(name));
		} finally {
			await run('adobeApi.removeProfile', { profile: name });
		}
	});
});
