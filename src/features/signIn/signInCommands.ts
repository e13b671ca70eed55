/**
 * Adobe: Sign In / Sign Out. Sign In calls the provider directly, so our own command needs no
 * consent dialog; other extensions go through vscode.authentication.getSession and VS Code's.
 * Scripted calls resolve to the account and scopes, never a token.
 */
import * as vscode from 'vscode';
import type { AdobeAuthProvider } from './authProvider';
import { invalidInput } from '../../core/common/errors';
import { formatWhen } from '../../core/common/format';
import { parseScopes } from '../../core/credentials/fields';
import { isScripted } from '../../shared/profilePick';
import type { ExtensionServices } from '../../shared/services';

/**
 * Sign In (prompt `none` first: no page at Adobe while you are signed in there) or, with
 * `anotherAccount`, Adobe's login page even then. Scripted `prompt`: "none" or "login".
 */
export async function signIn(
	provider: AdobeAuthProvider,
	args: unknown,
	anotherAccount = false,
): Promise<{ account: string; scopes: string[] } | undefined> {
	const scripted = isScripted(args);
	if (scripted && args.prompt !== undefined && args.prompt !== 'none' && args.prompt !== 'login') {
		throw invalidInput(
			'prompt: "none" (without a page at Adobe while you are signed in there) or "login" (Adobe\'s login page, to sign in as another account).',
		);
	}
	const given = scripted ? args.scopes : undefined;
	const scopes =
		typeof given === 'string'
			? parseScopes(given)
			: Array.isArray(given)
				? parseScopes(given.filter((s): s is string => typeof s === 'string'))
				: undefined;
	if (scripted && args.scopes !== undefined && !scopes?.length) {
		throw invalidInput('scopes: a comma-separated string or a list of scope names.');
	}
	const session = await provider.signIn({
		scopes,
		prompt: anotherAccount || (scripted && args.prompt === 'login') ? 'login' : 'none',
		progress: !scripted,
	});
	if (!scripted) {
		const until = formatWhen(session.expiresAt, Date.now());
		void vscode.window.showInformationMessage(
			`Signed in to Adobe as ${session.label}.${session.refreshToken ? '' : ` The sign-in lasts until ${until} (Adobe gives Single Page App credentials no refresh token); then Sign In renews it.`}`,
		);
	}
	return { account: session.label, scopes: [...session.scopes] };
}

/**
 * Sign Out: interactive, it asks first (a modal, as Remove Profile does), since signing out revokes the
 * tokens at Adobe and removes the user's profile. A script names the account, which is its decision.
 */
export async function signOut(
	provider: AdobeAuthProvider,
	args: unknown,
	services: Pick<ExtensionServices, 'confirm'>,
): Promise<{ account: string } | undefined> {
	const accounts = await provider.userAccounts();
	let account: { id: string; label: string } | undefined;
	if (isScripted(args)) {
		if (typeof args.account !== 'string') {
			throw invalidInput('account: the signed-in account (its email or name) to sign out.');
		}
		account = accounts.find((a) => a.label === args.account || a.id === args.account);
		if (!account) throw invalidInput(`No Adobe account "${args.account}" is signed in.`, { code: 'no_account' });
	} else {
		if (accounts.length === 0) {
			void vscode.window.showInformationMessage('No Adobe account is signed in.');
			return undefined;
		}
		account =
			accounts.length === 1 ? accounts[0] : await vscode.window.showQuickPick(accounts, { title: 'Sign out of which Adobe account?' });
		if (!account) return undefined;
		const yes = await services.confirm(
			`Sign out of Adobe as ${account.label}?`,
			"Adobe revokes the sign-in's tokens, its profile is removed, and the account leaves the Accounts menu. Sign In brings it back.",
			'Sign Out',
		);
		if (!yes) return undefined;
	}
	await provider.removeSession(account.id);
	if (!isScripted(args)) void vscode.window.showInformationMessage(`Signed out of Adobe as ${account.label}.`);
	return { account: account.label };
}
