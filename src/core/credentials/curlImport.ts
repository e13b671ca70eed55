/**
 * Reads the token request the Developer Console shows under "View cURL command" (and the one in
 * Adobe's authentication guides) into a credential:
 *
 *   curl -X POST 'https://ims-na1.adobelogin.com/ims/token/v3' \
 *     -H 'Content-Type: application/x-www-form-urlencoded' \
 *     -d 'grant_type=client_credentials&client_id={client_id}&client_secret={client_secret}&scope=openid,AdobeID,…'
 *
 * Sources: AdobeDocs/adobe-dev-console guides/authentication/ServerToServerAuthentication/implementation.md
 * ("copy the cURL command"), AdobeDocs/ffs-firefly-api getting-started/create-credentials ("select View
 * cURL command"), and the seeds' variant with one `-d` per field and `$VARIABLES`.
 * The command is read like a shell would split it (quotes, backslash escapes and line continuations);
 * nothing is run and no variable is expanded. Messages never quote a value.
 */
import { ImportedCredential, parseScopes } from './fields';
import { invalidInput } from '../common/errors';

/** The command as a shell would split it into words, and the variables it would have expanded. */
export interface ShellWords {
	words: string[];
	variables: string[];
}

/** True when the text is a curl command (what parseCredentialFile should read with parseCurlCommand). */
export function looksLikeCurl(text: string): boolean {
	return /^\s*(?:\$\s*)?curl(?:\.exe)?\s/i.test(text);
}

/**
 * Splits a POSIX shell command into words. Single quotes keep everything; double quotes keep all
 * but `\"`, `\\`, `\$` and `` \` ``; outside quotes a backslash escapes the next character, and a
 * backslash before a line break joins the lines.
 */
export function shellWords(text: string): ShellWords {
	const words: string[] = [];
	const variables: string[] = [];
	let word: string | undefined;
	const add = (chars: string) => (word = (word ?? '') + chars);
	const endWord = () => {
		if (word !== undefined) words.push(word);
		word = undefined;
	};
	/** Records the variable a "$" at `i` names ($NAME or ${NAME}), if it names one. */
	const noteVariable = (i: number) => {
		const name = /^\$(?:\{(\w+)\}|(\w+))/.exec(text.slice(i))?.slice(1).find(Boolean);
		if (name) variables.push(name);
	};
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '\\') {
			// "\<newline>" continues the line. An input box turns the newline of a paste into a space or
			// drops it, leaving "\ -H" or "\-H": an escaped blank between words is a continuation too.
			const next = text[i + 1];
			if (next === undefined) break;
			if (next === '\r' && text[i + 2] === '\n') i++;
			else if (next !== '\n' && !(word === undefined && /[ \t]/.test(next))) add(next);
			i++;
		} else if (c === "'") {
			const end = text.indexOf("'", i + 1);
			if (end < 0) throw invalidInput('The cURL command opens a single quote that is never closed. Copy the whole command again.');
			add(text.slice(i + 1, end));
			i = end;
		} else if (c === '"') {
			let j = i + 1;
			let chars = '';
			for (; j < text.length && text[j] !== '"'; j++) {
				if (text[j] === '\\' && /["\\$`\n]/.test(text[j + 1] ?? '')) {
					if (text[j + 1] !== '\n') chars += text[j + 1];
					j++;
				} else {
					if (text[j] === '$') noteVariable(j);
					chars += text[j];
				}
			}
			if (j >= text.length) throw invalidInput('The cURL command opens a double quote that is never closed. Copy the whole command again.');
			add(chars);
			i = j;
		} else if (/\s/.test(c)) {
			endWord();
		} else {
			if (c === '$') noteVariable(i);
			add(c);
		}
	}
	endWord();
	return { words, variables };
}

/** curl's options that take a value, by every name curl accepts for them (curl(1)). */
const DATA_OPTIONS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode']);
const FORM_OPTIONS = new Set(['-F', '--form', '--form-string']);
const URL_OPTIONS = new Set(['--url']);
const QUERY_OPTIONS = new Set(['--url-query']);
const USER_OPTIONS = new Set(['-u', '--user']);
/** Data curl reads from a file or stdin ("-d @file"): nothing to import from the text. */
const FILE_DATA_OPTIONS = new Set(['-d', '--data', '--data-binary', '--data-ascii', '-F', '--form']);
const OTHER_VALUE_OPTIONS = new Set([
	'-X',
	'--request',
	'-H',
	'--header',
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
	'-w',
	'--write-out',
	'--cacert',
	'--cert',
	'--key',
]);

/** The form fields of one `-d`/`-F` value. */
function fieldsOf(option: string, value: string, into: URLSearchParams): void {
	// A form field, or --data-urlencode's "name=content" (curl encodes the content itself): taken as it is.
	if (FORM_OPTIONS.has(option) || option === '--data-urlencode') {
		const eq = value.indexOf('=');
		if (eq > 0) into.append(value.slice(0, eq), value.slice(eq + 1));
		return;
	}
	for (const [name, field] of new URLSearchParams(value)) into.append(name, field);
}

/** A value still showing the documentation's placeholder ("{CLIENT_ID}", "<client_secret>"). */
function isPlaceholder(value: string): boolean {
	return /^[{<[].*[}\]>]$/.test(value.trim());
}

