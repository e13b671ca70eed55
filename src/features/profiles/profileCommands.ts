/**
 * Adobe: Add / Import / Edit / Remove / Select Profile. Each takes one argument object instead of
 * prompting (see docs/scripting.md); results never contain a secret.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { API_KINDS, ApiKind } from '../../core/credentials/apiKinds';
import { validateClientId, validateClientSecret, validateScopes } from '../../core/credentials/fields';
import { PRODUCTION_ENDPOINTS, STAGE_IMS_URL } from '../../core/common/endpoints';
import { AdobeApiError, CredentialField, FIELD_LABELS, isAdobeApiError, invalidInput } from '../../core/common/errors';
import type { ImportedCredential } from '../../core/credentials/importCredentials';
import { importPickDescription } from '../../core/credentials/importPick';
import {
	NewProfileArgs,
	ProfileMeta,
	normalizeNewProfile,
	normalizeProfileEdit,
	unapprovedImsHost,
	uniqueProfileName,
	validateProfileName,
} from '../../core/credentials/profiles';
import { Commands } from '../../shared/constants';
import { isBrandedNode } from '../../shared/nodeBrand';
import { readNetworkSettings } from '../../shared/settings';
import { notConfirmed } from '../../shared/confirm';
import { askForCurl } from '../../shared/curlInput';
import { dialogDefaultUri, rememberDialogFolder } from '../../shared/dialogFolders';
import { isScripted, noProfileError, pickProfile, profileNamed } from '../../shared/profilePick';
import { ExtensionServices } from '../../shared/services';

const TOTAL_STEPS = 5;

async function ask(options: vscode.InputBoxOptions): Promise<string | undefined> {
	return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
}

/** `likely`: the kinds the credential's scopes fit (guessApiKind's candidates), listed first; `why` says so in the placeholder. */
async function askApiKind(
	title: string,
	current?: ApiKind,
	likely?: { candidates: readonly ApiKind[]; why: string },
): Promise<ApiKind | undefined> {
	const kinds = Object.keys(API_KINDS) as ApiKind[];
	const ordered = likely ? [...likely.candidates, ...kinds.filter((k) => !likely.candidates.includes(k))] : kinds;
	const items = ordered.map((kind) => ({
		label: API_KINDS[kind].label,
		description:
			kind === current ? 'current' : likely?.candidates.includes(kind) ? 'fits the scopes' : API_KINDS[kind].defaultScopes.join(','),
		apiKind: kind,
	}));
	const placeHolder = likely ? `Which Adobe API is this credential for? ${likely.why}.` : 'Which Adobe API is this credential for?';
	return (await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true }))?.apiKind;
}

export async function addProfile(services: ExtensionServices, args: unknown): Promise<{ name: string; active?: string } | undefined> {
	await services.profiles.ready();
	const names = services.profiles.list().map((p) => p.name);
	let input: NewProfileArgs;
	if (isScripted(args)) {
		input = args;
	} else {
		const title = (step: number) => `Add Adobe Profile (${step}/${TOTAL_STEPS})`;
		const name = await ask({
			title: title(1),
			prompt: 'A name for this credential profile',
			placeHolder: 'Photoshop dev',
			validateInput: (v) => validateProfileName(v, names),
		});
		if (name === undefined) return undefined;
		const apiKind = await askApiKind(title(2));
		if (!apiKind) return undefined;
		const clientId = await ask({
			title: title(3),
			prompt: 'Client ID (API key) from the Developer Console credential',
			validateInput: validateClientId,
		});
		if (clientId === undefined) return undefined;
		const clientSecret = await ask({
			title: title(4),
			prompt: 'Client Secret ("Retrieve client secret" in the Developer Console)',
			password: true,
			validateInput: validateClientSecret,
		});
		if (clientSecret === undefined) return undefined;
		const scopes = await ask({
			title: title(5),
			prompt: 'Scopes, comma-separated (as listed on the credential)',
			value: API_KINDS[apiKind].defaultScopes.join(','),
			validateInput: validateScopes,
		});
		if (scopes === undefined) return undefined;
		input = { name, apiKind, clientId, clientSecret, scopes };
	}
	const { clientId, clientSecret, ...meta } = normalizeNewProfile(input, names);
	services.log.addSecret(clientSecret);
	await confirmImsHost(services, meta.name, meta);
	const profile = await services.profiles.add(meta, { clientId, clientSecret });
	if (!isScripted(args)) announceAdded(services, `Profile "${profile.name}" added`, [profile]);
	return { name: profile.name, active: activeName(services) };
}

