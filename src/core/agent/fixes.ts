/**
 * What to do about a failure, for an agent: the `Fix:` of an error result (runner.ts) and of a
 * failed verification (tools/setup.ts).
 */
import { AdobeApiError } from '../common/errors';
import { TECHNICAL_ACCOUNT_FIX, TECHNICAL_ACCOUNT_SETUP_URL } from '../storage/queries';
import { isNameClash } from '../storage/writes';

/** What to do about a failure, for an agent (the VS Code error's actions, in words). */
export function fixFor(error: AdobeApiError): { text: string; docs?: string } | undefined {
	const { code, status, service, kind } = error;
	if (kind === 'cancelled') return undefined;
	if (code === 'origin_refused') {
		return {
			text: 'Use an https URL on a host where Adobe itself serves the API (e.g. firefly-api.adobe.io, photoshop-api.adobe.io, cloudstorage.adobe.io), a configured endpoint, or an origin the user approved (in VS Code the setting adobeApi.requests.approvedOrigins, for the MCP server ADOBE_APPROVED_ORIGINS); the token is never sent anywhere else.',
		};
	}
	if (code === 'foreign_cursor') {
		return { text: 'Pass back the cursor adobe_list_storage returned, unchanged, with the same profile; or list again without a cursor.' };
	}
	// The Cloud Storage writes (tools/storageWrites.ts, core/storage/writes.ts).
	if (code === 'name_conflict' || isNameClash(error)) {
		return { text: 'Choose another name, or call the tool again with onClash: "autorename" to let Adobe add " (1)"; nothing was changed.' };
	}
	if (code === 'not_permitted') {
		return {
			text: "Use a profile whose credential may edit there (adobe_list_profiles), or ask the project's owner for edit access; nothing was changed.",
		};
	}
	if (code === 'outside_workspace' || code === 'file_not_found') {
		return {
			text: 'Name a file inside the workspace by its path relative to the workspace folder (e.g. "images/cat.png"), without ".." and not through a link that leads outside.',
		};
	}
	if (code === 'no_workspace') return { text: 'Open the folder that holds the file as the workspace, then call the tool again.' };
	if (code === 'file_too_large') return { text: "Upload the file with the Adobe explorer's Upload command instead." };
	if (code === 'folder_transfer_unsupported') {
		return { text: 'Adobe Cloud Storage moves files only: move the files one by one, or rename the folder with newName.' };
	}
	// adobe_run_operation (tools/operations.ts).
	if (code === 'unsupported_media_type') {
		return { text: "Choose an operation that takes the file's media type (the message names them), or another file; nothing was changed." };
	}
	// A job that ran and failed at Adobe (core/operations/run.ts: no HTTP status, Adobe's code): nothing was saved.
	if (service === 'photoshop' && kind === 'http' && status === undefined) {
		return {
			text: "Read Adobe's message: change the options or the input file, or choose another operation, then call the tool again; the source is unchanged.",
		};
	}
	if (code === 'no_parent') {
		return { text: 'Give the file by its path ("Project/Folder/hero.jpg") or check it with adobe_get_asset; nothing was changed.' };
	}
	if (code === 'path_not_found') return { text: 'List the parent with adobe_list_storage to see the names it holds, or use an assetId.' };
	if (code === 'cursor_expired') return { text: 'Call adobe_list_storage again without the cursor to start the listing over.' };
	if (code === 'no_profile') {
		return {
			text: "Add or import an Adobe profile (or set the credential's environment variables), then call the tool again; adobe_list_profiles lists the names.",
		};
	}
	if (code === 'sign_in_again') return { text: 'Sign in with Adobe again, then call the tool again.' };
	if (code === 'invalid_scope') {
		const sets = (error.suggestedScopes ?? []).map((set) => `${set.label}: ${set.scopes.join(',')}`);
		return {
			text: `Give the profile the scopes its Developer Console credential lists${sets.length ? ` (Adobe documents ${sets.join('; ')})` : ''}, then generate a new token.`,
		};
	}
	if (code === 'invalid_client' || code === 'missing_credential') {
		return {
			text: "Check the profile's Client ID and client secret against the Developer Console credential; adobe_check_setup shows which check fails.",
		};
	}
	if (code === '403000') {
		return { text: 'Send the Client ID of the credential that minted the token as x-api-key; adobe_check_setup checks the pair.' };
	}
	// 403003: the key is unknown for this API (the gateway looks it up per API), not a token from another client.
	if (code === '403003') {
		return {
			text: "Add this API to the credential's Developer Console project (with its product profile), or fix the profile's Client ID; adobe_check_setup shows which.",
		};
	}
	if (code === '403011') return { text: "Edit the profile's scopes to match the Developer Console credential, then generate a new token." };
	if (service === 'cloudStorage' && (status === 403 || code === 'access_error')) {
		return { text: TECHNICAL_ACCOUNT_FIX, docs: TECHNICAL_ACCOUNT_SETUP_URL };
	}
	if (service === 'cloudStorage' && status === 404) {
		return { text: 'List the parent with adobe_list_storage to get current ids; the item may have moved or been deleted.' };
	}
	if (status === 401 || code === '401013') {
		return { text: 'The token was refused even after a refresh: run adobe_check_setup to find out why.' };
	}
	if (status === 429) return { text: 'Adobe is limiting requests for this credential: wait a little, then try again.' };
	if (status !== undefined && status >= 500) {
		return { text: "Adobe's service had trouble: try again shortly; if it persists, report the request id to Adobe." };
	}
	if (error.setting) return { text: `Correct the setting ${error.setting}.` };
	if (kind === 'network' || kind === 'timeout') {
		return { text: 'Check the network, the proxy and the endpoint settings; adobe_check_setup tests each.' };
	}
	if (kind === 'invalidInput') return { text: 'Correct the input and call the tool again.' };
	return { text: 'Run adobe_check_setup to find which part of the setup fails.' };
}
