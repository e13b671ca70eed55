/**
 * Parity with REST Client: a header written twice (src/utils/requestParserUtil.ts parseRequestHeaders):
 * one header on the wire, in the first one's place; `Cookie` values joined
 * with `;`, any other header's with `,`, both without a space, as REST Client joins them. Asserted on
 * the wire.
 */
import * as assert from 'node:assert/strict';
import { WireServer, clientHeaders, headerLines, sendOnWire, startWireServer } from './wire';

describe('parity: cookies', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());
	const last = () => server.requests[server.requests.length - 1];

	it('joins two Cookie headers into one with ";"', async () => {
		await sendOnWire(`GET ${server.url}/c\nCookie: session=abc\ncookie: theme=dark; lang=en`);
		assert.deepEqual(headerLines(last()), [...clientHeaders(server), 'cookie: session=abc;theme=dark; lang=en'].sort());
		// One header (names go lower-case: case-insensitive in HTTP, RFC 9110 section 5.1).
		assert.deepEqual(
			last().headers.filter(([name]) => name.toLowerCase() === 'cookie'),
			[['cookie', 'session=abc;theme=dark; lang=en']],
		);
	});

	it('joins any other header written twice with ","', async () => {
		await sendOnWire(`GET ${server.url}/a\nAccept: application/json\nX-Tag: a\naccept: text/plain`);
		assert.deepEqual(headerLines(last()), [...clientHeaders(server), 'accept: application/json,text/plain', 'x-tag: a'].sort());
	});
});
