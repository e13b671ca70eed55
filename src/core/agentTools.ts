/**
 * The tools an AI agent may call: one catalogue and one implementation, behind two front doors (VS
 * Code's language model tools and the MCP server in src/mcp). No 'vscode' import: the front doors
 * pass an AgentToolHost (clients, profiles, a token source, the doctor, the redactor).
 *
 * Rules every tool keeps:
 * - Input comes from a model, so it is untrusted: every field is checked, with a message that says
 *   what is accepted.
 * - A result is short structured text plus the same as JSON, both passed through the host's
 *   redactor and the request's own secrets: never a client secret or token.
 * - Failures do not throw: they come back as `Error: … Fix: …` results with `isError`, so the agent
 *   reads the same explanation a user would.
 * - The token goes only where a request file may send it (core/requestOrigins.ts), and a storage
 *   cursor only to the configured Cloud Storage endpoint.
 */
import type { ApiKind } from './apiKinds';
import type { Finding } from './doctor';
import { AdobeApiError } from './errors';
import type { Clock } from './logger';
import { redact } from './redact';
import type { CallerSource } from './verify';
import type { AdobeClients } from '../network';

export type AgentToolName =
	| 'adobe_list_profiles'
	| 'adobe_check_setup'
	| 'adobe_verify_credential'
	| 'adobe_list_storage'
	| 'adobe_get_asset'
	| 'adobe_send_request'
	| 'adobe_get_job';

/** A JSON Schema object, as language model tools and MCP take them. */
export interface AgentToolInputSchema {
	type: 'object';
	properties: Record<string, unknown>;
	required?: string[];
	additionalProperties?: boolean;
}

export interface AgentToolDefinition {
	name: AgentToolName;
	/** What users type after `#` in a chat prompt (VS Code's `toolReferenceName`). */
	toolReferenceName: string;
	displayName: string;
	/** For the model: what the tool does, what it returns, and when to use it. */
	modelDescription: string;
	/** For people, in VS Code's tool picker. */
	userDescription: string;
	tags: string[];
	inputSchema: AgentToolInputSchema;
	/** The tool only reads; only adobe_send_request with a method other than GET/HEAD/OPTIONS asks first. */
	readOnly: boolean;
}

/** The longest response body a tool hands back, in characters. */
export const MAX_AGENT_BODY_CHARS = 16_000;
/** Page size bounds for adobe_list_storage (Adobe's `limit` is 1–100, default 20). */
export const DEFAULT_AGENT_PAGE_SIZE = 20;
export const MAX_AGENT_PAGE_SIZE = 100;
/** adobe_get_job's wait bounds, in seconds. */
export const DEFAULT_JOB_WAIT_SECONDS = 120;
export const MAX_JOB_WAIT_SECONDS = 600;

export const AGENT_HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type AgentHttpMethod = (typeof AGENT_HTTP_METHODS)[number];
/** Methods that only read: they run without a confirmation. */
export const READ_ONLY_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS'];

const PROFILE = {
	type: 'string',
	description: 'The Adobe profile to use, by name (see adobe_list_profiles). Omit to use the active profile.',
	maxLength: 200,
};

