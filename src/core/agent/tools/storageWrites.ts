/**
 * The Cloud Storage writes an agent may make, each asked first (in VS Code the chat's confirmation or
 * our dialog, runner.ts agentToolConfirmation; the MCP server runs them only with
 * ADOBE_MCP_ALLOW_WRITES=1): adobe_create_folder (Adobe's createFolder), adobe_upload_file (a workspace
 * file, initBlockBasedFileUpload → block PUTs → finalizeBlockBasedFileUpload), adobe_move_asset
 * (renameFile/renameFolder/renameProject, or moveFile's job for a file to another folder) and
 * adobe_trash_asset (deleteFile/deleteFolder/deleteProject without `permanent`: a soft delete, which
 * restoreFile/restoreFolder/restoreProject undo). Operation ids: test/contract/cloud-storage/openapi.yml.
 *
 * The writes themselves are core/storage/writes.ts (StorageWrites, given by the host bound to the
 * profile's token): they check effective-permission first, never send the token to a pre-signed URL and
 * leave nothing half-done. This file checks the model's input before any token is fetched (names by
 * Adobe's assetName rule, paths, the local file's confinement: workspaceFile.ts) and answers briefly.
 */
import type { ApiCaller, CallerSource } from '../../common/caller';
import { withFreshTokenOnce } from '../../common/caller';
import type { StorageAsset } from '../../storage/types';
import type { NameClash, StorageWrites } from '../../storage/writeTypes';
import { STORAGE_LIMITS } from '../../storage/writeTypes';
import type { AssetRef } from '../../storage/writeTypes';
import { WriteAction, checkWritable } from '../../storage/writes';
import { invalidInput, isAdobeApiError } from '../../common/errors';
import { callerFor } from '../caller';
import { PROFILE, invalid, oneOf, stringField } from '../inputs';
import type { AgentTool, AgentToolDefinition, AgentToolResult, Fields, Run } from '../types';
import { MAX_AGENT_UPLOAD_BYTES, openWorkspaceFile } from '../workspaceFile';
import { ASSET_KINDS, AssetKind, assetSummary, lookupAsset, pathSegments } from './storage';

/** What the model reads about asking first, in VS Code; the MCP server says what it does instead (catalogue.ts mcpAgentTools). */
export const VSCODE_ASKS = 'VS Code asks the user to confirm before it runs.';

const ID = { type: 'string', maxLength: 500 };
const PATH = { type: 'string', maxLength: 2000 };
const ON_CLASH = {
	type: 'string',
	enum: ['fail', 'autorename'],
	default: 'fail',
	description: 'When the name is taken: fail (default; nothing is changed) or autorename (Adobe appends "\u00A0(1)").',
};

