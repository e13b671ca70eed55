import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/features/explorer/nodes';
import { fileBytes, ASYNC_DOWNLOAD_BYTES } from '../emulator/server';
import { activateExtension, addDemoProfile, emulatorControl, emulatorRequests, withPhotoshopV1, withSetting } from './helpers';

interface Info {
	clients: Record<'demo' | 'storageDenied', { clientId: string; clientSecret: string }>;
}

/** Markdown as it reads once rendered: CommonMark's backslash escapes (core/common/format.ts escapes all ASCII punctuation) removed. */
const shownText = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
/** `step`, failing with its name when it takes longer than 20 s (a test's timeout would not say which step hung). */
async function within<T>(step: string, promise: Thenable<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${step} took more than 20 s`)), 20_000)));
	try {
		return await Promise.race([Promise.resolve(promise), late]);
	} finally {
		clearTimeout(timer);
	}
}

describe('API explorer', () => {
	let api: TestApi;
	let info: Info;

	const label = (node: ExplorerNode) => String(api.explorer.getTreeItem(node).label);
	const children = (node?: ExplorerNode) => api.explorer.getChildren(node);
	/** The row named `name` under `parent`, loading more pages (a bounded number) while a small page size keeps it out of the first. */
	async function child(parent: ExplorerNode | undefined, name: string): Promise<ExplorerNode> {
		for (let page = 0; page < 10; page++) {
			const rows = await children(parent);
			const found = rows.find((n) => label(n) === name);
			if (found) return found;
			const more = rows.find((n) => label(n) === 'Load more…');
			if (!more) break;
			await run('adobeApi.explorer.loadMore', more);
		}
		return assert.fail(`no "${name}" under ${parent ? label(parent) : 'the root'}: ${(await children(parent)).map(label).join(', ')}`);
	}
	const root = async () => (await children())[0] ?? assert.fail('the explorer shows no profile');
	const storage = async () => child(await root(), 'Cloud Storage');
	const listCalls = async (assetId: string) =>
		(await emulatorRequests('storage.list')).filter((r) => r.path.includes(encodeURIComponent(assetId)) || r.path.includes(assetId));

	before(async () => {
		({ api } = await activateExtension());
		info = await emulatorControl<Info>('GET', 'info');
		await addDemoProfile('Explorer', 'cloudStorage', true);
		api.explorer.refresh();
	});
	afterEach(() => emulatorControl('DELETE', 'faults'));
	// The hello tests below are about the call's mechanics: the emulator serves the retired Photoshop API v1.
	withPhotoshopV1();

	it('shows the active profile, with the hello call, Verify Credential and Cloud Storage under it', async () => {
		const profile = await root();
		assert.equal(label(profile), 'Explorer');
		assert.match(String(api.explorer.getTreeItem(profile).description), /^23h 5\dm left$/);
		assert.deepEqual((await children(profile)).map(label), ['Photoshop API: hello', 'Verify credential', 'Cloud Storage']);
	});

	it('calls hello and shows the text, status and latency on the node', async () => {
		const result = await run<{ status: number; body: string; latencyMs: number; requestId?: string }>('adobeApi.callHello', {});
		assert.equal(result.status, 200);
		assert.equal(result.body, 'Welcome to the Photoshop API!');
		assert.ok(result.latencyMs >= 0);
		assert.match(result.requestId ?? '', /^emu-/);
		const hello = await child(await root(), 'Photoshop API: hello');
		assert.match(String(api.explorer.getTreeItem(hello).description), /^“Welcome to the Photoshop API!” · 200 · \d+ ms$/);
	});

	it("shows each hello failure as the node's state, with the fix to offer", async () => {
		await emulatorControl('POST', 'faults', { route: 'photoshop.hello', fault: { type: 'expiredToken' } });
		await assert.rejects(run('adobeApi.callHello', {}), {
			message: /^The Photoshop API rejected the access token \(401013: Oauth token is not valid\)/,
		});
		const hello = await child(await root(), 'Photoshop API: hello');
		assert.equal(api.explorer.getTreeItem(hello).contextValue, 'hello.error.token');
		await emulatorControl('DELETE', 'faults');
		await emulatorControl('POST', 'faults', {
			route: 'photoshop.hello',
			fault: { type: 'status', status: 403, body: { error_code: '403003', message: 'Api Key is invalid' } },
			times: 1,
		});
		await assert.rejects(run('adobeApi.callHello', {}), {
			message: /^The Photoshop API does not know this API key \(403003: Api Key is invalid\): the API is not added/,
		});
		assert.equal(api.explorer.getTreeItem(hello).contextValue, 'hello.error.apiKey');
		await emulatorControl('POST', 'faults', {
			route: 'photoshop.hello',
			fault: { type: 'status', status: 403, body: { error_code: '403000', message: 'Api Key is required' } },
			times: 1,
		});
		await assert.rejects(run('adobeApi.callHello', {}), {
			message: 'The Photoshop API needs an API key (403000: Api Key is required). The Client ID must be sent as x-api-key.',
		});
		assert.equal(api.explorer.getTreeItem(hello).contextValue, 'hello.error.apiKey');
		await run('adobeApi.callHello', {});
		assert.equal(api.explorer.getTreeItem(hello).contextValue, 'hello');
	});

	it('expands project → folder → files, with short descriptions, icons and lazy tooltips that say the rest', async () => {
		assert.deepEqual((await children(await storage())).map(label), [
			'Brand Refresh 2026',
			'Empty Project',
			'Product Shots',
			'Summer Campaign',
		]);
		const brand = await child(await storage(), 'Brand Refresh 2026');
		const logos = await child(brand, 'Logos');
		const files = await children(logos);
		assert.deepEqual(files.map(label), ['logo-guidelines.pdf', 'logo-mono.png', 'logo-primary.svg']);
		const png = api.explorer.getTreeItem(files[1]);
		// #18: rows were cut off at the default sidebar width; a file's row says its size, the tooltip the rest.
		assert.match(String(png.description), /^\d+(\.\d)? (KB|MB)$/);
		assert.equal(api.explorer.getTreeItem(logos).description, undefined, 'a folder says nothing unless it is filtered');
		assert.equal(png.contextValue, 'asset.file.image.ops', 'a PNG: an operation takes it (#20)');
		assert.equal((png.iconPath as vscode.ThemeIcon).id, 'file-media');
		assert.equal(png.tooltip, undefined, 'tooltips are resolved on hover, not built for every row');
		const tooltip = shownText(((await api.explorer.resolveTreeItem(png, files[1])).tooltip as vscode.MarkdownString).value);
		const lines = tooltip.split('  \n');
		assert.equal(lines[0], '**logo-mono.png**');
		assert.match(lines[1], /^Type: image\/png · \d+(\.\d)? (KB|MB)$/);
		assert.equal(lines[2], 'Path: /Brand Refresh 2026/Logos/logo-mono.png');
		// #18: the tooltip wrapped after "Created:" because appendText made the value one word of &nbsp;s.
		assert.doesNotMatch(tooltip, /&nbsp;/);
		assert.match(
			lines[3],
			/^Modified: (?:today|yesterday|tomorrow|\w{3} \d+(?:, \d{4})?) \d+:\d\d\s[AP]M by 08D81E3B665BE5640A495C2C@AdobeOrg$/,
		);
		assert.match(lines[4], /^Created: (?:today|yesterday|tomorrow|\w{3} \d+(?:, \d{4})?) \d+:\d\d\s[AP]M by \S+$/);
		assert.match(lines[5], /^Asset id: urn:aaid:sc:US:[\w-]+$/);
		assert.equal(lines[6], '_Click to preview_');
	});

	it('opens a file on a click: text and images through the adobe-storage: file system (#19), another file as its metadata', async () => {
		const logos = await child(await child(await storage(), 'Brand Refresh 2026'), 'Logos');
		const [pdf, png] = (await children(logos)) as Array<Extract<ExplorerNode, { kind: 'asset' }>>;
		const list = (await child(await child(await storage(), 'Product Shots'), 'shot-list.txt')) as Extract<ExplorerNode, { kind: 'asset' }>;
		const pdfClick = api.explorer.getTreeItem(pdf).command ?? assert.fail('a click on a PDF does nothing');
		const pngClick = api.explorer.getTreeItem(png).command ?? assert.fail('a click on an image does nothing');
		const textClick = api.explorer.getTreeItem(list).command ?? assert.fail('a click on a text file does nothing');
		assert.deepEqual(
			[pdfClick.command, pngClick.command, textClick.command],
			['adobeApi.explorer.showMetadata', 'vscode.openWith', 'vscode.open'],
		);
		assert.equal(pngClick.arguments?.[1], 'imagePreview.previewEditor');
		assert.equal(api.explorer.getTreeItem(logos).command, undefined, 'a click on a folder expands it');

		await within('the image preview', vscode.commands.executeCommand(pngClick.command, ...(pngClick.arguments ?? [])));
		const tab = vscode.window.tabGroups.activeTabGroup.activeTab ?? assert.fail('no preview tab');
		assert.equal(tab.label, 'logo-mono.png', 'titled by the file name, not the asset id');
		const input = tab.input as vscode.TabInputCustom;
		assert.equal(input.viewType, 'imagePreview.previewEditor');
		// #18 item 10: the breadcrumb is the storage path, not a temporary folder.
		// (vscode.Uri's toString() lower-cases an authority, so the file system finds a profile by its name in any case.)
		assert.equal(input.uri.toString(), 'adobe-storage://explorer/Brand%20Refresh%202026/Logos/logo-mono.png');
		assert.equal(input.uri.path, '/Brand Refresh 2026/Logos/logo-mono.png');
		await within('closing the preview', vscode.commands.executeCommand('workbench.action.closeActiveEditor'));

		await within('the text file', vscode.commands.executeCommand(textClick.command, ...(textClick.arguments ?? [])));
		// The emulator's bytes are a pattern, not text, so VS Code may show its binary placeholder: the tab is what counts.
		const textTab = vscode.window.tabGroups.activeTabGroup.activeTab ?? assert.fail('no tab for the text file');
		assert.equal(textTab.label, 'shot-list.txt');
		const textUri = (textTab.input as { uri?: vscode.Uri }).uri ?? assert.fail('the tab has no file');
		assert.equal(textUri.scheme, 'adobe-storage');
		assert.equal(textUri.path, '/Product Shots/shot-list.txt');
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

		await within('the metadata', vscode.commands.executeCommand(pdfClick.command, ...(pdfClick.arguments ?? [])));
		const editor = vscode.window.activeTextEditor ?? assert.fail('no metadata editor');
		assert.equal(editor.document.uri.scheme, 'adobe-asset');
		assert.equal(JSON.parse(editor.document.getText()).name, 'logo-guidelines.pdf');
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
	});

	it('shows "No items" for an empty folder', async () => {
		const drafts = await child(await child(await storage(), 'Summer Campaign'), 'Drafts');
		assert.deepEqual((await children(drafts)).map(label), ['No items']);
	});

	it('pages to the end of the 10,000-item folder with exactly ceil(N / pageSize) list calls', async function () {
		this.timeout(120_000);
		await withSetting('adobeApi.explorer.pageSize', 100, async () => {
			api.explorer.refresh();
			const archive = await child(await child(await storage(), 'Product Shots'), 'Archive (10,000 items)');
			const folderId = (archive as Extract<ExplorerNode, { kind: 'asset' }>).asset.assetId;
			await emulatorControl('POST', 'clear-requests');
			let nodes = await children(archive);
			assert.equal(nodes.length, 101);
			assert.equal(label(nodes[100]), 'Load more…');
			assert.equal(api.explorer.getTreeItem(nodes[100]).description, '100 shown');
			while (label(nodes[nodes.length - 1]) === 'Load more…') {
				await run('adobeApi.explorer.loadMore', nodes[nodes.length - 1]);
				nodes = await children(archive);
			}
			const ids = new Set(nodes.map((n) => (n as Extract<ExplorerNode, { kind: 'asset' }>).asset.assetId));
			assert.equal(ids.size, 10_000);
			const calls = await listCalls(folderId);
			assert.equal(calls.length, 100, JSON.stringify(calls.slice(0, 3)));
			assert.equal(
				new Set(calls.map((c) => (c as unknown as { query: { cursor?: string } }).query.cursor ?? 'first')).size,
				100,
				'no page was fetched twice',
			);
		});
		api.explorer.refresh();
	});

	it('refreshes one folder without reloading anything else', async () => {
		const brand = await child(await storage(), 'Brand Refresh 2026');
		const logos = await child(brand, 'Logos');
		const social = await child(brand, 'Social');
		await children(logos);
		await children(social);
		await emulatorControl('POST', 'clear-requests');
		await run('adobeApi.explorer.refreshNode', logos);
		assert.equal((await children(logos)).length, 3);
		await children(social);
		await children(brand);
		const calls = await emulatorRequests('storage.list');
		assert.equal(calls.length, 1, JSON.stringify(calls));
		assert.equal(
			decodeURIComponent(calls[0].path),
			`/v1/folders/${(logos as Extract<ExplorerNode, { kind: 'asset' }>).asset.assetId}/children`,
		);
	});

	it('filters a folder by media type, order and name', async () => {
		const spring = await child(await child(await storage(), 'Product Shots'), 'Spring');
		const springId = (spring as Extract<ExplorerNode, { kind: 'asset' }>).asset.assetId;
		assert.equal((await children(spring)).length, 12);
		await emulatorControl('POST', 'clear-requests');
		await run('adobeApi.explorer.filter', { assetId: springId, filter: 'mediaType==image/jpeg', sortBy: '-name', name: '1' });
		assert.deepEqual(
			(await children(spring)).map(label),
			['shoe-12.jpg', 'shoe-11.jpg'],
			'JPEGs only (every third shoe is a PSD), Z → A, names containing "1"',
		);
		const calls = (await emulatorRequests('storage.list')).map((r) => (r as unknown as { query: Record<string, string> }).query);
		// The folders' query beside the files' (core/storage/listing.ts FoldersFirstListing), both in the order asked for.
		assert.deepEqual(
			calls.map((q) => [q.filter, q.sortBy]),
			[
				['assetType==folder', '-name'],
				['mediaType==image/jpeg', '-name'],
			],
		);
		// #18: the row showed `$(filter) “1” mediaType==image/jpeg by -name` (codicon syntax a description does not render).
		assert.equal(api.explorer.getTreeItem(spring).description, 'JPEG images · Z → A · “1” in name');
		const tooltip = shownText(
			((await api.explorer.resolveTreeItem(api.explorer.getTreeItem(spring), spring)).tooltip as vscode.MarkdownString).value,
		);
		assert.match(tooltip, /Filter: JPEG images {2}\nOrder: Name, Z → A {2}\nName contains: “1”/);
		await run('adobeApi.explorer.clearFilter', { assetId: springId });
		assert.equal((await children(spring)).length, 12);
		assert.equal(api.explorer.getTreeItem(spring).description, undefined);
	});

	it('keeps sub-folders visible under a filter by media type, and they take the filter (#18)', async () => {
		const shots = await child(await storage(), 'Product Shots');
		const shotsId = (shots as Extract<ExplorerNode, { kind: 'asset' }>).asset.assetId;
		const spring = await child(shots, 'Spring');
		assert.equal((await children(spring)).length, 12, 'Spring listed before the filter');
		await emulatorControl('POST', 'clear-requests');
		await run('adobeApi.explorer.filter', { assetId: shotsId, filter: 'mediaType==image/jpeg' });
		// Adobe's folders have no mediaType, so the filter alone hid both; they come from a second query, folders first.
		assert.deepEqual((await children(shots)).map(label), ['Archive (10,000 items)', 'Spring']);
		assert.equal(api.explorer.getTreeItem(shots).description, 'JPEG images');
		assert.equal(api.explorer.getTreeItem(spring).description, undefined, "the project's row says the filter; the sub-folder's tooltip");
		const springFiles = (await children(spring)).map(label);
		assert.deepEqual(springFiles, [
			'shoe-02.jpg',
			'shoe-03.jpg',
			'shoe-05.jpg',
			'shoe-06.jpg',
			'shoe-08.jpg',
			'shoe-09.jpg',
			'shoe-11.jpg',
			'shoe-12.jpg',
		]);
		const tooltip = shownText(
			((await api.explorer.resolveTreeItem(api.explorer.getTreeItem(spring), spring)).tooltip as vscode.MarkdownString).value,
		);
		assert.match(tooltip, /Filter: JPEG images \(from Product Shots\)/);
		const filters = (await emulatorRequests('storage.list')).map((r) => (r as unknown as { query: Record<string, string> }).query.filter);
		assert.deepEqual(filters, ['assetType==folder', 'mediaType==image/jpeg', 'assetType==folder', 'mediaType==image/jpeg']);

		// A filter set on the sub-folder is its own: clearing the project's does not touch it.
		const springId = (spring as Extract<ExplorerNode, { kind: 'asset' }>).asset.assetId;
		await run('adobeApi.explorer.filter', { assetId: springId, filter: 'mediaType==image/vnd.adobe.photoshop' });
		assert.equal((await children(spring)).length, 4);
		// Clearing it lets it take the project's again; setting it again makes it its own once more.
		await run('adobeApi.explorer.clearFilter', { assetId: springId });
		assert.equal((await children(spring)).length, 8);
		await run('adobeApi.explorer.filter', { assetId: springId, filter: 'mediaType==image/vnd.adobe.photoshop' });
		assert.equal((await children(spring)).length, 4);
		await run('adobeApi.explorer.clearFilter', { assetId: shotsId });
		assert.equal((await children(shots)).length, 3);
		assert.equal((await children(spring)).length, 4);
		assert.equal(api.explorer.getTreeItem(spring).description, 'Photoshop documents');
		await run('adobeApi.explorer.clearFilter', { assetId: springId });
		assert.equal((await children(spring)).length, 12);
	});

	it('downloads a file, byte for byte, and waits out a 202 for a large one', async function () {
		this.timeout(30_000);
		const logos = await child(await child(await storage(), 'Brand Refresh 2026'), 'Logos');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-explorer-dl-'));
		for (const node of await children(logos)) {
			const asset = (node as Extract<ExplorerNode, { kind: 'asset' }>).asset;
			const destination = path.join(dir, asset.name);
			const result = await run<{ path: string; bytes: number }>('adobeApi.explorer.download', { assetId: asset.assetId, destination });
			assert.equal(result.bytes, asset.size);
			assert.ok(fs.readFileSync(destination).equals(fileBytes(asset as Parameters<typeof fileBytes>[0])), `${asset.name} differs`);
		}
		const statuses = (await emulatorRequests('storage.download')).map((r) => r.status);
		assert.ok(
			statuses.includes(202) ||
				(await children(logos)).every((n) => ((n as Extract<ExplorerNode, { kind: 'asset' }>).asset.size ?? 0) < ASYNC_DOWNLOAD_BYTES),
		);
	});

	it('shows metadata read-only, previews an image, and copies id, path and cURL', async () => {
		const logos = await child(await child(await storage(), 'Brand Refresh 2026'), 'Logos');
		const png = (await children(logos))[1] as Extract<ExplorerNode, { kind: 'asset' }>;
		await run('adobeApi.explorer.showMetadata', png);
		const editor = vscode.window.activeTextEditor ?? assert.fail('no metadata editor');
		assert.equal(editor.document.uri.scheme, 'adobe-asset');
		assert.equal(editor.document.languageId, 'json');
		assert.equal(JSON.parse(editor.document.getText()).assetId, png.asset.assetId);
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

		const preview = await run<{ path: string; bytes: number }>('adobeApi.explorer.preview', { assetId: png.asset.assetId });
		assert.equal(fs.readFileSync(preview.path).subarray(1, 4).toString('latin1'), 'PNG');
		assert.equal(path.basename(preview.path), 'logo-mono.png', 'a scripted preview by id is named as the file too');
		const spring = await child(await child(await storage(), 'Product Shots'), 'Spring');
		const psd = (await children(spring))[0] as Extract<ExplorerNode, { kind: 'asset' }>;
		const psdPreview = await run<{ path: string }>('adobeApi.explorer.preview', psd);
		assert.equal(path.basename(psdPreview.path), 'shoe-01.psd.png', 'a rendition of another type says it is a PNG of the file');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');

		await run('adobeApi.explorer.copyAssetId', png);
		assert.equal(await vscode.env.clipboard.readText(), png.asset.assetId);
		await run('adobeApi.explorer.copyPath', png);
		assert.equal(await vscode.env.clipboard.readText(), '/Brand Refresh 2026/Logos/logo-mono.png');
		await run('adobeApi.explorer.copyCurl', { assetId: png.asset.assetId });
		assert.match(
			await vscode.env.clipboard.readText(),
			/^curl -sS 'http:\/\/127\.0\.0\.1:\d+\/v1\/files\/urn%3Aaaid%3Asc%3AUS%3A[\w-]+' \\\n {2}-H "Authorization: Bearer \$CLOUD_STORAGE_ACCESS_TOKEN"/,
		);
	});

	it('keeps a token a listing quotes out of the row and its Markdown tooltip', async () => {
		const logos = await child(await child(await storage(), 'Brand Refresh 2026'), 'Logos');
		const token = api.services.tokens.snapshot(api.services.profiles.find('Explorer')!.id).token!.accessToken;
		const quoted = `a_${token}_b`;
		await emulatorControl('POST', 'faults', {
			route: 'storage.list',
			fault: {
				type: 'status',
				status: 200,
				body: {
					paging: { limit: 50 },
					children: [
						{
							assetType: 'file',
							assetId: 'urn:aaid:sc:US:leak',
							name: `${quoted}.png`,
							path: `/Leak/*${quoted}*`,
							mediaType: 'image/png',
							size: 1,
						},
					],
				},
			},
			times: 1,
		});
		await run('adobeApi.explorer.refreshNode', logos);
		const [file] = await children(logos);
		const item = await api.explorer.resolveTreeItem(api.explorer.getTreeItem(file), file);
		const tooltip = (item.tooltip as vscode.MarkdownString).value;
		assert.match(shownText(tooltip), /Path: \/Leak\//);
		for (const text of [String(item.label), tooltip, tooltip.replace(/\\/g, '')]) assert.ok(!text.includes(token), text);
		await run('adobeApi.explorer.refreshNode', logos);
		assert.equal((await children(logos)).length, 3);
	});

	it('turns a 404 into an error node with the message', async () => {
		const logos = await child(await child(await storage(), 'Brand Refresh 2026'), 'Logos');
		await emulatorControl('POST', 'faults', {
			route: 'storage.list',
			fault: { type: 'status', status: 404, body: { error_code: 'resource_not_found', message: 'gone' } },
			times: 1,
		});
		api.explorer.refreshNode(logos);
		const [error] = await children(logos);
		assert.equal(
			label(error),
			'Adobe Cloud Storage could not find that item (resource_not_found). It may have been moved or deleted; refresh its parent.',
		);
		assert.equal(api.explorer.getTreeItem(error).contextValue, 'error');
		await emulatorControl('POST', 'clear-requests');
		await run('adobeApi.explorer.refreshNode', error);
		assert.equal((await children(logos)).length, 3, 'Refresh on the error row reloads its folder');
		assert.equal((await emulatorRequests('storage.list')).length, 1, 'and only its folder');
	});

	it('shows "rate limited, retrying in N s" during a 429 wait, then the items', async () => {
		const logos = await child(await child(await storage(), 'Brand Refresh 2026'), 'Logos');
		await emulatorControl('POST', 'faults', { route: 'storage.list', fault: { type: 'status', status: 429, retryAfter: 1 }, times: 1 });
		api.explorer.refreshNode(logos);
		const waiting = new Promise<void>((resolve) => {
			const subscription = api.explorer.onDidChangeTreeData((node) => {
				if (node === logos) {
					subscription.dispose();
					resolve();
				}
			});
		});
		const loaded = children(logos);
		await waiting;
		assert.deepEqual((await children(logos)).map(label), ['Rate limited, retrying in 1 s…']);
		assert.equal((await loaded).length, 3);
	});

	it('restarts a listing whose cursor expired', async () => {
		// Logos found at the usual page size (with two a page it is on Brand Refresh 2026's second page, after the demo
		// PSD's Campaign folder, #20), then listed again two a page.
		const logos = await child(await child(await storage(), 'Brand Refresh 2026'), 'Logos');
		await withSetting('adobeApi.explorer.pageSize', 2, async () => {
			api.explorer.refreshNode(logos);
			const first = await children(logos);
			assert.deepEqual(first.map(label), ['logo-guidelines.pdf', 'logo-mono.png', 'Load more…']);
			await emulatorControl('POST', 'expire-cursors');
			await run('adobeApi.explorer.loadMore', first[2]);
			const again = await children(logos);
			assert.deepEqual(
				again.map(label),
				['logo-guidelines.pdf', 'logo-mono.png', 'Load more…'],
				'the listing started over instead of failing',
			);
		});
		api.explorer.refresh();
	});

	it('offers the project list only the filters and sort orders Adobe documents for it, naming them when refused', async () => {
		await children(await storage());
		await assert.rejects(run('adobeApi.explorer.filter', { filter: 'mediaType==image/png' }), {
			message:
				'Filter "mediaType==image/png" is not accepted for the project list; Adobe accepts state==active|deleted, createdBy==current_user, createdBy!=current_user.',
		});
		await assert.rejects(run('adobeApi.explorer.filter', { sortBy: '-modified' }), {
			message: /^SortBy "-modified" is not accepted for the project list; use one of name, created/,
		});
		await emulatorControl('POST', 'clear-requests');
		await run('adobeApi.explorer.filter', { filter: 'createdBy!=current_user', sortBy: '-created' });
		const names = (await children(await storage())).map(label);
		assert.ok(names.length > 0 && names.length < 4, names.join(', '));
		const [call] = await emulatorRequests('storage.list');
		assert.deepEqual((call as unknown as { query: Record<string, string> }).query, {
			filter: 'createdBy!=current_user',
			sortBy: '-created',
			limit: '50',
		});
		await run('adobeApi.explorer.clearFilter', {});
		assert.equal((await children(await storage())).length, 4);
	});

	it("shows a failed download job's errors instead of a success", async () => {
		const spring = await child(await child(await storage(), 'Product Shots'), 'Spring');
		const large =
			(await children(spring))
				.map((n) => (n as Extract<ExplorerNode, { kind: 'asset' }>).asset)
				.find((a) => (a.size ?? 0) >= ASYNC_DOWNLOAD_BYTES) ?? assert.fail('no large file');
		await emulatorControl('POST', 'faults', {
			route: 'storage.status',
			fault: { type: 'jobFailed', errors: [{ error_code: 'runtime_error', message: 'The rendition service is down' }] },
			times: 1,
		});
		const destination = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'adobe-explorer-job-')), large.name);
		await assert.rejects(run('adobeApi.explorer.download', { assetId: large.assetId, destination }), {
			message:
				/^Adobe Cloud Storage could not prepare the download \(the job failed\)\. Adobe says: runtime_error: The rendition service is down\./,
		});
		assert.equal(fs.existsSync(destination), false);
	});

	it('explains the Technical Account setup when the project list is empty (Adobe answers no projects, not 403)', async () => {
		const denied = info.clients.storageDenied;
		await run('adobeApi.addProfile', {
			name: 'No storage role',
			apiKind: 'cloudStorage',
			clientId: denied.clientId,
			clientSecret: denied.clientSecret,
		});
		await run('adobeApi.selectProfile', { profile: 'No storage role' });
		await run('adobeApi.generateToken', {});
		assert.equal(label(await root()), 'No storage role', 'the tree follows the active profile');
		const [advice, guide, ...rest] = await children(await storage());
		assert.deepEqual(rest, []);
		assert.equal(label(advice), 'No projects: is the Technical Account a Storage administrator?');
		const adviceItem = api.explorer.getTreeItem(advice);
		assert.match(String(adviceItem.tooltip), /Storage administrator;[^]*product profile that includes Enterprise Storage/);
		assert.equal(adviceItem.command?.command, 'adobeApi.checkSetup');
		const guideItem = api.explorer.getTreeItem(guide);
		assert.equal(label(guide), "Open Adobe's Technical Account setup guide");
		assert.equal(guideItem.command?.command, 'vscode.open');
		assert.equal(
			String(guideItem.command?.arguments?.[0]),
			'https://developer.adobe.com/cloud-storage/guides/getting-started/technical-account-setup',
		);
		assert.deepEqual((await emulatorRequests('storage.list')).map((r) => r.status).slice(-1), [200]);
		await run('adobeApi.selectProfile', { profile: 'Explorer' });
		assert.equal(label(await root()), 'Explorer');
	});

	it('shows nothing (so the welcome explains) when the active profile has no token', async () => {
		await run('adobeApi.clearToken', { profile: 'Explorer' });
		assert.deepEqual(await children(), []);
		await run('adobeApi.generateToken', { profile: 'Explorer' });
		assert.equal((await children()).length, 1);
	});
});
