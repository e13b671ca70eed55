/**
 * A local file an agent names for upload (adobe_upload_file), confined to the workspace: the model's
 * input is untrusted, and a path it writes must not reach the user's keys, dotfiles or anything
 * outside the folders they opened. The rules, in order:
 * - no `..` segment at all (even one that would land inside again), no NUL;
 * - a relative path is read against each workspace root in turn; an absolute one must lie inside one;
 * - the file's real path (fs.realpath: every symlink on the way followed) must lie inside the real path
 *   of that root, so a symlink in the workspace pointing out is refused;
 * - the file is opened once with O_NOFOLLOW, and what is uploaded is read from that handle (positional
 *   reads), checked by fstat to be the same regular file: a swap after the check changes nothing;
 * - at most MAX_AGENT_UPLOAD_BYTES.
 * Refusals are invalidInput errors with code 'outside_workspace' (or 'no_workspace', 'file_not_found',
 * 'file_too_large'); their messages never echo more than the first 200 characters of the input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { AdobeApiError, invalidInput } from '../common/errors';
import { mediaTypeFor } from '../storage/paths';
import type { UploadSource } from '../storage/writeTypes';

/** The largest file an agent may upload: 1 GiB (larger files go through the explorer's Upload, with its progress and Cancel). */
export const MAX_AGENT_UPLOAD_BYTES = 1024 ** 3;

export interface WorkspaceFile {
	/** The real path that was opened. */
	realPath: string;
	/** The path relative to its workspace root, with `/` (what results show). */
	relative: string;
	size: number;
	mediaType: string;
	/** Reads from the handle opened here (never the path again). */
	source: UploadSource;
	close(): Promise<void>;
}

function refuse(message: string, code: string): AdobeApiError {
	return invalidInput(message, { code });
}

function shown(text: string): string {
	return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

/** `child` is `root` itself or below it (both absolute, normalised). */
function inside(root: string, child: string): boolean {
	const rel = path.relative(root, child);
	return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

async function realpathOrUndefined(file: string): Promise<string | undefined> {
	try {
		return await fs.promises.realpath(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
		throw error;
	}
}

/** Opens the workspace file `given` names, or throws a readable refusal. `roots`: the workspace folders on disk. */
export async function openWorkspaceFile(
	given: string,
	roots: readonly string[],
	maxBytes = MAX_AGENT_UPLOAD_BYTES,
): Promise<WorkspaceFile> {
	if (roots.length === 0) {
		throw refuse(
			'No workspace folder is open, so no local file can be uploaded: open the folder that holds the file (for the MCP server: set ADOBE_MCP_WORKSPACE or start it in that folder).',
			'no_workspace',
		);
	}
	const text = given.trim();
	if (text === '' || text.includes('\0')) {
		throw refuse('file must name a file in the workspace, e.g. "images/cat.png".', 'outside_workspace');
	}
	if (text.split(/[\\/]+/).includes('..')) {
		throw refuse(`file ${shown(text)} contains "..": name the file by its path inside the workspace, without "..".`, 'outside_workspace');
	}
	const absolute = path.isAbsolute(text);
	const candidates = absolute
		? roots.filter((root) => inside(path.resolve(root), path.resolve(text))).map((root) => ({ root, file: path.resolve(text) }))
		: roots.map((root) => ({ root, file: path.resolve(root, text) }));
	if (absolute && candidates.length === 0) {
		throw refuse(
			`file ${shown(text)} is outside the workspace; only files inside the workspace folders can be uploaded.`,
			'outside_workspace',
		);
	}
	for (const { root, file } of candidates) {
		const realRoot = await realpathOrUndefined(root);
		const real = realRoot && (await realpathOrUndefined(file));
		if (!realRoot || !real) continue;
		if (real !== realRoot && !inside(realRoot, real)) {
			throw refuse(
				`file ${shown(text)} leads outside the workspace (a symbolic link points elsewhere); only files inside the workspace folders can be uploaded.`,
				'outside_workspace',
			);
		}
		// O_NOFOLLOW: the real path has no link left; one put there since is refused (ELOOP) rather than followed.
		const handle = await fs.promises
			.open(real, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0))
			.catch((error: NodeJS.ErrnoException) => {
				throw refuse(`file ${shown(text)} could not be opened (${error.code ?? 'error'}).`, 'outside_workspace');
			});
		try {
			const stat = await handle.stat();
			if (!stat.isFile()) {
				throw refuse(`file ${shown(text)} is not a regular file (a folder or device); name one file.`, 'outside_workspace');
			}
			if (stat.size > maxBytes) {
				throw refuse(
					`file ${shown(text)} is ${stat.size.toLocaleString('en-US')} bytes; an agent may upload at most ${maxBytes.toLocaleString('en-US')} bytes. Upload it with the explorer's Upload command instead.`,
					'file_too_large',
				);
			}
			const size = stat.size;
			return {
				realPath: real,
				relative: path.relative(realRoot, real).split(path.sep).join('/'),
				size,
				mediaType: mediaTypeOf(real),
				source: {
					size,
					mediaType: mediaTypeOf(real),
					// Positional reads from the one handle: [start, end). autoClose false: the handle is closed once, by close().
					read: (start: number, end: number): Readable | Buffer =>
						end <= start ? Buffer.alloc(0) : handle.createReadStream({ start, end: end - 1, autoClose: false, emitClose: true }),
				},
				close: () => handle.close().catch(() => undefined),
			};
		} catch (error) {
			await handle.close().catch(() => undefined);
			throw error;
		}
	}
	throw refuse(
		`There is no file ${shown(text)} in the workspace (${roots.length === 1 ? 'the folder' : `any of the ${roots.length} folders`} it was looked for in).`,
		'file_not_found',
	);
}

/** The media type an upload declares for a local file (core/storage/paths.ts, one table for every upload). */
export const mediaTypeOf = (file: string): string => mediaTypeFor(path.basename(file));
