/**
 * adobe_run_operation (issue #20): one of Adobe's operations (the catalogue, core/operations/catalogue.ts:
 * Photoshop API v2 and Firefly API v3 on an input image) run on a Cloud Storage file, the result saved
 * beside it or as a new version of it. It asks first, as every write does (in VS Code the chat's
 * confirmation or our dialog, runner.ts agentToolConfirmation; the MCP server runs it only with
 * ADOBE_MCP_ALLOW_WRITES=1).
 *
 * The runner itself (core/operations/run.ts, OperationRunner in core/operations/types.ts) prepares the
 * input by a route, submits, follows the job and saves the result; this file finds the file (path,
 * adobe-storage: URI or assetId), checks the model's input against the catalogue before any token is
 * fetched, and answers briefly: the job's state, id and outputs, what was saved, the route used. Never
 * a pre-signed URL, never a token (every string passes the redactor, and outputs keep no URL at all).
 *
 * The operations' ids, titles, the media types they take and their options come from the catalogue, so
 * the tool's schema (an enum) and its description cannot drift from what the runner runs.
 */
import { withFreshTokenOnce } from '../../common/caller';
import type { ApiCaller, CallerSource } from '../../common/caller';
import { invalidInput } from '../../common/errors';
import { OPERATIONS, validateOptions } from '../../operations/catalogue';
import type {
	OperationFile,
	OperationOption,
	OperationResult,
	OperationRunner,
	OperationSpec,
	PsdLayer,
	RunOperationRequest,
	SaveAs,
} from '../../operations/types';
import { STORAGE_SCHEME, mediaTypeFor, pathNames } from '../../storage/paths';
import type { StorageAsset } from '../../storage/types';
import { callerFor } from '../caller';
import { PROFILE, invalid, oneOf, stringField } from '../inputs';
import type { AgentTool, AgentToolDefinition, AgentToolResult, Fields, Run } from '../types';
import { openWorkspaceFile } from '../workspaceFile';
import { assetSummary, lookupAsset, pathSegments } from './storage';
import { VSCODE_ASKS } from './storageWrites';

/** The most option keys one call may give, and the longest text option, in characters: the catalogue's are far fewer and shorter. */
const MAX_OPTION_KEYS = 30;
const MAX_OPTION_TEXT = 4_000;
/** The most manifest layers a result lists, and how deep (the runner has bounded them already; this bounds the answer). */
const MAX_MANIFEST_LINES = 200;
const MAX_MANIFEST_DEPTH = 8;

/** An option, in one short phrase for the model: `format: jpeg|png (default jpeg)`, `quality: 1–12`, `mask: a file (image/png)`. */
function optionPhrase(option: OperationOption): string {
	const parts: string[] = [];
	switch (option.kind) {
		case 'choice':
			parts.push((option.choices ?? []).map((choice) => choice.value).join('|'));
			break;
		case 'number':
			parts.push(option.min !== undefined || option.max !== undefined ? `number ${option.min ?? ''}–${option.max ?? ''}` : 'number');
			break;
		case 'boolean':
			parts.push('true|false');
			break;
		case 'file':
			parts.push(`a file${option.accept?.length ? ` (${option.accept.join(', ')})` : ''}`);
			break;
		default:
			parts.push(option.maxLength !== undefined ? `text ≤ ${option.maxLength} chars` : 'text');
	}
	if (option.required) parts.push('required');
	if (option.default !== undefined) parts.push(`default ${String(option.default)}`);
	return `${option.key} (${parts.join(', ')})`;
}

/** A media type, short: image/jpeg → jpeg, image/vnd.adobe.photoshop → psd, image/x-adobe-dng → dng. */
function shortType(type: string): string {
	return type === 'image/vnd.adobe.photoshop' ? 'psd' : type.replace(/^image\/(x-adobe-)?/, '');
}

