/**
 * Cloud Storage writes (core/storage/writes.ts) against the emulator in contract mode: every operation, each
 * fault the emulator offers, and the "nothing lost" rules of #19 (an upload that fails or is cancelled is
 * never finalized; a replace of a file changed since it was read sends nothing; a failed move or copy
 * leaves the original).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { AdobeEmulator } from '../../emulator/server';
import { DEMO_CLIENTS } from '../../emulator/server';
import type { ApiCaller, CallerSource } from '../../../src/core/common/caller';
import type { StorageAsset } from '../../../src/core/storage/types';
import type { UploadSource } from '../../../src/core/storage/writeTypes';
import { checkWritable, folderTransferUnsupported, isNameClash, isWriteConflict, UPLOAD_LIMITS } from '../../../src/core/storage/writes';
import { assetNameProblem } from '../../../src/core/storage/names';
import { FakeClock, assertNoLeak, clientsFor, rejection, useEmulator } from '../helpers';

const MIB = 1024 * 1024;
const demo = DEMO_CLIENTS.demo.clientId;

/** Bytes that differ at every position of a block, so a block sent twice or out of order shows. */
function pattern(size: number, seed = 7): Buffer {
	const bytes = Buffer.alloc(size);
	for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed + (i >> 10)) & 0xff;
	return bytes;
}

/** An UploadSource over a Buffer, answering each block as a stream (as a file's createReadStream would), counting reads. */
function bufferSource(bytes: Buffer, mediaType = 'application/octet-stream'): UploadSource & { reads: Array<[number, number]> } {
	const reads: Array<[number, number]> = [];
	return {
		size: bytes.length,
		mediaType,
		reads,
		read(start, end) {
			reads.push([start, end]);
			return Readable.from([bytes.subarray(start, end)]);
		},
	};
}

