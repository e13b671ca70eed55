/**
 * Issue #18, the first steps of a new user in the demo as `npm start` runs it: the walkthrough opens on
 * the first load; the import picker says each thing once; the active profile is named in the view's
 * title and after every add or import, with Make Active; both Import cURL commands show their input at
 * once although this browser refuses the clipboard (no permission was granted to this context).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_CLIENTS } from '../emulator/server';
import {
	Workbench,
	adobePane,
	answerAddProfile,
	clearNotifications,
	notification,
	openWorkbench,
	runFromPalette,
	screenshot,
	tokenStatus,
	workspaceStorageWritten,
} from './workbench';

const WALKTHROUGH = 'Get started with Adobe APIs';
const EXTENSION_ID = 'adobe-api-toolkit.adobe-api-toolkit';

describe('UI: the first steps in the demo', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openWorkbench({}, { env: { ADOBE_API_TOOLKIT_DEMO: '1' } });
	});
	after(async () => {
		await workbench?.close();
	});

	const quickInput = (title: string) =>
		workbench.page.locator('.quick-input-widget', { has: workbench.page.locator('.quick-input-title', { hasText: title }) });
	/** The view's title: "ADOBE" and, beside it, the active profile (TreeView.description). */
	const viewDescription = () => adobePane(workbench.page).locator('.pane-header .description');
	async function openAdobeView(): Promise<void> {
		await workbench.page
			.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe API Toolkit"]')
			.first()
			.click();
		await adobePane(workbench.page).waitFor();
	}

	it("opens the walkthrough on the demo's first load", async () => {
		const { page } = workbench;
		await page.locator('.gettingStartedContainer', { hasText: WALKTHROUGH }).waitFor();
		await page.locator('.tabs-container .tab.active', { hasText: 'Welcome' }).waitFor();
		await screenshot(page, 'demo-first-load');
	});

	it('does not open it again on a later load', async () => {
		const { page } = workbench;
		// The flag is in the extension's globalState, which the browser's workbench writes to IndexedDB a moment later.
		await workspaceStorageWritten(page, [{ key: EXTENSION_ID, includes: 'adobeApi.demoWalkthroughShown' }], { global: true });
		// Another folder in the same browser: its editors start empty, so a walkthrough there could only come from the extension
		// (a reload of this folder would restore the open walkthrough, or not, depending on when VS Code saved its editors).
		const other = path.join(workbench.workspace, 'later');
		fs.mkdirSync(other, { recursive: true });
		const url = new URL(page.url());
		url.searchParams.set('folder', other);
		await page.goto(url.toString());
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor(); // activated again
		// A command's round trip through the extension host: the walkthrough would have been asked for before it.
		await runFromPalette(page, 'Adobe: Show Log');
		await page.locator('.part.panel').waitFor(); // the log, in the Output panel
		assert.equal(await page.locator('.gettingStartedContainer').count(), 0, 'the walkthrough opened again');
		await runFromPalette(page, 'View: Hide Panel');
	});

	it('shows the Import cURL input at once in a browser that refuses the clipboard, and imports what is typed', async () => {
		const { page } = workbench;
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor(); // activated
		await runFromPalette(page, 'Adobe: Import Credential from cURL Command…');
		const box = quickInput('Import Credential from cURL Command');
		const input = box.locator('input[type="password"]');
		// At once: in a browser the clipboard is read only when asked, so no refusal to dismiss first.
		await input.waitFor();
		await box.locator('.quick-input-titlebar a[aria-label="Paste from Clipboard"]').waitFor();
		assert.equal(await input.inputValue(), '');
		await screenshot(page, 'import-curl-input-at-once');
		// Asked, the refused clipboard is VS Code's notification to close, and the box stays as it was.
		await box.locator('.quick-input-titlebar a[aria-label="Paste from Clipboard"]').click();
		const refused = await notification(page, "Unable to read from the browser's clipboard");
		await screenshot(page, 'import-curl-clipboard-refused');
		await refused.locator('.codicon-notifications-clear, a[aria-label^="Clear Notification"]').first().click();
		await input.waitFor();
		assert.equal(await input.inputValue(), '');
		const command = `curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' -d 'grant_type=client_credentials&client_id=${DEMO_CLIENTS.demo.clientId}&client_secret=${DEMO_CLIENTS.demo.clientSecret}&scope=openid,AdobeID,offline_access,creative_sdk'`;
		await input.fill(command);
		await input.press('Enter');
		// The first profile: active at once, and the toast says so.
		const toast = await notification(page, 'Imported "Pasted credential" from the cURL command. It is the active profile.');
		await toast.locator('a.monaco-button', { hasText: 'Generate Token' }).waitFor();
		assert.equal(await page.locator('.notification-toast', { hasText: 'clipboard' }).count(), 0, 'nothing about the clipboard');
		await openAdobeView();
		await viewDescription().filter({ hasText: 'Pasted credential' }).waitFor();
	});

	it('shows Import cURL as Request at once too', async () => {
		const { page } = workbench;
		await clearNotifications(page);
		await runFromPalette(page, 'Adobe: Import cURL Command as Request…');
		const input = quickInput('Import cURL Command as Request').locator('input[type="password"]');
		await input.waitFor();
		assert.equal(await page.locator('.notification-toast', { hasText: 'clipboard' }).count(), 0, 'no clipboard error before or beside it');
		await input.fill(`curl -X GET 'https://image.adobe.io/pie/psdService/hello' -H 'Authorization: Bearer abc'`);
		await input.press('Enter');
		// The token became a built-in variable, the host Adobe's endpoint (core/requests/fromCurl.ts).
		await page.locator('.view-lines', { hasText: 'GET {{$adobeEndpoint photoshop}}/pie/psdService/hello' }).first().waitFor();
	});

	it('imports a .env with two credentials: the picker names each once, and the active profile stays and is named', async () => {
		const { page } = workbench;
		await clearNotifications(page);
		const file = path.join(workbench.workspace, 'adobe-demo.env');
		const { demo } = DEMO_CLIENTS;
		fs.writeFileSync(
			file,
			`PS_FF_SERVICES_CLIENT_ID=${demo.clientId}\nPS_FF_SERVICES_CLIENT_SECRET=${demo.clientSecret}\nCLOUD_STORAGE_CLIENT_ID=${demo.clientId}\nCLOUD_STORAGE_CLIENT_SECRET=${demo.clientSecret}\n`,
		);
		await runFromPalette(page, 'Adobe: Import Credentials…');
		// The browser's workbench asks for the file in VS Code's own file dialog: a path in a quick input, which
		// starts with a folder's path (typing before it is there would be overwritten).
		const dialog = page.locator('.quick-input-widget', {
			has: page.locator('.quick-input-title', { hasText: 'Import Adobe Credentials' }),
		});
		const pathInput = dialog.locator('input').first();
		await pathInput.waitFor();
		await page.waitForFunction((input) => (input as HTMLInputElement).value.endsWith('/'), await pathInput.elementHandle());
		await pathInput.fill(file);
		await dialog.locator('.quick-input-list .monaco-list-row', { hasText: 'adobe-demo.env' }).first().waitFor();
		await dialog.locator('input').first().press('Enter');
		const picker = quickInput('Import from adobe-demo.env');
		const rows = picker.locator('.quick-input-list .monaco-list-row');
		await rows.nth(1).waitFor();
		const texts = await rows.allInnerTexts();
		assert.equal(texts.length, 2);
		for (const [row, name] of [
			[texts[0], 'Photoshop API'],
			[texts[1], 'Cloud Storage and Collaboration'],
		]) {
			assert.equal(row.split(name).length - 1, 1, `"${name}" once in ${JSON.stringify(row)}`);
		}
		assert.match(texts[0], /openid,AdobeID,read_organizations/);
		await screenshot(page, 'import-picker');
		await picker.locator('input').first().press('Enter');
		const toast = await notification(
			page,
			'Imported "Photoshop API", "Cloud Storage and Collaboration" from adobe-demo.env. "Pasted credential" is still the active profile.',
		);
		await toast.locator('a.monaco-button', { hasText: 'Select Profile…' }).waitFor();
		await viewDescription().filter({ hasText: 'Pasted credential' }).waitFor();
	});

	it('adds a later profile: the toast offers Make Active, and the view title follows it', async () => {
		const { page } = workbench;
		await clearNotifications(page);
		await runFromPalette(page, 'Adobe: Add Profile…');
		await answerAddProfile(page, 'Photoshop dev', 'Photoshop API', DEMO_CLIENTS.demo);
		const toast = await notification(page, 'Profile "Photoshop dev" added. "Pasted credential" is still the active profile.');
		for (const button of ['Make Active', 'Generate Token']) await toast.locator('a.monaco-button', { hasText: button }).waitFor();
		await screenshot(page, 'add-profile-make-active');
		await toast.locator('a.monaco-button', { hasText: 'Make Active' }).click();
		await viewDescription().filter({ hasText: 'Photoshop dev' }).waitFor();
		await page.locator('.statusbar [aria-label*="No Adobe access token for Photoshop dev"]').first().waitFor();
		await screenshot(page, 'view-title-active-profile');
	});
});
