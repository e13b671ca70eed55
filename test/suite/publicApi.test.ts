/**
 * The API other extensions get (src/api.ts), exercised from a second extension
 * (test/fixtures/consumer-extension) through its command, as a third party would use it.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { activateExtension, emulatorControl, emulatorRequests, type ExportedApi, withSetting } from './helpers';

const CONSUMER_ID = 'adobe-api-toolkit-tests.adobe-api-consumer';
const DOCUMENTED_MEMBERS = ['apiVersion', 'getAccessToken', 'listProfiles', 'onDidChangeToken'];
/** A secret the emulator refuses, recognisable wherever it might leak to. */
const WRONG_SECRET = 'p8e-PUBLIC-API-wrong-secret-0123456789';

interface Client {
	clientId: string;
	clientSecret: string;
}
interface TokenCalls {
	fulfilled: number;
	errors: string[];
	sha256: string[];
	lengths: number[];
}

const consumer = <T>(request: Record<string, unknown>) =>
	Promise.resolve(vscode.commands.executeCommand<T>('adobeApiConsumer.run', request));
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const imsCalls = async () => (await emulatorRequests('ims.token')).length;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('API for other extensions', () => {
	let api: TestApi;
	let exported: ExportedApi;
	let demo: Client;
	/** Everything the consumer handed back, and every token the extension held, for the leak check at the end. */
	const answers: unknown[] = [];
	const seenTokens = new Set<string>();
	const ask = async <T>(request: Record<string, unknown>): Promise<T> => {
		const answer = await consumer<T>(request);
		answers.push(answer);
		return answer;
	};
	const tokenOf = (name: string) => {
		const id = api.services.profiles.find(name)?.id ?? assert.fail(`no profile ${name}`);
		return api.services.tokens.snapshot(id).token?.accessToken ?? assert.fail(`no token for ${name}`);
	};

	before(async () => {
		let extension;
		({ extension, api } = await activateExtension());
		exported = extension.exports;
		api.services.tokens.onDidChange((id) => {
			const value = api.services.tokens.snapshot(id).token?.accessToken;
			if (value) seenTokens.add(value);
		});
		await api.services.profiles.ready();
		for (const profile of [...api.services.profiles.list()]) await run('adobeApi.removeProfile', { profile: profile.name });
		demo = (await emulatorControl<{ clients: { demo: Client } }>('GET', 'info')).clients.demo;
		await emulatorControl('POST', 'reset');
		await run('adobeApi.addProfile', {
			name: 'API photoshop',
			apiKind: 'photoshop',
			clientId: demo.clientId,
			clientSecret: demo.clientSecret,
		});
		await run('adobeApi.addProfile', {
			name: 'API storage',
			apiKind: 'cloudStorage',
			clientId: demo.clientId,
			clientSecret: demo.clientSecret,
		});
		await run('adobeApi.addProfile', { name: 'API wrong secret', apiKind: 'firefly', clientId: demo.clientId, clientSecret: WRONG_SECRET });
	});

	it('loads the consumer extension beside this one, which depends on it', () => {
		const other = vscode.extensions.getExtension(CONSUMER_ID);
		assert.ok(other, `${CONSUMER_ID} is not loaded: see TEST_EXTENSIONS in test/host/host.js`);
		assert.deepEqual(other.packageJSON.extensionDependencies, ['adobe-api-toolkit.adobe-api-toolkit']);
	});

	it("exports only the documented members, frozen; the tests' hooks are a non-enumerable testApi", async () => {
		const seen = await ask<{ apiVersion: number; enumerable: string[]; ownKeys: string[]; frozen: boolean; types: Record<string, string> }>(
			{ op: 'describe' },
		);
		assert.equal(seen.apiVersion, 1);
		assert.deepEqual([...seen.enumerable].sort(), DOCUMENTED_MEMBERS);
		assert.deepEqual(seen.types, {
			apiVersion: 'number',
			listProfiles: 'function',
			getAccessToken: 'function',
			onDidChangeToken: 'function',
		});
		// This host runs in ExtensionMode.Test: the only other own key is the test property.
		assert.deepEqual(
			seen.ownKeys.filter((key) => !DOCUMENTED_MEMBERS.includes(key)),
			['testApi'],
		);
		assert.equal(seen.frozen, true);
		assert.equal(Object.getOwnPropertyDescriptor(exported, 'testApi')?.enumerable, false);
		assert.throws(() => Object.assign(exported, { getAccessToken: () => Promise.resolve('stolen') }), TypeError);
	});

	it('lists every profile with its name, API kind, Client ID, scopes and whether it is active, and no secret', async () => {
		const profiles = await ask<unknown[]>({ op: 'listProfiles' });
		const { clientId } = demo;
		assert.deepEqual(profiles, [
			{ name: 'API photoshop', apiKind: 'photoshop', clientId, scopes: ['openid', 'AdobeID', 'read_organizations'], active: true },
			{
				name: 'API storage',
				apiKind: 'cloudStorage',
				clientId,
				scopes: ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api'],
				active: false,
			},
			{
				name: 'API wrong secret',
				apiKind: 'firefly',
				clientId,
				scopes: api.services.profiles.find('API wrong secret')?.scopes,
				active: false,
			},
		]);
		const text = JSON.stringify(profiles);
		for (const secret of [demo.clientSecret, WRONG_SECRET]) assert.ok(!text.includes(secret), 'listProfiles handed out a secret');
	});

	it('hands out copies: a caller changing what it got changes no profile', async () => {
		const exportedProfiles = await exported.listProfiles();
		exportedProfiles[0].scopes.push('injected_scope');
		assert.deepEqual(api.services.profiles.find('API photoshop')?.scopes, ['openid', 'AdobeID', 'read_organizations']);
		assert.deepEqual((await exported.listProfiles())[0].scopes, ['openid', 'AdobeID', 'read_organizations']);
	});

	it('answers 50 concurrent getAccessToken calls with one IMS request, all with the same token', async () => {
		await run('adobeApi.clearToken', { profile: 'API photoshop' });
		const before = await imsCalls();
		const handedOut = () => api.logLines().filter((line) => line.includes('[api] handed the token of "API photoshop"')).length;
		const logged = handedOut();
		const calls = await ask<TokenCalls>({ op: 'getAccessToken', profile: 'API photoshop', count: 50 });
		assert.deepEqual(calls.errors, []);
		assert.equal(calls.fulfilled, 50);
		assert.deepEqual(calls.sha256, [sha256(tokenOf('API photoshop'))], 'all 50 got the token the extension holds');
		assert.equal((await imsCalls()) - before, 1, 'one IMS request for 50 callers');
		assert.equal(handedOut() - logged, 1, 'one log line for the token, not one per caller');
		// Each request is logged (a burst as one line with its count), with the caller the call stack points to: a hint, never the token.
		const asked = api.logLines().filter((line) => line.includes('[api] an extension asked for the token of "API photoshop" (50 requests)'));
		assert.equal(
			asked.length,
			1,
			api
				.logLines()
				.filter((line) => line.includes('[api]'))
				.join('\n'),
		);
		assert.match(
			asked[0],
			new RegExp(
				`its call came from the code of extension "${CONSUMER_ID.replace(/\./g, '\\.')}", as the call stack says \\(a hint, not proof\\)$`,
			),
		);
		assert.ok(!asked[0].includes(tokenOf('API photoshop')));
	});

	it("hands out a valid cached token without IMS, the active profile's when no name is given", async () => {
		const before = await imsCalls();
		const calls = await ask<TokenCalls>({ op: 'getAccessToken', count: 5 });
		assert.deepEqual(calls, {
			fulfilled: 5,
			errors: [],
			sha256: [sha256(tokenOf('API photoshop'))],
			lengths: [tokenOf('API photoshop').length],
		});
		assert.equal(await imsCalls(), before);
	});

	it('reads a token stored behind its back (at start-up, by another window) before asking IMS', async () => {
		const id = api.services.profiles.find('API photoshop')?.id ?? assert.fail('no profile');
		const stored = api.services.tokens.snapshot(id).token ?? assert.fail('no token');
		await run('adobeApi.clearToken', { profile: 'API photoshop' });
		await api.services.profiles.tokenStorage.write(id, stored);
		const before = await imsCalls();
		const calls = await ask<TokenCalls>({ op: 'getAccessToken', profile: 'API photoshop', count: 10 });
		assert.deepEqual(calls.sha256, [sha256(stored.accessToken)]);
		assert.equal(await imsCalls(), before);
	});

	it('asks IMS for a new token rather than hand out a stored one with under 10 minutes left', async () => {
		const id = api.services.profiles.find('API photoshop')?.id ?? assert.fail('no profile');
		const stored = api.services.tokens.snapshot(id).token ?? assert.fail('no token');
		await withSetting('adobeApi.token.autoRefresh', false, async () => {
			await run('adobeApi.clearToken', { profile: 'API photoshop' });
			const now = Date.now();
			await api.services.profiles.tokenStorage.write(id, { ...stored, obtainedAt: now - 86_000_000, expiresAt: now + 9 * 60_000 });
			const before = await imsCalls();
			const calls = await ask<TokenCalls>({ op: 'getAccessToken', profile: 'API photoshop', count: 10 });
			assert.deepEqual(calls.errors, []);
			assert.equal(calls.sha256.length, 1);
			assert.notEqual(calls.sha256[0], sha256(stored.accessToken), 'the token about to expire was handed out');
			assert.equal(calls.sha256[0], sha256(tokenOf('API photoshop')));
			assert.equal((await imsCalls()) - before, 1);
		});
	});

	it("fires onDidChangeToken with the profile's name, never a token, on generate, refresh, clear and a new active profile", async () => {
		await ask({ op: 'watch' });
		await run('adobeApi.generateToken', { profile: 'API storage' });
		assert.deepEqual(await ask({ op: 'takeChanges', until: 'API storage' }), [{ profile: 'API storage' }]);
		await run('adobeApi.refreshToken', { profile: 'API storage' });
		assert.deepEqual(await ask({ op: 'takeChanges', until: 'API storage' }), [{ profile: 'API storage' }]);
		await run('adobeApi.clearToken', { profile: 'API storage' });
		assert.deepEqual(await ask({ op: 'takeChanges', until: 'API storage' }), [{ profile: 'API storage' }]);
		// getAccessToken() without a name now means another profile.
		await run('adobeApi.selectProfile', { profile: 'API storage' });
		assert.deepEqual(await ask({ op: 'takeChanges', until: 'API storage' }), [{ profile: 'API storage' }]);
		await run('adobeApi.selectProfile', { profile: 'API photoshop' });
		assert.deepEqual(await ask({ op: 'takeChanges', until: 'API photoshop' }), [{ profile: 'API photoshop' }]);
	});

	it('rejects an unknown profile name clearly, naming the profiles there are, without asking IMS', async () => {
		const before = await imsCalls();
		const calls = await ask<TokenCalls>({ op: 'getAccessToken', profile: 'No such profile', count: 3 });
		assert.equal(calls.fulfilled, 0);
		assert.deepEqual(calls.errors, [
			'There is no Adobe profile named "No such profile". The profiles are "API photoshop", "API storage", "API wrong secret".',
		]);
		assert.equal(await imsCalls(), before);
	});

	it('rejects with what IMS answered when the credential is refused, without the secret', async () => {
		const calls = await ask<TokenCalls>({ op: 'getAccessToken', profile: 'API wrong secret', count: 2 });
		assert.equal(calls.fulfilled, 0);
		assert.equal(calls.errors.length, 1, 'both callers share one failure');
		assert.match(calls.errors[0], /client/i);
		assert.ok(!calls.errors[0].includes(WRONG_SECRET));
	});

	it('says there is no profile yet, once the last one is removed', async () => {
		for (const profile of [...api.services.profiles.list()]) await run('adobeApi.removeProfile', { profile: profile.name });
		assert.deepEqual(await ask({ op: 'listProfiles' }), []);
		const calls = await ask<TokenCalls>({ op: 'getAccessToken' });
		assert.match(calls.errors[0] ?? '', /^No Adobe profile yet\./);
		const named = await ask<TokenCalls>({ op: 'getAccessToken', profile: 'API photoshop' });
		assert.deepEqual(named.errors, ['There is no Adobe profile named "API photoshop". There are no profiles yet.']);
	});

	it('never handed the consumer a secret, and the consumer never handed the suite a token', () => {
		const text = JSON.stringify(answers);
		assert.ok(answers.length >= 10 && seenTokens.size >= 3, `${answers.length} answers, ${seenTokens.size} tokens`);
		for (const secret of [demo.clientSecret, WRONG_SECRET]) assert.ok(!text.includes(secret), 'a secret reached another extension');
		for (const token of seenTokens) assert.ok(!text.includes(token), 'the consumer handed a token on');
		assert.ok(!api.logLines().some((line) => line.includes(WRONG_SECRET) || line.includes(demo.clientSecret)), 'a secret reached the log');
	});
});
