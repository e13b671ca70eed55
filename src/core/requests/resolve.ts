/**
 * Resolving one request of a parsed request file (parse.ts): file variables and the built-ins, in
 * phases, so that nothing is fetched or sent before the origin is checked.
 *
 * Built-ins (BUILTINS below, one resolver each): {{$adobeToken [profile name]}}, {{$adobeClientId [profile name]}},
 * {{$adobeEndpoint ims|photoshop|cloudStorage|firefly|photoshopV2}}, and REST Client's {{$guid}}, {{$timestamp [offset unit]}},
 * {{$randomInt min max}} (min inclusive, max exclusive), {{$datetime …}} and {{$localDatetime …}} (datetime.ts),
 * {{$processEnv [%]NAME}} and {{$dotenv [%]NAME}}. The body's `< ./file` lines are read in phase 1 (readBody)
 * and the request is put together by compose.ts.
 *
 * Other names are looked up in REST Client's order (README "Variables": "request variables takes higher
 * resolving precedence over file variables, file variables takes higher precedence over environment
 * variables"), after this request's `# @prompt` answers, which override them all ("Prompt Variables"):
 * prompt > request variable (`{{login.response.body.$.id}}`, requestVariables.ts) > file variable
 * (`{{%name}}` percent-encodes one) > environment (environments.ts).
 *
 * Sensitive values: the credentials ($adobeToken, $adobeClientId), $processEnv and $dotenv (read only
 * after the origin check, like the credentials, and never in a URL), and request variables read from
 * a sensitive exchange (types.ts RequestExchange.sensitive: already in memory, but they make the request
 * pass the origin check too). A request using any of them goes only where the token may go.
 *
 * The body's `< ./file` lines are read in phase 1 (readBody) and the request is put together by compose.ts.
 *
 * Nothing here imports VS Code or the HTTP client. Messages name lines 1-based ("Line 7: …") and
 * never quote a credential value.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { RequestEndpointName } from '../common/endpoints';
import { ADOBE_IMS_URLS } from '../credentials/profiles';
import { AdobeApiError, invalidInput } from '../common/errors';
import { DATETIME_UNITS, datetimeValue } from './datetime';
import { ParsedRequest, ParsedRequestFile, at, firstSpace, references } from './parse';
import { BodyPart, FormParamEncodingStrategy, composeRequest, decodeFile, encodeUrl, fileLineOf } from './compose';
import { requestVariableValue } from './requestVariables';
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
	/** `url` parsed, when resolving parsed it (it did, to check the origin): sending reads it instead of parsing again. Not to be changed. */
	target?: URL;
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

/**
 * A value left for phase 3 (read only after the origin check: a credential, a process environment
 * variable, a .env value), or plain text. `arg` is the profile name, or the variable's name.
 */
type Deferred = { credential: 'token' | 'clientId' | 'processEnv' | 'dotenv'; arg?: string; text: string; line: number };
/**
 * A request variable's value from a sensitive exchange: sent as `value`, shown as `text` (the reference
 * as written), as a credential is shown, so the request's display never holds it.
 */
type Masked = { masked: true; value: string; text: string };
type Segment = string | Deferred | Masked;

function isDeferred(segment: Segment): segment is Deferred {
	return typeof segment !== 'string' && 'credential' in segment;
}

/** A phase-1 segment's text to send: only for segments that are not deferred. */
function textOf(segment: string | Masked): string {
	return typeof segment === 'string' ? segment : segment.value;
}

function invalid(line: number, message: string): AdobeApiError {
	return invalidInput(at(line, message));
}

/** REST Client's $timestamp offset units (its README, "System Variables"): fixed lengths, and calendar months for M, Q, y. */
const TIMESTAMP_UNITS: Record<string, number> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, M: 0, Q: 0, y: 0 };

function offsetTimestamp(offset: number, unit: string, now: Date): string {
	const date = new Date(now.getTime());
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
	/** The clock (VariableSources.now, or the system's). */
	now(): Date;
	/** A selected environment's variable (for `%NAME` in $processEnv and $dotenv). */
	environment(name: string): string | undefined;
}

