import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS } from '../emulator/server';
import {
	Workbench,
	addProfileThroughPalette,
	answerAddProfile,
	clearNotifications,
	closeHovers,
	hoverText,
	notification,
	openWorkbench,
	runFromPalette,
	screenshot,
	tokenStatus,
	treeRow,
} from './workbench';

describe('UI: profiles and the status-bar token countdown', () => {
	let workbench: Workbench;

	before(async () => {
		// Auto-refresh off, so the warning and expired states stay put for their screenshots.
		workbench = await openWorkbench({ 'adobeApi.token.autoRefresh': false });
	});
	after(async () => {
		await workbench?.close();
	});

	it('adds a profile through the multi-step input from the command palette', async () => {
		const { page } = workbench;
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor();
		const scopes = await addProfileThroughPalette(page, 'PS dev', 'Photoshop', DEMO_CLIENTS.demo);
		assert.equal(scopes, 'openid,AdobeID,read_organizations', 'scopes are prefilled for the API kind');
		await tokenStatus(page).filter({ hasText: 'Adobe: no token' }).waitFor();
		await closeHovers(page); // off the status bar, so states show their own colours
		await screenshot(page, 'status-no-token');
	});

	it('generates a token when the no-token item is clicked, then counts down', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		await tokenStatus(page).click();
		await tokenStatus(page)
			.filter({ hasText: /Adobe 23h 59m/ })
			.waitFor();
		assert.equal(emulator.count('ims.token'), 1);
		assert.match(
			(await tokenStatus(page).getAttribute('aria-label')) ?? '',
			/^Adobe access token for PS dev expires in 23 hours 59 minutes$/,
		);
		await notification(page, /New access token for "PS dev"/);
		await hoverText(page, tokenStatus(page), 'Photoshop API'); // the click dismissed the hover: leave and come back
		await screenshot(page, 'status-valid');
	});

	it('finds the token again after the window reloads (SecretStorage)', async () => {
		const { page, emulator } = workbench;
		await page.reload();
		await tokenStatus(page)
			.filter({ hasText: /23h 59m/ })
			.waitFor({ timeout: 60_000 });
		assert.equal(emulator.count('ims.token'), 1, 'no new token was requested');
	});

	it('opens the token actions when the countdown is clicked', async () => {
		const { page } = workbench;
		await tokenStatus(page).click();
		const picker = page.locator('.quick-input-widget', { hasText: 'Adobe token · PS dev' });
		// The expiry relative and on the clock with its day, as the status bar's tooltip writes it.
		assert.match(
			(await picker.locator('input').first().getAttribute('placeholder')) ?? '',
			/^Token expires in 23 h 5\d m, (today|tomorrow) \d{1,2}:\d\d/,
		);
		await picker.waitFor();
		for (const action of ['Refresh Token', 'Copy Token', 'Copy Environment Exports', 'Copy cURL', 'Clear Token', 'Switch Profile…']) {
			await picker.locator('.monaco-list-row', { hasText: action }).first().waitFor();
		}
		await screenshot(page, 'token-actions');
		await page.keyboard.press('Escape');
	});

	it('turns yellow and keeps the token when a refresh fails', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		emulator.inject('ims.token', { type: 'status', status: 500 }, 1);
		await runFromPalette(page, 'Adobe: Refresh Token');
		await notification(page, /Adobe IMS failed with a server error \(HTTP 500\)/);
		await page.locator('[id="adobe-api-toolkit.adobe-api-toolkit.adobeApi.tokenStatus"].warning-kind', { hasText: /23h 5\dm/ }).waitFor();
		await page.locator('.notifications-toasts .notification-toast', { hasText: 'refreshing a token' }).waitFor({ state: 'detached' });
		await closeHovers(page); // off the status bar, so states show their own colours
		await screenshot(page, 'status-warning');
	});

	it('turns red when the token expires', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		emulator.tokenLifetimeSeconds = 3;
		await runFromPalette(page, 'Adobe: Refresh Token');
		await tokenStatus(page)
			.filter({ hasText: /00:0[0-2]|Adobe: expired/ })
			.waitFor(); // the 3 s token, or its end already
		await page
			.locator('[id="adobe-api-toolkit.adobe-api-toolkit.adobeApi.tokenStatus"].error-kind', { hasText: 'Adobe: expired' })
			.waitFor({ timeout: 10_000 });
		await closeHovers(page); // off the status bar, so states show their own colours
		await screenshot(page, 'status-expired');
	});
});

