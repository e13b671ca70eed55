/**
 * What the explorer's Cloud Storage commands act on, whichever way they are called: a clicked row (or
 * several, with the tree's multi-select), an `adobe-storage://<profile>/<project>/…` URI (the file system's
 * scheme, issue #19), or a scripted `{ assetId, assetType?, profile? }`. Also the writes bound to a
 * profile's token, and the permission check every write makes before it starts.
 */
import * as vscode from 'vscode';
import { withFreshTokenOnce } from '../../core/common/caller';
import { invalidInput } from '../../core/common/errors';
import type { ProfileMeta } from '../../core/credentials/profiles';
import type { AssetPage, StorageAsset, StorageContainer } from '../../core/storage/types';
import type { AssetRef, EffectivePermission, StorageWrites } from '../../core/storage/writeTypes';
import { isBrandedNode } from '../../shared/nodeBrand';
import { isScripted, profileNamed } from '../../shared/profilePick';
import type { ExtensionServices } from '../../shared/services';
import { callerSource } from '../../shared/tokens';
import type { ExplorerProvider } from './explorerProvider';
import type { ExplorerNode } from './nodes';

/** The file system's scheme (issue #19): `adobe-storage://<profile name>/<project>/<folder>/…/<file>`. */
export const STORAGE_SCHEME = 'adobe-storage';

export type AssetNode = Extract<ExplorerNode, { kind: 'asset' }>;

/** One item a command acts on. `asset` is known when it came from the tree or was looked up. */
export interface Target {
	profile: ProfileMeta;
	asset: StorageAsset;
	/** Its row, when the tree has shown it. */
	node?: AssetNode;
}

/** Where new items go: a project or folder, or the project list (New Project only). */
export type Container = { profile: ProfileMeta; root: true; node?: ExplorerNode } | (Target & { root?: false });

export function isNode(value: unknown): value is ExplorerNode {
	return isBrandedNode(value);
}

export function isContainerAsset(asset: StorageAsset): boolean {
	return asset.assetType === 'project' || asset.assetType === 'folder';
}

export function refOf(asset: StorageAsset): AssetRef {
	return { assetType: asset.assetType, assetId: asset.assetId };
}

/**
 * The writes for a profile: core/storage/writes.ts over the current clients (AdobeClients.storageWrites),
 * its token refreshed once after a 401 (core/common/caller.ts).
 */
export function writesFor(services: ExtensionServices, profile: ProfileMeta): StorageWrites {
	return services.clients.get().storageWrites(callerSource(services, profile));
}

/** A read with the profile's token, refreshed once if Adobe rejects it. */
export function withToken<T>(
	services: ExtensionServices,
	profile: ProfileMeta,
	call: (caller: { accessToken: string; clientId: string }) => Promise<T>,
	signal?: AbortSignal,
): Promise<T> {
	return withFreshTokenOnce(callerSource(services, profile), call, {
		signal,
		onRefresh: () => services.log.info('[storage] token rejected (401); refreshing it and trying once more'),
	});
}

/** The `adobe-storage:` URI of an item, from Adobe's `path` (`/Project/folder/file`) or the rows above it in the tree. */
export function uriOf(explorer: ExplorerProvider, profile: ProfileMeta, asset: StorageAsset, node?: ExplorerNode): vscode.Uri | undefined {
	const names: string[] = [];
	let at: ExplorerNode | undefined = node;
	while (at?.kind === 'asset') {
		names.unshift(at.asset.name);
		if (at.pinned) break;
		at = explorer.getParent(at);
	}
	if (node && at?.kind === 'storage') return storageUri(profile, names);
	if (asset.path?.startsWith('/')) return storageUri(profile, asset.path.slice(1).split('/'));
	return undefined;
}

export function storageUri(profile: ProfileMeta, names: readonly string[]): vscode.Uri {
	// Uri.from percent-encodes each name when the URI is written out; a name holds no "/" (Adobe's assetName rule).
	return vscode.Uri.from({ scheme: STORAGE_SCHEME, authority: profile.name, path: `/${names.join('/')}` });
}

