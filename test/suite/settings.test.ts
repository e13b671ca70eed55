import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, checkSetupFindings, probesOf, emulatorControl, emulatorRequests, emulatorUrl, withSetting } from './helpers';

const checkSetup = async () => probesOf(await checkSetupFindings());

describe('settings and Check Setup', () => {
	before(() => activateExtension());
	afterEach(() => emulatorControl('DELETE', 'faults'));

	it('reads the endpoints the runner pointed at the emulator', () => {
		const config = vscode.workspace.getConfiguration('adobeApi');
		assert.equal(config.get('imsBaseUrl'), emulatorUrl());
		assert.equal(config.get('cloudStorageBaseUrl'), `${emulatorUrl()}/v1`);
		assert.equal(config.inspect('imsBaseUrl')?.defaultValue, 'https://ims-na1.adobelogin.com');
		assert.equal(config.inspect('photoshopBaseUrl')?.defaultValue, 'https://image.adobe.io');
		assert.equal(config.inspect('cloudStorageBaseUrl')?.defaultValue, 'https://cloudstorage.adobe.io/v1');
	});

	it('Check Setup reaches the endpoints Verify uses through the lazily loaded network bundle', async () => {
		const { api } = await activateExtension();
		await emulatorControl('POST', 'reset');
		const results = await checkSetup();
		assert.deepEqual(
			results.map((r) => [r.target, r.reachable, r.status]),
			[
				['ims', true, 200],
				['photoshopV2', true, 403],
				['firefly', true, 403],
				['cloudStorage', true, 401],
			],
		);
		assert.equal(api.isNetworkLoaded(), true);
		assert.deepEqual(
			(await emulatorRequests()).map((r) => r.route).sort(),
			['firefly.customModels', 'ims.discovery', 'photoshop.status', 'storage.list'],
			'not the retired v1 hello',
		);
		assert.ok(api.logLines().some((line) => /\[checkSetup\] .*Adobe IMS is reachable/.test(line)));
	});

	it('refuses a plain-http, non-loopback endpoint with a finding naming the setting', async () => {
		await withSetting('adobeApi.imsBaseUrl', 'http://ims.example.com', async () => {
			const findings = await checkSetupFindings();
			assert.deepEqual(probesOf(findings), [], 'nothing was probed');
			assert.deepEqual(
				findings.filter((f) => f.id === 'settings').map((f) => [f.status, f.detail]),
				[
					[
						'fail',
						"The setting adobeApi.imsBaseUrl must use https:// (plain http:// is allowed only for localhost, got ims.example.com). Set it to an https:// URL, or clear it to use Adobe's production URL.",
					],
				],
			);
		});
		const results = await checkSetup();
		assert.ok(
			results.every((r) => r.reachable),
			'restoring the setting restores the clients',
		);
	});

	it('honours adobeApi.requestTimeoutSeconds', async () => {
		// 2 s, not 1: the other endpoints' probes (new connections, a busy host) must still fit in it.
		await emulatorControl('POST', 'faults', { route: 'photoshop.status', fault: { type: 'latency', ms: 5000 } });
		await withSetting('adobeApi.requestTimeoutSeconds', 2, async () => {
			const results = await checkSetup();
			const photoshop = results.find((r) => r.target === 'photoshopV2');
			assert.equal(photoshop?.reachable, false);
			assert.equal(photoshop?.message, 'The Photoshop API did not answer within 2 s. Try again, or raise adobeApi.requestTimeoutSeconds.');
			assert.ok(results.filter((r) => r.target !== 'photoshopV2').every((r) => r.reachable));
		});
	});

	it('reports an endpoint that answers with a dropped connection', async () => {
		await emulatorControl('POST', 'faults', { route: 'ims.discovery', fault: { type: 'drop' }, times: 1 });
		const ims = (await checkSetup()).find((r) => r.service === 'ims');
		assert.equal(ims?.reachable, false);
		assert.equal(
			ims?.message,
			'Adobe IMS closed the connection before the response was complete. Try again; if it keeps happening, check your network or proxy.',
		);
	});

	it('does not let a workspace redirect an endpoint (the settings are application-scoped)', async () => {
		await assert.rejects(
			Promise.resolve(
				vscode.workspace.getConfiguration('adobeApi').update('imsBaseUrl', 'https://evil.example', vscode.ConfigurationTarget.Workspace),
			),
		);
		assert.equal(vscode.workspace.getConfiguration('adobeApi').get('imsBaseUrl'), emulatorUrl());
	});
});
