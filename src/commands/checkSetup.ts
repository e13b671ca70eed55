/**
 * Adobe: Check Setup — validates the endpoint settings, probes each endpoint, and verifies the
 * active profile's credential (Verify Credential), with a cancellable progress notification.
 * Scriptable: `executeCommand('adobeApi.checkSetup', { quiet: true })` shows no result notification
 * and resolves to `{ endpoints, verification }` (or rejects with the readable error).
 */
import * as vscode from 'vscode';
import type { EndpointCheck, Verification } from '../network';
import { API_KINDS } from '../core/apiKinds';
import { SERVICE_NAMES } from '../core/errors';
import { Commands } from '../constants';
import { redactedValue, showError } from '../errorMessages';
import { withCancellableProgress } from '../progress';
import { ExtensionServices } from './services';
import { publicVerification, runVerification } from './verifyCredential';

export interface CheckSetupArgs {
	/** Show no notifications; just resolve or reject. */
	quiet?: boolean;
}

export interface SetupReport {
	endpoints: EndpointCheck[];
	/** The active profile's Verify Credential result; absent without a profile. */
	verification?: Verification & { profile: string };
}

export async function checkSetup(services: ExtensionServices, args: CheckSetupArgs = {}): Promise<SetupReport | undefined> {
	let report: SetupReport;
	try {
		const clients = services.clients.get();
		await services.profiles.ready();
		const profile = services.profiles.active();
		report = await withCancellableProgress('Adobe: checking endpoints…', async (signal, progress) => {
			const endpoints = await clients.checkEndpoints(signal);
			if (!profile) return { endpoints };
			// Offline or behind a broken proxy, a token request would only add its retries and timeouts.
			if (endpoints.some((e) => e.service === 'ims' && !e.reachable)) {
				const message = 'Not verified: Adobe IMS could not be reached, so no token could be had. Fix that first (see above).';
				return { endpoints, verification: { profile: profile.name, apiKind: profile.apiKind, ok: false, message } };
			}
			progress.report({ message: `verifying "${profile.name}"` });
			const verification = publicVerification(await runVerification(services, profile, signal));
			return { endpoints, verification: { profile: profile.name, ...verification } };
		});
		// Messages may quote what a server or proxy answered.
		report = redactedValue(report, services.log.redact) as SetupReport;
	} catch (error) {
		if (args.quiet) throw error;
		void showError(error, services.log.redact);
		return undefined;
	}
	for (const result of report.endpoints) services.log.info(`[checkSetup] ${result.url}: ${result.message}`);
	if (!args.quiet) void show(report);
	return report;
}

/** One line for the verification, as the report shows it. */
function verificationLine(v: NonNullable<SetupReport['verification']>): string {
	const api = API_KINDS[v.apiKind].label;
	if (v.ok) return `Credential "${v.profile}" verified with ${api} (${v.status} in ${v.latencyMs} ms): ${v.proves}`;
	if (!v.call) return `Credential "${v.profile}" (${api}): ${v.message}`;
	return `Credential "${v.profile}" failed verification with ${api}: ${v.message}`;
}

async function show(report: SetupReport): Promise<void> {
	const failed = report.endpoints.filter((r) => !r.reachable);
	const verified = report.verification ? ` ${verificationLine(report.verification)}` : ' No profile to verify yet: add one.';
	const verificationFailed = report.verification !== undefined && !report.verification.ok && report.verification.call !== undefined;
	if (failed.length === 0 && !verificationFailed) {
		const timings = report.endpoints.map((r) => `${SERVICE_NAMES[r.service].replace(/^the /, '')} ${r.latencyMs} ms`).join(', ');
		void vscode.window.showInformationMessage(`All ${report.endpoints.length} Adobe endpoints are reachable (${timings}).${verified}`);
		return;
	}
	const endpointsLine = failed.length === 0 ? `All ${report.endpoints.length} Adobe endpoints are reachable.` : `${failed.length} of ${report.endpoints.length} Adobe endpoints failed. ${failed.map((r) => r.message).join(' ')}`;
	const choice = await vscode.window.showWarningMessage(`${endpointsLine}${verified}`, 'Open Settings', 'Show Log');
	if (choice === 'Open Settings') await vscode.commands.executeCommand(Commands.openSettings);
	if (choice === 'Show Log') await vscode.commands.executeCommand(Commands.showLog);
}
