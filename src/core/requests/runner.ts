/**
 * Running the requests of a request file in order, with their assertions (assertions.ts): the one
 * sequence behind the editor's Run All (features/requests/runAll.ts) and the command-line runner
 * (src/cli/). For each request, in file order:
 *
 *   1. its `# @prompt` variables are asked for (VariableSources.prompt; undefined = Cancel: the rest is skipped);
 *   2. it resolves (resolve.ts: variables, the origin check before any credential or sensitive value,
 *      request variables from the exchange store, so `{{login.response.body.$.token}}` reads the
 *      `login` request sent earlier in the same run);
 *   3. it is sent (send.ts sendRequestFileRequest: one retry with a fresh token after a 401);
 *   4. when an assertion asks about the job the answer started (`?? job state == succeeded`), the job
 *      is followed to its end (core/jobs followJob, bounded by its own limits, and by Cancel);
 *   5. its assertions are checked against the redacted answer, and `onResult` is called.
 *
 * A block with a problem (a malformed line, an assertion that does not parse) ends as 'error' with
 * the problem's line-numbered message and the run goes on with the next request; an error while
 * resolving or sending (refused origin, network) is 'error' too. With `bail`, the first failed or
 * errored request skips the rest; Cancel (options.signal) skips what has not ended. A request
 * without assertions passes when an answer came, whatever its status (httpYac's rule: only an
 * assertion fails a request); write `?? status < 400` to fail on errors.
 *
 * Everything in a result is redacted (deps.redact with the request's secrets): the CLI prints it,
 * the editor shows it. Nothing here imports VS Code.
 */
import type { JobRef, JobStatus } from '../jobs';

import type { Endpoints } from '../common/endpoints';
import type { HttpClient } from '../common/http';
import { isAdobeApiError } from '../common/errors';
import { ParsedRequest, ParsedRequestFile, RequestFileProblem } from './parse';
import { BuiltinValues, PromptAnswers, ResolvedRequest, askPrompts, resolveRequest, resolvesAlone } from './resolve';
import type { SendDeps, SentRequest } from './send';
import type { AssertionResult, RequestRunResult, RunOptions, RunSummary, VariableSources } from './types';
import { AssertionInput, ParsedAssertion, asksAboutJob, evaluateAssertions, parseAssertions } from './assertions';

/**
 * How a followed job ended: core/jobs followJob's JobStatus (the CLI), or the Jobs view's summary
 * (the editor), which both have these. Rejects when the job could not be followed to its end.
 */
export type FollowedJob = Pick<JobStatus, 'state'> & { outputs: readonly unknown[]; errors: ReadonlyArray<{ message: string }> };

/** The request whose answer started the job: its label and line (for the Jobs view), and whether it carried the token. */
export interface FollowedRequest {
	label: string;
	line: number;
	usesCredentials: boolean;
	secrets: readonly string[];
}

/** What a front door (the editor, the CLI) supplies to run a file. */
export interface RunnerDeps {
	/** The built-ins' values ($adobeToken, $adobeClientId, $adobeEndpoint); `forceRefresh` after a 401 asks for a fresh token. */
	builtins(forceRefresh: boolean, signal?: AbortSignal): BuiltinValues;
	/**
	 * Throws when a request that uses a credential or a sensitive value may not go to `url`
	 * (origins.ts credentialOriginVerdict). Called before any such value is read. The CLI never asks:
	 * it refuses ("refused: …"); the editor may ask in a modal.
	 */
	checkOrigin(url: URL): Promise<void>;
	http: HttpClient;
	endpoints: Endpoints;
	/** Removes `secrets` (the request's), registered secrets and secret-looking values (the log's redactor). */
	redact(text: string, secrets: readonly string[]): string;
	/**
	 * Sends one request: core/requests/send.ts sendRequest (the editor takes it from dist/network.js, so
	 * the requests bundle loads no HTTP stack). The answer is described (`outcome()`) only when checked.
	 */
	send(deps: SendDeps): Promise<SentRequest>;
	/**
	 * Follows a job the answer started to its end (core/jobs followJob with the front door's
	 * credentials and origin check). Absent: a `?? job …` assertion fails saying jobs are not followed here.
	 * `usesCredentials`: the request carried the token, so polls may too.
	 */
	followJob?(ref: JobRef, request: FollowedRequest, signal?: AbortSignal): Promise<FollowedJob>;
	/** Environment, prompts, request variables (an in-memory store for the run or the window), .env, files. */
	sources?: VariableSources;
	/** Milliseconds, for the summary's duration (tests fix it). */
	now?(): number;
}

