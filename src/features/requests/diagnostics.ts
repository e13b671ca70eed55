/**
 * Request files' diagnostics (source "Adobe request"), from core/requests/analysis.ts: each problem
 * the parser finds in a block (an error: that request will not be sent; the others still are), each
 * file variable defined more than once (a warning on every definition: every request uses the last
 * one, even one far below it), unknown variables and built-ins (naming where they were looked up:
 * file, the selected environment, the request's prompts, the request names), a credential or
 * sensitive built-in in a URL, a request variable of a request not sent yet in this window
 * (information, as REST Client shows it), and a request whose {{$adobeToken}} would go to a host that
 * is not Adobe's (found as the Send link finds its host, without asking for any credential).
 * Kept up to date for every open `http` document from the moment the request-file code is loaded
 * (which opening such a file does, through its CodeLens), and when the environment, the recorded
 * exchanges or the approved origins change; cleared when the document closes. Every message passes
 * the redactor.
 */
import * as vscode from 'vscode';
import { AnalysisContext, Finding, analyzeRequestFile, credentialOriginFinding, credentialTarget } from '../../core/requests/analysis';
import { ParsedRequestFile, parseRequestFile } from '../../core/requests/parse';
import type { AdobeEndpointName } from '../../core/requests/resolve';
import type { VariableSources } from '../../core/requests/types';
import { isLoopbackHost } from '../../core/common/endpoints';
import { RESPONSE_SCHEME } from '../../shared/constants';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
	error: vscode.DiagnosticSeverity.Error,
	warning: vscode.DiagnosticSeverity.Warning,
	information: vscode.DiagnosticSeverity.Information,
};

/** What the diagnostics read besides the document. */
export interface DiagnosticsInputs {
	context(): AnalysisContext;
	/** The environment and the window's exchanges, for where each request goes (nothing is asked or read beyond them). */
	sources(): VariableSources;
	/** The configured base URLs, or undefined when the endpoint settings are not valid (no origin check then). */
	endpoints(): Record<AdobeEndpointName, string> | undefined;
	approvedOrigins(): readonly string[];
	/** Fires when the context changes (environment, exchanges). */
	onDidChange?: vscode.Event<void>;
}

export class RequestFileDiagnostics implements vscode.Disposable {
	private readonly collection = vscode.languages.createDiagnosticCollection('adobeApi.requests');
	private readonly subscriptions: vscode.Disposable[];
	/** The latest update per document: an older asynchronous origin pass does not overwrite a newer one. */
	private readonly generation = new Map<string, number>();

	constructor(
		private readonly redact: (text: string) => string,
		private readonly inputs: DiagnosticsInputs,
	) {
		this.subscriptions = [
			vscode.workspace.onDidOpenTextDocument((document) => void this.update(document)),
			vscode.workspace.onDidChangeTextDocument((event) => void this.update(event.document)),
			vscode.workspace.onDidCloseTextDocument((document) => {
				this.collection.delete(document.uri);
				this.generation.delete(document.uri.toString());
			}),
			vscode.workspace.onDidChangeConfiguration((event) => {
				if (event.affectsConfiguration('adobeApi')) this.updateAll();
			}),
		];
		if (inputs.onDidChange) this.subscriptions.push(inputs.onDidChange(() => this.updateAll()));
		this.updateAll();
	}

	private updateAll(): void {
		for (const document of vscode.workspace.textDocuments) void this.update(document);
	}

	/**
	 * Publishes the diagnostics of one document at once (the parser's and the variables' findings),
	 * then again with the origin warnings, which resolve each request's URL. `file` when the caller parsed it already.
	 * Resolves when both are published (tests await it).
	 */
	async update(document: vscode.TextDocument, file?: ParsedRequestFile): Promise<void> {
		const key = document.uri.toString();
		// A response document is http too (for its colours), but it is not a request file: no squiggles, no red tab.
		if (document.languageId !== 'http' || document.uri.scheme === RESPONSE_SCHEME) {
			this.collection.delete(document.uri);
			return;
		}
		const generation = (this.generation.get(key) ?? 0) + 1;
		this.generation.set(key, generation);
		const text = document.getText();
		const parsed = file ?? parseRequestFile(text);
		const lines = text.split(/\r\n|\r|\n/);
		const findings = analyzeRequestFile(lines, parsed, this.inputs.context());
		const diagnostics = findings.map((finding) => this.diagnostic(document, finding));
		this.collection.set(document.uri, diagnostics);

		const endpoints = this.inputs.endpoints();
		if (!endpoints) return;
		const approved = this.inputs.approvedOrigins();
		const sources = this.inputs.sources();
		const origin: vscode.Diagnostic[] = [];
		for (const request of parsed.requests) {
			if (parsed.problems.some((p) => p.line >= request.startLine && p.line <= request.endLine)) continue;
			const target = await credentialTarget(parsed, request, (name) => endpoints[name], sources);
			if (this.generation.get(key) !== generation) return;
			const finding = target && credentialOriginFinding(lines, request, target, endpoints, approved, isLoopbackHost);
			if (finding) origin.push(this.diagnostic(document, finding));
		}
		if (origin.length > 0) {
			this.collection.set(
				document.uri,
				[...diagnostics, ...origin].sort((a, b) => a.range.start.line - b.range.start.line),
			);
		}
	}

	private diagnostic(document: vscode.TextDocument, finding: Finding): vscode.Diagnostic {
		const range = new vscode.Range(finding.line, finding.start, finding.line, finding.end);
		const diagnostic = new vscode.Diagnostic(range, this.redact(finding.message), SEVERITY[finding.severity]);
		diagnostic.source = 'Adobe request';
		diagnostic.code = finding.code;
		if (finding.otherLine !== undefined) {
			const other = document.lineAt(finding.otherLine);
			diagnostic.relatedInformation = [
				new vscode.DiagnosticRelatedInformation(
					new vscode.Location(
						document.uri,
						new vscode.Range(finding.otherLine, other.firstNonWhitespaceCharacterIndex, finding.otherLine, other.text.length),
					),
					`the other definition, line ${finding.otherLine + 1}`,
				),
			];
		}
		return diagnostic;
	}

	dispose(): void {
		for (const subscription of this.subscriptions) subscription.dispose();
		this.collection.dispose();
	}
}
