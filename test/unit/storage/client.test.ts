import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ASYNC_DOWNLOAD_BYTES, AdobeEmulator, fileBytes } from '../../emulator/server';
import type { ApiCaller } from '../../../src/core/common/caller';
import { StorageAsset } from '../../../src/core/storage/client';
import { DEMO_CLIENTS, FakeClock, clientsFor, rejection, useEmulator } from '../helpers';

describe('Cloud Storage listing', () => {
	const env = useEmulator();
	const caller = (emulator: AdobeEmulator, clientId = DEMO_CLIENTS.demo.clientId): ApiCaller => ({
		accessToken: emulator.issueToken(clientId),
		clientId,
	});

	async function byName(name: string, parent?: StorageAsset): Promise<StorageAsset> {
		const storage = clientsFor(env.emulator).cloudStorage;
		const container = parent
			? { assetType: parent.assetType as 'project' | 'folder', assetId: parent.assetId }
			: { assetType: 'projects' as const };
		for await (const page of storage.pages(caller(env.emulator), container, { limit: 100 })) {
			const found = page.items.find((item) => item.name === name);
			if (found) return found;
		}
		assert.fail(`no ${name}`);
	}

	it('lists projects under "items" with Adobe\'s asset shape', async () => {
		const page = await clientsFor(env.emulator).cloudStorage.firstPage(caller(env.emulator), { assetType: 'projects' });
		assert.deepEqual(
			page.items.map((p) => p.name),
			['Brand Refresh 2026', 'Empty Project', 'Product Shots', 'Summer Campaign'],
		);
		assert.equal(page.nextUrl, undefined);
		const project = page.items[0];
		assert.equal(project.assetType, 'project');
		assert.match(project.assetId, /^urn:aaid:sc:US:[0-9a-f-]{36}$/);
		assert.equal(project.path, '/Brand Refresh 2026');
		assert.match(project.createdDate ?? '', /^\d{4}-\d\d-\d\dT/);
	});

	it('walks project → folder → files, reading "children" and file mediaType/size', async () => {
		const brand = await byName('Brand Refresh 2026');
		const logos = await byName('Logos', brand);
		assert.equal(logos.assetType, 'folder');
		const page = await clientsFor(env.emulator).cloudStorage.firstPage(caller(env.emulator), {
			assetType: 'folder',
			assetId: logos.assetId,
		});
		assert.deepEqual(
			page.items.map((f) => [f.name, f.mediaType]),
			[
				['logo-guidelines.pdf', 'application/pdf'],
				['logo-mono.png', 'image/png'],
				['logo-primary.svg', 'image/svg+xml'],
			],
		);
		assert.ok(page.items.every((f) => typeof f.size === 'number' && f.size > 0));
		assert.deepEqual(page.items[0].ancestors, [logos.assetId, brand.assetId]);
	});

	it('pages through the 10,000-item folder: every item once, exactly ceil(N/limit) calls', async () => {
		const shots = await byName('Product Shots');
		const archive = await byName('Archive (10,000 items)', shots);
		env.emulator.reset();
		const token = caller(env.emulator);
		const ids = new Set<string>();
		let pages = 0;
		for await (const page of clientsFor(env.emulator).cloudStorage.pages(
			token,
			{ assetType: 'folder', assetId: archive.assetId },
			{ limit: 100 },
		)) {
			pages++;
			for (const item of page.items) ids.add(item.assetId);
		}
		assert.equal(ids.size, 10_000);
		assert.equal(pages, 100);
		assert.equal(env.emulator.count('storage.list'), 100);
		const cursors = env.emulator.requests.map((r) => r.query.cursor ?? '');
		assert.equal(new Set(cursors).size, 100, 'no page was requested twice');
	});

	it('sends sortBy and filter on the first page only, then follows nextUrl as given', async () => {
		const shots = await byName('Product Shots');
		const spring = await byName('Spring', shots);
		env.emulator.reset();
		const storage = clientsFor(env.emulator).cloudStorage;
		const pages = [];
		for await (const page of storage.pages(
			caller(env.emulator),
			{ assetType: 'folder', assetId: spring.assetId },
			{ limit: 3, sortBy: '-name', filter: 'mediaType==image/jpeg' },
		)) {
			pages.push(page);
		}
		const names = pages.flatMap((p) => p.items.map((i) => i.name));
		assert.deepEqual(names, [
			'shoe-12.jpg',
			'shoe-11.jpg',
			'shoe-09.jpg',
			'shoe-08.jpg',
			'shoe-06.jpg',
			'shoe-05.jpg',
			'shoe-03.jpg',
			'shoe-02.jpg',
		]);
		const [first, ...rest] = env.emulator.requests;
		assert.deepEqual(first.query, { limit: '3', sortBy: '-name', filter: 'mediaType==image/jpeg' });
		assert.ok(rest.every((r) => r.query.cursor && !('sortBy' in r.query) && !('filter' in r.query)));
	});

	it("clamps the page size into Adobe's 1–100 range", async () => {
		await clientsFor(env.emulator).cloudStorage.firstPage(caller(env.emulator), { assetType: 'projects' }, { limit: 500 });
		await clientsFor(env.emulator).cloudStorage.firstPage(caller(env.emulator), { assetType: 'projects' }, { limit: 0 });
		assert.deepEqual(
			env.emulator.requests.map((r) => r.query.limit),
			['100', '1'],
		);
	});

	it('maps 404 for an unknown id', async () => {
		const error = await rejection(
			clientsFor(env.emulator).cloudStorage.firstPage(caller(env.emulator), {
				assetType: 'folder',
				assetId: 'urn:aaid:sc:US:00000000-0000-0000-0000-000000000000',
			}),
		);
		assert.equal(error.status, 404);
		assert.equal(
			error.message,
			'Adobe Cloud Storage could not find that item (resource_not_found). It may have been moved or deleted; refresh its parent.',
		);
	});

	it('lists no projects for a Technical Account without storage access, as GET /projects documents no 403', async () => {
		const page = await clientsFor(env.emulator).cloudStorage.firstPage(caller(env.emulator, DEMO_CLIENTS.storageDenied.clientId), {
			assetType: 'projects',
		});
		assert.deepEqual(page, { items: [], nextUrl: undefined });
		assert.deepEqual(
			env.emulator.requests.map((r) => r.status),
			[200],
		);
	});

	it('explains the Technical Account setup on 403', async () => {
		const brand = await byName('Brand Refresh 2026');
		const denied = caller(env.emulator, DEMO_CLIENTS.storageDenied.clientId);
		const error = await rejection(
			clientsFor(env.emulator).cloudStorage.firstPage(denied, { assetType: 'project', assetId: brand.assetId }),
		);
		assert.equal(error.status, 403);
		assert.equal(
			error.message,
			'Adobe Cloud Storage denied access (access_error: You do not have following permission(s) to perform this action on the resource: [read].). With an OAuth Server-to-Server credential, an Adobe Admin must make the Technical Account a Storage administrator and assign it a product profile that includes Enterprise Storage, in the Adobe Admin Console.',
		);
	});

	it("gives the gateway's 403s their own message, not the Technical Account setup", async () => {
		const brand = await byName('Brand Refresh 2026');
		const storage = clientsFor(env.emulator).cloudStorage;
		for (const [code, message, start] of [
			['403003', 'Api Key is invalid', 'Adobe Cloud Storage does not know this API key (403003: Api Key is invalid): the API is not added'],
			['403011', 'Scope mismatch', 'The access token lacks the scopes Adobe Cloud Storage needs (403011: Scope mismatch).'],
		]) {
			env.emulator.inject('storage.list', { type: 'status', status: 403, body: { error_code: code, message } }, 1);
			const error = await rejection(storage.firstPage(caller(env.emulator), { assetType: 'project', assetId: brand.assetId }));
			assert.equal(error.code, code);
			assert.ok(error.message.startsWith(start), error.message);
			assert.doesNotMatch(error.message, /Storage administrator|Technical Account/);
		}
	});

	it('maps an expired cursor so the caller can restart the listing', async () => {
		const shots = await byName('Product Shots');
		const storage = clientsFor(env.emulator).cloudStorage;
		const who = caller(env.emulator);
		const first = await storage.firstPage(who, { assetType: 'project', assetId: shots.assetId }, { limit: 1 });
		assert.ok(first.nextUrl);
		env.emulator.expireCursors();
		const error = await rejection(storage.nextPage(who, first.nextUrl));
		assert.equal(error.code, 'cursor_expired');
		assert.equal(error.message, 'The Adobe Cloud Storage listing expired (cursor_expired). Reload the folder to list it from the start.');
	});

	it('refuses, before any request, a filter or sort order the project list does not accept, naming those it does', async () => {
		const storage = clientsFor(env.emulator).cloudStorage;
		const byType = await rejection(storage.firstPage(caller(env.emulator), { assetType: 'projects' }, { filter: 'mediaType==image/png' }));
		assert.equal(byType.kind, 'invalidInput');
		assert.equal(
			byType.message,
			'Adobe Cloud Storage: filter "mediaType==image/png" is not accepted for the project list; Adobe accepts state==active|deleted, createdBy==current_user, createdBy!=current_user.',
		);
		const byModified = await rejection(storage.firstPage(caller(env.emulator), { assetType: 'projects' }, { sortBy: '-modified' }));
		assert.equal(
			byModified.message,
			'Adobe Cloud Storage: sortBy "-modified" is not accepted for the project list; use one of name, created (prefix - for descending).',
		);
		const wrongValue = await rejection(
			storage.firstPage(caller(env.emulator), { assetType: 'projects' }, { filter: 'createdBy==someone@example.com' }),
		);
		assert.match(wrongValue.message, /filter "createdBy==someone@example.com" is not accepted/);
		assert.equal(env.emulator.count(), 0);
	});

	it('filters and sorts the project list by what Adobe documents for it', async () => {
		const storage = clientsFor(env.emulator).cloudStorage;
		const mine = await storage.firstPage(
			caller(env.emulator),
			{ assetType: 'projects' },
			{ filter: 'createdBy==current_user', sortBy: '-created' },
		);
		const others = await storage.firstPage(caller(env.emulator), { assetType: 'projects' }, { filter: 'createdBy!=current_user' });
		const all = env.emulator.content.projects;
		assert.deepEqual(
			mine.items.map((p) => p.name),
			all
				.filter((p) => p.createdBy === mine.items[0]?.createdBy)
				.sort((a, b) => b.createdDate.localeCompare(a.createdDate))
				.map((p) => p.name),
		);
		assert.ok(mine.items.length > 0 && others.items.length > 0);
		assert.equal(mine.items.length + others.items.length, all.length);
	});

	it("accepts the children listings' own filters and sort orders", async () => {
		const shots = await byName('Product Shots');
		const spring = await byName('Spring', shots);
		const page = await clientsFor(env.emulator).cloudStorage.firstPage(
			caller(env.emulator),
			{ assetType: 'folder', assetId: spring.assetId },
			{
				filter: 'mediaType==image/vnd.adobe.photoshop',
				sortBy: '-modified,name',
			},
		);
		assert.equal(page.items.length, 4);
		assert.ok(page.items.every((item) => item.mediaType === 'image/vnd.adobe.photoshop'));
	});

	it('maps an expired token to the refresh advice', async () => {
		const who = caller(env.emulator);
		env.emulator.expireAllTokens();
		const error = await rejection(clientsFor(env.emulator).cloudStorage.firstPage(who, { assetType: 'projects' }));
		assert.equal(error.status, 401);
		assert.equal(error.message, 'Adobe Cloud Storage rejected the access token (unauthorized). Refresh the token and try again.');
	});

	it('refuses a nextUrl that points at another host', async () => {
		const error = await rejection(
			clientsFor(env.emulator).cloudStorage.nextPage(caller(env.emulator), 'https://attacker.example/v1/projects?cursor=x'),
		);
		assert.equal(error.message, 'Adobe Cloud Storage sent a next-page link to another host (attacker.example); it was not followed.');
		assert.equal(env.emulator.count(), 0);
	});

	it('reads item metadata', async () => {
		const brand = await byName('Brand Refresh 2026');
		const meta = await clientsFor(env.emulator).cloudStorage.metadata(caller(env.emulator), 'project', brand.assetId);
		assert.deepEqual(meta, brand);
	});

	it("rate limits at Adobe's 20 requests per second with 429 and Retry-After", async () => {
		// The limiter's clock stands still, so all 25 fall in one second however slowly they arrive.
		const limited = new AdobeEmulator({ rateLimitPerSecond: 20, largeFolderSize: 10, contract: true, rateLimitClock: () => 1_000_000 });
		await limited.start();
		try {
			const who = caller(limited);
			const storage = clientsFor(limited).cloudStorage;
			const results = await Promise.allSettled(Array.from({ length: 25 }, () => storage.firstPage(who, { assetType: 'projects' })));
			const rejected = results.filter((r) => r.status === 'rejected');
			assert.equal(rejected.length, 5);
			assert.match(
				String((rejected[0] as PromiseRejectedResult).reason.message),
				/rate limiting requests \(HTTP 429\)\. Try again in 1 s\./,
			);
			assert.deepEqual(limited.takeViolations(), [], 'the 429s are answers the spec documents');
		} finally {
			await limited.stop();
		}
	});
});

