/**
 * Adobe: Check Setup — the setup doctor (core/diagnostics/doctor/) for the active profile, with a cancellable
 * progress notification naming each check; then a Markdown report (a read-only virtual document in
 * the Markdown preview): each check ✓/✗/⚠/○, each problem's likely cause, fix and Adobe's page,
 * and a short notification with the first problem's fixes.
 * Scripted: `executeCommand('adobeApi.checkSetup', { quiet: true, profile? })` opens nothing and resolves to
 * the list of findings, in order (redacted; never a token or secret); the `endpoints` finding also
 * carries the raw endpoint probes as `probes`.
 */
import * as vscode from 'vscode';
import type { DoctorReport, Finding } from '../../bundles/network';
import { AdobeApiError } from '../../core/common/errors';
import { ProfileMeta, imsBaseUrlFor } from '../../core/credentials/profiles';
import { actionsFor, redactedValue } from '../../shared/errorUi';
import { withCancellableProgress } from '../../shared/progress';
import { Commands } from '../../shared/constants';
import { profileNamed } from '../../shared/profilePick';
import { ExtensionServices } from '../../shared/services';

export interface CheckSetupArgs {
	/** Open no report and show no notification; just resolve or reject. */
	quiet?: boolean;
	/** The profile to check, by name; default the active one. */
	profile?: string;
}

export type SetupReport = DoctorReport;

/** What the command resolves to: the findings, the `endpoints` one with the raw probes. */
export type SetupFinding = Finding & { probes?: DoctorReport['endpoints'] };

function scriptedFindings(report: SetupReport): SetupFinding[] {
	return report.findings.map((finding) => (finding.id === 'endpoints' ? { ...finding, probes: report.endpoints } : finding));
}

export const SETUP_REPORT_SCHEME = 'adobe-api-setup';

/** The last report, as the read-only Markdown document the preview shows. */
export class SetupReportDocument implements vscode.TextDocumentContentProvider, vscode.Disposable {
	readonly uri = vscode.Uri.from({ scheme: SETUP_REPORT_SCHEME, path: '/Adobe setup check.md' });
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changed.event;
	private text = '# Adobe setup check\n\nRun *Adobe: Check Setup*.\n';

	provideTextDocumentContent(): string {
		return this.text;
	}

	set(text: string): void {
		this.text = text;
		this.changed.fire(this.uri);
	}

	dispose(): void {
		this.changed.dispose();
	}
}

export async function checkSetup(
	services: ExtensionServices,
	document: SetupReportDocument,
	args: CheckSetupArgs = {},
): Promise<SetupFinding[] | undefined> {
	await services.profiles.ready();
	const profile = args.profile === undefined ? services.profiles.active() : profileNamed(services, args.profile);
	const report = await withCancellableProgress('Adobe: checking setup', (signal, progress) =>
		runSetupCheck(services, profile, signal, (title) => progress.report({ message: title })),
	);
	if (!args.quiet) {
		const network = services.clients.network();
		document.set(network.renderDoctorMarkdown(report, new Date()));
		void show(services, document, report, network.summarizeDoctorReport(report));
	}
	return scriptedFindings(report);
}

/** The doctor for a profile (none: the checks that need none), redacted: the one path Check Setup and the agent tool take. */
export async function runSetupCheck(
	services: ExtensionServices,
	profile: ProfileMeta | undefined,
	signal?: AbortSignal,
	onStep?: (title: string) => void,
): Promise<SetupReport> {
	const raw = await services.clients.network().runDoctor({
		clients: () => services.clients.get(),
		profile: profile && {
			name: profile.name,
			apiKind: profile.apiKind,
			scopes: profile.scopes,
			imsBaseUrl: (configured) => imsBaseUrlFor(profile, configured),
			signedIn: profile.signedIn !== undefined,
			credential: async () => {
				const credential = await services.profiles.credential(profile.id);
				services.log.addSecret(credential.clientSecret);
				return credential;
			},
			token: (options) => services.tokens.getToken(profile.id, options),
		},
		logger: services.log,
		signal,
		onStep,
	});
	// Details quote what servers and proxies answered.
	const report = redactedValue(raw, services.log.redact) as SetupReport;
	for (const result of report.endpoints) services.log.info(`[checkSetup] ${result.url}: ${result.message}`);
	return report;
}

/** The findings as scripted callers get them. */
export function setupFindings(report: SetupReport): SetupFinding[] {
	return scriptedFindings(report);
}

async function show(services: ExtensionServices, document: SetupReportDocument, report: SetupReport, summary: string): Promise<void> {
	await openReport(document);
	const who = report.profile ? `"${report.profile}"` : 'no profile';
	const problem = report.findings.find((f) => f.status === 'fail') ?? report.findings.find((f) => f.status === 'warn');
	if (!problem) {
		void vscode.window.showInformationMessage(`Adobe setup check for ${who}: ${summary}.`);
		return;
	}
	const actions = fixesFor(problem, report.profile);
	const message = `Adobe setup check for ${who}: ${summary}. ${problem.status === 'fail' ? '✗' : '⚠'} ${problem.title}: ${problem.cause ?? problem.detail}`;
	const buttons = [...actions.map((a) => a.title), 'Show Report'];
	const text = services.log.redact(message);
	const choice = await (report.ok ? vscode.window.showWarningMessage(text, ...buttons) : vscode.window.showErrorMessage(text, ...buttons));
	if (choice === 'Show Report') await openReport(document);
	await actions.find((a) => a.title === choice)?.run();
}

/** The buttons for a finding: its error's fixes (as a notification of that error offers), then Adobe's page. */
function fixesFor(finding: Finding, profile: string | undefined): Array<{ title: string; run(): Thenable<unknown> }> {
	const fixes = finding.error
		? actionsFor(new AdobeApiError('', finding.error), profile).filter((a) => a.title !== 'Check Setup' && a.title !== 'Show Log')
		: [];
	if (finding.id === 'token-decoded' && finding.status === 'fail') {
		fixes.push({ title: 'Refresh Token', run: () => vscode.commands.executeCommand(Commands.refreshToken) });
	}
	const docs = finding.docs;
	if (docs) fixes.push({ title: "Open Adobe's Guide", run: () => vscode.env.openExternal(vscode.Uri.parse(docs)) });
	return fixes.slice(0, 3);
}

async function openReport(document: SetupReportDocument): Promise<void> {
	try {
		await vscode.commands.executeCommand('markdown.showPreview', document.uri);
	} catch {
		// Without the built-in Markdown extension, the Markdown itself is still a readable checklist.
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(document.uri), { preview: true });
	}
}
