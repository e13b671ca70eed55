/**
 * The status-bar token indicator (`adobeApi.tokenStatus`): the active profile's token as a
 * countdown, warning inside the refresh window, error when expired or failing. It redraws only
 * when its text would change (once a minute, once a second in the last hour) and not at all
 * while there is no token. Needs no network code. Everything it shows passes the log's redactor:
 * the last refresh's message may quote what IMS sent back.
 */
import * as vscode from 'vscode';
import { API_KINDS } from '../../core/credentials/apiKinds';
import { describeCountdown, formatCountdown, msUntilTextChanges } from '../../core/tokens/countdown';
import { Clock } from '../../core/common/logger';
import { ProfileMeta } from '../../core/credentials/profiles';
import { TokenManager, TokenSnapshot, refreshDueAt } from '../../core/tokens/tokenManager';
import type { ProfileStore } from '../../shared/profileStore';
import { Commands } from '../../shared/constants';
import type { Redact } from '../../shared/errorUi';
import { readTokenPolicy } from '../../shared/settings';

export const STATUS_BAR_ID = 'adobeApi.tokenStatus';

export type TokenDisplayState = 'noProfile' | 'none' | 'fetching' | 'valid' | 'warning' | 'expired' | 'failed';

export class TokenStatusBar implements vscode.Disposable {
	private readonly item: vscode.StatusBarItem;
	private cancelTick?: () => void;
	private readonly disposables: vscode.Disposable[] = [];
	/** What is shown now; read by the extension's tests. */
	state: TokenDisplayState = 'noProfile';

