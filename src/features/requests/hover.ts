/**
 * Hover over a `{{variable}}` in a request file (core/requests/analysis.ts variableHover): where it
 * resolves (a file variable and its line, the selected environment or `$shared`, a request variable
 * and whether its request was sent in this window, a `# @prompt`, a built-in with its arguments and
 * what it gives) and the value of a file variable or of an environment variable whose name does not
 * say it holds a credential. A built-in's, a prompt's and a request variable's value is never shown
 * ("value hidden: …"). Every text passes the redactor (values before they are cut to length, in
 * analysis.ts) and is escaped Markdown (core/common/format.ts escapeMarkdown), in an untrusted
 * MarkdownString: nothing a file or a setting holds becomes a link, a command or markup.
 */
import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/common/format';
import { HoverContext, variableHover } from '../../core/requests/analysis';
import { parseRequestFile } from '../../core/requests/parse';

export function variableHoverProvider(context: () => HoverContext, redact: (text: string) => string): vscode.HoverProvider {
	return {
		provideHover(document, position) {
			const text = document.getText();
			const hover = variableHover(text.split(/\r\n|\r|\n/), parseRequestFile(text), position.line, position.character, context(), redact);
			if (!hover) return undefined;
			const md = (value: string) => escapeMarkdown(redact(value));
			const lines = [hover.source ? `**${md(hover.reference)}**: ${md(hover.source)}` : `**${md(hover.reference)}**`];
			if (hover.description) lines.push(md(hover.description));
			if (hover.value !== undefined) lines.push(`Value: ${hover.value === '' ? '(empty)' : md(hover.value)}`);
			if (hover.hidden) lines.push(`Value hidden: ${md(hover.hidden)}`);
			if (hover.problem) lines.push(md(hover.problem));
			const contents = new vscode.MarkdownString(lines.join('\n\n'));
			contents.isTrusted = false;
			contents.supportHtml = false;
			return new vscode.Hover(contents, new vscode.Range(hover.line, hover.start, hover.line, hover.end));
		},
	};
}
