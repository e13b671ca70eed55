/**
 * `{{` completion in request files (core/requests/analysis.ts variableCompletions): the request's
 * prompt variables, the file variables, the selected environment's variables, the other named
 * requests' `name.response.body.$` (then `.response.headers.` with the header names of the last
 * answer and `.response.body.$.` with its top-level keys, never their values) and the built-ins with
 * their arguments, as REST Client completes custom and system variables (its README "Auto Completion";
 * github.com/Huachao/vscode-restclient src/providers/requestVariableCompletionItemProvider.ts).
 */
import * as vscode from 'vscode';
import { CompletionContext, CompletionKind, variableCompletions } from '../../core/requests/analysis';
import { parseRequestFile } from '../../core/requests/parse';

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
	variable: vscode.CompletionItemKind.Variable,
	environment: vscode.CompletionItemKind.Constant,
	prompt: vscode.CompletionItemKind.Variable,
	builtin: vscode.CompletionItemKind.Function,
	request: vscode.CompletionItemKind.Reference,
	property: vscode.CompletionItemKind.Property,
};

/** The characters after which VS Code asks: the second `{` of `{{`, a built-in's `$`, a request variable's `.`. */
export const COMPLETION_TRIGGERS = ['{', '$', '.'];

export function variableCompletionProvider(context: () => CompletionContext): vscode.CompletionItemProvider {
	return {
		provideCompletionItems(document, position) {
			const line = document.lineAt(position.line).text;
			const result = variableCompletions(line, position.character, parseRequestFile(document.getText()), position.line, context());
			if (!result) return undefined;
			const range = new vscode.Range(position.line, result.start, position.line, position.character);
			const items = result.items.map((entry, index) => {
				const item = new vscode.CompletionItem(
					entry.labelDetail ? { label: entry.label, detail: ` ${entry.labelDetail}` } : entry.label,
					KIND[entry.kind],
				);
				item.insertText = entry.snippet ? new vscode.SnippetString(entry.insert) : entry.insert;
				item.range = range;
				// What VS Code matches the typed text against: the label, which is what follows the "{{".
				item.filterText = entry.label;
				item.detail = entry.detail;
				if (entry.documentation) item.documentation = entry.documentation;
				// Keep the order analysis.ts gives: the request's own, then the file's, then the environment's, then built-ins.
				item.sortText = String(index).padStart(4, '0');
				return item;
			});
			return new vscode.CompletionList(items, false);
		},
	};
}
