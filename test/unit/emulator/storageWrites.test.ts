/**
 * The emulator's Cloud Storage writes (test/emulator/storageWrites.js), spoken to over HTTP as Adobe's spec
 * (test/contract/cloud-storage/openapi.yml) describes them. Contract mode is on (useEmulator), so every answer
 * here is also judged by the spec; tests that send what Adobe refuses take the violations they caused.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { cloudStorageContract } from '../../emulator/contract';
import { AdobeEmulator, DEMO_CLIENTS, EmulatorOptions } from '../../emulator/server';
import { useEmulator } from '../helpers';

/** A JSON answer, read loosely: each test asserts the fields it relies on, and contract mode checks the whole shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the spec (contract mode) types these bodies, not TypeScript
type Loose = any;

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Loose;
}

interface Asset {
	assetId: string;
	assetType: string;
	name: string;
	path: string;
	state: string;
	size?: number;
	mediaType?: string;
	modifiedDate: string;
	ancestors: string[];
}

const NBSP = '\u00A0';

/** Calls the emulator's Cloud Storage API with a demo token. */
function apiOf(env: { emulator: AdobeEmulator }, clientId = DEMO_CLIENTS.demo.clientId) {
	return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
		const token = env.emulator.issueToken(clientId);
		const res = await request(`${env.emulator.url}/v1${path}`, {
			method: method as 'GET',
			headers: {
				authorization: `Bearer ${token}`,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await res.body.text();
		return { status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : undefined };
	};
}

/** Deterministic test bytes. */
function bytesOf(size: number, salt = 1): Buffer {
	const out = Buffer.alloc(size);
	for (let i = 0; i < size; i++) out[i] = (i * 31 + salt * 7 + (i >> 8)) & 0xff;
	return out;
}

function helpers(env: { emulator: AdobeEmulator }) {
	const api = apiOf(env);
	const byName = (name: string): Asset =>
		([...env.emulator.content.byId.values()].find((a) => a.name === name) as Asset | undefined) ?? assert.fail(`no ${name}`);
	const project = (name: string) => env.emulator.content.projects.find((p) => p.name === name) ?? assert.fail(name);
	const children = async (kind: 'projects' | 'folders', id: string, filter?: string): Promise<Asset[]> => {
		const answer = await api('GET', `/${kind}/${id}/children?limit=100${filter ? `&filter=${encodeURIComponent(filter)}` : ''}`);
		assert.equal(answer.status, 200);
		return answer.body.children;
	};
	/** Polls a job to its end (the emulator answers running once by default). */
	const job = async (jobId: string): Promise<Loose> => {
		for (let i = 0; i < 20; i++) {
			const answer = await api('GET', `/status/${jobId}`);
			assert.equal(answer.status, 200);
			assert.ok(answer.headers['retry-after'], 'every status answer says when to poll again');
			if (answer.body.status !== 'running') return answer.body;
		}
		assert.fail('the job never ended');
	};
	/** init → PUT each block → finalize; returns the init answer and the finalize answer. */
	const upload = async (init: { path: string; body: Record<string, unknown> }, bytes: Buffer, finalizePath: string) => {
		const started = await api('POST', init.path, { size: bytes.length, ...init.body });
		assert.equal(started.status, 200, JSON.stringify(started.body));
		const { uploadId, blockSize, transferLinks } = started.body as {
			uploadId: string;
			blockSize: number;
			transferLinks: Array<{ partNumber: number; url: string }>;
		};
		for (const link of transferLinks) {
			const put = await request(link.url, {
				method: 'PUT',
				body: bytes.subarray((link.partNumber - 1) * blockSize, link.partNumber * blockSize),
			});
			await put.body.dump();
			assert.equal(put.statusCode, 200);
		}
		const finalized = await api('POST', finalizePath, { uploadId, usedTransferLinks: transferLinks.map((l) => l.partNumber) });
		return { started: started.body, finalized };
	};
	const download = async (assetId: string): Promise<Buffer> => {
		const answer = await api('GET', `/files/${assetId}/download`);
		let link = answer.body;
		if (answer.status === 202) link = (await job(answer.body.jobId)).downloadResponse;
		else assert.equal(answer.status, 200);
		const res = await request(link.url);
		assert.equal(res.statusCode, 200);
		return Buffer.from(await res.body.arrayBuffer());
	};
	const uploadNew = async (parentId: string, name: string, bytes: Buffer, extra: Record<string, unknown> = {}) => {
		const { finalized } = await upload(
			{ path: '/files/upload/init', body: { parentId, name, mediaType: 'application/octet-stream', ...extra } },
			bytes,
			'/files/upload/finalize',
		);
		assert.equal(finalized.status, 202, JSON.stringify(finalized.body));
		return job(finalized.body.jobId);
	};
	return { api, byName, project, children, job, upload, download, uploadNew };
}

describe('Emulator: Cloud Storage writes', () => {
	const env = useEmulator({ largeFolderSize: 20 });
	const h = helpers(env);

	describe('createProject and createFolder', () => {
		it('creates a project: 201, a location, and it is listed', async () => {
			const answer = await h.api('POST', '/projects', { name: 'Launch 2027' });
			assert.equal(answer.status, 201);
			assert.equal(answer.body.assetType, 'project');
			assert.equal(answer.body.path, '/Launch 2027');
			assert.equal(answer.headers.location, `${env.emulator.url}/v1/projects/${answer.body.assetId}`);
			const listed = await h.api('GET', '/projects?limit=100');
			assert.ok(listed.body.items.some((p: Asset) => p.assetId === answer.body.assetId));
			const fetched = await h.api('GET', `/projects/${answer.body.assetId}`);
			assert.equal(fetched.body.name, 'Launch 2027');
		});

		it('refuses a taken name with 409 invalid_operation, and autorename appends "\\u00A0(1)", then "(2)"', async () => {
			const clash = await h.api('POST', '/projects', { name: 'Empty Project' });
			assert.equal(clash.status, 409);
			assert.equal(clash.body.error_code, 'invalid_operation');
			assert.match(clash.body.message, /"Empty Project" already exists/);
			const first = await h.api('POST', '/projects', { name: 'Empty Project', options: { autorename: true } });
			assert.equal(first.status, 201);
			assert.equal(first.body.name, `Empty Project${NBSP}(1)`);
			const second = await h.api('POST', '/projects', { name: 'Empty Project', options: { autorename: true } });
			assert.equal(second.body.name, `Empty Project${NBSP}(2)`);
		});

		it('creates a folder by name under a project, and a hierarchy by path reusing what exists', async () => {
			const parent = h.project('Empty Project');
			const one = await h.api('POST', '/folders', { parentId: parent.assetId, name: 'Marketing' });
			assert.equal(one.status, 201);
			assert.equal(one.headers.location, `${env.emulator.url}/v1/folders/${one.body.assetId}`);
			assert.equal(one.body.path, '/Empty Project/Marketing');
			const deep = await h.api('POST', '/folders', { parentId: parent.assetId, path: 'Marketing/2024/CampaignA' });
			assert.equal(deep.status, 201);
			assert.equal(deep.body.name, 'CampaignA');
			assert.equal(deep.body.path, '/Empty Project/Marketing/2024/CampaignA');
			assert.equal(deep.body.ancestors.length, 3);
			assert.equal(deep.body.ancestors[2], parent.assetId);
			assert.deepEqual(
				(await h.children('projects', parent.assetId)).map((c) => c.name),
				['Marketing'],
			);
			const twenty = await h.children('folders', deep.body.ancestors[0]);
			assert.deepEqual(
				twenty.map((c) => c.name),
				['CampaignA'],
			);
		});

		it('answers 404 for a missing parent, 422 for a file as parent, 403 in the read-only area', async () => {
			assert.equal((await h.api('POST', '/folders', { parentId: 'urn:aaid:sc:US:nope', name: 'x' })).status, 404);
			const onFile = await h.api('POST', '/folders', { parentId: h.byName('shot-list.txt').assetId, name: 'x' });
			assert.equal(onFile.status, 422);
			assert.equal(onFile.body.message, 'The requested destination (path) is invalid.');
			const readOnly = await h.api('POST', '/folders', { parentId: h.byName('Logos').assetId, name: 'x' });
			assert.equal(readOnly.status, 403);
			assert.deepEqual(readOnly.body, { error_code: 'access_error', message: 'You do not have permission to create folders.' });
		});

		it('refuses a name outside the spec pattern with 422 invalidNameValue, and contract mode records the client error', async () => {
			for (const name of ['a:b', 'CON', 'x'.repeat(256), 'what?']) {
				const answer = await h.api('POST', '/folders', { parentId: h.project('Empty Project').assetId, name });
				assert.equal(answer.status, 422, name);
				assert.deepEqual(answer.body, { error_code: 'validation_error', message: 'The provided name has an invalid value.' });
			}
			const violations = env.emulator.takeViolations();
			assert.equal(violations.length, 4);
			assert.ok(violations.every((v) => v.kind === 'request' && /createFolder: the body does not match the spec/.test(v.message)));
		});
	});

	describe('rename', () => {
		it('renames a folder: 200, the new name in listings and in the paths below it', async () => {
			const social = h.byName('Social');
			const answer = await h.api('POST', `/folders/${social.assetId}/rename`, { name: 'Social Media' });
			assert.equal(answer.status, 200);
			assert.equal(answer.body.assetId, social.assetId);
			assert.equal(answer.body.path, '/Brand Refresh 2026/Social Media');
			const brand = h.project('Brand Refresh 2026');
			assert.ok((await h.children('projects', brand.assetId)).some((c) => c.name === 'Social Media'));
			const post = await h.api('GET', `/files/${h.byName('post-01.jpg').assetId}`);
			assert.equal(post.body.path, '/Brand Refresh 2026/Social Media/Instagram/post-01.jpg');
		});

		it('renames a file and a project; a clash is 409 unless autorename; the file keeps its id', async () => {
			const brief = h.byName('creative-brief.docx');
			const clash = await h.api('POST', `/files/${brief.assetId}/rename`, { name: 'Logos' });
			assert.equal(clash.status, 409);
			const renamed = await h.api('POST', `/files/${brief.assetId}/rename`, { name: 'Logos', options: { autorename: true } });
			assert.equal(renamed.status, 200);
			assert.equal(renamed.body.name, `Logos${NBSP}(1)`);
			assert.equal(renamed.body.assetId, brief.assetId);
			const project = await h.api('POST', `/projects/${h.project('Summer Campaign').assetId}/rename`, { name: 'Summer 2027' });
			assert.equal(project.body.path, '/Summer 2027');
			assert.equal((await h.api('GET', `/files/${h.byName('teaser.mp4').assetId}`)).body.path, '/Summer 2027/teaser.mp4');
		});

		it('answers 412 etag_mismatch to renameProject with a stale If-Match, and renames with the current etag', async () => {
			const id = h.project('Summer Campaign').assetId;
			const etag = String((await h.api('GET', `/projects/${id}`)).headers.etag);
			assert.ok((await h.api('POST', `/projects/${id}/rename`, { name: 'Summer A' }, { 'if-match': etag })).status === 200);
			const stale = await h.api('POST', `/projects/${id}/rename`, { name: 'Summer B' }, { 'if-match': etag });
			assert.equal(stale.status, 412);
			assert.equal(stale.body.error_code, 'etag_mismatch');
		});

		it('answers 304 to an If-None-Match that still matches, and 200 once the asset changed', async () => {
			const file = h.byName('banner.png');
			const etag = String((await h.api('GET', `/files/${file.assetId}`)).headers.etag);
			assert.equal((await h.api('GET', `/files/${file.assetId}`, undefined, { 'if-none-match': etag })).status, 304);
			env.emulator.touchFile(file.assetId);
			const changed = await h.api('GET', `/files/${file.assetId}`, undefined, { 'if-none-match': etag });
			assert.equal(changed.status, 200);
			assert.notEqual(changed.headers.etag, etag);
		});

		it('refuses renames in the read-only area (403) and of a missing asset (404)', async () => {
			assert.equal((await h.api('POST', `/files/${h.byName('logo-mono.png').assetId}/rename`, { name: 'x.png' })).status, 403);
			assert.equal((await h.api('POST', '/files/urn:aaid:sc:US:gone/rename', { name: 'x.png' })).status, 404);
		});
	});

	describe('delete, restore, delete permanently', () => {
		it('soft-deletes a folder: gone from the default listing, listed with state==deleted, its children deleted_parent', async () => {
			const folder = h.byName('Instagram');
			const parentId = folder.ancestors[0];
			assert.equal((await h.api('DELETE', `/folders/${folder.assetId}`)).status, 204);
			assert.ok(!(await h.children('folders', parentId)).some((c) => c.assetId === folder.assetId));
			const deleted = await h.children('folders', parentId, 'state==deleted');
			assert.deepEqual(
				deleted.map((c) => [c.name, c.state]),
				[['Instagram', 'deleted']],
			);
			assert.equal((await h.api('GET', `/folders/${folder.assetId}`)).body.state, 'deleted');
			assert.equal((await h.api('GET', `/files/${h.byName('post-01.jpg').assetId}`)).body.state, 'deleted_parent');
		});

		it('restores a folder and what was under it, but not a child deleted on its own', async () => {
			const folder = h.byName('Instagram');
			const story = h.byName('story-01.jpg');
			assert.equal((await h.api('DELETE', `/files/${story.assetId}`)).status, 204);
			assert.equal((await h.api('DELETE', `/folders/${folder.assetId}`)).status, 204);
			const underDeleted = await h.api('POST', `/files/${h.byName('post-01.jpg').assetId}/restore`);
			assert.equal(underDeleted.status, 409, 'an item in deleted_parent cannot be restored on its own');
			const restored = await h.api('POST', `/folders/${folder.assetId}/restore`);
			assert.equal(restored.status, 200);
			assert.equal(restored.body.state, 'active');
			assert.deepEqual(
				(await h.children('folders', folder.assetId)).map((c) => c.name),
				['post-01.jpg', 'post-02.jpg'],
			);
			assert.equal((await h.api('GET', `/files/${story.assetId}`)).body.state, 'deleted');
			assert.equal((await h.api('DELETE', `/folders/${folder.assetId}`)).status, 204);
			assert.equal((await h.api('POST', `/files/${story.assetId}/restore`)).status, 409, 'not while its folder is deleted');
			assert.equal((await h.api('POST', `/folders/${folder.assetId}/restore`)).status, 200);
			assert.equal((await h.api('POST', `/files/${story.assetId}/restore`)).body.state, 'active');
			const again = await h.api('POST', `/folders/${folder.assetId}/restore`);
			assert.equal(again.status, 200, 'restoring an active item is a 200 no-op');
		});

		it('renames a restored file whose name was taken meanwhile, as restoreFile says', async () => {
			const list = h.byName('shot-list.txt');
			assert.equal((await h.api('DELETE', `/files/${list.assetId}`)).status, 204);
			env.emulator.addFile(list.ancestors[0], 'shot-list.txt', { bytes: Buffer.from('new list') });
			const restored = await h.api('POST', `/files/${list.assetId}/restore`);
			assert.equal(restored.status, 200);
			assert.equal(restored.body.name, `shot-list.txt${NBSP}(1)`);
		});

		it('deletes permanently only once deleted (409 before), then the asset is gone (404)', async () => {
			const file = h.byName('copy-deck.pdf');
			const early = await h.api('DELETE', `/files/${file.assetId}?permanent=true`);
			assert.equal(early.status, 409);
			assert.equal(early.body.error_code, 'invalid_operation');
			assert.equal((await h.api('DELETE', `/files/${file.assetId}`)).status, 204);
			assert.equal((await h.api('DELETE', `/files/${file.assetId}?permanent=true`)).status, 204);
			assert.equal((await h.api('GET', `/files/${file.assetId}`)).status, 404);
			assert.equal((await h.api('POST', `/files/${file.assetId}/restore`)).status, 404);
		});

		it('deletes and restores a project; refuses a delete in the read-only area (403) and with a stale If-Match (412)', async () => {
			const project = h.project('Empty Project');
			assert.equal((await h.api('DELETE', `/projects/${project.assetId}`)).status, 204);
			const deleted = await h.api('GET', `/projects?filter=${encodeURIComponent('state==deleted')}`);
			assert.deepEqual(
				deleted.body.items.map((p: Asset) => p.name),
				['Empty Project'],
			);
			assert.equal((await h.api('POST', `/projects/${project.assetId}/restore`)).status, 200);
			assert.equal((await h.api('DELETE', `/files/${h.byName('logo-primary.svg').assetId}`)).status, 403);
			const stale = await h.api('DELETE', `/projects/${project.assetId}`, undefined, { 'if-match': '"stale"' });
			assert.equal(stale.status, 412);
		});
	});

	describe('block upload', () => {
		it('uploads a multi-block file that lists in its folder and downloads byte for byte', async () => {
			const drafts = h.byName('Drafts');
			const bytes = bytesOf(2 * 1024 * 1024 + 12_345);
			const started = await h.api('POST', '/files/upload/init', {
				parentId: drafts.assetId,
				name: 'cut.mov',
				size: bytes.length,
				mediaType: 'video/quicktime',
				blockSize: 1024 * 1024,
			});
			assert.equal(started.status, 200);
			assert.equal(started.body.blockSize, 1024 * 1024);
			assert.deepEqual(
				started.body.transferLinks.map((l: { partNumber: number }) => l.partNumber),
				[1, 2, 3],
			);
			assert.ok(Date.parse(started.body.urlExpirationDate) > Date.now());
			const done = await h.uploadNew(drafts.assetId, 'cut.bin', bytes, { blockSize: 1024 * 1024 });
			assert.equal(done.status, 'succeeded');
			assert.equal(done.jobType, 'file_upload');
			assert.equal(done.asset.name, 'cut.bin');
			assert.equal(done.asset.size, bytes.length);
			assert.ok((await h.children('folders', drafts.assetId)).some((c) => c.assetId === done.asset.assetId));
			assert.ok((await h.download(done.asset.assetId)).equals(bytes));
			assert.ok(env.emulator.fileContent(done.asset.assetId).equals(bytes));
			assert.equal(env.emulator.authorizationOnPresigned, 0);
		});

		it('raises a tiny requested block size to its minimum, and the answered size is what counts', async () => {
			const started = await h.api('POST', '/files/upload/init', {
				parentId: h.byName('Drafts').assetId,
				name: 'a.txt',
				size: 10,
				mediaType: 'text/plain',
				blockSize: 5,
			});
			assert.equal(started.body.blockSize, 1024 * 1024);
			assert.equal(started.body.transferLinks.length, 1);
		});

		it('refuses a block PUT that carries Authorization (400) and counts it', async () => {
			const started = await h.api('POST', '/files/upload/init', {
				parentId: h.byName('Drafts').assetId,
				name: 'a.txt',
				size: 3,
				mediaType: 'text/plain',
			});
			const put = await request(started.body.transferLinks[0].url, {
				method: 'PUT',
				headers: { authorization: 'Bearer leaked' },
				body: 'abc',
			});
			assert.equal(put.statusCode, 400);
			assert.match(await put.body.text(), /InvalidArgument/);
			assert.equal(env.emulator.authorizationOnPresigned, 1);
		});

		it('refuses a pre-signed download that carries Authorization (400) and counts it', async () => {
			const link = await h.api('GET', `/files/${h.byName('banner.png').assetId}/download`);
			const res = await request(link.body.url, { headers: { authorization: 'Bearer leaked' } });
			await res.body.dump();
			assert.equal(res.statusCode, 400);
			assert.equal(env.emulator.authorizationOnPresigned, 1);
		});

		it('refuses a finalize whose inner block is short (422), a second finalize (409), and a forged link (403)', async () => {
			const started = await h.api('POST', '/files/upload/init', {
				parentId: h.byName('Drafts').assetId,
				name: 'b.bin',
				size: 3 * 1024 * 1024,
				mediaType: 'application/octet-stream',
				blockSize: 1024 * 1024,
			});
			const [one, two] = started.body.transferLinks as Array<{ url: string }>;
			for (const [link, size] of [
				[one, 1000],
				[two, 1000],
			] as const) {
				const put = await request(link.url, { method: 'PUT', body: bytesOf(size) });
				await put.body.dump();
				assert.equal(put.statusCode, 200);
			}
			const short = await h.api('POST', '/files/upload/finalize', { uploadId: started.body.uploadId, usedTransferLinks: [1, 2] });
			assert.equal(short.status, 422);
			assert.equal(short.body.error_code, 'validation_error');
			assert.match(short.body.message, /every block but the last must be 1048576 bytes/);
			const unordered = await h.api('POST', '/files/upload/finalize', { uploadId: started.body.uploadId, usedTransferLinks: [2, 1] });
			assert.equal(unordered.status, 422);
			const ok = await h.api('POST', '/files/upload/finalize', { uploadId: started.body.uploadId, usedTransferLinks: [2] });
			assert.equal(ok.status, 202, 'skipped blocks are allowed');
			const again = await h.api('POST', '/files/upload/finalize', { uploadId: started.body.uploadId, usedTransferLinks: [2] });
			assert.equal(again.status, 409);
			assert.deepEqual(again.body, {
				error_code: 'invalid_operation',
				message: 'Upload has either expired or has already been finalized.',
			});
			const forged = await request(one.url.replace(/sig=[^&]+/, 'sig=forged'), { method: 'PUT', body: 'x' });
			await forged.body.dump();
			assert.equal(forged.statusCode, 403);
			assert.equal((await h.job(ok.body.jobId)).asset.size, 1000);
		});

		it('refuses a block PUT without Content-Length (chunked), as S3 and Azure do (411)', async () => {
			const started = await h.api('POST', '/files/upload/init', {
				parentId: h.byName('Drafts').assetId,
				name: 'd.bin',
				size: 10,
				mediaType: 'application/octet-stream',
			});
			const put = await request(started.body.transferLinks[0].url, { method: 'PUT', body: Readable.from([Buffer.from('0123456789')]) });
			assert.equal(put.statusCode, 411);
			assert.match(await put.body.text(), /MissingContentLength/);
		});

		it('refuses a block larger than the block size', async () => {
			const started = await h.api('POST', '/files/upload/init', {
				parentId: h.byName('Drafts').assetId,
				name: 'c.bin',
				size: 10,
				mediaType: 'application/octet-stream',
				blockSize: 1024 * 1024,
			});
			const put = await request(started.body.transferLinks[0].url, { method: 'PUT', body: bytesOf(1024 * 1024 + 1) });
			await put.body.dump();
			assert.equal(put.statusCode, 400);
		});

		it('answers 409 at finalize when the name was taken since init, and autorenames when init asked', async () => {
			const drafts = h.byName('Drafts');
			const { finalized } = await h.upload(
				{ path: '/files/upload/init', body: { parentId: drafts.assetId, name: 'notes.txt', mediaType: 'text/plain' } },
				Buffer.from('mine'),
				'/files/upload/finalize',
			);
			assert.equal(finalized.status, 202);
			env.emulator.addFile(drafts.assetId, 'race.txt', { bytes: Buffer.from('theirs') });
			const { finalized: clash } = await h.upload(
				{ path: '/files/upload/init', body: { parentId: drafts.assetId, name: 'race.txt', mediaType: 'text/plain' } },
				Buffer.from('mine'),
				'/files/upload/finalize',
			);
			assert.equal(clash.status, 409);
			const kept = await h.uploadNew(drafts.assetId, 'race.txt', Buffer.from('mine'), { options: { autorename: true } });
			assert.equal(kept.asset.name, `race.txt${NBSP}(1)`);
		});

		it('refuses blocks and the finalize of an expired upload (403, then 409)', async () => {
			const started = await h.api('POST', '/files/upload/init', {
				parentId: h.byName('Drafts').assetId,
				name: 'late.txt',
				size: 4,
				mediaType: 'text/plain',
			});
			const early = await request(started.body.transferLinks[0].url, { method: 'PUT', body: 'abcd' });
			await early.body.dump();
			assert.equal(early.statusCode, 200);
			env.emulator.writes.expireUploads();
			const late = await request(started.body.transferLinks[0].url, { method: 'PUT', body: 'abcd' });
			assert.equal(late.statusCode, 403);
			assert.match(await late.body.text(), /Request has expired/);
			const finalized = await h.api('POST', '/files/upload/finalize', { uploadId: started.body.uploadId, usedTransferLinks: [1] });
			assert.equal(finalized.status, 409);
			assert.equal(finalized.body.message, 'Upload has either expired or has already been finalized.');
		});

		it('refuses an upload into the read-only area (403) or a missing parent (404)', async () => {
			const body = { name: 'x.png', size: 3, mediaType: 'image/png' };
			assert.equal((await h.api('POST', '/files/upload/init', { ...body, parentId: h.byName('Logos').assetId })).status, 403);
			assert.equal((await h.api('POST', '/files/upload/init', { ...body, parentId: 'urn:aaid:sc:US:nope' })).status, 404);
		});
	});

	describe('replacement', () => {
		it('replaces the content and keeps the asset id; size and modifiedDate change', async () => {
			const file = h.byName('shot-list.txt');
			const before = (await h.api('GET', `/files/${file.assetId}`)).body as Asset;
			const bytes = Buffer.from('shoe-01 front\nshoe-01 side\n');
			const { started, finalized } = await h.upload(
				{ path: `/files/${file.assetId}/upload/init`, body: { mediaType: 'text/plain' } },
				bytes,
				`/files/${file.assetId}/upload/finalize`,
			);
			assert.ok(started.uploadId);
			assert.equal(finalized.status, 202);
			const done = await h.job(finalized.body.jobId);
			assert.equal(done.status, 'succeeded');
			assert.equal(done.jobType, 'file_upload');
			assert.equal(done.asset.assetId, file.assetId);
			assert.equal(done.asset.size, bytes.length);
			assert.ok(Date.parse(done.asset.modifiedDate) > Date.parse(before.modifiedDate));
			assert.ok((await h.download(file.assetId)).equals(bytes));
		});

		it('renders a replaced image in a new colour', async () => {
			const file = h.byName('banner.png');
			const rendition = async () => {
				const res = await request(`${env.emulator.url}/v1/files/${file.assetId}/image-rendition`, {
					headers: { authorization: `Bearer ${env.emulator.issueToken(DEMO_CLIENTS.demo.clientId)}` },
				});
				assert.equal(res.statusCode, 200);
				return Buffer.from(await res.body.arrayBuffer());
			};
			const before = await rendition();
			env.emulator.touchFile(file.assetId);
			assert.ok(!(await rendition()).equals(before));
		});

		it('refuses another media type with 415, and a replacement upload id at the new-file finalize (422)', async () => {
			const file = h.byName('shot-list.txt');
			const other = await h.api('POST', `/files/${file.assetId}/upload/init`, { size: 4, mediaType: 'image/png' });
			assert.equal(other.status, 415);
			assert.equal(other.body.error_code, 'invalid_content_type');
			const started = await h.api('POST', `/files/${file.assetId}/upload/init`, { size: 4, mediaType: 'text/plain' });
			const put = await request(started.body.transferLinks[0].url, { method: 'PUT', body: 'abcd' });
			await put.body.dump();
			const wrong = await h.api('POST', '/files/upload/finalize', { uploadId: started.body.uploadId, usedTransferLinks: [1] });
			assert.equal(wrong.status, 422);
		});
	});

	describe('copy and move', () => {
		it('copies a file (file_copy job): the copy has the same bytes, the original stays', async () => {
			const source = h.byName('banner.png');
			const target = h.byName('Drafts');
			const answer = await h.api('POST', `/files/${source.assetId}/copy`, { parentId: target.assetId });
			assert.equal(answer.status, 202);
			assert.ok(answer.headers['retry-after']);
			const done = await h.job(answer.body.jobId);
			assert.equal(done.jobType, 'file_copy');
			assert.equal(done.asset.name, 'banner.png');
			assert.notEqual(done.asset.assetId, source.assetId);
			assert.ok((await h.download(done.asset.assetId)).equals(await h.download(source.assetId)));
			assert.equal((await h.api('GET', `/files/${source.assetId}`)).body.state, 'active');
		});

		it('moves a file (file_move job) with a new name: same id, new parent, gone from the old one', async () => {
			const file = h.byName('teaser.mp4');
			const from = file.ancestors[0];
			const target = h.byName('Drafts');
			const answer = await h.api('POST', `/files/${file.assetId}/move`, { parentId: target.assetId, name: 'teaser-v1.mp4' });
			assert.equal(answer.status, 202);
			const done = await h.job(answer.body.jobId);
			assert.equal(done.jobType, 'file_move');
			assert.equal(done.asset.assetId, file.assetId);
			assert.equal(done.asset.path, '/Summer Campaign/Drafts/teaser-v1.mp4');
			assert.ok(!(await h.children('projects', from)).some((c) => c.assetId === file.assetId));
			assert.ok((await h.children('folders', target.assetId)).some((c) => c.assetId === file.assetId));
		});

		it('refuses a clash (409) unless autorename, a read-only target (403), a missing target (404)', async () => {
			const file = h.byName('post-01.jpg');
			const same = file.ancestors[0];
			assert.equal((await h.api('POST', `/files/${file.assetId}/copy`, { parentId: same })).status, 409);
			const renamed = await h.api('POST', `/files/${file.assetId}/copy`, { parentId: same, options: { autorename: true } });
			assert.equal((await h.job(renamed.body.jobId)).asset.name, `post-01.jpg${NBSP}(1)`);
			assert.equal((await h.api('POST', `/files/${file.assetId}/move`, { parentId: h.byName('Logos').assetId })).status, 403);
			assert.equal((await h.api('POST', `/files/${h.byName('logo-mono.png').assetId}/move`, { parentId: same })).status, 403);
			assert.equal((await h.api('POST', `/files/${file.assetId}/move`, { parentId: 'urn:aaid:sc:US:nope' })).status, 404);
		});
	});

	describe('effective permission and roles', () => {
		it("answers each type's flags: edit everywhere but the read-only area, where the role is comment", async () => {
			const project = await h.api('GET', `/projects/${h.project('Brand Refresh 2026').assetId}/effective-permission`);
			assert.equal(project.body.role, 'edit');
			assert.equal(project.body.permissions.can_edit_project, true);
			assert.equal(project.body.permissions.can_permanent_delete, true);
			const folder = await h.api('GET', `/folders/${h.byName('Logos').assetId}/effective-permission`);
			assert.equal(folder.body.role, 'comment');
			assert.equal(folder.body.permissions.can_edit_assets, false);
			assert.equal(folder.body.permissions.can_move_assets_inside, false);
			assert.equal(folder.body.permissions.can_view_assets, true);
			const file = await h.api('GET', `/files/${h.byName('logo-mono.png').assetId}/effective-permission`);
			assert.equal(file.body.permissions.can_delete_assets, false);
			assert.equal(file.body.permissions.can_download_assets, true);
			assert.equal(file.body.permissions.can_move_assets_inside, undefined, 'files have no container flags');
		});

		it('lists roles of a project and a file, and patches them (additions, updates, deletions)', async () => {
			const id = h.project('Summer Campaign').assetId;
			const roles = await h.api('GET', `/projects/${id}/roles`);
			assert.equal(roles.status, 200);
			assert.deepEqual(
				roles.body.direct.map((r: { type: string }) => r.type),
				['user', 'user', 'group', 'predefined'],
			);
			assert.equal(roles.body.pending.length, 1);
			assert.equal((await h.api('GET', `/files/${h.byName('teaser.mp4').assetId}/roles`)).status, 200);
			const patched = await h.api('PATCH', `/projects/${id}/roles`, {
				direct: {
					additions: [{ recipient: 'mailto:new@example.com', type: 'user', role: 'comment' }],
					updates: [{ id: '13A5316551352CF40A490D35@AdobeID', type: 'user', role: 'comment' }],
					deletions: [{ id: 'nobody@AdobeID', type: 'user' }],
				},
			});
			assert.equal(patched.status, 200);
			assert.deepEqual(
				[patched.body.direct.additions[0].status, patched.body.direct.updates[0].status, patched.body.direct.deletions[0].status],
				['pending', 'successful', 'failed'],
			);
			const after = await h.api('GET', `/projects/${id}/roles`);
			assert.equal(after.body.pending.length, 2);
		});
	});

	describe('downloads', () => {
		it('takes urlTTL 60–14400 into urlExpirationDate, and refuses other values with 400', async () => {
			const id = h.byName('banner.png').assetId;
			const before = Date.now();
			const short = await h.api('GET', `/files/${id}/download?urlTTL=60`);
			assert.equal(short.status, 200);
			const expires = Date.parse(short.body.urlExpirationDate);
			assert.ok(expires >= before + 59_000 && expires <= Date.now() + 61_000, short.body.urlExpirationDate);
			const long = await h.api('GET', `/files/${id}/download`);
			assert.ok(Date.parse(long.body.urlExpirationDate) >= before + 14_399_000, 'the default is 14400 s');
			for (const ttl of ['59', '14401', 'soon']) {
				const refused = await h.api('GET', `/files/${id}/download?urlTTL=${ttl}`);
				assert.equal(refused.status, 400, ttl);
				assert.equal(refused.body.error_code, 'bad_request');
			}
			assert.equal(env.emulator.takeViolations().length, 3, 'contract mode records the three bad urlTTLs');
		});

		it('serves a byte range of a pre-signed download (206)', async () => {
			const file = h.byName('banner.png');
			const link = await h.api('GET', `/files/${file.assetId}/download`);
			const res = await request(link.body.url, { headers: { range: 'bytes=10-19' } });
			assert.equal(res.statusCode, 206);
			assert.equal(res.headers['content-range'], `bytes 10-19/${file.size}`);
			assert.ok(Buffer.from(await res.body.arrayBuffer()).equals(env.emulator.fileContent(file.assetId).subarray(10, 20)));
		});
	});

	describe('faults', () => {
		it('fails one block PUT (part 2) with 500; the retry of that part succeeds and the upload completes', async () => {
			env.emulator.inject('upload.block', { type: 'blockFails', partNumber: 2 }, 1);
			const started = await h.api('POST', '/files/upload/init', {
				parentId: h.byName('Drafts').assetId,
				name: 'retry.bin',
				size: 2 * 1024 * 1024 + 1,
				mediaType: 'application/octet-stream',
				blockSize: 1024 * 1024,
			});
			const bytes = bytesOf(2 * 1024 * 1024 + 1);
			const statuses: number[] = [];
			const put = async (part: number) => {
				const res = await request(started.body.transferLinks[part - 1].url, {
					method: 'PUT',
					body: bytes.subarray((part - 1) * 1024 * 1024, part * 1024 * 1024),
				});
				await res.body.dump();
				statuses.push(res.statusCode);
			};
			for (const part of [1, 2, 3, 2]) await put(part);
			assert.deepEqual(statuses, [200, 500, 200, 200]);
			const finalized = await h.api('POST', '/files/upload/finalize', { uploadId: started.body.uploadId, usedTransferLinks: [1, 2, 3] });
			const done = await h.job(finalized.body.jobId);
			assert.ok((await h.download(done.asset.assetId)).equals(bytes));
		});

		it('fails a finalize (500) and leaves no file behind', async () => {
			const drafts = h.byName('Drafts');
			env.emulator.inject('storage.uploadFinalize', { type: 'status', status: 500 }, 1);
			const { finalized } = await h.upload(
				{ path: '/files/upload/init', body: { parentId: drafts.assetId, name: 'lost.txt', mediaType: 'text/plain' } },
				Buffer.from('data'),
				'/files/upload/finalize',
			);
			assert.equal(finalized.status, 500);
			assert.equal(finalized.body.error_code, 'runtime_error');
			assert.deepEqual(await h.children('folders', drafts.assetId), []);
		});

		it('fails the upload job (failed with errors[]) and leaves no file behind', async () => {
			const drafts = h.byName('Drafts');
			const errors = [{ error_code: 'runtime_error', message: 'The blocks could not be stitched.' }];
			env.emulator.inject('storage.uploadFinalize', { type: 'jobFailed', errors }, 1);
			const done = await h.uploadNew(drafts.assetId, 'failed.txt', Buffer.from('data'));
			assert.equal(done.status, 'failed');
			assert.deepEqual(done.errors, errors);
			assert.deepEqual(await h.children('folders', drafts.assetId), []);
		});

		it('fails a move job and leaves the file where it was', async () => {
			const file = h.byName('hero-banner.psd');
			env.emulator.inject('storage.move', { type: 'jobFailed' }, 1);
			const answer = await h.api('POST', `/files/${file.assetId}/move`, { parentId: h.byName('Drafts').assetId });
			const done = await h.job(answer.body.jobId);
			assert.equal(done.status, 'failed');
			assert.equal((await h.api('GET', `/files/${file.assetId}`)).body.path, '/Summer Campaign/hero-banner.psd');
		});

		it('ends a copy job partially_succeeded with errors[] (jobPartial)', async () => {
			env.emulator.inject('storage.copy', { type: 'jobPartial' }, 1);
			const answer = await h.api('POST', `/files/${h.byName('banner.png').assetId}/copy`, { parentId: h.byName('Drafts').assetId });
			const done = await h.job(answer.body.jobId);
			assert.equal(done.status, 'partially_succeeded');
			assert.ok(done.errors.length > 0);
		});

		it('keeps a job running for as many polls as slowJob says', async () => {
			env.emulator.inject('storage.copy', { type: 'slowJob', polls: 4 }, 1);
			const answer = await h.api('POST', `/files/${h.byName('banner.png').assetId}/copy`, { parentId: h.byName('Drafts').assetId });
			const seen: string[] = [];
			for (let i = 0; i < 5; i++) seen.push((await h.api('GET', `/status/${answer.body.jobId}`)).body.status);
			assert.deepEqual(seen, ['running', 'running', 'running', 'running', 'succeeded']);
		});

		it('touchFile changes a file as another user: new bytes, later modifiedDate, another modifiedBy', async () => {
			const file = h.byName('shot-list.txt');
			const before = (await h.api('GET', `/files/${file.assetId}`)).body as Asset & { modifiedBy: string };
			const oldBytes = await h.download(file.assetId);
			env.emulator.touchFile(file.assetId);
			const after = (await h.api('GET', `/files/${file.assetId}`)).body as Asset & { modifiedBy: string };
			assert.ok(Date.parse(after.modifiedDate) > Date.parse(before.modifiedDate));
			assert.equal(after.size, before.size);
			assert.notEqual(after.modifiedBy, '3C1A5F7E9B2D4A6C8E0F1A2B@techacct.adobe.com');
			const newBytes = await h.download(file.assetId);
			assert.equal(newBytes.length, oldBytes.length);
			assert.ok(!newBytes.equals(oldBytes));
			env.emulator.touchFile(file.assetId, Buffer.from('edited elsewhere'));
			assert.equal((await h.download(file.assetId)).toString(), 'edited elsewhere');
		});

		it('refuses writes for a credential without storage access and under the noPermission fault (403)', async () => {
			const denied = apiOf(env, DEMO_CLIENTS.storageDenied.clientId);
			assert.equal((await denied('POST', '/projects', { name: 'Nope' })).status, 403);
			env.emulator.inject('storage.create', { type: 'noPermission' }, 1);
			assert.equal((await h.api('POST', '/projects', { name: 'Nope' })).status, 403);
		});

		it('rate limits the write routes (429 with retry-after)', async () => {
			env.emulator.rateLimitPerSecond = 2;
			try {
				const statuses: number[] = [];
				for (let i = 0; i < 3; i++) statuses.push((await h.api('POST', '/projects', { name: `Burst ${i}` })).status);
				assert.deepEqual(statuses, [201, 201, 429]);
			} finally {
				env.emulator.rateLimitPerSecond = 0;
			}
		});
	});

	describe('contract mode on write bodies', () => {
		it('refuses and records a malformed finalize, a missing field, a wrong content type and non-JSON', async () => {
			const empty = await h.api('POST', '/files/upload/finalize', { uploadId: 'u', usedTransferLinks: [] });
			assert.equal(empty.status, 422);
			assert.equal(empty.body.message, 'The provided usedTransferLinks value is invalid.');
			const missing = await h.api('POST', '/folders', { name: 'No parent' });
			assert.deepEqual(missing.body, {
				error_code: 'validation_error',
				message: 'The request body is missing the required field (#parentId)',
			});
			const typed = await h.api('POST', '/files/upload/finalize', { uploadId: 7, usedTransferLinks: [1] });
			assert.equal(typed.body.message, 'The provided uploadId has an invalid type.');
			const text = await h.api('POST', '/projects', 'name=x', { 'content-type': 'text/plain' });
			assert.equal(text.status, 415);
			const broken = await h.api('POST', '/projects', '{"name":');
			assert.deepEqual(broken.body, { error_code: 'bad_request', message: 'The provided request body is not a valid JSON' });
			const none = await h.api('POST', '/projects', undefined, { 'content-type': 'application/json' });
			assert.equal(none.status, 400);
			const violations = env.emulator.takeViolations();
			assert.equal(violations.length, 6, JSON.stringify(violations));
			assert.ok(violations.some((v) => /finalizeBlockBasedFileUpload: the body does not match the spec/.test(v.message)));
		});
	});

	describe('control over HTTP (for tests in another process)', () => {
		const control = async (method: string, route: string, body?: unknown): Promise<Loose> => {
			const res = await request(`${env.emulator.url}/__emulator/storage/${route}`, {
				method: method as 'GET',
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			assert.equal(res.statusCode, 200);
			return res.body.json();
		};

		it('touches a file, tells its digest, counts Authorization on pre-signed URLs, and configures the writes', async () => {
			const file = h.byName('banner.png');
			await control('POST', 'touch', { assetId: file.assetId, base64: Buffer.from('theirs').toString('base64') });
			const digest = await control('GET', `file?assetId=${encodeURIComponent(file.assetId)}`);
			assert.equal(digest.size, 6);
			assert.equal(digest.sha256, createHash('sha256').update('theirs').digest('hex'));
			const link = await h.api('GET', `/files/${file.assetId}/download`);
			await (await request(link.body.url, { headers: { authorization: 'Bearer x' } })).body.dump();
			const info = await control('GET', 'info');
			assert.equal(info.authorizationOnPresigned, 1);
			assert.deepEqual(info.readOnlyAssetIds, [h.byName('Logos').assetId]);
			const configured = await control('POST', 'config', { jobPolls: 0, blockSize: 2 * 1024 * 1024 });
			try {
				assert.equal(configured.jobPolls, 0);
				const started = await h.api('POST', '/files/upload/init', {
					parentId: h.byName('Drafts').assetId,
					name: 'a',
					size: 1,
					mediaType: 'text/plain',
				});
				assert.equal(started.body.blockSize, 2 * 1024 * 1024);
			} finally {
				await control('POST', 'config', { jobPolls: 1, blockSize: 0 });
			}
		});
	});

	describe('coverage', () => {
		it('serves every Cloud Storage operation of the spec but brands and project references', async () => {
			const served: string[] = [];
			for (const op of cloudStorageContract().operations) {
				if (/^\/(brands|projects\/\{projectId\}\/references)/.test(op.template)) continue;
				const path = op.template.replace(/\{[^}]+\}/g, 'urn:aaid:sc:US:none');
				const answer = await h.api(op.method, path, op.method === 'POST' || op.method === 'PATCH' ? {} : undefined);
				assert.ok(
					!(answer.status === 404 && /^No such endpoint/.test(answer.body?.message ?? '')),
					`${op.operation.operationId} is not served`,
				);
				served.push(op.operation.operationId);
			}
			env.emulator.takeViolations();
			assert.equal(served.length, 33, served.join(', '));
		});
	});

	describe('reset', () => {
		it('brings the demo content back after writes', async () => {
			const created = await h.api('POST', '/projects', { name: 'Temporary' });
			assert.equal(created.status, 201);
			env.emulator.reset();
			assert.equal(env.emulator.content.byId.get(created.body.assetId), undefined);
			assert.equal(env.emulator.content.projects.length, 4);
		});
	});
});

describe('Emulator: Cloud Storage writes without keeping bytes, and with a quota', () => {
	const env = useEmulator({ largeFolderSize: 20, keepUploadedBytes: false, storageQuotaBytes: 3 * 1024 * 1024 } as EmulatorOptions);
	const h = helpers(env);

	it('keeps only the size and block digests of an upload, and downloads that many bytes', async () => {
		const bytes = bytesOf(1024 * 1024 + 5);
		const done = await h.uploadNew(h.byName('Drafts').assetId, 'big.bin', bytes, { blockSize: 1024 * 1024 });
		assert.equal(done.asset.size, bytes.length);
		const data = env.emulator.writes.files.get(done.asset.assetId);
		assert.equal(data?.bytes, undefined);
		assert.deepEqual(data?.blockDigests, [
			createHash('sha256')
				.update(bytes.subarray(0, 1024 * 1024))
				.digest('hex'),
			createHash('sha256')
				.update(bytes.subarray(1024 * 1024))
				.digest('hex'),
		]);
		assert.equal((await h.download(done.asset.assetId)).length, bytes.length);
	});

	it('fails an upload job over the quota with storage_quota_exceeded, and answers a copy over it 507', async () => {
		const drafts = h.byName('Drafts');
		const over = await h.uploadNew(drafts.assetId, 'over.bin', bytesOf(3 * 1024 * 1024 + 1), { blockSize: 2 * 1024 * 1024 });
		assert.equal(over.status, 'failed');
		assert.equal(over.errors[0].error_code, 'storage_quota_exceeded');
		assert.deepEqual(await h.children('folders', drafts.assetId), []);
		const fits = await h.uploadNew(drafts.assetId, 'fits.bin', bytesOf(2 * 1024 * 1024));
		assert.equal(fits.status, 'succeeded');
		const copy = await h.api('POST', `/files/${fits.asset.assetId}/copy`, { parentId: drafts.assetId, options: { autorename: true } });
		assert.equal(copy.status, 507);
		assert.equal(copy.body.error_code, 'storage_quota_exceeded');
	});
});
