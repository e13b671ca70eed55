/**
 * Request files (.http / .rest): the subset of REST Client's syntax (Huachao Mao's vscode-restclient,
 * README "Usage" and "Variables") that Adobe API calls need, read by a small parser of our own rather
 * than a dependency, so the lazily loaded bundle stays small:
 *
 *   @base = {{$adobeEndpoint photoshop}}        file variable (may use other variables and built-ins)
 *   ### Say hello                                separates requests; text after ### is a comment
 *   # @name hello                                names the request (also `// @name hello`)
 *   GET {{base}}/pie/psdService/hello HTTP/1.1   method (default GET), URL, optional HTTP version
 *     ?a=1                                       query continuation lines
 *     &b=2
 *   Authorization: Bearer {{$adobeToken}}        headers, up to the first blank line
 *   x-api-key: {{$adobeClientId}}
 *
 *   {"body": "up to the next ###"}
 *
 * Built-ins: {{$adobeToken [profile name]}}, {{$adobeClientId [profile name]}},
 * {{$adobeEndpoint ims|photoshop|cloudStorage|firefly|photoshopV2}}, and REST Client's {{$guid}}, {{$timestamp [offset unit]}}
 * and {{$randomInt min max}} (min inclusive, max exclusive). Not supported: `< ./file` bodies, request
 * variables ({{name.response.body…}}), {{$dotenv}}, {{$processEnv}}, prompt variables.
 *
 * Nothing here imports VS Code or the HTTP client. Messages name lines 1-based ("Line 7: …") and
 * never quote a credential value.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { RequestEndpointName } from '../common/endpoints';
import { ADOBE_IMS_URLS } from '../credentials/profiles';
import { AdobeApiError, invalidInput } from '../common/errors';

export interface RequestFileProblem {
	/** 0-based. */
	line: number;
	/** Names the line 1-based: "Line 7: …". */
	message: string;
}

export interface ParsedRequest {
	/** From `# @name x` or `// @name x`. */
	name?: string;
	/** Upper-case; GET when the request line is just a URL. */
	method: string;
	/** Raw ({{…}} unresolved), with the query continuation lines joined. */
	url: string;
	/** The request line and its continuation lines, each with its 0-based line (for messages). */
	urlParts: Array<{ text: string; line: number }>;
	/** A trailing HTTP/1.1 is kept here but not used. */
	httpVersion?: string;
	headers: Array<{ name: string; value: string; line: number }>;
	/** Raw text between the blank line after the headers and the block end, trailing blank lines trimmed; lines joined with \n. */
	body?: string;
	/** 0-based line of the body's first line, when there is a body. */
	bodyLine?: number;
	/** 0-based line of the request line. */
	line: number;
	/** Block bounds (0-based, inclusive) between ### separators. */
	startLine: number;
	endLine: number;
}

export interface ParsedRequestFile {
	/** `@name = value` file variables (raw; may reference other variables and built-ins). A later definition wins, as in REST Client. */
	variables: Array<{ name: string; value: string; line: number }>;
	requests: ParsedRequest[];
	problems: RequestFileProblem[];
}

/** The methods a request line may start with (case-insensitive in the file, upper-case here). */
export const REQUEST_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/*
 * Parsing stays linear in the text (a request file may come from anywhere, and the CodeLens parses it
 * on every edit): the patterns below are anchored at the start and have no two adjacent quantifiers
 * that can match the same characters, so a failed match cannot try each split of a long run again.
 * Where a line needs more than that (the HTTP version at its end, `{{…}}` references, a header's
 * value, a variable's `=`), it is read with indexOf and slices instead of a pattern.
 */
