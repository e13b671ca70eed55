/**
 * Activation wires objects together and returns. No network, no awaiting: the HTTP stack
 * (dist/network.js) loads on the first command that needs it.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { ExtensionServices } from './commands/services';
import { Commands, Views } from './constants';
import { isAdobeApiError } from './core/errors';
import { Keychain } from './credentials/keychain';
import { ExplorerProvider } from './explorer/explorerProvider';
import { ExtensionLog } from './log';
import { AdobeClientProvider, isNetworkLoaded } from './networkLoader';
import { affectsNetworkSettings, readNetworkSettings } from './settings';

/** Handed to the extension's own tests only (ExtensionMode.Test); other extensions get nothing. */
export interface TestApi {
	keychain: Keychain;
	isNetworkLoaded(): boolean;
	logLines(): readonly string[];
	activatedInMs: number;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
	const started = performance.now();
	const log = new ExtensionLog();
	const keychain = new Keychain(context.secrets, log);
	const version = String(context.extension.packageJSON.version ?? '0.0.0');
	const clients = new AdobeClientProvider(readNetworkSettings, log, `adobe-api-toolkit/${version} vscode/${vscode.version}`);
	const services: ExtensionServices = { log, clients, keychain };
	const explorer = new ExplorerProvider();

	context.subscriptions.push(
		log,
		keychain,
		clients,
		explorer,
		vscode.window.createTreeView(Views.explorer, { treeDataProvider: explorer, showCollapseAll: true }),
		...registerCommands(services),
		vscode.workspace.onDidChangeConfiguration((event) => {
			if (!affectsNetworkSettings(event)) return;
			clients.invalidate();
			warnAboutBadSettings(log);
		}),
	);
	warnAboutBadSettings(log);

	const activatedInMs = Math.round((performance.now() - started) * 10) / 10;
	log.info(`[activate] Adobe API Toolkit ${version} activated in ${activatedInMs} ms`);
	if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
	return { keychain, isNetworkLoaded, logLines: () => log.recentLines(), activatedInMs };
}

export function deactivate(): void {
	// Everything is in context.subscriptions.
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
