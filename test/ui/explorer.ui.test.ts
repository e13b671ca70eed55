import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Workbench, clearNotifications, notification, openWorkbench, runFromPalette, screenshot } from './workbench';

describe('UI: the Adobe API Toolkit view in a real workbench', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openWorkbench();
	});
	after(async () => {
		await workbench?.close();
	});

	it('opens our view from its activity-bar icon, showing the welcome content', async () => {
		const { page } = workbench;
		const icon = page.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe API Toolkit"]').first();
		await icon.click();
		const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /Explorer/i }) }).filter({ hasText: 'Check Setup' });
		await pane.first().waitFor();
		assert.ok(await page.locator('.sidebar .title-label', { hasText: /Adobe API Toolkit/i }).first().isVisible());
		const welcome = page.locator('.welcome-view-content', { hasText: "They are kept in VS Code's secret storage only." });
		for (const button of ['Add Profile', 'Import Credentials', 'Check Setup']) await welcome.locator('a.monaco-button', { hasText: button }).waitFor();
		await welcome.waitFor();
		const file = await screenshot(page, 'explorer-welcome');
		assert.ok(fs.statSync(file).size > 10_000);
	});

	it('runs Check Setup from the welcome button and reports the emulator reachable', async () => {
		const { page, emulator } = workbench;
		emulator.reset();
		await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Check Setup' }).first().click();
		const toast = await notification(page, /All 3 Adobe endpoints are reachable/);
		await page.locator('.notifications-toasts .notification-toast', { hasText: 'checking endpoints' }).waitFor({ state: 'detached' });
		assert.match((await toast.innerText()) ?? '', /Adobe IMS \d+ ms, Photoshop API \d+ ms, Adobe Cloud Storage \d+ ms/);
		assert.equal(emulator.count('ims.discovery'), 1);
		await screenshot(page, 'check-setup-ok');
	});

	it('runs Adobe: Check Setup from the command palette and shows a failing endpoint', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		emulator.reset();
		emulator.inject('storage.list', { type: 'drop' });
		await runFromPalette(page, 'Adobe: Check Setup');
		const toast = await notification(page, /1 of 3 Adobe endpoints failed/);
		await page.locator('.notifications-toasts .notification-toast', { hasText: 'checking endpoints' }).waitFor({ state: 'detached' });
		assert.match(await toast.innerText(), /Adobe Cloud Storage closed the connection before the response was complete/);
		await screenshot(page, 'check-setup-failure');
	});
});
