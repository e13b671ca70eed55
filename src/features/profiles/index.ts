/**
 * Profiles: Add / Import / Edit / Remove / Select Profile (their dialogs are in dist/commands.js, loaded
 * on the first of them) and the `hasProfiles` context key the welcome views use.
 */
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../../shared/constants';
import { loadCommands } from '../../shared/lazy';
import { registerCommands } from '../../shared/registerCommands';
import type { ExtensionServices } from '../../shared/services';
import type { AdobeAuthProvider } from '../signIn/index';

export function activate(services: ExtensionServices, context: vscode.ExtensionContext, signIn: AdobeAuthProvider): void {
	const { profiles } = services;
	context.subscriptions.push(
		...registerCommands(services, {
			[Commands.addProfile]: (args) => loadCommands().addProfile(services, args),
			[Commands.importProfile]: (args) => loadCommands().importProfile(services, args),
			[Commands.importCurl]: (args) => loadCommands().importCurl(services, args),
			[Commands.editProfile]: (args, field) => loadCommands().editProfile(services, args, field),
			// Removing a signed-in user's profile signs the user out.
			[Commands.removeProfile]: (args) => loadCommands().removeProfile(services, args, (sessionId) => signIn.removeSession(sessionId)),
			[Commands.selectProfile]: (args) => loadCommands().selectProfile(services, args),
		}),
		profiles.onDidChange(() => void vscode.commands.executeCommand('setContext', ContextKeys.hasProfiles, profiles.list().length > 0)),
	);
}
