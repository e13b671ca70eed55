/**
 * Tokens: the status-bar countdown (at activation: it is what the window shows), the `hasToken`
 * context key, the token commands and the terminal environment. The commands' code and the terminal
 * environment are in dist/commands.js: the commands load it on their first run, the terminal
 * environment when `adobeApi.injectTokenInTerminal` is (or turns) on.
 */
import * as vscode from 'vscode';
import { systemClock } from '../../core/common/logger';
import { Commands, ContextKeys, Settings } from '../../shared/constants';
import { loadCommands } from '../../shared/lazy';
import { profileIdOfTokenKey } from '../../shared/profileStore';
import { registerCommands } from '../../shared/registerCommands';
import type { ExtensionServices } from '../../shared/services';
import { injectTokenInTerminal } from '../../shared/settings';
import { TokenStatusBar } from './statusBar';
import type { TerminalEnvironment } from './terminalEnvironment';

export interface TokensFeature {
	readonly statusBar: TokenStatusBar;
	/** The terminal environment, loading it if the setting has not yet. */
	terminal(): TerminalEnvironment;
}

export function activate(services: ExtensionServices, context: vscode.ExtensionContext): TokensFeature {
	const { profiles, tokens, keychain } = services;
	const statusBar = new TokenStatusBar(profiles, tokens, systemClock, services.log.redact);
	const updateTokenContext = () => {
		const active = profiles.active();
		const snapshot = active ? tokens.snapshot(active.id) : undefined;
		void vscode.commands.executeCommand(
			'setContext',
			ContextKeys.hasToken,
			snapshot !== undefined && (snapshot.token !== undefined || snapshot.fetching),
		);
	};

	// Not persisted across restarts (TerminalEnvironment sets it too): set now, so nothing from an earlier window comes back.
	context.environmentVariableCollection.persistent = false;
	let terminal: TerminalEnvironment | undefined;
	const loadTerminal = () => {
		if (!terminal) {
			terminal = new (loadCommands().TerminalEnvironment)(context.environmentVariableCollection, profiles, tokens, services.log);
			context.subscriptions.push(terminal);
		}
		return terminal;
	};
	// While the setting is off there is nothing to inject: the collection stays empty without the code.
	if (injectTokenInTerminal()) loadTerminal();

	context.subscriptions.push(
		statusBar,
		...registerCommands(services, {
			[Commands.generateToken]: (args) => loadCommands().generateToken(services, args, 'generating'),
			[Commands.refreshToken]: (args) => loadCommands().generateToken(services, args, 'refreshing'),
			[Commands.clearToken]: (args) => loadCommands().clearToken(services, args),
			[Commands.copyToken]: (args) => loadCommands().copyToken(services, args),
			[Commands.copyEnvExports]: (args) => loadCommands().copyEnvExports(services, args),
			[Commands.copyCurl]: (args) => loadCommands().copyCurl(services, args),
			[Commands.injectTokenInTerminal]: (args) => loadCommands().toggleTerminalInjection(services, args),
			[Commands.tokenActions]: () => loadCommands().tokenActions(services),
		}),
		{ dispose: tokens.onDidChange(updateTokenContext) },
		profiles.onDidChange(() => {
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
			// Turned on: the environment loads and fills the collection now (once loaded it follows the setting itself).
			if (!terminal && event.affectsConfiguration(Settings.injectTokenInTerminal) && injectTokenInTerminal()) {
				void loadTerminal().update();
			}
		}),
	);
	return { statusBar, terminal: loadTerminal };
}
