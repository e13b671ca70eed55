/**
 * A Photoshop document's layers under its row in the explorer (issue #20): expanding a PSD runs Photoshop API v2's
 * generate-manifest (operationId `generateManifest`, POST /v2/generate-manifest in AdobeDocs/ffs-photoshop-API
 * static/photoshopv2-api.json) through the operations runner every front door shares (core/operations), and shows its
 * layers: groups expand, each layer has an icon for its kind, its size and place, and a tooltip with the rest.
 *
 * The runner reads the manifest bounded (core/operations); the tree bounds what it draws again (levels of groups,
 * rows per group), and says what it left out. A manifest is kept per profile, asset id and modified date, so a
 * PSD changed since (its folder reloaded with a new date) is read again, and an unchanged one is not. A failure is one
 * row that says what to do, with the error rows' inline Retry and Show Log (contextValue `error`). No vscode at run time
 * here (the rows' TreeItems are nodes.ts's), so unit tests drive it (test/unit/explorer/psdLayers.test.ts).
 */
import type { PsdLayer, PsdManifest } from '../../core/operations/types';
import type { StorageAsset } from '../../core/storage/types';
import { AdobeApiError, toAdobeApiError } from '../../core/common/errors';
import { escapeMarkdown } from '../../core/common/format';
import type { ProfileMeta } from '../../core/credentials/profiles';

/** The media type Adobe's Cloud Storage gives a `.psd` (and the one the operations catalogue takes for generate-manifest). */
export const PSD_MEDIA_TYPE = 'image/vnd.adobe.photoshop';

/** The catalogue's id of generate-manifest (core/operations/catalogue.ts). */
export const MANIFEST_OPERATION = 'photoshop.manifest';

/** What the tree draws at most: levels of nested groups below the document, rows per group, manifests kept. */
export const LAYER_BOUNDS = { depth: 8, perGroup: 100, cached: 16, text: 200, timeoutMs: 120_000 } as const;

/**
 * The rows this file makes, as members of the explorer's ExplorerNode (nodes.ts names LayerNode in its union, and a
 * NoteNode is one of its message rows): declared here, so nodes.ts can use this file's words without an import cycle.
 */
export interface LayerNode {
	kind: 'layer';
	id: string;
	profile: ProfileMeta;
	/** The document's row: its node id and asset. */
	psd: { id: string; asset: StorageAsset };
	/** The node id of the row it is under: the document's, or its group's. */
	parentId: string;
	layer: PsdLayer;
	/** Its level of groups: 0 at the document's top. */
	depth: number;
}

export interface NoteNode {
	kind: 'message';
	id: string;
	profile: ProfileMeta;
	containerKey?: string;
	parentId?: string;
	text: string;
	detail?: string;
	icon: string;
	contextValue?: string;
}

/** A Photoshop document's row, as much as its layers need of it. */
export interface PsdNode {
	id: string;
	profile: ProfileMeta;
	asset: StorageAsset;
	/** The listing it was shown in (a container's asset id, or 'projects'). */
	parent?: string;
}

type Row = LayerNode | NoteNode;

/** A file the explorer shows as a Photoshop document: its layers are its children. A cloud document (`.psdc`) is not one. */
export function isPhotoshopDocument(asset: StorageAsset): boolean {
	if (asset.assetType !== 'file') return false;
	const media = (asset.mediaType ?? '').toLowerCase();
	return media === PSD_MEDIA_TYPE || (media === '' && /\.psd$/i.test(asset.name));
}

/**
 * Adobe's layer `type` → what a user calls it and its codicon. Photoshop API v2 names types in snake_case, v1 (and
 * older manifests) in camelCase: both are known (AdobeDocs/ffs-photoshop-API src/pages/guides/photoshop-v2/v1-to-v2/
 * manifest-response-migration.md, "Layer type taxonomy"; manifest-response-reference.md for gradient_layer). Unknown types
 * are shown as layers, saying their type.
 */
