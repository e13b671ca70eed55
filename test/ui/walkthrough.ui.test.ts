/**
 * The getting-started walkthrough: Adobe's Developer Console steps with links to Adobe's guides, then
 * steps inside VS Code that tick as the user does them (profile added, token generated, credential
 * verified from any front door, the explorer row included, storage listed).
 *
 * It also makes the walkthrough's images (media/walkthrough/{profile,token,verify,storage}.png): each is
 * the part of the workbench its step talks about, cropped and rendered at 2×, so the walkthrough's media
 * column (about 600 px wide on a 1600 px screen) shows it at least as large as on screen. They are written
 * to test-results/walkthrough/; with UPDATE_MEDIA=1 also to media/walkthrough/ (CONTRIBUTING.md, "Screenshots").
 * The workbench is 1600×900: at 1280 the editor is under 950 px and VS Code hides a walkthrough's media.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { DEMO_CLIENTS } from '../emulator/server';
import { REPO_ROOT } from '../host/host';
import {
	SCREENSHOTS,
	Workbench,
	answerAddProfile,
	clearNotifications,
	openWorkbench,
	runFromPalette,
	screenshot,
	tokenStatus,
	treeRow,
} from './workbench';

const TITLE = 'Get started with Adobe APIs';
const SCALE = 2;
const MEDIA = path.join(REPO_ROOT, 'media/walkthrough');
/** Each image's alt text, as package.json gives it (the walkthrough's <img alt>). */
const ALT_TEXTS: Record<string, string> = Object.fromEntries(
	(
		JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).contributes.walkthroughs[0].steps as Array<{
			media: { image?: string; altText?: string };
		}>
	)
		.filter((s) => s.media.image)
		.map((s) => [path.basename(s.media.image ?? '', '.png'), s.media.altText ?? '']),
);
/** The image steps, by the image each shows. */
const IMAGE_STEPS = {
	profile: 'Add a profile in VS Code',
	token: 'Generate a token',
	verify: 'Verify the credential',
	storage: 'List Cloud Storage projects',
} as const;

/**
 * Saves the smallest rectangle holding `parts` (plus a margin), at SCALE device pixels per CSS pixel, as
 * test-results/walkthrough/<name>.png, and with UPDATE_MEDIA=1 as media/walkthrough/<name>.png.
 */
async function mediaShot(page: Page, name: keyof typeof IMAGE_STEPS, parts: Locator[], margin = 8): Promise<void> {
	const boxes = await Promise.all(parts.map(async (part) => (await part.boundingBox()) ?? assert.fail(`${name}: ${part} is not shown`)));
	const viewport = page.viewportSize() ?? assert.fail('no viewport');
	const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
	const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
	const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
	const bottom = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
	const folder = path.join(SCREENSHOTS, 'walkthrough');
	fs.mkdirSync(folder, { recursive: true });
	const file = path.join(folder, `${name}.png`);
	await page.screenshot({ path: file, clip: { x, y, width: right - x, height: bottom - y }, scale: 'device' });
	if (process.env.UPDATE_MEDIA === '1') fs.copyFileSync(file, path.join(MEDIA, `${name}.png`));
}