/** What Go to… and Run Adobe Operation… take as text: an `adobe-storage:` URI, or a path (/Project/folder/file) of the profile's. */
export function storageUriOfText(profile: ProfileMeta, text: string): vscode.Uri {
	const trimmed = text.trim();
	if (trimmed.startsWith(`${STORAGE_SCHEME}:`)) return vscode.Uri.parse(trimmed, true);
	return storageUri(
		profile,
		trimmed.split('/').filter((name) => name.length > 0),
	);
}

/** A URI argument: a vscode.Uri or its string. */
export function uriArgument(value: unknown): vscode.Uri | undefined {
	if (value instanceof vscode.Uri) return value;
	if (typeof value === 'string' && /^[a-z][\w+.-]*:/i.test(value)) return vscode.Uri.parse(value, true);
	// A Uri that crossed an extension boundary arrives as its JSON ({ scheme, authority, path, … }).
	if (typeof value === 'object' && value !== null && typeof (value as { scheme?: unknown }).scheme === 'string') {
		return vscode.Uri.from(value as { scheme: string; authority?: string; path?: string; query?: string; fragment?: string });
	}
	return undefined;
}

/**
 * The item an `adobe-storage:` URI names, found by listing each level by name from the project list
 * (Adobe has no lookup by path). `adobe-storage://<profile>/` is the project list itself.
 */
export async function resolveStorageUri(services: ExtensionServices, uri: vscode.Uri, signal?: AbortSignal): Promise<Container> {
	if (uri.scheme !== STORAGE_SCHEME) throw invalidInput(`${uri.scheme}: expected an ${STORAGE_SCHEME}://<profile>/<project>/… URI.`);
	const profile = profileOfUri(services, uri);
	const names = uri.path.split('/').filter((name) => name.length > 0);
	if (names.length === 0) return { profile, root: true };
	const storage = () => services.clients.get().cloudStorage;
	let container: StorageContainer = { assetType: 'projects' };
	let found: StorageAsset | undefined;
	for (const [depth, name] of names.entries()) {
		const current: StorageContainer = container;
		found = await withToken(
			services,
			profile,
			async (caller): Promise<StorageAsset | undefined> => {
				for await (const page of storage().pages(caller, current, { limit: 100, signal }) as AsyncGenerator<AssetPage>) {
					const match = page.items.find((item) => item.name === name);
					if (match) return match;
				}
				return undefined;
			},
			signal,
		);
		if (!found) {
			throw invalidInput(`There is no "${name}" in ${depth === 0 ? `the projects of ${profile.name}` : `"${names[depth - 1]}"`}.`, {
				code: 'not_found',
				service: 'cloudStorage',
			});
		}
		if (depth < names.length - 1) {
			if (!isContainerAsset(found)) throw invalidInput(`"${name}" is a file, not a folder.`, { code: 'not_found' });
			container = { assetType: found.assetType as 'project' | 'folder', assetId: found.assetId };
		}
	}
	return { profile, asset: found as StorageAsset };
}

/** The profile a URI's authority names (found whatever its case: VS Code writes an authority in lower case). */
export function profileOfUri(services: ExtensionServices, uri: vscode.Uri): ProfileMeta {
	return profileNamed(services, decodeURIComponent(uri.authority) || undefined);
}

/** A scripted `{ assetId, assetType?, profile? }`, its metadata read so the item's name and type are known. */
async function scriptedAsset(
	services: ExtensionServices,
	args: Record<string, unknown>,
	signal?: AbortSignal,
): Promise<Target | undefined> {
	if (typeof args.assetId !== 'string') return undefined;
	const profile = profileNamed(services, args.profile);
	const assetType = args.assetType ?? 'file';
	if (assetType !== 'project' && assetType !== 'folder' && assetType !== 'file') {
		throw invalidInput('assetType: must be "project", "folder" or "file".');
	}
	const asset = await withToken(services, profile, (caller) =>
		services.clients.get().cloudStorage.metadata(caller, assetType, args.assetId as string, signal),
	);
	return { profile, asset };
}

