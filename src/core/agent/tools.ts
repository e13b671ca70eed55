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
 *   reads the same explanation a user would. Each front door then reports them its own way (VS Code:
 *   a thrown error; MCP: a result with isError).
 * - Input the declared inputSchema forbids is refused before anything runs (agentToolInputProblem).
 * - The token goes only where a request file may send it (core/requests/origins.ts), and a storage
 *   cursor only to the configured Cloud Storage endpoint.
 */
import type { ApiKind } from '../credentials/apiKinds';
import { JobApi, JobRef, JobStatus, apiOfStatusUrl, followJob } from '../jobs/asyncJobs';
import type { AssetPage, StorageAsset, StorageContainer } from '../storage/client';
import type { Finding } from '../diagnostics/doctor';
import { requestEndpoints } from '../common/endpoints';
import { AdobeApiError, isAdobeApiError, invalidInput } from '../common/errors';
import { Clock, systemClock } from '../common/logger';
import { escapeMarkdown, longestRun } from '../common/format';
import type { ApiCaller } from '../photoshop/client';
import { REDACTED, redact } from '../common/redact';
import type { ResolvedRequest } from '../requests/requestFile';
import { requireCredentialOrigin } from '../requests/origins';
import { checkHeaderName, sendRequestFileRequest } from '../requests/send';
import { EMPTY_PROJECT_LIST_ADVICE, TECHNICAL_ACCOUNT_FIX, TECHNICAL_ACCOUNT_SETUP_URL } from '../storage/queries';
import type { CallerSource } from '../diagnostics/verify';
import type { AdobeClients } from '../clients';

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

/** What VS Code does with a request that may write (src/features/agentTools/languageModelTools.ts asks; the MCP server says its own, mcpAgentTools). */
const VSCODE_WRITES =
	'GET, HEAD and OPTIONS run at once; any other method first asks the user to confirm, showing the method, the URL, every header and the body.';
