import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_CLIENTS } from '../emulator/server';
import {
	Workbench,
	answer,
	clearNotifications,
	expand,
	menuItem,
	closeHovers,
	notification,
	openExplorerWithProfile,
	runFromPalette,
	screenshot,
	treeRow,
} from './workbench';

/** A row of VS Code's own Explorer (the workspace folder's files). */
function explorerRow(page: Page, name: string) {
	return page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
}

/** A row of our tree wherever its view is (in the Explorer, after Move View, its title is "Adobe API Toolkit"), scrolled into the pane. */
async function adobeRow(page: Page, text: string | RegExp) {
	const pane = page.locator('.pane', { has: page.locator('.pane-header h3.title', { hasText: /^Adobe/i }) }).first();
	const row = pane.locator('.monaco-list-row', { hasText: text }).first();
	// The list renders only the rows in view: scroll down a step at a time until the row is there (a bounded number of steps).
	for (let step = 0; step < 20 && !(await row.isVisible()); step++) {
		const box = await pane.locator('.monaco-list').first().boundingBox();
		if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await page.mouse.wheel(0, 44);
		await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
	}
	await row.waitFor();
	return row;
}

/** Selects a row of our tree alone (a click opens a file) and opens its context menu, so the menu acts on this row whatever was selected before. */
async function contextMenuOf(page: Page, name: string): Promise<void> {
	const row = await adobeRow(page, name);
	await row.click();
	await row.and(page.locator('.selected')).waitFor();
	await row.click({ button: 'right' });
}

