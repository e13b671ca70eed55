/**
 * The shapes of Adobe's operations run on a Cloud Storage file (issue #20), apart from the code that
 * runs them, so the explorer, the palette, scripts, request files, the agent tool and the MCP server
 * agree on one contract while each is built. Every request follows Adobe's OpenAPI specs
 * (AdobeDocs/ffs-photoshop-API static/photoshopv2-api.json and AdobeDocs/ffs-firefly-api
 * static/firefly-api.json, Apache-2.0, copied to test/contract/), which win over our guesses: cite their
 * operationIds in comments.
 *
 * The pipeline (core/operations/run.ts):
 *   1. prepare the input by a route:
 *      - Photoshop v2 'creativeCloud': the asset itself (`creativeCloudFileId`, or `creativeCloudPath` +
 *        `creativeCloudProjectId`) in, a `creativeCloudPath` destination out: nothing moves through us;
 *      - Photoshop v2 'presignedUrl': a Cloud Storage pre-signed download URL as `source.url`, an
 *        Adobe-hosted output, then our upload into the same folder (the route that always works);
 *      - Firefly 'fireflyUpload': download the input, `POST /v2/storage/image` (storageImageV2) for an
 *        `uploadId`, then download the outputs and upload them;
 *   2. submit (202 { jobId, statusUrl }), 3. follow the job (Deps.follow), 4. save the result back.
 * A documented refusal of the Creative Cloud route (a server-to-server token may not read or write
 * Creative Cloud: Adobe's pages disagree) falls back to 'presignedUrl' once, and the route that worked
 * is remembered per profile (RouteMemory).
 */
import type { ApiCaller, CallerSource } from '../common/caller';
import type { HttpClient } from '../common/http';
import type { Clock } from '../common/logger';
import type { JobRef, JobState, JobStatus } from '../jobs';
import type { StorageAsset } from '../storage/types';
import type { ReadVersion, StorageWrites, UploadSource } from '../storage/writeTypes';

export type OperationApi = 'photoshopV2' | 'firefly';

/** Ours, stable, used by scripts, request files and agents: `photoshop.autoTone`, `firefly.similar`, … */
export type OperationId = string;

/** One option of an operation, as a form asks it and a script passes it. */
export interface OperationOption {
	key: string;
	label: string;
	description?: string;
	kind: 'choice' | 'number' | 'text' | 'boolean' | 'file';
	choices?: ReadonlyArray<{ value: string; label: string }>;
	/** Bounds from Adobe's spec (minimum, maximum, maxLength). */
	min?: number;
	max?: number;
	maxLength?: number;
	default?: string | number | boolean;
	required?: boolean;
	/** kind 'file': the media types or extensions taken (an `.atn` for actions, an image for a mask). */
	accept?: readonly string[];
}

/** One entry of the catalogue (core/operations/catalogue.ts). */
export interface OperationSpec {
	id: OperationId;
	api: OperationApi;
	/** Adobe's operationId in the spec (`edit`, `generateSimilarImagesV3Async`, …) and its path. */
	adobeOperation: string;
	path: string;
	/** For menus: "Auto Tone", "Generate Similar"; a one-line detail; a codicon name. */
	title: string;
	detail: string;
	icon: string;
	/** The media types of the files it takes (a PSD is `image/vnd.adobe.photoshop`). */
	inputMediaTypes: readonly string[];
	options: readonly OperationOption[];
	/** An image (or several), a Photoshop document, or a manifest (shown as a layer tree, not saved as a file). */
	produces: 'image' | 'document' | 'manifest';
	/** The words in the result's name: "auto tone" → `hero (auto tone).jpg`; "similar 2" for the second output. */
	resultLabel(options: Readonly<Record<string, unknown>>, index: number, count: number): string;
	/** The result's media type for these options and this input (a convert to PNG gives image/png). */
	resultMediaType(inputMediaType: string, options: Readonly<Record<string, unknown>>): string;
}

/** Where the result goes: a new file beside the source (never over an existing name), or a new version of the source (keeps its asset id). */
export type SaveAs = 'beside' | 'newVersion';

/** How the input reached Adobe and the result came back. */
export type InputRoute = 'creativeCloud' | 'presignedUrl' | 'fireflyUpload';

/** The Cloud Storage file an operation runs on, as the tree, the file system or a script names it. */
export interface OperationFile {
	assetId: string;
	name: string;
	mediaType: string;
	size?: number;
	/** The folder (or project) it is in: where a result beside it goes. */
	parentId: string;
	/** The project's id and the path inside the project (no leading slash), for `creativeCloudPath`. */
	projectId?: string;
	pathInProject?: string;
	/** What was read, so a new version is refused when the file changed since (StorageWrites.replaceFile's `expected`). */
	version?: ReadVersion;
}

export interface RunOperationRequest {
	operation: OperationId;
	file: OperationFile;
	/** Checked against the spec's options (validateOptions) before anything is sent. */
	options?: Record<string, unknown>;
	/** 'beside' unless told. 'newVersion' only where the result's media type is the source's. */
	saveAs?: SaveAs;
	/** The route to try first; default: what RouteMemory says, else 'creativeCloud' for Photoshop. */
	route?: InputRoute;
	/** A second input an option names (an `.atn` for actions, a mask for fill): bytes, or another storage file. */
	attachments?: Record<string, { file: OperationFile } | { source: UploadSource; name: string }>;
}

export type OperationPhase = 'preparing' | 'uploadingInput' | 'submitting' | 'running' | 'downloading' | 'saving' | 'done';

/** What the progress notification and the Jobs view show; never a URL with a signature, never a token. */
export interface OperationProgress {
	phase: OperationPhase;
	/** One redacted line: "Uploading hero.jpg to Firefly (2.1 of 4.0 MB)". */
	message: string;
	route?: InputRoute;
	/** Set from the submit on. */
	job?: JobRef;
	bytes?: { done: number; total: number };
}

