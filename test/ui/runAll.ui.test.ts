/**
 * Run All as a user runs it (issue #21): a request file with two named requests and httpYac `??`
 * assertions, the second chained to the first through a request variable and reading the selected
 * REST Client environment (`rest-client.environmentVariables` in the workspace's settings). The user
 * picks the environment from the status bar, clicks "Run All (2 requests)" above the first request,
 * reads the summary notification and the summary document beside the file, and the ✓/✗ after each
 * `??` line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_CLIENTS } from '../emulator/server';
import { Workbench, notification, openExplorerWithProfile, runFromPalette, screenshot } from './workbench';

const FILE_NAME = 'runall.http';
const FILE = [
	'# @name first',
	'GET {{$adobeEndpoint photoshop}}/{{service}}/hello',
	'Authorization: Bearer {{$adobeToken}}',
	'x-api-key: {{$adobeClientId}}',
	'',
	'?? status == 200',
	'?? header x-request-id startsWith emu-',
	'',
	'###',
	'',
	'# @name second',
	'GET {{$adobeEndpoint photoshop}}/{{service}}/hello',
	'Authorization: Bearer {{$adobeToken}}',
	'x-api-key: {{$adobeClientId}}',
	'x-request-id: {{first.response.headers.x-request-id}}-{{suffix}}',
	'',
	'?? header x-request-id endsWith -chained',
	'?? status == 404',
	'',
].join('\n');

/** REST Client's environments, in the workspace's settings: `service` in all ($shared), `suffix` only in "emulator". */
const SETTINGS = { 'rest-client.environmentVariables': { $shared: { service: 'pie/psdService' }, emulator: { suffix: 'chained' } } };

