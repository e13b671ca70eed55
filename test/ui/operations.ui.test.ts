import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_CLIENTS, solidPng } from '../emulator/server';
import {
	Workbench,
	clearNotifications,
	expand,
	menuItem,
	closeHovers,
	hoverText,
	notification,
	openExplorerWithProfile,
	screenshot,
	treeRow,
} from './workbench';

/** Expands a file's row by its twistie: a click on the row itself opens the file (a row with a command expands on its twistie only). */
async function expandByTwistie(page: Page, text: string | RegExp): Promise<void> {
	const row = treeRow(page, text);
	await row.waitFor();
	if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
	await treeRow(page, text).and(page.locator('[aria-expanded="true"]')).waitFor();
}

/** The open quick pick, once its title says `title`. */
function quickPick(page: Page, title: string | RegExp) {
	return page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
}

/** Picks an item of a quick pick by its label. */
async function pick(widget: ReturnType<typeof quickPick>, label: RegExp): Promise<void> {
	await widget.locator('.monaco-list-row .label-name', { hasText: label }).first().click();
}

/**
 * Adobe's operations on a Cloud Storage file as a user runs them (issue #20): right-click an image in the tree,
 * pick an operation, watch one progress notification, and the result appears beside the image, opened in the image
 * preview; a Photoshop document's row expands into its layers.
 */
