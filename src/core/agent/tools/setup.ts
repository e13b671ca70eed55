/** adobe_check_setup (the setup doctor's findings) and adobe_verify_credential (the profile's verification call). */
import type { Finding } from '../../diagnostics/doctor';
import { callerFor } from '../caller';
import { fixFor } from '../fixes';
import { PROFILE, stringField } from '../inputs';
import type { AgentTool, AgentToolDefinition, AgentToolResult, Fields, Run } from '../types';

const CHECK_SETUP: AgentToolDefinition = {
	name: 'adobe_check_setup',
	toolReferenceName: 'adobeSetup',
	displayName: 'Check Adobe Setup',
	modelDescription:
		'Runs the setup doctor for an Adobe profile: checks the endpoint settings, that Adobe IMS is reachable, the credential, that a token can be generated, its scopes, ' +
		"a verification call to the profile's API, and Cloud Storage access. Returns one finding per check with id, status (pass, fail, warn, skipped), detail, and for " +
		"problems the cause, the fix and a link to Adobe's docs. Use it when a call fails (401, 403, invalid_scope, network errors) or the user asks why something does not work.",
	userDescription: 'Run the setup doctor for an Adobe profile and get its findings with fixes.',
	tags: ['adobe', 'credentials', 'diagnostics'],
	inputSchema: { type: 'object', properties: { profile: PROFILE }, additionalProperties: false },
	readOnly: true,
};

const STATUS_MARKS: Record<Finding['status'], string> = { pass: '✓', fail: '✗', warn: '!', skipped: '–' };

async function checkSetup(run: Run, fields: Fields): Promise<AgentToolResult> {
	const profile = stringField(CHECK_SETUP, fields, 'profile');
	const findings = (await run.host.checkSetup(profile, run.signal)).map((f) => ({
		id: f.id,
		title: f.title,
		status: f.status,
		detail: f.detail,
		...(f.cause ? { cause: f.cause } : {}),
		...(f.fix ? { fix: f.fix } : {}),
		...(f.docs ? { docs: f.docs } : {}),
	}));
	const summary = { pass: 0, fail: 0, warn: 0, skipped: 0 };
	for (const f of findings) summary[f.status]++;
	const lines = findings.map((f) =>
		[
			`${STATUS_MARKS[f.status]} [${f.status}] ${f.id}: ${f.detail}`,
			f.cause && `  Cause: ${f.cause}`,
			f.fix && `  Fix: ${f.fix}`,
			f.docs && `  Docs: ${f.docs}`,
		]
			.filter(Boolean)
			.join('\n'),
	);
	const who = profile ? ` for "${profile}"` : '';
	return {
		text: `Setup check${who}: ${summary.fail} failed, ${summary.warn} warnings, ${summary.pass} passed, ${summary.skipped} skipped.\n${lines.join('\n')}`,
		data: { ...(profile ? { profile } : {}), summary, findings },
	};
}

export const checkSetupTool: AgentTool = { definition: CHECK_SETUP, run: checkSetup };

const VERIFY_CREDENTIAL: AgentToolDefinition = {
	name: 'adobe_verify_credential',
	toolReferenceName: 'adobeVerify',
	displayName: 'Verify Adobe Credential',
	modelDescription:
		"Makes the cheapest documented authenticated call for the profile's API kind (Cloud Storage: list one project; Photoshop: a job status lookup; Firefly: list custom models) " +
		'with a fresh or cached token, and returns ok, the call sent (method and URL), HTTP status, latency in ms, the x-request-id, and what success proves or, on failure, ' +
		'the readable reason and fix. Use it to check that a credential works end to end; use adobe_check_setup for a full diagnosis.',
	userDescription: "Make the profile's verification call and report status and latency.",
	tags: ['adobe', 'credentials'],
	inputSchema: { type: 'object', properties: { profile: PROFILE }, additionalProperties: false },
	readOnly: true,
};

async function verifyCredential(run: Run, fields: Fields): Promise<AgentToolResult> {
	const { profile, source } = await callerFor(run, stringField(VERIFY_CREDENTIAL, fields, 'profile'));
	const { error, ...verification } = await run.host.clients.verifyCredential(profile.apiKind, source, run.signal);
	const call = verification.call ?? 'no call (nothing was sent)';
	const answer = [
		verification.status !== undefined ? `HTTP ${verification.status}` : undefined,
		verification.latencyMs !== undefined ? `${verification.latencyMs} ms` : undefined,
		verification.requestId ? `x-request-id ${verification.requestId}` : undefined,
	].filter(Boolean);
	const data = { profile: profile.name, ...verification };
	if (verification.ok) {
		return {
			text: `Verified "${profile.name}" (${profile.apiKind}): ${call} → ${answer.join(' · ')}.\n${verification.proves ?? ''}`.trim(),
			data,
		};
	}
	// Without a call (an API Adobe documents no verification for), the answer is a fact, not a failure.
	const fix = error ? fixFor(error) : undefined;
	return {
		text: `${verification.call ? 'Error: ' : ''}Verification of "${profile.name}" (${profile.apiKind}): ${call}${answer.length ? ` → ${answer.join(' · ')}` : ''}. ${verification.message ?? ''}${fix ? ` Fix: ${fix.text}` : ''}`.trim(),
		data: { ...data, ...(fix ? { fix: fix.text, ...(fix.docs ? { docs: fix.docs } : {}) } : {}) },
		...(verification.call ? { isError: true } : {}),
	};
}

export const verifyCredentialTool: AgentTool = { definition: VERIFY_CREDENTIAL, run: verifyCredential };
