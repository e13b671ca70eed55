/**
 * With `adobeApi.injectTokenInTerminal` on, new integrated terminals get the active profile's
 * client id and token under the variable names from Adobe's guides (e.g. PS_FF_SERVICES_CLIENT_ID,
 * PS_FF_SERVICES_ACCESS_TOKEN). Not persisted across restarts; updated on refresh, removed on clear.
 * The client secret is never injected, and neither is a signed-in user's personal token: any
 * extension can open a terminal and read its environment, and that token leaves the extension only
 * after the user says yes (Copy Environment Exports asks).
 */
import * as vscode from 'vscode';
import { API_KINDS } from '../../core/credentials/apiKinds';
import { escapeMarkdown } from '../../core/common/format';
import { isUsable, TokenManager } from '../../core/tokens/tokenManager';
import { tokenVariables } from '../../core/credentials/snippets';
import type { ProfileStore } from '../../shared/profileStore';
import { type Logger, wallClockTimer } from '../../core/common/logger';
import { Settings } from '../../shared/constants';
import { injectTokenInTerminal } from '../../shared/settings';

export class TerminalEnvironment implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];
	private version = 0;
	private latest: Promise<void> = Promise.resolve();
	private cancelExpiryTimer?: () => void;

	constructor(
		private readonly collection: vscode.GlobalEnvironmentVariableCollection,
		private readonly profiles: ProfileStore,
		private readonly tokens: TokenManager,
		private readonly logger: Logger,
	) {
		collection.persistent = false;
		this.disposables.push(profiles.onDidChange(() => void this.update()));
		const stop = tokens.onDidChange(() => void this.update());
		this.disposables.push({ dispose: stop });
		this.disposables.push(
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration(Settings.injectTokenInTerminal)) void this.update();
			}),
		);
	}

	/**
	 * Brings the variables up to date. Resolves once the newest update has finished: one that a later
	 * update overtakes (a setting and a token changing together) waits for that one, so a caller never
	 * sees the state from before its own change.
	 */
	update(): Promise<void> {
		const next = this.apply(++this.version);
		this.latest = next;
		return next;
	}

	private async apply(version: number): Promise<void> {
		this.cancelExpiryTimer?.();
		const profile = this.profiles.active();
		const token = profile ? this.tokens.snapshot(profile.id).token : undefined;
		if (!injectTokenInTerminal() || !profile || profile.signedIn || !isUsable(token, Date.now())) return this.clear();
		let clientId: string;
		try {
			clientId = (await this.profiles.credential(profile.id)).clientId;
		} catch {
			if (version !== this.version) return this.latest; // a newer update is under way
			return this.clear();
		}
		if (version !== this.version) return this.latest; // a newer update is under way
		const before = this.injected;
		this.collection.clear();
		const names = [`${API_KINDS[profile.apiKind].envPrefix}_CLIENT_ID`, ...tokenVariables(profile.apiKind)];
		this.collection.replace(names[0], clientId);
		for (const name of names.slice(1)) this.collection.replace(name, token.accessToken);
		this.collection.description = new vscode.MarkdownString(
			`Adobe access token and Client ID of profile "${escapeMarkdown(profile.name)}" (Adobe API Toolkit)`,
		);
		if (names.join() !== before.join()) this.logger.info(`[terminal] new terminals get ${names.join(', ')}`);
		// With auto-refresh off nothing else would notice the expiry: take the stale token back out then,
		// by the wall clock, so a machine that slept does not keep handing out an expired token.
		this.cancelExpiryTimer = wallClockTimer(() => void this.update(), token.expiresAt - Date.now() + 1000);
	}

	/** The variables new terminals get, read from the collection itself (tests check it). */
	get injected(): string[] {
		const names: string[] = [];
		this.collection.forEach((name) => names.push(name));
		return names;
	}

	dispose(): void {
		this.cancelExpiryTimer?.();
		this.collection.clear();
		for (const d of this.disposables) d.dispose();
	}

	private clear(): void {
		if (this.injected.length > 0) this.logger.info('[terminal] removed the Adobe variables from new terminals');
		this.collection.clear();
	}
}
