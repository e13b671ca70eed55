/**
 * Entry point of the third bundle (dist/requests.js): request files, their responses, history,
 * templates, Import cURL as Request, the Jobs view and the language model tools' front door.
 * features/requests/index.ts requires it the first time one of these is needed, so activation pays for none of it.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../shared/services';
import type * as Network from '../../bundles/network';
import { AgentTools } from '../agentTools/languageModelTools';
import { RequestFileDiagnostics } from './diagnostics';
import { JobsView } from '../jobs/jobsView';
import { ResponseDocuments } from './responses';
import { RequestHistory } from './history';
import { SendDeps, importCurlAsRequest, newRequestFile, requestCodeLenses, sendRequest, showRequestHistory } from './send';

export interface RequestsHost {
	services: ExtensionServices;
	context: vscode.ExtensionContext;
	network: () => typeof Network;
	jobsChanged: vscode.EventEmitter<void>;
	/** Shows a job in the Jobs view (expanding the view) without taking the focus. */
	revealJob(element: unknown): void;
}

export interface RequestsFeature extends vscode.Disposable {
	provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]>;
	sendRequest(args: unknown): Promise<unknown>;
	newRequestFile(args: unknown): Promise<unknown>;
	importCurlAsRequest(args: unknown): Promise<unknown>;
	showHistory(args: unknown): Promise<unknown>;
	readonly jobs: JobsView;
	readonly responses: ResponseDocuments;
	/** The language model tools (vscode.lm), whose catalogue is core/agent/catalogue.ts. */
	readonly agentTools: AgentTools;
}

export function createRequestsFeature(host: RequestsHost): RequestsFeature {
	const responses = new ResponseDocuments(host.services.log.redact);
	const jobs = new JobsView(host);
	const history = new RequestHistory(host.context.workspaceState);
	const deps: SendDeps = { ...host, responses, jobs, history };
	const diagnostics = new RequestFileDiagnostics(host.services.log.redact);
	return {
		provideCodeLenses: (document) => requestCodeLenses(deps, document),
		sendRequest: (args) => sendRequest(deps, args),
		newRequestFile: (args) => newRequestFile(args),
		importCurlAsRequest: (args) => importCurlAsRequest(deps, args),
		showHistory: (args) => showRequestHistory(deps, args),
		jobs,
		responses,
		agentTools: new AgentTools(host),
		dispose: () => {
			diagnostics.dispose();
			jobs.dispose();
			responses.dispose();
		},
	};
}
