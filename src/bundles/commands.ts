/**
 * Entry point of dist/commands.js: the features' code that activation does not need. Each feature's
 * index.ts registers stubs at activation (commands, the explorer's tree provider, the terminal
 * environment, the public API) that require this bundle on their first use (src/shared/lazy.ts), so
 * dist/extension.js holds only the status bar, the sign-in provider and the stubs.
 * Nothing imports this file at run time; type imports describe the loaded module.
 */
export { addProfile, editProfile, importCurl, importProfile, removeProfile, selectProfile } from '../features/profiles/profileCommands';
export { openDemoWalkthrough } from '../features/profiles/demoWalkthrough';
export {
	clearToken,
	copyCurl,
	copyEnvExports,
	copyToken,
	generateToken,
	toggleTerminalInjection,
	tokenActions,
} from '../features/tokens/tokenCommands';
export { TerminalEnvironment } from '../features/tokens/terminalEnvironment';
export { signIn, signOut } from '../features/signIn/signInCommands';
export { ExplorerProvider } from '../features/explorer/explorerProvider';
export { showActiveProfile } from '../features/explorer/viewTitle';
export { MetadataDocuments, explorerCommands } from '../features/explorer/explorerCommands';
export { loadExplorer } from '../features/explorer/explorerLoad';
export { checkSetup, runSetupCheck, setupFindings } from '../features/diagnostics/checkSetup';
export { verifyCredential } from '../features/diagnostics/verifyCredential';
export { createPublicApi } from '../features/publicApi/publicApi';
export { createStorageFileSystem } from '../features/storage/fileSystem';
// Each profile's last hello and verification (services.checks, made on first use).
export { ProfileChecks } from '../shared/profileChecks';
// An error's notification and its fixes: what the command policy (shared/registerCommands.ts) shows on a failure.
export { actionsFor, showError } from '../shared/errorUi';