/** One catalogue entry, one line: id, title, what it takes, its options (or the earlier entry whose options it shares). */
export function operationLine(spec: OperationSpec, earlier: readonly OperationSpec[] = []): string {
	const takes = spec.inputMediaTypes.map(shortType).join('/');
	const phrases = spec.options.map(optionPhrase).join('; ');
	const same = earlier.find((entry) => entry.options.length > 2 && entry.options.map(optionPhrase).join('; ') === phrases);
	const options = spec.options.length ? `; options: ${same ? `as ${same.id}` : phrases}` : '';
	const gives = spec.produces === 'manifest' ? '; answers the layer tree (saves nothing)' : '';
	return `${spec.id}: ${spec.title} (${spec.api === 'firefly' ? 'Firefly' : 'Photoshop'}, takes ${takes}${gives}${options})`;
}

/** The operations, as the description lists them. */
function catalogueText(): string {
	return OPERATIONS.map((spec, index) => `- ${operationLine(spec, OPERATIONS.slice(0, index))}`).join('\n');
}

const RUN_OPERATION: AgentToolDefinition = {
	name: 'adobe_run_operation',
	toolReferenceName: 'adobeRunOperation',
	displayName: 'Run Adobe Operation on a Cloud Storage File',
	modelDescription:
		"Runs one of Adobe's Photoshop API v2 or Firefly API v3 operations on an Adobe Cloud Storage file and saves the result in Cloud Storage: " +
		'by default as a new file beside the source, named after the operation ("hero (auto tone).jpg"; a taken name gets " (1)", nothing is overwritten), ' +
		"or with saveAs newVersion as a new version of the same file (it keeps its assetId; the previous version stays in Adobe's version history; only when the result has the source's media type). " +
		'Give the file by path ("Project/Folder/hero.jpg"), uri (adobe-storage://Profile/Project/Folder/hero.jpg) or assetId. ' +
		'The input reaches Adobe directly (Creative Cloud path) or by a pre-signed link, falling back by itself; Firefly gets it uploaded to its storage. ' +
		"The call waits for Adobe's job and the save-back. Returns the job's state, id and outputs, the saved files' names, paths and assetIds, and the route used; " +
		'generate manifest returns the layer tree instead. A failed, partly failed or cancelled job leaves the source as it was and says why. ' +
		`A file option (an .atn, a mask) takes a Cloud Storage path or assetId, or {"workspaceFile": "images/mask.png"} for a file of the workspace. ${VSCODE_ASKS}\n` +
		`The operations (id: title, what it takes, options):\n${catalogueText()}`,
	userDescription: 'Run a Photoshop or Firefly operation on a Cloud Storage file and save the result beside it (asks first).',
	tags: ['adobe', 'cloud-storage', 'photoshop', 'firefly'],
	inputSchema: {
		type: 'object',
		properties: {
			profile: PROFILE,
			path: { type: 'string', maxLength: 2000, description: 'The file by names: "Project/Folder/hero.jpg".' },
			uri: {
				type: 'string',
				maxLength: 4000,
				description: 'The file by its adobe-storage: URI, as the Adobe explorer and editor show it.',
			},
			assetId: { type: 'string', maxLength: 500, description: "The file's assetId (urn:aaid:sc:…)." },
			operation: {
				type: 'string',
				enum: OPERATIONS.map((spec) => spec.id),
				description: 'The operation, by its id (listed in the description).',
			},
			options: {
				type: 'object',
				description:
					"The operation's options by key, as the description lists them (numbers as numbers, choices by value). Omitted options take their defaults.",
			},
			saveAs: {
				type: 'string',
				enum: ['beside', 'newVersion'],
				default: 'beside',
				description:
					"beside (default): a new file beside the source, never over an existing one; newVersion: a new version of the source (same assetId, the old one kept in Adobe's history).",
			},
		},
		required: ['operation'],
		additionalProperties: false,
	},
	readOnly: false,
	destructive: true,
};

/** The catalogue's entry for an id, or undefined (for confirmations and progress lines, which never throw). */
export function operationSpec(id: string | undefined): OperationSpec | undefined {
	return id === undefined ? undefined : OPERATIONS.find((entry) => entry.id === id);
}

