import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS } from '../emulator/server';
import { Workbench, clearNotifications, hoverText, openExplorerWithProfile, runFromPalette, screenshot, treeRow } from './workbench';

describe('UI: the API explorer tree', () => {
	let workbench: Workbench;

	before(async () => {
		// Small pages keep every row on screen (the tree is a virtualised list).
		workbench = await openExplorerWithProfile('Storage demo', 'Cloud Storage', DEMO_CLIENTS.demo, { 'adobeApi.explorer.pageSize': 5 });
	});
	after(async () => {
		await workbench?.close();
	});

	it('shows the active profile, and runs the hello call when its row is clicked', async () => {
		const { page, emulator } = workbench;
		// The hello's mechanics: the emulator serves the retired Photoshop API v1 for this click.
		emulator.photoshopV1 = true;
		try {
			await treeRow(page, 'Storage demo').waitFor();
			await treeRow(page, 'Photoshop API: hello').click();
			await treeRow(page, 'Welcome to the Photoshop API!').waitFor();
			assert.equal(emulator.count('photoshop.hello'), 1);
		} finally {
			emulator.photoshopV1 = false;
		}
	});

	it('explains on the hello row that Photoshop API v1 is retired, as Adobe answers it now, and offers Verify Credential', async () => {
		const { page, emulator } = workbench;
		const before = emulator.count('photoshop.hello');
		await runFromPalette(page, 'Adobe: Call Photoshop API Hello');
		await treeRow(page, /Photoshop API: hello.*Photoshop API v1 was retired on 31 July 2026: use Verify Credential \(v2\)/).waitFor();
		assert.equal(emulator.requests.filter((r) => r.route === 'photoshop.hello').at(-1)?.status, 410);
		assert.equal(emulator.count('photoshop.hello'), before + 1);
		const toast = page.locator('.notification-toast', { hasText: 'Photoshop API v1 was retired on 31 July 2026' });
		await toast.locator('.monaco-button', { hasText: 'Verify Credential' }).waitFor();
		await clearNotifications(page);
	});

	it('expands projects and folders, and "Load more…" fetches the next page', async () => {
		const { page, emulator } = workbench;
		await treeRow(page, 'Cloud Storage').click();
		await treeRow(page, 'Product Shots').click();
		await treeRow(page, 'Archive (10,000 items)').click();
		await treeRow(page, 'IMG_00001.jpg').waitFor();
		const before = emulator.count('storage.list');
		await treeRow(page, 'Load more…').filter({ hasText: '5 shown' }).click();
		await treeRow(page, 'IMG_00010.jpg').waitFor();
		await treeRow(page, 'Load more…').filter({ hasText: '10 shown' }).waitFor();
		assert.equal(emulator.count('storage.list'), before + 1);
		await treeRow(page, 'Archive (10,000 items)').click(); // collapse, to show the whole tree in the screenshot
		await treeRow(page, 'Spring').click();
		await treeRow(page, 'shoe-01.psd').waitFor();
		await page.mouse.move(900, 400); // no hover highlight in the screenshot
		await screenshot(page, 'explorer-content');
	});

	it('turns a failed listing into one error node with its explanation', async () => {
		const { page, emulator } = workbench;
		emulator.inject('storage.list', {
			type: 'status',
			status: 403,
			body: {
				error_code: 'access_error',
				message: 'You do not have following permission(s) to perform this action on the resource: [read].',
			},
		});
		await runFromPalette(page, 'Adobe: Refresh View');
		const error = treeRow(page, /Adobe Cloud Storage denied access \(access_error/);
		await hoverText(page, error, 'Storage administrator');
		await screenshot(page, 'explorer-error');
		emulator.clearFaults();
		await runFromPalette(page, 'Adobe: Refresh View');
		await treeRow(page, 'Product Shots').waitFor();
	});
});
