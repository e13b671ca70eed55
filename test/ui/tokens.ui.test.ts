import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS } from '../emulator/server';
import {
	Workbench,
	addProfileThroughPalette,
	clearNotifications,
	closeHovers,
	hoverText,
	notification,
	openWorkbench,
	runFromPalette,
	screenshot,
	tokenStatus,
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
			.filter({ hasText: /23h 59m/ })
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
		assert.match((await picker.locator('input').first().getAttribute('placeholder')) ?? '', /^Token valid for 23h 5\dm$/);
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
