/**
 * The explorer's Cloud Storage writes (issue #19): Upload (a picker, a drop from VS Code's Explorer, a
 * script), New Folder / New Project, Rename, Move to… and Copy to…, Delete with Restore, the "Recently
 * deleted" listing and Delete Permanently, Go to… by asset id or path, Copy Pre-signed URL and Who Has
 * Access. Each is `adobeApi.storage.<method>` (registered from package.json by features/explorer/index.ts),
 * works on the clicked row and the other selected rows, or, scripted, on one argument object. Every write
 * asks Adobe's effective-permission first and is refused, with the reason, when the credential may not.
 */
import * as vscode from 'vscode';
import { invalidInput, isAdobeApiError } from '../../core/common/errors';
import { escapeMarkdown, formatBytes, formatMoment } from '../../core/common/format';
import type { ProfileMeta } from '../../core/credentials/profiles';
import { assetNameProblem } from '../../core/storage/names';
import { ROLE_CHANGE_LIMITS, additionsOf, additionsProblem, rolesRequest } from '../../core/storage/roleChange';
import type { StorageAsset } from '../../core/storage/types';
import { RoleChange, STORAGE_LIMITS, StorageWrites } from '../../core/storage/writeTypes';
import { METADATA_SCHEME, StorageCommands, Views } from '../../shared/constants';
import { withCancellableProgress } from '../../shared/progress';
import { storageChanged } from '../../shared/storageChanges';
import { isScripted, profileNamed } from '../../shared/profilePick';
import type { ExtensionServices } from '../../shared/services';
import type { ExplorerProvider } from './explorerProvider';
import type { ExplorerNode } from './nodes';
import {
	AssetNode,
	Container,
	storageUriOfText,
	Target,
	containerOf,
	ensureAllowed,
	isContainerAsset,
	isNode,
	refOf,
	resolveStorageUri,
	storageUri,
	targetsOf,
	uriArgument,
	uriOf,
	withToken,
	writesFor,
} from './storageTargets';
import { ClashAnswer, UploadOutcome, isNameClash, planUpload, runUpload } from './uploads';

/** The tree's own drag type: rows dragged within the tree move (files) into the folder they are dropped on. */
const TREE_MIME = `application/vnd.code.tree.${Views.explorer.toLowerCase()}`;
const DELETED_FILTER = 'state==deleted';

/** The TTLs Copy Pre-signed URL offers: Adobe's urlTTL allows 60 s to 4 h. */
const TTL_CHOICES: Array<{ label: string; seconds: number }> = [
	{ label: '1 minute', seconds: 60 },
	{ label: '15 minutes', seconds: 900 },
	{ label: '1 hour', seconds: 3600 },
	{ label: '4 hours', seconds: STORAGE_LIMITS.maxUrlTtlSeconds },
];

interface Documents {
	set(uri: vscode.Uri, text: string): void;
}