/** The operation named, from the catalogue. */
function specOf(id: string): OperationSpec {
	const spec = OPERATIONS.find((entry) => entry.id === id);
	if (!spec) {
		throw invalid(`There is no operation "${id.slice(0, 100)}"; the operations are ${OPERATIONS.map((entry) => entry.id).join(', ')}.`);
	}
	return spec;
}

/** The file's path names from an `adobe-storage://<profile>/<project>/…/<file>` URI, and the profile it names. */
export function namesOfStorageUri(text: string): { profile: string; names: string[] } {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw invalid(
			`uri must be an ${STORAGE_SCHEME}: URI such as ${STORAGE_SCHEME}://Profile/Project/hero.jpg; "${text.slice(0, 100)}" is not one.`,
		);
	}
	if (url.protocol !== `${STORAGE_SCHEME}:`) throw invalid(`uri must be an ${STORAGE_SCHEME}: URI, not ${url.protocol}.`);
	const decode = (part: string) => {
		try {
			return decodeURIComponent(part);
		} catch {
			throw invalid('uri holds a broken %-escape.');
		}
	};
	const names = pathNames(url.pathname).map(decode);
	return { profile: decode(url.host), names };
}

/** The file the tool runs on, as the model named it; checked before any token is fetched. */
type Target = { segments: string[] } | { assetId: string };

function targetOf(fields: Fields): { target: Target; profileOfUri?: string } {
	const tool = RUN_OPERATION;
	const given = oneOf(
		{ path: stringField(tool, fields, 'path'), uri: stringField(tool, fields, 'uri'), assetId: stringField(tool, fields, 'assetId') },
		true,
		tool,
	) as [string, string];
	if (given[0] === 'assetId') return { target: { assetId: given[1] } };
	if (given[0] === 'path') {
		const segments = pathSegments(given[1]);
		if (segments.length < 2) throw invalid('path must name a file inside a project: "Project/Folder/hero.jpg".');
		return { target: { segments } };
	}
	const { profile, names } = namesOfStorageUri(given[1]);
	if (names.length < 2) throw invalid(`uri must name a file inside a project: ${STORAGE_SCHEME}://Profile/Project/hero.jpg.`);
	pathSegments(names.join('/'));
	return { target: { segments: names }, profileOfUri: profile || undefined };
}

/** The file as the runner takes it: where its result goes (its folder), its project and path for the Creative Cloud route, the version read. */
export function operationFileOf(asset: StorageAsset): OperationFile {
	if (asset.assetType !== 'file') {
		throw invalid(`"${asset.name}" is a ${asset.assetType}: operations run on files (an image, a PSD). Nothing was changed.`);
	}
	// Adobe lists ancestors nearest first: the folder the file is in, …, the project (components/schemas/ancestors).
	const ancestors = asset.ancestors ?? [];
	if (ancestors.length === 0) {
		throw invalidInput(
			`Adobe Cloud Storage did not say which folder "${asset.name}" is in, so its result has nowhere to go. Nothing was changed.`,
			{
				service: 'cloudStorage',
				code: 'no_parent',
			},
		);
	}
	const names = asset.path ? pathNames(asset.path) : [];
	return {
		assetId: asset.assetId,
		name: asset.name,
		mediaType: asset.mediaType || mediaTypeFor(asset.name),
		...(asset.size !== undefined ? { size: asset.size } : {}),
		parentId: ancestors[0],
		projectId: ancestors[ancestors.length - 1],
		...(names.length > 1 ? { pathInProject: names.slice(1).join('/') } : {}),
		version: {
			...(asset.modifiedDate ? { modifiedDate: asset.modifiedDate } : {}),
			...(asset.size !== undefined ? { size: asset.size } : {}),
		},
	};
}

