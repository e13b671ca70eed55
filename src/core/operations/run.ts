/**
 * The run pipeline of an operation on a Cloud Storage file (types.ts has the contract and the steps):
 * route → input → submit → follow → save-back, shared by every front door (the explorer, the palette, scripts,
 * the agent tool and the MCP server).
 *
 * Where the token goes: only to Photoshop v2 and Firefly at `deps.bases` (Adobe's hosts, or the configured
 * endpoint) and, through `deps.writes` / `deps.downloadLink`, to Cloud Storage. Never to a pre-signed URL: the
 * input's download link, Adobe-hosted outputs and Firefly's output URLs are fetched by HttpClient.downloadTo,
 * which sends no credentials; a status URL from an answer is checked against the same hosts before any
 * token goes to it (followJob's checkOrigin).
 *
 * A write never loses data: the source is only ever replaced by a `newVersion` save of a job that succeeded,
 * through StorageWrites.replaceFile with the version that was read (Adobe keeps the previous one in its history);
 * a result beside it never takes an existing name without asking (onClash); a failed, partial or cancelled job
 * changes nothing but the new files of the outputs it made (partial) and says what happened.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { type Readable, Writable } from 'node:stream';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpError } from '../common/adobeAnswers';
import { type ApiCaller, withFreshTokenOnce } from '../common/caller';
import { AdobeApiError, invalidInput, isAdobeApiError } from '../common/errors';
import type { HttpResponse } from '../common/http';
import { redact } from '../common/redact';
import { cancelJob, detectJob, followJob, type JobRef, type JobStatus } from '../jobs';
import { isAdobeHost, originOf } from '../requests/origins';
import type { StorageAsset } from '../storage/types';
import type { UploadSource } from '../storage/writeTypes';
import { isNameClash } from '../storage/writes';
import {
	expectedOutputs,
	fireflyCall,
	HOSTED_VALIDITY_SECONDS,
	type OperationCall,
	type PhotoshopDestination,
	photoshopCall,
	type PhotoshopSource,
} from './bodies';
import { operationsFor, requireOperation, validateOptions } from './catalogue';
import { extensionFor } from '../storage/paths';
import { readManifest } from './manifest';
import { operationRequestFile } from './requestFile';
import type {
	InputRoute,
	OperationDeps,
	OperationFile,
	OperationProgress,
	OperationResult,
	OperationRunner,
	OperationSpec,
	PendingOperation,
	RunOperationRequest,
	RunOptions,
	SavedResult,
} from './types';

/** Bounds on what a run moves and reads (OperationDeps.limits overrides them, for tests). */
export interface OperationLimits {
	/** The most bytes one result may have (a PSD from Photoshop can be large; beyond this nothing is saved). */
	maxResultBytes: number;
	/** The most bytes an input sent to Firefly's storage may have (held in memory for the one POST). */
	maxFireflyInputBytes: number;
	/** The most bytes of a manifest (JSON) read. */
	maxManifestBytes: number;
	/** Outputs of one job saved back (Firefly makes at most 4). */
	maxOutputs: number;
	/** Results up to this size stay in memory between download and upload; larger ones go through a temporary file. */
	inMemoryResultBytes: number;
}

export const OPERATION_LIMITS: OperationLimits = {
	maxResultBytes: 2 * 1024 ** 3,
	// storageImageV2: "The maximum file size supported for uploading an image is 15MB" (static/firefly-api.json).
	maxFireflyInputBytes: 15 * 1024 * 1024,
	maxManifestBytes: 10 * 1024 * 1024,
	maxOutputs: 25,
	inMemoryResultBytes: 64 * 1024 * 1024,
};

/** A submit's answer is a small JSON document. */
const MAX_SUBMIT_BODY_BYTES = 256 * 1024;

/** The name of a result: "hero (auto tone).jpg", "hero (similar 2).png"; the extension follows the result's media type. */
export function resultName(sourceName: string, label: string, mediaType: string): string {
	const dot = sourceName.lastIndexOf('.');
	const stem = dot > 0 ? sourceName.slice(0, dot) : sourceName;
	const ext = extensionFor(mediaType) ?? (dot > 0 ? sourceName.slice(dot + 1) : '');
	// Adobe's names are at most 255 characters (assetName): the stem gives way, the label and extension stay.
	const suffix = ` (${label})${ext ? `.${ext}` : ''}`;
	const room = Math.max(1, 255 - [...suffix].length);
	return `${[...stem].slice(0, room).join('')}${suffix}`;
}

/**
 * Adobe's refusal of the Creative Cloud route for this credential. No page shows it; Adobe's migration guide says a
 * Creative Cloud destination "Requires user authentication" (AdobeDocs/ffs-photoshop-API
 * src/pages/guides/photoshop-v2/v1-to-v2/format-conversion-migration.md) while the API documents server-to-server
 * credentials only. What it can be, by the spec and the guides:
 * - at submit: 403 ErrorResponse `unauthorized_forbidden` (static/photoshopv2-api.json: "Forbidden - User not
 *   authorized or quota exhausted");
 * - as the job's failure: errorDetails `403401` "User not authorized" (v1-to-v2/status-migration.md, "Common error
 *   codes"), or a message that names Creative Cloud or user authentication.
 * Falling back once costs one more job when the refusal was about something else (a quota): that job fails the same way.
 */
export function isCreativeCloudRefusal(error: { status?: number; code?: string; detail?: string; message?: string }): boolean {
	const code = (error.code ?? '').toLowerCase();
	const text = `${error.detail ?? ''} ${error.message ?? ''}`.toLowerCase();
	if (code === '403401' || code === 'unauthorized_forbidden') return true;
	if (/user not authori[sz]ed|creative ?cloud|user auth|server[- ]to[- ]server|technical account/.test(text)) {
		return error.status === undefined || (error.status >= 400 && error.status < 500 && error.status !== 429);
	}
	return false;
}

