import * as assert from 'node:assert/strict';
import { ApiKind } from '../../../src/core/credentials/apiKinds';
import { PRODUCTION_ENDPOINTS } from '../../../src/core/common/endpoints';
import { AdobeApiError } from '../../../src/core/common/errors';
import type { ApiCaller } from '../../../src/core/common/caller';
import { fireflyServicesBases } from '../../../src/core/diagnostics/verify';
import { DEMO_CLIENTS, assertNoLeak, clientsFor, rejection, useEmulator } from '../helpers';

const clientId = DEMO_CLIENTS.demo.clientId;

describe('Verify Credential', () => {
	const env = useEmulator();

	/** A caller source over emulator-issued tokens that records each call's forceRefresh. */
	function callers(first?: string) {
		const asked: boolean[] = [];
		const issued: string[] = [];
		const source = async (forceRefresh: boolean): Promise<ApiCaller> => {
			asked.push(forceRefresh);
			const accessToken = asked.length === 1 && first ? first : env.emulator.issueToken(clientId);
			issued.push(accessToken);
			return { accessToken, clientId };
		};
		return { source, asked, issued };
	}

	async function verify(apiKind: ApiKind, source = callers().source) {
		const clients = clientsFor(env.emulator);
		try {
			return { outcome: await clients.verifyCredential(apiKind, source), lines: clients.lines };
		} finally {
			await clients.close();
		}
	}

	it('Cloud Storage: lists one project and says what that proves', async () => {
		const { source, issued } = callers();
		const { outcome, lines } = await verify('cloudStorage', source);
		assert.equal(outcome.ok, true, outcome.message);
		assert.equal(outcome.call, `GET ${env.emulator.url}/v1/projects?limit=1`);
		assert.equal(outcome.status, 200);
		assert.ok((outcome.latencyMs ?? -1) >= 0);
		assert.equal(
			outcome.proves,
			'Adobe Cloud Storage accepted the token and let this credential list projects, and it sees at least one project',
		);
		const [request] = env.emulator.requests;
		assert.deepEqual([request.route, request.query.limit, request.clientId], ['storage.list', '1', clientId]);
		assertNoLeak(issued, outcome, lines.join('\n'));
	});

	it('Cloud Storage: a Technical Account without storage access is verified, and told why it sees nothing', async () => {
		const denied = DEMO_CLIENTS.storageDenied.clientId;
		const { outcome } = await verify('cloudStorage', async () => ({ accessToken: env.emulator.issueToken(denied), clientId: denied }));
		assert.equal(outcome.ok, true, 'GET /projects documents no 403: the token was accepted');
		assert.match(
			outcome.proves ?? '',
			/^Adobe Cloud Storage accepted the token and let this credential list projects, but it sees no projects\. .*Storage administrator.*Enterprise Storage/,
		);
	});

	it('Photoshop: asks Photoshop API v2 for a job that does not exist, since v2 has no hello', async () => {
		const { outcome } = await verify('photoshop');
		assert.equal(outcome.ok, true, outcome.message);
		assert.equal(outcome.call, `GET ${env.emulator.url}/v2/status/00000000-0000-0000-0000-000000000000`);
		assert.equal(outcome.status, 404);
		assert.match(outcome.proves ?? '', /^Photoshop API v2 accepted the token with this Client ID as x-api-key/);
		assert.deepEqual(
			env.emulator.requests.map((r) => r.route),
			['photoshop.status'],
		);
	});

	it('Firefly: lists custom models with a request id, as the Firefly spec asks', async () => {
		const { outcome } = await verify('firefly');
		assert.equal(outcome.ok, true, outcome.message);
		assert.equal(outcome.call, `GET ${env.emulator.url}/v3/custom-models?start=0&limit=1`);
		assert.equal(outcome.status, 200);
		assert.equal(
			outcome.proves,
			'The Firefly API accepted the token with this Client ID as x-api-key, and let this credential list its custom models (0).',
		);
		assert.match(outcome.requestId ?? '', /^[0-9a-f-]{36}$/, 'our x-request-id comes back');
		assert.deepEqual(env.emulator.requests[0].query, { start: '0', limit: '1' });
	});

	it('Firefly: a 403 with an x-access-error reason is a failure that names the reason and its fix', async () => {
		const cases: Array<[string, RegExp]> = [
			['quota_exhausted', /quota is used up\. Wait for the quota to renew/],
			['user_non_entitled', /not entitled to the API\. In the Developer Console, add the API to the credential's project/],
			['user_profile_denied', /product profile assigned to this credential does not allow the call\. Ask your Adobe admin/],
			['invalid_ims_scope', /lacks the scopes the API needs\. Edit the profile's scopes .*firefly_api,ff_apis/],
		];
		const seen = new Set<string>();
		for (const [reason, advice] of cases) {
			env.emulator.inject('firefly.customModels', { type: 'accessError', reason }, 1);
			const { outcome } = await verify('firefly');
			assert.equal(outcome.ok, false, `${reason}: a refusal proves nothing`);
			assert.equal(outcome.proves, undefined);
			assert.deepEqual([outcome.status, outcome.code], [403, reason]);
			assert.ok(outcome.message?.startsWith(`The Firefly API refused the call (HTTP 403, x-access-error: ${reason}): `), outcome.message);
			assert.match(outcome.message ?? '', advice);
			seen.add(outcome.message ?? '');
		}
		assert.equal(seen.size, 4, 'each reason its own message');
	});

	it('Firefly: a 403 without a reason or a gateway code is a failure too, and says Adobe gave no reason', async () => {
		env.emulator.inject(
			'firefly.customModels',
			{ type: 'status', status: 403, body: { error_code: 'access_error', message: 'Forbidden' } },
			1,
		);
		const { outcome } = await verify('firefly');
		assert.equal(outcome.ok, false);
		assert.match(
			outcome.message ?? '',
			/^The Firefly API refused to list this credential's custom models \(HTTP 403\) without saying why \(no x-access-error reason\), so it is not verified/,
		);
		env.emulator.inject(
			'firefly.customModels',
			{ type: 'status', status: 403, body: { error_code: '403003', message: 'Api Key is invalid' } },
			1,
		);
		const { outcome: gateway } = await verify('firefly');
		assert.equal(gateway.ok, false);
		assert.equal(gateway.code, '403003', "the gateway's own code keeps its own message");
	});

	it('Firefly: an x-access-error value Adobe does not document is not taken as a code', async () => {
		env.emulator.inject('firefly.customModels', { type: 'accessError', reason: 'made_up <b>' }, 1);
		const { outcome } = await verify('firefly');
		assert.equal(outcome.ok, false);
		assert.equal(outcome.code, 'access_error');
		assert.doesNotMatch(outcome.message ?? '', /made_up/);
	});

	it('says so when Adobe documents no call (Content Authenticity, Custom), sending nothing', async () => {
		const { source, asked } = callers();
		for (const kind of ['contentAuthenticity', 'custom'] as const) {
			const { outcome } = await verify(kind, source);
			assert.equal(outcome.ok, false);
			assert.equal(outcome.call, undefined);
			assert.ok(outcome.message);
		}
		assert.match(
			(await verify('contentAuthenticity', source)).outcome.message ?? '',
			/^Adobe documents no call to verify a Content Authenticity credential with, so nothing was sent\./,
		);
		assert.deepEqual(asked, [], 'no token was even asked for');
		assert.equal(env.emulator.requests.length, 0);
	});

	it('refreshes a rejected token once and repeats the call', async () => {
		const stale = env.emulator.issueToken(clientId);
		env.emulator.expireAllTokens();
		const { source, asked } = callers(stale);
		const { outcome } = await verify('firefly', source);
		assert.equal(outcome.ok, true, outcome.message);
		assert.deepEqual(asked, [false, true]);
		assert.deepEqual(
			env.emulator.requests.map((r) => r.status),
			[401, 200],
		);
	});

	it('does not ask IMS again when the token request itself was refused with 401', async () => {
		const asked: boolean[] = [];
		const source = async (forceRefresh: boolean): Promise<ApiCaller> => {
			asked.push(forceRefresh);
			throw new AdobeApiError('Adobe IMS rejected the Client ID (invalid_client).', {
				kind: 'http',
				service: 'ims',
				status: 401,
				code: 'invalid_client',
			});
		};
		const { outcome } = await verify('cloudStorage', source);
		assert.equal(outcome.ok, false);
		assert.equal(outcome.code, 'invalid_client');
		assert.deepEqual(asked, [false], 'one token request, not a forced second one');
	});

	it('names each gateway 403 by its code and the API that sent it', async () => {
		const cases: Array<[ApiKind, 'photoshop.status' | 'firefly.customModels', string, RegExp]> = [
			[
				'firefly',
				'firefly.customModels',
				'403003',
				/^The Firefly API does not know this API key \(403003: Api Key is invalid\): the API is not added to the Developer Console project of this credential, or the x-api-key is not its Client ID\.$/,
			],
			[
				'firefly',
				'firefly.customModels',
				'403011',
				/^The access token lacks the scopes the Firefly API needs \(403011: Scope mismatch\)\. Edit the profile's scopes/,
			],
			[
				'photoshop',
				'photoshop.status',
				'403010',
				/^Photoshop API v2 got no access token \(403010: Oauth token is missing\)\. Generate a token first\.$/,
			],
			['photoshop', 'photoshop.status', '403003', /^Photoshop API v2 does not know this API key \(403003/],
		];
		for (const [kind, route, code, message] of cases) {
			env.emulator.inject(route, { type: 'status', status: 403, body: { error_code: code, message: 'from the gateway' } }, 1);
			const { outcome } = await verify(kind);
			assert.equal(outcome.ok, false);
			assert.equal(outcome.code, code);
			assert.equal(outcome.status, 403);
			assert.match(outcome.message ?? '', message);
			assert.doesNotMatch(
				outcome.message ?? '',
				/Technical Account|Storage administrator/,
				'only Cloud Storage access errors explain the storage role',
			);
		}
	});

	it("Photoshop v2's unauthorized_* codes each get their own message; rate limiting says how long to wait, bounded", async () => {
		const cases: Array<[number, string, number | undefined, RegExp]> = [
			[
				403,
				'unauthorized_forbidden',
				undefined,
				/^Photoshop API v2 refused the call \(unauthorized_forbidden\): the quota is used up, .*not entitled.*Check Setup/,
			],
			[
				429,
				'unauthorized_rate_limited',
				7,
				/^Photoshop API v2 is rate limiting this credential \(unauthorized_rate_limited\)\. Try again in 7 s\.$/,
			],
			[429, 'unauthorized_rate_limited', 10 ** 9, /Try again in 3600 s\.$/],
			[
				451,
				'unauthorized_legal_reasons',
				undefined,
				/^Photoshop API v2 refused the call for legal reasons \(unauthorized_legal_reasons\): the request's region .*Retrying will not help/,
			],
		];
		for (const [status, code, retryAfter, message] of cases) {
			env.emulator.inject(
				'photoshop.status',
				{
					type: 'status',
					status,
					...(retryAfter !== undefined ? { retryAfter } : {}),
					body: { error_code: code, message: 'from Photoshop' },
				},
				1,
			);
			const { outcome } = await verify('photoshop');
			assert.equal(outcome.ok, false);
			assert.deepEqual([outcome.status, outcome.code], [status, code]);
			assert.match(outcome.message ?? '', message);
			assert.equal(
				outcome.error?.isTransient,
				code === 'unauthorized_rate_limited',
				`${code}: worth retrying unchanged only when rate limited`,
			);
		}
	});

	it('reports the emulator gateway refusing an API key from another credential', async () => {
		const { outcome } = await verify('photoshop', async () => ({
			accessToken: env.emulator.issueToken(clientId),
			clientId: DEMO_CLIENTS.storageDenied.clientId,
		}));
		assert.equal(outcome.code, '403003');
		assert.ok(outcome.error, 'the error rides along for the fixes a front door offers');
	});

	it('does not take a gateway 404 for a missing job', async () => {
		env.emulator.inject('photoshop.status', { type: 'status', status: 404, body: { error_code: '404', message: 'Not Found' } }, 1);
		const { outcome } = await verify('photoshop');
		assert.equal(outcome.ok, false);
		assert.equal(outcome.message, 'Photoshop API v2 refused the request (HTTP 404) (404: Not Found).');
	});

	it('rejects on Cancel instead of reporting a failure', async () => {
		env.emulator.inject('firefly.customModels', { type: 'latency', ms: 2000 }, 1);
		const clients = clientsFor(env.emulator);
		const abort = new AbortController();
		setImmediate(() => abort.abort());
		const error = await rejection(clients.verifyCredential('firefly', callers().source, abort.signal));
		assert.equal(error.kind, 'cancelled');
		await clients.close();
	});

	it('reaches Photoshop v2 and Firefly on their own hosts at Adobe, and at the configured base otherwise', () => {
		assert.deepEqual(fireflyServicesBases({ ...PRODUCTION_ENDPOINTS }), {
			photoshopV2: 'https://photoshop-api.adobe.io',
			firefly: 'https://firefly-api.adobe.io',
		});
		assert.deepEqual(fireflyServicesBases(env.emulator.endpoints), { photoshopV2: env.emulator.url, firefly: env.emulator.url });
	});
});