/** The active profile's name, which results carry so that a script knows what the status bar and the explorer use. */
function activeName(services: ExtensionServices): string | undefined {
	return services.profiles.active()?.name;
}

/**
 * Says which profile is active after `added` were stored (the first profile ever becomes active by
 * itself; a later one does not, so the status bar and the explorer stay on the one the user chose),
 * and offers the next step: the token of the active new profile, or to make the new one active.
 */
function announceAdded(services: ExtensionServices, what: string, added: readonly ProfileMeta[]): void {
	const active = services.profiles.active();
	const activeAdded = added.find((p) => p.id === active?.id);
	const one = added.length === 1 ? added[0] : undefined;
	const message = activeAdded
		? `${what}. ${one ? 'It' : `"${activeAdded.name}"`} is the active profile.`
		: `${what}. "${active?.name}" is still the active profile.`;
	const actions = activeAdded ? [GENERATE_TOKEN] : one ? [MAKE_ACTIVE, GENERATE_TOKEN] : [SELECT_PROFILE];
	void vscode.window.showInformationMessage(message, ...actions).then((choice) => {
		const target = activeAdded ?? one;
		if (choice === GENERATE_TOKEN && target) void vscode.commands.executeCommand(Commands.generateToken, target.name);
		else if (choice === MAKE_ACTIVE && one) void vscode.commands.executeCommand(Commands.selectProfile, one.name);
		else if (choice === SELECT_PROFILE) void vscode.commands.executeCommand(Commands.selectProfile);
	});
}

const GENERATE_TOKEN = 'Generate Token';
const MAKE_ACTIVE = 'Make Active';
const SELECT_PROFILE = 'Select Profile…';

/** The file's text; a file too big to be a credential file is refused before it is read. */
async function readCredentialFile(services: ExtensionServices, uri: vscode.Uri, fileName: string): Promise<string> {
	const unreadable = () => invalidInput(`Could not read ${fileName}. Check that the file exists and is readable.`);
	const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => Promise.reject(unreadable()));
	// Reading a huge file (the wrong one picked) would block the extension host while it loads.
	services.clients.network().checkImportSize(fileName, stat.size);
	return new TextDecoder().decode(await Promise.resolve(vscode.workspace.fs.readFile(uri)).catch(() => Promise.reject(unreadable())));
}

export interface ImportResult {
	names: string[];
	skipped: string[];
	/** The active profile afterwards: one of `names` when the import added the first profile. */
	active?: string;
}

/** Imports every credential in a Developer Console JSON or .env file; all or nothing. */
export async function importProfile(services: ExtensionServices, args: unknown): Promise<ImportResult | undefined> {
	await services.profiles.ready();
	const scripted = isScripted(args);
	if (scripted && typeof args.content === 'string') {
		return importText(services, typeof args.fileName === 'string' ? args.fileName : 'credentials', args.content, args);
	}
	let uri: vscode.Uri | undefined;
	if (scripted && typeof args.path === 'string') uri = vscode.Uri.file(args.path);
	else if (args instanceof vscode.Uri) uri = args;
	else {
		const picked = await vscode.window.showOpenDialog({
			title: 'Import Adobe Credentials',
			openLabel: 'Import',
			canSelectMany: false,
			filters: { 'Developer Console JSON or .env': ['json', 'env'], 'All files': ['*'] },
			// The folder last chosen here, else the workspace: not the folder of the active editor (a preview's temp folder).
			defaultUri: dialogDefaultUri(services, 'importCredentials'),
		});
		uri = picked?.[0];
		if (uri) await rememberDialogFolder(services, 'importCredentials', uri);
	}
	if (!uri) return undefined;
	const fileName = path.basename(uri.fsPath || uri.path);
	return importText(services, fileName, await readCredentialFile(services, uri, fileName), scripted ? args : undefined);
}

