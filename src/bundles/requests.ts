/**
 * Entry point of dist/requests.js, and where its three features meet: request files (their
 * responses, history, templates, Import cURL as Request), the Jobs view and the language model tools'
 * front door. features/requests/index.ts requires it (through shared/lazy.ts) the first time one of
 * these is needed, so activation pays for none of it. Nothing imports this file at run time.
 */
import * as vscode from 'vscode';
import type { RequestsHost } from '../shared/requestsHost';
import { AgentTools } from '../features/agentTools/languageModelTools';
import { RequestFileDiagnostics } from '../features/requests/diagnostics';
import { COMPLETION_TRIGGERS, variableCompletionProvider } from '../features/requests/completion';
import { variableHoverProvider } from '../features/requests/hover';
import { RequestVariables } from '../features/requests/variables';
import { requestEndpoints } from '../core/common/endpoints';
import { approvedOrigins } from '../shared/settings';
import { JobsView } from '../features/jobs/jobsView';
import { ResponseDocuments } from '../shared/responseDocuments';
import { RequestHistory } from '../features/requests/history';
import {
	SendDeps,
	importCurlAsRequest,
	newRequestFile,
	requestCodeLenses,
	sendRequest,
	showRequestHistory,
} from '../features/requests/send';
import { runAllRequests } from '../features/requests/runAll';
import { InlineResults } from '../features/requests/runResults';

export interface RequestsFeature extends vscode.Disposable {
	provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]>;
	sendRequest(args: unknown): Promise<unknown>;
	newRequestFile(args: unknown): Promise<unknown>;
	importCurlAsRequest(args: unknown): Promise<unknown>;
	showHistory(args: unknown): Promise<unknown>;
	/** Run All Requests (scripted `{ uri, lines?, bail? }` → RunSummary); named as its command (shared/constants.ts RequestCommands). */
	runAllRequests(args: unknown): Promise<unknown>;
	/** Select Request Environment… (scripted `{ name }`); named as its command (shared/constants.ts RequestCommands). */
	selectRequestEnvironment(args: unknown): Promise<unknown>;
	readonly jobs: JobsView;
	readonly responses: ResponseDocuments;
	/** The language model tools (vscode.lm), whose catalogue is core/agent/catalogue.ts. */
	readonly agentTools: AgentTools;
}

export function createRequestsFeature(host: RequestsHost): RequestsFeature {
	const responses = new ResponseDocuments(host.services.log.redact, host.context.workspaceState);
	const jobs = new JobsView(host);
	const history = new RequestHistory(host.context.workspaceState);
	const inline = new InlineResults(host.services.log.redact);
	const variables = new RequestVariables(host.context.workspaceState, host.services.log.redact);
	const deps: SendDeps = { ...host, responses, jobs, history, variables, inline };
	/** What the squiggles and the completion know: the selected environment and the window's exchanges. */
	const analysisContext = () => {
		const environment = variables.selected();
		return {
			environment: environment.variables,
			environmentName: environment.name,
			sent: (name: string) => variables.exchanges.get(name) !== undefined,
			exchange: (name: string) => variables.exchanges.get(name),
		};
	};
	const diagnostics = new RequestFileDiagnostics(host.services.log.redact, {
		context: analysisContext,
		endpoints: () => {
			try {
				return requestEndpoints(host.services.clients.get().endpoints);
			} catch {
				return undefined;
			}
		},
		approvedOrigins,
		sources: () => {
			const environment = variables.selected();
			return { environment: environment.variables, environmentName: environment.name, requests: variables.exchanges };
		},
		onDidChange: variables.onDidChange,
	});
	const requestFiles = [
		{ language: 'http', scheme: 'file' },
		{ language: 'http', scheme: 'untitled' },
	];
	const completion = vscode.languages.registerCompletionItemProvider(
		requestFiles,
		variableCompletionProvider(analysisContext),
		...COMPLETION_TRIGGERS,
	);
	// Where a {{variable}} resolves, and a value only where it is safe to show (features/requests/hover.ts).
	const hover = vscode.languages.registerHoverProvider(
		requestFiles,
		variableHoverProvider(() => {
			const environment = variables.selected();
			return {
				environment: environment.variables,
				environmentName: environment.name,
				selectedDefines: (name: string) => environment.own.has(name),
				sent: (name: string) => variables.exchanges.get(name) !== undefined,
			};
		}, host.services.log.redact),
	);
	return {
		provideCodeLenses: (document) => requestCodeLenses(deps, document),
		sendRequest: (args) => sendRequest(deps, args),
		newRequestFile: (args) => newRequestFile(args),
		importCurlAsRequest: (args) => importCurlAsRequest(deps, args),
		showHistory: (args) => showRequestHistory(deps, args),
		runAllRequests: (args) => runAllRequests(deps, inline, args),
		selectRequestEnvironment: (args) => variables.select(args),
		jobs,
		responses,
		agentTools: new AgentTools(host),
		dispose: () => {
			diagnostics.dispose();
			inline.dispose();
			completion.dispose();
			hover.dispose();
			variables.dispose();
			jobs.dispose();
			responses.dispose();
		},
	};
}
