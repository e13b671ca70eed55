/**
 * Parity with REST Client: a body on GET, HEAD and OPTIONS is sent (REST Client sent it with the
 * request library, issue github.com/Huachao/vscode-restclient/issues/363; its 0.25 got 11 refuses GET
 * and HEAD bodies, which the issue here asks not to copy). The extension used to drop it silently.
 * Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { WireServer, clientHeaders, headerLines, sendOnWire, startWireServer } from './wire';

describe('parity: bodyOnGet', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());
	const last = () => server.requests[server.requests.length - 1];
	const body = '{\n  "query": { "match_all": {} }\n}';

	for (const method of ['GET', 'HEAD', 'OPTIONS']) {
		it(`sends a ${method} request's body with its length`, async () => {
			const { outcome } = await sendOnWire(`${method} ${server.url}/index/_search\nContent-Type: application/json\n\n${body}`);
			assert.equal(outcome.status, 200);
			assert.equal(last().requestLine, `${method} /index/_search HTTP/1.1`);
			// undici closes the connection after a HEAD (lib/dispatcher/client-h1.js: "to interop with misbehaving servers").
			const client = clientHeaders(server, body.length).map((h) =>
				method === 'HEAD' && h.startsWith('connection:') ? 'connection: close' : h,
			);
			assert.deepEqual(headerLines(last()), [...client, 'content-type: application/json'].sort());
			assert.equal(last().body.toString('utf8'), body);
		});
	}
});
