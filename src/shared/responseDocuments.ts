/**
 * Response documents: read-only virtual documents (scheme adobe-api-response) opened beside the
 * request file. Their text comes redacted (renderResponseDocument); binary bodies go to the preview folder
 * and open in VS Code's own editor for them (the image preview for PNG and JPEG).
 */
import * as vscode from 'vscode';
import { PreviewFolder } from '../core/common/previewFolder';
import { RESPONSE_SCHEME } from './constants';

/** Responses kept for the window; the oldest go first. */
const MAX_RESPONSES = 20;

const IMAGE_EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/svg+xml': 'svg',
};

/** The file extension VS Code's image preview opens for a media type (parameters ignored); undefined when it is not an image it shows. */
export function imageExtension(contentType: string | undefined): string | undefined {
	return IMAGE_EXTENSIONS[contentType?.split(';')[0].trim().toLowerCase() ?? ''];
}

export class ResponseDocuments implements vscode.Disposable {
	private readonly contents = new Map<string, string>();
	private readonly previews = new PreviewFolder();
	private counter = 0;

	constructor(private readonly redact: (text: string) => string) {}

	provide(uri: vscode.Uri): string | undefined {
		return this.contents.get(uri.toString());
	}

	/**
	 * Stores the text, redacted by whoever rendered it (renderResponseDocument: not a second pass over a
	 * 10 MB body), under a new URI named after the request (the title redacted: it shows on the tab), and opens it beside the file.
	 */
	async show(title: string, text: string, options: { reveal: boolean }): Promise<vscode.Uri> {
		const uri = vscode.Uri.from({
			scheme: RESPONSE_SCHEME,
			path: `/${++this.counter}/${this.redact(title).replace(/[\\/:*?"<>|]/g, '_')}.http`,
		});
		this.contents.set(uri.toString(), text);
		while (this.contents.size > MAX_RESPONSES) this.contents.delete(this.contents.keys().next().value as string);
		if (options.reveal) {
			const document = await vscode.workspace.openTextDocument(uri);
			await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
		}
		return uri;
	}

	/** A binary body written where only this user can read it; images open in the image preview. */
	async showBytes(
		name: string,
		contentType: string | undefined,
		bytes: Uint8Array,
		reveal: boolean,
	): Promise<{ path: string; image: boolean }> {
		const extension = imageExtension(contentType);
		const path = await this.previews.write(`${name}.${extension ?? 'bin'}`, bytes);
		if (reveal && extension) {
			await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path), { viewColumn: vscode.ViewColumn.Beside, preview: true });
		}
		return { path, image: extension !== undefined };
	}

	dispose(): void {
		this.contents.clear();
		this.previews.dispose();
	}
}