describe('Cloud Storage files', () => {
	const env = useEmulator({ largeFolderSize: 20 });
	const who = () => ({ accessToken: env.emulator.issueToken(DEMO_CLIENTS.demo.clientId), clientId: DEMO_CLIENTS.demo.clientId });
	const fileNamed = (name: string) => [...env.emulator.content.byId.values()].find((a) => a.name === name) ?? assert.fail(name);
	const smallFile = () =>
		[...env.emulator.content.byId.values()].find(
			(a) => a.assetType === 'file' && (a.size ?? 0) < ASYNC_DOWNLOAD_BYTES && (a.size ?? 0) > 100_000,
		) ?? assert.fail('no small file');

	it('downloads a small file through its pre-signed URL, byte for byte, without sending the token', async () => {
		const file = smallFile();
		const clients = clientsFor(env.emulator);
		const caller = who();
		const link = await clients.cloudStorage.downloadLink(caller, file.assetId);
		assert.equal(link.size, file.size);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-dl-'));
		const target = path.join(dir, file.name);
		const progress: number[] = [];
		const result = await clients.http.download({ service: 'cloudStorage', url: link.url }, target, (received) => progress.push(received));
		assert.equal(result.bytes, file.size);
		assert.deepEqual(fs.readFileSync(target), fileBytes(file));
		assert.equal(progress[progress.length - 1], file.size);
		assert.deepEqual(
			env.emulator.requests.map((r) => r.route),
			['storage.download', 'download.content'],
		);
		assert.equal(env.emulator.requests[1].clientId, undefined);
	});

	it("waits for a large file's download job (202, then polling /status as Retry-After says)", async () => {
		const file = largeFile();
		const clock = new FakeClock();
		const waits: number[] = [];
		const link = await clientsFor(env.emulator, { clock }).cloudStorage.downloadLink(who(), file.assetId, {
			onWaiting: (s) => waits.push(s),
		});
		assert.match(link.url, /\/__download\//);
		assert.deepEqual(
			env.emulator.requests.map((r) => [r.route, r.status]),
			[
				['storage.download', 202],
				['storage.status', 200],
				['storage.status', 200],
			],
		);
		assert.deepEqual(clock.sleeps, [1000, 1000]);
		assert.deepEqual(waits, [1, 1]);
	});

	const largeFile = () =>
		[...env.emulator.content.byId.values()].find((a) => a.assetType === 'file' && (a.size ?? 0) >= ASYNC_DOWNLOAD_BYTES) ??
		assert.fail('no large file');

	it("shows a failed download job's errors[] (bounded, without the token) instead of treating it as success", async () => {
		const caller = who();
		const errors = [
			{ error_code: 'runtime_error', message: `Rendering failed for token ${caller.accessToken}` },
			{ error_code: 'resource_too_large', message: 'x'.repeat(5000) },
			{ error_code: 'runtime_error', message: 'third' },
			{ error_code: 'runtime_error', message: 'fourth' },
		];
		env.emulator.inject('storage.status', { type: 'jobFailed', errors }, 1);
		const error = await rejection(
			clientsFor(env.emulator, { clock: new FakeClock() }).cloudStorage.downloadLink(caller, largeFile().assetId),
		);
		assert.equal(error.code, 'runtime_error');
		assert.ok(!error.message.includes(caller.accessToken), 'the token is redacted');
		assert.match(
			error.message,
			/^Adobe Cloud Storage could not prepare the download \(the job failed\)\. Adobe says: runtime_error: Rendering failed for token \S+; resource_too_large: x{200}; runtime_error: third \(and 1 more\)\. /,
		);
	});

	it('redacts a token that a job error cuts at its length limit (redacted first, then shortened)', async () => {
		const caller = who();
		const message = `${'y'.repeat(150)} ${caller.accessToken}`; // the token crosses character 200
		env.emulator.inject('storage.status', { type: 'jobFailed', errors: [{ error_code: 'runtime_error', message }] }, 1);
		const error = await rejection(
			clientsFor(env.emulator, { clock: new FakeClock() }).cloudStorage.downloadLink(caller, largeFile().assetId),
		);
		assert.ok(!error.message.includes(caller.accessToken.slice(0, 40)), 'no prefix of the token is shown');
		assert.match(error.message, /y{150} ‹redacted›/);
	});

	it('treats partially_succeeded as no download, and a status it does not know as still under way', async () => {
		// The spec maps partially_succeeded only to folder_copy and project_package, so for a download
		// it is off-contract: it comes from a status fault, which contract mode does not judge.
		const job = {
			jobId: 'j-1',
			requestId: 'r-1',
			jobType: 'file_download',
			errors: [{ error_code: 'runtime_error', message: 'part 2 missing' }],
		};
		env.emulator.inject('storage.status', { type: 'status', status: 200, body: { ...job, status: 'partially_succeeded' } }, 1);
		const storage = clientsFor(env.emulator, { clock: new FakeClock() }).cloudStorage;
		const partial = await rejection(storage.downloadLink(who(), largeFile().assetId));
		assert.match(
			partial.message,
			/only partly prepared the download \(partially_succeeded\), so there is no file to fetch\. Adobe says: runtime_error: part 2 missing\./,
		);
		// Adobe's status list "is not exhaustive": a new status is polled past, not taken as the end.
		env.emulator.inject('storage.status', { type: 'status', status: 200, body: { ...job, status: 'queued_for_review' } }, 1);
		const link = await storage.downloadLink(who(), largeFile().assetId);
		assert.match(link.url, /^http:\/\/127\.0\.0\.1:\d+\//);
		assert.equal(
			env.emulator.requests.filter((r) => r.route === 'storage.status').length >= 3,
			true,
			'it polled again after the unknown status',
		);
	});

	it('deletes a partial file when the connection drops mid-download', async () => {
		const file = smallFile();
		const clients = clientsFor(env.emulator);
		const link = await clients.cloudStorage.downloadLink(who(), file.assetId);
		env.emulator.inject('download.content', { type: 'drop' }, 1);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-dl-'));
		const error = await rejection(clients.http.download({ service: 'cloudStorage', url: link.url }, path.join(dir, 'x.png')));
		assert.equal(error.kind, 'network');
		assert.deepEqual(fs.readdirSync(dir), []);
	});

	it('refuses a download link that is not HTTPS', async () => {
		env.emulator.inject(
			'storage.download',
			{ type: 'status', status: 200, body: { url: 'http://files.example.com/logo.png', size: 10 } },
			1,
		);
		const error = await rejection(clientsFor(env.emulator).cloudStorage.downloadLink(who(), smallFile().assetId));
		assert.equal(
			error.message,
			'Adobe Cloud Storage sent an unexpected response (HTTP 200): the download link is not HTTPS (http://files.example.com); it was not followed.',
		);
	});

	it('cancels a download through its AbortSignal and leaves no partial file', async () => {
		const file = smallFile();
		const clients = clientsFor(env.emulator);
		const link = await clients.cloudStorage.downloadLink(who(), file.assetId);
		env.emulator.inject('download.content', { type: 'latency', ms: 2000 }, 1);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-dl-'));
		const abort = new AbortController();
		const pending = clients.http.download({ service: 'cloudStorage', url: link.url, signal: abort.signal }, path.join(dir, file.name));
		setTimeout(() => abort.abort(), 50);
		const error = await rejection(pending);
		assert.equal(error.message, 'The request to Adobe Cloud Storage was cancelled.');
		assert.deepEqual(fs.readdirSync(dir), []);
	});

	it('gets a PNG rendition of an image, and refuses one for a PDF', async () => {
		const clients = clientsFor(env.emulator);
		const png = await clients.cloudStorage.rendition(who(), fileNamed('logo-mono.png').assetId, 64);
		assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
		assert.equal(png.readUInt32BE(16), 64);
		const error = await rejection(clients.cloudStorage.rendition(who(), fileNamed('logo-guidelines.pdf').assetId));
		assert.equal(error.status, 422);
	});

	it('says a rendition 404 may mean no permission, as Adobe documents, not only a missing file', async () => {
		env.emulator.inject(
			'storage.rendition',
			{ type: 'status', status: 404, body: { error_code: 'resource_not_found', message: 'The requested resource was not found' } },
			1,
		);
		const error = await rejection(clientsFor(env.emulator).cloudStorage.rendition(who(), fileNamed('logo-mono.png').assetId, 64));
		assert.deepEqual([error.status, error.code, error.service], [404, 'resource_not_found', 'cloudStorage']);
		assert.match(
			error.message,
			/^Adobe Cloud Storage has no preview of that file for this credential \(HTTP 404\): the file may have been moved or deleted, or this credential may not have permission to read it/,
		);
	});

	it('tells the caller about each rate-limit wait', async () => {
		env.emulator.inject('storage.list', { type: 'status', status: 429, retryAfter: 3 }, 1);
		const waits: number[] = [];
		await clientsFor(env.emulator, { clock: new FakeClock() }).cloudStorage.firstPage(
			who(),
			{ assetType: 'projects' },
			{
				retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 10_000 },
				onRetry: ({ delayMs }) => waits.push(delayMs),
			},
		);
		assert.deepEqual(waits, [3000]);
	});
});