export function createOperationRunner(deps: OperationDeps): OperationRunner {
	return {
		list: (mediaType) => operationsFor(mediaType),
		run: (request, options = {}) => new Run(deps, options).run(request),
		resume: (pending, options = {}) => new Run(deps, options).resume(pending),
		requestFile: (request) => operationRequestFile(request),
	};
}

/** What a submit leaves for the save-back. */
interface Submitted {
	job: JobRef;
	route: InputRoute;
	/** Where outputs went: 'hosted' (we fetch and upload) or 'creativeCloud' (Adobe wrote them beside the source). */
	destination: 'hosted' | 'creativeCloud';
}

class Run {
	private readonly limits: OperationLimits;
	/** Everything scrubbed from what is thrown or reported: the token, pre-signed URLs and their queries. */
	private readonly secrets: string[];
	private readonly signal: AbortSignal;

	constructor(
		private readonly deps: OperationDeps,
		private readonly options: RunOptions,
	) {
		this.limits = { ...OPERATION_LIMITS, ...deps.limits };
		this.secrets = [...(deps.secrets ?? [])];
		this.signal = options.signal ?? new AbortController().signal;
	}

	async run(request: RunOperationRequest): Promise<OperationResult> {
		const spec = requireOperation(request.operation);
		const file = checkFile(spec, request.file);
		const options = validateOptions(spec, request.options, request.attachments ?? {});
		const saveAs = request.saveAs ?? 'beside';
		checkSaveAs(spec, file, options, saveAs);
		// The body once with placeholders: a bad combination of options fails before anything is sent.
		this.call(
			spec,
			options,
			file,
			{
				kind: 'presignedUrl',
				url: 'https://example.invalid/input',
				attachments: Object.fromEntries(
					Object.keys(request.attachments ?? {}).map((key) => [key, { url: 'https://example.invalid/attachment' }]),
				),
				uploadId: '00000000-0000-4000-8000-000000000000',
				maskUploadId: request.attachments?.mask ? '00000000-0000-4000-8000-000000000001' : undefined,
			},
			'hosted',
		);
		this.cancelledCheck(spec);

		let route = this.firstRoute(spec, request);
		let fellBack: OperationResult['fellBack'];
		let submitted: Submitted;
		let status: JobStatus;
		for (let attempt = 0; ; attempt++) {
			try {
				submitted = await this.submit(spec, request, file, options, saveAs, route);
			} catch (error) {
				if (attempt === 0 && route === 'creativeCloud' && isAdobeApiError(error) && isCreativeCloudRefusal(error)) {
					fellBack = { ...(error.code ? { code: this.scrub(error.code) } : {}), message: this.scrub(error.detail ?? error.message) };
					route = 'presignedUrl';
					continue;
				}
				throw this.scrubError(error);
			}
			this.options.onSubmitted?.({
				operation: spec.id,
				options,
				file,
				saveAs,
				route: submitted.route,
				job: submitted.job,
				submittedAt: this.deps.clock.now(),
			});
			status = await this.follow(spec, submitted.job);
			// The refusal can also come as the job's failure (the input or destination could not be reached).
			if (
				attempt === 0 &&
				route === 'creativeCloud' &&
				status.state === 'failed' &&
				status.errors.some((e) => isCreativeCloudRefusal({ code: e.code, message: e.message }))
			) {
				const first = status.errors[0];
				fellBack = { ...(first.code ? { code: this.scrub(first.code) } : {}), message: this.scrub(first.message) };
				route = 'presignedUrl';
				continue;
			}
			break;
		}
		return this.finish(spec, file, options, saveAs, submitted, status, fellBack);
	}

	async resume(pending: PendingOperation): Promise<OperationResult> {
		const spec = requireOperation(pending.operation);
		const file = checkFile(spec, pending.file);
		// The attachments went with the submit; only the options' values are checked again.
		const sent = Object.fromEntries(spec.options.filter((o) => o.kind === 'file').map((o) => [o.key, true]));
		const options = validateOptions(spec, pending.options, sent);
		this.progress({
			phase: 'running',
			message: `Following ${spec.title} on ${file.name} again after the reload`,
			route: pending.route,
			job: pending.job,
		});
		const status = await this.follow(spec, pending.job);
		// A Creative Cloud route wrote its outputs itself when the status has no URL for them.
		const destination =
			pending.route === 'creativeCloud' && status.outputs.length > 0 && status.outputs.every((o) => !o.url) ? 'creativeCloud' : 'hosted';
		return this.finish(spec, file, options, pending.saveAs, { job: pending.job, route: pending.route, destination }, status);
	}

	// ---- route and submit -------------------------------------------------------------------------------

	private firstRoute(spec: OperationSpec, request: RunOperationRequest): InputRoute {
		if (spec.api === 'firefly') return 'fireflyUpload';
		// autoCrop takes only a URL (AutoCropUrlResource).
		if (spec.adobeOperation === 'autoCrop') return 'presignedUrl';
		const asked = request.route ?? this.deps.routeMemory?.get();
		return asked === 'presignedUrl' || asked === 'creativeCloud' ? asked : 'creativeCloud';
	}

