/**
 * What the editor shows about a request file while it is written, computed without VS Code: the
 * findings behind its squiggles (parse problems, file variables defined twice, unknown variables, a
 * credential in a URL, a credential that would go to a host that is not Adobe's) and the `{{`
 * completion items (file, environment and prompt variables, the built-ins with their arguments,
 * request names and their `name.response.body.$` / `.headers.` paths), and the hover over a
 * `{{variable}}` (variableHover: where it resolves; a value only for file and plain environment variables).
 *
 * REST Client does the same in its own providers (github.com/Huachao/vscode-restclient
 * src/providers/customVariableDiagnosticsProvider.ts: "x is not found" as an error, "Request 'x' has
 * not been sent" as information; src/providers/requestVariableCompletionItemProvider.ts for
 * `name.response.body`), and its README ("Variables") gives the lookup order we check against:
 * request variables, then file variables, then the selected environment (with `$shared` under it);
 * prompt variables (`# @prompt`) belong to the request they precede.
 *
 * Linear in the file: each line's `{{…}}` references are read once (parse.ts references()), and
 * which file variables carry a credential is found by one pass over a reverse graph.
 * Messages never quote a value from the environment or a credential: only names. Only the hover shows
 * values, those of file variables and of environment variables not named like a credential, redacted.
 */
import { parseAssertions } from './assertions';
import { ParsedRequest, ParsedRequestFile, RequestFileProblem, firstSpace, redefinedVariables, references } from './parse';
import { ADOBE_ENDPOINT_NAMES, AdobeEndpointName, resolveRequest } from './resolve';
import type { VariableSources } from './types';
import { ADOBE_HOSTS_IN_WORDS, credentialOriginVerdict } from './origins';

/** What a built-in's value is, for the origin rule. */
export type BuiltinKind = 'credential' | 'sensitive' | 'plain';

export interface BuiltinSignature {
	/** With the `$`: `$adobeToken`. */
	name: string;
	/** The arguments as the docs write them ('' when none). */
	args: string;
	/** A VS Code snippet for the text after `{{` (with `\\$` for a literal `$`). */
	snippet: string;
	description: string;
	kind: BuiltinKind;
}

/**
 * The built-ins a request file may use: ours, and REST Client's system variables that we support
 * (its README "System Variables"; `$aadToken`, `$aadV2Token` and `$oidcAccessToken` are not, see
 * UNSUPPORTED_BUILTINS). `credential` and `sensitive` ones resolve only after the origin check
 * (resolve.ts), so they are refused in a URL and warned about for a host that is not Adobe's.
 */
export const BUILTIN_SIGNATURES: readonly BuiltinSignature[] = [
	{
		name: '$adobeToken',
		args: '[profile name]',
		snippet: '\\$adobeToken',
		description:
			"The Adobe profile's access token (the active profile's, or the named one's). Sent only to Adobe's hosts, configured endpoints and origins you approved.",
		kind: 'credential',
	},
	{
		name: '$adobeClientId',
		args: '[profile name]',
		snippet: '\\$adobeClientId',
		description: "The Adobe profile's Client ID (API key), for the x-api-key header. Sent only where the token may go.",
		kind: 'credential',
	},
	{
		name: '$adobeEndpoint',
		args: ADOBE_ENDPOINT_NAMES.join('|'),
		snippet: `\\$adobeEndpoint \${1|${ADOBE_ENDPOINT_NAMES.join(',')}|}`,
		description: 'The configured base URL of an Adobe API, without a trailing slash.',
		kind: 'plain',
	},
	{ name: '$guid', args: '', snippet: '\\$guid', description: 'A random RFC 4122 v4 UUID.', kind: 'plain' },
	{
		name: '$timestamp',
		args: '[offset unit]',
		snippet: '\\$timestamp',
		description: 'Seconds since 1970 (UTC), now or offset (e.g. -3 h, 2 d; units ms s m h d w M Q y).',
		kind: 'plain',
	},
	{
		name: '$randomInt',
		args: 'min max',
		snippet: '\\$randomInt ${1:0} ${2:100}',
		description: 'A random whole number from min (included) to max (excluded).',
		kind: 'plain',
	},
	{
		name: '$datetime',
		args: 'rfc1123|iso8601|"format" [offset unit]',
		snippet: '\\$datetime ${1|iso8601,rfc1123,"YYYY-MM-DD"|}',
		description: 'The date and time in UTC, as RFC 1123, ISO 8601 or a Day.js format in quotes, now or offset (e.g. 1 d).',
		kind: 'plain',
	},
	{
		name: '$localDatetime',
		args: 'rfc1123|iso8601|"format" [offset unit]',
		snippet: '\\$localDatetime ${1|iso8601,rfc1123,"YYYY-MM-DD"|}',
		description: 'Like $datetime, in the local time zone.',
		kind: 'plain',
	},
	{
		name: '$processEnv',
		args: '[%]NAME',
		snippet: '\\$processEnv ${1:NAME}',
		description:
			'A variable of the process environment (with %, the name is read from the selected environment first). Sensitive: sent only where the token may go; only in a trusted workspace.',
		kind: 'sensitive',
	},
	{
		name: '$dotenv',
		args: '[%]NAME',
		snippet: '\\$dotenv ${1:NAME}',
		description:
			'A value from the .env file beside the request file (with %, the name is read from the selected environment first). Sensitive: sent only where the token may go; only in a trusted workspace.',
		kind: 'sensitive',
	},
];

