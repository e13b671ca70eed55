#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: the Adobe emulator plus a real VS Code (code-server) in your browser, with the
 * extension installed and pointed at the emulator, so every feature can be tried without an Adobe
 * account. Three phases, one line each (test/host/progress.js), then what to try, and the URL to open
 * last, on a line of its own. Ctrl+C stops everything.
 *   PORT=8080 npm start      choose the workbench port (default 8080, or a free one if taken)
 *   npm start -- --dev       load the extension from this folder (Extension Development Host)
 *   npm start -- --photoshop-v1-retired   answer Photoshop API v1 (the hello call) as retired, as Adobe does since
 *                            31 July 2026; by default the demo serves it, so the seeds' hello works
 */
const { AdobeEmulator, DEMO_CLIENTS } = require('../emulator/server');
const { REPO_ROOT, installHost, prepareCodeServer, serveCodeServer, freePort, runToEnd } = require('./host');
const { createPhases } = require('./progress');
const { emulatorSettings } = require('./run-suite');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/**
 * The scopes Add Profile fills in for the API kinds the demo names: API_KINDS[kind].defaultScopes in
 * src/core/credentials/apiKinds.ts, which a unit test (test/unit/project/start.test.ts) holds these to.
 * The emulator's demo credential lists every scope, so these (or any other documented set) work.
 */
const PREFILLED_SCOPES = {
	photoshop: { label: 'Photoshop API', scopes: ['openid', 'AdobeID', 'read_organizations'] },
	cloudStorage: { label: 'Cloud Storage', scopes: ['openid', 'AdobeID', 'creative_sdk', 'cloud_storage_collab_api'] },
};

/** @param {number} port @returns {Promise<boolean>} */
function isFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/**
 * What to try, and the URL to open on the last line, alone (so a terminal makes it a link and nothing
 * printed later pushes it away).
 * @param {{ url: string, demoEnv: string, photoshopV1: boolean }} run
 */
function banner({ url, demoEnv, photoshopV1 }) {
	const { demo } = DEMO_CLIENTS;
	const scopes = Object.values(PREFILLED_SCOPES).map(
		({ label, scopes }) => `\n                     ${label.padEnd(15)} ${scopes.join(',')}`,
	);
	return `
Try it without an Adobe account (these values work only against the emulator):
  - "Adobe: Import Credentials…" with ${demoEnv}
  - or "Adobe: Add Profile…" with
      Client ID      ${demo.clientId}
      Client Secret  ${demo.clientSecret}
      Scopes         keep what it fills in:${scopes.join('')}
  - "Adobe: Sign In with Adobe…" shows the emulator's consent page. Its relay back to VS Code is plain
    http on 127.0.0.1, so the browser shows no certificate warning; with Adobe it is an HTTPS page.

${
	photoshopV1
		? `The emulator serves Photoshop API v1 (the hello call) as before Adobe retired it on 31 July 2026, so the
seeds' hello works here; at Adobe it answers as retired. Run "npm start -- --photoshop-v1-retired" to see that.`
		: `The emulator answers Photoshop API v1 (the hello call) as retired, as Adobe does since 31 July 2026.`
}

Ctrl+C here stops the demo. Open VS Code in your browser:

  ${url}
`;
}

async function main() {
	const dev = process.argv.includes('--dev');
	const wanted = Number(process.env.PORT || 8080);
	const port = (await isFree(wanted)) ? wanted : await freePort();
	// The demo serves the retired Photoshop API v1 so the seeds' hello call works; --photoshop-v1-retired shows
	// the answer Adobe's retired endpoint gives instead (and the extension's explanation of it).
	const photoshopV1 = !process.argv.includes('--photoshop-v1-retired');
	// Adobe's Cloud Storage limit, so the demo shows the explorer's "rate limited, retrying" state when it is hit.
	// The sign-in relay over loopback http: the user's browser trusts it without a certificate (imsOAuth.js says why and what Adobe does).
	const emulator = new AdobeEmulator({ rateLimitPerSecond: 20, photoshopV1, loopbackHttpRelay: true });
	/** @type {Awaited<ReturnType<typeof serveCodeServer>> | undefined} */
	let host;
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping…');
		await host?.stop();
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	const phases = createPhases(3);
	const tools = await phases.run('Test host', 'checking Chromium, Node 24 and code-server', async (step) => {
		const value = await installHost({ onStep: step });
		return { value, done: `Test host: VS Code ${value.version.vscode} (code-server ${value.version.codeServer})` };
	});

	// Started before VS Code's settings are written, which point at it; it answers once VS Code is up.
	await emulator.start();
	// A person is at the browser: Sign in with Adobe shows the emulator's consent page instead of approving by itself.
	emulator.oauth.configure({ consent: 'page' });
	const options = {
		port,
		mode: dev ? /** @type {const} */ ('development') : /** @type {const} */ ('installed'),
		// The demo's sign-in also asks for email and profile (its credential lists them), so the account is named by its email.
		settings: {
			...emulatorSettings(emulator),
			'adobeApi.signIn.scopes': 'openid,AdobeID,email,profile,creative_sdk,cloud_storage_collab_api',
		},
		// ADOBE_API_TOOLKIT_DEMO: the extension opens its walkthrough on the demo's first load (src/features/profiles/demoWalkthrough.ts).
		env: { ADOBE_EMULATOR_URL: emulator.url, ADOBE_API_TOOLKIT_DEMO: '1' },
	};
	const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const prepared = await phases.run(
		'Extension',
		dev ? 'building dist/ from this folder' : 'packaging the .vsix and installing it in code-server',
		async () => {
			// --dev loads dist/ as built here; 'installed' mode packages the .vsix (a production build) itself.
			if (dev) await runToEnd(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT });
			const value = await prepareCodeServer(tools, options);
			return {
				value,
				done: dev
					? `Extension: adobe-api-toolkit ${version} built from this folder`
					: `Extension: adobe-api-toolkit ${version} packaged and installed`,
			};
		},
	);
	host = await phases.run('VS Code', 'starting code-server', async () => {
		const value = await serveCodeServer(prepared, options);
		return { value, done: `VS Code started, the extension pointed at the Adobe emulator (${emulator.url})` };
	});

	// A credential file to try "Adobe: Import Credentials…" with (emulator-only values).
	const { demo } = DEMO_CLIENTS;
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
	process.stdout.write(banner({ url: host.workbenchUrl(), demoEnv, photoshopV1 }));
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}

module.exports = { PREFILLED_SCOPES, banner };
