/**
 * The tools an AI agent may call: one catalogue and one implementation, behind two front doors (VS
 * Code's language model tools and the MCP server in src/mcp). No 'vscode' import: the front doors
 * pass an AgentToolHost (clients, profiles, a token source, the doctor, the redactor).
 *
 * Where things are: catalogue.ts lists the tools, each from its group's file in tools/ (a
 * `{ definition, run }` per tool); inputs.ts checks their input; caller.ts holds the token's rules;
 * fixes.ts says what to do about a failure. This file is what the front doors call: run a tool
 * (invokeAgentTool), the confirmation before a request that may write, the progress line, and the
 * error and redaction every result goes through.
 *
 * Rules every tool keeps:
 * - Input comes from a model, so it is untrusted: every field is checked, with a message that says
 *   what is accepted.
 * - A result is short structured text plus the same as JSON, both passed through the host's
 *   redactor and the request's own secrets: never a client secret or token.
 * - Failures do not throw: they come back as `Error: … Fix: …` results with `isError`, so the agent
 *   reads the same explanation a user would. Each front door then reports them its own way (VS Code:
 *   a thrown error; MCP: a result with isError).
 * - Input the declared inputSchema forbids is refused before anything runs (agentToolInputProblem).
 * - The token goes only where a request file may send it (core/requests/origins.ts), and a storage
 *   cursor only to the configured Cloud Storage endpoint.
 */
import { AdobeApiError, isAdobeApiError } from '../common/errors';
import { escapeMarkdown, longestRun } from '../common/format';
import { systemClock } from '../common/logger';
import { REDACTED, redact } from '../common/redact';
import { AGENT_TOOL_NAMES, agentTool, agentToolDefinition, isAgentToolName, isStorageWriteTool } from './catalogue';
import { fixFor } from './fixes';
import { fieldsOf, inputProblem, invalid } from './inputs';
import { operationSpec } from './tools/operations';
import { AGENT_HTTP_METHODS, READ_ONLY_METHODS, SendInput, parseSendInput } from './tools/requests';
import { AgentToolHost, AgentToolName, AgentToolResult, Fields, MAX_AGENT_BODY_CHARS, Run } from './types';

/** The longest body a confirmation shows, in characters; what is cut is counted in a note. */
export const MAX_CONFIRMATION_BODY_CHARS = 4_000;
/** The longest header value a confirmation shows, in characters. */
const MAX_CONFIRMATION_HEADER_CHARS = 1_000;

/** What the user confirms before a request that may change something is sent. */
export interface AgentToolConfirmation {
	/** A short question naming the method and host (plain text). */
	title: string;
	/** The request as plain text: what it may do, the method and full URL, every header with its value, the body (cut with a note). */
	text: string;
	/**
	 * The same for a Markdown renderer (VS Code's chat): our own words escaped, and the request in a
	 * fenced code block longer than any run of backticks in it, so that nothing a model wrote renders
	 * as Markdown (no link, no image, no closed fence).
	 */
	markdown: string;
	/** The button that says yes in a dialog: "Send" for a request, the write's verb for a Cloud Storage write. */
	action: string;
}

export interface AgentToolConfirmationOptions {
	/** The front door's redactor (it knows the secrets and tokens the host holds). */
	redact?: (text: string) => string;
	/** The Client ID of the profile the request would use: an x-api-key header with it is shown as the profile's, not as its value. */
	clientId?: string;
}

/**
 * What runs without asking (every read), and what asks first: a request whose method may change
 * something. The confirmation shows exactly what would be sent: the method, the full URL, every
 * header with its value (credentials hidden: Authorization, the profile's Client ID, headers named
 * like secrets) including the two added for the profile, and the body as plain text. Input that
 * would be refused needs no confirmation (nothing is sent).
 */
