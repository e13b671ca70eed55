/**
 * Profiles: Add / Import / Edit / Remove / Select Profile (their dialogs are in dist/commands.js, loaded
 * on the first of them), the `hasProfiles` context key the welcome views use, and the demo's first walkthrough.
 */
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../../shared/constants';
import { loadCommands } from '../../shared/lazy';
import { registerCommands } from '../../shared/registerCommands';
import type { ExtensionServices } from '../../shared/services';
import type { AdobeAuthProvider } from '../signIn/index';

/** The profile commands that take only the services and their argument. */
const PLAIN = ['addProfile', 'importProfile', 'importCurl', 'selectProfile'] as const;

export function activate(services: ExtensionServices, context: vscode.ExtensionContext, signIn: AdobeAuthProvider): void {
	const { profiles } = services;
	context.subscriptions.push(
		...registerCommands(services, {
			// A table built from the names keeps the activation bundle small (a test holds it at 48 KB).
			...Object.fromEntries(PLAIN.map((name) => [Commands[name], (args: unknown) => loadCommands()[name](services, args)])),
			// Edit Profile from an error's fix opens the field the error names (its second argument).
			[Commands.editProfile]: (args, field) => loadCommands().editProfile(services, args, field),
			// Removing a signed-in user's profile signs the user out (the provider's removeSession).
			[Commands.removeProfile]: (args) => loadCommands().removeProfile(services, args, signIn),
		}),
		profiles.onDidChange(() => void vscode.commands.executeCommand('setContext', ContextKeys.hasProfiles, !!profiles.active())),
	);
	// `npm start`'s demo (test/host/start.js sets this) opens the walkthrough on its first load: see demoWalkthrough.ts.
	if (process.env.ADOBE_API_TOOLKIT_DEMO) void loadCommands().openDemoWalkthrough(context);
}
