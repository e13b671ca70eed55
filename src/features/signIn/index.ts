/**
 * Sign-in: the `adobe-ims` authentication provider, registered at activation (VS Code's Accounts menu
 * and other extensions' getSession ask it), and Sign In / Sign Out, whose code is in dist/commands.js.
 */
import * as vscode from 'vscode';
import { Commands } from '../../shared/constants';
import { loadCommands } from '../../shared/lazy';
import { registerCommands } from '../../shared/registerCommands';
import type { ExtensionServices } from '../../shared/services';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, AdobeAuthProvider } from './authProvider';

export type { AdobeAuthProvider } from './authProvider';

export function activate(services: ExtensionServices, context: vscode.ExtensionContext): AdobeAuthProvider {
	// An ended session's notification and its fixes load with the commands' code.
	const auth = new AdobeAuthProvider(services, (error, redact) => loadCommands().showError(error, redact));
	context.subscriptions.push(
		auth,
		vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, auth, { supportsMultipleAccounts: true }),
		...registerCommands(services, {
			[Commands.signIn]: (args) => loadCommands().signIn(auth, args),
			[Commands.signInAnotherAccount]: (args) => loadCommands().signIn(auth, args, true),
			[Commands.signOut]: (args) => loadCommands().signOut(auth, args, services),
		}),
	);
	return auth;
}
