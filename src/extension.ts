/**
 * The composition root: builds the services every feature shares, then activates each feature in
 * turn. No network, no awaiting: stored profiles and tokens are read from SecretStorage in the
 * background, and each feature's code beyond its stubs loads on first use (src/shared/lazy.ts), so
 * dist/extension.js holds the status bar, the sign-in provider and the stubs, nothing else.
 */
import * as vscode from 'vscode';
import type { AdobeApiToolkit } from './api';
import { AdobeApiError, AdobeApiErrorFields, isAdobeApiError } from './core/common/errors';
import { AdobeClientProvider } from './shared/clientProvider';
import { confirmModal } from './shared/confirm';
import { Commands } from './shared/constants';
import { Keychain } from './shared/keychain';
import { isCommandsLoaded, isNetworkLoaded, isRequestsLoaded, loadCommands, loadNetwork } from './shared/lazy';
import { ExtensionLog } from './shared/log';
import { openSettings } from './shared/openSettings';
import type { ProfileChecks } from './shared/profileChecks';
import { ProfileStore } from './shared/profileStore';
import { registerCommands } from './shared/registerCommands';
import type { ExtensionServices } from './shared/services';
import { affectsNetworkSettings, readNetworkSettings } from './shared/settings';
import { createTokenManager } from './shared/tokens';
import * as agentTools from './features/agentTools/index';
import * as diagnostics from './features/diagnostics/index';
import * as explorer from './features/explorer/index';
import * as jobs from './features/jobs/index';
import * as profiles from './features/profiles/index';
import * as publicApi from './features/publicApi/index';
import * as requests from './features/requests/index';
import * as signIn from './features/signIn/index';
import * as storage from './features/storage/index';
import * as tokens from './features/tokens/index';

/**
 * The extension's own tests' hooks: in ExtensionMode.Test only, as the exported API's non-enumerable
 * `testApi` (see exportedApi). Other extensions get the documented API of src/api.ts alone. The
 * features behind a stub (explorer, terminal) load when a test reads them.
 */
export interface TestApi {
	services: ExtensionServices;
	readonly explorer: explorer.ExplorerProvider;
	/** The adobe-storage: file system's provider (loads its code). */
	storage(): storage.StorageFileSystem;
	auth: signIn.AdobeAuthProvider;
	statusBar: tokens.TokensFeature['statusBar'];
	readonly terminal: ReturnType<tokens.TokensFeature['terminal']>;
	isNetworkLoaded(): boolean;
	isCommandsLoaded(): boolean;
	logLines(): readonly string[];
	/** globalState keeps only the folders last chosen in file dialogs (shared/dialogFolders.ts) and, in the demo, that its walkthrough was opened; tests check its keys. */
	globalStateKeys(): readonly string[];
	/** The buttons an error notification would offer (the suite checks each code's fix). */
	errorActions(fields: AdobeApiErrorFields, profile?: string): string[];
	activatedInMs: number;
	isRequestsLoaded(): boolean;
	/** The Jobs view's jobs (loads the request-file bundle). */
	jobs(): ReturnType<ReturnType<requests.RequestsLoader['get']>['jobs']['list']>;
	/** The Jobs view's rows as VS Code gets them (the suite checks labels, states, errors and outputs). */
	jobTree(): Pick<ReturnType<requests.RequestsLoader['get']>['jobs'], 'getChildren' | 'getTreeItem'>;
	onDidChangeJobs: vscode.Event<void>;
}

