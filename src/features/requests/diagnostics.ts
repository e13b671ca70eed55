/**
 * Request files' diagnostics: each problem the parser finds (an error: the request will not be sent)
 * and each file variable defined more than once (a warning on every definition: every request uses
 * the last one, even one far below it, so what is sent is not what the first line shows). Kept up to
 * date for every open `http` document from the moment the request-file code is loaded (which opening
 * such a file does, through its CodeLens); cleared when the document closes.
 */
import * as vscode from 'vscode';
import { ParsedRequestFile, parseRequestFile, redefinedVariables } from '../../core/requests/parse';
import { RESPONSE_SCHEME } from '../../shared/constants';

/** The parser's messages start with "Line 7: "; the Problems view shows the line itself. */
function withoutLinePrefix(message: string): string {
	return message.replace(/^Line \d+: /, '');
}

export class RequestFileDiagnostics implements vscode.Disposable {
	private readonly collection = vscode.languages.createDiagnosticCollection('adobeApi.requests');
	private readonly subscriptions: vscode.Disposable[];

	constructor(private readonly redact: (text: string) => string) {
		this.subscriptions = [
			vscode.workspace.onDidOpenTextDocument((document) => this.update(document)),
			vscode.workspace.onDidChangeTextDocument((event) => this.update(event.document)),
			vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
		];
		for (const document of vscode.workspace.textDocuments) this.update(document);
	}

	/** Publishes the diagnostics of one document; `file` when the caller parsed it already. */
	update(document: vscode.TextDocument, file?: ParsedRequestFile): void {
		// A response document is http too (for its colours), but it is not a request file: no squiggles, no red tab.
		if (document.languageId !== 'http' || document.uri.scheme === RESPONSE_SCHEME) {
			this.collection.delete(document.uri);
			return;
		}
		const parsed = file ?? parseRequestFile(document.getText());
		const lineRange = (line: number) => {
			const text = document.lineAt(line);
			return new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.text.length);
		};
		const diagnostics = parsed.problems.map((problem) => {
			const diagnostic = new vscode.Diagnostic(
				lineRange(problem.line),
				this.redact(withoutLinePrefix(problem.message)),
				vscode.DiagnosticSeverity.Error,
			);
			diagnostic.source = 'Adobe request';
			return diagnostic;
		});
		for (const warning of redefinedVariables(parsed)) {
			const diagnostic = new vscode.Diagnostic(
				lineRange(warning.line),
				this.redact(withoutLinePrefix(warning.message)),
				vscode.DiagnosticSeverity.Warning,
			);
			diagnostic.source = 'Adobe request';
			diagnostic.code = 'redefined-variable';
			diagnostic.relatedInformation = [
				new vscode.DiagnosticRelatedInformation(
					new vscode.Location(document.uri, lineRange(warning.otherLine)),
					`the other definition, line ${warning.otherLine + 1}`,
				),
			];
			diagnostics.push(diagnostic);
		}
		this.collection.set(document.uri, diagnostics);
	}

	dispose(): void {
		for (const subscription of this.subscriptions) subscription.dispose();
		this.collection.dispose();
	}
}
