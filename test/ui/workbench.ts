/**
 * A real VS Code workbench (code-server) in headless Chromium, with the extension packaged and
 * installed as a user would have it, pointed at a fresh Adobe emulator. One browser context per workbench, so
 * its SecretStorage and globalState survive reloads of the page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdobeEmulator } from '../emulator/server';
import { formatViolations } from '../emulator/contract';
import { emulatorSettings } from '../host/run-suite';
import { REPO_ROOT, launchBrowser, startCodeServer } from '../host/host';

export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results');

export interface Workbench {
	page: Page;
	context: BrowserContext;
	emulator: AdobeEmulator;
	/** The folder the workbench has open. */
	workspace: string;
	close(): Promise<void>;
}

/**
 * `withTestExtensions`: also install the test consumer extension (test/fixtures/consumer-extension).
 * `env`: for the extension host (ADOBE_API_TOOLKIT_DEMO: as `npm start` runs it).
 * `viewport` (default 1280×800) and `deviceScaleFactor` (default 1): a test that crops images for the
 * walkthrough renders at 2× on a screen wide enough for the walkthrough's media column.
 */
export async function openWorkbench(
	settings: Record<string, unknown> = {},
	options: {
		withTestExtensions?: boolean;
		env?: Record<string, string>;
		viewport?: { width: number; height: number };
		deviceScaleFactor?: number;
	} = {},
): Promise<Workbench> {
	const emulator = new AdobeEmulator({ contract: true });
	let host: Awaited<ReturnType<typeof startCodeServer>> | undefined;
	let browser: Browser | undefined;
	const close = async () => {
		await browser?.close();
		await host?.stop();
		await emulator.stop();
		const violations = emulator.takeViolations();
		if (violations.length) throw new Error(`The workbench's Cloud Storage traffic broke Adobe's spec:\n${formatViolations(violations)}`);
	};
	try {
		await emulator.start();
		host = await startCodeServer({
			mode: 'installed',
			settings: { ...emulatorSettings(emulator), ...settings },
			withTestExtensions: options.withTestExtensions,
			env: options.env,
		});
		browser = await launchBrowser();
		// ignoreHTTPSErrors: the emulator's sign-in relay has a committed self-signed test certificate.
		const context = await browser.newContext({
			viewport: options.viewport ?? { width: 1280, height: 800 },
			deviceScaleFactor: options.deviceScaleFactor,
			ignoreHTTPSErrors: true,
		});
		const page = await context.newPage();
		await page.goto(host.workbenchUrl());
		await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
		await page.locator('.monaco-workbench .part.statusbar').waitFor();
		return { page, context, emulator, workspace: host.workspace, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/** Runs a command from the palette by its title, as a user would (F1, type, Enter). */
export async function runFromPalette(page: Page, title: string): Promise<void> {
	const input = page.locator('.quick-input-widget input');
	// An editor that opens late (a Markdown preview a previous step asked for) takes the focus and closes
	// the palette under our hands: open it again, a bounded number of times.
	for (let attempt = 1; ; attempt++) {
		await page.keyboard.press('F1');
		await input.waitFor();
		try {
			await input.fill(`>${title}`, { timeout: 10_000 });
			await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
			break;
		} catch (error) {
			if (attempt === 3 || (await input.isVisible())) throw error;
		}
	}
	await page.keyboard.press('Enter');
}

/**
 * Answers one step of a multi-step input: waits until the step with this title is showing (the
 * widget is reused between steps, so the previous step's input would otherwise be typed into),
 * types and accepts.
 */
export async function answer(page: Page, stepTitle: string, text: string): Promise<void> {
	const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: stepTitle }) });
	await widget.waitFor();
	const input = widget.locator('input').first();
	await input.fill(text);
	// Enter on the input itself, until the step moves on or closes: in a loaded cold run one Enter was
	// lost while the walkthrough had the focus, and the step stayed open with its text. At most three.
	for (let attempt = 1; ; attempt++) {
		await input.press('Enter');
		try {
			await widget.waitFor({ state: 'hidden', timeout: 10_000 });
			return;
		} catch (error) {
			if (attempt === 3) throw error;
		}
	}
}