/** What a built-in becomes in phase 1: text, or a credential left for phase 3. */
type BuiltinResolver = (call: BuiltinCall) => Segment;

/** A credential is only named in phase 1; its value is asked for in phase 3, after the origin check. */
const credential =
	(kind: 'token' | 'clientId'): BuiltinResolver =>
	({ inner, argText, line }) => ({ credential: kind, arg: argText.trim() || undefined, text: `{{${inner}}}`, line });

/**
 * `{{$processEnv [%]NAME}}` and `{{$dotenv [%]NAME}}`: only named in phase 1, read in phase 3. With `%`,
 * NAME is first looked up in the selected environment and its value is the name to read, as REST Client
 * does (systemVariableProvider.ts resolveSettingsEnvironmentVariable: the name itself when the
 * environment does not define it). REST Client's patterns: `\w+` for $processEnv, `[\w-.]+` for $dotenv.
 */
const environmentRead =
	(kind: 'processEnv' | 'dotenv'): BuiltinResolver =>
	({ inner, args, line, environment }) => {
		const shape = kind === 'processEnv' ? /^%?\w+$/ : /^%?[\w.-]+$/;
		if (args.length !== 1 || !shape.test(args[0])) {
			throw invalid(line, `{{${inner}}} should be {{$${kind} NAME}} or {{$${kind} %environmentVariable}}.`);
		}
		const written = args[0];
		const name = written.startsWith('%') ? (environment(written.slice(1)) ?? written.slice(1)) : written;
		return { credential: kind, arg: name, text: `{{${inner}}}`, line };
	};

const datetime =
	(utc: boolean): BuiltinResolver =>
	({ inner, argText, line, now }) => {
		const value = datetimeValue(argText, now(), utc);
		if (value === undefined) {
			const fn = utc ? '$datetime' : '$localDatetime';
			throw invalid(
				line,
				`{{${inner}}} should be {{${fn} rfc1123|iso8601|"format" [offset unit]}}: a Day.js format in quotes (YYYY-MM-DD, HH:mm:ss, …) and a whole offset with a unit of ${DATETIME_UNITS.join(', ')}.`,
			);
		}
		return value;
	};

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
	$timestamp: ({ inner, args, line, now }) => {
		if (args.length === 0) return String(Math.floor(now().getTime() / 1000));
		const offset = Number(args[0]);
		const unit = args[1] ?? '';
		if (args.length !== 2 || !Number.isSafeInteger(offset) || !Object.hasOwn(TIMESTAMP_UNITS, unit) || Math.abs(offset) > 1e6) {
			throw invalid(
				line,
				`{{${inner}}} should be {{$timestamp}} or {{$timestamp offset unit}} with a whole offset and a unit of ${Object.keys(TIMESTAMP_UNITS).join(', ')}.`,
			);
		}
		return offsetTimestamp(offset, unit, now());
	},
	$datetime: datetime(true),
	$localDatetime: datetime(false),
	$randomInt: ({ inner, args, line }) => {
		const [min, max] = args.map(Number);
		if (args.length !== 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min || max - min > MAX_RANDOM_SPAN) {
			throw invalid(line, `{{${inner}}} should be {{$randomInt min max}} with whole numbers, min < max (max is excluded).`);
		}
		return String(randomInt(min, max));
	},
	$processEnv: environmentRead('processEnv'),
	$dotenv: environmentRead('dotenv'),
};

