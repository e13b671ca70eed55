/** Sending a request file's request against the emulator, and the response document's text. */
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../src/core/common/http';
import type { ResolvedRequest } from '../../../src/core/requests/resolve';
import { MAX_SHOWN_BODY_CHARS, renderResponseDocument } from '../../../src/core/requests/responseDocument';
import { RequestOutcome, redactedHeaders, sendRequestFileRequest, serviceFor } from '../../../src/core/requests/send';
import { REDACTED, Redactor, redact } from '../../../src/core/common/redact';
import { DEMO_CLIENTS, useEmulator } from '../helpers';

const clientId = DEMO_CLIENTS.demo.clientId;

describe("sending a request file's request", () => {
	// The requests here are the seeds' Photoshop v1 hello, a plain authenticated GET: the emulator serves v1 as before its end of life.
	const env = useEmulator({ photoshopV1: true });
	const http = new HttpClient({ timeoutMs: 5000 });
	after(() => http.close());

	/** A hello request with the given token, resolved as resolve.ts would. */
	function hello(token: string, path = '/pie/psdService/hello'): ResolvedRequest {
		const headers = [
			{ name: 'Authorization', value: `Bearer ${token}` },
			{ name: 'x-api-key', value: clientId },
		];
		return {
			method: 'GET',
			url: `${env.emulator.url}${path}`,
			headers,
			secrets: [token, clientId],
			usesCredentials: true,
			display: {
				method: 'GET',
				url: `{{$adobeEndpoint photoshop}}${path}`,
				headers: [
					{ name: 'Authorization', value: 'Bearer {{$adobeToken}}' },
					{ name: 'x-api-key', value: '{{$adobeClientId}}' },
				],
			},
		};
	}

	it('sends with the resolved headers and reads the answer', async () => {
		const token = env.emulator.issueToken(clientId);
		const { outcome } = await sendRequestFileRequest({
			http,
			endpoints: env.emulator.endpoints,
			resolve: async () => hello(token),
			redact: (t, secrets) => redact(t, secrets),
		});
		assert.equal(outcome.status, 200);
		assert.equal(outcome.statusText, 'OK');
		assert.match(outcome.body, /Welcome to the Photoshop API/);
		assert.ok(outcome.requestId);
		assert.equal(outcome.retriedAfter401, false);
	});

	it('gets a fresh token once after a 401, and shows a second 401 as it came', async () => {
		const stale = env.emulator.issueToken(clientId);
		const fresh = env.emulator.issueToken(clientId);
		const asked: boolean[] = [];
		env.emulator.inject('photoshop.hello', { type: 'expiredToken' }, 1);
		const { outcome } = await sendRequestFileRequest({
			http,
			endpoints: env.emulator.endpoints,
			resolve: async (forceRefresh) => {
				asked.push(forceRefresh);
				return hello(forceRefresh ? fresh : stale);
			},
			redact: (t, secrets) => redact(t, secrets),
		});
		assert.deepEqual(asked, [false, true]);
		assert.equal(outcome.status, 200);
		assert.equal(outcome.retriedAfter401, true);

		env.emulator.inject('photoshop.hello', { type: 'expiredToken' }, 2);
		const twice = await sendRequestFileRequest({
			http,
			endpoints: env.emulator.endpoints,
			resolve: async () => hello(stale),
			redact: (t, secrets) => redact(t, secrets),
		});
		assert.equal(twice.outcome.status, 401, 'a second 401 is the answer, not a loop');
	});

	it('refuses headers that would move the request or change its method, sending nothing', async () => {
		const token = env.emulator.issueToken(clientId);
		for (const name of ['Host', 'x-http-method-override', 'Transfer-Encoding', 'Proxy-Authorization', 'X-Forwarded-Host']) {
			const before = env.emulator.requests.length;
			const request = { ...hello(token), headers: [...hello(token).headers, { name, value: 'runtime.adobe.io' }] };
			await assert.rejects(
				sendRequestFileRequest({
					http,
					endpoints: env.emulator.endpoints,
					resolve: async () => request,
					redact: (t, secrets) => redact(t, secrets),
				}),
				(error: Error) => {
					assert.match(error.message, new RegExp(`The header ${name} cannot be set here`));
					return true;
				},
			);
			assert.equal(env.emulator.requests.length, before, `${name}: nothing was sent`);
		}
	});

	it('redacts a token the server echoes, in the body and the headers', async () => {
		const token = env.emulator.issueToken(clientId);
		env.emulator.inject('photoshop.hello', { type: 'echo', status: 403 }, 1);
		const { outcome } = await sendRequestFileRequest({
			http,
			endpoints: env.emulator.endpoints,
			resolve: async () => hello(token),
			redact: (t, secrets) => redact(t, secrets),
		});
		assert.equal(outcome.status, 403);
		const text = JSON.stringify(outcome);
		assert.ok(!text.includes(token), 'the echoed token is gone');
		assert.ok(!text.includes(token.split('.').pop()!), 'and so is its signature');
	});

	it('recognises a job in the answer, and reads images as bytes', async () => {
		const token = env.emulator.issueToken(clientId);
		const submit: ResolvedRequest = {
			...hello(token),
			method: 'POST',
			url: `${env.emulator.url}/v3/images/generate-async`,
			headers: [...hello(token).headers, { name: 'Content-Type', value: 'application/json' }],
			body: JSON.stringify({ prompt: 'a lighthouse' }),
		};
		const { outcome } = await sendRequestFileRequest({
			http,
			endpoints: env.emulator.endpoints,
			resolve: async () => submit,
			redact: (t, secrets) => redact(t, secrets),
		});
		assert.equal(outcome.status, 202);
		assert.equal(outcome.job?.api, 'firefly');
		assert.match(outcome.job?.statusUrl ?? '', /\/v3\/status\//);

		// Polled by hand to its end (the emulator's jobs succeed on the third poll), then its image fetched.
		let status: { status?: string; result?: { outputs: Array<{ image: { url: string } }> } } = {};
		for (let poll = 0; poll < 3; poll++) {
			const polled = await sendRequestFileRequest({
				http,
				endpoints: env.emulator.endpoints,
				resolve: async () => ({ ...hello(token), url: outcome.job!.statusUrl }),
				redact: (t, secrets) => redact(t, secrets),
			});
			status = JSON.parse(polled.outcome.body) as typeof status;
		}
		assert.equal(status.status, 'succeeded');
		const image: ResolvedRequest = {
			method: 'GET',
			url: status.result!.outputs[0].image.url,
			headers: [],
			secrets: [],
			usesCredentials: false,
			display: { method: 'GET', url: 'output', headers: [] },
		};
		const png = await sendRequestFileRequest({
			http,
			endpoints: env.emulator.endpoints,
			resolve: async () => image,
			redact: (t, secrets) => redact(t, secrets),
		});
		assert.equal(png.outcome.contentType, 'image/png');
		assert.ok(png.outcome.bytes && png.outcome.bytes.subarray(1, 4).toString() === 'PNG', 'the body came as bytes');
		assert.equal(png.outcome.body, '');
	});

	it('names the configured service for its endpoints, and any other host as it is', () => {
		assert.deepEqual(serviceFor(new URL(`${env.emulator.url}/x`), env.emulator.endpoints), { service: 'ims' });
		assert.deepEqual(serviceFor(new URL('https://firefly-api.adobe.io/v3/x'), env.emulator.endpoints), {
			service: 'photoshop',
			target: 'firefly-api.adobe.io',
		});
		assert.deepEqual(serviceFor(new URL('https://ims-na1-stg1.adobelogin.com/ims'), env.emulator.endpoints), {
			service: 'ims',
			target: 'ims-na1-stg1.adobelogin.com',
		});
	});
});

describe("an answer's headers, redacted", () => {
	const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXRva2Vu';
	const clean = (text: string) => redact(text, ['echoed-secret-value-42']);

	it('hides in one pass what one call per value hides, each header given back under its name', () => {
		const headers = {
			'content-type': 'application/json',
			'x-echo': 'Bearer echoed-secret-value-42',
			'x-jwt': token,
			'x-request-id': 'abc-123',
		};
		const joined = redactedHeaders(headers, clean);
		assert.deepEqual(Object.keys(joined), Object.keys(headers));
		assert.deepEqual(joined, Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, clean(value)])));
		assert.equal(joined['x-request-id'], 'abc-123');
		assert.ok(!JSON.stringify(joined).includes('echoed-secret-value-42') && !JSON.stringify(joined).includes(token));
	});

	it('falls back to one call per value when a value holds a line break or a match spans two lines', () => {
		const calls: string[] = [];
		const counting = (text: string) => (calls.push(text), clean(text));
		const broken = redactedHeaders({ a: 'one\ntwo', b: 'echoed-secret-value-42' }, counting);
		assert.deepEqual(broken, { a: 'one\ntwo', b: REDACTED });
		assert.equal(calls.length, 3, 'the joined pass, then each value');
		// "Bearer" at the end of one value and a word at the start of the next: the joined pass would hide the next name.
		const spanning = redactedHeaders({ a: 'Bearer', b: 'plain' }, clean);
		assert.deepEqual(spanning, { a: clean('Bearer'), b: 'plain' });
	});
});