/** The token status-bar item (VS Code gives it the id `<extension id>.<item id>`). */
export function tokenStatus(page: Page) {
	return page.locator('[id="adobe-api-toolkit.adobe-api-toolkit.adobeApi.tokenStatus"]');
}

/** Waits for a notification toast containing `text` and returns it. */
export async function notification(page: Page, text: string | RegExp) {
	const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text });
	await toast.first().waitFor({ timeout: 30_000 });
	return toast.first();
}

/** Clears notifications left by an earlier step, so each screenshot shows its own. */
export async function clearNotifications(page: Page): Promise<void> {
	await runFromPalette(page, 'Notifications: Clear All Notifications');
	await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
}

/** Saves a screenshot, one pixel per CSS pixel, once the workbench's finite animations (toasts sliding in) have finished. */
export async function screenshot(page: Page, name: string): Promise<string> {
	await page.evaluate(() =>
		Promise.all(
			document
				.getAnimations()
				.filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
				.map((animation) => animation.finished.catch(() => undefined)), // a cancelled animation is finished too
		),
	);
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	const file = path.join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path: file, scale: 'css' });
	return file;
}

/** Adds a profile as a user would: palette → Adobe: Add Profile… → the five steps (scopes left as prefilled). */
export async function addProfileThroughPalette(
	page: Page,
	name: string,
	apiKindLabel: string,
	credential: { clientId: string; clientSecret: string },
): Promise<string> {
	await runFromPalette(page, 'Adobe: Add Profile…');
	return answerAddProfile(page, name, apiKindLabel, credential);
}

/** Answers the five steps of Add Profile, however it was started (palette, welcome view, walkthrough); returns the prefilled scopes. */
export async function answerAddProfile(
	page: Page,
	name: string,
	apiKindLabel: string,
	credential: { clientId: string; clientSecret: string },
): Promise<string> {
	await answer(page, 'Add Adobe Profile (1/5)', name);
	await answer(page, 'Add Adobe Profile (2/5)', apiKindLabel);
	await answer(page, 'Add Adobe Profile (3/5)', credential.clientId);
	const step = (n: number) =>
		page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: `Add Adobe Profile (${n}/5)` }) });
	await step(4).locator('input[type="password"]').waitFor();
	await answer(page, 'Add Adobe Profile (4/5)', credential.clientSecret);
	await step(5).waitFor();
	const scopes = await step(5).locator('input').first().inputValue();
	await step(5).locator('input').first().press('Enter'); // on the input itself: focus may have stayed where the input was started from
	return scopes;
}

/**
 * A workbench with one profile added through the palette, its token generated from the status
 * bar, and the Adobe API Toolkit view open: where most explorer tests start.
 */
export async function openExplorerWithProfile(
	name: string,
	apiKindLabel: string,
	credential: { clientId: string; clientSecret: string },
	settings: Record<string, unknown> = {},
): Promise<Workbench> {
	const workbench = await openWorkbench(settings);
	const { page } = workbench;
	try {
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor();
		await addProfileThroughPalette(page, name, apiKindLabel, credential);
		await tokenStatus(page).filter({ hasText: 'Adobe: no token' }).click();
		await tokenStatus(page)
			.filter({ hasText: /23h 59m/ })
			.waitFor();
		await clearNotifications(page);
		await page
			.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe API Toolkit"]')
			.first()
			.click();
		return workbench;
	} catch (error) {
		await workbench.close();
		throw error;
	}
}

/** Our tree view's pane: its header's title is "Adobe" (and its description, beside it, the active profile). */
export function adobePane(page: Page) {
	return page.locator('.pane', { has: page.locator('.pane-header h3.title', { hasText: /^Adobe$/i }) });
}

/** A row of our tree view, by the text it shows. */
export function treeRow(page: Page, text: string | RegExp) {
	return adobePane(page).locator('.monaco-list-row', { hasText: text }).first();
}

/** Moves the mouse to the middle of the window and waits for any hover to close (Escape: a hover can stay open after its item re-renders). */
export async function closeHovers(page: Page): Promise<void> {
	await page.mouse.move(640, 300);
	await page.keyboard.press('Escape');
	await page.locator('.workbench-hover').waitFor({ state: 'detached' });
}

