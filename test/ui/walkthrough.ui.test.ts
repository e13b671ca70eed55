/**
 * The getting-started walkthrough: Adobe's Developer Console steps with links to Adobe's guides, then
 * steps inside VS Code that tick as the user does them (profile added, token generated, credential
 * verified, storage listed).
 */
import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS } from '../emulator/server';
import { Workbench, answerAddProfile, openWorkbench, runFromPalette, screenshot, tokenStatus, treeRow } from './workbench';

const TITLE = 'Get started with Adobe APIs';

describe('UI: the getting-started walkthrough', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openWorkbench();
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

	it("opens from the Welcome walkthroughs with Adobe's console steps, each linking to Adobe's guide", async () => {
		const { page } = workbench;
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor(); // activated
		await openWalkthrough();
		for (const title of [
			'Create a project in the Adobe Developer Console',
			'Add the API, choose server-to-server, pick product profiles',
			'Copy the credential',
		]) {
			await step(title).click();
			await page
				.locator('.getting-started-step.expanded', { hasText: title })
				.locator('.monaco-button', { hasText: "Open Adobe's guide" })
				.waitFor();
		}
		for (const title of [
			'Add it to VS Code as a profile',
			'Generate a token',
			'Verify the credential',
			'List your Cloud Storage projects',
		]) {
			await step(title).waitFor();
		}
		assert.equal(await page.locator('.getting-started-step[aria-checked="true"]').count(), 0, 'nothing is ticked before the user does it');
		await step('Create a project in the Adobe Developer Console').click();
		await screenshot(page, 'walkthrough');
	});

	it('ticks the VS Code steps as the user adds a profile, gets a token, verifies and lists storage', async () => {
		const { page } = workbench;
		await clickStepButton('Add it to VS Code as a profile', 'Add Profile');
		await answerAddProfile(page, 'Walkthrough', 'Cloud Storage', DEMO_CLIENTS.demo);
		await done('Add it to VS Code as a profile').waitFor();
		await clickStepButton('Generate a token', 'Generate Token');
		await tokenStatus(page)
			.filter({ hasText: /23h 59m/ })
			.waitFor();
		await done('Generate a token').waitFor();
		await clickStepButton('List your Cloud Storage projects', 'Open the Explorer');
		await treeRow(page, 'Cloud Storage').click();
		await treeRow(page, 'Product Shots').waitFor();
		await done('List your Cloud Storage projects').waitFor();
		await clickStepButton('Verify the credential', 'Verify Credential');
		await done('Verify the credential').waitFor();
		assert.equal(
			await done('Create a project in the Adobe Developer Console').count(),
			0,
			'the console steps tick only when their guide is opened',
		);
		await screenshot(page, 'walkthrough-progress');
	});
});