/**
 * Imports the credential in the token request the Developer Console shows under "View cURL command".
 * Interactive: a password box to paste it into, shown at once; the clipboard fills it when it holds a
 * curl command (as the box opens on the desktop, with its button in a browser: shared/curlInput.ts).
 * Scripted: `{ content, name?, apiKind? }`, resolving like Import Credentials.
 */
export async function importCurl(services: ExtensionServices, args: unknown): Promise<ImportResult | undefined> {
	await services.profiles.ready();
	if (isScripted(args)) {
		if (typeof args.content !== 'string') {
			throw invalidInput('Import cURL: "content" must be the text of the cURL command.');
		}
		return importText(services, PASTED_CURL, args.content, args);
	}
	const network = services.clients.network();
	const command = await askForCurl({
		title: 'Import Credential from cURL Command',
		prompt:
			"Paste the command from the credential's page in the Developer Console (Generate access token → View cURL command). It is read, not run.",
		placeHolder: "curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' …",
		looksLikeCurl: (text) => network.looksLikeCurl(text),
	});
	if (!command) return undefined;
	return importText(services, PASTED_CURL, command, undefined);
}

const PASTED_CURL = 'The pasted cURL command';

/** Parses `text`, asks what is missing (interactive), checks every profile, then stores them all or none. */
async function importText(
	services: ExtensionServices,
	fileName: string,
	text: string,
	scriptArgs: Record<string, unknown> | undefined,
): Promise<ImportResult | undefined> {
	const scripted = scriptArgs !== undefined;
	const parsed = services.clients.network().parseCredentialFile(fileName, text);
	let found: ImportedCredential[] = parsed.credentials;
	for (const credential of found) {
		services.log.addSecret(credential.clientSecret);
	}
	if (!scripted && found.length > 1) {
		const picked = await vscode.window.showQuickPick(
			found.map((c) => ({
				label: c.suggestedName,
				description: importPickDescription(c),
				picked: true,
				credential: c,
			})),
			{ title: `Import from ${fileName}`, canPickMany: true, placeHolder: 'Which credentials?' },
		);
		if (!picked || picked.length === 0) return undefined;
		found = picked.map((p) => p.credential);
	}

	// Build and check every profile before storing any: nothing is half-imported.
	const names = services.profiles.list().map((p) => p.name);
	const prepared = [];
	for (const credential of found) {
		// Scopes several APIs use (firefly_api, ff_apis) are asked about, and a script must say: nothing is picked for the user.
		const ambiguous = credential.ambiguousApiKind;
		if (scripted && ambiguous && credential.apiKind === undefined && scriptArgs.apiKind === undefined) {
			throw invalidInput(
				`${fileName}, credential "${credential.suggestedName}": ${ambiguous.why}, so they do not say which API it is for. Pass "apiKind" (${ambiguous.candidates.map((k) => `"${k}"`).join(' or ')}).`,
			);
		}
		let apiKind: unknown = credential.apiKind ?? (scripted ? (scriptArgs.apiKind ?? 'custom') : undefined);
		if (apiKind === undefined) {
			apiKind = await askApiKind(`Import "${credential.suggestedName}": which API?`, undefined, ambiguous);
			if (apiKind === undefined) return undefined;
		}
		const requested =
			scripted && typeof scriptArgs.name === 'string' && found.length === 1
				? scriptArgs.name
				: uniqueProfileName(credential.suggestedName, names);
		let profile;
		try {
			const ims = credential.imsOrigin ? imsOfOrigin(credential.imsOrigin) : {};
			profile = normalizeNewProfile(
				{
					name: requested,
					apiKind,
					clientId: credential.clientId,
					clientSecret: credential.clientSecret,
					scopes: credential.scopes,
					...ims,
				},
				names,
			);
		} catch (error) {
			if (!isAdobeApiError(error)) throw error;
			throw new AdobeApiError(`${fileName}, credential "${credential.suggestedName}": ${error.message}`, {
				kind: error.kind,
				code: error.code,
			});
		}
		await confirmImsHost(services, profile.name, profile);
		names.push(profile.name);
		prepared.push(profile);
	}
	const added = await services.profiles.addMany(
		prepared.map(({ clientId, clientSecret, ...meta }) => ({ meta, credential: { clientId, clientSecret } })),
	);
	const imported = added.map((p) => p.name);
	services.log.info(`[profiles] imported ${imported.length} profile(s) from ${fileName}`);
	for (const note of parsed.skipped) services.log.info(`[profiles] not imported: ${note}`);
	if (!scripted) {
		const skippedNote = parsed.skipped.length > 0 ? ` (${parsed.skipped.length} other variable(s) not imported; see the log)` : '';
		const from = fileName === PASTED_CURL ? 'the cURL command' : fileName;
		announceAdded(services, `Imported ${imported.map((n) => `"${n}"`).join(', ')} from ${from}${skippedNote}`, added);
	}
	return { names: imported, skipped: parsed.skipped, active: activeName(services) };
}