	constructor(
		private readonly profiles: ProfileStore,
		private readonly tokens: TokenManager,
		private readonly clock: Clock,
		private readonly redact: Redact,
	) {
		this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 50);
		this.item.name = 'Adobe API Token';
		this.disposables.push(profiles.onDidChange(() => this.update()));
		const stopListening = tokens.onDidChange(() => this.update());
		this.disposables.push({ dispose: stopListening });
		this.update();
		this.item.show();
	}

	get text(): string {
		return this.item.text;
	}

	/** The tooltip's text (Markdown source); read by the extension's tests. */
	get tooltipText(): string {
		const tooltip = this.item.tooltip ?? '';
		return typeof tooltip === 'string' ? tooltip : tooltip.value;
	}

	update(): void {
		this.cancelTick?.();
		this.cancelTick = undefined;
		const profile = this.profiles.active();
		if (!profile) {
			return this.show('noProfile', '$(key) Adobe: add profile', Commands.addProfile, 'No Adobe credential profile yet. Click to add one.');
		}
		const snapshot = this.tokens.snapshot(profile.id);
		const now = this.clock.now();
		const token = snapshot.token;
		if (snapshot.fetching) {
			return this.show(
				'fetching',
				'$(sync~spin) Adobe: getting token…',
				undefined,
				this.tooltip(profile, snapshot, now),
				`Getting an Adobe access token for ${profile.name}`,
			);
		}
		if (!token) {
			if (snapshot.lastError) {
				return this.show(
					'failed',
					'$(error) Adobe: token failed',
					Commands.tokenActions,
					this.tooltip(profile, snapshot, now),
					`Adobe token for ${profile.name} failed`,
				);
			}
			return this.show(
				'none',
				'$(key) Adobe: no token',
				Commands.generateToken,
				this.tooltip(profile, snapshot, now),
				`No Adobe access token for ${profile.name}. Activate to generate one.`,
			);
		}
		const remaining = token.expiresAt - now;
		if (remaining <= 0) {
			return this.show(
				'expired',
				'$(key) Adobe: expired',
				Commands.tokenActions,
				this.tooltip(profile, snapshot, now),
				`The Adobe access token for ${profile.name} has expired`,
			);
		}
		const warn = snapshot.lastError !== undefined || now >= refreshDueAt(token, readTokenPolicy().refreshLeadMs);
		this.show(
			warn ? 'warning' : 'valid',
			`$(key) ${formatCountdown(remaining)}`,
			Commands.tokenActions,
			this.tooltip(profile, snapshot, now),
			`Adobe access token for ${profile.name} expires in ${describeCountdown(remaining)}`,
		);
		// Wake when the text changes, or when the warning starts, whichever is first.
		const untilWarning = refreshDueAt(token, readTokenPolicy().refreshLeadMs) - now;
		const wait = Math.min(msUntilTextChanges(remaining) ?? remaining, untilWarning > 0 ? untilWarning : Infinity);
		this.cancelTick = this.clock.setTimer(() => this.update(), wait);
	}

	dispose(): void {
		this.cancelTick?.();
		for (const d of this.disposables) d.dispose();
		this.item.dispose();
	}

	private show(
		state: TokenDisplayState,
		text: string,
		command: string | undefined,
		tooltip: string | vscode.MarkdownString,
		label = tooltip as string,
	): void {
		this.state = state;
		this.item.text = this.redact(text);
		this.item.command = command;
		if (typeof tooltip !== 'string') tooltip.value = this.redact(tooltip.value);
		this.item.tooltip = typeof tooltip === 'string' ? this.redact(tooltip) : tooltip;
		this.item.accessibilityInformation = { label: this.redact(label), role: 'button' };
		this.item.backgroundColor =
			state === 'warning'
				? new vscode.ThemeColor('statusBarItem.warningBackground')
				: state === 'expired' || state === 'failed'
					? new vscode.ThemeColor('statusBarItem.errorBackground')
					: undefined;
	}

	private tooltip(profile: ProfileMeta, snapshot: TokenSnapshot, now: number): vscode.MarkdownString {
		const md = new vscode.MarkdownString('', true);
		md.isTrusted = {
			enabledCommands: [
				Commands.refreshToken,
				Commands.generateToken,
				Commands.copyToken,
				Commands.selectProfile,
				Commands.showLog,
				Commands.editProfile,
			],
		};
		md.appendMarkdown('**Adobe API Toolkit** · profile ');
		md.appendText(profile.name);
		md.appendMarkdown(`\n\n${API_KINDS[profile.apiKind].label} · scopes `);
		md.appendText(profile.scopes.join(', '));
		const token = snapshot.token;
		if (token) {
			const remaining = token.expiresAt - now;
			md.appendMarkdown(
				`\n\n${remaining > 0 ? 'Expires' : 'Expired'} ${new Date(token.expiresAt).toLocaleString()}${remaining > 0 ? ` (in ${formatCountdown(remaining)})` : ''}`,
			);
		} else {
			md.appendMarkdown('\n\nNo token yet.');
		}
		if (snapshot.nextRefreshAt) md.appendMarkdown(`\n\nAuto-refresh at ${new Date(snapshot.nextRefreshAt).toLocaleTimeString()}`);
		if (snapshot.lastResult) {
			md.appendMarkdown(
				`\n\nLast refresh ${new Date(snapshot.lastResult.at).toLocaleTimeString()}: ${snapshot.lastResult.ok ? '$(check) ok' : '$(error) '}`,
			);
			// Redacted before appendText escapes it, which would hide a secret's known form from the redactor's patterns.
			if (!snapshot.lastResult.ok) md.appendText(this.redact(snapshot.lastResult.message));
		}
		const live = token !== undefined && token.expiresAt > now;
		const link = (title: string, command: string) => `[${title}](command:${command})`;
		md.appendMarkdown(
			`\n\n${[
				live ? link('$(refresh) Refresh', Commands.refreshToken) : link('$(key) Generate', Commands.generateToken),
				live ? link('$(copy) Copy token', Commands.copyToken) : undefined,
				link('$(account) Switch profile', Commands.selectProfile),
				link('$(output) Log', Commands.showLog),
			]
				.filter(Boolean)
				.join(' · ')}`,
		);
		return md;
	}
}
