#!/usr/bin/env node
// @ts-check
/**
 * `npm run test:desktop`: the same integration suite through @vscode/test-electron, for machines
 * that can download (or already have) a desktop VS Code. Not part of `npm test`: on machines
 * without internet access use `npm run test:vscode` (code-server) instead.
 *   VSCODE_EXECUTABLE=/path/to/code npm run test:desktop   use an installed VS Code
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');
const { AdobeEmulator } = require('../emulator/server');
const { REPO_ROOT, TEST_EXTENSIONS } = require('./host');
const { emulatorSettings } = require('./run-suite');
const { formatViolations } = require('../emulator/contract');

async function main() {
	const emulator = new AdobeEmulator({ contract: true });
	await emulator.start();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-desktop-'));
	const userDir = path.join(root, 'user');
	fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
	fs.writeFileSync(path.join(userDir, 'User', 'settings.json'), JSON.stringify(emulatorSettings(emulator), null, 2));
	const workspace = path.join(root, 'workspace');
	fs.mkdirSync(workspace);
	try {
		await runTests({
			...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
			// The first path is the extension under test; the others load beside it (as in run-suite.js).
			extensionDevelopmentPath: [REPO_ROOT, ...TEST_EXTENSIONS],
			extensionTestsPath: path.join(REPO_ROOT, 'out/test/suite/index'),
			extensionTestsEnv: { ADOBE_EMULATOR_URL: emulator.url },
			launchArgs: [workspace, '--user-data-dir', userDir, '--disable-extensions', '--disable-workspace-trust'],
		});
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		if (/download|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo|fetch failed|timed out/i.test(message)) {
			console.error(`@vscode/test-electron could not download VS Code (${message}).
This machine has no route to the VS Code download servers. Either set VSCODE_EXECUTABLE to an installed
desktop VS Code, or run the same suite inside code-server with: npm run test:vscode`);
		} else {
			console.error(message);
		}
		process.exitCode = 1;
	} finally {
		// As in run-suite.js: traffic off Adobe's Cloud Storage spec fails the run.
		const violations = emulator.takeViolations();
		if (violations.length) {
			console.error(`CONTRACT VIOLATIONS (Adobe's Cloud Storage spec):\n${formatViolations(violations)}`);
			process.exitCode = 1;
		}
		await emulator.stop();
		fs.rmSync(root, { recursive: true, force: true });
	}
}

void main();
