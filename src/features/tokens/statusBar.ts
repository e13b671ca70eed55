/**
 * The status-bar token indicator (`adobeApi.tokenStatus`): the active profile's token as a
 * countdown, warning inside the refresh window, error when expired or failing. It redraws only
 * when its text would change (once a minute, once a second in the last hour) and not at all
 * while there is no token. Needs no network code. Everything it shows passes the log's redactor:
 * the last refresh's message may quote what IMS sent back.
 */
import * as vscode from 'vscode';
import { API_KINDS } from '../../core/credentials/apiKinds';
import { FIELD_LABELS } from '../../core/common/errors';
import { escapeMarkdown, formatMoment, formatWhen } from '../../core/common/format';
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
		const { token, lastError } = snapshot;
		const tooltip = this.tooltip(profile, snapshot, now);
		const name = profile.name;
		if (snapshot.fetching) {
			return this.show('fetching', '$(sync~spin) Adobe: getting token…', undefined, tooltip, `Getting an Adobe access token for ${name}`);
		}
		if (!token) {
			return lastError
				? this.show('failed', '$(error) Adobe: token failed', Commands.tokenActions, tooltip, `Adobe token for ${name} failed`)
				: this.show(
						'none',
						'$(key) Adobe: no token',
						Commands.generateToken,
						tooltip,
						`No Adobe access token for ${name}. Activate to generate one.`,
					);
		}
		const remaining = token.expiresAt - now;
		if (remaining <= 0) {
			return this.show(
				'expired',
				'$(key) Adobe: expired',
				Commands.tokenActions,
				tooltip,
				`The Adobe access token for ${name} has expired`,
			);
		}
		const untilWarning = refreshDueAt(token, readTokenPolicy().refreshLeadMs) - now;
		this.show(
			lastError || untilWarning <= 0 ? 'warning' : 'valid',
			// "Adobe" says whose countdown it is, among the other extensions' items.
			`$(key) Adobe ${formatCountdown(remaining)}`,
			Commands.tokenActions,
			tooltip,
			`Adobe access token for ${name} expires in ${describeCountdown(remaining)}`,
		);
		// Wake when the text changes, or when the warning starts, whichever is first.
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

	/**
	 * The profile, the token's times (relative and on the clock, core/common/format.ts formatWhen), the
	 * last refresh, and links: a failure's fixes first (the field IMS refused, Check Setup), then Generate or Refresh.
	 */
	private tooltip(profile: ProfileMeta, snapshot: TokenSnapshot, now: number): vscode.MarkdownString {
		const { token, lastError, lastResult, nextRefreshAt } = snapshot;
		const live = token !== undefined && token.expiresAt > now;
		const field = lastError?.field;
		// Text as Markdown shows it, with its spaces (appendText writes each as &nbsp;, and the hover then breaks lines
		// mid-word). Redacted before it is escaped, which would hide a secret's known form from the redactor's patterns;
		// a "$(" keeps the backslash VS Code's icon syntax takes as "not an icon" (markdownRenderer's escaped icons).
		const text = (value: string) => escapeMarkdown(this.redact(value).replace(/\$\(/g, '\\$('));
		// Relative only while the countdown ticks (a live token): without one the tooltip is not redrawn, and "now" would stay.
		const when = (at: number) => (live ? formatWhen : formatMoment)(at, now);
		const links: Array<[title: string, command: string, args?: unknown[]] | false | undefined> = [
			field && [`$(edit) Edit ${FIELD_LABELS[field]}`, Commands.editProfile, [profile.name, field]],
			lastError && ['$(pulse) Check Setup', Commands.checkSetup],
			live ? ['$(refresh) Refresh', Commands.refreshToken] : ['$(key) Generate', Commands.generateToken],
			live && ['$(copy) Copy token', Commands.copyToken],
			['$(account) Switch profile', Commands.selectProfile],
			['$(output) Log', Commands.showLog],
		];
		const shown = links.filter((link) => !!link);
		const md = new vscode.MarkdownString(
			[
				`**Adobe API Toolkit** · profile ${text(profile.name)}`,
				`${API_KINDS[profile.apiKind].label} · scopes ${text(profile.scopes.join(', '))}`,
				token ? `${live ? 'Expires' : 'Expired'} ${when(token.expiresAt)}` : 'No token yet.',
				nextRefreshAt && `Auto-refresh ${when(nextRefreshAt)}`,
				lastResult && `Last refresh ${when(lastResult.at)}: ${lastResult.ok ? '$(check) ok' : `$(error) ${text(lastResult.message)}`}`,
				shown
					.map(([title, command, args]) => `[${title}](command:${command}${args ? `?${encodeURIComponent(JSON.stringify(args))}` : ''})`)
					.join(' · '),
			]
				.filter(Boolean)
				.join('\n\n'),
			true,
		);
		md.isTrusted = { enabledCommands: shown.map(([, command]) => command) };
		return md;
	}
}