/** The options as given, each checked against the catalogue's keys before any token is fetched (the runner checks values against the spec). */
function checkedOptions(spec: OperationSpec, given: unknown): Array<[string, unknown, OperationOption]> {
	const entries = given === undefined || given === null ? [] : Object.entries(given as Record<string, unknown>);
	if (entries.length > MAX_OPTION_KEYS) {
		throw invalid(`options has more than ${MAX_OPTION_KEYS} keys; ${spec.id} takes ${spec.options.length}.`);
	}
	const checked = entries.map(([key, value]): [string, unknown, OperationOption] => {
		const option = spec.options.find((entry) => entry.key === key);
		if (!option) {
			throw invalid(
				`${spec.id} has no option "${key.slice(0, 50)}"; ${spec.options.length ? `its options are ${spec.options.map(optionPhrase).join('; ')}` : 'it takes no options'}.`,
			);
		}
		if (typeof value === 'string' && value.length > MAX_OPTION_TEXT) {
			throw invalid(`options.${key} is longer than ${MAX_OPTION_TEXT} characters.`);
		}
		if (option.kind !== 'file' && value !== null && typeof value === 'object') {
			throw invalid(
				`options.${key} must be a ${option.kind === 'choice' || option.kind === 'text' ? 'string' : option.kind}, not an object.`,
			);
		}
		if (option.kind === 'file') {
			const local = value && typeof value === 'object' ? (value as { workspaceFile?: unknown }).workspaceFile : undefined;
			if (!(typeof local === 'string' && local.trim() !== '') && !(typeof value === 'string' && value.trim() !== '')) {
				throw invalid(
					`options.${key} takes a Cloud Storage path ("Project/Folder/mask.png"), an assetId, or {"workspaceFile": "images/mask.png"}.`,
				);
			}
			if (typeof value === 'string' && !/^urn:/i.test(value.trim())) pathSegments(value);
		}
		return [key, value, option];
	});
	// Values against the spec's bounds, required options present (the runner checks again; this answers before any token).
	const values = Object.fromEntries(checked.filter(([, , option]) => option.kind !== 'file').map(([key, value]) => [key, value]));
	const files = Object.fromEntries(checked.filter(([, , option]) => option.kind === 'file').map(([key]) => [key, true]));
	validateOptions(spec, values, files);
	return checked;
}

/** The workspace files file options name, opened (confined: workspaceFile.ts) before any token is fetched. */
async function openLocalFiles(
	run: Run,
	checked: Array<[string, unknown, OperationOption]>,
): Promise<{ files: Map<string, Awaited<ReturnType<typeof openWorkspaceFile>>>; close(): Promise<void> }> {
	const files = new Map<string, Awaited<ReturnType<typeof openWorkspaceFile>>>();
	const close = async () => void (await Promise.all([...files.values()].map((file) => file.close())));
	try {
		for (const [key, value, option] of checked) {
			if (option.kind !== 'file' || typeof value === 'string') continue;
			files.set(key, await openWorkspaceFile((value as { workspaceFile: string }).workspaceFile, run.host.workspaceRoots?.() ?? []));
		}
	} catch (error) {
		await close();
		throw error;
	}
	return { files, close };
}

/** The options for the runner, with file options as attachments: a workspace file (opened already), a storage file looked up. */
async function optionsOf(
	run: Run,
	checked: Array<[string, unknown, OperationOption]>,
	local: Map<string, Awaited<ReturnType<typeof openWorkspaceFile>>>,
	caller: ApiCaller,
): Promise<{ options: Record<string, unknown>; attachments: NonNullable<RunOperationRequest['attachments']> }> {
	const options: Record<string, unknown> = {};
	const attachments: NonNullable<RunOperationRequest['attachments']> = {};
	for (const [key, value, option] of checked) {
		const opened = local.get(key);
		if (option.kind !== 'file') {
			options[key] = value;
		} else if (opened) {
			attachments[key] = { source: opened.source, name: opened.relative.split('/').pop() ?? opened.relative };
		} else {
			const text = String(value).trim();
			const target = /^urn:/i.test(text) ? { assetId: text, assetType: 'file' as const } : { segments: pathSegments(text) };
			attachments[key] = { file: operationFileOf(await lookupAsset(run, caller, target)) };
		}
	}
	return { options, attachments };
}

