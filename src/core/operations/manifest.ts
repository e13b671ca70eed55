/**
 * A PSD's layers from Photoshop's generate-manifest answer (generateManifest, ManifestJsonOutput in AdobeDocs/ffs-photoshop-API
 * static/photoshopv2-api.json), bounded and redacted for a tree view. Both shapes are read:
 * - v2 (src/pages/guides/photoshop-v2/v1-to-v2/manifest-response-migration.md): `document { title, bounds { left, top,
 *   right, bottom }, imageMode, depth }`, layers with snake_case `type` (`text_layer`, `group_layer`, …), bounds as
 *   edges, `children[]`, `text.content`;
 * - v1 (the document manifest of Photoshop API v1): `document { name, width, height, imageMode, bitDepth }`, layers with
 *   `type` (`textLayer`, `layerSection`, …), bounds `{ top, left, width, height }`.
 *
 * Bounded: at most MANIFEST_LIMITS.maxLayers layers in all and maxDepth levels; what is left out is counted in
 * `omitted`. Linear: one pass over the layers with an explicit stack (no recursion, so a 10,000-level document
 * cannot overflow the stack), each layer read once, each text clipped before it is redacted.
 */
import { redact } from '../common/redact';
import type { PsdLayer, PsdManifest } from './types';

export const MANIFEST_LIMITS = {
	maxLayers: 2000,
	maxDepth: 20,
	maxText: 500,
	maxName: 255,
} as const;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
	value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function clipText(value: unknown, max: number, secrets: readonly string[]): string | undefined {
	if (typeof value !== 'string') return undefined;
	// Clipped first (redaction is linear, but a 10 MB string need not be read), then redacted, then clipped again.
	const cut = value.length > max * 4 ? value.slice(0, max * 4) : value;
	const clean = redact(cut, secrets);
	return [...clean].length > max ? `${[...clean].slice(0, max - 1).join('')}…` : clean;
}

/** The manifest's layer list: `layers` at the top, under `document`, or under the first output (a status answer's echo). */
function layersOf(json: Record<string, unknown>): unknown[] {
	if (Array.isArray(json.layers)) return json.layers;
	const document = asRecord(json.document);
	if (document && Array.isArray(document.layers)) return document.layers;
	const outputs = Array.isArray(json.outputs) ? json.outputs : undefined;
	const first = asRecord(outputs?.[0]);
	if (first && Array.isArray(first.layers)) return first.layers;
	return [];
}

/** `{ top, left, width, height }` (v1) or `{ left, top, right, bottom }` (v2), as top/left/width/height. */
function boundsOf(value: unknown): PsdLayer['bounds'] {
	const b = asRecord(value);
	if (!b) return undefined;
	const top = finite(b.top);
	const left = finite(b.left);
	if (top === undefined || left === undefined) return undefined;
	const width = finite(b.width) ?? (finite(b.right) !== undefined ? finite(b.right)! - left : undefined);
	const height = finite(b.height) ?? (finite(b.bottom) !== undefined ? finite(b.bottom)! - top : undefined);
	if (width === undefined || height === undefined) return undefined;
	return { top, left, width, height };
}

export function readManifest(value: unknown, secrets: readonly string[] = []): PsdManifest {
	const json = asRecord(value) ?? {};
	const outputs = Array.isArray(json.outputs) ? json.outputs : undefined;
	const docSource = asRecord(json.document) ?? asRecord(asRecord(outputs?.[0])?.document) ?? {};
	const document: PsdManifest['document'] = {};
	const name = clipText(docSource.name ?? docSource.title, MANIFEST_LIMITS.maxName, secrets);
	if (name !== undefined) document.name = name;
	const docBounds = boundsOf(docSource.bounds);
	const width = finite(docSource.width) ?? docBounds?.width;
	const height = finite(docSource.height) ?? docBounds?.height;
	if (width !== undefined) document.width = width;
	if (height !== undefined) document.height = height;
	const mode = clipText(docSource.imageMode ?? docSource.mode, 40, secrets);
	if (mode !== undefined) document.mode = mode;
	const bitDepth = finite(docSource.bitDepth ?? docSource.depth);
	if (bitDepth !== undefined) document.bitDepth = bitDepth;

	const layers: PsdLayer[] = [];
	let kept = 0;
	let omitted = 0;
	// Each entry: the raw list still to read at one level, where its layers go, and its depth.
	const stack: Array<{ items: unknown[]; index: number; into: PsdLayer[]; depth: number }> = [
		{ items: layersOf(json), index: 0, into: layers, depth: 1 },
	];
	while (stack.length > 0) {
		const top = stack[stack.length - 1];
		if (top.index >= top.items.length) {
			stack.pop();
			continue;
		}
		const raw = asRecord(top.items[top.index++]);
		if (!raw) continue;
		const children = Array.isArray(raw.children) ? raw.children : Array.isArray(raw.layers) ? raw.layers : [];
		if (kept >= MANIFEST_LIMITS.maxLayers) {
			// Counted without reading further down: a bomb of nested layers costs its top level only.
			omitted += 1;
			continue;
		}
		kept++;
		const layer: PsdLayer = {
			name: clipText(raw.name, MANIFEST_LIMITS.maxName, secrets) ?? '(unnamed)',
			kind: clipText(raw.type ?? raw.kind, 40, secrets) ?? 'layer',
			children: [],
		};
		const id = finite(raw.id);
		if (id !== undefined) layer.id = id;
		if (typeof raw.visible === 'boolean') layer.visible = raw.visible;
		const bounds = boundsOf(raw.bounds);
		if (bounds) layer.bounds = bounds;
		const textRecord = asRecord(raw.text);
		const text = clipText(textRecord ? textRecord.content : raw.text, MANIFEST_LIMITS.maxText, secrets);
		if (text !== undefined) layer.text = text;
		top.into.push(layer);
		if (children.length === 0) continue;
		if (top.depth >= MANIFEST_LIMITS.maxDepth) {
			omitted += children.length;
			continue;
		}
		stack.push({ items: children, index: 0, into: layer.children, depth: top.depth + 1 });
	}
	return { document, layers, omitted };
}