export const AGENT_TOOLS: readonly AgentToolDefinition[] = [
	{
		name: 'adobe_list_profiles',
		toolReferenceName: 'adobeProfiles',
		displayName: 'List Adobe Profiles',
		modelDescription:
			'Lists the Adobe API credential profiles the user has configured: for each, its name, API kind (cloudStorage, photoshop, firefly, contentAuthenticity, custom), ' +
			'scopes, whether it is the active profile, and its access token state (none, valid, expiring, expired) with the expiry time. Never returns a token or secret. ' +
			'Use it first to learn which profile names the other adobe_* tools accept, or to answer "which Adobe credentials do I have?".',
		userDescription: 'List your Adobe profiles, their API kinds, scopes and token state.',
		tags: ['adobe', 'credentials'],
		inputSchema: { type: 'object', properties: {}, additionalProperties: false },
		readOnly: true,
	},
	{
		name: 'adobe_check_setup',
		toolReferenceName: 'adobeSetup',
		displayName: 'Check Adobe Setup',
		modelDescription:
			"Runs the setup doctor for an Adobe profile: checks the endpoint settings, that Adobe IMS is reachable, the credential, that a token can be generated, its scopes, " +
			"a verification call to the profile's API, and Cloud Storage access. Returns one finding per check with id, status (pass, fail, warn, skipped), detail, and for " +
			'problems the cause, the fix and a link to Adobe\'s docs. Use it when a call fails (401, 403, invalid_scope, network errors) or the user asks why something does not work.',
		userDescription: 'Run the setup doctor for an Adobe profile and get its findings with fixes.',
		tags: ['adobe', 'credentials', 'diagnostics'],
		inputSchema: { type: 'object', properties: { profile: PROFILE }, additionalProperties: false },
		readOnly: true,
	},
	{
		name: 'adobe_verify_credential',
		toolReferenceName: 'adobeVerify',
		displayName: 'Verify Adobe Credential',
		modelDescription:
			"Makes the cheapest documented authenticated call for the profile's API kind (Cloud Storage: list one project; Photoshop: a job status lookup; Firefly: list custom models) " +
			'with a fresh or cached token, and returns ok, the call sent (method and URL), HTTP status, latency in ms, the x-request-id, and what success proves or, on failure, ' +
			'the readable reason and fix. Use it to check that a credential works end to end; use adobe_check_setup for a full diagnosis.',
		userDescription: "Make the profile's verification call and report status and latency.",
		tags: ['adobe', 'credentials'],
		inputSchema: { type: 'object', properties: { profile: PROFILE }, additionalProperties: false },
		readOnly: true,
	},
	{
		name: 'adobe_list_storage',
		toolReferenceName: 'adobeStorage',
		displayName: 'List Adobe Cloud Storage',
		modelDescription:
			'Lists Adobe Cloud Storage one page at a time. With no target it lists the projects the credential can access; with projectId or folderId (asset URNs such as ' +
			'urn:aaid:sc:US:…) or path ("Project/Folder/Subfolder") it lists that container\'s children. Returns items (name, assetId, type, mediaType, size in bytes, modified time), ' +
			'their count, and `cursor` when there are more: pass that cursor back (with the same profile, and no other target) to get the next page. ' +
			'An empty project list or a 403 comes back with the Technical Account setup explanation. Use adobe_get_asset for one item\'s full metadata.',
		userDescription: 'List Cloud Storage projects or a folder, one page at a time.',
		tags: ['adobe', 'cloud-storage'],
		inputSchema: {
			type: 'object',
			properties: {
				profile: PROFILE,
				projectId: { type: 'string', description: "A project's assetId: list its children.", maxLength: 500 },
				folderId: { type: 'string', description: "A folder's assetId: list its children.", maxLength: 500 },
				path: { type: 'string', description: 'A project or folder by names, "Project/Folder/Subfolder" (a leading / is allowed): list its children.', maxLength: 2000 },
				cursor: { type: 'string', description: 'The `cursor` a previous call returned: fetches the next page of that listing. Give no other target with it.', maxLength: 8192 },
				limit: { type: 'integer', minimum: 1, maximum: MAX_AGENT_PAGE_SIZE, default: DEFAULT_AGENT_PAGE_SIZE, description: 'Items per page, 1–100 (default 20).' },
			},
			additionalProperties: false,
		},
		readOnly: true,
	},
	{
		name: 'adobe_get_asset',
		toolReferenceName: 'adobeAsset',
		displayName: 'Get Adobe Cloud Storage Asset',
		modelDescription:
			"Returns one Adobe Cloud Storage item's metadata: name, assetId, assetType (project, folder, file), path, mediaType and size for files, created and modified dates and users, " +
			'state and ancestors. Give assetId (a URN from adobe_list_storage; add assetType if you know it, which saves calls) or path ("Project/Folder/file.jpg").',
		userDescription: "Get a Cloud Storage project's, folder's or file's metadata by id or path.",
		tags: ['adobe', 'cloud-storage'],
		inputSchema: {
			type: 'object',
			properties: {
				profile: PROFILE,
				assetId: { type: 'string', description: "The item's assetId (a URN such as urn:aaid:sc:US:…).", maxLength: 500 },
				path: { type: 'string', description: 'The item by names, "Project/Folder/file.jpg" (a leading / is allowed).', maxLength: 2000 },
				assetType: { type: 'string', enum: ['project', 'folder', 'file'], description: 'The kind of item assetId names, when known.' },
			},
			additionalProperties: false,
		},
		readOnly: true,
	},
	{
		name: 'adobe_send_request',
		toolReferenceName: 'adobeRequest',
		displayName: 'Send Adobe API Request',
		modelDescription:
			"Sends one HTTP request to an Adobe API with the profile's access token (Authorization: Bearer) and Client ID (x-api-key) added unless the headers give them. Only Adobe hosts " +
			'(https://*.adobe.io, *.adobelogin.com), the configured endpoints and origins the user approved are allowed; anything else is refused and nothing is sent. ' +
			'Returns status, headers, the body (text, at most 16,000 characters, with a note when cut; binary bodies are described, not returned) and, when the answer started an async job ' +
			'(Firefly, Photoshop, Cloud Storage), its statusUrl to pass to adobe_get_job. GET, HEAD and OPTIONS run at once; other methods ask the user first. Never put a token in the url, headers or body: it is added for you.',
		userDescription: "Send one request to an Adobe API with the profile's token (non-GET requests ask first).",
		tags: ['adobe', 'http', 'firefly', 'photoshop', 'cloud-storage'],
		inputSchema: {
			type: 'object',
			properties: {
				profile: PROFILE,
				method: { type: 'string', enum: [...AGENT_HTTP_METHODS], default: 'GET', description: 'The HTTP method (default GET).' },
				url: { type: 'string', description: 'The absolute https URL, e.g. https://image.adobe.io/pie/psdService/hello or https://firefly-api.adobe.io/v3/images/generate-async.', maxLength: 8192 },
				headers: {
					type: 'object',
					additionalProperties: { type: 'string' },
					description: 'Extra request headers, e.g. {"Content-Type": "application/json"}. Authorization and x-api-key are added for you.',
				},
				body: { type: 'string', description: 'The request body as text (JSON as a string). Ignored for GET and HEAD.', maxLength: 1_000_000 },
			},
			required: ['url'],
			additionalProperties: false,
		},
		readOnly: false,
	},
	{
		name: 'adobe_get_job',
		toolReferenceName: 'adobeJob',
		displayName: 'Get Adobe Job Status',
		modelDescription:
			'Follows an Adobe async job (Firefly generate-async, Photoshop, Cloud Storage downloads) by its status URL: waits until it ends (succeeded, failed, canceled, ' +
			'partially_succeeded) or timeoutSeconds pass, or with wait=false polls once. Returns the state, progress, output URLs (pre-signed image and file links) and errors. ' +
			'Pass the statusUrl adobe_send_request returned. The status URL must be on an Adobe host or a configured endpoint.',
		userDescription: 'Follow an Adobe async job to its end, or get its current status.',
		tags: ['adobe', 'jobs', 'firefly', 'photoshop'],
		inputSchema: {
			type: 'object',
			properties: {
				profile: PROFILE,
				statusUrl: { type: 'string', description: "The job's status URL (from adobe_send_request's job.statusUrl).", maxLength: 8192 },
				wait: { type: 'boolean', default: true, description: 'Wait for the job to end (default true); false polls once and returns the current state.' },
				timeoutSeconds: {
					type: 'integer',
					minimum: 1,
					maximum: MAX_JOB_WAIT_SECONDS,
					default: DEFAULT_JOB_WAIT_SECONDS,
					description: `How long to wait for the end, in seconds (default ${DEFAULT_JOB_WAIT_SECONDS}, at most ${MAX_JOB_WAIT_SECONDS}).`,
				},
			},
			required: ['statusUrl'],
			additionalProperties: false,
		},
		readOnly: true,
	},
];

