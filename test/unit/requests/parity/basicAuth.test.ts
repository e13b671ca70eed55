/**
 * Parity with REST Client: Basic authentication (README "Basic Auth": `Basic user:passwd`,
 * `Basic user passwd` and `Basic <base64>`; src/utils/httpClient.ts prepareOptions hands the first two to
 * got as username and password, which sends them base64-encoded, RFC 7617). Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { WireServer, sendOnWire, startWireServer } from './wire';

describe('parity: basicAuth', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer((request) => ({ status: 200, body: `echo ${request.header('authorization')}` }))));
	after(() => server.close());
	const last = () => server.requests[server.requests.length - 1];

	const cases: Array<[string, string]> = [
		['Basic user:passwd', 'dXNlcjpwYXNzd2Q='],
		['Basic user passwd', 'dXNlcjpwYXNzd2Q='],
		['Basic dXNlcjpwYXNzd2Q=', 'dXNlcjpwYXNzd2Q='],
		['basic user:passwd', 'dXNlcjpwYXNzd2Q='],
		// A password may hold spaces and colons (RFC 7617 section 2): kept whole.
		['Basic user pass word', Buffer.from('user:pass word').toString('base64')],
		['Basic user:pa:ss', Buffer.from('user:pa:ss').toString('base64')],
		['Basic jörg:pässwort', Buffer.from('jörg:pässwort', 'utf8').toString('base64')],
		['Basic user:', Buffer.from('user:').toString('base64')],
	];
	for (const [written, encoded] of cases) {
		it(`sends "Authorization: ${written}" as Basic ${encoded}`, async () => {
			const { outcome } = await sendOnWire(`GET ${server.url}/basic-auth/user/passwd HTTP/1.1\nAuthorization: ${written}`);
			assert.equal(last().requestLine, 'GET /basic-auth/user/passwd HTTP/1.1');
			assert.deepEqual(
				last()
					.headers.filter(([name]) => name.toLowerCase() === 'authorization')
					.map(([, value]) => value),
				[`Basic ${encoded}`],
			);
			if (!written.endsWith('=') && !written.endsWith(':')) {
				assert.doesNotMatch(outcome.body, new RegExp(encoded.replace(/[+/=]/g, '.')), 'an echo of the credential is redacted');
			}
		});
	}
});