const GROUP = { words: 'Group', icon: 'folder', group: true };
const TEXT = { words: 'Text layer', icon: 'symbol-text' };
const ADJUSTMENT = { words: 'Adjustment layer', icon: 'color-mode' };
const FILL = { words: 'Fill layer', icon: 'paintcan' };
const SMART_OBJECT = { words: 'Smart object', icon: 'package' };
const SHAPE = { words: 'Shape layer', icon: 'primitive-square' };
const BACKGROUND = { words: 'Background layer', icon: 'file-media' };
const KINDS: Record<string, { words: string; icon: string; group?: boolean }> = {
	group_layer: GROUP,
	layerSection: GROUP,
	artboard: { words: 'Artboard', icon: 'layout', group: true },
	text_layer: TEXT,
	textLayer: TEXT,
	adjustment_layer: ADJUSTMENT,
	adjustmentLayer: ADJUSTMENT,
	solid_color_layer: FILL,
	fillLayer: FILL,
	gradient_layer: { words: 'Gradient fill layer', icon: 'paintcan' },
	smart_object_layer: SMART_OBJECT,
	smartObject: SMART_OBJECT,
	shape_layer: SHAPE,
	shapeLayer: SHAPE,
	background_layer: BACKGROUND,
	backgroundLayer: BACKGROUND,
	layer: { words: 'Pixel layer', icon: 'file-media' },
};

export function layerKind(layer: PsdLayer): { words: string; icon: string; group: boolean } {
	const known = Object.prototype.hasOwnProperty.call(KINDS, layer.kind) ? KINDS[layer.kind] : undefined;
	if (known) return { ...known, group: known.group === true || layer.children.length > 0 };
	return { words: `Layer (${layer.kind || 'unknown type'})`, icon: 'file-media', group: layer.children.length > 0 };
}

/** One line, at most `max` characters: a text layer's content can hold line breaks and a whole paragraph. */
export function clipText(text: string, max: number = LAYER_BOUNDS.text): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** How many layers a list holds, its groups' layers included (for "N more layers not shown"). Iterative: a deep manifest cannot overflow the stack. */
export function countLayers(layers: readonly PsdLayer[]): number {
	let count = 0;
	const stack: PsdLayer[][] = [layers as PsdLayer[]];
	for (let list = stack.pop(); list; list = stack.pop()) {
		count += list.length;
		for (const layer of list) if (layer.children.length > 0) stack.push(layer.children);
	}
	return count;
}

/** What a layer's row says: its description, the screen reader's label, and the tooltip's lines (each server text passed through `redact`, then escaped for Markdown). */
export interface LayerWords {
	label: string;
	description: string;
	accessibility: string;
	tooltip: string[];
	icon: string;
	hidden: boolean;
	expandable: boolean;
}

export function layerWords(layer: PsdLayer, redact: (text: string) => string): LayerWords {
	const kind = layerKind(layer);
	const hidden = layer.visible === false;
	const inside = countLayers(layer.children);
	const count = kind.group ? `${inside} ${inside === 1 ? 'layer' : 'layers'}` : undefined;
	const name = layer.name || '(unnamed layer)';
	const { bounds } = layer;
	const size = bounds && {
		width: Math.round(bounds.width),
		height: Math.round(bounds.height),
		left: Math.round(bounds.left),
		top: Math.round(bounds.top),
	};
	const text = layer.text !== undefined ? clipText(layer.text) : undefined;
	const md = (value: string) => escapeMarkdown(redact(value));
	const tooltip = [`**${md(name)}**`, `Kind: ${md(kind.words)}`];
	if (size) tooltip.push(`Bounds: ${size.width} × ${size.height} px at left ${size.left}, top ${size.top}`);
	tooltip.push(`Visible: ${hidden ? 'no (hidden)' : 'yes'}`);
	if (kind.group) tooltip.push(`Layers: ${inside}`);
	if (text !== undefined) tooltip.push(`Text: “${md(text)}”`);
	if (layer.id !== undefined) tooltip.push(`Layer id: ${layer.id}`);
	return {
		label: name,
		// Short, so the row fits the default side bar: a group's count, a layer's size and place.
		description: [kind.group ? count : size && `${size.width}×${size.height} at ${size.left}, ${size.top}`, hidden ? 'hidden' : undefined]
			.filter(Boolean)
			.join(' · '),
		accessibility: [
			`${kind.words} ${name}`,
			count,
			size && `${size.width} by ${size.height} pixels at left ${size.left}, top ${size.top}`,
			hidden ? 'hidden' : 'visible',
			text !== undefined && `text: ${text}`,
		]
			.filter(Boolean)
			.join(', '),
		tooltip,
		icon: kind.icon,
		hidden,
		expandable: kind.group && layer.children.length > 0,
	};
}