export const AGENT_TOOL_NAMES: readonly AgentToolName[] = AGENT_TOOLS.map((tool) => tool.name);

export function isAgentToolName(value: unknown): value is AgentToolName {
	return typeof value === 'string' && (AGENT_TOOL_NAMES as readonly string[]).includes(value);
}

export function agentToolDefinition(name: AgentToolName): AgentToolDefinition {
	return AGENT_TOOLS.find((tool) => tool.name === name) as AgentToolDefinition;
}

export interface AgentProfileInfo {
	name: string;
	apiKind: ApiKind;
	scopes: string[];
	active: boolean;
	/** A user (OAuth) profile: whether someone is signed in. */
	signedIn?: boolean;
	token: { state: 'none' | 'valid' | 'expiring' | 'expired'; expiresAt?: string };
}

export interface AgentToolHost {
	clients: AdobeClients;
	listProfiles(): AgentProfileInfo[] | Promise<AgentProfileInfo[]>;
	/** The named (or active/default) profile and its token source. Throws a readable AdobeApiError when there is none. */
	caller(profileName: string | undefined, signal?: AbortSignal): Promise<{ profile: AgentProfileInfo; caller: CallerSource }>;
	/** The setup doctor's findings for the profile. */
	checkSetup(profileName: string | undefined, signal?: AbortSignal): Promise<Finding[]>;
	/** Origins the user approved for the token (request files' rule, core/requestOrigins.ts). */
	approvedOrigins(): readonly string[];
	/** The host's redactor (it knows the secret and every token). */
	redact(text: string): string;
	clock?: Clock;
}

