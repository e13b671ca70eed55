/** adobe_send_request: one HTTP request to an Adobe API with the profile's token; anything but a read is confirmed first (runner.ts). */
import { redact } from '../../common/redact';
import type { ResolvedRequest } from '../../requests/resolve';
import { checkHeaderName, sendRequestFileRequest } from '../../requests/send';
import { callerFor, checkOrigin } from '../caller';
import { PROFILE, fieldsOf, httpUrlField, invalid, schemaOf, stringField } from '../inputs';
import { MAX_AGENT_BODY_CHARS } from '../types';
import type { AgentTool, AgentToolDefinition, AgentToolResult, Fields, Run } from '../types';

export const AGENT_HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type AgentHttpMethod = (typeof AGENT_HTTP_METHODS)[number];
/** Methods that only read: they run without a confirmation. */
export const READ_ONLY_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS'];

/** What VS Code does with a request that may write (src/features/agentTools/languageModelTools.ts asks; the MCP server says its own, mcpAgentTools). */
export const VSCODE_WRITES =
	'GET, HEAD and OPTIONS run at once; any other method first asks the user to confirm, showing the method, the URL, every header and the body.';

const SEND_REQUEST: AgentToolDefinition = {
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
};

const MAX_HEADERS = 50;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$/;
const MAX_HEADER_VALUE = 8192;

export interface SendInput {
	profile?: string;
	method: AgentHttpMethod;
	url: string;
	headers: Array<{ name: string; value: string }>;
	body?: string;
}

export function parseSendInput(input: unknown): SendInput {
	const name = SEND_REQUEST;
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

export const sendRequestTool: AgentTool = { definition: SEND_REQUEST, run: sendRequest };
