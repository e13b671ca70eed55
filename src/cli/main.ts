#!/usr/bin/env node
/**
 * Entry of dist/cli.js, the `adobe-api-toolkit` command (package.json "bin"): runs request files
 * headlessly, as in CI. See run.ts for what it does and docs/ci.md for how to use it.
 */
import { packageVersion } from '../core/common/packageVersion';
import { runCli } from './run';

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
		version: packageVersion(__dirname),
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
