/**
 * HttpClient's transfers to and from pre-signed URLs (#19): putBlock (a block of an upload) and
 * fetchBytes / downloadTo (a file's bytes), against a local server that records what it got and
 * misbehaves on demand: no credentials go out, a body that is not the length promised is refused, a
 * stalled or silent server ends in time, and the URL's signature never reaches a message or the log.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { HttpClient } from '../../../src/core/common/http';
import { assertNoLeak, rejection } from '../helpers';

interface Received {
	method?: string;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, received: Received) => void | Promise<void>;

describe('HTTP transfers to pre-signed URLs', () => {
	let server: http.Server;
	let base: string;
	let behaviour: Behaviour;
	let received: Received[];
	const clients: HttpClient[] = [];
	const lines: string[] = [];
	const client = (timeoutMs = 5000) => {
		const record = (message: string) => lines.push(message);
		return clients[
			clients.push(new HttpClient({ timeoutMs, logger: { trace: record, debug: record, info: record, warn: record, error: record } })) - 1
		];
	};
	const SIG = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
	const url = (path = '/bucket/block-1') => `${base}${path}?X-Amz-Signature=${SIG}&X-Amz-Expires=3600`;

	/** Reads the whole body, then answers 200. */
	const accept: Behaviour = async (req, res, got) => {
		for await (const chunk of req) got.body = Buffer.concat([got.body, chunk as Buffer]);
		res.writeHead(200, { etag: '"abc"' });
		res.end();
	};

	before(async () => {
		server = http.createServer((req, res) => {
			const got: Received = { method: req.method, headers: req.headers, body: Buffer.alloc(0) };
			received.push(got);
			void behaviour(req, res, got);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	beforeEach(() => {
		received = [];
		lines.length = 0;
		behaviour = accept;
	});
	afterEach(async () => {
		await Promise.all(clients.splice(0).map((c) => c.close()));
	});
	after(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	describe('putBlock', () => {
		it('sends the block with content-length and no credentials, from a stream or a Buffer, reporting progress', async () => {
			const bytes = Buffer.alloc(300_000, 9);
			const progress: number[] = [];
			const answer = await client().putBlock({
				service: 'cloudStorage',
				url: url(),
				body: Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]),
				length: bytes.length,
				onProgress: (sent) => progress.push(sent),
			});
			assert.deepEqual(answer, { status: 200, etag: '"abc"' });
			await client().putBlock({ service: 'cloudStorage', url: url(), body: bytes, length: bytes.length });
			for (const got of received) {
				assert.equal(got.method, 'PUT');
				assert.deepEqual(got.body, bytes);
				assert.equal(got.headers['content-length'], String(bytes.length));
				assert.equal(got.headers.authorization, undefined);
				assert.equal(got.headers['x-api-key'], undefined);
				assert.deepEqual(Object.keys(got.headers).sort(), ['connection', 'content-length', 'host', 'user-agent']);
			}
			assert.equal(progress.at(-1), bytes.length);
			assertNoLeak([SIG], lines.join('\n'));
			assert.match(lines.join('\n'), /PUT http:\/\/127\.0\.0\.1:\d+\/bucket\/block-1\?… → 200, 300000 bytes/);
		});

		it('refuses a source that gives fewer or more bytes than promised, or fails while read, as a local problem', async () => {
			const short = await rejection(
				client().putBlock({ service: 'cloudStorage', url: url(), body: Readable.from([Buffer.alloc(10)]), length: 20 }),
			);
			assert.equal(short.kind, 'invalidInput');
			assert.match(short.message, /could not be read \(it ended after 10 of the 20 bytes expected\)\. Nothing was saved/);
			const long = await rejection(
				client().putBlock({ service: 'cloudStorage', url: url(), body: Readable.from([Buffer.alloc(30)]), length: 20 }),
			);
			assert.match(long.message, /more than the 20 bytes expected/);
			const broken = new Readable({
				read() {
					this.destroy(new Error('EIO: i/o error, read'));
				},
			});
			const failed = await rejection(client().putBlock({ service: 'cloudStorage', url: url(), body: broken, length: 20 }));
			assert.equal(failed.kind, 'invalidInput');
			assert.match(failed.message, /EIO: i\/o error, read/);
		});

		it('says a storage refusal with its code only: an S3 error body quotes the signature, which stays out', async () => {
			behaviour = (_req, res) => {
				res.writeHead(403, { 'content-type': 'application/xml', 'x-amz-request-id': 'R123' });
				res.end(`<Error><Code>SignatureDoesNotMatch</Code><Message>bad</Message><SignatureProvided>${SIG}</SignatureProvided></Error>`);
			};
			const error = await rejection(client().putBlock({ service: 'cloudStorage', url: url(), body: Buffer.alloc(10), length: 10 }));
			assert.equal(error.status, 403);
			assert.equal(error.code, 'SignatureDoesNotMatch');
			assert.equal(error.requestId, 'R123');
			assert.equal(
				error.message,
				'Adobe Cloud Storage refused a block of the upload (HTTP 403, SignatureDoesNotMatch); the upload link may have expired. Nothing was saved; try again.',
			);
			assertNoLeak([SIG], error, lines.join('\n'));
		});

		it('ends an upload the server stops reading after the request timeout', async function () {
			this.timeout(15_000);
			behaviour = (req) => {
				req.pause();
			};
			const size = 64 * 1024 * 1024;
			const chunk = Buffer.alloc(64 * 1024);
			const body = Readable.from(
				(function* () {
					for (let at = 0; at < size; at += chunk.length) yield chunk;
				})(),
			);
			const started = Date.now();
			const error = await rejection(client(500).putBlock({ service: 'cloudStorage', url: url(), body, length: size }));
			assert.equal(error.kind, 'timeout');
			assert.equal(
				error.message,
				'The upload to Adobe Cloud Storage stalled: no data was accepted for 0.5 s. Nothing was saved; try again, or raise adobeApi.requestTimeoutSeconds.',
			);
			assert.ok(Date.now() - started < 10_000);
		});

		it('ends when the answer does not come after the last byte, and at once on Cancel', async () => {
			behaviour = async (req) => {
				for await (const _ of req) void _;
			};
			const silent = await rejection(client(400).putBlock({ service: 'cloudStorage', url: url(), body: Buffer.alloc(10), length: 10 }));
			assert.equal(silent.kind, 'timeout');
			assert.match(silent.message, /did not answer within 0\.4 s/);
			const abort = new AbortController();
			const pending = client().putBlock({ service: 'cloudStorage', url: url(), body: Buffer.alloc(10), length: 10, signal: abort.signal });
			while (received.length < 2) await new Promise((resolve) => setImmediate(resolve));
			abort.abort();
			const cancelled = await rejection(pending);
			assert.equal(cancelled.kind, 'cancelled');
		});
	});

	describe('fetchBytes and downloadTo', () => {
		it('refuses a body without content-length as soon as it passes the limit', async () => {
			behaviour = (_req, res) => {
				res.writeHead(200, { 'content-type': 'application/octet-stream' });
				const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024)), 1);
				res.on('close', () => clearInterval(timer));
			};
			const error = await rejection(client().fetchBytes({ service: 'cloudStorage', url: url('/file') }, { maxBytes: 1024 * 1024 }));
			assert.equal(error.code, 'too_large');
			assert.equal(
				error.message,
				'The file is larger than 1 MB, the most that is read into memory here; it was not read. Download it to disk instead.',
			);
		});

		it('streams into any writable, with progress, without credentials; a refusal names no signature', async () => {
			behaviour = (_req, res) => {
				res.writeHead(200, { 'content-length': '200000' });
				res.end(Buffer.alloc(200_000, 1));
			};
			let size = 0;
			const progress: Array<[number, number | undefined]> = [];
			const sink = () =>
				new Writable({
					write(chunk: Buffer, _encoding, done) {
						size += chunk.length;
						done();
					},
				});
			const result = await client().downloadTo({ service: 'cloudStorage', url: url('/file') }, sink, {
				onProgress: (bytes, total) => progress.push([bytes, total]),
			});
			assert.deepEqual(result, { bytes: 200_000, status: 200 });
			assert.equal(size, 200_000);
			assert.deepEqual(progress.at(-1), [200_000, 200_000]);
			assert.equal(received[0].headers.authorization, undefined);
			behaviour = (_req, res) => {
				res.writeHead(403);
				res.end(`<Error><Code>AccessDenied</Code><Message>${SIG}</Message></Error>`);
			};
			const error = await rejection(client().fetchBytes({ service: 'cloudStorage', url: url('/file') }, { maxBytes: 10 }));
			assert.equal(error.status, 403);
			assertNoLeak([SIG], error, lines.join('\n'));
		});
	});
});
