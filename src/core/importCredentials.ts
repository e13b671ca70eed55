/**
 * Reads credentials from the files users already have: the Developer Console's project JSON
 * (`project.workspace.details.credentials[].oauth_server_to_server`), its credential download
 * (`API_KEY`/`CLIENT_ID`, `CLIENT_SECRETS`, `SCOPES`), or a `.env` with the variable names from
 * Adobe's guides. Everything is validated before anything is returned, so an import is all or
 * nothing; messages say what is wrong and where, and never quote a value.
 */
import { API_KINDS, ApiKind } from './apiKinds';
import { parseScopes, validateClientId, validateClientSecret, validateScopes } from './credentials';
import { AdobeApiError } from './errors';

export interface ImportedCredential {
	/** A suggested profile name (from the project and credential names, or the variable prefix). */
	suggestedName: string;
	/** Undefined when the file does not say which API it is for. */
	apiKind?: ApiKind;
	clientId: string;
	clientSecret: string;
	scopes: string[];
}

function invalid(message: string): AdobeApiError {
	return new AdobeApiError(message, { kind: 'invalidInput' });
}

export function parseCredentialFile(fileName: string, text: string): ImportedCredential[] {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') throw invalid(`${fileName} is empty.`);
	const looksJson = /\.json$/i.test(fileName) || trimmed.startsWith('{');
	const found = looksJson ? parseConsoleJson(fileName, trimmed) : parseDotEnv(fileName, text);
	for (const credential of found) {
		const problem = validateClientId(credential.clientId) ?? validateClientSecret(credential.clientSecret) ?? validateScopes(credential.scopes);
		if (problem) throw invalid(`${fileName}, credential "${credential.suggestedName}": ${problem}`);
	}
	return found;
}

function parseConsoleJson(fileName: string, text: string): ImportedCredential[] {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw invalid(`${fileName} is not valid JSON${jsonPosition(text, error)}. Download the credential JSON again from the Developer Console.`);
	}
	if (!json || typeof json !== 'object' || Array.isArray(json)) throw invalid(`${fileName} does not contain a JSON object.`);
	const record = json as Record<string, unknown>;

	const project = record.project as Record<string, unknown> | undefined;
	if (project && typeof project === 'object') return fromProjectJson(fileName, project);
	if ('CLIENT_SECRETS' in record || 'API_KEY' in record || 'CLIENT_ID' in record) return [fromCredentialDownload(fileName, record)];
	throw invalid(
		`${fileName} has no OAuth Server-to-Server credential: expected "project.workspace.details.credentials" (project JSON) or "API_KEY"/"CLIENT_ID" with "CLIENT_SECRETS" (credential JSON).`,
	);
}

function fromProjectJson(fileName: string, project: Record<string, unknown>): ImportedCredential[] {
	const workspace = project.workspace as { details?: { credentials?: unknown } } | undefined;
	const credentials = workspace?.details?.credentials;
	if (!Array.isArray(credentials)) throw invalid(`${fileName}: "project.workspace.details.credentials" is missing or not a list.`);
	const projectName = stringOr(project.title, stringOr(project.name, 'Adobe project'));
	const result: ImportedCredential[] = [];
	credentials.forEach((entry: Record<string, unknown>, index) => {
		const s2s = entry?.oauth_server_to_server as Record<string, unknown> | undefined;
		if (!s2s || typeof s2s !== 'object') return;
		const where = `"project.workspace.details.credentials[${index}].oauth_server_to_server"`;
		const secrets = s2s.client_secrets;
		if (!Array.isArray(secrets) || typeof secrets[0] !== 'string') throw invalid(`${fileName}: ${where} has no "client_secrets".`);
		if (typeof s2s.client_id !== 'string') throw invalid(`${fileName}: ${where} has no "client_id".`);
		const scopes = Array.isArray(s2s.scopes) ? s2s.scopes.filter((s): s is string => typeof s === 'string') : [];
		result.push({
			suggestedName: `${projectName} / ${stringOr(entry.name, `credential ${index + 1}`)}`,
			apiKind: guessApiKind(scopes),
			clientId: s2s.client_id,
			clientSecret: secrets[0],
			scopes,
		});
	});
	if (result.length === 0) {
		throw invalid(`${fileName} has no OAuth Server-to-Server credential (integration_type "oauth_server_to_server"); add one to the project in the Developer Console.`);
	}
	return result;
}

