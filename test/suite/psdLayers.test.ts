/**
 * Issue #20: a PSD's layer tree in the explorer, in the real extension host against the emulator's demo PSD
 * (test/emulator/operations.js DEMO_PSD_PATH, /Brand Refresh 2026/Campaign/key-visual.psd): its row expands into the
 * layers of Photoshop v2's generate-manifest, read once per version, and a failure is one row with the fix.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/features/explorer/nodes';
import { activateExtension, addDemoProfile, emulatorControl, emulatorRequests } from './helpers';

const run = <T>(command: string, args?: unknown) => Promise.resolve(vscode.commands.executeCommand<T>(command, args));

describe('PSD layer tree', () => {
	let api: TestApi;

	const item = (node: ExplorerNode) => api.explorer.getTreeItem(node);
	const label = (node: ExplorerNode) => String(item(node).label);
	const children = (node?: ExplorerNode) => api.explorer.getChildren(node);
	async function child(parent: ExplorerNode | undefined, name: string): Promise<ExplorerNode> {
		const found = (await children(parent)).find((n) => label(n) === name);
		return (
			found ?? assert.fail(`no "${name}" under ${parent ? label(parent) : 'the root'}: ${(await children(parent)).map(label).join(', ')}`)
		);
	}
	async function at(...names: string[]): Promise<ExplorerNode> {
		let node = (await children())[0] ?? assert.fail('the explorer shows no profile');
		for (const name of ['Cloud Storage', ...names]) node = await child(node, name);
		return node;
	}
	const psd = () => at('Brand Refresh 2026', 'Campaign', 'key-visual.psd');
	const manifestJobs = async () => (await emulatorRequests('photoshop.v2Manifest')).length;
	const icon = (node: ExplorerNode) => (item(node).iconPath as vscode.ThemeIcon).id;
	const tooltip = async (node: ExplorerNode) => {
		const resolved = await api.explorer.resolveTreeItem(item(node), node);
		return (resolved.tooltip as vscode.MarkdownString).value.replace(/\\([!-/:-@[-`{-~])/g, '$1');
	};

	before(async () => {
		({ api } = await activateExtension());
		await addDemoProfile('Layers', 'cloudStorage', true);
		// A job ends at its first poll (the emulator's default is the third): the runner polls as Adobe asks, from 5 s.
		await emulatorControl('POST', 'jobs/config', { pollsToFinish: 1 });
		api.explorer.refresh();
	});
	after(() => emulatorControl('POST', 'jobs/config', { pollsToFinish: 3 }));
	afterEach(() => emulatorControl('DELETE', 'faults'));

	it('shows a PSD row as expandable (a click still opens it), and other files as leaves', async () => {
		const row = item(await psd());
		assert.equal(row.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
		assert.ok(row.command, 'a click opens the document as before');
		assert.match(row.accessibilityInformation?.label ?? '', /expand for its layers/);
		const pdf = await at('Brand Refresh 2026', 'Logos', 'logo-guidelines.pdf');
		assert.equal(item(pdf).collapsibleState, vscode.TreeItemCollapsibleState.None);
	});

	it("expands a PSD into generate-manifest's layers: kinds, bounds, visibility, text, accessibility labels; read once", async function () {
		this.timeout(90_000); // a Photoshop job, polled as Adobe asks
		const before = await manifestJobs();
		const layers = await children(await psd());
		assert.deepEqual(layers.map(label), ['Headline', 'Product shot', 'Logo lockup', 'Brightness/Contrast 1', 'Backdrop', 'Background']);
		assert.equal(await manifestJobs(), before + 1, 'one generate-manifest job');
		assert.deepEqual(layers.map(icon), ['folder', 'package', 'folder', 'color-mode', 'paintcan', 'file-media']);
		const [headline, product, logo] = layers;
		assert.equal(item(headline).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
		assert.equal(item(headline).description, '2 layers');
		assert.equal(item(product).collapsibleState, vscode.TreeItemCollapsibleState.None);
		assert.equal(item(product).description, '540×440 at 600, 320');
		assert.equal(
			item(product).accessibilityInformation?.label,
			'Smart object Product shot, 540 by 440 pixels at left 600, top 320, visible',
		);

		const [title, tagline] = await children(headline);
		assert.equal(label(title), 'Title');
		assert.equal(icon(title), 'symbol-text');
		assert.equal(label(tagline), 'Tagline');
		assert.match(
			item(title).accessibilityInformation?.label ?? '',
			/^Text layer Title, 1040 by 120 pixels at left 80, top 60, visible, text: Brand Refresh 2026$/,
		);
		assert.equal(
			await tooltip(title),
			[
				'**Title**',
				'Kind: Text layer',
				'Bounds: 1040 × 120 px at left 80, top 60',
				'Visible: yes',
				'Text: “Brand Refresh 2026”',
				'Layer id: 11',
			].join('  \n'),
		);
		const wordmark = (await children(logo))[1];
		assert.equal(label(wordmark), 'Wordmark');
		assert.equal(item(wordmark).description, '200×60 at 220, 670 · hidden');
		assert.match(await tooltip(wordmark), /Visible: no \(hidden\)/);
		// Go to… and reveal walk up from a layer to its PSD.
		assert.equal(api.explorer.getParent(title), headline);
		assert.equal(api.explorer.getParent(headline), await psd());

		// Collapsed and expanded again, the folder reloaded: the same version, no second job.
		await children(await psd());
		api.explorer.refreshNode(await at('Brand Refresh 2026', 'Campaign'));
		await children(await psd());
		assert.equal(await manifestJobs(), before + 1, 'kept per asset id and modified date');
	});

	it('shows a failed read as one error row with the fix; Retry on it reads the layers again', async function () {
		this.timeout(90_000);
		await emulatorControl('POST', 'faults', {
			route: 'photoshop.v2Manifest',
			fault: {
				type: 'status',
				status: 403,
				body: { error_code: 'unauthorized_forbidden', message: 'User is not entitled to the Photoshop API' },
			},
			// Twice: a 403 at submit is also how Adobe refuses a Creative Cloud input, which the runner answers once with a pre-signed link.
			times: 2,
		});
		api.explorer.refresh();
		const [row] = await children(await psd());
		assert.equal(row.kind, 'message', 'one row: the error');
		const shown = item(row);
		assert.equal(shown.contextValue, 'error', 'the error rows’ inline Retry and Show Log');
		assert.match(String(shown.label), /^Layers not read: .*not entitled/);
		assert.match(String(shown.tooltip), /Add the Photoshop API to this credential's project/);
		await run('adobeApi.explorer.refreshNode', row);
		assert.deepEqual((await children(await psd())).map(label).slice(0, 2), ['Headline', 'Product shot']);
	});

	it('another PSD without groups shows its one background layer', async function () {
		this.timeout(90_000);
		const layers = await children(await at('Summer Campaign', 'hero-banner.psd'));
		assert.deepEqual(layers.map(label), ['Background']);
		assert.equal(icon(layers[0]), 'file-media');
		assert.equal(item(layers[0]).collapsibleState, vscode.TreeItemCollapsibleState.None);
	});
});
