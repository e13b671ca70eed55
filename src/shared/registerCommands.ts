/**
 * Every command the extension contributes, registered in one place (tests check it matches
 * package.json). Scripted calls (one plain-object argument) get the result or a rejection with
 * the readable message; interactive calls get a notification with the fix instead. Either way the
 * error's text passes the log's redactor: it may echo what a server sent.
 */
import * as vscode from 'vscode';
import { Commands } from './constants';
import { isCancellation, messageOf, redactedError, redactedValue, showError } from './errorUi';
import { SETUP_REPORT_SCHEME, SetupReportDocument, checkSetup } from '../features/diagnostics/checkSetup';
import { openSettings } from './openSettings';
import { loadCommands } from './lazy';
import { isBrandedNode } from './nodeBrand';
import { isScripted } from './profilePick';
import { ExtensionServices } from './services';
import type { explorerCommands } from '../features/explorer/explorerCommands';
import type { ExplorerProvider } from '../features/explorer/explorerProvider';
import { verifyCredential } from '../features/diagnostics/verifyCredential';
import type { AdobeAuthProvider } from '../features/signIn/authProvider';
import type { RequestsLoader } from '../features/requests/index';
import { signIn, signOut } from '../features/signIn/signInCommands';
import {
	clearToken,
	copyCurl,
	copyEnvExports,
	copyToken,
	generateToken,
	toggleTerminalInjection,
	tokenActions,
} from '../features/tokens/tokenCommands';

type Handler = (args: unknown) => Promise<unknown>;

export function registerCommands(
	services: ExtensionServices,
	explorer: ReturnType<typeof explorerCommands>,
	explorerProvider: ExplorerProvider,
	auth: AdobeAuthProvider,
	requests: RequestsLoader,
): vscode.Disposable[] {
	const setupReport = new SetupReportDocument();
	const handlers: Record<string, Handler> = {
		[Commands.checkSetup]: (args) => checkSetup(services, setupReport, isScripted(args) ? args : {}),
		[Commands.openSettings]: (setting) => openSettings(setting),
		[Commands.showLog]: async () => services.log.show(),
		[Commands.addProfile]: (args) => loadCommands().addProfile(services, args),
		[Commands.importProfile]: (args) => loadCommands().importProfile(services, args),
		[Commands.importCurl]: (args) => loadCommands().importCurl(services, args),
		[Commands.editProfile]: (args) => loadCommands().editProfile(services, args),
		[Commands.removeProfile]: (args) => loadCommands().removeProfile(services, args, (sessionId) => auth.removeSession(sessionId)),
		[Commands.selectProfile]: (args) => loadCommands().selectProfile(services, args),
		[Commands.generateToken]: (args) => generateToken(services, args, 'generating'),
		[Commands.refreshToken]: (args) => generateToken(services, args, 'refreshing'),
		[Commands.clearToken]: (args) => clearToken(services, args),
		[Commands.copyToken]: (args) => copyToken(services, args),
		[Commands.copyEnvExports]: (args) => copyEnvExports(services, args),
		[Commands.copyCurl]: (args) => copyCurl(services, args),
		[Commands.injectTokenInTerminal]: (args) => toggleTerminalInjection(services, args),
		[Commands.tokenActions]: () => tokenActions(services),
		[Commands.callHello]: (args) => explorer.callHello(args),
		[Commands.verifyCredential]: (args) => verifyCredential(services, explorerProvider, args),
		[Commands.explorerRefresh]: () => explorer.refresh(),
		[Commands.explorerRefreshNode]: (args) => explorer.refreshNode(args),
		[Commands.explorerLoadMore]: (args) => explorer.loadMore(args),
		[Commands.explorerFilter]: (args) => explorer.filter(args),
		[Commands.explorerClearFilter]: (args) => explorer.clearFilter(args),
		[Commands.explorerCopyAssetId]: (args) => explorer.copyAssetId(args),
		[Commands.explorerCopyPath]: (args) => explorer.copyPath(args),
		[Commands.explorerCopyCurl]: (args) => explorer.copyCurl(args),
		[Commands.explorerShowMetadata]: (args) => explorer.showMetadata(args),
		[Commands.explorerDownload]: (args) => explorer.download(args),
		[Commands.explorerPreview]: (args) => explorer.preview(args),
		[Commands.signIn]: (args) => signIn(auth, args),
		[Commands.signInAnotherAccount]: (args) => signIn(auth, args, true),
		[Commands.signOut]: (args) => signOut(auth, args),
		// Request files and jobs: dist/requests.js loads on the first of these.
		[Commands.sendRequest]: (args) => requests.get().sendRequest(args),
		[Commands.newRequestFile]: (args) => requests.get().newRequestFile(args),
		[Commands.importCurlAsRequest]: (args) => requests.get().importCurlAsRequest(args),
		[Commands.showRequestHistory]: (args) => requests.get().showHistory(args),
		[Commands.jobsCancel]: (args) => requests.get().jobs.cancel(args),
		[Commands.jobsRemove]: async (args) => requests.get().jobs.remove(args),
		[Commands.jobsClearFinished]: async () => requests.get().jobs.clearFinished(),
		[Commands.jobsOpenOutput]: (args) => requests.get().jobs.openOutput(args),
	};
	const commands = Object.entries(handlers).map(([id, handler]) =>
		vscode.commands.registerCommand(id, async (args: unknown) => {
			try {
				// What a caller gets may quote what a server sent (metadata, a hello body): redacted like everything shown.
				return redactedValue(await handler(args), services.log.redact);
			} catch (error) {
				if (!isCancellation(error)) services.log.warn(`[${id}] ${messageOf(error)}`);
				if (isScripted(args)) throw redactedError(error, services.log.redact);
				const profile = typeof args === 'string' ? args : isBrandedNode(args) ? args.profile.name : services.profiles.active()?.name;
				if (!isCancellation(error)) void showError(error, services.log.redact, profile);
				return undefined;
			}
		}),
	);
	return [...commands, setupReport, vscode.workspace.registerTextDocumentContentProvider(SETUP_REPORT_SCHEME, setupReport)];
}
