#!/usr/bin/env node
// @ts-check
/**
 * Runs the integration suite (test/suite, compiled to out/test/suite) inside a real VS Code:
 * starts the Adobe emulator, starts code-server with user settings pointing the extension at it,
 * opens the workbench in headless Chromium with the test payload, and waits for the extension
 * host to report. Prints mocha's report and a "N passing / N failing" summary; exits non-zero on
 * any failure or if no test ran.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { AdobeEmulator, DEMO_CLIENTS } = require('../emulator/server');
const { formatViolations } = require('../emulator/contract');
const { REPO_ROOT, startCodeServer, launchBrowser, isNoise } = require('./host');

const RUN_TIMEOUT_MS = 10 * 60_000;

/** @param {AdobeEmulator} emulator */
function emulatorSettings(emulator) {
	return {
		'adobeApi.imsBaseUrl': emulator.endpoints.ims,
		'adobeApi.photoshopBaseUrl': emulator.endpoints.photoshop,
		'adobeApi.cloudStorageBaseUrl': emulator.endpoints.cloudStorage,
		// Sign in with Adobe: the emulator's public client, and its HTTPS relay (serving media/signin-relay.html).
		'adobeApi.signIn.clientId': DEMO_CLIENTS.signIn.clientId,
		'adobeApi.signIn.redirectUri': `${emulator.oauth.relayUrl}/redirect`,
	};
}

async function main() {
	const suiteIndex = path.join(REPO_ROOT, 'out/test/suite/index.js');
	if (!fs.existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: run "npm run compile-tests" first.`);
	const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-suite-')), 'results.json');

	const emulator = new AdobeEmulator({ contract: true });
	await emulator.start();
	const host = await startCodeServer({
		settings: emulatorSettings(emulator),
		env: { ADOBE_TEST_RESULTS: resultsFile, ADOBE_EMULATOR_URL: emulator.url },
	});
	console.log(
		`Running the integration suite inside VS Code ${host.version.vscode} (code-server ${host.version.codeServer}) at ${host.base}`,
	);
	const browser = await launchBrowser();
	let exitCode;
	try {
		// The sign-in tests' browser passes the emulator's HTTPS relay, whose certificate is a committed self-signed one.
		const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ignoreHTTPSErrors: true });
		const page = await context.newPage();
		/** @type {Promise<number>} */
		const exited = new Promise((resolve) => {
			void page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => resolve(code));
		});
		await page.exposeFunction('codeAutomationLog', (/** @type {string} */ level, /** @type {unknown[]} */ args) => {
			const line = (Array.isArray(args) ? args : [args]).map(String).join(' ');
			if (level === 'error' && !isNoise(line)) console.log(`[workbench ${level}] ${line.slice(0, 500)}`);
		});
		page.on('console', (message) => {
			// The extension host's console (mocha's spec report) is forwarded to the page's console.
			const text = message
				.text()
				.replace(/%c/g, '')
				.replace(/\s*color: [^;]+;?/g, '');
			if (/\[Extension Host\]/.test(text) && !isNoise(text)) console.log(text.replace(/^.*?\[Extension Host\]\s*/, '  '));
		});
		await page.goto(host.workbenchUrl({ testsPath: suiteIndex.replace(/\.js$/, '') }));
		/** @type {NodeJS.Timeout | undefined} */
		let timer;
		const timedOut = new Promise((_, reject) => {
			timer = setTimeout(() => reject(new Error(`No result from the extension host within ${RUN_TIMEOUT_MS / 60000} min`)), RUN_TIMEOUT_MS);
		});
		exitCode = await Promise.race([exited, timedOut]);
		clearTimeout(timer);
	} finally {
		await browser.close();
		await host.stop();
		await emulator.stop();
	}

	if (!fs.existsSync(resultsFile)) {
		console.error('The suite wrote no results: it did not run inside the extension host (was enable-smoke-test-driver honoured?).');
		console.log('0 passing\n1 failing');
		process.exit(1);
	}
	/** @type {{ passes: number, failures: number, pending: number, failed: Array<{ title: string, message: string }>, report: string }} */
	const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
	console.log(results.report);
	for (const failure of results.failed) console.log(`FAILED: ${failure.title}\n  ${failure.message}`);
	// Contract mode: Cloud Storage traffic that broke Adobe's spec fails the run, even after the last test's own check.
	const violations = emulator.takeViolations();
	if (violations.length) console.log(`CONTRACT VIOLATIONS (Adobe's Cloud Storage spec):\n${formatViolations(violations)}`);
	console.log(`\n  ${results.passes} passing\n  ${results.failures} failing${results.pending ? `\n  ${results.pending} pending` : ''}`);
	console.log(`(ran inside VS Code ${host.version.vscode}, workbench exit code ${exitCode})`);
	if (results.passes + results.failures === 0) {
		console.error('No integration test ran.');
		process.exit(1);
	}
	process.exit(results.failures > 0 || violations.length > 0 || exitCode !== 0 ? 1 : 0);
}

module.exports = { emulatorSettings };

if (require.main === module) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.stack : error);
		console.log('  0 passing\n  1 failing');
		process.exit(1);
	});
}