/** Adobe's assetName: 1–255 characters, none of \ / : * ? " | > <, not a reserved Windows name (schemas/assetName). */
// eslint-disable-next-line no-useless-escape -- the pattern as Adobe's spec writes it
const ASSET_NAME = /^(?!^(con|prn|aux|nul|com[1-9]|lpt[1-9])$)[^\\\/:*?"|><]+$/i;

function checkedName(field: string, name: string): string {
	if (name.length > STORAGE_LIMITS.maxNameLength) {
		throw invalid(`${field} is ${name.length} characters long; Adobe allows ${STORAGE_LIMITS.maxNameLength}.`);
	}
	if (!ASSET_NAME.test(name)) {
		throw invalid(
			`${field} "${name.slice(0, 100)}" is not a name Adobe accepts: no \\ / : * ? " | > <, and not CON, PRN, AUX, NUL, COM1–9 or LPT1–9.`,
		);
	}
	return name;
}

function onClashOf(tool: AgentToolDefinition, fields: Fields): NameClash {
	const value = stringField(tool, fields, 'onClash') ?? 'fail';
	if (value !== 'fail' && value !== 'autorename') throw invalid('onClash must be fail or autorename.');
	return value;
}

/** The writes bound to the profile's token: the host's own when it gives some (a test's), else its clients' (core/storage/writes.ts). */
function writesOf(run: Run, source: CallerSource): StorageWrites {
	return run.host.storageWrites ? run.host.storageWrites(source) : run.host.clients.storageWrites(source);
}

/**
 * Refuses the write before it starts, with the reason, when Adobe's effective-permission says this
 * credential may not (getProjectEffectivePermission / getFolderEffectivePermission / getFileEffectivePermission).
 */
async function mustAllow(run: Run, writes: StorageWrites, asset: AssetRef, action: WriteAction): Promise<void> {
	const problem = checkWritable(await writes.effectivePermission(asset, run.signal), action);
	if (problem) throw invalidInput(`${problem} Nothing was changed.`, { service: 'cloudStorage', status: 403, code: 'not_permitted' });
}

/** A container (project or folder) by id or by path: the id, and how results name it. */
type ContainerInput = { id: string } | { segments: string[] };

function containerInput(
	tool: AgentToolDefinition,
	fields: Fields,
	idField: string,
	pathField: string,
	required: boolean,
): ContainerInput | undefined {
	const target = oneOf(
		{ [idField]: stringField(tool, fields, idField), [pathField]: stringField(tool, fields, pathField) },
		required,
		tool,
	);
	if (!target) return undefined;
	if (target[0] === idField) return { id: target[1] };
	const segments = pathSegments(target[1]);
	if (segments.length === 0) throw invalid(`${pathField} names no project or folder; give "Project/Folder".`);
	return { segments };
}

/** The container's id and type (an id is looked up as a folder, then a project: effective-permission needs the type). */
async function containerId(
	run: Run,
	caller: ApiCaller,
	input: ContainerInput,
): Promise<{ assetId: string; assetType: 'project' | 'folder'; name: string; path?: string }> {
	const found = 'id' in input ? await lookupContainer(run, caller, input.id) : await lookupAsset(run, caller, input);
	if (found.assetType !== 'project' && found.assetType !== 'folder') {
		const what = 'id' in input ? input.id : `"/${input.segments.join('/')}"`;
		throw invalid(`${what} is a ${found.assetType}, not a project or folder.`);
	}
	return {
		assetId: found.assetId,
		assetType: found.assetType,
		name: found.name,
		...('segments' in input ? { path: `/${input.segments.join('/')}` } : found.path ? { path: found.path } : {}),
	};
}

async function lookupContainer(run: Run, caller: ApiCaller, assetId: string): Promise<StorageAsset> {
	try {
		return await lookupAsset(run, caller, { assetId, assetType: 'folder' });
	} catch (error) {
		if (!isAdobeApiError(error) || error.status !== 404) throw error;
		return lookupAsset(run, caller, { assetId, assetType: 'project' });
	}
}

/** An item by id (with its type, if known) or by path. */
function assetInput(tool: AgentToolDefinition, fields: Fields): { segments: string[] } | { assetId: string; assetType?: AssetKind } {
	const target = oneOf({ assetId: stringField(tool, fields, 'assetId'), path: stringField(tool, fields, 'path') }, true, tool) as [
		string,
		string,
	];
	const assetType = stringField(tool, fields, 'assetType');
	if (assetType !== undefined && !(ASSET_KINDS as readonly string[]).includes(assetType)) {
		throw invalid(`assetType must be one of ${ASSET_KINDS.join(', ')}.`);
	}
	if (target[0] === 'assetId') return { assetId: target[1], assetType: assetType as AssetKind | undefined };
	const segments = pathSegments(target[1]);
	if (segments.length === 0) throw invalid('path names no item; give "Project/Folder/file.jpg".');
	return { segments };
}

function where(container: { assetId: string; path?: string }): string {
	return container.path ? `"${container.path}" (${container.assetId})` : container.assetId;
}

function done(text: string, data: Record<string, unknown>): AgentToolResult {
	return { text, data };
}

// ——— adobe_create_folder ———

const CREATE_FOLDER: AgentToolDefinition = {
	name: 'adobe_create_folder',
	toolReferenceName: 'adobeNewFolder',
	displayName: 'Create Adobe Cloud Storage Folder',
	modelDescription:
		'Creates a folder in an Adobe Cloud Storage project or folder, given by parentId (a project or folder assetId from adobe_list_storage) or parentPath ("Project/Folder"). ' +
		`Returns the new folder's name and assetId. A name already taken fails unless onClash is autorename. ${VSCODE_ASKS}`,
	userDescription: 'Create a folder in a Cloud Storage project or folder (asks first).',
	tags: ['adobe', 'cloud-storage'],
	inputSchema: {
		type: 'object',
		properties: {
			profile: PROFILE,
			parentId: { ...ID, description: 'The assetId of the project or folder to create the folder in.' },
			parentPath: { ...PATH, description: 'The project or folder to create the folder in, by names: "Project/Folder".' },
			name: { type: 'string', maxLength: 255, description: 'The new folder\'s name (no \\ / : * ? " | > <).' },
			onClash: ON_CLASH,
		},
		required: ['name'],
		additionalProperties: false,
	},
	readOnly: false,
};

async function createFolder(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = CREATE_FOLDER;
	const parent = containerInput(tool, fields, 'parentId', 'parentPath', true) as ContainerInput;
	const name = checkedName('name', stringField(tool, fields, 'name') ?? '');
	const onClash = onClashOf(tool, fields);
	const { profile, source } = await callerFor(run, stringField(tool, fields, 'profile'));
	const container = await withFreshTokenOnce(source, (caller) => containerId(run, caller, parent));
	const writes = writesOf(run, source);
	await mustAllow(run, writes, container, 'create');
	const folder = await writes.createFolder(container.assetId, name, { signal: run.signal, onClash });
	return done(`Created folder "${folder.name}" · ${folder.assetId} in ${where(container)} (profile "${profile.name}").`, {
		profile: profile.name,
		created: assetSummary(folder),
		parent: container,
	});
}

export const createFolderTool: AgentTool = { definition: CREATE_FOLDER, run: createFolder };

// ——— adobe_upload_file ———

const UPLOAD_FILE: AgentToolDefinition = {
	name: 'adobe_upload_file',
	toolReferenceName: 'adobeUpload',
	displayName: 'Upload to Adobe Cloud Storage',
	modelDescription:
		'Uploads one file of the workspace to an Adobe Cloud Storage project or folder (parentId or parentPath) as a new file, in blocks. ' +
		`file is the local file's path relative to the workspace folder (absolute paths only inside it; no "..", no symbolic link leading out; at most ${MAX_AGENT_UPLOAD_BYTES.toLocaleString('en-US')} bytes). ` +
		"name defaults to the local file's name; a name already taken fails unless onClash is autorename (it never replaces a file). Returns the new file's assetId and size. " +
		VSCODE_ASKS,
	userDescription: 'Upload a workspace file to Cloud Storage (asks first).',
	tags: ['adobe', 'cloud-storage'],
	inputSchema: {
		type: 'object',
		properties: {
			profile: PROFILE,
			file: { type: 'string', maxLength: 4096, description: 'The local file, by its path inside the workspace, e.g. "images/cat.png".' },
			parentId: { ...ID, description: 'The assetId of the project or folder to upload into.' },
			parentPath: { ...PATH, description: 'The project or folder to upload into, by names: "Project/Folder".' },
			name: { type: 'string', maxLength: 255, description: "The file's name in Cloud Storage (default: the local file's name)." },
			onClash: ON_CLASH,
		},
		required: ['file'],
		additionalProperties: false,
	},
	readOnly: false,
};

async function uploadFile(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = UPLOAD_FILE;
	const parent = containerInput(tool, fields, 'parentId', 'parentPath', true) as ContainerInput;
	const given = stringField(tool, fields, 'file') ?? '';
	const asked = stringField(tool, fields, 'name');
	if (asked !== undefined) checkedName('name', asked);
	const onClash = onClashOf(tool, fields);
	// The file is found, confined and opened before any token is fetched.
	const local = await openWorkspaceFile(given, run.host.workspaceRoots?.() ?? []);
	try {
		const name = checkedName('name', asked ?? local.relative.split('/').pop() ?? '');
		const { profile, source } = await callerFor(run, stringField(tool, fields, 'profile'));
		const container = await withFreshTokenOnce(source, (caller) => containerId(run, caller, parent));
		const writes = writesOf(run, source);
		await mustAllow(run, writes, container, 'upload');
		const file: StorageAsset = await writes.uploadFile(container.assetId, name, local.source, { signal: run.signal, onClash });
		return done(
			`Uploaded "${local.relative}" (${local.size.toLocaleString('en-US')} bytes) as "${file.name}" · ${file.assetId} in ${where(container)} (profile "${profile.name}").`,
			{
				profile: profile.name,
				uploaded: assetSummary({ size: local.size, mediaType: local.mediaType, ...file }),
				from: local.relative,
				parent: container,
			},
		);
	} finally {
		await local.close();
	}
}

export const uploadFileTool: AgentTool = { definition: UPLOAD_FILE, run: uploadFile };

// ——— adobe_move_asset ———

const MOVE_ASSET: AgentToolDefinition = {
	name: 'adobe_move_asset',
	toolReferenceName: 'adobeMove',
	displayName: 'Rename or Move Adobe Cloud Storage Item',
	modelDescription:
		'Renames an Adobe Cloud Storage project, folder or file (newName; it keeps its assetId), or moves a file to another project or folder (destinationId or destinationPath, ' +
		"optionally with newName) with Adobe's move job. Adobe moves files only: a folder or project can be renamed, not moved. A failed move leaves the file where it was. " +
		`Give the item by assetId (with assetType if known) or path. A name already taken fails unless onClash is autorename. ${VSCODE_ASKS}`,
	userDescription: 'Rename a Cloud Storage item or move a file (asks first).',
	tags: ['adobe', 'cloud-storage'],
	inputSchema: {
		type: 'object',
		properties: {
			profile: PROFILE,
			assetId: { ...ID, description: "The item's assetId." },
			assetType: { type: 'string', enum: [...ASSET_KINDS], description: 'The kind of item assetId names, when known.' },
			path: { ...PATH, description: 'The item by names: "Project/Folder/file.jpg".' },
			newName: { type: 'string', maxLength: 255, description: 'The new name (no \\ / : * ? " | > <).' },
			destinationId: { ...ID, description: 'Files only: the assetId of the project or folder to move the file to.' },
			destinationPath: { ...PATH, description: 'Files only: the project or folder to move the file to, by names.' },
			onClash: ON_CLASH,
		},
		additionalProperties: false,
	},
	readOnly: false,
	destructive: true,
};

async function moveAsset(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = MOVE_ASSET;
	const target = assetInput(tool, fields);
	const destination = containerInput(tool, fields, 'destinationId', 'destinationPath', false);
	const newNameText = stringField(tool, fields, 'newName');
	const newName = newNameText === undefined ? undefined : checkedName('newName', newNameText);
	if (!destination && newName === undefined) {
		throw invalid(`${tool.name} needs newName (to rename), destinationId or destinationPath (to move a file), or both.`);
	}
	if (destination && 'assetType' in target && target.assetType && target.assetType !== 'file') {
		throw invalid(
			`Adobe Cloud Storage moves files only; a ${target.assetType} can be renamed (newName) but not moved. Nothing was changed.`,
		);
	}
	const onClash = onClashOf(tool, fields);
	const { profile, source } = await callerFor(run, stringField(tool, fields, 'profile'));
	const { asset, to } = await withFreshTokenOnce(source, async (caller) => ({
		asset: await lookupAsset(run, caller, target),
		to: destination ? await containerId(run, caller, destination) : undefined,
	}));
	const writes = writesOf(run, source);
	if (to) {
		if (asset.assetType === 'file') await mustAllow(run, writes, to, 'moveIn');
		if (asset.assetType !== 'file') {
			throw invalid(
				`"${asset.name}" is a ${asset.assetType}: Adobe Cloud Storage moves files only; rename it with newName instead. Nothing was changed.`,
			);
		}
		const moved = await writes.moveFile(asset.assetId, to.assetId, {
			signal: run.signal,
			onClash,
			...(newName !== undefined ? { name: newName } : {}),
		});
		return done(
			`Moved file "${asset.name}" to ${where(to)}${moved.name !== asset.name ? ` as "${moved.name}"` : ''} · ${moved.assetId} (profile "${profile.name}").`,
			{
				profile: profile.name,
				moved: assetSummary(moved),
				from: { name: asset.name, assetId: asset.assetId, ...(asset.path ? { path: asset.path } : {}) },
				destination: to,
			},
		);
	}
	await mustAllow(run, writes, { assetType: asset.assetType, assetId: asset.assetId }, 'rename');
	const renamed = await writes.rename({ assetType: asset.assetType, assetId: asset.assetId }, newName as string, {
		signal: run.signal,
		onClash,
	});
	return done(`Renamed ${asset.assetType} "${asset.name}" to "${renamed.name}" · ${renamed.assetId} (profile "${profile.name}").`, {
		profile: profile.name,
		renamed: assetSummary(renamed),
		previousName: asset.name,
	});
}

export const moveAssetTool: AgentTool = { definition: MOVE_ASSET, run: moveAsset };

// ——— adobe_trash_asset ———

/** What a result says about getting a trashed item back. */
export const RESTORE_HINT =
	"It can be restored: in VS Code from the Adobe explorer's Recently deleted (Restore), or with Adobe's restore endpoint (POST /{type}s/{id}/restore).";

const TRASH_ASSET: AgentToolDefinition = {
	name: 'adobe_trash_asset',
	toolReferenceName: 'adobeTrash',
	displayName: 'Delete Adobe Cloud Storage Item (to Trash)',
	modelDescription:
		"Deletes an Adobe Cloud Storage file, folder or project to Adobe's trash (a soft delete: the item can be restored; it is not deleted permanently). " +
		`Give it by assetId (with assetType if known) or path. Returns what was deleted and how to restore it. ${VSCODE_ASKS}`,
	userDescription: 'Delete a Cloud Storage item to the trash, where it can be restored (asks first).',
	tags: ['adobe', 'cloud-storage'],
	inputSchema: {
		type: 'object',
		properties: {
			profile: PROFILE,
			assetId: { ...ID, description: "The item's assetId." },
			assetType: { type: 'string', enum: [...ASSET_KINDS], description: 'The kind of item assetId names, when known.' },
			path: { ...PATH, description: 'The item by names: "Project/Folder/file.jpg".' },
		},
		additionalProperties: false,
	},
	readOnly: false,
	destructive: true,
};

async function trashAsset(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = TRASH_ASSET;
	const target = assetInput(tool, fields);
	const { profile, source } = await callerFor(run, stringField(tool, fields, 'profile'));
	const asset = await withFreshTokenOnce(source, (caller) => lookupAsset(run, caller, target));
	const writes = writesOf(run, source);
	await mustAllow(run, writes, { assetType: asset.assetType, assetId: asset.assetId }, 'delete');
	await writes.trash({ assetType: asset.assetType, assetId: asset.assetId }, { signal: run.signal });
	return done(`Deleted ${asset.assetType} "${asset.name}" · ${asset.assetId} to the trash (profile "${profile.name}"). ${RESTORE_HINT}`, {
		profile: profile.name,
		trashed: assetSummary(asset),
		restorable: true,
		restore: RESTORE_HINT,
	});
}

export const trashAssetTool: AgentTool = { definition: TRASH_ASSET, run: trashAsset };
