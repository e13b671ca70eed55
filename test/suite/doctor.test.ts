/**
 * The setup doctor (Adobe: Check Setup) in the real VS Code host: one emulator switch per failure,
 * and the finding it must produce, through the scripted command; the report as a Markdown preview.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { activateExtension, emulatorControl, emulatorRequests, emulatorUrl, withSetting } from './helpers';

interface Finding {
	id: string;
	title: string;
	status: 'pass' | 'fail' | 'warn' | 'skipped';
	detail: string;
	cause?: string;
	fix?: string;
	docs?: string;
	error?: { kind: string; status?: number; code?: string; setting?: string };
	claims?: { clientId?: string; scopes: string[] };
	/** Only on the `endpoints` finding: the raw probes. */
	probes?: Array<{ service: string; target: string; reachable: boolean }>;
}

type DemoClient = { clientId: string; clientSecret: string };
interface Info {
	clients: Record<'demo' | 'storageDenied' | 'olderStorage' | 'unauthorized', DemoClient>;
}

const IDS = ['settings', 'ims-reachable', 'endpoints', 'credential', 'token', 'scopes', 'token-decoded', 'verify', 'storage'];
const REPORT_URI = vscode.Uri.from({ scheme: 'adobe-api-setup', path: '/Adobe setup check.md' });

const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
/** The command resolves to the list of findings, in order. */
const doctor = () => run<Finding[]>('adobeApi.checkSetup', { quiet: true });
const failed = (findings: Finding[]) => findings.some((f) => f.status === 'fail');
const find = (findings: Finding[], id: string): Finding => findings.find((f) => f.id === id) ?? assert.fail(`no ${id} finding`);

