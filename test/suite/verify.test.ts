import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/features/explorer/nodes';
import { activateExtension, checkSetupFindings, probesOf, emulatorControl, emulatorRequests } from './helpers';

interface Info {
	clients: Record<'demo', { clientId: string; clientSecret: string }>;
}

interface VerifyResult {
	apiKind: string;
	call?: string;
	ok: boolean;
	status?: number;
	latencyMs?: number;
	proves?: string;
	message?: string;
	code?: string;
}

const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));

const PROFILES = {
	cloudStorage: 'Verify storage',
	photoshop: 'Verify photoshop',
	firefly: 'Verify firefly',
	contentAuthenticity: 'Verify authenticity',
} as const;

describe('Verify Credential in VS Code', () => {
	let api: TestApi;
	let previous: string | undefined;

	const label = (node: ExplorerNode) => String(api.explorer.getTreeItem(node).label);
	async function row(name: string): Promise<ExplorerNode> {
		const [profile] = await api.explorer.getChildren();
		const found = (await api.explorer.getChildren(profile)).find((n) => label(n) === name);
		return found ?? assert.fail(`no "${name}" row`);
	}
	async function select(profile: string): Promise<void> {
		await run('adobeApi.selectProfile', { profile });
		await run('adobeApi.generateToken', { profile });
		api.explorer.refresh();
	}

	before(async () => {
		({ api } = await activateExtension());
		previous = api.services.profiles.active()?.name;
		const { clients } = await emulatorControl<Info>('GET', 'info');
		for (const [apiKind, name] of Object.entries(PROFILES)) {
			await run('adobeApi.addProfile', { name, apiKind, clientId: clients.demo.clientId, clientSecret: clients.demo.clientSecret });
		}
	});
	afterEach(() => emulatorControl('DELETE', 'faults'));
	after(async () => {
		for (const name of Object.values(PROFILES)) await run('adobeApi.removeProfile', { profile: name });
		if (previous) await run('adobeApi.selectProfile', { profile: previous });
	});

	it('verifies each API kind with its documented call and says what success proves, with no token in the result', async () => {
		const expected: Record<keyof typeof PROFILES, RegExp | undefined> = {
			cloudStorage: /\/v1\/projects\?limit=1$/,
			photoshop: /\/v2\/status\/0{8}-0{4}-0{4}-0{4}-0{12}$/,
			firefly: /\/v3\/custom-models\?start=0&limit=1$/,
			contentAuthenticity: undefined,
		};
		for (const [apiKind, name] of Object.entries(PROFILES) as Array<[keyof typeof PROFILES, string]>) {
			const result = await run<VerifyResult>('adobeApi.verifyCredential', { profile: name });
			assert.equal(result.apiKind, apiKind);
			const token = api.services.tokens.snapshot(api.services.profiles.find(name)!.id).token?.accessToken;
			if (token) assert.ok(!JSON.stringify(result).includes(token), 'the token stays out of the result');
			if (!expected[apiKind]) {
				assert.deepEqual([result.ok, result.call], [false, undefined]);
				assert.match(result.message ?? '', /^Adobe documents no call to verify a Content Authenticity credential with/);
				continue;
			}
			assert.equal(result.ok, true, result.message);
			assert.match(result.call ?? '', /^GET http:\/\/127\.0\.0\.1:\d+\//);
			assert.match(result.call ?? '', expected[apiKind]!);
			assert.ok(result.proves && result.latencyMs !== undefined && result.latencyMs >= 0);
			assert.ok(!('error' in result), 'the error object is not handed out');
		}
	});

	it('shows the outcome on the "Verify credential" row under the profile, and a failure with its fix', async () => {
		await select(PROFILES.firefly);
		const [profile] = await api.explorer.getChildren();
		assert.deepEqual((await api.explorer.getChildren(profile)).map(label), ['Photoshop API: hello', 'Verify credential', 'Cloud Storage']);
		const verify = await row('Verify credential');
		assert.equal(api.explorer.getTreeItem(verify).description, 'click to verify');
		assert.match(String(api.explorer.getTreeItem(verify).tooltip), /documents for Firefly API with this profile/);
		await run('adobeApi.verifyCredential', { profile: PROFILES.firefly });
		const done = api.explorer.getTreeItem(verify);
		// #18: short enough for the default side bar; what the success proves is in the tooltip.
		assert.match(String(done.description), /^accepted · \d+ ms$/);
		assert.match((done.tooltip as vscode.MarkdownString).value, /The Firefly API accepted the token with this Client ID as x-api-key/);
		assert.equal(done.contextValue, 'verify');
		assert.match((done.tooltip as vscode.MarkdownString).value, /custom-models\?start=0&limit=1` → \*\*200\*\*/);
		assert.match((done.tooltip as vscode.MarkdownString).value, /\n\nVerified today \d{1,2}:\d\d/);

		const cases: Array<[string, string]> = [
			['403003', 'verify.error.apiKey'],
			['403011', 'verify.error.scope'],
			['403010', 'verify.error.noToken'],
		];
		for (const [code, context] of cases) {
			await emulatorControl('POST', 'faults', {
				route: 'firefly.customModels',
				fault: { type: 'status', status: 403, body: { error_code: code, message: 'gateway says no' } },
				times: 1,
			});
			const failed = await run<VerifyResult>('adobeApi.verifyCredential', {});
			assert.deepEqual([failed.ok, failed.code, failed.status], [false, code, 403]);
			assert.equal(api.explorer.getTreeItem(verify).contextValue, context);
			assert.doesNotMatch(failed.message ?? '', /Storage administrator/);
		}
	});

	it('says what a success proves, not its status: Photoshop v2\'s documented 404 reads "accepted", and the tooltip keeps the 404', async () => {
		await select(PROFILES.photoshop);
		const verify = await row('Verify credential');
		const result = await run<VerifyResult>('adobeApi.verifyCredential', { profile: PROFILES.photoshop });
		assert.deepEqual([result.ok, result.status], [true, 404], 'the scripted result keeps the status');
		const item = api.explorer.getTreeItem(verify);
		assert.match(String(item.description), /^accepted · \d+ ms$/);
		assert.match((item.tooltip as vscode.MarkdownString).value, /Photoshop API v2 accepted the token/);
		assert.doesNotMatch(String(item.description), /^404|404 ·/, 'the status is not what the row leads with');
		assert.match((item.tooltip as vscode.MarkdownString).value, /\/v2\/status\/0{8}-0{4}-0{4}-0{4}-0{12}` → \*\*404\*\* in \d+ ms/);
		assert.match(
			String(item.accessibilityInformation?.label),
			/^Verify credential for Photoshop API: accepted · \d+ ms\. Photoshop API v2 accepted the token/,
		);
	});

	it('Firefly not entitled (x-access-error): Verify fails, the row names the reason and the fix, and each reason offers its own', async () => {
		await select(PROFILES.firefly);
		await emulatorControl('POST', 'faults', {
			route: 'firefly.customModels',
			fault: { type: 'accessError', reason: 'user_non_entitled' },
			times: 1,
		});
		const failed = await run<VerifyResult>('adobeApi.verifyCredential', {});
		assert.deepEqual([failed.ok, failed.status, failed.code, failed.proves], [false, 403, 'user_non_entitled', undefined]);
		assert.match(
			failed.message ?? '',
			/^The Firefly API refused the call \(HTTP 403, x-access-error: user_non_entitled\): this credential is not entitled to the API\. In the Developer Console, add the API/,
		);
		const item = api.explorer.getTreeItem(await row('Verify credential'));
		assert.equal(item.description, failed.message, 'the row shows the failure, not a pass');
		assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
		assert.equal(item.contextValue, 'verify.error');

		await emulatorControl('POST', 'faults', {
			route: 'firefly.customModels',
			fault: { type: 'accessError', reason: 'invalid_ims_scope' },
			times: 1,
		});
		const scope = await run<VerifyResult>('adobeApi.verifyCredential', {});
		assert.deepEqual([scope.ok, scope.code], [false, 'invalid_ims_scope']);
		assert.equal(api.explorer.getTreeItem(await row('Verify credential')).contextValue, 'verify.error.scope');

		const titles = (code: string) => api.errorActions({ kind: 'http', service: 'photoshop', status: 403, code }, PROFILES.firefly);
		assert.deepEqual(titles('user_non_entitled'), ['Open Setup Guide', 'Show Log']);
		assert.deepEqual(titles('invalid_ims_scope'), ['Edit Scopes', 'Show Log']);
		assert.deepEqual(titles('user_profile_denied'), ['Open Admin Console', 'Show Log']);
		assert.deepEqual(titles('quota_exhausted'), ['Open Admin Console', 'Show Log']);
		assert.deepEqual(titles('unauthorized_forbidden'), ['Check Setup', 'Show Log']);
	});

	it('offers each gateway 403 its own fix, and the retired hello Verify Credential', () => {
		const titles = (code: string) => api.errorActions({ kind: 'http', service: 'photoshop', status: 403, code }, 'Verify firefly');
		assert.deepEqual(titles('403003'), ['Edit Profile', 'Check Setup', 'Show Log']);
		assert.deepEqual(titles('403011'), ['Edit Scopes', 'Open Setup Guide', 'Show Log']);
		assert.deepEqual(titles('403010'), ['Generate Token', 'Show Log']);
		assert.deepEqual(titles('photoshop_v1_retired'), ['Verify Credential', 'Show Log']);
	});

	it('says plainly on the hello row that the v1 hello is retired', async () => {
		await select(PROFILES.photoshop);
		// The emulator answers Photoshop API v1 as retired by default (410), as Adobe's retired endpoint does.
		await assert.rejects(run('adobeApi.callHello', {}), {
			message:
				/^Photoshop API v1 was retired on 31 July 2026: its hello endpoint \(GET \/pie\/psdService\/hello\) answered HTTP 410\. Verify Credential uses Photoshop API v2/,
		});
		const hello = api.explorer.getTreeItem(await row('Photoshop API: hello'));
		assert.equal(hello.contextValue, 'hello.error.retired');
		assert.equal(hello.description, 'Photoshop API v1 was retired on 31 July 2026: use Verify Credential (v2)');
		assert.match(String(hello.tooltip), /run "Adobe: Verify Credential" to check this credential/);
		// A gateway that answers 404 for the gone route gets the same explanation.
		await emulatorControl('POST', 'faults', {
			route: 'photoshop.hello',
			fault: { type: 'status', status: 404, body: { error_code: '404', message: 'Not Found' } },
			times: 1,
		});
		await assert.rejects(run('adobeApi.callHello', {}), {
			message: /^Photoshop API v1 was retired on 31 July 2026: its hello endpoint \(GET \/pie\/psdService\/hello\) answered HTTP 404\./,
		});
		assert.equal(api.explorer.getTreeItem(await row('Photoshop API: hello')).contextValue, 'hello.error.retired');
		const result = await run<VerifyResult>('adobeApi.verifyCredential', {});
		assert.equal(result.ok, true, 'Photoshop API v2 still verifies the credential');
	});

	it("Check Setup reports the active profile's verification beside the endpoints", async () => {
		await select(PROFILES.cloudStorage);
		const findings = await checkSetupFindings();
		assert.deepEqual(
			probesOf(findings).map((e) => [e.target, e.reachable]),
			[
				['ims', true],
				['photoshopV2', true],
				['firefly', true],
				['cloudStorage', true],
			],
		);
		const verify = findings.find((f) => f.id === 'verify');
		assert.equal(verify?.status, 'pass', verify?.detail);
		assert.match(
			verify?.detail ?? '',
			/\/v1\/projects\?limit=1 → HTTP 200 in \d+ ms\. Adobe Cloud Storage accepted the token and let this credential list projects/,
		);
		assert.ok(api.logLines().some((line) => /\[doctor\] pass verify: GET .*\/v1\/projects\?limit=1 → HTTP 200 in \d+ ms/.test(line)));
	});

	it('Check Setup does not try to verify when IMS cannot be reached, and says why', async () => {
		await select(PROFILES.cloudStorage);
		await run('adobeApi.clearToken', { profile: PROFILES.cloudStorage });
		const tokenRequests = (await emulatorRequests('ims.token')).length;
		await emulatorControl('POST', 'faults', { route: 'ims.discovery', fault: { type: 'drop' }, times: 1 });
		const findings = await checkSetupFindings();
		assert.deepEqual(
			probesOf(findings).map((e) => [e.target, e.reachable]),
			[
				['ims', false],
				['photoshopV2', true],
				['firefly', true],
				['cloudStorage', true],
			],
		);
		const status = Object.fromEntries(findings.map((f) => [f.id, f.status]));
		assert.deepEqual([status['ims-reachable'], status.token, status.verify], ['fail', 'skipped', 'skipped']);
		assert.match(findings.find((f) => f.id === 'verify')?.detail ?? '', /^Not checked: Adobe IMS could not be reached/);
		assert.equal((await emulatorRequests('ims.token')).length, tokenRequests, 'no token request');
	});
});
