/**
 * Import Credential from cURL Command as a user does it: copy "View cURL command" in the Developer
 * Console, run the command, and fill the password box from the clipboard with its button (in a browser
 * the clipboard is read only when asked: src/shared/curlInput.ts); a pasted command loses its line
 * breaks in an input box and must still be read.
 */
import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS } from '../emulator/server';
import { Workbench, answer, clearNotifications, notification, openWorkbench, runFromPalette, screenshot, tokenStatus } from './workbench';

const TITLE = 'Import Credential from cURL Command';

/** The command as the Developer Console shows it (AdobeDocs/ffs-firefly-api, getting-started/create-credentials). */
const consoleCommand = (client: { clientId: string; clientSecret: string }) =>
	`curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\\n-H 'Content-Type: application/x-www-form-urlencoded' \\\n-d 'grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}&scope=openid,AdobeID,read_organizations'`;

describe('UI: importing a pasted cURL command', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openWorkbench();
		await workbench.context.grantPermissions(['clipboard-read', 'clipboard-write']);
	});
	after(async () => {
		await workbench?.close();
	});

	const widget = () =>
		workbench.page.locator('.quick-input-widget', { has: workbench.page.locator('.quick-input-title', { hasText: TITLE }) });

	it("fills the password box from the clipboard with the box's button, asks which API, and adds the profile", async () => {
		const { page } = workbench;
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor(); // activated
		await page.evaluate((text) => navigator.clipboard.writeText(text), consoleCommand(DEMO_CLIENTS.demo));
		await runFromPalette(page, `Adobe: ${TITLE}…`);
		const input = widget().locator('input[type="password"]');
		await input.waitFor();
		assert.equal(await input.inputValue(), '', 'a browser is asked for the clipboard only on request');
		await widget().locator('.quick-input-titlebar a[aria-label="Paste from Clipboard"]').click();
		await page.waitForFunction((box) => (box as HTMLInputElement).value !== '', await input.elementHandle());
		assert.match(
			await input.inputValue(),
			/^curl -X POST 'https:\/\/ims-na1\.adobelogin\.com\/ims\/token\/v3'/,
			'prefilled from the clipboard',
		);
		await screenshot(page, 'import-curl');
		await input.press('Enter');
		await answer(page, 'Import "Pasted credential": which API?', 'Photoshop API');
		await notification(page, 'Imported "Pasted credential" from the cURL command.');
		await tokenStatus(page).filter({ hasText: 'Adobe: no token' }).waitFor(); // a profile, now active
		await page.locator('.statusbar [aria-label*="No Adobe access token for Pasted credential"]').first().waitFor();
	});

	it("reads a command typed into the box, and refuses the seeds' command that reads shell variables", async () => {
		const { page } = workbench;
		await clearNotifications(page);
		await page.evaluate(() => navigator.clipboard.writeText('nothing to import'));
		await runFromPalette(page, `Adobe: ${TITLE}…`);
		const input = widget().locator('input[type="password"]');
		await input.waitFor();
		await widget().locator('.quick-input-titlebar a[aria-label="Paste from Clipboard"]').click();
		await widget().locator('.quick-input-message', { hasText: 'No curl command came from the clipboard.' }).waitFor();
		assert.equal(await input.inputValue(), '', 'not filled with what is not a curl command');
		await input.pressSequentially('wget https://example.test');
		await widget().locator('.quick-input-message', { hasText: 'Paste a command that starts with "curl".' }).waitFor();
		// What a terminal-style paste leaves after the browser drops the line breaks.
		const seeds = `curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \\\n-d 'grant_type=client_credentials' \\\n-d "client_id=$PS_FF_SERVICES_CLIENT_ID" \\\n-d "client_secret=$PS_FF_SERVICES_CLIENT_SECRET"`;
		await input.fill(seeds);
		assert.ok(!(await input.inputValue()).includes('\n'), 'an input box keeps no line breaks');
		await widget().locator('.quick-input-message', { hasText: 'starts with "curl"' }).waitFor({ state: 'detached' }); // Enter is ignored while the input is invalid
		await input.press('Enter');
		const toast = await notification(page, /reads \$PS_FF_SERVICES_CLIENT_ID, \$PS_FF_SERVICES_CLIENT_SECRET from your shell/);
		assert.match((await toast.textContent()) ?? '', /View cURL command/);
		await screenshot(page, 'import-curl-shell-variables');
	});
});
