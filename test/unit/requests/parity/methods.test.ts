/**
 * Parity with REST Client: the request line's method. REST Client matches its list of methods in any
 * case and got sends them upper-case (github.com/Huachao/vscode-restclient src/utils/httpRequestParser.ts
 * parseRequestLine); any other RFC 9110 token (section 9.1) goes as written. Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { parseRequestFile } from '../../../../src/core/requests/parse';
import { WireServer, clientHeaders, headerLines, sendOnWire, startWireServer } from './wire';

describe('parity: methods', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());

	it("sends REST Client's methods in upper case, whatever the case in the file", async () => {
		const cases: Array<[string, string]> = [
			['get', 'GET'],
			['Delete', 'DELETE'],
			['options', 'OPTIONS'],
			['propfind', 'PROPFIND'],
			['Search', 'SEARCH'],
			['MKCALENDAR', 'MKCALENDAR'],
			['unlock', 'UNLOCK'],
		];
		for (const [written, sent] of cases) {
			await sendOnWire(`${written} ${server.url}/dav/a?depth=1 HTTP/1.1`);
			const request = server.requests[server.requests.length - 1];
			assert.equal(request.requestLine, `${sent} /dav/a?depth=1 HTTP/1.1`, written);
			assert.equal(request.body.length, 0);
		}
	});

	it('sends any other token as written, case kept, with its body', async () => {
		for (const method of ['PURGE', 'QUERY', 'x-Custom.Verb_1', 'report']) {
			await sendOnWire(`${method} ${server.url}/items\nContent-Type: text/plain\n\nselect 1`);
			const request = server.requests[server.requests.length - 1];
			assert.equal(request.requestLine, `${method} /items HTTP/1.1`);
			assert.deepEqual(headerLines(request), [...clientHeaders(server, 8), 'content-type: text/plain'].sort());
			assert.equal(request.body.toString('latin1'), 'select 1');
		}
	});

	it('sends a bare URL as a GET', async () => {
		await sendOnWire(`${server.url}/plain`);
		const request = server.requests[server.requests.length - 1];
		assert.equal(request.requestLine, 'GET /plain HTTP/1.1');
		assert.deepEqual(headerLines(request), clientHeaders(server).sort());
	});

	it('sends TRACE, and refuses CONNECT (a tunnel, not a request) naming the line', async () => {
		await sendOnWire(`trace ${server.url}/t`);
		assert.equal(server.requests[server.requests.length - 1].requestLine, 'TRACE /t HTTP/1.1');
		const file = parseRequestFile(`\nCONNECT ${server.url}`);
		assert.deepEqual(
			file.problems.map((p) => p.message),
			['Line 2: CONNECT opens a tunnel through a proxy (RFC 9110 section 9.3.6); a request file cannot send it.'],
		);
	});

	it('reads a method as a token: not a token is a problem naming the line', () => {
		const file = parseRequestFile('GE(T https://example.com/x\n###\nGET https://example.com/y');
		assert.equal(file.problems.length, 1);
		assert.match(file.problems[0].message, /^Line 1: the request line should be "METHOD URL \[HTTP\/1\.1\]"/);
		assert.deepEqual(
			file.requests.map((r) => [r.method, r.url]),
			[['GET', 'https://example.com/y']],
		);
	});
});