/** The runner for the profile: the host's (VS Code follows the job in the Jobs view and remembers the route per profile), else its clients'. */
function runnerOf(run: Run, source: CallerSource, profileName: string, title: string): OperationRunner {
	return run.host.operations ? run.host.operations(source, profileName, title) : run.host.clients.operations(source);
}

/** A manifest's layers, indented, one a line (bounded). */
function layerLines(layers: readonly PsdLayer[], depth = 0, lines: string[] = []): string[] {
	for (const layer of layers) {
		if (lines.length >= MAX_MANIFEST_LINES) break;
		const bounds = layer.bounds ? ` · ${layer.bounds.width}×${layer.bounds.height} at ${layer.bounds.left},${layer.bounds.top}` : '';
		const text = layer.text ? ` · text "${layer.text.replace(/\s+/g, ' ').slice(0, 80)}"` : '';
		const hidden = layer.visible === false ? ' · hidden' : '';
		lines.push(`${'  '.repeat(depth)}- ${layer.name} (${layer.kind})${bounds}${text}${hidden}`);
		if (depth + 1 < MAX_MANIFEST_DEPTH) layerLines(layer.children, depth + 1, lines);
	}
	return lines;
}

/** An output as a result shows it: never a URL (an output's URL is pre-signed: whoever holds it can fetch it). */
function outputOf(output: OperationResult['job']['outputs'][number]): Record<string, unknown> {
	const location = output.location && !/^[a-z][a-z0-9+.-]*:\/\//i.test(output.location) ? output.location : undefined;
	return { label: output.label, ...(output.mediaType ? { mediaType: output.mediaType } : {}), ...(location ? { location } : {}) };
}

const ROUTE_WORDS: Record<string, string> = {
	creativeCloud: 'Creative Cloud (Adobe read and wrote the file in Cloud Storage itself)',
	presignedUrl: 'pre-signed link (Adobe read the file by a link, the result came back through us)',
	fireflyUpload: "Firefly upload (the file went to Firefly's storage, the result came back through us)",
};

async function runOperation(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = RUN_OPERATION;
	const spec = specOf(stringField(tool, fields, 'operation') ?? '');
	const saveAs = (stringField(tool, fields, 'saveAs') ?? 'beside') as SaveAs;
	const { target, profileOfUri } = targetOf(fields);
	const checked = checkedOptions(spec, fields.options);
	const named = stringField(tool, fields, 'profile');
	if (named !== undefined && profileOfUri !== undefined && named.toLowerCase() !== profileOfUri.toLowerCase()) {
		throw invalid(`The uri names profile "${profileOfUri.slice(0, 64)}" but profile is "${named.slice(0, 64)}"; give one of them.`);
	}
	if (saveAs === 'newVersion' && spec.produces === 'manifest') {
		throw invalid(`${spec.id} answers a layer tree and saves no file: leave saveAs out.`);
	}
	const local = await openLocalFiles(run, checked);
	try {
		const { profile, source } = await callerFor(run, named ?? profileOfUri);
		const { asset, file, options, attachments } = await withFreshTokenOnce(source, async (caller) => {
			const found = await lookupAsset(run, caller, 'assetId' in target ? { assetId: target.assetId, assetType: 'file' } : target);
			const input = operationFileOf(found);
			if (!spec.inputMediaTypes.includes(input.mediaType)) {
				const takes = OPERATIONS.filter((entry) => entry.inputMediaTypes.includes(input.mediaType)).map((entry) => entry.id);
				throw invalidInput(
					`${spec.id} (${spec.title}) takes ${spec.inputMediaTypes.join(', ')}, and "${input.name}" is ${input.mediaType}. ${
						takes.length ? `Operations that take it: ${takes.join(', ')}.` : 'No operation takes it.'
					} Nothing was changed.`,
					{ code: 'unsupported_media_type' },
				);
			}
			return { asset: found, file: input, ...(await optionsOf(run, checked, local.files, caller)) };
		});
		const request: RunOperationRequest = {
			operation: spec.id,
			file,
			options,
			saveAs,
			...(Object.keys(attachments).length ? { attachments } : {}),
		};
		const result = await runnerOf(run, source, profile.name, `${spec.title} on ${file.name}`).run(request, { signal: run.signal });
		return answer(spec, asset, profile.name, saveAs, result);
	} finally {
		await local.close();
	}
}