/** `text`: short structured text for the model; `data`: the same as JSON. Both redacted. */
export interface AgentToolResult {
	text: string;
	data: Record<string, unknown>;
	isError?: boolean;
}

/**
 * What runs without asking (every read), and what asks first: a request whose method may change
 * something. The message names the exact method, URL and profile, so the user sees what will be
 * sent where. Input that would be refused needs no confirmation (nothing is sent).
 */
export function agentToolConfirmation(name: AgentToolName, input: unknown): { title: string; message: string } | undefined {
	if (name !== 'adobe_send_request') return undefined;
	let parsed: SendInput;
	try {
		parsed = parseSendInput(input);
	} catch {
		return undefined;
	}
	if (READ_ONLY_METHODS.includes(parsed.method)) return undefined;
	const who = parsed.profile === undefined ? 'the active Adobe profile' : `the Adobe profile "${parsed.profile}"`;
	const body = parsed.body === undefined ? 'no body' : `a body of ${parsed.body.length.toLocaleString('en-US')} characters`;
	return {
		title: `Send ${parsed.method} request to ${new URL(parsed.url).host}?`,
		message: redact(`${parsed.method} ${parsed.url}\n\nwith ${body}, using ${who}: its access token and Client ID go with the request. This may create, change or delete something at Adobe.`),
	};
}

// ---- input ----

type Fields = Record<string, unknown>;

const MAX_HEADERS = 50;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$/;
const MAX_HEADER_VALUE = 8192;

function invalid(message: string): AdobeApiError {
	return new AdobeApiError(message, { kind: 'invalidInput' });
}

/** The input as an object with only the schema's fields (a model may send `null` or nothing for "no input"). */
function fieldsOf(name: AgentToolName, input: unknown): Fields {
	if (input === undefined || input === null) return {};
	if (typeof input !== 'object' || Array.isArray(input)) throw invalid(`The input of ${name} must be a JSON object.`);
	const accepted = Object.keys(agentToolDefinition(name).inputSchema.properties);
	const unknown = Object.keys(input).filter((key) => !accepted.includes(key));
	if (unknown.length) {
		const list = unknown.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 50))).join(', ');
		throw invalid(`${name} does not take ${list}; it accepts ${accepted.length ? accepted.join(', ') : 'no fields'}.`);
	}
	return input as Fields;
}

