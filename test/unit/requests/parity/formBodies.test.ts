/**
 * Parity with REST Client: application/x-www-form-urlencoded bodies (README "Request Body": one pair a
 * line, each starting with `&`; src/utils/httpRequestParser.ts): `&` lines joined without a line break,
 * other lines with one, then `rest-client.formParamEncodingStrategy`: `automatic` (the default) runs
 * encodeurl 1.0.2 over the body, `always` encodeURIComponent on each name and value, `never` nothing.
 * Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { encodeUrl } from '../../../../src/core/requests/compose';
import { assertLinear } from '../../linear';
import { WireServer, clientHeaders, headerLines, sendOnWire, startWireServer } from './wire';

describe('parity: formBodies', () => {
	let server: WireServer;
	before(async () => (server = await startWireServer()));
	after(() => server.close());
	const last = () => server.requests[server.requests.length - 1];
	const form = (url: string) =>
		`POST ${url}/login HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\nname=foo bar\n&password=p@ss+wörd%20x\n&note=a%zz`;

	it('joins & lines without a break and encodes what is not a URL character, keeping %XX (automatic)', async () => {
		await sendOnWire(form(server.url));
		const body = 'name=foo%20bar&password=p@ss+w%C3%B6rd%20x&note=a%25zz';
		assert.equal(last().requestLine, 'POST /login HTTP/1.1');
		assert.deepEqual(
			headerLines(last()),
			[...clientHeaders(server, body.length), 'content-type: application/x-www-form-urlencoded'].sort(),
		);
		assert.equal(last().body.toString('latin1'), body);
	});

	it('encodes each name and value with encodeURIComponent (always), so + is %2B', async () => {
		await sendOnWire(form(server.url), { formParamEncodingStrategy: 'always' });
		assert.equal(last().body.toString('latin1'), 'name=foo%20bar&password=p%40ss%2Bw%C3%B6rd%2520x&note=a%25zz');
	});

	it('sends it as written (never), the & lines still joined', async () => {
		await sendOnWire(form(server.url), { formParamEncodingStrategy: 'never' });
		assert.deepEqual(last().body, Buffer.from('name=foo bar&password=p@ss+wörd%20x&note=a%zz', 'utf8'));
	});

	it('keeps the line break before a line that does not start with &, encoded as %0A', async () => {
		await sendOnWire(`POST ${server.url}/f\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\n\na=1\nb=2\n&c=3`);
		assert.equal(last().body.toString('latin1'), 'a=1%0Ab=2&c=3');
	});

	it('encodes as encodeurl 1.0.2 does: [ ] | ^ \\ kept, ` { } " < > encoded, a bad % escaped with what follows', () => {
		assert.equal(encodeUrl('a[0]=|^\\'), 'a[0]=|^\\');
		assert.equal(encodeUrl('`{}"<>'), '%60%7B%7D%22%3C%3E');
		assert.equal(encodeUrl('%'), '%25');
		assert.equal(encodeUrl('%4'), '%4');
		assert.equal(encodeUrl('%4g'), '%254g');
		assert.equal(encodeUrl('%['), '%25%5B');
		assert.equal(encodeUrl('%41%2f'), '%41%2f');
		assert.equal(encodeUrl('\ud83d\ude00 \ud83d'), '%F0%9F%98%80%20%EF%BF%BD');
	});

	it('encodes in time linear in the body', async () => {
		await assertLinear(
			'runs of characters to encode and bad escapes',
			(n) => '%z '.repeat(n / 3) + 'a'.repeat(n / 2),
			(text) => encodeUrl(text),
			16_000,
			{ maxLargeMs: 250 },
		);
	});
});
