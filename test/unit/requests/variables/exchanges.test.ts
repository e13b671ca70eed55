/** Issue #21: the exchange send.ts returns beside the redacted outcome, and the in-memory store request variables read. */
import * as assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PRODUCTION_ENDPOINTS } from '../../../../src/core/common/endpoints';
import { HttpClient } from '../../../../src/core/common/http';
import { redact } from '../../../../src/core/common/redact';
import { MAX_STORED_EXCHANGES, MemoryExchangeStore } from '../../../../src/core/requests/exchanges';
import type { ResolvedRequest } from '../../../../src/core/requests/resolve';
import { sendRequestFileRequest } from '../../../../src/core/requests/send';
import type { RequestExchange } from '../../../../src/core/requests/types';

const SECRET = 'sk-live-0123456789abcdef0123456789abcdef';

describe('request variables: exchanges', () => {
	let server: Server;
	let base: string;
	const http = new HttpClient({ timeoutMs: 5000 });
	before(async () => {
		// Echoes the secret the request carried, as a server might.
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
			req.on('end', () => {
				res.setHeader('content-type', 'application/json');
				res.setHeader('location', `/jobs/${req.headers['x-key'] ?? 'none'}`);
				res.end(JSON.stringify({ echoed: req.headers['x-key'], body }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	after(async () => {
		await http.close();
		await new Promise((resolve) => server.close(resolve));
	});

	function request(overrides: Partial<ResolvedRequest>): ResolvedRequest {
		const headers = [{ name: 'X-Key', value: SECRET }];
		return {
			method: 'POST',
			url: `${base}/login`,
			headers,
			body: '{"user":"a"}',
			secrets: [SECRET],
			usesCredentials: false,
			display: { method: 'POST', url: `${base}/login`, headers },
			...overrides,
		};
	}

	const send = (resolved: ResolvedRequest) =>
		sendRequestFileRequest({
			http,
			endpoints: PRODUCTION_ENDPOINTS,
			resolve: async () => resolved,
			redact: (text, secrets) => redact(text, secrets),
		});

	it('returns the exchange as it was sent and received, while the outcome is redacted', async () => {
		const { outcome, exchange } = await send(request({ sensitive: true }));
		assert.doesNotMatch(outcome.body, new RegExp(SECRET));
		assert.doesNotMatch(outcome.headers.location, new RegExp(SECRET));
		assert.deepEqual(JSON.parse(exchange.response.body), { echoed: SECRET, body: '{"user":"a"}' });
		assert.equal(exchange.response.headers.location, `/jobs/${SECRET}`);
		assert.equal(exchange.response.status, 200);
		assert.deepEqual(exchange.request, { method: 'POST', url: `${base}/login`, headers: { 'x-key': SECRET }, body: '{"user":"a"}' });
		assert.equal(exchange.sensitive, true);
	});

	it('marks an exchange sensitive when it carried a credential, and not when it carried nothing', async () => {
		assert.equal((await send(request({ secrets: [] }))).exchange.sensitive, false);
		assert.equal((await send(request({ usesCredentials: true }))).exchange.sensitive, true);
	});

	it('marks an exchange with a configured endpoint sensitive (an Adobe API answer)', async () => {
		const { exchange } = await sendRequestFileRequest({
			http,
			endpoints: { ...PRODUCTION_ENDPOINTS, photoshop: base },
			resolve: async () => request({ secrets: [] }),
			redact: (text, secrets) => redact(text, secrets),
		});
		assert.equal(exchange.sensitive, true);
	});

	it('keeps the last exchange per name, and at most MAX_STORED_EXCHANGES names', () => {
		const store = new MemoryExchangeStore();
		const exchange = (status: number): RequestExchange => ({
			request: { method: 'GET', url: 'https://x.example/', headers: {} },
			response: { status, headers: {}, body: '' },
			sensitive: false,
		});
		store.set('login', exchange(401));
		store.set('login', exchange(200));
		assert.equal(store.get('login')?.response.status, 200);
		assert.equal(store.get('other'), undefined);
		for (let i = 0; i < MAX_STORED_EXCHANGES; i++) store.set(`r${i}`, exchange(i));
		assert.equal(store.names().length, MAX_STORED_EXCHANGES);
		assert.equal(store.get('login'), undefined, 'the oldest name went first');
		assert.equal(store.get(`r${MAX_STORED_EXCHANGES - 1}`)?.response.status, MAX_STORED_EXCHANGES - 1);
		store.clear();
		assert.deepEqual(store.names(), []);
	});
});