/** A request to run, or a block that did not become one. */
type Step = { request: ParsedRequest; line: number } | { problem: RequestFileProblem; line: number };

/** `# @name`, or "METHOD host" (the host as written when it does not parse yet: `{{base}}/x`). */
export function requestLabel(request: ParsedRequest): string {
	if (request.name) return request.name;
	let host: string;
	try {
		host = new URL(request.url).host;
	} catch {
		host = request.url.length > 60 ? `${request.url.slice(0, 57)}…` : request.url;
	}
	return `${request.method} ${host}`;
}

/** The problems inside a request's block (its own lines), in line order. */
function problemsIn(file: ParsedRequestFile, request: ParsedRequest): RequestFileProblem[] {
	return file.problems.filter((p) => p.line >= request.startLine && p.line <= request.endLine);
}

/**
 * What a run goes through, in file order: the requests, and each problem that lies outside every
 * request's block (a malformed request line leaves no request behind: its block is reported as an
 * error so that it is not silently left out). With `lines`, only what intersects them.
 */
export function runSteps(file: ParsedRequestFile, lines?: RunOptions['lines']): Step[] {
	const inside = (from: number, to: number) => !lines || (to >= lines.from && from <= lines.to);
	const steps: Step[] = file.requests.filter((r) => inside(r.startLine, r.endLine)).map((request) => ({ request, line: request.line }));
	const inRequest = (line: number) => file.requests.some((r) => line >= r.startLine && line <= r.endLine);
	for (const problem of file.problems) {
		if (!inRequest(problem.line) && inside(problem.line, problem.line)) steps.push({ problem, line: problem.line });
	}
	return steps.sort((a, b) => a.line - b.line);
}

/**
 * Runs the file's requests (or those a selection touches) in order; never throws for a request's failure.
 *
 * A request's answer is checked while the next request is on its way, when nothing waits for the check:
 * without `bail` (which must know before sending on) and without a `?? job` assertion (the job is
 * followed before the next request goes). Its check then starts once the next request has been written
 * (afterNextWrite), so the answer's redaction and assertions cost no time between two requests. Results
 * are still reported in file order, each before the next one's.
 *
 * Likewise the next request is prepared while the one before it is on its way, once that one has been
 * written (prepareEarly): its assertions are parsed and, without `bail`, when it resolves alone
 * (resolve.ts resolvesAlone: no prompt, request variable, credential, environment read or clock), it is
 * resolved. It is still sent only when the answer before it has come.
 */
export async function runRequestFile(file: ParsedRequestFile, deps: RunnerDeps, options: RunOptions = {}): Promise<RunSummary> {
	const now = deps.now ?? Date.now;
	const started = now();
	const results: RequestRunResult[] = [];
	const steps = runSteps(file, options.lines);
	let stopped: string | undefined;
	/** The results reported so far: each report waits for the one before it. */
	let reported: Promise<void> = Promise.resolve();
	const report = (result: RequestRunResult) => {
		results.push(result);
		options.onResult?.(result);
		if (options.bail && !stopped && (result.state === 'failed' || result.state === 'error')) {
			stopped = `${result.label} (line ${result.line + 1}) ${result.state === 'failed' ? 'failed' : 'errored'}, and the run stops at the first failure (bail)`;
		}
	};
	/** A report that threw (the front door's onResult broke): the run ends with its error at the next step. */
	let broken: { error: unknown } | undefined;
	/** The next request, prepared while the one before it is on its way (prepareEarly). */
	let early: { request: ParsedRequest; work: Promise<EarlyWork | undefined> } | undefined;
	for (let index = 0; index < steps.length; index++) {
		const step = steps[index];
		if (broken) throw broken.error;
		const label = 'request' in step ? requestLabel(step.request) : `line ${step.line + 1}`;
		if (options.signal?.aborted) stopped ??= 'cancelled';
		if (stopped) {
			await reported;
			report({ label, line: step.line, state: 'skipped', assertions: [], message: stopped });
		} else if ('problem' in step) {
			await reported;
			report({ label, line: step.line, state: 'error', assertions: [], message: deps.redact(step.problem.message, []) });
		} else {
			const prepared = early?.request === step.request ? early.work : undefined;
			const running = runOne(file, step.request, deps, options, prepared);
			const next = steps[index + 1];
			early = next && 'request' in next ? { request: next.request, work: prepareEarly(file, next.request, deps, options) } : undefined;
			const ran = await running;
			if (typeof ran === 'function') {
				const before = reported;
				reported = afterNextWrite()
					.then(() => before)
					.then(ran)
					.then(report);
				// Handled here, so that it is not an unhandled rejection until the loop or the end awaits it.
				reported.catch((error: unknown) => (broken ??= { error }));
				continue;
			}
			await reported;
			// Cancel (during a send, a job or at a prompt) skips the rest.
			if (ran.state === 'skipped') stopped = 'cancelled';
			report(ran);
		}
	}
	await reported;
	const count = (state: RequestRunResult['state']) => results.filter((r) => r.state === state).length;
	const errors = count('error');
	return {
		passed: count('passed'),
		failed: count('failed') + errors,
		skipped: count('skipped'),
		errors,
		results,
		durationMs: now() - started,
	};
}

