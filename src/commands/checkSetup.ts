/**
 * Adobe: Check Setup — validates the endpoint settings and probes each endpoint, with a
 * cancellable progress notification. Scriptable: `executeCommand('adobeApi.checkSetup', { quiet: true })`
 * shows no result notification and resolves to the per-endpoint results (or rejects with the readable error).
 */
import * as vscode from 'vscode';
import type { EndpointCheck } from '../network';
import { SERVICE_NAMES } from '../core/errors';
import { Commands } from '../constants';
import { showError } from '../errorMessages';
import { withCancellableProgress } from '../progress';
import { ExtensionServices } from './services';

export interface CheckSetupArgs {
	/** Show no notifications; just resolve or reject. */
	quiet?: boolean;
}

export async function checkSetup(services: ExtensionServices, args: CheckSetupArgs = {}): Promise<EndpointCheck[]> {
	let results: EndpointCheck[];
	try {
		const clients = services.clients.get();
		const checks = await withCancellableProgress('Adobe: checking endpoints…', (signal) => clients.checkEndpoints(signal));
		// A failure's message may quote what a server or proxy answered.
		results = checks.map((check) => ({ ...check, message: services.log.redact(check.message) }));
	} catch (error) {
		if (args.quiet) throw error;
		void showError(error, services.log.redact);
		return [];
	}
	for (const result of results) services.log.info(`[checkSetup] ${result.url}: ${result.message}`);
	if (!args.quiet) void report(results);
	return results;
}

async function report(results: EndpointCheck[]): Promise<void> {
	const failed = results.filter((r) => !r.reachable);
	if (failed.length === 0) {
		const timings = results.map((r) => `${SERVICE_NAMES[r.service].replace(/^the /, '')} ${r.latencyMs} ms`).join(', ');
		void vscode.window.showInformationMessage(`All ${results.length} Adobe endpoints are reachable (${timings}).`);
		return;
	}
	const choice = await vscode.window.showWarningMessage(
		`${failed.length} of ${results.length} Adobe endpoints failed. ${failed.map((r) => r.message).join(' ')}`,
		'Open Settings',
		'Show Log',
	);
	if (choice === 'Open Settings') await vscode.commands.executeCommand(Commands.openSettings);
	if (choice === 'Show Log') await vscode.commands.executeCommand(Commands.showLog);
}
