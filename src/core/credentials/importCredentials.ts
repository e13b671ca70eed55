/**
 * Reads credentials from the files users already have: the Developer Console's project JSON
 * (`project.workspace.details.credentials[].oauth_server_to_server`), its credential download
 * (`API_KEY`/`CLIENT_ID`, `CLIENT_SECRETS`, `SCOPES`), or a `.env` with the variable names from
 * Adobe's guides. Everything is validated before anything is returned, so an import is all or
 * nothing; messages say what is wrong and where, and never quote a value.
 */
import { parse as parseEnv } from 'dotenv';
import { API_KINDS, apiKindForEnvPrefix, guessApiKind } from './apiKinds';
import { ImportedCredential, parseScopes, validateClientId, validateClientSecret, validateScopes } from './fields';
import { looksLikeCurl, parseCurlCommand } from './curlImport';
import { invalidInput } from '../common/errors';
import { formatBytes } from '../common/format';
import { profileNameFrom, sanitizeProfileName } from './profiles';

// Defined beside the field checks, so that curlImport.ts (which returns one) and this file do not import each other.
export type { ImportedCredential } from './fields';

export interface CredentialFile {
	credentials: ImportedCredential[];
	/** What was left out and why, for the log and the result: variable names and lines, never a value. */
	skipped: string[];
}

/** Credential files are a few kilobytes; anything far bigger is the wrong file and would block the extension host while it is read. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

/** Throws when a file of `bytes` is too big to be a credential file; call it before reading the file. */
export function checkImportSize(fileName: string, bytes: number): void {
	if (bytes <= MAX_IMPORT_BYTES) return;
	const size = formatBytes(bytes, { fraction: 'one', largest: 'MB' });
	throw invalidInput(
		`${fileName} is ${size}; a credential file (Developer Console JSON or .env) is at most 1 MB. Choose the file you downloaded from the Developer Console.`,
	);
}

export function parseCredentialFile(fileName: string, text: string): CredentialFile {
	checkImportSize(fileName, Buffer.byteLength(text));
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') throw invalidInput(`${fileName} is empty.`);
	const looksJson = /\.json$/i.test(fileName) || trimmed.startsWith('{');
	const found = looksLikeCurl(trimmed)
		? fromCurl(trimmed)
		: looksJson
			? { credentials: parseConsoleJson(fileName, trimmed), skipped: [] }
			: parseDotEnv(fileName, text);
	for (const credential of found.credentials) {
		const problem =
			validateClientId(credential.clientId) ?? validateClientSecret(credential.clientSecret) ?? validateScopes(credential.scopes);
		if (problem) throw invalidInput(`${fileName}, credential "${credential.suggestedName}": ${problem}`);
	}
	return found;
}

/** The API kind fields of a credential whose file names no API, from its scopes. */
function kindOfScopes(scopes: readonly string[]): Pick<ImportedCredential, 'apiKind' | 'ambiguousApiKind'> {
	const guess = guessApiKind(scopes);
	if (guess.result === 'known') return { apiKind: guess.apiKind };
	if (guess.result === 'ambiguous') return { ambiguousApiKind: { candidates: guess.candidates, why: guess.why } };
	return {};
}

function fromCurl(text: string): CredentialFile {
	const credential = parseCurlCommand(text);
	return { credentials: [{ ...credential, ...kindOfScopes(credential.scopes) }], skipped: [] };
}

function parseConsoleJson(fileName: string, text: string): ImportedCredential[] {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw invalidInput(
			`${fileName} is not valid JSON${jsonPosition(text, error)}. Download the credential JSON again from the Developer Console.`,
		);
	}
	if (!json || typeof json !== 'object' || Array.isArray(json)) throw invalidInput(`${fileName} does not contain a JSON object.`);
	const record = json as Record<string, unknown>;

	const project = record.project as Record<string, unknown> | undefined;
	if (project && typeof project === 'object') return fromProjectJson(fileName, project);
	if ('CLIENT_SECRETS' in record || 'API_KEY' in record || 'CLIENT_ID' in record) return [fromCredentialDownload(fileName, record)];
	throw invalidInput(
		`${fileName} has no OAuth Server-to-Server credential: expected "project.workspace.details.credentials" (project JSON) or "API_KEY"/"CLIENT_ID" with "CLIENT_SECRETS" (credential JSON).`,
	);
}

function fromProjectJson(fileName: string, project: Record<string, unknown>): ImportedCredential[] {
	const workspace = project.workspace as { details?: { credentials?: unknown } } | undefined;
	const credentials = workspace?.details?.credentials;
	if (!Array.isArray(credentials)) throw invalidInput(`${fileName}: "project.workspace.details.credentials" is missing or not a list.`);
	const projectName = nameOr(project.title, nameOr(project.name, 'Adobe project'));
	const result: ImportedCredential[] = [];
	credentials.forEach((entry: Record<string, unknown>, index) => {
		const s2s = entry?.oauth_server_to_server as Record<string, unknown> | undefined;
		if (!s2s || typeof s2s !== 'object') return;
		const where = `"project.workspace.details.credentials[${index}].oauth_server_to_server"`;
		const secrets = s2s.client_secrets;
		if (!Array.isArray(secrets) || typeof secrets[0] !== 'string') throw invalidInput(`${fileName}: ${where} has no "client_secrets".`);
		if (typeof s2s.client_id !== 'string') throw invalidInput(`${fileName}: ${where} has no "client_id".`);
		const scopes = Array.isArray(s2s.scopes) ? s2s.scopes.filter((s): s is string => typeof s === 'string') : [];
		result.push({
			suggestedName: profileNameFrom(projectName, nameOr(entry.name, `credential ${index + 1}`)),
			...kindOfScopes(scopes),
			clientId: s2s.client_id,
			clientSecret: secrets[0],
			scopes,
		});
	});
	if (result.length === 0) {
		throw invalidInput(
			`${fileName} has no OAuth Server-to-Server credential (integration_type "oauth_server_to_server"); add one to the project in the Developer Console.`,
		);
	}
	return result;
}

