/**
 * The Cloud Storage write tools (core/agent/tools/storageWrites.ts) and the workspace confinement of
 * the files they upload (core/agent/workspaceFile.ts): what is refused before any token is fetched, what
 * each write asks first, and the writes themselves against the emulator.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
	AgentToolHost,
	AgentToolResult,
	MAX_AGENT_UPLOAD_BYTES,
	STORAGE_WRITE_TOOLS,
	agentToolConfirmation,
	agentToolProgress,
	invokeAgentTool,
	mcpAgentTools,
	openWorkspaceFile,
} from '../../../src/core/agent';
import type { AdobeClients } from '../../../src/core/clients';
import type { StorageWrites } from '../../../src/core/storage/writeTypes';
import { clientsFor, useEmulator } from '../helpers';
import { demoToolHost } from './demoHost';

/** A workspace folder with a file, a subfolder, and a file and a folder outside it that symbolic links inside point to. */
function makeWorkspace(): { root: string; outside: string; cleanup(): void } {
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-ws-'));
	const root = path.join(base, 'workspace');
	const outside = path.join(base, 'outside');
	fs.mkdirSync(path.join(root, 'images'), { recursive: true });
	fs.mkdirSync(outside);
	fs.writeFileSync(path.join(root, 'images', 'cat.png'), Buffer.from('PNG-bytes-of-a-cat'));
	fs.writeFileSync(path.join(root, 'notes.txt'), 'hello from the workspace\n');
	fs.writeFileSync(path.join(outside, 'id_rsa'), 'PRIVATE KEY');
	fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(root, 'key-link'));
	fs.symlinkSync(outside, path.join(root, 'outdir'));
	fs.symlinkSync(path.join(root, 'notes.txt'), path.join(root, 'notes-link.txt'));
	return { root, outside, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}

async function readAll(
	source: { read(start: number, end: number): NodeJS.ReadableStream | Buffer },
	start: number,
	end: number,
): Promise<Buffer> {
	const part = source.read(start, end);
	if (Buffer.isBuffer(part)) return part;
	const chunks: Buffer[] = [];
	for await (const chunk of part as AsyncIterable<Buffer>) chunks.push(chunk);
	return Buffer.concat(chunks);
}

