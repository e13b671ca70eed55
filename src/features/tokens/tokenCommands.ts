/**
 * Adobe: Generate / Refresh / Clear / Copy Token, Copy Environment Exports, Copy cURL, Inject Token
 * in Terminals, and the status bar's Token Actions. Results name the profile and expiry, never the
 * token; copying says so and never shows the value.
 */
import * as vscode from 'vscode';
import { formatWhen } from '../../core/common/format';
import { envExports, curlCommand, tokenCurlCommand } from '../../core/credentials/snippets';
import { ProfileMeta, imsBaseUrlFor } from '../../core/credentials/profiles';
import { AdobeApiError, FIELD_LABELS, invalidInput } from '../../core/common/errors';
import { StoredToken } from '../../core/tokens/tokenManager';
import { Commands, SETTINGS_SECTION, Settings } from '../../shared/constants';
import { keyInSection } from '../../core/common/settingKeys';
import { withCancellableProgress } from '../../shared/progress';
import { injectTokenInTerminal, readNetworkSettings } from '../../shared/settings';
import { confirmPersonalToken } from '../../shared/personalToken';
import { notConfirmed } from '../../shared/confirm';
import { isScripted, profileNamed } from '../../shared/profilePick';
import { ExtensionServices } from '../../shared/services';

export interface TokenResult {
	profile: string;
	/** ISO 8601. */
	expiresAt: string;
}

function targetProfile(services: ExtensionServices, args: unknown): ProfileMeta {
	return profileNamed(services, isScripted(args) ? args.profile : typeof args === 'string' ? args : undefined);
}

/** A new token from IMS, with a cancellable progress notification. */
async function fetchWithProgress(services: ExtensionServices, profile: ProfileMeta, verb: string): Promise<StoredToken> {
	return withCancellableProgress(`Adobe: ${verb} a token for "${profile.name}"…`, (signal) =>
		services.tokens.getToken(profile.id, { forceRefresh: true, signal }),
	);
}

function result(profile: ProfileMeta, token: StoredToken): TokenResult {
	return { profile: profile.name, expiresAt: new Date(token.expiresAt).toISOString() };
}

/** "expires in 23 h 59 m, tomorrow 3:22 PM": relative and on the clock with its day, as the status bar's tooltip says it. */
function expiry(token: StoredToken): string {
	return `expires ${formatWhen(token.expiresAt, Date.now())}`;
}

export async function generateToken(
	services: ExtensionServices,
	args: unknown,
	verb: 'generating' | 'refreshing' = 'generating',
): Promise<TokenResult> {
	await services.profiles.ready();
	const profile = targetProfile(services, args);
	const token = await fetchWithProgress(services, profile, verb);
	if (!isScripted(args)) void vscode.window.showInformationMessage(`New access token for "${profile.name}": it ${expiry(token)}.`);
	return result(profile, token);
}

export async function clearToken(services: ExtensionServices, args: unknown): Promise<{ profile: string }> {
	await services.profiles.ready();
	const profile = targetProfile(services, args);
	await services.tokens.clear(profile.id);
	services.log.info(`[tokens] cleared the token of "${profile.name}"`);
	if (!isScripted(args)) {
		void vscode.window.showInformationMessage(`Cleared the access token of "${profile.name}". Its credential is kept.`);
	}
	return { profile: profile.name };
}

/** The token (a valid cached one, or a new one) to the clipboard; a signed-in user's only after a yes. */
export async function copyToken(services: ExtensionServices, args: unknown): Promise<TokenResult> {
	await services.profiles.ready();
	const profile = targetProfile(services, args);
	await confirmPersonalToken(services, profile, 'copyToken');
	const token = await services.tokens.getToken(profile.id);
	await vscode.env.clipboard.writeText(token.accessToken);
	if (!isScripted(args)) {
		void vscode.window.showInformationMessage(`Access token for "${profile.name}" copied to the clipboard (it ${expiry(token)}).`);
	}
	return result(profile, token);
}

