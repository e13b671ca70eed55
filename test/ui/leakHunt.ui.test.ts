/**
 * The leak hunt's UI half: with the emulator echoing the credentials it received into its error
 * bodies, every notification, the status-bar hover and the explorer's rows and hovers are read off
 * the real workbench and searched for the secret and every token the emulator minted.
 * (The extension-host half, test/suite/leakHunt.test.ts, searches rejections, the log, files.)
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_CLIENTS, echoedForms } from '../emulator/server';
import {
	Workbench,
	adobePane,
	addProfileThroughPalette,
	clearNotifications,
	hoverText,
	openWorkbench,
	runFromPalette,
	screenshot,
	tokenStatus,
	treeRow,
} from './workbench';

const SECRET = DEMO_CLIENTS.leakHunt.clientSecret;

describe('UI: leak hunt in notifications, hovers and tree rows', () => {
	let workbench: Workbench;
	const seen: string[] = [];

	/** Every notification toast's text so far, read before the next one can hide it. */
	async function readToasts(page: Page): Promise<void> {
		// One read of them all: a toast can hide between listing them and reading one.
		seen.push(...(await page.locator('.notifications-toasts .notification-toast').allInnerTexts()));
	}

	before(async () => {
		workbench = await openWorkbench({ 'adobeApi.token.autoRefresh': false });
	});
	after(async () => {
		await workbench?.close();
	});

	it('shows the echoed failures of IMS, the hello call and Cloud Storage without the secret or token', async () => {
		const { page, emulator } = workbench;
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor();
		await addProfileThroughPalette(page, 'Leak hunt', 'Cloud Storage', DEMO_CLIENTS.leakHunt);

		// IMS quotes the client_secret it received back in its error.
		emulator.inject('ims.token', { type: 'echo', status: 400 }, 1);
		await tokenStatus(page).filter({ hasText: 'Adobe: no token' }).click();
		const imsToast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Rejected credentials' }).first();
		await imsToast.waitFor({ timeout: 30_000 });
		assert.match(await imsToast.innerText(), /‹redacted›/, 'the echoed secret is shown redacted');
		await readToasts(page);
		await screenshot(page, 'leak-hunt-ims-echo');
		seen.push(await hoverText(page, tokenStatus(page)));

		// A token, then a hello call and a listing whose errors quote the bearer token.
		await runFromPalette(page, 'Adobe: Generate Token');
		await tokenStatus(page)
			.filter({ hasText: /23h 59m/ })
			.waitFor();
		emulator.inject('photoshop.hello', { type: 'echo', status: 403 });
		emulator.inject('storage.list', { type: 'echo', status: 403 });
		await page
			.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe API Toolkit"]')
			.first()
			.click();
		await treeRow(page, 'Photoshop API: hello').click();
		await treeRow(page, 'Cloud Storage').click();
		const helloFailure = treeRow(page, /Photoshop API: hello.*(Rejected credentials|refused|403)/);
		await helloFailure.waitFor();
		await treeRow(page, /Rejected credentials|refused|403/)
			.last()
			.waitFor();
		await readToasts(page);
		for (const row of await adobePane(page).locator('.monaco-list-row').all()) {
			seen.push(await row.innerText(), (await row.getAttribute('aria-label')) ?? '');
		}
		seen.push(await hoverText(page, helloFailure));
		await screenshot(page, 'leak-hunt-explorer-echo');

		// Refresh Token while IMS echoes again: the failure toast and the status-bar hover. The
		// earlier toasts were read; cleared, so the wait below is for the refresh's own toast.
		await clearNotifications(page);
		emulator.inject('ims.token', { type: 'echo', status: 401 });
		await runFromPalette(page, 'Adobe: Refresh Token');
		await page.locator('.notifications-toasts .notification-toast', { hasText: /IMS/ }).first().waitFor({ timeout: 30_000 });
		await readToasts(page);
		seen.push(await hoverText(page, tokenStatus(page)));

		// Everything the notification centre still holds.
		await runFromPalette(page, 'Notifications: Show Notifications');
		const center = page.locator('.notifications-center');
		await center.waitFor();
		seen.push(await center.innerText());

		const tokens = [...emulator.tokens.keys()] as string[];
		assert.ok(tokens.length >= 1, 'a token was minted');
		assert.ok(
			seen.some((text) => text.includes('Rejected credentials')),
			'the echoed bodies reached the UI',
		);
		const needles = [...echoedForms(SECRET), ...tokens.flatMap((token) => [...echoedForms(token), token.split('.').pop()!])];
		const leaked = seen.flatMap((text, index) =>
			needles.filter((needle) => text.includes(needle)).map(() => `text #${index}: ${text.slice(0, 200)}`),
		);
		assert.deepEqual(leaked, []);
	});
});
