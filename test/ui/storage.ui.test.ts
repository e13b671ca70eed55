import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_CLIENTS } from '../emulator/server';
import {
	Workbench,
	clearNotifications,
	closeHovers,
	notification,
	openExplorerWithProfile,
	runFromPalette,
	screenshot,
	treeRow,
} from './workbench';

/** Expands a row of our tree unless it is expanded already. */
async function expand(page: Page, text: string | RegExp): Promise<void> {
	const row = treeRow(page, text);
	await row.waitFor();
	if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
	await treeRow(page, text).and(page.locator('[aria-expanded="true"]')).waitFor();
}

/** A row of VS Code's own Explorer (the workspace folder's files). */
function explorerRow(page: Page, name: string) {
	return page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
}

/** Picks an item of the open quick pick by its label. */
async function pick(page: Page, label: string | RegExp): Promise<void> {
	const input = page.locator('.quick-input-widget input');
	await input.waitFor();
	if (typeof label === 'string') await input.fill(label);
	await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().click();
}

/**
 * Cloud Storage writes as a user makes them (issue #19): the storage commands in a folder's context menu,
 * two files dragged from VS Code's Explorer onto a folder of our tree (one progress notification, then the
 * files in the tree), and a text file opened from the tree, edited and saved back through adobe-storage:.
 */
describe('UI: Cloud Storage writes from the tree', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openExplorerWithProfile('Storage writes', 'Cloud Storage', DEMO_CLIENTS.demo);
	});
	after(async () => {
		await workbench?.close();
	});

	it("offers the storage commands in a folder's context menu", async () => {
		const { page } = workbench;
		await expand(page, 'Cloud Storage');
		await expand(page, 'Summer Campaign');
		await treeRow(page, 'Drafts').click({ button: 'right' });
		const menu = page.locator('.context-view .monaco-menu');
		for (const item of ['Upload Files or Folders…', 'New Folder…', 'Show Recently Deleted', 'Rename…', 'Delete', 'Who Has Access']) {
			await menu.locator('.action-label', { hasText: item }).first().waitFor();
		}
		const file = await screenshot(page, 'storage-context-menu');
		assert.ok(fs.statSync(file).size > 10_000);
		await page.keyboard.press('Escape');
		await menu.waitFor({ state: 'detached' });
	});

	it("uploads two files dragged from VS Code's Explorer onto a folder: one progress notification, then both rows in the folder", async () => {
		const { page, workspace, emulator } = workbench;
		fs.writeFileSync(path.join(workspace, 'storyboard-notes.txt'), 'Scene 1: the beach at dawn.\n');
		fs.writeFileSync(path.join(workspace, 'shot-plan.json'), `${JSON.stringify({ shots: 12, lens: '35mm' }, null, 2)}\n`);
		// Our view beside the Explorer's files, so one can be dragged onto the other.
		await runFromPalette(page, 'View: Move View');
		await pick(page, /^Adobe$/);
		await pick(page, 'Explorer');
		await page.keyboard.press('Control+Shift+E');
		await explorerRow(page, 'storyboard-notes.txt').waitFor();
		await expand(page, 'Cloud Storage');
		await expand(page, 'Summer Campaign');
		await explorerRow(page, 'shot-plan.json').click();
		await explorerRow(page, 'storyboard-notes.txt').click({ modifiers: ['Control'] });
		const uploadsBefore = emulator.count('storage.uploadInit');
		await explorerRow(page, 'storyboard-notes.txt').dragTo(treeRow(page, 'Drafts'));
		const progress = await notification(page, /Uploading 2 files .* to "Drafts"/);
		await screenshot(page, 'storage-upload-progress');
		assert.match(await progress.innerText(), /Uploading 2 files/);
		await notification(page, 'Uploaded 2 of 2 files to "Drafts".');
		await expand(page, 'Drafts');
		await treeRow(page, 'storyboard-notes.txt').waitFor();
		await treeRow(page, 'shot-plan.json').waitFor();
		assert.equal(emulator.count('storage.uploadInit') - uploadsBefore, 2);
		await closeHovers(page);
		await screenshot(page, 'storage-drop-uploaded');
		await clearNotifications(page);
	});

	it('opens a text file from the tree, saves an edit, and the file reads back changed', async () => {
		const { page } = workbench;
		await treeRow(page, 'storyboard-notes.txt').click();
		const editor = page.locator('.editor-instance .monaco-editor').first();
		await page.locator('.tabs-container .tab', { hasText: 'storyboard-notes.txt' }).waitFor();
		await editor.locator('.view-lines', { hasText: 'Scene 1: the beach at dawn.' }).waitFor();
		await editor.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.type('Scene 2: the pier at noon.');
		await page.keyboard.press('Control+S');
		await page.locator('.tabs-container .tab.dirty', { hasText: 'storyboard-notes.txt' }).waitFor({ state: 'detached' });
		await screenshot(page, 'storage-edit-saved');
		// Closed and opened again from the tree: what Adobe now has.
		await page.keyboard.press('Control+W');
		await treeRow(page, 'storyboard-notes.txt').click();
		await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Scene 2: the pier at noon.' }).first().waitFor();
	});
});
