/**
 * Parity with REST Client: the URL goes through encodeurl before it is sent (github.com/Huachao/vscode-restclient
 * src/utils/httpClient.ts send: `encodeUrl(httpRequest.url)`, encodeurl 1.0.2), then through the URL
 * parser: `{`, `}`, a backtick and a `%` that starts no escape are percent-encoded in the query too,
 * where the URL parser alone leaves them. Escapes already written are kept. Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { WireServer, sendOnWire, startWireServer } from './wire';

describe('parity: urlEncoding', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());

	const cases: Array<[string, string]> = [
		['/a?q={a}&c=`t`&b="x"', '/a?q=%7Ba%7D&c=%60t%60&b=%22x%22'],
		['/p{1}/é?x=ü', '/p%7B1%7D/%C3%A9?x=%C3%BC'],
		// encodeurl's `%(?:[^hex]|[hex][^hex]|$)`: "%4&" is no escape, "%4" at the end is left.
		['/a%zz?b=%4&c=%41&d=%4', '/a%25zz?b=%254&c=%41&d=%4'],
		['/a|b^c[d]?e=|^[]', '/a|b^c[d]?e=|^[]'],
		["/a'b?c='d'", "/a'b?c=%27d%27"],
	];
	for (const [written, sent] of cases) {
		it(`sends ${written} as ${sent}`, async () => {
			const { resolved } = await sendOnWire(`GET ${server.url}${written}`);
			assert.equal(server.requests[server.requests.length - 1].requestLine, `GET ${sent} HTTP/1.1`);
			assert.equal(new URL(resolved.url).host, new URL(server.url).host);
		});
	}
});
