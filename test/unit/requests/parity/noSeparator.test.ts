/**
 * A second request written without `###`. REST Client (src/utils/selector.ts getRequestRanges) and the
 * JetBrains spec (spec.md "2.5. Request Separators") need `###`; REST Client sends the second request
 * line as a header, or as the end of the first request's body, without a word. Here a line that is a
 * whole request line (one of REST Client's methods in upper case, an absolute target: `https://…`,
 * `http://…` or `{{…}}`, at most an HTTP version after it) starts a request when it comes among the
 * headers, or after a blank line (and any comment lines, such as the next `# @name`) in a body.
 * Asserted on the wire, with the parser's doubling tests.
 */
import * as assert from 'node:assert/strict';
import { isRequestLineStart, parseRequestFile } from '../../../../src/core/requests/parse';
import { assertLinear } from '../../linear';
import { WireServer, clientHeaders, headerLines, sendOnWire, startWireServer } from './wire';

describe('parity: noSeparator', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());
	const last = () => server.requests[server.requests.length - 1];

	const file = (url: string) =>
		[
			`@base = ${url}`,
			`GET ${url}/first`,
			'Accept: application/json',
			`GET {{base}}/second HTTP/1.1`,
			'',
			`POST ${url}/third`,
			'Content-Type: text/plain',
			'',
			'GET the image, then',
			'post https://example.com/ is body text too (lower case)',
			'?? status == 200',
			'',
			'# @name fourth',
			`PUT {{base}}/fourth`,
			'Content-Type: application/json',
			'',
			'{"n": 4}',
		].join('\n');

	it('finds four requests, each ending where the next begins', () => {
		const parsed = parseRequestFile(file('https://example.com'));
		assert.deepEqual(parsed.problems, []);
		assert.deepEqual(
			parsed.requests.map((r) => [r.method, r.url, r.name, r.startLine, r.endLine, r.body, r.assertions.map((a) => a.text)]),
			[
				['GET', 'https://example.com/first', undefined, 0, 2, undefined, []],
				['GET', '{{base}}/second', undefined, 3, 4, undefined, []],
				[
					'POST',
					'https://example.com/third',
					undefined,
					5,
					11,
					'GET the image, then\npost https://example.com/ is body text too (lower case)',
					['status == 200'],
				],
				['PUT', '{{base}}/fourth', 'fourth', 12, 16, '{"n": 4}', []],
			],
		);
	});

	it('sends each of them on its own, as if ### stood between them', async () => {
		const text = file(server.url);
		await sendOnWire(text, { line: 1 });
		assert.equal(last().requestLine, 'GET /first HTTP/1.1');
		assert.deepEqual(headerLines(last()), [...clientHeaders(server), 'accept: application/json'].sort());
		await sendOnWire(text, { line: 3 });
		assert.equal(last().requestLine, 'GET /second HTTP/1.1');
		assert.deepEqual(headerLines(last()), clientHeaders(server).sort());
		await sendOnWire(text, { line: 8 });
		assert.equal(last().requestLine, 'POST /third HTTP/1.1');
		assert.equal(last().body.toString('utf8'), 'GET the image, then\npost https://example.com/ is body text too (lower case)');
		await sendOnWire(text, { line: 14 });
		assert.equal(last().requestLine, 'PUT /fourth HTTP/1.1');
		assert.equal(last().body.toString('utf8'), '{"n": 4}');
	});

	it("keeps httpYac's ?? lines after a blank line with the request above them", () => {
		const parsed = parseRequestFile(
			'POST https://a.example/x\nContent-Type: text/plain\n\nhello\n\n?? status == 201\n?? body exists\n# @name next\nGET https://a.example/y\n',
		);
		assert.deepEqual(parsed.problems, []);
		assert.deepEqual(
			parsed.requests.map((r) => [r.name, r.url, r.body, r.assertions.map((a) => a.text), r.startLine, r.endLine]),
			[
				[undefined, 'https://a.example/x', 'hello', ['status == 201', 'body exists'], 0, 6],
				['next', 'https://a.example/y', undefined, [], 7, 9],
			],
		);
		const noBody = parseRequestFile('GET https://a.example/x\n\n?? status == 200\nGET https://a.example/y');
		assert.deepEqual(
			noBody.requests.map((r) => [r.url, r.body, r.assertions.map((a) => a.text)]),
			[
				['https://a.example/x', undefined, ['status == 200']],
				['https://a.example/y', undefined, []],
			],
		);
	});

	it('takes only a whole request line of a known method in upper case with an absolute target', () => {
		assert.equal(isRequestLineStart('POST https://a.example/x'), true);
		assert.equal(isRequestLineStart('  GET {{base}}/x HTTP/2'), true);
		assert.equal(isRequestLineStart('PROPFIND http://a.example/'), true);
		assert.equal(isRequestLineStart('get https://a.example/x'), false);
		assert.equal(isRequestLineStart('GET /relative'), false);
		assert.equal(isRequestLineStart('GET https://a.example/x and more'), false);
		assert.equal(isRequestLineStart('PURGE https://a.example/x'), false);
		assert.equal(isRequestLineStart('https://a.example/x'), false);
	});

	it('stays linear: blank lines, comment runs and near-request lines, doubled', async () => {
		await assertLinear(
			'blank lines and comment runs in a body',
			(n) => `POST https://x.example\n\n${'\n# c\n# d\nGET x\n'.repeat(n / 20)}`,
			(t) => parseRequestFile(t),
			16_000,
			{ maxLargeMs: 250 },
		);
		await assertLinear(
			'a long comment run after one blank line',
			(n) => `POST https://x.example\n\nbody\n\n${'# c\n'.repeat(n / 4)}`,
			(t) => parseRequestFile(t),
			16_000,
			{ maxLargeMs: 250 },
		);
		await assertLinear(
			'requests without ### one after another',
			(n) => 'GET https://x.example/a\n'.repeat(n / 24),
			(t) => parseRequestFile(t),
			16_000,
			{ maxLargeMs: 250 },
		);
		await assertLinear(
			'a near-request line of spaces',
			(n) => `POST https://x.example\n\nb\n\nGET https://x${' '.repeat(n)}y`,
			(t) => parseRequestFile(t),
			16_000,
			{ maxLargeMs: 250 },
		);
	});
});