	private async submit(
		spec: OperationSpec,
		request: RunOperationRequest,
		file: OperationFile,
		options: Record<string, unknown>,
		saveAs: 'beside' | 'newVersion',
		route: InputRoute,
	): Promise<Submitted> {
		this.progress({ phase: 'preparing', message: `Preparing ${file.name} for ${spec.title}`, route });
		let input: PreparedInput;
		if (route === 'fireflyUpload') {
			const uploadId = await this.uploadToFirefly(file.name, { kind: 'file', file });
			const mask = request.attachments?.mask;
			const maskUploadId = mask
				? await this.uploadToFirefly(
						'the mask',
						'file' in mask ? { kind: 'file', file: mask.file } : { kind: 'bytes', source: mask.source, name: mask.name },
					)
				: undefined;
			input = { kind: 'fireflyUpload', uploadId, maskUploadId, attachments: {} };
		} else {
			const attachments: Record<string, PhotoshopSource> = {};
			for (const [key, value] of Object.entries(request.attachments ?? {})) {
				attachments[key] = await this.photoshopAttachment(value, route);
			}
			if (route === 'creativeCloud') input = { kind: 'creativeCloud', source: { creativeCloudFileId: file.assetId }, attachments };
			else input = { kind: 'presignedUrl', url: await this.presignedInput(file), attachments };
		}
		// A Creative Cloud destination only for a new file beside the source whose name is free now (findChild);
		// else Adobe hosts the output and we save it (a clash is then asked, a new version replaces through our writes).
		let destination: Submitted['destination'] = 'hosted';
		if (
			route === 'creativeCloud' &&
			saveAs === 'beside' &&
			spec.produces !== 'manifest' &&
			file.projectId &&
			file.pathInProject !== undefined &&
			expectedOutputs(spec, options) === 1
		) {
			const name = resultName(file.name, spec.resultLabel(options, 0, 1), spec.resultMediaType(file.mediaType, options));
			if (this.deps.findChild && !(await this.findChild(file, name))) destination = 'creativeCloud';
		}
		const call = this.call(spec, options, file, input, destination);
		this.progress({ phase: 'submitting', message: `Sending ${spec.title} for ${file.name}`, route });
		const base = spec.api === 'firefly' ? this.deps.bases.firefly : this.deps.bases.photoshopV2;
		const url = `${base}${call.path}`;
		const res = await this.adobe(spec, 'POST', url, JSON.stringify(call.body), call.headers);
		if (res.status !== 202 && res.status !== 200) throw httpError('photoshop', res, undefined, this.deps.clock.now(), titleOf(spec));
		let body: unknown;
		try {
			body = JSON.parse(res.text);
		} catch {
			body = undefined;
		}
		const job = detectJob(res.status, res.headers, body, url);
		if (!job) {
			throw new AdobeApiError(`${titleOf(spec)} accepted ${spec.title} but named no job to follow (HTTP ${res.status}).`, {
				kind: 'badResponse',
				service: 'photoshop',
				status: res.status,
				requestId: res.requestId,
			});
		}
		// The job belongs to the API we called, whatever the status path looks like.
		return { job: { ...job, api: spec.api }, route, destination };
	}

	private call(
		spec: OperationSpec,
		options: Record<string, unknown>,
		file: OperationFile,
		input: PreparedInput,
		destination: Submitted['destination'],
	): OperationCall {
		if (spec.api === 'firefly') {
			return fireflyCall(spec, options, { uploadId: input.uploadId ?? '', maskUploadId: input.maskUploadId });
		}
		const outputMediaType = spec.resultMediaType(file.mediaType, options);
		let target: PhotoshopDestination = { validityPeriod: HOSTED_VALIDITY_SECONDS };
		if (destination === 'creativeCloud' && file.projectId && file.pathInProject !== undefined) {
			// "Creative Cloud paths must not have a leading slash" (the path inside the project, CreativeCloudDestination).
			const folder = file.pathInProject.replace(/^\/+/, '').split('/').slice(0, -1).join('/');
			const name = resultName(file.name, spec.resultLabel(options, 0, 1), outputMediaType);
			target = { creativeCloudPath: folder ? `${folder}/${name}` : name, creativeCloudProjectId: file.projectId };
		}
		const image: PhotoshopSource =
			input.kind === 'presignedUrl' ? { url: input.url ?? '' } : (input.source ?? { creativeCloudFileId: file.assetId });
		return photoshopCall(spec, options, {
			image,
			inputMediaType: file.mediaType,
			destination: target,
			outputMediaType,
			attachments: input.attachments,
		});
	}

	/** A pre-signed download link of a storage file, registered as a secret (it is a credential for that file). */
	private async presignedInput(file: OperationFile): Promise<string> {
		const link = await withFreshTokenOnce(this.deps.caller, (caller) => this.deps.downloadLink(caller, file.assetId, this.signal), {
			signal: this.signal,
		});
		this.secret(link.url);
		return link.url;
	}

	private async photoshopAttachment(
		value: NonNullable<RunOperationRequest['attachments']>[string],
		route: InputRoute,
	): Promise<PhotoshopSource> {
		if ('file' in value) {
			if (route === 'creativeCloud') return { creativeCloudFileId: value.file.assetId };
			return { url: await this.presignedInput(value.file) };
		}
		// Bytes from the workspace: Photoshop takes a resource inline up to 51,200 characters (InlineContentResourceInput.content),
		// which is where a small .atn goes; a larger one has to be a storage file.
		const size = value.source.size;
		if (size > 38_000) {
			throw invalidInput(
				`${value.name} is too large to send inline (${size} bytes; Photoshop takes at most 51,200 characters): upload it to Cloud Storage and choose it from there.`,
				{ code: 'attachment_too_large' },
			);
		}
		const bytes = await readAll(value.source);
		return { content: bytes.toString('base64'), contentType: value.source.mediaType || 'application/octet-stream' };
	}

