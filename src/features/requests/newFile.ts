/**
 * New request files with a name: `hello.http`, `firefly-generate.http`, not the first comment line
 * VS Code titles an untitled document by (every template starts with the same one, so every tab and
 * save prompt read `# Send a request with the "Send with Ado`).
 *
 * An untitled URI with a path is VS Code's untitled document "with an associated file path": its tab
 * shows the file name, Save writes it to that path without a dialog (asking before it replaces a file
 * made there since), and Save As starts from it (microsoft/vscode
 * src/vs/workbench/services/textfile/browser/textFileService.ts, "Untitled with associated file path
 * don't need to prompt"). Opening one where a file exists fails (src/vs/workbench/api/browser/mainThreadDocuments.ts,
 * "file already exists"), so the name is one that neither a file in the folder nor an open untitled
 * document has: hello.http, hello-2.http…
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { freeRequestFileName } from '../../core/requests/templates';

/** Opens a new untitled `http` document named `fileName` (or the next free variant) holding `text`. */
export async function openNamedRequestFile(fileName: string, text: string): Promise<vscode.TextDocument> {
	const folder = folderForNewFiles();
	const taken = new Set(
		vscode.workspace.textDocuments
			.filter((document) => document.uri.scheme === 'untitled')
			.map((document) => document.uri.path.toLowerCase()),
	);
	// Two tries: a file made in the folder between the listing and the open takes the name away once.
	for (let attempt = 1; ; attempt++) {
		const existing = await namesIn(folder);
		const name = freeRequestFileName(
			fileName,
			(candidate) => existing.has(candidate.toLowerCase()) || taken.has(vscode.Uri.joinPath(folder, candidate).path.toLowerCase()),
		);
		if (!name) break;
		const uri = vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' });
		let document: vscode.TextDocument;
		try {
			document = await vscode.workspace.openTextDocument(uri);
		} catch (error) {
			if (attempt < 2) continue;
			throw error;
		}
		if (document.getText() === '') {
			const edit = new vscode.WorkspaceEdit();
			edit.insert(uri, new vscode.Position(0, 0), text);
			await vscode.workspace.applyEdit(edit);
		}
		if (document.languageId !== 'http') document = await vscode.languages.setTextDocumentLanguage(document, 'http');
		return document;
	}
	// A hundred hello-N.http in one folder: an untitled document as before, titled by its first line.
	return vscode.workspace.openTextDocument({ language: 'http', content: text });
}

/**
 * Where Save writes a new request file: the workspace folder of the active file, the first workspace
 * folder, the active file's own folder, or the home folder in a window without a folder.
 */
function folderForNewFiles(): vscode.Uri {
	const active = vscode.window.activeTextEditor?.document.uri;
	const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
	if (folder) return folder.uri;
	if (active?.scheme === 'file') return vscode.Uri.joinPath(active, '..');
	return vscode.Uri.file(os.homedir());
}

async function namesIn(folder: vscode.Uri): Promise<Set<string>> {
	try {
		return new Set((await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name.toLowerCase()));
	} catch {
		return new Set(); // a folder that cannot be listed: the open says whether the name is free
	}
}
