/**
 * Entry point of the integration suite, run inside VS Code's extension host by code-server
 * (test/host/run-suite.js) or by @vscode/test-electron (test/host/run-desktop.js). Runs every
 * *.test.js beside it with mocha, and writes the results to $ADOBE_TEST_RESULTS when set.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
	// ADOBE_TEST_GREP runs only the matching tests (while working on one feature).
	const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec', grep: process.env.ADOBE_TEST_GREP || undefined });
	for (const file of suiteFiles()) mocha.addFile(path.join(__dirname, file));

	const report: string[] = [];
	const failed: Array<{ title: string; message: string }> = [];
	return new Promise((resolve, reject) => {
		const runner = mocha.run((failures) => {
			const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
			const resultsFile = process.env.ADOBE_TEST_RESULTS;
			if (resultsFile) {
				fs.writeFileSync(
					resultsFile,
					JSON.stringify({ passes: stats.passes, failures: stats.failures, pending: stats.pending, failed, report: report.join('\n') }),
				);
			}
			if (failures > 0) reject(new Error(`${failures} integration tests failed.`));
			else resolve();
		});
		runner.on('suite', (suite) => {
			if (suite.title) report.push(`${'  '.repeat(depth(suite))}${suite.title}`);
		});
		runner.on('pass', (test) => report.push(`${'  '.repeat(depth(test))}✔ ${test.title} (${test.duration ?? 0} ms)`));
		runner.on('fail', (test, error: Error) => {
			report.push(`${'  '.repeat(depth(test))}✘ ${test.title}`);
			failed.push({ title: test.fullTitle(), message: error?.stack ?? String(error) });
		});
		runner.on('pending', (test) => report.push(`${'  '.repeat(depth(test))}- ${test.title} (skipped)`));
	});
}

/**
 * The suite files in the order they run. Activation comes first (it checks that nothing lazy has
 * loaded yet) and the contract check last (it reads every request the emulator saw); the rest keep
 * the order they were written in, as later files build on the profiles earlier ones leave. A file
 * missing from the list still runs, just before the contract check.
 */
const ORDER = [
	'activation',
	'settings',
	'profilesAndTokens',
	'explorer',
	'psdLayers',
	'storageCommands',
	'requests',
	'requestVariables',
	'runAll',
	'agentTools',
	'jobs',
	// After requests: an operation follows its job in the Jobs view, which loads dist/requests.js (requests checks nothing loaded it before).
	'operations',
	'requestOrigins',
	'tokenRefresh',
	'workspaceAndScripts',
	'echoesAndPreviews',
	'imsEnvironments',
	'verify',
	'doctor',
	'publicApi',
	'storageFs',
	'signIn',
	'leakHunt',
	'contract',
];

function suiteFiles(): string[] {
	const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js'));
	const rank = (file: string) => {
		const index = ORDER.indexOf(file.replace(/\.test\.js$/, ''));
		return index === -1 ? ORDER.indexOf('contract') - 0.5 : index;
	};
	return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function depth(node: Mocha.Runnable | Mocha.Suite): number {
	let level = 0;
	for (let parent = node.parent; parent && !parent.root; parent = parent.parent) level++;
	return level + (node instanceof Mocha.Suite ? 0 : 1);
}
