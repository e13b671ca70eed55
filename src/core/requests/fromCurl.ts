/**
 * Import cURL: a curl command (the Developer Console's "View cURL command", an Adobe doc example, the
 * seeds' token and hello commands) → request-file text (see parse.ts) that uses the built-in
 * variables instead of literal credentials. Nothing is run and no shell variable is expanded; the
 * command is split by curlImport.ts's shellWords.
 *
 * What becomes what:
 * - `Authorization: Bearer <anything>` → `Bearer {{$adobeToken}}`; `x-api-key: <anything>` → `{{$adobeClientId}}`.
 * - Shell variables: names with TOKEN → {{$adobeToken}}, CLIENT_ID / API_KEY → {{$adobeClientId}};
 *   any other ($JOB_ID) → a file variable `@JOB_ID =` for the user to fill in.
 * - Form fields client_id → {{$adobeClientId}}, *token → {{$adobeToken}}; client_secret and passwords are
 *   left out (there is no built-in for the secret, and it must not sit in a file). Credential-named query
 *   parameters are left out too: the resolver refuses credentials in URLs. Any JWT left → {{$adobeToken}}.
 * - URLs under Adobe's production endpoints → {{$adobeEndpoint …}}, so the request follows the settings.
 * - An IMS token request (…/ims/token/vN) keeps its form without client_secret, under a comment saying
 *   why and that {{$adobeToken}} / "Generate Token" do this call for you: an honest request that IMS
 *   will refuse as written, rather than one that invites pasting the secret.
 * Warnings say what was left out or needs filling in; they never quote a value.
 */
import { shellWords } from '../credentials/curlImport';
import { PRODUCTION_ENDPOINTS, requestEndpoints } from '../common/endpoints';
import { invalidInput } from '../common/errors';
import { METHOD_TOKEN } from './parse';
import { ADOBE_ENDPOINT_NAMES } from './resolve';

const TOKEN = '{{$adobeToken}}';
const CLIENT_ID = '{{$adobeClientId}}';

/** curl options (curl(1)) by what they mean here. */
const DATA_OPTIONS = new Set(['-d', '--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--json']);
const OPTIONS_WITH_VALUE = new Set([
	...DATA_OPTIONS,
	...['-X', '--request', '-H', '--header', '--url', '--url-query', '-u', '--user', '-F', '--form', '--form-string'],
	...[
		'-o',
		'--output',
		'-A',
		'--user-agent',
		'-e',
		'--referer',
		'-x',
		'--proxy',
		'-m',
		'--max-time',
		'--connect-timeout',
		'-b',
		'--cookie',
		'-c',
		'--cookie-jar',
	],
	...[
		'-w',
		'--write-out',
		'--cacert',
		'--cert',
		'--key',
		'--retry',
		'--retry-delay',
		'--retry-max-time',
		'--max-redirs',
		'--resolve',
		'-K',
		'--config',
	],
	...['--oauth2-bearer', '--proxy-user', '-U', '-E', '--cert-type', '--key-type', '-T', '--upload-file', '--aws-sigv4'],
]);
/** Flags that change nothing in a request file (output, redirects, TLS checks stay the extension's own). */
const QUIET_FLAGS = new Set([
	'-L',
	'--location',
	'-s',
	'--silent',
	'-S',
	'--show-error',
	'-v',
	'--verbose',
	'-i',
	'--include',
	'--compressed',
	'-f',
	'--fail',
	'-g',
	'--globoff',
	'--http1.1',
	'--http2',
	'-N',
	'--no-buffer',
	'-k',
	'--insecure',
]);

/** Shell variable names that hold a credential ($PS_FF_SERVICES_ACCESS_TOKEN, $CLIENT_SECRET, $API_KEY). */
const SECRET_NAME = /secret|password|passwd/i;
const TOKEN_NAME = /token/i;
const CLIENT_ID_NAME = /client_?id|api_?key/i;
/** Form, query and JSON field names: secrets with no built-in (OAuth's client_secret, refresh_token, code…), the token, the client id. */
const SECRET_FIELD = /secret|password|passwd|^(refresh_token|id_token|code|code_verifier|device_code)$/i;
const TOKEN_FIELD = /^(access_?token|token)$/i;
const CLIENT_ID_FIELD = /^(client_?id|api_?key|x-api-key)$/i;
const JWT = /(?<![\w-])eyJ[\w-]*\.[\w-]+\.[\w-]*/g;
const IMS_TOKEN_PATH = /\/ims\/token\/v\d+$/;