export async function copyEnvExports(
	services: ExtensionServices,
	args: unknown,
): Promise<{ profile: string; variables: string[] } | undefined> {
	await services.profiles.ready();
	const profile = targetProfile(services, args);
	let includeSecret = isScripted(args) && args.includeSecret === true;
	if (includeSecret && profile.signedIn) throw noSecretError(profile);
	if (includeSecret) {
		const yes = await services.confirm(
			`Copy the Client Secret of "${profile.name}" to the clipboard?`,
			'A script, task or another extension asked for export lines with the secret. Anything that can read the clipboard can then read it.',
			'Copy with Secret',
		);
		if (!yes) throw notConfirmed(`The Client Secret of "${profile.name}" was not copied`);
	} else if (!isScripted(args) && !profile.signedIn) {
		// A signed-in user's profile has no secret: nothing to choose.
		const choice = await vscode.window.showQuickPick(
			[
				{ label: 'Client ID, scopes and access token', includeSecret: false },
				{ label: 'Also the Client Secret', description: 'only where the terminal is private', includeSecret: true },
			],
			{ title: `Copy export lines for "${profile.name}"` },
		);
		if (!choice) return undefined;
		includeSecret = choice.includeSecret;
	}
	// The lines carry the token: a signed-in user's is personal, whoever asked (palette or script).
	await confirmPersonalToken(services, profile, 'copyEnvExports');
	const credential = await services.profiles.credential(profile.id);
	const token = await services.tokens.getToken(profile.id);
	const { names, text } = envExports({
		apiKind: profile.apiKind,
		clientId: credential.clientId,
		scopes: profile.scopes,
		accessToken: token.accessToken,
		clientSecret: includeSecret ? credential.clientSecret : undefined,
	});
	await vscode.env.clipboard.writeText(text);
	if (!isScripted(args)) void vscode.window.showInformationMessage(`Copied export lines for ${names.join(', ')}.`);
	return { profile: profile.name, variables: names };
}

export async function copyCurl(services: ExtensionServices, args: unknown): Promise<{ profile: string } | undefined> {
	await services.profiles.ready();
	const profile = targetProfile(services, args);
	const { endpoints } = readNetworkSettings();
	if (isScripted(args) && args.call === 'token' && profile.signedIn) throw noSecretError(profile);
	// A signed-in user's token comes from the sign-in, not from a request with a secret: only the API call.
	const which = isScripted(args)
		? args.call === 'token'
			? 'token'
			: 'api'
		: profile.signedIn
			? 'api'
			: (
					await vscode.window.showQuickPick(
						[
							{ label: profile.apiKind === 'cloudStorage' ? 'List Cloud Storage projects' : 'Photoshop API hello', value: 'api' as const },
							{ label: 'Request a token from IMS', value: 'token' as const },
						],
						{ title: `Copy cURL for "${profile.name}"` },
					)
				)?.value;
	if (!which) return undefined;
	const text =
		which === 'token'
			? tokenCurlCommand(profile.apiKind, imsBaseUrlFor(profile, endpoints.ims), profile.scopes)
			: curlCommand(profile.apiKind, endpoints);
	await vscode.env.clipboard.writeText(text);
	if (!isScripted(args)) {
		const exportsNow = await vscode.window.showInformationMessage(
			'cURL copied. It reads the token and Client ID from environment variables.',
			'Copy Export Lines',
		);
		if (exportsNow) await vscode.commands.executeCommand(Commands.copyEnvExports, profile.name);
	}
	return { profile: profile.name };
}

function noSecretError(profile: ProfileMeta): AdobeApiError {
	return invalidInput(
		`"${profile.name}" is signed in with Adobe: it has no Client Secret, and its token comes from the sign-in, not from an IMS token request.`,
		{ code: 'signed_in_profile' },
	);
}