function fromCredentialDownload(fileName: string, record: Record<string, unknown>): ImportedCredential {
	const clientId = record.API_KEY ?? record.CLIENT_ID;
	if (typeof clientId !== 'string') throw invalidInput(`${fileName}: "API_KEY" (the Client ID) is missing or not text.`);
	const secrets = record.CLIENT_SECRETS;
	const clientSecret = Array.isArray(secrets) ? secrets[0] : secrets;
	if (typeof clientSecret !== 'string') throw invalidInput(`${fileName}: "CLIENT_SECRETS" is missing or empty.`);
	const scopes = Array.isArray(record.SCOPES)
		? record.SCOPES.filter((s): s is string => typeof s === 'string')
		: parseScopes(typeof record.SCOPES === 'string' ? record.SCOPES : '');
	return { suggestedName: 'Imported credential', ...kindOfScopes(scopes), clientId, clientSecret, scopes };
}

const QUOTES = ['"', "'", '`'];

/**
 * A .env with the variable names from Adobe's guides, read by dotenv's parse() (the parser most
 * Node projects load their .env with, so a file means here what it means to them). On top of it,
 * for the values imported: a quote dotenv left in place (unterminated, or stray at the end) is an
 * error rather than part of the secret, and `\"` and `\\` inside double quotes are unescaped.
 * Other variables are not looked at; a `_CLIENT_ID` without its `_CLIENT_SECRET` is skipped.
 */
function parseDotEnv(fileName: string, text: string): CredentialFile {
	const values = parseEnv(text);
	const lines = definitionLines(text);
	const has = (name: string) => Object.prototype.hasOwnProperty.call(values, name);
	const where = (name: string) => (lines.has(name) ? `${fileName}, line ${lines.get(name)?.line}` : fileName);
	const value = (name: string): string => {
		const parsed = values[name];
		const opening = QUOTES.find((q) => (lines.get(name)?.raw ?? '').startsWith(q));
		// Inside double quotes a backslash escapes the next character; what is left must not hold the quote itself.
		const bare = opening === '"' ? parsed.replace(/\\[\s\S]/g, '') : parsed;
		if (opening !== undefined && (parsed.startsWith(opening) || bare.endsWith('\\'))) {
			throw invalidInput(`${where(name)}: the value of ${name} opens a quote that is never closed.`);
		}
		if (opening !== undefined ? bare.includes(opening) : QUOTES.some((q) => parsed.endsWith(q))) {
			throw invalidInput(`${where(name)}: the value of ${name} has a stray quote; quote the whole value or none of it.`);
		}
		return opening === '"' ? parsed.replace(/\\(["\\])/g, '$1') : parsed;
	};

	const credentials: ImportedCredential[] = [];
	const skipped: string[] = [];
	let firstUnpaired: string | undefined;
	for (const name of Object.keys(values)) {
		const prefix = /^(.+)_CLIENT_ID$/.exec(name)?.[1];
		if (!prefix) continue;
		const known = apiKindForEnvPrefix(prefix);
		if (!known) {
			skipped.push(`${where(name)}: ${name} is not one of Adobe's variable names.`);
			continue;
		}
		if (!has(`${prefix}_CLIENT_SECRET`)) {
			const note = `${where(name)}: ${name} is set but ${prefix}_CLIENT_SECRET is not.`;
			skipped.push(note);
			firstUnpaired ??= note;
			continue;
		}
		const scopesValue = has(`${prefix}_SCOPES`) ? value(`${prefix}_SCOPES`) : '';
		credentials.push({
			suggestedName: known.documented ? API_KINDS[known.apiKind].label : prefix,
			apiKind: known.apiKind,
			clientId: value(name),
			clientSecret: value(`${prefix}_CLIENT_SECRET`),
			scopes: scopesValue ? parseScopes(scopesValue) : API_KINDS[known.apiKind].defaultScopes,
		});
	}
	if (credentials.length > 0) return { credentials, skipped };
	if (firstUnpaired) throw invalidInput(firstUnpaired);
	throw invalidInput(
		`${fileName} has no Adobe credential variables: expected CLOUD_STORAGE_CLIENT_ID and CLOUD_STORAGE_CLIENT_SECRET, PS_FF_SERVICES_CLIENT_ID and PS_FF_SERVICES_CLIENT_SECRET, or {API}_FF_SERVICES_CLIENT_ID and {API}_FF_SERVICES_CLIENT_SECRET.`,
	);
}

/** Where each variable is (last) defined, with the text after its "=": for messages, and to see how dotenv treated its quotes. */
function definitionLines(text: string): Map<string, { line: number; raw: string }> {
	const lines = new Map<string, { line: number; raw: string }>();
	text.split(/\r\n?|\n/).forEach((line, index) => {
		const match = /^\s*(?:export\s+)?([\w.-]+)\s*(?:=|:\s)(.*)$/.exec(line);
		if (match) lines.set(match[1], { line: index + 1, raw: match[2].trim() });
	});
	return lines;
}

/** A name from the file, without control or text-direction characters, or the fallback when none is left. */
function nameOr(value: unknown, fallback: string): string {
	const name = typeof value === 'string' ? sanitizeProfileName(value) : '';
	return name !== '' ? name : fallback;
}

/** " (line 3, column 7)" from JSON.parse's "at position N", when it says. */
function jsonPosition(text: string, error: unknown): string {
	const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
	if (!match) return '';
	const before = text.slice(0, Number(match[1]));
	const line = before.split('\n').length;
	return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}
