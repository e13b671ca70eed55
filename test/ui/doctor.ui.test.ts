import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS } from '../emulator/server';
import { Workbench, clearNotifications, notification, openExplorerWithProfile, runFromPalette, screenshot, setupReport } from './workbench';

describe('UI: the setup doctor report (Adobe: Check Setup)', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openExplorerWithProfile('Photoshop demo', 'Photoshop API', DEMO_CLIENTS.demo);
	});
	afterEach(async function () {
		// What the workbench showed when a step timed out.
		if (this.currentTest?.state === 'failed') await screenshot(workbench.page, 'doctor-report-failed').catch(() => undefined);
	});
	after(async () => {
		await workbench?.close();
	});

	it("opens a readable checklist in the Markdown preview, with the failure's cause, fix and Adobe's page", async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		// The API not added to the credential's project: the gateway's 403003 on the verification call.
		// Twice: the endpoint probe (Photoshop API v2's status, unauthenticated) takes the first.
		emulator.inject('photoshop.status', { type: 'status', status: 403, body: { error_code: '403003', message: 'Api Key is invalid' } }, 2);
		await runFromPalette(page, 'Adobe: Check Setup');
		const toast = await notification(page, /Adobe setup check for "Photoshop demo": 7 passed, 1 failed, 1 skipped\./);
		const said = (await toast.locator('.notification-list-item-message').textContent()) ?? '';
		assert.match(said, /1 skipped\. ✗ API verification call accepted: Adobe's gateway checks the API key against the API it guards/);
		await toast.locator('a.monaco-button', { hasText: 'Edit Profile' }).waitFor();
		await toast.locator('a.monaco-button', { hasText: "Open Adobe's Guide" }).waitFor();

		const report = setupReport(page);
		await report.locator('h1', { hasText: 'Adobe setup check: profile "Photoshop demo" (Photoshop API)' }).waitFor();
		const marks = await report.locator('h3').allTextContents();
		assert.deepEqual(
			marks.map((m) => m.trim().split(' ')[0]),
			['✓', '✓', '✓', '✓', '✓', '✓', '✓', '✗', '○'],
		);
		await report
			.locator('li', {
				hasText: /Likely cause: Adobe's gateway checks the API key against the API it guards: the Photoshop API is not added/,
			})
			.waitFor();
		const guide = report.locator('a', { hasText: 'developer.adobe.com/developer-console/docs/guides/services/services-add-api-oauth-s2s' });
		assert.equal(
			await guide.getAttribute('href'),
			'https://developer.adobe.com/developer-console/docs/guides/services/services-add-api-oauth-s2s',
		);
		// Moments as the tooltips write them, on the local clock with their day: no raw UTC timestamps (#18 item 7).
		const text = (await report.textContent()) ?? '';
		assert.match(
			text,
			/A token obtained today \d{1,2}:\d\d.* is still valid, so IMS was not asked for another; it expires in 23 h 5\d m, /,
		);
		assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT\d\d:\d\d/);
		await report.locator('h3', { hasText: 'API verification call accepted' }).scrollIntoViewIfNeeded();
		// The report full width: the side bar closed.
		await runFromPalette(page, 'View: Close Primary Side Bar');
		await page.mouse.move(1000, 300);
		await screenshot(page, 'doctor-report');
	});
});
