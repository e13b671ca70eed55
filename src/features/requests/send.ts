/**
 * The request-file commands: Send (CodeLens, palette, keybinding, scripted), New Request File,
 * Import cURL as Request and the request history. The HTTP side is core/requests/send.ts (in the
 * network bundle); this file finds the request, supplies the built-in variables from the profiles,
 * asks before a token goes to an origin that is not Adobe's, and shows what came back.
 *
 * Scripted: `executeCommand('adobeApi.sendRequest', { uri, line?, profile?, waitForJob?, prompts? })` resolves to
 * `{ status, statusText, headers, body, latencyMs, requestId?, job?, document }`, all redacted; with
 * waitForJob, `job.outputs[]` carry their pre-signed `url` (or inline `content`), which nothing stores.
 * `prompts: { name: value }` answers the request's `# @prompt` variables (a script gets no input box).
 *
 * Variables (issue #21, features/requests/variables.ts): the selected environment, `# @prompt` answers
 * (asked once per Send, also when a 401 makes it resolve again), the window's request exchanges (a
 * named request's exchange is recorded after its Send, so a later Send reads `{{name.response…}}`),
 * and `{{$processEnv}}` / `{{$dotenv}}` in a trusted workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { confirmPersonalToken } from '../../shared/personalToken';
import { confirmModal } from '../../shared/confirm';
import { askForCurl } from '../../shared/curlInput';
import { isScripted, profileNamed } from '../../shared/profilePick';
import type { ProfileMeta } from '../../core/credentials/profiles';
import { Commands, Settings } from '../../shared/constants';
import { looksLikeCurl } from '../../core/credentials/curlImport';
import { curlToRequest } from '../../core/requests/fromCurl';
import { isLoopbackHost, requestEndpoints, withoutQuery } from '../../core/common/endpoints';
import { AdobeApiError, invalidInput } from '../../core/common/errors';
import { formatMoment } from '../../core/common/format';
import { ParsedRequest, ParsedRequestFile, parseRequestFile, requestAt } from '../../core/requests/parse';
import { BuiltinValues, askPrompts, requestHost, resolveRequest } from '../../core/requests/resolve';
import { workspaceFileReader } from '../../core/requests/bodyFiles';
import { FORM_PARAM_ENCODING_STRATEGIES, FormParamEncodingStrategy } from '../../core/requests/compose';
import { ADOBE_HOSTS_IN_WORDS, credentialOriginVerdict } from '../../core/requests/origins';
import { REQUEST_TEMPLATES, RequestTemplate, fileNameForRequest } from '../../core/requests/templates';
import { renderResponseDocument } from '../../core/requests/responseDocument';
import { AssertionInput, asksAboutJob, evaluateAssertions, parseAssertions } from '../../core/requests/assertions';
import type { AssertionResult } from '../../core/requests/types';
import { InlineResults, runAllLens } from './runResults';
import type { RequestOutcome } from '../../core/requests/send';
import { withCancellableProgress } from '../../shared/progress';
import { approvedOrigins } from '../../shared/settings';
import type { JobSummary, JobsService, RequestsHost } from '../../shared/requestsHost';
import { HistoryEntry, RequestHistory } from './history';
import type { RequestVariables } from './variables';
import { openNamedRequestFile } from './newFile';
import { ResponseDocuments } from '../../shared/responseDocuments';

export interface SendDeps extends RequestsHost {
	responses: ResponseDocuments;
	jobs: JobsService;
	history: RequestHistory;
	/** Assertion results after their `??` lines (runAll.ts). */
	inline: InlineResults;
	variables: RequestVariables;
}

export interface SendResult {
	status: number;
	statusText: string;
	headers: Record<string, string>;
	body: string;
	contentType?: string;
	latencyMs: number;
	requestId?: string;
	job?: JobSummary;
	/** The response document's URI. */
	document: string;
	/** The request's `??` assertions, checked; job assertions only when the send waited for the job. */
	assertions?: AssertionResult[];
}

interface SendTarget {
	uri: vscode.Uri;
	line?: number;
	profile?: string;
	scripted: boolean;
	waitForJob: boolean;
	/** A scripted Send's answers to `# @prompt` variables. */
	prompts?: Readonly<Record<string, unknown>>;
}

/**
 * A Send link above each request, titled with the host it goes to ("Send to photoshop-api.adobe.io")
 * when that resolves without a credential (file variables, {{$adobeEndpoint …}} from the settings),
 * so that a variable redefined far below shows here; the generic title otherwise. A request with a
 * problem gets the problem instead.
 */