describe('Cloud Storage writes', () => {
	const env = useEmulator();
	const caller = (emulator: AdobeEmulator = env.emulator): ApiCaller => ({ accessToken: emulator.issueToken(demo), clientId: demo });
	const clock = () => new FakeClock();
	const writer = (emulator: AdobeEmulator = env.emulator) => clientsFor(emulator, { clock: clock() }).cloudStorageWriter;
	const asset = (name: string): StorageAsset =>
		([...env.emulator.content.byId.values()].find((a) => a.name === name && a.state !== 'deleted') as StorageAsset | undefined) ??
		assert.fail(`no ${name}`);
	const childNames = (parentId: string) =>
		(env.emulator.content.children.get(parentId) ?? []).filter((a) => a.state === 'active').map((a) => a.name);
	const ref = (a: StorageAsset) => ({ assetType: a.assetType, assetId: a.assetId });

	describe('create, rename, delete, restore', () => {
		it('creates a folder in a project (createFolder: 201 and the folder) and a project', async () => {
			const project = asset('Empty Project');
			const folder = await writer().createFolder(caller(), project.assetId, 'Renders');
			assert.equal(folder.assetType, 'folder');
			assert.equal(folder.name, 'Renders');
			assert.deepEqual(folder.ancestors, [project.assetId]);
			assert.deepEqual(childNames(project.assetId), ['Renders']);
			const created = await writer().createProject(caller(), 'Autumn Campaign');
			assert.equal(created.assetType, 'project');
			assert.equal(created.path, '/Autumn Campaign');
			assert.deepEqual(
				env.emulator.requests.map((r) => [r.route, r.status]),
				[
					['storage.create', 201],
					['storage.create', 201],
				],
			);
		});

		it('refuses a name Adobe would refuse before sending anything, with the rule', async () => {
			const project = asset('Empty Project');
			for (const name of ['a/b', 'what?', 'CON', 'lpt9', '', 'x'.repeat(256)]) {
				const error = await rejection(writer().createFolder(caller(), project.assetId, name));
				assert.equal(error.kind, 'invalidInput', name);
				assert.equal(error.code, 'invalid_name');
				assert.match(error.message, /not a name Windows reserves/);
			}
			assert.equal(assetNameProblem('CONSOLE'), undefined, 'only the reserved names themselves');
			assert.equal(assetNameProblem('x'.repeat(255)), undefined);
			assert.equal(assetNameProblem('😀'.repeat(255)), undefined, 'characters, not UTF-16 units');
			assert.equal(env.emulator.requests.length, 0);
		});

		it('says a name is taken (409) so the caller can offer Keep both; with autorename Adobe adds " (1)"', async () => {
			const brand = asset('Brand Refresh 2026');
			const error = await rejection(writer().createFolder(caller(), brand.assetId, 'Social'));
			assert.equal(error.status, 409);
			assert.ok(isNameClash(error));
			assert.equal(error.code, 'invalid_operation', "Adobe's own code is kept");
			assert.match(error.message, /already has an item named “Social” there .* Keep both/);
			const kept = await writer().createFolder(caller(), brand.assetId, 'Social', { onClash: 'autorename' });
			assert.equal(kept.name, 'Social\u00A0(1)');
		});

		it('renames in place, keeping the asset id; a taken name is a clash', async () => {
			const brief = asset('creative-brief.docx');
			const renamed = await writer().rename(caller(), ref(brief), 'brief-v2.docx');
			assert.equal(renamed.assetId, brief.assetId);
			assert.equal(renamed.name, 'brief-v2.docx');
			const error = await rejection(writer().rename(caller(), ref(asset('Instagram')), 'LinkedIn'));
			assert.ok(isNameClash(error));
		});

		it('deletes to the trash, restores, and deletes permanently only what is deleted', async () => {
			const shots = asset('Product Shots');
			const list = asset('shot-list.txt');
			const w = writer();
			const early = await rejection(w.deletePermanently(caller(), ref(list)));
			assert.equal(early.status, 409);
			assert.ok(!isNameClash(early));
			assert.match(early.message, /deletes permanently only what is already deleted/);
			await w.trash(caller(), ref(list));
			assert.ok(!childNames(shots.assetId).includes('shot-list.txt'));
			const restored = await w.restore(caller(), ref(list));
			assert.equal(restored.state, 'active');
			assert.ok(childNames(shots.assetId).includes('shot-list.txt'));
			await w.trash(caller(), ref(list));
			await w.deletePermanently(caller(), ref(list));
			assert.equal(env.emulator.content.byId.get(list.assetId), undefined);
			const gone = await rejection(w.restore(caller(), ref(list)));
			assert.equal(gone.status, 404);
			assert.deepEqual(
				env.emulator.requests.filter((r) => r.route === 'storage.delete').map((r) => [r.method, r.query.permanent, r.status]),
				[
					['DELETE', 'true', 409],
					['DELETE', undefined, 204],
					['DELETE', undefined, 204],
					['DELETE', 'true', 204],
				],
			);
		});

		it('a restore under a deleted folder says to restore the folder first, not that a name is taken', async () => {
			const social = asset('Social');
			const banner = asset('banner.png');
			await writer().trash(caller(), ref(social));
			const error = await rejection(writer().restore(caller(), ref(banner)));
			assert.equal(error.status, 409);
			assert.ok(!isNameClash(error));
			assert.match(error.message, /Restore that first/);
		});

		it('refuses what the API cannot do before sending: a folder move or copy, roles of a folder, an unknown asset type', async () => {
			const move = folderTransferUnsupported('move', 'Logos');
			assert.equal(move.kind, 'invalidInput');
			assert.match(move.message, /cannot move the folder “Logos”: its API moves files only \(moveFile\)/);
			assert.match(folderTransferUnsupported('copy').message, /Copy the files inside it one by one/);
			const roles = await rejection(writer().roles(caller(), ref(asset('Logos'))));
			assert.equal(roles.kind, 'invalidInput');
			const odd = await rejection(writer().trash(caller(), { assetType: 'library', assetId: 'urn:x' }));
			assert.equal(odd.kind, 'invalidInput');
			assert.equal(env.emulator.requests.length, 0);
		});
	});

	describe('uploads', () => {
		it('uploads a multi-block file that round-trips byte for byte, with no Authorization on any block or download', async () => {
			const project = asset('Empty Project');
			const bytes = pattern(3 * MIB + 12_345);
			const source = bufferSource(bytes, 'application/zip');
			const progress: number[] = [];
			const clients = clientsFor(env.emulator, { clock: clock() });
			const file = await clients.cloudStorageWriter.uploadFile(caller(), project.assetId, 'bundle.zip', source, {
				blockSize: MIB,
				onProgress: (sent, total) => {
					assert.equal(total, bytes.length);
					progress.push(sent);
				},
			});
			assert.equal(file.name, 'bundle.zip');
			assert.equal(file.size, bytes.length);
			assert.equal(file.mediaType, 'application/zip');
			assert.deepEqual(env.emulator.fileContent(file.assetId), bytes);
			// Every block read once, as a stream of its own range.
			assert.deepEqual(
				source.reads.sort((a, b) => a[0] - b[0]),
				[
					[0, MIB],
					[MIB, 2 * MIB],
					[2 * MIB, 3 * MIB],
					[3 * MIB, bytes.length],
				],
			);
			assert.equal(progress.at(-1), bytes.length);
			assert.ok(
				progress.every((value, i) => i === 0 || value >= progress[i - 1]),
				'progress only grows',
			);
			assert.equal(env.emulator.count('upload.block'), 4);
			// And back through the download link, without the token.
			const link = await clients.cloudStorage.downloadLink(caller(), file.assetId);
			const back = await clients.http.fetchBytes({ service: 'cloudStorage', url: link.url }, { maxBytes: 10 * MIB });
			assert.deepEqual(back, bytes);
			assert.equal(env.emulator.authorizationOnPresigned, 0);
			const presigned = env.emulator.requests.filter((r) => r.route === 'upload.block' || r.route === 'download.content');
			assert.equal(presigned.length, 5);
			assert.ok(presigned.every((r) => r.clientId === undefined));
			assert.deepEqual(
				env.emulator.requests.filter((r) => r.route.startsWith('storage.upload')).map((r) => [r.route, r.status]),
				[
					['storage.uploadInit', 200],
					['storage.uploadFinalize', 202],
				],
			);
		});

		it('uploads from a source that gives its blocks as Buffers', async () => {
			const bytes = pattern(5000, 3);
			const file = await writer().uploadFile(caller(), asset('Empty Project').assetId, 'notes.txt', {
				size: bytes.length,
				mediaType: 'text/plain',
				read: (start, end) => bytes.subarray(start, end),
			});
			assert.deepEqual(env.emulator.fileContent(file.assetId), bytes);
		});

		it('says a file that cannot be read is the problem, whether its stream fails or the source throws, and finalizes nothing', async () => {
			const project = asset('Empty Project');
			const missing = path.join(os.tmpdir(), `adobe-missing-${process.pid}.bin`);
			const fromDisk: UploadSource = {
				size: 10,
				mediaType: 'text/plain',
				read: (start, end) => fs.createReadStream(missing, { start, end: end - 1 }),
			};
			const gone = await rejection(writer().uploadFile(caller(), project.assetId, 'a.txt', fromDisk));
			assert.equal(gone.kind, 'invalidInput');
			assert.match(gone.message, /could not be read \(ENOENT: no such file or directory.*\)\. Nothing was saved/);
			const throwing: UploadSource = {
				size: 10,
				mediaType: 'text/plain',
				read: () => {
					throw new Error('EACCES: permission denied');
				},
			};
			const denied = await rejection(writer().uploadFile(caller(), project.assetId, 'a.txt', throwing));
			assert.match(denied.message, /could not be read \(EACCES: permission denied\)/);
			assert.equal(env.emulator.count('storage.uploadFinalize'), 0);
		});

		it('refuses an empty file with a message, sending nothing (Adobe’s fileSize has minimum 1)', async () => {
			const error = await rejection(
				writer().uploadFile(caller(), asset('Empty Project').assetId, 'empty.txt', {
					size: 0,
					mediaType: 'text/plain',
					read: () => Buffer.alloc(0),
				}),
			);
			assert.equal(error.kind, 'invalidInput');
			assert.equal(error.code, 'empty_file');
			assert.match(error.message, /does not take empty files/);
			assert.equal(env.emulator.requests.length, 0);
		});

		it('never finalizes when a block PUT fails mid-way: no file appears, the others stop', async () => {
			const project = asset('Empty Project');
			env.emulator.inject('upload.block', { type: 'blockFails', partNumber: 2, status: 403 });
			const clients = clientsFor(env.emulator, { clock: clock() });
			const error = await rejection(
				clients.cloudStorageWriter.uploadFile(caller(), project.assetId, 'half.bin', bufferSource(pattern(4 * MIB)), { blockSize: MIB }),
			);
			// The transfer links' signatures never reach a message or the log.
			const signatures = env.emulator.requests.filter((r) => r.route === 'upload.block').map((r) => r.query.sig);
			assert.ok(signatures.length > 0 && signatures.every(Boolean));
			assertNoLeak(signatures, error, clients.lines.join('\n'));
			assert.ok(clients.lines.some((line) => /PUT http:\/\/127\.0\.0\.1:\d+\/__blocks\/[^?]+\?… failed/.test(line)));
			assert.equal(error.status, 403);
			assert.match(error.message, /refused a block of the upload \(HTTP 403, InternalError\).*Nothing was saved/);
			assert.equal(env.emulator.count('storage.uploadFinalize'), 0);
			assert.deepEqual(childNames(project.assetId), []);
			assert.ok(env.emulator.count('upload.block') <= 4);
		});

		it('tries a block again after a transient failure (a 500 once), then finishes', async () => {
			env.emulator.inject('upload.block', { type: 'blockFails', partNumber: 1, status: 500 }, 1);
			const bytes = pattern(2 * MIB + 1);
			const file = await writer().uploadFile(caller(), asset('Empty Project').assetId, 'retry.bin', bufferSource(bytes), {
				blockSize: MIB,
			});
			assert.deepEqual(env.emulator.fileContent(file.assetId), bytes);
			assert.equal(env.emulator.count('upload.block'), 4);
		});

		it('gives up on a block that keeps failing after two more tries, and finalizes nothing', async () => {
			env.emulator.inject('upload.block', { type: 'blockFails', partNumber: 1, status: 503 });
			const error = await rejection(writer().uploadFile(caller(), asset('Empty Project').assetId, 'x.bin', bufferSource(pattern(1000))));
			assert.equal(error.status, 503);
			assert.equal(env.emulator.count('upload.block'), 1 + UPLOAD_LIMITS.blockRetries);
			assert.equal(env.emulator.count('storage.uploadFinalize'), 0);
		});

		it("reports a finalize that fails with Adobe's error, and no file appears", async () => {
			const project = asset('Empty Project');
			env.emulator.inject('storage.uploadFinalize', {
				type: 'status',
				status: 500,
				body: { error_code: 'runtime_error', message: 'An unexpected error occurred while processing your request.' },
			});
			const error = await rejection(writer().uploadFile(caller(), project.assetId, 'a.txt', bufferSource(pattern(100), 'text/plain')));
			assert.equal(error.status, 500);
			assert.match(error.message, /runtime_error: An unexpected error occurred/);
			assert.deepEqual(childNames(project.assetId), []);
		});

		it("reports a failed upload job with Adobe's errors (bounded), and no file appears", async () => {
			const project = asset('Empty Project');
			const errors = Array.from({ length: 50 }, (_, i) => ({ error_code: 'runtime_error', message: `block ${i} ${'x'.repeat(5000)}` }));
			env.emulator.inject('storage.uploadFinalize', { type: 'jobFailed', errors });
			const error = await rejection(writer().uploadFile(caller(), project.assetId, 'a.txt', bufferSource(pattern(100), 'text/plain')));
			assert.equal(error.code, 'runtime_error');
			assert.match(
				error.message,
				/could not finish the upload \(the job failed\)\. Adobe says: runtime_error: block 0 x+; .* \(and 47 more\)\. No file was created/,
			);
			assert.ok(error.message.length < 1200, `${error.message.length} characters`);
			assert.deepEqual(childNames(project.assetId), []);
		});

		it('treats a partly succeeded upload job as failed', async () => {
			env.emulator.inject('storage.uploadFinalize', { type: 'jobPartial', errors: [{ error_code: 'runtime_error', message: 'half' }] });
			const error = await rejection(
				writer().uploadFile(caller(), asset('Empty Project').assetId, 'a.txt', bufferSource(pattern(10), 'text/plain')),
			);
			assert.match(error.message, /only partly finished the upload \(partially_succeeded\)/);
		});

		it('follows a long job as retry-after says, within 0.5–30 s a poll, and stops polling on Cancel', async () => {
			env.emulator.inject('storage.uploadFinalize', { type: 'slowJob', polls: 5 }, 1);
			const fake = clock();
			const waits: number[] = [];
			const w = clientsFor(env.emulator, { clock: fake }).cloudStorageWriter;
			const file = await w.uploadFile(caller(), asset('Empty Project').assetId, 'slow.txt', bufferSource(pattern(10), 'text/plain'), {
				onWaiting: (s) => waits.push(s),
			});
			assert.equal(file.name, 'slow.txt');
			assert.equal(env.emulator.count('storage.status'), 6);
			assert.equal(waits.length, 6);
			assert.ok(fake.sleeps.every((ms) => ms >= 500 && ms <= 30_000));
			env.emulator.inject('storage.uploadFinalize', { type: 'slowJob', polls: 50 }, 1);
			const abort = new AbortController();
			const error = await rejection(
				w.uploadFile(caller(), asset('Empty Project').assetId, 'slower.txt', bufferSource(pattern(10), 'text/plain'), {
					signal: abort.signal,
					onWaiting: () => {
						if (env.emulator.count('storage.status') >= 8) abort.abort();
					},
				}),
			);
			assert.equal(error.kind, 'cancelled');
			assert.equal(env.emulator.count('storage.status'), 8);
		});

		it('stops on Cancel mid-upload: the blocks stop, nothing is finalized, no file appears', async () => {
			const project = asset('Empty Project');
			const abort = new AbortController();
			const error = await rejection(
				writer().uploadFile(caller(), project.assetId, 'big.bin', bufferSource(pattern(6 * MIB)), {
					blockSize: MIB,
					signal: abort.signal,
					onProgress: (sent) => {
						if (sent > MIB / 2) abort.abort();
					},
				}),
			);
			assert.equal(error.kind, 'cancelled');
			assert.equal(env.emulator.count('storage.uploadFinalize'), 0);
			assert.ok(env.emulator.count('upload.block') <= UPLOAD_LIMITS.concurrency, 'no block started after the Cancel');
			assert.deepEqual(childNames(project.assetId), []);
		});

		it('starts no block once the transfer links have expired (urlExpirationDate), and finalizes nothing', async () => {
			const late = new FakeClock(Date.now() + 2 * 3600_000);
			const error = await rejection(
				clientsFor(env.emulator, { clock: late }).cloudStorageWriter.uploadFile(
					caller(),
					asset('Empty Project').assetId,
					'late.txt',
					bufferSource(pattern(10), 'text/plain'),
				),
			);
			assert.equal(error.code, 'upload_expired');
			assert.match(error.message, /expired .* before every block was sent\. Nothing was saved/);
			assert.equal(env.emulator.count('upload.block'), 0);
			assert.equal(env.emulator.count('storage.uploadFinalize'), 0);
		});

		it('a name taken at finalize is a clash; with autorename the upload lands under a new name', async () => {
			const shots = asset('Product Shots');
			const error = await rejection(writer().uploadFile(caller(), shots.assetId, 'shot-list.txt', bufferSource(pattern(10), 'text/plain')));
			assert.ok(isNameClash(error));
			assert.equal(
				env.emulator.fileContent(asset('shot-list.txt').assetId).length,
				asset('shot-list.txt').size,
				'the existing file is untouched',
			);
			const kept = await writer().uploadFile(caller(), shots.assetId, 'shot-list.txt', bufferSource(pattern(10), 'text/plain'), {
				onClash: 'autorename',
			});
			assert.equal(kept.name, 'shot-list.txt\u00A0(1)');
		});

		it('refuses where the credential may not write (403), with what to do', async () => {
			const logos = asset('Logos');
			const error = await rejection(writer().uploadFile(caller(), logos.assetId, 'new.png', bufferSource(pattern(10), 'image/png')));
			assert.equal(error.status, 403);
			assert.match(
				error.message,
				/did not let this credential upload the file \(HTTP 403, access_error: .*\)\. Ask the project's owner for edit access/,
			);
			assert.equal(env.emulator.count('upload.block'), 0);
		});

		it('answers a 401 once with a fresh token, per request (a source, not a caller)', async () => {
			let asked = 0;
			const source: CallerSource = async (force) => {
				asked++;
				assert.equal(force, asked > 1);
				return caller();
			};
			env.emulator.inject('storage.uploadFinalize', { type: 'expiredToken' }, 1);
			const file = await clientsFor(env.emulator, { clock: clock() })
				.storageWrites(source)
				.uploadFile(asset('Empty Project').assetId, 'token.txt', bufferSource(pattern(10), 'text/plain'));
			assert.equal(file.name, 'token.txt');
			assert.equal(asked, 2);
			assert.equal(env.emulator.count('storage.uploadInit'), 1, 'the upload was not started again');
			assert.equal(env.emulator.count('upload.block'), 1);
		});
	});

	describe('replace', () => {
		it("replaces a file's content, keeping its asset id, when it is unchanged since read", async () => {
			const list = asset('shot-list.txt');
			const bytes = pattern(2 * MIB + 7, 9);
			const replaced = await writer().replaceFile(caller(), list.assetId, bufferSource(bytes, 'text/plain'), {
				blockSize: MIB,
				expected: { modifiedDate: list.modifiedDate, size: list.size },
			});
			assert.equal(replaced.assetId, list.assetId);
			assert.equal(replaced.size, bytes.length);
			assert.deepEqual(env.emulator.fileContent(list.assetId), bytes);
			assert.deepEqual(
				env.emulator.requests.filter((r) => r.route !== 'upload.block').map((r) => r.route),
				['storage.metadata', 'storage.uploadInit', 'storage.uploadFinalize', 'storage.status', 'storage.status'],
			);
		});

		it('refuses with a conflict, sending nothing else, when the file changed on the server since it was read', async () => {
			const list = asset('shot-list.txt');
			const read = { modifiedDate: list.modifiedDate, size: list.size };
			const before = env.emulator.fileContent(list.assetId);
			env.emulator.touchFile(list.assetId);
			const changed = env.emulator.fileContent(list.assetId);
			const error = await rejection(
				writer().replaceFile(caller(), list.assetId, bufferSource(pattern(10), 'text/plain'), { expected: read }),
			);
			assert.ok(isWriteConflict(error));
			assert.equal(error.code, 'conflict');
			assert.match(
				error.message,
				/“shot-list.txt” changed in Adobe Cloud Storage since it was opened \(modified .*\)\. Nothing was saved\. Compare/,
			);
			assert.deepEqual(
				env.emulator.requests.map((r) => r.route),
				['storage.metadata'],
			);
			assert.deepEqual(env.emulator.fileContent(list.assetId), changed);
			assert.notDeepEqual(changed, before);
		});

		it('says the content type cannot change (Adobe’s 415), and refuses it unsent when the metadata was read', async () => {
			const list = asset('shot-list.txt');
			const error = await rejection(writer().replaceFile(caller(), list.assetId, bufferSource(pattern(10), 'image/png')));
			assert.equal(error.status, 415);
			assert.match(error.message, /cannot change a file's content type when replacing it to image\/png/);
			env.emulator.reset();
			const local = await rejection(
				writer().replaceFile(caller(), list.assetId, bufferSource(pattern(10), 'image/png'), { expected: { size: list.size } }),
			);
			assert.equal(local.code, 'media_type_change');
			assert.match(local.message, /from text\/plain to image\/png/);
			assert.deepEqual(
				env.emulator.requests.map((r) => r.route),
				['storage.metadata'],
			);
		});

		it('a failed replace job leaves the previous content', async () => {
			const list = asset('shot-list.txt');
			const before = env.emulator.fileContent(list.assetId);
			env.emulator.inject('storage.uploadFinalize', { type: 'jobFailed' });
			const error = await rejection(writer().replaceFile(caller(), list.assetId, bufferSource(pattern(10), 'text/plain')));
			assert.match(error.message, /The file keeps its previous content/);
			assert.deepEqual(env.emulator.fileContent(list.assetId), before);
		});
	});

	describe('move and copy', () => {
		it('moves a file (202, then the job) and copies one; the asset is what the job says', async () => {
			const list = asset('shot-list.txt');
			const drafts = asset('Drafts');
			const moved = await writer().moveFile(caller(), list.assetId, drafts.assetId);
			assert.equal(moved.assetId, list.assetId);
			assert.deepEqual(childNames(drafts.assetId), ['shot-list.txt']);
			const copy = await writer().copyFile(caller(), list.assetId, drafts.assetId, { onClash: 'autorename' });
			assert.notEqual(copy.assetId, list.assetId);
			assert.equal(copy.name, 'shot-list.txt\u00A0(1)');
			assert.deepEqual(env.emulator.fileContent(copy.assetId), env.emulator.fileContent(list.assetId));
			const renamedCopy = await writer().copyFile(caller(), list.assetId, asset('Empty Project').assetId, { name: 'list.txt' });
			assert.equal(renamedCopy.name, 'list.txt');
		});

		it('a move whose job fails leaves the file where it was', async () => {
			const list = asset('shot-list.txt');
			const shots = asset('Product Shots');
			env.emulator.inject('storage.move', { type: 'jobFailed', errors: [{ error_code: 'runtime_error', message: 'disk on fire' }] });
			const error = await rejection(writer().moveFile(caller(), list.assetId, asset('Drafts').assetId));
			assert.match(
				error.message,
				/could not move the file \(the job failed\)\. Adobe says: runtime_error: disk on fire\. The file stays where it was/,
			);
			assert.ok(childNames(shots.assetId).includes('shot-list.txt'));
			assert.deepEqual(childNames(asset('Drafts').assetId), []);
		});

		it('a name taken while the copy job runs is a clash too, with the same fix', async () => {
			const list = asset('shot-list.txt');
			const drafts = asset('Drafts');
			env.emulator.inject('storage.copy', { type: 'slowJob', polls: 2 }, 1);
			const error = await rejection(
				writer().copyFile(caller(), list.assetId, drafts.assetId, {
					onWaiting: () => {
						if (!childNames(drafts.assetId).includes('shot-list.txt')) env.emulator.addFile(drafts.assetId, 'shot-list.txt');
					},
				}),
			);
			assert.ok(isNameClash(error));
			assert.equal(error.code, 'invalid_operation');
			assert.match(
				error.message,
				/already has an item with that name there \(the job failed; Adobe says: invalid_operation: .*"shot-list.txt" already exists\)\. .*Keep both/,
			);
		});

		it('a copy onto a taken name is a clash, and refused where the credential may not write', async () => {
			const list = asset('shot-list.txt');
			const clash = await rejection(writer().copyFile(caller(), list.assetId, asset('Product Shots').assetId));
			assert.ok(isNameClash(clash));
			const refused = await rejection(writer().copyFile(caller(), list.assetId, asset('Logos').assetId));
			assert.equal(refused.status, 403);
		});
	});

	describe('permissions and roles', () => {
		it('reads effective permissions for a project, a folder and a file, and says why a write would be refused', async () => {
			const w = writer();
			const project = await w.effectivePermission(caller(), ref(asset('Brand Refresh 2026')));
			assert.equal(project.canEdit, true);
			assert.equal(project.canDelete, true);
			assert.equal(project.flags.can_edit_project, true);
			assert.equal(checkWritable(project, 'upload'), undefined);
			const logos = await w.effectivePermission(caller(), ref(asset('Logos')));
			assert.equal(logos.role, 'comment');
			assert.equal(logos.canEdit, false);
			assert.equal(logos.canDownload, true);
			assert.equal(logos.canMoveInside, false);
			assert.equal(
				checkWritable(logos, 'upload'),
				"This credential may not upload files here: Adobe Cloud Storage's effective permission for it (its role: comment) has can_edit_assets false. Ask the project's owner for access, or use a profile that has it.",
			);
			assert.match(checkWritable(logos, 'moveIn') ?? '', /can_move_assets_inside false/);
			assert.equal(checkWritable(logos, 'download'), undefined);
			const file = await w.effectivePermission(caller(), ref(asset('logo-mono.png')));
			assert.equal(file.canEdit, false);
			assert.equal(file.canMoveInside, undefined, 'files have no container flags');
			assert.match(checkWritable(file, 'delete') ?? '', /can_delete_assets false/);
		});

		it('lists the roles of a project and of a file: users by e-mail, groups by name, everyone in the organisation, invitations', async () => {
			const roles = await writer().roles(caller(), ref(asset('Brand Refresh 2026')));
			assert.deepEqual(roles, [
				{ principalType: 'user', id: roles[0].id, principal: 'emulator-technical-account@techacct.adobe.com', role: 'edit' },
				{ principalType: 'user', id: '13A5316551352CF40A490D35@AdobeID', principal: 'dana.designer@example.com', role: 'edit' },
				{ principalType: 'group', id: '11301C2F67F84EA80A494021@AdobeOrg:639451533', principal: 'Reviewers', role: 'comment' },
				{ principalType: 'predefined', id: 'orgEverybody', principal: 'everyone in Emulator Org', role: 'comment' },
				{ principalType: 'user', id: 'mailto:sam.new@example.com', principal: 'sam.new@example.com', role: 'comment', pending: true },
			]);
			const file = await writer().roles(caller(), ref(asset('logo-mono.png')));
			assert.equal(file[0].role, 'comment', 'the read-only area');
			assert.deepEqual(
				env.emulator.requests.map((r) => r.path.replace(/urn[^/]+/, 'ID')),
				['/v1/projects/ID/roles', '/v1/files/ID/roles'],
			);
		});
	});

	describe('changing roles (patchProjectRoles, patchFileRoles)', () => {
		const dana = '13A5316551352CF40A490D35@AdobeID';
		const reviewers = '11301C2F67F84EA80A494021@AdobeOrg:639451533';

		it('adds a person (an invitation, pending) and a group, changes a role and removes one, in one PATCH after can_share', async () => {
			const project = ref(asset('Brand Refresh 2026'));
			const outcomes = await writer().patchRoles(caller(), project, {
				add: [
					{ email: 'Jane@Example.com', role: 'edit' },
					{ group: 'Designers', role: 'comment' },
				],
				update: [{ id: dana, type: 'user', role: 'comment' }],
				remove: [{ id: reviewers, type: 'group' }],
			});
			assert.deepEqual(
				outcomes.map((o) => [o.kind, o.id, o.status, o.role]),
				[
					['add', 'mailto:jane@example.com', 'pending', 'edit'],
					['add', 'name:Designers', 'successful', 'comment'],
					['update', dana, 'successful', 'comment'],
					['remove', reviewers, 'successful', undefined],
				],
			);
			const patch = env.emulator.requests.find((r) => r.method === 'PATCH');
			assert.ok(patch, 'a PATCH was sent');
			assert.deepEqual(
				env.emulator.requests.map((r) => [r.route, r.method, r.status]),
				[
					['storage.permission', 'GET', 200],
					['storage.roles', 'PATCH', 200],
				],
			);
			const roles = await writer().roles(caller(), project);
			assert.equal(roles.find((r) => r.id === dana)?.role, 'comment');
			assert.equal(
				roles.find((r) => r.id === reviewers),
				undefined,
				'removed',
			);
			assert.equal(roles.find((r) => r.principal === 'Designers')?.role, 'comment');
			assert.equal(roles.find((r) => r.principal === 'jane@example.com')?.pending, true);
		});

		it('shows a failed entry with Adobe’s error_code and message (an addition of someone who already has a role)', async () => {
			const outcomes = await writer().patchRoles(caller(), ref(asset('Brand Refresh 2026')), {
				add: [{ email: 'dana.designer@example.com', role: 'edit' }],
			});
			assert.equal(outcomes.length, 1);
			assert.equal(outcomes[0].status, 'failed');
			assert.equal(outcomes[0].errorCode, 'invalid_operation');
			assert.match(outcomes[0].message ?? '', /already has a role/);
		});

		it('refuses before sending the PATCH where the credential may not share (the read-only Logos folder’s file)', async () => {
			const error = await rejection(
				writer().patchRoles(caller(), ref(asset('logo-mono.png')), { add: [{ email: 'jane@example.com', role: 'comment' }] }),
			);
			assert.equal(error.code, 'permission_denied');
			assert.match(error.message, /may not change who has access .* can_share false.*Nothing was changed/);
			assert.deepEqual(
				env.emulator.requests.map((r) => r.method),
				['GET'],
			);
		});

		it('checks the change locally and sends nothing when it is wrong', async () => {
			const project = ref(asset('Brand Refresh 2026'));
			const eleven = Array.from({ length: 11 }, (_, i) => ({ email: `p${i}@example.com`, role: 'comment' }));
			const cases: Array<[unknown, RegExp]> = [
				[{ add: [{ email: 'not-an-email', role: 'edit' }] }, /"not-an-email" is not an email address/],
				[{ add: [{ email: 'a@example.com', role: 'owner' }] }, /must be "edit" or "comment"/],
				[{ add: [{ group: '_everybody', role: 'edit' }] }, /_everybody\) can only be given "comment"/],
				[{ add: eleven }, /at most 10 entries per list .* "add" has 11/],
				[{ update: [{ id: dana, type: 'user', role: 'edit' }], remove: [{ id: dana, type: 'user' }] }, /named twice/],
				[{}, /nothing to change/],
			];
			for (const [change, message] of cases) {
				const error = await rejection(writer().patchRoles(caller(), project, change as never));
				assert.equal(error.kind, 'invalidInput', String(message));
				assert.match(error.message, message);
			}
			const folder = await rejection(
				writer().patchRoles(caller(), ref(asset('Logos')), { add: [{ email: 'a@example.com', role: 'edit' }] }),
			);
			assert.match(folder.message, /projects and files only/);
			assert.equal(env.emulator.requests.length, 0);
		});

		it('bounds and redacts what the answer says', async () => {
			const who = caller();
			const failed = Array.from({ length: 50 }, () => ({
				id: 'x',
				type: 'user',
				status: 'failed',
				error_code: 'e'.repeat(500),
				message: `${'m'.repeat(5000)} ${who.accessToken}`,
			}));
			env.emulator.inject('storage.roles', { type: 'status', status: 200, body: { direct: { additions: failed } } }, 1);
			const outcomes = await writer().patchRoles(who, ref(asset('Brand Refresh 2026')), {
				add: [{ email: 'a@example.com', role: 'edit' }],
			});
			assert.equal(outcomes.length, 10);
			assert.ok((outcomes[0].errorCode ?? '').length <= 64);
			assert.ok((outcomes[0].message ?? '').length <= 300);
			assertNoLeak([who.accessToken], outcomes);
		});
	});

	describe('downloads for the file system', () => {
		it('asks for the link lifetime given, clamped to Adobe’s 60 s – 4 h', async () => {
			const storage = clientsFor(env.emulator, { clock: clock() }).cloudStorage;
			const file = asset('shot-list.txt');
			for (const urlTTL of [5, 600, 1e9, NaN]) await storage.downloadLink(caller(), file.assetId, { urlTTL });
			assert.deepEqual(
				env.emulator.requests.filter((r) => r.route === 'storage.download').map((r) => r.query.urlTTL),
				['60', '600', '14400', '14400'],
			);
		});

		it('reads a file into memory up to a limit, refusing a larger one before its body is read', async () => {
			const clients = clientsFor(env.emulator, { clock: clock() });
			const file = asset('shot-list.txt');
			const link = await clients.cloudStorage.downloadLink(caller(), file.assetId);
			const bytes = await clients.http.fetchBytes({ service: 'cloudStorage', url: link.url }, { maxBytes: file.size ?? 0 });
			assert.deepEqual(bytes, env.emulator.fileContent(file.assetId));
			const error = await rejection(
				clients.http.fetchBytes({ service: 'cloudStorage', url: link.url }, { maxBytes: (file.size ?? 0) - 1 }),
			);
			assert.equal(error.code, 'too_large');
			assert.match(error.message, /is larger than .*; it was not read/);
			assert.equal(env.emulator.authorizationOnPresigned, 0);
		});
	});

	describe('bounds on what Adobe sends', () => {
		const project = () => asset('Empty Project');
		const initAnswer = (body: unknown) => env.emulator.inject('storage.uploadInit', { type: 'status', status: 200, body }, 1);
		const link = (partNumber: number, url = `${env.emulator.url}/__blocks/x/${partNumber}?sig=abc`) => ({ partNumber, url });
		const upload = (size = 3 * MIB) => writer().uploadFile(caller(), project().assetId, 'x.bin', bufferSource(pattern(size)));

		it('refuses an absurd block size, too many or too few transfer links, and links that are not HTTPS, sending no block', async () => {
			const cases: Array<[unknown, RegExp]> = [
				[{ uploadId: 'u', blockSize: 0, transferLinks: [link(1)] }, /block size it asks for \(0\)/],
				[{ uploadId: 'u', blockSize: 1e15, transferLinks: [link(1)] }, /not a size between 1 byte and 5 GB/],
				[{ uploadId: 'u', blockSize: 1000, transferLinks: [link(1)] }, /too small for a file of 3.0 MB/],
				[
					{ uploadId: 'u', blockSize: MIB, transferLinks: [link(1), link(2)] },
					/sent 2 transfer links for a file of 3.0 MB that needs 3 blocks of 1.0 MB/,
				],
				[
					{ uploadId: 'u', blockSize: MIB, transferLinks: Array.from({ length: 10_001 }, (_, i) => link(i + 1)) },
					/sent 10001 transfer links, more than the 10000/,
				],
				[{ uploadId: 'u', blockSize: 4 * MIB, transferLinks: [link(1, 'http://storage.example.com/b/1?sig=abc')] }, /not an HTTPS URL/],
				[{ uploadId: 'u', blockSize: 2 * MIB, transferLinks: [link(1), link(1)] }, /two transfer links have part number 1/],
				[{ uploadId: 'u', blockSize: 4 * MIB, transferLinks: [{ url: link(1).url }] }, /has no part number/],
				[{ blockSize: 4 * MIB, transferLinks: [link(1)] }, /no uploadId/],
			];
			for (const [body, message] of cases) {
				initAnswer(body);
				const error = await rejection(upload());
				assert.equal(error.kind, 'badResponse', String(message));
				assert.match(error.message, message);
			}
			assert.equal(env.emulator.count('upload.block'), 0);
			assert.equal(env.emulator.count('storage.uploadFinalize'), 0);
		});

		it('refuses a block size hint that is not a number of bytes, and clamps one out of range', async () => {
			for (const blockSize of [0, -1, NaN, 1.5, Infinity]) {
				const error = await rejection(writer().uploadFile(caller(), project().assetId, 'x.bin', bufferSource(pattern(10)), { blockSize }));
				assert.equal(error.kind, 'invalidInput');
			}
			assert.equal(env.emulator.requests.length, 0);
			await writer().uploadFile(caller(), project().assetId, 'x.bin', bufferSource(pattern(10)), { blockSize: 1 });
			assert.equal(env.emulator.requests[0].route, 'storage.uploadInit');
		});

		it('keeps a hostile error text short, linear to read, and without the token', async () => {
			const who = caller();
			const huge = `${'token:'.repeat(400_000)} ${who.accessToken} ${'"'.repeat(200_000)}`;
			env.emulator.inject('storage.create', { type: 'status', status: 409, body: { error_code: 'invalid_operation', message: huge } }, 1);
			const started = performance.now();
			const error = await rejection(writer().createFolder(who, project().assetId, 'New'));
			const elapsed = performance.now() - started;
			assert.ok(error.message.length < 800, `${error.message.length} characters`);
			assert.ok((error.detail ?? '').length <= 300);
			assertNoLeak([who.accessToken], error);
			assert.ok(elapsed < 2000, `took ${Math.round(elapsed)} ms`);
		});

		it('bounds the roles it reads', async () => {
			const direct = Array.from({ length: 2001 }, (_, i) => ({
				id: `u${i}`,
				type: 'user',
				name: 'n',
				role: 'edit',
				email: `u${i}@example.com`,
			}));
			env.emulator.inject('storage.roles', { type: 'status', status: 200, body: { direct, pending: [] } }, 1);
			const error = await rejection(writer().roles(caller(), ref(asset('Brand Refresh 2026'))));
			assert.match(error.message, /lists 2001 roles, more than the 2000 shown here/);
		});
	});
});

