import * as assert from 'node:assert/strict';
import { DEMO_CLIENTS } from '../emulator/server';
import {
	Workbench,
	addProfileThroughPalette,
	clearNotifications,
	notification,
	openWorkbench,
	runFromPalette,
	screenshot,
	tokenStatus,
} from './workbench';

describe('UI: invalid_scope is fixed in one click', () => {
	let workbench: Workbench;

	before(async () => {
		workbench = await openWorkbench();
	});
	after(async () => {
		await workbench?.close();
	});

	it("offers the scopes of Adobe's earlier guide to a credential that lacks the current ones, and gets a token with them", async () => {
		const { page, emulator } = workbench;
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor(); // activated
		// A Cloud Storage credential from before Adobe's guide added cloud_storage_collab_api.
		const scopes = await addProfileThroughPalette(page, 'Older storage', 'Cloud Storage', DEMO_CLIENTS.olderStorage);
		assert.equal(scopes, 'openid,AdobeID,creative_sdk,cloud_storage_collab_api', "the current guide's scopes are prefilled");
		await tokenStatus(page).filter({ hasText: 'Adobe: no token' }).waitFor();
		await clearNotifications(page);
		await tokenStatus(page).click();
		const toast = await notification(page, /Asked for: openid,AdobeID,creative_sdk,cloud_storage_collab_api/);
		assert.match(await toast.innerText(), /openid,AdobeID,offline_access,creative_sdk \(earlier guide\)/);
		await screenshot(page, 'invalid-scope-fix');
		await toast.getByRole('button', { name: 'Use earlier guide scopes' }).click();
		await tokenStatus(page)
			.filter({ hasText: /23h 59m/ })
			.waitFor({ timeout: 60_000 });
		// Read from the notification centre, which keeps what a toast may already have hidden.
		await runFromPalette(page, 'Notifications: Show Notifications');
		await page.locator('.notifications-center', { hasText: /New access token for "Older storage"/ }).waitFor();
		assert.deepEqual(
			emulator.requests.filter((r) => r.route === 'ims.token').map((r) => r.status),
			[400, 200],
			'one rejected request, then one with the documented scopes',
		);
	});
});