function schemaOf(name: AgentToolName, field: string): { maxLength?: number; minimum?: number; maximum?: number; enum?: string[] } {
	return agentToolDefinition(name).inputSchema.properties[field] as { maxLength?: number; minimum?: number; maximum?: number; enum?: string[] };
}

/** A non-empty string within the schema's maxLength, or undefined when absent. */
function stringField(name: AgentToolName, fields: Fields, field: string): string | undefined {
	const value = fields[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw invalid(`${field} must be a string, not ${typeof value}.`);
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	const max = schemaOf(name, field).maxLength;
	if (max !== undefined && trimmed.length > max) throw invalid(`${field} is ${trimmed.length.toLocaleString('en-US')} characters long; at most ${max.toLocaleString('en-US')} are accepted.`);
	return trimmed;
}

/** An absolute http(s) URL, or a readable refusal naming the field. */
function httpUrlField(field: string, text: string): URL {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw invalid(`${field} must be an absolute URL such as https://image.adobe.io/…; "${text.slice(0, 100)}" is not one.`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`${field} must be an https URL, not ${url.protocol}//.`);
	if (url.username || url.password) throw invalid(`${field} must not contain a user name or password.`);
	return url;
}

interface SendInput {
	profile?: string;
	method: AgentHttpMethod;
	url: string;
	headers: Array<{ name: string; value: string }>;
	body?: string;
}

function parseSendInput(input: unknown): SendInput {
	{
		const name = 'adobe_send_request';
		const fields = fieldsOf(name, input);
		const method = (stringField(name, fields, 'method') ?? 'GET').toUpperCase();
		if (!(AGENT_HTTP_METHODS as readonly string[]).includes(method)) throw invalid(`method must be one of ${AGENT_HTTP_METHODS.join(', ')}.`);
		const urlText = stringField(name, fields, 'url');
		if (urlText === undefined) throw invalid('url is required: the absolute URL of the Adobe API call.');
		const url = httpUrlField('url', urlText);
		const headers: SendInput['headers'] = [];
		const raw = fields.headers;
		if (raw !== undefined && raw !== null) {
			if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid('headers must be an object of header names to string values.');
			const entries = Object.entries(raw as Record<string, unknown>);
			if (entries.length > MAX_HEADERS) throw invalid(`headers has ${entries.length} entries; at most ${MAX_HEADERS} are accepted.`);
			for (const [header, value] of entries) {
				if (!HEADER_NAME.test(header)) throw invalid(`"${header.slice(0, 50)}" is not a valid header name.`);
				if (typeof value !== 'string' && typeof value !== 'number') throw invalid(`The header ${header} must have a string value.`);
				const text = String(value);
				if (/[\r\n\0]/.test(text)) throw invalid(`The header ${header} must be on one line.`);
				if (text.length > MAX_HEADER_VALUE) throw invalid(`The header ${header} is longer than ${MAX_HEADER_VALUE.toLocaleString('en-US')} characters.`);
				headers.push({ name: header, value: text });
			}
		}
		const body = fields.body;
		if (body !== undefined && body !== null && typeof body !== 'string') throw invalid('body must be a string (JSON as text).');
		const maxBody = schemaOf(name, 'body').maxLength as number;
		if (typeof body === 'string' && body.length > maxBody) throw invalid(`body is longer than ${maxBody.toLocaleString('en-US')} characters.`);
		return {
			profile: stringField(name, fields, 'profile'),
			method: method as AgentHttpMethod,
			url: url.toString(),
			headers,
			...(typeof body === 'string' && body !== '' ? { body } : {}),
		};
	}
}

/** Runs a tool. Bad input and Adobe failures do not throw: they resolve to an `Error: … Fix: …` result with isError. */
export async function invokeAgentTool(name: string, input: unknown, host: AgentToolHost, signal?: AbortSignal): Promise<AgentToolResult> {
	void input;
	void host;
	void signal;
	return { text: `Error: ${name} is not implemented yet.`, data: { error: { message: `${name} is not implemented yet.` } }, isError: true };
}