/** What is worked out for a request while the one before it is on its way: its assertions, and maybe its resolution. */
interface EarlyWork {
	assertions: ReturnType<typeof parseAssertions>;
	/** Without `bail`, when it resolves alone (resolve.ts resolvesAlone); a failure is kept for the request's turn. */
	resolved?: Promise<ResolvedRequest>;
}

/**
 * Prepares the request two turns after the request before it was asked for (afterNextWrite: after
 * undici's write, unless that one still waits for a prompt, an origin check or a token): the time until
 * its answer comes is otherwise idle. Its assertions are parsed; without `bail` (which must not look past
 * a failure), a request that resolves alone (nothing from earlier answers, from the user or from the
 * clock) is also resolved. Never rejects: anything that throws here is left for the request's own turn,
 * where it is done again and reported in order.
 */
async function prepareEarly(
	file: ParsedRequestFile,
	request: ParsedRequest,
	deps: RunnerDeps,
	options: RunOptions,
): Promise<EarlyWork | undefined> {
	await afterNextWrite();
	try {
		const assertions = parseAssertions(request.assertions);
		if (options.bail || !resolvesAlone(file, request)) return { assertions };
		const signal = options.signal;
		const resolved = resolveRequest(
			file,
			request,
			deps.builtins(false, signal),
			(url) => deps.checkOrigin(url),
			signal,
			deps.sources ?? {},
			{},
		);
		resolved.catch(() => undefined); // not unhandled meanwhile: runOne awaits it, and meets the same failure
		return { assertions, resolved };
	} catch {
		return undefined;
	}
}

/**
 * Resolves two turns of the event loop from now. undici writes a request on a kept-alive connection in
 * the turn after it was asked to (a setImmediate that first reads whatever the server sent on the idle
 * socket: lib/dispatcher/client-h1.js scheduleIdleSocketValidation), and the next request is asked for
 * after this is called; an immediate queued while immediates run waits for the following turn.
 */
function afterNextWrite(): Promise<void> {
	return new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
}

const NO_SECRETS: readonly string[] = [];

/**
 * One request: its result, or, when its answer came and its check may wait (runRequestFile), the
 * function that checks it (it never rejects).
 */