export function agentToolConfirmation(
	name: AgentToolName,
	input: unknown,
	options: AgentToolConfirmationOptions = {},
): AgentToolConfirmation | undefined {
	if (isStorageWriteTool(name)) return storageWriteConfirmation(name, input, options);
	if (name !== 'adobe_send_request') return undefined;
	let parsed: SendInput;
	try {
		parsed = parseSendInput(input);
	} catch {
		return undefined;
	}
	if (READ_ONLY_METHODS.includes(parsed.method)) return undefined;
	// Redacted first, then made visible and cut: cutting first could leave a part of a secret the redactor no longer recognises.
	const hide = (text: string) => visibleText((options.redact ?? ((same: string) => same))(redact(text)));
	const whose =
		parsed.profile === undefined ? 'the active Adobe profile' : `the Adobe profile "${hide(parsed.profile).replace(/\n/g, ' ')}"`;
	const given = (header: string) => parsed.headers.some((h) => h.name.toLowerCase() === header);
	const headers = [
		...parsed.headers.map((h) => `${h.name}: ${confirmationHeaderValue(h, whose, options.clientId, hide)}`),
		// Added as sendRequest adds them, in the same order.
		...(given('authorization') ? [] : [`Authorization: Bearer ‹the access token of ${whose}›`]),
		...(given('x-api-key') ? [] : [`x-api-key: ‹the Client ID of ${whose}›`]),
	];
	let note: string | undefined;
	let body: string | undefined;
	if (parsed.body !== undefined) {
		const shown = hide(parsed.body);
		const cut = shown.length - MAX_CONFIRMATION_BODY_CHARS;
		body = cut > 0 ? shown.slice(0, MAX_CONFIRMATION_BODY_CHARS) : shown;
		if (cut > 0) {
			note = `The body is cut here: ${MAX_CONFIRMATION_BODY_CHARS.toLocaleString('en-US')} of ${shown.length.toLocaleString('en-US')} characters are shown; the other ${cut.toLocaleString('en-US')} are sent too.`;
		}
	}
	const request = [`${parsed.method} ${hide(parsed.url)}`, ...headers, ...(body !== undefined ? ['', body] : [])].join('\n');
	const intro = `This request may create, change or delete something at Adobe. It is sent as shown, with the access token and Client ID of ${whose}.`;
	const fence = '`'.repeat(Math.max(3, longestRun(request, '`') + 1));
	return {
		// A host name may be anything a model wrote (even a token's look-alike): redacted like the rest.
		title: hide(`Send ${parsed.method} request to ${new URL(parsed.url).host}?`),
		text: `${intro}\n\n${request}${note ? `\n\n${note}` : ''}`,
		markdown: `${escapeMarkdown(intro)}\n\n${fence}\n${request}\n${fence}${note ? `\n\n${escapeMarkdown(note)}` : ''}`,
		action: 'Send',
	};
}

/**
 * The confirmation before a Cloud Storage write (tools/storageWrites.ts): what it does, in words, and
 * the input as given (each field on its own line, redacted, made visible and cut), in a code block
 * nothing in it can close. Always given for these tools, whatever the input (a refused input changes
 * nothing, but the MCP server decides by this whether a call is a write).
 */
