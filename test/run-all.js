#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: lint, type-check, build, then every test tier — unit (plain Node, against the
 * emulator), integration (inside a real VS Code via code-server) and UI (Playwright on the
 * workbench). Prints each tier's own report, then a summary (each tier's counts, each failed test
 * with its first error lines) and a total over all tiers as its last line:
 * "N passed, N failed" (", N skipped" when any were). Exits non-zero if a step or test failed,
 * or if any tier ran no test at all.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const bin = (/** @type {string} */ name) => path.join(ROOT, 'node_modules/.bin', name);

/** @type {Array<{ name: string, command: string, args: string[], tier?: boolean }>} */
const STEPS = [
	{ name: 'lint', command: bin('eslint'), args: ['.'] },
	{ name: 'type-check', command: bin('tsc'), args: ['--noEmit', '-p', '.'] },
	{ name: 'build', command: process.execPath, args: ['esbuild.js'] },
	{ name: 'compile tests', command: bin('tsc'), args: ['-p', '.', '--outDir', 'out'] },
	{ name: 'unit', command: bin('mocha'), args: ['--config', 'test/unit/.mocharc.json'], tier: true },
	{ name: 'integration (VS Code)', command: process.execPath, args: ['test/host/run-suite.js'], tier: true },
	{ name: 'UI (Playwright)', command: bin('mocha'), args: ['--config', 'test/ui/.mocharc.json'], tier: true },
];

/** @param {{ name: string, command: string, args: string[] }} step @returns {Promise<{ code: number, output: string }>} */
function run(step) {
	return new Promise((resolve) => {
		console.log(`\n━━ ${step.name} ━━`);
		const child = spawn(step.command, step.args, {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, FORCE_COLOR: '0' },
		});
		let output = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
			process.stdout.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			output += chunk;
			process.stderr.write(chunk);
		});
		child.on('close', (code) => resolve({ code: code ?? 1, output }));
	});
}

/** Mocha's closing counts ("  12 passing", "  1 failing", "  2 pending"); the last of each wins. @param {string} output */
function mochaCounts(output) {
	const clean = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), ''); // strip colours
	const last = (/** @type {string} */ word) => {
		const matches = [...clean.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))];
		return matches.length ? Number(matches[matches.length - 1][1]) : 0;
	};
	return { passed: last('passing'), failed: last('failing'), skipped: last('pending') };
}

/**
 * Mocha's report of what failed (from its last "N failing" line), cut to a few lines per failure,
 * so the summary, the end of the log that CI keeps, names the test and its first error lines.
 * @param {string} output
 */
function failureReport(output) {
	const clean = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
	const at = clean.search(/^\s*\d+ failing\b[^\n]*\n(?![\s\S]*^\s*\d+ failing\b)/m);
	if (at < 0) return [];
	const lines = clean.slice(at).split('\n').slice(1);
	/** @type {string[]} */
	const report = [];
	let kept = 0;
	for (const line of lines) {
		if (/^\s*\d+\) /.test(line)) kept = 0; // a new failure starts
		if (kept < 8 && line.trim() && !/^\s+at /.test(line) && !/npm warn/.test(line)) {
			report.push(`    ${line.trim()}`.slice(0, 300));
			kept++;
		}
		if (report.length >= 60) break;
	}
	return report;
}

async function main() {
	const started = Date.now();
	const totals = { passed: 0, failed: 0, skipped: 0 };
	/** @type {string[]} */
	const problems = [];
	/** @type {string[]} */
	const summary = [];
	/** @type {string[]} */
	const failures = [];
	for (const step of STEPS) {
		const { code, output } = await run(step);
		if (!step.tier) {
			if (code !== 0) {
				problems.push(`${step.name} failed (exit ${code})`);
				break; // later steps would only fail for the same reason
			}
			continue;
		}
		const counts = mochaCounts(output);
		totals.passed += counts.passed;
		totals.failed += counts.failed;
		totals.skipped += counts.skipped;
		summary.push(`  ${step.name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
		if (counts.passed + counts.failed === 0) problems.push(`${step.name} ran no test`);
		if (code !== 0 && counts.failed === 0) problems.push(`${step.name} exited with ${code}`);
		if (counts.failed > 0) {
			problems.push(`${step.name}: ${counts.failed} failed`);
			failures.push(`  ${step.name}, what failed:`, ...failureReport(output));
		}
	}
	console.log(`\n━━ summary (${Math.round((Date.now() - started) / 1000)} s) ━━`);
	for (const line of summary) console.log(line);
	for (const line of failures) console.log(line);
	for (const problem of problems) console.log(`  ✘ ${problem}`);
	if (problems.length > 0 && totals.failed === 0) totals.failed = 1; // a failed step counts as a failure
	console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
	process.exit(problems.length > 0 ? 1 : 0);
}

void main();
