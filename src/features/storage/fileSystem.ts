/**
 * The `adobe-storage:` file system (issue #19): Adobe Cloud Storage through vscode.workspace.fs, so the
 * editor, VS Code's Explorer (a workspace folder `adobe-storage://acc/Alpha%20Campaign`), search, diff and
 * other extensions all work on it. The policies live in the core: paths and listings in
 * core/storage/tree.ts (exact names, whole listings up to 10,000 items, paced, cached briefly), reads in
 * core/storage/client.ts, writes in core/storage/writes.ts (StorageWrites, core/storage/writeTypes.ts).
 * This file maps them to VS Code's FileSystemProvider and its errors. Every message passes the log's
 * redactor: no token and no pre-signed URL reaches an error VS Code shows.
 *
 * Nothing is lost:
 * - Adobe keeps no ETag on replace, so the version (modified date, size) seen when a file was read is
 *   recorded and handed to replaceFile as `expected`; a file changed on Adobe since fails the save.
 *   stat reports Adobe's modifiedDate as mtime, so once our listing is fresh VS Code's own "file is newer"
 *   compare catches it before the write. A conflict is reported once per server version: saving again
 *   after it is the user's choice (VS Code asks first, since stat then reports the newer mtime).
 * - delete is Adobe's soft delete, always (VS Code hands every delete over with useTrash false: a provider
 *   has no trash capability), so Restore brings it back.
 * - a folder is never moved to another parent (Adobe moves files only): refused before anything starts.
 */
import * as vscode from 'vscode';
import { ApiCaller, withFreshTokenOnce } from '../../core/common/caller';
import { AdobeApiError, invalidInput, isAdobeApiError, toAdobeApiError } from '../../core/common/errors';
import { formatBytes } from '../../core/common/format';
import type { ProfileMeta } from '../../core/credentials/profiles';
import type { StorageAsset, StorageContainer } from '../../core/storage/types';
import { assetNameProblem } from '../../core/storage/names';
import { mediaTypeFor } from '../../core/storage/paths';
import { Resolved, StorageTree, asContainer, containerId } from '../../core/storage/tree';
import type { AssetRef, EffectivePermission, ReadVersion, StorageWrites, UploadSource } from '../../core/storage/writeTypes';
import type { WriteAction } from '../../core/storage/writes';
import type { ExtensionServices } from '../../shared/services';
import { storageNames, storageUri } from '../../shared/storageUri';
import { callerSource } from '../../shared/tokens';
import { onDidChangeStorage, writtenThroughFileSystem } from '../../shared/storageChanges';

/** The largest file readFile holds in memory; larger ones are for Download. */
export const MAX_READ_BYTES = 256 * 1024 * 1024;
/** How long an effective-permission answer is trusted. */
const PERMISSION_TTL_MS = 60_000;
/** The rendition size a cloud document opens at (image-rendition's `size`, the longest side in pixels). */
const RENDITION_SIZE = 2048;

/** How the file system gets the writes for a profile: core/storage/writes.ts bound to its token (StorageWritesFactory). */
export type WritesFor = (profile: ProfileMeta) => StorageWrites;

/** A cloud document (a library, a .psdc, anything Adobe keeps as a composite): no bytes to download, only a rendition. */
export function isCloudDocument(asset: Pick<StorageAsset, 'assetType' | 'mediaType'>): boolean {
	if (asset.assetType === 'project' || asset.assetType === 'folder') return false;
	return asset.assetType !== 'file' || (asset.mediaType?.endsWith('+dcx') ?? false);
}

interface ProfileState {
	profile: ProfileMeta;
	tree: StorageTree;
	permissions: Map<string, { permission: EffectivePermission; at: number }>;
	/** assetId → the version the last read saw (ReadVersion), for replaceFile's `expected`. */
	versions: Map<string, ReadVersion>;
	/** assetId → the server's modifiedDate we reported a conflict against: the next save over it proceeds. */
	conflicts: Map<string, string | undefined>;
	/**
	 * Files created empty (VS Code's New File writes zero bytes), by path: Adobe keeps no empty file (its upload
	 * needs at least 1 byte, the spec's fileSize minimum 1), so each stays here, listed and openable, until its
	 * first save with content uploads it. Path (names joined by "/") → when it was created.
	 */
	drafts: Map<string, number>;
}