/**
 * The credential in a pasted token request. `imsOrigin` is where it was sent; the caller decides
 * which IMS environment that is.
 */
export function parseCurlCommand(text: string): ImportedCredential & { imsOrigin: string } {
	const { words, variables } = shellWords(text.replace(/^\s*\$\s*/, ''));
	if (!/^curl(?:\.exe)?$/i.test(words[0] ?? '')) throw invalidInput('This is not a cURL command: it should start with "curl".');
	const fields = new URLSearchParams();
	const takesValue = (option: string) =>
		[DATA_OPTIONS, FORM_OPTIONS, URL_OPTIONS, QUERY_OPTIONS, USER_OPTIONS, OTHER_VALUE_OPTIONS].some((set) => set.has(option));
	let url: string | undefined;
	let user: string | undefined;
	for (let i = 1; i < words.length; i++) {
		const word = words[i];
		// "--data=value", and short options with the value attached ("-d'…'", "-XPOST").
		const long = /^(--[\w-]+)=(.*)$/s.exec(word);
		const short = /^(-[a-zA-Z])(.+)$/s.exec(word);
		const [option, attached] = long ? [long[1], long[2]] : short && takesValue(short[1]) ? [short[1], short[2]] : [word, undefined];
		if (takesValue(option)) {
			const value = attached ?? words[++i];
			if (value === undefined) {
				throw invalidInput(`The cURL command ends after ${option}, which needs a value. Copy the whole command again.`);
			}
			if (FILE_DATA_OPTIONS.has(option) && /^@|^[\w-]+=@/.test(value) && option !== '--data-raw') {
				throw invalidInput(
					`The cURL command reads its ${option} data from a file or stdin (@…), so the values are not in it. Paste the command the Developer Console shows under "View cURL command", or import the file with "Adobe: Import Credentials".`,
				);
			}
			if (URL_OPTIONS.has(option)) url = value;
			else if (QUERY_OPTIONS.has(option)) fieldsOf('--data-urlencode', value, fields);
			else if (USER_OPTIONS.has(option)) user = value;
			else if (!OTHER_VALUE_OPTIONS.has(option)) fieldsOf(option, value, fields);
		} else if (/^https?:\/\//i.test(word.trim())) url = word.trim();
	}
	// "-u client_id:client_secret" is HTTP Basic client authentication (RFC 6749 section 2.3.1).
	if (user !== undefined) {
		const colon = user.indexOf(':');
		if (colon > 0 && !fields.has('client_id')) fields.set('client_id', user.slice(0, colon));
		if (colon > 0 && !fields.has('client_secret')) fields.set('client_secret', user.slice(colon + 1));
	}
	if (!url) throw invalidInput('The cURL command has no URL. Copy the whole command from the Developer Console ("View cURL command").');
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		throw invalidInput("The cURL command's URL is not a valid URL. Copy the whole command again.");
	}
	for (const [name, value] of target.searchParams) if (!fields.has(name)) fields.append(name, value);
	if (!/\/ims\/token\/v\d+$/.test(target.pathname)) {
		throw invalidInput(
			`The cURL command calls ${target.host}, but not its IMS token endpoint (/ims/token/v3). Paste the "Generate access token" command from the credential's page in the Developer Console.`,
		);
	}
	const grant = fields.get('grant_type');
	if (grant !== null && grant !== 'client_credentials') {
		const named = /^[\w:.-]{1,60}$/.test(grant) ? `grant_type "${grant}"` : 'another grant type';
		throw invalidInput(
			`The cURL command asks for ${named}; only OAuth Server-to-Server credentials (grant_type client_credentials) can be imported.`,
		);
	}

	const clientId = fields.get('client_id');
	const clientSecret = fields.get('client_secret');
	const missing = [clientId === null ? 'client_id' : undefined, clientSecret === null ? 'client_secret' : undefined].filter(Boolean);
	if (missing.length > 0) {
		throw invalidInput(
			`The cURL command has no ${missing.join(' or ')}. Copy the whole command from the Developer Console ("View cURL command").`,
		);
	}
	// A variable the shell would expand inside a value: what it would send is not in the text.
	const values = [clientId, clientSecret, fields.get('scope')].filter((v): v is string => v !== null);
	const fromVariables = [...new Set(variables)].filter((name) => values.some((v) => v.includes(`$${name}`) || v.includes(`\${${name}}`)));
	if (fromVariables.length > 0) {
		const named = fromVariables.length > 0 ? fromVariables.map((v) => `$${v}`).join(', ') : 'shell variables';
		throw invalidInput(
			`The cURL command reads ${named} from your shell, so it has no values to import. Paste the command the Developer Console shows under "View cURL command" (it has the values), or import your .env file with "Adobe: Import Credentials".`,
		);
	}
	const placeholders = (['client_id', 'client_secret'] as const).filter((name) => isPlaceholder(fields.get(name) ?? ''));
	if (placeholders.length > 0) {
		throw invalidInput(
			`The cURL command still has the documentation's placeholder for ${placeholders.join(' and ')}. Paste the command from your credential's page in the Developer Console instead.`,
		);
	}
	const scope = fields.get('scope') ?? '';
	return {
		suggestedName: 'Pasted credential',
		clientId: clientId as string,
		clientSecret: clientSecret as string,
		scopes: isPlaceholder(scope) ? [] : parseScopes(scope),
		imsOrigin: target.origin,
	};
}