export async function requestCodeLenses(deps: SendDeps, document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
	const file = parseRequestFile(document.getText());
	let endpoints: ReturnType<typeof requestEndpoints> | undefined;
	try {
		endpoints = requestEndpoints(deps.services.clients.get().endpoints);
	} catch {
		// Invalid endpoint settings: {{$adobeEndpoint …}} does not resolve, the title stays generic.
	}
	// The selected environment and this window's exchanges, as a Send sees them (nothing is asked or read beyond them).
	const environment = deps.variables.selected();
	const lensSources = { environment: environment.variables, environmentName: environment.name, requests: deps.variables.exchanges };
	const lenses = await Promise.all(
		file.requests.map(async (request) => {
			const range = new vscode.Range(request.line, 0, request.line, 0);
			const problems = problemsOf(file, request);
			if (problems.length > 0) return new vscode.CodeLens(range, { title: `$(warning) ${problems[0]}`, command: '' });
			const target = new vscode.Location(document.uri, new vscode.Position(request.line, 0));
			const host = await requestHost(
				file,
				request,
				(name) => {
					if (!endpoints) throw new AdobeApiError('The endpoint settings are not valid.', { kind: 'config' });
					return endpoints[name];
				},
				lensSources,
			);
			const title = host ? `$(send) Send to ${deps.services.log.redact(host)}` : '$(send) Send with Adobe profile';
			return new vscode.CodeLens(range, {
				title,
				tooltip: `${request.method} ${request.url}`,
				command: Commands.sendRequest,
				arguments: [target],
			});
		}),
	);
	const runAll = runAllLens(file, document.uri);
	return runAll ? [runAll, ...lenses] : lenses;
}

