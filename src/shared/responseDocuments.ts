/**
 * Response documents: read-only virtual documents (scheme adobe-api-response) opened beside the
 * request file. Their text comes redacted (renderResponseDocument); binary bodies go to the preview folder
 * and open in VS Code's own editor for them (the image preview for PNG and JPEG).
 *
 * Where they open, so that sending again and again does not fill the window with columns:
 * - One response editor, replaced on each send (adobeApi.requests.responseEditor `reuse`, the default),
 *   or one per request, replaced when that request is sent again (`perRequest`). This is REST Client's
 *   default: its `rest-client.showResponseInDifferentTab` is false, so each send renders into the response
 *   panel it has (Huachao/vscode-restclient src/views/httpResponseWebview.ts, and the text-document view
 *   src/views/httpResponseTextDocumentView.ts that `rest-client.previewResponseInUntitledDocument` picks);
 *   its README documents both settings. A pinned response tab is never replaced.
 * - In the group of the response it replaces, else in a group that holds responses, else beside the
 *   request file: the next group, or the one before it when the file is in the last group. A new group
 *   is made only when the window has one (REST Client's `previewColumn: beside` also takes the file's
 *   column + 1, src/controllers/requestController.ts). The request file keeps the focus.
 *
 * VS Code does not bring these editors back after a reload (it restores only editors it can serialize,
 * and says leaving their group empty is by design: microsoft/vscode#107554). So the groups that hold
 * nothing but responses are noted in workspaceState as they change, and the next window closes those
 * that come back empty (features/requests/index.ts loads this bundle for it at start-up when a group is empty).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { PreviewFolder } from '../core/common/previewFolder';
import { RESPONSE_SCHEME } from './constants';
import { responseEditorMode } from './settings';

/** workspaceState: the view columns of the groups that hold only responses (see the top of this file). */
const RESPONSE_GROUPS_KEY = 'adobeApi.responseGroups';

/** Responses kept for the window; the oldest go first. */
const MAX_RESPONSES = 20;

/** What a response document shows when its text is gone (another window's, or one of more than MAX_RESPONSES). */
const RESPONSE_GONE = '# This response is gone: responses last as long as the window that received them. Send the request again.\n';

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

/** The request a response answers: its file, and a name for the request in it (its `# @name`, or its line). */
export interface ResponseSource {
	uri: vscode.Uri;
	request: string;
}

