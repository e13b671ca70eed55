import * as assert from 'node:assert/strict';
import { ApiCaller } from '../../../src/core/common/caller';
import { AdobeApiError } from '../../../src/core/common/errors';
import { assetPathNames, extensionFor, mediaTypeFor, namesPath, pathNames } from '../../../src/core/storage/paths';
import { MAX_DIRECTORY_ITEMS, RequestPacer, StorageTree, StorageTreeDeps } from '../../../src/core/storage/tree';
import { AdobeEmulator } from '../../emulator/server';
import { DEMO_CLIENTS, FakeClock, clientsFor, rejection, useEmulator } from '../helpers';

/** Cloud Storage as a tree of names (core/storage/tree.ts), what the adobe-storage: file system resolves paths with. */
describe('Cloud Storage tree (the file system core)', () => {
	const env = useEmulator();
	let clock: FakeClock;
	let clients: ReturnType<typeof clientsFor>;
	beforeEach(() => {
		clock = new FakeClock();
		clients = clientsFor(env.emulator, { clock });
	});
	afterEach(() => clients.close());

	function treeOver(emulator: AdobeEmulator, overrides: Partial<StorageTreeDeps> = {}) {
		let cached: ApiCaller | undefined;
		return new StorageTree({
			storage: () => clients.cloudStorage,
			caller: async (forceRefresh) => {
				if (forceRefresh || !cached) {
					cached = { accessToken: emulator.issueToken(DEMO_CLIENTS.demo.clientId), clientId: DEMO_CLIENTS.demo.clientId };
				}
				return cached;
			},
			clock,
			...overrides,
		});
	}

	it('resolves a path of names level by level, matching each name exactly', async () => {
		const tree = treeOver(env.emulator);
		const root = await tree.resolve([]);
		assert.equal(root.kind, 'root');
		const logo = await tree.resolve(['Brand Refresh 2026', 'Logos', 'logo-mono.png']);
		assert.equal(logo.kind, 'asset');
		if (logo.kind !== 'asset') return;
		assert.equal(logo.asset.path, '/Brand Refresh 2026/Logos/logo-mono.png');
		assert.equal(logo.asset.assetType, 'file');
		assert.equal(logo.parent.assetType, 'folder');
		// Case matters: Adobe's names are case-sensitive, and so is the file system (isCaseSensitive).
		const wrongCase = await rejection(tree.resolve(['Brand Refresh 2026', 'logos']));
		assert.equal(wrongCase.code, 'not_found');
		assert.equal(wrongCase.status, 404);
		assert.match(wrongCase.message, /no "Brand Refresh 2026\/logos"/);
		const throughFile = await rejection(tree.resolve(['Product Shots', 'shot-list.txt', 'x']));
		assert.equal(throughFile.code, 'not_found');
		assert.match(throughFile.message, /"Product Shots\/shot-list.txt" is a file, not a folder/);
	});

	it('asks Adobe once per container while its listing is fresh, again after the TTL or after invalidate()', async () => {
		const tree = treeOver(env.emulator, { ttlMs: 5000 });
		await tree.resolve(['Brand Refresh 2026', 'Logos', 'logo-mono.png']);
		const first = env.emulator.count('storage.list');
		assert.equal(first, 3, 'the project list, the project, the folder');
		await Promise.all([tree.resolve(['Brand Refresh 2026', 'Logos', 'logo-primary.svg']), tree.list({ assetType: 'projects' })]);
		assert.equal(env.emulator.count('storage.list'), first, 'every level came from the cache');
		clock.time += 5000;
		await tree.resolve(['Brand Refresh 2026']);
		assert.equal(env.emulator.count('storage.list'), first + 1, 'the project list was asked again after the TTL');
		tree.invalidate('projects');
		await tree.resolve(['Brand Refresh 2026']);
		assert.equal(env.emulator.count('storage.list'), first + 2, 'and after our own write invalidated it');
	});

	it('does not hand a listing that started before a write to whoever asks after it', async () => {
		const tree = treeOver(env.emulator);
		const early = tree.list({ assetType: 'projects' });
		tree.invalidate('projects');
		const late = tree.list({ assetType: 'projects' });
		await Promise.all([early, late]);
		assert.equal(env.emulator.count('storage.list'), 2, 'the later caller got a listing of its own');
		await tree.list({ assetType: 'projects' });
		assert.equal(env.emulator.count('storage.list'), 2, 'and that one is cached');
	});

	it('shares one listing between callers that ask at the same time', async () => {
		const tree = treeOver(env.emulator);
		const lists = await Promise.all([1, 2, 3].map(() => tree.list({ assetType: 'projects' })));
		assert.equal(env.emulator.count('storage.list'), 1);
		assert.deepEqual(lists[1], lists[0]);
	});

	it(`lists a folder of ${MAX_DIRECTORY_ITEMS.toLocaleString('en-US')} items whole, paced to 20 requests a second so Adobe never answers 429`, async () => {
		// The emulator limits at 20 a second on the same (fake) clock the pacer waits on, so the test takes no real second.
		env.emulator.rateLimitPerSecond = 20;
		env.emulator.rateLimitClock = () => clock.now();
		try {
			const tree = treeOver(env.emulator);
			const archive = await tree.resolve(['Product Shots', 'Archive (10,000 items)']);
			assert.equal(archive.kind, 'asset');
			if (archive.kind !== 'asset') return;
			const items = await tree.list({ assetType: 'folder', assetId: archive.asset.assetId });
			assert.equal(items.length, MAX_DIRECTORY_ITEMS);
			assert.equal(new Set(items.map((i) => i.name)).size, MAX_DIRECTORY_ITEMS, 'every item once');
			assert.equal(items[9999].name, 'IMG_10000.jpg');
			const pages = env.emulator.requests.filter((r) => r.route === 'storage.list');
			assert.ok(pages.length >= 100, `${pages.length} pages of at most 100`);
			assert.equal(pages.filter((r) => r.status === 429).length, 0, 'no request ran into the rate limit');
			assert.ok(clock.now() - Date.parse('2026-11-23T12:00:00Z') >= 4000, 'about 100 requests took at least 5 (fake) seconds');
		} finally {
			env.emulator.rateLimitPerSecond = 0;
			env.emulator.rateLimitClock = Date.now;
		}
	});

	it('refuses a folder with more items than it lists, saying so, rather than showing part of it', async () => {
		const tree = treeOver(env.emulator, { maxItems: 250 });
		const archive = await tree.resolve(['Product Shots', 'Archive (10,000 items)']);
		if (archive.kind !== 'asset') return assert.fail('no archive');
		const error = await rejection(tree.list({ assetType: 'folder', assetId: archive.asset.assetId }));
		assert.equal(error.code, 'too_many_items');
		assert.match(error.message, /This folder holds more than 250 items: the file system lists a folder whole or not at all/);
		assert.ok(env.emulator.count('storage.list') <= 5, 'it stopped at the page that went over');
		// Nothing partial was cached: asking again fails the same way.
		assert.equal((await rejection(tree.list({ assetType: 'folder', assetId: archive.asset.assetId }))).code, 'too_many_items');
	});

	it('retries a 429 that comes anyway, as the listing does', async () => {
		env.emulator.inject('storage.list', { type: 'status', status: 429, retryAfter: 2 }, 1);
		const tree = treeOver(env.emulator);
		assert.ok((await tree.list({ assetType: 'projects' })).length > 0);
		assert.ok(clock.sleeps.includes(2000), `waited as Retry-After said: ${clock.sleeps.join(', ')}`);
	});
});