function answer(spec: OperationSpec, asset: StorageAsset, profile: string, saveAs: SaveAs, result: OperationResult): AgentToolResult {
	const folder = asset.path ? pathNames(asset.path).slice(0, -1) : undefined;
	const saved = result.results.map((entry): Record<string, unknown> & { newVersion: boolean; path?: string } => ({
		...assetSummary(entry.asset),
		...(folder && !entry.newVersion
			? { path: `/${[...folder, entry.asset.name].join('/')}` }
			: asset.path && entry.newVersion
				? { path: asset.path }
				: {}),
		newVersion: entry.newVersion,
	}));
	const where = asset.path ? `"${asset.path}"` : `"${asset.name}"`;
	const state = result.job.state;
	const lines = [
		`Ran ${spec.title} (${spec.id}) on ${where} · ${asset.assetId} (profile "${profile}"): job ${state}${result.job.jobId ? ` · jobId ${result.job.jobId}` : ''}.`,
		`Route: ${ROUTE_WORDS[result.route] ?? result.route}${result.fellBack ? `; the Creative Cloud route was refused (${result.fellBack.code ? `${result.fellBack.code}: ` : ''}${result.fellBack.message}), so the pre-signed route was used` : ''}.`,
	];
	if (saved.length) {
		lines.push(saveAs === 'newVersion' && saved.some((entry) => entry.newVersion) ? 'Saved as a new version:' : 'Saved:');
		for (const entry of saved) {
			lines.push(
				`- ${String(entry.path ?? entry.name)} · ${String(entry.assetId)}${entry.mediaType ? ` · ${String(entry.mediaType)}` : ''}${
					typeof entry.size === 'number' ? ` · ${entry.size.toLocaleString('en-US')} bytes` : ''
				}${entry.newVersion ? ' (new version, same assetId)' : ''}`,
			);
		}
	} else if (spec.produces !== 'manifest') {
		lines.push('Nothing was saved; the source is as it was.');
	}
	if (result.notSaved.length) {
		lines.push('Not saved:', ...result.notSaved.slice(0, 20).map((entry) => `- ${entry.label}: ${entry.reason}`));
	}
	let layers: string[] | undefined;
	if (result.manifest) {
		const doc = result.manifest.document;
		layers = layerLines(result.manifest.layers);
		lines.push(
			`Document${doc.name ? ` "${doc.name}"` : ''}${doc.width && doc.height ? ` ${doc.width}×${doc.height}` : ''}${doc.mode ? ` ${doc.mode}` : ''}${
				doc.bitDepth ? ` ${doc.bitDepth}-bit` : ''
			}; layers:`,
			...layers,
			...(result.manifest.omitted ? [`(${result.manifest.omitted.toLocaleString('en-US')} more layers not shown)`] : []),
		);
	}
	// A job that ended otherwise, or an image operation that saved nothing, is a failure the model should read as one.
	const failed = (state !== 'succeeded' && state !== 'partially_succeeded') || (spec.produces !== 'manifest' && saved.length === 0);
	return {
		text: `${failed ? 'Error: ' : ''}${lines.join('\n')}`,
		data: {
			profile,
			operation: { id: spec.id, title: spec.title, api: spec.api },
			file: assetSummary(asset),
			job: { state, ...(result.job.jobId ? { jobId: result.job.jobId } : {}), outputs: result.job.outputs.slice(0, 100).map(outputOf) },
			route: result.route,
			...(result.fellBack ? { fellBack: result.fellBack } : {}),
			saveAs,
			results: saved,
			notSaved: result.notSaved.slice(0, 100),
			...(result.manifest
				? { manifest: { document: result.manifest.document, layers: layers ?? [], omitted: result.manifest.omitted } }
				: {}),
		},
		...(failed ? { isError: true } : {}),
	};
}

export const runOperationTool: AgentTool = { definition: RUN_OPERATION, run: runOperation };
