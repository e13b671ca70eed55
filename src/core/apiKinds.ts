/** The kinds of Adobe API a credential profile can be for, with the seeds' scopes and variable names. */

export type ApiKind = 'cloudStorage' | 'photoshop' | 'contentAuthenticity' | 'custom';

export interface ApiKindInfo {
	label: string;
	/** Scopes the Adobe guides use for this API; editable per profile. */
	defaultScopes: string[];
	/** Prefix of the environment variables in Adobe's guides: `${prefix}_CLIENT_ID`, … */
	envPrefix: string;
	/** The variable Adobe's guide uses for the token. */
	tokenVariable: string;
}

export const API_KINDS: Readonly<Record<ApiKind, ApiKindInfo>> = {
	cloudStorage: {
		label: 'Cloud Storage and Collaboration',
		defaultScopes: ['openid', 'AdobeID', 'offline_access', 'creative_sdk'],
		envPrefix: 'CLOUD_STORAGE',
		tokenVariable: 'CLOUD_STORAGE_ACCESS_TOKEN',
	},
	photoshop: {
		label: 'Photoshop / Firefly Services',
		defaultScopes: ['openid', 'AdobeID', 'read_organizations'],
		envPrefix: 'PS_FF_SERVICES',
		tokenVariable: 'PS_FF_SERVICES_ACCESS_TOKEN',
	},
	contentAuthenticity: {
		label: 'Content Authenticity',
		defaultScopes: ['openid', 'AdobeID', 'read_organizations'],
		envPrefix: 'CONTENT_AUTHENTICITY_FF_SERVICES',
		tokenVariable: 'CONTENT_AUTHENTICITY_FF_SERVICES_ACCESS_TOKEN',
	},
	custom: {
		label: 'Custom',
		defaultScopes: ['openid', 'AdobeID'],
		envPrefix: 'ADOBE',
		tokenVariable: 'ADOBE_ACCESS_TOKEN',
	},
};

export function isApiKind(value: unknown): value is ApiKind {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(API_KINDS, value);
}
