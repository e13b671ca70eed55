/**
 * The extension's secrets, in VS Code's SecretStorage (the OS keychain on desktop) under one
 * prefix. Every failure is logged by key name only, never by value, and reported as a plain
 * message. `onDidChange` lets every window follow changes made in another.
 */
import * as vscode from 'vscode';
import { AdobeApiError } from '../core/common/errors';
import type { Logger } from '../core/common/logger';

const PREFIX = 'adobeApi.';

export class Keychain implements vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<string>();
	/** Fires with the key (without prefix) of a secret changed here or in another window. */
	readonly onDidChange = this.emitter.event;
	private readonly subscription: vscode.Disposable;

	constructor(
		private readonly storage: vscode.SecretStorage,
		private readonly logger: Logger,
	) {
		this.subscription = storage.onDidChange((e) => {
			if (e.key.startsWith(PREFIX)) this.emitter.fire(e.key.slice(PREFIX.length));
		});
	}

	get(key: string): Promise<string | undefined> {
		return this.guard('read', key, () => this.storage.get(PREFIX + key));
	}

	store(key: string, value: string): Promise<void> {
		return this.guard('save', key, () => this.storage.store(PREFIX + key, value));
	}

	delete(key: string): Promise<void> {
		return this.guard('delete', key, () => this.storage.delete(PREFIX + key));
	}

	/** Logs a storage failure by key and error class, and rethrows a plain message without the original (it could quote a value). */
	private async guard<T>(verb: 'read' | 'save' | 'delete', key: string, operation: () => Thenable<T>): Promise<T> {
		try {
			return await operation();
		} catch (error) {
			this.logger.error(`[keychain] ${verb} ${key} failed: ${describe(error)}`);
			// The cause is deliberately dropped: it may quote the value.
			// An AdobeApiError of its own kind, so a token refresh that hit it is retried later, not given up.
			throw new AdobeApiError(`Could not ${verb} "${key}" in VS Code's secret storage. See the Adobe API Toolkit log.`, {
				kind: 'storage',
			});
		}
	}

	dispose(): void {
		this.subscription.dispose();
		this.emitter.dispose();
	}
}

/** The error's class and code only: a storage error message could quote what it was given. */
function describe(error: unknown): string {
	if (error instanceof Error) return `${error.name}${(error as { code?: unknown }).code ? ` ${(error as { code?: unknown }).code}` : ''}`;
	return typeof error;
}
