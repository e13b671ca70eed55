/**
 * Uploading files and folders from the disk into a Cloud Storage project or folder: the command's
 * picker, a drop from VS Code's Explorer and a script all come here. A folder goes up with everything in
 * it (its folders created first); each file streams from the disk a block at a time (UploadSource.read →
 * fs.createReadStream with start and end), so a large file never sits in memory. One failure is
 * reported with its reason and the others go on; Cancel stops the file under way (core/storage/writes.ts
 * never finalizes an abandoned upload, so no partial file is left) and the ones after it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { invalidInput, isAdobeApiError } from '../../core/common/errors';
import { mediaTypeFor } from '../../core/storage/paths';
import type { StorageAsset } from '../../core/storage/types';
import type { StorageWrites, UploadSource } from '../../core/storage/writeTypes';

/** What to do when the name is taken (Adobe's 409): ask the user, or the scripted `onConflict`. */
export type ClashAnswer = 'replace' | 'keepBoth' | 'skip' | 'fail' | 'cancel';

/** One file to send, and the folders (names, from the destination down) it goes in. */
export interface PlannedFile {
	source: vscode.Uri;
	localPath: string;
	size: number;
	folders: string[];
	name: string;
}

export interface UploadPlan {
	files: PlannedFile[];
	/** Every folder to create, parents before children, as name lists from the destination down. */
	folders: string[][];
	totalBytes: number;
	/** Sources that could not be read (gone, unreadable, not a file or folder). */
	unreadable: Array<{ source: vscode.Uri; message: string }>;
}

/** Files uploading at the same time. */
export const PARALLEL_FILES = 3;

/** More files than this in one batch are refused before anything is sent: a folder picked by mistake (a home folder) would take hours. */
export const MAX_BATCH_FILES = 10_000;

