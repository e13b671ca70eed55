/**
 * The bench's row measured inside the real VS Code host: our extension's activation time as VS Code
 * reports it, against the median of the built-in extensions that activated in the same window.
 *
 * What the number is: the extension host times each activation (microsoft/vscode
 * src/vs/workbench/api/common/extHostExtensionService.ts, `_doActivateExtension` and
 * `_callActivateOptional`): `codeLoadingTime` is the require() of the extension's main file,
 * `activateCallTime` the synchronous part of its activate(), `activateResolvedTime` the wait for the
 * promise activate() returns. "Developer: Show Running Extensions"
 * (src/vs/workbench/contrib/extensions/browser/abstractRuntimeExtensionsEditor.ts) shows
 * codeLoadingTime + activateCallTime for each extension whose activation started, as
 * "Activation: N ms" ("Startup Activation: N ms" for eager ones), and "Activating..." until the
 * promise resolved. That editor is what we read: it is the number users look at, and each row is a
 * DOM element with the extension's manifest name as its aria-label, where "Developer: Startup
 * Performance" has the same times in a text editor that only renders the lines in view.
 *
 * How: one code-server with the extension packaged and installed as a user's (a production build,
 * see test/host/host.js), then one window after another, each in a fresh browser context (an empty
 * browser profile: no globalState, no secrets, as on a first run) with a fresh extension host process
 * (code-server starts one per window and ends it when the window closes), so every activation loads
 * its code anew. The first window after code-server starts is a warm-up and is not counted: in our
 * runs it activated 10 to 12 built-ins (JSON, TypeScript, npm…) where later windows mostly activate 7,
 * which would change what its median is taken of.
 * Each window: wait for our status-bar item (activate() ran), open Running Extensions from the palette,
 * wait until no row says "Activating...", read every row. The bench fails loudly when it cannot.
 *
 * Alone: `npm run compile-tests && node out/test/bench/vscodeActivation.js` (BENCH_VSCODE_WINDOWS=n for n windows).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT, ensureHost, launchBrowser, startCodeServer } from '../host/host';
import { runFromPalette, tokenStatus } from '../ui/workbench';

/** One extension's row in Running Extensions. */
interface RunningExtension {
	/** The manifest's `name` (the row's aria-label). */
	name: string;
	/** codeLoadingTime + activateCallTime, in ms. */
	ms: number;
	/** Activated by a startup event (`*`, workspaceContains). */
	startup: boolean;
}

export interface ActivationWindow {
	ours: number;
	builtinMedian: number;
	builtins: RunningExtension[];
	ratio: number;
}

export interface ActivationResult {
	windows: ActivationWindow[];
	vscodeVersion: string;
}

/** The true median (mean of the two middle values for an even count). */
export function median(values: number[]): number {
	return quantile(values, 0.5);
}

/** Linear-interpolation quantile (as R's type 7 and numpy's default). */
function quantile(values: number[], q: number): number {
	if (values.length === 0) throw new Error('quantile of nothing');
	const sorted = [...values].sort((a, b) => a - b);
	const at = (sorted.length - 1) * q;
	const low = Math.floor(at);
	const high = Math.ceil(at);
	return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

/** Names (the manifests' `name`) of the extensions that ship inside the code-server in use. */
function builtinNames(): Set<string> {
	const { entry } = ensureHost();
	const folder = path.resolve(path.dirname(entry), '../../lib/vscode/extensions');
	const names = new Set<string>();
	for (const child of fs.readdirSync(folder)) {
		const manifest = path.join(folder, child, 'package.json');
		if (fs.existsSync(manifest)) names.add((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string }).name);
	}
	if (names.size === 0) throw new Error(`no built-in extensions found in ${folder}`);
	return names;
}

/** Tall enough that Running Extensions renders every row (70 px each) without scrolling its list. */
const VIEWPORT = { width: 1280, height: 3000 };

/**
 * Opens Running Extensions and reads its rows once every activation that started has finished.
 * The list is virtualized, so all rows must be rendered (aria-setsize rows), or this throws.
 */
async function readRunningExtensions(page: Page, ours: string): Promise<RunningExtension[]> {
	await runFromPalette(page, 'Developer: Show Running Extensions');
	const rows = page.locator('.runtime-extensions-editor .monaco-list-row');
	const read = () =>
		rows.evaluateAll((elements) =>
			elements.map((row) => ({
				name: row.getAttribute('aria-label') ?? '',
				size: Number(row.getAttribute('aria-setsize')),
				time: row.querySelector('.activation-time')?.textContent ?? '',
			})),
		);
	try {
		// Ours listed, every row rendered (the list is virtualized) and none "Activating..." (the editor re-renders 200 ms after a status change).
		await page.waitForFunction(
			(name) => {
				const shown = Array.from(document.querySelectorAll('.runtime-extensions-editor .monaco-list-row'));
				return (
					shown.some((row) => row.getAttribute('aria-label') === name) &&
					shown.length === Number(shown[0].getAttribute('aria-setsize')) &&
					shown.every((row) => /^(Startup )?Activation: \d+ms$/.test(row.querySelector('.activation-time')?.textContent ?? ''))
				);
			},
			ours,
			{ timeout: 60_000 },
		);
	} catch (error) {
		throw new Error(
			`Running Extensions did not show ${ours} and every row with its activation time within 60 s (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); it shows: ${JSON.stringify(await read())}`,
			{ cause: error },
		);
	}
	return (await read()).map((row) => ({
		name: row.name,
		ms: Number(/(\d+)ms$/.exec(row.time)?.[1]),
		startup: row.time.startsWith('Startup'),
	}));
}

