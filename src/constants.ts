/** Identifiers shared with package.json; scripts/tests check the two agree. */
export const EXTENSION_ID = 'adobe-api-toolkit.adobe-api-toolkit';
export const SETTINGS_SECTION = 'adobeApi';
export const LOG_CHANNEL_NAME = 'Adobe API Toolkit';

export const Commands = {
	checkSetup: 'adobeApi.checkSetup',
	openSettings: 'adobeApi.openSettings',
	showLog: 'adobeApi.showLog',
} as const;

export const Views = {
	container: 'adobeApi',
	explorer: 'adobeApi.explorer',
} as const;

export const Settings = {
	imsBaseUrl: 'adobeApi.imsBaseUrl',
	photoshopBaseUrl: 'adobeApi.photoshopBaseUrl',
	cloudStorageBaseUrl: 'adobeApi.cloudStorageBaseUrl',
	requestTimeoutSeconds: 'adobeApi.requestTimeoutSeconds',
} as const;