/** Walks the sources (files and folders, recursively, symbolic links not followed) into a plan. */
export async function planUpload(sources: readonly vscode.Uri[], toUri: (fsPath: string) => vscode.Uri): Promise<UploadPlan> {
	const plan: UploadPlan = { files: [], folders: [], totalBytes: 0, unreadable: [] };
	const visit = async (localPath: string, folders: string[], source: vscode.Uri): Promise<void> => {
		let stat: fs.Stats;
		try {
			stat = await fs.promises.lstat(localPath);
		} catch (error) {
			plan.unreadable.push({ source, message: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
			return;
		}
		const name = path.basename(localPath);
		if (stat.isDirectory()) {
			const inside = [...folders, name];
			plan.folders.push(inside);
			const entries = await fs.promises.readdir(localPath);
			entries.sort((a, b) => a.localeCompare(b));
			for (const entry of entries) {
				if (plan.files.length > MAX_BATCH_FILES) return;
				const child = path.join(localPath, entry);
				await visit(child, inside, toUri(child));
			}
		} else if (stat.isFile()) {
			plan.files.push({ source, localPath, size: stat.size, folders, name });
			plan.totalBytes += stat.size;
		} else {
			plan.unreadable.push({ source, message: 'not a file or a folder (a link or a device is not uploaded)' });
		}
	};
	for (const source of sources) await visit(source.fsPath, [], source);
	if (plan.files.length > MAX_BATCH_FILES) {
		throw invalidInput(`That is more than ${MAX_BATCH_FILES.toLocaleString('en-US')} files: upload fewer at a time.`);
	}
	return plan;
}

/** The media type Adobe records for a file, from its extension (core/storage/paths.ts, one table for every upload). */
export const mediaTypeOf = (name: string): string => mediaTypeFor(path.basename(name));

/** A file on disk as an upload source: each block is a stream of its bytes [start, end). */
export function diskSource(localPath: string, size: number): UploadSource {
	return {
		size,
		mediaType: mediaTypeOf(localPath),
		read: (start, end) => fs.createReadStream(localPath, { start, end: Math.max(start, end - 1) }),
	};
}

export function isNameClash(error: unknown): boolean {
	return isAdobeApiError(error) && (error.status === 409 || error.code === 'name_conflict');
}

export interface UploadRun {
	writes: StorageWrites;
	/** The destination's asset id. */
	parentId: string;
	signal: AbortSignal;
	/**
	 * Asked when a name is taken; 'cancel' stops the batch. An answer `forAll` answers every later clash
	 * of the batch too (a folder of 50 files, 30 of them there already, asks once).
	 */
	onClash(name: string, isFolder: boolean): Promise<ClashAnswer | { answer: ClashAnswer; forAll: true }>;
	/** The existing item of that name in a container (for Replace, and a folder that exists already). */
	find(parentId: string, name: string): Promise<StorageAsset | undefined>;
	/** Files done and bytes sent so far. */
	onProgress(done: number, sentBytes: number): void;
	/** Each file uploaded, and where (its folders from the destination down). */
	onUploaded(file: PlannedFile, asset: StorageAsset): void;
}

export interface UploadOutcome {
	uploaded: Array<{ file: PlannedFile; asset: StorageAsset }>;
	failed: Array<{ source: vscode.Uri; message: string }>;
	skipped: PlannedFile[];
	cancelled: boolean;
}

/** Sends the plan: folders first (a folder that exists is used as it is), then each file in turn. */
export async function runUpload(plan: UploadPlan, run: UploadRun, redact: (text: string) => string): Promise<UploadOutcome> {
	const outcome: UploadOutcome = { uploaded: [], failed: [...plan.unreadable], skipped: [], cancelled: false };
	const folderIds = new Map<string, string>([['', run.parentId]]);
	const failedFolders = new Map<string, string>();
	const messageOf = (error: unknown) => redact(error instanceof Error ? error.message : String(error));
	for (const folder of plan.folders) {
		const key = folder.join('/');
		const parentKey = folder.slice(0, -1).join('/');
		const parentId = folderIds.get(parentKey);
		if (parentId === undefined) {
			failedFolders.set(key, failedFolders.get(parentKey) ?? 'its folder could not be created');
			continue;
		}
		const name = folder[folder.length - 1];
		try {
			const existing = await run.find(parentId, name);
			const created =
				existing && existing.assetType === 'folder' ? existing : await run.writes.createFolder(parentId, name, { signal: run.signal });
			folderIds.set(key, created.assetId);
		} catch (error) {
			if (run.signal.aborted) return { ...outcome, cancelled: true };
			failedFolders.set(key, `the folder "${name}" could not be created: ${messageOf(error)}`);
		}
	}
	// A few files at a time (each sends its blocks 3 at a time, core/storage/writes.ts): a folder of small files is
	// mostly Adobe's job polls, which overlap. Bytes sent are counted per file, so the total never double-counts a retry.
	const queue = [...plan.files];
	const sentOf = new Map<PlannedFile, number>();
	let done = 0;
	let stopped = false;
	const report = () =>
		run.onProgress(
			done,
			[...sentOf.values()].reduce((sum, bytes) => sum + bytes, 0),
		);
	const finish = (file: PlannedFile) => {
		sentOf.set(file, file.size);
		done++;
		report();
	};
	// One question at a time: two clashes found together ask one after the other, and a Cancel answers the rest.
	let asking: Promise<unknown> = Promise.resolve();
	let forAll: ClashAnswer | undefined;
	const ask = (name: string): Promise<ClashAnswer> => {
		const answer = asking.then(async (): Promise<ClashAnswer> => {
			if (stopped) return 'cancel';
			if (forAll) return forAll;
			const given = await run.onClash(name, false);
			if (typeof given === 'string') return given;
			forAll = given.answer;
			return given.answer;
		});
		asking = answer.catch(() => undefined);
		return answer;
	};
	const uploadOne = async (file: PlannedFile): Promise<void> => {
		const key = file.folders.join('/');
		const parentId = folderIds.get(key);
		if (parentId === undefined) {
			outcome.failed.push({ source: file.source, message: failedFolders.get(key) ?? 'its folder could not be created' });
			return finish(file);
		}
		const onProgress = (bytes: number) => {
			sentOf.set(file, bytes);
			report();
		};
		const source = diskSource(file.localPath, file.size);
		try {
			let asset: StorageAsset | undefined;
			try {
				asset = await run.writes.uploadFile(parentId, file.name, source, { signal: run.signal, onProgress });
			} catch (error) {
				if (!isNameClash(error)) throw error;
				const answer = await ask(file.name);
				if (answer === 'cancel') {
					stopped = true;
					outcome.cancelled = true;
					return;
				}
				if (answer === 'skip') outcome.skipped.push(file);
				else if (answer === 'keepBoth') {
					asset = await run.writes.uploadFile(parentId, file.name, source, { signal: run.signal, onProgress, onClash: 'autorename' });
				} else if (answer === 'replace') {
					const existing = await run.find(parentId, file.name);
					if (!existing || existing.assetType !== 'file') throw error;
					asset = await run.writes.replaceFile(existing.assetId, source, { signal: run.signal, onProgress });
				} else throw error;
			}
			if (asset) {
				outcome.uploaded.push({ file, asset });
				run.onUploaded(file, asset);
			}
		} catch (error) {
			if (run.signal.aborted) {
				stopped = true;
				outcome.cancelled = true;
				outcome.failed.push({ source: file.source, message: 'cancelled: nothing of it was kept' });
				return;
			}
			outcome.failed.push({ source: file.source, message: messageOf(error) });
		}
		finish(file);
	};
	const worker = async () => {
		for (let file = queue.shift(); file; file = queue.shift()) {
			if (stopped || run.signal.aborted) {
				outcome.cancelled = true;
				return;
			}
			await uploadOne(file);
		}
	};
	await Promise.all(Array.from({ length: Math.min(PARALLEL_FILES, queue.length) }, worker));
	return outcome;
}
