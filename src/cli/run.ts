/**
 * The headless runner: `adobe-api-toolkit run <files…>` runs each file's requests in order with the
 * same core code as the editor's Run All (core/requests/runner.ts runRequestFile: resolve.ts,
 * send.ts, assertions.ts, core/jobs followJob), prints a line per request and a summary, and
 * optionally writes JUnit XML (core/requests/junit.ts).
 *
 * The origin rule is the editor's, without asking: a request that uses the credential or a
 * sensitive value ({{$processEnv}}, {{$dotenv}}, a sensitive request variable) goes only to Adobe's
 * named hosts (core/requests/origins.ts), the configured endpoints (ADOBE_*_BASE_URL) or the origins
 * of ADOBE_APPROVED_ORIGINS and --allow-origin; any other such request ends as an error
 * "refused: …" before anything about it is read or sent, and the run exits 1. A request file or a
 * workspace setting cannot widen this: a pull request's file cannot send the CI credential elsewhere.
 *
 * Exit status: 0 every request passed, 1 any failed assertion or error (or Cancel), 2 a usage or
 * configuration error (nothing sent).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { levelLogger, systemClock } from '../core/common/logger';
import { Redactor } from '../core/common/redact';
import { invalidInput } from '../core/common/errors';
import { requestEndpoints } from '../core/common/endpoints';
import { HttpClient } from '../core/common/http';
import { ImsClient } from '../core/tokens/ims';
import { followJob } from '../core/jobs';
import { createEnvTokens, type EnvTokens } from '../core/tokens/envTokens';
import { parseRequestFile, type ParsedRequestFile } from '../core/requests/parse';
import { ADOBE_HOSTS_IN_WORDS, credentialOriginVerdict, requireCredentialOrigin } from '../core/requests/origins';
import { sendRequest } from '../core/requests/send';
import { BodyFileRoots, workspaceFileReader } from '../core/requests/bodyFiles';
import type { FormParamEncodingStrategy } from '../core/requests/compose';
import { RunnerDeps, runRequestFile, runSteps, requestLabel } from '../core/requests/runner';
import { junitXml, type JunitFile } from '../core/requests/junit';
import type { RequestRunResult, RunSummary, VariableSources } from '../core/requests/types';
import { parseArgs, printable, RunArgs, UsageError, USAGE } from './args';
import { CliConfig, ConfigError, readCliConfig, readRequestFiles, RequestFileText } from './config';
import { loadEnvironment, fileSources } from './sources';
import { addTotals, resultLines, summaryLine, Totals } from './report';

/** HTTP timeout per request: the extension's default (adobeApi.requestTimeoutSeconds), as the MCP server's. */
const TIMEOUT_MS = 30_000;

export interface CliIo {
	stdout(text: string): void;
	stderr(text: string): void;
	/** The workspace: `.vscode/settings.json`, `.env` files and request bodies are read inside it. */
	cwd: string;
	env: Readonly<Record<string, string | undefined>>;
	/** Aborted on Ctrl+C: what has not ended is skipped. */
	signal?: AbortSignal;
	/** The version --version prints. */
	version: string;
}