/** What to do about a failed read, in the error row's tooltip. */
export function layerFix(error: AdobeApiError): string {
	if (error.kind === 'cancelled' || error.kind === 'timeout') return 'Retry with the inline action: a busy Photoshop API can take a while.';
	if (error.status === 401 || error.code === '401013') return 'Generate a new token for this profile, then retry.';
	if (error.status === 403 || error.code === 'unauthorized_forbidden' || error.code === '403003') {
		return "Add the Photoshop API to this credential's project in the Adobe Developer Console (or check its quota), then retry.";
	}
	if (error.status === 429 || error.code === 'unauthorized_rate_limited') {
		return 'Adobe is rate limiting this credential: wait a minute, then retry.';
	}
	if (error.kind === 'network') return 'Check the connection (and the proxy setting), then retry.';
	return 'Retry with the inline action, or open the log for the whole answer.';
}

/** Reads a PSD's manifest for a profile (the runner's generate-manifest); rejects with an AdobeApiError. */
export type ReadManifest = (
	profile: ProfileMeta,
	asset: StorageAsset,
	parent: string | undefined,
	signal: AbortSignal,
) => Promise<PsdManifest>;

interface Entry {
	manifest?: PsdManifest;
	error?: AdobeApiError;
	loading?: Promise<void>;
	abort?: AbortController;
}

/**
 * The layer rows of the PSDs the tree has expanded: reads each manifest once per version, and turns its layers into
 * explorer nodes (through `node`, the provider's registry, so rows keep their identity across redraws).
 */
export class PsdLayers {
	private readonly manifests = new Map<string, Entry>();

	constructor(
		private readonly read: ReadManifest,
		private readonly node: <T extends Row>(fresh: T) => T,
		private readonly log: { warn(message: string): void },
		/** Shows progress while `task` runs (the explorer view's progress bar). */
		private readonly progress: <T>(task: () => Promise<T>) => PromiseLike<T> = (task) => task(),
	) {}

	/** The rows under a PSD's row: its top-level layers, or one row saying why there are none. */
	async children(psd: PsdNode): Promise<Row[]> {
		const key = this.key(psd.profile, psd.asset);
		let entry = this.manifests.get(key);
		if (!entry) {
			entry = {};
			this.remember(key, entry);
		}
		if (!entry.manifest && !entry.error) {
			entry.loading ??= this.load(psd, entry);
			await entry.loading;
		}
		if (entry.error) return [this.errorRow(psd, entry.error)];
		const manifest = entry.manifest as PsdManifest;
		if (manifest.layers.length === 0 && manifest.omitted === 0) {
			return [this.note(psd, `${psd.id}#empty`, 'No layers', 'The manifest lists no layers.', 'circle-slash')];
		}
		const rows = this.rows(psd, psd.id, manifest.layers, 0);
		if (manifest.omitted > 0) {
			rows.push(
				this.note(
					psd,
					`${psd.id}#omitted`,
					`${manifest.omitted} more ${manifest.omitted === 1 ? 'layer' : 'layers'} not shown`,
					'The manifest was longer or deeper than the extension reads; Photoshop has them all.',
					'ellipsis',
				),
			);
		}
		return rows;
	}

	/** The rows under a group's row. */
	layerChildren(group: LayerNode): Row[] {
		const psd = group.psd;
		if (group.depth + 1 >= LAYER_BOUNDS.depth) {
			const deeper = countLayers(group.layer.children);
			return [
				this.noteUnder(
					group,
					`${group.id}#deeper`,
					`${deeper} more ${deeper === 1 ? 'layer' : 'layers'} not shown`,
					`The tree shows ${LAYER_BOUNDS.depth} levels of groups.`,
				),
			];
		}
		return this.rows({ profile: group.profile, ...psd }, group.id, group.layer.children, group.depth + 1);
	}

	/** Keeps a manifest read elsewhere (Generate Manifest from the menu), so expanding the row shows it without a second job. */
	seed(profile: ProfileMeta, asset: StorageAsset, manifest: PsdManifest): void {
		const key = this.key(profile, asset);
		this.manifests.get(key)?.abort?.abort();
		this.manifests.delete(key);
		this.remember(key, { manifest });
	}