export function storageCommands(
	services: ExtensionServices,
	explorer: ExplorerProvider,
	treeView: vscode.TreeView<ExplorerNode>,
	documents: Documents,
) {
	const redact = services.log.redact;
	const shown = (text: string) => redact(text);

	/** Redraws the container an item was in (its row, when the tree has shown it). */
	const refreshContainer = (profile: ProfileMeta, key: string | undefined) => {
		const node = key ? explorer.containerNode(profile, key) : undefined;
		if (node) explorer.refreshNode(node);
	};
	const refreshAround = (target: Target) => refreshContainer(target.profile, target.node?.parent ?? target.asset.ancestors?.[0]);
	/** Tells the adobe-storage: file system what changed behind its back (shared/storageChanges.ts). */
	const notify = (...uris: Array<vscode.Uri | undefined>) => storageChanged({ uris: uris.filter((u): u is vscode.Uri => u !== undefined) });
	const uriOfTarget = (target: Target) => uriOf(explorer, target.profile, target.asset, target.node);

	/** The children of a container with the name, all pages (Replace finds the file it replaces; a folder upload reuses a folder). */
	const findChild = async (profile: ProfileMeta, parentId: string, parentType: string, name: string, signal?: AbortSignal) =>
		withToken(
			services,
			profile,
			async (caller) => {
				const container = { assetType: (parentType === 'project' ? 'project' : 'folder') as 'project' | 'folder', assetId: parentId };
				for await (const page of services.clients.get().cloudStorage.pages(caller, container, { limit: 100, signal })) {
					const match = page.items.find((item) => item.name === name);
					if (match) return match;
				}
				return undefined;
			},
			signal,
		);

	/** The destination a command was given, or, from the tree, the selected container (a file's folder when a file is selected). */
	async function destinationOf(value: unknown, fallback: ExplorerNode | undefined): Promise<Container | undefined> {
		if (value !== undefined) return containerOf(services, value);
		if (!fallback) return undefined;
		if (fallback.kind === 'asset' && !isContainerAsset(fallback.asset)) {
			const parent = explorer.getParent(fallback);
			return parent ? containerOf(services, parent) : undefined;
		}
		return containerOf(services, fallback);
	}

	/**
	 * Asks what to do with a taken name: Replace (a file keeps its asset id, new content), Keep Both (Adobe's
	 * autorename), Skip; dismissed cancels. With `several` (a batch with more files to come), each answer also
	 * has an "… All" button that answers the batch's later clashes the same way.
	 */
	function askClash(name: string, where: string, canReplace: boolean): Promise<ClashAnswer>;
	function askClash(
		name: string,
		where: string,
		canReplace: boolean,
		several: boolean,
	): Promise<ClashAnswer | { answer: ClashAnswer; forAll: true }>;
	async function askClash(
		name: string,
		where: string,
		canReplace: boolean,
		several = false,
	): Promise<ClashAnswer | { answer: ClashAnswer; forAll: true }> {
		const singles = canReplace ? ['Replace', 'Keep Both', 'Skip'] : ['Keep Both', 'Skip'];
		const all: Record<string, string> = { Replace: 'Replace All', 'Keep Both': 'Keep Both for All', Skip: 'Skip All' };
		const choices = several ? singles.flatMap((choice) => [choice, all[choice]]) : singles;
		let picked: string | undefined;
		try {
			picked = await vscode.window.showWarningMessage(
				`"${shown(name)}" already exists in "${shown(where)}".`,
				{
					modal: true,
					detail: `${canReplace ? 'Replace gives the existing file the new content (it keeps its asset id). ' : ''}Keep Both adds it as "${shown(name)}\u00A0(1)". Skip leaves it out; Cancel stops here.${several ? ' "… All" answers the same for every other name taken in this upload.' : ''}`,
				},
				...choices,
			);
		} catch {
			picked = undefined; // a host that cannot show dialogs: nothing is replaced
		}
		const single = Object.keys(all).find((choice) => all[choice] === picked) ?? picked;
		const answer: ClashAnswer =
			single === 'Replace' ? 'replace' : single === 'Keep Both' ? 'keepBoth' : single === 'Skip' ? 'skip' : 'cancel';
		return single !== picked ? { answer, forAll: true } : answer;
	}

	/** The scripted `onConflict`: 'fail' (the default: reported in `failed`), 'replace', 'keepBoth' or 'skip'. */
	function scriptedClash(value: unknown): ClashAnswer {
		if (value === undefined) return 'fail';
		if (value === 'fail' || value === 'replace' || value === 'keepBoth' || value === 'skip') return value;
		throw invalidInput('onConflict: "fail", "replace", "keepBoth" or "skip".');
	}

	/** Uploads files and folders from the disk: one progress notification for the batch (files and bytes, Cancel), then what failed and why. */
	async function uploadTo(
		sources: readonly vscode.Uri[],
		destination: Container,
		interactive: boolean,
		onConflict: ClashAnswer,
	): Promise<{ uploaded: vscode.Uri[]; failed: Array<{ source: vscode.Uri; message: string }> }> {
		if (destination.root) throw invalidInput('Files go in a project or a folder: choose one (the project list holds only projects).');
		const local = sources.filter((uri) => uri.scheme === 'file');
		if (local.length !== sources.length) throw invalidInput('source: files or folders on this computer (file: URIs).');
		const { profile, asset } = destination;
		const writes = writesFor(services, profile);
		const plan = await planUpload(local, (fsPath) => vscode.Uri.file(fsPath));
		const where = uriOf(explorer, profile, asset, destination.node);
		const count = plan.files.length;
		const title = `Uploading ${count === 1 ? `"${shown(plan.files[0].name)}"` : `${count} files`} to "${shown(asset.name)}"`;
		const run = (signal: AbortSignal, progress?: vscode.Progress<{ message?: string; increment?: number }>): Promise<UploadOutcome> => {
			let reported = 0;
			return (async () => {
				await ensureAllowed(writes, asset, 'edit', redact, signal);
				return runUpload(
					plan,
					{
						writes,
						parentId: asset.assetId,
						signal,
						onClash: async (name) => (interactive ? askClash(name, asset.name, true, count > 1) : onConflict),
						find: (parentId, name) => findChild(profile, parentId, parentId === asset.assetId ? asset.assetType : 'folder', name, signal),
						onProgress: (done, sent) => {
							if (!progress) return;
							const share = plan.totalBytes > 0 ? (sent / plan.totalBytes) * 100 : (done / Math.max(count, 1)) * 100;
							progress.report({
								increment: Math.max(0, share - reported),
								message: `${done} of ${count} done · ${formatBytes(sent)} of ${formatBytes(plan.totalBytes)}`,
							});
							reported = Math.max(reported, share);
						},
						onUploaded: () => undefined,
					},
					redact,
				);
			})();
		};
		const outcome = interactive
			? await withCancellableProgress(title, (signal, progress) => run(signal, progress))
			: await run(new AbortController().signal);
		if (destination.node) explorer.refreshNode(destination.node);
		else refreshContainer(profile, asset.assetId);
		const uploaded = outcome.uploaded.map(({ file, asset: made }) =>
			where ? vscode.Uri.joinPath(where, ...file.folders, made.name) : storageUri(profile, [asset.name, ...file.folders, made.name]),
		);
		notify(where, ...uploaded);
		for (const failure of outcome.failed) services.log.warn(`[storage] upload of ${failure.source.fsPath} failed: ${failure.message}`);
		if (interactive) showUploadSummary(outcome, count, asset.name);
		return { uploaded, failed: outcome.failed };
	}

	function showUploadSummary(outcome: UploadOutcome, count: number, where: string): void {
		const done = `Uploaded ${outcome.uploaded.length} of ${count} file${count === 1 ? '' : 's'} to "${shown(where)}"`;
		const skipped = outcome.skipped.length > 0 ? `; ${outcome.skipped.length} skipped` : '';
		if (outcome.failed.length === 0) {
			void vscode.window.showInformationMessage(`${done}${skipped}${outcome.cancelled ? ' (cancelled)' : ''}.`);
			return;
		}
		const reasons = outcome.failed
			.slice(0, 3)
			.map((f) => `${f.source.path.split('/').pop()}: ${f.message}`)
			.join('; ');
		const more = outcome.failed.length > 3 ? ` (and ${outcome.failed.length - 3} more in the log)` : '';
		void vscode.window
			.showWarningMessage(`${done}${skipped}. ${outcome.failed.length} failed: ${reasons}${more}`, 'Show Log')
			.then((choice) => choice && services.log.show());
	}

	/** The folders of a profile to choose from, a level at a time: Enter opens a folder, "Here" chooses it; the title is the path so far. */
	async function pickContainer(profile: ProfileMeta, title: string, start?: Container): Promise<Container | undefined> {
		type Level = { asset?: StorageAsset };
		const trail: Level[] = [{}];
		if (start && !start.root && start.asset.assetType !== 'file') {
			// The folders above it as the tree shows them, so ".." and the title follow the path; just the folder when the tree cannot.
			const chain: StorageAsset[] = [];
			let at: ExplorerNode | undefined = start.node;
			while (at?.kind === 'asset' && !at.pinned) {
				chain.unshift(at.asset);
				at = explorer.getParent(at);
			}
			for (const asset of at?.kind === 'storage' && chain.length > 0 ? chain : [start.asset]) trail.push({ asset });
		}
		for (;;) {
			const level = trail[trail.length - 1];
			const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { asset?: StorageAsset; action?: 'here' | 'up' }>();
			quickPick.title = `${title} ${['Cloud Storage', ...trail.slice(1).map((l) => shown(l.asset?.name ?? ''))].join(' › ')}`;
			quickPick.placeholder = level.asset ? 'Enter opens a folder; choose "Here" for this one' : 'Choose a project';
			quickPick.busy = true;
			quickPick.show();
			const container = level.asset
				? { assetType: level.asset.assetType as 'project' | 'folder', assetId: level.asset.assetId }
				: ({ assetType: 'projects' } as const);
			const load = withToken(services, profile, async (caller) => {
				const items: StorageAsset[] = [];
				const options = level.asset ? { limit: 100, filter: 'assetType==folder' } : { limit: 100 };
				for await (const page of services.clients.get().cloudStorage.pages(caller, container, options)) {
					items.push(...page.items);
					if (items.length >= 1000) break; // a quick pick is no place for more; type to narrow Go to… instead
				}
				return items;
			});
			const picked = await new Promise<(vscode.QuickPickItem & { asset?: StorageAsset; action?: 'here' | 'up' }) | undefined>((resolve) => {
				quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
				quickPick.onDidHide(() => resolve(undefined));
				load.then(
					(items) => {
						const head = [
							...(level.asset ? [{ label: '$(check) Here', description: noIcons(shown(level.asset.name)), action: 'here' as const }] : []),
							...(trail.length > 1 ? [{ label: '$(arrow-up) ..', description: 'up one level', action: 'up' as const }] : []),
						];
						quickPick.items = [
							...head,
							...items.map((asset) => ({
								label: `$(${asset.assetType === 'project' ? 'project' : 'folder'}) ${noIcons(shown(asset.name))}`,
								asset,
							})),
						];
						quickPick.busy = false;
					},
					(error: unknown) => {
						quickPick.busy = false;
						quickPick.items = [{ label: `$(error) ${shown(error instanceof Error ? error.message : String(error))}` }];
					},
				);
			});
			quickPick.dispose();
			if (!picked) return undefined;
			if (picked.action === 'here' && level.asset) return { profile, asset: level.asset };
			if (picked.action === 'up') trail.pop();
			else if (picked.asset) trail.push({ asset: picked.asset });
		}
	}

	/** Move to… / Copy to…: files only (Adobe moves and copies files; folders cannot move). */
	async function transfer(kind: 'move' | 'copy', args: unknown, more: unknown) {
		const targets = await targetsOf(services, treeView, args, more);
		if (targets.length === 0) throw invalidInput(`Select the files to ${kind} in the Adobe view first.`);
		const folders = targets.filter((t) => t.asset.assetType !== 'file');
		if (folders.length > 0) {
			throw invalidInput(
				`Adobe Cloud Storage can ${kind} files only; "${shown(folders[0].asset.name)}" is a ${folders[0].asset.assetType}.`,
			);
		}
		const profile = targets[0].profile;
		if (targets.some((t) => t.profile.id !== profile.id)) throw invalidInput(`Files of one profile at a time.`);
		const scripted = isScripted(args);
		const destination = scripted
			? await containerOf(services, args.destination)
			: await pickContainer(
					profile,
					kind === 'move' ? 'Move to:' : 'Copy to:',
					targets[0].node ? await destinationOf(undefined, targets[0].node) : undefined,
				);
		if (!destination) {
			if (scripted) throw invalidInput('destination: the adobe-storage: URI of a project or folder.');
			return undefined;
		}
		if (destination.root) throw invalidInput(`Files go in a project or a folder, not the project list.`);
		const writes = writesFor(services, profile);
		const done: Array<{ from: string; assetId: string; uri?: vscode.Uri }> = [];
		const failed: Array<{ assetId: string; message: string }> = [];
		const work = async (signal: AbortSignal, progress?: vscode.Progress<{ message?: string; increment?: number }>) => {
			await ensureAllowed(writes, destination.asset, 'edit', redact, signal);
			for (const [index, target] of targets.entries()) {
				progress?.report({ message: `${index + 1} of ${targets.length}: ${shown(target.asset.name)}`, increment: 100 / targets.length });
				try {
					if (kind === 'move') await ensureAllowed(writes, target.asset, 'delete', redact, signal);
					const call = (onClash: 'fail' | 'autorename') =>
						kind === 'move'
							? writes.moveFile(target.asset.assetId, destination.asset.assetId, { signal, onClash })
							: writes.copyFile(target.asset.assetId, destination.asset.assetId, { signal, onClash });
					let made: StorageAsset | undefined;
					try {
						made = await call('fail');
					} catch (error) {
						if (!isNameClash(error)) throw error;
						const answer = scripted ? scriptedClash(args.onConflict) : await askClash(target.asset.name, destination.asset.name, false);
						if (answer === 'cancel') break;
						if (answer === 'keepBoth') made = await call('autorename');
						else if (answer !== 'skip') throw error;
					}
					if (made) {
						done.push({ from: target.asset.assetId, assetId: made.assetId, uri: uriOf(explorer, profile, made) });
						notify(uriOfTarget(target), uriOf(explorer, profile, made));
						if (kind === 'move') refreshAround(target);
					}
				} catch (error) {
					if (signal.aborted) break;
					failed.push({ assetId: target.asset.assetId, message: redact(error instanceof Error ? error.message : String(error)) });
				}
			}
		};
		if (scripted) await work(new AbortController().signal);
		else {
			const what = targets.length === 1 ? `"${shown(targets[0].asset.name)}"` : `${targets.length} files`;
			await withCancellableProgress(`${kind === 'move' ? 'Moving' : 'Copying'} ${what} to "${shown(destination.asset.name)}"`, work);
		}
		if (destination.node) explorer.refreshNode(destination.node);
		else refreshContainer(profile, destination.asset.assetId);
		if (!scripted && failed.length > 0) {
			void vscode.window.showWarningMessage(
				`${failed.length} of ${targets.length} could not be ${kind === 'move' ? 'moved' : 'copied'}: ${failed[0].message}`,
			);
		}
		return { [kind === 'move' ? 'moved' : 'copied']: done, failed };
	}

	/** Go to…: the item an asset id or a path names; a file opens, a container shows in the tree. */
	async function lookUp(profile: ProfileMeta, text: string): Promise<Target> {
		const trimmed = text.trim();
		if (/^urn:aaid:/i.test(trimmed)) {
			// Adobe has no type-free metadata call: a file, then a folder, then a project (getFile, getFolder, getProject).
			let last: unknown;
			for (const assetType of ['file', 'folder', 'project'] as const) {
				try {
					const asset = await withToken(services, profile, (caller) =>
						services.clients.get().cloudStorage.metadata(caller, assetType, trimmed),
					);
					return { profile, asset };
				} catch (error) {
					last = error;
					if (!isAdobeApiError(error) || (error.status !== 404 && error.status !== 400)) throw error;
				}
			}
			throw last;
		}
		const uri = storageUriOfText(profile, trimmed);
		const found = await resolveStorageUri(services, uri);
		if (found.root) throw invalidInput('Name an item: an asset id (urn:aaid:…) or a path such as /Project/folder/file.png.');
		return found;
	}

	/** Shows a container's row: by expanding the rows above it when the credential can list them, else at the top of Cloud Storage. */
	async function reveal(target: Target): Promise<AssetNode> {
		const { profile, asset } = target;
		let node: AssetNode | undefined = explorer.assetNode(profile, asset.assetId);
		if (!node) {
			try {
				const storage = explorer.containerNode(profile, 'projects') ?? (await storageRow(profile));
				// ancestors: nearest parent first (Adobe's asset schema); the project is the last.
				const chain = [...(asset.ancestors ?? [])].reverse();
				let parent: ExplorerNode | undefined = storage;
				for (const id of [...chain, asset.assetId]) {
					if (!parent) break;
					const rows = await explorer.getChildren(parent);
					parent = rows.find((row) => row.kind === 'asset' && row.asset.assetId === id);
				}
				if (parent?.kind === 'asset') node = parent;
			} catch {
				node = undefined; // a level the credential cannot list: shown at the top instead
			}
		}
		node ??= explorer.pin(profile, asset);
		try {
			await treeView.reveal(node, { select: true, focus: true, expand: isContainerAsset(asset) });
		} catch (error) {
			services.log.info(`[storage] could not reveal the row: ${error instanceof Error ? error.message : String(error)}`);
		}
		return node;
	}

	async function storageRow(profile: ProfileMeta): Promise<ExplorerNode | undefined> {
		const [profileRow] = await explorer.getChildren();
		if (!profileRow || profileRow.profile.id !== profile.id) return undefined;
		return (await explorer.getChildren(profileRow)).find((row) => row.kind === 'storage');
	}

	return {
		async upload(args: unknown, more: unknown) {
			if (isScripted(args)) {
				const raw = Array.isArray(args.source) ? args.source : [args.source];
				const sources = raw.map((value) => uriArgument(value) ?? (typeof value === 'string' ? vscode.Uri.file(value) : undefined));
				if (sources.length === 0 || sources.some((s) => !s)) {
					throw invalidInput('source: a file: URI or a list of them (files or folders).');
				}
				const destination = await containerOf(services, args.destination);
				if (!destination) throw invalidInput('destination: the adobe-storage: URI of a project or folder.');
				return uploadTo(sources as vscode.Uri[], destination, false, scriptedClash(args.onConflict));
			}
			const clicked = isNode(args) ? args : treeView.selection[0];
			let destination = await destinationOf(undefined, clicked);
			const picked = await vscode.window.showOpenDialog({
				title: destination && !destination.root ? `Upload to "${shown(destination.asset.name)}"` : 'Upload to Adobe Cloud Storage',
				canSelectFiles: true,
				canSelectFolders: true,
				canSelectMany: true,
				openLabel: 'Upload',
			});
			if (!picked || picked.length === 0) return undefined;
			if (!destination || destination.root) {
				const profile = clicked?.profile ?? profileNamed(services, undefined);
				destination = await pickContainer(profile, 'Upload to:');
				if (!destination) return undefined;
			}
			void more;
			return uploadTo(picked, destination, true, 'fail');
		},

		async newFolder(args: unknown) {
			return create(args, false);
		},

		async newProject(args: unknown) {
			return create(args, true);
		},

		async rename(args: unknown, more: unknown) {
			const [target] = await targetsOf(services, treeView, args, more);
			if (!target) throw invalidInput('Select the item to rename in the Adobe view first.');
			const { profile, asset } = target;
			let name: string | undefined;
			if (isScripted(args)) {
				if (typeof args.name !== 'string') throw invalidInput('name: the new name.');
				name = args.name;
			} else {
				const dot = asset.assetType === 'file' ? asset.name.lastIndexOf('.') : -1;
				name = await vscode.window.showInputBox({
					title: `Rename "${shown(asset.name)}"`,
					value: asset.name,
					valueSelection: [0, dot > 0 ? dot : asset.name.length],
					validateInput: (value) => (value === asset.name ? undefined : assetNameProblem(value)),
				});
				if (name === undefined || name === asset.name) return undefined;
			}
			const problem = assetNameProblem(name);
			if (problem) throw invalidInput(`name: ${problem}`);
			const writes = writesFor(services, profile);
			await ensureAllowed(writes, asset, 'edit', redact);
			const before = uriOfTarget(target);
			const renamed = await writes.rename(refOf(asset), name);
			refreshAround(target);
			const uri = uriOf(explorer, profile, { ...asset, ...renamed, path: renamedPath(asset.path, name) });
			notify(before, uri);
			return { assetId: renamed.assetId, name: renamed.name, uri };
		},

		async moveTo(args: unknown, more: unknown) {
			return transfer('move', args, more);
		},

		async copyTo(args: unknown, more: unknown) {
			return transfer('copy', args, more);
		},

		/** Soft delete (Adobe keeps the items, so Restore brings them back): asks first from the tree, then offers Restore. */
		async delete(args: unknown, more: unknown) {
			const targets = await targetsOf(services, treeView, args, more);
			if (targets.length === 0) throw invalidInput('Select the items to delete in the Adobe view first.');
			const scripted = isScripted(args);
			const what = targets.length === 1 ? `"${shown(targets[0].asset.name)}"` : `${targets.length} items`;
			if (!scripted) {
				const ok = await services.confirm(
					`Delete ${what}?`,
					'Adobe keeps deleted items: "Show Recently Deleted" on the project or folder lists them, and Restore brings them back.',
					'Delete',
				);
				if (!ok) return undefined;
			}
			const deleted: Array<{ assetId: string; assetType: string; name: string }> = [];
			const failed: Array<{ assetId: string; message: string }> = [];
			const work = async (signal: AbortSignal) => {
				for (const target of targets) {
					try {
						const writes = writesFor(services, target.profile);
						await ensureAllowed(writes, target.asset, 'delete', redact, signal);
						await writes.trash(refOf(target.asset), { signal });
						deleted.push({ assetId: target.asset.assetId, assetType: target.asset.assetType, name: redact(target.asset.name) });
						notify(uriOfTarget(target));
						refreshAround(target);
					} catch (error) {
						if (signal.aborted) break;
						failed.push({ assetId: target.asset.assetId, message: redact(error instanceof Error ? error.message : String(error)) });
					}
				}
			};
			if (scripted) await work(new AbortController().signal);
			else await withCancellableProgress(`Deleting ${what}`, work);
			if (!scripted) {
				const failure = failed.length > 0 ? ` ${failed.length} could not be deleted: ${failed[0].message}` : '';
				if (deleted.length > 0) {
					void vscode.window
						.showInformationMessage(`Deleted ${deleted.length} item${deleted.length === 1 ? '' : 's'}.${failure}`, 'Restore')
						.then(async (choice) => {
							if (!choice) return;
							const restored = targets.filter((t) => deleted.some((d) => d.assetId === t.asset.assetId));
							await vscode.commands.executeCommand(StorageCommands.restore, { items: restored.map((t) => toScripted(t)) });
							for (const target of restored) refreshAround(target);
							void vscode.window.showInformationMessage(`Restored ${restored.length} item${restored.length === 1 ? '' : 's'}.`);
						});
				} else if (failure) throw invalidInput(failure.trim());
			}
			return { deleted, failed };
		},

		async restore(args: unknown, more: unknown) {
			const targets = await deletedTargets(args, more);
			const restored: Array<{ assetId: string; uri?: vscode.Uri }> = [];
			for (const target of targets) {
				const writes = writesFor(services, target.profile);
				await ensureAllowed(writes, target.asset, 'restore', redact);
				const asset = await writes.restore(refOf(target.asset));
				restored.push({ assetId: asset.assetId, uri: uriOf(explorer, target.profile, { ...target.asset, ...asset }) });
				notify(restored[restored.length - 1].uri);
				refreshAround(target);
				refreshContainer(target.profile, target.asset.ancestors?.[0]);
			}
			return { restored };
		},

		/** Adobe's permanent delete: the item must be in Recently Deleted; always asks, naming it (a script too). */
		async deletePermanently(args: unknown, more: unknown) {
			const targets = await deletedTargets(args, more);
			const what =
				targets.length === 1
					? `"${shown(targets[0].asset.name)}"`
					: `${targets.length} items (${targets
							.map((t) => shown(t.asset.name))
							.slice(0, 5)
							.join(', ')})`;
			const ok = await services.confirm(
				`Permanently delete ${what}?`,
				'This cannot be undone: Restore will no longer bring it back.',
				'Delete Permanently',
			);
			if (!ok) throw invalidInput(`Delete Permanently: this needs your confirmation, and it was not given.`, { code: 'not_confirmed' });
			const deleted: string[] = [];
			for (const target of targets) {
				const writes = writesFor(services, target.profile);
				await ensureAllowed(writes, target.asset, 'deletePermanently', redact);
				await writes.deletePermanently(refOf(target.asset));
				deleted.push(target.asset.assetId);
				notify();
				refreshAround(target);
			}
			return { deleted };
		},

		/**
		 * The "Recently deleted" view of a project, a folder or the project list: toggles Adobe's `state==deleted` filter on the
		 * row (assetsFilter / projectsFilter). Scripted `{ uri | assetId, assetType }`: the deleted items, without touching the tree.
		 */
		async showDeleted(args: unknown) {
			if (isScripted(args)) {
				const container = await containerOf(services, args.uri ?? (typeof args.assetId === 'string' ? args : undefined));
				const profile = container?.profile ?? profileNamed(services, args.profile);
				const listed =
					container && !container.root
						? { assetType: container.asset.assetType as 'project' | 'folder', assetId: container.asset.assetId }
						: ({ assetType: 'projects' } as const);
				const items = await withToken(services, profile, async (caller) => {
					const all: StorageAsset[] = [];
					for await (const page of services.clients.get().cloudStorage.pages(caller, listed, { limit: 100, filter: DELETED_FILTER })) {
						all.push(...page.items);
						if (all.length >= 10_000) break;
					}
					return all;
				});
				return { items: items.map((a) => ({ assetId: a.assetId, assetType: a.assetType, name: a.name, modifiedDate: a.modifiedDate })) };
			}
			const node = isNode(args) ? args : treeView.selection[0];
			if (!node || (node.kind !== 'storage' && !(node.kind === 'asset' && isContainerAsset(node.asset) && !node.deleted))) {
				throw invalidInput('Select Cloud Storage, a project or a folder to see what was deleted in it.');
			}
			const key = node.kind === 'storage' ? 'projects' : node.asset.assetId;
			const showing = explorer.listing(node.profile, key)?.filter.apiFilter === DELETED_FILTER;
			explorer.setFilter(node, showing ? {} : { apiFilter: DELETED_FILTER });
			await treeView.reveal(node, { expand: true }).then(undefined, () => undefined);
			return { showing: !showing };
		},

		async goTo(args: unknown) {
			const scripted = isScripted(args);
			const profile = isNode(args) ? args.profile : profileNamed(services, scripted ? args.profile : undefined);
			const text = scripted
				? typeof args.target === 'string'
					? args.target
					: uriArgument(args.target)?.toString()
				: await vscode.window.showInputBox({
						title: 'Go to a Cloud Storage item',
						prompt: 'An asset id (urn:aaid:…), a path (/Project/folder/file.png) or an adobe-storage: URI',
						placeHolder: 'urn:aaid:sc:US:…',
						ignoreFocusOut: true,
					});
			if (text === undefined || text.trim() === '') {
				if (scripted) throw invalidInput('target: an asset id (urn:aaid:…), a path or an adobe-storage: URI.');
				return undefined;
			}
			const target = await lookUp(profile, text);
			const { asset } = target;
			const uri = uriOf(explorer, profile, asset);
			if (asset.assetType === 'file') {
				if (!uri) throw invalidInput(`Adobe did not say where "${shown(asset.name)}" is, so it cannot be opened.`);
				await vscode.commands.executeCommand('vscode.open', uri);
				return { assetId: asset.assetId, assetType: asset.assetType, uri, opened: true };
			}
			const node = await reveal(target);
			return { assetId: asset.assetId, assetType: asset.assetType, uri, revealed: true, pinned: node.pinned === true };
		},

		/** A pre-signed download URL, to the clipboard only: it is a bearer link, so it is never logged, shown or returned. */
		async copyPresignedUrl(args: unknown, more: unknown) {
			const [target] = await targetsOf(services, treeView, args, more);
			if (!target) throw invalidInput('Select a file in the Adobe view first.');
			if (target.asset.assetType !== 'file') throw invalidInput('Only files have a pre-signed URL; choose a file.');
			let ttlSeconds: number;
			if (isScripted(args)) {
				const value = args.ttlSeconds ?? STORAGE_LIMITS.maxUrlTtlSeconds;
				if (
					typeof value !== 'number' ||
					!Number.isInteger(value) ||
					value < STORAGE_LIMITS.minUrlTtlSeconds ||
					value > STORAGE_LIMITS.maxUrlTtlSeconds
				) {
					throw invalidInput(
						`ttlSeconds: a whole number of seconds from ${STORAGE_LIMITS.minUrlTtlSeconds} to ${STORAGE_LIMITS.maxUrlTtlSeconds} (Adobe's urlTTL).`,
					);
				}
				ttlSeconds = value;
			} else {
				const pick = await vscode.window.showQuickPick(
					TTL_CHOICES.map((c) => ({ label: c.label, description: `${c.seconds} s`, seconds: c.seconds })),
					{
						title: `Copy Pre-signed URL of "${shown(target.asset.name)}": valid for`,
						placeHolder: 'Anyone with the URL can download the file until it expires',
					},
				);
				if (!pick) return undefined;
				ttlSeconds = pick.seconds;
			}
			const link = await withToken(services, target.profile, (caller) =>
				services.clients.get().cloudStorage.downloadLink(caller, target.asset.assetId, { urlTTL: ttlSeconds }),
			);
			await vscode.env.clipboard.writeText(link.url);
			const now = Date.now();
			const stated = link.urlExpirationDate ? Date.parse(link.urlExpirationDate) : Number.NaN;
			// Adobe may shorten the TTL (urlTTL is a hint): its urlExpirationDate wins, bounded by what was asked.
			const expiresAt = Number.isFinite(stated) && stated > now ? Math.min(stated, now + ttlSeconds * 1000) : now + ttlSeconds * 1000;
			if (!isScripted(args)) {
				void vscode.window.showInformationMessage(
					`Pre-signed URL of "${shown(target.asset.name)}" copied. It expires ${formatMoment(expiresAt, now)}; anyone with it can download the file until then.`,
				);
			}
			return { assetId: target.asset.assetId, ttlSeconds, expiresAt: new Date(expiresAt).toISOString() };
		},

		/** The roles of a project or file (getProjectRoles, getFileRoles) and this credential's permission, as a read-only Markdown document. */
		async showAccess(args: unknown, more: unknown) {
			const { target, asset } = await accessTarget(args, more);
			const { text, roles, permission } = await accessDocument(target.profile, asset);
			if (!isScripted(args)) {
				const uri = accessUri(asset);
				documents.set(uri, text);
				const document = await vscode.workspace.openTextDocument(uri);
				await vscode.languages.setTextDocumentLanguage(document, 'markdown');
				await vscode.window.showTextDocument(document, { preview: true });
			}
			return {
				assetId: asset.assetId,
				assetType: asset.assetType,
				role: permission.role,
				flags: permission.flags,
				roles: roles.map((r) => ({ ...r, principal: redact(r.principal) })),
			};
		},

		/**
		 * Changes who has access (patchProjectRoles / patchFileRoles): add people by email or groups by name, change
		 * or remove an entry. Always asks first, saying the change in words (a script too, through services.confirm);
		 * then shows each entry's outcome and refreshes an open Who Has Access document. Scripted
		 * `{ uri, add?: [{ email | group, role }], update?: [{ id, type, role }], remove?: [{ id, type }] }`.
		 */
		async changeAccess(args: unknown, more: unknown) {
			const { target, asset } = await accessTarget(args, more);
			const writes = writesFor(services, target.profile);
			let change: RoleChange;
			let names = new Map<string, string>();
			if (isScripted(args)) {
				change = {
					add: args.add as RoleChange['add'],
					update: args.update as RoleChange['update'],
					remove: args.remove as RoleChange['remove'],
				};
			} else {
				const asked = await askRoleChange(writes, asset);
				if (!asked) return undefined;
				({ change, names } = asked);
			}
			// Adobe's rules (emails, roles, at most 10 per list) are checked before asking: a change that cannot go is never offered.
			rolesRequest(change);
			const question = `${describeChange(change, names)} on "${shown(asset.name)}"?`;
			const ok = await services.confirm(
				question,
				`Adobe applies role changes to the ${asset.assetType === 'project' ? 'project and everything in it' : 'file'}; people added by email get an invitation.`,
				'Change Access',
			);
			if (!ok) throw invalidInput('Change Access: this needs your confirmation, and it was not given.', { code: 'not_confirmed' });
			const outcomes = await writes.patchRoles(refOf(asset), change);
			const uri = accessUri(asset);
			if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) {
				documents.set(uri, (await accessDocument(target.profile, asset)).text);
			}
			const failed = outcomes.filter((o) => o.status === 'failed');
			const summary = outcomes
				.map((o) => {
					const who = shown(names.get(o.id) ?? o.id.replace(/^(mailto|name):/, ''));
					const what = o.status === 'failed' ? `failed (${shown([o.errorCode, o.message].filter(Boolean).join(': '))})` : o.status;
					return `${o.kind} ${who}: ${what}`;
				})
				.join('; ');
			const message = `Who has access to "${shown(asset.name)}": ${summary || 'Adobe answered nothing for the change.'}`;
			if (!isScripted(args)) {
				void (failed.length > 0 ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
			}
			return { assetId: asset.assetId, assetType: asset.assetType, outcomes };
		},

		/** Rows dragged within the tree carry themselves; a drop on a project or folder moves those files there. */
		handleDrag(source: readonly ExplorerNode[], data: vscode.DataTransfer): void {
			const files = source.filter((n): n is AssetNode => n.kind === 'asset' && n.asset.assetType === 'file' && !n.deleted);
			if (files.length > 0) data.set(TREE_MIME, new vscode.DataTransferItem(files));
		},

		/** A drop: files from VS Code's Explorer upload into the row (a file's folder); rows from this tree move there. */
		async handleDrop(target: ExplorerNode | undefined, data: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
			const destination = await destinationOf(undefined, target);
			try {
				const rows = data.get(TREE_MIME)?.value as AssetNode[] | undefined;
				if (rows && rows.length > 0) {
					if (!destination || destination.root) throw invalidInput('Drop the files on a project or a folder.');
					const moving = rows.filter(
						(row) => row.asset.ancestors?.[0] !== destination.asset.assetId && row.parent !== destination.asset.assetId,
					);
					if (moving.length === 0 || token.isCancellationRequested) return;
					await transferTo('move', moving, destination);
					return;
				}
				const list = await data.get('text/uri-list')?.asString();
				if (!list || token.isCancellationRequested) return;
				const sources = list
					.split(/\r?\n/)
					.map((line) => line.trim())
					.filter((line) => line && !line.startsWith('#'))
					.map((line) => vscode.Uri.parse(line, true));
				if (!destination || destination.root) throw invalidInput('Drop files on a project or a folder in Cloud Storage.');
				await uploadTo(sources, destination, true, 'fail');
			} catch (error) {
				// A drop has no command around it: the error is shown here, through the same notification with its fixes.
				services.log.warn(`[storage] drop failed: ${redact(error instanceof Error ? error.message : String(error))}`);
				void vscode.window.showErrorMessage(redact(error instanceof Error ? error.message : String(error)));
			}
		},
	};

	/** Rows moved by dragging: the same as Move to… with the destination given. */
	/** The asset whose roles a command shows or changes: a folder stands for its project (Adobe keeps roles on projects and files). */
	async function accessTarget(args: unknown, more: unknown): Promise<{ target: Target; asset: StorageAsset }> {
		const [target] = await targetsOf(services, treeView, args, more);
		if (!target) throw invalidInput('Select a project or file in the Adobe view first.');
		let { asset } = target;
		if (asset.assetType === 'folder') {
			const projectId = asset.ancestors?.[asset.ancestors.length - 1];
			if (!projectId) throw invalidInput('Adobe keeps roles on projects and files: choose the project.');
			asset = await withToken(services, target.profile, (caller) =>
				services.clients.get().cloudStorage.metadata(caller, 'project', projectId),
			);
		}
		return { target, asset };
	}

	function accessUri(asset: StorageAsset): vscode.Uri {
		return vscode.Uri.from({
			scheme: METADATA_SCHEME,
			path: `/Access ${asset.name.replace(/[\\/]/g, '_')}.md`,
			query: `access=${asset.assetId}`,
		});
	}

	/** The Who Has Access document: this credential's permission and the roles, every text redacted then escaped. */
	async function accessDocument(profile: ProfileMeta, asset: StorageAsset) {
		const writes = writesFor(services, profile);
		const [roles, permission] = await Promise.all([writes.roles(refOf(asset)), writes.effectivePermission(refOf(asset))]);
		const md = (text: string) => escapeMarkdown(redact(text));
		const lines = [
			`# Who has access: ${md(asset.name)}`,
			'',
			`${md(asset.assetType)}${asset.path ? ` · ${md(asset.path)}` : ''} · ${md(asset.assetId)}`,
			'',
			'## This credential',
			'',
			`Role: ${permission.role ? md(permission.role) : 'none reported'}`,
			'',
			...Object.entries(permission.flags).map(([flag, on]) => `- ${on ? '✓' : '✗'} ${md(flag)}`),
			'',
			`## Roles (${roles.length})`,
			'',
			'| Who | Type | Role |',
			'| --- | --- | --- |',
			...roles.map((r) => `| ${md(r.principal)} | ${md(r.principalType)} | ${md(r.role)}${r.pending ? ' (invitation pending)' : ''} |`),
			'',
			permission.canShare
				? '_Change roles with **Change Access…** on the row in the Adobe view, or “Adobe: Change Access…” in the palette._'
				: '_This credential may not change roles here (can_share is false)._',
			'',
		];
		return { text: redact(lines.join('\n')), roles, permission };
	}

	/** The interactive change: what to do, then who and which role; undefined when dismissed. */
	async function askRoleChange(
		writes: StorageWrites,
		asset: StorageAsset,
	): Promise<{ change: RoleChange; names: Map<string, string> } | undefined> {
		const names = new Map<string, string>();
		const action = await vscode.window.showQuickPick(
			[
				{ label: 'Add people…', id: 'add' as const, detail: 'Give people (by email) or a group (by name) a role' },
				{ label: 'Change a role…', id: 'update' as const, detail: 'Edit or comment for someone who has access' },
				{ label: 'Remove access…', id: 'remove' as const, detail: 'Take away the role of people or groups' },
			],
			{ title: `Change who has access to "${shown(asset.name)}"`, ignoreFocusOut: true },
		);
		if (!action) return undefined;
		const pickRole = async (who: string) =>
			(
				await vscode.window.showQuickPick(
					[
						{ label: 'comment', description: 'view, comment and download' },
						{ label: 'edit', description: 'also change, delete and share' },
					],
					{ title: `Role for ${who}`, ignoreFocusOut: true },
				)
			)?.label;
		if (action.id === 'add') {
			const text = await vscode.window.showInputBox({
				title: `Add people to "${shown(asset.name)}"`,
				prompt: `Emails, or group:Name for a group; separated by commas (at most ${ROLE_CHANGE_LIMITS.maxPerList})`,
				placeHolder: 'jane@example.com, group:Designers',
				ignoreFocusOut: true,
				// The writer's own rule (core/storage/roleChange.ts), with the role not yet picked: what passes here is sent as typed.
				validateInput: additionsProblem,
			});
			if (!text) return undefined;
			const items = additionsOf(text, 'comment');
			const role = await pickRole(items.length === 1 ? (items[0].email ?? `group ${items[0].group}`) : `${items.length} people`);
			if (!role) return undefined;
			return {
				change: { add: additionsOf(text, role) },
				names,
			};
		}
		const roles = (await writes.roles(refOf(asset))).filter((r) => r.id && !r.pending);
		for (const r of roles) names.set(r.id!, r.principal);
		const rows = roles.map((r) => ({ label: shown(r.principal), description: `${r.principalType} · ${r.role}`, role: r }));
		if (rows.length === 0) throw invalidInput(`Adobe lists nobody with a direct role on "${shown(asset.name)}" to change.`);
		if (action.id === 'update') {
			const row = await vscode.window.showQuickPick(rows, { title: `Change whose role on "${shown(asset.name)}"?`, ignoreFocusOut: true });
			if (!row) return undefined;
			const role = await pickRole(row.label);
			if (!role) return undefined;
			return { change: { update: [{ id: row.role.id!, type: row.role.principalType, role }] }, names };
		}
		const picked = await vscode.window.showQuickPick(rows, {
			title: `Remove whose access to "${shown(asset.name)}"? (at most 10)`,
			canPickMany: true,
			ignoreFocusOut: true,
		});
		if (!picked || picked.length === 0) return undefined;
		return { change: { remove: picked.map((row) => ({ id: row.role.id!, type: row.role.principalType })) }, names };
	}

	/** The change in words, for the confirmation: 'Give jane@example.com "edit"; remove Reviewers'. */
	function describeChange(change: RoleChange, names: Map<string, string>): string {
		const who = (id: string) => shown(names.get(id) ?? id);
		const parts = [
			...(Array.isArray(change.add) ? change.add : []).map((a) =>
				a?.email !== undefined
					? `Give ${shown(String(a.email))} "${shown(String(a.role))}"`
					: `Give the group ${shown(String(a?.group))} "${shown(String(a?.role))}"`,
			),
			...(Array.isArray(change.update) ? change.update : []).map((u) => `Change ${who(String(u?.id))} to "${shown(String(u?.role))}"`),
			...(Array.isArray(change.remove) ? change.remove : []).map((r) => `Remove ${who(String(r?.id))}`),
		];
		const text = parts.slice(0, 12).join('; ') + (parts.length > 12 ? `; and ${parts.length - 12} more` : '');
		return text || 'Change nothing';
	}

	async function transferTo(kind: 'move', rows: AssetNode[], destination: Container & { root?: false }) {
		const writes = writesFor(services, destination.profile);
		await withCancellableProgress(
			`Moving ${rows.length === 1 ? `"${shown(rows[0].asset.name)}"` : `${rows.length} files`} to "${shown(destination.asset.name)}"`,
			async (signal) => {
				await ensureAllowed(writes, destination.asset, 'edit', redact, signal);
				for (const row of rows) {
					await ensureAllowed(writes, row.asset, 'delete', redact, signal);
					try {
						await writes.moveFile(row.asset.assetId, destination.asset.assetId, { signal });
					} catch (error) {
						if (!isNameClash(error)) throw error;
						const answer = await askClash(row.asset.name, destination.asset.name, false);
						if (answer === 'cancel') return;
						if (answer === 'keepBoth') {
							await writes.moveFile(row.asset.assetId, destination.asset.assetId, { signal, onClash: 'autorename' });
						}
					}
					refreshAround({ profile: row.profile, asset: row.asset, node: row });
					notify(uriOf(explorer, row.profile, row.asset, row));
				}
			},
		);
		void kind;
		if (destination.node) explorer.refreshNode(destination.node);
	}

	/** New Folder in a project or folder; New Project at the project list. */
	async function create(args: unknown, project: boolean) {
		const scripted = isScripted(args);
		let parent: Container | undefined;
		if (scripted) {
			parent =
				args.parent === undefined
					? project
						? { profile: profileNamed(services, args.profile), root: true }
						: undefined
					: await containerOf(services, args.parent);
			if (!parent) {
				throw invalidInput('parent: the adobe-storage: URI of a project or folder (adobe-storage://<profile>/ for a new project).');
			}
		} else {
			const clicked = isNode(args) ? args : treeView.selection[0];
			parent = project
				? {
						profile: clicked?.profile ?? profileNamed(services, undefined),
						root: true,
						node: clicked?.kind === 'storage' ? clicked : undefined,
					}
				: await destinationOf(undefined, clicked);
			if (!parent) throw invalidInput('Select a project or folder in the Adobe view first.');
		}
		const making = parent.root ? 'project' : 'folder';
		let name: string | undefined;
		if (scripted) {
			if (typeof args.name !== 'string') throw invalidInput('name: the new name.');
			name = args.name;
		} else {
			name = await vscode.window.showInputBox({
				title: parent.root ? 'New Project' : `New Folder in "${shown(parent.asset.name)}"`,
				prompt: `The ${making}'s name`,
				validateInput: (value) => assetNameProblem(value),
			});
			if (name === undefined) return undefined;
		}
		const problem = assetNameProblem(name);
		if (problem) throw invalidInput(`name: ${problem}`);
		const writes = writesFor(services, parent.profile);
		let made: StorageAsset;
		if (parent.root) made = await writes.createProject(name);
		else {
			await ensureAllowed(writes, parent.asset, 'edit', redact);
			made = await writes.createFolder(parent.asset.assetId, name);
		}
		if (parent.node) explorer.refreshNode(parent.node);
		else refreshContainer(parent.profile, parent.root ? 'projects' : parent.asset.assetId);
		notify();
		const base = parent.root ? undefined : uriOf(explorer, parent.profile, parent.asset, parent.node);
		return {
			assetId: made.assetId,
			assetType: made.assetType,
			name: made.name,
			uri: parent.root ? storageUri(parent.profile, [made.name]) : base && vscode.Uri.joinPath(base, made.name),
		};
	}

	/** Items in Recently Deleted: clicked rows there, or scripted `{ uri }` (looked up among the deleted items of its folder), `{ assetId, assetType }` or `{ items }`. */
	async function deletedTargets(args: unknown, more: unknown): Promise<Target[]> {
		if (isScripted(args) && Array.isArray(args.items)) {
			const all: Target[] = [];
			for (const item of args.items) all.push(...(await deletedTargets(item, undefined)));
			return all;
		}
		if (isScripted(args) && typeof args.assetId === 'string') {
			const profile = profileNamed(services, args.profile);
			const assetType = typeof args.assetType === 'string' ? args.assetType : 'file';
			return [{ profile, asset: { assetId: args.assetId, assetType, name: typeof args.name === 'string' ? args.name : args.assetId } }];
		}
		if (isScripted(args)) {
			const uri = uriArgument(args.uri);
			if (!uri) throw invalidInput('uri: the adobe-storage: URI the item had (or assetId and assetType).');
			const names = uri.path.split('/').filter(Boolean);
			const name = names.pop();
			const parent = await resolveStorageUri(services, uri.with({ path: `/${names.join('/')}` }));
			const listed = parent.root
				? ({ assetType: 'projects' } as const)
				: { assetType: parent.asset.assetType as 'project' | 'folder', assetId: parent.asset.assetId };
			const found = await withToken(services, parent.profile, async (caller) => {
				for await (const page of services.clients.get().cloudStorage.pages(caller, listed, { limit: 100, filter: DELETED_FILTER })) {
					const match = page.items.find((item) => item.name === name);
					if (match) return match;
				}
				return undefined;
			});
			if (!found) {
				throw invalidInput(
					`There is no deleted "${name ?? ''}" in ${parent.root ? 'the project list' : `"${shown(parent.asset.name)}"`}.`,
					{ code: 'not_found' },
				);
			}
			return [{ profile: parent.profile, asset: parent.root ? found : { ...found, ancestors: found.ancestors ?? [parent.asset.assetId] } }];
		}
		const targets = await targetsOf(services, treeView, args, more);
		if (targets.length === 0) throw invalidInput('Select deleted items ("Show Recently Deleted" on their project or folder) first.');
		return targets;
	}
}

/** A server's name in a quick pick, where `$(name)` would render an icon: a zero-width space after the `$` keeps it text. */
function noIcons(text: string): string {
	return text.replace(/\$\(/g, '$\u200B(');
}

/** A scripted argument for a target (Restore from the notification). */
function toScripted(target: Target): Record<string, unknown> {
	return { assetId: target.asset.assetId, assetType: target.asset.assetType, name: target.asset.name, profile: target.profile.name };
}

function renamedPath(path: string | undefined, name: string): string | undefined {
	if (!path) return undefined;
	return `${path.slice(0, path.lastIndexOf('/') + 1)}${name}`;
}

export type StorageCommands = ReturnType<typeof storageCommands>;