/** "$adobeToken, $adobeClientId, …, $timestamp or $randomInt": the built-ins, for the message naming an unknown one. */
function builtinNames(): string {
	const names = Object.keys(BUILTINS);
	return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** REST Client's prompt names whose input is hidden (README "Prompt Variables"), and names that say they hold a secret. */
const PASSWORD_PROMPTS = new Set(['password', 'Password', 'PASSWORD', 'passwd', 'Passwd', 'PASSWD', 'pass', 'Pass', 'PASS']);

/**
 * Whether `# @prompt name` asks with hidden input: REST Client's list (README "Prompt Variables":
 * password, passwd, pass in three cases), and also any name containing password, passwd, secret or
 * token in any case (hiding what is typed changes nothing on the wire). A hidden answer is redacted
 * from everything shown.
 */
export function isPasswordPrompt(name: string): boolean {
	return PASSWORD_PROMPTS.has(name) || /password|passwd|secret|token/i.test(name);
}

/** The answers to a request's `# @prompt` lines; undefined when one was cancelled. */
export type PromptAnswers = Readonly<Record<string, string>>;

/**
 * Asks this request's `# @prompt` variables, in order, once each (a name written twice is asked once),
 * through `sources.prompt`. Undefined when the user cancels one; a message when the front door cannot ask.
 */
export async function askPrompts(request: ParsedRequest, sources: VariableSources): Promise<PromptAnswers | undefined> {
	const answers: Record<string, string> = {};
	for (const { name, description, line } of request.prompts) {
		if (Object.hasOwn(answers, name)) continue;
		if (!sources.prompt) {
			throw invalid(line, `# @prompt ${name}: prompts cannot be asked here; give the value another way (the CLI: --var ${name}=value).`);
		}
		const answer = await sources.prompt(name, description, isPasswordPrompt(name));
		if (answer === undefined) return undefined;
		answers[name] = answer;
	}
	return answers;
}

/**
 * The file's variables and request names by name, built once per parsed file: a run resolves every
 * request of the file, and building them per request made a run quadratic in the file's size.
 */
const fileLookups = new WeakMap<
	ParsedRequestFile,
	{ variables: Map<string, ParsedRequestFile['variables'][number]>; requestNames: Set<string> }
>();
function lookups(file: ParsedRequestFile) {
	let found = fileLookups.get(file);
	if (!found) {
		found = {
			variables: new Map(file.variables.map((v) => [v.name, v])),
			requestNames: new Set(file.requests.flatMap((r) => (r.name === undefined ? [] : [r.name]))),
		};
		fileLookups.set(file, found);
	}
	return found;
}

/**
 * The built-ins whose value does not depend on when they are read: no credential, no environment read,
 * no question, no clock ($timestamp, $datetime and $localDatetime are read when the request goes: the
 * request before may wait minutes for a prompt or a job, and a signed or expiring value must be fresh).
 */
const TIMELESS_BUILTINS = new Set(['$adobeEndpoint', '$guid', '$randomInt']);

/**
 * True when resolving the request reads nothing but the file itself, the environment's values and the
 * timeless built-ins (TIMELESS_BUILTINS): no prompt, no request variable (also through a file variable),
 * no credential, $processEnv or $dotenv, no clock, no body file. Such a request resolves to the same
 * whenever it is resolved (but for $guid and $randomInt, which are random anyway), asks nothing and checks
 * no origin, so a run may resolve it while the request before it is on its way (runner.ts prepareEarly).
 * Each file variable is read at most once, and at most MAX_EXPANSIONS of them (past that: false, and
 * resolving reports the bound), without recursion: linear in the file, whatever its variables.
 */
export function resolvesAlone(file: ParsedRequestFile, request: ParsedRequest): boolean {
	if (request.prompts.length > 0) return false;
	const { variables, requestNames } = lookups(file);
	const texts: string[] = [...request.urlParts.map((part) => part.text), ...request.headers.map((h) => h.value)];
	// Line by line, as resolving reads a body: a reference never spans two lines.
	for (const line of request.body?.split('\n') ?? []) {
		if (fileLineOf(line)) return false;
		texts.push(line);
	}
	const seen = new Set<string>();
	for (let text = texts.pop(); text !== undefined; text = texts.pop()) {
		if (!text.includes('{{')) continue;
		for (const ref of references(text)) {
			const inner = ref.inner.trim();
			if (inner.startsWith('$')) {
				const space = firstSpace(inner);
				if (!TIMELESS_BUILTINS.has(space < 0 ? inner : inner.slice(0, space))) return false;
				continue;
			}
			const name = inner.startsWith('%') ? inner.slice(1).trim() : inner;
			if (requestNames.has(name.split('.', 1)[0])) return false;
			const variable = variables.get(name);
			if (!variable) continue; // the environment's value, inserted as it is (or unknown: an error either way)
			// Read once: seen again, it is being read or was (a loop fails to resolve whenever it is resolved).
			if (seen.has(name)) continue;
			if (seen.size >= MAX_EXPANSIONS) return false;
			seen.add(name);
			texts.push(variable.value);
		}
	}
	return true;
}

/**
 * Resolves one request in three steps, so that nothing sensitive is read or sent before the origin is checked:
 * 1) file variables, prompts, request variables, the environment and the non-sensitive built-ins
 *    resolve, and the URL must be absolute http(s);
 * 2) `checkOrigin(url)` runs, only when the request uses a sensitive value (a credential, $processEnv,
 *    $dotenv, or a request variable from a sensitive exchange), before a credential or an environment value is read;
 * 3) the credentials, $processEnv and $dotenv values resolve (each distinct one once).
 * Credential, $processEnv and $dotenv variables in the URL are refused (a URL ends up in logs and proxies,
 * and the origin must be known before they are read).
 * `prompted` holds this request's `# @prompt` answers (askPrompts); when undefined and the request has
 * prompts, they are asked here through `sources.prompt` (a caller that resolves twice, as the 401
 * retry does, asks once and passes the answers).
 * Errors are AdobeApiError kind 'invalidInput' naming the 1-based line; they never quote a sensitive value.
 */
export async function resolveRequest(
	file: ParsedRequestFile,
	request: ParsedRequest,
	values: BuiltinValues,
	checkOrigin: (url: URL) => Promise<void>,
	signal?: AbortSignal,
	sources: VariableSources = {},
	prompted?: PromptAnswers,
): Promise<ResolvedRequest> {
	const blockProblem = file.problems.find((p) => p.line >= request.startLine && p.line <= request.endLine);
	if (blockProblem) throw invalidInput(blockProblem.message);
	const { variables, requestNames } = lookups(file);
	const endpoint = (name: string, line: number) => {
		if (!(ADOBE_ENDPOINT_NAMES as readonly string[]).includes(name)) {
			throw invalid(line, `{{$adobeEndpoint ${name}}} is unknown; use {{$adobeEndpoint ${ADOBE_ENDPOINT_NAMES.join('|')}}}.`);
		}
		const base = values.endpoint(name as AdobeEndpointName);
		let end = base.length;
		while (end > 0 && base[end - 1] === '/') end--;
		return base.slice(0, end);
	};
	const environment = sources.environment ?? {};
	const environmentValue = (name: string) => (Object.hasOwn(environment, name) ? environment[name] : undefined);
	const now = sources.now ?? (() => new Date());

	const answers = prompted ?? (request.prompts.length > 0 ? await askPrompts(request, sources) : {});
	if (answers === undefined) throw new AdobeApiError('The request was cancelled: a prompt was not answered.', { kind: 'cancelled' });
	/** Values that must not be shown: hidden prompt answers, what a sensitive exchange's request carried, $processEnv and $dotenv values. */
	const secrets = new Set<string>();
	for (const p of request.prompts) if (isPasswordPrompt(p.name) && Object.hasOwn(answers, p.name)) secrets.add(answers[p.name]);
	let sensitive = false;

	/** Phase 1 for one line of text: everything but the deferred values. */
	const expand = (text: string, line: number, stack: readonly string[]): Segment[] => {
		if (!text.includes('{{')) return [text]; // most lines have no variable
		const segments: Segment[] = [];
		let last = 0;
		for (const ref of references(text)) {
			segments.push(text.slice(last, ref.index));
			last = ref.index + ref.length;
			const inner = ref.inner.trim();
			if (inner.startsWith('$')) segments.push(builtin(inner, line));
			else segments.push(...named(inner, line, stack));
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
		if (!resolver) {
			if (fn === '$shared') {
				throw invalid(
					line,
					`{{${inner}}}: $shared references belong in environment values (rest-client.environmentVariables), not in a request.`,
				);
			}
			throw invalid(line, `{{${fn}}} is not a built-in variable this extension knows (use ${builtinNames()}).`);
		}
		return resolver({ inner, argText, args, line, endpoint: (name) => endpoint(name, line), now, environment: environmentValue });
	};

	let expansions = 0;
	let expandedChars = 0;
	/** Counts an expansion of `length` characters against the request's bounds. */
	const count = (line: number, length: number) => {
		if (++expansions > MAX_EXPANSIONS) {
			throw invalid(line, `the file variables are expanded more than ${MAX_EXPANSIONS} times for this request; simplify them.`);
		}
		expandedChars += length;
		if (expandedChars > MAX_EXPANDED_CHARS) {
			throw invalid(
				line,
				`the file variables expand to more than ${MAX_EXPANDED_CHARS.toLocaleString('en-US')} characters for this request; simplify them.`,
			);
		}
	};

	/** A name without `$`, in REST Client's order: prompt, request variable, file variable, environment. */
	const named = (written: string, line: number, stack: readonly string[]): Segment[] => {
		// REST Client's `{{%name}}`: a file variable, percent-encoded (fileVariableProvider.ts).
		const encode = written.startsWith('%');
		const name = encode ? written.slice(1).trim() : written;
		if (!encode && Object.hasOwn(answers, name)) {
			count(line, answers[name].length);
			return [answers[name]];
		}
		const [head] = name.split('.', 1);
		if (!encode && requestNames.has(head)) {
			const value = requestVariable(name, head, line);
			count(line, textOf(value).length);
			return [value];
		}
		const variable = variables.get(name);
		if (variable) {
			count(line, variable.value.length);
			const malformed = file.problems.find((p) => p.line === variable.line);
			if (malformed) throw invalidInput(malformed.message);
			if (stack.includes(name)) {
				throw invalid(
					variable.line,
					`the file variables refer to each other in a loop: ${[...stack.slice(stack.indexOf(name)), name].map((n) => `@${n}`).join(' → ')}.`,
				);
			}
			const segments = expand(variable.value, variable.line, [...stack, name]);
			if (!encode) return segments;
			if (segments.some(isDeferred)) {
				throw invalid(line, `{{${written}}}: a file variable holding a credential, $processEnv or $dotenv cannot be percent-encoded.`);
			}
			const encoded = encodeURIComponent((segments as Array<string | Masked>).map(textOf).join(''));
			return [segments.some((segment) => typeof segment !== 'string') ? { masked: true, value: encoded, text: `{{${written}}}` } : encoded];
		}
		if (encode) throw invalid(line, `{{${written}}}: "%" percent-encodes a file variable (as REST Client does), and ${name} is not one.`);
		const fromEnvironment = environmentValue(name);
		if (fromEnvironment !== undefined) {
			count(line, fromEnvironment.length);
			// environments.ts replaced the {{$shared …}} references it could; one left names a missing variable.
			const shared = references(fromEnvironment).find((ref) => ref.inner.trim().startsWith('$shared '));
			if (shared) {
				throw invalid(
					line,
					`{{${name}}} comes from the environment${sources.environmentName ? ` "${sources.environmentName}"` : ''}, whose value refers to {{${shared.inner.trim()}}}, which $shared does not define.`,
				);
			}
			// REST Client inserts environment values as they are: their other {{…}} are not expanded.
			return [fromEnvironment];
		}
		throw invalid(line, unknownMessage(name));
	};

	const unknownMessage = (name: string): string => {
		const where = [
			name.includes('.') ? 'not a file variable' : `not a file variable (define it with "@${name} = value")`,
			sources.environmentName !== undefined
				? `not in the environment "${sources.environmentName}"`
				: sources.environment !== undefined
					? 'not in $shared (no environment is selected)'
					: 'no environment is selected',
			request.prompts.length > 0 ? 'not a # @prompt of this request' : undefined,
		].filter((w) => w !== undefined);
		const [head] = name.split('.', 1);
		if (name.includes('.') && head !== name) where.push(`no request in this file is named "${head}" (# @name ${head})`);
		return `{{${name}}} is not defined: ${where.join(', ')}.`;
	};

	const requestVariable = (name: string, head: string, line: number): string | Masked => {
		const exchange = sources.requests?.get(head);
		if (!exchange) {
			throw invalid(
				line,
				sources.requests
					? `{{${name}}}: the request "${head}" has not been sent yet; send it first (REST Client would send the text {{${name}}} as it is).`
					: `{{${name}}}: request variables are not available here.`,
			);
		}
		const result = requestVariableValue(exchange, name);
		if ('error' in result) throw invalid(line, result.error);
		if (exchange.sensitive) {
			sensitive = true;
			// What that request sent may hold a credential; what it received is shown anyway (redacted by pattern).
			if (name.split('.')[1] === 'request' && result.value !== '') secrets.add(result.value);
			return { masked: true, value: result.value, text: `{{${name}}}` };
		}
		return result.value;
	};

	// Phase 1. (Loops rather than flatMap here and below: this runs for every request of a run, and
	// V8's flatMap cost more than the rest of resolving a plain request; npm run bench.)
	const urlSegments: string[] = [];
	for (const part of request.urlParts) {
		const segments = expand(part.text, part.line, []);
		const deferred = segments.find(isDeferred);
		if (deferred) {
			throw invalid(
				part.line,
				deferred.credential === 'token' || deferred.credential === 'clientId'
					? '{{$adobeToken}} and {{$adobeClientId}} cannot be used in the URL (URLs end up in logs and proxies); send them in a header.'
					: `${deferred.text} cannot be used in the URL: the URL must be known before an environment value is read, and URLs end up in logs and proxies; send it in a header or the body.`,
			);
		}
		// The URL is shown as sent (it is no secret, and the origin rule judges it).
		for (const segment of segments as Array<string | Masked>) urlSegments.push(textOf(segment));
	}
	// REST Client sends encodeurl(url) (src/utils/httpClient.ts send): `{`, `}`, a backtick and a `%` that
	// starts no escape are percent-encoded, escapes already written kept. Done before the origin check,
	// so the URL checked is the URL sent.
	const url = encodeUrl(urlSegments.join(''));
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
	const bodyPieces = request.body === undefined ? undefined : await readBody(request, expand, values, sources);
	const bodySegments: Segment[] = [];
	for (const piece of bodyPieces ?? []) if ('segments' in piece) for (const segment of piece.segments) bodySegments.push(segment);
	const deferred: Deferred[] = [];
	for (const { segments } of headerSegments) for (const segment of segments) if (isDeferred(segment)) deferred.push(segment);
	for (const segment of bodySegments) if (isDeferred(segment)) deferred.push(segment);
	let credentials = 0;
	for (const d of deferred) if (d.credential === 'token' || d.credential === 'clientId') credentials++;
	const usesCredentials = credentials > 0;
	if (deferred.length > credentials) sensitive = true;
	// The token belongs in the Authorization header. In a body it goes wherever the receiving API is told
	// to take it: a Photoshop or Firefly job fetches a `source.url` or writes a `destination.url` named in
	// the body, so "Send to photoshop-api.adobe.io" could put the token into another host's access log.
	// IMS is the one API that takes a token in its body (validate, revoke).
	if (
		bodySegments.some((segment) => isDeferred(segment) && segment.credential === 'token') &&
		!isImsOrigin(target, endpoint('ims', request.line))
	) {
		throw invalid(
			request.bodyLine as number,
			'{{$adobeToken}} can be sent in a header (Authorization: Bearer {{$adobeToken}}), not in the body: an API can pass what its body names on to other hosts. Only Adobe IMS takes a token in its body.',
		);
	}

	// Phase 2: nothing sensitive is read, or sent, before the caller accepts the origin.
	if (usesCredentials || sensitive) await checkOrigin(target);
	if (signal?.aborted) throw new AdobeApiError('The request was cancelled.', { kind: 'cancelled' });

	// Phase 3: each distinct deferred value once.
	// Not made for the many requests that defer nothing (NO_VALUES is never written: the loop below does not run).
	const resolved = deferred.length > 0 ? new Map<string, string>() : NO_VALUES;
	const keyOf = (d: Deferred) => `${d.credential}\n${d.arg ?? ''}`;
	for (const d of deferred) {
		const key = keyOf(d);
		if (resolved.has(key)) continue;
		resolved.set(key, await readDeferred(d, values, sources, signal));
	}
	const valueOf = (segments: Segment[]) =>
		segments.length === 1 && typeof segments[0] === 'string'
			? segments[0]
			: segments.map((s) => (isDeferred(s) ? (resolved.get(keyOf(s)) as string) : textOf(s))).join('');
	const displayOf = (segments: Segment[]) => segments.map((s) => (typeof s === 'string' ? s : s.text)).join('');
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
	for (const value of resolved.values()) secrets.add(value);
	for (const value of composed.secrets) secrets.add(value);
	secrets.delete('');
	return {
		method: request.method,
		url,
		target,
		headers: composed.headers,
		body: composed.body,
		bodyBytes: composed.bodyBytes,
		digest: composed.digest,
		secrets: [...secrets],
		usesCredentials,
		sensitive,
		display: {
			method: request.method,
			url,
			headers: headerSegments.map((h) => ({ name: h.name, value: displayOf(h.segments) })),
			// As written: a file line shows as its `<` line.
			body: bodyPieces?.map((piece) => (piece.kind === 'text' ? displayOf(piece.segments) : piece.written)).join('\n'),
		},
	};
}

const NO_VALUES: ReadonlyMap<string, string> & Map<string, string> = new Map();

/** A deferred value, read after the origin check. */
async function readDeferred(d: Deferred, values: BuiltinValues, sources: VariableSources, signal?: AbortSignal): Promise<string> {
	switch (d.credential) {
		case 'token':
			return values.token(d.arg, signal);
		case 'clientId':
			return values.clientId(d.arg);
		case 'processEnv':
			if (!sources.processEnv) {
				throw invalid(d.line, `${d.text}: the process environment is not available here (in VS Code: only in a trusted workspace).`);
			}
			// REST Client sends an empty value for a variable the environment does not define.
			return sources.processEnv(d.arg as string) ?? '';
		case 'dotenv': {
			if (!sources.dotenv) throw invalid(d.line, `${d.text}: .env files are not available here (in VS Code: only in a trusted workspace).`);
			const value = await sources.dotenv(d.arg as string);
			if (value === undefined) {
				throw invalid(
					d.line,
					`${d.text}: no .env file beside the request file (or in a folder above it, inside the workspace) defines ${d.arg}.`,
				);
			}
			return value;
		}
	}
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
	sources: VariableSources,
): Promise<BodyPiece[]> {
	// The contract's VariableSources.readFile, or the built-ins' (the first parity commit's place for it).
	const readFile = sources.readFile ?? values.readFile;
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
		if (pathSegments.some(isDeferred)) {
			throw invalid(line, '{{$adobeToken}}, {{$adobeClientId}}, {{$processEnv}} and {{$dotenv}} cannot name a body file.');
		}
		if (!readFile) {
			throw invalid(line, 'a body read from a file ("< ./file") needs a folder to read from (a saved request file in a workspace).');
		}
		const bytes = await readFile((pathSegments as Array<string | Masked>).map(textOf).join(''), line);
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
 * the URL cannot be resolved that way (a problem, an unknown variable, no endpoint). `sources` adds the
 * environment and request variables a send would see; no prompt is asked.
 */
export async function requestHost(
	file: ParsedRequestFile,
	request: ParsedRequest,
	endpoint: (name: AdobeEndpointName) => string,
	sources: VariableSources = {},
): Promise<string | undefined> {
	const noCredential = () => Promise.reject(new AdobeApiError('A CodeLens asks for no credential.', { kind: 'cancelled' }));
	let target: URL | undefined;
	try {
		// Nothing is asked: prompts stand as empty answers, and the deferred values are never read (the
		// origin check below stops first whenever there are any). Body files are not read for a host: an
		// empty file stands in (the URL does not depend on them).
		const unasked = Object.fromEntries(request.prompts.map((p) => [p.name, '']));
		const readFile = async () => Buffer.alloc(0);
		const resolved = await resolveRequest(
			file,
			request,
			{ token: noCredential, clientId: noCredential, endpoint, readFile },
			async (url) => {
				// The URL is fully resolved here; stopping keeps the credentials unasked for.
				target = url;
				throw new AdobeApiError('Stopped before the credentials.', { kind: 'cancelled' });
			},
			undefined,
			{ ...sources, prompt: undefined, readFile },
			unasked,
		);
		target = new URL(resolved.url);
	} catch {
		// `target` is what the origin check saw, or nothing when the URL did not resolve.
	}
	return target?.host || undefined;
}