describe('agent storage writes: the workspace file an upload reads', () => {
	let ws: ReturnType<typeof makeWorkspace>;
	beforeEach(() => (ws = makeWorkspace()));
	afterEach(() => ws.cleanup());

	const refusal = async (given: string, pattern: RegExp, code = 'outside_workspace', roots = [ws.root]) => {
		await assert.rejects(openWorkspaceFile(given, roots), (error: { message: string; code?: string }) => {
			assert.match(error.message, pattern);
			assert.equal(error.code, code);
			assert.ok(!error.message.includes('PRIVATE KEY'));
			return true;
		});
	};

	it('opens a file by its path inside the workspace, relative or absolute, and reads any range from the handle it opened', async () => {
		const file = await openWorkspaceFile('images/cat.png', [ws.root]);
		try {
			assert.equal(file.relative, 'images/cat.png');
			assert.equal(file.size, 18);
			assert.equal(file.mediaType, 'image/png');
			assert.equal((await readAll(file.source, 4, 10)).toString(), 'bytes-');
			assert.equal((await readAll(file.source, 0, 0)).length, 0);
		} finally {
			await file.close();
		}
		const absolute = await openWorkspaceFile(path.join(ws.root, 'notes.txt'), ['/nonexistent-root', ws.root]);
		assert.equal(absolute.relative, 'notes.txt');
		assert.equal(absolute.mediaType, 'text/plain');
		await absolute.close();
		// A link that stays inside the workspace is followed.
		const link = await openWorkspaceFile('notes-link.txt', [ws.root]);
		assert.equal(link.relative, 'notes.txt');
		await link.close();
	});

	it('refuses "..", even one that would land inside again, and an absolute path outside', async () => {
		await refusal('../outside/id_rsa', /contains "\.\."/);
		await refusal('images/../notes.txt', /contains "\.\."/);
		await refusal('images\\..\\..\\outside\\id_rsa', /contains "\.\."/);
		await refusal(path.join(ws.outside, 'id_rsa'), /outside the workspace/);
		await refusal('/etc/passwd', /outside the workspace/);
	});

	it('refuses a symbolic link pointing out, to a file or through a folder', async () => {
		await refusal('key-link', /leads outside the workspace \(a symbolic link/);
		await refusal('outdir/id_rsa', /leads outside the workspace/);
		await refusal(path.join(ws.root, 'key-link'), /leads outside the workspace/);
	});

	it('refuses a folder, a missing file, a file over the limit, and any file when no workspace is open', async () => {
		await refusal('images', /not a regular file/);
		await refusal('.', /not a regular file/);
		await refusal('nope.txt', /There is no file "nope\.txt" in the workspace/, 'file_not_found');
		await assert.rejects(openWorkspaceFile('notes.txt', [ws.root], 10), /is 25 bytes; an agent may upload at most 10 bytes/);
		await refusal('notes.txt', /No workspace folder is open/, 'no_workspace', []);
		assert.equal(MAX_AGENT_UPLOAD_BYTES, 1024 ** 3);
	});
});

describe('agent storage writes: the tools', () => {
	const env = useEmulator();
	let clients: AdobeClients;
	let ws: ReturnType<typeof makeWorkspace>;
	before(() => (clients = clientsFor(env.emulator)));
	after(() => clients.close());
	beforeEach(() => (ws = makeWorkspace()));
	afterEach(() => ws.cleanup());

	/** Every write the tools asked for, when the host's writes are the recorder. */
	let calls: Array<[string, ...unknown[]]> = [];
	const recorder: StorageWrites = new Proxy({} as StorageWrites, {
		get:
			(_target, method: string) =>
			async (...args: unknown[]) => {
				// Every write is allowed here; what effective-permission refuses is tested against the emulator.
				if (method === 'effectivePermission') {
					return {
						canEdit: true,
						canDelete: true,
						canRestore: true,
						canPermanentDelete: false,
						canDownload: true,
						canMoveInside: true,
						flags: {},
					};
				}
				calls.push([method, ...args]);
				return { assetType: 'file', assetId: 'urn:aaid:sc:US:new', name: String(args[1] ?? 'x') };
			},
	});

	function host(overrides: Partial<AgentToolHost> = {}): AgentToolHost & { tokens: string[] } {
		calls = [];
		return demoToolHost(clients, [ws.root], { storageWrites: () => recorder, ...overrides });
	}

	const failed = (result: AgentToolResult, pattern: RegExp) => {
		assert.equal(result.isError, true, `expected an error, got ${result.text}`);
		assert.match(result.text, /^Error: .* Fix: /s);
		assert.match(result.text, pattern);
	};

	it('refuses an upload of a file outside the workspace (.., absolute, a symbolic link out) before any token is fetched or anything is written', async () => {
		const projectId = env.emulator.content.projects[0].assetId;
		for (const file of ['../outside/id_rsa', path.join(ws.outside, 'id_rsa'), 'key-link', 'outdir/id_rsa']) {
			const h = host();
			const result = await invokeAgentTool('adobe_upload_file', { file, parentId: projectId }, h);
			failed(result, /outside the workspace|contains "\.\."/);
			assert.equal((result.data.error as { code?: string }).code, 'outside_workspace');
			assert.match(result.text, /Fix: Name a file inside the workspace by its path relative to the workspace folder/);
			assert.deepEqual(h.tokens, [], `no token for ${file}`);
			assert.deepEqual(calls, []);
			assert.ok(!result.text.includes('PRIVATE KEY'));
		}
	});

	it("checks names by Adobe's rule and needs a target, before any token is fetched", async () => {
		const h = host();
		failed(await invokeAgentTool('adobe_create_folder', { parentPath: 'Product Shots', name: 'a/b' }, h), /not a name Adobe accepts/);
		failed(await invokeAgentTool('adobe_create_folder', { parentPath: 'Product Shots', name: 'CON' }, h), /not a name Adobe accepts/);
		failed(await invokeAgentTool('adobe_create_folder', { name: 'New' }, h), /needs one of parentId, parentPath/);
		failed(
			await invokeAgentTool('adobe_move_asset', { path: 'Product Shots/shot-list.txt' }, h),
			/needs newName .* destinationId or destinationPath/,
		);
		failed(
			await invokeAgentTool('adobe_move_asset', { assetId: 'urn:aaid:sc:US:x', assetType: 'folder', destinationPath: 'Product Shots' }, h),
			/moves files only; a folder can be renamed \(newName\) but not moved/,
		);
		failed(
			await invokeAgentTool('adobe_upload_file', { file: 'notes.txt', parentId: 'urn:x', onClash: 'replace' }, h),
			/onClash must be one of fail, autorename/,
		);
		assert.deepEqual(h.tokens, []);
		assert.deepEqual(calls, []);
	});

	it('resolves paths, then hands each write its ids and options, and answers with what was done, no token in it', async () => {
		const h = host();
		const shots = env.emulator.content.projects.find((p) => p.name === 'Product Shots')!;
		const created = await invokeAgentTool('adobe_create_folder', { parentPath: 'Product Shots', name: 'Summer', onClash: 'autorename' }, h);
		assert.ok(!created.isError, created.text);
		assert.equal(calls[0][0], 'createFolder');
		assert.equal(calls[0][1], shots.assetId);
		assert.equal(calls[0][2], 'Summer');
		assert.equal((calls[0][3] as { onClash: string }).onClash, 'autorename');
		assert.match(created.text, /Created folder "Summer" · urn:aaid:sc:US:new in "\/Product Shots"/);

		const uploaded = await invokeAgentTool('adobe_upload_file', { file: 'images/cat.png', parentId: shots.assetId }, h);
		assert.ok(!uploaded.isError, uploaded.text);
		const [method, parentId, name, source] = calls[1] as [string, string, string, { size: number; mediaType: string }];
		assert.deepEqual([method, parentId, name, source.size, source.mediaType], ['uploadFile', shots.assetId, 'cat.png', 18, 'image/png']);
		assert.match(uploaded.text, /Uploaded "images\/cat\.png" \(18 bytes\) as "cat\.png"/);

		const moved = await invokeAgentTool(
			'adobe_move_asset',
			{ path: 'Product Shots/shot-list.txt', destinationPath: 'Product Shots/Spring' },
			h,
		);
		assert.ok(!moved.isError, moved.text);
		assert.equal(calls[2][0], 'moveFile');
		const renamed = await invokeAgentTool('adobe_move_asset', { path: 'Product Shots/Spring', newName: 'Spring 2026' }, h);
		assert.ok(!renamed.isError, renamed.text);
		assert.equal(calls[3][0], 'rename');
		assert.equal((calls[3][1] as { assetType: string }).assetType, 'folder');
		failed(
			await invokeAgentTool('adobe_move_asset', { path: 'Product Shots/Spring', destinationPath: 'Summer Campaign' }, h),
			/"Spring" is a folder: Adobe Cloud Storage moves files only/,
		);
		const trashed = await invokeAgentTool('adobe_trash_asset', { path: 'Product Shots/shot-list.txt' }, h);
		assert.ok(!trashed.isError, trashed.text);
		assert.equal(calls[4][0], 'trash');
		assert.match(trashed.text, /to the trash .* It can be restored/);
		assert.equal(trashed.data.restorable, true);
		assert.equal(calls.length, 5);
		for (const result of [created, uploaded, moved, renamed, trashed]) {
			for (const token of h.tokens) assert.ok(!JSON.stringify(result).includes(token), 'no token in a result');
		}
	});

	describe('against the emulator, through the writes the front doors use (clients.storageWrites)', () => {
		const real = () => host({ storageWrites: undefined });
		const ok = (result: AgentToolResult) => {
			assert.ok(!result.isError, `expected success, got ${result.text}`);
			return result;
		};
		const byId = (assetId: string) => env.emulator.content.byId.get(assetId);

		it('creates a folder, uploads a workspace file into it byte for byte (no Authorization on the blocks), renames it, moves it, and deletes it to the trash, from where it is restored', async () => {
			const h = real();
			const created = ok(await invokeAgentTool('adobe_create_folder', { parentPath: 'Product Shots', name: 'From the agent' }, h));
			const folderId = (created.data.created as { assetId: string }).assetId;
			assert.equal(byId(folderId)?.name, 'From the agent');
			assert.equal(byId(folderId)?.assetType, 'folder');

			// Three blocks and a bit at the emulator's smallest block size (1 MiB): a file of several blocks.
			const bytes = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 123 }, (_, i) => (i * 7 + 3) & 0xff));
			fs.writeFileSync(path.join(ws.root, 'images', 'big.psd'), bytes);
			const uploaded = ok(
				await invokeAgentTool('adobe_upload_file', { file: 'images/big.psd', parentPath: 'Product Shots/From the agent' }, h),
			);
			const fileId = (uploaded.data.uploaded as { assetId: string }).assetId;
			assert.match(uploaded.text, /Uploaded "images\/big\.psd" \(3,145,851 bytes\) as "big\.psd"/);
			assert.ok(env.emulator.fileContent(fileId).equals(bytes), 'the bytes arrived as they are on disk');
			assert.equal(byId(fileId)?.mediaType, 'image/vnd.adobe.photoshop');
			assert.equal(env.emulator.authorizationOnPresigned, 0, 'no block PUT carried Authorization');

			ok(await invokeAgentTool('adobe_move_asset', { assetId: fileId, assetType: 'file', newName: 'layers.psd' }, h));
			assert.equal(byId(fileId)?.name, 'layers.psd');
			const drafts = env.emulator.content.projects.find((p) => p.name === 'Summer Campaign')!;
			const moved = ok(
				await invokeAgentTool(
					'adobe_move_asset',
					{ path: 'Product Shots/From the agent/layers.psd', destinationPath: 'Summer Campaign/Drafts' },
					h,
				),
			);
			const movedId = (moved.data.moved as { assetId: string }).assetId;
			assert.match(byId(movedId)?.path ?? '', /^\/Summer Campaign\/Drafts\/layers\.psd$/);
			assert.ok(byId(movedId)?.ancestors?.includes(drafts.assetId));

			const trashed = ok(await invokeAgentTool('adobe_trash_asset', { path: 'Summer Campaign/Drafts/layers.psd' }, h));
			assert.match(trashed.text, /to the trash .* It can be restored/);
			assert.equal(byId(movedId)?.state, 'deleted', 'a soft delete');
			const caller = await h.caller(undefined);
			await clients.storageWrites(caller.caller).restore({ assetType: 'file', assetId: movedId });
			assert.equal(byId(movedId)?.state, 'active', 'restored');

			for (const result of [created, uploaded, moved, trashed]) {
				for (const token of h.tokens) assert.ok(!JSON.stringify(result).includes(token), 'no token in a result');
			}
			assert.ok(h.tokens.length > 0);
		});

		it('refuses a write the credential may not make (effective-permission) before it starts, saying why', async () => {
			const h = real();
			const before = env.emulator.count('storage.create');
			const refused = await invokeAgentTool('adobe_create_folder', { parentPath: 'Brand Refresh 2026/Logos', name: 'Not here' }, h);
			failed(refused, /may not create items here: .* can_edit_assets false\..* Nothing was changed\./);
			assert.equal((refused.data.error as { code?: string }).code, 'not_permitted');
			assert.match(refused.text, /Fix: Use a profile whose credential may edit there/);
			assert.equal(env.emulator.count('storage.create'), before, 'nothing was sent');
		});

		it('fails a name clash with its fix, and keeps both with onClash autorename', async () => {
			const h = real();
			const clash = await invokeAgentTool('adobe_create_folder', { parentPath: 'Product Shots', name: 'Spring' }, h);
			failed(clash, /Fix: Choose another name, or call the tool again with onClash: "autorename"/);
			assert.equal((clash.data.error as { status?: number }).status, 409);
			const both = ok(
				await invokeAgentTool('adobe_create_folder', { parentPath: 'Product Shots', name: 'Spring', onClash: 'autorename' }, h),
			);
			assert.equal((both.data.created as { name: string }).name, 'Spring\u00A0(1)');
		});
	});

	it('asks first for every write, naming what it does and that a trashed item can be restored; the progress line names it', () => {
		for (const name of STORAGE_WRITE_TOOLS) assert.ok(agentToolConfirmation(name, {}), `${name} asks first`);
		const upload = agentToolConfirmation('adobe_upload_file', { file: 'images/cat.png', parentPath: 'Product Shots', profile: 'Demo' })!;
		assert.equal(upload.title, 'Upload "images/cat.png" to Adobe Cloud Storage?');
		assert.match(upload.text, /uploads the workspace file "images\/cat\.png" as a new file in "Product Shots" .* the Adobe profile "Demo"/);
		const trash = agentToolConfirmation('adobe_trash_asset', { path: 'Product Shots/shot-list.txt' })!;
		assert.match(trash.title, /^Delete "Product Shots\/shot-list\.txt" to the Adobe Cloud Storage trash\?$/);
		assert.match(trash.text, /not deleted permanently: it can be restored/);
		const move = agentToolConfirmation('adobe_move_asset', { assetId: 'urn:a', destinationPath: 'P/F', newName: 'b.png' })!;
		assert.match(move.text, /moves item urn:a to "P\/F" as "b\.png"/);
		const sneaky = agentToolConfirmation('adobe_create_folder', { parentId: 'x', name: '```\n[link](https://evil)\u202E' })!;
		assert.ok(!sneaky.markdown.includes('\u202E'));
		assert.match(sneaky.markdown, /^````$/m, 'a fence longer than any run of backticks in the input');
		const many = agentToolConfirmation(
			'adobe_trash_asset',
			Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 'x'.repeat(1000)])),
		)!;
		assert.ok(many.text.length < 5_000, `a confirmation stays short whatever the input (${many.text.length})`);
		assert.equal(agentToolProgress('adobe_trash_asset', { path: 'P/x.png' }), 'Deleting Adobe Cloud Storage /P/x.png to the trash');
		assert.equal(
			agentToolProgress('adobe_upload_file', { file: 'a.png', profile: 'Demo' }),
			'Uploading a.png to Adobe Cloud Storage with profile "Demo"',
		);
	});

	it("tells the MCP server's model what the server does with writes", () => {
		const off = mcpAgentTools({ writesAllowed: false, maxJobWaitSeconds: 50 });
		const on = mcpAgentTools({ writesAllowed: true, maxJobWaitSeconds: 50 });
		for (const name of STORAGE_WRITE_TOOLS) {
			assert.match(off.find((t) => t.name === name)!.modelDescription, /refuses it .* unless it is started with ADOBE_MCP_ALLOW_WRITES=1/);
			assert.match(
				on.find((t) => t.name === name)!.modelDescription,
				/started with ADOBE_MCP_ALLOW_WRITES=1, so it runs this without asking anyone/,
			);
			assert.ok(!/VS Code asks/.test(on.find((t) => t.name === name)!.modelDescription));
		}
		assert.match(on.find((t) => t.name === 'adobe_upload_file')!.modelDescription, /the workspace is the folder ADOBE_MCP_WORKSPACE names/);
	});
});
