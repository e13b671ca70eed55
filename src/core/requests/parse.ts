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
 * Parsing turns the text into requests, file variables and problems (the diagnostics); resolve.ts
 * replaces the variables and built-ins when a request is sent, and compose.ts builds the body REST
 * Client's way (`< ./file` and `<@ ./file` lines, multipart, forms, GraphQL).
 *
 * Besides `###`, a request starts at a line that is a whole request line of REST Client's known
 * methods written in upper case with an absolute target (`POST https://…` or `GET {{base}}/…`), when it
 * comes among the headers of the request before it, or after a blank line (and any comment lines) in
 * its body. REST Client (github.com/Huachao/vscode-restclient src/utils/selector.ts getRequestRanges)
 * and the JetBrains spec (github.com/JetBrains/http-request-in-editor-spec spec.md "2.5. Request
 * Separators") need `###`; without it REST Client sends the second request as a header or as the end
 * of the first one's body, which no one means.
 *
 * Nothing here imports VS Code or the HTTP client. Messages name lines 1-based ("Line 7: …") and
 * never quote a credential value.
 */

export interface RequestFileProblem {
	/** 0-based. */
	line: number;
	/** Names the line 1-based: "Line 7: …". */
	message: string;
}

export interface ParsedRequest {
	/** From `# @name x` or `// @name x`. */
	name?: string;
	/**
	 * As sent: REST Client's known methods (KNOWN_METHODS) in upper case whatever the case in the file
	 * (REST Client matches them case-insensitively and got upper-cases them); any other RFC 9110 token
	 * as written (methods are case-sensitive, RFC 9110 section 9.1). GET when the request line is just a URL.
	 */
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
	/** Block bounds (0-based, inclusive): between ### separators, or up to the line before the next request line (see above). */
	startLine: number;
	endLine: number;
	/**
	 * httpYac's assertion lines (`?? status == 202`), raw after the `??` and trimmed, in file order:
	 * before the request line, among the headers, or after the body (a trailing run of `??` lines, blank
	 * lines between them allowed). core/requests/assertions.ts reads them. A `??` line inside the body is body.
	 */
	assertions: Array<{ text: string; line: number }>;
	/** REST Client's `# @prompt name [description]` (also `// @prompt`), above the request line: asked for before sending. */
	prompts: Array<{ name: string; description?: string; line: number }>;
}

export interface ParsedRequestFile {
	/** `@name = value` file variables (raw; may reference other variables and built-ins). A later definition wins, as in REST Client. */
	variables: Array<{ name: string; value: string; line: number }>;
	requests: ParsedRequest[];
	problems: RequestFileProblem[];
}

/** The methods the templates and cURL import write; a request line may use any RFC 9110 token (KNOWN_METHODS, METHOD_TOKEN). */
export const REQUEST_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * The methods REST Client's request-line pattern names (github.com/Huachao/vscode-restclient
 * src/utils/httpRequestParser.ts parseRequestLine, case-insensitive), sent in upper case as got does.
 */