const SEPARATOR = /^\s*###/;
const COMMENT = /^\s*(?:#|\/\/)/;
/** `# @name` or `// @name`, then the rest of the line (read by nameTagValue). */
const NAME_TAG = /^\s*(?:#|\/\/)\s*@name/;
const VARIABLE_LINE = /^\s*@/;
const VARIABLE_NAME = /^[A-Za-z_][\w-]*$/;
const REQUEST_NAME = /^[\w.-]+$/;
/** The whole of a last word such as "HTTP/1.1" or "http/2" (anchored at both ends: linear). */
const HTTP_VERSION = /^HTTP\/\d+(?:\.\d+)?$/i;
/** An RFC 9110 token: a header's name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A method-like first word. */
const WORD = /^[A-Za-z]+$/;
/**
 * What JavaScript's `.` does not match. The patterns this parser replaced (`(.*)$`, `\{\{(.*?)\}\}`)
 * ended at these characters; the string code keeps that meaning, so a value or a reference never
 * spans U+2028/U+2029 (lines are already split at \r and \n).
 */
const LINE_BREAK = /[\u2028\u2029]/;

function at(line: number, message: string): string {
	return `Line ${line + 1}: ${message}`;
}

/** Where a line opens `{{` without closing it, if it does. */
function unterminated(text: string): boolean {
	const lastOpen = text.lastIndexOf('{{');
	return lastOpen >= 0 && text.indexOf('}}', lastOpen + 2) < 0;
}

/** Index of `search` at or after `from`, or Infinity. */
function indexOrNever(text: string, search: string, from: number): number {
	const index = text.indexOf(search, from);
	return index < 0 ? Infinity : index;
}

/**
 * The `{{…}}` references of one line, in order: what `/\{\{(.*?)\}\}/g` matched, found in one pass.
 * Each `{{` pairs with the first `}}` after it, unless a U+2028/U+2029 comes first (`.` stops there);
 * when no `}}` follows, no later `{{` closes either, so the scan stops. The pattern instead tried
 * every later `{{` to the end of the line again: quadratic on a line of unclosed `{{`. Here every
 * search starts past the previous one's result, so each character is looked at a bounded number of times.
 */
export function references(text: string): Array<{ index: number; length: number; inner: string }> {
	const found: Array<{ index: number; length: number; inner: string }> = [];
	let from = 0;
	let close = -1;
	let separatorA = -1;
	let separatorB = -1;
	for (;;) {
		const open = text.indexOf('{{', from);
		if (open < 0) return found;
		// Still the first "}}" after open + 2 when it lies there: it was the first after an earlier point.
		if (close < open + 2) {
			close = text.indexOf('}}', open + 2);
			if (close < 0) return found;
		}
		if (separatorA < open) separatorA = indexOrNever(text, '\u2028', open);
		if (separatorB < open) separatorB = indexOrNever(text, '\u2029', open);
		const separator = Math.min(separatorA, separatorB);
		if (separator < close) {
			// No "{{" before the separator closes before it; carry on after it.
			from = separator + 1;
			continue;
		}
		found.push({ index: open, length: close + 2 - open, inner: text.slice(open + 2, close) });
		from = close + 2;
	}
}

/** The line with every {{…}} removed: what must not contain spaces in a URL. */
function withoutReferences(text: string): string {
	let kept = '';
	let last = 0;
	for (const ref of references(text)) {
		kept += text.slice(last, ref.index);
		last = ref.index + ref.length;
	}
	return kept + text.slice(last);
}

/** Index of the first whitespace character (as `\s` means it) at or after `from`, or -1. */
function firstSpace(text: string, from = 0): number {
	for (let i = from; i < text.length; i++) if (/\s/.test(text[i])) return i;
	return -1;
}

/** Index just past the whitespace that starts at `from`. */
function skipSpace(text: string, from: number): number {
	let i = from;
	while (i < text.length && /\s/.test(text[i])) i++;
	return i;
}

/** Index just past the spaces and tabs that start at `from`. */
function skipBlanks(text: string, from: number): number {
	let i = from;
	while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
	return i;
}

/**
 * The name a `# @name x` line gives ('' when it gives none), or undefined when the line is not a name
 * tag (`# @named`, which stays a comment): what `^\s*(?:#|\/\/)\s*@name(?:\s+(.*))?$` read.
 */
function nameTagOf(line: string): string | undefined {
	const tag = NAME_TAG.exec(line);
	if (!tag) return undefined;
	const after = line.slice(tag[0].length);
	if (after === '') return '';
	const start = skipSpace(after, 0);
	if (start === 0) return undefined;
	const value = after.slice(start);
	return LINE_BREAK.test(value) ? undefined : value.trim();
}

/** `Name: value` with a token name (RFC 9110), or undefined. The value keeps its trailing blanks. */
function headerOf(text: string): { name: string; value: string } | undefined {
	const colon = text.indexOf(':');
	if (colon < 0) return undefined;
	let nameEnd = colon;
	while (nameEnd > 0 && (text[nameEnd - 1] === ' ' || text[nameEnd - 1] === '\t')) nameEnd--;
	const name = text.slice(0, nameEnd);
	if (!HEADER_NAME.test(name)) return undefined;
	const value = text.slice(skipBlanks(text, colon + 1));
	if (LINE_BREAK.test(value)) return undefined;
	return { name, value };
}

/** `@name = value` split as `^\s*@([^\s=]*)\s*(=?)\s*(.*)$` split it, without backtracking. */
function variableOf(line: string): { varName: string; equals: string; value: string } {
	let i = skipSpace(line, 0) + 1; // past the "@"
	const nameStart = i;
	while (i < line.length && line[i] !== '=' && !/\s/.test(line[i])) i++;
	const varName = line.slice(nameStart, i);
	i = skipSpace(line, i);
	const equals = line[i] === '=' ? '=' : '';
	if (equals) i = skipSpace(line, i + 1);
	return { varName, equals, value: line.slice(i) };
}

/** `^([A-Za-z]+)(?:\s+(.*))?$` on a trimmed request line: [whole, word, rest?], or undefined. */
function wordOf(text: string): [string, string, string | undefined] | undefined {
	const space = firstSpace(text);
	const first = space < 0 ? text : text.slice(0, space);
	if (!WORD.test(first)) return undefined;
	if (space < 0) return [text, first, undefined];
	const rest = text.slice(skipSpace(text, space));
	if (LINE_BREAK.test(rest)) return undefined;
	return [text, first, rest];
}

export function parseRequestFile(text: string): ParsedRequestFile {
	const lines = text.split(/\r\n|\r|\n/);
	const file: ParsedRequestFile = { variables: [], requests: [], problems: [] };
	const problem = (line: number, message: string): void => {
		file.problems.push({ line, message: at(line, message) });
	};
	const names = new Map<string, number>();
	const checkBraces = (line: number, value: string) => {
		if (unterminated(value)) problem(line, 'a "{{" is not closed with "}}" on the same line.');
	};

	let start = 0;
	while (start < lines.length) {
		let end = start;
		while (end < lines.length && !SEPARATOR.test(lines[end])) end++;
		if (end > start) parseBlock(start, end - 1);
		start = end + 1;
	}
	return file;

	function parseBlock(startLine: number, endLine: number): void {
		let name: string | undefined;
		let request: ParsedRequest | undefined;
		let state: 'before' | 'query' | 'headers' | 'body' = 'before';
		for (let i = startLine; i <= endLine; i++) {
			const line = lines[i];
			const trimmed = line.trim();
			if (state === 'before') {
				if (trimmed === '') continue;
				const value = nameTagOf(line);
				if (value !== undefined) {
					if (!REQUEST_NAME.test(value)) problem(i, '"@name" needs a name of letters, digits, "_", "-" or "." (e.g. "# @name hello").');
					else if (names.has(value)) problem(i, `the name "${value}" is already used on line ${(names.get(value) as number) + 1}.`);
					else {
						names.set(value, i);
						name = value;
					}
					continue;
				}
				if (COMMENT.test(line)) continue;
				if (VARIABLE_LINE.test(line)) {
					parseVariable(i, line);
					continue;
				}
				request = parseRequestLine(i, trimmed, name, startLine, endLine);
				if (!request) return;
				file.requests.push(request);
				state = 'query';
				continue;
			}
			if (!request) return;
			if (state === 'query') {
				if (/^[?&]/.test(trimmed)) {
					checkBraces(i, trimmed);
					if (/\s/.test(withoutReferences(trimmed))) problem(i, 'a query line cannot contain spaces; encode them as %20.');
					request.urlParts.push({ text: trimmed, line: i });
					request.url += trimmed;
					continue;
				}
				state = 'headers';
			}
			if (state === 'headers') {
				if (trimmed === '') {
					state = 'body';
					continue;
				}
				if (COMMENT.test(line)) continue;
				if (VARIABLE_LINE.test(line)) {
					problem(i, 'a file variable cannot come after the request line: put it above the request, or in its own block after ###.');
					continue;
				}
				const header = headerOf(trimmed);
				if (!header) {
					problem(i, `this is not a header ("Name: value"). Leave a blank line between the headers and the body.`);
					continue;
				}
				checkBraces(i, header.value);
				request.headers.push({ name: header.name, value: header.value.trim(), line: i });
				continue;
			}
			parseBody(request, i, endLine);
			return;
		}
	}

	function parseVariable(i: number, line: string): void {
		const { varName, equals, value } = variableOf(line);
		if (!varName) return problem(i, 'a file variable needs a name: "@name = value".');
		if (!equals) return problem(i, `the file variable "@${varName}" needs "=" and a value: "@${varName} = value".`);
		if (!VARIABLE_NAME.test(varName)) {
			return problem(i, `"@${varName}" is not a valid variable name (letters, digits, "_" and "-", not starting with a digit or "-").`);
		}
		if (LINE_BREAK.test(value)) return problem(i, `the value of "@${varName}" contains a U+2028 or U+2029 line separator; remove it.`);
		checkBraces(i, value);
		file.variables.push({ name: varName, value: value.trim(), line: i });
	}

	function parseRequestLine(
		i: number,
		trimmed: string,
		name: string | undefined,
		startLine: number,
		endLine: number,
	): ParsedRequest | undefined {
		let rest = trimmed;
		let httpVersion: string | undefined;
		// The last word, when it is an HTTP version and something comes before it. `trimmed` has no
		// whitespace at either end, so the word starts after the last whitespace character.
		let lastSpace = rest.length - 1;
		while (lastSpace >= 0 && !/\s/.test(rest[lastSpace])) lastSpace--;
		if (lastSpace > 0 && HTTP_VERSION.test(rest.slice(lastSpace + 1))) {
			httpVersion = rest.slice(lastSpace + 1).toUpperCase();
			rest = rest.slice(0, lastSpace).trimEnd();
		}
		let method = 'GET';
		const word = wordOf(rest);
		if (word && (word[2] !== undefined || REQUEST_METHODS.includes(word[1].toUpperCase()))) {
			if (!REQUEST_METHODS.includes(word[1].toUpperCase())) {
				problem(i, `"${word[1]}" is not an HTTP method (use ${REQUEST_METHODS.join(', ')}).`);
				return undefined;
			}
			if (word[2] === undefined) {
				problem(i, `${word[1].toUpperCase()} needs a URL after it.`);
				return undefined;
			}
			method = word[1].toUpperCase();
			rest = word[2].trim();
		}
		checkBraces(i, rest);
		if (/\s/.test(withoutReferences(rest))) {
			problem(i, 'the request line should be "METHOD URL [HTTP/1.1]"; a URL cannot contain spaces (encode them as %20).');
			return undefined;
		}
		return { name, method, url: rest, urlParts: [{ text: rest, line: i }], httpVersion, headers: [], line: i, startLine, endLine };
	}

	function parseBody(request: ParsedRequest, first: number, endLine: number): void {
		let last = endLine;
		while (last >= first && lines[last].trim() === '') last--;
		if (last < first) return;
		let firstText = first;
		while (lines[firstText].trim() === '') firstText++;
		if (/^<@?\s/.test(lines[firstText])) {
			problem(firstText, 'bodies read from a file ("< ./file") are not supported; paste the content instead.');
			return;
		}
		for (let i = first; i <= last; i++) checkBraces(i, lines[i]);
		request.body = lines.slice(first, last + 1).join('\n');
		request.bodyLine = first;
	}
}

/** Longest variable value a warning quotes; longer ones are cut with "…". */
const QUOTED_VALUE_CHARS = 80;

/**
 * A warning on every line of a file variable that is defined more than once. Every request uses the
 * last definition in the file (REST Client reads the whole file first, and so does resolveRequest),
 * even one far below the request, so what is sent is not what the first definition shows. Each
 * warning names the line that redefines it (or that it redefines) and the value used. One pass.
 */
export function redefinedVariables(file: ParsedRequestFile): Array<RequestFileProblem & { otherLine: number }> {
	const byName = new Map<string, Array<{ value: string; line: number }>>();
	for (const variable of file.variables) {
		const definitions = byName.get(variable.name);
		if (definitions) definitions.push(variable);
		else byName.set(variable.name, [variable]);
	}
	const warnings: Array<RequestFileProblem & { otherLine: number }> = [];
	for (const [name, definitions] of byName) {
		if (definitions.length < 2) continue;
		const used = definitions[definitions.length - 1];
		const value = used.value.length > QUOTED_VALUE_CHARS ? `${used.value.slice(0, QUOTED_VALUE_CHARS - 1)}…` : used.value;
		definitions.forEach((definition, index) => {
			const message =
				definition === used
					? `"@${name}" redefines the variable from line ${definitions[index - 1].line + 1}; every request in this file uses this value: "${value}".`
					: `"@${name}" is redefined on line ${definitions[index + 1].line + 1}; every request in this file uses the value from line ${used.line + 1}: "${value}".`;
			const otherLine = definitions[definition === used ? index - 1 : index + 1].line;
			warnings.push({ line: definition.line, message: at(definition.line, message), otherLine });
		});
	}
	return warnings.sort((a, b) => a.line - b.line);
}

/**
 * The host (with its port when not the scheme's default) a request goes to, found without asking for
 * a token or a Client ID: file variables and the built-ins other than the credentials resolve as for
 * a send (resolveRequest's first phase), and resolution stops before the credentials. Undefined when
 * the URL cannot be resolved that way (a problem, an unknown variable, no endpoint).
 */
export async function requestHost(
	file: ParsedRequestFile,
	request: ParsedRequest,
	endpoint: (name: AdobeEndpointName) => string,
): Promise<string | undefined> {
	const noCredential = () => Promise.reject(new AdobeApiError('A CodeLens asks for no credential.', { kind: 'cancelled' }));
	let target: URL | undefined;
	try {
		const resolved = await resolveRequest(file, request, { token: noCredential, clientId: noCredential, endpoint }, async (url) => {
			// The URL is fully resolved here; stopping keeps the credentials unasked for.
			target = url;
			throw new AdobeApiError('Stopped before the credentials.', { kind: 'cancelled' });
		});
		target = new URL(resolved.url);
	} catch {
		// `target` is what the origin check saw, or nothing when the URL did not resolve.
	}
	return target?.host || undefined;
}

/**
 * The request whose block contains `line` (0-based); when that block has no request (or the line is a
 * separator), the next request below it, unless a problem lies in between (a malformed request there
 * must not make another one run). Undefined `line` gives the first request.
 */
export function requestAt(file: ParsedRequestFile, line?: number): ParsedRequest | undefined {
	if (line === undefined) return file.requests[0];
	const containing = file.requests.find((request) => line >= request.startLine && line <= request.endLine);
	if (containing) return containing;
	const below = file.requests.find((request) => request.startLine > line);
	return below && !file.problems.some((p) => p.line >= line && p.line < below.startLine) ? below : undefined;
}

/** Adobe IMS (production, stage) or the configured `adobeApi.imsBaseUrl`, compared by origin as profiles.ts does for the secret. */
function isImsOrigin(target: URL, configuredIms: string): boolean {
	return [...ADOBE_IMS_URLS, configuredIms].some((base) => new URL(base).origin === target.origin);
}

/** What `{{$adobeEndpoint name}}` may name: the configured services, and Firefly and Photoshop v2 (endpoints.ts requestEndpoints). */
export type AdobeEndpointName = RequestEndpointName;
export const ADOBE_ENDPOINT_NAMES: readonly AdobeEndpointName[] = ['ims', 'photoshop', 'cloudStorage', 'firefly', 'photoshopV2'];

export interface BuiltinValues {
	/** Token of the named profile (by profile NAME, as written after `$adobeToken `), or of the active profile when undefined. Refreshed by the caller when needed. */
	token(profileName: string | undefined, signal?: AbortSignal): Promise<string>;
	clientId(profileName: string | undefined): Promise<string>;
	/** Configured base URL, no trailing slash. */
	endpoint(name: AdobeEndpointName): string;
}

export interface ResolvedRequest {
	method: string;
	url: string;
	headers: Array<{ name: string; value: string }>;
	body?: string;
	/** Every value that came from $adobeToken / $adobeClientId (for redaction of everything shown). */
	secrets: string[];
	/** The request used $adobeToken or $adobeClientId (directly or via a file variable). */
	usesCredentials: boolean;
	/** The request as written, with credential values replaced by the variable text, e.g. "Authorization: Bearer {{$adobeToken}}": safe to show and to store in history. */
	display: { method: string; url: string; headers: Array<{ name: string; value: string }>; body?: string };
}

/** A credential reference left for phase 3, or plain text. */
type Segment = string | { credential: 'token' | 'clientId'; profile?: string; text: string };

function invalid(line: number, message: string): AdobeApiError {
	return invalidInput(at(line, message));
}

/** REST Client's $timestamp offset units (its README, "System Variables"): fixed lengths, and calendar months for M, Q, y. */
const TIMESTAMP_UNITS: Record<string, number> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, M: 0, Q: 0, y: 0 };

function offsetTimestamp(offset: number, unit: string): string {
	const date = new Date();
	if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + offset);
	else if (unit === 'M' || unit === 'Q') date.setUTCMonth(date.getUTCMonth() + offset * (unit === 'Q' ? 3 : 1));
	else date.setTime(date.getTime() + offset * TIMESTAMP_UNITS[unit]);
	return String(Math.floor(date.getTime() / 1000));
}
const MAX_RANDOM_SPAN = 2 ** 47;
/** File variables used more often than this in one request (a doubling chain grows exponentially) are refused. */
const MAX_EXPANSIONS = 1000;
/**
 * How many characters of file-variable values one request may expand to. MAX_EXPANSIONS alone bounds
 * the count, not the length: 999 uses of a 300 KB variable would build a 300 MB URL, and the CodeLens
 * resolves every request of an open file on each edit. Each expansion adds at most its value's length,
 * so this bounds the request's size, and the work, linearly.
 */
