import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { createAdobeClients } from '../../src/network';
import { clientsFor, useEmulator } from './helpers';

describe('check setup', () => {
	const env = useEmulator();

	it('finds all three emulator endpoints reachable, sending no credentials', async () => {
		const results = await clientsFor(env.emulator).checkEndpoints();
		assert.deepEqual(
			results.map((r) => [r.service, r.reachable, r.status]),
			[
				['ims', true, 200],
				['photoshop', true, 403],
				['cloudStorage', true, 401],
			],
		);
		assert.match(results[0].message, /^Adobe IMS is reachable \(HTTP 200 in \d+ ms\)\.$/);
		assert.ok(env.emulator.requests.every((r) => r.clientId === undefined));
	});

	it('reports an unreachable endpoint with its message and keeps checking the others', async () => {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as net.AddressInfo;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		const clients = createAdobeClients({ endpoints: { ...env.emulator.endpoints, photoshop: `http://127.0.0.1:${port}` }, timeoutMs: 2000 });
		const results = await clients.checkEndpoints();
		assert.deepEqual(results.map((r) => r.reachable), [true, false, true]);
		assert.equal(
			results[1].message,
			`Cannot reach the Photoshop API at 127.0.0.1:${port}: the connection was refused. Check the adobeApi.photoshopBaseUrl setting and your network.`,
		);
		await clients.close();
	});
});
