import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { ApiKind, API_KINDS } from '../../../src/core/credentials/apiKinds';
import { ADD_API_URL, DoctorDeps, DoctorReport, FINDING_IDS, Finding, FindingId, runDoctor } from '../../../src/core/diagnostics/doctor';
import { escapeMarkdown, renderDoctorMarkdown } from '../../../src/core/diagnostics/doctor/report';
import { formatMoment } from '../../../src/core/common/format';
import { AdobeApiError } from '../../../src/core/common/errors';
import { TECHNICAL_ACCOUNT_SETUP_URL } from '../../../src/core/storage/queries';
import { decodeTokenClaims, missingScopes, scopesEveryGuideAsks } from '../../../src/core/tokens/tokenClaims';
import type { StoredToken } from '../../../src/core/tokens/tokenManager';
import { AdobeClients, createAdobeClients } from '../../../src/core/clients';
import { DEMO_CLIENTS, assertNoLeak, closedPort, clientsFor, useEmulator } from '../helpers';

/** The server-to-server demo clients (the sign-in client is a public client without a secret). */
type Demo = Exclude<keyof typeof DEMO_CLIENTS, 'signIn'>;

describe('token claims, decoded locally', () => {
	const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
	const jwt = (payload: unknown, signature = 'c2lnbmF0dXJl') => `${b64({ alg: 'RS256' })}.${b64(payload)}.${signature}`;

	it('reads client_id, scope, type, the issuer and the expiry (created_at + expires_in, both ms as strings)', () => {
		const claims = decodeTokenClaims(
			jwt({
				client_id: 'abc',
				scope: 'openid,AdobeID,read_organizations',
				type: 'access_token',
				as: 'ims-na1',
				created_at: '1763900000000',
				expires_in: '86399000',
			}),
		);
		assert.deepEqual(claims, {
			clientId: 'abc',
			scopes: ['openid', 'AdobeID', 'read_organizations'],
			type: 'access_token',
			issuer: 'ims-na1',
			createdAt: 1763900000000,
			expiresAt: 1763900000000 + 86399000,
		});
	});

	it('never returns anything of the signature', () => {
		const claims = decodeTokenClaims(jwt({ client_id: 'abc', scope: 'openid' }, 'U0lHTkFUVVJFLVNFQ1JFVA'));
		assert.ok(!JSON.stringify(claims).includes('U0lHTkFUVVJFLVNFQ1JFVA'));
	});

	it('gives up on what is not a JWT, and ignores claims out of bounds', () => {
		for (const token of [
			'opaque-token',
			'a.b',
			'a.!!!.c',
			`a.${b64('a string')}.c`,
			`a.${Buffer.from('{not json').toString('base64url')}.c`,
			`a.${'A'.repeat(20_000)}.c`,
		]) {
			assert.equal(decodeTokenClaims(token), undefined, token.slice(0, 40));
		}
		const odd = decodeTokenClaims(jwt({ client_id: 'x'.repeat(300), scope: 42, created_at: '99999999999999999', expires_in: '-5' }));
		assert.deepEqual(odd, {
			clientId: undefined,
			scopes: [],
			type: undefined,
			issuer: undefined,
			createdAt: undefined,
			expiresAt: undefined,
		});
	});

	it('knows what every guide asks for per API kind, and what a token lacks', () => {
		assert.deepEqual(scopesEveryGuideAsks('cloudStorage'), ['openid', 'AdobeID', 'creative_sdk']);
		assert.deepEqual(scopesEveryGuideAsks('photoshop'), ['openid', 'AdobeID', 'read_organizations']);
		assert.deepEqual(scopesEveryGuideAsks('firefly'), ['openid', 'AdobeID', 'firefly_api', 'ff_apis']);
		assert.deepEqual(scopesEveryGuideAsks('contentAuthenticity'), []);
		assert.deepEqual(missingScopes('photoshop', ['openid', 'AdobeID']), ['read_organizations']);
	});
});

