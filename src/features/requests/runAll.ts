/**
 * Run All: the requests of a request file (or of a selection) in order, with their `??` assertions,
 * through core/requests/runner.ts, the same sequence as the command-line runner (src/cli/). This file
 * is the editor's front door: the built-ins from the profiles and the origin rule as Send has them
 * (send.ts builtins, approveOrigin), jobs followed in the Jobs view, progress with Cancel, a summary
 * notification ("5 passed, 1 failed, 0 skipped") with Show Results, the summary as a response
 * document, and inline results after each `??` line (✓ passed / ✗ status was 404, with a hover).
 *
 * Scripted: `executeCommand('adobeApi.runAllRequests', { uri, lines?: { from, to }, bail?, profile?, prompts? })`
 * resolves to the RunSummary (core/requests/types.ts), redacted, the summary document's URI and what
 * each line shows inline (`inline: [{ line, text }]`, 0-based); it shows no notification.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AdobeApiError, invalidInput } from '../../core/common/errors';
import type { ProfileMeta } from '../../core/credentials/profiles';
import { ParsedRequestFile, parseRequestFile } from '../../core/requests/parse';
import { FollowedJob, RunnerDeps, runRequestFile, summaryLine } from '../../core/requests/runner';
import type { AssertionResult, RequestRunResult, RunSummary, VariableSources } from '../../core/requests/types';
import { isScripted } from '../../shared/profilePick';
import { withCancellableProgress } from '../../shared/progress';
import { SendDeps, approveOrigin, builtins } from './send';
import type { InlineResults } from './runResults';

interface RunTarget {
	uri: vscode.Uri;
	lines?: { from: number; to: number };
	bail: boolean;
	profile?: string;
	scripted: boolean;
	/** A scripted run's answers to `# @prompt` variables. */
	prompts?: Readonly<Record<string, unknown>>;
}

function targetOf(args: unknown): RunTarget {
	if (args instanceof vscode.Uri) return { uri: args, bail: false, scripted: false };
	if (isScripted(args)) {
		const uri = args.uri instanceof vscode.Uri ? args.uri : typeof args.uri === 'string' && args.uri ? parseUri(args.uri) : undefined;
		if (!uri) throw invalidInput('Run All Requests: "uri" must be the request file\'s URI.');
		const lines = args.lines as { from?: unknown; to?: unknown } | undefined;
		const line = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;
		if (lines !== undefined && (typeof lines !== 'object' || lines === null || !line(lines.from) || !line(lines.to))) {
			throw invalidInput('Run All Requests: "lines" must be { from, to }, 0-based line numbers.');
		}
		if (args.bail !== undefined && typeof args.bail !== 'boolean') throw invalidInput('Run All Requests: "bail" must be true or false.');
		if (args.profile !== undefined && typeof args.profile !== 'string') {
			throw invalidInput('Run All Requests: "profile" must be a profile name.');
		}
		const prompts = args.prompts;
		if (prompts !== undefined && (typeof prompts !== 'object' || prompts === null || Array.isArray(prompts))) {
			throw invalidInput('Run All Requests: "prompts" must be an object of prompt names and their values, e.g. { otp: "123456" }.');
		}
		return {
			uri,
			lines: lines && { from: lines.from as number, to: lines.to as number },
			bail: args.bail === true,
			profile: args.profile as string | undefined,
			scripted: true,
			prompts: prompts as Record<string, unknown> | undefined,
		};
	}
	const editor = vscode.window.activeTextEditor;
	if (!editor || editor.document.languageId !== 'http') {
		throw invalidInput('Open a request file (.http or .rest) to run its requests, or use the "Run All" link above its first request.');
	}
	const selection = editor.selection;
	return {
		uri: editor.document.uri,
		lines: selection.isEmpty ? undefined : { from: selection.start.line, to: selection.end.line },
		bail: false,
		scripted: false,
	};
}

function parseUri(text: string): vscode.Uri {
	return /^[a-z][\w+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text) ? vscode.Uri.parse(text, true) : vscode.Uri.file(text);
}