export async function sendRequest(deps: SendDeps, args: unknown): Promise<SendResult | undefined> {
	const { services } = deps;
	const target = targetOf(args);
	await services.profiles.ready();
	const document = await vscode.workspace.openTextDocument(target.uri);
	const file = parseRequestFile(document.getText());
	const request = requestAt(file, target.line);
	if (!request) {
		throw invalidInput(
			`${path.basename(target.uri.path)} has no request${target.line === undefined ? '' : ` at or below line ${target.line + 1}`}. A request starts with a line such as "GET https://…".`,
		);
	}
	const problems = problemsOf(file, request);
	if (problems.length > 0) {
		throw invalidInput(`${path.basename(target.uri.path)}: ${problems.join(' ')}`, { code: 'request_file_invalid' });
	}

	const sentAt = new Date();
	const label = request.name ?? `${request.method} ${hostOf(request.url)}`;
	/** The profiles whose token or Client ID the request used; a job it starts is polled with the first. */
	const used: ProfileMeta[] = [];
	/** Signed-in profiles the user let this scripted send act as (asked once, also across a 401's second try). */
	const allowed = new Set<string>();
	const sources = deps.variables.sources(target.uri, target.scripted ? (target.prompts ?? {}) : undefined);
	// Each `# @prompt` once per Send, before anything is sent, also when a 401 makes the request resolve again (REST Client asks once per Send too).
	const answers = await askPrompts(request, sources);
	if (!answers) throw new AdobeApiError('The request was not sent: a prompt was dismissed.', { kind: 'cancelled' });
	const send = (signal: AbortSignal | undefined) => {
		const clients = services.clients.get();
		return deps.network().sendRequestFileRequest({
			http: clients.http,
			endpoints: clients.endpoints,
			resolve: (forceRefresh) =>
				resolveRequest(
					file,
					request,
					builtins(deps, target, forceRefresh, signal, used, allowed),
					(url) => approveOrigin(deps, url, target.scripted),
					signal,
					sources,
					answers,
				),
			redact: services.log.redactWith,
			signal,
		});
	};
	let sent: Awaited<ReturnType<typeof send>>;
	try {
		sent = target.scripted ? await send(undefined) : await withCancellableProgress(`Adobe: sending ${label}…`, (signal) => send(signal));
	} catch (error) {
		await deps.history.add({
			...historyOf(deps, request, target, sentAt),
			error: services.log.redact(error instanceof Error ? error.message : String(error)),
		});
		throw error;
	}
	const { request: resolved, outcome } = sent;
	// Unredacted, in this window's memory only: what {{name.response…}} reads in a later Send.
	deps.variables.record(request.name, sent.exchange);
	services.log.info(
		`[request] ${resolved.display.method} ${withoutQuery(resolved.display.url, true)} → ${outcome.status} in ${outcome.latencyMs} ms`,
	);
	await deps.history.add({
		...historyOf(deps, request, target, sentAt),
		status: outcome.status,
		latencyMs: outcome.latencyMs,
		requestId: outcome.requestId,
	});

	const profile = used[0] ?? safeProfile(deps, target.profile);
	const profileName = profile?.name;
	// Polls carry the token: only for a request that used it, and with the profile it used.
	const job =
		outcome.job && resolved.usesCredentials && used[0]
			? deps.jobs.start(outcome.job, {
					title: label,
					profile: profileName,
					profileId: used[0].id,
					source: { uri: target.uri.toString(), line: request.line },
					interactive: !target.scripted,
				})
			: undefined;
	const notFollowed =
		outcome.job && !job
			? 'This answer is a job; the Jobs view follows jobs of requests that use {{$adobeToken}}, whose profile then polls it.'
			: undefined;
	// A binary body that holds a credential (an echo the text redaction could not see) is not written to disk.
	const leaks = outcome.bytes !== undefined && resolved.secrets.some((secret) => secret.length >= 6 && outcome.bytes!.includes(secret));
	// The request the response answers: its own response editor under adobeApi.requests.responseEditor "perRequest".
	const source = { uri: target.uri, request: request.name ?? `line ${request.line + 1}` };
	const bytes =
		outcome.bytes && !leaks
			? await deps.responses.showBytes(request.name ?? 'response', outcome.contentType, outcome.bytes, !target.scripted, source)
			: undefined;
	// The request's ?? assertions: checked now, those about the job once the Jobs view has followed it to its end.
	const { assertions } = parseAssertions(request.assertions);
	const answer: AssertionInput = { status: outcome.status, headers: outcome.headers, body: outcome.body, durationMs: outcome.latencyMs };
	const waitsForJob = job !== undefined && assertions.some(asksAboutJob);
	if (outcome.job && !job) answer.jobProblem = 'the Jobs view follows only jobs of requests that use {{$adobeToken}}';
	const checked = evaluateAssertions(
		assertions.filter((a) => !waitsForJob || !asksAboutJob(a)),
		answer,
		services.log.redact,
	);
	const render = (results: AssertionResult[], pending?: string) =>
		renderResponseDocument(
			{
				display: resolved.display,
				outcome,
				profile: resolved.usesCredentials ? profileName : undefined,
				sentAt,
				bytesNote: leaks
					? 'not saved: it contains a credential the request sent'
					: bytes
						? bytes.image
							? 'opened in the image preview'
							: `saved to ${bytes.path}`
						: undefined,
				jobNote: job ? `This answer started a job (${job.api}${job.jobId ? ` ${job.jobId}` : ''}): the Jobs view follows it.` : notFollowed,
				assertions: results,
				pendingAssertions: pending,
			},
			services.log.redact,
		);
	const pending = waitsForJob ? 'the job assertions are checked when the job ends' : undefined;
	const documentUri = await deps.responses.show(`Response ${label}`, render(checked, pending), { reveal: true, source });
	deps.inline.showAssertions(target.uri, checked);
	/** All the assertions once the job ended: the document shows them in place of the first one, and the lines too. */
	const withJob = async (summary: JobSummary | undefined) => {
		const ended = summary?.terminal && !summary.stopped;
		const results = evaluateAssertions(
			assertions,
			ended
				? { ...answer, job: { state: summary.state, outputs: summary.outputs.length, error: summary.errors[0]?.message } }
				: { ...answer, jobProblem: `the job was not followed to its end${summary?.stopped ? `: ${summary.stopped}` : ''}` },
			services.log.redact,
		);
		deps.inline.showAssertions(target.uri, results);
		return { results, uri: await deps.responses.show(`Response ${label}`, render(results), { reveal: true, source }) };
	};
	// A script that waited gets the outputs' pre-signed URLs to fetch them (as adobe_get_job does); the view stores none.
	const finished = job && target.waitForJob ? await deps.jobs.finished(job.id, { withUrls: true }) : job;
	if (waitsForJob && target.waitForJob) {
		const done = await withJob(finished);
		return { ...publicOutcome(outcome), job: finished, document: done.uri.toString(), assertions: done.results };
	}
	if (waitsForJob && job) {
		void deps.jobs
			.finished(job.id)
			.then(withJob, (error: unknown) => services.log.warn(`[request] job assertions: ${services.log.redact(String(error))}`));
	}
	return {
		...publicOutcome(outcome),
		job: finished,
		document: documentUri.toString(),
		...(assertions.length > 0 ? { assertions: checked } : {}),
	};
}

