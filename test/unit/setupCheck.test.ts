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

	it('says the Photoshop endpoint is reachable but its v1 hello retired when the hello path is gone', async () => {
		env.emulator.inject('photoshop.hello', { type: 'status', status: 404 }, 1);
		const photoshop = (await clientsFor(env.emulator).checkEndpoints()).find((r) => r.service === 'photoshop');
		assert.equal(photoshop?.reachable, true);
		assert.match(photoshop?.message ?? '', /^The Photoshop API is reachable \(HTTP 404 in \d+ ms\), but its v1 hello endpoint is retired \(Adobe ended Photoshop API v1 on 31 July 2026\); Verify Credential checks a Photoshop profile against v2\.$/);
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