/** A PSD's layers, as generate-manifest answers them (ManifestJsonOutput), bounded and redacted. */
export interface PsdLayer {
	id?: number;
	name: string;
	/** Adobe's layer `type`: layer, textLayer, adjustmentLayer, smartObject, layerSection, backgroundLayer, … */
	kind: string;
	bounds?: { top: number; left: number; width: number; height: number };
	visible?: boolean;
	/** A text layer's content, clipped. */
	text?: string;
	children: PsdLayer[];
}

export interface PsdManifest {
	document: { name?: string; width?: number; height?: number; mode?: string; bitDepth?: number };
	layers: PsdLayer[];
	/** Layers not shown because of the bounds (depth, count). */
	omitted: number;
}

/** One result written back to Cloud Storage. */
export interface SavedResult {
	asset: StorageAsset;
	/** true when it replaced the source's content (same asset id). */
	newVersion: boolean;
}

export interface OperationResult {
	/** The Adobe job: its end state, id and outputs (labels, media types and where they went; never their pre-signed URLs). */
	job: { state: JobState; jobId?: string; outputs: Array<{ label: string; mediaType?: string; location?: string }> };
	/** What was saved, in the outputs' order; empty for a manifest or when nothing could be saved. */
	results: SavedResult[];
	route: InputRoute;
	/** Set when the Creative Cloud route was refused and the pre-signed route was used: Adobe's code and message, redacted. */
	fellBack?: { code?: string; message: string };
	manifest?: PsdManifest;
	/** Outputs that could not be saved (a partial success, a clash the user skipped), each with why. */
	notSaved: Array<{ label: string; reason: string }>;
}

/**
 * What survives a window reload, so the save-back finishes after it (kept by the VS Code side in
 * workspaceState, by nobody in the MCP server). Identities only: no token, no pre-signed URL, no
 * option that names a local path outside the workspace.
 */
export interface PendingOperation {
	operation: OperationId;
	options: Record<string, unknown>;
	file: OperationFile;
	saveAs: SaveAs;
	route: InputRoute;
	job: JobRef;
	submittedAt: number;
	profileId?: string;
}

/** The route that worked last, per profile (globalState on the VS Code side; memory in the MCP server). */
export interface RouteMemory {
	get(): InputRoute | undefined;
	set(route: InputRoute): void;
}

export interface OperationDeps {
	http: HttpClient;
	/** Bases of Photoshop v2 and Firefly (core/common/endpoints.ts fireflyServicesBases). */
	bases: { photoshopV2: string; firefly: string };
	/** The profile's token for Adobe's hosts; a 401 is answered once with a fresh token (withFreshTokenOnce). */
	caller: CallerSource;
	/** The profile's Cloud Storage writes (uploads, replacements) and the pre-signed download link of a file. */
	writes: StorageWrites;
	downloadLink(caller: ApiCaller, assetId: string, signal?: AbortSignal): Promise<{ url: string; size?: number; mediaType?: string }>;
	clock: Clock;
	/**
	 * Follows a submitted job to its end (default: core/jobs/follow.ts followJob). The VS Code side passes
	 * one that goes through the Jobs view, so the job shows there and is polled once.
	 */
	follow?(job: JobRef, signal: AbortSignal): Promise<JobStatus>;
	routeMemory?: RouteMemory;
	/** Values scrubbed from anything thrown or reported. */
	secrets?: string[];
	/**
	 * The file of this name in a folder (or project), if any: to tell whether a result's name is free before a
	 * Creative Cloud destination is used, to find what Adobe wrote there, and to replace a clashing file when the
	 * user says so. Without it results always come back through us (hosted output, then our upload).
	 */
	findChild?(
		caller: ApiCaller,
		where: { parentId: string; projectId?: string },
		name: string,
		signal?: AbortSignal,
	): Promise<StorageAsset | undefined>;
	/** Lower bounds than core/operations/run.ts OPERATION_LIMITS (tests). */
	limits?: Partial<{
		maxResultBytes: number;
		maxFireflyInputBytes: number;
		maxManifestBytes: number;
		maxOutputs: number;
		inMemoryResultBytes: number;
	}>;
}

export interface RunOptions {
	signal?: AbortSignal;
	onProgress?(progress: OperationProgress): void;
	/** Called once the job is submitted, with what a reload needs to finish the save-back. */
	onSubmitted?(pending: PendingOperation): void;
	/** A result's name is taken (409): ask. Default 'keepBoth' (Adobe's autorename); never silently replaced. */
	onClash?(name: string): Promise<'keepBoth' | 'replace' | 'skip'>;
}

/**
 * The operations, for a profile. Rejects with AdobeApiError (service 'photoshop' or 'firefly', Adobe's
 * error_code in `code`, Adobe's messages redacted); a cancel rejects with kind 'cancelled' after asking
 * Adobe to cancel where the API can (Firefly's `PUT /v3/cancel/{jobId}`; Photoshop v2 has no cancel).
 * A job that fails, partly succeeds or is cancelled leaves the source as it was.
 */
export interface OperationRunner {
	/** The catalogue; with a media type, only the operations that take it. */
	list(mediaType?: string): OperationSpec[];
	run(request: RunOperationRequest, options?: RunOptions): Promise<OperationResult>;
	/** After a reload: follows a pending job to its end and saves its result as the first run would have. */
	resume(pending: PendingOperation, options?: RunOptions): Promise<OperationResult>;
	/** The same call as a request file (`.http`), with `{{$adobeToken}}` and a pre-signed input left as a variable: what the user can tweak and send again. */
	requestFile(request: RunOperationRequest): string;
}
