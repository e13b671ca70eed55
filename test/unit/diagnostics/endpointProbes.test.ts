import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { PRODUCTION_ENDPOINTS } from '../../../src/core/common/endpoints';
import { probeBases } from '../../../src/core/diagnostics/endpointProbes';
import { createAdobeClients } from '../../../src/core/clients';
import { clientsFor, useEmulator } from '../helpers';

describe('check setup', () => {
	const env = useEmulator();

	it('probes the hosts Verify Credential uses (IMS, Photoshop API v2, Firefly, Cloud Storage), sending no credentials', async () => {
		const results = await clientsFor(env.emulator).checkEndpoints();
		assert.deepEqual(
			results.map((r) => [r.target, r.service, r.reachable, r.status]),
			[
				['ims', 'ims', true, 200],
				['photoshopV2', 'photoshop', true, 403],
				['firefly', 'photoshop', true, 403],
				['cloudStorage', 'cloudStorage', true, 401],
			],
		);
		assert.match(results[0].message, /^Adobe IMS is reachable \(HTTP 200 in \d+ ms\)\.$/);
		assert.match(results[1].message, /^Photoshop API v2 is reachable \(HTTP 403 in \d+ ms\)\.$/);
		assert.match(results[2].message, /^The Firefly API is reachable \(HTTP 403 in \d+ ms\)\.$/);
		assert.deepEqual(
			env.emulator.requests.map((r) => r.route).sort(),
			['firefly.customModels', 'ims.discovery', 'photoshop.status', 'storage.list'],
			'not the retired v1 hello',
		);
		assert.ok(env.emulator.requests.every((r) => r.clientId === undefined));
	});

	it('at Adobe, probes photoshop-api.adobe.io and firefly-api.adobe.io, never the retired v1 host image.adobe.io', () => {
		const bases = probeBases({ ...PRODUCTION_ENDPOINTS });
		assert.deepEqual(bases, {
			ims: 'https://ims-na1.adobelogin.com',
			photoshopV2: 'https://photoshop-api.adobe.io',
			firefly: 'https://firefly-api.adobe.io',
			cloudStorage: 'https://cloudstorage.adobe.io/v1',
		});
		assert.ok(!Object.values(bases).some((url) => url.includes('image.adobe.io')));
		// Pointed away from Adobe, adobeApi.photoshopBaseUrl says where both go, as for Verify and request files.
		assert.deepEqual(
			[probeBases(env.emulator.endpoints).photoshopV2, probeBases(env.emulator.endpoints).firefly],
			[env.emulator.url, env.emulator.url],
		);
	});

	it('reports an unreachable endpoint with its message and keeps checking the others', async () => {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as net.AddressInfo;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		const clients = createAdobeClients({
			endpoints: { ...env.emulator.endpoints, photoshop: `http://127.0.0.1:${port}` },
			timeoutMs: 2000,
		});
		const results = await clients.checkEndpoints();
		assert.deepEqual(
			results.map((r) => r.reachable),
			[true, false, false, true],
		);
		assert.equal(results[2].message, results[1].message, 'both APIs behind adobeApi.photoshopBaseUrl name the setting');
		assert.equal(
			results[1].message,
			`Cannot reach the Photoshop API at 127.0.0.1:${port}: the connection was refused. Check the adobeApi.photoshopBaseUrl setting and your network.`,
		);
		await clients.close();
	});
});
