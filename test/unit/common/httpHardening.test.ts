/**
 * The HTTP client against a hostile network and server: a proxy that never answers, loopback that
 * must bypass any proxy, bodies that never end, downloads that stall, and garbled Retry-After.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ASYNC_DOWNLOAD_BYTES, AdobeEmulator } from '../../emulator/server';
import { HttpClient, MAX_RETRY_AFTER_MS, parseContentLength, parseRetryAfter } from '../../../src/core/common/http';
import { DEMO_CLIENTS, FakeClock, clientsFor, closedPort, rejection, useEmulator } from '../helpers';

const demo = { clientId: DEMO_CLIENTS.demo.clientId, clientSecret: DEMO_CLIENTS.demo.clientSecret, scopes: ['openid', 'AdobeID'] };

describe('HTTP hardening', () => {
	const env = useEmulator({ largeFolderSize: 20 });
	const caller = () => ({ accessToken: env.emulator.issueToken(demo.clientId), clientId: demo.clientId });

	describe('proxies', () => {
		const proxies: TestProxy[] = [];
		const clients: HttpClient[] = [];
		const proxy = async (options: ProxyBehaviour = {}) => proxies[proxies.push(await startProxy(options)) - 1];
		const client = (http: HttpClient) => clients[clients.push(http) - 1];
		afterEach(async () => {
			// The proxies go first: a CONNECT still waiting on one ends when its socket does.
			await Promise.all(proxies.splice(0).map((p) => p.close()));
			await Promise.all(clients.splice(0).map((c) => c.close()));
		});

		it('times out by requestTimeout behind a proxy that accepts and never answers CONNECT', async () => {
			const stalled = await proxy({ stall: true });
			const http = client(new HttpClient({ timeoutMs: 400, proxy: { url: stalled.url } }));
			const started = Date.now();
			const error = await rejection(http.send({ service: 'ims', method: 'POST', url: 'https://ims.example.test/ims/token/v3', body: 'x' }));
			const elapsed = Date.now() - started;
			assert.equal(error.kind, 'timeout');
			assert.equal(error.message, 'Adobe IMS did not answer within 0.4 s. Try again, or raise adobeApi.requestTimeoutSeconds.');
			// Well short of the proxy's hang; the upper bound leaves room for a loaded machine.
			assert.ok(elapsed >= 380 && elapsed < 5000, `ended after ${elapsed} ms`);
			assert.deepEqual(stalled.connects, ['ims.example.test:443'], 'the request did go to the proxy');
		});

		it('sends block PUTs and pre-signed GETs through the proxy too, ending them by requestTimeout when it never answers', async () => {
			const stalled = await proxy({ stall: true });
			const http = client(new HttpClient({ timeoutMs: 400, proxy: { url: stalled.url } }));
			const put = await rejection(
				http.putBlock({ service: 'cloudStorage', url: 'https://blocks.example.test/u/1?sig=abc', body: Buffer.alloc(10), length: 10 }),
			);
			assert.equal(put.kind, 'timeout');
			assert.equal(put.message, 'Adobe Cloud Storage did not answer within 0.4 s. Try again, or raise adobeApi.requestTimeoutSeconds.');
			const get = await rejection(
				http.fetchBytes({ service: 'cloudStorage', url: 'https://files.example.test/f?sig=abc' }, { maxBytes: 100 }),
			);
			assert.equal(get.kind, 'timeout');
			assert.deepEqual(stalled.connects, ['blocks.example.test:443', 'files.example.test:443']);
		});

		it('cancels at once behind a proxy that never answers CONNECT', async () => {
			const stalled = await proxy({ stall: true });
			const http = client(new HttpClient({ timeoutMs: 10_000, proxy: { url: stalled.url } }));
			const abort = new AbortController();
			const pending = http.send({
				service: 'cloudStorage',
				method: 'GET',
				url: 'https://cloudstorage.example.test/v1/projects',
				signal: abort.signal,
			});
			await stalled.connected();
			const started = Date.now(); // from the cancel, not the connection to the proxy
			abort.abort();
			const error = await rejection(pending);
			assert.equal(error.kind, 'cancelled');
			assert.ok(Date.now() - started < 1000, `ended after ${Date.now() - started} ms`);
		});

		it('cancels a download at once behind a proxy that never answers CONNECT', async () => {
			const stalled = await proxy({ stall: true });
			const http = client(new HttpClient({ timeoutMs: 10_000, proxy: { url: stalled.url } }));
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-dl-'));
			const abort = new AbortController();
			const pending = http.download(
				{ service: 'cloudStorage', url: 'https://files.example.test/x.png', signal: abort.signal },
				path.join(dir, 'x.png'),
			);
			await stalled.connected();
			const started = Date.now(); // from the cancel, not the connection to the proxy
			abort.abort();
			assert.equal((await rejection(pending)).kind, 'cancelled');
			assert.ok(Date.now() - started < 1000, `ended after ${Date.now() - started} ms`);
			assert.deepEqual(fs.readdirSync(dir), []);
		});

		it('never sends a loopback request through a proxy, even from the environment with NO_PROXY empty', async () => {
			const recording = await proxy();
			const saved = { HTTP_PROXY: process.env.HTTP_PROXY, HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
			Object.assign(process.env, { HTTP_PROXY: recording.url, HTTPS_PROXY: recording.url, NO_PROXY: '' });
			try {
				const fromSetting = clientsFor(env.emulator, { proxy: { url: recording.url } });
				const fromEnvironment = clientsFor(env.emulator);
				clients.push(fromSetting.http, fromEnvironment.http);
				assert.ok((await fromSetting.ims.requestToken(demo)).accessToken);
				assert.ok((await fromEnvironment.ims.requestToken(demo)).accessToken);
			} finally {
				for (const [key, value] of Object.entries(saved)) {
					if (value === undefined) delete process.env[key];
					else process.env[key] = value;
				}
			}
			assert.equal(env.emulator.count('ims.token'), 2);
			assert.equal(recording.connections, 0);
		});

		for (const host of ['localhost', '[::1]', '127.0.0.2']) {
			it(`treats ${host} as loopback: straight to it, not to the proxy`, async () => {
				const stalled = await proxy({ stall: true });
				const http = client(new HttpClient({ timeoutMs: 5000, proxy: { url: stalled.url } }));
				const port = await closedPort();
				const error = await rejection(
					http.send({ service: 'ims', method: 'GET', url: `http://${host}:${port}/ims/.well-known/openid-configuration` }),
				);
				// Through the stalled proxy this would be a timeout; direct, the closed port refuses at once.
				assert.equal(error.kind, 'network');
				assert.equal(stalled.connections, 0);
			});
		}

		it('sends other hosts through a configured proxy, and around it for noProxy hosts', async () => {
			const emulatorPort = new URL(env.emulator.url).port;
			const recording = await proxy({ resolve: () => '127.0.0.1' });
			const endpoints = {
				ims: `http://ims.example.test:${emulatorPort}`,
				photoshop: env.emulator.url,
				cloudStorage: `${env.emulator.url}/v1`,
			};
			const viaProxy = clientsFor(withEndpoints(env.emulator, endpoints), { proxy: { url: recording.url } });
			clients.push(viaProxy.http);
			assert.ok((await viaProxy.ims.requestToken(demo)).accessToken);
			assert.deepEqual(recording.connects, [`ims.example.test:${emulatorPort}`]);

			const bypass = client(new HttpClient({ timeoutMs: 5000, proxy: { url: recording.url, noProxy: ['example.test'] } }));
			const error = await rejection(
				bypass.send({ service: 'ims', method: 'GET', url: `http://ims.example.test:${emulatorPort}/ims/.well-known/openid-configuration` }),
			);
			assert.equal(
				error.message,
				`Cannot reach Adobe IMS: the host ims.example.test:${emulatorPort} was not found. Check the adobeApi.imsBaseUrl setting, your network and proxy.`,
			);
			assert.equal(recording.connections, 1, 'the noProxy host was looked up directly');
		});

		it('names the proxy setting when the proxy is not a URL', async () => {
			const http = client(new HttpClient({ timeoutMs: 1000, proxy: { url: 'not a url' } }));
			const error = await rejection(http.send({ service: 'ims', method: 'GET', url: 'https://ims.example.test/' }));
			assert.equal(error.kind, 'config');
			assert.equal(error.setting, 'http.proxy');
		});
	});

	describe('response size caps', () => {
		it('refuses an endless text body after 10 MB instead of growing without bound', async () => {
			env.emulator.inject('photoshop.hello', { type: 'endlessBody' }, 1);
			const error = await rejection(clientsFor(env.emulator).photoshop.hello(caller()));
			assert.equal(error.kind, 'badResponse');
			assert.equal(
				error.message,
				'The Photoshop API sent more than 10 MB in one response (HTTP 200), more than any answer it should give; it was not read. Check the adobeApi.photoshopBaseUrl setting; if it points at Adobe, try again later.',
			);
			assert.match(error.requestId ?? '', /^emu-/);
		});

		it('refuses at once when content-length is over the cap, without waiting for the body', async () => {
			env.emulator.inject('storage.list', { type: 'stallBody', afterBytes: 0, contentLength: 20 * 1024 * 1024 }, 1);
			const started = Date.now();
			const error = await rejection(
				clientsFor(env.emulator, { timeoutMs: 5000 }).cloudStorage.firstPage(caller(), { assetType: 'projects' }),
			);
			assert.equal(error.kind, 'badResponse');
			assert.match(error.message, /^Adobe Cloud Storage sent more than 10 MB in one response/);
			assert.ok(Date.now() - started < 2000, 'did not wait for the stalled body');
		});

		it('caps a rendition at 50 MB', async () => {
			const image = [...env.emulator.content.byId.values()].find((a) => a.mediaType === 'image/png') ?? assert.fail('no png');
			env.emulator.inject('storage.rendition', { type: 'endlessBody' }, 1);
			const error = await rejection(clientsFor(env.emulator).cloudStorage.rendition(caller(), image.assetId, 64));
			assert.equal(error.kind, 'badResponse');
			assert.match(error.message, /^Adobe Cloud Storage sent more than 50 MB in one response \(HTTP 200\)/);
		});
	});

	describe('downloads', () => {
		const smallFile = () =>
			[...env.emulator.content.byId.values()].find(
				(a) => a.assetType === 'file' && (a.size ?? 0) < ASYNC_DOWNLOAD_BYTES && (a.size ?? 0) > 100_000,
			) ?? assert.fail('no small file');
		const linkFor = async () => (await clientsFor(env.emulator).cloudStorage.downloadLink(caller(), smallFile().assetId)).url;

		it('fails a download that stalls mid-stream after the request timeout, removing the partial file', async () => {
			const url = await linkFor();
			env.emulator.inject('download.content', { type: 'stallBody', afterBytes: 4096, contentLength: 100_000 }, 1);
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-dl-'));
			const received: number[] = [];
			const http = new HttpClient({ timeoutMs: 1000 }); // long enough that a loaded machine gets the headers in time
			const error = await rejection(
				http.download({ service: 'cloudStorage', url }, path.join(dir, 'x.bin'), (bytes) => received.push(bytes)),
			);
			await http.close();
			assert.equal(error.kind, 'timeout');
			assert.equal(
				error.message,
				'The download from Adobe Cloud Storage stalled: no data arrived for 1 s. The partial file was removed; try again, or raise adobeApi.requestTimeoutSeconds.',
			);
			assert.equal(received.at(-1), 4096, 'the first bytes did arrive');
			assert.deepEqual(fs.readdirSync(dir), []);
		});

		it('ends a download that trickles on forever at the overall deadline', async () => {
			const url = await linkFor();
			env.emulator.inject('download.content', { type: 'endlessBody', intervalMs: 20 }, 1);
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-dl-'));
			// The stall timeout is longer than the deadline, so only the deadline can end it, even on a loaded machine.
			const http = new HttpClient({ timeoutMs: 2000, downloadDeadlineMs: 600 });
			const error = await rejection(http.download({ service: 'cloudStorage', url }, path.join(dir, 'x.bin')));
			await http.close();
			assert.equal(error.kind, 'timeout');
			assert.equal(
				error.message,
				'The download from Adobe Cloud Storage did not finish within 0.6 s. The partial file was removed; try again on a faster connection.',
			);
			assert.deepEqual(fs.readdirSync(dir), []);
		});

		it('cancels a stalled download and removes the partial file', async () => {
			const url = await linkFor();
			env.emulator.inject('download.content', { type: 'stallBody', afterBytes: 4096 }, 1);
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-dl-'));
			const abort = new AbortController();
			const http = new HttpClient({ timeoutMs: 10_000 });
			const error = await rejection(
				http.download({ service: 'cloudStorage', url, signal: abort.signal }, path.join(dir, 'x.bin'), () => abort.abort()),
			);
			await http.close();
			assert.equal(error.kind, 'cancelled');
			assert.deepEqual(fs.readdirSync(dir), []);
		});
	});

	describe('Retry-After', () => {
		const now = Date.parse('1994-11-06T08:49:07Z');

		it('reads delta-seconds', () => {
			assert.equal(parseRetryAfter('120', now), 120_000);
			assert.equal(parseRetryAfter(' 0 ', now), 0);
		});

		it('reads all three HTTP-date forms as GMT', () => {
			assert.equal(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now), 30_000);
			assert.equal(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now), 30_000);
			assert.equal(parseRetryAfter('Sun Nov  6 08:49:37 1994', now), 30_000);
		});

		it('never waits less than nothing, nor more than MAX_RETRY_AFTER_MS', () => {
			assert.equal(MAX_RETRY_AFTER_MS, 3_600_000);
			assert.equal(parseRetryAfter('Sat, 05 Nov 1994 08:49:37 GMT', now), 0);
			assert.equal(parseRetryAfter('Fri, 01 Jan 2999 00:00:00 GMT', now), MAX_RETRY_AFTER_MS);
			assert.equal(parseRetryAfter('99999999999999999999999', now), MAX_RETRY_AFTER_MS);
		});

		for (const garbled of [
			'5, 5',
			'-5',
			'1.5e3',
			'1.5',
			'',
			'  ',
			'0x10',
			'soon',
			'Sun, 31 Feb 1994 08:49:37 GMT',
			'Sun, 06 Nov 1994 25:00:00 GMT',
			'Sun, 06 Nov 1994 08:49:37 PST',
			'2026-11-23T12:00:00Z',
		]) {
			it(`ignores ${JSON.stringify(garbled)} rather than retrying at once`, () => {
				assert.equal(parseRetryAfter(garbled, now), undefined);
			});
		}

		it('reaches callers capped: a 429 asking for year 2999 reports an hour, a garbled one no wait at all', async () => {
			const clock = new FakeClock();
			env.emulator.inject('photoshop.hello', { type: 'status', status: 429, retryAfter: 'Fri, 01 Jan 2999 00:00:00 GMT' }, 1);
			const capped = await rejection(clientsFor(env.emulator, { clock }).photoshop.hello(caller()));
			assert.equal(capped.retryAfterMs, MAX_RETRY_AFTER_MS);
			assert.equal(capped.message, 'The Photoshop API is rate limiting requests (HTTP 429). Try again in 3600 s.');

			env.emulator.inject('photoshop.hello', { type: 'status', status: 429, retryAfter: '5, 5' }, 1);
			const garbled = await rejection(clientsFor(env.emulator, { clock }).photoshop.hello(caller()));
			assert.equal(garbled.retryAfterMs, undefined);
			assert.equal(garbled.message, 'The Photoshop API is rate limiting requests (HTTP 429). Wait a moment and try again.');
		});

		it("still waits at most the retry policy's maxDelayMs, whatever the server asks", async () => {
			const clock = new FakeClock();
			env.emulator.inject('storage.list', { type: 'status', status: 429, retryAfter: 'Fri, 01 Jan 2999 00:00:00 GMT' }, 1);
			await clientsFor(env.emulator, { clock }).cloudStorage.firstPage(
				caller(),
				{ assetType: 'projects' },
				{ retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 5000 } },
			);
			assert.deepEqual(clock.sleeps, [5000]);
		});
	});

	describe('numbers the server sends', () => {
		it('reads content-length only as a plain byte count', () => {
			assert.equal(parseContentLength('1234'), 1234);
			for (const bad of ['-1', '1e3', '12, 12', '', '99999999999999999', undefined, ['1', '2']]) {
				assert.equal(parseContentLength(bad), undefined, String(bad));
			}
		});

		it('keeps a listed size only when it is a byte count, and a name only when it is text', async () => {
			const item = (assetId: string, extra: object) => ({ assetId, assetType: 'file', name: assetId, ...extra });
			env.emulator.inject(
				'storage.list',
				{
					type: 'status',
					status: 200,
					body: {
						items: [
							item('a', { size: -1 }),
							item('b', { size: 1e300 }),
							item('c', { size: '12' }),
							item('d', { size: 1.5 }),
							item('e', { size: 42, name: 7, ancestors: [1] }),
						],
					},
				},
				1,
			);
			const page = await clientsFor(env.emulator).cloudStorage.firstPage(caller(), { assetType: 'projects' });
			assert.deepEqual(
				page.items.map((i) => [i.assetId, i.name, i.size, i.ancestors]),
				[
					['a', 'a', undefined, undefined],
					['b', 'b', undefined, undefined],
					['c', 'c', undefined, undefined],
					['d', 'd', undefined, undefined],
					['e', 'e', 42, undefined],
				],
			);
		});

		it('refuses a listing whose item has no assetId', async () => {
			env.emulator.inject('storage.list', { type: 'status', status: 200, body: { items: [{ name: 'x', assetType: 'file' }] } }, 1);
			const error = await rejection(clientsFor(env.emulator).cloudStorage.firstPage(caller(), { assetType: 'projects' }));
			assert.equal(error.message, 'Adobe Cloud Storage sent an unexpected response (HTTP 200): an item has no assetId.');
		});

		it('drops a download link size that is not a byte count', async () => {
			env.emulator.inject(
				'storage.download',
				{ type: 'status', status: 200, body: { url: 'https://files.example.test/x', size: -5, mediaType: 3 } },
				1,
			);
			const file = [...env.emulator.content.byId.values()].find((a) => a.assetType === 'file') ?? assert.fail('no file');
			const link = await clientsFor(env.emulator).cloudStorage.downloadLink(caller(), file.assetId);
			assert.deepEqual(link, { url: 'https://files.example.test/x', urlExpirationDate: undefined, size: undefined, mediaType: undefined });
		});

		it('polls a download job no faster than every half second, even when told "0"', async () => {
			const file =
				[...env.emulator.content.byId.values()].find((a) => a.assetType === 'file' && (a.size ?? 0) >= ASYNC_DOWNLOAD_BYTES) ??
				assert.fail('no large file');
			env.emulator.inject('storage.download', { type: 'status', status: 202, retryAfter: 0, body: { jobId: 'job-1' } }, 1);
			env.emulator.inject(
				'storage.status',
				{ type: 'status', status: 200, body: { status: 'succeeded', downloadResponse: { url: 'https://files.example.test/x' } } },
				1,
			);
			const clock = new FakeClock();
			await clientsFor(env.emulator, { clock }).cloudStorage.downloadLink(caller(), file.assetId);
			assert.deepEqual(clock.sleeps, [500]);
		});
	});
});

/** The emulator with some endpoints renamed (a proxy resolves the names), everything else as it is. */
function withEndpoints(emulator: AdobeEmulator, endpoints: AdobeEmulator['endpoints']): AdobeEmulator {
	return Object.create(emulator, { endpoints: { value: endpoints } }) as AdobeEmulator;
}