	/** storageImageV2: the input's bytes to Firefly's storage, for an uploadId (valid 7 days). */
	private async uploadToFirefly(
		what: string,
		input: { kind: 'file'; file: OperationFile } | { kind: 'bytes'; source: UploadSource; name: string },
	): Promise<string> {
		let bytes: Buffer;
		let mediaType: string;
		if (input.kind === 'file') {
			const url = await this.presignedInput(input.file);
			mediaType = input.file.mediaType;
			this.progress({ phase: 'uploadingInput', message: `Reading ${input.file.name} from Cloud Storage`, route: 'fireflyUpload' });
			bytes = await this.deps.http.fetchBytes(
				{ service: 'cloudStorage', url, signal: this.signal, secrets: this.secrets },
				{ maxBytes: this.limits.maxFireflyInputBytes },
			);
		} else {
			if (input.source.size > this.limits.maxFireflyInputBytes) {
				throw tooLarge(input.name, input.source.size, this.limits.maxFireflyInputBytes);
			}
			mediaType = input.source.mediaType;
			bytes = await readAll(input.source);
		}
		this.progress({
			phase: 'uploadingInput',
			message: `Uploading ${what} to Firefly (${formatMb(bytes.length)})`,
			route: 'fireflyUpload',
			bytes: { done: 0, total: bytes.length },
		});
		const res = await this.adobe({ api: 'firefly' } as OperationSpec, 'POST', `${this.deps.bases.firefly}/v2/storage/image`, bytes, {
			'content-type': mediaType,
		});
		if (res.status !== 200 && res.status !== 201) throw httpError('photoshop', res, undefined, this.deps.clock.now(), 'The Firefly API');
		let id: unknown;
		try {
			id = (JSON.parse(res.text) as { images?: Array<{ id?: unknown }> }).images?.[0]?.id;
		} catch {
			id = undefined;
		}
		if (typeof id !== 'string' || id.length === 0 || id.length > 200) {
			throw new AdobeApiError('The Firefly API accepted the upload but gave no image id (StorageImageResponse.images[0].id).', {
				kind: 'badResponse',
				service: 'photoshop',
				status: res.status,
			});
		}
		return id;
	}

	/** A call to Photoshop v2 or Firefly with the profile's token (a 401 is answered once with a fresh one). */
	private adobe(
		spec: Pick<OperationSpec, 'api'>,
		method: 'POST' | 'GET',
		url: string,
		body: string | Buffer,
		headers: Record<string, string>,
	): Promise<HttpResponse> {
		const title = spec.api === 'firefly' ? 'The Firefly API' : 'The Photoshop API';
		this.checkOrigin(new URL(url));
		return withFreshTokenOnce(
			this.deps.caller,
			async (caller: ApiCaller) => {
				this.secret(caller.accessToken);
				const res = await this.deps.http.send({
					service: 'photoshop',
					target: title,
					method,
					url,
					headers: { ...headers, authorization: `Bearer ${caller.accessToken}`, 'x-api-key': caller.clientId },
					body,
					signal: this.signal,
					secrets: this.secrets,
					maxBodyBytes: MAX_SUBMIT_BODY_BYTES,
				});
				if (res.status === 401) throw httpError('photoshop', res, undefined, this.deps.clock.now(), title);
				return res;
			},
			{ signal: this.signal },
		);
	}

	/** The token goes to Adobe's named hosts or the configured Photoshop v2 / Firefly base, nowhere else. */
	private checkOrigin(url: URL): void {
		if (isAdobeHost(url)) return;
		const allowed = [this.deps.bases.photoshopV2, this.deps.bases.firefly].map((base) => originOf(base));
		if (allowed.includes(url.origin)) return;
		throw invalidInput(
			`${url.host} is not an Adobe host or the configured Photoshop / Firefly endpoint, so the token was not sent to it.`,
			{ code: 'origin_refused' },
		);
	}

	// ---- follow ---------------------------------------------------------------------------------------------

	private async follow(spec: OperationSpec, job: JobRef): Promise<JobStatus> {
		this.progress({ phase: 'running', message: `${spec.title} is running at Adobe`, job });
		try {
			if (this.deps.follow) return await this.deps.follow(job, this.signal);
			return await followJob(job, {
				http: this.deps.http,
				clock: this.deps.clock,
				signal: this.signal,
				secrets: this.secrets,
				checkOrigin: async (url) => this.checkOrigin(url),
				authHeaders: async (forceRefresh) => {
					const caller = await this.deps.caller(forceRefresh);
					this.secret(caller.accessToken);
					return { authorization: `Bearer ${caller.accessToken}`, 'x-api-key': caller.clientId };
				},
				onUpdate: (status) =>
					this.progress({
						phase: 'running',
						message: `${spec.title}: ${status.state}${status.progress !== undefined ? ` (${status.progress}%)` : ''}`,
						job,
					}),
			});
		} catch (error) {
			if (this.signal.aborted || (isAdobeApiError(error) && error.kind === 'cancelled')) throw await this.cancelled(spec, job);
			throw this.scrubError(error);
		}
	}