/**
 * The IMS environment of a pasted command's URL: Adobe's production IMS and the user's own
 * adobeApi.imsBaseUrl are "production" (the setting decides where that is), Adobe's stage IMS is
 * "stage", anything else a custom IMS the user is asked about before its secret is stored.
 */
function imsOfOrigin(origin: string): Pick<NewProfileArgs, 'imsEnvironment' | 'imsBaseUrl'> {
	const configured = configuredIms();
	if ([PRODUCTION_ENDPOINTS.ims, configured].some((url) => new URL(url).origin === origin)) return { imsEnvironment: 'production' };
	if (new URL(STAGE_IMS_URL).origin === origin) return { imsEnvironment: 'stage' };
	return { imsEnvironment: 'custom', imsBaseUrl: origin };
}

/**
 * The user's adobeApi.imsBaseUrl, or Adobe's production IMS when it is unset or broken: a broken
 * setting approves nothing extra, and Adobe's own IMS still needs no question.
 */
function configuredIms(): string {
	try {
		return readNetworkSettings().endpoints.ims;
	} catch {
		return PRODUCTION_ENDPOINTS.ims;
	}
}

/**
 * A profile's token requests carry its client secret to its IMS. Unless that is Adobe's IMS or the
 * user's own adobeApi.imsBaseUrl, the user confirms the host first, however the command was run.
 */
async function confirmImsHost(
	services: ExtensionServices,
	profileName: string,
	ims: Pick<ProfileMeta, 'imsEnvironment' | 'imsBaseUrl'>,
): Promise<void> {
	const host = unapprovedImsHost(ims, configuredIms());
	if (!host) return;
	const yes = await services.confirm(
		`Send the Client Secret of "${profileName}" to ${host}?`,
		`${host} is not Adobe's IMS and not your adobeApi.imsBaseUrl setting. Every token request for this profile will send its Client ID and Client Secret there. Continue only if you set this up yourself.`,
		`Use ${host}`,
	);
	if (!yes) throw notConfirmed(`imsBaseUrl: profile "${profileName}" was not saved with IMS at ${host}`);
}

