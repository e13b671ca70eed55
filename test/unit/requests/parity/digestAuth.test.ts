/**
 * Parity with REST Client: Digest authentication (README "Digest Auth": `Authorization: Digest user passwd`;
 * src/utils/auth/digest.ts): the header is not sent; a 401 with a Digest challenge gets one answer, its
 * parameters in REST Client's order and quoting. MD5 and MD5-sess as REST Client computes them,
 * SHA-256 per RFC 7616 (REST Client would use MD5 there). Asserted on the wire.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { digestAuthorization, digestChallengeOf } from '../../../../src/core/requests/send';
import { WireRequest, WireServer, sendOnWire, startWireServer } from './wire';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** The parameters of a Digest Authorization header (the test's own reading). */
function paramsOf(header: string): Record<string, string> {
	const params: Record<string, string> = {};
	for (const part of header.replace(/^Digest /, '').split(', ')) {
		const equals = part.indexOf('=');
		params[part.slice(0, equals)] = part.slice(equals + 1).replace(/^"|"$/g, '');
	}
	return params;
}

describe('parity: digestAuth', () => {
	const challenge =
		'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
	let server: WireServer;
	/** How the server answers the next requests, in order; 200 once it runs out. */
	let queue: Array<{ status: number; headers?: Record<string, string> }> = [];
	before(async () => (server = await startWireServer(() => queue.shift() ?? { status: 200 })));
	after(() => server.close());
	/** Runs `send` with the server answering `answers` first; returns the requests it got. */
	async function scripted(answers: typeof queue, send: () => Promise<unknown>): Promise<WireRequest[]> {
		const start = server.requests.length;
		queue = [...answers];
		await send();
		return server.requests.slice(start);
	}

	it("answers the challenge once: no Authorization first, then REST Client's header with the right response", async () => {
		const requests = await scripted([{ status: 401, headers: { 'www-authenticate': challenge } }, { status: 200 }], () =>
			sendOnWire(`GET ${server.url}/dir/index.html?a=1\nAuthorization: Digest Mufasa Circle Of Life`),
		);
		assert.equal(requests.length, 2);
		assert.equal(requests[0].header('authorization'), undefined, 'the user name and password are never sent as written');
		assert.equal(requests[1].requestLine, 'GET /dir/index.html?a=1 HTTP/1.1');
		const header = requests[1].header('authorization') as string;
		const p = paramsOf(header);
		assert.match(
			header,
			/^Digest username="Mufasa", realm="testrealm@host\.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="\/dir\/index\.html\?a=1", qop=auth, response="[0-9a-f]{32}", nc=00000001, cnonce="[0-9a-f]{32}", opaque="5ccc069c403ebaf9f0171e9517f40e41"$/,
		);
		const ha1 = md5('Mufasa:testrealm@host.com:Circle Of Life');
		const ha2 = md5('GET:/dir/index.html?a=1');
		assert.equal(p.response, md5(`${ha1}:${p.nonce}:00000001:${p.cnonce}:auth:${ha2}`));
	});

	it('shows a second 401 as it came (one answer only), and does not answer a 401 without a Digest challenge', async () => {
		const twice = await scripted(
			[
				{ status: 401, headers: { 'www-authenticate': challenge } },
				{ status: 401, headers: { 'www-authenticate': challenge } },
			],
			() => sendOnWire(`GET ${server.url}/x\nAuthorization: Digest user wrong`),
		);
		assert.equal(twice.length, 2);
		const basic = await scripted([{ status: 401, headers: { 'www-authenticate': 'Basic realm="x"' } }], () =>
			sendOnWire(`GET ${server.url}/y\nAuthorization: Digest user pass`),
		);
		assert.equal(basic.length, 1);
	});

	it("computes RFC 7616's examples (section 3.9.1) for MD5 and SHA-256", () => {
		const rfc = {
			realm: 'http-auth@example.org',
			nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
			qop: 'auth, auth-int',
			opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
		};
		const url = new URL('https://example.org/dir/index.html');
		const cnonce = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
		const credentials = { username: 'Mufasa', password: 'Circle of Life' };
		const md5Header = digestAuthorization({ ...rfc, algorithm: 'MD5' }, credentials, 'GET', url, cnonce) as string;
		assert.equal(paramsOf(md5Header).response, '8ca523f5e9506fed4657c9700eebdbec');
		const shaHeader = digestAuthorization({ ...rfc, algorithm: 'SHA-256' }, credentials, 'GET', url, cnonce) as string;
		assert.equal(paramsOf(shaHeader).response, '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
		assert.match(shaHeader, /, algorithm=SHA-256, opaque="/);
	});

	it('computes MD5-sess and the no-qop form as REST Client does, and refuses what it cannot answer', () => {
		const url = new URL('http://h/p');
		const base = { realm: 'r', nonce: 'n', opaque: '' };
		const sess = paramsOf(
			digestAuthorization({ ...base, qop: 'auth', algorithm: 'MD5-sess' }, { username: 'u', password: 'p' }, 'POST', url, 'c') as string,
		);
		const ha1 = md5(`${md5('u:r:p')}:n:c`);
		assert.equal(sess.response, md5(`${ha1}:n:00000001:c:auth:${md5('POST:/p')}`));
		const plain = digestAuthorization({ ...base, qop: '', algorithm: '' }, { username: 'u', password: 'p' }, 'GET', url, 'c') as string;
		assert.equal(plain, `Digest username="u", realm="r", nonce="n", uri="/p", response="${md5(`${md5('u:r:p')}:n:${md5('GET:/p')}`)}"`);
		assert.equal(digestAuthorization({ ...base, qop: 'auth-int', algorithm: '' }, { username: 'u', password: 'p' }, 'GET', url), undefined);
		assert.equal(
			digestAuthorization({ ...base, qop: 'auth', algorithm: 'SHA-512-256' }, { username: 'u', password: 'p' }, 'GET', url),
			undefined,
		);
	});

	it('reads a challenge in one pass, and none longer than 8192 characters', () => {
		assert.deepEqual(digestChallengeOf('Digest realm="a, b", nonce=xyz,qop="auth"'), {
			realm: 'a, b',
			nonce: 'xyz',
			qop: 'auth',
			algorithm: '',
			opaque: '',
		});
		assert.equal(digestChallengeOf('Basic realm="a"'), undefined);
		assert.equal(digestChallengeOf(`Digest realm="a", nonce="${'x'.repeat(9000)}"`), undefined);
		// The scan looks at each character once; REST Client's pattern tried every start in a run of name characters again.
		const started = performance.now();
		for (let i = 0; i < 100; i++) digestChallengeOf(`Digest ${'a'.repeat(8000)}`);
		assert.ok(performance.now() - started < 2000, 'a hundred worst cases in well under two seconds');
	});
});