	/** Cancel: Firefly's PUT /v3/cancel/{jobId} (cancelJobV4); Photoshop v2 has no cancel, so polling stops and nothing is saved. */
	private async cancelled(spec: OperationSpec, job?: JobRef, saved: SavedResult[] = []): Promise<AdobeApiError> {
		let atAdobe = '';
		if (job?.cancelUrl && spec.api === 'firefly') {
			try {
				const accepted = await cancelJob(job, {
					http: this.deps.http,
					secrets: this.secrets,
					checkOrigin: async (url) => this.checkOrigin(url),
					authHeaders: async (forceRefresh) => {
						const caller = await this.deps.caller(forceRefresh);
						return { authorization: `Bearer ${caller.accessToken}`, 'x-api-key': caller.clientId };
					},
				});
				atAdobe = accepted ? ' Firefly cancelled the job.' : ' The job had already ended at Firefly.';
			} catch (error) {
				atAdobe = ` Firefly did not confirm the cancel (${this.scrub(isAdobeApiError(error) ? error.message : String(error))}).`;
			}
		} else if (job) {
			atAdobe = ' The Photoshop API cannot cancel a job: it may still finish at Adobe, but its result is not saved.';
		}
		const kept = saved.length
			? `${saved.length} result${saved.length === 1 ? ' was' : 's were'} saved before it (${saved.map((r) => r.asset.name).join(', ')}); nothing more was saved, and the source is unchanged.`
			: 'nothing was saved and the source is unchanged.';
		return new AdobeApiError(`${spec.title} was cancelled; ${kept}${atAdobe}`, {
			kind: 'cancelled',
			service: 'photoshop',
		});
	}

	private cancelledCheck(spec: OperationSpec): void {
		if (this.signal.aborted) {
			throw new AdobeApiError(`${spec.title} was cancelled before it started; nothing was sent.`, {
				kind: 'cancelled',
				service: 'photoshop',
			});
		}
	}

	// ---- save-back ------------------------------------------------------------------------------------------

	private async finish(
		spec: OperationSpec,
		file: OperationFile,
		options: Record<string, unknown>,
		saveAs: 'beside' | 'newVersion',
		submitted: Submitted,
		status: JobStatus,
		fellBack?: OperationResult['fellBack'],
	): Promise<OperationResult> {
		const outputs =
			spec.adobeOperation === 'autoCrop' && status.state !== 'failed' && status.state !== 'canceled'
				? await this.autoCropOutputs(spec, status)
				: status.outputs.slice(0, this.limits.maxOutputs);
		const jobSummary = (saved: Array<{ label: string; mediaType?: string; location?: string }>) => ({
			state: status.state,
			jobId: submitted.job.jobId,
			outputs: saved,
		});
		if (status.state === 'failed' || status.state === 'canceled') {
			const said = status.errors.map((e) => `${e.code ? `${this.scrub(e.code)}: ` : ''}${this.scrub(e.message)}`).join('; ');
			const first = status.errors[0];
			throw new AdobeApiError(
				`${spec.title} ${status.state === 'canceled' ? 'was cancelled at Adobe' : 'failed'}; nothing was saved and ${file.name} is unchanged.${said ? ` Adobe says: ${said.slice(0, 600)}` : ''}`,
				{
					kind: status.state === 'canceled' ? 'cancelled' : 'http',
					service: 'photoshop',
					...(first?.code ? { code: this.scrub(first.code) } : {}),
					...(first ? { detail: this.scrub(first.message) } : {}),
				},
			);
		}
		// The route worked: remember it for this profile (only Photoshop has a choice).
		if (spec.api === 'photoshopV2' && spec.adobeOperation !== 'autoCrop') this.deps.routeMemory?.set(submitted.route);
		const result: OperationResult = {
			job: jobSummary([]),
			results: [],
			route: submitted.route,
			notSaved: [],
			...(fellBack ? { fellBack } : {}),
		};
		const partial = status.state === 'partially_succeeded';
		if (partial) {
			for (const e of status.errors) result.notSaved.push({ label: e.code ? this.scrub(e.code) : 'output', reason: this.scrub(e.message) });
		}
		if (spec.produces === 'manifest') {
			result.manifest = await this.manifest(spec, status);
			result.job = jobSummary([{ label: 'manifest', mediaType: 'application/json' }]);
			this.progress({ phase: 'done', message: `${spec.title}: ${result.manifest.layers.length} layers`, route: submitted.route });
			return result;
		}
		const count = outputs.length;
		const shown: Array<{ label: string; mediaType?: string; location?: string }> = [];
		for (let i = 0; i < count; i++) {
			if (this.signal.aborted) throw await this.cancelled(spec, undefined, result.results);
			const output = outputs[i];
			let mediaType = output.mediaType && extensionFor(output.mediaType) ? output.mediaType : spec.resultMediaType(file.mediaType, options);
			const label = spec.resultLabel(options, i, count);
			try {
				const { saved, name, type } = await this.saveOne(spec, file, saveAs, submitted, output, label, mediaType, partial);
				mediaType = type;
				if (saved === 'skipped') {
					result.notSaved.push({ label, reason: `${name} already exists; skipped as asked.` });
					shown.push({ label, mediaType });
				} else {
					result.results.push(saved);
					shown.push({ label, mediaType, location: saved.asset.name });
				}
			} catch (error) {
				if (this.signal.aborted) throw await this.cancelled(spec, undefined, result.results);
				const scrubbed = this.scrubError(error);
				// The first failure of a single result is the answer; of several, the rest still go.
				if (count === 1) throw scrubbed;
				result.notSaved.push({ label, reason: scrubbed.message });
				shown.push({ label, mediaType });
			}
		}
		const asked = expectedOutputs(spec, options);
		if (count === 0) result.notSaved.push({ label: 'output', reason: `${titleOf(spec)} reported no output to save.` });
		else if (count < asked) {
			result.notSaved.push({ label: 'outputs', reason: `${titleOf(spec)} made ${count} of the ${asked} results asked for.` });
		}
		result.job = jobSummary(shown);
		this.progress({
			phase: 'done',
			message: `${spec.title}: ${result.results.length} saved${result.notSaved.length ? `, ${result.notSaved.length} not saved` : ''}`,
			route: submitted.route,
		});
		return result;
	}

