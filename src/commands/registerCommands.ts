/** Every command the extension contributes, registered in one place (tests check it matches package.json). */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { checkSetup, CheckSetupArgs } from './checkSetup';
import { openSettings } from './openSettings';
import { ExtensionServices } from './services';

export function registerCommands(services: ExtensionServices): vscode.Disposable[] {
	return [
		vscode.commands.registerCommand(Commands.checkSetup, (args?: CheckSetupArgs) => checkSetup(services, args)),
		vscode.commands.registerCommand(Commands.openSettings, (setting?: unknown) => openSettings(setting)),
		vscode.commands.registerCommand(Commands.showLog, () => services.log.show()),
	];
}
