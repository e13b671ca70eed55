/**
 * Activation wires objects together and returns. No network, no awaiting: stored profiles and
 * tokens are read from SecretStorage in the background, and the HTTP stack (dist/network.js)
 * loads on the first command that needs it.
 */
import * as vscode from 'vscode';
import type { AdobeApiToolkit } from './api';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, AdobeAuthProvider } from './features/signIn/authProvider';
import { confirmModal } from './shared/confirm';
import { registerCommands } from './shared/registerCommands';
import { ExtensionServices } from './shared/services';
import { Commands, ContextKeys, Settings, Views } from './shared/constants';
import { AdobeApiError, AdobeApiErrorFields, isAdobeApiError } from './core/common/errors';
import { actionsFor } from './shared/errorUi';
import { systemClock } from './core/common/logger';
import { Keychain } from './shared/keychain';
import { ProfileStore, profileIdOfTokenKey } from './shared/profileStore';
import { METADATA_SCHEME, MetadataDocuments, explorerCommands } from './features/explorer/explorerCommands';
import { ExplorerProvider } from './features/explorer/explorerProvider';
import { ExtensionLog } from './shared/log';
import { AdobeClientProvider } from './shared/clientProvider';
import { isCommandsLoaded, isNetworkLoaded, isRequestsLoaded, loadNetwork } from './shared/lazy';
import { RequestsLoader } from './features/requests/index';
import { createPublicApi, exportedApi } from './features/publicApi/publicApi';
import { affectsNetworkSettings, readNetworkSettings } from './shared/settings';
import { TokenStatusBar } from './features/tokens/statusBar';
import { TerminalEnvironment } from './features/tokens/terminalEnvironment';
import { createTokenManager } from './shared/tokens';

/**
 * The extension's own tests' hooks: in ExtensionMode.Test only, as the exported API's non-enumerable
 * `testApi` (see exportedApi). Other extensions get the documented API of src/api.ts alone.
 */
export interface TestApi {
	services: ExtensionServices;
	explorer: ExplorerProvider;
	auth: AdobeAuthProvider;
	statusBar: TokenStatusBar;
	terminal: TerminalEnvironment;
	isNetworkLoaded(): boolean;
	isCommandsLoaded(): boolean;
	logLines(): readonly string[];
	/** The extension must keep nothing in globalState; tests check these stay empty. */
	globalStateKeys(): readonly string[];
	/** The buttons an error notification would offer (the suite checks each code's fix). */
	errorActions(fields: AdobeApiErrorFields, profile?: string): string[];
	activatedInMs: number;
	isRequestsLoaded(): boolean;
	/** The Jobs view's jobs (loads the request-file bundle). */
	jobs(): ReturnType<ReturnType<RequestsLoader['get']>['jobs']['list']>;
	/** The Jobs view's rows as VS Code gets them (the suite checks labels, states, errors and outputs). */
	jobTree(): Pick<ReturnType<RequestsLoader['get']>['jobs'], 'getChildren' | 'getTreeItem'>;
	onDidChangeJobs: vscode.Event<void>;
}

