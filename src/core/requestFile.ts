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
import type { RequestEndpointName } from './endpoints';
import { AdobeApiError } from './errors';

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

const SEPARATOR = /^\s*###/;
const COMMENT = /^\s*(?:#|\/\/)/;
const NAME_TAG = /^\s*(?:#|\/\/)\s*@name(?:\s+(.*))?$/;
const VARIABLE_LINE = /^\s*@/;
const VARIABLE = /^\s*@([^\s=]*)\s*(=?)\s*(.*)$/;
const VARIABLE_NAME = /^[A-Za-z_][\w-]*$/;
const REQUEST_NAME = /^[\w.-]+$/;
const HTTP_VERSION = /\s+(HTTP\/\d+(?:\.\d+)?)\s*$/i;
/** An RFC 9110 token, then the colon. */
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*)$/;
const REFERENCE = /\{\{(.*?)\}\}/g;

function at(line: number, message: string): string {
	return `Line ${line + 1}: ${message}`;
}

/** Where a line opens `{{` without closing it, if it does. */
function unterminated(text: string): boolean {
	const lastOpen = text.lastIndexOf('{{');
	return lastOpen >= 0 && text.indexOf('}}', lastOpen + 2) < 0;
}

/** The line with every {{…}} removed: what must not contain spaces in a URL. */
function withoutReferences(text: string): string {
	return text.replace(REFERENCE, '');
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
				const tag = NAME_TAG.exec(line);
				if (tag) {
					const value = (tag[1] ?? '').trim();
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
				const header = HEADER.exec(trimmed);
				if (!header) {
					problem(i, `this is not a header ("Name: value"). Leave a blank line between the headers and the body.`);
					continue;
				}
				checkBraces(i, header[2]);
				request.headers.push({ name: header[1], value: header[2].trim(), line: i });
				continue;
			}
			parseBody(request, i, endLine);
			return;
		}
	}

	function parseVariable(i: number, line: string): void {
		const match = VARIABLE.exec(line) as RegExpExecArray;
		const [, varName, equals, value] = match;
		if (!varName) return problem(i, 'a file variable needs a name: "@name = value".');
		if (!equals) return problem(i, `the file variable "@${varName}" needs "=" and a value: "@${varName} = value".`);
		if (!VARIABLE_NAME.test(varName)) return problem(i, `"@${varName}" is not a valid variable name (letters, digits, "_" and "-", not starting with a digit or "-").`);
		checkBraces(i, value);
		file.variables.push({ name: varName, value: value.trim(), line: i });
	}

	function parseRequestLine(i: number, trimmed: string, name: string | undefined, startLine: number, endLine: number): ParsedRequest | undefined {
		let rest = trimmed;
		let httpVersion: string | undefined;
		const version = HTTP_VERSION.exec(rest);
		if (version) {
			httpVersion = version[1].toUpperCase();
			rest = rest.slice(0, version.index);
		}
		let method = 'GET';
		const word = /^([A-Za-z]+)(?:\s+(.*))?$/.exec(rest);
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
	return new AdobeApiError(at(line, message), { kind: 'invalidInput' });
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
	if (blockProblem) throw new AdobeApiError(blockProblem.message, { kind: 'invalidInput' });
	const variables = new Map(file.variables.map((v) => [v.name, v]));
	const endpoint = (name: string, line: number) => {
		if (!(ADOBE_ENDPOINT_NAMES as readonly string[]).includes(name)) {
			throw invalid(line, `{{$adobeEndpoint ${name}}} is unknown; use {{$adobeEndpoint ${ADOBE_ENDPOINT_NAMES.join('|')}}}.`);
		}
		return values.endpoint(name as AdobeEndpointName).replace(/\/+$/, '');
	};

	/** Phase 1 for one line of text: everything but the credentials. */
	const expand = (text: string, line: number, stack: readonly string[]): Segment[] => {
		const segments: Segment[] = [];
		let last = 0;
		for (const match of text.matchAll(REFERENCE)) {
			segments.push(text.slice(last, match.index));
			last = (match.index as number) + match[0].length;
			const inner = match[1].trim();
			if (inner.startsWith('$')) segments.push(...builtin(inner, line));
			else segments.push(...fileVariable(inner, line, stack));
		}
		segments.push(text.slice(last));
		return segments;
	};

	const builtin = (inner: string, line: number): Segment[] => {
		const [, fn, argText = ''] = /^(\$\S*)\s*(.*)$/.exec(inner) as RegExpExecArray;
		const args = argText.trim() === '' ? [] : argText.trim().split(/\s+/);
		switch (fn) {
			case '$adobeToken':
			case '$adobeClientId':
				return [{ credential: fn === '$adobeToken' ? 'token' : 'clientId', profile: argText.trim() || undefined, text: `{{${inner}}}` }];
			case '$adobeEndpoint':
				if (args.length !== 1) throw invalid(line, `{{$adobeEndpoint}} needs one of ${ADOBE_ENDPOINT_NAMES.join(', ')}, e.g. {{$adobeEndpoint photoshop}}.`);
				return [endpoint(args[0], line)];
			case '$guid':
				return [randomUUID()];
			case '$timestamp': {
				if (args.length === 0) return [String(Math.floor(Date.now() / 1000))];
				const offset = Number(args[0]);
				const unit = args[1] ?? '';
				if (args.length !== 2 || !Number.isSafeInteger(offset) || !Object.hasOwn(TIMESTAMP_UNITS, unit) || Math.abs(offset) > 1e6) {
					throw invalid(line, `{{${inner}}} should be {{$timestamp}} or {{$timestamp offset unit}} with a whole offset and a unit of ${Object.keys(TIMESTAMP_UNITS).join(', ')}.`);
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
				throw invalid(line, `{{${fn}}} is not a built-in variable this extension knows (use $adobeToken, $adobeClientId, $adobeEndpoint, $guid, $timestamp or $randomInt).`);
		}
	};

	let expansions = 0;
	const fileVariable = (name: string, line: number, stack: readonly string[]): Segment[] => {
		if (++expansions > MAX_EXPANSIONS) throw invalid(line, `the file variables are expanded more than ${MAX_EXPANSIONS} times for this request; simplify them.`);
		const variable = variables.get(name);
		if (!variable) {
			const why = /[.]/.test(name) ? ' Request variables (name.response…) are not supported.' : ` Define it with "@${name} = value".`;
			throw invalid(line, `{{${name}}} is not defined.${why}`);
		}
		const malformed = file.problems.find((p) => p.line === variable.line);
		if (malformed) throw new AdobeApiError(malformed.message, { kind: 'invalidInput' });
		if (stack.includes(name)) {
			throw invalid(variable.line, `the file variables refer to each other in a loop: ${[...stack.slice(stack.indexOf(name)), name].map((n) => `@${n}`).join(' → ')}.`);
		}
		return expand(variable.value, variable.line, [...stack, name]);
	};

	const isCredential = (segment: Segment): segment is Exclude<Segment, string> => typeof segment !== 'string';

	// Phase 1.
	const urlSegments = request.urlParts.flatMap((part) => {
		const segments = expand(part.text, part.line, []);
		if (segments.some(isCredential)) {
			throw invalid(part.line, '{{$adobeToken}} and {{$adobeClientId}} cannot be used in the URL (URLs end up in logs and proxies); send them in a header.');
		}
		return segments as string[];
	});
	const url = urlSegments.join('');
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		throw invalid(request.line, 'the URL is not an absolute URL once its variables are replaced; start it with https:// or {{$adobeEndpoint …}}.');
	}
	if (target.protocol !== 'https:' && target.protocol !== 'http:') {
		throw invalid(request.line, `the URL must start with https:// or http://, not ${target.protocol}//.`);
	}
	const headerSegments = request.headers.map((h) => ({ name: h.name, segments: expand(h.value, h.line, []) }));
	const bodySegments =
		request.body === undefined
			? undefined
			: request.body.split('\n').flatMap((text, index) => [...(index > 0 ? ['\n'] : []), ...expand(text, (request.bodyLine as number) + index, [])]);
	const credentials = [...headerSegments.flatMap((h) => h.segments), ...(bodySegments ?? [])].filter(isCredential);
	const usesCredentials = credentials.length > 0;

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
	const valueOf = (segments: Segment[]) => segments.map((s) => (isCredential(s) ? (resolved.get(`${s.credential}\n${s.profile ?? ''}`) as string) : s)).join('');
	const displayOf = (segments: Segment[]) => segments.map((s) => (isCredential(s) ? s.text : s)).join('');
	const headers = headerSegments.map((h, index) => {
		const value = valueOf(h.segments);
		// A line break in a value would start another header (or the body).
		if (/[\r\n]/.test(value)) throw invalid(request.headers[index].line, `the value of ${h.name} contains a line break once its variables are replaced.`);
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