function storageWriteConfirmation(name: AgentToolName, input: unknown, options: AgentToolConfirmationOptions): AgentToolConfirmation {
	const hide = (text: string) => visibleText((options.redact ?? ((same: string) => same))(redact(text)));
	const fields: Fields = input && typeof input === 'object' && !Array.isArray(input) ? (input as Fields) : {};
	const field = (key: string) => {
		const value = fields[key];
		if (typeof value !== 'string' || value.trim() === '') return undefined;
		const shown = hide(value.trim()).replace(/\n/g, ' ');
		return shown.length > 300 ? `${shown.slice(0, 299)}…` : shown;
	};
	const item = field('path') ? `"${field('path')}"` : field('assetId') ? `${field('assetType') ?? 'item'} ${field('assetId')}` : 'an item';
	const parent = field('parentPath') ? `"${field('parentPath')}"` : (field('parentId') ?? 'a project or folder');
	const whose = field('profile') ? `the Adobe profile "${field('profile')}"` : 'the active Adobe profile';
	let title: string;
	let intro: string;
	let action: string;
	switch (name) {
		case 'adobe_create_folder':
			title = `Create folder "${field('name') ?? '?'}" in Adobe Cloud Storage?`;
			intro = `This creates a folder in ${parent} in Adobe Cloud Storage.`;
			action = 'Create';
			break;
		case 'adobe_upload_file':
			title = `Upload "${field('file') ?? '?'}" to Adobe Cloud Storage?`;
			intro = `This uploads the workspace file "${field('file') ?? '?'}" as a new file in ${parent} in Adobe Cloud Storage (it never replaces a file).`;
			action = 'Upload';
			break;
		case 'adobe_move_asset': {
			const moving = field('destinationPath') ?? field('destinationId');
			title = moving ? `Move ${item} in Adobe Cloud Storage?` : `Rename ${item} in Adobe Cloud Storage?`;
			action = moving ? 'Move' : 'Rename';
			intro = moving
				? `This moves ${item} to ${field('destinationPath') ? `"${moving}"` : moving}${field('newName') ? ` as "${field('newName')}"` : ''} in Adobe Cloud Storage.`
				: `This renames ${item} to "${field('newName') ?? '?'}" in Adobe Cloud Storage.`;
			break;
		}
		case 'adobe_run_operation': {
			const spec = operationSpec(field('operation'));
			const what = spec
				? `${spec.title} (${spec.api === 'firefly' ? 'Adobe Firefly' : 'Adobe Photoshop'})`
				: `the operation ${field('operation') ?? '?'}`;
			const file = field('path')
				? `"${field('path')}"`
				: field('uri')
					? `"${field('uri')}"`
					: field('assetId')
						? `file ${field('assetId')}`
						: 'a file';
			title = `Run ${spec?.title ?? field('operation') ?? 'an operation'} on ${file}?`;
			intro =
				`This sends ${file} from Adobe Cloud Storage to ${what} and ` +
				(fields.saveAs === 'newVersion'
					? "saves the result as a new version of the same file (the previous version stays in Adobe's version history)."
					: 'saves the result as a new file beside it (nothing is overwritten).');
			action = 'Run';
			break;
		}
		default:
			title = `Delete ${item} to the Adobe Cloud Storage trash?`;
			intro = `This deletes ${item} to Adobe's trash. It is not deleted permanently: it can be restored.`;
			action = 'Delete';
	}
	intro += ` It runs with the access token of ${whose}.`;
	// The schema's fields are few; input with more is refused anyway, so the first 12 are enough to show.
	const lines = Object.keys(fields)
		.slice(0, 12)
		.filter((key) => field(key) !== undefined)
		.map((key) => `${hide(key).slice(0, 50)}: ${field(key)}`);
	// An operation's options, one a line (strings, numbers, booleans; a workspace file by its path), the first 20.
	const given = fields.options && typeof fields.options === 'object' && !Array.isArray(fields.options) ? (fields.options as Fields) : {};
	for (const [key, value] of Object.entries(given).slice(0, 20)) {
		const option = value && typeof value === 'object' ? (value as Fields).workspaceFile : value;
		if (typeof option !== 'string' && typeof option !== 'number' && typeof option !== 'boolean') continue;
		const shown = hide(String(option).trim()).replace(/\n/g, ' ');
		const label = value && typeof value === 'object' ? ' (workspace file)' : '';
		lines.push(`options.${hide(key).slice(0, 50)}: ${shown.length > 300 ? `${shown.slice(0, 299)}…` : shown}${label}`);
	}
	const body = lines.join('\n');
	const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
	return {
		title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
		text: `${intro}\n\n${body}`,
		markdown: `${escapeMarkdown(intro)}\n\n${fence}\n${body}\n${fence}`,
		action,
	};
}

/** Header names whose values are credentials: shown hidden, whatever the redactor knows. */
const SECRET_HEADER = /authorization|cookie|secret|token|passw|signature|credential|session/i;

