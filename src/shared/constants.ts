/** Identifiers shared with package.json; scripts/tests check the two agree. */
export const EXTENSION_ID = 'adobe-api-toolkit.adobe-api-toolkit';
export { SETTINGS_SECTION, Settings } from '../core/common/settingKeys';
export const LOG_CHANNEL_NAME = 'Adobe API Toolkit';

export const Commands = {
	checkSetup: 'adobeApi.checkSetup',
	openSettings: 'adobeApi.openSettings',
	showLog: 'adobeApi.showLog',
	addProfile: 'adobeApi.addProfile',
	importProfile: 'adobeApi.importProfile',
	importCurl: 'adobeApi.importCurl',
	editProfile: 'adobeApi.editProfile',
	removeProfile: 'adobeApi.removeProfile',
	selectProfile: 'adobeApi.selectProfile',
	generateToken: 'adobeApi.generateToken',
	refreshToken: 'adobeApi.refreshToken',
	clearToken: 'adobeApi.clearToken',
	copyToken: 'adobeApi.copyToken',
	copyEnvExports: 'adobeApi.copyEnvExports',
	copyCurl: 'adobeApi.copyCurl',
	injectTokenInTerminal: 'adobeApi.injectTokenInTerminal',
	tokenActions: 'adobeApi.tokenActions',
	callHello: 'adobeApi.callHello',
	verifyCredential: 'adobeApi.verifyCredential',
	explorerRefresh: 'adobeApi.explorer.refresh',
	explorerRefreshNode: 'adobeApi.explorer.refreshNode',
	explorerLoadMore: 'adobeApi.explorer.loadMore',
	explorerFilter: 'adobeApi.explorer.filter',
	explorerClearFilter: 'adobeApi.explorer.clearFilter',
	explorerCopyAssetId: 'adobeApi.explorer.copyAssetId',
	explorerCopyPath: 'adobeApi.explorer.copyPath',
	explorerShowMetadata: 'adobeApi.explorer.showMetadata',
	explorerDownload: 'adobeApi.explorer.download',
	explorerPreview: 'adobeApi.explorer.preview',
	explorerCopyCurl: 'adobeApi.explorer.copyCurl',
	signIn: 'adobeApi.signIn',
	signInAnotherAccount: 'adobeApi.signInAnotherAccount',
	signOut: 'adobeApi.signOut',
	sendRequest: 'adobeApi.sendRequest',
	newRequestFile: 'adobeApi.newRequestFile',
	importCurlAsRequest: 'adobeApi.importCurlAsRequest',
	showRequestHistory: 'adobeApi.showRequestHistory',
	jobsCancel: 'adobeApi.jobs.cancel',
	jobsRemove: 'adobeApi.jobs.remove',
	jobsClearFinished: 'adobeApi.jobs.clearFinished',
	jobsOpenOutput: 'adobeApi.jobs.openOutput',
} as const;

/**
 * The explorer's Cloud Storage commands (issue #19). Apart from Commands: features/explorer/index.ts registers
 * them from package.json, so activation code never names them and esbuild leaves this table out of dist/extension.js.
 */
export const StorageCommands = {
	upload: 'adobeApi.storage.upload',
	newFolder: 'adobeApi.storage.newFolder',
	newProject: 'adobeApi.storage.newProject',
	rename: 'adobeApi.storage.rename',
	moveTo: 'adobeApi.storage.moveTo',
	copyTo: 'adobeApi.storage.copyTo',
	delete: 'adobeApi.storage.delete',
	showDeleted: 'adobeApi.storage.showDeleted',
	restore: 'adobeApi.storage.restore',
	deletePermanently: 'adobeApi.storage.deletePermanently',
	goTo: 'adobeApi.storage.goTo',
	copyPresignedUrl: 'adobeApi.storage.copyPresignedUrl',
	showAccess: 'adobeApi.storage.showAccess',
	changeAccess: 'adobeApi.storage.changeAccess',
	runOperation: 'adobeApi.storage.runOperation',
	listOperations: 'adobeApi.storage.listOperations',
} as const;

/**
 * Request-file commands added by issue #21. Apart from Commands, which dist/extension.js carries whole:
 * features/requests/index.ts registers each from its name alone (`adobeApi.<name>` → the feature's
 * method of that name), so each costs the activation bundle its name once.
 */
export const RequestCommands = {
	runAllRequests: 'adobeApi.runAllRequests',
	selectRequestEnvironment: 'adobeApi.selectRequestEnvironment',
} as const;

/** Context keys for `when` clauses. */
export const ContextKeys = {
	hasProfiles: 'adobeApi.hasProfiles',
	/** The active profile has a token (valid or not), so the explorer has something to show. */
	hasToken: 'adobeApi.hasToken',
	/** Cloud Storage listed projects once in this window (the walkthrough's last step). */
	storageListed: 'adobeApi.storageListed',
} as const;

/** Our code for the hello call's error once its v1 endpoint is retired: it offers Verify Credential. Set by the core, so defined there. */
export { RETIRED_HELLO_CODE } from '../core/common/errors';

/** Adobe's guide to OAuth Server-to-Server credentials, for problems only the Developer Console can fix. */
export const SETUP_GUIDE_URL = 'https://developer.adobe.com/developer-console/docs/guides/services/services-add-api-oauth-s2s';

export const Views = {
	container: 'adobeApi',
	explorer: 'adobeApi.explorer',
	jobs: 'adobeApi.jobs',
} as const;

/** Scheme of the read-only response documents of request files. */
export const RESPONSE_SCHEME = 'adobe-api-response';

/** The read-only JSON documents of Show Metadata (features/explorer). */
export const METADATA_SCHEME = 'adobe-asset';
/**
 * workspaceState keys: the Jobs view's jobs and the request history (never a token or an output URL). The
 * response editors' groups are noted under RESPONSE_GROUPS_KEY (shared/responseDocuments.ts), kept out of
 * this object, which dist/extension.js carries.
 */
export const WorkspaceStateKeys = {
	jobs: 'adobeApi.jobs',
	requestHistory: 'adobeApi.requestHistory',
} as const;

/**
 * workspaceState: the operations on a storage file submitted and not yet saved back (features/operations,
 * issue #20); the Jobs view finishes them after a reload. Apart from WorkspaceStateKeys, which dist/extension.js carries.
 */
export const OPERATIONS_PENDING_KEY = 'adobeApi.operations.pending';
