/**
 * Each profile's last hello call and Verify Credential, kept for the window and announced on
 * `onDidChange`. The commands that run the checks write here; the explorer renders its rows from
 * here and redraws when told (the model / provider split of vscode-extension-samples'
 * tree-view-sample), so a check runs the same whether or not the tree was ever opened.
 */
import * as vscode from 'vscode';
import { AdobeApiError, toAdobeApiError } from '../core/common/errors';
import type { HelloResult } from '../core/photoshop/client';
import type { Verification, VerificationOutcome } from '../core/diagnostics/verify';

export interface HelloState {
	running: boolean;
	result?: HelloResult;
	error?: AdobeApiError;
	at?: number;
}

export interface VerifyState {
	running: boolean;
	result?: Verification;
	at?: number;
}

export type ProfileCheck = 'hello' | 'verify';

/** Which check of which profile changed. */
export interface ProfileCheckChange {
	profileId: string;
	check: ProfileCheck;
}

/** The outcome without the error object: what a caller, a tree row or a report keeps. */
export function publicVerification(outcome: VerificationOutcome): Verification {
	const result: Partial<VerificationOutcome> & Verification = { ...outcome };
	delete result.error;
	return result;
}

export class ProfileChecks implements vscode.Disposable {
	private readonly hellos = new Map<string, HelloState>();
	private readonly verifications = new Map<string, VerifyState>();
	private readonly changed = new vscode.EventEmitter<ProfileCheckChange | undefined>();
	/** One profile's check changed; `undefined` when every result was forgotten. */
	readonly onDidChange = this.changed.event;

	hello(profileId: string): HelloState | undefined {
		return this.hellos.get(profileId);
	}

	verification(profileId: string): VerifyState | undefined {
		return this.verifications.get(profileId);
	}

	/** Runs a hello call (`call` gives the answer, redacted) and keeps its outcome, a failure included. */
	async runHello(profileId: string, call: () => Promise<HelloResult>): Promise<HelloResult> {
		this.set('hello', profileId, { running: true });
		try {
			const result = await call();
			this.set('hello', profileId, { running: false, result, at: Date.now() });
			return result;
		} catch (error) {
			this.set('hello', profileId, { running: false, error: toAdobeApiError(error), at: Date.now() });
			throw error;
		}
	}

	/** Runs a verification and keeps its outcome without the error object; cancelled, the row goes back to "not run yet". */
	async runVerify(profileId: string, call: () => Promise<VerificationOutcome>): Promise<VerificationOutcome> {
		this.set('verify', profileId, { running: true });
		try {
			const outcome = await call();
			this.set('verify', profileId, { running: false, result: publicVerification(outcome), at: Date.now() });
			return outcome;
		} catch (error) {
			this.set('verify', profileId, undefined);
			throw error;
		}
	}

	/** Forgets one profile's check, or (without arguments) every result. */
	forget(profileId?: string, check?: ProfileCheck): void {
		if (profileId === undefined) {
			this.hellos.clear();
			this.verifications.clear();
			this.changed.fire(undefined);
			return;
		}
		for (const which of check ? [check] : (['hello', 'verify'] as const)) this.set(which, profileId, undefined);
	}

	dispose(): void {
		this.changed.dispose();
	}

	private set(check: ProfileCheck, profileId: string, state: HelloState | VerifyState | undefined): void {
		const map: Map<string, HelloState | VerifyState> = check === 'hello' ? this.hellos : this.verifications;
		if (state) map.set(profileId, state);
		else map.delete(profileId);
		this.changed.fire({ profileId, check });
	}
}
