/**
 * Builds the API activate() hands to other extensions (its contract is src/api.ts), on its first use
 * (features/publicApi/index.ts). A thin layer
 * over the profile store and the token manager, so callers share the commands' cache, single-flight
 * fetch and refresh schedule. What it hands out is a token and a profile's name, kind, Client ID
 * and scopes: never a Client Secret, and rejections pass the log's redactor like every scripted
 * command's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AdobeApiToolkit, ProfileSummary, TokenChange } from '../../api';
import { EXTENSION_ID } from '../../shared/constants';
import { noProfileError } from '../../shared/profilePick';
import type { ExtensionServices } from '../../shared/services';
import { invalidInput } from '../../core/common/errors';
import type { ProfileMeta } from '../../core/credentials/profiles';
import type { StoredToken } from '../../core/tokens/tokenManager';
import { redactedError } from '../../shared/errorUi';

/** How much of an unknown profile name a rejection quotes. */
const QUOTED_NAME_MAX = 80;

export function createPublicApi(services: ExtensionServices, subscriptions: vscode.Disposable[]): AdobeApiToolkit {
	const { profiles, tokens, log } = services;
	const changed = new vscode.EventEmitter<TokenChange>();
	/** The token each profile had when listeners last heard of it: the manager also fires for fetch starts and schedules. */
	const announced = new Map<string, StoredToken>();
	/** Storage reads under way (see cachedToken), one per profile. */
	const loads = new Map<string, Promise<void>>();
	/** Tokens already logged as handed out, so 50 callers make one log line. */
	const handedOut = new WeakSet<StoredToken>();
	/** getAccessToken requests not logged yet, per profile and caller hint: a burst of them is one line with its count. */
	const asked = new Map<string, { profile: string; hint: string | undefined; count: number }>();
	const logRequest = (profile: string, hint: string | undefined) => {
		const key = JSON.stringify([profile, hint]);
		const entry = asked.get(key);
		if (entry) {
			entry.count++;
			return;
		}
		asked.set(key, { profile, hint, count: 1 });
		setImmediate(() => {
			const burst = asked.get(key);
			asked.delete(key);
			if (!burst) return;
			const from = burst.hint
				? `its call came from the code of extension "${burst.hint}", as the call stack says (a hint, not proof)`
				: 'VS Code does not say which extension';
			log.info(
				`[api] an extension asked for the token of "${burst.profile}"${burst.count > 1 ? ` (${burst.count} requests)` : ''}: ${from}`,
			);
		});
	};
	let activeId = profiles.active()?.id;
	// Made on first use (features/publicApi/index.ts), not at activation: the tokens held now count as heard of,
	// as they would have been had this listened from the start.
	for (const profile of profiles.list()) {
		const token = tokens.snapshot(profile.id).token;
		if (token) announced.set(profile.id, token);
	}

	const announce = (profileId: string) => {
		const name = profiles.find(profileId)?.name;
		if (name !== undefined) changed.fire({ profile: name });
	};

	subscriptions.push(
		changed,
		{
			dispose: tokens.onDidChange((profileId) => {
				const token = tokens.snapshot(profileId).token;
				if (token === announced.get(profileId)) return;
				if (token) announced.set(profileId, token);
				else announced.delete(profileId);
				announce(profileId);
			}),
		},
		profiles.onDidChange(() => {
			const active = profiles.active()?.id;
			if (active === activeId) return;
			activeId = active;
			if (active !== undefined) announce(active);
		}),
	);

	/**
	 * Stored tokens are read in the background (after activation, after another window stored
	 * one): with none in memory, read storage before asking IMS for a token the profile may have.
	 * One read for every concurrent caller.
	 */
	const cachedToken = async (profileId: string) => {
		const snapshot = tokens.snapshot(profileId);
		if (snapshot.token || snapshot.fetching) return;
		let loading = loads.get(profileId);
		if (!loading) {
			loading = tokens
				.load(profileId)
				.catch(() => undefined) // unreadable: getToken asks IMS
				.finally(() => loads.delete(profileId));
			loads.set(profileId, loading);
		}
		await loading;
	};

	const profileNamed = (name: unknown): ProfileMeta => {
		if (name === undefined || name === null) {
			const active = profiles.active();
			if (!active) throw noProfileError();
			return active;
		}
		if (typeof name !== 'string' || name.trim() === '') {
			throw invalidInput('getAccessToken: profileName must be the name of a profile, or left out for the active profile.');
		}
		const found = profiles.find(name);
		if (found) return found;
		const quoted = name.length > QUOTED_NAME_MAX ? `${name.slice(0, QUOTED_NAME_MAX)}…` : name;
		const existing = profiles.list().map((profile) => `"${profile.name}"`);
		const known = existing.length ? `The profiles are ${existing.join(', ')}.` : 'There are no profiles yet.';
		throw invalidInput(`There is no Adobe profile named "${quoted}". ${known}`, { code: 'no_profile' });
	};

	return {
		apiVersion: 1,
		async listProfiles(): Promise<ProfileSummary[]> {
			await profiles.ready();
			const active = profiles.active()?.id;
			return Promise.all(
				profiles.list().map(async (profile) => {
					const clientId = (await profiles.credential(profile.id).catch(() => undefined))?.clientId;
					return {
						name: profile.name,
						apiKind: profile.apiKind,
						...(clientId === undefined ? {} : { clientId }),
						scopes: [...profile.scopes],
						active: profile.id === active,
					};
				}),
			);
		},
		async getAccessToken(profileName?: string): Promise<string> {
			// Read before the first await, while the caller's frames are still on the stack.
			const hint = callerFromStack(new Error().stack);
			try {
				await profiles.ready();
				const profile = profileNamed(profileName);
				logRequest(profile.name, hint);
				if (profile.signedIn) {
					throw invalidInput(
						`"${profile.name}" is a user signed in with Adobe; an extension gets a user's token only with the user's consent: ask VS Code for it with vscode.authentication.getSession('adobe-ims', scopes).`,
						{ code: 'user_session' },
					);
				}
				await cachedToken(profile.id);
				const token = await tokens.getToken(profile.id);
				if (!handedOut.has(token)) {
					handedOut.add(token);
					log.info(`[api] handed the token of "${profile.name}" (expires ${new Date(token.expiresAt).toISOString()}) to another extension`);
				}
				return token.accessToken;
			} catch (error) {
				throw redactedError(error, log.redact);
			}
		},
		onDidChangeToken: changed.event,
	};
}

