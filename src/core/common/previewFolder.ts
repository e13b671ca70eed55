/**
 * Where image previews are written: a folder of this process's own, made fresh under the system
 * temp folder (mkdtemp: a random name, mode 0700) with files only this user can read (0600). It
 * holds the latest preview only, and goes away on dispose. A fixed shared path would let another
 * local user read the previews, or plant a file or symlink there before the extension writes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class PreviewFolder {
	private folder?: string;
	private latest?: string;

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

	/** A path in the folder for a file a download will write (made a plain name, as for `write`). */
	pathFor(fileName: string): string {
		this.folder ??= fs.mkdtempSync(path.join(this.parent, 'adobe-api-toolkit-preview-'));
		return path.join(this.folder, fileName.replace(/[^\w.-]/g, '_').replace(/^\./, '_'));
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
	}
}