/**
 * Hovers `target` and resolves to the text of the hover that opens (one showing `hasText`, when
 * given). A tree row or status-bar item re-rendered under the pointer (a listing finishing, a
 * countdown tick) cancels its pending hover, so a hover that has not opened is retried from
 * elsewhere, a bounded number of times. The hover stays open for a screenshot.
 */
export async function hoverText(page: Page, target: ReturnType<Page['locator']>, hasText?: string | RegExp): Promise<string> {
	const hover = page.locator('.workbench-hover, .monaco-hover', hasText ? { hasText } : {}).first();
	for (let attempt = 1; ; attempt++) {
		await closeHovers(page); // from elsewhere, so the hover opens anew
		await target.hover();
		try {
			await hover.waitFor({ timeout: 10_000 });
			return await hover.innerText();
		} catch (error) {
			if (attempt === 3) throw error;
		}
	}
}

/**
 * Resolves once the workbench has written each `key` of its workspace storage with a value that
 * includes the given text. VS Code's web workbench writes that storage (extensions' workspaceState,
 * views' collapsed state) to IndexedDB a moment after a change; a page reload before then loses it,
 * so a test that reloads waits for this first. `global`: the global storage instead (extensions' globalState).
 */
export async function workspaceStorageWritten(
	page: Page,
	items: Array<{ key: string; includes: string }>,
	{ global = false } = {},
): Promise<void> {
	const asked = { wanted: items, global };
	// IndexedDB has no change event to wait for, so the page reads it again every 100 ms, for up to 30 s.
	const missing = await page.evaluate(async ({ wanted, global }) => {
		const read = (name: string) =>
			new Promise<Map<string, string>>((resolve) => {
				const open = indexedDB.open(name);
				open.onerror = () => resolve(new Map());
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('ItemTable')) {
						db.close();
						return resolve(new Map());
					}
					const values = new Map<string, string>();
					const cursor = db.transaction('ItemTable').objectStore('ItemTable').openCursor();
					cursor.onerror = () => resolve(values);
					cursor.onsuccess = () => {
						const at = cursor.result;
						if (!at) {
							db.close();
							return resolve(values);
						}
						values.set(String(at.key), String(at.value));
						at.continue();
					};
				};
			});
		const deadline = Date.now() + 30_000;
		for (;;) {
			let unmet = wanted;
			for (const { name } of await indexedDB.databases()) {
				if (!name?.startsWith('vscode-web-state-db-') || name.startsWith('vscode-web-state-db-global') !== global) continue;
				const values = await read(name);
				unmet = wanted.filter(({ key, includes }) => !values.get(key)?.includes(includes));
				if (unmet.length === 0) return [];
			}
			if (Date.now() > deadline) return unmet.map(({ key, includes }) => `${key} ∌ ${includes}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}, asked);
	if (missing.length > 0) throw new Error(`The workbench did not store, within 30 s: ${missing.join('; ')}`);
}

/** The content of Check Setup's report in the Markdown preview (a webview: an iframe in an iframe). */
export function setupReport(page: Page) {
	return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('.markdown-body');
}

/** Expands a row of our tree unless it is expanded already (a row without a command toggles on a click). */
export async function expand(page: Page, text: string | RegExp): Promise<void> {
	const row = treeRow(page, text);
	await row.waitFor();
	if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
	await treeRow(page, text).and(page.locator('[aria-expanded="true"]')).waitFor();
}

/**
 * Runs an item of the open context menu. A click that comes while the menu is still settling can be lost (the menu
 * stays open with the item focused): then Enter runs the focused item.
 */
export async function menuItem(page: Page, label: string | RegExp): Promise<void> {
	const menu = page.locator('.context-view .monaco-menu');
	const item = menu.locator('.action-label', { hasText: label }).first();
	await item.hover();
	await item.click();
	try {
		await menu.waitFor({ state: 'detached', timeout: 2_000 });
	} catch {
		await page.keyboard.press('Enter');
		await menu.waitFor({ state: 'detached' });
	}
}