export function activate(context: vscode.ExtensionContext): AdobeApiToolkit {
	const started = performance.now();

	// The shared services.
	const log = new ExtensionLog();
	const keychain = new Keychain(context.secrets, log);
	const version = String(context.extension.packageJSON.version ?? '0.0.0');
	const userAgent = `adobe-api-toolkit/${version} vscode/${vscode.version}`;
	const clients = new AdobeClientProvider(readNetworkSettings, log, userAgent, loadNetwork);
	const profileStore = new ProfileStore(keychain, log);
	// The auth provider needs the token manager, and user profiles' tokens come from the provider: bound once both exist.
	// eslint-disable-next-line prefer-const -- assigned below, read by the closure first
	let auth: signIn.AdobeAuthProvider | undefined;
	const tokenManager = createTokenManager(profileStore, clients, log, (profileId, sessionId, signal) => {
		if (!auth) throw new AdobeApiError('The extension is still starting.', { kind: 'internal' });
		return auth.tokenForProfile(profileId, sessionId, signal);
	});
	// Written and read only by code in dist/commands.js (the checks' commands, the explorer): made there, on first use.
	let checks: ProfileChecks | undefined;
	const services: ExtensionServices = {
		log,
		clients,
		keychain,
		profiles: profileStore,
		tokens: tokenManager,
		confirm: confirmModal,
		get checks() {
			return (checks ??= new (loadCommands().ProfileChecks)());
		},
		globalState: context.globalState,
	};
	context.subscriptions.push(
		log,
		keychain,
		clients,
		profileStore,
		{ dispose: () => tokenManager.dispose() },
		{ dispose: () => checks?.dispose() },
		...registerCommands(services, { [Commands.openSettings]: (setting) => openSettings(setting) }),
		vscode.workspace.onDidChangeConfiguration((event) => {
			if (!affectsNetworkSettings(event)) return;
			clients.invalidate();
			warnAboutBadSettings(log);
		}),
	);

	// The features, each registering its own commands, views and listeners.
	auth = signIn.activate(services, context);
	profiles.activate(services, context, auth);
	const tokenFeature = tokens.activate(services, context);
	const explorerFeature = explorer.activate(services, context);
	const storageFs = storage.activate(services, context, vscode.workspace);
	diagnostics.activate(services, context);
	const requestsLoader = requests.activate(services, context);
	jobs.activate(services, context, requestsLoader);
	agentTools.activate(context, requestsLoader);
	const api = publicApi.activate(services, context);

	// Reading the settings (four configuration inspect calls) was about a tenth of activate()'s
	// own time in a CPU profile (issue #17): the check runs just after activate() returns, its warning as before.
	const settingsCheck = setTimeout(() => warnAboutBadSettings(log), 0);
	context.subscriptions.push({ dispose: () => clearTimeout(settingsCheck) });
	const activatedInMs = Math.round((performance.now() - started) * 10) / 10;
	log.info(`[activate] Adobe API Toolkit ${version} activated in ${activatedInMs} ms`);
	if (context.extensionMode !== vscode.ExtensionMode.Test) return publicApi.exportedApi(api);
	const testApi: TestApi = {
		services,
		get explorer() {
			return explorerFeature.provider();
		},
		storage: storageFs,
		auth,
		statusBar: tokenFeature.statusBar,
		get terminal() {
			return tokenFeature.terminal();
		},
		isNetworkLoaded,
		isCommandsLoaded,
		logLines: () => log.recentLines(),
		globalStateKeys: () => context.globalState.keys(),
		errorActions,
		activatedInMs,
		isRequestsLoaded,
		jobs: () => requestsLoader.get().jobs.list(),
		jobTree: () => requestsLoader.get().jobs,
		onDidChangeJobs: requestsLoader.onDidChangeJobs,
	};
	return publicApi.exportedApi(api, testApi);
}

export function deactivate(): void {
	// Everything is in context.subscriptions.
}

function errorActions(fields: AdobeApiErrorFields, profile?: string): string[] {
	return loadCommands()
		.actionsFor(new AdobeApiError('', fields), profile)
		.map((action) => action.title);
}

/** A bad endpoint setting gets a message naming it now, not at the first failing request. */
function warnAboutBadSettings(log: ExtensionLog): void {
	try {
		readNetworkSettings();
	} catch (error) {
		if (!isAdobeApiError(error)) throw error;
		log.warn(`[settings] ${error.message}`);
		void vscode.window.showWarningMessage(error.message, 'Open Settings').then((choice) => {
			if (choice) void vscode.commands.executeCommand(Commands.openSettings, error.setting);
		});
	}
}