const MAX_EXPANDED_CHARS = 2_000_000;

/**
 * Resolves one request in three steps, so that nothing is fetched or sent before the origin is checked:
 * 1) file variables and the non-credential built-ins resolve, and the URL must be absolute http(s);
 * 2) `checkOrigin(url)` runs, only when the request uses $adobeToken or $adobeClientId, before either is asked for;
 * 3) the credential values resolve.
 * Credential variables in the URL are refused (a token in a URL ends up in logs and proxies).
 * Errors are AdobeApiError kind 'invalidInput' naming the 1-based line; they never quote a credential.
 */
export async function resolveRequest(
	file: ParsedRequestFile,
	request: ParsedRequest,
	values: BuiltinValues,
	checkOrigin: (url: URL) => Promise<void>,
	signal?: AbortSignal,
): Promise<ResolvedRequest> {
	const blockProblem = file.problems.find((p) => p.line >= request.startLine && p.line <= request.endLine);
	if (blockProblem) throw invalidInput(blockProblem.message);
	const variables = new Map(file.variables.map((v) => [v.name, v]));
	const endpoint = (name: string, line: number) => {
		if (!(ADOBE_ENDPOINT_NAMES as readonly string[]).includes(name)) {
			throw invalid(line, `{{$adobeEndpoint ${name}}} is unknown; use {{$adobeEndpoint ${ADOBE_ENDPOINT_NAMES.join('|')}}}.`);
		}
		const base = values.endpoint(name as AdobeEndpointName);
		let end = base.length;
		while (end > 0 && base[end - 1] === '/') end--;
		return base.slice(0, end);
	};

	/** Phase 1 for one line of text: everything but the credentials. */
	const expand = (text: string, line: number, stack: readonly string[]): Segment[] => {
		const segments: Segment[] = [];
		let last = 0;
		for (const ref of references(text)) {
			segments.push(text.slice(last, ref.index));
			last = ref.index + ref.length;
			const inner = ref.inner.trim();
			if (inner.startsWith('$')) segments.push(...builtin(inner, line));
			else segments.push(...fileVariable(inner, line, stack));
		}
		segments.push(text.slice(last));
		return segments;
	};

	const builtin = (inner: string, line: number): Segment[] => {
		// `inner` is trimmed: the function is its first word, the arguments the rest.
		const space = firstSpace(inner);
		const fn = space < 0 ? inner : inner.slice(0, space);
		const argText = space < 0 ? '' : inner.slice(space);
		const args = argText.trim() === '' ? [] : argText.trim().split(/\s+/);
		switch (fn) {
			case '$adobeToken':
			case '$adobeClientId':
				return [{ credential: fn === '$adobeToken' ? 'token' : 'clientId', profile: argText.trim() || undefined, text: `{{${inner}}}` }];
			case '$adobeEndpoint':
				if (args.length !== 1) {
					throw invalid(line, `{{$adobeEndpoint}} needs one of ${ADOBE_ENDPOINT_NAMES.join(', ')}, e.g. {{$adobeEndpoint photoshop}}.`);
				}
				return [endpoint(args[0], line)];
			case '$guid':
				return [randomUUID()];
			case '$timestamp': {
				if (args.length === 0) return [String(Math.floor(Date.now() / 1000))];
				const offset = Number(args[0]);
				const unit = args[1] ?? '';
				if (args.length !== 2 || !Number.isSafeInteger(offset) || !Object.hasOwn(TIMESTAMP_UNITS, unit) || Math.abs(offset) > 1e6) {
					throw invalid(
						line,
						`{{${inner}}} should be {{$timestamp}} or {{$timestamp offset unit}} with a whole offset and a unit of ${Object.keys(TIMESTAMP_UNITS).join(', ')}.`,
					);
				}
				return [offsetTimestamp(offset, unit)];
			}
			case '$randomInt': {
				const [min, max] = args.map(Number);
				if (args.length !== 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min || max - min > MAX_RANDOM_SPAN) {
					throw invalid(line, `{{${inner}}} should be {{$randomInt min max}} with whole numbers, min < max (max is excluded).`);
				}
				return [String(randomInt(min, max))];
			}
			default:
				throw invalid(
					line,
					`{{${fn}}} is not a built-in variable this extension knows (use $adobeToken, $adobeClientId, $adobeEndpoint, $guid, $timestamp or $randomInt).`,
				);
		}
	};

	let expansions = 0;
	let expandedChars = 0;
	const fileVariable = (name: string, line: number, stack: readonly string[]): Segment[] => {
		if (++expansions > MAX_EXPANSIONS) {
			throw invalid(line, `the file variables are expanded more than ${MAX_EXPANSIONS} times for this request; simplify them.`);
		}
		const variable = variables.get(name);
		if (!variable) {
			const why = /[.]/.test(name) ? ' Request variables (name.response…) are not supported.' : ` Define it with "@${name} = value".`;
			throw invalid(line, `{{${name}}} is not defined.${why}`);
		}
		expandedChars += variable.value.length;
		if (expandedChars > MAX_EXPANDED_CHARS) {
			throw invalid(
				line,
				`the file variables expand to more than ${MAX_EXPANDED_CHARS.toLocaleString('en-US')} characters for this request; simplify them.`,
			);
		}
		const malformed = file.problems.find((p) => p.line === variable.line);
		if (malformed) throw invalidInput(malformed.message);
		if (stack.includes(name)) {
			throw invalid(
				variable.line,
				`the file variables refer to each other in a loop: ${[...stack.slice(stack.indexOf(name)), name].map((n) => `@${n}`).join(' → ')}.`,
			);
		}
		return expand(variable.value, variable.line, [...stack, name]);
	};

	const isCredential = (segment: Segment): segment is Exclude<Segment, string> => typeof segment !== 'string';

	// Phase 1.
	const urlSegments = request.urlParts.flatMap((part) => {
		const segments = expand(part.text, part.line, []);
		if (segments.some(isCredential)) {
			throw invalid(
				part.line,
				'{{$adobeToken}} and {{$adobeClientId}} cannot be used in the URL (URLs end up in logs and proxies); send them in a header.',
			);
		}
		return segments as string[];
	});
	const url = urlSegments.join('');
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		throw invalid(
			request.line,
			'the URL is not an absolute URL once its variables are replaced; start it with https:// or {{$adobeEndpoint …}}.',
		);
	}
	if (target.protocol !== 'https:' && target.protocol !== 'http:') {
		throw invalid(request.line, `the URL must start with https:// or http://, not ${target.protocol}//.`);
	}
	const headerSegments = request.headers.map((h) => ({ name: h.name, segments: expand(h.value, h.line, []) }));
	const bodySegments =
		request.body === undefined
			? undefined
			: request.body
					.split('\n')
					.flatMap((text, index) => [...(index > 0 ? ['\n'] : []), ...expand(text, (request.bodyLine as number) + index, [])]);
	const credentials = [...headerSegments.flatMap((h) => h.segments), ...(bodySegments ?? [])].filter(isCredential);
	const usesCredentials = credentials.length > 0;
	// The token belongs in the Authorization header. In a body it goes wherever the receiving API is told
	// to take it: a Photoshop or Firefly job fetches a `source.url` or writes a `destination.url` named in
	// the body, so "Send to photoshop-api.adobe.io" could put the token into another host's access log.
	// IMS is the one API that takes a token in its body (validate, revoke).
	if (
		bodySegments?.some((segment) => isCredential(segment) && segment.credential === 'token') &&
		!isImsOrigin(target, endpoint('ims', request.line))
	) {
		throw invalid(
			request.bodyLine as number,
			'{{$adobeToken}} can be sent in a header (Authorization: Bearer {{$adobeToken}}), not in the body: an API can pass what its body names on to other hosts. Only Adobe IMS takes a token in its body.',
		);
	}

	// Phase 2: nothing about a credential is asked for before the caller accepts the origin.
	if (usesCredentials) await checkOrigin(target);
	if (signal?.aborted) throw new AdobeApiError('The request was cancelled.', { kind: 'cancelled' });

	// Phase 3: each distinct credential once.
	const resolved = new Map<string, string>();
	for (const c of credentials) {
		const key = `${c.credential}\n${c.profile ?? ''}`;
		if (resolved.has(key)) continue;
		resolved.set(key, c.credential === 'token' ? await values.token(c.profile, signal) : await values.clientId(c.profile));
	}
	const valueOf = (segments: Segment[]) =>
		segments.map((s) => (isCredential(s) ? (resolved.get(`${s.credential}\n${s.profile ?? ''}`) as string) : s)).join('');
	const displayOf = (segments: Segment[]) => segments.map((s) => (isCredential(s) ? s.text : s)).join('');
	const headers = headerSegments.map((h, index) => {
		const value = valueOf(h.segments);
		// A line break in a value would start another header (or the body).
		if (/[\r\n]/.test(value)) {
			throw invalid(request.headers[index].line, `the value of ${h.name} contains a line break once its variables are replaced.`);
		}
		return { name: h.name, value };
	});
	return {
		method: request.method,
		url,
		headers,
		body: bodySegments && valueOf(bodySegments),
		secrets: [...new Set(resolved.values())].filter((s) => s !== ''),
		usesCredentials,
		display: {
			method: request.method,
			url,
			headers: headerSegments.map((h) => ({ name: h.name, value: displayOf(h.segments) })),
			body: bodySegments && displayOf(bodySegments),
		},
	};
}
