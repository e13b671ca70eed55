/**
 * Adobe: Verify Credential — the cheapest authenticated call Adobe documents for the profile's API
 * (core/diagnostics/verify.ts), shown on the explorer's row and in a notification. Scripted:
 * `executeCommand('adobeApi.verifyCredential', { profile? })` resolves to
 * `{ apiKind, call, ok, status, latencyMs, requestId, proves | message, code }`, never a token.
 */
import * as vscode from 'vscode';
import type { ProfileMeta } from '../../core/credentials/profiles';
import type { Verification, VerificationOutcome } from '../../core/diagnostics/verify';
import { showError } from '../../shared/errorUi';
import { isBrandedNode } from '../../shared/nodeBrand';
import { withCancellableProgress } from '../../shared/progress';
import { isScripted, profileNamed } from '../../shared/profilePick';
import { ExtensionServices } from '../../shared/services';
import { publicVerification } from '../../shared/profileChecks';
import { callerSource } from '../../shared/tokens';

/**
 * Set once a verification in this window ends without a failure: the walkthrough's "Verify" step
 * completes on it (package.json `onContext:adobeApi.verified`). A context key rather than
 * `onCommand:adobeApi.verifyCredential`, because VS Code sees that event only when its own command
 * service runs the command: a tree row's command with arguments reaches the extension host through a
 * delegate command id (microsoft/vscode src/vs/workbench/api/common/extHostCommands.ts,
 * CommandsConverter.toInternal), and a command run from inside the extension host never passes it.
 * Here in dist/commands.js, not shared/constants.ts, so the activation bundle does not grow.
 */
export const VERIFIED_CONTEXT_KEY = 'adobeApi.verified';

/** Runs the verification for a profile and logs its outcome: the one path every front door takes. */
export async function runVerification(
	services: ExtensionServices,
	profile: ProfileMeta,
	signal?: AbortSignal,
): Promise<VerificationOutcome> {
	const outcome = await services.clients.get().verifyCredential(profile.apiKind, callerSource(services, profile, signal), signal);
	services.log.info(
		`[verify] "${profile.name}" ${outcome.call ?? '(no call)'}: ${outcome.ok ? `${outcome.status} in ${outcome.latencyMs} ms; ${outcome.proves}` : outcome.message}`,
	);
	// An API kind with no documented call to verify with (no `call`) has nothing left to verify either.
	if (outcome.ok || !outcome.call) void vscode.commands.executeCommand('setContext', VERIFIED_CONTEXT_KEY, true);
	return outcome;
}

export async function verifyCredential(services: ExtensionServices, args: unknown): Promise<Verification> {
	await services.profiles.ready();
	const profile = isBrandedNode(args)
		? args.profile
		: profileNamed(services, typeof args === 'string' ? args : isScripted(args) ? args.profile : undefined);
	const outcome = await withCancellableProgress(`Adobe: verifying "${profile.name}"…`, (signal) =>
		services.checks.runVerify(profile.id, () => runVerification(services, profile, signal)),
	);
	if (!isScripted(args)) {
		if (outcome.ok) void vscode.window.showInformationMessage(services.log.redact(`Verified "${profile.name}": ${outcome.proves}`));
		else if (!outcome.call) void vscode.window.showInformationMessage(services.log.redact(`"${profile.name}": ${outcome.message}`));
		else void showError(outcome.error ?? new Error(outcome.message), services.log.redact, profile.name);
	}
	return publicVerification(outcome);
}
