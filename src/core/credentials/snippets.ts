/**
 * Text users copy into a terminal: `export` lines with the variable names from Adobe's guides, and
 * ready cURL commands that read the token and client id from those variables (so the command
 * itself never contains a secret).
 */
import { API_KINDS, ApiKind } from './apiKinds';
import { Endpoints } from '../common/endpoints';

export interface ExportValues {
	apiKind: ApiKind;
	clientId: string;
	scopes: string[];
	accessToken?: string;
	/** Only when the user asked for it. */
	clientSecret?: string;
}

/** POSIX single-quoting: safe for any value. */
function quote(value: string): string {
	return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Variable names first, so callers can report what was copied without the values. */
export function envExports(values: ExportValues): { names: string[]; text: string } {
	const prefix = API_KINDS[values.apiKind].envPrefix;
	const pairs: Array<[string, string]> = [[`${prefix}_CLIENT_ID`, values.clientId]];
	if (values.clientSecret) pairs.push([`${prefix}_CLIENT_SECRET`, values.clientSecret]);
	pairs.push([`${prefix}_SCOPES`, values.scopes.join(',')]);
	if (values.accessToken) for (const name of tokenVariables(values.apiKind)) pairs.push([name, values.accessToken]);
	return { names: pairs.map(([name]) => name), text: pairs.map(([name, value]) => `export ${name}=${quote(value)}`).join('\n') + '\n' };
}

/** The token variable(s) Adobe's guides use; Cloud Storage's guides use two spellings. */
export function tokenVariables(apiKind: ApiKind): string[] {
	return apiKind === 'cloudStorage'
		? ['CLOUD_STORAGE_ACCESS_TOKEN', 'CLOUD_STORAGE_SERVICES_ACCESS_TOKEN']
		: [API_KINDS[apiKind].tokenVariable];
}

/** A first call for the profile's API, as the seeds write it, reading credentials from the exported variables. */
export function curlCommand(apiKind: ApiKind, endpoints: Endpoints): string {
	const prefix = API_KINDS[apiKind].envPrefix;
	const token = `$${tokenVariables(apiKind)[0]}`;
	const url = apiKind === 'cloudStorage' ? `${endpoints.cloudStorage}/projects` : `${endpoints.photoshop}/pie/psdService/hello`;
	return [
		`curl -sS '${url}' \\`,
		`  -H "Authorization: Bearer ${token}" \\`,
		`  -H "x-api-key: $${prefix}_CLIENT_ID"${apiKind === 'cloudStorage' ? " \\\n  -H 'Accept: application/json'" : ''}`,
	].join('\n');
}

/** The token request itself, as in the seeds (secret from the environment, never inline). */
export function tokenCurlCommand(apiKind: ApiKind, imsBaseUrl: string, scopes: string[]): string {
	const prefix = API_KINDS[apiKind].envPrefix;
	return [
		`curl -sS -X POST '${imsBaseUrl}/ims/token/v3' \\`,
		`  -H 'Content-Type: application/x-www-form-urlencoded' \\`,
		`  -d 'grant_type=client_credentials' \\`,
		`  -d "client_id=$${prefix}_CLIENT_ID" \\`,
		`  -d "client_secret=$${prefix}_CLIENT_SECRET" \\`,
		`  -d 'scope=${scopes.join(',')}'`,
	].join('\n');
}

/** A cURL for one Cloud Storage item: its children for projects and folders, its metadata for files. */
export function assetCurlCommand(apiKind: ApiKind, endpoints: Endpoints, asset: { assetType: string; assetId: string }): string {
	const prefix = API_KINDS[apiKind].envPrefix;
	const kind = asset.assetType === 'project' ? 'projects' : asset.assetType === 'folder' ? 'folders' : 'files';
	const suffix = kind === 'files' ? '' : '/children';
	return [
		`curl -sS '${endpoints.cloudStorage}/${kind}/${encodeURIComponent(asset.assetId)}${suffix}' \\`,
		`  -H "Authorization: Bearer $${tokenVariables(apiKind)[0]}" \\`,
		`  -H "x-api-key: $${prefix}_CLIENT_ID" \\`,
		`  -H 'Accept: application/json'`,
	].join('\n');
}
