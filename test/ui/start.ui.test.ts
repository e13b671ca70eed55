/**
 * The README's quick start, exactly as written: `npm start`, run through npm (so the test host's
 * install steps see an npm environment), prints a URL that serves a workbench with the extension
 * installed and pointed at the emulator.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Browser } from 'playwright-core';
import { REPO_ROOT, freePort, launchBrowser } from '../host/host';
import { screenshot, tokenStatus } from './workbench';

/** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
	return new Promise((resolve, reject) => {
		let seen = '';
		const onData = (chunk: Buffer) => {
			seen += chunk.toString();
			const match = pattern.exec(seen);
			if (match) {
				child.stdout?.off('data', onData);
				child.off('exit', onExit);
				resolve(match);
			}
		};
		const onExit = (code: number | null) => reject(new Error(`npm start exited with ${code} before printing a URL:\n${seen}`));
		child.stdout?.on('data', onData);
		child.once('exit', onExit);
	});
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

	it('prints the workbench URL, serves VS Code with the extension, and stops on Ctrl+C', async () => {
		const port = await freePort();
		child = spawn('npm', ['start'], {
			cwd: REPO_ROOT,
			env: { ...process.env, PORT: String(port) },
			stdio: ['ignore', 'pipe', 'inherit'],
			detached: true,
		});
		const [, url] = await waitForLine(child, /^\s*Open:\s+(http:\/\/127\.0\.0\.1:(\d+)\/\S*)$/m);
		assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), url);

		browser = await launchBrowser();
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		await page.goto(url);
		await page
			.locator('.activitybar .action-item a[aria-label^="Adobe API Toolkit"], .activitybar .action-item[aria-label^="Adobe API Toolkit"]')
			.first()
			.waitFor({ timeout: 60_000 });
		await tokenStatus(page).filter({ hasText: 'Adobe: add profile' }).waitFor();
		await screenshot(page, 'npm-start');

		// Ctrl+C reaches the whole process group: npm itself dies of it, start.js stops what it started.
		let said = '';
		child.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString()));
		const closed = once(child.stdout!, 'end'); // when npm and start.js have both exited
		process.kill(-child.pid!, 'SIGINT');
		await closed;
		assert.match(said, /Stopping…/);
		await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'the workbench no longer answers');
	});
});
