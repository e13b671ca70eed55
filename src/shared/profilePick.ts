/** Finding the profile a command acts on: named in its arguments, picked by the user, or the active one. */
import * as vscode from 'vscode';
import { API_KINDS } from '../core/credentials/apiKinds';
import { tokenSummary } from '../core/tokens/countdown';
import { AdobeApiError, invalidInput } from '../core/common/errors';
import { ProfileMeta } from '../core/credentials/profiles';
import { isBrandedNode } from './nodeBrand';
import { ExtensionServices } from './services';

/** A plain object argument (not a clicked tree node): the command was scripted and must not prompt. */
export function isScripted(args: unknown): args is Record<string, unknown> {
	return typeof args === 'object' && args !== null && Object.getPrototypeOf(args) === Object.prototype && !isBrandedNode(args);
}

export function noProfileError(): AdobeApiError {
	return invalidInput('No Adobe profile yet. Add one with "Adobe: Add Profile", or import a Developer Console credential file.', {
		code: 'no_profile',
	});
}

/** The named profile, or the active one when no name is given. */
export function profileNamed(services: ExtensionServices, name: unknown): ProfileMeta {
	if (name !== undefined && typeof name !== 'string') throw invalidInput('profile: must be a profile name.');
	if (name) {
		const found = services.profiles.find(name);
		if (!found) throw invalidInput(`There is no Adobe profile named "${name}".`, { code: 'no_profile' });
		return found;
	}
	const active = services.profiles.active();
	if (!active) throw noProfileError();
	return active;
}

/** Asks which profile (the active one preselected at the top); undefined when dismissed. */
export async function pickProfile(services: ExtensionServices, title: string): Promise<ProfileMeta | undefined> {
	const profiles = services.profiles.list();
	if (profiles.length === 0) throw noProfileError();
	const active = services.profiles.active();
	const items = [...profiles]
		.sort((a, b) => (a.id === active?.id ? -1 : b.id === active?.id ? 1 : a.name.localeCompare(b.name)))
		.map((profile) => {
			const token = services.tokens.snapshot(profile.id).token;
			const live = token !== undefined && token.expiresAt > Date.now();
			return {
				label: profile.name,
				description: `${API_KINDS[profile.apiKind].label}${profile.id === active?.id ? ' · active' : ''}`,
				detail: `${live ? '$(key)' : token ? '$(warning)' : '$(circle-slash)'} ${token ? 'token ' : ''}${tokenSummary(token, Date.now())}`,
				profile,
			};
		});
	const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Choose a profile', matchOnDescription: true });
	return picked?.profile;
}
