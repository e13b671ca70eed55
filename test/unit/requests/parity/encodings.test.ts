/**
 * Parity with REST Client: `<@encoding ./file` (README "Request Body": `<@latin1 ./demo.xml`; UTF-8 by
 * default). REST Client reads the file with Buffer.toString(encoding) (src/utils/httpRequestParser.ts
 * parseBody), replaces its variables, and sends the text as UTF-8: the encoding is the file's, not the
 * wire's. Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { parseRequestFile, requestAt } from '../../../../src/core/requests/parse';
import { resolveRequest } from '../../../../src/core/requests/resolve';
import { WireServer, sendOnWire, startWireServer, tempWorkspace } from './wire';

describe('parity: encodings', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());
	const workspace = tempWorkspace({
		// "café {{n}}" in Latin-1: é is the one byte 0xE9.
		'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x7b, 0x7b, 0x6e, 0x7d, 0x7d]),
		'utf16.txt': Buffer.from('naïve {{n}}', 'utf16le'),
		'utf8.txt': Buffer.from('crème {{n}}', 'utf8'),
	});
	const last = () => server.requests[server.requests.length - 1];

	for (const [line, file, expected] of [
		['<@latin1 ./latin1.txt', 'latin1', 'café 7'],
		['<@LATIN1 ./latin1.txt', 'LATIN1 (Node reads encoding names in any case)', 'café 7'],
		['<@utf16le ./utf16.txt', 'utf16le', 'naïve 7'],
		['<@ ./utf8.txt', 'the default, utf8', 'crème 7'],
	] as const) {
		it(`reads ${file}, replaces the variables and sends UTF-8`, async () => {
			await sendOnWire(`@n = 7\nPOST ${server.url}/enc\nContent-Type: text/plain; charset=utf-8\n\n${line}`, {
				readFile: workspace.reader(),
			});
			assert.deepEqual(last().body, Buffer.from(expected, 'utf8'));
			assert.equal(last().header('content-length'), String(Buffer.byteLength(expected)));
		});
	}

	it('sends a `<` file (no @) as bytes, whatever they encode', async () => {
		await sendOnWire(`POST ${server.url}/raw\n\n< ./latin1.txt`, { readFile: workspace.reader() });
		assert.deepEqual(last().body, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x7b, 0x7b, 0x6e, 0x7d, 0x7d]));
	});

	it('refuses an encoding Node does not have, naming the line and the ones it has', async () => {
		const file = parseRequestFile(`POST ${server.url}/enc\n\n<@koi8r ./latin1.txt\n`);
		const before = server.requests.length;
		await assert.rejects(
			resolveRequest(
				file,
				requestAt(file) as never,
				{ token: async () => '', clientId: async () => '', endpoint: () => '', readFile: workspace.reader() },
				async () => undefined,
			),
			/Line 3: "<@koi8r" names an encoding this extension does not know; use one of utf8, utf16le, ucs2, latin1, binary, ascii, base64, base64url, hex\./,
		);
		assert.equal(server.requests.length, before);
	});
});