interface Parsed {
	method?: string;
	url?: string;
	headers: Array<{ name: string; value: string }>;
	/** `encode`: curl percent-encodes it (--data-urlencode, --url-query), after the shell variables are replaced. */
	data: Array<{ value: string; encode: boolean }>;
	json: boolean;
	get: boolean;
	head: boolean;
	queries: Array<{ value: string; encode: boolean }>;
	user: boolean;
}

/** Percent-encodes like curl's --data-urlencode, keeping the commas of scope lists readable and {{variables}} as they are. */
function formEncode(text: string): string {
	return text
		.split(/(\{\{.*?\}\})/)
		.map((part, index) => (index % 2 === 1 ? part : encodeURIComponent(part).replace(/%2C/gi, ',')))
		.join('');
}

/** --data-urlencode's forms: "content", "=content", "name=content" (curl(1)); "@file" forms are refused by the caller. */
function urlencodeData(value: string): string {
	const eq = value.indexOf('=');
	if (eq < 0) return formEncode(value);
	return eq === 0 ? formEncode(value.slice(1)) : `${value.slice(0, eq)}=${formEncode(value.slice(eq + 1))}`;
}

export function curlToRequest(command: string): { text: string; warnings: string[] } {
	const warnings: string[] = [];
	const warn = (message: string) => {
		if (!warnings.includes(message)) warnings.push(message);
	};
	const { words, variables } = shellWords(command.replace(/^\s*\$\s*/, ''));
	if (!/^curl(?:\.exe)?$/i.test(words[0] ?? '')) {
		throw invalidInput('This is not a cURL command: it should start with "curl".');
	}
	const parsed = readOptions(words.slice(1), warn);
	if (!parsed.url) throw invalidInput('The cURL command has no URL. Copy the whole command again.');

	const shellVariables = new Set(variables);
	const fileVariables: string[] = [];
	/** Replaces the shell's $NAME / ${NAME} in a header or body value. */
	const substitute = (value: string, where: 'header' | 'body' | 'url') =>
		value.replace(/\$(?:\{(\w+)\}|(\w+))/g, (whole, braced: string | undefined, plain: string | undefined) => {
			const name = (braced ?? plain) as string;
			if (!shellVariables.has(name)) return whole;
			const credential = SECRET_NAME.test(name)
				? 'secret'
				: TOKEN_NAME.test(name)
					? TOKEN
					: CLIENT_ID_NAME.test(name)
						? CLIENT_ID
						: undefined;
			if (credential && where === 'url') {
				warn(`Left out $${name} from the URL: credentials are never sent in URLs. Send it in a header.`);
				return '';
			}
			if (credential === 'secret') {
				warn(`Left out $${name}: a client secret has no built-in variable and must not be written into a file.`);
				return '';
			}
			if (credential) return credential;
			// A request-file variable name starts with a letter or "_" ($1 would not).
			const variable = /^[A-Za-z_]/.test(name) ? name : `var_${name}`;
			if (!fileVariables.includes(variable)) fileVariables.push(variable);
			return `{{${variable}}}`;
		});

	const partText = (where: 'body' | 'url') => (part: { value: string; encode: boolean }) =>
		part.encode ? urlencodeData(substitute(part.value, where)) : substitute(part.value, where);
	let url = substitute(parsed.url, 'url');
	const queryParts = [...parsed.queries, ...(parsed.get ? parsed.data : [])];
	url = withoutCredentialQuery(appendQuery(url, queryParts.map(partText('url'))), warn);
	const pathname = (() => {
		try {
			return new URL(url.split('?')[0]).pathname;
		} catch {
			return '';
		}
	})();
	const imsToken = IMS_TOKEN_PATH.test(pathname);
	url = endpointUrl(url, imsToken, warn);
	if (parsed.user) warn('Left out -u/--user: user names and passwords are not written into request files.');

	const headers: Array<{ name: string; value: string }> = [];
	for (const { name, value } of parsed.headers) {
		const lower = name.toLowerCase();
		if (lower === 'authorization') {
			if (/^bearer\b/i.test(value)) headers.push({ name, value: `Bearer ${TOKEN}` });
			else warn('Left out an Authorization header that is not "Bearer": its credentials are not written into request files.');
		} else if (lower === 'x-api-key') headers.push({ name, value: CLIENT_ID });
		else headers.push({ name, value: substitute(value, 'header') });
	}

	const bodyData = parsed.get ? [] : parsed.data;
	let body = bodyData.length > 0 ? bodyData.map(partText('body')).join('&') : undefined;
	const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value;
	if (body !== undefined && parsed.json) {
		if (!contentType) headers.push({ name: 'Content-Type', value: 'application/json' });
		if (!headers.some((h) => h.name.toLowerCase() === 'accept')) headers.push({ name: 'Accept', value: 'application/json' });
	} else if (body !== undefined && !contentType) {
		// What curl sends with -d.
		headers.push({ name: 'Content-Type', value: 'application/x-www-form-urlencoded' });
	}
	const finalType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
	if (body !== undefined && /x-www-form-urlencoded/i.test(finalType)) body = credentialFreeForm(body, warn);
	else if (body !== undefined) body = prettyJson(body, warn);

	const method = (parsed.method ?? (parsed.head ? 'HEAD' : body !== undefined ? 'POST' : 'GET')).toUpperCase();
	// A request line takes any RFC 9110 token (parse.ts); anything else would be a malformed line.
	if (!METHOD_TOKEN.test(method)) warn(`The command's method "${method}" is not an HTTP method token; the request line will need fixing.`);

	const lines = ['# Imported from a cURL command. The token and client id come from your Adobe profile; none is written here.'];
	if (imsToken) {
		lines.push(
			'# This is an IMS token request (OAuth Server-to-Server). You rarely need it: {{$adobeToken}} in any',
			'# request gets (and refreshes) the profile\'s token, and "Adobe: Generate Token" makes this call for you.',
			'# client_secret is left out on purpose: a request file must not hold the secret and there is no built-in',
			'# for it, so IMS refuses this request as written.',
		);
		warn(
			'This is an IMS token request: client_secret is left out (IMS refuses the request without it). Use {{$adobeToken}} in your requests, or "Adobe: Import Credential from cURL Command…" to save the credential as a profile.',
		);
	}
	if (fileVariables.length > 0) {
		lines.push('', '# Fill these in: the command read them from your shell.', ...fileVariables.map((name) => `@${name} =`));
		warn(
			`Fill in ${fileVariables.map((n) => `@${n}`).join(', ')}: the command read ${fileVariables.length === 1 ? 'it' : 'them'} from your shell.`,
		);
	}
	lines.push('', `${method} ${url}`, ...headers.map((h) => `${h.name}: ${h.value}`));
	if (body !== undefined) lines.push('', body);
	const text = `${lines.join('\n')}\n`.replace(JWT, () => {
		warn('Replaced a token written in the command with {{$adobeToken}}.');
		return TOKEN;
	});
	return { text, warnings };
}