/** Picks an item of the open quick pick by its label (the row's name, not the group label beside it). */
async function pick(page: Page, label: RegExp): Promise<void> {
	await page.locator('.quick-input-widget .monaco-list-row .label-name', { hasText: label }).first().click();
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
		// The palette's first row for "View: Move View" is another command: this one is clicked by its exact name.
		await page.keyboard.press('F1');
		await page.locator('.quick-input-widget input').fill('>View: Move View');
		await pick(page, /^\s*View: Move View\s*$/);
		await pick(page, /^\s*Adobe\s*$/);
		await pick(page, /^\s*Explorer\s*$/);
		await explorerRow(page, 'storyboard-notes.txt').waitFor();
		// Room for our tree: its pane's top edge (the sash above its header) dragged up to below the Explorer's files.
		const header = page.locator('.pane-header', { has: page.locator('h3.title', { hasText: /^Adobe/i }) }).first();
		const top = (await header.boundingBox()) ?? assert.fail('no header for our view');
		await page.mouse.move(top.x + top.width / 2, top.y - 1);
		await page.mouse.down();
		await page.mouse.move(top.x + top.width / 2, 240, { steps: 10 });
		await page.mouse.up();
		await explorerRow(page, 'shot-plan.json').click();
		await explorerRow(page, 'storyboard-notes.txt').click({ modifiers: ['Control'] });
		const uploadsBefore = emulator.count('storage.uploadInit');
		await explorerRow(page, 'storyboard-notes.txt').dragTo(await adobeRow(page, 'Drafts'));
		// One notification for the batch, its message saying files and bytes as they go.
		const progress = await notification(page, /Uploading 2 files to "Drafts": \d of 2 done · \d+ B of 64 B/);
		await screenshot(page, 'storage-upload-progress');
		await progress.locator('.monaco-button', { hasText: 'Cancel' }).first().waitFor();
		await notification(page, 'Uploaded 2 of 2 files to "Drafts".');
		const drafts = await adobeRow(page, 'Drafts');
		if ((await drafts.getAttribute('aria-expanded')) !== 'true') await drafts.click();
		await adobeRow(page, 'storyboard-notes.txt');
		await adobeRow(page, 'shot-plan.json');
		assert.equal(emulator.count('storage.uploadInit') - uploadsBefore, 2);
		await closeHovers(page);
		await screenshot(page, 'storage-drop-uploaded');
		await clearNotifications(page);
	});

	it('opens a text file from the tree, saves an edit, and the file reads back changed', async () => {
		const { page } = workbench;
		await (await adobeRow(page, 'storyboard-notes.txt')).click();
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
		await (await adobeRow(page, 'storyboard-notes.txt')).click();
		await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Scene 2: the pier at noon.' }).first().waitFor();
	});

	it("deletes a file from its context menu after a yes, and brings it back with the notification's Restore", async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		await contextMenuOf(page, 'shot-plan.json');
		await menuItem(page, /^Delete$/);
		const dialog = page.locator('.monaco-dialog-box', { hasText: 'Delete "shot-plan.json"?' });
		await dialog.waitFor().catch(async (error: unknown) => {
			await screenshot(page, 'storage-delete-failed');
			throw error;
		});
		await dialog.getByRole('button', { name: 'Delete' }).click();
		const deleted = await notification(page, 'Deleted 1 item.');
		await adobeRow(page, 'storyboard-notes.txt');
		await page
			.locator('.pane', { has: page.locator('.pane-header h3.title', { hasText: /^Adobe/i }) })
			.locator('.monaco-list-row', { hasText: 'shot-plan.json' })
			.waitFor({ state: 'detached' });
		await screenshot(page, 'storage-deleted-restore');
		assert.equal(emulator.count('storage.delete'), 1);
		await deleted.locator('.monaco-button', { hasText: 'Restore' }).first().click();
		await notification(page, 'Restored 1 item.');
		await adobeRow(page, 'shot-plan.json');
		assert.equal(emulator.count('storage.restore'), 1);
	});

	it('moves a file with Move to…, choosing the folder a level at a time, the path in the title', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		await contextMenuOf(page, 'storyboard-notes.txt');
		await menuItem(page, 'Move to…');
		const widget = page.locator('.quick-input-widget');
		const row = (text: string | RegExp) => widget.locator('.monaco-list-row', { hasText: text }).first();
		// It starts in the file's folder; up one level is its project.
		await widget
			.locator('.quick-input-title', { hasText: 'Move to: Cloud Storage › Summer Campaign › Drafts' })
			.waitFor()
			.catch(async (error: unknown) => {
				await screenshot(page, 'storage-move-to-failed');
				throw error;
			});
		await row('up one level').click();
		await widget.locator('.quick-input-title', { hasText: /Move to: Cloud Storage › Summer Campaign$/ }).waitFor();
		await row(/Here\s*Summer Campaign/).waitFor();
		await row('Drafts').waitFor();
		await screenshot(page, 'storage-move-to');
		await row('Here').click();
		await notification(page, /Moving "storyboard-notes\.txt" to "Summer Campaign"/);
		// Now beside Drafts, not in it.
		const inProject = page
			.locator('.pane', { has: page.locator('.pane-header h3.title', { hasText: /^Adobe/i }) })
			.locator('.monaco-list-row[aria-level="4"]', { hasText: 'storyboard-notes.txt' });
		await inProject.waitFor();
		assert.equal(emulator.count('storage.move'), 1);
	});
	it('changes who has access from the context menu: the email is checked as it is typed, the role picked, the change confirmed in words', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		await contextMenuOf(page, 'shot-plan.json');
		await menuItem(page, 'Change Access…');
		await pick(page, /^Add people/);
		const widget = page.locator('.quick-input-widget');
		const input = widget.locator('input.input');
		await widget.locator('.quick-input-title', { hasText: 'Add people to "shot-plan.json"' }).waitFor();
		// The writer's own rule, as it is typed: a space in the domain is not an email, and nothing is sent.
		await input.fill('jane@exa mple.com');
		await widget.locator('.quick-input-message', { hasText: 'is not an email address' }).waitFor();
		await screenshot(page, 'storage-change-access-check');
		await page.keyboard.press('Enter');
		await widget.locator('.quick-input-title', { hasText: 'Add people' }).waitFor();
		await input.fill('jane@example.com');
		await widget.locator('.quick-input-message', { hasText: 'is not an email address' }).waitFor({ state: 'detached' });
		await page.keyboard.press('Enter');
		await widget.locator('.quick-input-title', { hasText: 'Role for jane@example.com' }).waitFor();
		await pick(page, /^edit$/);
		const dialog = page.locator('.monaco-dialog-box', { hasText: 'Give jane@example.com "edit" on "shot-plan.json"?' });
		await dialog.waitFor();
		assert.equal(emulator.count('storage.roles'), 0, 'nothing was sent before the yes');
		await dialog.getByRole('button', { name: 'Change Access' }).click();
		await notification(page, /Who has access to "shot-plan\.json": add jane@example\.com: (successful|pending)/);
		assert.ok(emulator.count('storage.roles') >= 1);
	});

	it('copies a pre-signed URL for the time picked, and says when it expires without showing it', async () => {
		const { page } = workbench;
		await clearNotifications(page);
		await contextMenuOf(page, 'shot-plan.json');
		await menuItem(page, 'Copy Pre-signed URL…');
		await pick(page, /^15 minutes$/);
		const copied = await notification(page, /Pre-signed URL of "shot-plan\.json" copied\. It expires/);
		assert.doesNotMatch((await copied.textContent()) ?? '', /https?:|signature|sig=/i);
	});
	it('goes to a folder by its path from the palette: the folder is revealed and selected in the tree', async () => {
		const { page } = workbench;
		await clearNotifications(page);
		await runFromPalette(page, 'Adobe: Go to Cloud Storage Item…');
		await answer(page, 'Go to a Cloud Storage item', '/Brand Refresh 2026/Logos');
		const row = await adobeRow(page, /^Logos/);
		await row.and(page.locator('.selected')).waitFor();
		assert.equal(await row.getAttribute('aria-expanded'), 'true');
		// Its files are listed below it (scrolled to, as the revealed row may sit at the bottom of the view).
		await adobeRow(page, 'logo-mono.png');
	});
});