/** Runs the command line; resolves with the exit status. Never throws: a bug of ours is reported, redacted, with exit status 1. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
	const redactor = new Redactor();
	try {
		return await runCommand(argv, io, redactor);
	} catch (error) {
		io.stderr(`${redactor.redact(`adobe-api-toolkit: internal error: ${error instanceof Error ? error.message : String(error)}`)}\n`);
		return 1;
	}
}

async function runCommand(argv: readonly string[], io: CliIo, redactor: Redactor): Promise<number> {
	const say = (text: string) => io.stdout(`${redactor.redact(text)}\n`);
	const complain = (text: string) => io.stderr(`${redactor.redact(text)}\n`);
	let args: RunArgs;
	try {
		const parsed = parseArgs(argv);
		if (parsed.command === 'help') {
			say(USAGE);
			return 0;
		}
		if (parsed.command === 'version') {
			say(io.version);
			return 0;
		}
		args = parsed;
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		complain(`adobe-api-toolkit: ${error.message}\nRun "adobe-api-toolkit --help" for the options.`);
		return 2;
	}

	let config: CliConfig;
	let files: RequestFileText[];
	let sources: Awaited<ReturnType<typeof loadEnvironment>>;
	let parsed: ParsedRequestFile[];
	try {
		config = readCliConfig(args, io.env);
		if (config.credential) redactor.add(config.credential.clientSecret);
		files = readRequestFiles(args.files, io.cwd);
		parsed = files.map((f) => parseRequestFile(f.text));
		checkPrompts(files, parsed, args);
		checkJunitPath(args, io.cwd);
		sources = await loadEnvironment(io.cwd, args.env);
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		complain(`adobe-api-toolkit: ${error.message}`);
		return 2;
	}
	// A --var answering a password-like prompt is a secret: nothing printed may show it.
	for (const [name, value] of Object.entries(args.vars)) if (looksSecret(name)) redactor.add(value);

	// `[level] message` lines on stderr; ADOBE_LOG_LEVEL picks the floor (warn by default: the output is the report).
	const logger = levelLogger(io.env.ADOBE_LOG_LEVEL, 'warn', io.stderr, (text) => redactor.redact(text));
	// The HTTP client and IMS only: the runner needs no other Adobe client, and starts faster without them.
	const http = new HttpClient({ timeoutMs: TIMEOUT_MS, logger, clock: systemClock, userAgent: `adobe-api-toolkit-cli/${io.version}` });
	const ims = new ImsClient(http, config.endpoints.ims, systemClock);
	const tokens = config.credential && createEnvTokens(config.credential, { ims, redactor, logger, clock: systemClock });
	const totals: Totals = { passed: 0, failed: 0, skipped: 0, errors: 0, durationMs: 0 };
	const reports: JunitFile[] = [];
	let bailed: string | undefined;
	try {
		for (const [index, file] of files.entries()) {
			say(file.name);
			const startedAt = new Date();
			let summary: RunSummary;
			if (bailed || io.signal?.aborted) {
				summary = skippedRun(parsed[index], bailed ?? 'cancelled');
				for (const result of summary.results) for (const line of resultLines(result)) say(line);
			} else {
				const deps = runnerDeps(config, http, tokens, redactor, await fileSources(io.cwd, file.path, sources, args.vars, io.env), {
					bodyFiles: { workspaceRoot: io.cwd, requestFileDir: path.dirname(file.path) },
					formParamEncodingStrategy: sources.formParamEncodingStrategy,
				});
				summary = await runRequestFile(parsed[index], deps, {
					bail: args.bail,
					signal: io.signal,
					onResult: (result) => {
						for (const line of resultLines(result)) say(line);
					},
				});
				if (args.bail && summary.failed > 0) bailed = `${file.name} failed, and the run stops at the first failure (--bail)`;
			}
			addTotals(totals, summary);
			reports.push({ file: file.name, summary, startedAt });
		}
	} finally {
		tokens?.dispose();
		await http.close();
	}
	say(summaryLine(totals));
	if (args.junit) {
		try {
			fs.writeFileSync(path.resolve(io.cwd, args.junit), redactor.redact(junitXml(reports)));
		} catch (error) {
			complain(`adobe-api-toolkit: could not write ${printable(args.junit)}: ${error instanceof Error ? error.message : String(error)}`);
			return 2;
		}
	}
	return totals.failed > 0 || totals.errors > 0 || io.signal?.aborted ? 1 : 0;
}

/** The front door's part of a run: credentials from the environment, the origin rule without asking. */
function runnerDeps(
	config: CliConfig,
	http: HttpClient,
	tokens: EnvTokens | undefined,
	redactor: Redactor,
	sources: VariableSources,
	workspace: { bodyFiles: BodyFileRoots; formParamEncodingStrategy?: FormParamEncodingStrategy },
): RunnerDeps {
	// `< ./file` bodies: inside the working folder only (bodyFiles.ts), as the editor reads them inside the workspace.
	const readFile = workspaceFileReader(workspace.bodyFiles);
	const endpoints = requestEndpoints(config.endpoints);
	const credential = config.credential;
	const need = (profileName: string | undefined) => {
		if (!credential || !tokens) {
			throw invalidInput(`This request uses the Adobe credential, and there is none: ${config.noCredential ?? ''}`);
		}
		if (profileName !== undefined && profileName.toLowerCase() !== credential.profileName.toLowerCase()) {
			throw invalidInput(
				`The runner has one credential, "${credential.profileName}" (from its environment: ADOBE_PROFILE_NAME), not "${profileName.slice(0, 64)}".`,
			);
		}
		return { credential, tokens };
	};
	return {
		builtins: (forceRefresh, signal) => ({
			token: async (profileName) => (await need(profileName).tokens.token({ forceRefresh, signal })).accessToken,
			clientId: async (profileName) => need(profileName).credential.clientId,
			endpoint: (name) => endpoints[name],
			readFile,
			// rest-client.formParamEncodingStrategy from .vscode/settings.json (sources.ts), as the editor reads it (features/requests/send.ts).
			formParamEncodingStrategy: workspace.formParamEncodingStrategy,
		}),
		checkOrigin: async (url) => {
			const verdict = credentialOriginVerdict(url, endpoints, config.approvedOrigins);
			if (verdict.allowed) return;
			throw invalidInput(
				`refused: ${verdict.host} is not ${ADOBE_HOSTS_IN_WORDS}, a configured endpoint (ADOBE_*_BASE_URL) or an origin approved with --allow-origin or ADOBE_APPROVED_ORIGINS, so this request, which uses the credential or a sensitive value, was not sent.`,
				{ code: 'origin_refused' },
			);
		},
		http,
		endpoints: config.endpoints,
		redact: (text, secrets) => redactor.redact(text, secrets),
		send: (deps) => sendRequest(deps),
		followJob: (ref, request, signal) =>
			followJob(ref, {
				http,
				// Polls carry the token only when the request that started the job did.
				authHeaders: async (forceRefresh, pollSignal): Promise<Record<string, string>> => {
					if (!request.usesCredentials) return {};
					const { credential: c, tokens: t } = need(undefined);
					return { authorization: `Bearer ${(await t.token({ forceRefresh, signal: pollSignal })).accessToken}`, 'x-api-key': c.clientId };
				},
				// The status URL came from a server: it gets the token only where a request file's own URL would.
				checkOrigin: async (url) => {
					if (request.usesCredentials) requireCredentialOrigin(url, endpoints, config.approvedOrigins, "the job's status request");
				},
				clock: systemClock,
				signal,
				secrets: [...request.secrets],
			}),
		sources,
	};
}