function readOptions(words: string[], warn: (message: string) => void): Parsed {
	const parsed: Parsed = { headers: [], data: [], json: false, get: false, head: false, queries: [], user: false };
	for (let i = 0; i < words.length; i++) {
		const word = words[i];
		const long = /^(--[\w.-]+)=(.*)$/s.exec(word);
		const short = /^(-[a-zA-Z])(.+)$/s.exec(word);
		const [option, attached] = long
			? [long[1], long[2]]
			: short && OPTIONS_WITH_VALUE.has(short[1])
				? [short[1], short[2]]
				: [word, undefined];
		if (!option.startsWith('-') || option === '-') {
			if (parsed.url === undefined) parsed.url = word.trim();
			else warn('Left out a second URL: a request file request has one.');
			continue;
		}
		if (!OPTIONS_WITH_VALUE.has(option)) {
			if (option === '-G' || option === '--get') parsed.get = true;
			else if (option === '-I' || option === '--head') parsed.head = true;
			else if (!QUIET_FLAGS.has(option) && !/^-[a-zA-Z]{2,}$/.test(option)) warn(`Left out the option ${option.slice(0, 40)}.`);
			continue;
		}
		const value = attached ?? words[++i];
		if (value === undefined) {
			throw invalidInput(`The cURL command ends after ${option}, which needs a value. Copy the whole command again.`);
		}
		switch (option) {
			case '-X':
			case '--request':
				parsed.method = value;
				break;
			case '--url':
				parsed.url = value.trim();
				break;
			case '-H':
			case '--header': {
				const colon = value.indexOf(':');
				if (colon > 0) parsed.headers.push({ name: value.slice(0, colon).trim(), value: value.slice(colon + 1).trim() });
				else warn('Left out a -H value that is not "Name: value".');
				break;
			}
			case '--url-query':
				parsed.queries.push({ value, encode: true });
				break;
			case '-u':
			case '--user':
				parsed.user = true;
				break;
			case '--oauth2-bearer':
				parsed.headers.push({ name: 'Authorization', value: `Bearer ${value}` });
				break;
			case '-T':
			case '--upload-file':
				warn(`Left out ${option}: request files do not read bodies from files.`);
				break;
			case '-F':
			case '--form':
			case '--form-string':
				warn('Left out -F/--form: multipart form bodies are not converted; write the body by hand.');
				break;
			default:
				if (!DATA_OPTIONS.has(option)) break;
				if (/^@/.test(value) && option !== '--data-raw' && option !== '--data-urlencode') {
					warn(`Left out ${option} @file: request files do not read bodies from files.`);
				} else if (option === '--data-urlencode' && /^[^=]*@/.test(value)) {
					warn('Left out --data-urlencode name@file: request files do not read bodies from files.');
				} else {
					parsed.data.push({ value, encode: option === '--data-urlencode' });
					if (option === '--json') parsed.json = true;
				}
		}
	}
	return parsed;
}

