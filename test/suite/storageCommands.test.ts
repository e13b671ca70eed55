import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { activateExtension, addDemoProfile, emulatorControl, emulatorRequests, rejection, stubConfirm } from './helpers';

const PROFILE = 'Storage Commands';
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const uri = (...names: string[]) => vscode.Uri.from({ scheme: 'adobe-storage', authority: PROFILE, path: `/${names.join('/')}` });

interface Uploaded {
	uploaded: vscode.Uri[];
	failed: Array<{ source: vscode.Uri; message: string }>;
}

/**
 * The explorer's Cloud Storage commands scripted with one argument object (issue #19): upload from the disk,
 * delete and restore, Copy Pre-signed URL, Go to… by id, and a write refused by Adobe's effective-permission.
 * They run against the emulator's writes (test/emulator/storageWrites.js) in a project of their own.
 */
describe('Cloud Storage commands', () => {
	let api: TestApi;
	let local: string;
	const project = `Commands Suite ${Date.now().toString(36)}`;
	let projectId: string;

	before(async () => {
		({ api } = await activateExtension());
		await addDemoProfile(PROFILE);
		const made = await run<{ assetId: string; uri: vscode.Uri }>('adobeApi.storage.newProject', { profile: PROFILE, name: project });
		projectId = made.assetId;
		assert.equal(made.uri.toString(), uri(project).toString());
		local = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-upload-'));
	});
	afterEach(() => emulatorControl('DELETE', 'faults'));
	after(async () => {
		fs.rmSync(local, { recursive: true, force: true });
		await run('adobeApi.removeProfile', { profile: PROFILE });
	});

	/** The test project's row in a freshly refreshed tree (profile › Cloud Storage › project), and the rows' labels. */
	async function projectRowInTree() {
		api.explorer.refresh();
		const label = (node: { kind: string }) => String(api.explorer.getTreeItem(node as never).label);
		const [profileRow] = await api.explorer.getChildren();
		const storage =
			(await api.explorer.getChildren(profileRow)).find((n) => label(n) === 'Cloud Storage') ?? assert.fail('no Cloud Storage row');
		const projectRow = (await api.explorer.getChildren(storage)).find((n) => label(n) === project) ?? assert.fail('no project row');
		return { label, projectRow };
	}

	const write = (name: string, content: string | Buffer) => {
		const file = path.join(local, name);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, content);
		return vscode.Uri.file(file);
	};

	it('uploads two files and a folder (recursively), returning the adobe-storage: URIs, and the bytes read back the same', async () => {
		const a = write('a.txt', 'alpha\n');
		const b = write('b.json', JSON.stringify({ beta: true }));
		write('assets/one.txt', 'one');
		write('assets/deeper/two.txt', 'two two');
		const result = await run<Uploaded>('adobeApi.storage.upload', {
			source: [a, b, vscode.Uri.file(path.join(local, 'assets'))],
			destination: uri(project),
		});
		assert.deepEqual(result.failed, []);
		assert.deepEqual(result.uploaded.map((u) => u.toString()).sort(), [
			uri(project, 'a.txt').toString(),
			uri(project, 'assets', 'deeper', 'two.txt').toString(),
			uri(project, 'assets', 'one.txt').toString(),
			uri(project, 'b.json').toString(),
		]);
		assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri(project, 'assets', 'deeper', 'two.txt'))).toString(), 'two two');
		assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri(project, 'a.txt'))).toString(), 'alpha\n');
	});

	it('reports a file that fails with its reason and uploads the others of the batch', async () => {
		const good = write('good.txt', 'fine');
		const empty = write('empty.txt', '');
		const missing = vscode.Uri.file(path.join(local, 'not-there.txt'));
		const result = await run<Uploaded>('adobeApi.storage.upload', { source: [empty, missing, good], destination: uri(project) });
		assert.deepEqual(
			result.uploaded.map((u) => u.toString()),
			[uri(project, 'good.txt').toString()],
		);
		assert.deepEqual(result.failed.map((f) => path.basename(f.source.fsPath)).sort(), ['empty.txt', 'not-there.txt']);
		for (const failure of result.failed) assert.ok(failure.message.length > 10, failure.message);
	});

	it('a name taken: fails by default, and onConflict keepBoth adds it beside (Adobe autorename)', async () => {
		const again = write('a.txt', 'second');
		const refused = await run<Uploaded>('adobeApi.storage.upload', { source: again, destination: uri(project) });
		assert.equal(refused.uploaded.length, 0);
		assert.equal(refused.failed.length, 1);
		const both = await run<Uploaded>('adobeApi.storage.upload', { source: again, destination: uri(project), onConflict: 'keepBoth' });
		assert.deepEqual(
			both.uploaded.map((u) => u.toString()),
			[uri(project, 'a.txt\u00A0(1)').toString()],
		);
	});

	it('refuses an upload where effective-permission says the credential cannot edit, naming why, before any upload starts', async () => {
		await emulatorControl('POST', 'clear-requests');
		const error = await rejection(
			run('adobeApi.storage.upload', { source: write('x.txt', 'x'), destination: uri('Brand Refresh 2026', 'Logos') }),
		);
		assert.match(error.message, /cannot change "Logos".*canEdit is false.*"comment"/);
		const sent = await emulatorRequests();
		assert.ok(!sent.some((r) => r.route.includes('upload')), JSON.stringify(sent.map((r) => r.route)));
	});

	it('deletes (soft), lists it in Recently Deleted, and restores it with the same asset id', async () => {
		const target = uri(project, 'b.json');
		const before = await vscode.workspace.fs.stat(target);
		assert.ok(before.size > 0);
		const deleted = await run<{ deleted: Array<{ assetId: string; assetType: string }> }>('adobeApi.storage.delete', { uri: target });
		assert.equal(deleted.deleted.length, 1);
		await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(target)));
		const listed = await run<{ items: Array<{ name: string; assetId: string }> }>('adobeApi.storage.showDeleted', { uri: uri(project) });
		assert.deepEqual(
			listed.items.map((i) => i.name),
			['b.json'],
		);
		const restored = await run<{ restored: Array<{ assetId: string }> }>('adobeApi.storage.restore', { uri: target });
		assert.equal(restored.restored[0].assetId, deleted.deleted[0].assetId);
		assert.equal(Buffer.from(await vscode.workspace.fs.readFile(target)).toString(), JSON.stringify({ beta: true }));
	});

	it('deletes permanently only after a yes, and only what is in Recently Deleted', async () => {
		const target = uri(project, 'good.txt');
		await run('adobeApi.storage.delete', { uri: target });
		const confirm = stubConfirm(api, false);
		try {
			const refused = await rejection(run('adobeApi.storage.deletePermanently', { uri: target }));
			assert.match(refused.message, /confirmation/);
			assert.match(confirm.asked[0], /Permanently delete "good\.txt"/);
			confirm.answer(true);
			await run('adobeApi.storage.deletePermanently', { uri: target });
		} finally {
			confirm.restore();
		}
		const listed = await run<{ items: Array<{ name: string }> }>('adobeApi.storage.showDeleted', { uri: uri(project) });
		assert.ok(!listed.items.some((i) => i.name === 'good.txt'), JSON.stringify(listed.items));
		await assert.rejects(run('adobeApi.storage.restore', { uri: target }), /no deleted "good\.txt"/);
	});

	it('copies a pre-signed URL for the TTL asked: fetching it returns the bytes, and neither the log nor the result holds it', async () => {
		await vscode.env.clipboard.writeText('');
		const result = await run<{ ttlSeconds: number; expiresAt: string }>('adobeApi.storage.copyPresignedUrl', {
			uri: uri(project, 'a.txt'),
			ttlSeconds: 120,
		});
		const url = await vscode.env.clipboard.readText();
		assert.match(url, /^https?:\/\//);
		assert.equal(result.ttlSeconds, 120);
		const expires = Date.parse(result.expiresAt) - Date.now();
		assert.ok(expires > 60_000 && expires <= 120_000, result.expiresAt);
		assert.ok(!JSON.stringify(result).includes(url));
		const answer = await fetch(url);
		assert.equal(answer.status, 200);
		assert.equal(await answer.text(), 'alpha\n');
		const log = api.logLines();
		assert.ok(!log.some((line) => line.includes(url)), 'the pre-signed URL reached the log');
		await assert.rejects(run('adobeApi.storage.copyPresignedUrl', { uri: uri(project, 'a.txt'), ttlSeconds: 30 }), /ttlSeconds/);
	});

	it('goes to an item by its asset id: a file opens in an editor, a folder is revealed', async () => {
		const file = (await run<{ assetId: string }>('adobeApi.storage.goTo', { profile: PROFILE, target: uri(project, 'a.txt') })).assetId;
		const opened = await run<{ uri: vscode.Uri; opened: boolean }>('adobeApi.storage.goTo', { profile: PROFILE, target: file });
		assert.equal(opened.opened, true);
		assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri(project, 'a.txt').toString());
		assert.equal(vscode.window.activeTextEditor?.document.getText(), 'alpha\n');
		const folder = await run<{ assetId: string; assetType: string; revealed: boolean }>('adobeApi.storage.goTo', {
			profile: PROFILE,
			target: `/${project}/assets`,
		});
		assert.equal(folder.assetType, 'folder');
		assert.equal(folder.revealed, true);
		const byId = await run<{ assetId: string; uri: vscode.Uri }>('adobeApi.storage.goTo', { profile: PROFILE, target: folder.assetId });
		assert.equal(byId.uri.toString(), uri(project, 'assets').toString());
		assert.ok(projectId.startsWith('urn:aaid:'));
	});

	it('changes who has access only after a yes that says the change, and the change shows in Who Has Access', async () => {
		type Access = { roles: Array<{ principal: string; role: string; pending?: boolean }> };
		type Changed = { outcomes: Array<{ kind: string; id: string; status: string }> };
		const patches = async () =>
			(await emulatorControl<{ requests: Array<{ method: string }> }>('GET', 'requests?route=storage.roles')).requests.filter(
				(r) => r.method === 'PATCH',
			).length;
		const before = await patches();
		const change = { uri: uri(project), add: [{ email: 'jane@example.com', role: 'edit' }] };
		const confirm = stubConfirm(api, false);
		try {
			const wrong = await rejection(run('adobeApi.storage.changeAccess', { uri: uri(project), add: [{ email: 'nope', role: 'edit' }] }));
			assert.match(wrong.message, /"nope" is not an email address/);
			assert.deepEqual(confirm.asked, [], 'a change Adobe would refuse is not offered');
			const refused = await rejection(run('adobeApi.storage.changeAccess', change));
			assert.match(refused.message, /confirmation/);
			assert.equal(confirm.asked[0], `Give jane@example.com "edit" on "${project}"?`);
			assert.equal(await patches(), before, 'a declined change sends nothing');
			const unchanged = await run<Access>('adobeApi.storage.showAccess', { uri: uri(project) });
			assert.equal(
				unchanged.roles.find((r) => r.principal === 'jane@example.com'),
				undefined,
			);
			confirm.answer(true);
			const changed = await run<Changed>('adobeApi.storage.changeAccess', change);
			assert.deepEqual(
				changed.outcomes.map((o) => [o.kind, o.id, o.status]),
				[['add', 'mailto:jane@example.com', 'pending']],
			);
			assert.equal(await patches(), before + 1);
		} finally {
			confirm.restore();
		}
		const after = await run<Access>('adobeApi.storage.showAccess', { uri: uri(project) });
		const jane = after.roles.find((r) => r.principal === 'jane@example.com');
		assert.deepEqual(jane && [jane.role, jane.pending], ['edit', true]);
	});

	it('says who has access to a project (its roles) and what this credential may do, where it may edit and where it may only comment', async () => {
		type Access = { assetType: string; role?: string; flags: Record<string, boolean>; roles: Array<{ principal: string; role: string }> };
		const mine = await run<Access>('adobeApi.storage.showAccess', { uri: uri(project) });
		assert.equal(mine.assetType, 'project');
		assert.equal(mine.role, 'edit');
		assert.ok(mine.roles.length >= 1, JSON.stringify(mine.roles));
		assert.ok(Object.values(mine.flags).some(Boolean), JSON.stringify(mine.flags));
		// A folder's roles are its project's; in the emulator's read-only area the credential may only comment.
		const logos = await run<Access>('adobeApi.storage.showAccess', { uri: uri('Brand Refresh 2026', 'Logos', 'logo-mono.png') });
		assert.equal(logos.assetType, 'file');
		assert.equal(logos.role, 'comment');
	});

	it('renames in place (same asset id) and refuses a name Adobe would refuse', async () => {
		const id = (await run<{ assetId: string }>('adobeApi.storage.goTo', { profile: PROFILE, target: uri(project, 'assets', 'one.txt') }))
			.assetId;
		const renamed = await run<{ assetId: string; uri: vscode.Uri }>('adobeApi.storage.rename', {
			uri: uri(project, 'assets', 'one.txt'),
			name: 'uno.txt',
		});
		assert.equal(renamed.uri.toString(), uri(project, 'assets', 'uno.txt').toString());
		assert.equal(renamed.assetId, id);
		assert.equal(Buffer.from(await vscode.workspace.fs.readFile(renamed.uri)).toString(), 'one');
		await assert.rejects(run('adobeApi.storage.rename', { uri: renamed.uri, name: 'a:b' }), /name/);
	});

	it('moves and copies files to a folder, and refuses to move a folder (Adobe moves files only)', async () => {
		const moved = await run<{ moved: Array<{ assetId: string; from: string }>; failed: unknown[] }>('adobeApi.storage.moveTo', {
			uri: uri(project, 'assets', 'uno.txt'),
			destination: uri(project, 'assets', 'deeper'),
		});
		assert.deepEqual(moved.failed, []);
		assert.equal(moved.moved[0].assetId, moved.moved[0].from);
		assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri(project, 'assets', 'deeper', 'uno.txt'))).toString(), 'one');
		const copied = await run<{ copied: Array<{ assetId: string; from: string }> }>('adobeApi.storage.copyTo', {
			uri: uri(project, 'a.txt'),
			destination: uri(project, 'assets'),
		});
		assert.notEqual(copied.copied[0].assetId, copied.copied[0].from);
		assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri(project, 'assets', 'a.txt'))).toString(), 'alpha\n');
		await assert.rejects(
			run('adobeApi.storage.moveTo', { uri: uri(project, 'assets', 'deeper'), destination: uri(project) }),
			/files only/,
		);
	});

	it("reloads the folder's row when a file of ours is saved in an editor, so its size is the new one", async () => {
		await run('adobeApi.selectProfile', { profile: PROFILE });
		const { label, projectRow } = await projectRowInTree();
		const sizeOf = async () => {
			const row = (await api.explorer.getChildren(projectRow)).find((n) => label(n) === 'a.txt') ?? assert.fail('no a.txt row');
			return api.explorer.getTreeItem(row).description;
		};
		assert.equal(await sizeOf(), '6 B');
		const document = await vscode.workspace.openTextDocument(uri(project, 'a.txt'));
		const edit = new vscode.WorkspaceEdit();
		edit.insert(document.uri, document.positionAt(document.getText().length), 'more\n');
		assert.ok(await vscode.workspace.applyEdit(edit));
		const reloaded = new Promise<void>((resolve) => {
			const listener = api.explorer.onDidChangeTreeData((node) => {
				if (node === projectRow) {
					listener.dispose();
					resolve();
				}
			});
		});
		assert.ok(await document.save());
		await reloaded;
		assert.equal(await sizeOf(), '11 B');
	});
	it("reloads a folder's row when VS Code's Explorer (workspace.fs) creates, renames or deletes a file in it", async () => {
		await run('adobeApi.selectProfile', { profile: PROFILE });
		const { label, projectRow } = await projectRowInTree();
		const names = async () => (await api.explorer.getChildren(projectRow)).map(label);
		const reloaded = () =>
			new Promise<void>((resolve) => {
				const listener = api.explorer.onDidChangeTreeData((node) => {
					if (node === projectRow) {
						listener.dispose();
						resolve();
					}
				});
			});
		assert.ok(!(await names()).includes('from-explorer.txt'));
		let next = reloaded();
		await vscode.workspace.fs.writeFile(uri(project, 'from-explorer.txt'), new TextEncoder().encode('made in the Explorer\n'));
		await next;
		assert.ok((await names()).includes('from-explorer.txt'));
		next = reloaded();
		await vscode.workspace.fs.rename(uri(project, 'from-explorer.txt'), uri(project, 'renamed-in-explorer.txt'));
		await next;
		assert.deepEqual(
			(await names()).filter((n) => n.includes('explorer')),
			['renamed-in-explorer.txt'],
		);
		next = reloaded();
		await vscode.workspace.fs.delete(uri(project, 'renamed-in-explorer.txt'));
		await next;
		assert.ok(!(await names()).some((n) => n.includes('explorer')));
	});
});
