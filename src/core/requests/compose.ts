/**
 * What goes on the wire for a request file's request once its variables are resolved: the headers and
 * the body as REST Client builds them (github.com/Huachao/vscode-restclient, README "Request Body",
 * "Making GraphQL Request", "Basic Auth", "Digest Auth", and src/utils/httpRequestParser.ts,
 * src/utils/requestParserUtil.ts, src/utils/httpClient.ts), so a file written for REST Client sends the
 * same bytes here:
 *
 * - headers named twice are joined into one, in the first one's place (requestParserUtil.ts
 *   parseRequestHeaders): any header with `,`, and `Cookie` values with `; `, the separator of RFC 6265
 *   section 4.2.1 (`cookie-pair *( ";" SP cookie-pair )`) and of HTTP/2's joined cookies (RFC 9113
 *   section 8.2.3), where REST Client writes `;` without the space: servers read both alike;
 * - `X-Request-Type: GraphQL` makes the body `{"query", "operationName", "variables"}` JSON (the query,
 *   then after the first blank line the variables), and the header is not sent;
 * - `Authorization: Basic user:pass` and `Basic user pass` are sent base64-encoded (RFC 7617);
 *   `Basic <base64>` as written; `Digest user pass` is not sent: send.ts answers the server's challenge;
 * - body lines: `< ./file` (the file's bytes), `<@ ./file` and `<@latin1 ./file` (the file read in that
 *   encoding, its variables replaced; resolve.ts reads them before the origin check);
 * - `multipart/form-data` bodies get CRLF line breaks, `application/x-www-form-urlencoded` bodies their
 *   `&` lines joined without a break and their values encoded (rest-client.formParamEncodingStrategy),
 *   `application/x-ndjson` a final line break.
 *
 * One difference: REST Client joins body lines with the platform's line break (os.EOL); here it is
 * always `\n`, so a file sends the same bytes on every platform (REST Client on macOS and Linux).
 *
 * Nothing here imports VS Code or the HTTP client; everything is linear in its input.
 */
import { invalidInput } from '../common/errors';
import { at } from './parse';

/** `rest-client.formParamEncodingStrategy` (REST Client's package.json): automatic (the default), never, always. */
export type FormParamEncodingStrategy = 'automatic' | 'never' | 'always';
export const FORM_PARAM_ENCODING_STRATEGIES: readonly FormParamEncodingStrategy[] = ['automatic', 'never', 'always'];

/** One line of a body, resolved: text as written, or what a `<` / `<@` line read (`content`), with its own line. */
export type BodyPart = { kind: 'text'; text: string; line: number } | { kind: 'file'; content: string | Buffer; line: number };

/** A `< ./file`, `<@ ./file` or `<@encoding ./file` line, split. */
export interface FileLine {
	/** `<@`: the file's variables are replaced. */
	processVariables: boolean;
	/** After `<@`; undefined = utf8. */
	encoding?: string;
	/** As written, trimmed (may hold `{{…}}`). */
	path: string;
}

/**
 * REST Client's `^<(?:(?<processVariables>@)(?<encoding>\w+)?)?\s+(?<filepath>.+?)\s*$` (httpRequestParser.ts
 * inputFileSyntax), read with indexes rather than that pattern: its `\s+(.+?)\s*$` tries each split of
 * a long run of spaces again. The line is not trimmed first: `<` must be its first character.
 */
export function fileLineOf(text: string): FileLine | undefined {
	if (text[0] !== '<') return undefined;
	let i = 1;
	let processVariables = false;
	let encoding: string | undefined;
	if (text[i] === '@') {
		processVariables = true;
		i++;
		const start = i;
		while (i < text.length && /\w/.test(text[i])) i++;
		if (i > start) encoding = text.slice(start, i);
	}
	const pathStart = skipWhitespace(text, i);
	if (pathStart === i) return undefined;
	const path = text.slice(pathStart).trimEnd();
	// `.` in the pattern stops at line terminators; the parser split lines at \r and \n already.
	if (path === '' || /[\u2028\u2029]/.test(path)) return undefined;
	return { processVariables, encoding, path };
}

