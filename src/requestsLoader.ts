/**
 * The request-file feature's footprint at activation: a CodeLens provider for `http` documents, the
 * Jobs view and the response documents' scheme, each a stub that loads dist/requests.js (the
 * parser, the commands, the Jobs view) the first time it is needed: when a request file is open,
 * a request command runs, or a job from an earlier window is still running.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from './commands/services';
import { RESPONSE_SCHEME, Views, WorkspaceStateKeys } from './constants';
import { loadNetwork } from './networkLoader';
import type * as Requests from './requests/feature';

let loaded = false;

export function isRequestsLoaded(): boolean {
	return loaded;
}

export class RequestsLoader implements vscode.Disposable {
	private feature: Requests.RequestsFeature | undefined;
	private readonly jobsChanged = new vscode.EventEmitter<void>();
	/** Fires when a job starts, is polled, ends or is removed. */
	readonly onDidChangeJobs = this.jobsChanged.event;

	constructor(
		private readonly services: ExtensionServices,
		private readonly context: vscode.ExtensionContext,
	) {}

	get(): Requests.RequestsFeature {
		if (!this.feature) {
			// A runtime require of the third bundle; esbuild.js keeps it out of dist/extension.js.
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const module = require('./requests.js') as typeof Requests;
			this.feature = module.createRequestsFeature({ services: this.services, context: this.context, network: loadNetwork, jobsChanged: this.jobsChanged });
			loaded = true;
		}
		return this.feature;
	}

	register(): vscode.Disposable[] {
		const selector = [
			{ language: 'http', scheme: 'file' },
			{ language: 'http', scheme: 'untitled' },
		];
		const treeDataProvider: vscode.TreeDataProvider<unknown> = {
			onDidChangeTreeData: this.jobsChanged.event,
			// An empty view shows its welcome text without loading anything; stored jobs need the bundle.
			getChildren: (element) => (this.feature || this.hasStoredJobs() ? this.get().jobs.getChildren(element) : []),
			getTreeItem: (element) => this.get().jobs.getTreeItem(element),
		};
		return [
			this.jobsChanged,
			vscode.languages.registerCodeLensProvider(selector, { provideCodeLenses: (document, token) => this.get().provideCodeLenses(document, token) }),
			vscode.window.createTreeView(Views.jobs, { treeDataProvider }),
			vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, {
				provideTextDocumentContent: (uri) =>
					this.feature?.responses.provide(uri) ?? '# This response is gone: responses last as long as the window that received them. Send the request again.\n',
			}),
		];
	}

	/** Jobs an earlier window left running are polled again, without holding up activation. */
	resumeJobs(): void {
		if (!this.hasStoredJobs(true)) return;
		setTimeout(() => void this.get().jobs.resume(), 0);
	}

	dispose(): void {
		this.feature?.dispose();
	}

	private hasStoredJobs(runningOnly = false): boolean {
		const stored = this.context.workspaceState.get<Array<{ terminal?: boolean }>>(WorkspaceStateKeys.jobs) ?? [];
		return Array.isArray(stored) && stored.some((job) => !runningOnly || !job.terminal);
	}
}