/** Runs the file's requests; resolves to the summary (undefined when there was nothing to run). */
export async function runAllRequests(
	deps: SendDeps,
	inline: InlineResults,
	args: unknown,
): Promise<(RunSummary & { document: string; inline: Array<{ line: number; text: string }> }) | undefined> {
	const { services } = deps;
	const target = targetOf(args);
	await services.profiles.ready();
	const document = await vscode.workspace.openTextDocument(target.uri);
	const file = parseRequestFile(document.getText());
	const name = path.basename(target.uri.path);
	if (file.requests.length === 0 && file.problems.length === 0) {
		throw invalidInput(`${name} has no request. A request starts with a line such as "GET https://…".`);
	}
	/** The profiles whose token the run used; its jobs are polled with the first. */
	const used: ProfileMeta[] = [];
	const allowed = new Set<string>();
	const sendTarget = { uri: target.uri, profile: target.profile, scripted: target.scripted, waitForJob: false };
	const run = (signal: AbortSignal | undefined, report?: (result: RequestRunResult, done: number) => void) => {
		const clients = services.clients.get();
		let done = 0;
		const runnerDeps: RunnerDeps = {
			builtins: (forceRefresh, sendSignal) => builtins(deps, sendTarget, forceRefresh, sendSignal, used, allowed),
			checkOrigin: (url) => approveOrigin(deps, url, target.scripted),
			http: clients.http,
			endpoints: clients.endpoints,
			redact: services.log.redactWith,
			send: (sendDeps) => deps.network().sendRequest(sendDeps),
			followJob: (ref, request, jobSignal) => followInJobsView(deps, target.uri, used, ref, request, jobSignal),
			sources: variableSources(deps, target),
		};
		return runRequestFile(file, runnerDeps, {
			lines: target.lines,
			bail: target.bail,
			signal,
			onResult: (result) => {
				inline.add(target.uri, file, result);
				report?.(result, ++done);
			},
		});
	};
	inline.clear(target.uri);
	const total = runStepsCount(file, target.lines);
	const summary = target.scripted
		? await run(undefined)
		: await withCancellableProgress(`Adobe: running ${total} request${total === 1 ? '' : 's'} of ${name}…`, (signal, progress) =>
				run(signal, (result, done) =>
					progress.report({
						message: `${done}/${total}: ${services.log.redact(result.label)} ${stateWord(result)}`,
						increment: 100 / Math.max(total, 1),
					}),
				),
			);
	const text = renderRunSummary(name, summary, services.log.redact);
	// The response document's name ends in .http already: "Run All chain.http", not "Run All chain.http.http".
	const documentUri = await deps.responses.show(`Run All ${name.replace(/\.(?:http|rest)$/i, '')}`, text, {
		reveal: !target.scripted && summary.failed > 0,
		source: { uri: target.uri, request: 'run all' },
	});
	services.log.info(`[request] Run All ${name}: ${summaryLine(summary)} in ${summary.durationMs} ms`);
	if (!target.scripted) {
		const show = 'Show Results';
		const notify = summary.failed > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
		void notify(`Run All ${name}: ${summaryLine(summary)}`, show).then(async (choice) => {
			if (choice === show) {
				await vscode.window.showTextDocument(documentUri, { preview: false, preserveFocus: false, viewColumn: vscode.ViewColumn.Beside });
			}
		});
	}
	const shown = [...inline.shown(target.uri)].sort(([a], [b]) => a - b).map(([line, text]) => ({ line, text }));
	return { ...summary, document: documentUri.toString(), inline: shown };
}

/** How many results a run of these lines gives (requests and broken blocks), for the progress. */
function runStepsCount(file: ParsedRequestFile, lines: RunTarget['lines']): number {
	const inside = (from: number, to: number) => !lines || (to >= lines.from && from <= lines.to);
	const inRequest = (line: number) => file.requests.some((r) => line >= r.startLine && line <= r.endLine);
	return (
		file.requests.filter((r) => inside(r.startLine, r.endLine)).length +
		file.problems.filter((p) => !inRequest(p.line) && inside(p.line, p.line)).length
	);
}

/**
 * The window's variable sources for the file (features/requests/variables.ts: the selected environment,
 * prompts, $processEnv/$dotenv in a trusted workspace), with a named request's exchange recorded as a
 * Send records it, so the squiggles know it was sent and a later Send reads it.
 */
function variableSources(deps: SendDeps, target: RunTarget): VariableSources {
	const sources = deps.variables.sources(target.uri, target.scripted ? (target.prompts ?? {}) : undefined);
	return {
		...sources,
		requests: { get: (name) => sources.requests?.get(name), set: (name, exchange) => deps.variables.record(name, exchange) },
	};
}

/**
 * The Jobs view follows the job (polling with the profile whose token the request used, as after a
 * Send), and the run waits for its end. Cancel stops the wait; the view goes on following.
 */
async function followInJobsView(
	deps: SendDeps,
	uri: vscode.Uri,
	used: ProfileMeta[],
	ref: Parameters<NonNullable<RunnerDeps['followJob']>>[0],
	request: Parameters<NonNullable<RunnerDeps['followJob']>>[1],
	signal: AbortSignal | undefined,
): Promise<FollowedJob> {
	if (!request.usesCredentials || !used[0]) {
		throw new Error('the Jobs view follows jobs of requests that use {{$adobeToken}}, whose profile then polls them');
	}
	const job = deps.jobs.start(ref, {
		title: request.label,
		profile: used[0].name,
		profileId: used[0].id,
		source: { uri: uri.toString(), line: request.line },
		interactive: false,
	});
	const finished = await untilAborted(deps.jobs.finished(job.id), signal);
	if (!finished || !finished.terminal || finished.stopped) {
		throw new Error(finished?.stopped ?? 'following the job stopped before it ended');
	}
	return finished;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return promise;
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(new AdobeApiError('Run All was cancelled.', { kind: 'cancelled' }));
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}

function stateWord(result: RequestRunResult): string {
	return result.state === 'passed' ? '✓' : result.state === 'failed' ? '✗' : result.state === 'error' ? '✗ error' : 'skipped';
}

/**
 * The summary as a response document: a line per request (✓/✗, status, duration, its line), its
 * assertions, and why it errored or was skipped; everything through the redactor.
 */
export function renderRunSummary(fileName: string, summary: RunSummary, redact: (text: string) => string): string {
	const lines = [`# Run All ${fileName}: ${summaryLine(summary)} in ${(summary.durationMs / 1000).toFixed(1)} s`, ''];
	for (const result of summary.results) {
		const answer =
			result.status !== undefined ? ` → ${result.status}${result.durationMs !== undefined ? ` in ${result.durationMs} ms` : ''}` : '';
		const job = result.job ? ` · job ${result.job.state}, ${result.job.outputs} output${result.job.outputs === 1 ? '' : 's'}` : '';
		lines.push(`${stateWord(result)} ${result.label}${answer}${job} (line ${result.line + 1})`);
		for (const assertion of result.assertions) lines.push(`    ${assertionText(assertion)}`);
		if (result.message && (result.state === 'error' || result.state === 'skipped')) lines.push(`    ${result.message}`);
	}
	return redact(lines.join('\n'));
}

function assertionText(result: AssertionResult): string {
	return result.passed ? `✓ ?? ${result.assertion.text}` : `✗ ?? ${result.assertion.text}: ${result.message}`;
}
