/**
 * Parity with REST Client: multipart/form-data bodies (README "Request Body"; src/utils/httpRequestParser.ts
 * parseBody): lines joined with CRLF, `< ./file` parts read from the file as bytes; with a file line,
 * every line including the last is followed by CRLF, without one the last is not. Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { WireServer, clientHeaders, headerLines, sendOnWire, startWireServer, tempWorkspace } from './wire';

describe('parity: multipart', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());
	// Every byte value, so a text decoding anywhere on the way would show.
	const png = Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
	]);
	const workspace = tempWorkspace({ 'images/1.png': png });
	const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';

	it("sends README's mixed body: CRLF line breaks, the file's bytes as they are, CRLF after the last line", async () => {
		const text = [
			`POST ${server.url}/user/upload`,
			`Content-Type: multipart/form-data; boundary=${boundary}`,
			'',
			`--${boundary}`,
			'Content-Disposition: form-data; name="text"',
			'',
			'title',
			`--${boundary}`,
			'Content-Disposition: form-data; name="image"; filename="1.png"',
			'Content-Type: image/png',
			'',
			'< ./images/1.png',
			`--${boundary}--`,
		].join('\n');
		const { resolved } = await sendOnWire(text, { readFile: workspace.reader() });
		const expected = Buffer.concat([
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\ntitle\r\n--${boundary}\r\n` +
					'Content-Disposition: form-data; name="image"; filename="1.png"\r\nContent-Type: image/png\r\n\r\n',
			),
			png,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		const request = server.requests[server.requests.length - 1];
		assert.equal(request.requestLine, 'POST /user/upload HTTP/1.1');
		assert.deepEqual(
			headerLines(request),
			[...clientHeaders(server, expected.length), `content-type: multipart/form-data; boundary=${boundary}`].sort(),
		);
		assert.deepEqual(request.body, expected);
		assert.equal(resolved.display.body?.includes('< ./images/1.png'), true, 'the request is shown as written');
	});

	it('joins a body without a file line with CRLF, and adds none after the last line', async () => {
		const text = `POST ${server.url}/form\r\nContent-Type: multipart/form-data; boundary=abc\r\n\r\n--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--abc--\r\n`;
		await sendOnWire(text.replace(/\r\n/g, '\n'));
		const request = server.requests[server.requests.length - 1];
		assert.equal(request.body.toString('latin1'), '--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--abc--');
	});

	it('joins other bodies with \\n (REST Client: the platform line break)', async () => {
		await sendOnWire(`POST ${server.url}/text\nContent-Type: text/plain\n\nline 1\nline 2`);
		assert.equal(server.requests[server.requests.length - 1].body.toString('latin1'), 'line 1\nline 2');
	});
});