	private async saveOne(
		spec: OperationSpec,
		file: OperationFile,
		saveAs: 'beside' | 'newVersion',
		submitted: Submitted,
		output: JobStatus['outputs'][number],
		label: string,
		declared: string,
		partial: boolean,
	): Promise<{ saved: SavedResult | 'skipped'; name: string; type: string }> {
		if (submitted.destination === 'creativeCloud' && !output.url) {
			// Adobe wrote it beside the source: find it by name.
			const name = resultName(file.name, label, declared);
			const asset = await this.findChild(file, name);
			if (!asset) {
				throw new AdobeApiError(`${titleOf(spec)} reported ${name} written to Creative Cloud, but it is not in the folder.`, {
					kind: 'badResponse',
					service: 'photoshop',
				});
			}
			return { saved: { asset, newVersion: false }, name, type: declared };
		}
		if (!output.url) {
			throw new AdobeApiError(`${titleOf(spec)} gave no address for the result ${label}.`, { kind: 'badResponse', service: 'photoshop' });
		}
		this.secret(output.url);
		const temp = await this.download(output.url, `the result (${label})`);
		try {
			// What the bytes are wins over what was asked (Firefly's status names no type; its images are PNG or JPEG).
			const type = (await temp.sniff()) ?? declared;
			const name = resultName(file.name, label, type);
			const source: UploadSource = { size: temp.size, mediaType: type, read: (start, end) => temp.read(start, end) };
			const onProgress = (done: number, total: number) =>
				this.progress({ phase: 'saving', message: `Saving ${name}`, route: submitted.route, bytes: { done, total } });
			if (saveAs === 'newVersion' && !partial) {
				if (type !== file.mediaType) {
					throw new AdobeApiError(
						`${titleOf(spec)} returned ${type}, not ${file.mediaType}: a new version of ${file.name} must keep its type, so nothing was replaced. Save the result beside it instead.`,
						{ kind: 'badResponse', service: 'photoshop', code: 'media_type_mismatch' },
					);
				}
				this.progress({
					phase: 'saving',
					message: `Saving a new version of ${file.name}`,
					route: submitted.route,
					bytes: { done: 0, total: temp.size },
				});
				const asset = await this.deps.writes.replaceFile(file.assetId, source, { signal: this.signal, expected: file.version, onProgress });
				return { saved: { asset, newVersion: true }, name: file.name, type };
			}
			this.progress({ phase: 'saving', message: `Saving ${name}`, route: submitted.route, bytes: { done: 0, total: temp.size } });
			try {
				const asset = await this.deps.writes.uploadFile(file.parentId, name, source, { signal: this.signal, onClash: 'fail', onProgress });
				return { saved: { asset, newVersion: false }, name, type };
			} catch (error) {
				if (!isNameClash(error)) throw error;
				const answer = this.options.onClash ? await this.options.onClash(name) : 'keepBoth';
				if (answer === 'skip') return { saved: 'skipped', name, type };
				if (answer === 'replace') {
					const existing = await this.findChild(file, name);
					if (existing && existing.assetId !== file.assetId) {
						const asset = await this.deps.writes.replaceFile(existing.assetId, source, {
							signal: this.signal,
							expected: { modifiedDate: existing.modifiedDate, size: existing.size },
							onProgress,
						});
						return { saved: { asset, newVersion: false }, name, type };
					}
				}
				// Adobe's autorename: "hero (auto tone) (1).jpg".
				const asset = await this.deps.writes.uploadFile(file.parentId, name, source, {
					signal: this.signal,
					onClash: 'autorename',
					onProgress,
				});
				return { saved: { asset, newVersion: false }, name, type };
			}
		} finally {
			await temp.dispose();
		}
	}

	/** An output's bytes to a temporary file, without credentials, at most maxResultBytes. */
	/**
	 * An output's bytes, without credentials, at most maxResultBytes: held in memory up to inMemoryResultBytes (a
	 * 20 MB result never touches the disk), moved to a temporary file beyond (a 2 GB PSD never sits in memory).
	 */
	private async download(url: string, name: string): Promise<Spill> {
		const spill = new Spill(Math.min(this.limits.inMemoryResultBytes, this.limits.maxResultBytes));
		try {
			this.progress({ phase: 'downloading', message: `Downloading ${name}` });
			const { bytes } = await this.deps.http.downloadTo(
				{ service: 'photoshop', url, signal: this.signal, secrets: this.secrets },
				() => spill.sink(),
				{
					maxBytes: this.limits.maxResultBytes,
					transfer: 'file',
					onProgress: (done, total) =>
						this.progress({ phase: 'downloading', message: `Downloading ${name}`, bytes: { done, total: total ?? done } }),
				},
			);
			if (bytes === 0) {
				throw new AdobeApiError(`The result ${name} is empty; nothing was saved.`, { kind: 'badResponse', service: 'photoshop' });
			}
			return spill;
		} catch (error) {
			await spill.dispose();
			throw error;
		}
	}