interface ProxyBehaviour {
	/** Accept connections and never answer. */
	stall?: boolean;
	/** Where a CONNECT target's host really is (the proxy does the DNS, as a real one would). */
	resolve?: (host: string) => string;
}

interface TestProxy {
	url: string;
	/** TCP connections accepted. */
	readonly connections: number;
	/** CONNECT targets asked for, in order. */
	connects: string[];
	/** Resolves once a CONNECT has arrived. */
	connected(): Promise<void>;
	close(): Promise<void>;
}

/** A minimal HTTP CONNECT proxy on loopback that records what it is asked, optionally never answering. */
async function startProxy(behaviour: ProxyBehaviour): Promise<TestProxy> {
	const connects: string[] = [];
	const sockets = new Set<net.Socket>();
	let connections = 0;
	let onConnect: () => void = () => undefined;
	const firstConnect = new Promise<void>((resolve) => (onConnect = resolve));
	const server = net.createServer((client) => {
		connections++;
		sockets.add(client);
		client.on('error', () => client.destroy());
		client.once('data', (chunk) => {
			const match = /^CONNECT (\S+) HTTP\/1\.1/.exec(chunk.toString('latin1'));
			if (match) connects.push(match[1]);
			onConnect();
			if (behaviour.stall) return;
			if (!match) {
				client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
				return;
			}
			const [host, port] = match[1].split(':');
			const upstream = net.connect(Number(port), behaviour.resolve?.(host) ?? host, () => {
				client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				upstream.pipe(client);
				client.pipe(upstream);
			});
			sockets.add(upstream);
			upstream.on('error', () => client.destroy());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		get connections() {
			return connections;
		},
		connects,
		connected: () => firstConnect,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
