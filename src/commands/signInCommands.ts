/**
 * Adobe: Sign In / Sign Out. Sign In calls the provider directly, so our own command needs no
 * consent dialog; other extensions go through vscode.authentication.getSession and VS Code's.
 * Scripted calls resolve to the account and scopes, never a token.
 */
import * as vscode from 'vscode';
import type { AdobeAuthProvider } from '../auth/adobeAuthProvider';
import { AdobeApiError } from '../core/errors';
import { parseScopes } from '../core/credentials';
import { isScripted } from './profilePick';

export async function signIn(provider: AdobeAuthProvider, args: unknown): Promise<{ account: string; scopes: string[] } | undefined> {
	const scripted = isScripted(args);
	if (scripted && args.prompt !== undefined && args.prompt !== 'none') throw new AdobeApiError('prompt: only "none" (try without a page at Adobe first).', { kind: 'invalidInput' });
	const given = scripted ? args.scopes : undefined;
	const scopes = typeof given === 'string' ? parseScopes(given) : Array.isArray(given) ? parseScopes(given.filter((s): s is string => typeof s === 'string')) : undefined;
	if (scripted && args.scopes !== undefined && !scopes?.length) throw new AdobeApiError('scopes: a comma-separated string or a list of scope names.', { kind: 'invalidInput' });
	const session = await provider.signIn({
		scopes,
		prompt: scripted && args.prompt === 'none' ? 'none' : undefined,
		progress: !scripted,
	});
	if (!scripted) {
		void vscode.window.showInformationMessage(`Signed in to Adobe as ${session.label}.${session.refreshToken ? '' : ' Adobe gave no refresh token: you will be asked to sign in again when the session ends.'}`);
	}
	return { account: session.label, scopes: [...session.scopes] };
}

export async function signOut(provider: AdobeAuthProvider, args: unknown): Promise<{ account: string } | undefined> {
	const accounts = await provider.userAccounts();
	let account: { id: string; label: string } | undefined;
	if (isScripted(args)) {
		if (typeof args.account !== 'string') throw new AdobeApiError('account: the signed-in account (its email or name) to sign out.', { kind: 'invalidInput' });
		account = accounts.find((a) => a.label === args.account || a.id === args.account);
		if (!account) throw new AdobeApiError(`No Adobe account "${args.account}" is signed in.`, { kind: 'invalidInput', code: 'no_account' });
	} else {
		if (accounts.length === 0) {
			void vscode.window.showInformationMessage('No Adobe account is signed in.');
			return undefined;
		}
		account = accounts.length === 1 ? accounts[0] : await vscode.window.showQuickPick(accounts, { title: 'Sign out of which Adobe account?' });
		if (!account) return undefined;
	}
	await provider.removeSession(account.id);
	if (!isScripted(args)) void vscode.window.showInformationMessage(`Signed out of Adobe as ${account.label}.`);
	return { account: account.label };
}
