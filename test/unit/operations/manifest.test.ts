/**
 * The PSD manifest reader (core/operations/manifest.ts): both of Adobe's shapes, the bounds on layers and depth, clipped
 * and redacted text, and time linear in the input.
 */
import * as assert from 'node:assert/strict';
import { MANIFEST_LIMITS, readManifest } from '../../../src/core/operations/manifest';

describe('operations: PSD manifest', () => {
	it('reads the v2 shape (document title and edge bounds, snake_case types, text.content, children)', () => {
		const manifest = readManifest({
			version: '2.0',
			document: { title: 'key-visual.psd', bounds: { left: 0, top: 0, right: 1200, bottom: 800 }, imageMode: 'rgb', depth: 8 },
			layers: [
				{
					type: 'group_layer',
					id: 10,
					name: 'Headline',
					visible: true,
					bounds: { left: 80, top: 60, right: 1120, bottom: 300 },
					children: [
						{
							type: 'text_layer',
							id: 11,
							name: 'Title',
							bounds: { left: 80, top: 60, right: 1120, bottom: 180 },
							text: { content: 'Brand Refresh 2026' },
						},
					],
				},
				{ type: 'background_layer', id: 1, name: 'Background', visible: false },
			],
		});
		assert.deepEqual(manifest.document, { name: 'key-visual.psd', width: 1200, height: 800, mode: 'rgb', bitDepth: 8 });
		assert.equal(manifest.omitted, 0);
		assert.deepEqual(manifest.layers[0], {
			id: 10,
			name: 'Headline',
			kind: 'group_layer',
			visible: true,
			bounds: { top: 60, left: 80, width: 1040, height: 240 },
			children: [
				{
					id: 11,
					name: 'Title',
					kind: 'text_layer',
					bounds: { top: 60, left: 80, width: 1040, height: 120 },
					text: 'Brand Refresh 2026',
					children: [],
				},
			],
		});
		assert.equal(manifest.layers[1].visible, false);
	});

	it('reads the v1 shape (document width/height, bounds with width and height, layerSection)', () => {
		const manifest = readManifest({
			document: { name: 'a.psd', width: 10, height: 20, imageMode: 'cmyk', bitDepth: 16 },
			layers: [
				{
					type: 'layerSection',
					name: 'G',
					bounds: { top: 1, left: 2, width: 3, height: 4 },
					children: [{ type: 'textLayer', name: 'T', text: { content: 'hi' } }],
				},
			],
		});
		assert.deepEqual(manifest.document, { name: 'a.psd', width: 10, height: 20, mode: 'cmyk', bitDepth: 16 });
		assert.deepEqual(manifest.layers[0].bounds, { top: 1, left: 2, width: 3, height: 4 });
		assert.equal(manifest.layers[0].children[0].text, 'hi');
	});

	it('survives nonsense: not an object, layers not a list, entries not objects, numbers that are not numbers', () => {
		assert.deepEqual(readManifest(null), { document: {}, layers: [], omitted: 0 });
		assert.deepEqual(readManifest({ layers: 'x' }).layers, []);
		const m = readManifest({
			layers: [1, null, 'x', { name: 5, type: {}, bounds: { top: 'a', left: 1, width: 1, height: 1 }, id: Infinity }],
		});
		assert.deepEqual(m.layers, [{ name: '(unnamed)', kind: 'layer', children: [] }]);
	});

	it('keeps at most maxLayers layers and maxDepth levels, counting what it left out', () => {
		const wide = readManifest({ layers: Array.from({ length: MANIFEST_LIMITS.maxLayers + 50 }, (_, i) => ({ name: `L${i}` })) });
		assert.equal(wide.layers.length, MANIFEST_LIMITS.maxLayers);
		assert.equal(wide.omitted, 50);
		// A chain deeper than the bound: built iteratively, read without recursion.
		let deep: Record<string, unknown> = { name: 'leaf' };
		for (let i = 0; i < 5000; i++) deep = { name: `level ${i}`, children: [deep] };
		const m = readManifest({ layers: [deep] });
		let depth = 0;
		for (let layer = m.layers[0]; layer; layer = layer.children[0]) depth++;
		assert.equal(depth, MANIFEST_LIMITS.maxDepth);
		assert.equal(m.omitted, 1);
	});

	it('clips text and names, and redacts secrets and tokens in them', () => {
		const secret = 'sk-live-0123456789abcdef';
		const m = readManifest(
			{ layers: [{ name: `n${'x'.repeat(1000)}`, text: { content: `call ${secret} or Bearer abc.def.ghi ${'y'.repeat(5000)}` } }] },
			[secret],
		);
		assert.ok([...m.layers[0].name].length <= MANIFEST_LIMITS.maxName);
		const text = m.layers[0].text ?? '';
		assert.ok([...text].length <= MANIFEST_LIMITS.maxText);
		assert.ok(!text.includes(secret));
		assert.ok(!text.includes('abc.def.ghi'));
	});

	it('takes time linear in the number of layers (four times the layers: about four times the time, not sixteen)', () => {
		const build = (n: number) => ({
			layers: Array.from({ length: n }, (_, i) => ({
				name: `L${i}`,
				children: Array.from({ length: 3 }, (_, j) => ({ name: `c${j}`, text: { content: 'x'.repeat(200) } })),
			})),
		});
		// The fastest of several runs: a shared, loaded machine only ever makes a run slower.
		const time = (input: unknown) => {
			let best = Infinity;
			for (let run = 0; run < 9; run++) {
				const start = process.hrtime.bigint();
				readManifest(input);
				best = Math.min(best, Number(process.hrtime.bigint() - start));
			}
			return best;
		};
		// Past the bound most layers are only counted: what a hostile manifest costs is that loop, so it is measured large.
		const small = build(2000);
		const large = build(8000);
		time(small);
		time(large);
		const ratio = time(large) / time(small);
		assert.ok(ratio < 10, `ratio ${ratio.toFixed(2)}`);
	});
});
