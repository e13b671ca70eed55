/**
 * Request files as a user works with them: open a .http file, click "Send to <host>" above
 * a request, read the response beside it; send a Firefly async generate and watch its job in the
 * Jobs view, through a window reload, until its images are there.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_CLIENTS } from '../emulator/server';
import { Workbench, clearNotifications, notification, openExplorerWithProfile, screenshot, workspaceStorageWritten } from './workbench';

const FILE = [
	'# @name hello',
	'GET {{$adobeEndpoint photoshop}}/pie/psdService/hello',
	'Authorization: Bearer {{$adobeToken}}',
	'x-api-key: {{$adobeClientId}}',
	'',
	'###',
	'',
	'# @name generate',
	'POST {{$adobeEndpoint firefly}}/v3/images/generate-async',
	'Authorization: Bearer {{$adobeToken}}',
	'x-api-key: {{$adobeClientId}}',
	'Content-Type: application/json',
	'',
	'{ "prompt": "a lighthouse on a cliff at sunrise", "numVariations": 2 }',
	'',
].join('\n');

describe('UI: request files and the Jobs view', () => {
	let workbench: Workbench;

	const jobsPane = (page: Page) => page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Jobs/ }) });
	const jobRow = (page: Page, text: string | RegExp) => jobsPane(page).locator('.monaco-list-row', { hasText: text }).first();
	const lens = (page: Page, index: number) =>
		page.locator('.contentWidgets .codelens-decoration a', { hasText: /Send (to |with Adobe profile)/ }).nth(index);

	async function openRequestFile(page: Page): Promise<void> {
		await page.keyboard.press('Control+P');
		const input = page.locator('.quick-input-widget input');
		await input.waitFor();
		await input.fill('adobe.http');
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'adobe.http' }).first().waitFor();
		await page.keyboard.press('Enter');
		await lens(page, 0).waitFor();
	}

	before(async () => {
		workbench = await openExplorerWithProfile('Requests', 'Firefly API', DEMO_CLIENTS.demo);
		// The file's first request is the seeds' Photoshop v1 hello: the emulator serves the retired v1.
		workbench.emulator.photoshopV1 = true;
		fs.writeFileSync(path.join(workbench.workspace, 'adobe.http'), FILE);
	});
	afterEach(async function () {
		if (this.currentTest?.state === 'failed') {
			await screenshot(workbench.page, `requests-failed-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}`);
		}
	});
	after(async () => {
		await workbench?.close();
	});

	it('sends the request under the CodeLens and opens the response beside the file', async () => {
		const { page, emulator } = workbench;
		await openRequestFile(page);
		await lens(page, 0).click();
		await page.locator('.tabs-container .tab', { hasText: 'Response hello' }).waitFor();
		// Opened beside the file, which keeps the focus.
		const response = page
			.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: 'Response hello' }) })
			.locator('.view-lines');
		await response.filter({ hasText: 'HTTP/1.1 200 OK' }).waitFor();
		await response.filter({ hasText: 'Welcome to the Photoshop API' }).waitFor();
		assert.ok(!(await response.innerText()).includes('eyJ'), 'no token in the response document');
		const hello = emulator.requests.filter((r) => r.route === 'photoshop.hello');
		assert.equal(hello.at(-1)?.status, 200, 'the emulator answered the Bearer token and API key');
		await page.locator('.notification-toast', { hasText: 'sending hello' }).waitFor({ state: 'detached' });
		await screenshot(page, 'request-response');
	});

	it('follows a job in the Jobs view across a reload, to its outputs', async () => {
		const { page, emulator } = workbench;
		emulator.inject('firefly.generateAsync', { type: 'jobHold' }, 1);
		await page.locator('.tabs-container .tab', { hasText: 'adobe.http' }).click();
		await lens(page, 1).click();
		await jobRow(page, /generate.*running/).waitFor({ timeout: 30_000 });
		// The job (our workspaceState) and the expanded Jobs view are stored before the page reloads.
		await workspaceStorageWritten(page, [
			{ key: 'adobe-api-toolkit.adobe-api-toolkit', includes: '"state":"running"' },
			{ key: 'workbench.view.extension.adobeApi.state', includes: '"adobeApi.jobs":{"collapsed":false' },
		]);
		await page.reload();
		await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
		await page
			.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe API Toolkit"]')
			.first()
			.click();
		await jobRow(page, /generate.*running/).waitFor({ timeout: 30_000 }); // polled again after the reload
		// A long job (over 10 s, by the elapsed time the row shows) announces its end.
		await jobRow(page, /running · (1\d|[2-9]\d)s/).waitFor({ timeout: 30_000 });

		const released = await fetch(`${emulator.url}/__emulator/jobs/release`, { method: 'POST', body: '{}' });
		assert.ok(released.ok);
		await jobRow(page, /generate.*succeeded/).waitFor({ timeout: 30_000 });
		await notification(page, /generate: succeeded after \d+s\./);
		await clearNotifications(page);
		const images = jobsPane(page).locator('.monaco-list-row', { hasText: /^image \d/ });
		await images.nth(1).waitFor(); // numVariations: 2
		// An output opens in VS Code's image preview, fetched from its pre-signed URL without the token.
		await images.first().click();
		await page.locator('.tabs-container .tab', { hasText: 'generate-1.png' }).waitFor();
		await page
			.frameLocator('iframe.webview.ready')
			.frameLocator('iframe#active-frame')
			.locator('img.loading, img.scale-to-fit, img')
			.first()
			.waitFor();
		await page
			.locator('.statusbar', { hasText: '179B' })
			.or(page.locator('.statusbar', { hasText: /\d+B/ }))
			.first()
			.waitFor(); // the preview read the file
		await page.locator('.notification-toast', { hasText: 'fetching image 1' }).waitFor({ state: 'detached' });
		const outputs = emulator.requests.filter((r) => r.route === 'jobs.output');
		assert.equal(outputs.length, 1);
		await page.mouse.move(10, 790);
		await screenshot(page, 'jobs-view');
	});
});