describe('UI: Adobe operations on a storage file', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openExplorerWithProfile('Operations', 'Cloud Storage', DEMO_CLIENTS.demo);
		// The demo files hold a byte pattern: this one gets real PNG bytes, as an image at Adobe has.
		const { emulator } = workbench;
		// A job ends at its first poll (the emulator's default is the third): the extension polls as Adobe asks, from 5 s.
		emulator.asyncJobs.pollsToFinish = 1;
		const banner = [...emulator.content.byId.values()].find((a) => a.path === '/Brand Refresh 2026/Social/LinkedIn/banner.png');
		emulator.touchFile(banner?.assetId ?? assert.fail('no banner.png'), solidPng(256, 'banner'));
	});
	after(async () => {
		await workbench?.close();
	});

	it('right-clicks an image, picks Auto Tone, watches the progress, and opens the result that appears beside it', async () => {
		const { page } = workbench;
		await expand(page, 'Cloud Storage');
		await expand(page, 'Brand Refresh 2026');
		await expand(page, 'Social');
		await expand(page, 'LinkedIn');
		// A right-click selects the row without opening it (a click would open the image, whose preview takes the focus
		// when it has loaded and closes an open menu).
		const image = treeRow(page, 'banner.png');
		await image.click({ button: 'right' });
		const run = page.locator('.context-view .monaco-menu .action-label', { hasText: 'Run Adobe Operation…' }).first();
		await run.hover();
		await screenshot(page, 'operations-context-menu');
		await menuItem(page, 'Run Adobe Operation…');

		const operations = quickPick(page, 'Run an Adobe operation on "banner.png"');
		await operations.waitFor().catch(async (error: unknown) => {
			await screenshot(page, 'operations-menu-failed');
			throw error;
		});
		// Only what takes a PNG: Photoshop's and Firefly's, each with its detail.
		await operations.locator('.monaco-list-row', { hasText: 'Auto Tone' }).first().waitFor();
		const titles = await operations.locator('.monaco-list-row .label-name').allInnerTexts();
		assert.ok(titles.length >= 3, titles.join(', '));
		assert.ok(!titles.some((t) => /Generate Manifest/i.test(t)), 'generate-manifest takes a PSD, not a PNG');
		await screenshot(page, 'operations-menu');
		// The job runs long enough to be seen: Photoshop is polled as Adobe asks, the first time after 5 s.
		await pick(operations, /Auto Tone/);
		// Auto Tone's options are all optional: the form first asks which to set, and Enter with none checked runs with
		// Adobe's defaults.
		const which = quickPick(page, 'Auto Tone on "banner.png": options to set');
		await which.waitFor();
		await which.locator('.monaco-list-row', { hasText: 'Exposure' }).first().waitFor();
		await screenshot(page, 'operations-options');
		await which.locator('input').first().press('Enter');
		const where = quickPick(page, /where should the result go\?/);
		await where.waitFor().catch(async (error: unknown) => {
			await screenshot(page, 'operations-where-failed');
			throw error;
		});
		await pick(where, /Beside it, as a new file/);

		const progress = await notification(page, /Auto Tone: banner\.png/);
		await progress.locator('.monaco-button', { hasText: 'Cancel' }).first().waitFor();
		// The same job in the Jobs view (opened as a user would, by its header), while the notification follows it.
		const jobs = page.locator('.pane', { has: page.locator('.pane-header h3.title', { hasText: /^Jobs$/ }) });
		const jobsHeader = jobs.locator('.pane-header').first();
		if ((await jobsHeader.getAttribute('aria-expanded')) !== 'true') await jobsHeader.click();
		await jobs
			.locator('.monaco-list-row', { hasText: 'Auto Tone · banner.png' })
			.first()
			.waitFor()
			.catch(async (error: unknown) => {
				await screenshot(page, 'operations-jobs-failed');
				throw error;
			});
		await screenshot(page, 'operations-progress');
		const done = await notification(page, /Auto Tone: saved "banner \(auto tone\)\.png" beside "banner\.png"/).catch(
			async (error: unknown) => {
				await screenshot(page, 'operations-done-failed');
				throw error;
			},
		);
		// The pointer on the message keeps it open (an information toast hides after a while), and off the tree's rows.
		await done.hover();
		// The result's row, beside its source.
		await treeRow(page, 'banner (auto tone).png').waitFor();
		await screenshot(page, 'operations-result');
		await done.locator('.monaco-button', { hasText: 'Open' }).first().click();
		await page.locator('.tabs-container .tab.active', { hasText: 'banner (auto tone).png' }).waitFor();
		// VS Code's image preview shows the PNG the emulator produced.
		const img = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('img');
		await img.waitFor();
		const size = await img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, height: el.naturalHeight }));
		assert.ok(size.width > 0 && size.height > 0, `the preview decoded the result: ${JSON.stringify(size)}`);
		await page.mouse.move(900, 600);
		await screenshot(page, 'operations-result-preview');
		await clearNotifications(page);
	});

	it("expands a Photoshop document into its layers: groups, kinds, sizes, and a layer's tooltip", async () => {
		const { page } = workbench;
		await clearNotifications(page);
		await expand(page, 'Cloud Storage');
		await expand(page, 'Brand Refresh 2026');
		await expand(page, 'Campaign');
		// A click on the document's row opens it; its twistie shows the layers (generate-manifest, polled from 5 s).
		await expandByTwistie(page, 'key-visual.psd');
		for (const name of ['Headline', 'Product shot', 'Logo lockup', 'Brightness/Contrast 1', 'Backdrop', 'Background']) {
			await treeRow(page, name).waitFor();
		}
		await expand(page, 'Headline');
		await expand(page, 'Logo lockup');
		const title = treeRow(page, /^\s*Title/);
		await title.waitFor();
		assert.match(await title.innerText(), /1040×120 at 80, 60/);
		assert.match((await treeRow(page, 'Wordmark').innerText()).replace(/\s+/g, ' '), /hidden/);
		assert.match(await treeRow(page, 'Headline').innerText(), /2 layers/);
		// Screen readers hear the kind, the size and the text.
		assert.equal(
			await title.getAttribute('aria-label'),
			'Text layer Title, 1040 by 120 pixels at left 80, top 60, visible, text: Brand Refresh 2026',
		);
		await closeHovers(page);
		const file = await screenshot(page, 'psd-layers');
		assert.ok(fs.statSync(file).size > 10_000);
		const text = await hoverText(page, title, 'Kind: Text layer');
		assert.match(text, /Bounds: 1040 × 120 px at left 80, top 60/);
		assert.match(text, /Text: “Brand Refresh 2026”/);
		await screenshot(page, 'psd-layer-tooltip');
		await closeHovers(page);
	});
	it('Show Layers from the menu expands the document in the tree, with no second job and no JSON editor', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		const manifests = () => emulator.count('photoshop.v2Manifest');
		const before = manifests();
		await expand(page, 'Cloud Storage');
		// The other project's rows, open from the tests before, would push this one out of the view.
		const brand = treeRow(page, 'Brand Refresh 2026');
		if ((await brand.getAttribute('aria-expanded')) === 'true') await brand.click();
		await brand.and(page.locator('[aria-expanded="false"]')).waitFor();
		await expand(page, 'Summer Campaign');
		const psd = treeRow(page, 'hero-banner.psd');
		await psd.click({ button: 'right' });
		await menuItem(page, 'Run Adobe Operation…');
		const operations = quickPick(page, 'Run an Adobe operation on "hero-banner.psd"');
		await operations.waitFor();
		await pick(operations, /Show Layers/);
		await pick(quickPick(page, /Show Layers \(Generate Manifest\) on hero-banner\.psd/), /Run/);
		await notification(page, /read the layers of "hero-banner\.psd"/);
		assert.equal(manifests(), before + 1);
		// Expanded under its row, from the manifest the command read.
		await psd.and(page.locator('[aria-expanded="true"]')).waitFor();
		await page.locator('.monaco-list-row[aria-level="5"]', { hasText: 'Background' }).first().waitFor();
		assert.equal(manifests(), before + 1, 'expanding read no second manifest');
		assert.equal(await page.locator('.tabs-container .tab', { hasText: /^Untitled/ }).count(), 0, 'no JSON editor opened');
	});
});