function skipWhitespace(text: string, from: number): number {
	let i = from;
	while (i < text.length && /\s/.test(text[i])) i++;
	return i;
}

/** The encodings `<@encoding` may name: Node's (REST Client passes the word to Buffer.toString). */
export const FILE_ENCODINGS: readonly string[] = ['utf8', 'utf16le', 'ucs2', 'latin1', 'binary', 'ascii', 'base64', 'base64url', 'hex'];

/** A `<@encoding` file's text (utf8 by default), or a message naming the line when the encoding is unknown. */
export function decodeFile(bytes: Buffer, encoding: string | undefined, line: number): string {
	const name = (encoding ?? 'utf8').toLowerCase();
	if (!FILE_ENCODINGS.includes(name)) {
		throw invalidInput(
			at(line, `"<@${encoding}" names an encoding this extension does not know; use one of ${FILE_ENCODINGS.join(', ')}.`),
		);
	}
	return bytes.toString(name as BufferEncoding);
}

/** The essence of a Content-Type (`type/subtype`, lower case), as REST Client's mimeUtility.ts MimeUtility.parse reads it. */
export function mediaTypeOf(contentType: string | undefined): string {
	if (!contentType) return '';
	const semicolon = contentType.indexOf(';');
	return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

export interface ComposeInput {
	headers: Array<{ name: string; value: string; line: number }>;
	/** Undefined: no body. */
	body?: BodyPart[];
	formParamEncodingStrategy?: FormParamEncodingStrategy;
}

export interface Composed {
	headers: Array<{ name: string; value: string }>;
	/** The body when it is text (no `< ./file` line). */
	body?: string;
	/** The body when a `<` / `<@` line read a file: bytes, as they go. */
	bodyBytes?: Buffer;
	/** `Authorization: Digest user pass`: answered when the server challenges (send.ts). */
	digest?: { username: string; password: string };
	/** Values to redact from everything shown: a Basic header's encoded value, a Digest password. */
	secrets: string[];
}

/** The headers and body that go on the wire (see the top of this file). */
export function composeRequest(input: ComposeInput): Composed {
	const secrets: string[] = [];
	let headers = mergeHeaders(input.headers);
	let digest: Composed['digest'];

	const requestType = headers.find((h) => h.name.toLowerCase() === 'x-request-type');
	// REST Client compares the value with "GraphQL" (0.25.1) or "graphql" (since its #1237, meant to ignore case): either works here.
	const graphQl = requestType !== undefined && requestType.value.toLowerCase() === 'graphql';
	if (graphQl) headers = headers.filter((h) => h !== requestType);

	const authorization = headers.find((h) => h.name.toLowerCase() === 'authorization');
	if (authorization) {
		// REST Client's httpClient.ts prepareOptions: `[scheme, user, ...args] = value.split(/\s+/)`.
		const [scheme, user = '', ...args] = authorization.value.split(/\s+/);
		const normalized = scheme.toLowerCase();
		if (args.length > 0 && normalized === 'basic') {
			authorization.value = basic(user, args.join(' '), secrets);
		} else if (args.length > 0 && normalized === 'digest') {
			headers = headers.filter((h) => h !== authorization);
			digest = { username: user, password: args.join(' ') };
			if (digest.password) secrets.push(digest.password);
		} else if (normalized === 'basic' && user.includes(':')) {
			// RFC 7617: the user-id has no colon, the password may; REST Client's `user.split(':')` would
			// drop a password's text after a second colon, here it is kept.
			const colon = user.indexOf(':');
			authorization.value = basic(user.slice(0, colon), user.slice(colon + 1), secrets);
		}
	}

	const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value;
	const result: Composed = { headers: headers.map(({ name, value }) => ({ name, value })), digest, secrets };
	if (input.body === undefined) return result;
	if (graphQl) {
		result.body = graphQlBody(input.body, contentType);
		return result;
	}
	const composed = composeBody(input.body, contentType);
	if (typeof composed !== 'string') {
		result.bodyBytes = composed;
		return result;
	}
	result.body =
		mediaTypeOf(contentType) === 'application/x-www-form-urlencoded' ? encodeForm(composed, input.formParamEncodingStrategy) : composed;
	return result;
}

function basic(user: string, password: string, secrets: string[]): string {
	const encoded = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
	secrets.push(encoded);
	if (password) secrets.push(password);
	return `Basic ${encoded}`;
}

/** Headers named more than once joined into the first, as REST Client's parseRequestHeaders does (cookies with RFC 6265's "; "). */
function mergeHeaders(headers: ComposeInput['headers']): Array<{ name: string; value: string }> {
	const merged: Array<{ name: string; value: string }> = [];
	const byName = new Map<string, { name: string; value: string }>();
	for (const { name, value } of headers) {
		const key = name.toLowerCase();
		const first = byName.get(key);
		if (first) first.value += `${key === 'cookie' ? '; ' : ','}${value}`;
		else {
			const header = { name, value };
			byName.set(key, header);
			merged.push(header);
		}
	}
	return merged;
}

/**
 * The body, REST Client's parseBody: without a file line, the lines joined with `\n` (CRLF for
 * multipart/form-data; form lines that start with `&` joined with nothing; ndjson ends with a break);
 * with one, each part followed by the line break except the last (every part, multipart too).
 */
function composeBody(parts: BodyPart[], contentType: string | undefined): string | Buffer {
	const type = mediaTypeOf(contentType);
	const lineEnding = type === 'multipart/form-data' ? '\r\n' : '\n';
	if (parts.every((p) => p.kind === 'text')) {
		const texts = parts.map((p) => (p as { text: string }).text);
		if (type === 'application/x-www-form-urlencoded') {
			return texts.map((t, i) => (i === 0 || t.startsWith('&') ? t : `\n${t}`)).join('');
		}
		return texts.join(lineEnding) + (type === 'application/x-ndjson' ? lineEnding : '');
	}
	const chunks: Buffer[] = [];
	parts.forEach((part, index) => {
		const content = part.kind === 'text' ? part.text : part.content;
		chunks.push(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
		if (index !== parts.length - 1 || type === 'multipart/form-data') chunks.push(Buffer.from(lineEnding));
	});
	return Buffer.concat(chunks);
}

/**
 * REST Client's createGraphQlBody: the lines up to the first blank one are the query, the rest the
 * variables (JSON); `operationName` is the name after a leading `query`.
 */
function graphQlBody(parts: BodyPart[], contentType: string | undefined): string {
	const blank = parts.findIndex((p) => p.kind === 'text' && p.text.trim() === '');
	const queryParts = blank < 0 ? parts : parts.slice(0, blank);
	const variableParts = blank < 0 ? [] : parts.slice(blank + 1);
	const asText = (composed: string | Buffer) => (typeof composed === 'string' ? composed : composed.toString('utf8'));
	const query = queryParts.length ? asText(composeBody(queryParts, contentType)) : undefined;
	let variables: unknown = {};
	if (variableParts.length) {
		const text = asText(composeBody(variableParts, contentType));
		try {
			variables = JSON.parse(text);
		} catch {
			throw invalidInput(at(variableParts[0].line, 'the GraphQL variables (after the blank line below the query) are not valid JSON.'));
		}
	}
	return JSON.stringify({ query, operationName: operationNameOf(query), variables });
}

/** `/^\s*query\s+([^@\{\(\s]+)/i` of REST Client, read with indexes. */
function operationNameOf(query: string | undefined): string | undefined {
	if (query === undefined) return undefined;
	let i = skipWhitespace(query, 0);
	if (query.slice(i, i + 5).toLowerCase() !== 'query') return undefined;
	i += 5;
	const start = skipWhitespace(query, i);
	if (start === i) return undefined;
	let end = start;
	while (end < query.length && !/[@{(\s]/.test(query[end])) end++;
	return end > start ? query.slice(start, end) : undefined;
}

/**
 * A form body's encoding (httpRequestParser.ts): `automatic` runs encodeurl 1.0.2 over it (what is not
 * a URL character is percent-encoded, `%` sequences already there are kept), `always` encodes each
 * name and value with encodeURIComponent (so `+` becomes %2B), `never` sends it as written.
 */
export function encodeForm(body: string, strategy: FormParamEncodingStrategy = 'automatic'): string {
	if (strategy === 'never') return body;
	if (strategy === 'always') {
		return body
			.split('&')
			.map((pair) => {
				const equals = pair.indexOf('=');
				const name = equals < 0 ? pair : pair.slice(0, equals);
				const value = equals < 0 ? '' : pair.slice(equals + 1);
				return `${encodeURIComponent(wellFormed(name))}=${encodeURIComponent(wellFormed(value))}`;
			})
			.join('&');
	}
	return encodeUrl(body);
}

/** Lone surrogates replaced with U+FFFD, as encodeurl does before encoding (encodeURI throws on them). */
function wellFormed(text: string): string {
	let i = 0;
	while (i < text.length && (text.charCodeAt(i) < 0xd800 || text.charCodeAt(i) > 0xdfff)) i++;
	if (i === text.length) return text; // no surrogate: the common case, no copy
	let out = text.slice(0, i);
	for (; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
			out += text[i] + text[i + 1];
			i++;
		} else out += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : text[i];
	}
	return out;
}

/** The characters encodeurl 1.0.2 leaves alone: `[^\x21\x23-\x3B\x3D\x3F-\x5F\x61-\x7A\x7C\x7E]` is what it encodes. */
function urlCharacter(c: number): boolean {
	return (
		c === 0x21 || (c >= 0x23 && c <= 0x3b) || c === 0x3d || (c >= 0x3f && c <= 0x5f) || (c >= 0x61 && c <= 0x7a) || c === 0x7c || c === 0x7e
	);
}

const isHex = (c: string | undefined) => c !== undefined && /[0-9A-Fa-f]/.test(c);

/**
 * encodeurl 1.0.2 (github.com/pillarjs/encodeurl, the version REST Client 0.25.1 locks), one pass:
 * runs of what its ENCODE_CHARS_REGEXP matches (a character that is not a URL character, or a `%`
 * that does not start a valid escape, with the one or two characters its pattern takes after it) go
 * through encodeURI together, as `replace(ENCODE_CHARS_REGEXP, encodeURI)` does.
 */
export function encodeUrl(input: string): string {
	const text = wellFormed(input);
	let out = '';
	// The stretch from `from` to `i`: characters kept as they are, or (inRun) a run to encode.
	let from = 0;
	let inRun = false;
	let i = 0;
	while (i < text.length) {
		let unit = 0;
		if (text[i] !== '%') unit = urlCharacter(text.charCodeAt(i)) ? 0 : 1;
		else if (i + 1 === text.length) unit = 1;
		else if (!isHex(text[i + 1])) unit = 2;
		else if (i + 2 < text.length && !isHex(text[i + 2])) unit = 3;
		if (unit > 0 !== inRun) {
			if (i > from) out += inRun ? encodeURI(text.slice(from, i)) : text.slice(from, i);
			from = i;
			inRun = unit > 0;
		}
		i += unit || 1;
	}
	if (from === 0 && !inRun) return text; // nothing to encode: no copy
	return out + (inRun ? encodeURI(text.slice(from)) : text.slice(from));
}