async function runOne(
	file: ParsedRequestFile,
	request: ParsedRequest,
	deps: RunnerDeps,
	options: RunOptions,
	prepared?: Promise<EarlyWork | undefined>,
): Promise<RequestRunResult | (() => Promise<RequestRunResult>)> {
	const signal = options.signal;
	const label = requestLabel(request);
	const base = { label, line: request.line, assertions: [] as AssertionResult[] };
	const early = prepared && (await prepared);
	const parsed = early ? early.assertions : parseAssertions(request.assertions);
	let resolvedEarly = early ? early.resolved : undefined;
	if (file.problems.length > 0 || parsed.problems.length > 0) {
		const problem = [...problemsIn(file, request), ...parsed.problems].sort((a, b) => a.line - b.line)[0];
		if (problem) return { ...base, state: 'error', message: deps.redact(problem.message, []) };
	}

	const sources = deps.sources ?? {};
	let answers: PromptAnswers | undefined;
	try {
		// Each prompt is asked once per send (also when a 401 makes the request resolve again).
		answers = request.prompts.length > 0 ? await askPrompts(request, sources) : {};
	} catch (error) {
		return { ...base, state: 'error', message: deps.redact(error instanceof Error ? error.message : String(error), []) };
	}
	if (answers === undefined) return { ...base, state: 'skipped', message: 'cancelled at a prompt' };
	const prompted = answers;

	let secrets: readonly string[] = NO_SECRETS;
	const failed = (error: unknown): RequestRunResult => {
		const cancelled = signal?.aborted || (isAdobeApiError(error) && error.kind === 'cancelled');
		const message = deps.redact(error instanceof Error ? error.message : String(error), secrets);
		return { ...base, state: cancelled ? 'skipped' : 'error', message: cancelled ? 'cancelled' : message };
	};
	try {
		const sent = await deps.send({
			http: deps.http,
			endpoints: deps.endpoints,
			resolve: async (forceRefresh) => {
				// Resolved early (prepareEarly) for the first send; a send again after a 401 resolves again.
				const first = forceRefresh ? undefined : resolvedEarly;
				resolvedEarly = undefined;
				const resolved = await (first ??
					resolveRequest(file, request, deps.builtins(forceRefresh, signal), (url) => deps.checkOrigin(url), signal, sources, prompted));
				secrets = resolved.secrets;
				return resolved;
			},
			redact: deps.redact,
			signal,
		});
		if (request.name) sources.requests?.set(request.name, sent.exchange);
		if (options.bail || parsed.assertions.some(asksAboutJob)) return await check(parsed.assertions, sent, deps, signal, base);
		return () => check(parsed.assertions, sent, deps, signal, base).catch(failed);
	} catch (error) {
		return failed(error);
	}
}

/**
 * What the assertions read of an answer. It is described (redacted, its job detected) only for an
 * assertion that reads its headers, body or job: `?? status == 200` needs none of that. (A class: an
 * object literal with getters costs a closure and an accessor pair per request, npm run bench.)
 */
class AnswerInput implements AssertionInput {
	readonly status: number;
	readonly durationMs: number;
	job?: AssertionInput['job'];
	jobProblem?: string;

	constructor(private readonly sent: SentRequest) {
		this.status = sent.status;
		this.durationMs = sent.latencyMs;
	}

	get headers(): Readonly<Record<string, string>> {
		return this.sent.outcome().headers;
	}

	get body(): string {
		return this.sent.outcome().body;
	}
}

/** Follows the job when asked, then checks the assertions. */
async function check(
	assertions: ParsedAssertion[],
	sent: SentRequest,
	deps: RunnerDeps,
	signal: AbortSignal | undefined,
	base: { label: string; line: number; assertions: AssertionResult[] },
): Promise<RequestRunResult> {
	const resolved = sent.request;
	const input = new AnswerInput(sent);
	let job: RequestRunResult['job'];
	const startedJob = assertions.some(asksAboutJob) ? sent.outcome().job : undefined;
	if (startedJob) {
		if (!deps.followJob) {
			input.jobProblem = 'jobs are not followed here';
		} else {
			try {
				const status = await deps.followJob(
					startedJob,
					{ label: base.label, line: base.line, usesCredentials: resolved.usesCredentials, secrets: resolved.secrets },
					signal,
				);
				input.job = { state: status.state, outputs: status.outputs.length, error: status.errors[0]?.message };
				job = { ref: startedJob, state: status.state, outputs: status.outputs.length };
			} catch (error) {
				if (signal?.aborted || (isAdobeApiError(error) && error.kind === 'cancelled')) {
					return {
						...base,
						state: 'skipped',
						status: sent.status,
						durationMs: sent.latencyMs,
						message: 'cancelled while following the job',
					};
				}
				input.jobProblem = `the job could not be followed: ${error instanceof Error ? error.message : String(error)}`;
			}
		}
	}
	const results = evaluateAssertions(assertions, input, (text) => deps.redact(text, resolved.secrets));
	const failed = results.find((r) => !r.passed);
	// Named one by one rather than spread from `base`: a literal that starts with a spread is built property by property.
	const result: RequestRunResult = {
		label: base.label,
		line: base.line,
		state: failed ? 'failed' : 'passed',
		status: sent.status,
		durationMs: sent.latencyMs,
		assertions: results,
	};
	if (failed) result.message = failed.message;
	if (job) result.job = job;
	return result;
}

/** "5 passed, 1 failed, 0 skipped" (errors counted among the failed, and named when there are any). */
export function summaryLine(summary: RunSummary): string {
	const errors = summary.errors > 0 ? ` (${summary.errors} error${summary.errors === 1 ? '' : 's'})` : '';
	return `${summary.passed} passed, ${summary.failed} failed${errors}, ${summary.skipped} skipped`;
}
