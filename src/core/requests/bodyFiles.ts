/**
 * Reading the files a request body names (`< ./file`, `<@ ./file`, multipart parts): REST Client
 * resolves a relative path against the workspace root first, then the request file's folder, and takes
 * absolute paths as they are (github.com/Huachao/vscode-restclient src/utils/requestParserUtil.ts
 * resolveRequestBodyPath). Here every path must also end inside the workspace root, after symbolic
 * links are followed (a cloned repository must not be able to send ~/.ssh/id_rsa with one click), and
 * a file may hold MAX_BODY_FILE_BYTES at most (bodies go in memory). Messages name the line.
 *
 * Nothing here imports VS Code.
 */
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { invalidInput } from '../common/errors';
import { formatBytes } from '../common/format';
import { at } from './parse';
import { MAX_BODY_FILE_BYTES } from './types';

export interface BodyFileRoots {
	/** The workspace folder the request file is in (the CLI: the current directory). */
	workspaceRoot: string;
	/** The folder of the request file. */
	requestFileDir: string;
	/** Tests lower it. */
	maxBytes?: number;
}

/** True when `target` is `root` or inside it (both absolute and normalized). */
function inside(root: string, target: string): boolean {
	const relative = path.relative(root, target);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function exists(file: string): Promise<boolean> {
	try {
		await fs.lstat(file);
		return true;
	} catch {
		return false;
	}
}

/** VariableSources.readFile for files under `roots.workspaceRoot`. */
export function workspaceFileReader(roots: BodyFileRoots): (relativePath: string, line: number) => Promise<Buffer> {
	const limit = roots.maxBytes ?? MAX_BODY_FILE_BYTES;
	const root = path.resolve(roots.workspaceRoot);
	return async (written, line) => {
		const refuse = (why: string) => invalidInput(at(line, `the body file "${written}" ${why}`));
		let candidate: string | undefined;
		if (path.isAbsolute(written)) candidate = path.resolve(written);
		else {
			// REST Client's order: the workspace root, then the request file's folder.
			for (const base of [root, path.resolve(roots.requestFileDir)]) {
				const joined = path.resolve(base, written);
				if (inside(root, joined) && (await exists(joined))) {
					candidate = joined;
					break;
				}
			}
			candidate ??= path.resolve(roots.requestFileDir, written);
		}
		if (!inside(root, candidate)) throw refuse('is outside the workspace folder; a request body is read only from inside it.');
		let real: string;
		let realRoot: string;
		try {
			[real, realRoot] = await Promise.all([fs.realpath(candidate), fs.realpath(root)]);
		} catch {
			throw refuse('was not found (paths are relative to the workspace folder, then to the request file).');
		}
		if (!inside(realRoot, real)) {
			throw refuse('is a symbolic link to a place outside the workspace folder; a request body is read only from inside it.');
		}
		// The resolved path, not following a link that appeared since, and no device or FIFO that never ends.
		let handle: fs.FileHandle;
		try {
			handle = await fs.open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
		} catch {
			throw refuse('could not be opened.');
		}
		try {
			const stat = await handle.stat();
			if (!stat.isFile()) throw refuse('is not a file.');
			if (stat.size > limit) throw refuse(`is larger than ${formatBytes(limit)}, the most a request body may read.`);
			// Read at most limit + 1 bytes: a file that grew since stat is caught too.
			const buffer = Buffer.alloc(Math.min(stat.size, limit) + 1);
			let read = 0;
			for (;;) {
				const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
				if (bytesRead === 0) break;
				read += bytesRead;
				if (read === buffer.length) break;
			}
			if (read > limit) throw refuse(`is larger than ${formatBytes(limit)}, the most a request body may read.`);
			return buffer.subarray(0, read);
		} finally {
			await handle.close();
		}
	};
}