/** What a scripted caller gets: the outcome without the raw bytes or the job's internals. */
function publicOutcome(outcome: RequestOutcome): Omit<SendResult, 'document' | 'job'> {
	return {
		status: outcome.status,
		statusText: outcome.statusText,
		headers: outcome.headers,
		body: outcome.body,
		contentType: outcome.contentType,
		latencyMs: outcome.latencyMs,
		requestId: outcome.requestId,
	};
}

/** The request's own problems and those of the file variables (outside every request). */
function problemsOf(file: ParsedRequestFile, request: ParsedRequest): string[] {
	const inRequest = (line: number) => line >= request.startLine && line <= request.endLine;
	const inAnyRequest = (line: number) => file.requests.some((r) => line >= r.startLine && line <= r.endLine);
	const own = file.problems.filter((problem) => inRequest(problem.line) || !inAnyRequest(problem.line));
	// A ?? line that does not parse stops the Send as Run All reports it (runner.ts): an unchecked assertion would read as passed.
	return [...own, ...parseAssertions(request.assertions).problems].map((problem) => problem.message);
}

function targetOf(args: unknown): SendTarget {
	if (args instanceof vscode.Location) return { uri: args.uri, line: args.range.start.line, scripted: false, waitForJob: false };
	if (isScripted(args)) {
		const uri = args.uri instanceof vscode.Uri ? args.uri : typeof args.uri === 'string' && args.uri ? parseUri(args.uri) : undefined;
		if (!uri) throw invalidInput('Send Request: "uri" must be the request file\'s URI.');
		if (args.line !== undefined && (typeof args.line !== 'number' || !Number.isInteger(args.line) || args.line < 0)) {
			throw invalidInput('Send Request: "line" must be a 0-based line number.');
		}
		if (args.profile !== undefined && typeof args.profile !== 'string') {
			throw invalidInput('Send Request: "profile" must be a profile name.');
		}
		const prompts = args.prompts;
		if (prompts !== undefined && (typeof prompts !== 'object' || prompts === null || Array.isArray(prompts))) {
			throw invalidInput('Send Request: "prompts" must be an object of prompt names and their values, e.g. { otp: "123456" }.');
		}
		return {
			uri,
			line: args.line as number | undefined,
			profile: args.profile as string | undefined,
			scripted: true,
			waitForJob: args.waitForJob === true,
			prompts: prompts as Record<string, unknown> | undefined,
		};
	}
	const editor = vscode.window.activeTextEditor;
	if (!editor || editor.document.languageId !== 'http') {
		throw invalidInput(
			'Open a request file (.http or .rest) and put the cursor in a request, or use the "Send with Adobe profile" link above it.',
		);
	}
	return { uri: editor.document.uri, line: editor.selection.active.line, scripted: false, waitForJob: false };
}

function parseUri(text: string): vscode.Uri {
	return /^[a-z][\w+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text) ? vscode.Uri.parse(text, true) : vscode.Uri.file(text);
}

/** The built-in variables' values: tokens and Client IDs from the profiles, base URLs from the settings. */
export function builtins(
	deps: SendDeps,
	target: SendTarget,
	forceRefresh: boolean,
	signal: AbortSignal | undefined,
	used: ProfileMeta[],
	allowed: Set<string>,
): BuiltinValues {
	const { services } = deps;
	const profileFor = (name: string | undefined) => {
		const profile = profileNamed(services, name ?? target.profile);
		if (!used.some((p) => p.id === profile.id)) used.push(profile);
		return profile;
	};
	return {
		token: async (name) => {
			const profile = profileFor(name);
			// A script sending as a signed-in user acts as that person at Adobe and gets the answers:
			// the same yes as for the personal token itself (features/signIn/personalToken.ts). The user's own Send asks nothing.
			if (target.scripted && profile.signedIn && !allowed.has(profile.id)) {
				await confirmPersonalToken(services, profile, 'scriptedRequest');
				allowed.add(profile.id);
			}
			return (await services.tokens.getToken(profile.id, { forceRefresh, signal })).accessToken;
		},
		clientId: async (name) => (await services.profiles.credential(profileFor(name).id)).clientId,
		endpoint: (name) => requestEndpoints(services.clients.get().endpoints)[name],
		readFile: bodyFileReader(target.uri),
		formParamEncodingStrategy: formParamEncodingStrategy(target.uri),
	};
}