function appendQuery(url: string, parts: string[]): string {
	if (parts.length === 0) return url;
	return `${url}${url.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

/** Drops query parameters named like credentials. */
function withoutCredentialQuery(url: string, warn: (message: string) => void): string {
	const q = url.indexOf('?');
	if (q < 0) return url;
	const kept = url
		.slice(q + 1)
		.split('&')
		.filter((pair) => {
			const name = decodeURIComponentSafe(pair.split('=')[0]);
			const credential = SECRET_FIELD.test(name) || TOKEN_FIELD.test(name) || CLIENT_ID_FIELD.test(name);
			if (credential) warn(`Left out the query parameter ${name.slice(0, 40)}: credentials are never sent in URLs.`);
			return !credential && pair !== '';
		});
	return kept.length > 0 ? `${url.slice(0, q)}?${kept.join('&')}` : url.slice(0, q);
}

function decodeURIComponentSafe(text: string): string {
	try {
		return decodeURIComponent(text.replace(/\+/g, ' '));
	} catch {
		return text;
	}
}

/** A URL under a production endpoint as {{$adobeEndpoint …}}; an IMS token URL always uses the configured IMS. */
function endpointUrl(url: string, imsToken: boolean, warn: (message: string) => void): string {
	const production = requestEndpoints(PRODUCTION_ENDPOINTS);
	for (const name of ADOBE_ENDPOINT_NAMES) {
		const base = production[name];
		if (url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`)) {
			return `{{$adobeEndpoint ${name}}}${url.slice(base.length)}`;
		}
	}
	if (imsToken) {
		const origin = /^https?:\/\/[^/?#]+/i.exec(url)?.[0] ?? '';
		warn('The command called another IMS host; the request uses your configured IMS endpoint (setting adobeApi.imsBaseUrl).');
		return `{{$adobeEndpoint ims}}${url.slice(origin.length)}`;
	}
	return url;
}

/** A form body without client_secret or passwords, with client_id and tokens as built-ins. */
function credentialFreeForm(body: string, warn: (message: string) => void): string {
	return body
		.split('&')
		.flatMap((pair) => {
			const eq = pair.indexOf('=');
			const name = decodeURIComponentSafe(eq < 0 ? pair : pair.slice(0, eq));
			if (SECRET_FIELD.test(name)) {
				// An emptied $VARIABLE was already reported.
				if (eq >= 0 && eq < pair.length - 1) {
					warn(`Left out the form field ${name.slice(0, 40)}: secrets have no built-in variable and are never written into request files.`);
				}
				return [];
			}
			if (CLIENT_ID_FIELD.test(name)) return [`${pair.slice(0, eq < 0 ? pair.length : eq)}=${CLIENT_ID}`];
			if (TOKEN_FIELD.test(name)) return [`${pair.slice(0, eq < 0 ? pair.length : eq)}=${TOKEN}`];
			return pair === '' ? [] : [pair];
		})
		.join('&');
}

/** JSON bodies pretty-printed, with credential-named string fields as built-ins or left empty. */
function prettyJson(body: string, warn: (message: string) => void): string {
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch {
		return body;
	}
	const clean = (node: unknown): unknown => {
		if (Array.isArray(node)) return node.map(clean);
		if (node === null || typeof node !== 'object') return node;
		return Object.fromEntries(
			Object.entries(node).map(([key, field]) => {
				if (typeof field !== 'string') return [key, clean(field)];
				if (SECRET_FIELD.test(key)) {
					warn(`Emptied the JSON field ${key.slice(0, 40)}: secrets are never written into request files.`);
					return [key, ''];
				}
				if (TOKEN_FIELD.test(key)) return [key, TOKEN];
				if (CLIENT_ID_FIELD.test(key)) return [key, CLIENT_ID];
				return [key, field];
			}),
		);
	};
	return JSON.stringify(clean(value), null, 2);
}