describe('Request pacer', () => {
	it('lets 20 start in a second and the 21st a second after the first', async () => {
		const clock = new FakeClock();
		const start = clock.now();
		const pacer = new RequestPacer(20, clock);
		const started: number[] = [];
		await Promise.all(Array.from({ length: 41 }, () => pacer.take().then(() => started.push(clock.now() - start))));
		assert.deepEqual(started.slice(0, 20), Array(20).fill(0));
		assert.equal(started[20], 1000);
		assert.equal(started[40], 2000);
	});

	it('ends a wait on cancel', async () => {
		const clock = new FakeClock();
		const pacer = new RequestPacer(1, clock);
		await pacer.take();
		const stop = new AbortController();
		stop.abort();
		const error = (await pacer.take(stop.signal).then(
			() => assert.fail('not cancelled'),
			(e: unknown) => e,
		)) as AdobeApiError;
		assert.equal(error.kind, 'cancelled');
	});
});

describe('Storage paths', () => {
	it('reads names from a URI path and Adobe’s path, and writes them back', () => {
		assert.deepEqual(pathNames('/Alpha Campaign/Drafts/a b.txt'), ['Alpha Campaign', 'Drafts', 'a b.txt']);
		assert.deepEqual(pathNames('/'), []);
		assert.deepEqual(pathNames('//A//B/'), ['A', 'B']);
		assert.equal(namesPath([]), '/');
		assert.equal(namesPath(['A', 'b.txt']), '/A/b.txt');
		assert.deepEqual(assetPathNames('/My Project/My Folder/My Asset'), ['My Project', 'My Folder', 'My Asset']);
		assert.equal(assetPathNames(undefined), undefined);
	});

	it('declares a media type by extension', () => {
		assert.equal(mediaTypeFor('a.TXT'), 'text/plain');
		assert.equal(mediaTypeFor('logo.png'), 'image/png');
		assert.equal(mediaTypeFor('noext'), 'application/octet-stream');
		assert.equal(mediaTypeFor('.hidden'), 'application/octet-stream');
	});

	it('names the extension of a media type from the same table: the first of several, parameters and case ignored', () => {
		assert.equal(extensionFor('image/jpeg'), 'jpg');
		assert.equal(extensionFor('Image/TIFF; charset=binary'), 'tif');
		assert.equal(extensionFor('image/x-adobe-dng'), 'dng');
		assert.equal(mediaTypeFor(`raw.${extensionFor('image/x-adobe-dng')}`), 'image/x-adobe-dng');
		assert.equal(extensionFor('application/x-unknown'), undefined);
	});
});
