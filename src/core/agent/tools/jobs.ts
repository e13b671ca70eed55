/** adobe_get_job: follows an Adobe async job by its status URL, to its end or for one answer. */
import { isAdobeApiError } from '../../common/errors';
import { JobApi, JobRef, JobStatus, apiOfStatusUrl, followJob } from '../../jobs';
import { callerFor, checkOrigin } from '../caller';
import { PROFILE, booleanField, httpUrlField, integerField, invalid, stringField } from '../inputs';
import type { AgentTool, AgentToolDefinition, AgentToolResult, Fields, Run } from '../types';

/** adobe_get_job's wait bounds, in seconds. */
export const DEFAULT_JOB_WAIT_SECONDS = 120;
export const MAX_JOB_WAIT_SECONDS = 600;

/** How long VS Code's adobe_get_job waits by default and at most; the MCP server says its own (mcpAgentTools). */
export const VSCODE_JOB_WAIT = `waits until it ends (succeeded, failed, canceled, partially_succeeded) or timeoutSeconds pass (default ${DEFAULT_JOB_WAIT_SECONDS}, at most ${MAX_JOB_WAIT_SECONDS})`;
const VSCODE_JOB_TIMEOUT = `How long to wait for the end, in seconds (default ${DEFAULT_JOB_WAIT_SECONDS}, at most ${MAX_JOB_WAIT_SECONDS}).`;

const GET_JOB: AgentToolDefinition = {
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
};

async function getJob(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = GET_JOB;
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

export const getJobTool: AgentTool = { definition: GET_JOB, run: getJob };