export class StorageFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
	private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
	readonly onDidChangeFile = this.changes.event;
	private readonly states = new Map<string, ProfileState>();
	private readonly disposables: vscode.Disposable[] = [];
	/** Cloud documents whose "showing its rendition" was said once already. */
	private readonly renditionsShown = new Set<string>();

	constructor(
		private readonly services: ExtensionServices,
		private readonly writesFor: WritesFor,
		/** The activation stand-in's listener (features/storage/index.ts): told every change this provider fires. */
		notify?: (events: vscode.FileChangeEvent[]) => void,
	) {
		if (notify) this.disposables.push(this.changes.event(notify));
		// A renamed or removed profile, or other credentials: ask Adobe again. The versions read are kept: they are what
		// a later save compares with (forgetting them would let a save overwrite a change it never saw).
		this.disposables.push(
			services.profiles.onDidChange(() => {
				for (const [id, state] of this.states) {
					const profile = services.profiles.list().find((p) => p.id === id);
					if (!profile) this.states.delete(id);
					else {
						state.profile = profile;
						state.tree.invalidate();
						state.permissions.clear();
					}
				}
			}),
		);
		// The explorer's commands wrote to Adobe without this provider (shared/storageChanges.ts): ask Adobe again, and say so.
		this.disposables.push(
			onDidChangeStorage(({ uris }) => {
				this.forget();
				if (uris.length > 0) this.changes.fire(uris.map((uri) => ({ type: vscode.FileChangeType.Changed, uri })));
			}),
		);
	}

	dispose(): void {
		for (const d of this.disposables) d.dispose();
		this.changes.dispose();
	}

	/** Adobe is asked again about everything (a refresh in the explorer, a test that changed the server). */
	forget(): void {
		for (const state of this.states.values()) {
			state.tree.invalidate();
			state.permissions.clear();
		}
	}

	/**
	 * The asset a URI names (undefined for a profile's project list), from the same cache as stat: the explorer's
	 * commands (Go to, Restore), the agent tools and the tests map a URI to Adobe's asset id with it.
	 */
	async assetAt(uri: vscode.Uri): Promise<StorageAsset | undefined> {
		return this.run(uri, async () => {
			const { state, names } = await this.target(uri);
			const resolved = await state.tree.resolve(names);
			return resolved.kind === 'asset' ? resolved.asset : undefined;
		});
	}

	watch(): vscode.Disposable {
		// Adobe has no change feed: our own writes fire onDidChangeFile, others show at the next listing.
		return new vscode.Disposable(() => undefined);
	}

	// ---- reads ----

	async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
		return this.run(uri, async () => {
			const { state, names } = await this.target(uri);
			const draft = state.drafts.get(names.join('/'));
			if (draft !== undefined) return { type: vscode.FileType.File, ctime: draft, mtime: draft, size: 0 };
			const resolved = await state.tree.resolve(names);
			if (resolved.kind === 'root') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
			const { asset } = resolved;
			const readonly = isCloudDocument(asset) || (await this.readonlyFor(state, resolved));
			return {
				type: asContainer(asset) ? vscode.FileType.Directory : vscode.FileType.File,
				ctime: time(asset.createdDate),
				mtime: time(asset.modifiedDate),
				size: asset.size ?? 0,
				permissions: readonly ? vscode.FilePermission.Readonly : undefined,
			};
		});
	}

	async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
		return this.run(uri, async () => {
			const { state, names } = await this.target(uri);
			const container = this.containerOf(await state.tree.resolve(names), names);
			const items = await state.tree.list(container);
			const entries: [string, vscode.FileType][] = items.map((item) => [
				item.name,
				asContainer(item) ? vscode.FileType.Directory : vscode.FileType.File,
			]);
			const taken = new Set(items.map((item) => item.name));
			for (const name of draftsIn(state, names)) if (!taken.has(name)) entries.push([name, vscode.FileType.File]);
			return entries;
		});
	}

	async readFile(uri: vscode.Uri): Promise<Uint8Array> {
		return this.run(uri, async () => {
			const { state, names } = await this.target(uri);
			if (state.drafts.has(names.join('/'))) return new Uint8Array(0);
			const asset = this.fileOf(await state.tree.resolve(names), names);
			const withToken = this.withToken(state);
			if (isCloudDocument(asset)) {
				this.services.log.info(`[storage] ${names.join('/')} is a cloud document: opening its rendition (PNG, read-only)`);
				if (!this.renditionsShown.has(asset.assetId)) {
					this.renditionsShown.add(asset.assetId);
					void vscode.window.showInformationMessage(
						this.services.log.redact(
							`"${asset.name}" is a cloud document, which Adobe does not download: showing its image rendition, read-only.`,
						),
					);
				}
				return withToken((caller) => this.client().rendition(caller, asset.assetId, RENDITION_SIZE));
			}
			// Fresh metadata first: the version recorded is never newer than the bytes read (a change in between
			// makes a later save fail as a conflict, which loses nothing; the other order could lose a change).
			const current = await withToken((caller) => this.client().metadata(caller, 'file', asset.assetId));
			const size = current.size ?? asset.size;
			if (size !== undefined && size > MAX_READ_BYTES) throw tooLarge(names, size);
			const bytes = await this.download(state, current, names);
			state.versions.set(asset.assetId, versionOf(current));
			state.conflicts.delete(asset.assetId);
			return bytes;
		});
	}

	// ---- writes ----

	async writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
		return this.run(uri, async () => {
			const { state, names } = await this.target(uri);
			const { parent, name } = await this.parentOf(state, names, 'a file');
			checkName(name);
			const existing = await state.tree.child(parent, name);
			const path = names.join('/');
			const draft = state.drafts.has(path);
			if (existing && asContainer(existing)) throw vscode.FileSystemError.FileIsADirectory(uri);
			if ((existing || draft) && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
			if (!existing && !draft && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
			if (content.byteLength === 0) {
				if (existing) {
					throw noPermission(
						`Adobe Cloud Storage keeps no empty files, so "${name}" keeps its content: nothing was saved. To remove the file, delete it.`,
					);
				}
				if (!draft) {
					await this.mustAllow(state, ref(parent), 'upload', names.slice(0, -1));
					state.drafts.set(path, Date.now());
					this.services.log.info(`[storage] ${path} is empty: kept in this window until it has content (Adobe keeps no empty files)`);
					this.fire(vscode.FileChangeType.Created, uri);
				}
				return;
			}
			const writes = this.writesFor(state.profile);
			const source = bufferSource(content, existing?.mediaType ?? mediaTypeFor(name));
			let written: StorageAsset;
			if (existing) {
				if (isCloudDocument(existing)) throw noPermission(`"${name}" is a cloud document: it opens as a rendition, which is read-only.`);
				await this.mustAllow(state, ref(existing), 'replace', names);
				written = await this.replace(state, writes, existing, source);
			} else {
				await this.mustAllow(state, ref(parent), 'upload', names.slice(0, -1));
				written = await writes.uploadFile(containerRef(parent).assetId, name, source);
			}
			state.versions.set(written.assetId, versionOf(written));
			state.conflicts.delete(written.assetId);
			state.drafts.delete(path);
			state.tree.invalidate(containerId(parent));
			this.fire(existing || draft ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri);
		});
	}

	async createDirectory(uri: vscode.Uri): Promise<void> {
		return this.run(uri, async () => {
			const { state, names } = await this.target(uri);
			if (names.length === 0) throw vscode.FileSystemError.FileExists(uri);
			const name = names[names.length - 1];
			checkName(name);
			const writes = this.writesFor(state.profile);
			const parent: StorageContainer =
				names.length === 1 ? { assetType: 'projects' } : this.containerOf(await state.tree.resolve(names.slice(0, -1)), names.slice(0, -1));
			if (await state.tree.child(parent, name)) throw vscode.FileSystemError.FileExists(uri);
			if (parent.assetType === 'projects') await writes.createProject(name);
			else {
				await this.mustAllow(state, ref(parent), 'create', names.slice(0, -1));
				await writes.createFolder(parent.assetId, name);
			}
			state.tree.invalidate(containerId(parent));
			this.fire(vscode.FileChangeType.Created, uri);
		});
	}

	async delete(uri: vscode.Uri, options: { recursive: boolean }): Promise<void> {
		return this.run(uri, async () => {
			const { state, names } = await this.target(uri);
			// An empty file that never reached Adobe: nothing to keep, nothing to send.
			if (state.drafts.delete(names.join('/'))) return this.fire(vscode.FileChangeType.Deleted, uri);
			const resolved = await state.tree.resolve(names);
			if (resolved.kind === 'root') throw noPermission('The list of projects cannot be deleted.');
			const { asset, parent } = resolved;
			const container = asContainer(asset);
			if (container && !options.recursive && (await state.tree.list(container)).length > 0) {
				throw noPermission(`"${names.join('/')}" is not empty.`);
			}
			await this.mustAllow(state, ref(asset), 'delete', names);
			// Adobe's soft delete (deleteFile / deleteFolder / deleteProject without permanent=true): Restore brings it
			// back with what it held, so a recursive delete is one call.
			await this.writesFor(state.profile).trash(ref(asset));
			state.tree.invalidate(containerId(parent));
			if (container) state.tree.invalidate(containerId(container));
			this.fire(vscode.FileChangeType.Deleted, uri);
		});
	}

	async rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
		return this.run(oldUri, async () => {
			const from = await this.target(oldUri);
			const to = await this.target(newUri);
			if (from.state !== to.state) throw noPermission('Items move between projects of one profile only, not from one profile to another.');
			const { state } = from;
			const draft = state.drafts.get(from.names.join('/'));
			if (draft !== undefined) return this.renameDraft(state, oldUri, newUri, to.names, draft, options);
			const resolved = await state.tree.resolve(from.names);
			if (resolved.kind === 'root') throw noPermission('The list of projects cannot be renamed.');
			const { asset, parent: oldParent } = resolved;
			const { parent: newParent, name } = await this.parentOf(
				state,
				to.names,
				asset.assetType === 'project' ? 'a project' : 'an item',
				true,
			);
			checkName(name);
			const samePlace = containerId(oldParent) === containerId(newParent);
			const isFile = !asContainer(asset);
			if (!samePlace && !isFile) {
				// Adobe moves files only (moveFile); a folder's contents one by one would be half done if any failed.
				throw noPermission(this.services.clients.network().folderTransferUnsupported('move', asset.name).message);
			}
			const existing = await state.tree.child(newParent, name);
			if (existing && existing.assetId !== asset.assetId && !options.overwrite) throw vscode.FileSystemError.FileExists(newUri);
			const writes = this.writesFor(state.profile);
			if (samePlace) await this.mustAllow(state, ref(asset), 'rename', from.names);
			else {
				await this.mustAllow(state, ref(oldParent), 'moveOut', from.names.slice(0, -1));
				await this.mustAllow(state, ref(newParent), 'moveIn', to.names.slice(0, -1));
			}
			// Overwrite: the item in the way goes to the trash first (recoverable), and comes back if the rename fails.
			const displaced = existing && existing.assetId !== asset.assetId ? existing : undefined;
			if (displaced) await writes.trash(ref(displaced));
			try {
				if (samePlace) await writes.rename(ref(asset), name);
				else await writes.moveFile(asset.assetId, containerRef(newParent).assetId, name === asset.name ? {} : { name });
			} catch (error) {
				if (displaced) await writes.restore(ref(displaced)).catch(() => undefined);
				throw error;
			} finally {
				state.tree.invalidate(containerId(oldParent));
				state.tree.invalidate(containerId(newParent));
			}
			this.changes.fire([
				{ type: vscode.FileChangeType.Deleted, uri: oldUri },
				{ type: vscode.FileChangeType.Created, uri: newUri },
			]);
			writtenThroughFileSystem([oldUri, newUri]);
		});
	}

	async copy(source: vscode.Uri, destination: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
		return this.run(source, async () => {
			const from = await this.target(source);
			const to = await this.target(destination);
			if (from.state !== to.state) throw noPermission('Items copy between projects of one profile only, not from one profile to another.');
			const { state } = from;
			const resolved = await state.tree.resolve(from.names);
			if (resolved.kind === 'asset' && asContainer(resolved.asset)) {
				throw noPermission(this.services.clients.network().folderTransferUnsupported('copy', resolved.asset.name).message);
			}
			const asset = this.fileOf(resolved, from.names);
			const { parent, name } = await this.parentOf(state, to.names, 'a file');
			checkName(name);
			const existing = await state.tree.child(parent, name);
			if (existing && !options.overwrite) throw vscode.FileSystemError.FileExists(destination);
			if (existing?.assetId === asset.assetId) return;
			await this.mustAllow(state, ref(parent), 'create', to.names.slice(0, -1));
			const writes = this.writesFor(state.profile);
			if (existing) await writes.trash(ref(existing));
			try {
				await writes.copyFile(asset.assetId, containerRef(parent).assetId, name === asset.name ? {} : { name });
			} catch (error) {
				if (existing) await writes.restore(ref(existing)).catch(() => undefined);
				throw error;
			} finally {
				state.tree.invalidate(containerId(parent));
			}
			this.fire(existing ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, destination);
		});
	}

	// ---- helpers ----

	/** An empty file not yet in Adobe, renamed or moved: only its path changes (the folder it goes to must exist). */
	private async renameDraft(
		state: ProfileState,
		oldUri: vscode.Uri,
		newUri: vscode.Uri,
		names: string[],
		created: number,
		options: { overwrite: boolean },
	): Promise<void> {
		const { parent, name } = await this.parentOf(state, names, 'a file');
		checkName(name);
		const existing = await state.tree.child(parent, name);
		if ((existing || state.drafts.has(names.join('/'))) && !options.overwrite) throw vscode.FileSystemError.FileExists(newUri);
		if (existing) throw noPermission(`"${name}" is in Adobe Cloud Storage: an empty file cannot replace it (Adobe keeps no empty files).`);
		state.drafts.delete(storageNames(oldUri).names.join('/'));
		state.drafts.set(names.join('/'), created);
		this.changes.fire([
			{ type: vscode.FileChangeType.Deleted, uri: oldUri },
			{ type: vscode.FileChangeType.Created, uri: newUri },
		]);
		writtenThroughFileSystem([oldUri, newUri]);
	}

	/** The profile a URI names (its authority) and the names of its path. */
	private async target(uri: vscode.Uri): Promise<{ state: ProfileState; names: string[] }> {
		const { profile: name, names } = storageNames(uri);
		await this.services.profiles.ready();
		const profiles = this.services.profiles.list();
		// Exact first; then as ProfileStore.find does (case-insensitive): some of VS Code's paths lower-case a URI's authority.
		const profile = profiles.find((p) => p.name === name) ?? this.services.profiles.find(name);
		if (!profile) {
			throw vscode.FileSystemError.Unavailable(
				`No Adobe profile is named "${name}": an adobe-storage: URI starts with a profile's name (adobe-storage://<profile>/<project>/…). Add the profile, or open the file from the Adobe view.`,
			);
		}
		let state = this.states.get(profile.id);
		if (!state) {
			state = {
				profile,
				tree: new StorageTree({
					storage: () => this.client(),
					caller: callerSource(this.services, profile),
					onRetry: ({ delayMs, status }) =>
						this.services.log.info(
							`[storage] ${status === 429 ? 'rate limited' : `HTTP ${status ?? 'error'}`}; retrying in ${Math.ceil(delayMs / 1000)} s`,
						),
					onRefresh: () => this.services.log.info('[storage] token rejected (401); refreshing it and trying once more'),
				}),
				permissions: new Map(),
				versions: new Map(),
				conflicts: new Map(),
				drafts: new Map(),
			};
			this.states.set(profile.id, state);
		}
		return { state, names };
	}

	private client() {
		return this.services.clients.get().cloudStorage;
	}

	private withToken(state: ProfileState) {
		return <T>(call: (caller: ApiCaller) => Promise<T>): Promise<T> =>
			withFreshTokenOnce(callerSource(this.services, state.profile), call, {
				onRefresh: () => this.services.log.info('[storage] token rejected (401); refreshing it and trying once more'),
			});
	}

	/** The container a resolved path names, or FileNotADirectory. */
	private containerOf(resolved: Resolved, names: readonly string[]): StorageContainer {
		if (resolved.kind === 'root') return resolved.container;
		const container = asContainer(resolved.asset);
		if (!container) throw vscode.FileSystemError.FileNotADirectory(`"${names.join('/')}" is a file, not a folder.`);
		return container;
	}

	/** The file a resolved path names, or FileIsADirectory. */
	private fileOf(resolved: Resolved, names: readonly string[]): StorageAsset {
		if (resolved.kind === 'asset' && !asContainer(resolved.asset)) return resolved.asset;
		throw vscode.FileSystemError.FileIsADirectory(`"${names.join('/') || '/'}" is a folder, not a file.`);
	}

	/** The container a new item goes into (its path without the last name) and its name. */
	private async parentOf(
		state: ProfileState,
		names: readonly string[],
		what: string,
		projectsAllowed = false,
	): Promise<{ parent: StorageContainer; name: string }> {
		if (names.length === 0) throw noPermission('The list of projects is not a file.');
		const name = names[names.length - 1];
		if (names.length === 1) {
			if (!projectsAllowed) {
				throw noPermission(
					`Only projects live at the top of Cloud Storage: put ${what} in a project (adobe-storage://<profile>/<project>/${name}).`,
				);
			}
			return { parent: { assetType: 'projects' }, name };
		}
		const parentNames = names.slice(0, -1);
		return { parent: this.containerOf(await state.tree.resolve(parentNames), parentNames), name };
	}

	/** Replaces a file's content, refusing it when Adobe's copy changed since it was read (code 'conflict'). */
	private async replace(state: ProfileState, writes: StorageWrites, existing: StorageAsset, source: UploadSource): Promise<StorageAsset> {
		const seen = state.conflicts.has(existing.assetId);
		// After a conflict was reported for a version, saving again over that same version is the user's choice.
		const expected = seen
			? { modifiedDate: state.conflicts.get(existing.assetId) }
			: (state.versions.get(existing.assetId) ?? versionOf(existing));
		try {
			return await writes.replaceFile(existing.assetId, source, { expected });
		} catch (error) {
			if (!isAdobeApiError(error) || error.code !== 'conflict') throw error;
			// Our listing is stale for this file: the next stat reports Adobe's newer mtime, so VS Code's compare can show.
			state.tree.invalidate();
			const now = await this.withToken(state)((caller) => this.client().metadata(caller, 'file', existing.assetId)).catch(() => undefined);
			state.conflicts.set(existing.assetId, now?.modifiedDate);
			throw new AdobeApiError(
				`"${existing.name}" changed on Adobe Cloud Storage since it was read${now?.modifiedDate ? ` (modified ${now.modifiedDate}${now.modifiedBy ? ` by ${now.modifiedBy}` : ''})` : ''}: nothing was saved. ` +
					"Save again to compare your version with Adobe's, or to overwrite it.",
				{ kind: 'http', service: 'cloudStorage', status: 409, code: 'conflict', requestId: error.requestId },
			);
		}
	}

	/** The file's bytes: the pre-signed URL from Adobe's download endpoint, fetched without our Authorization header (HttpClient.fetchBytes). */
	private async download(state: ProfileState, asset: StorageAsset, names: readonly string[]): Promise<Uint8Array> {
		const network = this.services.clients.get();
		const link = await this.withToken(state)((caller) => network.cloudStorage.downloadLink(caller, asset.assetId));
		if (link.size !== undefined && link.size > MAX_READ_BYTES) throw tooLarge(names, link.size);
		try {
			return await network.http.fetchBytes({ service: 'cloudStorage', url: link.url }, { maxBytes: MAX_READ_BYTES });
		} catch (error) {
			if (isAdobeApiError(error) && error.code === 'too_large') throw tooLarge(names, link.size ?? asset.size ?? MAX_READ_BYTES + 1);
			throw error;
		}
	}

	/**
	 * Whether stat should say read-only: the item's own effective permission when we have it, else its
	 * container's (one request per folder, cached), so a folder of 10,000 files costs one question, not 10,000.
	 */
	private async readonlyFor(state: ProfileState, resolved: Extract<Resolved, { kind: 'asset' }>): Promise<boolean> {
		const own = state.permissions.get(resolved.asset.assetId);
		if (own && Date.now() - own.at < PERMISSION_TTL_MS) return !own.permission.canEdit;
		const about = asContainer(resolved.asset)
			? ref(resolved.asset)
			: resolved.parent.assetType === 'projects'
				? undefined
				: ref(resolved.parent);
		if (!about) return false;
		const permission = await this.permission(state, about).catch(() => undefined);
		return permission ? !permission.canEdit : false;
	}

	private async permission(state: ProfileState, asset: AssetRef): Promise<EffectivePermission> {
		const cached = state.permissions.get(asset.assetId);
		if (cached && Date.now() - cached.at < PERMISSION_TTL_MS) return cached.permission;
		const permission = await this.writesFor(state.profile).effectivePermission(asset);
		state.permissions.set(asset.assetId, { permission, at: Date.now() });
		return permission;
	}

	/** Refuses a write before it starts when Adobe's effective-permission says this credential may not (core's checkWritable words it). */
	private async mustAllow(state: ProfileState, asset: AssetRef, action: WriteAction, what: readonly string[]): Promise<void> {
		if (asset.assetType === 'projects') return;
		const refusal = this.services.clients.network().checkWritable(await this.permission(state, asset), action);
		if (refusal) throw noPermission(`${refusal} ("${what.join('/') || '/'}": nothing was changed.)`);
	}

	private fire(type: vscode.FileChangeType, uri: vscode.Uri): void {
		const names = storageNames(uri).names;
		const parent = storageUri(uri.authority, names.slice(0, -1));
		this.changes.fire([
			{ type, uri },
			...(type === vscode.FileChangeType.Changed ? [] : [{ type: vscode.FileChangeType.Changed, uri: parent }]),
		]);
		writtenThroughFileSystem([uri]);
	}

	/** Runs a file system call, its failure a FileSystemError VS Code understands, its message redacted. */
	private async run<T>(uri: vscode.Uri, call: () => Promise<T>): Promise<T> {
		try {
			return await call();
		} catch (error) {
			throw this.toFileSystemError(error, uri);
		}
	}

	private toFileSystemError(error: unknown, uri: vscode.Uri): Error {
		const redact = this.services.log.redact;
		if (error instanceof vscode.FileSystemError) {
			// Ours, thrown above: a message we wrote about names Adobe sent; redacted like everything shown.
			const message = redact(error.message);
			if (message === error.message) return error;
			return codeOf(error, message);
		}
		const failure = toAdobeApiError(error, 'cloudStorage');
		const message = redact(`${failure.message}${failure.requestId ? ` (request id ${failure.requestId})` : ''}`);
		this.services.log.warn(`[storage] ${uri.path}: ${message}`);
		if (failure.code === 'not_found' || failure.code === 'resource_not_found' || failure.status === 404) {
			return vscode.FileSystemError.FileNotFound(message);
		}
		if (failure.code === 'conflict') return new vscode.FileSystemError(message);
		if (failure.status === 409 || failure.code === 'name_conflict') return vscode.FileSystemError.FileExists(message);
		if (failure.status === 403 || failure.code === 'access_error' || failure.code === 'no_permission') {
			return vscode.FileSystemError.NoPermissions(message);
		}
		if (
			failure.kind === 'network' ||
			failure.kind === 'timeout' ||
			failure.kind === 'cancelled' ||
			failure.isTransient ||
			failure.code === 'too_many_items'
		) {
			return vscode.FileSystemError.Unavailable(message);
		}
		return new vscode.FileSystemError(message);
	}
}