/** How long VS Code's adobe_get_job waits by default and at most; the MCP server says its own (mcpAgentTools). */
const VSCODE_JOB_WAIT = `waits until it ends (succeeded, failed, canceled, partially_succeeded) or timeoutSeconds pass (default ${DEFAULT_JOB_WAIT_SECONDS}, at most ${MAX_JOB_WAIT_SECONDS})`;
const VSCODE_JOB_TIMEOUT = `How long to wait for the end, in seconds (default ${DEFAULT_JOB_WAIT_SECONDS}, at most ${MAX_JOB_WAIT_SECONDS}).`;

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
			'Runs the setup doctor for an Adobe profile: checks the endpoint settings, that Adobe IMS is reachable, the credential, that a token can be generated, its scopes, ' +
			"a verification call to the profile's API, and Cloud Storage access. Returns one finding per check with id, status (pass, fail, warn, skipped), detail, and for " +
			"problems the cause, the fix and a link to Adobe's docs. Use it when a call fails (401, 403, invalid_scope, network errors) or the user asks why something does not work.",
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
			"An empty project list or a 403 comes back with the Technical Account setup explanation. Use adobe_get_asset for one item's full metadata.",
		userDescription: 'List Cloud Storage projects or a folder, one page at a time.',
		tags: ['adobe', 'cloud-storage'],
		inputSchema: {
			type: 'object',
			properties: {
				profile: PROFILE,
				projectId: { type: 'string', description: "A project's assetId: list its children.", maxLength: 500 },
				folderId: { type: 'string', description: "A folder's assetId: list its children.", maxLength: 500 },
				path: {
					type: 'string',
					description: 'A project or folder by names, "Project/Folder/Subfolder" (a leading / is allowed): list its children.',
					maxLength: 2000,
				},
				cursor: {
					type: 'string',
					description: 'The `cursor` a previous call returned: fetches the next page of that listing. Give no other target with it.',
					maxLength: 8192,
				},
				limit: {
					type: 'integer',
					minimum: 1,
					maximum: MAX_AGENT_PAGE_SIZE,
					default: DEFAULT_AGENT_PAGE_SIZE,
					description: 'Items per page, 1–100 (default 20).',
				},
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
			"Sends one HTTP request to an Adobe API with the profile's access token (Authorization: Bearer) and Client ID (x-api-key) added unless the headers give them. Only the hosts where Adobe " +
			'itself serves an API (e.g. https://firefly-api.adobe.io, photoshop-api.adobe.io, cloudstorage.adobe.io, ims-na1.adobelogin.com; not App Builder Runtime or API Mesh hosts), the configured endpoints and origins the user approved are allowed; anything else is refused and nothing is sent. ' +
			'Returns status, headers, the body (text, at most 16,000 characters, with a note when cut; binary bodies are described, not returned) and, when the answer started an async job ' +
			`(Firefly, Photoshop, Cloud Storage), its statusUrl to pass to adobe_get_job. ${VSCODE_WRITES} Never put a token in the url, headers or body: it is added for you.`,
		userDescription: "Send one request to an Adobe API with the profile's token (non-GET requests ask first).",
		tags: ['adobe', 'http', 'firefly', 'photoshop', 'cloud-storage'],
		inputSchema: {
			type: 'object',
			properties: {
				profile: PROFILE,
				method: { type: 'string', enum: [...AGENT_HTTP_METHODS], default: 'GET', description: 'The HTTP method (default GET).' },
				url: {
					type: 'string',
					description:
						'The absolute https URL, e.g. https://image.adobe.io/pie/psdService/hello or https://firefly-api.adobe.io/v3/images/generate-async.',
					maxLength: 8192,
				},
				headers: {
					type: 'object',
					additionalProperties: { type: 'string' },
					description: 'Extra request headers, e.g. {"Content-Type": "application/json"}. Authorization and x-api-key are added for you.',
				},
				body: {
					type: 'string',
					description: 'The request body as text (JSON as a string). Ignored for GET and HEAD.',
					maxLength: 1_000_000,
				},
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
			`Follows an Adobe async job (Firefly generate-async, Photoshop, Cloud Storage downloads) by its status URL: ${VSCODE_JOB_WAIT}, ` +
			'or with wait=false polls once. Returns the state, progress, output URLs (pre-signed image and file links) and errors. ' +
			'Pass the statusUrl adobe_send_request returned. The status URL must be on an Adobe host or a configured endpoint.',
		userDescription: 'Follow an Adobe async job to its end, or get its current status.',
		tags: ['adobe', 'jobs', 'firefly', 'photoshop'],
		inputSchema: {
			type: 'object',
			properties: {
				profile: PROFILE,
				statusUrl: { type: 'string', description: "The job's status URL (from adobe_send_request's job.statusUrl).", maxLength: 8192 },
				wait: {
					type: 'boolean',
					default: true,
					description: 'Wait for the job to end (default true); false polls once and returns the current state.',
				},
				timeoutSeconds: {
					type: 'integer',
					minimum: 1,
					maximum: MAX_JOB_WAIT_SECONDS,
					default: DEFAULT_JOB_WAIT_SECONDS,
					description: VSCODE_JOB_TIMEOUT,
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

/** How the MCP server runs the tools, which its descriptions must say (src/mcp/server.ts). */
export interface McpToolOptions {
	/** ADOBE_MCP_ALLOW_WRITES=1: requests that may change something are sent; otherwise they are refused. */
	writesAllowed: boolean;
	/** The longest one adobe_get_job call waits, in seconds (MCP clients give up on a call after 60 s). */
	maxJobWaitSeconds: number;
}

/** `text` with `from` replaced; throws when `from` is missing, so a reworded catalogue cannot leave a host's sentence false. */
function swap(text: string, from: string, to: string): string {
	if (!text.includes(from)) throw new Error(`The agent tool catalogue no longer contains "${from.slice(0, 60)}…"`);
	return text.replace(from, () => to);
}

/**
 * The catalogue as the MCP server lists it: the same tools and schemas, with what VS Code does (a
 * confirmation before a write, a job waited on for up to 600 s, the user's profiles) replaced by what
 * this server does, so that every description is true for the host that lists it.
 */
export function mcpAgentTools(options: McpToolOptions): AgentToolDefinition[] {
	const wait = options.maxJobWaitSeconds;
	const writes = options.writesAllowed
		? 'GET, HEAD and OPTIONS, and also every other method: this server was started with ADOBE_MCP_ALLOW_WRITES=1, so it sends requests that may create, change or delete something without asking anyone; only your MCP client may ask first.'
		: 'Only GET, HEAD and OPTIONS are sent: this server refuses every other method (an error result, nothing is sent) unless it is started with ADOBE_MCP_ALLOW_WRITES=1 in its environment.';
	return AGENT_TOOLS.map((tool): AgentToolDefinition => {
		switch (tool.name) {
			case 'adobe_list_profiles':
				return {
					...tool,
					modelDescription: `${tool.modelDescription} This MCP server has exactly one profile, the credential in its environment.`,
				};
			case 'adobe_send_request':
				return { ...tool, modelDescription: swap(tool.modelDescription, VSCODE_WRITES, writes) };
			case 'adobe_get_job': {
				const timeout = {
					...(tool.inputSchema.properties.timeoutSeconds as Record<string, unknown>),
					default: wait,
					description: `How long to wait for the end, in seconds (default and most that this server waits: ${wait}; a larger value waits ${wait} s).`,
				};
				return {
					...tool,
					modelDescription: swap(
						tool.modelDescription,
						VSCODE_JOB_WAIT,
						`waits until it ends (succeeded, failed, canceled, partially_succeeded) or timeoutSeconds pass, at most ${wait} s per call on this server (MCP clients give up on a call after 60 s); a job still running then is reported as such: call adobe_get_job again to keep following it`,
					),
					inputSchema: { ...tool.inputSchema, properties: { ...tool.inputSchema.properties, timeoutSeconds: timeout } },
				};
			}
			default:
				return tool;
		}
	});
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
	/** Origins the user approved for the token (request files' rule, core/requests/origins.ts). */
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
		default:
			return 'Running an Adobe tool';
	}
}

// ---- input ----

type Fields = Record<string, unknown>;

const MAX_HEADERS = 50;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$/;
const MAX_HEADER_VALUE = 8192;

function invalid(message: string): AdobeApiError {
	return invalidInput(message);
}

/** A part of the catalogue's JSON Schemas: the keywords they use, which agentToolInputProblem checks. */
interface SchemaNode {
	type?: string;
	enum?: readonly unknown[];
	maxLength?: number;
	minimum?: number;
	maximum?: number;
	description?: string;
	properties?: Record<string, unknown>;
	required?: string[];
	additionalProperties?: boolean | SchemaNode;
}

/** The most problems one answer lists: enough to correct the input, bounded whatever the input. */
const MAX_INPUT_PROBLEMS = 5;

function typeName(value: unknown): string {
	return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** What `value` breaks of `schema`, as sentences naming `where` (a field, `headers["x"]`, or '' for the whole input of `tool`); appended to `problems`. */
function schemaProblems(schema: SchemaNode, value: unknown, where: string, problems: string[], tool: string): void {
	if (problems.length >= MAX_INPUT_PROBLEMS) return;
	const omit = value === null ? ' (leave it out instead)' : '';
	switch (schema.type) {
		case 'string':
			if (typeof value !== 'string') return void problems.push(`${where} must be a string, not ${typeName(value)}${omit}.`);
			if (schema.enum && !schema.enum.includes(value)) return void problems.push(`${where} must be one of ${schema.enum.join(', ')}.`);
			if (schema.maxLength !== undefined && value.length > schema.maxLength) {
				return void problems.push(
					`${where} is ${value.length.toLocaleString('en-US')} characters long; at most ${schema.maxLength.toLocaleString('en-US')} are accepted.`,
				);
			}
			return;
		case 'integer':
			if (
				typeof value !== 'number' ||
				!Number.isSafeInteger(value) ||
				value < (schema.minimum ?? -Infinity) ||
				value > (schema.maximum ?? Infinity)
			) {
				problems.push(
					`${where} must be a whole number from ${schema.minimum ?? Number.MIN_SAFE_INTEGER} to ${schema.maximum ?? Number.MAX_SAFE_INTEGER}${typeof value === 'number' ? '' : `, not ${typeName(value)}`}${omit}.`,
				);
			}
			return;
		case 'boolean':
			if (typeof value !== 'boolean') {
				problems.push(
					`${where} must be true or false, not ${typeName(value) === 'string' ? JSON.stringify(String(value).slice(0, 20)) : typeName(value)}${omit}.`,
				);
			}
			return;
		case 'object': {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				return void problems.push(`${where} must be a JSON object, not ${typeName(value)}${omit}.`);
			}
			const properties = schema.properties ?? {};
			const accepted = Object.keys(properties);
			const keys = Object.keys(value);
			const unknown = schema.additionalProperties === false ? keys.filter((key) => !Object.hasOwn(properties, key)) : [];
			if (unknown.length) {
				const list = unknown
					.slice(0, 5)
					.map((key) => JSON.stringify(key.slice(0, 50)))
					.join(', ');
				problems.push(`${where || tool} does not take ${list}; it accepts ${accepted.length ? accepted.join(', ') : 'no fields'}.`);
			}
			for (const field of schema.required ?? []) {
				if (!Object.hasOwn(value, field)) {
					const about = (properties[field] as SchemaNode | undefined)?.description;
					problems.push(`${field} is required${about ? `: ${about}` : '.'}`);
				}
			}
			const entries = Object.entries(value as Record<string, unknown>);
			for (const [key, item] of entries) {
				if (problems.length >= MAX_INPUT_PROBLEMS) return;
				const own = Object.hasOwn(properties, key)
					? (properties[key] as SchemaNode)
					: typeof schema.additionalProperties === 'object'
						? schema.additionalProperties
						: undefined;
				// A field of the input by its name; an entry of a map (headers) by its key.
				if (own) {
					schemaProblems(
						own,
						item,
						Object.hasOwn(properties, key) ? (where === '' ? key : `${where}.${key}`) : `${where}[${JSON.stringify(key.slice(0, 50))}]`,
						problems,
						tool,
					);
				}
			}
			return;
		}
		default:
			return;
	}
}

/**
 * What the tool's declared inputSchema forbids in `input`, as one message; undefined when the
 * schema allows it. The same schemas VS Code and MCP clients are given (additionalProperties,
 * types, enums, lengths, ranges, required fields); no input at all counts as `{}`.
 */
export function agentToolInputProblem(name: AgentToolName, input: unknown): string | undefined {
	if (input === undefined || input === null) input = {};
	if (typeof input !== 'object' || Array.isArray(input)) return `The input of ${name} must be a JSON object.`;
	const problems: string[] = [];
	schemaProblems(agentToolDefinition(name).inputSchema as SchemaNode, input, '', problems, name);
	return problems.length ? problems.join(' ') : undefined;
}

/** The input as an object, once its schema allows it (a model may send `null` or nothing for "no input"). */
function fieldsOf(name: AgentToolName, input: unknown): Fields {
	const problem = agentToolInputProblem(name, input);
	if (problem) throw invalidInput(problem, { code: 'invalid_arguments' });
	return (input ?? {}) as Fields;
}

function schemaOf(name: AgentToolName, field: string): { maxLength?: number; minimum?: number; maximum?: number; enum?: string[] } {
	return agentToolDefinition(name).inputSchema.properties[field] as {
		maxLength?: number;
		minimum?: number;
		maximum?: number;
		enum?: string[];
	};
}

/** A non-empty string within the schema's maxLength, or undefined when absent. */
function stringField(name: AgentToolName, fields: Fields, field: string): string | undefined {
	const value = fields[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw invalid(`${field} must be a string, not ${typeof value}.`);
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	const max = schemaOf(name, field).maxLength;
	if (max !== undefined && trimmed.length > max) {
		throw invalid(
			`${field} is ${trimmed.length.toLocaleString('en-US')} characters long; at most ${max.toLocaleString('en-US')} are accepted.`,
		);
	}
	return trimmed;
}

function integerField(name: AgentToolName, fields: Fields, field: string): number | undefined {
	const value = fields[field];
	if (value === undefined || value === null) return undefined;
	const { minimum = 1, maximum = Number.MAX_SAFE_INTEGER } = schemaOf(name, field);
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
		throw invalid(`${field} must be a whole number from ${minimum} to ${maximum}.`);
	}
	return value;
}

function booleanField(fields: Fields, field: string): boolean | undefined {
	const value = fields[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw invalid(`${field} must be true or false.`);
	return value;
}

/** At most one of the fields; their names for the message. */
function oneOf(fields: Record<string, string | undefined>, required: boolean, tool: string): [string, string] | undefined {
	const given = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
	const names = Object.keys(fields);
	if (given.length > 1) throw invalid(`${tool} takes one of ${names.join(', ')}, not ${given.map(([key]) => key).join(' and ')}.`);
	if (required && given.length === 0) throw invalid(`${tool} needs one of ${names.join(', ')}.`);
	return given[0];
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
	const name = 'adobe_send_request';
	const fields = fieldsOf(name, input);
	const method = stringField(name, fields, 'method') ?? 'GET';
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
			checkHeaderName(header); // before any token is fetched
			if (typeof value !== 'string') throw invalid(`The header ${header} must have a string value.`);
			const text = value;
			if (/[\r\n\0]/.test(text)) throw invalid(`The header ${header} must be on one line.`);
			if (text.length > MAX_HEADER_VALUE) {
				throw invalid(`The header ${header} is longer than ${MAX_HEADER_VALUE.toLocaleString('en-US')} characters.`);
			}
			headers.push({ name: header, value: text });
		}
	}
	const body = fields.body;
	if (body !== undefined && body !== null && typeof body !== 'string') throw invalid('body must be a string (JSON as text).');
	const maxBody = schemaOf(name, 'body').maxLength as number;
	if (typeof body === 'string' && body.length > maxBody) {
		throw invalid(`body is longer than ${maxBody.toLocaleString('en-US')} characters.`);
	}
	return {
		profile: stringField(name, fields, 'profile'),
		method: method as AgentHttpMethod,
		url: url.toString(),
		headers,
		...(typeof body === 'string' && body !== '' ? { body } : {}),
	};
}

// ---- running ----

/** One invocation: the host, and every token it handed out (removed from the result whatever the host's redactor knows). */
interface Run {
	host: AgentToolHost;
	signal?: AbortSignal;
	clock: Clock;
	secrets: string[];
}

type Tool = (run: Run, fields: Fields) => Promise<AgentToolResult>;

/** Runs a tool. Bad input and Adobe failures do not throw: they resolve to an `Error: … Fix: …` result with isError. */
export async function invokeAgentTool(name: string, input: unknown, host: AgentToolHost, signal?: AbortSignal): Promise<AgentToolResult> {
	const run: Run = { host, signal, clock: host.clock ?? systemClock, secrets: [] };
	let result: AgentToolResult;
	try {
		if (!isAgentToolName(name)) {
			throw invalid(`There is no Adobe tool named "${String(name).slice(0, 100)}"; the tools are ${AGENT_TOOL_NAMES.join(', ')}.`);
		}
		result = await TOOLS[name](run, fieldsOf(name, input));
	} catch (error) {
		result = errorResult(error);
	}
	return redactResult(run, result);
}

const TOOLS: Record<AgentToolName, Tool> = {
	adobe_list_profiles: listProfiles,
	adobe_check_setup: checkSetup,
	adobe_verify_credential: verifyCredential,
	adobe_list_storage: listStorage,
	adobe_get_asset: getAsset,
	adobe_send_request: sendRequest,
	adobe_get_job: getJob,
};

/** The profile and a token source that remembers each token it gives out, for redaction. */
async function callerFor(run: Run, profileName: string | undefined): Promise<{ profile: AgentProfileInfo; source: CallerSource }> {
	const { profile, caller } = await run.host.caller(profileName, run.signal);
	const source: CallerSource = async (forceRefresh) => {
		const answer = await caller(forceRefresh);
		if (!run.secrets.includes(answer.accessToken)) run.secrets.push(answer.accessToken);
		return answer;
	};
	return { profile, source };
}

/** Runs `fn` with the token; after a 401 from the API (not from IMS) once more with a fresh one. */
async function withCaller<T>(source: CallerSource, fn: (caller: ApiCaller) => Promise<T>): Promise<T> {
	try {
		return await fn(await source(false));
	} catch (error) {
		if (!isAdobeApiError(error) || error.status !== 401 || error.service === 'ims') throw error;
		return fn(await source(true));
	}
}

// ---- adobe_list_profiles ----

const MAX_PROFILES_LISTED = 100;

async function listProfiles(run: Run): Promise<AgentToolResult> {
	const all = await run.host.listProfiles();
	// Only the documented fields: whatever else a host's objects carry stays out.
	const profiles = all.slice(0, MAX_PROFILES_LISTED).map((p) => ({
		name: p.name,
		apiKind: p.apiKind,
		scopes: [...p.scopes],
		active: p.active,
		...(p.signedIn !== undefined ? { signedIn: p.signedIn } : {}),
		token: { state: p.token.state, ...(p.token.expiresAt ? { expiresAt: p.token.expiresAt } : {}) },
	}));
	if (profiles.length === 0) {
		return {
			text: 'No Adobe profiles are configured. Add one (or import a credential file), then use the other adobe_* tools.',
			data: { count: 0, profiles: [] },
		};
	}
	const lines = profiles.map((p) => {
		const token =
			p.token.state === 'none' ? 'no token yet' : `token ${p.token.state}${p.token.expiresAt ? ` (expires ${p.token.expiresAt})` : ''}`;
		const signedIn = p.signedIn === undefined ? '' : p.signedIn ? ' · signed in' : ' · not signed in';
		return `- ${p.name}${p.active ? ' (active)' : ''} · ${p.apiKind} · scopes: ${p.scopes.join(', ') || 'none'} · ${token}${signedIn}`;
	});
	const more = all.length > profiles.length ? `\n(${all.length - profiles.length} more not listed)` : '';
	const active = profiles.find((p) => p.active)?.name;
	return {
		text: `${all.length} Adobe profile${all.length === 1 ? '' : 's'}:\n${lines.join('\n')}${more}`,
		data: { count: all.length, ...(active ? { active } : {}), profiles },
	};
}

// ---- adobe_check_setup ----

const STATUS_MARKS: Record<Finding['status'], string> = { pass: '✓', fail: '✗', warn: '!', skipped: '–' };

async function checkSetup(run: Run, fields: Fields): Promise<AgentToolResult> {
	const profile = stringField('adobe_check_setup', fields, 'profile');
	const findings = (await run.host.checkSetup(profile, run.signal)).map((f) => ({
		id: f.id,
		title: f.title,
		status: f.status,
		detail: f.detail,
		...(f.cause ? { cause: f.cause } : {}),
		...(f.fix ? { fix: f.fix } : {}),
		...(f.docs ? { docs: f.docs } : {}),
	}));
	const summary = { pass: 0, fail: 0, warn: 0, skipped: 0 };
	for (const f of findings) summary[f.status]++;
	const lines = findings.map((f) =>
		[
			`${STATUS_MARKS[f.status]} [${f.status}] ${f.id}: ${f.detail}`,
			f.cause && `  Cause: ${f.cause}`,
			f.fix && `  Fix: ${f.fix}`,
			f.docs && `  Docs: ${f.docs}`,
		]
			.filter(Boolean)
			.join('\n'),
	);
	const who = profile ? ` for "${profile}"` : '';
	return {
		text: `Setup check${who}: ${summary.fail} failed, ${summary.warn} warnings, ${summary.pass} passed, ${summary.skipped} skipped.\n${lines.join('\n')}`,
		data: { ...(profile ? { profile } : {}), summary, findings },
	};
}

// ---- adobe_verify_credential ----

async function verifyCredential(run: Run, fields: Fields): Promise<AgentToolResult> {
	const { profile, source } = await callerFor(run, stringField('adobe_verify_credential', fields, 'profile'));
	const { error, ...verification } = await run.host.clients.verifyCredential(profile.apiKind, source, run.signal);
	const call = verification.call ?? 'no call (nothing was sent)';
	const answer = [
		verification.status !== undefined ? `HTTP ${verification.status}` : undefined,
		verification.latencyMs !== undefined ? `${verification.latencyMs} ms` : undefined,
		verification.requestId ? `x-request-id ${verification.requestId}` : undefined,
	].filter(Boolean);
	const data = { profile: profile.name, ...verification };
	if (verification.ok) {
		return {
			text: `Verified "${profile.name}" (${profile.apiKind}): ${call} → ${answer.join(' · ')}.\n${verification.proves ?? ''}`.trim(),
			data,
		};
	}
	// Without a call (an API Adobe documents no verification for), the answer is a fact, not a failure.
	const fix = error ? fixFor(error) : undefined;
	return {
		text: `${verification.call ? 'Error: ' : ''}Verification of "${profile.name}" (${profile.apiKind}): ${call}${answer.length ? ` → ${answer.join(' · ')}` : ''}. ${verification.message ?? ''}${fix ? ` Fix: ${fix.text}` : ''}`.trim(),
		data: { ...data, ...(fix ? { fix: fix.text, ...(fix.docs ? { docs: fix.docs } : {}) } : {}) },
		...(verification.call ? { isError: true } : {}),
	};
}

// ---- Cloud Storage ----

/** How far a path lookup reads: folders deep, and pages (of 100) per level. */
const MAX_PATH_DEPTH = 20;
const MAX_PATH_PAGES = 20;
/** Listing calls one path lookup may make in all, whatever its depth (each level may take MAX_PATH_PAGES). */
const MAX_PATH_REQUESTS = 100;
const LOOKUP_PAGE_SIZE = 100;

function pathSegments(path: string): string[] {
	const segments = path
		.split('/')
		.map((s) => s.trim())
		.filter((s) => s !== '');
	if (segments.length > MAX_PATH_DEPTH) {
		throw invalid(`path has ${segments.length} levels; at most ${MAX_PATH_DEPTH} are looked up. Use an assetId instead.`);
	}
	return segments;
}

/** An item by names, "Project/Folder/Sub", found by listing each level (bounded). */
async function resolvePath(run: Run, caller: ApiCaller, segments: string[]): Promise<StorageAsset> {
	const storage = run.host.clients.cloudStorage;
	let container: StorageContainer = { assetType: 'projects' };
	let found: StorageAsset | undefined;
	let requests = 0;
	const budget = () => {
		if (++requests > MAX_PATH_REQUESTS) {
			throw invalid(
				`Finding "/${segments.join('/')}" took more than ${MAX_PATH_REQUESTS} listing calls; use the item's id (adobe_list_storage shows it) instead of its path.`,
			);
		}
	};
	for (const [level, segment] of segments.entries()) {
		const last = level === segments.length - 1;
		const where = level === 0 ? 'the projects this credential can access' : `"/${segments.slice(0, level).join('/')}"`;
		// Projects cannot be filtered by type; folders on the way can (Adobe's assetsFilter, assetType==folder).
		const filter = level > 0 && !last ? 'assetType==folder' : undefined;
		let exact: StorageAsset | undefined;
		let loose: StorageAsset | undefined;
		let pages = 0;
		budget();
		let page: AssetPage | undefined = await storage.firstPage(caller, container, { limit: LOOKUP_PAGE_SIZE, filter, signal: run.signal });
		while (page) {
			pages++;
			exact = page.items.find((item) => item.name === segment);
			if (exact) break;
			loose ??= page.items.find((item) => item.name.toLowerCase() === segment.toLowerCase());
			if (page.nextUrl && pages < MAX_PATH_PAGES) budget();
			page = page.nextUrl && pages < MAX_PATH_PAGES ? await storage.nextPage(caller, page.nextUrl, { signal: run.signal }) : undefined;
		}
		found = exact ?? loose;
		if (!found) {
			const scanned =
				pages >= MAX_PATH_PAGES ? ` among the first ${(MAX_PATH_PAGES * LOOKUP_PAGE_SIZE).toLocaleString('en-US')} items` : '';
			throw invalidInput(`Adobe Cloud Storage has no ${level === 0 ? 'project' : 'item'} named "${segment}" in ${where}${scanned}.`, {
				service: 'cloudStorage',
				code: 'path_not_found',
			});
		}
		if (!last && found.assetType !== 'project' && found.assetType !== 'folder') {
			throw invalid(
				`"/${segments.slice(0, level + 1).join('/')}" is a ${found.assetType}, not a project or folder, so the path cannot go on below it.`,
			);
		}
		if (!last) container = { assetType: found.assetType as 'project' | 'folder', assetId: found.assetId };
	}
	return found as StorageAsset;
}

/**
 * A cursor given back must be a next-page link of the configured Cloud Storage endpoint (same
 * origin, under its path) before the token goes with it: a model could hand back any URL.
 */
function checkCursor(endpoint: string, cursor: string): string {
	const base = new URL(`${endpoint.replace(/\/+$/, '')}/`);
	let url: URL | undefined;
	try {
		url = new URL(cursor);
	} catch {
		url = undefined;
	}
	if (!url || url.origin !== base.origin || !url.pathname.startsWith(base.pathname) || url.username || url.password) {
		throw invalidInput(
			`The cursor is not a next-page link of the configured Adobe Cloud Storage endpoint (${base.origin}${base.pathname}); it was not followed and no token was sent.`,
			{ service: 'cloudStorage', code: 'foreign_cursor' },
		);
	}
	return url.toString();
}

/** An item as the tools show it: the fields a model needs, nothing unbounded. */
function assetSummary(item: StorageAsset): Record<string, unknown> {
	return {
		name: item.name,
		assetId: item.assetId,
		type: item.assetType,
		...(item.mediaType ? { mediaType: item.mediaType } : {}),
		...(item.size !== undefined ? { size: item.size } : {}),
		...(item.modifiedDate ? { modified: item.modifiedDate } : {}),
	};
}

function assetLine(item: StorageAsset): string {
	const extra = [
		item.mediaType,
		item.size !== undefined ? `${item.size.toLocaleString('en-US')} bytes` : undefined,
		item.modifiedDate ? `modified ${item.modifiedDate}` : undefined,
	];
	return `- ${item.name} · ${item.assetType} · ${item.assetId}${extra
		.filter(Boolean)
		.map((e) => ` · ${e}`)
		.join('')}`;
}

/** Adobe's nextUrl as an absolute URL on the endpoint: the cursor handed to the model. */
function cursorOf(endpoint: string, nextUrl: string | undefined): string | undefined {
	return nextUrl === undefined ? undefined : new URL(nextUrl, `${endpoint.replace(/\/+$/, '')}/`).toString();
}

async function listStorage(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = 'adobe_list_storage';
	const target = oneOf(
		{
			projectId: stringField(tool, fields, 'projectId'),
			folderId: stringField(tool, fields, 'folderId'),
			path: stringField(tool, fields, 'path'),
			cursor: stringField(tool, fields, 'cursor'),
		},
		false,
		tool,
	);
	const limit = integerField(tool, fields, 'limit') ?? DEFAULT_AGENT_PAGE_SIZE;
	const endpoint = run.host.clients.endpoints.cloudStorage;
	// Checked before any token is fetched.
	const cursor = target?.[0] === 'cursor' ? checkCursor(endpoint, target[1]) : undefined;
	const segments = target?.[0] === 'path' ? pathSegments(target[1]) : undefined;
	const { profile, source } = await callerFor(run, stringField(tool, fields, 'profile'));
	const storage = run.host.clients.cloudStorage;
	const { page, listing } = await withCaller(source, async (caller) => {
		if (cursor) {
			return { page: await storage.nextPage(caller, cursor, { signal: run.signal }), listing: { next: true } as Record<string, unknown> };
		}
		let container: StorageContainer = { assetType: 'projects' };
		let listing: Record<string, unknown> = { assetType: 'projects' };
		if (target?.[0] === 'projectId' || target?.[0] === 'folderId') {
			container = { assetType: target[0] === 'projectId' ? 'project' : 'folder', assetId: target[1] };
			listing = { ...container };
		} else if (segments?.length) {
			const asset = await resolvePath(run, caller, segments);
			if (asset.assetType !== 'project' && asset.assetType !== 'folder') {
				throw invalid(`"/${segments.join('/')}" is a ${asset.assetType}, which has no children; adobe_get_asset gives its metadata.`);
			}
			container = { assetType: asset.assetType, assetId: asset.assetId };
			listing = { ...container, name: asset.name, path: `/${segments.join('/')}` };
		}
		return { page: await storage.firstPage(caller, container, { limit, signal: run.signal }), listing };
	});
	// At most what was asked (or the largest page): a server, or a cursor edited by the model, may send more.
	const items = page.items.slice(0, cursor ? MAX_AGENT_PAGE_SIZE : limit);
	const next = cursorOf(endpoint, page.nextUrl);
	const what =
		listing.next === true
			? 'Next page'
			: listing.assetType === 'projects'
				? 'Projects'
				: `Children of ${listing.assetType} ${listing.path ? `"${String(listing.path)}" ` : ''}${String(listing.assetId)}`;
	const empty = page.items.length === 0 && listing.assetType === 'projects';
	const note = empty ? `No projects. ${EMPTY_PROJECT_LIST_ADVICE} Guide: ${TECHNICAL_ACCOUNT_SETUP_URL}` : undefined;
	const lines = [
		`${what} (profile "${profile.name}"): ${page.items.length} item${page.items.length === 1 ? '' : 's'} on this page${next ? ', more to come' : ', the last page'}.`,
		...items.map(assetLine),
		...(note ? [note] : []),
		...(next ? [`cursor: ${next}`, 'Pass the cursor back to adobe_list_storage (same profile, no other target) for the next page.'] : []),
	];
	return {
		text: lines.join('\n'),
		data: {
			profile: profile.name,
			listing,
			count: page.items.length,
			items: items.map(assetSummary),
			...(next ? { cursor: next } : {}),
			...(note ? { note } : {}),
		},
	};
}

const ASSET_KINDS = ['file', 'folder', 'project'] as const;
type AssetKind = (typeof ASSET_KINDS)[number];

async function getAsset(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = 'adobe_get_asset';
	const target = oneOf({ assetId: stringField(tool, fields, 'assetId'), path: stringField(tool, fields, 'path') }, true, tool) as [
		string,
		string,
	];
	const assetType = stringField(tool, fields, 'assetType');
	if (assetType !== undefined && !(ASSET_KINDS as readonly string[]).includes(assetType)) {
		throw invalid(`assetType must be one of ${ASSET_KINDS.join(', ')}.`);
	}
	const segments = target[0] === 'path' ? pathSegments(target[1]) : undefined;
	if (segments?.length === 0) throw invalid('path names no item; give "Project/Folder/file.jpg".');
	const { profile, source } = await callerFor(run, stringField(tool, fields, 'profile'));
	const storage = run.host.clients.cloudStorage;
	const asset = await withCaller(source, async (caller) => {
		if (segments) {
			const found = await resolvePath(run, caller, segments);
			// The listing's item, completed by the item's own metadata call when it is a kind that has one.
			return (ASSET_KINDS as readonly string[]).includes(found.assetType)
				? storage.metadata(caller, found.assetType as AssetKind, found.assetId, run.signal)
				: found;
		}
		// Adobe has no type-free metadata call: without assetType, each kind is asked in turn until one knows the id.
		const kinds = assetType ? [assetType as AssetKind] : [...ASSET_KINDS];
		const lastKind = kinds.pop() as AssetKind;
		for (const kind of kinds) {
			try {
				return await storage.metadata(caller, kind, target[1], run.signal);
			} catch (error) {
				if (!isAdobeApiError(error) || error.status !== 404) throw error;
			}
		}
		return storage.metadata(caller, lastKind, target[1], run.signal);
	});
	const data: Record<string, unknown> = { profile: profile.name };
	for (const key of [
		'assetType',
		'assetId',
		'name',
		'path',
		'mediaType',
		'size',
		'state',
		'createdDate',
		'createdBy',
		'modifiedDate',
		'modifiedBy',
		'ancestors',
	] as const) {
		if (asset[key] !== undefined) data[key] = asset[key];
	}
	const lines = [
		`${asset.assetType} "${asset.name}" · ${asset.assetId}`,
		asset.path && `path: ${asset.path}`,
		(asset.mediaType || asset.size !== undefined) &&
			`${asset.mediaType ?? 'unknown type'}${asset.size !== undefined ? ` · ${asset.size.toLocaleString('en-US')} bytes` : ''}`,
		asset.createdDate && `created ${asset.createdDate}${asset.createdBy ? ` by ${asset.createdBy}` : ''}`,
		asset.modifiedDate && `modified ${asset.modifiedDate}${asset.modifiedBy ? ` by ${asset.modifiedBy}` : ''}`,
		asset.state && `state: ${asset.state}`,
		asset.ancestors?.length && `ancestors: ${asset.ancestors.join(', ')}`,
	];
	return { text: lines.filter(Boolean).join('\n'), data };
}

// ---- adobe_send_request and adobe_get_job ----

/** Throws, naming the host, when the token may not go to `url` (request files' rule). */
function checkOrigin(run: Run, url: URL, what: string): void {
	requireCredentialOrigin(url, requestEndpoints(run.host.clients.endpoints), run.host.approvedOrigins(), what);
}

const MAX_HEADERS_SHOWN = 50;

async function sendRequest(run: Run, fields: Fields): Promise<AgentToolResult> {
	const input = parseSendInput(fields);
	const url = new URL(input.url);
	checkOrigin(run, url, 'the request');
	const { profile, source } = await callerFor(run, input.profile);
	const given = (header: string) => input.headers.some((h) => h.name.toLowerCase() === header);
	const addToken = !given('authorization');
	const addKey = !given('x-api-key');
	const { outcome } = await sendRequestFileRequest({
		http: run.host.clients.http,
		endpoints: run.host.clients.endpoints,
		redact: (text, secrets) => run.host.redact(redact(text, secrets)), // the host's redactor knows no request's secrets
		signal: run.signal,
		resolve: async (forceRefresh): Promise<ResolvedRequest> => {
			const caller = await source(forceRefresh);
			const headers = [
				...input.headers,
				...(addToken ? [{ name: 'Authorization', value: `Bearer ${caller.accessToken}` }] : []),
				...(addKey ? [{ name: 'x-api-key', value: caller.clientId }] : []),
			];
			const display = [
				...input.headers,
				...(addToken ? [{ name: 'Authorization', value: 'Bearer {{$adobeToken}}' }] : []),
				...(addKey ? [{ name: 'x-api-key', value: '{{$adobeClientId}}' }] : []),
			];
			return {
				method: input.method,
				url: input.url,
				headers,
				body: input.body,
				secrets: [caller.accessToken, caller.clientId],
				usesCredentials: addToken,
				display: { method: input.method, url: input.url, headers: display, body: input.body },
			};
		},
	});
	const headerEntries = Object.entries(outcome.headers);
	const headers = Object.fromEntries(headerEntries.slice(0, MAX_HEADERS_SHOWN));
	const cut = outcome.body.length > MAX_AGENT_BODY_CHARS;
	const body = cut ? outcome.body.slice(0, MAX_AGENT_BODY_CHARS) : outcome.body;
	const bodyNote = outcome.bytes
		? `The body is binary (${outcome.contentType ?? 'no content type'}, ${outcome.bytes.length.toLocaleString('en-US')} bytes) and is not returned.`
		: cut
			? `Body truncated: showing ${MAX_AGENT_BODY_CHARS.toLocaleString('en-US')} of ${outcome.body.length.toLocaleString('en-US')} characters.`
			: undefined;
	const status = `HTTP ${outcome.status}${outcome.statusText ? ` ${outcome.statusText}` : ''} · ${outcome.latencyMs} ms${outcome.requestId ? ` · x-request-id ${outcome.requestId}` : ''}`;
	const lines = [
		`${input.method} ${input.url} (profile "${profile.name}") → ${status}${outcome.retriedAfter401 ? ' (sent again with a fresh token after a 401)' : ''}`,
		...(outcome.job ? [`Async job started (${outcome.job.api}): statusUrl ${outcome.job.statusUrl}. Follow it with adobe_get_job.`] : []),
		`Headers: ${headerEntries
			.slice(0, MAX_HEADERS_SHOWN)
			.map(([name, value]) => `${name}: ${value}`)
			.join('; ')}${headerEntries.length > MAX_HEADERS_SHOWN ? '; …' : ''}`,
		...(bodyNote ? [bodyNote] : []),
		...(body ? ['Body:', body] : []),
	];
	return {
		text: lines.join('\n'),
		data: {
			profile: profile.name,
			request: { method: input.method, url: input.url },
			status: outcome.status,
			statusText: outcome.statusText,
			latencyMs: outcome.latencyMs,
			...(outcome.requestId ? { requestId: outcome.requestId } : {}),
			retriedAfter401: outcome.retriedAfter401,
			headers,
			...(outcome.contentType ? { contentType: outcome.contentType } : {}),
			body,
			...(bodyNote ? { bodyNote } : {}),
			...(outcome.job ? { job: outcome.job } : {}),
		},
	};
}

async function getJob(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = 'adobe_get_job';
	const statusText = stringField(tool, fields, 'statusUrl');
	if (statusText === undefined) throw invalid("statusUrl is required: the job's status URL from adobe_send_request.");
	const url = httpUrlField('statusUrl', statusText);
	const wait = booleanField(fields, 'wait') ?? true;
	const timeoutSeconds = integerField(tool, fields, 'timeoutSeconds') ?? DEFAULT_JOB_WAIT_SECONDS;
	checkOrigin(run, url, 'the status request');
	const endpoint = new URL(`${run.host.clients.endpoints.cloudStorage}/`);
	const api: JobApi =
		url.origin === endpoint.origin && url.pathname.startsWith(`${endpoint.pathname}status/`)
			? 'cloudStorage'
			: apiOfStatusUrl(url.toString());
	const ref: JobRef = { statusUrl: url.toString(), api };
	const { profile, source } = await callerFor(run, stringField(tool, fields, 'profile'));
	let last: JobStatus | undefined;
	let polls = 0;
	let timedOut = false;
	let status: JobStatus;
	// wait=false: the first answer ends the follow (a 401's token refresh happens inside it, before any answer).
	const once = new AbortController();
	const stopOnce = () => once.abort();
	if (run.signal?.aborted) once.abort();
	run.signal?.addEventListener('abort', stopOnce);
	try {
		status = await followJob(
			ref,
			{
				http: run.host.clients.http,
				clock: run.clock,
				signal: once.signal,
				authHeaders: async (forceRefresh) => {
					const caller = await source(forceRefresh);
					return { authorization: `Bearer ${caller.accessToken}`, 'x-api-key': caller.clientId };
				},
				checkOrigin: async (checked) => checkOrigin(run, checked, 'the status request'),
				onUpdate: (update, count) => {
					last = update;
					polls = count;
					if (!wait && !update.terminal) once.abort();
				},
				secrets: run.secrets,
			},
			{ firstDelayMs: 0, deadlineMs: timeoutSeconds * 1000 },
		);
	} catch (error) {
		const answeredOnce = !wait && last !== undefined && !run.signal?.aborted && isAdobeApiError(error) && error.kind === 'cancelled';
		const ranOut = last !== undefined && isAdobeApiError(error) && error.kind === 'timeout';
		if (!answeredOnce && !ranOut) throw error;
		status = last!;
		timedOut = ranOut && wait;
	} finally {
		run.signal?.removeEventListener('abort', stopOnce);
	}
	const outputs = status.outputs.map((o) => ({
		label: o.label,
		url: o.url,
		...(o.mediaType ? { mediaType: o.mediaType } : {}),
		...(o.image ? { image: true } : {}),
	}));
	const state = status.terminal
		? `ended: ${status.state}`
		: `still ${status.state}${status.progress !== undefined ? ` (${status.progress}%)` : ''}`;
	const after = `${polls} status request${polls === 1 ? '' : 's'}`;
	const note = timedOut
		? `Still ${status.state} after ${timeoutSeconds} s of waiting; call adobe_get_job again to keep following it.`
		: !status.terminal
			? 'Not finished; call adobe_get_job again (wait true) to follow it to its end.'
			: undefined;
	const lines = [
		`Job (${api}, profile "${profile.name}") ${state} after ${after}.`,
		...outputs.map((o) => `- ${o.label}: ${o.url}${o.mediaType ? ` (${o.mediaType})` : ''}`),
		...status.errors.map((e) => `- error ${e.code ? `${e.code}: ` : ''}${e.message}`),
		...(note ? [note] : []),
	];
	return {
		text: lines.join('\n'),
		data: {
			profile: profile.name,
			statusUrl: ref.statusUrl,
			api,
			state: status.state,
			finished: status.terminal,
			...(status.progress !== undefined ? { progress: status.progress } : {}),
			outputs,
			errors: status.errors,
			polls,
			...(timedOut ? { timedOut } : {}),
			...(note ? { note } : {}),
		},
	};
}

// ---- errors and redaction ----

/** What to do about a failure, for an agent (the VS Code error's actions, in words). */
function fixFor(error: AdobeApiError): { text: string; docs?: string } | undefined {
	const { code, status, service, kind } = error;
	if (kind === 'cancelled') return undefined;
	if (code === 'origin_refused') {
		return {
			text: 'Use an https URL on a host where Adobe itself serves the API (e.g. firefly-api.adobe.io, photoshop-api.adobe.io, cloudstorage.adobe.io), a configured endpoint, or an origin the user approved (in VS Code the setting adobeApi.requests.approvedOrigins, for the MCP server ADOBE_APPROVED_ORIGINS); the token is never sent anywhere else.',
		};
	}
	if (code === 'foreign_cursor') {
		return { text: 'Pass back the cursor adobe_list_storage returned, unchanged, with the same profile; or list again without a cursor.' };
	}
	if (code === 'path_not_found') return { text: 'List the parent with adobe_list_storage to see the names it holds, or use an assetId.' };
	if (code === 'cursor_expired') return { text: 'Call adobe_list_storage again without the cursor to start the listing over.' };
	if (code === 'no_profile') {
		return {
			text: "Add or import an Adobe profile (or set the credential's environment variables), then call the tool again; adobe_list_profiles lists the names.",
		};
	}
	if (code === 'sign_in_again') return { text: 'Sign in with Adobe again, then call the tool again.' };
	if (code === 'invalid_scope') {
		const sets = (error.suggestedScopes ?? []).map((set) => `${set.label}: ${set.scopes.join(',')}`);
		return {
			text: `Give the profile the scopes its Developer Console credential lists${sets.length ? ` (Adobe documents ${sets.join('; ')})` : ''}, then generate a new token.`,
		};
	}
	if (code === 'invalid_client' || code === 'missing_credential') {
		return {
			text: "Check the profile's Client ID and client secret against the Developer Console credential; adobe_check_setup shows which check fails.",
		};
	}
	if (code === '403000') {
		return { text: 'Send the Client ID of the credential that minted the token as x-api-key; adobe_check_setup checks the pair.' };
	}
	// 403003: the key is unknown for this API (the gateway looks it up per API), not a token from another client.
	if (code === '403003') {
		return {
			text: "Add this API to the credential's Developer Console project (with its product profile), or fix the profile's Client ID; adobe_check_setup shows which.",
		};
	}
	if (code === '403011') return { text: "Edit the profile's scopes to match the Developer Console credential, then generate a new token." };
	if (service === 'cloudStorage' && (status === 403 || code === 'access_error')) {
		return { text: TECHNICAL_ACCOUNT_FIX, docs: TECHNICAL_ACCOUNT_SETUP_URL };
	}
	if (service === 'cloudStorage' && status === 404) {
		return { text: 'List the parent with adobe_list_storage to get current ids; the item may have moved or been deleted.' };
	}
	if (status === 401 || code === '401013') {
		return { text: 'The token was refused even after a refresh: run adobe_check_setup to find out why.' };
	}
	if (status === 429) return { text: 'Adobe is limiting requests for this credential: wait a little, then try again.' };
	if (status !== undefined && status >= 500) {
		return { text: "Adobe's service had trouble: try again shortly; if it persists, report the request id to Adobe." };
	}
	if (error.setting) return { text: `Correct the setting ${error.setting}.` };
	if (kind === 'network' || kind === 'timeout') {
		return { text: 'Check the network, the proxy and the endpoint settings; adobe_check_setup tests each.' };
	}
	if (kind === 'invalidInput') return { text: 'Correct the input and call the tool again.' };
	return { text: 'Run adobe_check_setup to find which part of the setup fails.' };
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
