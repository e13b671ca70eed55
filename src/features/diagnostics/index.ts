/**
 * Diagnostics: Check Setup (its report's document scheme is registered at activation), Verify
 * Credential and Show Log. The checks' code is in dist/commands.js and the doctor in dist/network.js,
 * both loaded on the first check.
 */
import * as vscode from 'vscode';
import { Commands } from '../../shared/constants';
import { loadCommands } from '../../shared/lazy';
import { isScripted } from '../../shared/profilePick';
import { registerCommands } from '../../shared/registerCommands';
import type { ExtensionServices } from '../../shared/services';
import { SETUP_REPORT_SCHEME, SetupReportDocument } from './checkSetup';

export function activate(services: ExtensionServices, context: vscode.ExtensionContext): void {
	const setupReport = new SetupReportDocument();
	context.subscriptions.push(
		setupReport,
		vscode.workspace.registerTextDocumentContentProvider(SETUP_REPORT_SCHEME, setupReport),
		...registerCommands(services, {
			[Commands.checkSetup]: (args) => loadCommands().checkSetup(services, setupReport, isScripted(args) ? args : {}),
			// The outcome goes to services.checks, which the tree shows on the profile's Verify row.
			[Commands.verifyCredential]: (args) => loadCommands().verifyCredential(services, args),
			[Commands.showLog]: async () => services.log.show(),
		}),
	);
}