describe('UI: recovering from a wrong secret, and the countdown with its date', () => {
	let workbench: Workbench;
	const WRONG = { clientId: DEMO_CLIENTS.demo.clientId, clientSecret: 'p8e-not-the-right-secret-000' };

	before(async () => {
		// Auto-refresh on (the default), so the tooltip has the refresh's time to show.
		workbench = await openWorkbench();
	});
	afterEach(async function () {
		// What the workbench showed when a step timed out.
		if (this.currentTest?.state === 'failed') await screenshot(workbench.page, 'recovery-failed').catch(() => undefined);
	});
	after(async () => {
		await workbench?.close();
	});

	it('shows a refused secret in the status bar with its fixes, and on the profile row of the explorer', async () => {
		const { page } = workbench;
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).click();
		await answerAddProfile(page, 'PS dev', 'Photoshop', WRONG);
		await tokenStatus(page).filter({ hasText: 'Adobe: no token' }).click();
		const toast = await notification(page, /Adobe IMS rejected the Client Secret \(invalid_client\)/);
		await toast.locator('a.monaco-button', { hasText: 'Edit Client Secret' }).waitFor();
		await tokenStatus(page).filter({ hasText: 'Adobe: token failed' }).waitFor();
		await page
			.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe API Toolkit"]')
			.first()
			.click();
		await treeRow(page, 'PS dev').filter({ hasText: 'Client Secret refused' }).waitFor();
		const tooltip = await hoverText(page, tokenStatus(page), 'Edit Client Secret');
		// The fixes first, then Generate; the message wraps between words (no non-breaking spaces from appendText).
		assert.match(tooltip.replace(/\s+/g, ' '), /Edit Client Secret · Check Setup · Generate · Switch profile · Log/);
		assert.match(tooltip, /Last refresh today \d{1,2}:\d\d/);
		assert.ok(tooltip.includes('Copy the secret again from your Developer Console credential'), tooltip);
		assert.ok(!tooltip.includes('\u00a0'), 'spaces are spaces');
		await screenshot(page, 'token-failed');
	});

	it("explains the failure in the profile row's tooltip, with the same fixes", async () => {
		const { page } = workbench;
		const tooltip = await hoverText(page, treeRow(page, 'PS dev'), 'Edit Client Secret');
		assert.match(tooltip, /The token request today \d{1,2}:\d\d.* failed: Adobe IMS rejected the Client Secret \(invalid_client\)/);
		assert.match(tooltip.replace(/\s+/g, ' '), /Edit Client Secret · Check Setup · Generate Token/);
		await screenshot(page, 'profile-row-error');
	});

	it("puts the fixes first in the failed countdown's Token Actions", async () => {
		const { page } = workbench;
		await closeHovers(page);
		await tokenStatus(page).click();
		const picker = page.locator('.quick-input-widget', { hasText: 'Adobe token · PS dev' });
		await picker.waitFor();
		const rows = picker.locator('.monaco-list-row');
		await rows.first().filter({ hasText: 'Edit Client Secret…' }).waitFor();
		assert.match(await rows.nth(1).innerText(), /Check Setup/);
		assert.match(await rows.nth(2).innerText(), /Generate Token/);
		assert.match(
			(await picker.locator('input').first().getAttribute('placeholder')) ?? '',
			/^No token: Adobe IMS rejected the Client Secret \(invalid_client\)/,
		);
		await screenshot(page, 'token-actions-failed');
		await page.keyboard.press('Escape');
		await picker.waitFor({ state: 'hidden' });
	});

	it("opens the secret's input at once from the error's Edit Client Secret, and Generate Token then works", async () => {
		const { page } = workbench;
		await clearNotifications(page);
		await runFromPalette(page, 'Adobe: Generate Token');
		const toast = await notification(page, /Adobe IMS rejected the Client Secret \(invalid_client\)/);
		await toast.locator('a.monaco-button', { hasText: 'Edit Client Secret' }).click();
		// No "what do you want to change?" first: the password box of the field IMS refused.
		const input = page.locator('.quick-input-widget', {
			has: page.locator('.quick-input-title', { hasText: '"PS dev": new Client Secret' }),
		});
		await input.locator('input[type="password"]').waitFor();
		assert.equal(await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Client Secret' }).count(), 0, 'no field picker');
		await screenshot(page, 'edit-secret');
		await input.locator('input').first().fill(DEMO_CLIENTS.demo.clientSecret);
		await page.keyboard.press('Enter');
		const updated = await notification(page, 'Profile "PS dev" updated; generate a new token to use the change.');
		await updated.locator('a.monaco-button', { hasText: 'Generate Token' }).click();
		await tokenStatus(page)
			.filter({ hasText: /Adobe 23h 59m/ })
			.waitFor();
		await treeRow(page, 'PS dev')
			.filter({ hasText: /23h 5\dm left/ })
			.waitFor();
	});

	it('labels the countdown "Adobe" and dates the expiry and the auto-refresh in its tooltip', async () => {
		const { page } = workbench;
		await clearNotifications(page);
		assert.match((await tokenStatus(page).innerText()).trim(), /^Adobe 23h 59m$/);
		const tooltip = await hoverText(page, tokenStatus(page), 'Auto-refresh');
		assert.match(tooltip, /Expires in 23 h 59 m, (today|tomorrow) \d{1,2}:\d\d/);
		assert.match(tooltip, /Auto-refresh in 22 h 59 m, (today|tomorrow) \d{1,2}:\d\d/);
		await screenshot(page, 'token-status');
	});
});
