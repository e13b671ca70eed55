/**
 * The API that Adobe API Toolkit's activate() returns to other extensions. This file is the whole
 * contract and imports nothing at run time, so another extension can copy it as it is (docs/api.md
 * shows it too, and a test keeps the two equal). Members are only ever added under apiVersion 1;
 * a change that could break a caller comes with a new apiVersion.
 */
import type * as vscode from 'vscode';

/** The kinds of Adobe API a profile can be for. */
export type AdobeApiKind = 'cloudStorage' | 'photoshop' | 'firefly' | 'contentAuthenticity' | 'custom';

/** A credential profile as other extensions see it: never its Client Secret or token. */
export interface ProfileSummary {
	/** Unique, ignoring case; what getAccessToken takes. */
	readonly name: string;
	readonly apiKind: AdobeApiKind;
	/**
	 * The credential's Client ID, which is not a secret: Adobe's APIs want it as `x-api-key` beside
	 * the token. Missing only when the stored credential is damaged.
	 */
	readonly clientId?: string;
	/** The scopes the profile's tokens are requested with. */
	readonly scopes: string[];
	/** The profile getAccessToken() uses when given no name. */
	readonly active: boolean;
}

/**
 * What getAccessToken(profile) resolves to may have changed: a new token (generated, refreshed,
 * or stored by another window), a cleared one, or, for getAccessToken() without a name, another
 * profile became the active one (then `profile` is the newly active profile).
 */
export interface TokenChange {
	/** The profile's name. */
	readonly profile: string;
}

export interface AdobeApiToolkit {
	readonly apiVersion: 1;
	/** Every profile, in the order they were added. */
	listProfiles(): Promise<ProfileSummary[]>;
	/**
	 * A valid access token of the named profile, or of the active profile when no name is given:
	 * the cached token while it has more than 10 minutes left, otherwise a new one from Adobe IMS.
	 * Any number of concurrent calls for a profile share one IMS request. Rejects with an Error
	 * whose message says why, for example that no profile has that name (listing those that exist),
	 * or what IMS answered. A user signed in with Adobe is not handed out here: a personal token
	 * goes only through vscode.authentication.getSession('adobe-ims', scopes), where VS Code asks
	 * the user first.
	 */
	getAccessToken(profileName?: string): Promise<string>;
	/** Fires with the profile's name, never with a token: call getAccessToken again. */
	readonly onDidChangeToken: vscode.Event<TokenChange>;
}