export const KNOWN_METHODS: readonly string[] = [
	'GET',
	'POST',
	'PUT',
	'DELETE',
	'PATCH',
	'HEAD',
	'OPTIONS',
	'CONNECT',
	'TRACE',
	'LOCK',
	'UNLOCK',
	'PROPFIND',
	'PROPPATCH',
	'COPY',
	'MOVE',
	'MKCOL',
	'MKCALENDAR',
	'ACL',
	'SEARCH',
];

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
/** `# @prompt` or `// @prompt`, then the rest of the line. */
const PROMPT_TAG = /^\s*(?:#|\/\/)\s*@prompt(?=\s|$)/;
/** httpYac's assertion line. */
const ASSERTION = /^\s*\?\?/;
const VARIABLE_LINE = /^\s*@/;
const VARIABLE_NAME = /^[A-Za-z_][\w-]*$/;
const REQUEST_NAME = /^[\w.-]+$/;
/** The whole of a last word such as "HTTP/1.1" or "http/2" (anchored at both ends: linear). */
const HTTP_VERSION = /^HTTP\/\d+(?:\.\d+)?$/i;
/** An RFC 9110 token: a header's name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** An RFC 9110 token (section 5.6.2): a method (section 9.1). */
export const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * What JavaScript's `.` does not match. The patterns this parser replaced (`(.*)$`, `\{\{(.*?)\}\}`)
 * ended at these characters; the string code keeps that meaning, so a value or a reference never
 * spans U+2028/U+2029 (lines are already split at \r and \n).
 */
const LINE_BREAK = /[\u2028\u2029]/;

/** "Line 7: …" for the 0-based line 6: how every message names its line. */
export function at(line: number, message: string): string {
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
export function firstSpace(text: string, from = 0): number {
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

/** `^(token)(?:\s+(.*))?$` on a trimmed request line: [whole, word, rest?], or undefined. */
function wordOf(text: string): [string, string, string | undefined] | undefined {
	const space = firstSpace(text);
	const first = space < 0 ? text : text.slice(0, space);
	if (!METHOD_TOKEN.test(first)) return undefined;
	if (space < 0) return [text, first, undefined];
	const rest = text.slice(skipSpace(text, space));
	if (LINE_BREAK.test(rest)) return undefined;
	return [text, first, rest];
}

/**
 * True when `line` is a whole request line that starts a request without `###` (see the top of this
 * file): a KNOWN_METHODS name in upper case, whitespace, a target starting with `http://`, `https://`
 * or `{{`, without whitespace, and at most an HTTP version after it. Strict on purpose: a body line
 * that merely starts with a verb ("GET the image…") stays body. One pass over the line.
 */
export function isRequestLineStart(line: string): boolean {
	const trimmed = line.trim();
	const space = firstSpace(trimmed);
	if (space < 0 || !KNOWN_METHODS.includes(trimmed.slice(0, space))) return false;
	const rest = trimmed.slice(skipSpace(trimmed, space));
	if (!/^(?:https?:\/\/|\{\{)/i.test(rest)) return false;
	const end = firstSpace(rest);
	if (end < 0) return !LINE_BREAK.test(rest);
	const version = rest.slice(skipSpace(rest, end));
	return HTTP_VERSION.test(version) && !LINE_BREAK.test(rest);
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

	/** The requests of one `###` block: usually one; more when a request line starts another (isRequestLineStart). */
	function parseBlock(startLine: number, endLine: number): void {
		let from: number | undefined = startLine;
		while (from !== undefined && from <= endLine) from = parseRequestIn(from, endLine);
	}

	/**
	 * Where the body that starts at `first` (after a blank line) ends: the line before a request line that follows a blank
	 * line, any `??` lines (the assertions of the request above) and any comment lines (the next request's
	 * `# @name`, `# @prompt`), or `endLine`. Each line
	 * is looked at by the scan and by at most one look-ahead (the one from the nearest blank line above
	 * it, since a look-ahead stops at the first line that is not a comment): linear.
	 */
	function nextRequestIn(first: number, endLine: number): number | undefined {
		// From the blank line that ended the headers: a request line can be the body's first line.
		for (let i = first - 1; i < endLine; i++) {
			if (lines[i].trim() !== '') continue;
			// httpYac's `??` lines of the request above, then the next one's comment lines.
			let j = i + 1;
			while (j <= endLine && ASSERTION.test(lines[j])) j++;
			const next = j;
			while (j <= endLine && lines[j].trim() !== '' && COMMENT.test(lines[j]) && !SEPARATOR.test(lines[j])) j++;
			if (j <= endLine && isRequestLineStart(lines[j])) return next;
		}
		return undefined;
	}

	/** Parses the request that starts at or after `startLine`; returns where the next one in the block starts, if one does. */
	function parseRequestIn(startLine: number, endLine: number): number | undefined {
		let name: string | undefined;
		let request: ParsedRequest | undefined;
		let state: 'before' | 'query' | 'headers' | 'body' = 'before';
		const prompts: ParsedRequest['prompts'] = [];
		const assertions: ParsedRequest['assertions'] = [];
		for (let i = startLine; i <= endLine; i++) {
			const line = lines[i];
			const trimmed = line.trim();
			if (state !== 'body' && ASSERTION.test(line)) {
				(request?.assertions ?? assertions).push({ text: trimmed.slice(2).trim(), line: i });
				continue;
			}
			if (state === 'before') {
				if (trimmed === '') continue;
				const prompt = PROMPT_TAG.exec(line);
				if (prompt) {
					parsePrompt(i, line.slice(prompt[0].length), prompts);
					continue;
				}
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
				if (!request) return undefined;
				request.prompts = prompts;
				request.assertions = assertions;
				file.requests.push(request);
				state = 'query';
				continue;
			}
			if (!request) return undefined;
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
				if (isRequestLineStart(line)) {
					// The next request, written without ### (see the top of this file).
					request.endLine = i - 1;
					return i;
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
			const next = nextRequestIn(i, endLine);
			if (next !== undefined) request.endLine = next - 1;
			parseBody(request, i, next === undefined ? endLine : next - 1);
			return next;
		}
		return undefined;
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
		const known = word && KNOWN_METHODS.includes(word[1].toUpperCase());
		if (word && (word[2] !== undefined || known)) {
			if (word[2] === undefined) {
				problem(i, `${word[1].toUpperCase()} needs a URL after it.`);
				return undefined;
			}
			// REST Client's methods in any case go out upper-case (got upper-cases them); any other
			// RFC 9110 token goes as written: methods are case-sensitive (RFC 9110 section 9.1).
			method = known ? word[1].toUpperCase() : word[1];
			rest = word[2].trim();
			if (method === 'CONNECT') {
				// REST Client lists it, but it asks a proxy for a tunnel rather than a server for an answer, and undici sends it only as such.
				problem(i, 'CONNECT opens a tunnel through a proxy (RFC 9110 section 9.3.6); a request file cannot send it.');
				return undefined;
			}
		}
		checkBraces(i, rest);
		if (/\s/.test(withoutReferences(rest))) {
			problem(i, 'the request line should be "METHOD URL [HTTP/1.1]"; a URL cannot contain spaces (encode them as %20).');
			return undefined;
		}
		return {
			name,
			method,
			url: rest,
			urlParts: [{ text: rest, line: i }],
			httpVersion,
			headers: [],
			line: i,
			startLine,
			endLine,
			assertions: [],
			prompts: [],
		};
	}

	function parsePrompt(i: number, rest: string, prompts: ParsedRequest['prompts']): void {
		const text = rest.trim();
		const space = firstSpace(text);
		const promptName = space < 0 ? text : text.slice(0, space);
		if (!VARIABLE_NAME.test(promptName)) {
			return problem(i, '"@prompt" needs a variable name of letters, digits, "_" and "-" (e.g. "# @prompt username Your Adobe ID").');
		}
		if (LINE_BREAK.test(text)) return problem(i, 'the prompt contains a U+2028 or U+2029 line separator; remove it.');
		const description = space < 0 ? undefined : text.slice(space).trim() || undefined;
		prompts.push({ name: promptName, description, line: i });
	}

	function parseBody(request: ParsedRequest, first: number, endLine: number): void {
		let last = endLine;
		// A trailing run of `??` lines (blank lines between them allowed) holds assertions, not body.
		const trailing: ParsedRequest['assertions'] = [];
		for (;;) {
			while (last >= first && lines[last].trim() === '') last--;
			if (last < first || !ASSERTION.test(lines[last])) break;
			trailing.push({ text: lines[last].trim().slice(2).trim(), line: last });
			last--;
		}
		request.assertions.push(...trailing.reverse());
		if (last < first) return;
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
