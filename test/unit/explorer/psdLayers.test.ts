/** Issue #20: a PSD's layer rows in the explorer (features/explorer/psdLayers.ts), against a manifest reader the test controls. */
import * as assert from 'node:assert/strict';
import { AdobeApiError } from '../../../src/core/common/errors';
import { redact } from '../../../src/core/common/redact';
import type { ProfileMeta } from '../../../src/core/credentials/profiles';
import type { PsdLayer, PsdManifest } from '../../../src/core/operations/types';
import type { StorageAsset } from '../../../src/core/storage/types';
import type { ExplorerNode } from '../../../src/features/explorer/nodes';
import {
	LAYER_BOUNDS,
	PsdLayers,
	clipText,
	countLayers,
	isPhotoshopDocument,
	layerFix,
	layerKind,
	layerWords,
} from '../../../src/features/explorer/psdLayers';

const profile = { id: 'p1', name: 'Layers' } as ProfileMeta;
const psdAsset = (modifiedDate = '2026-12-01T10:00:00Z'): StorageAsset => ({
	assetType: 'file',
	assetId: 'urn:aaid:sc:US:psd-1',
	name: 'hero-banner.psd',
	mediaType: 'image/vnd.adobe.photoshop',
	size: 2_048,
	modifiedDate,
});
const psdNode = (asset = psdAsset()) =>
	({ kind: 'asset', id: `${profile.id}/${asset.assetId}`, profile, asset, parent: 'folder-1' }) as Extract<ExplorerNode, { kind: 'asset' }>;
const layer = (name: string, kind: string, more: Partial<PsdLayer> = {}): PsdLayer => ({ name, kind, children: [], ...more });
const noRedact = (text: string) => text;

const DEMO: PsdManifest = {
	document: { name: 'hero-banner.psd', width: 1200, height: 628 },
	layers: [
		layer('Headline', 'textLayer', { id: 5, bounds: { left: 40, top: 60, width: 800, height: 120 }, visible: true, text: 'Summer\nSale' }),
		layer('Products', 'layerSection', {
			id: 4,
			children: [layer('Shoe', 'smartObject', { id: 3 }), layer('Glow', 'adjustmentLayer', { id: 2, visible: false })],
		}),
		layer('Background', 'backgroundLayer', { id: 1, bounds: { left: 0, top: 0, width: 1200, height: 628 } }),
	],
	omitted: 0,
};

/** A PsdLayers over a reader that answers `answers` in turn, recording its calls; nodes registered by id as the provider does. */
function harness(answers: Array<PsdManifest | Error | 'hang'>) {
	const calls: Array<{ assetId: string; parent?: string; signal: AbortSignal }> = [];
	const nodes = new Map<string, ExplorerNode>();
	const warnings: string[] = [];
	let progress = 0;
	const layers = new PsdLayers(
		async (_profile, asset, parent, signal) => {
			calls.push({ assetId: asset.assetId, parent, signal });
			const answer = answers.shift() ?? assert.fail('read more often than expected');
			if (answer === 'hang') {
				return new Promise<PsdManifest>((_, reject) =>
					signal.addEventListener('abort', () => reject(new AdobeApiError('Cancelled.', { kind: 'cancelled' }))),
				);
			}
			if (answer instanceof Error) throw answer;
			return answer;
		},
		<T extends ExplorerNode>(fresh: T): T => {
			const existing = nodes.get(fresh.id) as T | undefined;
			if (existing) return Object.assign(existing, fresh);
			nodes.set(fresh.id, fresh);
			return fresh;
		},
		{ warn: (message) => warnings.push(message) },
		async (task) => {
			progress++;
			return task();
		},
	);
	return { layers, calls, warnings, nodes, progress: () => progress };
}

const texts = (rows: ExplorerNode[]) =>
	rows.map((row) => (row.kind === 'layer' ? row.layer.name : row.kind === 'message' ? row.text : row.kind));

