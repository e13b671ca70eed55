/**
 * The contract between the parts of request files that issue #21 adds (REST Client parity, variables,
 * assertions, Run All and the headless runner). Each part builds against these types; the editor
 * (src/features/requests/) and the command-line runner (src/cli/) are two front doors to the same
 * core code: parse.ts → resolve.ts (+ compose.ts) → send.ts → assertions.ts, sequenced by runner.ts.
 *
 * Nothing here imports VS Code or the HTTP client.
 */
import type { JobRef } from '../jobs';

/**
 * One named request's last exchange, kept in memory only (never shown, stored or logged), for REST
 * Client's request variables: `{{login.response.body.$.jobId}}`, `{{login.response.headers.Location}}`,
 * `{{login.request.body.$.name}}`. Values are as sent and received, NOT redacted: a value read from
 * here is a secret for redaction, and when `sensitive` is set it counts as a credential for the origin
 * rule (core/requests/origins.ts): it may only go where the token may go.
 */
export interface RequestExchange {
	request: { method: string; url: string; headers: Record<string, string>; body?: string };
	response: { status: number; headers: Record<string, string>; body: string };
	/** The request carried a credential (token, Client ID, process environment, .env) or went to an Adobe host. */
	sensitive: boolean;
}

/** Where request variables come from: the named requests sent in this session (a file's run, or the editor's window). */
export interface RequestExchangeStore {
	get(requestName: string): RequestExchange | undefined;
	set(requestName: string, exchange: RequestExchange): void;
}

/**
 * The values a request may use besides the file's own variables, in the order REST Client looks them
 * up (README "Variables": request > file > environment ($shared under the selected one)). All optional:
 * a front door that does not offer one gets a message naming the construct when a file uses it.
 */
export interface VariableSources {
	/** The selected environment merged over `$shared` (rest-client.environmentVariables), values raw. */
	environment?: Readonly<Record<string, string>>;
	/** The selected environment's name, for messages ("not defined in environment \"dev\""). */
	environmentName?: string;
	requests?: RequestExchangeStore;
	/** `# @prompt name description`: the editor asks; the CLI answers from `--var name=value`. Undefined = cancelled. */
	prompt?(name: string, description: string | undefined, password: boolean): Promise<string | undefined>;
	/** `{{$processEnv NAME}}`: resolved only after the origin check (like a credential). */
	processEnv?(name: string): string | undefined;
	/** `{{$dotenv NAME}}`: from the `.env` beside the request file; resolved only after the origin check. */
	dotenv?(name: string): Promise<string | undefined>;
	/**
	 * `< ./file` and `<@[encoding] ./file` bodies and multipart parts: reads a path relative to the
	 * request file, only inside the workspace (no `..` out, no symlink out) and at most MAX_BODY_FILE_BYTES;
	 * rejects with a message naming the line otherwise.
	 */
	readFile?(relativePath: string, line: number): Promise<Buffer>;
	/** The clock for $datetime/$localDatetime/$timestamp (tests fix it). */
	now?(): Date;
}

/** Largest file a request body reads (`< ./file`): bodies go in memory. */
export const MAX_BODY_FILE_BYTES = 64 * 1024 * 1024;

/** One `?? …` line, parsed (assertions.ts). */
export interface Assertion {
	line: number;
	/** As written after `??`, for messages. */
	text: string;
	/** status | header <name> | body [<JSONPath>] | duration | job state | job outputs count | job error. */
	subject: string;
	operator?: string;
	expected?: string;
}

export interface AssertionResult {
	assertion: Assertion;
	passed: boolean;
	/** What was found, redacted and cut to a line ("status was 404", "body $.jobId does not exist"). */
	message: string;
}

/** How one request of a run ended. */
export type RequestRunState = 'passed' | 'failed' | 'skipped' | 'error';

export interface RequestRunResult {
	/** `# @name`, or "METHOD host". */
	label: string;
	/** 0-based line of the request line. */
	line: number;
	state: RequestRunState;
	status?: number;
	durationMs?: number;
	assertions: AssertionResult[];
	/** Why it errored or was skipped, redacted. */
	message?: string;
	/** The final state of the async job the answer started, when an assertion asked about it. */
	job?: { ref: JobRef; state: string; outputs: number };
}

export interface RunSummary {
	passed: number;
	failed: number;
	skipped: number;
	/** failed includes errored requests; this counts them separately too. */
	errors: number;
	results: RequestRunResult[];
	durationMs: number;
}

export interface RunOptions {
	/** Only the requests whose block intersects these 0-based lines (a selection); all when undefined. */
	lines?: { from: number; to: number };
	/** Stop at the first failed assertion or error; the rest are skipped. */
	bail?: boolean;
	signal?: AbortSignal;
	/** Called as each request ends (progress, inline results). */
	onResult?(result: RequestRunResult): void;
}
