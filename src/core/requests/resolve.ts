/**
 * Resolving one request of a parsed request file (parse.ts): file variables and the built-ins, in
 * phases, so that nothing is fetched or sent before the origin is checked.
 *
 * Built-ins (BUILTINS below, one resolver each): {{$adobeToken [profile name]}}, {{$adobeClientId [profile name]}},
 * {{$adobeEndpoint ims|photoshop|cloudStorage|firefly|photoshopV2}}, and REST Client's {{$guid}}, {{$timestamp [offset unit]}}
 * and {{$randomInt min max}} (min inclusive, max exclusive). Not supported: request variables
 * ({{name.response.body…}}), {{$dotenv}}, {{$processEnv}}, prompt variables. The body's `< ./file`
 * lines are read in phase 1 (readBody) and the request is put together by compose.ts.
 *
 * Nothing here imports VS Code or the HTTP client. Messages name lines 1-based ("Line 7: …") and
 * never quote a credential value.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { RequestEndpointName } from '../common/endpoints';
import { ADOBE_IMS_URLS } from '../credentials/profiles';
import { AdobeApiError, invalidInput } from '../common/errors';
import { ParsedRequest, ParsedRequestFile, at, firstSpace, references } from './parse';
import { BodyPart, FormParamEncodingStrategy, composeRequest, decodeFile, fileLineOf } from './compose';
import { MAX_BODY_FILE_BYTES, VariableSources } from './types';

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
	/** `< ./file` and `<@ ./file` body lines (bodyFiles.ts workspaceFileReader); without it such a body is refused. */
	readFile?: VariableSources['readFile'];
	/** `rest-client.formParamEncodingStrategy`; automatic when undefined (compose.ts encodeForm). */
	formParamEncodingStrategy?: FormParamEncodingStrategy;
}

export interface ResolvedRequest {
	method: string;
	url: string;
	/** As sent (compose.ts): named once each, Basic credentials encoded, X-Request-Type and Digest credentials left out. */
	headers: Array<{ name: string; value: string }>;
	body?: string;
	/** The body as bytes when a `<` / `<@` line read a file (then `body` is undefined). */
	bodyBytes?: Buffer;
	/** `Authorization: Digest user pass`: send.ts answers the server's Digest challenge with it. */
	digest?: { username: string; password: string };
	/** Every value that came from $adobeToken / $adobeClientId, and Basic/Digest credentials (for redaction of everything shown). */
	secrets: string[];
	/** The request used $adobeToken or $adobeClientId (directly or via a file variable). */
	usesCredentials: boolean;
	/**
	 * The request used a sensitive value besides the credentials: {{$processEnv}}, {{$dotenv}} or a
	 * request variable read from a sensitive exchange. Like a credential it passed the origin check
	 * before it was read, and its values are in `secrets`.
	 */
	sensitive?: boolean;
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

/** One `{{$name arguments}}` as its resolver sees it. */
interface BuiltinCall {
	/** The reference between the braces, trimmed: `$timestamp -1 d`. */
	inner: string;
	/** What follows the name, as written. */
	argText: string;
	/** The arguments, split at whitespace. */
	args: string[];
	/** 0-based, for messages. */
	line: number;
	/** The configured base URL of `name`, without a trailing slash; refuses a name that is not in ADOBE_ENDPOINT_NAMES. */
	endpoint(name: string): string;
}

/** What a built-in becomes in phase 1: text, or a credential left for phase 3. */
type BuiltinResolver = (call: BuiltinCall) => Segment;

/** A credential is only named in phase 1; its value is asked for in phase 3, after the origin check. */
const credential =
	(kind: 'token' | 'clientId'): BuiltinResolver =>
	({ inner, argText }) => ({ credential: kind, profile: argText.trim() || undefined, text: `{{${inner}}}` });

/**
 * The built-in variables, one resolver each, as REST Client registers one resolve function per system
 * variable name (github.com/Huachao/vscode-restclient src/utils/httpVariableProviders/systemVariableProvider.ts,
 * one of the providers src/utils/variableProcessor.ts lists). A new built-in is one entry; the message
 * for an unknown one lists these names in this order.
 */
const BUILTINS: Readonly<Record<string, BuiltinResolver>> = {
	$adobeToken: credential('token'),
	$adobeClientId: credential('clientId'),
	$adobeEndpoint: ({ args, line, endpoint }) => {
		if (args.length !== 1) {
			throw invalid(line, `{{$adobeEndpoint}} needs one of ${ADOBE_ENDPOINT_NAMES.join(', ')}, e.g. {{$adobeEndpoint photoshop}}.`);
		}
		return endpoint(args[0]);
	},
	$guid: () => randomUUID(),
	$timestamp: ({ inner, args, line }) => {
		if (args.length === 0) return String(Math.floor(Date.now() / 1000));
		const offset = Number(args[0]);
		const unit = args[1] ?? '';
		if (args.length !== 2 || !Number.isSafeInteger(offset) || !Object.hasOwn(TIMESTAMP_UNITS, unit) || Math.abs(offset) > 1e6) {
			throw invalid(
				line,
				`{{${inner}}} should be {{$timestamp}} or {{$timestamp offset unit}} with a whole offset and a unit of ${Object.keys(TIMESTAMP_UNITS).join(', ')}.`,
			);
		}
		return offsetTimestamp(offset, unit);
	},
	$randomInt: ({ inner, args, line }) => {
		const [min, max] = args.map(Number);
		if (args.length !== 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min || max - min > MAX_RANDOM_SPAN) {
			throw invalid(line, `{{${inner}}} should be {{$randomInt min max}} with whole numbers, min < max (max is excluded).`);
		}
		return String(randomInt(min, max));
	},
};

/** "$adobeToken, $adobeClientId, …, $timestamp or $randomInt": the built-ins, for the message naming an unknown one. */
function builtinNames(): string {
	const names = Object.keys(BUILTINS);
	return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

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
			if (inner.startsWith('$')) segments.push(builtin(inner, line));
			else segments.push(...fileVariable(inner, line, stack));
		}
		segments.push(text.slice(last));
		return segments;
	};

	const builtin = (inner: string, line: number): Segment => {
		// `inner` is trimmed: the function is its first word, the arguments the rest.
		const space = firstSpace(inner);
		const fn = space < 0 ? inner : inner.slice(0, space);
		const argText = space < 0 ? '' : inner.slice(space);
		const args = argText.trim() === '' ? [] : argText.trim().split(/\s+/);
		const resolver = Object.hasOwn(BUILTINS, fn) ? BUILTINS[fn] : undefined;
		if (!resolver) throw invalid(line, `{{${fn}}} is not a built-in variable this extension knows (use ${builtinNames()}).`);
		return resolver({ inner, argText, args, line, endpoint: (name) => endpoint(name, line) });
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
	// Body lines, and the files they name read now, in phase 1: a credential inside a `<@` file is used
	// like one written in the file, so the origin is checked before it is asked for (compose.ts).
	const bodyPieces = request.body === undefined ? undefined : await readBody(request, expand, values);
	const bodySegments = bodyPieces?.flatMap((piece) => ('segments' in piece ? piece.segments : []));
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
		return { name: h.name, value, line: request.headers[index].line };
	});
	const body: BodyPart[] | undefined = bodyPieces?.map((piece) =>
		piece.kind === 'text'
			? { kind: 'text', text: valueOf(piece.segments), line: piece.line }
			: { kind: 'file', content: piece.kind === 'file' ? piece.bytes : valueOf(piece.segments), line: piece.line },
	);
	const composed = composeRequest({ headers, body, formParamEncodingStrategy: values.formParamEncodingStrategy });
	return {
		method: request.method,
		url,
		headers: composed.headers,
		body: composed.body,
		bodyBytes: composed.bodyBytes,
		digest: composed.digest,
		secrets: [...new Set([...resolved.values(), ...composed.secrets])].filter((s) => s !== ''),
		usesCredentials,
		display: {
			method: request.method,
			url,
			headers: headerSegments.map((h) => ({ name: h.name, value: displayOf(h.segments) })),
			// As written: a file line shows as its `<` line.
			body: bodyPieces?.map((piece) => (piece.kind === 'text' ? displayOf(piece.segments) : piece.written)).join('\n'),
		},
	};
}