const BUILTINS_BY_NAME: ReadonlyMap<string, BuiltinSignature> = new Map(BUILTIN_SIGNATURES.map((b) => [b.name, b]));

/** REST Client's system variables this extension does not offer, and why (its README "System Variables"). */
const UNSUPPORTED_BUILTINS: Readonly<Record<string, string>> = {
	$aadToken: "REST Client's Azure Active Directory token is not supported here",
	$aadV2Token: "REST Client's Azure Active Directory (v2) token is not supported here",
	$oidcAccessToken: "REST Client's OpenID Connect token is not supported here",
	$shared: '{{$shared name}} works inside the values of rest-client.environmentVariables, not in a request file',
};

/** The shapes a request variable may take (REST Client README "Request Variables"). */
const REQUEST_VARIABLE_SHAPE =
	'{{name.response.body.$.path}}, {{name.response.body.*}}, {{name.response.headers.Name}} or {{name.request.…}}';

export type FindingSeverity = 'error' | 'warning' | 'information';

/** A `#` or `//` comment line, as parse.ts reads one outside a body. */
const COMMENT_LINE = /^\s*(?:#|\/\/)/;

export interface Finding {
	/** 0-based line. */
	line: number;
	/** Columns on that line (end exclusive); the whole line's text when the finding is about the line. */
	start: number;
	end: number;
	severity: FindingSeverity;
	/** parse-problem, redefined-variable, unknown-variable, unknown-builtin, credential-in-url, request-not-sent, request-variable-shape, credential-origin, body-comment-line. */
	code: string;
	/** Without a "Line N:" prefix (the editor shows the line). */
	message: string;
	/** A related line (the other definition of a redefined variable). */
	otherLine?: number;
}

export interface AnalysisContext {
	/** The selected environment merged over `$shared` (names matter, values are never quoted). */
	environment?: Readonly<Record<string, string>>;
	/** For messages: `not in environment "dev"`; undefined = No Environment. */
	environmentName?: string;
	/** Whether the named request has an exchange in the window's store (for "has not been sent"). Undefined: not checked. */
	sent?(requestName: string): boolean;
}

/** The parser's messages start with "Line 7: "; a finding names no line. */
function withoutLinePrefix(message: string): string {
	return message.replace(/^Line \d+: /, '');
}

function lineSpan(lines: readonly string[], line: number): { start: number; end: number } {
	const text = lines[line] ?? '';
	const start = text.length - text.trimStart().length;
	return { start, end: Math.max(start, text.trimEnd().length) };
}

/** What one line of the file is, for the references on it. */
interface LineRole {
	role: 'url' | 'header' | 'body' | 'variable';
	request?: ParsedRequest;
}

/** The built-in's name of a `$…` reference: its first word. */
function builtinName(inner: string): string {
	const space = firstSpace(inner);
	return space < 0 ? inner : inner.slice(0, space);
}

/** The name a plain reference looks up: `%name` percent-encodes the file variable `name` (REST Client README "File Variables"). */
function lookupName(inner: string): string {
	return inner.startsWith('%') ? inner.slice(1).trim() : inner;
}

/**
 * The file variables whose value carries a credential or a sensitive built-in, directly or through
 * other file variables (the last definition of each name counts, as in resolve.ts). One pass over
 * the references, then a walk of the reverse graph: linear in the file.
 */
export function variablesCarrying(file: ParsedRequestFile, kinds: readonly BuiltinKind[]): Set<string> {
	const last = new Map<string, string>();
	for (const variable of file.variables) last.set(variable.name, variable.value);
	const usedBy = new Map<string, string[]>();
	const carrying = new Set<string>();
	const queue: string[] = [];
	for (const [name, value] of last) {
		for (const ref of references(value)) {
			const inner = ref.inner.trim();
			if (inner.startsWith('$')) {
				const builtin = BUILTINS_BY_NAME.get(builtinName(inner));
				if (builtin && kinds.includes(builtin.kind) && !carrying.has(name)) {
					carrying.add(name);
					queue.push(name);
				}
				continue;
			}
			const target = lookupName(inner);
			const users = usedBy.get(target);
			if (users) users.push(name);
			else usedBy.set(target, [name]);
		}
	}
	while (queue.length > 0) {
		const name = queue.pop() as string;
		for (const user of usedBy.get(name) ?? []) {
			if (carrying.has(user)) continue;
			carrying.add(user);
			queue.push(user);
		}
	}
	return carrying;
}

/** The roles of the lines that hold references: request lines and their query lines, headers, bodies, file variables. */
function lineRoles(file: ParsedRequestFile): Map<number, LineRole> {
	const roles = new Map<number, LineRole>();
	for (const variable of file.variables) roles.set(variable.line, { role: 'variable' });
	for (const request of file.requests) {
		for (const part of request.urlParts) roles.set(part.line, { role: 'url', request });
		for (const header of request.headers) roles.set(header.line, { role: 'header', request });
		if (request.body !== undefined && request.bodyLine !== undefined) {
			let count = 1;
			for (let i = 0; i < request.body.length; i++) if (request.body[i] === '\n') count++;
			for (let line = request.bodyLine; line < request.bodyLine + count; line++) roles.set(line, { role: 'body', request });
		}
	}
	return roles;
}

/**
 * The findings of one file (sorted by line): parse problems (errors), file variables defined twice
 * (warnings on each definition), unknown variables and built-ins (errors), request variables of a
 * request not sent yet in this window (information, as REST Client shows them), and a credential or
 * sensitive built-in in a URL (errors: resolve.ts refuses them there).
 */
export function analyzeRequestFile(lines: readonly string[], file: ParsedRequestFile, context: AnalysisContext = {}): Finding[] {
	const findings: Finding[] = [];
	for (const problem of file.problems) findings.push(problemFinding(lines, problem));
	// A `??` line that does not parse (assertions.ts): Send refuses the request and Run All reports it as an error.
	for (const request of file.requests) {
		for (const problem of parseAssertions(request.assertions).problems) findings.push(problemFinding(lines, problem));
	}
	for (const warning of redefinedVariables(file)) {
		findings.push({
			line: warning.line,
			...lineSpan(lines, warning.line),
			severity: 'warning',
			code: 'redefined-variable',
			message: withoutLinePrefix(warning.message),
			otherLine: warning.otherLine,
		});
	}
	const fileVariables = new Set(file.variables.map((v) => v.name));
	const requestNames = new Set(file.requests.flatMap((r) => (r.name ? [r.name] : [])));
	const allPrompts = new Set(file.requests.flatMap((r) => r.prompts.map((p) => p.name)));
	const environment = context.environment ?? {};
	const inEnvironment = (name: string) => Object.hasOwn(environment, name);
	const carrying = variablesCarrying(file, ['credential', 'sensitive']);
	const problemLines = new Set(file.problems.map((p) => p.line));

	for (const [line, { role, request }] of lineRoles(file)) {
		// A line the parser refused already has its message; a second one about the same text would repeat it.
		if (problemLines.has(line)) continue;
		const text = lines[line] ?? '';
		if (role === 'body' && COMMENT_LINE.test(text)) {
			// REST Client leaves every comment line out of the request it sends, body included
			// (github.com/Huachao/vscode-restclient src/utils/selector.ts); here the body is sent as written.
			findings.push({
				line,
				...lineSpan(lines, line),
				severity: 'warning',
				code: 'body-comment-line',
				message:
					'This line is sent as part of the body. REST Client would leave it out, as it does every "#" or "//" line; delete it if it is meant as a comment.',
			});
		}
		for (const ref of references(text)) {
			const span = { line, start: ref.index, end: ref.index + ref.length };
			const inner = ref.inner.trim();
			if (inner === '') {
				findings.push({ ...span, severity: 'error', code: 'unknown-variable', message: '{{}} names no variable.' });
				continue;
			}
			if (inner.startsWith('$')) {
				const finding = builtinFinding(inner, role);
				if (finding) findings.push({ ...span, ...finding });
				continue;
			}
			const name = lookupName(inner);
			const prompts = request ? new Set(request.prompts.map((p) => p.name)) : allPrompts;
			if (prompts.has(name) || fileVariables.has(name) || inEnvironment(name)) {
				if (role === 'url' && fileVariables.has(name) && carrying.has(name) && !prompts.has(name)) {
					findings.push({
						...span,
						severity: 'error',
						code: 'credential-in-url',
						message: `{{${inner}}} carries {{$adobeToken}}, {{$adobeClientId}}, {{$processEnv}} or {{$dotenv}}, which cannot be used in the URL (URLs end up in logs and proxies); send it in a header.`,
					});
				}
				continue;
			}
			const dot = name.indexOf('.');
			if (dot > 0 && requestNames.has(name.slice(0, dot))) {
				const finding = requestVariableFinding(name, dot, context);
				if (finding) findings.push({ ...span, ...finding });
				continue;
			}
			findings.push({ ...span, severity: 'error', code: 'unknown-variable', message: unknownMessage(inner, name, dot, context) });
		}
	}
	return findings.sort((a, b) => a.line - b.line || a.start - b.start);
}

function problemFinding(lines: readonly string[], problem: RequestFileProblem): Finding {
	return {
		line: problem.line,
		...lineSpan(lines, problem.line),
		severity: 'error',
		code: 'parse-problem',
		message: withoutLinePrefix(problem.message),
	};
}

function builtinFinding(inner: string, role: LineRole['role']): Omit<Finding, 'line' | 'start' | 'end'> | undefined {
	const name = builtinName(inner);
	const builtin = BUILTINS_BY_NAME.get(name);
	if (!builtin) {
		const why = Object.hasOwn(UNSUPPORTED_BUILTINS, name)
			? `${UNSUPPORTED_BUILTINS[name]}.`
			: `Use ${BUILTIN_SIGNATURES.map((b) => b.name).join(', ')}.`;
		return { severity: 'error', code: 'unknown-builtin', message: `{{${name}}} is not a built-in variable this extension knows. ${why}` };
	}
	if (builtin.kind !== 'plain' && role === 'url') {
		return {
			severity: 'error',
			code: 'credential-in-url',
			message: `{{${name}}} cannot be used in the URL (URLs end up in logs and proxies); send it in a header.`,
		};
	}
	const args = inner.slice(name.length).trim();
	if (name === '$adobeEndpoint' && !(ADOBE_ENDPOINT_NAMES as readonly string[]).includes(args)) {
		return {
			severity: 'error',
			code: 'unknown-builtin',
			message: `{{$adobeEndpoint}} needs one of ${ADOBE_ENDPOINT_NAMES.join(', ')}, e.g. {{$adobeEndpoint photoshop}}.`,
		};
	}
	if ((name === '$processEnv' || name === '$dotenv' || name === '$randomInt') && args === '') {
		return { severity: 'error', code: 'unknown-builtin', message: `{{${name}}} needs ${builtin.args}: {{${name} ${builtin.args}}}.` };
	}
	return undefined;
}

/** `login.response.body.$.id`: the shape REST Client reads, and whether `login` was sent in this window. */
function requestVariableFinding(name: string, dot: number, context: AnalysisContext): Omit<Finding, 'line' | 'start' | 'end'> | undefined {
	const request = name.slice(0, dot);
	const parts = name.slice(dot + 1).split('.');
	if (parts.length < 2 || (parts[0] !== 'response' && parts[0] !== 'request') || (parts[1] !== 'body' && parts[1] !== 'headers')) {
		return {
			severity: 'error',
			code: 'request-variable-shape',
			message: `{{${name}}} is not a request variable this extension reads; write ${REQUEST_VARIABLE_SHAPE.replace(/name/g, request)}.`,
		};
	}
	if (context.sent && !context.sent(request)) {
		return {
			severity: 'information',
			code: 'request-not-sent',
			message: `The request "${request}" has not been sent in this window yet: send it first (or use Run All), and {{${name}}} reads its answer.`,
		};
	}
	return undefined;
}

function unknownMessage(inner: string, name: string, dot: number, context: AnalysisContext): string {
	if (dot > 0) {
		return `{{${inner}}} is not defined: no request in this file is named "${name.slice(0, dot)}" (# @name ${name.slice(0, dot)}), and it is not a file or environment variable.`;
	}
	const where =
		context.environmentName === undefined
			? 'no environment is selected ($shared only)'
			: `not in environment "${context.environmentName}" or $shared`;
	return `{{${inner}}} is not defined: not a file variable (@${name} = …), ${where}, not a # @prompt of this request, not a request name.`;
}

/**
 * Where a request that carries a credential or a sensitive value would go, found as resolveRequest
 * finds it before asking for any credential (requestHost in resolve.ts does the same for the CodeLens):
 * undefined when it carries none, or when its URL does not resolve without asking (then Send says why).
 * `sources` gives the environment and the request exchanges a Send would see; nothing is asked (prompts
 * stand as empty answers) and no sensitive value is read (the origin check comes first and stops here).
 */
export async function credentialTarget(
	file: ParsedRequestFile,
	request: ParsedRequest,
	endpoint: (name: AdobeEndpointName) => string,
	sources: VariableSources = {},
): Promise<URL | undefined> {
	const noCredential = () => Promise.reject(new Error('The analysis asks for no credential.'));
	let target: URL | undefined;
	try {
		await resolveRequest(
			file,
			request,
			{ token: noCredential, clientId: noCredential, endpoint },
			async (url) => {
				target = url;
				throw new Error('Stopped before the credentials.');
			},
			undefined,
			{ environment: sources.environment, environmentName: sources.environmentName, requests: sources.requests, now: sources.now },
			Object.fromEntries(request.prompts.map((p) => [p.name, ''])),
		);
	} catch {
		// `target` is what the origin check saw (only requests that carry a credential reach it).
	}
	return target;
}

/**
 * The warning for a request whose credential would go to a host that is not Adobe's (credentialOriginVerdict):
 * Send asks first (a modal), or refuses over plain http to a host that is not this machine.
 */
export function credentialOriginFinding(
	lines: readonly string[],
	request: ParsedRequest,
	target: URL,
	endpoints: Record<AdobeEndpointName, string>,
	approvedOrigins: readonly string[],
	isLoopback: (hostname: string) => boolean,
): Finding | undefined {
	const verdict = credentialOriginVerdict(target, endpoints, approvedOrigins);
	if (verdict.allowed) return undefined;
	const text = lines[request.line] ?? '';
	const urlStart = text.indexOf(request.urlParts[0]?.text ?? '');
	const span = { line: request.line, start: urlStart < 0 ? lineSpan(lines, request.line).start : urlStart, end: text.trimEnd().length };
	if (target.protocol !== 'https:' && !isLoopback(target.hostname)) {
		return {
			...span,
			severity: 'error',
			code: 'credential-origin',
			message: `This request carries a credential or a sensitive value and goes over plain http to ${verdict.host}, where anyone on the way could read it: Send refuses it. Use https.`,
		};
	}
	return {
		...span,
		severity: 'warning',
		code: 'credential-origin',
		message: `This request carries a credential or a sensitive value ({{$adobeToken}}, {{$adobeClientId}}, {{$processEnv}}, {{$dotenv}} or a request variable read from an Adobe answer) and goes to ${verdict.host}, which is not ${ADOBE_HOSTS_IN_WORDS}, a configured endpoint or an origin you approved: Send asks you before sending it.`,
	};
}

export type CompletionKind = 'variable' | 'environment' | 'prompt' | 'builtin' | 'request' | 'property';

export interface CompletionEntry {
	/** What is typed after `{{` (VS Code filters on it): `$datetime`, `base`, `login.response.body.$`. */
	label: string;
	/** Shown after the label, e.g. a built-in's arguments: `rfc1123|iso8601|"format" [offset unit]`. */
	labelDetail?: string;
	/** Text that replaces the range from `start` to the cursor (a VS Code snippet when `snippet`). */
	insert: string;
	snippet: boolean;
	kind: CompletionKind;
	detail: string;
	documentation?: string;
}

export interface CompletionContext extends AnalysisContext {
	/** The last exchange of a named request (for its header names and top-level JSON keys). */
	exchange?(requestName: string): { response: { headers: Record<string, string>; body: string } } | undefined;
}

/** Most top-level JSON keys offered for `name.response.body.$.` (a large answer is not listed whole). */
const MAX_KEY_ITEMS = 50;
/** Largest body parsed for its keys. */
const MAX_KEYS_BODY_CHARS = 256 * 1024;

/**
 * The completion items at a cursor inside an open `{{` (no `}}` between it and the cursor) on one
 * line: `start` is the column after the `{{`, where every item's text begins. Undefined elsewhere.
 */
export function variableCompletions(
	lineText: string,
	character: number,
	file: ParsedRequestFile,
	line: number,
	context: CompletionContext = {},
): { start: number; items: CompletionEntry[] } | undefined {
	const before = lineText.slice(0, character);
	const open = before.lastIndexOf('{{');
	if (open < 0 || before.indexOf('}}', open + 2) >= 0) return undefined;
	const start = open + 2;
	const prefix = before.slice(start);
	const close = lineText.startsWith('}}', character) ? '' : '}}';
	const dot = prefix.indexOf('.');
	if (dot > 0) return { start, items: requestPathItems(prefix, dot, file, close, context) };

	const items: CompletionEntry[] = [];
	const seen = new Set<string>();
	const add = (entry: CompletionEntry) => {
		if (seen.has(entry.label)) return;
		seen.add(entry.label);
		items.push(entry);
	};
	const request = file.requests.find((r) => line >= r.startLine && line <= r.endLine);
	for (const prompt of request?.prompts ?? []) {
		add({
			label: prompt.name,
			insert: prompt.name + close,
			snippet: false,
			kind: 'prompt',
			detail: `# @prompt ${prompt.description ?? ''}`.trim(),
		});
	}
	// The last definition is the one every request uses (parse.ts redefinedVariables).
	for (const variable of [...file.variables].reverse()) {
		add({
			label: variable.name,
			insert: variable.name + close,
			snippet: false,
			kind: 'variable',
			detail: `file variable, line ${variable.line + 1}`,
		});
	}
	for (const name of Object.keys(context.environment ?? {})) {
		add({
			label: name,
			insert: name + close,
			snippet: false,
			kind: 'environment',
			detail: context.environmentName === undefined ? 'environment $shared' : `environment "${context.environmentName}" or $shared`,
		});
	}
	for (const named of file.requests) {
		if (!named.name || named === request) continue;
		add({
			label: `${named.name}.response.body.$`,
			insert: `${named.name}.response.body.\\$\${1}${close}`,
			snippet: true,
			kind: 'request',
			detail: `request variable: the answer of "${named.name}" (line ${named.line + 1})`,
			documentation: `Reads the last answer of the request named ${named.name} in this window: ${REQUEST_VARIABLE_SHAPE.replace(/name/g, named.name)}.`,
		});
	}
	for (const builtin of BUILTIN_SIGNATURES) {
		add({
			label: builtin.name,
			labelDetail: builtin.args || undefined,
			insert: builtin.snippet + close,
			snippet: true,
			kind: 'builtin',
			detail: 'built-in variable',
			documentation: builtin.description,
		});
	}
	return { start, items };
}

function requestPathItems(
	prefix: string,
	dot: number,
	file: ParsedRequestFile,
	close: string,
	context: CompletionContext,
): CompletionEntry[] {
	const name = prefix.slice(0, dot);
	if (!file.requests.some((r) => r.name === name)) return [];
	const parts = prefix.slice(dot + 1).split('.');
	const item = (path: string, detail: string, kind: CompletionKind = 'property'): CompletionEntry => ({
		label: `${name}.${path}`,
		insert: `${name}.${path}${close}`,
		snippet: false,
		kind,
		detail,
	});
	if (parts.length === 1) {
		return [
			item('response.body.$', 'a value of the answer (JSONPath; XPath for XML)'),
			item('response.body.*', 'the whole answer body'),
			item('response.headers.', 'a header of the answer'),
			item('request.body.$', 'a value of the request body as sent'),
			item('request.headers.', 'a header of the request as sent'),
		];
	}
	const [part, section] = parts;
	if (parts.length === 2) {
		return ['body.$', 'body.*', 'headers.'].map((rest) => item(`${part}.${rest}`, rest.startsWith('body') ? 'body' : 'headers'));
	}
	const exchange = context.exchange?.(name);
	if (section === 'headers' && part === 'response') {
		return Object.keys(exchange?.response.headers ?? {}).map((header) => item(`response.headers.${header}`, `header of the last answer`));
	}
	if (section === 'body' && part === 'response' && exchange && exchange.response.body.length <= MAX_KEYS_BODY_CHARS) {
		let value: unknown;
		try {
			value = JSON.parse(exchange.response.body);
		} catch {
			return [];
		}
		if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
		return Object.keys(value)
			.filter((key) => /^[A-Za-z_$][\w$]*$/.test(key))
			.slice(0, MAX_KEY_ITEMS)
			.map((key) => item(`response.body.$.${key}`, 'a key of the last answer'));
	}
	return [];
}

/** Most characters of a value a hover shows; a longer one ends in "…". */
export const MAX_HOVER_VALUE_CHARS = 200;

/**
 * Environment variables whose name says they hold a credential: their value is never shown (REST
 * Client's password prompts and resolve.ts isPasswordPrompt, widened to keys, credentials, client IDs,
 * cookies, sessions and signatures: a hover errs on hiding).
 */
const SENSITIVE_NAME = /pass(?:word|wd)?|pwd|secret|token|key|credential|auth|bearer|cookie|session|signature|private|client_?id/i;

export interface HoverContext extends AnalysisContext {
	/** Whether the selected environment itself (not `$shared` under it) defines `name`. Undefined: not told apart. */
	selectedDefines?(name: string): boolean;
}

/** What a hover over one `{{…}}` says: where it resolves and, for file and plain environment variables, its value. */
export interface VariableHover {
	/** The reference's span on its line (end exclusive). */
	line: number;
	start: number;
	end: number;
	/** The reference as written, `{{base}}` (bounded like a value). */
	reference: string;
	/** Where it resolves, one line: `file variable, line 3`, `environment "dev"`, `built-in variable $guid`. */
	source?: string;
	/** A built-in's one-line description, with its arguments. */
	description?: string;
	/** The value as written, redacted, then cut at MAX_HOVER_VALUE_CHARS with "…". */
	value?: string;
	/** Why no value is shown. */
	hidden?: string;
	/** The squiggle's message: an unknown variable or built-in, a malformed request variable, a credential in the URL. */
	problem?: string;
}

/** Redacted first (a cut secret is no longer recognised: redact.ts), then bounded. */
function shownValue(value: string, redact: (text: string) => string): string {
	const redacted = redact(value);
	if (redacted.length <= MAX_HOVER_VALUE_CHARS) return redacted;
	let cut = MAX_HOVER_VALUE_CHARS;
	// Not between the halves of a surrogate pair.
	const c = redacted.charCodeAt(cut - 1);
	if (c >= 0xd800 && c <= 0xdbff) cut--;
	return `${redacted.slice(0, cut)}…`;
}

/**
 * The hover of the `{{…}}` under `character` on `line`, or undefined when there is none there (or the
 * line is a comment or a line no request reads). Looks a name up in resolve.ts's order: the request's
 * `# @prompt`, a request variable, a file variable (its last definition), the selected environment over
 * `$shared`. Shows a value only for a file variable and an environment variable whose name does not
 * say it holds a credential (SENSITIVE_NAME); every value passes `redact` before it is cut. A built-in's
 * value, a prompt's answer and a request variable's answer are never shown: they are read when the
 * request is sent. Linear in the file (one pass over its variables and requests).
 */
export function variableHover(
	lines: readonly string[],
	file: ParsedRequestFile,
	line: number,
	character: number,
	context: HoverContext,
	redact: (text: string) => string,
): VariableHover | undefined {
	const role = lineRoles(file).get(line);
	if (!role) return undefined;
	const text = lines[line] ?? '';
	const ref = references(text).find((r) => character >= r.index && character < r.index + r.length);
	if (!ref) return undefined;
	const base = {
		line,
		start: ref.index,
		end: ref.index + ref.length,
		reference: shownValue(text.slice(ref.index, ref.index + ref.length), redact),
	};
	const inner = ref.inner.trim();
	if (inner === '') return { ...base, problem: '{{}} names no variable.' };
	if (inner.startsWith('$')) return { ...base, ...builtinHover(inner, role.role) };

	const name = lookupName(inner);
	const encoded = inner.startsWith('%');
	const prompts = role.request ? role.request.prompts : file.requests.flatMap((r) => r.prompts);
	const prompt = encoded ? undefined : prompts.find((p) => p.name === name);
	if (prompt) {
		return {
			...base,
			source: `prompt variable (# @prompt ${prompt.name}, line ${prompt.line + 1}), asked when the request is sent`,
			hidden: 'a prompt is answered when the request is sent, and the answer is not kept',
		};
	}
	const dot = name.indexOf('.');
	const head = dot > 0 ? name.slice(0, dot) : undefined;
	const named = head === undefined || encoded ? undefined : file.requests.find((r) => r.name === head);
	if (named && head !== undefined) {
		const finding = requestVariableFinding(name, dot, {});
		if (finding) return { ...base, problem: finding.message };
		const sent = context.sent ? (context.sent(head) ? ', sent in this window' : ', not sent yet in this window') : '';
		return {
			...base,
			source: `request variable: the answer of the request "${head}" (line ${named.line + 1})${sent}`,
			hidden: 'read from the last answer when the request is sent; answers may hold secrets',
		};
	}
	let variable: ParsedRequestFile['variables'][number] | undefined;
	for (const v of file.variables) if (v.name === name) variable = v;
	if (variable) {
		const problem =
			role.role === 'url' && variablesCarrying(file, ['credential', 'sensitive']).has(name)
				? `{{${inner}}} carries {{$adobeToken}}, {{$adobeClientId}}, {{$processEnv}} or {{$dotenv}}, which cannot be used in the URL (URLs end up in logs and proxies); send it in a header.`
				: undefined;
		return {
			...base,
			source: `file variable, line ${variable.line + 1}${encoded ? ' (percent-encoded when sent)' : ''}`,
			value: shownValue(variable.value, redact),
			...(problem ? { problem } : {}),
		};
	}
	const environment = context.environment ?? {};
	if (!encoded && Object.hasOwn(environment, name)) {
		const where =
			context.environmentName === undefined
				? 'environment $shared (no environment is selected)'
				: context.selectedDefines === undefined
					? `environment "${context.environmentName}" or $shared`
					: context.selectedDefines(name)
						? `environment "${context.environmentName}"`
						: `environment $shared (under "${context.environmentName}")`;
		return SENSITIVE_NAME.test(name)
			? { ...base, source: where, hidden: 'its name says it holds a credential' }
			: { ...base, source: where, value: shownValue(environment[name], redact) };
	}
	if (encoded) {
		return { ...base, problem: `{{${inner}}}: "%" percent-encodes a file variable (as REST Client does), and ${name} is not one.` };
	}
	return { ...base, problem: unknownMessage(inner, name, dot, context) };
}

/** A built-in's hover: its signature and description; never a value (each is made or read when the request is sent). */
function builtinHover(inner: string, role: LineRole['role']): Omit<VariableHover, 'line' | 'start' | 'end' | 'reference'> {
	const name = builtinName(inner);
	const builtin = BUILTINS_BY_NAME.get(name);
	const finding = builtinFinding(inner, role);
	if (!builtin) return { problem: finding?.message ?? `{{${name}}} is not a built-in variable this extension knows.` };
	const hidden =
		builtin.kind === 'credential'
			? 'a credential is never shown; it is read when the request is sent, and only to an origin it may go to'
			: builtin.kind === 'sensitive'
				? 'a sensitive value is read only when the request is sent, and only to an origin the token may go to'
				: 'made when the request is sent';
	return {
		source: `built-in variable ${builtin.name}${builtin.args ? ` ${builtin.args}` : ''}`,
		description: builtin.description,
		hidden,
		...(finding ? { problem: finding.message } : {}),
	};
}
