/**
 * The request-file feature's footprint at activation: a CodeLens provider for `http` documents, the
 * Jobs view, the response documents' scheme and the language model tools, each a stub that loads
 * dist/requests.js (the parser, the commands, the Jobs view, the tools' front door) the first time
 * it is needed: when a request file is open, a request command or a tool runs, or a job from an
 * earlier window is still running.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../shared/services';
import { RESPONSE_SCHEME, Views, WorkspaceStateKeys } from '../../shared/constants';
import { loadRequests } from '../../shared/lazy';
import type * as Requests from '../../bundles/requests';

export class RequestsLoader implements vscode.Disposable {
	private feature: Requests.RequestsFeature | undefined;
	private readonly jobsChanged = new vscode.EventEmitter<void>();
	private revealJob: (element: unknown) => void = () => undefined;
	/** Fires when a job starts, is polled, ends or is removed. */
	readonly onDidChangeJobs = this.jobsChanged.event;

	constructor(
		private readonly services: ExtensionServices,
		private readonly context: vscode.ExtensionContext,
	) {}

	get(): Requests.RequestsFeature {
		if (!this.feature) {
			this.feature = loadRequests().createRequestsFeature({
				services: this.services,
				context: this.context,
				network: () => this.services.clients.network(),
				jobsChanged: this.jobsChanged,
				revealJob: (element) => this.revealJob(element),
			});
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
			getParent: (element) => this.get().jobs.getParent(element),
		};
		// Collapsed until there is a job (package.json): the explorer keeps the sidebar's height.
		const jobsView = vscode.window.createTreeView(Views.jobs, { treeDataProvider });
		this.revealJob = (element) =>
			void Promise.resolve(jobsView.reveal(element, { expand: true, focus: false, select: false })).catch(() => undefined);
		// The tools' names come from package.json (the catalogue itself is in the network bundle).
		const tools = (this.context.extension.packageJSON.contributes?.languageModelTools ?? []) as Array<{ name: string }>;
		const registerTool = typeof vscode.lm?.registerTool === 'function' ? vscode.lm.registerTool : undefined;
		return [
			...(registerTool
				? tools.map(({ name }) =>
						registerTool(name, {
							prepareInvocation: (options) => this.get().agentTools.prepare(name, options),
							invoke: (options, token) => this.get().agentTools.invoke(name, options, token),
						}),
					)
				: []),
			this.jobsChanged,
			vscode.languages.registerCodeLensProvider(selector, {
				provideCodeLenses: (document, token) => this.get().provideCodeLenses(document, token),
			}),
			jobsView,
			vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, {
				provideTextDocumentContent: (uri) =>
					this.feature?.responses.provide(uri) ??
					'# This response is gone: responses last as long as the window that received them. Send the request again.\n',
			}),
		];
	}

	/** Jobs an earlier window left running are polled again, without holding up activation. */
	resumeJobs(): void {
		if (!this.hasStoredJobs(true)) return;
		setTimeout(() => {
			try {
				this.get()
					.jobs.resume()
					.catch((error: unknown) => this.services.log.warn(`[jobs] could not resume the jobs of the last window: ${String(error)}`));
			} catch (error) {
				this.services.log.warn(`[jobs] could not load the request-file code to resume jobs: ${String(error)}`);
			}
		}, 0);
	}

	dispose(): void {
		this.feature?.dispose();
	}

	private hasStoredJobs(runningOnly = false): boolean {
		const stored = this.context.workspaceState.get<Array<{ terminal?: boolean }>>(WorkspaceStateKeys.jobs) ?? [];
		return Array.isArray(stored) && stored.some((job) => !runningOnly || !job.terminal);
	}
}