describe('the response document', () => {
	const outcome = (body: string, extra: Partial<RequestOutcome> = {}): RequestOutcome => ({
		status: 200,
		statusText: 'OK',
		headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
		body,
		contentType: 'application/json',
		latencyMs: 42,
		requestId: 'req-1',
		retriedAfter401: false,
		...extra,
	});
	const display = {
		method: 'GET',
		url: '{{$adobeEndpoint photoshop}}/x',
		headers: [{ name: 'Authorization', value: 'Bearer {{$adobeToken}}' }],
	};

	it('shows deeply nested JSON as it came (indentation would grow with the square of the depth), in time linear in the body', () => {
		const render = (depth: number) => {
			const body = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
			const started = performance.now();
			const text = renderResponseDocument({ display, outcome: outcome(body), sentAt: new Date(0) }, (t) => t);
			return { text, body, ms: performance.now() - started };
		};
		const deep = render(4000);
		assert.ok(deep.text.includes(deep.body), 'the nested body, as it came');
		assert.ok(deep.ms < 1000, `${deep.ms} ms`);
		// Shallow JSON is still pretty-printed.
		assert.match(render(2).text, /^\[\n {2}\[\n {4}1\n {2}\]\n\]$/m);
	});

	it('redacts a long pretty-printed body only as far as it is shown, and still hides a secret that crosses the cut', () => {
		const secret = 'p8e-secret-across-the-cut';
		const redactor = new Redactor();
		redactor.add(secret);
		let redacted = 0;
		const counting = (t: string) => {
			redacted += t.length;
			return redactor.redact(t);
		};
		// A \u escape makes the pretty form differ from the body, so it is redacted again; the secret
		// then spans characters 982–1007 of it, across the cut at 1,000.
		const body = JSON.stringify({ a: 'x'.repeat(960), s: `\u00e9${secret}`, rest: 'y'.repeat(2_000_000) }).replace('é', '\\u00e9');
		const text = renderResponseDocument({ display, outcome: outcome(body), sentAt: new Date(0) }, counting, 1000);
		assert.ok(!text.includes(secret.slice(0, 12)), 'a part of the secret before the cut');
		assert.match(text, /# Body truncated: showing 1,000 of 2,001,0\d\d characters\./);
		assert.ok(redacted < 200_000, `${redacted} characters redacted for a 1,000-character view`);
	});

	it('shows the request as written, the status line, latency, request id, headers and the JSON body pretty-printed', () => {
		const text = renderResponseDocument({ display, outcome: outcome('{"a":{"b":1}}'), profile: 'Demo', sentAt: new Date(0) }, (t) => t);
		assert.match(text, /^# 200 OK in 42 ms · x-request-id req-1$/m);
		assert.match(text, /^# GET \{\{\$adobeEndpoint photoshop\}\}\/x$/m);
		assert.match(text, /^# Authorization: Bearer \{\{\$adobeToken\}\}$/m);
		assert.match(text, /^HTTP\/1\.1 200 OK$/m);
		assert.match(text, /^x-request-id: req-1$/m);
		assert.match(text, /\{\n {2}"a": \{\n {4}"b": 1\n {2}\}\n\}/);
		assert.match(text, /with the Adobe profile "Demo"/);
	});

	it('cuts a long body with a note saying how much was shown', () => {
		const text = renderResponseDocument(
			{ display, outcome: outcome('x'.repeat(MAX_SHOWN_BODY_CHARS + 10), { contentType: 'text/plain' }), sentAt: new Date(0) },
			(t) => t,
		);
		assert.match(text, /# Body truncated: showing 200,000 of 200,010 characters\./);
		assert.ok(text.length < MAX_SHOWN_BODY_CHARS + 2000);
	});

	it('redacts a body it pretty-prints (JSON escapes decoded) and does not pass a body shown as it came (already redacted) again', () => {
		const redactor = new Redactor();
		redactor.add('s3cr3t-value-123');
		const passed: string[] = [];
		const spy = (text: string) => {
			passed.push(text);
			return redactor.redact(text);
		};
		const escaped = '{"m":"\\u0073\\u0033cr3t-value-123"}';
		assert.ok(!redactor.redact(escaped).includes(REDACTED), 'the escaped form is not one the redactor knows');
		const json = renderResponseDocument({ display, outcome: outcome(escaped), sentAt: new Date(0) }, spy);
		assert.ok(!json.includes('s3cr3t-value-123') && json.includes(`"m": "${REDACTED}"`), json);

		const body = 'token:'.repeat(2000);
		passed.length = 0;
		const plain = renderResponseDocument({ display, outcome: outcome(body, { contentType: 'text/plain' }), sentAt: new Date(0) }, spy);
		assert.ok(plain.includes(`\n\n${body}`), 'the body is shown as it came');
		assert.ok(passed.length > 0 && passed.every((text) => !text.includes(body)), 'and not redacted a second time');
	});

	it('describes a binary body instead of printing it, and passes everything through the redactor', () => {
		const redactor = new Redactor();
		redactor.add('s3cr3t-value-123');
		const text = renderResponseDocument(
			{
				display,
				outcome: outcome('', { bytes: Buffer.alloc(1234), contentType: 'image/png', headers: { 'x-echo': 's3cr3t-value-123' } }),
				sentAt: new Date(0),
				bytesNote: 'opened in the image preview',
			},
			(t) => redactor.redact(t),
		);
		assert.match(text, /# image\/png body, 1,234 bytes: opened in the image preview/);
		assert.ok(!text.includes('s3cr3t-value-123'));
	});
});