/** `< ./file` bodies of a saved file in a workspace folder, read only from inside that folder (core/requests/bodyFiles.ts). */
function bodyFileReader(uri: vscode.Uri): BuiltinValues['readFile'] {
	const folder = uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
	return folder && workspaceFileReader({ workspaceRoot: folder.uri.fsPath, requestFileDir: path.dirname(uri.fsPath) });
}

/** REST Client's own setting, read (not contributed) so a file written for it sends the same form body. */
function formParamEncodingStrategy(uri: vscode.Uri): FormParamEncodingStrategy | undefined {
	const value = vscode.workspace.getConfiguration('rest-client', uri).get<string>('formParamEncodingStrategy');
	return FORM_PARAM_ENCODING_STRATEGIES.find((strategy) => strategy === value);
}

/**
 * The request uses {{$adobeToken}} or {{$adobeClientId}}, or a sensitive value ({{$processEnv}}, {{$dotenv}},
 * a request variable read from an Adobe answer; resolve.ts): Adobe's hosts and the configured endpoints
 * may have them; any other origin only once the user says so in a modal dialog (and then for good,
 * in the adobeApi.requests.approvedOrigins user setting). Plain http leaves the machine unencrypted: refused.
 */
/** What makes a request pass the origin check, for its messages. */
const CARRIED =
	'{{$adobeToken}}, {{$adobeClientId}} or a sensitive value ({{$processEnv}}, {{$dotenv}}, a request variable read from an Adobe answer)';

export async function approveOrigin(deps: SendDeps, url: URL, scripted: boolean): Promise<void> {
	const verdict = credentialOriginVerdict(url, requestEndpoints(deps.services.clients.get().endpoints), approvedOrigins());
	if (verdict.allowed) return;
	if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
		throw invalidInput(
			`Not sent: the request uses ${CARRIED} over plain http to ${verdict.host}, where anyone on the way could read them. Use https.`,
			{ code: 'origin_not_approved' },
		);
	}
	const confirm = deps.services.confirm ?? confirmModal;
	const approved = await confirm(
		scripted
			? `A command (from an extension or a task) asks to send your Adobe token, Client ID or other sensitive values to ${verdict.host}. Allow?`
			: `Send your Adobe token, Client ID or other sensitive values to ${verdict.host}?`,
		`This request uses ${CARRIED} and goes to ${verdict.origin}, which is not ${ADOBE_HOSTS_IN_WORDS} or a configured endpoint. ` +
			'Whoever runs it could call Adobe as you until the token expires. Allow it only for a host you run or trust. ' +
			(scripted ? 'This allows this one request.' : 'The approval is kept in the adobeApi.requests.approvedOrigins setting.'),
		scripted ? 'Allow Once' : 'Allow and Send',
	);
	if (!approved) {
		throw invalidInput(
			`Not sent: the request goes to ${verdict.host}, which is not ${ADOBE_HOSTS_IN_WORDS}, a configured endpoint or an origin you approved, and it uses ${CARRIED}.`,
			{ code: 'origin_not_approved' },
		);
	}
	if (scripted) {
		deps.services.log.info(`[request] you allowed a command to send the token and Client ID to ${verdict.origin}, once`);
		return;
	}
	await vscode.workspace
		.getConfiguration()
		.update(Settings.approvedOrigins, [...approvedOrigins(), verdict.origin], vscode.ConfigurationTarget.Global);
	deps.services.log.info(`[request] you approved ${verdict.origin} for the token and Client ID`);
}

/**
 * The request as written, for the history, without its query: a pre-signed URL's signature or a token
 * pasted into the URL would otherwise outlive the file in workspaceState.
 */
function historyOf(deps: SendDeps, request: ParsedRequest, target: SendTarget, at: Date) {
	const redact = deps.services.log.redact;
	return {
		at: at.getTime(),
		method: request.method,
		url: redact(withoutQuery(request.url, true)),
		name: request.name,
		profile: target.profile,
		file: target.uri.toString(),
		line: request.line,
	};
}

function safeProfile(deps: SendDeps, name: string | undefined): { name: string; id: string } | undefined {
	try {
		return profileNamed(deps.services, name);
	} catch {
		return undefined;
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url.length > 60 ? `${url.slice(0, 57)}…` : url;
	}
}