function codeOf(error: vscode.FileSystemError, message: string): vscode.FileSystemError {
	switch (error.code) {
		case 'FileNotFound':
			return vscode.FileSystemError.FileNotFound(message);
		case 'FileExists':
			return vscode.FileSystemError.FileExists(message);
		case 'FileNotADirectory':
			return vscode.FileSystemError.FileNotADirectory(message);
		case 'FileIsADirectory':
			return vscode.FileSystemError.FileIsADirectory(message);
		case 'NoPermissions':
			return vscode.FileSystemError.NoPermissions(message);
		case 'Unavailable':
			return vscode.FileSystemError.Unavailable(message);
		default:
			return new vscode.FileSystemError(message);
	}
}

function noPermission(message: string): vscode.FileSystemError {
	return vscode.FileSystemError.NoPermissions(message);
}

/** A name Adobe would refuse (core/storage/names.ts), refused before anything is sent. */
function checkName(name: string): void {
	const problem = assetNameProblem(name);
	if (problem) throw invalidInput(problem, { service: 'cloudStorage', code: 'invalid_name' });
}

function tooLarge(names: readonly string[], size: number): AdobeApiError {
	return invalidInput(
		`"${names.join('/')}" is ${formatBytes(size)}: the file system opens files up to ${formatBytes(MAX_READ_BYTES)}. Use Download in the Adobe view for larger files.`,
		{ service: 'cloudStorage', code: 'file_too_large' },
	);
}