describe('Cloud Storage uploads stream', () => {
	const env = useEmulator({ keepUploadedBytes: false, blockSize: 8 * MIB } as never);
	const caller = (): ApiCaller => ({ accessToken: env.emulator.issueToken(demo), clientId: demo });

	it("sends a 96 MB file generated on the fly without the process's memory growing with it", async function () {
		this.timeout(60_000);
		const size = 96 * MIB;
		const chunk = Buffer.alloc(64 * 1024, 7);
		const source: UploadSource = {
			size,
			mediaType: 'application/octet-stream',
			read: (start, end) =>
				Readable.from(
					(function* () {
						for (let at = start; at < end; at += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, end - at));
					})(),
				),
		};
		global.gc?.();
		const base = process.memoryUsage();
		let peak = 0;
		const project = [...env.emulator.content.byId.values()].find((a) => a.name === 'Empty Project') ?? assert.fail('no project');
		const file = await clientsFor(env.emulator, { clock: new FakeClock() }).cloudStorageWriter.uploadFile(
			caller(),
			project.assetId,
			'big.bin',
			source,
			{
				onProgress: () => {
					const now = process.memoryUsage();
					peak = Math.max(peak, now.heapUsed + now.arrayBuffers - (base.heapUsed + base.arrayBuffers));
				},
			},
		);
		assert.equal(file.size, size);
		assert.equal(env.emulator.count('upload.block'), 12);
		assert.ok(peak < 48 * MIB, `grew by ${Math.round(peak / MIB)} MB while sending ${size / MIB} MB`);
	});
});

