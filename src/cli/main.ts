#!/usr/bin/env node
/**
 * Entry of dist/cli.js, the `adobe-api-toolkit` command (package.json "bin"): runs request files
 * headlessly, as in CI. See run.ts for what it does and docs/ci.md for how to use it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './run';

/** The version from the package.json beside dist/. */
function packageVersion(): string {
	try {
		const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
		return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
	} catch {
		return '0.0.0';
	}
}

function main(): void {
	const controller = new AbortController();
	let interrupted = false;
	const onSignal = () => {
		// The first Ctrl+C cancels (what has not ended is skipped, the summary and report are still written); the second quits.
		if (interrupted) process.exit(130);
		interrupted = true;
		controller.abort();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	runCli(process.argv.slice(2), {
		stdout: (text) => process.stdout.write(text),
		stderr: (text) => process.stderr.write(text),
		cwd: process.cwd(),
		env: process.env,
		signal: controller.signal,
		version: packageVersion(),
	}).then(
		(code) => {
			process.exitCode = code;
		},
		() => {
			// runCli reports its own failures, redacted; this is only reached if writing that report failed.
			process.exitCode = 1;
		},
	);
}

main();
