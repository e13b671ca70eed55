import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_CLIENTS, solidPng } from '../emulator/server';
import {
	Workbench,
	answer,
	clearNotifications,
	closeHovers,
	hoverText,
	notification,
	openExplorerWithProfile,
	runFromPalette,
	screenshot,
	treeRow,
} from './workbench';

/** Expands (or collapses) a row of our tree unless it is so already. */
async function setExpanded(page: Page, text: string | RegExp, expanded: boolean): Promise<void> {
	const row = treeRow(page, text);
	if ((await row.getAttribute('aria-expanded')) !== String(expanded)) await row.click();
	await treeRow(page, text)
		.and(page.locator(`[aria-expanded="${expanded}"]`))
		.waitFor();
}

/** The rows of our tree whose label or description is cut off (an ellipsis), by their text. */
async function cutOffRows(page: Page): Promise<Array<{ text: string; level: number }>> {
	return page.evaluate(() => {
		const pane = Array.from(document.querySelectorAll('.pane')).find((p) =>
			/^Adobe$/i.test(p.querySelector('.pane-header h3.title')?.textContent?.trim() ?? ''),
		);
		if (!pane) throw new Error('The Adobe view is not open');
		const rows: Element[] = Array.from(pane.querySelectorAll('.monaco-list-row'));
		return rows.flatMap((row) => {
			const label = row.querySelector('.monaco-icon-label-container') as HTMLElement | null;
			if (!label || label.scrollWidth <= label.clientWidth) return [];
			return [{ text: (row as HTMLElement).innerText.replace(/\s+/g, ' '), level: Number(row.getAttribute('aria-level')) }];
		});
	});
}

/** The text lines of the open hover that the hover's width wrapped onto a second line. */
async function wrappedHoverLines(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const hover = document.querySelector('.workbench-hover, .monaco-hover');
		if (!hover) return ['(no hover)'];
		const walker = document.createTreeWalker(hover, NodeFilter.SHOW_TEXT);
		const wrapped: string[] = [];
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			if (!node.textContent?.trim()) continue;
			const range = document.createRange();
			range.selectNodeContents(node);
			const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
			if (lines.size > 1) wrapped.push(node.textContent);
		}
		return wrapped;
	});
}

/**
 * The value of the simple file dialog's path box (code-server's file dialogs are a quick input) once it
 * shows `title` and has moved to the folder it starts in: it opens one folder up, then steps into its
 * start folder when that folder's listing is read, so this waits for `expected` and returns what is
 * there after 15 s otherwise (for the assertion to show).
 */
