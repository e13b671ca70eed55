/** Shows an error as a notification with the buttons that lead to its fix, or hands a caller a copy safe to keep. */
import * as vscode from 'vscode';
import type { ScopeSet } from '../core/credentials/apiKinds';
import { AdobeApiError, AdobeApiErrorFields, FIELD_LABELS, isAdobeApiError } from '../core/common/errors';
import { Commands, RETIRED_HELLO_CODE, SETUP_GUIDE_URL } from './constants';

/** Where an Adobe admin assigns product profiles to a credential (AdobeDocs/cloud-storage technical-account-setup.md links it). */
const ADMIN_CONSOLE_URL = 'https://adminconsole.adobe.com';

/** The user-readable text of any error; our errors' messages are written for people already. */
export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** The log's redactor (ExtensionLog.redact): errors carry what a server sent, which may echo a secret. */
export type Redact = (text: string) => string;

/**
 * A copy of `error` for a caller (a scripted command's rejection) with its message and every other
 * string field redacted. A copy, because the original may still be in use (logged, retried); the
 * cause and the original stack are left behind.
 */
export function redactedError(error: unknown, redact: Redact): Error {
	const fields = redactedValue(Object.fromEntries(Object.entries(error instanceof Error ? error : {})), redact) as Record<string, unknown>;
	if (isAdobeApiError(error)) return new AdobeApiError(redact(error.message), fields as unknown as AdobeApiErrorFields);
	return Object.assign(new Error(redact(messageOf(error))), fields, error instanceof Error ? { name: error.name } : {});
}

/**
 * `value` with every string in it redacted, through arrays and plain objects: what a command hands a
 * caller (metadata, a hello body, a path) may quote what a server sent. Other objects pass as they are.
 */
export function redactedValue(value: unknown, redact: Redact): unknown {
	if (typeof value === 'string') return redact(value);
	if (Array.isArray(value)) return value.map((item) => redactedValue(item, redact));
	if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactedValue(item, redact)]));
	}
	return value;
}

export function isCancellation(error: unknown): boolean {
	return isAdobeApiError(error) && error.kind === 'cancelled';
}

interface Action {
	title: string;
	run(): Thenable<unknown>;
}

/** One click after invalid_scope: the profile gets a scope list Adobe documents, and a token is asked for with it. */
function useScopes(set: ScopeSet, profile: string): Action {
	return {
		title: `Use ${set.label} scopes`,
		run: async () => {
			await vscode.commands.executeCommand(Commands.editProfile, { profile, scopes: [...set.scopes] });
			// Interactive (a name, not an object): the new token, or the next error with its own fixes, is shown.
			await vscode.commands.executeCommand(Commands.generateToken, profile);
		},
	};
}

/** The fixes for an error, most likely first; "Show Log" always last. Exported for the test API, which lists their titles. */
export function actionsFor(error: unknown, profile?: string): Action[] {
	const command = (title: string, id: string, ...args: unknown[]): Action => ({
		title,
		run: () => vscode.commands.executeCommand(id, ...args),
	});
	const actions: Action[] = [];
	if (isAdobeApiError(error)) {
		const e: AdobeApiError = error;
		const credentialProblem =
			e.code === 'invalid_client' ||
			e.code === 'invalid_scope' ||
			e.code === 'missing_credential' ||
			(e.kind === 'invalidInput' && e.service === 'ims');
		if (e.code === 'sign_in_again') actions.push(command('Sign In with Adobe', Commands.signIn));
		if (e.code === 'no_profile') {
			actions.push(command('Add Profile', Commands.addProfile), command('Import Credentials', Commands.importProfile));
		}
		const apiKeyProblem = e.code === '403000' || e.code === '403003';
		if (e.code === 'invalid_scope' && profile) actions.push(...(e.suggestedScopes ?? []).map((set) => useScopes(set, profile)));
		// The field IMS named opens at once ("Edit Client Secret"); without one, Edit Profile asks which.
		if ((credentialProblem || apiKeyProblem) && profile) {
			actions.push(
				e.field
					? command(`Edit ${FIELD_LABELS[e.field]}`, Commands.editProfile, profile, e.field)
					: command('Edit Profile', Commands.editProfile, profile),
			);
		}
		if (apiKeyProblem) actions.push(command('Check Setup', Commands.checkSetup));
		// The gateway's 403 codes (core/common/adobeAnswers.ts gatewayMessage): each has its own fix.
		if (e.code === '403011' && profile) actions.push(command('Edit Scopes', Commands.editProfile, profile));
		if (e.code === '403010') actions.push(command('Generate Token', Commands.generateToken, ...(profile ? [profile] : [])));
		if (e.code === 'unauthorized_client' || e.code === '403011') {
			actions.push({ title: 'Open Setup Guide', run: () => vscode.env.openExternal(vscode.Uri.parse(SETUP_GUIDE_URL)) });
		}
		// Firefly's x-access-error reasons and Photoshop v2's refusals (core/common/adobeAnswers.ts): the scopes are the
		// profile's to fix; entitlement and product profiles are set up in the Developer and Admin Consoles.
		if (e.code === 'invalid_ims_scope' && profile) actions.push(command('Edit Scopes', Commands.editProfile, profile));
		if (e.code === 'user_non_entitled') {
			actions.push({ title: 'Open Setup Guide', run: () => vscode.env.openExternal(vscode.Uri.parse(SETUP_GUIDE_URL)) });
		}
		if (e.code === 'user_profile_denied' || e.code === 'quota_exhausted') {
			actions.push({ title: 'Open Admin Console', run: () => vscode.env.openExternal(vscode.Uri.parse(ADMIN_CONSOLE_URL)) });
		}
		if (e.code === 'unauthorized_forbidden') actions.push(command('Check Setup', Commands.checkSetup));
		if (e.code === RETIRED_HELLO_CODE) actions.push(command('Verify Credential', Commands.verifyCredential, ...(profile ? [profile] : [])));
		if (e.code === '401013' || (e.status === 401 && e.service !== 'ims')) actions.push(command('Refresh Token', Commands.refreshToken));
		if (e.setting) actions.push(command('Open Settings', Commands.openSettings, e.setting));
		if (e.kind === 'network' || e.kind === 'timeout') actions.push(command('Check Setup', Commands.checkSetup));
	}
	actions.push(command('Show Log', Commands.showLog));
	return actions;
}

/** `profile` (a name) lets "Edit Profile" open the right one. The message is redacted: it may hold what a server sent. */
export async function showError(error: unknown, redact: Redact, profile?: string): Promise<void> {
	const actions = actionsFor(error, profile);
	const choice = await vscode.window.showErrorMessage(redact(messageOf(error)), ...actions.map((a) => a.title));
	// A fix that runs a scripted command rejects when it fails: that failure is shown like this one.
	await actions
		.find((a) => a.title === choice)
		?.run()
		.then(undefined, (failure: unknown) => showError(failure, redact, profile));
}