export function activate(context: vscode.ExtensionContext): AdobeApiToolkit {
	const started = performance.now();
	const log = new ExtensionLog();
	const keychain = new Keychain(context.secrets, log);
	const version = String(context.extension.packageJSON.version ?? '0.0.0');
	const userAgent = `adobe-api-toolkit/${version} vscode/${vscode.version}`;
	const clients = new AdobeClientProvider(readNetworkSettings, log, userAgent, loadNetwork);
	const profiles = new ProfileStore(keychain, log);
	// The auth provider needs the token manager, and user profiles' tokens come from the provider: bound once both exist.
	// eslint-disable-next-line prefer-const -- assigned below, read by the closure first
	let auth: AdobeAuthProvider | undefined;
	const tokens = createTokenManager(profiles, clients, log, (profileId, sessionId, signal) => {
		if (!auth) throw new AdobeApiError('The extension is still starting.', { kind: 'internal' });
		return auth.tokenForProfile(profileId, sessionId, signal);
	});
	const services: ExtensionServices = { log, clients, keychain, profiles, tokens, confirm: confirmModal };
	const explorer = new ExplorerProvider(services);
	const treeView = vscode.window.createTreeView(Views.explorer, { treeDataProvider: explorer, showCollapseAll: true });
	const documents = new MetadataDocuments();
	const updateTokenContext = () => {
		const active = profiles.active();
		const snapshot = active ? tokens.snapshot(active.id) : undefined;
		void vscode.commands.executeCommand(
			'setContext',
			ContextKeys.hasToken,
			snapshot !== undefined && (snapshot.token !== undefined || snapshot.fetching),
		);
	};
	const statusBar = new TokenStatusBar(profiles, tokens, systemClock, log.redact);
	const terminal = new TerminalEnvironment(context.environmentVariableCollection, profiles, tokens, log);
	auth = new AdobeAuthProvider(services);
	const requests = new RequestsLoader(services, context);

	context.subscriptions.push(
		log,
		keychain,
		clients,
		profiles,
		{ dispose: () => tokens.dispose() },
		statusBar,
		terminal,
		explorer,
		treeView,
		vscode.workspace.registerTextDocumentContentProvider(METADATA_SCHEME, documents),
		auth,
		vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, auth, { supportsMultipleAccounts: true }),
		requests,
		...requests.register(),
		...registerCommands(services, explorerCommands(services, explorer, treeView, documents), explorer, auth, requests),
		{ dispose: tokens.onDidChange(updateTokenContext) },
		profiles.onDidChange(() => {
			void vscode.commands.executeCommand('setContext', ContextKeys.hasProfiles, profiles.list().length > 0);
			updateTokenContext();
			for (const profile of profiles.list()) if (!tokens.snapshot(profile.id).token) void tokens.load(profile.id).catch(() => undefined);
		}),
		// Another window stored or cleared a token: follow it.
		keychain.onDidChange((key) => {
			const profileId = profileIdOfTokenKey(key);
			if (profileId) void tokens.load(profileId).catch(() => undefined);
		}),
		// Timers stop while the machine sleeps: coming back to the window is when to look at the clock.
		vscode.window.onDidChangeWindowState((state) => {
			if (state.focused) tokens.checkDue();
		}),
		vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration(Settings.autoRefresh) || event.affectsConfiguration(Settings.refreshMinutesBeforeExpiry)) {
				tokens.reschedule();
				statusBar.update();
			}
			if (!affectsNetworkSettings(event)) return;
			clients.invalidate();
			warnAboutBadSettings(log);
		}),
	);
	warnAboutBadSettings(log);
	requests.resumeJobs();
	const api = createPublicApi(services, context.subscriptions);

	const activatedInMs = Math.round((performance.now() - started) * 10) / 10;
	log.info(`[activate] Adobe API Toolkit ${version} activated in ${activatedInMs} ms`);
	if (context.extensionMode !== vscode.ExtensionMode.Test) return exportedApi(api);
	const testApi: TestApi = {
		services,
		explorer,
		auth,
		statusBar,
		terminal,
		isNetworkLoaded,
		isCommandsLoaded,
		logLines: () => log.recentLines(),
		globalStateKeys: () => context.globalState.keys(),
		errorActions,
		activatedInMs,
		isRequestsLoaded,
		jobs: () => requests.get().jobs.list(),
		jobTree: () => requests.get().jobs,
		onDidChangeJobs: requests.onDidChangeJobs,
	};
	return exportedApi(api, testApi);
}

export function deactivate(): void {
	// Everything is in context.subscriptions.
}

function errorActions(fields: AdobeApiErrorFields, profile?: string): string[] {
	return actionsFor(new AdobeApiError('', fields), profile).map((action) => action.title);
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
