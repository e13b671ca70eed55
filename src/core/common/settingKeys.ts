/**
 * The extension's setting keys, for the VS Code side (shared/settings.ts reads them) and for the
 * core's messages and errors (the `setting` an error names). vscode-free. A unit test
 * (test/unit/common/settingKeys.test.ts) checks that this list and package.json's
 * `contributes.configuration` declare the same keys.
 */
export const SETTINGS_SECTION = 'adobeApi';

export const Settings = {
	imsBaseUrl: 'adobeApi.imsBaseUrl',
	photoshopBaseUrl: 'adobeApi.photoshopBaseUrl',
	cloudStorageBaseUrl: 'adobeApi.cloudStorageBaseUrl',
	requestTimeoutSeconds: 'adobeApi.requestTimeoutSeconds',
	autoRefresh: 'adobeApi.token.autoRefresh',
	refreshMinutesBeforeExpiry: 'adobeApi.token.refreshMinutesBeforeExpiry',
	injectTokenInTerminal: 'adobeApi.injectTokenInTerminal',
	explorerPageSize: 'adobeApi.explorer.pageSize',
	signInClientId: 'adobeApi.signIn.clientId',
	signInRedirectUri: 'adobeApi.signIn.redirectUri',
	signInScopes: 'adobeApi.signIn.scopes',
	approvedOrigins: 'adobeApi.requests.approvedOrigins',
	historySize: 'adobeApi.requests.historySize',
	responseEditor: 'adobeApi.requests.responseEditor',
} as const;

export type SettingKey = (typeof Settings)[keyof typeof Settings];

/** The key inside the section, for `workspace.getConfiguration(SETTINGS_SECTION)`: 'token.autoRefresh'. */
export function keyInSection(key: SettingKey): string {
	return key.slice(SETTINGS_SECTION.length + 1);
}