function fromCredentialDownload(fileName: string, record: Record<string, unknown>): ImportedCredential {
	const clientId = record.API_KEY ?? record.CLIENT_ID;
	if (typeof clientId !== 'string') throw invalid(`${fileName}: "API_KEY" (the Client ID) is missing or not text.`);
	const secrets = record.CLIENT_SECRETS;
	const clientSecret = Array.isArray(secrets) ? secrets[0] : secrets;
	if (typeof clientSecret !== 'string') throw invalid(`${fileName}: "CLIENT_SECRETS" is missing or empty.`);
	const scopes = Array.isArray(record.SCOPES) ? record.SCOPES.filter((s): s is string => typeof s === 'string') : parseScopes(stringOr(record.SCOPES, ''));
	return { suggestedName: 'Imported credential', apiKind: guessApiKind(scopes), clientId, clientSecret, scopes };
}

/** KEY=value lines, `export` allowed, `#` comments, optional single or double quotes. */
function parseDotEnv(fileName: string, text: string): ImportedCredential[] {
	const values = new Map<string, { value: string; line: number }>();
	text.split(/\r?\n/).forEach((raw, index) => {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) return;
		const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
		if (!match) throw invalid(`${fileName}, line ${index + 1}: expected NAME=value.`);
		// A quoted value ends at its closing quote; an unquoted one at a " #" comment.
		const quoted = /^(['"])(.*?)\1\s*(#.*)?$/.exec(match[2].trim());
		const value = quoted ? quoted[2] : match[2].replace(/\s+#.*$/, '').trim();
		values.set(match[1], { value, line: index + 1 });
	});

	const result: ImportedCredential[] = [];
	for (const [name, { line }] of values) {
		const match = /^(.+)_CLIENT_ID$/.exec(name);
		if (!match) continue;
		const prefix = match[1];
		const secret = values.get(`${prefix}_CLIENT_SECRET`);
		if (!secret) throw invalid(`${fileName}, line ${line}: ${name} is set but ${prefix}_CLIENT_SECRET is not.`);
		const apiKind = (Object.keys(API_KINDS) as ApiKind[]).find((kind) => API_KINDS[kind].envPrefix === prefix);
		if (!apiKind && !prefix.endsWith('_FF_SERVICES')) continue; // not one of Adobe's variable families
		const scopesValue = values.get(`${prefix}_SCOPES`)?.value;
		result.push({
			suggestedName: apiKind ? API_KINDS[apiKind].label : prefix,
			apiKind: apiKind ?? 'custom',
			clientId: values.get(name)?.value ?? '',
			clientSecret: secret.value,
			scopes: scopesValue ? parseScopes(scopesValue) : API_KINDS[apiKind ?? 'custom'].defaultScopes,
		});
	}
	if (result.length === 0) {
		throw invalid(
			`${fileName} has no Adobe credential variables: expected CLOUD_STORAGE_CLIENT_ID and CLOUD_STORAGE_CLIENT_SECRET, PS_FF_SERVICES_CLIENT_ID and PS_FF_SERVICES_CLIENT_SECRET, or {API}_FF_SERVICES_CLIENT_ID and {API}_FF_SERVICES_CLIENT_SECRET.`,
		);
	}
	return result;
}

function guessApiKind(scopes: string[]): ApiKind | undefined {
	if (scopes.includes('creative_sdk') || scopes.includes('cloud_storage_collab_api')) return 'cloudStorage';
	return undefined;
}

function stringOr(value: unknown, fallback: string): string {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

/** " (line 3, column 7)" from JSON.parse's "at position N", when it says. */
function jsonPosition(text: string, error: unknown): string {
	const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
	if (!match) return '';
	const before = text.slice(0, Number(match[1]));
	const line = before.split('\n').length;
	return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}