export async function newRequestFile(args: unknown): Promise<{ uri: string } | undefined> {
	let template: RequestTemplate;
	if (isScripted(args)) {
		const found = REQUEST_TEMPLATES.find((t) => t.id === args.template);
		if (!found) {
			throw invalidInput(`New Request File: "template" must be one of ${REQUEST_TEMPLATES.map((t) => t.id).join(', ')}.`);
		}
		template = found;
	} else {
		const picked = await vscode.window.showQuickPick(
			REQUEST_TEMPLATES.map((t) => ({ label: t.label, detail: t.detail, template: t })),
			{ title: 'New Adobe Request File', placeHolder: 'Start from which call?', matchOnDetail: true },
		);
		if (!picked) return undefined;
		template = picked.template;
	}
	const document = await openNamedRequestFile(template.fileName, template.text);
	await vscode.window.showTextDocument(document);
	return { uri: document.uri.toString() };
}

export async function importCurlAsRequest(
	deps: SendDeps,
	args: unknown,
): Promise<{ text: string; warnings: string[]; uri: string } | undefined> {
	let command: string | undefined;
	if (isScripted(args)) {
		if (typeof args.content !== 'string') {
			throw invalidInput('Import cURL as Request: "content" must be the text of the cURL command.');
		}
		command = args.content;
	} else {
		command = await askForCurl({
			title: 'Import cURL Command as Request',
			prompt:
				'Paste a cURL command (the Developer Console\'s "View cURL command", or an example from Adobe\'s docs). It is read, not run; secrets and tokens become built-in variables.',
			placeHolder: "curl -X GET 'https://image.adobe.io/pie/psdService/hello' -H 'Authorization: Bearer …'",
			looksLikeCurl,
		});
		if (!command) return undefined;
	}
	const { text, warnings } = curlToRequest(command);
	const clean = deps.services.log.redact(text);
	const document = await openNamedRequestFile(fileNameForRequest(parseRequestFile(clean).requests[0]?.url), clean);
	await vscode.window.showTextDocument(document);
	if (!isScripted(args) && warnings.length > 0) void vscode.window.showInformationMessage(deps.services.log.redact(warnings.join(' ')));
	return { text: clean, warnings: warnings.map(deps.services.log.redact), uri: document.uri.toString() };
}

/** Scripted (`{}`): resolves to the entries, newest first, without showing anything. */
export async function showRequestHistory(deps: SendDeps, args: unknown): Promise<HistoryEntry[]> {
	const entries = deps.history.entries();
	if (isScripted(args)) return entries;
	if (entries.length === 0) {
		void vscode.window
			.showInformationMessage(
				'No requests sent from this workspace yet. Send one with the "Send with Adobe profile" link in a .http file.',
				'New Request File',
			)
			.then((choice) => {
				if (choice) void vscode.commands.executeCommand(Commands.newRequestFile);
			});
		return entries;
	}
	const picked = await vscode.window.showQuickPick(
		entries.map((entry) => ({
			label: `${entry.status !== undefined ? (entry.status < 400 ? '$(pass)' : '$(error)') : '$(circle-slash)'} ${entry.method} ${entry.url}`,
			description: [
				entry.status ?? 'not sent',
				entry.latencyMs !== undefined ? `${entry.latencyMs} ms` : undefined,
				formatMoment(entry.at, Date.now()),
			]
				.filter(Boolean)
				.join(' · '),
			detail: [
				entry.name,
				entry.profile,
				entry.error,
				entry.file ? `${path.basename(vscode.Uri.parse(entry.file).path)}:${(entry.line ?? 0) + 1}` : undefined,
			]
				.filter(Boolean)
				.join(' · '),
			entry,
		})),
		{ title: 'Adobe: Request History', placeHolder: 'Open the request file at a request', matchOnDescription: true, matchOnDetail: true },
	);
	if (picked?.entry.file) {
		let uri = vscode.Uri.parse(picked.entry.file);
		// A new request file (features/requests/newFile.ts) saved since then: the file it became.
		if (
			uri.scheme === 'untitled' &&
			uri.path.startsWith('/') &&
			!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())
		) {
			uri = uri.with({ scheme: 'file' });
		}
		const document = await vscode.workspace.openTextDocument(uri);
		const position = new vscode.Position(picked.entry.line ?? 0, 0);
		await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
	}
	return entries;
}