/**
 * The items a command acts on: the clicked row and the other selected rows (VS Code passes the
 * selection as the second argument), a scripted `{ uri }`/`{ uris }`/`{ assetId }`, or the tree's selection.
 */
export async function targetsOf(
	services: ExtensionServices,
	treeView: vscode.TreeView<ExplorerNode>,
	args: unknown,
	more: unknown,
	field = 'uri',
): Promise<Target[]> {
	if (isNode(args)) {
		const many = Array.isArray(more) && more.length > 1 && more.includes(args) ? (more as unknown[]) : [args];
		return many
			.filter((n): n is AssetNode => isNode(n) && n.kind === 'asset')
			.map((node) => ({ profile: node.profile, asset: node.asset, node }));
	}
	if (isScripted(args)) {
		const raw = args[field] ?? args[`${field}s`];
		const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
		const targets: Target[] = [];
		for (const value of list) {
			const uri = uriArgument(value);
			if (!uri) throw invalidInput(`${field}: an ${STORAGE_SCHEME}: URI (or a list of them).`);
			const resolved = await resolveStorageUri(services, uri);
			if (resolved.root) throw invalidInput(`${field}: ${uri.toString()} is the project list, not an item.`);
			targets.push(resolved);
		}
		if (targets.length > 0) return targets;
		const scripted = await scriptedAsset(services, args);
		if (scripted) return [scripted];
		throw invalidInput(`${field}: the ${STORAGE_SCHEME}: URI of the item (or assetId, assetType and profile).`);
	}
	const selection = treeView.selection.filter((n): n is AssetNode => n.kind === 'asset');
	return selection.map((node) => ({ profile: node.profile, asset: node.asset, node }));
}

/** The container a clicked row, a URI or a scripted `{ assetId, assetType }` names. */
export async function containerOf(services: ExtensionServices, value: unknown, signal?: AbortSignal): Promise<Container | undefined> {
	if (isNode(value)) {
		if (value.kind === 'storage') return { profile: value.profile, root: true, node: value };
		if (value.kind === 'asset' && isContainerAsset(value.asset) && !value.deleted) {
			return { profile: value.profile, asset: value.asset, node: value };
		}
		return undefined;
	}
	const uri = uriArgument(value);
	if (uri) return resolveStorageUri(services, uri, signal);
	if (isScripted(value)) return scriptedAsset(services, { assetType: 'folder', ...value }, signal);
	return undefined;
}

const VERBS: Record<PermissionNeed, [string, keyof EffectivePermission, (p: EffectivePermission) => boolean | undefined]> = {
	edit: ['change', 'canEdit', (p) => p.canEdit],
	delete: ['delete', 'canDelete', (p) => p.canDelete],
	restore: ['restore', 'canRestore', (p) => p.canRestore],
	deletePermanently: ['permanently delete', 'canPermanentDelete', (p) => p.canPermanentDelete],
	moveOut: ['move items out of', 'canMoveOutside', (p) => p.canMoveOutside ?? p.canEdit],
};
export type PermissionNeed = 'edit' | 'delete' | 'restore' | 'deletePermanently' | 'moveOut';

/**
 * Refuses a write before it starts when Adobe's effective-permission (getProjectEffectivePermission,
 * getFolderEffectivePermission, getFileEffectivePermission) says this credential may not: the message names
 * the item, what it may not do, and the role Adobe reported.
 */
export async function ensureAllowed(
	writes: StorageWrites,
	asset: StorageAsset,
	need: PermissionNeed,
	redact: (text: string) => string,
	signal?: AbortSignal,
): Promise<void> {
	const permission = await writes.effectivePermission(refOf(asset), signal);
	const [verb, flag, allowed] = VERBS[need];
	if (allowed(permission)) return;
	const role = permission.role ? `its role is "${redact(permission.role)}"` : 'it has no role there';
	throw invalidInput(
		`This credential cannot ${verb} "${redact(asset.name)}": Adobe's effective permission says ${String(flag)} is false (${role}). Ask the project's owner for edit access.`,
		{ code: 'permission_denied', service: 'cloudStorage' },
	);
}