describe('setup doctor', () => {
	const env = useEmulator();
	let open: AdobeClients[] = [];
	afterEach(async () => {
		await Promise.all(open.map((c) => c.close()));
		open = [];
	});

	interface Options {
		client?: Demo;
		apiKind?: ApiKind;
		scopes?: string[];
		/** The profile's own IMS (a stage or custom environment). */
		ims?: string;
		/** A token already cached, as the token manager would hand it out. */
		cached?: StoredToken;
		clients?: () => AdobeClients;
		noProfile?: boolean;
		signal?: AbortSignal;
		/** A signed-in user's profile (no Client Secret); `tokenError` is what its sign-in answers instead of a token. */
		signedIn?: boolean;
		tokenError?: AdobeApiError;
		/** The token source answers this instead of a token from its `call`-th call on (1 = the first). */
		tokenErrorFrom?: { call: number; error: AdobeApiError };
	}

	/** Runs the doctor with a profile over the emulator's demo clients; tokens cached like the token manager's. */
	async function doctor(
		options: Options = {},
	): Promise<{ report: DoctorReport; steps: string[]; tokens: string[]; lines: string[]; forced: number }> {
		const client = DEMO_CLIENTS[options.client ?? 'demo'];
		const apiKind = options.apiKind ?? 'cloudStorage';
		const scopes = options.scopes ?? API_KINDS[apiKind].defaultScopes;
		const lines: string[] = [];
		const clients = clientsFor(env.emulator);
		open.push(clients);
		let cached = options.cached;
		const tokens: string[] = cached ? [cached.accessToken] : [];
		let forced = 0;
		let tokenCalls = 0;
		const steps: string[] = [];
		const deps: DoctorDeps = {
			clients: options.clients ?? (() => clients),
			profile: options.noProfile
				? undefined
				: {
						name: 'Doctor test',
						apiKind,
						scopes,
						imsBaseUrl: (configured) => options.ims ?? configured,
						signedIn: options.signedIn,
						credential: async () => ({ clientId: client.clientId, clientSecret: options.signedIn ? '' : client.clientSecret }),
						token: async ({ forceRefresh, signal }) => {
							if (options.tokenError) throw options.tokenError;
							if (forceRefresh) forced++;
							if (options.tokenErrorFrom && ++tokenCalls >= options.tokenErrorFrom.call) throw options.tokenErrorFrom.error;
							if (cached && !forceRefresh) return cached;
							const ims = clients.imsAt(options.ims ?? clients.endpoints.ims);
							const fresh = await ims.requestToken(
								{ clientId: client.clientId, clientSecret: client.clientSecret, scopes, apiKind },
								signal,
							);
							cached = { ...fresh, obtainedAt: Date.now() };
							tokens.push(fresh.accessToken);
							return cached;
						},
					},
			logger: {
				trace: () => undefined,
				debug: () => undefined,
				info: (m) => lines.push(m),
				warn: (m) => lines.push(m),
				error: (m) => lines.push(m),
			},
			onStep: (title) => steps.push(title),
			signal: options.signal,
		};
		const report = await runDoctor(deps);
		assertNoLeak([...tokens, client.clientSecret], report, lines.join('\n'), renderDoctorMarkdown(report, new Date()));
		return { report, steps, tokens, lines, forced };
	}

	const find = (report: DoctorReport, id: FindingId): Finding =>
		report.findings.find((f) => f.id === id) ?? assert.fail(`no ${id} finding`);
	const statuses = (report: DoctorReport) => Object.fromEntries(report.findings.map((f) => [f.id, f.status]));

	it('passes every check for a working Cloud Storage credential, in order, with progress for each', async () => {
		const { report, steps } = await doctor();
		assert.deepEqual(
			report.findings.map((f) => f.id),
			[...FINDING_IDS],
		);
		assert.deepEqual(new Set(report.findings.map((f) => f.status)), new Set(['pass']), JSON.stringify(report.findings, null, 1));
		assert.equal(report.ok, true);
		assert.deepEqual([report.profile, report.apiKind], ['Doctor test', 'cloudStorage']);
		assert.equal(steps.length, FINDING_IDS.length);
		assert.match(
			find(report, 'token-decoded').detail,
			/client_id 4f9c6a1e2b7d4c3a9e8f0a1b2c3d4e5f, type access_token, scopes openid,AdobeID,creative_sdk,cloud_storage_collab_api, issued by ims-na1/,
		);
		assert.match(find(report, 'token-decoded').detail, /Photoshop API: lacks read_organizations/);
		assert.match(find(report, 'token-decoded').detail, /, created today [^,]+, expires (today|tomorrow) /);
		assert.match(
			find(report, 'token-decoded').claims?.expiresAt ?? '',
			/^\d{4}-\d\d-\d\dT/,
			'the claims stay ISO 8601 for the tools that read them',
		);
		assert.match(find(report, 'storage').detail, /lists projects and opens them/);
		assert.match(find(report, 'scopes').detail, /the scopes of Adobe's current guide for the Cloud Storage and Collaboration/);
	});

	it('uses the cached token: no token is minted when one is still valid', async () => {
		const accessToken = env.emulator.issueToken(DEMO_CLIENTS.demo.clientId);
		const cached = {
			accessToken,
			tokenType: 'bearer',
			scopes: API_KINDS.cloudStorage.defaultScopes,
			expiresAt: Date.now() + 3_600_000,
			obtainedAt: Date.now() - 60_000,
		};
		const { report } = await doctor({ cached });
		assert.equal(env.emulator.count('ims.token'), 0);
		assert.match(find(report, 'token').detail, /is still valid, so IMS was not asked for another/);
		// Moments as the tooltips write them (formatMoment/formatWhen): on the clock with the day, the expiry also relative.
		assert.match(find(report, 'token').detail, /^A token obtained today \S+/);
		assert.match(find(report, 'token').detail, /; it expires in (59 m \d+ s|1 h 0 m), (today|tomorrow) \S+/);
		assert.doesNotMatch(find(report, 'token').detail, /\d{4}-\d\d-\d\dT/);
	});

	it('a bad endpoint setting fails "settings" and skips everything else', async () => {
		const { report } = await doctor({
			clients: () => {
				throw new AdobeApiError('The setting adobeApi.imsBaseUrl must use https://.', { kind: 'config', setting: 'adobeApi.imsBaseUrl' });
			},
		});
		assert.deepEqual(statuses(report).settings, 'fail');
		assert.match(find(report, 'settings').fix ?? '', /Open Settings and correct adobeApi\.imsBaseUrl/);
		assert.ok(report.findings.slice(1).every((f) => f.status === 'skipped' && /endpoint settings must be fixed first/.test(f.detail)));
		assert.deepEqual(report.endpoints, []);
		assert.equal(report.ok, false);
	});

	it('without a profile: "credential" fails with Add Profile, the rest is skipped', async () => {
		const { report } = await doctor({ noProfile: true });
		assert.equal(find(report, 'ims-reachable').status, 'pass');
		assert.equal(find(report, 'credential').status, 'fail');
		assert.match(find(report, 'credential').fix ?? '', /^Add Profile/);
		assert.equal(find(report, 'credential').error?.code, 'no_profile');
		assert.equal(find(report, 'verify').status, 'skipped');
	});

	describe('IMS unreachable, explained by where the connection failed', () => {
		it('refused: names the setting, asks for no token', async () => {
			const { report } = await doctor({ ims: `http://127.0.0.1:${await closedPort()}` });
			const ims = find(report, 'ims-reachable');
			assert.equal(ims.status, 'fail');
			assert.match(ims.detail, /the connection was refused/);
			assert.match(ims.cause ?? '', /^Nothing accepts connections at that address and port/);
			assert.equal(find(report, 'credential').status, 'pass', 'the credential is still checked locally');
			assert.match(find(report, 'token').detail, /Adobe IMS could not be reached/);
			assert.equal(env.emulator.count('ims.token'), 0);
		});

		it('TLS: an https:// address that does not speak TLS', async () => {
			const { report } = await doctor({ ims: env.emulator.url.replace('http:', 'https:') });
			const ims = find(report, 'ims-reachable');
			assert.match(ims.detail, /the TLS \(HTTPS\) handshake failed \(ERR_SSL_WRONG_VERSION_NUMBER\)/);
			assert.match(ims.cause ?? '', /proxy or firewall that inspects HTTPS/);
			assert.match(ims.fix ?? '', /root certificate/);
		});

		it('DNS: a host that does not resolve', async () => {
			const { report } = await doctor({ ims: 'https://ims.invalid' });
			const ims = find(report, 'ims-reachable');
			assert.match(ims.detail, /the host ims\.invalid was not found/);
			assert.match(ims.cause ?? '', /^The host name could not be resolved/);
		});

		it('proxy: one that refuses to tunnel (407)', async () => {
			const proxy = net.createServer((socket) =>
				socket.once('data', () => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n')),
			);
			await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
			try {
				const { port } = proxy.address() as net.AddressInfo;
				const behind = createAdobeClients({
					endpoints: { ...env.emulator.endpoints, ims: 'https://ims.example.test' },
					timeoutMs: 5000,
					proxy: { url: `http://127.0.0.1:${port}` },
				});
				open.push(behind);
				const { report } = await doctor({ clients: () => behind, noProfile: true });
				const ims = find(report, 'ims-reachable');
				assert.match(ims.detail, /the proxy refused to connect to it \(HTTP 407\)/);
				assert.match(ims.cause ?? '', /wants credentials \(HTTP 407\)/);
				assert.equal(ims.error?.setting, 'http.proxy');
			} finally {
				await new Promise((resolve) => proxy.close(resolve));
			}
		});

		it('timeout: IMS answers too slowly', async () => {
			env.emulator.inject('ims.discovery', { type: 'latency', ms: 1500 }, 1);
			const slow = clientsFor(env.emulator, { timeoutMs: 300 });
			open.push(slow);
			const { report } = await doctor({ clients: () => slow });
			assert.match(find(report, 'ims-reachable').cause ?? '', /did not answer in time/);
		});
	});

	it('an unreachable Photoshop API v2 fails a Photoshop profile, and is only a warning for a Firefly or Cloud Storage one', async () => {
		env.emulator.inject('photoshop.status', { type: 'drop' }, 1);
		assert.equal(find((await doctor({ apiKind: 'photoshop' })).report, 'endpoints').status, 'fail');
		for (const apiKind of ['firefly', 'cloudStorage'] as const) {
			env.emulator.inject('photoshop.status', { type: 'drop' }, 1);
			const endpoints = find((await doctor({ apiKind })).report, 'endpoints');
			assert.equal(endpoints.status, 'warn', apiKind);
			assert.match(endpoints.detail, /This profile's API does not call Photoshop API v2\.$/);
		}
		env.emulator.inject('firefly.customModels', { type: 'drop' }, 1);
		assert.equal(find((await doctor({ apiKind: 'firefly' })).report, 'endpoints').status, 'fail');
	});

	it('probes the hosts Verify uses, not the retired v1 hello, and the settings finding says where each API goes', async () => {
		const { report } = await doctor({ apiKind: 'firefly' });
		assert.deepEqual(
			report.endpoints.map((p) => p.target),
			['ims', 'photoshopV2', 'firefly', 'cloudStorage'],
		);
		assert.equal(env.emulator.count('photoshop.hello'), 0);
		assert.match(
			find(report, 'settings').detail,
			new RegExp(`Photoshop API v2 ${env.emulator.url}, Firefly API ${env.emulator.url}, .*the Photoshop v1 hello ${env.emulator.url}`),
		);
	});

	it('a malformed credential fails "credential" before anything is sent to IMS', async () => {
		const { report } = await doctor({ scopes: ['openid', 'bad scope'] });
		assert.equal(find(report, 'credential').status, 'fail');
		assert.match(find(report, 'credential').detail, /"bad scope" is not a valid scope name/);
		assert.equal(env.emulator.count('ims.token'), 0);
	});

	it('invalid_client (the secret): the token fails with the fix, the scopes are not judged', async () => {
		const wrong = { ...DEMO_CLIENTS.demo, clientSecret: 'p8e-WRONG-secret-0123456789abcdef' };
		const clients = clientsFor(env.emulator);
		open.push(clients);
		const report = await runDoctor({
			clients: () => clients,
			profile: {
				name: 'Wrong secret',
				apiKind: 'photoshop',
				scopes: API_KINDS.photoshop.defaultScopes,
				imsBaseUrl: (c) => c,
				credential: async () => wrong,
				token: async () => {
					const t = await clients.ims.requestToken({ ...wrong, scopes: API_KINDS.photoshop.defaultScopes });
					return { ...t, obtainedAt: Date.now() };
				},
			},
		});
		const token = find(report, 'token');
		assert.equal(token.status, 'fail');
		assert.match(token.cause ?? '', /not this Client Secret/);
		assert.match(token.fix ?? '', /Client Secret \(Retrieve client secret\)/);
		assert.equal(token.error?.code, 'invalid_client');
		assert.equal(find(report, 'scopes').status, 'skipped');
		assertNoLeak([wrong.clientSecret], report);
	});

	it('unauthorized_client: no product profile, with the Developer Console guide', async () => {
		const { report } = await doctor({ client: 'unauthorized' });
		const token = find(report, 'token');
		assert.equal(token.error?.code, 'unauthorized_client');
		assert.match(token.cause ?? '', /product profile/);
		assert.equal(token.docs, ADD_API_URL);
	});

	it('invalid_scope: "scopes" fails and names the scopes Adobe documents for the API kind', async () => {
		const { report } = await doctor({ client: 'olderStorage' });
		assert.equal(find(report, 'token').status, 'fail');
		const scopes = find(report, 'scopes');
		assert.equal(scopes.status, 'fail');
		assert.equal(scopes.error?.code, 'invalid_scope');
		assert.match(
			scopes.fix ?? '',
			/openid,AdobeID,creative_sdk,cloud_storage_collab_api \(current guide\); openid,AdobeID,offline_access,creative_sdk \(earlier guide\)/,
		);
		assert.equal(find(report, 'token-decoded').status, 'skipped');
	});

	it('a token without the scopes the API needs: a warning from the decoded token, then 403011 from the gateway', async () => {
		env.emulator.inject('photoshop.status', { type: 'requireScopes', scopes: ['read_organizations'] });
		const { report } = await doctor({ apiKind: 'photoshop', scopes: ['openid', 'AdobeID'] });
		const decoded = find(report, 'token-decoded');
		assert.equal(decoded.status, 'warn');
		assert.match(decoded.cause ?? '', /without read_organizations the gateway may answer 403011/);
		assert.deepEqual(decoded.claims?.scopes, ['openid', 'AdobeID']);
		const verify = find(report, 'verify');
		assert.equal(verify.status, 'fail');
		assert.equal(verify.error?.code, '403011');
		assert.match(verify.fix ?? '', /Edit Profile → Scopes .*openid,AdobeID,read_organizations/);
	});

	it('a token issued to another client fails "token-decoded"', async () => {
		const other = env.emulator.issueToken(DEMO_CLIENTS.leakHunt.clientId);
		const cached = {
			accessToken: other,
			tokenType: 'bearer',
			scopes: [],
			expiresAt: Date.now() + 3_600_000,
			obtainedAt: Date.now() - 1000,
		};
		const { report } = await doctor({ apiKind: 'photoshop', cached });
		const decoded = find(report, 'token-decoded');
		assert.equal(decoded.status, 'fail');
		assert.match(decoded.cause ?? '', /issued to Client ID feedfacecafebeef0123456789abcdef, not this profile's/);
	});

	it('verification 401: refreshed once, then explained as a token/client mismatch or an expired token', async () => {
		// One more than the verification needs: the endpoint probe (Photoshop API v2's status) takes the first.
		env.emulator.inject('photoshop.status', { type: 'expiredToken' }, 3);
		const { report, forced } = await doctor({ apiKind: 'photoshop' });
		const verify = find(report, 'verify');
		assert.equal(verify.status, 'fail');
		assert.equal(verify.error?.status, 401);
		assert.match(verify.cause ?? '', /different credentials, the token expired, or the Technical Account was revoked/);
		assert.equal(forced, 1);
	});

	for (const [code, cause] of [
		['403003', /the Photoshop API is not added to the Developer Console project of this credential/],
		['403000', /No API key reached the gateway/],
		['403010', /No token reached the gateway/],
	] as const) {
		it(`verification 403 ${code}: its own cause and fix`, async () => {
			// Twice: the endpoint probe (unauthenticated, any answer counts) takes the first.
			env.emulator.inject('photoshop.status', { type: 'status', status: 403, body: { error_code: code, message: 'from the gateway' } }, 2);
			const verify = find((await doctor({ apiKind: 'photoshop' })).report, 'verify');
			assert.deepEqual([verify.status, verify.error?.code, verify.error?.status], ['fail', code, 403]);
			assert.match(verify.cause ?? '', cause);
			assert.ok(verify.fix);
		});
	}

	for (const [reason, cause, fix] of [
		['quota_exhausted', /quota is used up/, /Wait for the quota to renew/],
		['user_non_entitled', /not entitled to the Firefly API/, /Add to Project → API → the Firefly API/],
		['user_profile_denied', /product profile assigned to this credential does not allow the call/, /Admin Console/],
		['invalid_ims_scope', /lacks the scopes the Firefly API needs/, /Edit Profile → Scopes .*firefly_api,ff_apis/],
	] as const) {
		it(`Firefly 403 x-access-error ${reason}: "verify" fails with its own cause and fix`, async () => {
			// Twice: the endpoint probe of the Firefly API takes the first.
			env.emulator.inject('firefly.customModels', { type: 'accessError', reason }, 2);
			const { report } = await doctor({ apiKind: 'firefly' });
			const verify = find(report, 'verify');
			assert.deepEqual([verify.status, verify.error?.code, verify.error?.status], ['fail', reason, 403]);
			assert.match(verify.cause ?? '', cause);
			assert.match(verify.fix ?? '', fix);
			assert.equal(report.ok, false);
		});
	}

	it('Content Authenticity: no documented verification call, so "verify" is skipped and says why', async () => {
		const { report } = await doctor({ apiKind: 'contentAuthenticity' });
		assert.equal(find(report, 'verify').status, 'skipped');
		assert.match(find(report, 'verify').detail, /^Adobe documents no call to verify a Content Authenticity credential/);
		assert.equal(find(report, 'storage').status, 'skipped');
		assert.equal(report.ok, true);
	});

	it('Cloud Storage with an empty project list: the Technical Account steps, as a warning', async () => {
		const { report } = await doctor({ client: 'storageDenied' });
		const storage = find(report, 'storage');
		assert.equal(storage.status, 'warn');
		assert.match(storage.fix ?? '', /Administrators → Add admin → that email → Storage administrator/);
		assert.match(storage.fix ?? '', /Enterprise Storage/);
		assert.match(
			storage.fix ?? '',
			/Enterprise Storage \(the Cloud Storage product profile\) is assigned automatically only when the credential was created from an API that includes it; a credential created from another API needs it assigned in the Admin Console, even if such an API was added to it later\.$/,
		);
		assert.equal(storage.docs, TECHNICAL_ACCOUNT_SETUP_URL);
		assert.equal(report.ok, true);
	});

	it('a signed-in user: no Client Secret expected; an empty project list is about the account, not a Technical Account', async () => {
		const { report } = await doctor({ client: 'storageDenied', signedIn: true });
		assert.equal(find(report, 'credential').status, 'pass');
		assert.match(find(report, 'credential').detail, /no Client Secret/);
		const storage = find(report, 'storage');
		assert.equal(storage.status, 'warn');
		assert.match(storage.detail, /the signed-in account sees no projects/);
		assert.match(storage.cause ?? '', /^Your Adobe account's roles and permissions/);
		assert.doesNotMatch(`${storage.cause} ${storage.fix}`, /Technical Account/);
		assert.equal(storage.docs, 'https://developer.adobe.com/cloud-storage/guides/getting-started/authentication/');
	});

	it('a signed-in user whose sign-in ended: sign in again, not "check the Client Secret"', async () => {
		const ended = new AdobeApiError('Your Adobe sign-in as ada@example.com has ended. Sign in again.', {
			kind: 'invalidInput',
			code: 'sign_in_again',
		});
		const { report } = await doctor({ signedIn: true, tokenError: ended });
		const token = find(report, 'token');
		assert.equal(token.status, 'fail');
		assert.match(token.cause ?? '', /^The Adobe sign-in could not give a token/);
		assert.match(token.fix ?? '', /Sign In with Adobe again/);
		assert.doesNotMatch(`${token.cause} ${token.fix}`, /Client Secret|Developer Console credential/);
		assert.equal(find(report, 'verify').status, 'skipped');
	});

	it('Cloud Storage 403 access_error: the verification and the listing fail with the Technical Account steps', async () => {
		env.emulator.inject('storage.list', {
			type: 'status',
			status: 403,
			body: {
				error_code: 'access_error',
				message: 'You do not have following permission(s) to perform this action on the resource: [read].',
			},
		});
		const { report } = await doctor();
		assert.equal(find(report, 'verify').status, 'fail');
		const storage = find(report, 'storage');
		assert.equal(storage.status, 'fail');
		assert.match(storage.cause ?? '', /Technical Account/);
		assert.equal(storage.docs, TECHNICAL_ACCOUNT_SETUP_URL);
		assert.equal(report.ok, false);
	});

	it('Cloud Storage behind a gateway 403003: the verification explains it, the listing is not repeated', async () => {
		env.emulator.inject('storage.list', { type: 'status', status: 403, body: { error_code: '403003', message: 'Api Key is invalid' } });
		const { report } = await doctor();
		assert.equal(find(report, 'verify').error?.code, '403003');
		assert.match(find(report, 'verify').cause ?? '', /the Cloud Storage and Collaboration API is not added/);
		assert.equal(find(report, 'storage').status, 'skipped');
		assert.equal(env.emulator.count('storage.list'), 2, 'the endpoint probe and the verification call, no listing after them');
	});

	it('does not ask IMS for a second token after IMS refused one with 401 (issue 17: the storage check used to)', async () => {
		// Calls 1 and 2 (the token check, the verification) get the token; from the storage check's on, IMS answers 401.
		const imsRefused = new AdobeApiError('Adobe IMS rejected the Client Secret (invalid_client).', {
			kind: 'http',
			service: 'ims',
			status: 401,
			code: 'invalid_client',
		});
		const { report, forced } = await doctor({ tokenErrorFrom: { call: 3, error: imsRefused } });
		assert.equal(find(report, 'verify').status, 'pass');
		const storage = find(report, 'storage');
		assert.equal(storage.status, 'fail');
		assert.equal(storage.error?.code, 'invalid_client');
		assert.equal(forced, 0, 'no forced refresh after the IMS 401');
	});

	it('stops when cancelled', async () => {
		const controller = new AbortController();
		controller.abort();
		await assert.rejects(doctor({ signal: controller.signal }), { kind: 'cancelled' });
	});

	it('renders a Markdown checklist with marks, causes, fixes and links to Adobe only; server text stays text', () => {
		const report: DoctorReport = {
			profile: 'P <b>',
			apiKind: 'photoshop',
			ok: false,
			endpoints: [],
			findings: [
				{ id: 'settings', title: 'Endpoint settings are valid', status: 'pass', detail: 'fine' },
				{
					id: 'verify',
					title: 'Verify',
					status: 'fail',
					detail: 'Server said <img src=x onerror=alert(1)> [click](https://evil.example)',
					cause: 'c',
					fix: 'f',
					docs: 'https://developer.adobe.com/x',
				},
				{ id: 'storage', title: 'Storage', status: 'skipped', detail: 'n/a', docs: 'https://evil.example/adobe.com/' },
			],
		};
		const text = renderDoctorMarkdown(report, new Date('2026-11-24T00:00:00Z'));
		assert.match(text, /^# Adobe setup check: profile "P &lt;b&gt;" \(Photoshop API\)/);
		// When it was checked as the tooltips write a moment (core/common/format.ts formatMoment), dated: not UTC's ISO form.
		const checked = /Checked (.+?); run/.exec(text)?.[1] ?? assert.fail(text);
		assert.equal(checked, formatMoment(Date.parse('2026-11-24T00:00:00Z'), Date.parse('2026-11-24T00:00:00Z'), undefined, true));
		assert.match(checked, /2026/);
		assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT\d\d:/);
		assert.match(text, /### ✓ Endpoint settings are valid/);
		assert.match(text, /### ✗ Verify\n\nServer said &lt;img src=x onerror=alert\(1\)&gt; \\\[click\\\]\(https:\/\/evil\.example\)/);
		assert.match(
			text,
			/- \*\*Likely cause:\*\* c\n- \*\*Fix:\*\* f\n- \*\*Adobe's guide:\*\* \[developer\.adobe\.com\/x\]\(https:\/\/developer\.adobe\.com\/x\)/,
		);
		assert.ok(!text.includes('(https://evil.example/adobe.com/)'), 'only Adobe pages are linked');
		assert.equal(escapeMarkdown('a*b_c'), 'a\\*b\\_c');
		assert.equal(escapeMarkdown('# not a heading'), '\\# not a heading');
		assert.equal(escapeMarkdown('1. not a list'), '1\\. not a list');
	});
});
