import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS } from '../emulator/server';
import { Workbench, hoverText, openExplorerWithProfile, screenshot, treeRow } from './workbench';

describe('UI: Cloud Storage listings as Adobe documents them', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openExplorerWithProfile('No storage role', 'Cloud Storage', DEMO_CLIENTS.storageDenied);
	});
	after(async () => {
		await workbench?.close();
	});

	it("explains an empty project list with the Technical Account setup, Check Setup and Adobe's guide", async () => {
		const { page, emulator } = workbench;
		// The label starts the row; other rows may mention "Cloud Storage" in their description.
		await treeRow(page, /^Cloud Storage/).click();
		const advice = treeRow(page, 'No projects: is the Technical Account a Storage administrator?');
		await treeRow(page, "Open Adobe's Technical Account setup guide").waitFor();
		await hoverText(page, advice, 'product profile that includes Enterprise Storage');
		await screenshot(page, 'explorer-no-projects');
		assert.deepEqual(
			emulator.requests.filter((r) => r.route === 'storage.list').map((r) => r.status),
			[200],
			'Adobe answers an empty list, not 403',
		);
	});

	it('offers the project list only the filters Adobe accepts for it', async () => {
		const { page } = workbench;
		await treeRow(page, /^Cloud Storage/).hover();
		await treeRow(page, /^Cloud Storage/)
			.locator('.action-label[aria-label^="Filter"]')
			.click();
		const options = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
		await options.filter({ hasText: 'Shared with this credential' }).waitFor();
		const labels = await options.allInnerTexts();
		assert.ok(
			labels.some((l) => l.includes('createdBy==current_user')),
			labels.join(' | '),
		);
		assert.ok(!labels.some((l) => /mediaType|assetType/.test(l)), `no children-only filter on the project list: ${labels.join(' | ')}`);
		await screenshot(page, 'explorer-filter-projects');
		await page.keyboard.press('Escape');
	});
});
