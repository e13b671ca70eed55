import * as assert from 'node:assert/strict';
import { REDACTED, Redactor, redact } from '../../../src/core/common/redact';
import { validateClientId, validateClientSecret, validateScopes, parseScopes } from '../../../src/core/credentials/fields';
import { echoedForms } from '../../emulator/server';
import { DEMO_CLIENTS, clientsFor, rejection, useEmulator } from '../helpers';
import { HOSTILE_TEXTS } from '../hostileText';
import { assertLinear } from '../linear';

describe('redaction', () => {
	it('removes registered secret values wherever they appear', () => {
		const secret = 'p8e-very-secret-value';
		assert.equal(redact(`secret is ${secret}; again ${secret}`, [secret]), `secret is ${REDACTED}; again ${REDACTED}`);
	});

	it('removes bearer tokens, form fields and JSON token fields it was not told about', () => {
		assert.equal(redact('Authorization: Bearer eyJhbGciOi.abc-def_ghi'), `Authorization: Bearer ${REDACTED}`);
		assert.equal(
			redact('grant_type=client_credentials&client_secret=s3cr3t&scope=openid'),
			`grant_type=client_credentials&client_secret=${REDACTED}&scope=openid`,
		);
		assert.equal(redact('{"access_token":"eyJ.x.y","expires_in":86399}'), `{"access_token":"${REDACTED}","expires_in":86399}`);
	});

	it("reuses its copy for a text's own values only while they and the registered values are the same", () => {
		const redactor = new Redactor();
		redactor.add('registered-secret-1');
		const own = ['own-secret-value-1'];
		const text = 'registered-secret-1 own-secret-value-1 added-later-secret-1 own-secret-value-2';
		assert.equal(redactor.redact(text, own), `${REDACTED} ${REDACTED} added-later-secret-1 own-secret-value-2`);
		redactor.add('added-later-secret-1');
		assert.equal(redactor.redact(text, own), `${REDACTED} ${REDACTED} ${REDACTED} own-secret-value-2`, 'a value added since counts');
		own.push('own-secret-value-2');
		assert.equal(redactor.redact(text, own), `${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}`, 'the same array, grown, counts whole');
		assert.equal(redactor.redact(text, ['own-secret-value-2']), `${REDACTED} own-secret-value-1 ${REDACTED} ${REDACTED}`);
		// The patterns are shared objects: a text with matches leaves none of their state to the next one.
		const bearer = 'Authorization: Bearer abc.def-ghi and client_secret=s3cr3t';
		for (let i = 0; i < 3; i++) assert.equal(redactor.redact(bearer), `Authorization: Bearer ${REDACTED} and client_secret=${REDACTED}`);
	});

	it('leaves ordinary text alone, and short registered values inside longer words', () => {
		assert.equal(
			redact('GET https://image.adobe.io/pie/psdService/hello → 200', ['ab', 'ado']),
			'GET https://image.adobe.io/pie/psdService/hello → 200',
		);
		for (const prose of [
			'The Photoshop API rejected the access token (401013: Oauth token is not valid). Refresh the token: it may have expired.',
			'clientSecret: Enter the Client Secret from your Developer Console credential ("Retrieve client secret").',
		]) {
			assert.equal(redact(prose), prose, 'prose after "token:" or "clientSecret:" is not a YAML value');
		}
	});

	it('leaves an S3 pre-signed URL working (X-Amz-Security-Token is not ours), but still hides our values and secret fields in it', () => {
		const presigned =
			'https://pre-signed-firefly-prod.s3-accelerate.amazonaws.com/images/0b7c.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAXXXX%2F20261204%2Fus-east-1%2Fs3%2Faws4_request' +
			'&X-Amz-Date=20261204T120000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=FwoGZXIvYXdzEEcaDB9zuCn2lkZ17iJq2CLEAbpBoz%2FBVRZgppjX86NZw5CAi3EMsUGz&X-Amz-Signature=3f262bcef440f164';
		assert.equal(redact(presigned), presigned);
		assert.equal(redact(`{"url":"${presigned}"}`), `{"url":"${presigned}"}`);
		const token = 'eyJhbGciOiJSUzI1NiJ9.eyJjbGllbnRfaWQiOiJ4In0.c2lnbmF0dXJl';
		assert.equal(redact(`${presigned}&access_token=abc123`), `${presigned}&access_token=${REDACTED}`);
		assert.equal(redact(`${presigned}&note=${token}`), `${presigned}&note=${REDACTED}`);
		assert.equal(redact(`${presigned}&x=p8e-registered-secret`, ['p8e-registered-secret']), `${presigned}&x=${REDACTED}`);
		// Only that exact name: another "…-Security-Token" is still a secret field.
		assert.equal(redact('X-Goog-Security-Token=abc123'), `X-Goog-Security-Token=${REDACTED}`);
	});

	describe('closes the gaps a server echo can slip through', () => {
		/** Has the characters JSON, URLs and Markdown escape. */
		const secret = 'p8e-Leak/Test"Secret+Value=42_x';

		it('finds a registered value JSON-escaped, once or twice, with or without an escaped "/"', () => {
			const once = JSON.stringify(secret).slice(1, -1);
			assert.equal(redact(`{"message":"bad secret ${once}"}`, [secret]), `{"message":"bad secret ${REDACTED}"}`);
			assert.equal(redact(`said ${once.replace(/\//g, '\\/')}.`, [secret]), `said ${REDACTED}.`);
			assert.equal(redact(`said ${JSON.stringify(once).slice(1, -1)}.`, [secret]), `said ${REDACTED}.`);
		});

		it('finds a registered value URL- or form-encoded, in either hex case, and Markdown-escaped', () => {
			const url = encodeURIComponent(secret);
			const form = new URLSearchParams({ s: secret }).toString().slice(2);
			assert.notEqual(url, secret);
			for (const shown of [
				url,
				url.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
				form,
				secret.replace(/[\\`*_{}[\]()#+\-!~]/g, '\\$&'),
			]) {
				assert.equal(redact(`echo: <${shown}>`, [secret]), `echo: <${REDACTED}>`, shown);
			}
		});

		it('finds a registered value split by a line wrap, whitespace, an escaped newline or a quoted concatenation', () => {
			const token = 'eyJhbGciOiJSUzI1NiJ9-payload-signature-0123456789';
			assert.equal(redact(`token ${token.slice(0, 20)}\n    ${token.slice(20)} end`, [token]), `token ${REDACTED} end`);
			assert.equal(
				redact(`{"m":"a ${token.slice(0, 9)}\\n${token.slice(9, 30)}\\r\\n${token.slice(30)} b"}`, [token]),
				`{"m":"a ${REDACTED} b"}`,
			);
			assert.equal(
				redact(`const s = "${secret.slice(0, 10).replace('"', '\\"')}" + "${JSON.stringify(secret.slice(10)).slice(1, -1)}";`, [secret]),
				`const s = "${REDACTED}";`,
			);
			assert.equal(redact(`s = '${secret.slice(0, 5)}'+'${secret.slice(5)}'`, [secret]), `s = '${REDACTED}'`);
		});

		it('replaces registered values shorter than its minimum where they stand as whole tokens', () => {
			assert.equal(
				redact('secret abc1 and "abc1", not abc12 or xabc1', ['abc1']),
				`secret ${REDACTED} and "${REDACTED}", not abc12 or xabc1`,
			);
			assert.equal(redact('{"m":"got a\\"b\\\\c!"}', ['a"b\\c']), `{"m":"got ${REDACTED}!"}`, 'a short value found JSON-escaped');
		});

		it('hides bare JWTs, such as Adobe access tokens, it was never told about', () => {
			const jwt =
				'eyJhbGciOiJSUzI1NiIsIng1dSI6Imltc19uYTEta2V5LWF0LTEuY2VyIn0.eyJpZCI6IjEyMyIsInR5cGUiOiJhY2Nlc3NfdG9rZW4ifQ.c2lnbmF0dXJlLWJ5dGVz_-';
			assert.equal(redact(`Adobe said: ${jwt} is not valid`), `Adobe said: ${REDACTED} is not valid`);
			assert.equal(redact(`authorization=Bearer%20${jwt}`), `authorization=Bearer%20${REDACTED}`);
		});

		it('takes linear time on a hostile server body (1 MB of near-JWTs, escapes, fields)', () => {
			const redactor = new Redactor();
			redactor.add('p8e-LEAKHUNT/se"cret+=&0123456789');
			redactor.add('abc');
			// Each took hours at 10 MB when a pattern backtracked quadratically (`\beyJ[\w-]*…` did).
			for (const unit of ['eyJ-', 'eyJ.', 'eyJa.b-', '\\', '\\"', ' \n', 'token: ', 'x_token\\"', '"+"', 'Bearer ', 'secret=']) {
				const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
				const started = performance.now();
				redactor.redact(text);
				const ms = performance.now() - started;
				assert.ok(ms < 5000, `${JSON.stringify(unit)} × 1 MB took ${Math.round(ms)} ms`); // linear: tens of ms
			}
		});

		it('hides secret fields in single-quoted, YAML, .env and escaped JSON forms', () => {
			const cases: Array<[string, string]> = [
				[`{'client_secret': 'abc def', 'scope': 'openid'}`, `{'client_secret': '${REDACTED}', 'scope': 'openid'}`],
				[`client_secret='abc' client_id=x`, `client_secret='${REDACTED}' client_id=x`],
				[
					`client_secret: abc\naccess_token: eyJx  \r\nexpires_in: 3600`,
					`client_secret: ${REDACTED}\naccess_token: ${REDACTED}  \r\nexpires_in: 3600`,
				],
				[`{client_secret: abc, token: 'x y', password: p}`, `{client_secret: ${REDACTED}, token: '${REDACTED}', password: ${REDACTED}}`],
				[
					`export CLOUD_STORAGE_CLIENT_SECRET="p8e-1"\nexport CLOUD_STORAGE_CLIENT_ID=abc`,
					`export CLOUD_STORAGE_CLIENT_SECRET="${REDACTED}"\nexport CLOUD_STORAGE_CLIENT_ID=abc`,
				],
				[`{"clientSecret":"ab\\"cd","n":1}`, `{"clientSecret":"${REDACTED}","n":1}`],
				[`"body":"{\\"access_token\\":\\"xyz\\",\\"n\\":1}"`, `"body":"{\\"access_token\\":\\"${REDACTED}\\",\\"n\\":1}"`],
				[`q?client_secret%3Dabc%26x=1`, `q?client_secret%3D${REDACTED}`],
			];
			for (const [text, expected] of cases) assert.equal(redact(text), expected, text);
		});
	});
});

describe('redaction time is linear in the text', function () {
	// Hostile texts of several sizes, each such that a backtracking pattern reads it again from every
	// position (the redactor once took over 30 s on 96 KB of `token:token:…`). Time is this process's
	// CPU time (test/unit/linear.ts), so that the other processes of a loaded machine do not count.
	this.timeout(300_000);
	const registered = ['p8e-LEAKHUNT/se"cret+=&0123456789', 'abc'];
	const redactorFor = (extra: string[] = []) => {
		const redactor = new Redactor();
		for (const value of [...registered, ...extra]) redactor.add(value);
		return redactor;
	};
	for (const hostile of HOSTILE_TEXTS) {
		it(`${hostile.name}: twice the text takes about twice the time, not four times`, async () => {
			const redactor = redactorFor(hostile.secrets);
			// 8 to 16 and 16 to 32 KB, each timed in batches of calls that take 30 ms on the smaller text
			// (long enough for the CPU clock not to matter). Sizes this small keep what redaction allocates
			// in the processor's cache and V8's young generation (strings past 128 KB, 64 K characters of
			// UTF-16, are not): past that, a busy machine made a doubling cost 3× or more even for a plain
			// copy. The quadratic redactor took 20 ms on 8 KB of `token:` and 270 ms on 32 KB.
			for (const size of [8 * 1024, 16 * 1024]) {
				await assertLinear(
					hostile.name,
					(n) => hostile.text(n),
					(text) => redactor.redact(text),
					size,
					{ cpuBatchMs: 30 },
				);
			}
		});
	}

	it('redacts each 96 KB hostile answer in well under a second, and still finds the token in it', () => {
		const token = 'eyJhbGciOiJSUzI1NiJ9.eyJpZCI6IjEyMyJ9.c2lnbmF0dXJl';
		for (const hostile of HOSTILE_TEXTS) {
			const redactor = redactorFor([...(hostile.secrets ?? []), token]);
			const text = `${hostile.text(96 * 1024)} ${token.slice(0, 20)}\n${token.slice(20)}`;
			const started = performance.now();
			const shown = redactor.redact(text);
			const ms = performance.now() - started;
			assert.ok(ms < 500, `${hostile.name}: ${Math.round(ms)} ms`);
			assert.ok(!shown.replace(/\s/g, '').includes(token), `${hostile.name}: the token is hidden`);
		}
	});
});

describe('redaction of what an echoing server sends back', () => {
	const env = useEmulator();
	const secret = 'p8e-Echo/Test"Secret+Value=42';

	it('leaves neither the client secret nor the token in any text of the errors', async () => {
		const clients = clientsFor(env.emulator);
		const redactor = new Redactor();
		redactor.add(secret);
		env.emulator.inject('ims.token', { type: 'echo' }, 1);
		const imsError = await rejection(
			clients.ims.requestToken({ clientId: DEMO_CLIENTS.demo.clientId, clientSecret: secret, scopes: ['openid'] }),
		);
		const token = await clients.ims.requestToken({ ...DEMO_CLIENTS.demo, scopes: ['openid'] });
		redactor.add(token.accessToken);
		env.emulator.inject('photoshop.hello', { type: 'echo' }, 1);
		const helloError = await rejection(clients.photoshop.hello({ accessToken: token.accessToken, clientId: DEMO_CLIENTS.demo.clientId }));
		for (const [error, value] of [
			[imsError, secret],
			[helloError, token.accessToken],
		] as const) {
			for (const field of [error.message, error.detail ?? '']) {
				assert.ok(
					echoedForms(value).every((form) => field.includes(form)),
					`the emulator echoed: ${field}`,
				);
				const shown = redactor.redact(field);
				for (const form of echoedForms(value)) assert.ok(!shown.includes(form), `${form} in ${shown}`);
				assert.match(shown, /Rejected credentials: ‹redacted›( \| ‹redacted›)*[).]*$/);
			}
		}
	});
});

describe('credential shape checks', () => {
	it('accepts a Developer Console client id and secret', () => {
		assert.equal(validateClientId('4f9c6a1e2b7d4c3a9e8f0a1b2c3d4e5f'), undefined);
		assert.equal(validateClientSecret('p8e-ABCdef123_456'), undefined);
	});

	it('explains empty, padded and malformed client ids without echoing them', () => {
		assert.equal(validateClientId(''), 'Enter the Client ID (the API key) from your Developer Console credential.');
		assert.equal(validateClientId(' abc '), 'The Client ID has spaces at its start or end; paste it again without them.');
		assert.equal(
			validateClientId('abc/def'),
			'A Client ID has only letters, digits, ".", "_" and "-"; check that you copied the Client ID, not another field.',
		);
	});

	it('explains empty and multi-line secrets', () => {
		assert.equal(validateClientSecret('   '), 'Enter the Client Secret from your Developer Console credential ("Retrieve client secret").');
		assert.equal(validateClientSecret('abc\ndef'), 'A Client Secret has no spaces or line breaks; check that you copied only the secret.');
	});

	it('parses and checks scope lists', () => {
		assert.deepEqual(parseScopes(' openid, AdobeID,,read_organizations '), ['openid', 'AdobeID', 'read_organizations']);
		assert.equal(validateScopes(''), 'Enter at least one scope, comma-separated (for example openid,AdobeID,read_organizations).');
		assert.equal(
			validateScopes('openid, Adobe ID'),
			'"Adobe ID" is not a valid scope name: use letters, digits, "_", ".", ":" and "-", separated by commas.',
		);
	});
});
