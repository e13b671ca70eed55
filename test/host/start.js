#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: the Adobe emulator plus a real VS Code (code-server) in your browser, with the
 * extension installed and pointed at the emulator, so every feature can be tried without an Adobe
 * account. Prints the URL; Ctrl+C stops both.
 *   PORT=8080 npm start      choose the workbench port (default 8080, or a free one if taken)
 *   npm start -- --dev       load the extension from this folder (Extension Development Host)
 *   npm start -- --photoshop-v1-retired   answer Photoshop API v1 (the hello call) as retired, as Adobe does since
 *                            31 July 2026; by default the demo serves it, so the seeds' hello works
 */
const { AdobeEmulator, DEMO_CLIENTS } = require('../emulator/server');
const { execFileSync } = require('node:child_process');
const { REPO_ROOT, startCodeServer, freePort } = require('./host');
const { emulatorSettings } = require('./run-suite');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** @param {number} port @returns {Promise<boolean>} */
function isFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function main() {
	const dev = process.argv.includes('--dev');
	// 'installed' mode packages the .vsix (a production build) itself; --dev loads dist/ as built here.
	if (dev) execFileSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, stdio: 'inherit' });
	const wanted = Number(process.env.PORT || 8080);
	const port = (await isFree(wanted)) ? wanted : await freePort();
	// The demo serves the retired Photoshop API v1 so the seeds' hello call works; --photoshop-v1-retired shows
	// the answer Adobe's retired endpoint gives instead (and the extension's explanation of it).
	const photoshopV1 = !process.argv.includes('--photoshop-v1-retired');
	// Adobe's Cloud Storage limit, so the demo shows the explorer's "rate limited, retrying" state when it is hit.
	const emulator = new AdobeEmulator({ rateLimitPerSecond: 20, photoshopV1 });
	await emulator.start();
	// A person is at the browser: Sign in with Adobe shows the emulator's consent page instead of approving by itself.
	emulator.oauth.configure({ consent: 'page' });
	console.log(`Adobe emulator: ${emulator.url}`);
	const host = await startCodeServer({
		port,
		mode: dev ? 'development' : 'installed',
		settings: emulatorSettings(emulator),
		// ADOBE_API_TOOLKIT_DEMO: the extension opens its walkthrough on the demo's first load (src/features/profiles/demoWalkthrough.ts).
		env: { ADOBE_EMULATOR_URL: emulator.url, ADOBE_API_TOOLKIT_DEMO: '1' },
	});
	const { demo } = DEMO_CLIENTS;
	// A credential file to try "Adobe: Import Credentials…" with (emulator-only values).
	const demoEnv = path.join(host.workspace, 'adobe-demo.env');
	fs.writeFileSync(
		demoEnv,
		[
			'# Emulator-only demo credentials: they work against the local Adobe emulator and nowhere else.',
			`PS_FF_SERVICES_CLIENT_ID=${demo.clientId}`,
			`PS_FF_SERVICES_CLIENT_SECRET=${demo.clientSecret}`,
			`CLOUD_STORAGE_CLIENT_ID=${demo.clientId}`,
			`CLOUD_STORAGE_CLIENT_SECRET=${demo.clientSecret}`,
			'',
		].join('\n'),
	);
	console.log(`
Adobe API Toolkit is running in VS Code ${host.version.vscode} (code-server ${host.version.codeServer}).

  Open:  ${host.workbenchUrl()}

The extension's endpoints point at the local Adobe emulator. Try "Adobe: Import Credentials…" with
${demoEnv}, or add a profile with the emulator-only demo credential:
  Client ID      ${demo.clientId}
  Client Secret  ${demo.clientSecret}
  Scopes         openid,AdobeID,read_organizations (Photoshop) or openid,AdobeID,offline_access,creative_sdk (Cloud Storage)

${
	photoshopV1
		? `The emulator serves Photoshop API v1 (the hello call) as before Adobe retired it on 31 July 2026, so the
seeds' hello works here; at Adobe it answers as retired. Run "npm start -- --photoshop-v1-retired" to see that.`
		: `The emulator answers Photoshop API v1 (the hello call) as retired, as Adobe does since 31 July 2026.`
}

Press Ctrl+C to stop.`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping…');
		await host.stop();
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