describe('the setup doctor (Check Setup) in VS Code', () => {
	let api: TestApi;
	let info: Info;
	let previous: string | undefined;
	const added: string[] = [];

	/** Adds (once) and selects a profile with these fields; each test starts from no cached token. */
	async function use(
		name: string,
		fields: { apiKind: string; client?: keyof Info['clients']; clientSecret?: string; scopes?: string },
	): Promise<void> {
		const client = info.clients[fields.client ?? 'demo'];
		if (!api.services.profiles.find(name)) {
			await run('adobeApi.addProfile', {
				name,
				apiKind: fields.apiKind,
				clientId: client.clientId,
				clientSecret: fields.clientSecret ?? client.clientSecret,
				...(fields.scopes ? { scopes: fields.scopes } : {}),
			});
			added.push(name);
		}
		await run('adobeApi.selectProfile', { profile: name });
		await run('adobeApi.clearToken', { profile: name });
	}

	before(async () => {
		({ api } = await activateExtension());
		previous = api.services.profiles.active()?.name;
		info = await emulatorControl<Info>('GET', 'info');
	});
	afterEach(() => emulatorControl('DELETE', 'faults'));
	after(async () => {
		for (const name of added) await run('adobeApi.removeProfile', { profile: name });
		if (previous) await run('adobeApi.selectProfile', { profile: previous });
	});

	it('passes every check for a working credential, resolves to the findings, and opens the report as a Markdown preview', async () => {
		await use('Doctor photoshop', { apiKind: 'photoshop' });
		const report = await doctor();
		assert.ok(Array.isArray(report), 'the list of findings');
		assert.deepEqual(
			report.map((f) => f.id),
			IDS,
		);
		assert.deepEqual(
			report.map((f) => f.status),
			['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'skipped'],
			JSON.stringify(report, null, 1),
		);
		assert.deepEqual(
			find(report, 'endpoints').probes?.map((p) => p.target),
			['ims', 'photoshopV2', 'firefly', 'cloudStorage'],
		);
		assert.equal(find(report, 'token-decoded').claims?.clientId, info.clients.demo.clientId);
		const token = api.services.tokens.snapshot(api.services.profiles.find('Doctor photoshop')!.id).token?.accessToken;
		assert.ok(token && !JSON.stringify(report).includes(token), 'no token in the findings');

		const opened = new Promise<void>((resolve) => {
			const done = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /Adobe setup check/.test(t.label)));
			if (done()) return resolve();
			const listener = vscode.window.tabGroups.onDidChangeTabs(() => {
				if (!done()) return;
				listener.dispose();
				resolve();
			});
		});
		const shown = await run<Finding[]>('adobeApi.checkSetup');
		assert.equal(failed(shown), false);
		await opened;
		const text = (await vscode.workspace.openTextDocument(REPORT_URI)).getText();
		assert.match(text, /^# Adobe setup check: profile "Doctor photoshop" \(Photoshop API\)/);
		for (const finding of shown) assert.ok(text.includes(finding.title), `the report lists "${finding.title}"`);
		assert.match(text, /### ✓ API verification call accepted/);
		assert.match(text, /### ○ Cloud Storage projects listed/);
		assert.ok(!text.includes(token), 'no token in the report');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('settings: a plain-http, non-loopback IMS fails "settings" naming the setting, and nothing is sent', async () => {
		await use('Doctor photoshop', { apiKind: 'photoshop' });
		await emulatorControl('POST', 'clear-requests');
		const report = await withSetting('adobeApi.imsBaseUrl', 'http://ims.example.com', doctor);
		const settings = find(report, 'settings');
		assert.equal(settings.status, 'fail');
		assert.match(settings.detail, /^The setting adobeApi\.imsBaseUrl must use https:\/\//);
		assert.match(settings.fix ?? '', /Open Settings and correct adobeApi\.imsBaseUrl/);
		assert.equal(settings.error?.setting, 'adobeApi.imsBaseUrl');
		assert.ok(report.slice(1).every((f) => f.status === 'skipped'));
		assert.deepEqual(await emulatorRequests(), []);
	});

	describe('IMS unreachable', () => {
		const imsCase = async (imsBaseUrl: string) => {
			await use('Doctor photoshop', { apiKind: 'photoshop' });
			const report = await withSetting('adobeApi.imsBaseUrl', imsBaseUrl, doctor);
			assert.equal(find(report, 'token').status, 'skipped');
			assert.match(find(report, 'token').detail, /Adobe IMS could not be reached/);
			return find(report, 'ims-reachable');
		};

		it('refused (a closed port)', async () => {
			const ims = await imsCase('http://127.0.0.1:1');
			assert.equal(ims.status, 'fail');
			assert.match(ims.cause ?? '', /^Nothing accepts connections at that address and port/);
			assert.match(ims.fix ?? '', /Check adobeApi\.imsBaseUrl/);
		});

		it('TLS (https:// to a port that speaks plain HTTP)', async () => {
			const ims = await imsCase(emulatorUrl().replace('http:', 'https:'));
			assert.match(ims.detail, /the TLS \(HTTPS\) handshake failed/);
			assert.match(ims.cause ?? '', /proxy or firewall that inspects HTTPS/);
		});

		it('DNS (a host that does not resolve)', async () => {
			const ims = await imsCase('https://ims.invalid');
			assert.match(ims.detail, /the host ims\.invalid was not found/);
			assert.match(ims.cause ?? '', /^The host name could not be resolved/);
		});

		it('proxy (the http.proxy answers CONNECT with 407)', async () => {
			// A company proxy that wants credentials; Adobe's own IMS host is reached only through it.
			const proxy = http.createServer();
			const connects: string[] = [];
			proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
				connects.push(req.url ?? '');
				socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n');
			});
			await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
			try {
				const { port } = proxy.address() as net.AddressInfo;
				const ims = await withSetting('http.proxy', `http://127.0.0.1:${port}`, () => imsCase('https://ims-na1.adobelogin.com'));
				assert.equal(ims.status, 'fail');
				assert.ok(connects.includes('ims-na1.adobelogin.com:443'), `the proxy saw ${JSON.stringify(connects)}`);
				assert.match(ims.cause ?? '', /^The proxy would not open a connection to .*HTTP 407/);
				assert.match(ims.fix ?? '', /http\.proxy/);
				assert.equal(ims.error?.setting, 'http.proxy');
			} finally {
				await new Promise((resolve) => proxy.close(resolve));
			}
		});

		it('timeout (IMS answers after the request timeout)', async () => {
			await emulatorControl('POST', 'faults', { route: 'ims.discovery', fault: { type: 'latency', ms: 2500 }, times: 1 });
			const ims = await withSetting('adobeApi.requestTimeoutSeconds', 1, () => imsCase(emulatorUrl()));
			assert.match(ims.cause ?? '', /did not answer in time/);
			assert.match(ims.fix ?? '', /adobeApi\.requestTimeoutSeconds/);
		});
	});

	it('credential: a malformed Client ID in storage fails "credential" before IMS is asked', async () => {
		await use('Doctor malformed', { apiKind: 'photoshop' });
		const id = api.services.profiles.find('Doctor malformed')!.id;
		await api.services.keychain.store(
			`profile.${id}.credential`,
			JSON.stringify({ clientId: `${info.clients.demo.clientId} `, clientSecret: info.clients.demo.clientSecret }),
		);
		const tokenRequests = (await emulatorRequests('ims.token')).length;
		const report = await doctor();
		const credential = find(report, 'credential');
		assert.equal(credential.status, 'fail');
		assert.match(credential.detail, /The Client ID has spaces at its start or end/);
		assert.match(credential.fix ?? '', /^Edit Profile/);
		assert.equal((await emulatorRequests('ims.token')).length, tokenRequests);
	});

	it('token: invalid_client (a wrong secret) with the fix', async () => {
		await use('Doctor wrong secret', { apiKind: 'photoshop', clientSecret: 'p8e-WRONG-secret-0123456789abcdef' });
		const token = find(await doctor(), 'token');
		assert.deepEqual([token.status, token.error?.code], ['fail', 'invalid_client']);
		assert.match(token.cause ?? '', /not this Client Secret/);
	});

	it('token: unauthorized_client (no product profile) with the Developer Console guide', async () => {
		await use('Doctor unauthorized', { apiKind: 'photoshop', client: 'unauthorized' });
		const token = find(await doctor(), 'token');
		assert.deepEqual([token.status, token.error?.code], ['fail', 'unauthorized_client']);
		assert.equal(token.docs, 'https://developer.adobe.com/developer-console/docs/guides/services/services-add-api-oauth-s2s');
	});

	it('scopes: invalid_scope names the scope lists Adobe documents for the API kind', async () => {
		await use('Doctor older storage', { apiKind: 'cloudStorage', client: 'olderStorage' });
		const report = await doctor();
		const scopes = find(report, 'scopes');
		assert.deepEqual([scopes.status, scopes.error?.code], ['fail', 'invalid_scope']);
		assert.match(scopes.fix ?? '', /openid,AdobeID,offline_access,creative_sdk \(earlier guide\)/);
		assert.equal(find(report, 'verify').status, 'skipped');
	});

	it('token decoded: a token without the scopes the API needs warns, and the gateway answers 403011', async () => {
		await use('Doctor few scopes', { apiKind: 'photoshop', scopes: 'openid,AdobeID' });
		await emulatorControl('POST', 'faults', {
			route: 'photoshop.status',
			fault: { type: 'requireScopes', scopes: ['read_organizations'] },
		});
		const report = await doctor();
		const decoded = find(report, 'token-decoded');
		assert.equal(decoded.status, 'warn');
		assert.deepEqual(decoded.claims?.scopes, ['openid', 'AdobeID']);
		assert.match(decoded.cause ?? '', /without read_organizations/);
		const verify = find(report, 'verify');
		assert.deepEqual([verify.status, verify.error?.code], ['fail', '403011']);
		assert.match(verify.fix ?? '', /^Edit Profile → Scopes/);
	});

	it('verify: a 401 after one refresh is explained as a token/client mismatch or an expired token', async () => {
		await use('Doctor photoshop', { apiKind: 'photoshop' });
		await emulatorControl('POST', 'faults', { route: 'photoshop.status', fault: { type: 'expiredToken' }, times: 3 }); // the endpoint probe takes the first
		const verify = find(await doctor(), 'verify');
		assert.deepEqual([verify.status, verify.error?.status], ['fail', 401]);
		assert.match(verify.cause ?? '', /different credentials, the token expired/);
	});

	it('verify: each gateway 403 code gets its own cause (API not in the project, no token, scope mismatch)', async () => {
		await use('Doctor photoshop', { apiKind: 'photoshop' });
		const cases: Array<[string, RegExp]> = [
			['403003', /the Photoshop API is not added to the Developer Console project/],
			['403000', /No API key reached the gateway/],
			['403010', /No token reached the gateway/],
			['403011', /Scope mismatch/],
		];
		for (const [code, cause] of cases) {
			await emulatorControl('POST', 'faults', {
				route: 'photoshop.status',
				fault: { type: 'status', status: 403, body: { error_code: code, message: 'from the gateway' } },
				times: 2,
			}); // the endpoint probe takes the first
			const verify = find(await doctor(), 'verify');
			assert.deepEqual([verify.status, verify.error?.code], ['fail', code]);
			assert.match(verify.cause ?? '', cause);
		}
	});

	it("storage: an empty project list (no storage role) gives the Technical Account steps from Adobe's guide", async () => {
		await use('Doctor no storage role', { apiKind: 'cloudStorage', client: 'storageDenied' });
		const storage = find(await doctor(), 'storage');
		assert.equal(storage.status, 'warn');
		assert.match(
			storage.fix ?? '',
			/Users → API Credentials → the credential: copy the Technical Account email; Administrators → Add admin → that email → Storage administrator/,
		);
		assert.equal(storage.docs, 'https://developer.adobe.com/cloud-storage/guides/getting-started/technical-account-setup');
	});

	it('storage: a 403 access_error fails with the Technical Account steps', async () => {
		await use('Doctor storage', { apiKind: 'cloudStorage' });
		await emulatorControl('POST', 'faults', {
			route: 'storage.list',
			fault: {
				type: 'status',
				status: 403,
				body: {
					error_code: 'access_error',
					message: 'You do not have following permission(s) to perform this action on the resource: [read].',
				},
			},
		});
		const report = await doctor();
		const storage = find(report, 'storage');
		assert.equal(storage.status, 'fail');
		assert.match(storage.cause ?? '', /Technical Account/);
		assert.equal(failed(report), true);
	});

	it('redacts a token and secret a careless server echoes, in the findings and the report', async () => {
		await use('Doctor photoshop', { apiKind: 'photoshop' });
		await emulatorControl('POST', 'faults', { route: 'photoshop.status', fault: { type: 'echo', status: 400 }, times: 3 }); // the endpoint probe takes the first
		const report = await run<Finding[]>('adobeApi.checkSetup');
		const token = api.services.tokens.snapshot(api.services.profiles.find('Doctor photoshop')!.id).token?.accessToken;
		assert.ok(token);
		assert.equal(find(report, 'verify').status, 'fail');
		const text = (await vscode.workspace.openTextDocument(REPORT_URI)).getText();
		for (const shown of [JSON.stringify(report), text]) {
			assert.ok(!shown.includes(token), 'the token was echoed into what is shown');
			assert.ok(!shown.includes(info.clients.demo.clientSecret), 'the secret was echoed into what is shown');
		}
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
