/** Issue #19: uploading files and folders from the disk (features/explorer/uploads.ts), against a recording StorageWrites. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type * as vscode from 'vscode';
import { AdobeApiError } from '../../../src/core/common/errors';
import type { StorageAsset } from '../../../src/core/storage/types';
import type { StorageWrites, UploadSource } from '../../../src/core/storage/writeTypes';
import {
	ClashAnswer,
	PARALLEL_FILES,
	UploadRun,
	diskSource,
	mediaTypeOf,
	planUpload,
	runUpload,
} from '../../../src/features/explorer/uploads';

/** A file: URI as much as the planner uses one. */
const fileUri = (fsPath: string) => ({ fsPath, path: fsPath, scheme: 'file' }) as unknown as vscode.Uri;
const noRedact = (text: string) => text;

async function bytesOf(source: UploadSource, start: number, end: number): Promise<Buffer> {
	const read = source.read(start, end);
	if (Buffer.isBuffer(read)) return read;
	const chunks: Buffer[] = [];
	for await (const chunk of read as Readable) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Writes that keep what they were asked in memory: a name taken is a 409, as Adobe answers. */
function recordingWrites(options: { failName?: string; taken?: string[] } = {}) {
	const made: Array<{ parentId: string; name: string; content?: string; autorename?: boolean; replaced?: string }> = [];
	const children = new Map<string, StorageAsset[]>();
	let next = 1;
	const add = (parentId: string, asset: StorageAsset) => children.set(parentId, [...(children.get(parentId) ?? []), asset]);
	for (const name of options.taken ?? []) add('root', { assetType: 'file', assetId: `taken-${name}`, name });
	const clash = () =>
		new AdobeApiError('The name is taken.', { kind: 'http', status: 409, code: 'name_conflict', service: 'cloudStorage' });
	const writes = {
		async createFolder(parentId: string, name: string) {
			const asset = { assetType: 'folder', assetId: `folder-${next++}`, name };
			add(parentId, asset);
			made.push({ parentId, name });
			return asset;
		},
		async uploadFile(
			parentId: string,
			name: string,
			source: UploadSource,
			opts: { onClash?: string; onProgress?: (n: number, t: number) => void } = {},
		) {
			if (name === options.failName) throw new AdobeApiError('Adobe could not finalize the upload.', { kind: 'http', status: 500 });
			const taken = (children.get(parentId) ?? []).some((a) => a.name === name);
			if (taken && opts.onClash !== 'autorename') throw clash();
			const content = (await bytesOf(source, 0, source.size)).toString();
			opts.onProgress?.(source.size, source.size);
			const asset = { assetType: 'file', assetId: `file-${next++}`, name: taken ? `${name}\u00A0(1)` : name };
			add(parentId, asset);
			made.push({ parentId, name: asset.name, content, autorename: opts.onClash === 'autorename' });
			return asset;
		},
		async replaceFile(fileId: string, source: UploadSource) {
			const content = (await bytesOf(source, 0, source.size)).toString();
			made.push({ parentId: '?', name: fileId, content, replaced: fileId });
			return { assetType: 'file', assetId: fileId, name: fileId };
		},
	} as unknown as StorageWrites;
	const find = async (parentId: string, name: string) => (children.get(parentId) ?? []).find((a) => a.name === name);
	return { writes, made, find };
}

describe('uploads from the disk', () => {
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uploads-test-'));
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
	const write = (name: string, content: string) => {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), content);
		return fileUri(path.join(dir, name));
	};

	const runWith = (
		plan: Awaited<ReturnType<typeof planUpload>>,
		writes: StorageWrites,
		find: UploadRun['find'],
		clash: ClashAnswer | { answer: ClashAnswer; forAll: true } = 'fail',
		signal = new AbortController().signal,
	) => {
		const progress: Array<[number, number]> = [];
		const asked: string[] = [];
		return runUpload(
			plan,
			{
				writes,
				parentId: 'root',
				signal,
				onClash: async (name) => (asked.push(name), clash),
				find,
				onProgress: (done, sent) => progress.push([done, sent]),
				onUploaded: () => undefined,
			},
			noRedact,
		).then((outcome) => ({ outcome, progress, asked }));
	};

	it('plans a folder recursively (folders before their files, names in order) and counts the bytes', async () => {
		write('shots/b.txt', 'bb');
		write('shots/a.txt', 'a');
		write('shots/deeper/c.txt', 'ccc');
		const single = write('top.txt', 'top!');
		const plan = await planUpload([fileUri(path.join(dir, 'shots')), single], fileUri);
		assert.deepEqual(plan.folders, [['shots'], ['shots', 'deeper']]);
		assert.deepEqual(
			plan.files.map((f) => [...f.folders, f.name].join('/')),
			['shots/a.txt', 'shots/b.txt', 'shots/deeper/c.txt', 'top.txt'],
		);
		assert.equal(plan.totalBytes, 10);
	});

	it('uploads every file into its folder, streaming the bytes from the disk, and reports bytes and files as they go', async () => {
		write('shots/a.txt', 'alpha');
		write('shots/deeper/c.txt', 'gamma');
		const { writes, made, find } = recordingWrites();
		const plan = await planUpload([fileUri(path.join(dir, 'shots'))], fileUri);
		const { outcome, progress } = await runWith(plan, writes, find);
		assert.deepEqual(outcome.failed, []);
		// Folders first, in order; then the files, a few at a time.
		assert.deepEqual(
			made.slice(0, 2).map((m) => m.name),
			['shots', 'deeper'],
		);
		assert.deepEqual(
			made
				.slice(2)
				.map((m) => [m.name, m.content])
				.sort(),
			[
				['a.txt', 'alpha'],
				['c.txt', 'gamma'],
			],
		);
		assert.deepEqual(progress[progress.length - 1], [2, 10]);
	});

	it('reports a failing file with its reason and goes on with the others; an unreadable source too', async () => {
		const good = write('good.txt', 'ok');
		const bad = write('bad.txt', 'no');
		const gone = fileUri(path.join(dir, 'gone.txt'));
		const { writes, made, find } = recordingWrites({ failName: 'bad.txt' });
		const { outcome } = await runWith(await planUpload([bad, gone, good], fileUri), writes, find);
		assert.deepEqual(
			made.map((m) => m.name),
			['good.txt'],
		);
		assert.deepEqual(
			outcome.failed.map((f) => [path.basename(f.source.fsPath), f.message]),
			[
				['gone.txt', 'cannot read it (ENOENT)'],
				['bad.txt', 'Adobe could not finalize the upload.'],
			],
		);
	});

	it('a taken name: fail reports it, keepBoth autorenames, replace gives the existing file the new bytes, skip leaves it out', async () => {
		const file = write('a.txt', 'new content');
		for (const [answer, expect] of [
			['fail', { failed: 1, made: [] }],
			['keepBoth', { failed: 0, made: [['a.txt\u00A0(1)', 'new content']] }],
			['replace', { failed: 0, made: [['taken-a.txt', 'new content']] }],
			['skip', { failed: 0, made: [] }],
		] as const) {
			const { writes, made, find } = recordingWrites({ taken: ['a.txt'] });
			const { outcome, asked } = await runWith(await planUpload([file], fileUri), writes, find, answer);
			assert.deepEqual(asked, ['a.txt'], answer);
			assert.equal(outcome.failed.length, expect.failed, answer);
			assert.deepEqual(
				made.map((m) => [m.name, m.content]),
				expect.made,
				answer,
			);
			assert.equal(outcome.skipped.length, answer === 'skip' ? 1 : 0);
		}
	});

	it('an answer for all asks once: every later taken name in the batch is answered the same, the free ones go up', async () => {
		const files = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'].map((name) => write(name, `new ${name}`));
		for (const answer of ['skip', 'keepBoth', 'replace'] as const) {
			const { writes, made, find } = recordingWrites({ taken: ['a.txt', 'c.txt', 'e.txt'] });
			const { outcome, asked } = await runWith(await planUpload(files, fileUri), writes, find, { answer, forAll: true });
			assert.equal(asked.length, 1, `${answer}: asked ${asked.join(', ')}`);
			assert.deepEqual(outcome.failed, [], answer);
			assert.equal(outcome.skipped.length, answer === 'skip' ? 3 : 0, answer);
			const names = made.map((m) => m.name).sort();
			const expected = {
				skip: ['b.txt', 'd.txt'],
				keepBoth: ['a.txt\u00A0(1)', 'b.txt', 'c.txt\u00A0(1)', 'd.txt', 'e.txt\u00A0(1)'],
				replace: ['b.txt', 'd.txt', 'taken-a.txt', 'taken-c.txt', 'taken-e.txt'],
			}[answer];
			assert.deepEqual(names, expected, answer);
		}
	});

	it('Cancel at a clash stops the batch: the files not started yet are not sent', async () => {
		const files = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt'].map((name) => write(name, name));
		const { writes, made, find } = recordingWrites({ taken: ['a.txt'] });
		const { outcome, asked } = await runWith(await planUpload(files, fileUri), writes, find, 'cancel');
		assert.equal(outcome.cancelled, true);
		assert.deepEqual(asked, ['a.txt']);
		// a.txt asked and was cancelled; at most the files already under way beside it went up.
		assert.ok(made.length <= PARALLEL_FILES - 1, JSON.stringify(made));
		assert.ok(!made.some((m) => m.name === 'f.txt'), JSON.stringify(made));
	});

	it('an aborted signal sends nothing more', async () => {
		const a = write('a.txt', 'a');
		const abort = new AbortController();
		abort.abort();
		const { writes, made, find } = recordingWrites();
		const { outcome } = await runWith(await planUpload([a], fileUri), writes, find, 'fail', abort.signal);
		assert.equal(outcome.cancelled, true);
		assert.deepEqual(made, []);
	});

	it('reads a block as the bytes [start, end) of the file, and names media types by extension', async () => {
		const file = write('blocks.bin', '0123456789');
		const source = diskSource(file.fsPath, 10);
		assert.equal((await bytesOf(source, 2, 5)).toString(), '234');
		assert.equal((await bytesOf(source, 9, 10)).toString(), '9');
		assert.equal(mediaTypeOf('logo.PNG'), 'image/png');
		assert.equal(mediaTypeOf('notes'), 'application/octet-stream');
		assert.equal(mediaTypeOf('.env'), 'application/octet-stream');
	});
});
