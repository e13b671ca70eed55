/**
 * Sign in with Adobe, inside VS Code: the `adobe-ims` authentication provider signs a user in
 * through the real browser (the workbench's Chromium follows the emulator's authorize redirect to
 * the HTTPS relay page, which forwards to the extension's loopback), refreshes, ends sessions
 * without refresh tokens, signs out with revocation, keeps several accounts, and serves
 * server-to-server profiles to getSession.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { activateExtension, checkSetupFindings, emulatorControl, emulatorUrl, rejection } from './helpers';

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
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const imsRequests = async () => (await emulatorControl<{ requests: ImsRecord[] }>('GET', 'requests')).requests.filter((r) => r.route.startsWith('ims.'));

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

	before(async () => {
		({ api } = await activateExtension());
		info = await emulatorControl<EmulatorInfo>('GET', 'info');
	});

	beforeEach(async () => {
		await emulatorControl('POST', 'reset');
		await emulatorControl('POST', 'config', { tokenLifetimeSeconds: 86399, signIn: { consent: 'approve', user: 'ada', publicRefreshTokens: true } });
	});

	afterEach(async () => {
		for (const account of await api.auth.userAccounts()) await run('adobeApi.signOut', { account: account.label });
	});

	it('signs in through the browser, the HTTPS relay and the loopback; the account is a session with the user\'s token', async () => {
		const added = sessionsChange((sessions) => sessions.some((s) => s.account.label === info.users.ada.email), api);
		const result = await run<{ account: string; scopes: string[] }>('adobeApi.signIn', {});
		await added;
		assert.equal(result.account, info.users.ada.email);
		assert.ok(result.scopes.includes('openid') && result.scopes.includes('offline_access'));
		assert.doesNotMatch(JSON.stringify(result), /eyJ/, 'a token in the result');

		const ims = await imsRequests();
		assert.deepEqual(ims.map((r) => `${r.route} ${r.status}`), ['ims.authorize 302', 'ims.token 200', 'ims.userinfo 200']);
		assert.equal(ims[0].query.code_challenge_method, 'S256');
		assert.match(ims[0].query.redirect_uri, /^https:\/\/127\.0\.0\.1:\d+\/redirect$/);
		assert.match(ims[0].query.state, /^http:\/\/127\.0\.0\.1:\d+\/callback\?nonce=[\w-]+$/);
		assert.deepEqual(ims[1].formKeys, ['grant_type', 'code', 'code_verifier']);

		const [session] = await userSessions(['openid', 'cloud_storage_collab_api']);
		assert.equal(session.account.id, info.users.ada.sub);
		// Cloud Storage takes the user's token, with the sign-in client as x-api-key.
		const listing = await fetch(`${emulatorUrl()}/v1/projects?limit=1`, { headers: { authorization: `Bearer ${session.accessToken}`, 'x-api-key': info.clients.signIn.clientId } });
		assert.equal(listing.status, 200);
		// No token reaches the log.
		assert.ok(!api.logLines().some((line) => line.includes(session.accessToken)), 'the access token reached the log');
		// A scope the session lacks finds no user session.
		assert.deepEqual(await userSessions(['firefly_api']), []);
	});

	it('VS Code lists the account; getSession hands it to an extension only after the user allows it', async () => {
		await run('adobeApi.signIn', {});
		// Server-to-server profiles other suites left with a token are accounts too; the user is the only signed-in one.
		assert.deepEqual((await vscode.authentication.getAccounts(PROVIDER)).map((a) => a.label).filter((label) => !label.endsWith('(server-to-server)')), [info.users.ada.email]);
		// The consent dialog cannot be shown in an extension test run (VS Code refuses dialogs there), so
		// this checks the gate; clicking Allow is a UI test's job. Our own commands call the provider directly.
		assert.equal(await vscode.authentication.getSession(PROVIDER, ['openid', 'email'], { silent: true }), undefined);
	});

	it('a declined consent rejects with Adobe\'s reason and the fix, and stores nothing', async () => {
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
	});

	it('signs out with revocation: Adobe saw /ims/revoke and no longer accepts the token', async () => {
		await run('adobeApi.signIn', {});
		const [session] = await userSessions();
		const result = await run<{ account: string }>('adobeApi.signOut', { account: info.users.ada.email });
		assert.deepEqual(result, { account: info.users.ada.email });
		const revokes = (await imsRequests()).filter((r) => r.route === 'ims.revoke');
		assert.deepEqual(revokes.map((r) => [r.status, r.query.client_id, r.formKeys?.join()]), [
			[200, info.clients.signIn.clientId, 'token'],
			[200, info.clients.signIn.clientId, 'token'],
		]);
		const userinfo = await fetch(`${emulatorUrl()}/ims/userinfo/v2`, { headers: { authorization: `Bearer ${session.accessToken}` } });
		assert.equal(userinfo.status, 401);
		assert.deepEqual(await userSessions(), []);
		assert.match((await rejection(run('adobeApi.signOut', { account: info.users.ada.email }))).message, /No Adobe account .* is signed in/);
	});

	it('a second Sign In while one waits in the browser is refused with a clear message; one profile results', async () => {
		const [first, second] = await Promise.allSettled([run('adobeApi.signIn', {}), run('adobeApi.signIn', {})]);
		assert.equal(first.status, 'fulfilled');
		assert.equal(second.status, 'rejected');
		assert.match((second as PromiseRejectedResult).reason.message, /already waiting in your browser/);
		assert.equal(api.services.profiles.list().filter((p) => p.signedIn).length, 1);
		assert.equal((await imsRequests()).filter((r) => r.route === 'ims.authorize').length, 1);
	});

	it('keeps several accounts', async () => {
		await run('adobeApi.signIn', {});
		await emulatorControl('POST', 'config', { signIn: { user: 'grace' } });
		await run('adobeApi.signIn', {});
		const labels = (await userSessions()).map((s) => s.account.label).sort();
		assert.deepEqual(labels, [info.users.ada.email, info.users.grace.email]);
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
		assert.equal(api.services.tokens.snapshot(profile.id).token?.accessToken, session.accessToken, 'the profile holds the session\'s token');

		const verified = await run<{ ok: boolean; call: string }>('adobeApi.verifyCredential', { profile: name });
		assert.equal(verified.ok, true);
		api.explorer.refresh();
		const [root] = await api.explorer.getChildren();
		const storage = (await api.explorer.getChildren(root)).find((n) => n.kind === 'storage') ?? assert.fail('no Cloud Storage node');
		assert.ok((await api.explorer.getChildren(storage)).some((n) => n.kind === 'asset'), 'the user\'s projects are listed');

		// The API for other extensions hands out no personal token: that goes through getSession and VS Code's consent.
		const exported = vscode.extensions.getExtension<{ getAccessToken(name?: string): Promise<string> }>('adobe-api-toolkit.adobe-api-toolkit')!.exports;
		for (const asked of [name, undefined]) {
			await assert.rejects(exported.getAccessToken(asked), { message: new RegExp(`^"${name.replace(/\./g, '\\.')}" is a user signed in with Adobe; .*getSession\\('adobe-ims', scopes\\)`) });
		}

		// The setup doctor checks the user like a server-to-server profile: no Client Secret is expected.
		const findings = await checkSetupFindings();
		const status = Object.fromEntries(findings.map((f) => [f.id, f.status]));
		assert.deepEqual([status.credential, status.token, status.verify, status.storage], ['pass', 'pass', 'pass', 'pass'], JSON.stringify(findings));
		assert.match(findings.find((f) => f.id === 'credential')?.detail ?? '', /^Signed in with Adobe through the public client .* \(sent as x-api-key; no Client Secret\)/);

		const refreshes = async () => (await imsRequests()).filter((r) => r.route === 'ims.token' && r.formKeys?.includes('refresh_token') && r.status === 200).length;
		const before = await refreshes();
		const tokenBefore = api.services.tokens.snapshot(profile.id).token?.accessToken;
		await run('adobeApi.refreshToken', { profile: name });
		assert.equal(await refreshes(), before + 1, 'Refresh Token used the refresh token');
		assert.notEqual(api.services.tokens.snapshot(profile.id).token?.accessToken, tokenBefore);

		await run('adobeApi.signOut', { account: name });
		assert.equal(api.services.profiles.find(name), undefined, 'signing out removes the user\'s profile');
	});

	it('Remove Profile on a signed-in user signs out: the profile and its token go first, then Adobe revokes; Edit, the secret in exports and the IMS cURL are refused', async () => {
		await run('adobeApi.signIn', {});
		const name = info.users.ada.email;
		const profile = api.services.profiles.find(name) ?? assert.fail('no profile for the signed-in user');
		await run('adobeApi.generateToken', { profile: name });
		assert.ok(api.services.tokens.snapshot(profile.id).token);

		const edit = await rejection(run('adobeApi.editProfile', { profile: name, scopes: 'openid' }));
		assert.match(edit.message, /^"ada@example\.com" is signed in with Adobe: its Client ID, scopes and token come from the sign-in, so it cannot be edited\./);
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
		assert.equal(api.services.tokens.snapshot(profile.id).token, undefined, 'the signed-out user\'s token is cleared');
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

	it('a signed-in user without a refresh token: Refresh Token says to sign in again, and when', async () => {
		await emulatorControl('POST', 'config', { signIn: { user: 'grace', publicRefreshTokens: false } });
		await run('adobeApi.signIn', {});
		const name = info.users.grace.email;
		assert.ok(api.services.tokens.snapshot(api.services.profiles.find(name)?.id ?? '').token, 'the profile got the sign-in\'s token');
		const error = await rejection(run('adobeApi.refreshToken', { profile: name }));
		assert.match(error.message, /^Adobe gave the sign-in of "grace@example\.com" no refresh token, so its token cannot be renewed; it works until .+\. Sign in again with "Adobe: Sign In with Adobe…"\.$/);
		assert.deepEqual(api.errorActions({ kind: 'invalidInput', code: 'sign_in_again' }, name), ['Sign In with Adobe', 'Show Log']);
	});

	it('serves a server-to-server profile whose scopes cover the request, with a token IMS issued', async () => {
		const name = 'S2S for getSession';
		await run('adobeApi.addProfile', { name, apiKind: 'photoshop', clientId: info.clients.demo.clientId, clientSecret: info.clients.demo.clientSecret, scopes: 'openid,AdobeID,read_organizations' });
		try {
			// Profiles other suites left behind may be listed too: this one's is the one to check.
			const sessions = (await api.auth.getSessions(['read_organizations'], {})).filter((s) => s.account.label === `${name} (server-to-server)`);
			assert.equal(sessions.length, 1);
			assert.ok(sessions[0].id.startsWith('profile:'));
			const hello = await fetch(`${emulatorUrl()}/pie/psdService/hello`, { headers: { authorization: `Bearer ${sessions[0].accessToken}`, 'x-api-key': info.clients.demo.clientId } });
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
