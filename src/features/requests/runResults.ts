/**
 * Where Run All and Send show results in the request file itself: the *Run All (N requests)* CodeLens
 * above the first request, and ✓/✗ after each `??` line (runAll.ts runs, send.ts sends; both import
 * this, which imports neither).
 */
import * as vscode from 'vscode';
import type { ParsedRequestFile } from '../../core/requests/parse';
import type { AssertionResult, RequestRunResult } from '../../core/requests/types';

/** The command's id (shared/constants.ts RequestCommands). */
const RUN_ALL_COMMAND = 'adobeApi.runAllRequests';

/** "$(run-all) Run All (3 requests)" above the first request, when a file has more than one request or any assertion. */
export function runAllLens(file: ParsedRequestFile, uri: vscode.Uri): vscode.CodeLens | undefined {
	const first = file.requests[0];
	if (!first || (file.requests.length < 2 && !file.requests.some((r) => r.assertions.length > 0))) return undefined;
	const count = file.requests.length;
	return new vscode.CodeLens(new vscode.Range(first.line, 0, first.line, 0), {
		title: `$(run-all) Run All (${count} request${count === 1 ? '' : 's'})`,
		tooltip: 'Send every request of this file in order and check its ?? assertions',
		command: RUN_ALL_COMMAND,
		arguments: [uri],
	});
}

/**
 * Results after the lines they are about, until the document changes: each `??` line gets "✓ passed"
 * or "✗ <what was found>" (the hover holds the whole message); a request without assertions, or one
 * that errored or was skipped, gets its outcome after its request line.
 */
export class InlineResults implements vscode.Disposable {
	private readonly passed = vscode.window.createTextEditorDecorationType({
		after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('testing.iconPassed') },
	});
	private readonly failed = vscode.window.createTextEditorDecorationType({
		after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('testing.iconFailed') },
	});
	private readonly skipped = vscode.window.createTextEditorDecorationType({
		after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('descriptionForeground') },
	});
	private readonly byDocument = new Map<
		string,
		{ passed: vscode.DecorationOptions[]; failed: vscode.DecorationOptions[]; skipped: vscode.DecorationOptions[] }
	>();
	private readonly subscriptions: vscode.Disposable[];

	constructor(private readonly redact: (text: string) => string) {
		this.subscriptions = [
			vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.apply(editor))),
			vscode.workspace.onDidChangeTextDocument((event) => {
				if (event.contentChanges.length > 0 && this.byDocument.has(event.document.uri.toString())) this.clear(event.document.uri);
			}),
		];
	}

	/** What is shown on each line of a file, for tests: 0-based line → text. */
	shown(uri: vscode.Uri): Map<number, string> {
		const entry = this.byDocument.get(uri.toString());
		const result = new Map<number, string>();
		for (const option of [...(entry?.passed ?? []), ...(entry?.failed ?? []), ...(entry?.skipped ?? [])]) {
			result.set(option.range.start.line, String(option.renderOptions?.after?.contentText ?? ''));
		}
		return result;
	}

	clear(uri: vscode.Uri): void {
		this.byDocument.delete(uri.toString());
		for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) this.apply(editor);
	}

	/** Assertion results of one Send (features/requests/send.ts): they replace what the request's lines showed. */
	showAssertions(uri: vscode.Uri, results: readonly AssertionResult[]): void {
		const entry = this.entry(uri);
		const lines = new Set(results.map((r) => r.assertion.line));
		for (const kind of ['passed', 'failed', 'skipped'] as const) entry[kind] = entry[kind].filter((o) => !lines.has(o.range.start.line));
		for (const result of results) this.pushAssertion(entry, result);
		this.refresh(uri);
	}

	add(uri: vscode.Uri, file: ParsedRequestFile, result: RequestRunResult): void {
		const entry = this.entry(uri);
		if (result.assertions.length > 0) {
			for (const assertion of result.assertions) this.pushAssertion(entry, assertion);
		} else {
			const request = file.requests.find((r) => r.line === result.line);
			const kind = result.state === 'passed' ? 'passed' : result.state === 'skipped' ? 'skipped' : 'failed';
			const text =
				result.state === 'passed'
					? `✓ ${result.status ?? ''}${result.durationMs !== undefined ? ` in ${result.durationMs} ms` : ''}`
					: result.state === 'skipped'
						? skippedText(result.message)
						: `✗ ${result.message ?? result.state}`;
			// A broken block's message sits on its own line; an assertion that did not parse is reported on the request line.
			this.push(entry, kind, request?.line ?? result.line, text, result.message ?? text);
		}
		if (result.assertions.length > 0 && result.state === 'skipped') {
			this.push(entry, 'skipped', result.line, skippedText(result.message), result.message ?? 'skipped');
		}
		this.refresh(uri);
	}

	/** ✓ or ✗ after an assertion's line, its message in the hover. */
	private pushAssertion(entry: ReturnType<InlineResults['entry']>, result: AssertionResult): void {
		this.push(
			entry,
			result.passed ? 'passed' : 'failed',
			result.assertion.line,
			result.passed ? '✓ passed' : `✗ ${result.message}`,
			result.message,
		);
	}

	private entry(uri: vscode.Uri) {
		let entry = this.byDocument.get(uri.toString());
		if (!entry) this.byDocument.set(uri.toString(), (entry = { passed: [], failed: [], skipped: [] }));
		return entry;
	}

	private push(
		entry: ReturnType<InlineResults['entry']>,
		kind: 'passed' | 'failed' | 'skipped',
		line: number,
		text: string,
		hover: string,
	): void {
		const clipped = text.length > 120 ? `${text.slice(0, 119)}…` : text;
		entry[kind].push({
			range: new vscode.Range(line, Number.MAX_SAFE_INTEGER, line, Number.MAX_SAFE_INTEGER),
			hoverMessage: this.redact(hover),
			renderOptions: { after: { contentText: this.redact(clipped) } },
		});
	}

	private refresh(uri: vscode.Uri): void {
		for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) this.apply(editor);
	}

	private apply(editor: vscode.TextEditor): void {
		const entry = this.byDocument.get(editor.document.uri.toString());
		editor.setDecorations(this.passed, entry?.passed ?? []);
		editor.setDecorations(this.failed, entry?.failed ?? []);
		editor.setDecorations(this.skipped, entry?.skipped ?? []);
	}

	dispose(): void {
		this.subscriptions.forEach((s) => s.dispose());
		this.passed.dispose();
		this.failed.dispose();
		this.skipped.dispose();
	}
}

/** "skipped: why" (the runner's bail message already starts with "skipped:"). */
function skippedText(message: string | undefined): string {
	if (!message) return 'skipped';
	return message.startsWith('skipped') ? message : `skipped: ${message}`;
}