describe('UI: the getting-started walkthrough', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openWorkbench({}, { viewport: { width: 1600, height: 900 }, deviceScaleFactor: SCALE });
	});
	afterEach(async function () {
		if (this.currentTest?.state === 'failed') await screenshot(workbench.page, `walkthrough-failed-${this.currentTest.title.slice(0, 24)}`);
	});
	after(async () => {
		await workbench?.close();
	});

	const step = (title: string) => workbench.page.locator('.getting-started-step', { hasText: title }).first();
	/** A ticked step: VS Code marks it aria-checked (and shows a filled check). */
	const done = (title: string) => workbench.page.locator('.getting-started-step[aria-checked="true"]', { hasText: title }).first();
	async function openWalkthrough(): Promise<void> {
		const { page } = workbench;
		await runFromPalette(page, 'Welcome: Open Walkthrough...');
		await page.locator('.quick-input-widget input').fill(TITLE);
		await page.locator('.quick-input-list .monaco-list-row', { hasText: TITLE }).first().waitFor();
		await page.keyboard.press('Enter');
		await page.locator('.gettingStartedContainer', { hasText: TITLE }).waitFor();
	}

	/** Expands a step and clicks one of its buttons, as a user works through the walkthrough. */
	async function clickStepButton(title: string, button: string): Promise<void> {
		await step(title).click();
		await workbench.page
			.locator('.getting-started-step.expanded', { hasText: title })
			.locator('.monaco-button', { hasText: button })
			.first()
			.click();
	}

	/** Our view in the side bar. */
	async function openOurView(page: Page): Promise<void> {
		await page
			.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe"]')
			.first()
			.click();
	}

	/**
	 * Hovers `target` until its hover (showing `text`) opens, and returns the hover. Not workbench.ts's
	 * hoverText: that presses Escape, which in a walkthrough means "back to the Welcome page".
	 */
	async function hover(page: Page, target: Locator, text: string | RegExp, position?: { x: number; y: number }): Promise<Locator> {
		const shown = page.locator('.workbench-hover, .monaco-hover', { hasText: text }).first();
		for (let attempt = 1; ; attempt++) {
			await unhover(page);
			await target.hover({ position });
			try {
				await shown.waitFor({ timeout: 10_000 });
				return shown;
			} catch (error) {
				if (attempt === 3) throw error;
			}
		}
	}

	/** Moves the pointer to the window's title (nothing there has a hover) and waits for any hover to close. */
	async function unhover(page: Page): Promise<void> {
		await page.mouse.move((page.viewportSize()?.width ?? 1600) / 2, 8);
		await page.locator('.workbench-hover, .monaco-hover').first().waitFor({ state: 'detached' });
	}

	/** Drags the side bar's edge to `width` CSS pixels, so the images' tree rows are not cut off. */
	async function sideBarWidth(page: Page, width: number): Promise<void> {
		const bar = (await page.locator('.part.sidebar').boundingBox()) ?? assert.fail('no side bar');
		const edge = bar.x + bar.width;
		await page.mouse.move(edge, bar.y + bar.height / 2);
		await page.mouse.down();
		await page.mouse.move(bar.x + width, bar.y + bar.height / 2, { steps: 5 });
		await page.mouse.up();
		await page.waitForFunction(
			(w) => Math.abs((document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) - w) < 4,
			width,
		);
	}

	it("opens from the Welcome walkthroughs with Adobe's console steps and titles that fit, nothing ticked", async () => {
		const { page } = workbench;
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor(); // activated
		// The profile image: our view before any profile, with its buttons.
		await openOurView(page);
		await sideBarWidth(page, 420);
		const welcome = page.locator('.part.sidebar .welcome-view-content').first();
		await welcome.locator('.monaco-button').first().waitFor();
		await mediaShot(page, 'profile', [page.locator('.part.sidebar .composite.title').first(), welcome.locator('.monaco-button').last()]);

		await openWalkthrough();
		assert.equal(
			await page.locator('.gettingStartedContainer.width-semi-constrained').count(),
			0,
			'the editor is wide enough for the media column',
		);
		for (const title of ['Create a Console project', 'Add an API and a credential', 'Copy the credential']) {
			await step(title).click();
			await page
				.locator('.getting-started-step.expanded', { hasText: title })
				.locator('.monaco-button', { hasText: "Open Adobe's guide" })
				.waitFor();
		}
		for (const title of Object.values(IMAGE_STEPS)) await step(title).waitFor();
		// Nothing cut off: a collapsed step's title is one line with an ellipsis when too long; the description is clamped at 3 lines.
		const cut = await page.evaluate(() =>
			Array.from(
				document.querySelectorAll(
					'.gettingStartedSlideDetails .getting-started-step .step-title, .gettingStartedSlideDetails .category-description',
				),
			)
				.filter((element) => element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)
				.map((element) => element.textContent),
		);
		assert.deepEqual(cut, [], 'titles and the description shown whole');
		assert.equal(await page.locator('.getting-started-step[aria-checked="true"]').count(), 0, 'nothing is ticked before the user does it');
		await step('Create a Console project').click();
		await screenshot(page, 'walkthrough-start');
	});

	it('ticks the VS Code steps as the user adds a profile, gets a token, lists storage and verifies from the explorer row', async () => {
		const { page } = workbench;
		await clickStepButton('Add a profile in VS Code', 'Add Profile');
		await answerAddProfile(page, 'Walkthrough', 'Cloud Storage', DEMO_CLIENTS.demo);
		await done('Add a profile in VS Code').waitFor();
		await clickStepButton('Generate a token', 'Generate Token');
		await tokenStatus(page)
			.filter({ hasText: /23h 59m/ })
			.waitFor();
		await done('Generate a token').waitFor();
		await clearNotifications(page);
		// The token image: the countdown and its tooltip.
		// A narrow margin: the tooltip opens over the activity bar's icons.
		await mediaShot(page, 'token', [await hover(page, tokenStatus(page), 'Walkthrough'), tokenStatus(page)], 2);
		await unhover(page);

		await clickStepButton('List Cloud Storage projects', 'Open the Adobe view');
		await treeRow(page, 'Cloud Storage').click();
		await treeRow(page, 'Product Shots').click();
		await treeRow(page, 'Spring').click();
		await treeRow(page, 'shoe-01.psd').waitFor();
		await done('List Cloud Storage projects').waitFor();
		// The storage image: projects, a folder and its files.
		const rows = page.locator('.part.sidebar .monaco-list-row');
		await mediaShot(page, 'storage', [page.locator('.part.sidebar .composite.title').first(), rows.first(), rows.last()]);

		// Verify from the explorer's row (not the palette, not the step's button): the step ticks all the same.
		assert.equal(await done('Verify the credential').count(), 0, 'not ticked before verifying');
		await treeRow(page, 'Verify credential').click();
		await done('Verify the credential').waitFor();
		await clearNotifications(page);
		// The verify image: the row and its tooltip, what the call proved (hovered at the row's start, with a side bar
		// wide enough for the tooltip to open over it).
		await sideBarWidth(page, 640);
		const verifyRow = treeRow(page, 'Verify credential');
		await mediaShot(page, 'verify', [rows.first(), verifyRow, await hover(page, verifyRow, /Verified/, { x: 80, y: 10 })]);
		await unhover(page);
		await sideBarWidth(page, 420);

		assert.equal(await done('Create a Console project').count(), 0, 'the console steps tick only when their guide is opened');
		await step('Verify the credential').click();
		await screenshot(page, 'walkthrough');
	});

	it("shows each VS Code step's image at least as large as the workbench showed it (screenshots of each)", async () => {
		const { page } = workbench;
		await sideBarWidth(page, 300); // about VS Code's default: the media column is then about 500 px wide
		for (const [name, title] of Object.entries(IMAGE_STEPS)) {
			await step(title).click();
			await page.locator('.getting-started-step.expanded', { hasText: title }).waitFor();
			// The step's image, by its alt text (package.json), once loaded.
			const media = page.locator(`.gettingStartedSlideDetails .getting-started-media img[alt="${ALT_TEXTS[name]}"]`);
			await media.waitFor();
			// The image box, and the picture drawn in it (object-fit: contain scales it to fit the box both ways).
			const { width, height, boxWidth, boxHeight } = await media.evaluate(async (img: HTMLImageElement) => {
				await img.decode();
				return { width: img.naturalWidth, height: img.naturalHeight, boxWidth: img.clientWidth, boxHeight: img.clientHeight };
			});
			// Captured at SCALE device pixels per CSS pixel: the workbench's text is drawn at this share of its size on screen.
			const size = Math.min(boxWidth / width, boxHeight / height) * SCALE;
			assert.ok(
				size >= 0.8,
				`${name}.png (${width}×${height}) is shown at ${Math.round(size * 100)}% of its size on screen, in a ${boxWidth}×${boxHeight} box`,
			);
			await screenshot(page, `walkthrough-media-${name}`);
		}
	});
});
