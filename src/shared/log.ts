/**
 * The "Adobe API Toolkit" log: a LogOutputChannel behind the core's Logger interface. Every line
 * passes through redaction first, against both secret-looking patterns and the exact secret values
 * registered with `addSecret`, so a token or client secret cannot reach the channel. The same
 * redactor (`redact`) cleans everything else shown: notifications, the status bar, the tree and
 * the errors scripted commands reject with.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/common/logger';
import { Redactor } from '../core/common/redact';
import { LOG_CHANNEL_NAME } from './constants';

/** Lines kept in memory for the extension's own tests (leak checks read them); bounded. */
const RECENT_LINES = 1000;

export class ExtensionLog implements Logger, vscode.Disposable {
	private readonly channel: vscode.LogOutputChannel;
	private readonly redactor = new Redactor();
	private readonly recent: string[] = [];

	constructor() {
		this.channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
	}

	/** Registers a value that must never appear in the log or anything shown. */
	addSecret(value: string): void {
		this.redactor.add(value);
	}

	trace(message: string): void {
		this.channel.trace(this.clean('trace', message));
	}
	debug(message: string): void {
		this.channel.debug(this.clean('debug', message));
	}
	info(message: string): void {
		this.channel.info(this.clean('info', message));
	}
	warn(message: string): void {
		this.channel.warn(this.clean('warn', message));
	}
	error(message: string): void {
		this.channel.error(this.clean('error', message));
	}

	show(): void {
		this.channel.show(true);
	}

	/** Text with every registered secret and secret-looking value removed, for anything shown to the user or a caller. */
	readonly redact = (text: string): string => this.redactor.redact(text);

	/** `redact`, hiding `secrets` too (a request's own token and Client ID), in the same one pass over the text. */
	readonly redactWith = (text: string, secrets: readonly string[]): string => this.redactor.redact(text, secrets);

	/** What was logged recently, already redacted. */
	recentLines(): readonly string[] {
		return this.recent;
	}

	dispose(): void {
		this.channel.dispose();
	}

	private clean(level: string, message: string): string {
		const safe = this.redact(message);
		this.recent.push(`${level} ${safe}`);
		if (this.recent.length > RECENT_LINES) this.recent.shift();
		return safe;
	}
}
