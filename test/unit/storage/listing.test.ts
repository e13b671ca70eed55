import * as assert from 'node:assert/strict';
import { ApiCaller } from '../../../src/core/common/caller';
import { StorageAsset } from '../../../src/core/storage/client';
import {
	FoldersFirstListing,
	LISTING_RETRY,
	ListingDeps,
	MAX_LISTING_RESTARTS,
	StorageListing,
	containerListing,
} from '../../../src/core/storage/listing';
import { DEMO_CLIENTS, FakeClock, clientsFor, rejection, useEmulator } from '../helpers';

/** The listing state machine (core/storage/listing.ts) the tree, the agent tools and the file system share. */
describe('Cloud Storage listing state machine', () => {
	const env = useEmulator();
	let clock: FakeClock;
	let clients: ReturnType<typeof clientsFor>;
	beforeEach(() => {
		// Retry waits return at once and are recorded.
		clock = new FakeClock();
		clients = clientsFor(env.emulator, { clock });
	});
	afterEach(() => clients.close());

	/** Deps over the emulator's demo client; records each token asked for, each retry wait, refresh and restart. */
	function deps(overrides: Partial<ListingDeps> = {}) {
		const seen = { asked: [] as boolean[], retries: [] as Array<number | undefined>, refreshed: 0, restarted: 0 };
		let cached: ApiCaller | undefined;
		const d: ListingDeps = {
			storage: () => clients.cloudStorage,
			caller: async (forceRefresh) => {
				seen.asked.push(forceRefresh);
				if (forceRefresh || !cached) {
					cached = { accessToken: env.emulator.issueToken(DEMO_CLIENTS.demo.clientId), clientId: DEMO_CLIENTS.demo.clientId };
				}
				return cached;
			},
			onRetry: ({ status }) => seen.retries.push(status),
			onRefresh: () => seen.refreshed++,
			onRestart: () => seen.restarted++,
			...overrides,
		};
		return { deps: d, seen };
	}

	async function container(...names: string[]): Promise<{ assetType: 'project' | 'folder'; assetId: string }> {
		let found: StorageAsset | undefined;
		for (const name of names) {
			const listing = new StorageListing(
				deps().deps,
				found ? { assetType: found.assetType as 'project' | 'folder', assetId: found.assetId } : { assetType: 'projects' },
				{ limit: 100 },
			);
			found = (await listing.all()).find((item) => item.name === name) ?? assert.fail(`no ${name}`);
		}
		env.emulator.reset();
		return { assetType: found!.assetType as 'project' | 'folder', assetId: found!.assetId };
	}

	it('pages to the end: every item once, one request per page, then nothing more', async () => {
		const archive = await container('Product Shots', 'Archive (10,000 items)');
		const { deps: d, seen } = deps();
		const listing = new StorageListing(d, archive, { limit: 100 });
		assert.equal(listing.complete, false);
		let steps = 0;
		for await (const step of listing.pages()) {
			steps++;
			assert.equal(step.restarted, false);
		}
		assert.equal(steps, 100);
		assert.equal(listing.complete, true);
		assert.equal(listing.nextUrl, undefined);
		assert.equal(new Set(listing.items.map((i) => i.assetId)).size, 10_000);
		assert.equal(env.emulator.count('storage.list'), 100);
		assert.deepEqual(await listing.next(), { items: [], restarted: false }, 'a complete listing sends nothing');
		assert.equal(env.emulator.count('storage.list'), 100);
		assert.deepEqual([seen.refreshed, seen.restarted, seen.retries.length], [0, 0, 0]);
	});

	it('keeps the query on the first page only and follows nextUrl after it', async () => {
		const logos = await container('Brand Refresh 2026', 'Logos');
		const listing = new StorageListing(deps().deps, logos, { limit: 2, sortBy: '-name' });
		const first = await listing.next();
		assert.deepEqual(
			first.items.map((i) => i.name),
			['logo-primary.svg', 'logo-mono.png'],
		);
		assert.ok(listing.nextUrl);
		await listing.next();
		assert.deepEqual(
			listing.items.map((i) => i.name),
			['logo-primary.svg', 'logo-mono.png', 'logo-guidelines.pdf'],
		);
		const [firstCall, second] = env.emulator.requests.filter((r) => r.route === 'storage.list');
		assert.deepEqual(firstCall.query, { limit: '2', sortBy: '-name' });
		assert.ok(second.query.cursor && !('sortBy' in second.query));
	});

	it('starts over from the first page when the cursor expired, and gives up if it keeps expiring', async () => {
		const logos = await container('Brand Refresh 2026', 'Logos');
		const { deps: d, seen } = deps();
		const listing = new StorageListing(d, logos, { limit: 1 });
		await listing.next();
		await listing.next();
		assert.equal(listing.items.length, 2);
		env.emulator.expireCursors();
		const step = await listing.next();
		assert.equal(step.restarted, true);
		assert.equal(seen.restarted, 1);
		assert.deepEqual(
			listing.items.map((i) => i.name),
			['logo-guidelines.pdf'],
			'what was loaded before is dropped: the listing is its first page again',
		);
		assert.deepEqual(
			(await listing.all()).map((i) => i.name),
			['logo-guidelines.pdf', 'logo-mono.png', 'logo-primary.svg'],
		);

		// Every cursor expires: pages() restarts MAX_LISTING_RESTARTS times, then ends with Adobe's code.
		env.emulator.inject('storage.list', { type: 'cursorExpired' });
		const endless = new StorageListing(deps().deps, logos, { limit: 1 });
		const error = await rejection(endless.all());
		assert.equal(error.code, 'cursor_expired');
		assert.match(error.message, new RegExp(`expired \\(cursor_expired\\) ${MAX_LISTING_RESTARTS + 1} times`));
		env.emulator.clearFaults();
	});

	it('cannot restart a listing resumed from a bare cursor: the expired cursor is the answer', async () => {
		const logos = await container('Brand Refresh 2026', 'Logos');
		const first = new StorageListing(deps().deps, logos, { limit: 1 });
		await first.next();
		const resumed = StorageListing.resume(deps().deps, first.nextUrl!);
		assert.deepEqual(
			(await resumed.next()).items.map((i) => i.name),
			['logo-mono.png'],
		);
		env.emulator.expireCursors();
		const error = await rejection(resumed.next());
		assert.equal(error.code, 'cursor_expired');
	});

	it('waits out a 429 and a 503 (Retry-After honoured), telling onRetry; with retry off, the 429 is the answer', async () => {
		const logos = await container('Brand Refresh 2026', 'Logos');
		env.emulator.inject('storage.list', { type: 'status', status: 429, retryAfter: 7 }, 1);
		env.emulator.inject('storage.list', { type: 'status', status: 503 }, 1);
		const { deps: d, seen } = deps();
		const listing = new StorageListing(d, logos);
		assert.equal((await listing.next()).items.length, 3);
		assert.deepEqual(seen.retries, [429, 503]);
		assert.deepEqual(clock.sleeps, [7000, LISTING_RETRY.baseDelayMs * 2]);
		assert.equal(env.emulator.count('storage.list'), 3);
		assert.equal(seen.refreshed, 0);

		env.emulator.inject('storage.list', { type: 'status', status: 429, retryAfter: 7 }, 1);
		const once = deps({ retry: false });
		const error = await rejection(new StorageListing(once.deps, logos).next());
		assert.equal(error.status, 429);
		assert.deepEqual(once.seen.retries, []);
	});

	it('refreshes a rejected token once; a second 401 in a row is the error', async () => {
		const logos = await container('Brand Refresh 2026', 'Logos');
		env.emulator.inject('storage.list', { type: 'expiredToken' }, 1);
		const { deps: d, seen } = deps();
		const listing = new StorageListing(d, logos, { limit: 2 });
		await listing.next();
		assert.deepEqual(seen.asked, [false, true]);
		assert.equal(seen.refreshed, 1);
		// The next page starts from the fresh token, and its own 401 gets its own refresh.
		env.emulator.inject('storage.list', { type: 'expiredToken' }, 1);
		await listing.next();
		assert.deepEqual(seen.asked, [false, true, false, true]);
		assert.equal(listing.items.length, 3);

		env.emulator.inject('storage.list', { type: 'expiredToken' }, 2);
		const twice = deps();
		const error = await rejection(new StorageListing(twice.deps, logos).next());
		assert.equal(error.status, 401);
		assert.deepEqual(twice.seen.asked, [false, true]);
		assert.equal(env.emulator.count('storage.list'), 2 + 2 + 2);
	});

	describe('a filter by media type keeps the folders (#18)', () => {
		const names = (items: readonly StorageAsset[]) => items.map((i) => i.name);

		it('hides every sub-folder with the filter alone, as Adobe does (folders have no mediaType): the listing that keeps them shows them', async () => {
			const shots = await container('Product Shots');
			assert.deepEqual(names(await new StorageListing(deps().deps, shots, { filter: 'mediaType==image/jpeg' }).all()), []);
			const kept = containerListing(deps().deps, shots, { filter: 'mediaType==image/jpeg' });
			assert.ok(kept instanceof FoldersFirstListing);
			await kept.next();
			assert.deepEqual(names(kept.items), ['Archive (10,000 items)', 'Spring']);
			assert.equal(kept.complete, true);
			const filters = env.emulator.requests.filter((r) => r.route === 'storage.list').map((r) => r.query.filter);
			assert.deepEqual(filters, ['mediaType==image/jpeg', 'assetType==folder', 'mediaType==image/jpeg']);
			assert.deepEqual(env.emulator.takeViolations(), [], 'both queries are ones the spec documents');
		});

		it('pages folders first, then the files, each by its own cursor, with the order asked for', async () => {
			const shots = await container('Product Shots');
			const listing = containerListing(deps().deps, shots, { filter: 'mediaType==text/plain', sortBy: '-name', limit: 1 });
			const first = await listing.next();
			assert.deepEqual(names(first.items), ['Spring', 'shot-list.txt'], 'the first step: the first page of each');
			assert.ok(listing.nextUrl?.includes('cursor='), 'the folders have a second page');
			const second = await listing.next();
			assert.deepEqual(names(second.items), ['Archive (10,000 items)']);
			assert.deepEqual(names(listing.items), ['Spring', 'Archive (10,000 items)', 'shot-list.txt']);
			assert.equal(listing.complete, true);
			assert.equal(listing.nextUrl, undefined);
			const calls = env.emulator.requests.filter((r) => r.route === 'storage.list').map((r) => r.query);
			assert.deepEqual(calls.slice(0, 2), [
				{ limit: '1', sortBy: '-name', filter: 'assetType==folder' },
				{ limit: '1', sortBy: '-name', filter: 'mediaType==text/plain' },
			]);
			assert.ok(calls[2].cursor && !('filter' in calls[2]));
			assert.equal(calls.length, 3);
			assert.deepEqual(await listing.next(), { items: [], restarted: false }, 'nothing more is sent');
			assert.equal(env.emulator.count('storage.list'), 3);
		});

		it("asks again only for the first page that failed, and restarts the folders' query when its cursor expires", async () => {
			const shots = await container('Product Shots');
			env.emulator.inject('storage.list', { type: 'status', status: 404, body: { error_code: 'resource_not_found', message: 'gone' } }, 2);
			const listing = containerListing(deps({ retry: false }).deps, shots, { filter: 'mediaType==text/plain', limit: 1 });
			assert.equal((await rejection(listing.next())).status, 404);
			env.emulator.clearFaults();
			await listing.next();
			assert.deepEqual(names(listing.items), ['Archive (10,000 items)', 'shot-list.txt']);
			env.emulator.expireCursors();
			const step = await listing.next();
			assert.equal(step.restarted, true);
			assert.deepEqual(names(step.items), ['Archive (10,000 items)', 'shot-list.txt'], 'the folders from their first page again');
			await listing.next();
			assert.deepEqual(names(listing.items), ['Archive (10,000 items)', 'Spring', 'shot-list.txt']);
		});

		it('lists as asked where nothing is hidden: no filter, an asset type, or the project list', async () => {
			const shots = await container('Product Shots');
			for (const filter of [undefined, 'assetType==file', 'state==deleted']) {
				assert.ok(containerListing(deps().deps, shots, { filter }) instanceof StorageListing, String(filter));
			}
			assert.ok(containerListing(deps().deps, { assetType: 'projects' }, { filter: 'state==active' }) instanceof StorageListing);
		});
	});
});