describe('PSD layers in the explorer (#20)', () => {
	it('knows a Photoshop document by its media type (or a .psd without one), not a cloud document or a folder', () => {
		assert.equal(isPhotoshopDocument(psdAsset()), true);
		assert.equal(isPhotoshopDocument({ assetType: 'file', assetId: 'a', name: 'x.PSD' }), true);
		assert.equal(isPhotoshopDocument({ assetType: 'file', assetId: 'a', name: 'x.psd', mediaType: 'image/png' }), false);
		assert.equal(
			isPhotoshopDocument({ assetType: 'file', assetId: 'a', name: 'poster.psdc', mediaType: 'application/vnd.adobe.photoshop+dcx' }),
			false,
		);
		assert.equal(isPhotoshopDocument({ assetType: 'folder', assetId: 'a', name: 'x.psd' }), false);
	});

	it('names each kind with its icon; groups expand; an unknown type says its type', () => {
		assert.deepEqual(layerKind(layer('a', 'textLayer')), { words: 'Text layer', icon: 'symbol-text', group: false });
		assert.deepEqual(layerKind(layer('a', 'layerSection')), { words: 'Group', icon: 'folder', group: true });
		// Photoshop API v2's snake_case names, as v1's.
		assert.deepEqual(layerKind(layer('a', 'group_layer')), { words: 'Group', icon: 'folder', group: true });
		assert.equal(layerKind(layer('a', 'text_layer')).words, 'Text layer');
		assert.equal(layerKind(layer('a', 'smart_object_layer')).icon, 'package');
		assert.equal(layerKind(layer('a', 'adjustment_layer')).icon, 'color-mode');
		assert.equal(layerKind(layer('a', 'solid_color_layer')).icon, 'paintcan');
		assert.equal(layerKind(layer('a', 'background_layer')).words, 'Background layer');
		assert.equal(layerKind(layer('a', 'adjustmentLayer')).icon, 'color-mode');
		assert.equal(layerKind(layer('a', 'smartObject')).icon, 'package');
		assert.equal(layerKind(layer('a', 'layer')).words, 'Pixel layer');
		assert.deepEqual(layerKind(layer('a', 'frobnicator')), { words: 'Layer (frobnicator)', icon: 'file-media', group: false });
		// A name of Object.prototype is not a kind.
		assert.equal(layerKind(layer('a', 'constructor')).words, 'Layer (constructor)');
	});

	it("words a layer's row: size and place, hidden, text clipped to one line, an accessibility label, a redacted tooltip", () => {
		const headline = layerWords(DEMO.layers[0], noRedact);
		assert.equal(headline.description, '800×120 at 40, 60');
		assert.equal(headline.accessibility, 'Text layer Headline, 800 by 120 pixels at left 40, top 60, visible, text: Summer Sale');
		assert.deepEqual(headline.tooltip, [
			'**Headline**',
			'Kind: Text layer',
			'Bounds: 800 × 120 px at left 40, top 60',
			'Visible: yes',
			'Text: “Summer Sale”',
			'Layer id: 5',
		]);
		const products = layerWords(DEMO.layers[1], noRedact);
		assert.equal(products.description, '2 layers');
		assert.equal(products.expandable, true);
		const glow = layerWords(DEMO.layers[1].children[1], noRedact);
		assert.equal(glow.description, 'hidden');
		assert.equal(glow.hidden, true);
		assert.match(glow.accessibility, /^Adjustment layer Glow, hidden$/);

		const long = clipText('x'.repeat(500));
		assert.equal(long.length, LAYER_BOUNDS.text);
		assert.ok(long.endsWith('…'));

		// A token in a layer's text or name never reaches the tooltip.
		const secret = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIiwidHlwZSI6ImFjY2Vzc190b2tlbiJ9.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl';
		const leaky = layerWords(layer(`name ${secret}`, 'textLayer', { text: `Bearer ${secret}` }), redact);
		assert.ok(!leaky.tooltip.join('\n').includes(secret), leaky.tooltip.join('\n'));
	});

	it('counts the layers of nested groups without recursion', () => {
		let deep = layer('leaf', 'layer');
		for (let i = 0; i < 10_000; i++) deep = layer(`g${i}`, 'layerSection', { children: [deep] });
		assert.equal(countLayers([deep]), 10_001);
		assert.equal(countLayers(DEMO.layers), 5);
	});

	it('reads a PSD once per modified date, shows its layers, and groups their children', async () => {
		const { layers, calls, progress } = harness([DEMO, DEMO]);
		const rows = await layers.children(psdNode());
		assert.deepEqual(texts(rows), ['Headline', 'Products', 'Background']);
		assert.equal(calls.length, 1);
		assert.equal(calls[0].parent, 'folder-1');
		assert.equal(progress(), 1);
		const products = rows[1] as Extract<ExplorerNode, { kind: 'layer' }>;
		assert.deepEqual(texts(layers.layerChildren(products)), ['Shoe', 'Glow']);
		assert.equal(layers.layerChildren(products)[0].id, `${products.id}#0`);
		// Expanded again: the same manifest, no second job.
		assert.deepEqual(texts(await layers.children(psdNode())), ['Headline', 'Products', 'Background']);
		assert.equal(calls.length, 1);
		// The file changed since (its folder reloaded with a new date): read again.
		await layers.children(psdNode(psdAsset('2026-12-02T10:00:00Z')));
		assert.equal(calls.length, 2);
	});

	it('a manifest read by Generate Manifest from the menu is shown when the row expands, without a second job', async () => {
		const { layers, calls } = harness([]);
		layers.seed(profile, psdAsset(), DEMO);
		assert.deepEqual(texts(await layers.children(psdNode())), ['Headline', 'Products', 'Background']);
		assert.equal(calls.length, 0);
	});

	it('two expansions at once share one read', async () => {
		const { layers, calls } = harness([DEMO]);
		const [a, b] = await Promise.all([layers.children(psdNode()), layers.children(psdNode())]);
		assert.deepEqual(texts(a), texts(b));
		assert.equal(calls.length, 1);
	});

	it('bounds what it draws: rows per group, levels of groups, and what the runner left out, each said in a row', async () => {
		const many = Array.from({ length: LAYER_BOUNDS.perGroup + 5 }, (_, i) => layer(`L${i}`, 'layer'));
		many.push(layer('extra group', 'layerSection', { children: [layer('inside', 'layer')] }));
		let deep = layer('bottom', 'layer');
		for (let i = 0; i < LAYER_BOUNDS.depth + 3; i++) {
			deep = layer(`level ${LAYER_BOUNDS.depth + 2 - i}`, 'layerSection', { children: [deep] });
		}
		const { layers } = harness([{ document: {}, layers: [...many, deep], omitted: 7 }]);
		const rows = await layers.children(psdNode());
		assert.equal(rows.length, LAYER_BOUNDS.perGroup + 2);
		// 5 pixel layers, the group and its layer, and the deep chain (its groups and the layer at the bottom).
		const beyond = 5 + 2 + (LAYER_BOUNDS.depth + 3 + 1);
		assert.deepEqual(texts(rows.slice(-2)), [`${beyond} more layers not shown`, '7 more layers not shown']);
		assert.equal(rows.filter((row) => row.kind === 'layer').length, LAYER_BOUNDS.perGroup);

		const { layers: deepLayers } = harness([{ document: {}, layers: [deep], omitted: 0 }]);
		let row = (await deepLayers.children(psdNode()))[0];
		let levels = 0;
		while (row.kind === 'layer') {
			levels++;
			row = deepLayers.layerChildren(row)[0];
		}
		assert.equal(levels, LAYER_BOUNDS.depth);
		assert.equal(row.kind === 'message' && row.text, '4 more layers not shown');
	});

	it('says "No layers" for an empty document', async () => {
		const { layers } = harness([{ document: {}, layers: [], omitted: 0 }]);
		assert.deepEqual(texts(await layers.children(psdNode())), ['No layers']);
	});

	it('shows a failure as one error row with what to do, kept until Retry (forget) reads again', async () => {
		const refused = new AdobeApiError('The Photoshop API refused the request (unauthorized_forbidden: forbidden)', {
			kind: 'http',
			status: 403,
			code: 'unauthorized_forbidden',
			requestId: 'req-1',
		});
		const { layers, calls, warnings } = harness([refused, DEMO]);
		const [row] = await layers.children(psdNode());
		assert.equal(row.kind, 'message');
		if (row.kind !== 'message') return;
		assert.equal(row.text, `Layers not read: ${refused.message}`);
		assert.equal(row.contextValue, 'error');
		assert.equal(row.containerKey, 'urn:aaid:sc:US:psd-1', "Retry reloads the PSD's row");
		assert.match(row.detail ?? '', /Request id: req-1/);
		assert.match(row.detail ?? '', /Add the Photoshop API to this credential's project/);
		assert.equal(warnings.length, 1);
		// Drawn again: still the error, no new job.
		await layers.children(psdNode());
		assert.equal(calls.length, 1);
		layers.forget(profile, psdAsset());
		assert.deepEqual(texts(await layers.children(psdNode())), ['Headline', 'Products', 'Background']);
	});

	it('a refresh (clear) stops a read that is running', async () => {
		const { layers, calls } = harness(['hang']);
		const rows = layers.children(psdNode());
		await new Promise((resolve) => setImmediate(resolve));
		layers.clear();
		assert.equal(calls[0].signal.aborted, true);
		const [row] = await rows;
		assert.equal(row.kind === 'message' && row.contextValue, 'error');
	});

	it('says what to do for each kind of failure', () => {
		assert.match(layerFix(new AdobeApiError('x', { kind: 'http', status: 401 })), /Generate a new token/);
		assert.match(layerFix(new AdobeApiError('x', { kind: 'http', status: 429 })), /rate limiting/);
		assert.match(layerFix(new AdobeApiError('x', { kind: 'network' })), /connection/);
		assert.match(layerFix(new AdobeApiError('x', { kind: 'timeout' })), /Retry/);
		assert.match(layerFix(new AdobeApiError('x', { kind: 'badResponse' })), /open the log/);
	});
});