/** A file the run did not reach (after --bail, or Cancel): each of its requests skipped. */
function skippedRun(file: ParsedRequestFile, why: string): RunSummary {
	const results: RequestRunResult[] = runSteps(file).map((step) => ({
		label: 'request' in step ? requestLabel(step.request) : `line ${step.line + 1}`,
		line: step.line,
		state: 'skipped',
		assertions: [],
		message: why,
	}));
	return { passed: 0, failed: 0, skipped: results.length, errors: 0, results, durationMs: 0 };
}

/** REST Client asks for a prompt variable as a password when its name says it is one (runner.ts looksSecret). */
function looksSecret(name: string): boolean {
	return /password|passwd|pwd|secret|token/i.test(name);
}

/** Every `# @prompt` needs a --var: there is no one to ask in CI. Found before anything is sent. */
function checkPrompts(files: readonly RequestFileText[], parsed: readonly ParsedRequestFile[], args: RunArgs): void {
	const missing: string[] = [];
	parsed.forEach((file, index) => {
		for (const request of file.requests) {
			for (const prompt of request.prompts) {
				if (!Object.hasOwn(args.vars, prompt.name)) missing.push(`${files[index].name} line ${prompt.line + 1}: # @prompt ${prompt.name}`);
			}
		}
	});
	if (missing.length > 0) {
		throw new ConfigError(
			`${missing.slice(0, 5).join('; ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}: a prompt variable needs its answer on the command line, as --var <name>=<value>; nobody can be asked in CI.`,
		);
	}
}

/** The JUnit file's folder must exist before the run, so that a typo does not cost a whole run's report. */
function checkJunitPath(args: RunArgs, cwd: string): void {
	if (!args.junit) return;
	const folder = path.dirname(path.resolve(cwd, args.junit));
	if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
		throw new ConfigError(`--junit ${printable(args.junit)}: the folder ${printable(path.relative(cwd, folder) || '.')} does not exist.`);
	}
}