/**
 * Measures `windows` windows (plus one warm-up window, not counted) and returns each window's numbers.
 * `settings`: user settings for the workbench (the bench points the extension at its emulator).
 */
export async function measureActivationInVsCode(options: {
	windows: number;
	settings?: Record<string, unknown>;
	log?: (line: string) => void;
}): Promise<ActivationResult> {
	if (!Number.isInteger(options.windows) || options.windows < 1) {
		throw new Error(`windows must be a positive integer, not ${options.windows}`);
	}
	const ours = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }).name;
	const builtins = builtinNames();
	const host = await startCodeServer({ mode: 'installed', settings: options.settings });
	const browser = await launchBrowser();
	try {
		const windows: ActivationWindow[] = [];
		for (let index = 0; index <= options.windows; index++) {
			const started = Date.now();
			const context = await browser.newContext({ viewport: VIEWPORT });
			try {
				const page = await context.newPage();
				await page.goto(host.workbenchUrl());
				await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 180_000 });
				await tokenStatus(page).waitFor({ timeout: 180_000 }); // our activate() has run
				const running = await readRunningExtensions(page, ours);
				const unknown = running.filter((extension) => extension.name !== ours && !builtins.has(extension.name));
				if (unknown.length > 0) {
					throw new Error(
						`Running Extensions lists extensions that are neither ours nor built in: ${unknown.map((extension) => extension.name).join(', ')}`,
					);
				}
				const mine = running.find((extension) => extension.name === ours);
				if (!mine) throw new Error(`Running Extensions does not list ${ours}: ${running.map((extension) => extension.name).join(', ')}`);
				const counted = running.filter((extension) => extension.name !== ours);
				if (counted.length === 0) throw new Error('no built-in extension activated in the window');
				const builtinMedian = median(counted.map((extension) => extension.ms));
				const result = { ours: mine.ms, builtinMedian, builtins: counted, ratio: mine.ms / Math.max(builtinMedian, 1) };
				const line = `ours ${mine.ms} ms, built-ins' median ${builtinMedian} ms of ${counted.length}, ratio ${result.ratio.toFixed(2)} (${((Date.now() - started) / 1000).toFixed(0)} s)`;
				if (index === 0) {
					options.log?.(`  warm-up window (not counted): ${line}`);
				} else {
					options.log?.(`  window ${index}: ${line}`);
					windows.push(result);
				}
			} catch (error) {
				throw new Error(
					`Cannot read activation times in VS Code (window ${index}): ${error instanceof Error ? error.message : String(error)}\ncode-server said:\n${host.output.join('').slice(-2000)}`,
					{ cause: error },
				);
			} finally {
				await context.close();
			}
		}
		return { windows, vscodeVersion: `${host.version.vscode} (code-server ${host.version.codeServer})` };
	} finally {
		await browser.close();
		await host.stop();
	}
}

/** "median, spread a–b, IQR c–d" of per-window ratios. */
function spread(ratios: number[]): string {
	return `${median(ratios).toFixed(2)} (spread ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}, IQR ${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)})`;
}

/**
 * The summary line; which built-ins counted (their median time, in how many windows each activated);
 * and the ratio against only the built-ins that activated in every window. Which built-ins activate
 * varies: in some windows the workbench opens a JSON model and onLanguage:json(c) activates four or
 * five more, which moves that window's median; the fixed set compares before and after more steadily.
 */
export function describeActivation(result: ActivationResult): string[] {
	const { windows } = result;
	const summary =
		`activation in VS Code (${windows.length} windows): ours ${median(windows.map((window) => window.ours)).toFixed(0)} ms median, ` +
		`built-ins' median ${median(windows.map((window) => window.builtinMedian)).toFixed(0)} ms, ratio ${spread(windows.map((window) => window.ratio))}`;
	const byName = new Map<string, number[]>();
	for (const window of windows) {
		for (const builtin of window.builtins) byName.set(builtin.name, [...(byName.get(builtin.name) ?? []), builtin.ms]);
	}
	const counted = [...byName]
		.sort(([, a], [, b]) => median(b) - median(a))
		.map(([name, times]) => `${name} ${median(times).toFixed(0)} ms (${times.length}/${windows.length})`)
		.join(', ');
	const everywhere = [...byName].filter(([, times]) => times.length === windows.length).map(([name]) => name);
	const steady =
		everywhere.length === 0
			? []
			: windows.map(
					(window) =>
						window.ours /
						Math.max(median(window.builtins.filter((builtin) => everywhere.includes(builtin.name)).map((builtin) => builtin.ms)), 1),
				);
	return [
		`VS Code ${result.vscodeVersion}`,
		summary,
		`built-ins counted, median ms (windows activated in): ${counted}`,
		everywhere.length === 0
			? 'no built-in activated in every window'
			: `against only the ${everywhere.length} built-ins that activated in every window (${everywhere.join(', ')}): ratio ${spread(steady)}`,
	];
}

if (require.main === module) {
	const windows = Number(process.env.BENCH_VSCODE_WINDOWS || 10);
	measureActivationInVsCode({ windows, log: (line) => console.log(line) })
		.then((result) => {
			for (const line of describeActivation(result)) console.log(line);
		})
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