/** One body line after phase 1: text, the bytes a `<` line read, or the text a `<@` line read (its variables expanded). */
type BodyPiece =
	| { kind: 'text'; segments: Segment[]; line: number }
	| { kind: 'file'; bytes: Buffer; line: number; written: string }
	| { kind: 'fileText'; segments: Segment[]; line: number; written: string };

/**
 * The body's lines, with the files that `< ./file` and `<@[encoding] ./file` lines name read (REST
 * Client's httpRequestParser.ts parseBody: any body line, `<` in its first column). The path may use
 * variables, not credentials; all the files of one request hold MAX_BODY_FILE_BYTES at most.
 */
async function readBody(
	request: ParsedRequest,
	expand: (text: string, line: number, stack: readonly string[]) => Segment[],
	values: BuiltinValues,
): Promise<BodyPiece[]> {
	const pieces: BodyPiece[] = [];
	let total = 0;
	const lines = (request.body as string).split('\n');
	for (let index = 0; index < lines.length; index++) {
		const text = lines[index];
		const line = (request.bodyLine as number) + index;
		const fileLine = fileLineOf(text);
		if (!fileLine) {
			pieces.push({ kind: 'text', segments: expand(text, line, []), line });
			continue;
		}
		const pathSegments = expand(fileLine.path, line, []);
		if (pathSegments.some((segment) => typeof segment !== 'string')) {
			throw invalid(line, '{{$adobeToken}} and {{$adobeClientId}} cannot name a body file.');
		}
		if (!values.readFile) {
			throw invalid(line, 'a body read from a file ("< ./file") needs a folder to read from (a saved request file in a workspace).');
		}
		const bytes = await values.readFile((pathSegments as string[]).join(''), line);
		total += bytes.length;
		if (total > MAX_BODY_FILE_BYTES) {
			throw invalid(
				line,
				`the files this body reads hold more than ${MAX_BODY_FILE_BYTES / 1024 / 1024} MB together, the most a request body may read.`,
			);
		}
		if (!fileLine.processVariables) {
			pieces.push({ kind: 'file', bytes, line, written: text });
			continue;
		}
		// Variables are replaced line by line (a reference never spans lines); the file's own line breaks are kept.
		const segments = decodeFile(bytes, fileLine.encoding, line)
			.split(/(\r\n|\r|\n)/)
			.flatMap((part, i) => (i % 2 === 1 ? [part] : expand(part, line, [])));
		pieces.push({ kind: 'fileText', segments, line, written: text });
	}
	return pieces;
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