export async function toggleTerminalInjection(services: ExtensionServices, args: unknown): Promise<{ enabled: boolean }> {
	const wanted = isScripted(args) && typeof args.enabled === 'boolean' ? args.enabled : !injectTokenInTerminal();
	// A script turning it on would otherwise hand the token to every terminal (and the tasks run in them) without a word.
	if (isScripted(args) && wanted && !injectTokenInTerminal()) {
		const ok = await services.confirm(
			'Give new terminals your Adobe access token?',
			"A script or another extension asked to put the active profile's Client ID and access token into every new integrated terminal (never the secret). Anything run in those terminals can read them.",
			'Inject Token',
		);
		if (!ok) throw notConfirmed('Injecting the token into new terminals');
	}
	await vscode.workspace
		.getConfiguration(SETTINGS_SECTION)
		.update(keyInSection(Settings.injectTokenInTerminal), wanted, vscode.ConfigurationTarget.Global);
	// What new terminals will get from now on, read back rather than assumed.
	const enabled = injectTokenInTerminal();
	if (!isScripted(args)) {
		void vscode.window.showInformationMessage(
			enabled
				? "New terminals now get the active profile's Client ID and access token (not the secret). Existing terminals are unchanged."
				: 'New terminals no longer get the Adobe variables.',
		);
	}
	return { enabled };
}

/** The status bar's menu; after a failed token request, its fixes first (the field IMS refused, Check Setup). */
export async function tokenActions(services: ExtensionServices): Promise<void> {
	await services.profiles.ready();
	const profile = services.profiles.active();
	if (!profile) {
		await vscode.commands.executeCommand(Commands.addProfile);
		return;
	}
	const { token, lastError } = services.tokens.snapshot(profile.id);
	const field = lastError?.field;
	const live = token !== undefined && token.expiresAt > Date.now();
	const inject = injectTokenInTerminal();
	// `args`: what the command gets; the token commands act on this profile, the others ask or act on the active one.
	const name = [profile.name];
	const items: Array<vscode.QuickPickItem & { command?: string; args?: unknown[] }> = [
		...(field
			? [
					{
						label: `$(edit) Edit ${FIELD_LABELS[field]}…`,
						description: 'Adobe IMS refused it',
						command: Commands.editProfile,
						args: [profile.name, field],
					},
				]
			: []),
		...(lastError ? [{ label: '$(pulse) Check Setup', command: Commands.checkSetup }] : []),
		{
			label: live ? '$(refresh) Refresh Token' : '$(key) Generate Token',
			command: live ? Commands.refreshToken : Commands.generateToken,
			args: name,
		},
		...(live ? [{ label: '$(copy) Copy Token', command: Commands.copyToken, args: name }] : []),
		{ label: '$(terminal) Copy Environment Exports', command: Commands.copyEnvExports, args: name },
		{ label: '$(code) Copy cURL', command: Commands.copyCurl, args: name },
		{ label: `$(terminal-bash) ${inject ? 'Stop Injecting' : 'Inject'} Token in New Terminals`, command: Commands.injectTokenInTerminal },
		...(token ? [{ label: '$(trash) Clear Token', command: Commands.clearToken, args: name }] : []),
		{ label: '', kind: vscode.QuickPickItemKind.Separator },
		{ label: '$(account) Switch Profile…', command: Commands.selectProfile },
		{ label: '$(add) Add Profile…', command: Commands.addProfile },
		{ label: '$(edit) Edit Profile…', command: Commands.editProfile },
		{ label: '$(output) Show Log', command: Commands.showLog },
		{ label: '$(gear) Settings', command: Commands.openSettings },
	];
	const picked = await vscode.window.showQuickPick(items, {
		title: `Adobe token · ${profile.name}`,
		placeHolder: token
			? `Token ${live ? 'expires' : 'expired'} ${formatWhen(token.expiresAt, Date.now())}`
			: lastError
				? `No token: ${services.log.redact(lastError.message)}`
				: 'No token yet',
	});
	if (!picked?.command) return;
	await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
}