	/** A JSON output: fetched (hosted, bounded, without credentials) or embedded in the status (EmbeddedDestination 'json'). */
	private async jsonOutput(spec: OperationSpec, status: JobStatus, what: string): Promise<unknown> {
		const output = status.outputs[0];
		let json: unknown;
		if (output?.url) {
			this.secret(output.url);
			const bytes = await this.deps.http.fetchBytes(
				{ service: 'photoshop', url: output.url, signal: this.signal, secrets: this.secrets },
				{ maxBytes: this.limits.maxManifestBytes },
			);
			json = parseJsonOrThrow(bytes.toString('utf8'), spec);
		} else {
			// The status answer is at most MAX_STATUS_BODY_BYTES (core/jobs/follow.ts); its outputs a list or an object of them.
			const raw = status.raw as { result?: { outputs?: unknown } } | undefined;
			const list = raw?.result?.outputs;
			const entry = (Array.isArray(list) ? list[0] : list && typeof list === 'object' ? Object.values(list)[0] : undefined) as
				{ destination?: { content?: unknown }; content?: unknown } | undefined;
			const content = entry?.destination?.content ?? entry?.content;
			json = typeof content === 'string' ? parseJsonOrThrow(content, spec) : content;
		}
		if (json === undefined || json === null) {
			throw new AdobeApiError(`${titleOf(spec)} gave no ${what}.`, { kind: 'badResponse', service: 'photoshop' });
		}
		return json;
	}

	private async manifest(spec: OperationSpec, status: JobStatus) {
		return readManifest(await this.jsonOutput(spec, status, 'manifest'), this.secrets);
	}

	/**
	 * Auto crop answers AutoCropOutput (photoshopv2-api.json: subject[], objects[], crops[] of boundingBoxes { x, y, width,
	 * height, url? }): with outputType 'images', each crop's `url` is an Adobe-hosted image. The crops, in the order of
	 * the aspect ratios asked, are the outputs; the subject's when there are none.
	 */
	private async autoCropOutputs(spec: OperationSpec, status: JobStatus): Promise<JobStatus['outputs']> {
		const json = (await this.jsonOutput(spec, status, 'crop')) as { crops?: unknown; subject?: unknown };
		const urls = (list: unknown): string[] =>
			(Array.isArray(list) ? (list as Array<{ boundingBoxes?: unknown }>) : [])
				.flatMap((crop) => (Array.isArray(crop?.boundingBoxes) ? (crop.boundingBoxes as Array<{ url?: unknown }>) : []))
				.map((box) => box?.url)
				.filter((url): url is string => typeof url === 'string' && /^https?:\/\//.test(url));
		const found = urls(json.crops);
		return (found.length ? found : urls(json.subject)).slice(0, this.limits.maxOutputs).map((url, i) => ({ label: `crop ${i + 1}`, url }));
	}

	private async findChild(file: OperationFile, name: string): Promise<StorageAsset | undefined> {
		const find = this.deps.findChild;
		if (!find) return undefined;
		return withFreshTokenOnce(
			this.deps.caller,
			(caller) => find(caller, { parentId: file.parentId, projectId: file.projectId }, name, this.signal),
			{ signal: this.signal },
		);
	}

	// ---- progress and redaction -----------------------------------------------------------------------------

	/** The last message shown and its redacted text: a transfer reports every chunk with the same words. */
	private lastMessage?: { raw: string; shown: string };
	/** Where the last byte count was reported, so a transfer reports about every 1% (not every 64 KB chunk). */
	private lastBytes?: { phase: string; done: number };

	private progress(progress: OperationProgress): void {
		const report = this.options.onProgress;
		if (!report) return;
		const bytes = progress.bytes;
		if (bytes && bytes.done < bytes.total) {
			const last = this.lastBytes;
			if (last && last.phase === progress.phase && bytes.done >= last.done && bytes.done - last.done < bytes.total / 100) return;
		}
		this.lastBytes = bytes ? { phase: progress.phase, done: bytes.done } : undefined;
		if (this.lastMessage?.raw !== progress.message) this.lastMessage = { raw: progress.message, shown: this.scrub(progress.message) };
		report({ ...progress, message: this.lastMessage.shown });
	}

	private secret(value: string): void {
		if (!value || this.secrets.includes(value)) return;
		this.secrets.push(value);
		const query = value.indexOf('?');
		if (query >= 0 && value.length - query > 8) this.secrets.push(value.slice(query + 1));
	}

	private scrub(text: string): string {
		return redact(text, this.secrets);
	}

	private scrubError(error: unknown): AdobeApiError {
		if (!isAdobeApiError(error)) {
			return new AdobeApiError(this.scrub(error instanceof Error ? error.message : String(error)), { kind: 'internal' });
		}
		const scrubbed = new AdobeApiError(this.scrub(error.message), {
			kind: error.kind,
			service: error.service,
			status: error.status,
			code: error.code === undefined ? undefined : this.scrub(error.code),
			detail: error.detail === undefined ? undefined : this.scrub(error.detail),
			requestId: error.requestId,
			retryAfterMs: error.retryAfterMs,
			setting: error.setting,
			network: error.network,
		});
		return scrubbed;
	}
}

interface PreparedInput {
	kind: InputRoute;
	url?: string;
	source?: PhotoshopSource;
	uploadId?: string;
	maskUploadId?: string;
	attachments: Record<string, PhotoshopSource>;
}

function titleOf(spec: Pick<OperationSpec, 'api'>): string {
	return spec.api === 'firefly' ? 'The Firefly API' : 'The Photoshop API';
}

function checkFile(spec: OperationSpec, file: OperationFile | undefined): OperationFile {
	if (!file || typeof file.assetId !== 'string' || !/^urn:aaid:/.test(file.assetId)) {
		throw invalidInput(`${spec.title} needs a Cloud Storage file (an asset id urn:aaid:…).`, { code: 'invalid_file' });
	}
	if (typeof file.name !== 'string' || file.name.length === 0) {
		throw invalidInput(`${spec.title}: the file has no name.`, { code: 'invalid_file' });
	}
	if (typeof file.parentId !== 'string' || file.parentId.length === 0) {
		throw invalidInput(`${spec.title}: the folder of ${file.name} is not known.`, { code: 'invalid_file' });
	}
	const type = (file.mediaType ?? '').split(';')[0].trim().toLowerCase();
	if (!spec.inputMediaTypes.includes(type)) {
		throw invalidInput(
			`${spec.title} does not take ${file.name} (${type || 'unknown type'}); it takes ${spec.inputMediaTypes.join(', ')}.`,
			{ code: 'unsupported_media_type' },
		);
	}
	return { ...file, mediaType: type };
}

function checkSaveAs(spec: OperationSpec, file: OperationFile, options: Record<string, unknown>, saveAs: unknown): void {
	if (saveAs !== 'beside' && saveAs !== 'newVersion') {
		throw invalidInput(`saveAs must be 'beside' or 'newVersion'.`, { code: 'invalid_option' });
	}
	if (saveAs !== 'newVersion') return;
	if (spec.produces === 'manifest') {
		throw invalidInput(`${spec.title} makes no file, so it cannot be saved as a new version.`, { code: 'invalid_option' });
	}
	const resultType = spec.resultMediaType(file.mediaType, options);
	if (resultType !== file.mediaType) {
		throw invalidInput(
			`${spec.title} makes ${resultType}, not ${file.mediaType}: a new version of ${file.name} must keep its type. Save it beside instead.`,
			{ code: 'media_type_mismatch' },
		);
	}
	if (!file.version || (file.version.modifiedDate === undefined && file.version.size === undefined)) {
		throw invalidInput(
			`A new version of ${file.name} needs the version that was read (its modified date or size), so a file changed since is never overwritten.`,
			{ code: 'version_required' },
		);
	}
	if (expectedOutputs(spec, options) !== 1) {
		throw invalidInput(`${spec.title} makes several results: only one can be a new version. Ask for one variation, or save them beside.`, {
			code: 'invalid_option',
		});
	}
}

/** A download's bytes: in memory up to `limit`, then in a temporary file (written in order, with backpressure). */
class Spill {
	private chunks: Buffer[] = [];
	private joined?: Buffer;
	private file?: WriteStream;
	private dir?: string;
	private path?: string;
	size = 0;