async function dialogPath(page: Page, title: string, expected: string): Promise<string> {
	const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
	await widget.waitFor();
	const input = widget.locator('input').first();
	await input
		.evaluate(
			(element, want) =>
				new Promise<void>((resolve) => {
					const box = element as HTMLInputElement;
					if (box.value === want) return resolve();
					const check = () => {
						if (box.value === want) {
							observer.disconnect();
							resolve();
						}
					};
					// The dialog sets the value from code (no input event): watch the attribute and the value both.
					const observer = new MutationObserver(check);
					observer.observe(box, { attributes: true });
					const timer = setInterval(check, 100);
					setTimeout(() => {
						clearInterval(timer);
						resolve();
					}, 15_000);
				}),
			expected,
		)
		.catch(() => undefined);
	return input.inputValue();
}

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

	describe('Cloud Storage as a newcomer meets it (#18)', () => {
		it('says a media-type filter in words on the row, and keeps the sub-folders it would hide', async () => {
			const { page, emulator } = workbench;
			const shots = treeRow(page, /^Product Shots/);
			await shots.hover();
			await shots.locator('.action-label[aria-label^="Filter"]').click();
			await answer(page, 'Filter (1/3)', 'JPEG images');
			await answer(page, 'Filter (2/3)', 'Name, A');
			await answer(page, 'Filter (3/3)', '');
			await treeRow(page, /^Product Shots/)
				.filter({ hasText: 'JPEG images' })
				.waitFor();
			// The failed listing above took the projects away, and their expanded state with them.
			await setExpanded(page, /^Product Shots/, true);
			// Adobe's folders have no media type: they come from a second query (assetType==folder), first.
			await treeRow(page, 'Archive (10,000 items)').waitFor();
			const spring = treeRow(page, /^Spring/);
			await setExpanded(page, /^Spring/, true);
			await treeRow(page, 'shoe-02.jpg').waitFor();
			assert.equal(await treeRow(page, 'shoe-01.psd').count(), 0, 'the sub-folder takes the filter');
			const texts = await page.locator('.pane .monaco-list-row').allInnerTexts();
			assert.ok(!texts.some((t) => t.includes('$(') || t.includes('mediaType==')), texts.join(' | '));
			const filters = emulator.requests.filter((r) => r.route === 'storage.list' && r.query.filter).map((r) => r.query.filter);
			assert.deepEqual(filters.slice(0, 2), ['assetType==folder', 'mediaType==image/jpeg']);
			const tooltip = await hoverText(page, spring, 'Filter:');
			assert.match(tooltip, /Filter: JPEG images \(from Product Shots\)/);
			await closeHovers(page);
			await page.mouse.move(900, 400);
			await screenshot(page, 'explorer-filter-in-words');
		});

		it('fits the Verify and Cloud Storage rows in the default sidebar width: short descriptions, the rest in the tooltip', async () => {
			const { page } = workbench;
			await setExpanded(page, /^Product Shots/, false);
			await setExpanded(page, /^Brand Refresh 2026/, true);
			await setExpanded(page, /^Logos/, true);
			await treeRow(page, 'logo-mono.png').waitFor();
			await setExpanded(page, /^Summer Campaign/, true);
			await treeRow(page, 'teaser.mp4').waitFor();
			const width = await page.locator('.part.sidebar').evaluate((el) => el.getBoundingClientRect().width);
			assert.ok(width < 400, `the sidebar is at its default width (${width} px)`);
			// Every row under the profile (level 1 bears the user's own name) but hello's, which quotes what Photoshop
			// answered (the earlier steps called it): Verify, Cloud Storage and everything below.
			const cut = (await cutOffRows(page)).filter((row) => row.level >= 2 && !row.text.startsWith('Photoshop API: hello'));
			assert.deepEqual(cut, [], 'no row under the profile is cut off');
			await page.mouse.move(900, 400);
			await screenshot(page, 'explorer-default-width');
		});

		it("shows a file's details in a tooltip whose lines do not wrap after their label", async () => {
			const { page } = workbench;
			const text = await hoverText(page, treeRow(page, 'logo-mono.png'), 'Created:');
			assert.match(text, /Created: (?:today|yesterday|tomorrow|\w{3} \d+(?:, \d{4})?) \d+:\d\d\s[AP]M by \S+@\S+/);
			assert.match(text, /Type: image\/png · [\d.]+ (KB|MB)\n/);
			assert.deepEqual(await wrappedHoverLines(page), [], 'each fact on one line');
			await screenshot(page, 'explorer-file-tooltip');
			await closeHovers(page);
		});

		it('opens an image on a click, in a preview titled by the file name, its breadcrumb the storage path', async () => {
			const { page, emulator } = workbench;
			// The click opens the file itself (not a rendition) through the adobe-storage: file system (#19); the emulator's
			// demo files hold a byte pattern, so this one gets real PNG bytes first, as a PNG at Adobe has.
			const logo = [...emulator.content.byId.values()].find((a) => a.path === '/Brand Refresh 2026/Logos/logo-mono.png');
			emulator.touchFile(logo?.assetId ?? assert.fail('no logo-mono.png'), solidPng(256, 'logo-mono'));
			const before = emulator.count('download.content');
			await treeRow(page, 'logo-mono.png').click();
			const tab = page.locator('.tabs-container .tab.active');
			await tab.filter({ hasText: 'logo-mono.png' }).waitFor();
			// The tab shows the name and its extension in two spans.
			assert.equal((await tab.innerText()).replace(/\s/g, ''), 'logo-mono.png', 'not urn_aaid_sc_US_….png');
			// VS Code's image preview: a webview showing the PNG, read through the adobe-storage: file system (#19).
			await page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('img').waitFor();
			assert.ok(emulator.count('download.content') > before, 'the file itself, from its pre-signed URL');
			// #18 item 10: the breadcrumb is the storage path, not a private temporary folder.
			const breadcrumb = await page.locator('.breadcrumbs-control').first().innerText();
			assert.match(breadcrumb.replace(/\s+/g, ' '), /Brand Refresh 2026 .*Logos .*logo-mono\.png/);
			assert.doesNotMatch(breadcrumb, /adobe-api-toolkit-preview|tmp/);
			await page.mouse.move(900, 600);
			await screenshot(page, 'explorer-image-preview');
		});

		it('starts Import Credentials in the workspace, not in the folder of the preview just opened', async () => {
			const { page, workspace } = workbench;
			await runFromPalette(page, 'Adobe: Import Credentials…');
			const start = await dialogPath(page, 'Import Adobe Credentials', `${workspace}/`);
			assert.equal(start, `${workspace}/`);
			assert.ok(!start.includes('adobe-api-toolkit-preview-'), start);
			await page.keyboard.press('Escape');
		});

		it('opens any other file on a click as its metadata', async () => {
			const { page } = workbench;
			await treeRow(page, 'logo-guidelines.pdf').click();
			await page.locator('.tabs-container .tab.active', { hasText: 'logo-guidelines.pdf.json' }).waitFor();
			await page.locator('.monaco-editor .view-lines', { hasText: '"mediaType": "application/pdf"' }).waitFor();
			await page.mouse.move(900, 600);
			await screenshot(page, 'explorer-metadata');
		});

		it('starts Download in the workspace, then in the folder chosen last', async () => {
			const { page, workspace } = workbench;
			const downloads = path.join(workspace, 'downloads');
			fs.mkdirSync(downloads, { recursive: true });
			const download = async (name: string) => {
				const row = treeRow(page, name);
				await row.hover();
				await row.locator('.action-label[aria-label^="Download"]').click();
				return dialogPath(page, `Download ${name}`, path.join(folder, name));
			};
			let folder = workspace;
			assert.equal(await download('logo-mono.png'), path.join(workspace, 'logo-mono.png'), 'the workspace, not the home folder');
			const input = page.locator('.quick-input-widget input').first();
			await input.fill(path.join(downloads, 'logo-mono.png'));
			// The dialog reads the typed folder's listing as the value changes, and an Enter while it does can go
			// unheard: Enter again (a bounded number of times) until the dialog closes.
			for (let attempt = 1; ; attempt++) {
				await input.press('Enter');
				try {
					await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
					break;
				} catch (error) {
					if (attempt === 3) throw error;
				}
			}
			await notification(page, 'Saved logo-mono.png');
			assert.ok(fs.existsSync(path.join(downloads, 'logo-mono.png')));
			await clearNotifications(page);
			folder = downloads;
			assert.equal(await download('logo-primary.svg'), path.join(downloads, 'logo-primary.svg'), 'the folder chosen last');
			await screenshot(page, 'download-dialog');
			await page.keyboard.press('Escape');
		});
	});
});
