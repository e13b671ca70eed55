import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS } from '../emulator/server';
import {
	Workbench,
	addProfileThroughPalette,
	answer,
	clearNotifications,
	hoverText,
	notification,
	openExplorerWithProfile,
	runFromPalette,
	screenshot,
	setupReport,
	tokenStatus,
	treeRow,
} from './workbench';

describe('UI: Verify Credential in the explorer and in Check Setup', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openExplorerWithProfile('Firefly demo', 'Firefly', DEMO_CLIENTS.demo);
		const { page } = workbench;
		// A wider side bar, so the rows' results can be read in the screenshots: drag the sash at its right edge.
		const sidebar = (await page.locator('.part.sidebar').boundingBox()) ?? assert.fail('no side bar');
		const edge = sidebar.x + sidebar.width + 1;
		await page.mouse.move(edge, 400);
		await page.mouse.down();
		await page.mouse.move(edge + 120, 400, { steps: 4 });
		await page.mouse.move(860, 400, { steps: 4 });
		await page.mouse.up();
		assert.ok(((await page.locator('.part.sidebar').boundingBox())?.width ?? 0) > 700, 'the side bar did not widen');
	});

	/** Waits until the progress notification of a finished run has gone, so the result's toast is the one shown. */
	const progressGone = (text: string) =>
		workbench.page.locator('.notifications-toasts .notification-toast', { hasText: text }).waitFor({ state: 'detached' });
	after(async () => {
		await workbench?.close();
	});

	it('shows the "Verify credential" row under the profile and its result once clicked', async () => {
		const { page, emulator } = workbench;
		await treeRow(page, 'Verify credential').filter({ hasText: 'click to verify' }).waitFor();
		await treeRow(page, 'Verify credential').click();
		await treeRow(page, 'Verify credential')
			.filter({ hasText: /accepted · \d+ ms/ })
			.waitFor();
		await notification(page, /^Verified "Firefly demo": The Firefly API accepted the token/);
		assert.equal(emulator.count('firefly.customModels'), 1);
		await progressGone('Adobe: verifying');
		await page.mouse.move(1000, 300); // no hover highlight in the screenshot
		await screenshot(page, 'verify-explorer');
	});

	it('shows a gateway 403 on the row with its own explanation and inline fix', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		emulator.inject('firefly.customModels', { type: 'status', status: 403, body: { error_code: '403011', message: 'Scope mismatch' } }, 1);
		await treeRow(page, 'Verify credential').click();
		const failed = treeRow(page, 'Verify credential').filter({
			hasText: /lacks the scopes the Firefly API needs \(403011: Scope mismatch\)/,
		});
		await failed.waitFor();
		const toast = await notification(page, /403011: Scope mismatch/);
		await toast.locator('a.monaco-button', { hasText: 'Edit Scopes' }).waitFor();
		await progressGone('Adobe: verifying');
		await page.mouse.move(1000, 300);
		await screenshot(page, 'verify-explorer-403011');
	});

	it("reports the verification in Check Setup's report, beside the other checks", async () => {
		const { page } = workbench;
		await clearNotifications(page);
		await runFromPalette(page, 'Adobe: Check Setup');
		await notification(page, /^Adobe setup check for "Firefly demo": 8 passed, 1 skipped\./);
		await progressGone('Adobe: checking setup');
		const verify = setupReport(page).locator('h3', { hasText: 'API verification call accepted' });
		await verify.waitFor();
		assert.match((await verify.textContent()) ?? '', /✓/);
		assert.match(
			(await setupReport(page).textContent()) ?? '',
			/custom-models\?start=0&limit=1 → HTTP 200 in \d+ ms\. The Firefly API accepted the token/,
		);
		await page.mouse.move(1000, 300);
		await screenshot(page, 'verify-check-setup');
	});
	it('leads a Photoshop verification with what it proves ("accepted · N ms"), and keeps the documented 404 in the tooltip', async () => {
		const { page, emulator } = workbench;
		await clearNotifications(page);
		await runFromPalette(page, 'View: Close All Editors'); // the previous test's report
		await addProfileThroughPalette(page, 'Photoshop demo', 'Photoshop API', DEMO_CLIENTS.demo);
		await runFromPalette(page, 'Adobe: Select Profile…');
		await answer(page, 'Select the Active Adobe Profile', 'Photoshop demo');
		await tokenStatus(page).filter({ hasText: 'Adobe: no token' }).click();
		await tokenStatus(page)
			.filter({ hasText: /Adobe 23h 59m/ })
			.waitFor();
		await treeRow(page, 'Photoshop demo').waitFor();
		await clearNotifications(page);
		const calls = emulator.count('photoshop.status'); // Check Setup's endpoint probe called it too
		await treeRow(page, 'Verify credential').click();
		const accepted = treeRow(page, 'Verify credential').filter({ hasText: /accepted · \d+ ms/ });
		await accepted.waitFor();
		assert.doesNotMatch(
			(await accepted.innerText()).split('\n').join(' '),
			/Verify credential\s+404/,
			'the row does not lead with the 404',
		);
		assert.equal(emulator.count('photoshop.status'), calls + 1);
		await progressGone('Adobe: verifying');
		const tooltip = await hoverText(page, accepted, /→ 404 in \d+ ms/);
		assert.match(tooltip, /\/v2\/status\/0{8}-0{4}-0{4}-0{4}-0{12} → 404 in \d+ ms/);
		assert.match(tooltip, /Verified today \d{1,2}:\d\d/);
		await screenshot(page, 'verify-credential');
	});
});
