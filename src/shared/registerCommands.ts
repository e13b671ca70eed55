/**
 * The one command policy (as vscode-azurestorage's registerCommands.ts wraps every command): each
 * feature registers its own table of handlers through registerCommands(). Scripted calls (one
 * plain-object argument) get the result or a rejection with the readable message; interactive calls
 * get a notification with the fix instead. Either way the error's text passes the log's redactor: it
 * may echo what a server sent. Tests check that the tables together match package.json.
 */
import * as vscode from 'vscode';
import { isCancellation, messageOf, redactedError, redactedValue } from './errorUi';
import { loadCommands } from './lazy';
import { isBrandedNode } from './nodeBrand';
import { isScripted } from './profilePick';
import type { ExtensionServices } from './services';

/** `more`: a second argument, as a fix names the field to edit (`executeCommand(editProfile, name, 'clientSecret')`). */
export type CommandHandler = (args: unknown, more?: unknown) => Promise<unknown>;

/** A feature's commands: command id → handler. */
export type CommandTable = Record<string, CommandHandler>;

export function registerCommands(services: ExtensionServices, table: CommandTable): vscode.Disposable[] {
	return Object.entries(table).map(([id, handler]) =>
		vscode.commands.registerCommand(id, async (args: unknown, more: unknown) => {
			try {
				// What a caller gets may quote what a server sent (metadata, a hello body): redacted like everything shown.
				return redactedValue(await handler(args, more), services.log.redact);
			} catch (error) {
				if (!isCancellation(error)) services.log.warn(`[${id}] ${messageOf(error)}`);
				if (isScripted(args)) throw redactedError(error, services.log.redact);
				const profile = typeof args === 'string' ? args : isBrandedNode(args) ? args.profile.name : services.profiles.active()?.name;
				// The notification and its fixes (errorUi.ts's showError) are in dist/commands.js: loaded on the first error shown.
				if (!isCancellation(error)) void loadCommands().showError(error, services.log.redact, profile);
				return undefined;
			}
		}),
	);
}