/**
 * Interactive: `args` is a profile's name or a clicked tree node, and `field` the field to open at
 * once (what an error's fix names: "Edit Client Secret"). Without one, a tree node opens the field
 * the profile's last token request was refused for, and otherwise the user picks, that field first.
 */
export async function editProfile(services: ExtensionServices, args: unknown, field?: unknown): Promise<{ name: string } | undefined> {
	await services.profiles.ready();
	const names = services.profiles.list().map((p) => p.name);
	let profile: ProfileMeta;
	let changes: NewProfileArgs;
	if (isScripted(args)) {
		profile = profileNamed(services, args.profile);
		refuseSignedIn(profile);
		changes = { ...args };
		delete (changes as Record<string, unknown>).profile;
	} else {
		const picked = isBrandedNode(args)
			? args.profile
			: typeof args === 'string'
				? profileNamed(services, args)
				: await pickProfile(services, 'Edit Adobe Profile');
		if (!picked) return undefined;
		profile = picked;
		refuseSignedIn(profile);
		const refused = services.tokens.snapshot(profile.id).lastError?.field;
		const key = isEditField(field) ? field : isBrandedNode(args) ? refused : undefined;
		const chosen = key ?? (await pickField(profile, refused));
		if (!chosen) return undefined;
		const value = await askField(profile, chosen, names);
		if (value === undefined) return undefined;
		changes = { [chosen]: value };
	}
	const { meta, credential } = normalizeProfileEdit(profile, changes, names);
	if (credential.clientSecret) services.log.addSecret(credential.clientSecret);
	if (meta.imsEnvironment !== profile.imsEnvironment || meta.imsBaseUrl !== profile.imsBaseUrl) {
		await confirmImsHost(services, meta.name, meta);
	}
	await services.profiles.update(meta, credential);
	// A new secret, id, scope set or IMS makes the old token the wrong one.
	const credentialsChanged =
		credential.clientId !== undefined ||
		credential.clientSecret !== undefined ||
		meta.scopes.join() !== profile.scopes.join() ||
		meta.imsEnvironment !== profile.imsEnvironment ||
		meta.imsBaseUrl !== profile.imsBaseUrl;
	if (credentialsChanged) await services.tokens.clear(profile.id);
	if (!isScripted(args)) {
		// The next step after fixing a credential is a token with it: one click, as the toast says.
		void vscode.window
			.showInformationMessage(
				`Profile "${meta.name}" updated${credentialsChanged ? '; generate a new token to use the change' : ''}.`,
				...(credentialsChanged ? ['Generate Token'] : []),
			)
			.then((choice) => choice && vscode.commands.executeCommand(Commands.generateToken, meta.name));
	}
	return { name: meta.name };
}

type EditField = 'name' | 'apiKind' | CredentialField;

function isEditField(value: unknown): value is EditField {
	return typeof value === 'string' && ['name', 'apiKind', 'clientId', 'clientSecret', 'scopes'].includes(value);
}

/** Which field to change; the one IMS refused, if any, first and saying so. */
async function pickField(profile: ProfileMeta, refused: CredentialField | undefined): Promise<EditField | undefined> {
	const items: Array<vscode.QuickPickItem & { key: EditField }> = [
		{ label: 'Name', description: profile.name, key: 'name' },
		{ label: 'API kind', description: API_KINDS[profile.apiKind].label, key: 'apiKind' },
		{ label: FIELD_LABELS.clientId, description: 'stored in secret storage', key: 'clientId' },
		{ label: FIELD_LABELS.clientSecret, description: 'stored in secret storage', key: 'clientSecret' },
		{ label: FIELD_LABELS.scopes, description: profile.scopes.join(','), key: 'scopes' },
	];
	const first = items.find((item) => item.key === refused);
	if (first) first.detail = '$(error) Adobe IMS refused it at the last token request';
	const ordered = first ? [first, ...items.filter((item) => item !== first)] : items;
	return (await vscode.window.showQuickPick(ordered, { title: `Edit "${profile.name}"`, placeHolder: 'What do you want to change?' }))?.key;
}

