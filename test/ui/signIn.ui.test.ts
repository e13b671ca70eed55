import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../emulator/imsOAuth';
import { Workbench, clearNotifications, notification, openWorkbench, runFromPalette, screenshot, tokenStatus } from './workbench';

describe('UI: Sign in with Adobe', () => {
	let workbench: Workbench;

	before(async () => {
		// A Single Page App credential that lists email and profile (so the account shows its email): no offline_access.
		workbench = await openWorkbench({ 'adobeApi.signIn.scopes': 'openid,AdobeID,email,profile,creative_sdk,cloud_storage_collab_api' });
		// The extension has activated once its status-bar item shows.
		await tokenStatus(workbench.page).filter({ hasText: 'Adobe: add profile' }).waitFor();
	});

	after(async () => {
		await workbench?.close();
	});

	/** The Accounts entry of the activity bar, opened. */
	async function openAccountsMenu(page: Page) {
		await page
			.locator('.activitybar .action-item a[aria-label^="Accounts"], .activitybar .action-item[aria-label^="Accounts"]')
			.first()
			.click();
		const menu = page.locator('.monaco-menu-container, .context-view .monaco-menu').first();
		await menu.waitFor();
		return menu;
	}

	/** Runs a sign-in command from the palette as `user` and returns the browser page that opens on Adobe's consent page. */
	async function startSignIn(user: 'ada' | 'grace', command = 'Adobe: Sign In with Adobe…'): Promise<Page> {
		workbench.emulator.oauth.configure({ consent: 'page', user });
		const popup = workbench.context.waitForEvent('page');
		await runFromPalette(workbench.page, command);
		return popup;
	}

	it("signs in from the palette: the browser shows Adobe's consent page, Allow returns to VS Code", async () => {
		const { page, emulator } = workbench;
		const consent = await startSignIn('ada');
		await consent.locator('#allow').waitFor();
		assert.match(await consent.locator('#user').innerText(), /Ada Sample \(ada@example\.com\)/);
		assert.equal(await consent.locator('#scopes').innerText(), 'openid, AdobeID, email, profile, creative_sdk, cloud_storage_collab_api');
		await screenshot(consent, 'sign-in-consent');
		await consent.locator('#allow').click();
		// IMS → the HTTPS relay page → the extension's loopback, which answers with its own page.
		await consent.locator('h1', { hasText: 'Signed in to Adobe' }).waitFor();
		assert.match(consent.url(), /^http:\/\/127\.0\.0\.1:\d+\/callback\?nonce=[\w-]+&/);
		// A Single Page App credential gets no refresh token: the toast says until when, and how it renews.
		await notification(
			page,
			new RegExp(
				`Signed in to Adobe as ${DEMO_USERS.ada.email.replace(/\./g, '\\.')}\\. The sign-in lasts until .+ \\(Adobe gives Single Page App credentials no refresh token\\); then Sign In renews it\\.`,
			),
		);
		// The user is now a profile, the first one, so the active one: the status bar counts its token down.
		await tokenStatus(page)
			.filter({ hasText: /23h 59m/ })
			.waitFor();
		assert.deepEqual(
			emulator.requests.filter((r) => r.route.startsWith('ims.')).map((r) => `${r.route} ${r.status}`),
			// prompt=none first: nobody is signed in at Adobe (login_required), so the same tab went on to the page.
			['ims.authorize 302', 'ims.authorize 200', 'ims.consent 302', 'ims.token 200', 'ims.userinfo 200'],
		);
		await consent.close();
	});

	it('lists the account in the Accounts menu (screenshot)', async () => {
		const { page } = workbench;
		await clearNotifications(page);
		const menu = await openAccountsMenu(page);
		const entry = menu.locator('.action-item', { hasText: `${DEMO_USERS.ada.email} (Adobe)` });
		await entry.waitFor();
		await entry.hover();
		await page.getByRole('menuitem', { name: 'Sign Out', exact: true }).waitFor();
		await screenshot(page, 'accounts-menu');
		await page.keyboard.press('Escape');
	});

	it("another account: Adobe's login page although Ada is signed in there; a declined consent shows Adobe's reason in the browser and in VS Code", async () => {
		const { page, emulator } = workbench;
		const consent = await startSignIn('grace', 'Adobe: Sign In with Another Adobe Account…');
		await consent.locator('#deny').waitFor();
		assert.match(await consent.locator('#user').innerText(), /Grace Sample/);
		assert.equal(emulator.requests.filter((r) => r.route === 'ims.authorize').at(-1)?.query.prompt, 'login');
		await consent.locator('#deny').click();
		await consent.locator('h1', { hasText: 'Sign-in did not complete' }).waitFor();
		await notification(page, /Sign-in was declined at Adobe \(access_denied\)/);
		await consent.close();
	});

	it('Adobe: Sign Out… asks first, as Remove Profile does; Cancel keeps the sign-in', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		await runFromPalette(page, 'Adobe: Sign Out…');
		const dialog = page.locator('.monaco-dialog-box', { hasText: `Sign out of Adobe as ${DEMO_USERS.ada.email}?` });
		await dialog.waitFor();
		assert.match(await dialog.innerText(), /Adobe revokes the sign-in's tokens/);
		await screenshot(page, 'sign-out-confirm');
		await dialog.getByRole('button', { name: 'Cancel' }).click();
		await dialog.waitFor({ state: 'detached' });
		assert.equal(emulator.requests.filter((r) => r.route === 'ims.revoke').length, 0, 'nothing revoked');
		const menu = await openAccountsMenu(page);
		await menu.locator('.action-item', { hasText: `${DEMO_USERS.ada.email} (Adobe)` }).waitFor();
		await page.keyboard.press('Escape');
	});

	it('signs out from the Accounts menu, and the extension revokes the tokens at Adobe', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		const menu = await openAccountsMenu(page);
		await menu.locator('.action-item', { hasText: `${DEMO_USERS.ada.email} (Adobe)` }).hover();
		// By keyboard, as a click can land while the submenu is still opening: into the submenu, down to Sign Out.
		const signOut = page.getByRole('menuitem', { name: 'Sign Out', exact: true });
		await signOut.waitFor();
		await signOut.hover();
		await signOut.focus();
		await page.keyboard.press('Enter');
		// VS Code asks first only when extensions used the account; answer it if it does.
		const confirm = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Sign Out' });
		// The emulator announces nothing; poll its record (with a deadline) for the revocation. A Single Page App
		// sign-in has no refresh token: its access token is all there is to revoke.
		const revoked = () => emulator.requests.filter((r) => r.route === 'ims.revoke' && r.status === 200).length;
		const deadline = Date.now() + 15_000;
		while (revoked() < 1 && Date.now() < deadline) {
			if (await confirm.isVisible()) await confirm.click();
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		assert.equal(revoked(), 1);
		const after = await openAccountsMenu(page);
		assert.equal(await after.locator('.action-item', { hasText: '(Adobe)' }).count(), 0);
		await page.keyboard.press('Escape');
	});
});
