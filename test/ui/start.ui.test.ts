/**
 * The README's quick start, exactly as written: `npm start`, run through npm (so the test host's
 * install steps see an npm environment), prints its three phases in order, one line each, then what to
 * try, and last, alone on its line, the URL of a workbench with the extension installed and pointed at
 * the emulator. Sign In there goes through the emulator's consent page and back to VS Code in a browser
 * that trusts nothing extra: no certificate warning on the way.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Browser } from 'playwright-core';
import { REPO_ROOT, freePort, launchBrowser } from '../host/host';
import { PREFILLED_SCOPES } from '../host/start';
import { notification, runFromPalette, screenshot, tokenStatus } from './workbench';

/** Everything npm start printed so far, and a promise of the first time it matches `pattern`; rejects if the process exits first. */
function watchOutput(child: ChildProcess) {
	let seen = '';
	const waiters: Array<{ pattern: RegExp; resolve: (match: RegExpExecArray) => void }> = [];
	child.stdout?.on('data', (chunk: Buffer) => {
		seen += chunk.toString();
		for (const waiter of [...waiters]) {
			const match = waiter.pattern.exec(seen);
			if (match) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(match);
			}
		}
	});
	return {
		text: () => seen,
		waitFor(pattern: RegExp): Promise<RegExpExecArray> {
			return new Promise((resolve, reject) => {
				const match = pattern.exec(seen);
				if (match) return resolve(match);
				waiters.push({ pattern, resolve });
				child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before printing ${pattern}:\n${seen}`)));
			});
		},
	};
}

describe('UI: npm start', function () {
	this.timeout(300_000); // the first start may package the .vsix and install the host
	let child: ChildProcess | undefined;
	let browser: Browser | undefined;

	after(async () => {
		await browser?.close();
		if (child?.pid && child.exitCode === null && child.signalCode === null) {
			const exited = once(child, 'exit');
			process.kill(-child.pid, 'SIGKILL');
			await exited;
		}
	});

	it('prints one line per phase (1/3 to 3/3), the URL last and alone; serves VS Code with the extension; Sign In shows no certificate warning; Ctrl+C stops it', async () => {
		const port = await freePort();
		child = spawn('npm', ['start'], {
			cwd: REPO_ROOT,
			env: { ...process.env, PORT: String(port) },
			stdio: ['ignore', 'pipe', 'inherit'],
			detached: true,
		});
		const output = watchOutput(child);
		const [, url] = await output.waitFor(/\n\n {2}(http:\/\/127\.0\.0\.1:\d+\/\S*)\n$/);
		assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), url);

		// Stdout is a pipe here: no spinner, each phase's line once, in order (a first run adds its install steps, indented).
		const lines = output.text().split('\n');
		const phases = lines.filter((line) => /^\[\d\/3\] /.test(line));
		assert.deepEqual(
			phases.map((line) => line.slice(0, 5)),
			['[1/3]', '[2/3]', '[3/3]'],
			output.text(),
		);
		assert.match(phases[0], /^\[1\/3\] Test host: VS Code [\d.]+ \(code-server [\d.]+\) · \d+/);
		assert.match(phases[1], /^\[2\/3\] Extension: adobe-api-toolkit [\d.]+ packaged and installed · \d+/);
		assert.match(phases[2], /^\[3\/3\] VS Code started, the extension pointed at the Adobe emulator \(http:\/\/127\.0\.0\.1:\d+\) · \d+/);
		assert.ok(
			lines.slice(0, lines.indexOf(phases[0])).every((line) => !/http:\/\/127/.test(line)),
			'no URL before the phases: the emulator is named in phase 3, the workbench last',
		);
		assert.equal(output.text().match(/http:\/\/127\.0\.0\.1:\d+\/\?folder/g)?.length, 1, 'the URL to open is printed once');
		assert.doesNotMatch(output.text(), /npm warn|install-scripts/i);
		// The demo credential's scopes are the ones Add Profile fills in.
		for (const { label, scopes } of Object.values(PREFILLED_SCOPES)) {
			assert.match(output.text(), new RegExp(`^ +${label} +${scopes.join(',')}$`, 'm'));
		}

		browser = await launchBrowser();
		// A browser like the user's: it trusts no self-signed certificate (no ignoreHTTPSErrors).
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await context.newPage();
		await page.goto(url);
		await page
			.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe"]')
			.first()
			.waitFor({ timeout: 60_000 });
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor();
		await screenshot(page, 'npm-start');
		assert.match(output.text(), /\n {2}http:\/\/127\.0\.0\.1:\d+\/\S*\n$/, 'nothing printed after the URL while VS Code runs');

		// Sign In: the emulator's consent page, then its relay (loopback http), then the extension's loopback page.
		const popup = context.waitForEvent('page');
		await runFromPalette(page, 'Adobe: Sign In with Adobe…');
		const signIn = await popup;
		const visited: string[] = [];
		signIn.on('framenavigated', (frame) => {
			if (frame === signIn.mainFrame()) visited.push(frame.url());
		});
		await signIn.locator('#allow').waitFor();
		await signIn.setViewportSize({ width: 1000, height: 560 });
		await screenshot(signIn, 'npm-start-sign-in-consent');
		await signIn.locator('#allow').click();
		await signIn.locator('h1', { hasText: 'Signed in to Adobe' }).waitFor();
		assert.ok(
			visited.every((at) => at.startsWith('http://127.0.0.1:')),
			`only loopback http pages, none an HTTPS page with a certificate to warn about: ${visited.join(' → ')}`,
		);
		assert.ok(
			visited.some((at) => /\/redirect\?/.test(at)),
			`the relay page was on the way: ${visited.join(' → ')}`,
		);
		await screenshot(signIn, 'npm-start-sign-in');
		await notification(page, /Signed in to Adobe as ada@example\.com/);
		// Back in VS Code: the user is a profile in our view, its token counting down.
		await page
			.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe"]')
			.first()
			.click();
		await page.locator('.part.sidebar .monaco-list-row', { hasText: 'ada@example.com' }).first().waitFor();
		await tokenStatus(page)
			.filter({ hasText: /23h 59m/ })
			.waitFor();
		await screenshot(page, 'npm-start-signed-in');

		// Ctrl+C reaches the whole process group: npm itself dies of it, start.js stops what it started.
		const closed = once(child.stdout!, 'end'); // when npm and start.js have both exited
		process.kill(-child.pid!, 'SIGINT');
		await closed;
		assert.match(output.text(), /Stopping…/);
		await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'the workbench no longer answers');
	});
});