export class ResponseDocuments implements vscode.Disposable {
	private readonly contents = new Map<string, string>();
	private readonly previews = new PreviewFolder();
	private readonly subscriptions: vscode.Disposable[];
	private counter = 0;
	/** Responses show one after another: two quick sends must not each keep the other's editor. */
	private showing: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly redact: (text: string) => string,
		private readonly workspaceState: vscode.Memento,
	) {
		this.subscriptions = [
			// Registered with this bundle, not at activation: only this bundle makes response documents, and
			// VS Code restores none after a reload, so nothing asks for one before it is loaded.
			vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, { provideTextDocumentContent: (uri) => this.provide(uri) }),
			vscode.window.tabGroups.onDidChangeTabs(() => this.noteResponseGroups()),
			vscode.window.tabGroups.onDidChangeTabGroups(() => this.noteResponseGroups()),
		];
	}

	provide(uri: vscode.Uri): string {
		return this.contents.get(uri.toString()) ?? RESPONSE_GONE;
	}

	/**
	 * Stores the text, redacted by whoever rendered it (renderResponseDocument: not a second pass over a
	 * 10 MB body), under a new URI named after the request (the title redacted: it shows on the tab), and
	 * opens it beside the file in place of the response it replaces.
	 */
	async show(title: string, text: string, options: { reveal: boolean; source?: ResponseSource }): Promise<vscode.Uri> {
		const key = options.source && requestKey(options.source);
		const uri = vscode.Uri.from({
			scheme: RESPONSE_SCHEME,
			path: `/${++this.counter}/${this.redact(title).replace(/[\\/:*?"<>|]/g, '_')}.http`,
			query: key ? `request=${key}` : '',
		});
		this.contents.set(uri.toString(), text);
		while (this.contents.size > MAX_RESPONSES) this.contents.delete(this.contents.keys().next().value as string);
		if (options.reveal) {
			await this.inTurn(async () => {
				const viewColumn = this.columnFor(options.source?.uri, this.replacedBy(key));
				const document = await vscode.workspace.openTextDocument(uri);
				await vscode.window.showTextDocument(document, { viewColumn, preserveFocus: true, preview: false });
				// Closed once the new one shows, so that their group is never empty in between (and closed with it).
				await tabShown(uri);
				await closeTabs(this.replacedBy(key).filter((tab) => !isTabOf(tab, uri)));
			});
		}
		return uri;
	}

	/** A binary body written where only this user can read it; images open in the image preview, in the responses' group. */
	async showBytes(
		name: string,
		contentType: string | undefined,
		bytes: Uint8Array,
		reveal: boolean,
		source?: ResponseSource,
	): Promise<{ path: string; image: boolean }> {
		const extension = imageExtension(contentType);
		const path = await this.previews.write(`${name}.${extension ?? 'bin'}`, bytes);
		if (reveal && extension) {
			const file = vscode.Uri.file(path);
			// The folder keeps the latest preview only: an earlier image's tab shows a file that is gone.
			const stale = () => allTabs().filter((tab) => this.isPreview(tab) && !isTabOf(tab, file));
			await this.inTurn(async () => {
				const viewColumn = this.columnFor(source?.uri, stale());
				await vscode.commands.executeCommand('vscode.open', file, { viewColumn, preview: true, preserveFocus: true });
				await tabShown(file);
				await closeTabs(stale());
			});
		}
		return { path, image: extension !== undefined };
	}

	/** Runs `step` after the steps before it have finished (whether they failed or not). */
	private inTurn(step: () => Promise<void>): Promise<void> {
		const turn = this.showing.then(step, step);
		this.showing = turn.catch(() => undefined);
		return turn;
	}

	/** The response tabs a new response replaces: every one (`reuse`) or the same request's (`perRequest`); never a pinned one. */
	private replacedBy(key: string | undefined): vscode.Tab[] {
		const perRequest = responseEditorMode() === 'perRequest';
		return allTabs().filter((tab) => {
			const uri = tabUri(tab);
			return uri?.scheme === RESPONSE_SCHEME && !tab.isPinned && (!perRequest || (key !== undefined && uri.query === `request=${key}`));
		});
	}

	/** The view column a response opens in (see the top of this file). */
	private columnFor(source: vscode.Uri | undefined, replaced: vscode.Tab[]): vscode.ViewColumn {
		if (replaced.length > 0) return replaced[0].group.viewColumn;
		const groups = vscode.window.tabGroups.all;
		const holdsSource = (group: vscode.TabGroup) => source !== undefined && group.tabs.some((tab) => isTabOf(tab, source));
		const withResponses = groups.find((group) => !holdsSource(group) && group.tabs.some((tab) => this.isOurs(tab)));
		if (withResponses) return withResponses.viewColumn;
		const active = vscode.window.tabGroups.activeTabGroup;
		const home = holdsSource(active) ? active : (groups.find(holdsSource) ?? active);
		const next = home.viewColumn + 1;
		return groups.length === 1 || groups.some((group) => group.viewColumn === next) ? next : home.viewColumn - 1;
	}

	private isOurs(tab: vscode.Tab): boolean {
		return tabUri(tab)?.scheme === RESPONSE_SCHEME || this.isPreview(tab);
	}

	private isPreview(tab: vscode.Tab): boolean {
		const uri = tabUri(tab);
		return uri?.scheme === 'file' && this.previews.holds(uri.fsPath);
	}

	/** Notes the view columns of the groups that hold only responses (a reload would leave them empty). */
	private noteResponseGroups(): void {
		const columns = vscode.window.tabGroups.all
			.filter((group) => group.tabs.length > 0 && group.tabs.every((tab) => this.isOurs(tab)))
			.map((group) => group.viewColumn);
		const noted = this.workspaceState.get<number[]>(RESPONSE_GROUPS_KEY) ?? [];
		if (columns.join() !== noted.join()) {
			void this.workspaceState.update(RESPONSE_GROUPS_KEY, columns.length > 0 ? columns : undefined);
		}
	}

	/**
	 * At start-up (features/requests/index.ts): closes the groups the last window noted that came back empty,
	 * or with only previews whose files went with that window. Not later: an empty group made since is the user's.
	 */
	async closeGroupsEmptiedByReload(): Promise<void> {
		const noted = this.workspaceState.get<number[]>(RESPONSE_GROUPS_KEY);
		const emptied = vscode.window.tabGroups.all.filter(
			(group) => Array.isArray(noted) && noted.includes(group.viewColumn) && group.tabs.every((tab) => isGonePreview(tab)),
		);
		if (emptied.length > 0 && emptied.length < vscode.window.tabGroups.all.length) {
			await Promise.resolve(vscode.window.tabGroups.close(emptied, true)).catch(() => false);
		}
		this.noteResponseGroups();
	}

	dispose(): void {
		for (const subscription of this.subscriptions) subscription.dispose();
		this.contents.clear();
		this.previews.dispose();
	}
}

/** Names the request within its file for `perRequest`: a hash, so the URI carries no path. */
function requestKey(source: ResponseSource): string {
	return createHash('sha256').update(`${source.uri.toString()}\n${source.request}`).digest('hex').slice(0, 16);
}

function allTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
	const input = tab.input;
	return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}

function isTabOf(tab: vscode.Tab, uri: vscode.Uri): boolean {
	return tabUri(tab)?.toString() === uri.toString();
}

/** A preview (of any of this extension's preview folders) whose file was removed with the window that wrote it. */
function isGonePreview(tab: vscode.Tab): boolean {
	const uri = tabUri(tab);
	return uri?.scheme === 'file' && /[\\/]adobe-api-toolkit-preview-\w+[\\/][^\\/]+$/.test(uri.fsPath) && !existsSync(uri.fsPath);
}

/**
 * Resolves once the window's tab model (which reaches the extension host after showTextDocument resolves)
 * has a tab for `uri`, so that what replacedBy reads includes it; after 5 s at the latest (the editor failed to open).
 */
function tabShown(uri: vscode.Uri): Promise<void> {
	if (allTabs().some((tab) => isTabOf(tab, uri))) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			listener.dispose();
			resolve();
		};
		const listener = vscode.window.tabGroups.onDidChangeTabs(() => {
			if (allTabs().some((tab) => isTabOf(tab, uri))) done();
		});
		const timer = setTimeout(done, 5000);
	});
}

/** One by one: a tab the user closed meanwhile must not keep the others open. */
async function closeTabs(tabs: vscode.Tab[]): Promise<void> {
	for (const tab of tabs) await Promise.resolve(vscode.window.tabGroups.close(tab, true)).catch(() => false);
}
