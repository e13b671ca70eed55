/**
 * Request files at activation: a CodeLens provider for `http` documents and the request commands,
 * each a stub that loads dist/requests.js (the parser, the commands, the response documents and their
 * scheme, the Jobs view, the tools' front door) the first time it is needed: when a request file is
 * open, a request command runs, or a reload left an empty editor group that may have held responses.
 * The Jobs view (features/jobs) and the language model tools (features/agentTools) live in the same
 * bundle and reach it through the loader this returns.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../shared/services';
import { Commands, WorkspaceStateKeys } from '../../shared/constants';
import { loadCommands, loadRequests } from '../../shared/lazy';
import { CommandTable, registerCommands } from '../../shared/registerCommands';
import type * as Requests from '../../bundles/requests';

export class RequestsLoader implements vscode.Disposable {
	private feature: Requests.RequestsFeature | undefined;
	/** Fires when a job starts, is polled, ends or is removed. */
	readonly jobsChanged = new vscode.EventEmitter<void>();
	readonly onDidChangeJobs = this.jobsChanged.event;
	/** Shows a job in the Jobs view; set by the Jobs feature when it creates the view. */
	revealJob: (element: unknown) => void = () => undefined;

	constructor(
		private readonly services: ExtensionServices,
		private readonly context: vscode.ExtensionContext,
	) {}

	/** Whether the bundle's feature has been made (without loading it). */
	get isLoaded(): boolean {
		return this.feature !== undefined;
	}

	get(): Requests.RequestsFeature {
		this.feature ??= loadRequests().createRequestsFeature({
			services: this.services,
			context: this.context,
			network: () => this.services.clients.network(),
			jobsChanged: this.jobsChanged,
			revealJob: (element) => this.revealJob(element),
			setupFindings: async (profile, signal) => {
				const diagnostics = loadCommands();
				return diagnostics.setupFindings(await diagnostics.runSetupCheck(this.services, profile, signal));
			},
		});
		return this.feature;
	}

	/** Whether this workspace holds jobs (any, or still running ones) from an earlier window. */
	hasStoredJobs(runningOnly = false): boolean {
		const stored = this.context.workspaceState.get<Array<{ terminal?: boolean }>>(WorkspaceStateKeys.jobs) ?? [];
		return Array.isArray(stored) && stored.some((job) => !runningOnly || !job.terminal);
	}

	dispose(): void {
		this.feature?.dispose();
		this.jobsChanged.dispose();
	}
}

export function activate(services: ExtensionServices, context: vscode.ExtensionContext): RequestsLoader {
	const requests = new RequestsLoader(services, context);
	// Issue #21's commands (shared/constants.ts RequestCommands): `adobeApi.<name>` runs the feature's method <name>.
	const named: CommandTable = {};
	for (const name of ['selectRequestEnvironment', 'runAllRequests'] as const) {
		named[`adobeApi.${name}`] = (args) => requests.get()[name](args);
	}
	const selector = [
		{ language: 'http', scheme: 'file' },
		{ language: 'http', scheme: 'untitled' },
	];
	context.subscriptions.push(
		requests,
		vscode.languages.registerCodeLensProvider(selector, {
			provideCodeLenses: (document, token) => requests.get().provideCodeLenses(document, token),
		}),
		...registerCommands(services, {
			[Commands.sendRequest]: (args) => requests.get().sendRequest(args),
			[Commands.newRequestFile]: (args) => requests.get().newRequestFile(args),
			[Commands.importCurlAsRequest]: (args) => requests.get().importCurlAsRequest(args),
			[Commands.showRequestHistory]: (args) => requests.get().showHistory(args),
			...named,
		}),
	);
	// VS Code restores no response editor after a reload: the groups that held only those come back empty (shared/responseDocuments.ts).
	const groups = vscode.window.tabGroups.all;
	if (groups.length > 1 && groups.some((group) => !group.tabs.length)) {
		setTimeout(() => void requests.get().responses.closeGroupsEmptiedByReload());
	}
	return requests;
}
