/**
 * Where image previews are written: a folder of this process's own, made fresh under the system
 * temp folder (mkdtemp: a random name, mode 0700) with files only this user can read (0600). It
 * goes away on dispose. A fixed shared path would let another local user read the previews, or plant
 * a file or symlink there before the extension writes.
 * - `write`: one preview at a time under a plain name (the latest replaces the one before).
 * - `writeNamed`: a preview under the file's own name, in a folder of its own per asset, so that an
 *   editor tab is titled by the name people know ("logo.png", not the asset id); the latest few stay.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Each preview folder's name starts so (mkdtemp adds six random characters). */
const FOLDER_PREFIX = 'adobe-api-toolkit-preview-';

/** How many named previews stay on disk: a preview tab kept open still has its file while others are opened. */
export const KEPT_NAMED_PREVIEWS = 10;

/** The longest file name written, in UTF-8 bytes (file systems allow 255; room is left for a suffix). */
const MAX_NAME_BYTES = 200;

/** Windows refuses these as names, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * A name that is one plain file in the folder on any file system: no separators or characters Windows
 * refuses, no leading dot (so no `..` and no hidden file), no trailing dot or space, no reserved device
 * name, at most MAX_NAME_BYTES; letters of any script and spaces are kept, so it still reads as the name.
 */
export function safeFileName(name: string): string {
	// eslint-disable-next-line no-control-regex -- control characters are what this removes
	let safe = name.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/[. ]+$/, '');
	if (safe.startsWith('.')) safe = `_${safe.slice(1)}`;
	if (RESERVED.test(safe)) safe = `_${safe}`;
	if (Buffer.byteLength(safe) > MAX_NAME_BYTES) {
		const extension = path.extname(safe).slice(0, 16);
		// The longest run of whole characters from the start that fits beside the extension: one pass that stops at
		// the limit, so a server's megabyte-long name costs no more than a short one.
		const budget = MAX_NAME_BYTES - Buffer.byteLength(extension);
		let base = '';
		for (const char of safe.slice(0, safe.length - extension.length)) {
			if (Buffer.byteLength(base) + Buffer.byteLength(char) > budget) break;
			base += char;
		}
		safe = base + extension;
	}
	return safe || 'preview';
}

export class PreviewFolder {
	private folder?: string;
	private latest?: string;
	/** The folders of the named previews on disk, oldest first. */
	private named: string[] = [];

	constructor(private readonly parent: string = os.tmpdir()) {}

	/** Writes `bytes` as `fileName` (made a plain name, safe on any file system), removes the preview it replaces, and returns its path. */
	async write(fileName: string, bytes: Uint8Array): Promise<string> {
		const file = this.pathFor(fileName);
		await fs.promises.writeFile(file, bytes, { mode: 0o600 });
		const replaced = this.latest;
		this.latest = file;
		if (replaced && replaced !== file) await fs.promises.rm(replaced, { force: true });
		return file;
	}

	/**
	 * Writes `bytes` as `fileName` (safeFileName) in a folder of its own for `key` (an asset id, hashed
	 * into the folder's name), replacing that key's earlier preview, and returns its path. The
	 * KEPT_NAMED_PREVIEWS latest keys keep their files; older ones are removed.
	 */
	async writeNamed(key: string, fileName: string, bytes: Uint8Array): Promise<string> {
		const dir = path.join(this.root(), createHash('sha256').update(key).digest('hex').slice(0, 16));
		await fs.promises.rm(dir, { recursive: true, force: true });
		await fs.promises.mkdir(dir, { mode: 0o700 });
		const file = path.join(dir, safeFileName(fileName));
		await fs.promises.writeFile(file, bytes, { mode: 0o600 });
		this.named = [...this.named.filter((d) => d !== dir), dir];
		for (const old of this.named.splice(0, Math.max(0, this.named.length - KEPT_NAMED_PREVIEWS))) {
			await fs.promises.rm(old, { recursive: true, force: true });
		}
		return file;
	}

	/** A path in the folder for a file a download will write (made a plain name, as for `write`). */
	pathFor(fileName: string): string {
		return path.join(this.root(), fileName.replace(/[^\w.-]/g, '_').replace(/^\./, '_'));
	}

	/** Whether `file` is in a preview folder (this one or any other window's): file dialogs should not start there. */
	static holds(file: string, parent: string = os.tmpdir()): boolean {
		const relative = path.relative(parent, file);
		return !relative.startsWith('..') && !path.isAbsolute(relative) && relative.split(path.sep)[0].startsWith(FOLDER_PREFIX);
	}

	/** Whether `file` is one this folder holds (an editor tab showing a preview it wrote). */
	holds(file: string): boolean {
		return this.folder !== undefined && path.dirname(file) === this.folder;
	}

	/** Removes the folder and what is in it; a later `write` makes a new one. Synchronous, so it finishes before the extension host exits. */
	dispose(): void {
		if (this.folder) fs.rmSync(this.folder, { recursive: true, force: true });
		this.folder = undefined;
		this.latest = undefined;
		this.named = [];
	}

	private root(): string {
		this.folder ??= fs.mkdtempSync(path.join(this.parent, FOLDER_PREFIX));
		return this.folder;
	}
}
