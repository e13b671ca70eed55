import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { fileBytes } from '../emulator/server';
import { activateExtension, addDemoProfile, emulatorControl, emulatorRequests } from './helpers';

const PROFILE = 'Storage FS';
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const uri = (...names: string[]) => vscode.Uri.from({ scheme: 'adobe-storage', authority: PROFILE, path: `/${names.join('/')}` });
const text = (value: string) => new TextEncoder().encode(value);

/** The FileSystemError a vscode.workspace.fs call rejects with. */
async function fsError(call: Thenable<unknown>): Promise<vscode.FileSystemError> {
	try {
		await call;
	} catch (error) {
		assert.ok(error instanceof vscode.FileSystemError, `expected a FileSystemError, got ${String(error)}`);
		return error;
	}
	assert.fail('expected the call to fail');
}

/**
 * Cloud Storage as a file system (#19): everything through vscode.workspace.fs on adobe-storage: URIs, against the
 * emulator's Cloud Storage (its writes: test/emulator/storageWrites.js). The tests write in a project of their own
 * ("FS Suite"), which the first test creates, and in the emulator's read-only area (/Brand Refresh 2026/Logos).
 */
describe('Cloud Storage file system', () => {
	let api: TestApi;
	const project = `FS Suite ${Date.now().toString(36)}`;
	const inProject = (...names: string[]) => uri(project, ...names);

	before(async () => {
		({ api } = await activateExtension());
		await addDemoProfile(PROFILE);
	});
	afterEach(() => emulatorControl('DELETE', 'faults'));
	after(async () => {
		await vscode.workspace.fs.delete(uri(project), { recursive: true }).then(undefined, () => undefined);
		await run('adobeApi.removeProfile', { profile: PROFILE });
	});

	/** Core's writes for the test's profile (what the explorer's Restore uses), for what the file system does not do. */
	function writesForProfile() {
		const profile = api.services.profiles.find(PROFILE) ?? assert.fail('no profile');
		return api.services.clients.get().storageWrites(async (forceRefresh) => ({
			accessToken: (await api.services.tokens.getToken(profile.id, { forceRefresh })).accessToken,
			clientId: (await api.services.profiles.credential(profile.id)).clientId,
		}));
	}

	/** The asset behind a URI (its id is what "keeps the asset id" is about). */
	const assetAt = async (target: vscode.Uri) => (await api.storage().assetAt(target)) ?? assert.fail(`${target.toString()} names no asset`);

	it("lists the profile's projects at its root, and a project's folders and files", async () => {
		const projects = await vscode.workspace.fs.readDirectory(uri());
		assert.ok(projects.length >= 4, JSON.stringify(projects));
		for (const [, type] of projects) assert.equal(type, vscode.FileType.Directory);
		assert.ok(projects.some(([name]) => name === 'Brand Refresh 2026'));
		const brand = new Map(await vscode.workspace.fs.readDirectory(uri('Brand Refresh 2026')));
		assert.equal(brand.get('Logos'), vscode.FileType.Directory);
		assert.equal(brand.get('Social'), vscode.FileType.Directory);
		assert.equal(brand.get('creative-brief.docx'), vscode.FileType.File);
	});

	it("stats a file with Adobe's size and dates, read-only where effective-permission says the credential cannot edit", async () => {
		const brief = uri('Brand Refresh 2026', 'creative-brief.docx');
		const asset = await assetAt(brief);
		const stat = await vscode.workspace.fs.stat(brief);
		assert.equal(stat.type, vscode.FileType.File);
		assert.equal(stat.size, asset.size);
		assert.equal(stat.mtime, Date.parse(asset.modifiedDate ?? ''));
		assert.equal(stat.ctime, Date.parse(asset.createdDate ?? ''));
		assert.equal(stat.permissions, undefined, 'writable outside the read-only area');
		const logo = await vscode.workspace.fs.stat(uri('Brand Refresh 2026', 'Logos', 'logo-mono.png'));
		assert.equal(logo.permissions, vscode.FilePermission.Readonly, 'Logos is the emulator’s read-only area (role comment)');
		assert.equal((await vscode.workspace.fs.stat(uri('Brand Refresh 2026'))).type, vscode.FileType.Directory);
		assert.equal((await vscode.workspace.fs.stat(uri())).type, vscode.FileType.Directory);
		const missing = await fsError(vscode.workspace.fs.stat(uri('Brand Refresh 2026', 'logos')));
		assert.equal(missing.code, 'FileNotFound', 'names are case-sensitive');
	});

	it('reads a file through its pre-signed URL, byte for byte', async () => {
		const list = uri('Product Shots', 'shot-list.txt');
		const asset = await assetAt(list);
		const bytes = await vscode.workspace.fs.readFile(list);
		assert.deepEqual(Buffer.from(bytes), fileBytes(asset as Parameters<typeof fileBytes>[0]));
		const downloads = await emulatorRequests('download.content');
		assert.ok(downloads.length > 0, 'the bytes came from the pre-signed URL');
	});

	it('lists a 10,000-item folder whole, and refuses one item more, saying so', async function () {
		this.timeout(120_000);
		const archive = uri('Product Shots', 'Archive (10,000 items)');
		await emulatorControl('POST', 'clear-requests');
		const items = await vscode.workspace.fs.readDirectory(archive);
		assert.equal(items.length, 10_000);
		assert.equal(items[9_999][0], 'IMG_10000.jpg');
		const pages = await emulatorRequests('storage.list');
		assert.equal(pages.filter((r) => r.status === 429).length, 0, 'paced under the rate limit');
		// One more: the folder is refused whole, never shown in part.
		const extra = await emulatorControl<{ assetId: string }>('POST', 'storage/add-file', {
			parentId: (await assetAt(archive)).assetId,
			name: 'one-more.jpg',
			size: 10,
		});
		api.storage().forget();
		try {
			const tooMany = await fsError(vscode.workspace.fs.readDirectory(archive));
			assert.equal(tooMany.code, 'Unavailable');
			assert.match(tooMany.message, /holds more than 10,000 items: the file system lists a folder whole or not at all/);
		} finally {
			await writesForProfile().trash({ assetType: 'file', assetId: extra.assetId });
			api.storage().forget();
		}
	});

	it('says which profile is missing for a URI that names none', async () => {
		const error = await fsError(vscode.workspace.fs.readDirectory(vscode.Uri.parse('adobe-storage://No%20Such%20Profile/')));
		assert.equal(error.code, 'Unavailable');
		assert.match(error.message, /No Adobe profile is named "No Such Profile"/);
	});

	it('creates a project at the top level and a folder in it', async () => {
		await vscode.workspace.fs.createDirectory(uri(project));
		await vscode.workspace.fs.createDirectory(inProject('Drafts'));
		assert.deepEqual(await vscode.workspace.fs.readDirectory(inProject()), [['Drafts', vscode.FileType.Directory]]);
		// VS Code's createDirectory is mkdir -p: an existing folder is stat'ed, not created again.
		await emulatorControl('POST', 'clear-requests');
		await vscode.workspace.fs.createDirectory(inProject('Drafts'));
		assert.equal((await emulatorRequests('storage.create')).length, 0);
		assert.deepEqual(await vscode.workspace.fs.readDirectory(inProject()), [['Drafts', vscode.FileType.Directory]]);
	});

	it('creates a file and reads it back byte for byte', async () => {
		const notes = inProject('Drafts', 'notes.txt');
		const content = text('Cloud Storage as a file system\nline two ✓\n');
		const events: vscode.FileChangeEvent[] = [];
		const listening = api.storage().onDidChangeFile((changes) => events.push(...changes));
		try {
			await vscode.workspace.fs.writeFile(notes, content);
		} finally {
			listening.dispose();
		}
		assert.deepEqual(
			events.map((e) => [e.type, e.uri.path]),
			[
				[vscode.FileChangeType.Created, notes.path],
				[vscode.FileChangeType.Changed, inProject('Drafts').path],
			],
			'VS Code is told about our own writes',
		);
		assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(notes)), Buffer.from(content));
		const stat = await vscode.workspace.fs.stat(notes);
		assert.equal(stat.size, content.length);
		assert.equal((await assetAt(notes)).mediaType, 'text/plain');
	});

	it('keeps a new empty file in this window until its first save with content (Adobe keeps no empty files), and never empties a file', async () => {
		const empty = inProject('Drafts', 'empty.txt');
		await vscode.workspace.fs.writeFile(empty, new Uint8Array(0));
		assert.equal((await vscode.workspace.fs.stat(empty)).size, 0);
		assert.equal((await vscode.workspace.fs.readFile(empty)).byteLength, 0);
		const listed = await vscode.workspace.fs.readDirectory(inProject('Drafts'));
		assert.ok(
			listed.some(([name, type]) => name === 'empty.txt' && type === vscode.FileType.File),
			'listed beside the others',
		);
		await assert.rejects(api.storage().assetAt(empty), 'not in Adobe yet');

		await vscode.workspace.fs.writeFile(empty, text('now with content\n'));
		assert.equal((await assetAt(empty)).size, 'now with content\n'.length, 'the first save with content uploads it');
		await assert.rejects(
			async () => vscode.workspace.fs.writeFile(empty, new Uint8Array(0)),
			(error: vscode.FileSystemError) => error.code === 'NoPermissions' && /keeps no empty files/.test(error.message),
		);
		assert.equal(Buffer.from(await vscode.workspace.fs.readFile(empty)).toString(), 'now with content\n', 'the file keeps its content');

		const other = inProject('Drafts', 'scratch.txt');
		await vscode.workspace.fs.writeFile(other, new Uint8Array(0));
		await vscode.workspace.fs.delete(other);
		await assert.rejects(
			async () => vscode.workspace.fs.stat(other),
			(error: vscode.FileSystemError) => error.code === 'FileNotFound',
		);
	});

	it('uploads a 25 MB file in blocks, without Authorization on the block PUTs, and reads it back equal', async function () {
		this.timeout(120_000);
		const big = inProject('big.bin');
		const content = randomBytes(25 * 1024 * 1024);
		await emulatorControl('POST', 'clear-requests');
		await vscode.workspace.fs.writeFile(big, content);
		const blocks = await emulatorRequests('upload.block');
		assert.ok(blocks.length >= 2, `${blocks.length} block PUTs`);
		assert.ok(
			blocks.every((b) => b.status === 200),
			blocks.map((b) => b.status).join(' '),
		);
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(big)).equals(content), 'the bytes read back are the bytes written');
	});

	it('replaces a file and keeps its asset id', async () => {
		const notes = inProject('Drafts', 'notes.txt');
		const before = await assetAt(notes);
		await vscode.workspace.fs.readFile(notes);
		const content = text('replaced\n');
		await vscode.workspace.fs.writeFile(notes, content);
		api.storage().forget();
		const after = await assetAt(notes);
		assert.equal(after.assetId, before.assetId);
		assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(notes)), Buffer.from(content));
		const inits = (await emulatorRequests('storage.uploadInit')).filter((r) => r.path.includes(encodeURIComponent(before.assetId)));
		assert.ok(inits.length > 0, 'the replacement endpoints were used (/files/{id}/upload/init)');
	});

	it('refuses to save over a file that changed on the server since it was read, and loses neither version', async () => {
		const notes = inProject('Drafts', 'notes.txt');
		const asset = await assetAt(notes);
		await vscode.workspace.fs.readFile(notes);
		const theirs = text('changed by someone else\n');
		await emulatorControl('POST', 'storage/touch', { assetId: asset.assetId, base64: Buffer.from(theirs).toString('base64') });
		const ours = text('my edit\n');
		const conflict = await fsError(vscode.workspace.fs.writeFile(notes, ours));
		assert.match(conflict.message, /changed on Adobe Cloud Storage since it was read.*nothing was saved/);
		// Adobe kept their version; stat now reports its newer mtime, which is what VS Code's "file is newer" compare checks.
		const stat = await vscode.workspace.fs.stat(notes);
		assert.ok(stat.mtime > Date.parse(asset.modifiedDate ?? ''), 'the newer modified date');
		assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(notes)), Buffer.from(theirs));
		// Having read their version, saving ours is a choice: it goes through.
		await vscode.workspace.fs.writeFile(notes, ours);
		api.storage().forget();
		assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(notes)), Buffer.from(ours));
	});

	it('opens a text file in the editor and saves an edit back; a save over a change made on Adobe fails and keeps theirs', async () => {
		const notes = inProject('Drafts', 'editor.txt');
		await vscode.workspace.fs.writeFile(notes, text('first line\n'));
		const document = await vscode.workspace.openTextDocument(notes);
		const editor = await vscode.window.showTextDocument(document);
		assert.equal(document.getText(), 'first line\n');
		assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'added in VS Code\n')), 'the editor took the edit');
		assert.ok(document.isDirty);
		const saved = await document.save();
		assert.ok(
			saved,
			`the save went through: ${api
				.logLines()
				.filter((line) => line.includes('[storage]'))
				.slice(-3)
				.join(' | ')}`,
		);
		api.storage().forget();
		assert.equal(Buffer.from(await vscode.workspace.fs.readFile(notes)).toString(), 'first line\nadded in VS Code\n');

		const asset = await assetAt(notes);
		await emulatorControl('POST', 'storage/touch', { assetId: asset.assetId, base64: Buffer.from('theirs\n').toString('base64') });
		assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'mine: ')));
		assert.equal(await document.save(), false, 'the save over their change failed');
		assert.ok(document.isDirty, 'the edit is still in the editor');
		api.storage().forget();
		assert.equal(Buffer.from(await vscode.workspace.fs.readFile(notes)).toString(), 'theirs\n', 'Adobe kept their version');
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	});

	it('deletes to the trash (a soft delete), so the file can be restored', async () => {
		const gone = inProject('Drafts', 'delete-me.txt');
		await vscode.workspace.fs.writeFile(gone, text('keep me recoverable'));
		const asset = await assetAt(gone);
		await vscode.workspace.fs.delete(gone, { useTrash: false });
		assert.equal((await fsError(vscode.workspace.fs.stat(gone))).code, 'FileNotFound');
		const deletes = await emulatorRequests('storage.delete');
		const mine = deletes.filter((r) => r.path.includes(encodeURIComponent(asset.assetId)) || r.path.includes(asset.assetId));
		assert.equal(mine.length, 1);
		assert.doesNotMatch(JSON.stringify(mine), /permanent/, 'never permanently');
		// Restore, as the explorer's Restore does: core's StorageWrites.restore with the asset id.
		await writesForProfile().restore({ assetType: 'file', assetId: asset.assetId });
		api.storage().forget();
		assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(gone)), Buffer.from('keep me recoverable'));
	});

	it('renames in place, moves a file to another folder (same asset), and refuses to move a folder', async () => {
		const first = inProject('Drafts', 'rename-me.txt');
		await vscode.workspace.fs.writeFile(first, text('moving'));
		const id = (await assetAt(first)).assetId;
		const renamed = inProject('Drafts', 'renamed.txt');
		await vscode.workspace.fs.rename(first, renamed);
		assert.equal((await assetAt(renamed)).assetId, id);
		assert.equal((await fsError(vscode.workspace.fs.stat(first))).code, 'FileNotFound');
		const moved = inProject('moved.txt');
		await vscode.workspace.fs.rename(renamed, moved);
		api.storage().forget();
		assert.equal((await assetAt(moved)).assetId, id, 'a move keeps the file');
		assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(moved)), Buffer.from('moving'));
		// Taken name, no overwrite: VS Code asks first; the provider refuses.
		const taken = await fsError(vscode.workspace.fs.rename(moved, inProject('big.bin'), { overwrite: false }));
		assert.equal(taken.code, 'FileExists');
		// Adobe has no folder move: refused before anything starts, the folder where it was.
		await vscode.workspace.fs.createDirectory(inProject('Elsewhere'));
		const folderMove = await fsError(vscode.workspace.fs.rename(inProject('Drafts'), inProject('Elsewhere', 'Drafts')));
		assert.equal(folderMove.code, 'NoPermissions');
		assert.match(folderMove.message, /cannot move the folder “Drafts”.*Nothing was changed/);
		assert.equal((await vscode.workspace.fs.stat(inProject('Drafts'))).type, vscode.FileType.Directory);
	});

	it('renames a project at the top level, keeping its id', async () => {
		const id = (await assetAt(uri(project))).assetId;
		const renamed = uri(`${project} renamed`);
		await vscode.workspace.fs.rename(uri(project), renamed);
		try {
			assert.equal((await assetAt(renamed)).assetId, id);
			const names = (await vscode.workspace.fs.readDirectory(uri())).map(([name]) => name);
			assert.ok(names.includes(`${project} renamed`) && !names.includes(project), names.join(', '));
		} finally {
			await vscode.workspace.fs.rename(renamed, uri(project));
		}
		assert.equal((await assetAt(uri(project))).assetId, id);
	});

	it('copies a file: same bytes, a new asset', async () => {
		const source = inProject('moved.txt');
		const copy = inProject('Elsewhere', 'copy.txt');
		await vscode.workspace.fs.copy(source, copy);
		assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(copy)), Buffer.from('moving'));
		assert.notEqual((await assetAt(copy)).assetId, (await assetAt(source)).assetId);
	});

	it('refuses a write where effective-permission says the credential cannot edit, before anything is sent', async () => {
		await emulatorControl('POST', 'clear-requests');
		const refused = await fsError(vscode.workspace.fs.writeFile(uri('Brand Refresh 2026', 'Logos', 'new.txt'), text('no')));
		assert.equal(refused.code, 'NoPermissions');
		assert.match(refused.message, /may not upload files here.*can_edit_assets false/);
		assert.equal((await emulatorRequests('storage.uploadInit')).length, 0, 'no upload started');
		const rename = await fsError(
			vscode.workspace.fs.rename(uri('Brand Refresh 2026', 'Logos', 'logo-mono.png'), uri('Brand Refresh 2026', 'Logos', 'x.png')),
		);
		assert.equal(rename.code, 'NoPermissions');
		assert.equal((await emulatorRequests('storage.rename')).length, 0);
	});

	it('opens a cloud document, which Adobe does not download, as its rendition, read-only', async () => {
		const projectId = (await assetAt(inProject())).assetId;
		await emulatorControl('POST', 'storage/add-file', {
			parentId: projectId,
			name: 'poster.psdc',
			size: 4096,
			mediaType: 'application/vnd.adobe.element.image+dcx',
		});
		api.storage().forget();
		const poster = inProject('poster.psdc');
		assert.equal((await vscode.workspace.fs.stat(poster)).permissions, vscode.FilePermission.Readonly);
		await emulatorControl('POST', 'clear-requests');
		const bytes = Buffer.from(await vscode.workspace.fs.readFile(poster));
		assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'its image rendition');
		assert.equal((await emulatorRequests('storage.download')).length, 0, 'no download was asked for');
		assert.equal((await emulatorRequests('storage.rendition')).length, 1);
		const write = await fsError(vscode.workspace.fs.writeFile(poster, text('no')));
		assert.equal(write.code, 'NoPermissions');
	});

	it('refuses to read a file larger than it holds in memory, before downloading it, and says what to do', async () => {
		await emulatorControl('POST', 'storage/add-file', {
			parentId: (await assetAt(inProject())).assetId,
			name: 'huge.bin',
			size: 300 * 1024 * 1024,
		});
		api.storage().forget();
		await emulatorControl('POST', 'clear-requests');
		const error = await fsError(vscode.workspace.fs.readFile(inProject('huge.bin')));
		assert.match(error.message, /"FS Suite [^"]+\/huge\.bin" is 300 MB: the file system opens files up to 256 MB\. Use Download/);
		assert.equal((await emulatorRequests('download.content')).length, 0, 'nothing was downloaded');
	});

	it('never sent Authorization to a pre-signed URL (block PUTs, downloads)', async () => {
		const info = await emulatorControl<{ authorizationOnPresigned: number }>('GET', 'storage/info');
		assert.equal(info.authorizationOnPresigned, 0);
	});
});