describe('Cloud Storage writes over quota', () => {
	const env = useEmulator({ storageQuotaBytes: 1000 } as never);
	const caller = (): ApiCaller => ({ accessToken: env.emulator.issueToken(demo), clientId: demo });
	const named = (name: string) => [...env.emulator.content.byId.values()].find((a) => a.name === name) ?? assert.fail(name);

	it('says the quota is used up when an upload job fails on it (the upload endpoints document no 507), or a copy is refused with 507', async () => {
		const w = clientsFor(env.emulator, { clock: new FakeClock() }).cloudStorageWriter;
		const project = named('Empty Project');
		const error = await rejection(w.uploadFile(caller(), project.assetId, 'big.bin', bufferSource(pattern(5000))));
		assert.equal(error.code, 'storage_quota_exceeded');
		assert.match(
			error.message,
			/^The organisation's Adobe Cloud Storage quota is used up \(the job failed; Adobe says: storage_quota_exceeded: .*\)\. Nothing was saved\./,
		);
		assert.deepEqual(env.emulator.content.children.get(project.assetId) ?? [], []);
		const copy = await rejection(w.copyFile(caller(), named('teaser.mp4').assetId, project.assetId));
		assert.equal(copy.status, 507);
		assert.match(copy.message, /quota is used up \(storage_quota_exceeded: .*\)\. Nothing was saved/);
	});
});
