/**
 * Another extension asks VS Code for an `adobe-ims` session: VS Code asks the user first (a dialog
 * the integration host refuses to show, so this is a UI test), then hands over a server-to-server
 * profile's session. The second extension is the test consumer (test/fixtures/consumer-extension),
 * packaged and installed beside ours; it shows the token's SHA-256, never the token.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DEMO_CLIENTS } from '../emulator/server';
import { Workbench, addProfileThroughPalette, notification, openWorkbench, runFromPalette, screenshot, tokenStatus } from './workbench';

describe('UI: getSession from another extension', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openWorkbench({}, { withTestExtensions: true });
		await tokenStatus(workbench.page).filter({ hasText: 'Adobe: add profile' }).waitFor(); // activated
	});
	after(async () => {
		await workbench?.close();
	});

	it("asks the user, then gives the other extension a server-to-server profile's session with a token IMS issued", async () => {
		const { page, emulator } = workbench;
		await addProfileThroughPalette(page, 'Storage s2s', 'Cloud Storage', DEMO_CLIENTS.demo);
		await tokenStatus(page).filter({ hasText: 'Adobe: no token' }).waitFor();

		// VS Code's consent: the extension wants to sign in using Adobe. Cancel first: nothing is handed over.
		const dialog = page.locator('.monaco-dialog-box', { hasText: /wants to sign in using Adobe/ });
		await runFromPalette(page, 'Adobe API Consumer (test): Get an Adobe Session for Cloud Storage');
		await dialog.waitFor();
		await dialog.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
		await notification(page, /^No Adobe session: /);
		assert.equal(await page.locator('.notification-toast', { hasText: 'Adobe session for' }).count(), 0);

		await runFromPalette(page, 'Adobe API Consumer (test): Get an Adobe Session for Cloud Storage');
		await dialog.waitFor();
		assert.match(await dialog.innerText(), /Adobe API Toolkit test consumer/);
		await screenshot(page, 'get-session-consent');
		await dialog.locator('.monaco-button', { hasText: 'Allow' }).first().click();
		// With several accounts possible VS Code may ask which one; the profile is the only one here.
		const picker = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Storage s2s' }).first();
		const shown = await Promise.race([
			picker.waitFor().then(() => 'picker'),
			notification(page, /^Adobe session for /).then(() => 'session'),
		]);
		if (shown === 'picker') await picker.click();

		const toast = await notification(page, /Adobe session for Storage s2s \(server-to-server\)/);
		const text = (await toast.innerText()).replace(/\s+/g, ' ');
		const sha = /token sha256 ([0-9a-f]{64})/.exec(text)?.[1] ?? assert.fail(`no token digest in "${text}"`);
		const issued = [...emulator.tokens.keys()].filter((token) => createHash('sha256').update(token).digest('hex') === sha);
		assert.equal(issued.length, 1, 'the session holds a token the emulator issued to the profile');
		assert.equal(emulator.tokens.get(issued[0])?.clientId, DEMO_CLIENTS.demo.clientId);
		assert.ok(!text.includes(issued[0]), 'the token itself is not shown');
	});
});