	/** Reads the PSD again the next time its row expands (Retry on its error row, a refreshed tree). */
	forget(profile: ProfileMeta, asset: StorageAsset): void {
		const key = this.key(profile, asset);
		this.manifests.get(key)?.abort?.abort();
		this.manifests.delete(key);
	}

	clear(): void {
		for (const entry of this.manifests.values()) entry.abort?.abort();
		this.manifests.clear();
	}

	dispose(): void {
		this.clear();
	}

	private async load(psd: PsdNode, entry: Entry): Promise<void> {
		const abort = new AbortController();
		entry.abort = abort;
		// Every read ends: a job that never finishes is stopped, and says so.
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			abort.abort();
		}, LAYER_BOUNDS.timeoutMs);
		try {
			// The tree's own progress bar, for as long as the job runs (a manifest is a Photoshop job: seconds, not milliseconds).
			entry.manifest = await this.progress(() => this.read(psd.profile, psd.asset, psd.parent, abort.signal));
			entry.error = undefined;
		} catch (error) {
			entry.error = timedOut
				? new AdobeApiError(`Photoshop did not list the layers within ${LAYER_BOUNDS.timeoutMs / 60_000} minutes.`, {
						kind: 'timeout',
						service: 'photoshop',
					})
				: toAdobeApiError(error);
			this.log.warn(`[explorer] the layers of a Photoshop document were not read: ${entry.error.message}`);
		} finally {
			clearTimeout(timer);
			entry.loading = undefined;
			entry.abort = undefined;
		}
	}

	private rows(psd: Pick<PsdNode, 'profile' | 'asset' | 'id'>, parentId: string, layers: readonly PsdLayer[], depth: number): Row[] {
		const shown = layers.slice(0, LAYER_BOUNDS.perGroup);
		const rows: Row[] = shown.map((layer, index) =>
			this.node({
				kind: 'layer',
				id: `${parentId}#${index}`,
				profile: psd.profile,
				psd: { id: psd.id, asset: psd.asset },
				parentId,
				layer,
				depth,
			}),
		);
		if (layers.length > shown.length) {
			const more = countLayers(layers.slice(shown.length));
			rows.push(
				this.node({
					kind: 'message',
					id: `${parentId}#more`,
					profile: psd.profile,
					parentId,
					text: `${more} more ${more === 1 ? 'layer' : 'layers'} not shown`,
					detail: `The tree shows the first ${LAYER_BOUNDS.perGroup} layers of a group.`,
					icon: 'ellipsis',
				}),
			);
		}
		return rows;
	}

	private errorRow(psd: PsdNode, error: AdobeApiError): Row {
		const fix = layerFix(error);
		return this.node({
			kind: 'message',
			id: `${psd.id}#error`,
			profile: psd.profile,
			// The PSD's asset id: the error rows' Retry (refreshNode) reloads the row it stands in.
			containerKey: psd.asset.assetId,
			parentId: psd.id,
			text: `Layers not read: ${error.message}`,
			detail: `${error.message}${error.requestId ? `\n\nRequest id: ${error.requestId}` : ''}\n\n${fix}\n\nUse the inline actions to retry or open the log.`,
			icon: 'error',
			contextValue: 'error',
		});
	}

	private note(psd: PsdNode, id: string, text: string, detail: string, icon: string): Row {
		return this.node({ kind: 'message', id, profile: psd.profile, parentId: psd.id, text, detail, icon });
	}

	private noteUnder(group: LayerNode, id: string, text: string, detail: string): Row {
		return this.node({ kind: 'message', id, profile: group.profile, parentId: group.id, text, detail, icon: 'ellipsis' });
	}

	/** Kept per profile, asset id and modified date: a PSD replaced since has a new date, so it is read again. */
	private key(profile: ProfileMeta, asset: StorageAsset): string {
		return `${profile.id}|${asset.assetId}|${asset.modifiedDate ?? ''}`;
	}

	/** At most LAYER_BOUNDS.cached manifests: the oldest read goes first (a Map keeps insertion order). */
	private remember(key: string, entry: Entry): void {
		this.manifests.set(key, entry);
		while (this.manifests.size > LAYER_BOUNDS.cached) {
			const oldest = this.manifests.keys().next().value as string;
			this.manifests.get(oldest)?.abort?.abort();
			this.manifests.delete(oldest);
		}
	}
}