/** The field's own input: a picker for the API kind, a password box for the secret. */
async function askField(profile: ProfileMeta, field: EditField, names: string[]): Promise<string | undefined> {
	switch (field) {
		case 'apiKind':
			return askApiKind(`Edit "${profile.name}": API kind`, profile.apiKind);
		case 'name':
			return ask({
				title: `Rename "${profile.name}"`,
				value: profile.name,
				validateInput: (v) => validateProfileName(v, names, profile.name),
			});
		case 'clientId':
			return ask({ title: `"${profile.name}": new Client ID`, validateInput: validateClientId });
		case 'clientSecret':
			return ask({
				title: `"${profile.name}": new Client Secret`,
				prompt: 'Client Secret ("Retrieve client secret" in the Developer Console)',
				password: true,
				validateInput: validateClientSecret,
			});
		case 'scopes':
			return ask({ title: `"${profile.name}": scopes`, value: profile.scopes.join(','), validateInput: validateScopes });
	}
}

/** A signed-in user's profile mirrors the sign-in: its fields are not the user's to edit. */
function refuseSignedIn(profile: ProfileMeta): void {
	if (!profile.signedIn) return;
	throw invalidInput(
		`"${profile.name}" is signed in with Adobe: its Client ID, scopes and token come from the sign-in, so it cannot be edited. To change them, sign out (Adobe: Sign Out, or Remove Profile) and sign in again.`,
		{ code: 'signed_in_profile' },
	);
}

/**
 * Removes a profile. A signed-in user's profile is that user's sign-in: removing it signs out
 * (`auth.removeSession`, the auth provider's), which revokes the tokens at Adobe and takes the
 * account out of the Accounts menu; deleting only the profile would leave the session refreshing.
 */
export async function removeProfile(
	services: ExtensionServices,
	args: unknown,
	auth: { removeSession(sessionId: string): Promise<void> },
): Promise<{ name: string } | undefined> {
	await services.profiles.ready();
	let profile: ProfileMeta | undefined;
	if (isScripted(args)) profile = profileNamed(services, args.profile);
	else {
		profile = typeof args === 'string' ? profileNamed(services, args) : await pickProfile(services, 'Remove Adobe Profile');
		if (!profile) return undefined;
		const yes = profile.signedIn
			? await services.confirm(
					`Sign out of Adobe as "${profile.name}"?`,
					'This profile is your Adobe sign-in. Removing it signs you out: Adobe revokes its tokens and the account leaves the Accounts menu.',
					'Sign Out and Remove',
				)
			: await services.confirm(
					`Remove profile "${profile.name}"?`,
					"Its Client ID, Client Secret and access token are deleted from VS Code's secret storage on this machine. The credential in the Adobe Developer Console is not affected.",
					'Remove',
				);
		if (!yes) return undefined;
	}
	if (profile.signedIn) {
		await auth.removeSession(profile.signedIn.sessionId);
		services.log.info(`[profiles] removed "${profile.name}" by signing out`);
		return { name: profile.name };
	}
	await services.tokens.clear(profile.id);
	await services.profiles.remove(profile.id);
	services.log.info(`[profiles] removed "${profile.name}"`);
	return { name: profile.name };
}

export async function selectProfile(services: ExtensionServices, args: unknown): Promise<{ name: string } | undefined> {
	await services.profiles.ready();
	const profile = isScripted(args)
		? profileNamed(services, args.profile)
		: typeof args === 'string'
			? profileNamed(services, args)
			: await pickProfile(services, 'Select the Active Adobe Profile');
	if (!profile) return undefined;
	if (services.profiles.list().length === 0) throw noProfileError();
	await services.profiles.setActive(profile.id);
	services.log.info(`[profiles] active profile: "${profile.name}"`);
	return { name: profile.name };
}