function confirmationHeaderValue(
	header: { name: string; value: string },
	whose: string,
	clientId: string | undefined,
	hide: (text: string) => string,
): string {
	const name = header.name.toLowerCase();
	if (name === 'x-api-key' && clientId !== undefined && header.value.trim() === clientId) return `‹the Client ID of ${whose}›`;
	if (SECRET_HEADER.test(name)) {
		// An authorization scheme (Bearer, Basic) says what kind of credential goes; the credential itself never shows.
		const scheme = /^([A-Za-z][\w-]{0,30})\s+\S/.exec(header.value)?.[1];
		return scheme && name.endsWith('authorization') ? `${scheme} ${REDACTED}` : REDACTED;
	}
	const shown = hide(header.value);
	const cut = shown.length - MAX_CONFIRMATION_HEADER_CHARS;
	return cut > 0 ? `${shown.slice(0, MAX_CONFIRMATION_HEADER_CHARS)}… (${cut.toLocaleString('en-US')} more characters)` : shown;
}

/** Characters that would hide or reorder text on screen (controls, bidirectional overrides): shown as \u{…}. Line breaks stay. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

function visibleText(text: string): string {
	return text.replace(/\r\n/g, '\n').replace(INVISIBLE, (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}}`);
}

/** Model-written text in a progress message: one line, redacted, at most 80 characters. */
function shortText(text: string): string {
	const line = visibleText(redact(text)).replace(/\s+/g, ' ').trim();
	return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** The host of a URL the model gave, or undefined when it is not one. */
function hostOf(text: unknown): string | undefined {
	if (typeof text !== 'string') return undefined;
	try {
		return new URL(text.trim()).host || undefined;
	} catch {
		return undefined;
	}
}

/**
 * The progress line a front door shows while a tool runs (VS Code's invocationMessage): what the
 * tool works on — the storage path or id, the host a request or job goes to, the profile. Plain
 * text; the input is the model's, so nothing here throws and every part is redacted and cut.
 */
export function agentToolProgress(name: string, input: unknown): string {
	const fields: Fields = input && typeof input === 'object' && !Array.isArray(input) ? (input as Fields) : {};
	const text = (field: string) => (typeof fields[field] === 'string' && fields[field].trim() !== '' ? shortText(fields[field]) : undefined);
	const profile = text('profile');
	const withProfile = profile ? ` with profile "${profile}"` : '';
	const slashed = (path: string) => (path.startsWith('/') ? path : `/${path}`);
	switch (name) {
		case 'adobe_list_profiles':
			return 'Listing your Adobe profiles';
		case 'adobe_check_setup':
			return `Checking the Adobe setup of ${profile ? `profile "${profile}"` : 'the active profile'}`;
		case 'adobe_verify_credential':
			return `Verifying the Adobe credential of ${profile ? `profile "${profile}"` : 'the active profile'}`;
		case 'adobe_list_storage': {
			const cursor = hostOf(fields.cursor);
			const path = text('path');
			const id = text('folderId') ?? text('projectId');
			const what = cursor
				? `the next page of an Adobe Cloud Storage listing (${cursor})`
				: path
					? `Adobe Cloud Storage ${slashed(path)}`
					: id
						? `Adobe Cloud Storage ${text('folderId') ? 'folder' : 'project'} ${id}`
						: 'Adobe Cloud Storage projects';
			return `Listing ${what}${withProfile}`;
		}
		case 'adobe_get_asset': {
			const path = text('path');
			const id = text('assetId');
			return `Getting Adobe Cloud Storage ${path ? slashed(path) : id ? `item ${id}` : 'item'}${withProfile}`;
		}
		case 'adobe_send_request': {
			const method =
				typeof fields.method === 'string' && (AGENT_HTTP_METHODS as readonly string[]).includes(fields.method) ? fields.method : 'GET';
			const host = hostOf(fields.url);
			return `Sending ${method} request${host ? ` to ${host}` : ''}${withProfile}`;
		}
		case 'adobe_get_job': {
			const host = hostOf(fields.statusUrl);
			return `${fields.wait === false ? 'Checking' : 'Following'} the Adobe job${host ? ` at ${host}` : ''}${withProfile}`;
		}
		case 'adobe_create_folder':
			return `Creating Adobe Cloud Storage folder "${text('name') ?? ''}"${withProfile}`;
		case 'adobe_upload_file':
			return `Uploading ${text('file') ?? 'a file'} to Adobe Cloud Storage${withProfile}`;
		case 'adobe_move_asset': {
			const item = text('path') ? slashed(text('path') as string) : (text('assetId') ?? 'an item');
			return `${text('destinationId') || text('destinationPath') ? 'Moving' : 'Renaming'} Adobe Cloud Storage ${item}${withProfile}`;
		}
		case 'adobe_trash_asset': {
			const item = text('path') ? slashed(text('path') as string) : (text('assetId') ?? 'an item');
			return `Deleting Adobe Cloud Storage ${item} to the trash${withProfile}`;
		}
		case 'adobe_run_operation': {
			const item = text('path') ? slashed(text('path') as string) : (text('uri') ?? text('assetId') ?? 'a file');
			const spec = operationSpec(text('operation'));
			return `Running ${spec?.title ?? 'an Adobe operation'} on Adobe Cloud Storage ${item}${withProfile}`;
		}
		default:
			return 'Running an Adobe tool';
	}
}

/**
 * What the tool's declared inputSchema forbids in `input`, as one message; undefined when the
 * schema allows it (inputs.ts). Front doors that ask before running (the MCP server) check it first.
 */
export function agentToolInputProblem(name: AgentToolName, input: unknown): string | undefined {
	return inputProblem(agentToolDefinition(name), input);
}

/** Runs a tool. Bad input and Adobe failures do not throw: they resolve to an `Error: … Fix: …` result with isError. */
export async function invokeAgentTool(name: string, input: unknown, host: AgentToolHost, signal?: AbortSignal): Promise<AgentToolResult> {
	const run: Run = { host, signal, clock: host.clock ?? systemClock, secrets: [] };
	let result: AgentToolResult;
	try {
		if (!isAgentToolName(name)) {
			throw invalid(`There is no Adobe tool named "${String(name).slice(0, 100)}"; the tools are ${AGENT_TOOL_NAMES.join(', ')}.`);
		}
		const tool = agentTool(name);
		result = await tool.run(run, fieldsOf(tool.definition, input));
	} catch (error) {
		result = errorResult(error);
	}
	return redactResult(run, result);
}

function errorResult(thrown: unknown): AgentToolResult {
	const error = isAdobeApiError(thrown)
		? thrown
		: new AdobeApiError(thrown instanceof Error ? thrown.message : String(thrown), { kind: 'internal' });
	const fix = fixFor(error);
	return {
		text: `Error: ${error.message}${fix ? ` Fix: ${fix.text}` : ''}${fix?.docs ? ` Docs: ${fix.docs}` : ''}`,
		data: {
			error: {
				message: error.message,
				kind: error.kind,
				...(error.service ? { service: error.service } : {}),
				...(error.status !== undefined ? { status: error.status } : {}),
				...(error.code ? { code: error.code } : {}),
				...(error.requestId ? { requestId: error.requestId } : {}),
				...(error.setting ? { setting: error.setting } : {}),
				...(fix ? { fix: fix.text } : {}),
				...(fix?.docs ? { docs: fix.docs } : {}),
			},
		},
		isError: true,
	};
}

/** Every string of the result through the invocation's tokens and the host's redactor. */
/** The longest one string of a result may be, and the whole text, in characters (after redaction). */
const MAX_RESULT_STRING = MAX_AGENT_BODY_CHARS;
const MAX_RESULT_TEXT = 4 * MAX_AGENT_BODY_CHARS;

function clip(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max)}… (cut: ${(text.length - max).toLocaleString('en-US')} more characters)`;
}

function redactResult(run: Run, result: AgentToolResult): AgentToolResult {
	// Redacted first, then cut: cutting first could leave a part of a secret the redactor no longer recognises.
	const clean = (text: string, max = MAX_RESULT_STRING) => clip(run.host.redact(redact(text, run.secrets)), max);
	const walk = (value: unknown): unknown => {
		if (typeof value === 'string') return clean(value);
		if (Array.isArray(value)) return value.map(walk);
		if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [clean(key), walk(v)]));
		return value;
	};
	return {
		text: clean(result.text, MAX_RESULT_TEXT),
		data: walk(result.data) as Record<string, unknown>,
		...(result.isError ? { isError: true } : {}),
	};
}
