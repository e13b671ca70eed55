import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { activateExtension, emulatorControl, emulatorRequests, stubConfirm, tokenChange } from './helpers';

interface Info {
	clients: Record<'demo' | 'storageDenied' | 'unauthorized', { clientId: string; clientSecret: string }>;
}

const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const imsCalls = async () => (await emulatorRequests('ims.token')).length;

/** Every message a rejection carried, for the leak check at the end. */
const seenErrors: string[] = [];
async function rejectsWith(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
	try {
		await promise;
	} catch (error) {
		const text = (error as Error).message;
		seenErrors.push(text);
		if (typeof message === 'string') assert.equal(text, message);
		else assert.match(text, message);
		return;
	}
	assert.fail(`expected a rejection with ${message}`);
}

describe('profiles and tokens', () => {
	let api: TestApi;
	let demo: Info['clients']['demo'];
	const profileId = (name: string) => api.services.profiles.find(name)?.id ?? assert.fail(`no profile ${name}`);
	const token = (name: string) => api.services.tokens.snapshot(profileId(name)).token;

	/** Every token the suite saw, for the leak check. */
	const seenTokens = new Set<string>();

	before(async () => {
		({ api } = await activateExtension());
		api.services.tokens.onDidChange((id) => {
			const value = api.services.tokens.snapshot(id).token?.accessToken;
			if (value) seenTokens.add(value);
		});
		await api.services.profiles.ready();
		for (const profile of [...api.services.profiles.list()]) await run('adobeApi.removeProfile', { profile: profile.name });
		demo = (await emulatorControl<Info>('GET', 'info')).clients.demo;
		await emulatorControl('POST', 'reset');
	});
	afterEach(async () => {
		await emulatorControl('DELETE', 'faults');
		await emulatorControl('POST', 'config', { tokenLifetimeSeconds: 86399 });
	});

	it('shows "no profile" in the status bar before any profile exists', () => {
		assert.equal(api.statusBar.state, 'noProfile');
		assert.equal(api.statusBar.text, '$(key) Adobe: add profile');
	});

	it('adds a profile from an argument object, and the first profile becomes active', async () => {
		const result = await run('adobeApi.addProfile', {
			name: 'PS dev',
			apiKind: 'photoshop',
			clientId: demo.clientId,
			clientSecret: demo.clientSecret,
		});
		assert.deepEqual(result, { name: 'PS dev', active: 'PS dev' }, 'the result names the active profile');
		assert.equal(api.services.profiles.active()?.name, 'PS dev');
		assert.deepEqual(api.services.profiles.active()?.scopes, ['openid', 'AdobeID', 'read_organizations']);
		assert.equal(api.statusBar.state, 'none');
		assert.equal(api.statusBar.text, '$(key) Adobe: no token');
	});

	it('rejects bad input for every field, names the field, and stores nothing', async () => {
		const good = { name: 'x', apiKind: 'photoshop', clientId: demo.clientId, clientSecret: demo.clientSecret };
		const cases: Array<[Record<string, unknown>, string | RegExp]> = [
			[{ ...good, name: '' }, 'name: Enter a name for this profile, for example "Photoshop dev".'],
			[{ ...good, name: 'ps DEV' }, 'name: A profile named "PS dev" already exists; choose another name.'],
			[
				{ ...good, apiKind: 'lightroom' },
				'apiKind: must be one of "cloudStorage", "photoshop", "firefly", "contentAuthenticity", "custom".',
			],
			[{ ...good, clientId: '' }, 'clientId: Enter the Client ID (the API key) from your Developer Console credential.'],
			[
				{ ...good, clientId: 'id with spaces' },
				'clientId: A Client ID has only letters, digits, ".", "_" and "-"; check that you copied the Client ID, not another field.',
			],
			[
				{ ...good, clientSecret: '   ' },
				'clientSecret: Enter the Client Secret from your Developer Console credential ("Retrieve client secret").',
			],
			[
				{ ...good, clientSecret: 'two\nlines' },
				'clientSecret: A Client Secret has no spaces or line breaks; check that you copied only the secret.',
			],
			[
				{ ...good, scopes: 'openid,,read orgs' },
				'scopes: "read orgs" is not a valid scope name: use letters, digits, "_", ".", ":" and "-", separated by commas.',
			],
			[{ ...good, imsBaseUrl: 'http://ims.example.com' }, /^imsBaseUrl: the URL must use https:\/\//],
		];
		for (const [args, message] of cases) await rejectsWith(run('adobeApi.addProfile', args), message);
		assert.deepEqual(
			api.services.profiles.list().map((p) => p.name),
			['PS dev'],
		);
	});

	it('generates a token, and the status bar counts down from 23h 59m', async () => {
		const before = await imsCalls();
		const result = await run<{ profile: string; expiresAt: string }>('adobeApi.generateToken', {});
		assert.equal(result.profile, 'PS dev');
		const expiresIn = Date.parse(result.expiresAt) - Date.now();
		assert.ok(expiresIn > 86_000_000 && expiresIn <= 86_399_000, `expires in ${expiresIn} ms`);
		assert.equal(await imsCalls(), before + 1);
		assert.equal(api.statusBar.state, 'valid');
		assert.equal(api.statusBar.text, '$(key) Adobe 23h 59m', '"Adobe" says whose countdown it is');
		assert.ok(!JSON.stringify(result).includes(token('PS dev')?.accessToken ?? '∅'));
		// Every moment relative and on the clock with its day (core/common/format.ts formatWhen): a refresh 23 hours away is not "at 3:22 PM".
		const tooltip = api.statusBar.tooltipText;
		assert.match(tooltip, /\n\nExpires in 23 h 59 m, (today|tomorrow) \d{1,2}:\d\d/);
		assert.match(tooltip, /\n\nAuto-refresh in 22 h 59 m, (today|tomorrow) \d{1,2}:\d\d/);
		assert.match(tooltip, /\n\nLast refresh (now|\d+ s ago), today \d{1,2}:\d\d.*: \$\(check\) ok/);
		assert.ok(!tooltip.includes('&nbsp;'), 'spaces stay spaces, so the hover wraps between words');
		// The log names the profile as the user does (#18 item 15).
		const line =
			api
				.logLines()
				.filter((l) => l.includes('[tokens]'))
				.pop() ?? '';
		assert.match(line, /\[tokens\] profile "PS dev": new token, expires /);
		assert.ok(!line.includes(profileId('PS dev')), line);
	});

	it('keeps profiles, credentials and the token in SecretStorage, where a fresh read finds them', async () => {
		const id = profileId('PS dev');
		const read = async (key: string) => JSON.parse((await api.services.keychain.get(key)) ?? 'null');
		const index = await read('profiles');
		assert.deepEqual(
			index.profiles.map((p: { name: string }) => p.name),
			['PS dev'],
		);
		assert.equal(index.activeId, id);
		assert.equal((await read(`profile.${id}.credential`)).clientId, demo.clientId);
		assert.equal((await read(`profile.${id}.token`)).accessToken, token('PS dev')?.accessToken);
	});

	it('refreshes: a new IMS call and a new token', async () => {
		const old = token('PS dev')?.accessToken;
		const before = await imsCalls();
		await run('adobeApi.refreshToken', { profile: 'PS dev' });
		assert.equal(await imsCalls(), before + 1);
		assert.notEqual(token('PS dev')?.accessToken, old);
	});

	it('copies the token, export lines and a cURL to the clipboard, and returns none of them', async () => {
		const copied = await run<{ profile: string; expiresAt: string }>('adobeApi.copyToken', {});
		assert.equal(await vscode.env.clipboard.readText(), token('PS dev')?.accessToken);
		assert.deepEqual(Object.keys(copied).sort(), ['expiresAt', 'profile']);

		const exports = await run<{ variables: string[] }>('adobeApi.copyEnvExports', { profile: 'PS dev' });
		assert.deepEqual(exports.variables, ['PS_FF_SERVICES_CLIENT_ID', 'PS_FF_SERVICES_SCOPES', 'PS_FF_SERVICES_ACCESS_TOKEN']);
		const text = await vscode.env.clipboard.readText();
		assert.ok(text.includes(`export PS_FF_SERVICES_CLIENT_ID='${demo.clientId}'`));
		assert.ok(!text.includes(demo.clientSecret), 'the secret is only copied when asked for');

		await run('adobeApi.copyCurl', { profile: 'PS dev' });
		assert.match(
			await vscode.env.clipboard.readText(),
			/^curl -sS 'http:\/\/127\.0\.0\.1:\d+\/pie\/psdService\/hello' \\\n {2}-H "Authorization: Bearer \$PS_FF_SERVICES_ACCESS_TOKEN"/,
		);
	});

	it('answers 100 concurrent token requests with exactly one IMS call', async () => {
		await run('adobeApi.clearToken', {});
		const before = await imsCalls();
		const results = await Promise.all(
			Array.from({ length: 100 }, (_, i) =>
				run<{ expiresAt: string }>(i % 2 ? 'adobeApi.copyToken' : 'adobeApi.generateToken', { profile: 'PS dev' }),
			),
		);
		assert.equal(await imsCalls(), before + 1);
		assert.equal(new Set(results.map((r) => r.expiresAt)).size, 1);
	});

	it('retries after 429 with Retry-After, then succeeds', async () => {
		await emulatorControl('POST', 'faults', { route: 'ims.token', fault: { type: 'status', status: 429, retryAfter: 1 }, times: 1 });
		const before = await imsCalls();
		const started = Date.now();
		await run('adobeApi.refreshToken', {});
		assert.equal(await imsCalls(), before + 2);
		assert.ok(Date.now() - started >= 950, 'waited for Retry-After');
		assert.equal(api.services.tokens.snapshot(profileId('PS dev')).lastError, undefined);
	});

	it('keeps the working token when a refresh fails with 500, and says why', async () => {
		const kept = token('PS dev')?.accessToken;
		await emulatorControl('POST', 'faults', { route: 'ims.token', fault: { type: 'status', status: 500 }, times: 1 });
		await rejectsWith(
			run('adobeApi.refreshToken', {}),
			'Adobe IMS failed with a server error (HTTP 500) (server_error: The server encountered an internal error). Try again in a few minutes.',
		);
		assert.equal(token('PS dev')?.accessToken, kept);
		assert.equal((await api.services.profiles.tokenStorage.read(profileId('PS dev')))?.accessToken, kept);
		assert.equal(api.statusBar.state, 'warning');
		assert.match(api.statusBar.text, /^\$\(key\) Adobe 23h \d\dm$/);
		await run('adobeApi.refreshToken', {});
		assert.equal(api.statusBar.state, 'valid');
	});

	it('refreshes on its own when a stored token has expired (as when another window stores one)', async () => {
		const id = profileId('PS dev');
		const expired = {
			...token('PS dev')!,
			accessToken: 'expired-token-from-another-window',
			obtainedAt: Date.now() - 90_000_000,
			expiresAt: Date.now() - 1000,
		};
		const before = await imsCalls();
		const storedAt = Date.now();
		// Only a token obtained after the expired one was stored counts (late events of earlier tests do not).
		const refreshed = tokenChange(api, id, () => {
			const current = api.services.tokens.snapshot(id);
			return (
				!current.fetching && current.token !== undefined && current.token.obtainedAt >= storedAt && current.token.expiresAt > Date.now()
			);
		});
		await api.services.keychain.store(`profile.${id}.token`, JSON.stringify(expired));
		await refreshed;
		assert.equal(await imsCalls(), before + 1);
		assert.equal(api.statusBar.state, 'valid');
	});

	it("refreshes automatically two thirds into a short token's life", async () => {
		await emulatorControl('POST', 'config', { tokenLifetimeSeconds: 3 });
		const id = profileId('PS dev');
		const first = await run<{ expiresAt: string }>('adobeApi.refreshToken', {});
		assert.match(api.statusBar.text, /^\$\(key\) Adobe 00:0[0-3]$/);
		const before = await imsCalls();
		await tokenChange(api, id, () => {
			const current = api.services.tokens.snapshot(id).token;
			return current !== undefined && current.expiresAt > Date.parse(first.expiresAt);
		});
		assert.equal(await imsCalls(), before + 1);
	});

	it("maps a wrong secret to IMS's answer, keeps the profile, and Edit Profile fixes it", async () => {
		await run('adobeApi.addProfile', {
			name: 'Typo',
			apiKind: 'cloudStorage',
			clientId: demo.clientId,
			clientSecret: 'p8e-not-the-right-secret-000',
		});
		await rejectsWith(
			run('adobeApi.generateToken', { profile: 'Typo' }),
			'Adobe IMS rejected the Client Secret (invalid_client). Copy the secret again from your Developer Console credential; if it was rotated, use the new one.',
		);
		assert.ok(api.services.profiles.find('Typo'), 'the profile is kept');
		await run('adobeApi.editProfile', { profile: 'Typo', clientSecret: demo.clientSecret });
		await run('adobeApi.generateToken', { profile: 'Typo' });
		assert.ok(token('Typo'));
	});

	it('guides the recovery from a wrong secret: the status bar, the explorer row and the error name the field and its fix', async () => {
		await run('adobeApi.addProfile', {
			name: 'Wrong secret',
			apiKind: 'cloudStorage',
			clientId: demo.clientId,
			clientSecret: 'p8e-not-the-right-secret-001',
		});
		await run('adobeApi.selectProfile', { profile: 'Wrong secret' });
		await rejectsWith(run('adobeApi.generateToken', {}), /^Adobe IMS rejected the Client Secret \(invalid_client\)/);
		// The status bar: failed, and its tooltip offers the fixes, the secret first, in words that wrap between words.
		assert.equal(api.statusBar.state, 'failed');
		const tooltip = api.statusBar.tooltipText;
		const editSecret = `command:adobeApi.editProfile?${encodeURIComponent(JSON.stringify(['Wrong secret', 'clientSecret']))}`;
		assert.ok(tooltip.includes(`[$(edit) Edit Client Secret](${editSecret})`), tooltip);
		assert.ok(tooltip.includes('[$(pulse) Check Setup](command:adobeApi.checkSetup)'), tooltip);
		assert.ok(tooltip.includes('[$(key) Generate](command:adobeApi.generateToken)'), tooltip);
		assert.ok(tooltip.indexOf('Edit Client Secret') < tooltip.indexOf('Generate'), 'the fix comes first');
		assert.match(
			tooltip,
			/Last refresh today \d{1,2}:\d\d.*: \$\(error\) Adobe IMS rejected the Client Secret \\\(invalid\\_client\\\)\\\. Copy the secret again/,
		);
		assert.ok(!tooltip.includes('&nbsp;'), 'spaces stay spaces, so the hover wraps between words');
		// The error's own button opens the field it names.
		assert.deepEqual(
			api.errorActions({ kind: 'http', service: 'ims', status: 400, code: 'invalid_client', field: 'clientSecret' }, 'Wrong secret'),
			['Edit Client Secret', 'Show Log'],
		);
		assert.deepEqual(
			api.errorActions({ kind: 'http', service: 'ims', status: 400, code: 'invalid_client', field: 'clientId' }, 'Wrong secret'),
			['Edit Client ID', 'Show Log'],
		);
		// The explorer: the profile's row stays, with the failure and its fix, instead of the "no token yet" welcome.
		const [row] = await api.explorer.getChildren();
		assert.equal(row?.kind, 'profile');
		const item = api.explorer.getTreeItem(row);
		assert.equal(item.description, 'Client Secret refused');
		assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
		assert.equal(
			item.contextValue,
			'profile.error.clientSecret',
			'the inline actions: Edit Profile (the secret), Generate Token, Check Setup',
		);
		const rowTooltip = (item.tooltip as vscode.MarkdownString).value;
		assert.match(rowTooltip, /The token request today \d{1,2}:\d\d.* failed: Adobe IMS rejected the Client Secret/);
		assert.ok(rowTooltip.includes(`[Edit Client Secret](${editSecret})`), rowTooltip);
		assert.deepEqual((item.tooltip as vscode.MarkdownString).isTrusted, {
			enabledCommands: ['adobeApi.editProfile', 'adobeApi.checkSetup', 'adobeApi.generateToken'],
		});
		// Fixed: the row and the status bar follow; a secret edit clears the failure with the old token.
		await run('adobeApi.editProfile', { profile: 'Wrong secret', clientSecret: demo.clientSecret });
		assert.equal(api.statusBar.state, 'none');
		assert.deepEqual(await api.explorer.getChildren(), [], 'no token and no failure: the welcome explains');
		await run('adobeApi.generateToken', {});
		assert.equal(api.explorer.getTreeItem((await api.explorer.getChildren())[0]).contextValue, 'profile');
		await run('adobeApi.selectProfile', { profile: 'PS dev' });
		await run('adobeApi.removeProfile', { profile: 'Wrong secret' });
	});

	it('maps an invalid scope and a missing product profile', async () => {
		await run('adobeApi.editProfile', { profile: 'Typo', scopes: 'openid,not_a_scope' });
		await rejectsWith(
			run('adobeApi.generateToken', { profile: 'Typo' }),
			/^Adobe IMS rejected the requested scopes \(invalid_scope: Invalid scope\(s\): not_a_scope\)/,
		);
		const unauthorized = (await emulatorControl<Info>('GET', 'info')).clients.unauthorized;
		await run('adobeApi.addProfile', {
			name: 'No product',
			apiKind: 'custom',
			clientId: unauthorized.clientId,
			clientSecret: unauthorized.clientSecret,
		});
		await rejectsWith(
			run('adobeApi.generateToken', { profile: 'No product' }),
			/^Adobe IMS does not allow this client to get a token \(unauthorized_client/,
		);
		await run('adobeApi.removeProfile', { profile: 'No product' });
	});

	it('imports a Developer Console project JSON', async () => {
		const content = JSON.stringify({
			project: {
				title: 'Brand Bots',
				workspace: {
					details: {
						credentials: [
							{
								name: 'S2S',
								integration_type: 'oauth_server_to_server',
								oauth_server_to_server: {
									client_id: demo.clientId,
									client_secrets: [demo.clientSecret],
									scopes: ['openid', 'AdobeID', 'creative_sdk'],
								},
							},
						],
					},
				},
			},
		});
		const result = await run<{ names: string[] }>('adobeApi.importProfile', { content, fileName: 'project.json' });
		// A later profile does not take over: the one the status bar and the explorer use stays, and the result says which.
		assert.deepEqual(result, { names: ['Brand Bots / S2S'], skipped: [], active: 'PS dev' });
		assert.equal(api.services.profiles.active()?.name, 'PS dev');
		assert.equal(api.services.profiles.find('Brand Bots / S2S')?.apiKind, 'cloudStorage');
	});

	it('imports a .env file from disk', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-import-')), '.env');
		fs.writeFileSync(
			file,
			`# from the seeds\nexport PS_FF_SERVICES_CLIENT_ID=${demo.clientId}\nexport PS_FF_SERVICES_CLIENT_SECRET=${demo.clientSecret}\n`,
		);
		const result = await run<{ names: string[] }>('adobeApi.importProfile', { path: file, name: 'From env' });
		assert.deepEqual(result, { names: ['From env'], skipped: [], active: 'PS dev' });
		await run('adobeApi.generateToken', { profile: 'From env' });
	});

	it('does not conclude Firefly from firefly_api/ff_apis: a script must name the API, and then it is imported as named', async () => {
		const command = `curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' -d 'grant_type=client_credentials&client_id=${demo.clientId}&client_secret=${demo.clientSecret}&scope=openid,AdobeID,firefly_api,ff_apis'`;
		const count = api.services.profiles.list().length;
		await assert.rejects(run('adobeApi.importCurl', { content: command, name: 'Scopes only' }), {
			message:
				/^The pasted cURL command, credential "[^"]+": firefly_api and ff_apis are the Firefly API's scopes, and also those of the Audio & Video, Illustrator and Substance 3D APIs .*Pass "apiKind" \("firefly" or "custom"\)\.$/,
		});
		assert.equal(api.services.profiles.list().length, count, 'nothing imported, nothing picked');
		await run('adobeApi.importCurl', { content: command, name: 'Scopes only', apiKind: 'custom' });
		assert.equal(api.services.profiles.find('Scopes only')?.apiKind, 'custom');
		await run('adobeApi.removeProfile', { profile: 'Scopes only' });
	});

	it("imports the Developer Console's View cURL command, and the seeds' command is refused for its shell variables", async () => {
		const command = `curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\\n-H 'Content-Type: application/x-www-form-urlencoded' \\\n-d 'grant_type=client_credentials&client_id=${demo.clientId}&client_secret=${demo.clientSecret}&scope=openid,AdobeID,read_organizations'`;
		const result = await run<{ names: string[] }>('adobeApi.importCurl', { content: command, apiKind: 'photoshop', name: 'From cURL' });
		assert.deepEqual(result, { names: ['From cURL'], skipped: [], active: 'PS dev' });
		const profile = api.services.profiles.find('From cURL');
		assert.deepEqual(
			[profile?.apiKind, profile?.imsEnvironment, profile?.scopes],
			['photoshop', 'production', ['openid', 'AdobeID', 'read_organizations']],
		);
		// Adobe's production IMS means "adobeApi.imsBaseUrl", which points at the emulator here: the token request works.
		await run('adobeApi.generateToken', { profile: 'From cURL' });
		assert.ok(api.services.tokens.snapshot(profile!.id).token);

		const count = api.services.profiles.list().length;
		const seeds = `curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\\n-H 'Content-Type: application/x-www-form-urlencoded' \\\n-d 'grant_type=client_credentials' \\\n-d "client_id=$PS_FF_SERVICES_CLIENT_ID" \\\n-d "client_secret=$PS_FF_SERVICES_CLIENT_SECRET" \\\n-d 'scope=openid,AdobeID,read_organizations'`;
		await assert.rejects(run('adobeApi.importCurl', { content: seeds }), {
			message: /^The cURL command reads \$PS_FF_SERVICES_CLIENT_ID, \$PS_FF_SERVICES_CLIENT_SECRET from your shell/,
		});
		assert.equal(api.services.profiles.list().length, count, 'nothing imported');
	});

	it('reports a malformed import file precisely and imports nothing', async () => {
		const count = api.services.profiles.list().length;
		await rejectsWith(
			run('adobeApi.importProfile', { content: '{\n  "API_KEY": "abc",\n}', fileName: 'broken.json' }),
			'broken.json is not valid JSON (line 3, column 1). Download the credential JSON again from the Developer Console.',
		);
		await rejectsWith(
			run('adobeApi.importProfile', {
				content: `FOO_CLIENT_ID=abc\nFOO_CLIENT_SECRET=def\nPS_FF_SERVICES_CLIENT_ID=${demo.clientId}\n`,
				fileName: '.env',
			}),
			'.env, line 3: PS_FF_SERVICES_CLIENT_ID is set but PS_FF_SERVICES_CLIENT_SECRET is not.',
		);
		await rejectsWith(
			run('adobeApi.importProfile', { path: '/nonexistent/adobe.env' }),
			'Could not read adobe.env. Check that the file exists and is readable.',
		);
		assert.equal(api.services.profiles.list().length, count);
	});

	it('selects another profile, and the status bar follows it', async () => {
		await run('adobeApi.selectProfile', { profile: 'Brand Bots / S2S' });
		assert.equal(api.services.profiles.active()?.name, 'Brand Bots / S2S');
		assert.equal(api.statusBar.state, 'none');
		await run('adobeApi.selectProfile', { profile: 'PS dev' });
		assert.match(api.statusBar.state, /^(valid|warning)$/);
		await rejectsWith(run('adobeApi.selectProfile', { profile: 'Nope' }), 'There is no Adobe profile named "Nope".');
	});

	it('injects the token into new terminals when asked, and removes it on clear', async () => {
		// A script may not turn it on without the user's confirmation, which this host cannot give.
		await rejectsWith(
			run('adobeApi.injectTokenInTerminal', { enabled: true }),
			/^Injecting the token into new terminals: this needs your confirmation/,
		);
		await api.terminal.update();
		assert.deepEqual(api.terminal.injected, []);
		assert.deepEqual(await run('adobeApi.injectTokenInTerminal'), { enabled: true }); // the palette's toggle
		await api.terminal.update();
		// Failed once under load, never again alone: the status bar's state says whether the token was usable then.
		assert.deepEqual(
			api.terminal.injected,
			['PS_FF_SERVICES_CLIENT_ID', 'PS_FF_SERVICES_ACCESS_TOKEN'],
			`the token's state in the status bar: ${api.statusBar.state}`,
		);
		await run('adobeApi.clearToken', {});
		await api.terminal.update();
		assert.deepEqual(api.terminal.injected, []);
		assert.equal(api.statusBar.state, 'none');
		await run('adobeApi.injectTokenInTerminal', { enabled: false });
	});

	it('removes a profile with its secrets and token, asking first when a person runs it', async () => {
		const id = profileId('From env');
		const confirm = stubConfirm(api, false);
		try {
			// From a menu or the palette (a name, not an argument object): the modal question, and No keeps the profile.
			assert.equal(await run('adobeApi.removeProfile', 'From env'), undefined);
			assert.deepEqual(confirm.asked, ['Remove profile "From env"?']);
			assert.ok(api.services.profiles.find('From env'), 'declined: the profile is kept');
		} finally {
			confirm.restore();
		}
		await run('adobeApi.removeProfile', { profile: 'From env' });
		assert.equal(api.services.profiles.find('From env'), undefined);
		assert.equal(await api.services.keychain.get(`profile.${id}.credential`), undefined);
		assert.equal(await api.services.keychain.get(`profile.${id}.token`), undefined);
	});

	it('never lets a secret or token reach the log, settings, globalState or an error', async () => {
		await run('adobeApi.generateToken', { profile: 'PS dev' });
		const secrets = [demo.clientSecret, 'p8e-not-the-right-secret-000', 'p8e-not-the-right-secret-001'];
		const tokens = [...seenTokens].filter((t) => t !== 'expired-token-from-another-window');
		assert.ok(tokens.length >= 5, `${tokens.length} tokens seen`);
		const settings =
			JSON.stringify(vscode.workspace.getConfiguration('adobeApi')) +
			JSON.stringify(vscode.workspace.getConfiguration().inspect('adobeApi'));
		const haystacks = {
			log: api.logLines().join('\n'),
			settings,
			globalState: JSON.stringify(api.globalStateKeys()),
			errors: seenErrors.join('\n'),
		};
		assert.ok(haystacks.log.includes('[http] POST'), 'the log did record the token requests');
		for (const [where, text] of Object.entries(haystacks)) {
			for (const value of [...secrets, ...tokens]) assert.ok(!text.includes(value), `a secret or token leaked into ${where}`);
		}
		assert.deepEqual(api.globalStateKeys(), []);
	});
});