/** The names of the empty files kept for a folder (ProfileState.drafts). */
function draftsIn(state: ProfileState, folder: readonly string[]): string[] {
	const prefix = folder.length > 0 ? `${folder.join('/')}/` : '';
	const names: string[] = [];
	for (const path of state.drafts.keys()) {
		const rest = path.slice(prefix.length);
		if (path.startsWith(prefix) && rest !== '' && !rest.includes('/')) names.push(rest);
	}
	return names;
}

function time(date: string | undefined): number {
	const ms = date === undefined ? NaN : Date.parse(date);
	return Number.isFinite(ms) ? ms : 0;
}

function versionOf(asset: StorageAsset): ReadVersion {
	return { modifiedDate: asset.modifiedDate, size: asset.size };
}

function ref(asset: StorageAsset | StorageContainer): AssetRef {
	return { assetType: asset.assetType, assetId: 'assetId' in asset ? asset.assetId : 'projects' };
}

function containerRef(container: StorageContainer): { assetId: string } {
	if (container.assetType === 'projects') throw noPermission('Only projects live at the top of Cloud Storage.');
	return { assetId: container.assetId };
}

/** Bytes VS Code hands over, read a block at a time as the upload asks (a view, not a copy). */
function bufferSource(content: Uint8Array, mediaType: string): UploadSource {
	const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
	return { size: buffer.length, mediaType, read: (start, end) => buffer.subarray(start, end) };
}

/** The provider the activation stub loads (features/storage/index.ts), its writes bound to each profile's token. */
export function createStorageFileSystem(
	services: ExtensionServices,
	notify: ((events: vscode.FileChangeEvent[]) => void) | undefined,
	context: { subscriptions: vscode.Disposable[] },
): StorageFileSystem {
	const fileSystem = new StorageFileSystem(services, (profile) => storageWritesFor(services, profile), notify);
	context.subscriptions.push(fileSystem);
	return fileSystem;
}

/** The writes bound to the profile's token: a 401 is answered once with a fresh one (core/storage/writes.ts createStorageWrites). */
function storageWritesFor(services: ExtensionServices, profile: ProfileMeta): StorageWrites {
	return services.clients.get().storageWrites(callerSource(services, profile));
}
