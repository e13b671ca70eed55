#!/usr/bin/env node
// @ts-check
/**
 * Runs the Adobe emulator from a terminal:
 *   node test/emulator/cli.js [--port N] [--token-lifetime SECONDS] [--large-folder N] [--rate-limit N] [--contract] [--photoshop-v1]
 *                             [--https-relay] [--quota BYTES] [--block-size BYTES] [--job-polls N] [--discard-uploads]
 *                             [--refuse-creative-cloud [job|submit]] [--output-bytes BYTES]
 * --contract judges Cloud Storage traffic by Adobe's spec; see GET /__emulator/violations.
 * --photoshop-v1 serves Photoshop API v1 (/pie/psdService/…, the seeds' hello) as before Adobe retired it on
 * 31 July 2026; without it v1 answers 410 as retired. POST /__emulator/config { "photoshopV1": true } switches it too.
 * The sign-in relay is served over loopback http, so a browser shows no certificate warning (see imsOAuth.js);
 * --https-relay serves it over HTTPS with the committed self-signed certificate instead, as the tests do.
 * Cloud Storage writes (storageWrites.js): --quota caps the bytes uploads and copies may add, --block-size fixes the
 * block size upload init answers, --job-polls sets how many polls a write job answers `running`, --discard-uploads keeps
 * only the size and block digests of uploaded files (downloads then serve derived bytes of that size).
 * Operations (operations.js): --refuse-creative-cloud makes Photoshop v2 refuse Creative Cloud inputs and outputs for
 * server-to-server tokens, as a failed job (403401, the default) or at submit (`submit`: 403 unauthorized_forbidden);
 * --output-bytes pads the operations' image outputs to that size (benchmarks of large results).
 * Prints its URL, the settings that point the extension at it and the demo credentials.
 */
const { AdobeEmulator, DEMO_CLIENTS } = require('./server');

/** @param {string} name @param {number} fallback */
function numberArg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	if (i === -1) return fallback;
	const value = Number(process.argv[i + 1]);
	if (!Number.isInteger(value) || value < 0) {
		console.error(`--${name} needs a whole number, got "${process.argv[i + 1] ?? ''}"`);
		process.exit(2);
	}
	return value;
}

/** --refuse-creative-cloud [job|submit]: false without it; 'job' when no mode follows. */
function refusalArg() {
	const i = process.argv.indexOf('--refuse-creative-cloud');
	if (i === -1) return false;
	const mode = process.argv[i + 1];
	if (mode === 'submit' || mode === 'job') return mode;
	if (mode !== undefined && !mode.startsWith('--')) {
		console.error(`--refuse-creative-cloud takes job or submit, got "${mode}"`);
		process.exit(2);
	}
	return 'job';
}

async function main() {
	const emulator = new AdobeEmulator({
		tokenLifetimeSeconds: numberArg('token-lifetime', 86399) || 86399,
		largeFolderSize: numberArg('large-folder', 10_000),
		rateLimitPerSecond: numberArg('rate-limit', 0),
		contract: process.argv.includes('--contract'),
		photoshopV1: process.argv.includes('--photoshop-v1'),
		loopbackHttpRelay: !process.argv.includes('--https-relay'),
		storageQuotaBytes: numberArg('quota', 0) || undefined,
		blockSize: numberArg('block-size', 0) || undefined,
		jobPolls: numberArg('job-polls', 1),
		keepUploadedBytes: !process.argv.includes('--discard-uploads'),
		refuseCreativeCloud: refusalArg(),
		operationOutputBytes: numberArg('output-bytes', 0) || undefined,
	});
	const url = await emulator.start(numberArg('port', 0));
	emulator.oauth.configure({ consent: 'page' });
	console.log(`Adobe emulator listening on ${url}`);
	console.log(
		emulator.photoshopV1
			? 'Photoshop API v1 (the hello call): served as before its 31 July 2026 end of life (--photoshop-v1)'
			: 'Photoshop API v1 (the hello call): retired, answers 410; --photoshop-v1 serves it',
	);
	if (emulator.operations.refuseCreativeCloud !== 'off')
		console.log(
			`Photoshop v2 refuses Creative Cloud inputs and outputs for server-to-server tokens (${emulator.operations.refuseCreativeCloud === 'submit' ? 'at submit: 403 unauthorized_forbidden' : 'as a failed job: 403401'})`,
		);
	console.log(
		`Settings: ${JSON.stringify({ 'adobeApi.imsBaseUrl': emulator.endpoints.ims, 'adobeApi.photoshopBaseUrl': emulator.endpoints.photoshop, 'adobeApi.cloudStorageBaseUrl': emulator.endpoints.cloudStorage })}`,
	);
	console.log(`Demo credential: client id ${DEMO_CLIENTS.demo.clientId}, client secret ${DEMO_CLIENTS.demo.clientSecret} (emulator only)`);
	console.log(
		`Sign in with Adobe: adobeApi.signIn.clientId ${DEMO_CLIENTS.signIn.clientId}, adobeApi.signIn.redirectUri ${emulator.oauth.relayUrl}/redirect${emulator.loopbackHttpRelay ? '' : ' (a self-signed test certificate)'}`,
	);
	const stop = () => {
		emulator.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