describe('UI: Run All of a request file', function () {
	this.timeout(240_000); // a loaded machine: the packaged .vsix installed, a profile added and its token fetched first
	let workbench: Workbench;

	const tab = (page: Page, name: string | RegExp) => page.locator('.tabs-container .tab', { hasText: name });
	/** The editor of the request file (its group's active tab). */
	const fileEditor = (page: Page) =>
		page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: /^runall\.http/ }) }).locator('.monaco-editor');
	const runAllLens = (page: Page) => page.locator('.contentWidgets .codelens-decoration a', { hasText: /Run All \(\d+ requests?\)/ });
	const environmentStatus = (page: Page) => page.locator('[id="adobe-api-toolkit.adobe-api-toolkit.adobeApi.requestEnvironment"]');

	/**
	 * What the file's editor shows on each rendered line: its text, and the text VS Code draws after it
	 * (a decoration's `after.contentText` is a CSS `::after` rule on a span of the line, not text of the DOM).
	 */
	const renderedLines = (page: Page) =>
		fileEditor(page)
			.locator('.view-lines')
			.evaluate((lines) =>
				Array.from(lines.querySelectorAll<HTMLElement>('.view-line')).map((line) => ({
					text: line.innerText.replace(/\u00a0/g, ' '),
					after: Array.from(line.querySelectorAll('span'))
						.map((span) => getComputedStyle(span, '::after').content)
						.filter((content) => content && content !== 'none' && content !== 'normal')
						.map((content) => JSON.parse(content) as string)
						.join(' '),
				})),
			);

	before(async () => {
		workbench = await openExplorerWithProfile('Run All', 'Firefly API', DEMO_CLIENTS.demo, {
			'editor.minimap.enabled': false, // the file and the summary beside it, each at half the width, show their lines whole
		});
		// The file's requests are the seeds' Photoshop v1 hello: the emulator serves the retired v1.
		workbench.emulator.photoshopV1 = true;
		fs.mkdirSync(path.join(workbench.workspace, '.vscode'), { recursive: true });
		fs.writeFileSync(path.join(workbench.workspace, '.vscode', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
		fs.writeFileSync(path.join(workbench.workspace, FILE_NAME), FILE);
	});
	afterEach(async function () {
		if (this.currentTest?.state === 'failed') await screenshot(workbench.page, 'run-all-failed');
	});
	after(async () => {
		await workbench?.close();
	});

	it('picks the environment, clicks Run All, and reads the summary and the ✓/✗ after each ?? line', async () => {
		const { page, emulator } = workbench;
		// The editors get the whole width: the file and the summary beside it.
		await runFromPalette(page, 'View: Close Primary Side Bar');
		await page.locator('.part.sidebar').waitFor({ state: 'hidden' });

		await page.keyboard.press('Control+P');
		const input = page.locator('.quick-input-widget input');
		await input.waitFor();
		await input.fill(FILE_NAME);
		await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE_NAME }).first().waitFor();
		await page.keyboard.press('Enter');
		await runAllLens(page).waitFor();
		assert.equal(await runAllLens(page).innerText(), 'Run All (2 requests)');

		// The environment, from the status bar (shown while a request file is active). The workspace's
		// settings were written after the window opened: once VS Code has read them, {{service}} ($shared)
		// is defined and {{suffix}} is not (no environment is selected), one error squiggle.
		await environmentStatus(page).filter({ hasText: 'No Environment' }).waitFor();
		const errorSquiggles = fileEditor(page).locator('.squiggly-error');
		await page.waitForFunction(
			() => document.querySelectorAll('.editor-group-container .monaco-editor .squiggly-error').length === 1,
			undefined,
			{
				timeout: 30_000,
			},
		);
		await environmentStatus(page).click();
		const picker = page.locator('.quick-input-widget', {
			has: page.locator('.quick-input-title', { hasText: 'Adobe: Select Request Environment' }),
		});
		const emulatorItem = picker.locator('.monaco-list-row', { hasText: /^emulator/ });
		await emulatorItem.waitFor();
		assert.deepEqual(
			(await picker.locator('.monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim()),
			['No Environment', 'emulator'],
			'$shared is not listed',
		);
		await screenshot(page, 'run-all-environment-pick');
		await emulatorItem.click();
		await environmentStatus(page).filter({ hasText: 'emulator' }).waitFor();
		await errorSquiggles.first().waitFor({ state: 'detached' }); // {{suffix}} is defined in "emulator"

		const hellos = () => emulator.requests.filter((r) => r.route === 'photoshop.hello').length;
		const sentBefore = hellos();
		await runAllLens(page).click();
		const toast = await notification(page, `Run All ${FILE_NAME}:`);
		assert.equal(
			(await toast.locator('.notification-list-item-message').innerText()).trim(),
			`Run All ${FILE_NAME}: 1 passed, 1 failed, 0 skipped`,
		);
		assert.equal(await toast.locator('.codicon-warning').count(), 1, 'a warning: an assertion failed');
		assert.equal(await toast.locator('.monaco-button', { hasText: 'Show Results' }).count(), 1);
		assert.equal(hellos(), sentBefore + 2, 'both requests were sent, in one run');

		// A failure opens the summary beside the file, which keeps the focus.
		const summaryTab = tab(page, /^Run All runall\.http/);
		await summaryTab.waitFor();
		const summary = page.locator('.editor-group-container', { has: summaryTab }).locator('.view-lines');
		await summary.filter({ hasText: /#\s+Run\s+All\s+runall\.http:\s+1\s+passed,\s+1\s+failed,\s+0\s+skipped\s+in/ }).waitFor();
		const summaryText = (await summary.innerText()).replace(/\u00a0/g, ' ');
		assert.match(summaryText, /✓ first → 200 in \d+ ms \(line 2\)/);
		assert.match(summaryText, /✗ second → 200 in \d+ ms \(line 12\)/);
		assert.match(summaryText, /✗ \?\? status == 404: status was 200; expected == 404/);
		assert.equal(
			await tab(page, /^runall\.http/)
				.and(page.locator('.active'))
				.count(),
			1,
			'the request file is still in front in its group',
		);

		// The results after the ?? lines: the chained header (the first answer's id and the environment's suffix) passed, 404 did not.
		const lineWith = async (text: string) => {
			await fileEditor(page).locator('.view-line', { hasText: text }).waitFor();
			const line = (await renderedLines(page)).find((l) => l.text === text);
			return line ?? assert.fail(`no line "${text}" in the editor`);
		};
		const expected: Array<[string, string]> = [
			['?? status == 200', '✓ passed'],
			['?? header x-request-id startsWith emu-', '✓ passed'],
			['?? header x-request-id endsWith -chained', '✓ passed'],
			['?? status == 404', '✗ status was 200; expected == 404'],
		];
		for (const [text, after] of expected) assert.equal((await lineWith(text)).after, after, `after "${text}"`);
		const requestLines = (await renderedLines(page)).filter((l) => l.text.startsWith('GET '));
		assert.deepEqual(
			requestLines.map((l) => l.after),
			['', ''],
			'no result after the request lines: their requests have assertions',
		);

		await page.mouse.move(640, 780);
		await screenshot(page, 'requests-run-all');
	});
});