/**
 * The extension whose code called us, from the first stack frame in another extension's folder.
 * VS Code's API does not name the caller of an exported function, and nothing can prove it: code
 * can run through another extension's or a library's functions, and can name its own frames as it
 * likes (a `sourceURL` comment). So this is only logged, as a hint; nothing is decided on it.
 */
function callerFromStack(stack: string | undefined): string | undefined {
	if (!stack) return undefined;
	// Stack frames name modules by their real path; an extension's folder may be a link (development installs).
	const others = vscode.extensions.all
		.filter((extension) => extension.id !== EXTENSION_ID && extension.extensionPath)
		.map((extension) => ({ id: extension.id, folders: extensionFolders(extension.extensionPath) }));
	for (const line of stack.split('\n').slice(1, 20)) {
		const found = others.find((extension) => extension.folders.some((folder) => line.includes(folder)));
		if (found) return found.id;
	}
	return undefined;
}

const realFolders = new Map<string, string[]>();
/** An extension's folder as installed and as its real path, each ending in a separator so a sibling `foo-bar` is not `foo`. */
function extensionFolders(extensionPath: string): string[] {
	let folders = realFolders.get(extensionPath);
	if (!folders) {
		let real = extensionPath;
		try {
			real = fs.realpathSync(extensionPath);
		} catch {
			// Unreadable: the path as VS Code gave it.
		}
		folders = [...new Set([extensionPath, real])].map((folder) => folder + path.sep);
		realFolders.set(extensionPath, folders);
	}
	return folders;
}