	constructor(private readonly limit: number) {}

	sink(): Writable {
		return new Writable({
			write: (chunk: Buffer, _encoding, done) => {
				this.size += chunk.length;
				if (!this.file && this.size <= this.limit) {
					this.chunks.push(chunk);
					done();
					return;
				}
				this.toFile(chunk).then(() => done(), done);
			},
			final: (done) => {
				if (!this.file) return done();
				this.file.once('error', done);
				this.file.end(() => done());
			},
			destroy: (error, done) => {
				this.file?.destroy();
				done(error);
			},
		});
	}

	private async toFile(chunk: Buffer): Promise<void> {
		if (!this.file) {
			this.dir = await mkdtemp(join(tmpdir(), 'adobe-op-'));
			this.path = join(this.dir, 'result');
			this.file = createWriteStream(this.path);
			for (const held of this.chunks) if (!this.file.write(held)) await once(this.file, 'drain');
			this.chunks = [];
		}
		if (!this.file.write(chunk)) await once(this.file, 'drain');
	}

	read(start: number, end: number): Readable | Buffer {
		if (this.path) return createReadStream(this.path, { start, end: end - 1 });
		this.joined ??= Buffer.concat(this.chunks, this.size);
		return this.joined.subarray(start, end);
	}

	/** The image type by the first bytes (PNG, JPEG, TIFF, WebP, PSD signatures), or undefined. */
	async sniff(): Promise<string | undefined> {
		if (!this.path) {
			this.joined ??= Buffer.concat(this.chunks, this.size);
			return mediaTypeOfBytes(this.joined.subarray(0, 12));
		}
		const handle = await open(this.path, 'r');
		try {
			const head = Buffer.alloc(12);
			const { bytesRead } = await handle.read(head, 0, 12, 0);
			return mediaTypeOfBytes(head.subarray(0, bytesRead));
		} finally {
			await handle.close();
		}
	}

	async dispose(): Promise<void> {
		this.chunks = [];
		this.joined = undefined;
		const file = this.file;
		if (file && !file.closed) {
			await new Promise<void>((resolve) => {
				file.once('close', () => resolve());
				file.destroy();
			});
		}
		if (this.dir) await rm(this.dir, { recursive: true, force: true });
	}
}

export function mediaTypeOfBytes(head: Buffer): string | undefined {
	if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47) return 'image/png';
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
	if (head.length >= 4 && (head.toString('latin1', 0, 4) === 'II*\0' || head.toString('latin1', 0, 4) === 'MM\0*')) return 'image/tiff';
	if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
	if (head.length >= 4 && head.toString('latin1', 0, 4) === '8BPS') return 'image/vnd.adobe.photoshop';
	return undefined;
}

async function readAll(source: UploadSource): Promise<Buffer> {
	const part = source.read(0, source.size);
	if (Buffer.isBuffer(part)) return part;
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of part as AsyncIterable<Buffer>) {
		total += chunk.length;
		if (total > source.size) break;
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).subarray(0, source.size);
}

function tooLarge(name: string, size: number, max: number): AdobeApiError {
	return invalidInput(`${name} is too large (${formatMb(size)}; at most ${formatMb(max)}).`, { code: 'too_large' });
}

function formatMb(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function parseJsonOrThrow(text: string, spec: OperationSpec): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw new AdobeApiError(`${titleOf(spec)} gave a manifest that is not JSON.`, { kind: 'badResponse', service: 'photoshop' });
	}
}
