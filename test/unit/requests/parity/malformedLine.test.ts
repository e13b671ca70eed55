/**
 * A malformed request line gets a message naming its line, and one bad block does not stop the other
 * requests of the file: they parse, and they send. Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { parseRequestFile, requestAt } from '../../../../src/core/requests/parse';
import { resolveRequest } from '../../../../src/core/requests/resolve';
import { WireServer, sendOnWire, startWireServer } from './wire';

describe('parity: malformedLine', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());
	const last = () => server.requests[server.requests.length - 1];

	const text = (url: string) =>
		[
			`GET ${url}/one`,
			'',
			'###',
			`POST ${url}/two with spaces`,
			'Content-Type: text/plain',
			'',
			'two',
			'',
			'###',
			'DELETE',
			'',
			'###',
			`PATCH ${url}/four`,
			'',
			'four',
			`GE(T ${url}/five`,
		].join('\n');

	it('names each malformed line and keeps the good requests', () => {
		const file = parseRequestFile(text('https://example.com'));
		assert.deepEqual(
			file.problems.map((p) => p.message),
			[
				'Line 4: the request line should be "METHOD URL [HTTP/1.1]"; a URL cannot contain spaces (encode them as %20).',
				'Line 10: DELETE needs a URL after it.',
			],
		);
		assert.deepEqual(
			file.requests.map((r) => [r.method, r.url]),
			[
				['GET', 'https://example.com/one'],
				['PATCH', 'https://example.com/four'],
			],
		);
		// "GE(T …" after the body is body text (no request line starts there), as REST Client sends it.
		assert.equal(file.requests[1].body, `four\nGE(T https://example.com/five`);
	});

	it('sends the requests before and after a malformed one, and refuses the malformed one by its line', async () => {
		const source = text(server.url);
		const file = parseRequestFile(source);
		const send = (line: number) => sendOnWire(source, { line });
		await send(0);
		assert.equal(last().requestLine, 'GET /one HTTP/1.1');
		await send(12);
		assert.equal(last().requestLine, 'PATCH /four HTTP/1.1');
		assert.equal(requestAt(file, 4), undefined, 'no request runs from the malformed block');
		const before = server.requests.length;
		// A front door that resolves a request of the malformed block gets the line-numbered message.
		const malformed = { ...file.requests[0], startLine: 3, endLine: 7 };
		await assert.rejects(
			resolveRequest(file, malformed, { token: async () => '', clientId: async () => '', endpoint: () => '' }, async () => undefined),
			/Line 4: the request line should be "METHOD URL \[HTTP\/1\.1\]"/,
		);
		assert.equal(server.requests.length, before);
	});
});
