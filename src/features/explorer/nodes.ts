/**
 * The explorer's node types and how each becomes a TreeItem. Nodes are plain data; ids are stable
 * (profile + asset id), so expanded folders stay expanded across refreshes.
 */
import { takesOperations } from '../operations/index';
import * as vscode from 'vscode';
import type { StorageAsset } from '../../core/storage/client';
import type { QueryWords } from '../../core/storage/queries';
import type { HelloState, VerifyState } from '../../shared/profileChecks';
import { API_KINDS } from '../../core/credentials/apiKinds';
import { ProfileMeta } from '../../core/credentials/profiles';
import { CredentialField, FIELD_LABELS } from '../../core/common/errors';
import { escapeMarkdown, formatBytes, formatMoment } from '../../core/common/format';
import { formatCountdown } from '../../core/tokens/countdown';
import { Commands, RETIRED_HELLO_CODE } from '../../shared/constants';
import { NODE_BRAND, isBrandedNode } from '../../shared/nodeBrand';
import { openCommandFor } from '../../shared/storageUri';
import type { PsdLayer } from '../../core/operations/types';
import { LayerNode, isPhotoshopDocument, layerWords } from './psdLayers';

export type ContainerKey = 'projects' | string;

/**
 * A container's filter in words (core/storage/queries.ts describeListingQuery). `inherited`: taken from a
 * folder above (`from`, its name when the tree has shown it), which says it on its own row.
 */
export type FilterWords = QueryWords & { inherited?: boolean; from?: string };

/** Marks explorer nodes, so commands can tell a clicked node from a scripted argument object (see shared/nodeBrand.ts). */
export { NODE_BRAND };

export function isExplorerNode(value: unknown): value is ExplorerNode {
	return isBrandedNode(value);
}

export type ExplorerNode =
	| { kind: 'profile'; id: string; profile: ProfileMeta }
	| { kind: 'hello'; id: string; profile: ProfileMeta }
	| { kind: 'verify'; id: string; profile: ProfileMeta }
	| { kind: 'storage'; id: string; profile: ProfileMeta }
	/**
	 * `parent`: the listing the item was shown in ('projects' or a container's asset id), so the tree can
	 * name its parent (reveal) and its `adobe-storage:` path; absent for an item reached by id (Go to…)
	 * whose parents the credential cannot see. `deleted`: shown in a "Recently deleted" listing.
	 */
	| { kind: 'asset'; id: string; profile: ProfileMeta; asset: StorageAsset; parent?: ContainerKey; deleted?: boolean; pinned?: boolean }
	| { kind: 'loadMore'; id: string; profile: ProfileMeta; containerKey: ContainerKey; shown: number }
	/** A layer of a Photoshop document (#20, psdLayers.ts). */
	| LayerNode
	| {
			kind: 'message';
			id: string;
			profile: ProfileMeta;
			containerKey?: ContainerKey;
			/** The node id of the row it is under, when that is not a container (a Photoshop document's or a layer group's row). */
			parentId?: string;
			text: string;
			detail?: string;
			icon: string;
			contextValue?: string;
			command?: vscode.Command;
	  };

/**
 * The hello row's short form of the retired-v1 explanation (PhotoshopClient.hello's message, the row's
 * tooltip, says it whole). A literal here: core/photoshop/client.ts is in the network bundle, not the activation one.
 */
export const RETIRED_HELLO_SUMMARY = 'Photoshop API v1 was retired on 31 July 2026: use Verify Credential (v2)';

/** A failed call's fix, for the row's inline actions (package.json `view/item/context`). */
function failureContext(prefix: 'hello' | 'verify', code: string | undefined, status: number | undefined): string {
	if (code === '401013' || status === 401) return `${prefix}.error.token`;
	if (code === '403000' || code === '403003' || code === 'invalid_client') return `${prefix}.error.apiKey`;
	if (code === '403011' || code === 'invalid_scope' || code === 'invalid_ims_scope') return `${prefix}.error.scope`;
	if (code === '403010') return `${prefix}.error.noToken`;
	if (code === RETIRED_HELLO_CODE) return `${prefix}.error.retired`;
	return `${prefix}.error`;
}

/** What the profile's row shows of its token: the failure's message already redacted (it is escaped for Markdown here, after which the redactor's patterns would not see a secret). */
export interface ProfileTokenState {
	token?: { expiresAt: number };
	fetching: boolean;
	/** The last token request's failure, while no request has succeeded since. */
	failure?: { message: string; field?: CredentialField; at: number };
}

/**
 * The active profile's row: its token, and the last token request's failure with its fix (the
 * error icon, a short reason, the whole message and links in the tooltip, and inline actions by
 * `contextValue`: profile.error.<field> edits the field IMS refused).
 */
function profileItem(node: Extract<ExplorerNode, { kind: 'profile' }>, state: ProfileTokenState): vscode.TreeItem {
	const { profile } = node;
	const { token, failure, fetching } = state;
	const now = Date.now();
	const live = token !== undefined && token.expiresAt > now;
	const field = failure?.field;
	const item = new vscode.TreeItem(profile.name, vscode.TreeItemCollapsibleState.Expanded);
	// Short, so the row fits the default side bar; the whole message is the tooltip's.
	const reason = field ? `${FIELD_LABELS[field]} refused` : 'token request failed';
	item.description = fetching
		? 'getting a token…'
		: failure
			? live
				? `${tokenLeft(token, now)} · refresh failed`
				: reason
			: token
				? tokenLeft(token, now)
				: 'no token';
	item.iconPath = fetching
		? new vscode.ThemeIcon('loading~spin')
		: failure
			? new vscode.ThemeIcon(live ? 'warning' : 'error', new vscode.ThemeColor(live ? 'list.warningForeground' : 'list.errorForeground'))
			: new vscode.ThemeIcon('account');
	item.contextValue = failure ? `profile.error${field ? `.${field}` : ''}` : 'profile';
	const lines = [
		`**${escapeMarkdown(profile.name)}** · the active Adobe profile (${API_KINDS[profile.apiKind].label})`,
		token ? `Token ${live ? 'expires' : 'expired'} ${formatMoment(token.expiresAt, now)}` : 'No token.',
	];
	const links: Array<[string, string, unknown[]?]> = [];
	if (failure) {
		lines.push(`The token request ${formatMoment(failure.at, now)} failed: ${escapeMarkdown(failure.message)}`);
		if (field) links.push([`Edit ${FIELD_LABELS[field]}`, Commands.editProfile, [profile.name, field]]);
		links.push(
			['Check Setup', Commands.checkSetup],
			[live ? 'Refresh Token' : 'Generate Token', live ? Commands.refreshToken : Commands.generateToken],
		);
		lines.push(
			links
				.map(([title, command, args]) => `[${title}](command:${command}${args ? `?${encodeURIComponent(JSON.stringify(args))}` : ''})`)
				.join(' · '),
		);
	}
	item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
	item.tooltip.isTrusted = { enabledCommands: links.map(([, command]) => command) };
	item.accessibilityInformation = { label: `Adobe profile ${profile.name}: ${item.description}` };
	return withId(item, node);
}

function verifyItem(node: Extract<ExplorerNode, { kind: 'verify' }>, state: VerifyState | undefined): vscode.TreeItem {
	const api = API_KINDS[node.profile.apiKind].label;
	const item = new vscode.TreeItem('Verify credential', vscode.TreeItemCollapsibleState.None);
	item.command = { command: Commands.verifyCredential, title: 'Verify the credential', arguments: [node] };
	const result = state?.result;
	// On the clock with its day, as every tooltip writes a moment (core/common/format.ts); no "ago": a tooltip is not redrawn.
	const at = formatMoment(state?.at ?? Date.now(), Date.now());
	if (state?.running) {
		item.iconPath = new vscode.ThemeIcon('loading~spin');
		item.description = `${api}: calling…`;
		item.contextValue = 'verify';
	} else if (result?.ok) {
		item.iconPath = new vscode.ThemeIcon('verified-filled', new vscode.ThemeColor('testing.iconPassed'));
		// What the answer proves, not its status: Photoshop v2's documented 404 proves the credential but reads as a failure.
		// Short, so the row fits the default side bar (#18); what it proves is the tooltip's and the screen reader's.
		item.description = `accepted · ${result.latencyMs} ms`;
		item.tooltip = new vscode.MarkdownString(
			`**Verified** (${api})\n\n\`${result.call}\` → **${result.status}** in ${result.latencyMs} ms\n\n${result.proves}\n\nRequest id: \`${result.requestId ?? 'none'}\`\n\nVerified ${at}`,
		);
		item.contextValue = 'verify';
	} else if (result && !result.call) {
		item.iconPath = new vscode.ThemeIcon('info');
		item.description = `${api}: ${result.message}`;
		item.tooltip = result.message;
		item.contextValue = 'verify.none';
	} else if (result) {
		item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
		item.description = result.message;
		item.tooltip = `${result.call}${result.status ? ` → ${result.status}` : ''}\n\n${result.message}${result.requestId ? `\n\nRequest id: ${result.requestId}` : ''}\n\nChecked ${at}`;
		item.contextValue = failureContext('verify', result.code, result.status);
	} else {
		item.iconPath = new vscode.ThemeIcon('shield');
		// Not the API's name here: rows are found by their text, and "Cloud Storage" names the row below.
		item.description = 'click to verify';
		item.tooltip = `Sends the cheapest authenticated request Adobe documents for ${api} with this profile's token and Client ID, and says what its success proves.`;
		item.contextValue = 'verify';
	}
	item.accessibilityInformation = {
		label: `Verify credential for ${api}: ${item.description as string}${result?.ok ? `. ${result.proves}` : ''}`,
	};
	return withId(item, node);
}

/** The container a node lists, if it lists one. */
export function containerOf(
	node: ExplorerNode,
): { key: ContainerKey; container: { assetType: 'projects' } | { assetType: 'project' | 'folder'; assetId: string } } | undefined {
	if (node.kind === 'storage') return { key: 'projects', container: { assetType: 'projects' } };
	if (node.kind === 'asset' && (node.asset.assetType === 'project' || node.asset.assetType === 'folder')) {
		return { key: node.asset.assetId, container: { assetType: node.asset.assetType, assetId: node.asset.assetId } };
	}
	return undefined;
}

/** A server's date as every other moment is written ("today 3:07 PM", "Jan 5, 2026 3:07 PM": core/common/format.ts), or '' for what is not a date. */
function formatDate(iso: string | undefined): string {
	if (!iso) return '';
	const at = new Date(iso).getTime();
	return Number.isNaN(at) ? '' : formatMoment(at, Date.now());
}

function assetIcon(asset: StorageAsset): vscode.ThemeIcon {
	if (asset.assetType === 'project') return new vscode.ThemeIcon('project');
	if (asset.assetType === 'folder') return vscode.ThemeIcon.Folder;
	if (asset.assetType === 'library') return new vscode.ThemeIcon('library');
	const media = asset.mediaType ?? '';
	if (media.startsWith('image/')) return new vscode.ThemeIcon('file-media');
	if (media === 'application/pdf') return new vscode.ThemeIcon('file-pdf');
	if (media.startsWith('video/')) return new vscode.ThemeIcon('device-camera-video');
	if (media.startsWith('text/')) return new vscode.ThemeIcon('file-text');
	if (media.includes('zip')) return new vscode.ThemeIcon('file-zip');
	return vscode.ThemeIcon.File;
}

export function assetContextValue(asset: StorageAsset, deleted?: boolean): string {
	// A soft-deleted item offers Restore and Delete Permanently only (menus match `asset.deleted.*`).
	if (deleted) return `asset.deleted.${asset.assetType === 'file' ? 'file' : asset.assetType === 'project' ? 'project' : 'folder'}`;
	if (asset.assetType !== 'file') return `asset.${asset.assetType === 'project' ? 'project' : 'folder'}`;
	// `.ops`: an operation takes its media type (issue #20), so "Run Adobe Operation…" is in its menu.
	const ops = takesOperations(asset.mediaType) ? '.ops' : '';
	return `${asset.mediaType?.startsWith('image/') ? 'asset.file.image' : 'asset.file'}${ops}`;
}

/** "23h 59m left" or "token expired": short, so the profile's row fits the default side bar (#18); the tooltip says when. */
function tokenLeft(token: { expiresAt: number }, now: number): string {
	const remaining = token.expiresAt - now;
	return remaining > 0 ? `${formatCountdown(remaining)} left` : 'token expired';
}

export function toTreeItem(
	node: ExplorerNode,
	hello: HelloState | undefined,
	token: ProfileTokenState,
	filter?: FilterWords,
	verify?: VerifyState,
): vscode.TreeItem {
	switch (node.kind) {
		case 'profile':
			return profileItem(node, token);
		case 'hello': {
			const item = new vscode.TreeItem('Photoshop API: hello', vscode.TreeItemCollapsibleState.None);
			item.command = { command: Commands.callHello, title: 'Run the hello call', arguments: [node] };
			if (hello?.running) {
				item.iconPath = new vscode.ThemeIcon('loading~spin');
				item.description = 'calling…';
				item.contextValue = 'hello';
			} else if (hello?.result) {
				item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
				const body = hello.result.body.length > 120 ? `${hello.result.body.slice(0, 119)}…` : hello.result.body;
				item.description = `“${body}” · ${hello.result.status} · ${hello.result.latencyMs} ms`;
				item.tooltip = new vscode.MarkdownString(
					`GET /pie/psdService/hello → **${hello.result.status}** in ${hello.result.latencyMs} ms\n\nRequest id: \`${hello.result.requestId ?? 'none'}\`\n\nCalled ${formatMoment(hello.at ?? Date.now(), Date.now())}`,
				);
				item.contextValue = 'hello';
			} else if (hello?.error) {
				const code = hello.error.code;
				item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
				// The retired v1 hello gets a short explanation on the row; the full one (with what to do) is the tooltip.
				item.description = code === RETIRED_HELLO_CODE ? RETIRED_HELLO_SUMMARY : hello.error.message;
				item.tooltip = `${hello.error.message}${hello.error.requestId ? `\n\nRequest id: ${hello.error.requestId}` : ''}`;
				item.contextValue = failureContext('hello', code, hello.error.status);
			} else {
				item.iconPath = new vscode.ThemeIcon('play-circle');
				item.description = 'click to call';
				item.tooltip =
					"GET /pie/psdService/hello with this profile's token and Client ID as x-api-key. It is Photoshop API v1, which Adobe retired on 31 July 2026: " +
					'at Adobe it answers as retired, and Verify Credential checks a Photoshop credential against v2.';
				item.contextValue = 'hello';
			}
			item.accessibilityInformation = { label: `Photoshop API hello call: ${item.description as string}` };
			return withId(item, node);
		}
		case 'verify':
			return verifyItem(node, verify);
		case 'storage': {
			const item = new vscode.TreeItem('Cloud Storage', vscode.TreeItemCollapsibleState.Collapsed);
			item.iconPath = new vscode.ThemeIcon('cloud');
			item.description = filter?.short;
			item.contextValue = 'storage';
			item.tooltip = ['Projects this credential can access in Adobe Cloud Storage', ...(filter?.lines ?? [])].join('\n');
			return withId(item, node);
		}
		case 'asset': {
			const { asset } = node;
			// A cloud document (assetType cloudDoc, library…) is a leaf too: it opens as its rendition (#19).
			const isFile = asset.assetType !== 'project' && asset.assetType !== 'folder';
			// A Photoshop document expands into its layers (#20); its click still opens it, as a row with a command expands on its twistie only.
			const layered = !node.deleted && isPhotoshopDocument(asset);
			const item = new vscode.TreeItem(
				asset.name,
				(isFile && !layered) || node.deleted ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
			);
			item.iconPath = assetIcon(asset);
			// Short, so the row fits the default sidebar width: a file's size, a folder's own filter (one it took from a folder
			// above is said on that folder's row); dates and the rest are in the tooltip.
			item.description = isFile ? formatBytes(asset.size) : filter?.inherited ? undefined : filter?.short;
			item.contextValue = assetContextValue(asset, node.deleted);
			if (node.deleted) item.description = 'deleted';
			else if (node.pinned) item.description = 'reached by id';
			if (isFile && !node.deleted) {
				// A click opens the file, as in the AWS and Azure explorers, through the adobe-storage: file system (#19): text in
				// the editor, where a save writes back; an image or a cloud document's rendition in the image preview, whose
				// breadcrumb is the storage path, not a temporary folder (#18 item 10). Anything else (a PSD, a PDF), or a file
				// without Adobe's `path`: the rendition preview of an image, the metadata of another file, as before.
				const image = item.contextValue.startsWith('asset.file.image');
				item.command =
					openCommandFor(node.profile, asset) ??
					(image
						? { command: Commands.explorerPreview, title: 'Preview', arguments: [node] }
						: { command: Commands.explorerShowMetadata, title: 'Show Metadata', arguments: [node] });
			}
			const modified = formatDate(asset.modifiedDate);
			item.accessibilityInformation = {
				label: [
					`${asset.assetType} ${asset.name}`,
					isFile ? formatBytes(asset.size) : filter && `filtered: ${filter.short}`,
					modified && `modified ${modified}`,
					layered && 'expand for its layers',
				]
					.filter(Boolean)
					.join(', '),
			};
			return withId(item, node);
		}
		case 'layer': {
			// Redacted by the provider (redactTreeItem), as every row; the tooltip is resolved lazily (layerTooltip).
			const words = layerWords(node.layer, (text) => text);
			const item = new vscode.TreeItem(
				words.label,
				words.expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
			);
			item.iconPath = new vscode.ThemeIcon(words.icon, words.hidden ? new vscode.ThemeColor('disabledForeground') : undefined);
			item.description = words.description;
			item.contextValue = words.expandable ? 'psdLayer.group' : 'psdLayer';
			item.accessibilityInformation = { label: words.accessibility };
			return withId(item, node);
		}
		case 'loadMore': {
			const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
			item.iconPath = new vscode.ThemeIcon('more');
			item.description = `${node.shown} shown`;
			item.command = { command: Commands.explorerLoadMore, title: 'Load more', arguments: [node] };
			item.contextValue = 'loadMore';
			return withId(item, node);
		}
		case 'message': {
			const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
			item.iconPath = new vscode.ThemeIcon(node.icon, node.icon === 'error' ? new vscode.ThemeColor('list.errorForeground') : undefined);
			item.tooltip = node.detail ?? node.text;
			item.contextValue = node.contextValue;
			item.command = node.command;
			return withId(item, node);
		}
	}
}

/** The item with every text on it passed through `redact`: labels, descriptions and tooltips can quote what a server sent. */
export function redactTreeItem(item: vscode.TreeItem, redact: (text: string) => string): vscode.TreeItem {
	if (typeof item.label === 'string') item.label = redact(item.label);
	else if (item.label) item.label = { label: redact(item.label.label) }; // highlights would point into the old text
	if (typeof item.description === 'string') item.description = redact(item.description);
	if (typeof item.tooltip === 'string') item.tooltip = redact(item.tooltip);
	else if (item.tooltip) item.tooltip.value = redact(item.tooltip.value);
	if (item.accessibilityInformation) {
		item.accessibilityInformation = { ...item.accessibilityInformation, label: redact(item.accessibilityInformation.label) };
	}
	return item;
}

function withId(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
	item.id = node.id;
	return item;
}

/** A container's filter as tooltip lines, escaped for Markdown (after `redact`: an escape inside a token would hide it from the redactor). */
function filterLines(filter: FilterWords | undefined, redact: (text: string) => string): string[] {
	if (!filter) return [];
	const from = filter.inherited ? ` (from ${filter.from ? escapeMarkdown(redact(filter.from)) : 'the folder above'})` : '';
	return filter.lines.map((line, i) => `${escapeMarkdown(redact(line))}${i === 0 ? from : ''}`);
}

/**
 * The tooltip resolved lazily (resolveTreeItem), so long lists stay cheap: one short line per fact, so
 * none wraps after its label. Each server text passes `redact` before it is escaped for Markdown: a
 * backslash inside a token would keep the redactor from recognising it.
 */
export function assetTooltip(
	asset: StorageAsset,
	filter: FilterWords | undefined,
	redact: (text: string) => string,
): vscode.MarkdownString {
	const who = (date: string | undefined, by: string | undefined) => (date ? `${formatDate(date)}${by ? ` by ${by}` : ''}` : undefined);
	const kind = asset.assetType === 'file' ? asset.mediaType : asset.assetType;
	const rows: Array<[string, string | undefined]> = [
		['Type', [kind, asset.size !== undefined ? formatBytes(asset.size) : undefined].filter(Boolean).join(' · ')],
		['Path', asset.path],
		['Modified', who(asset.modifiedDate, asset.modifiedBy)],
		['Created', who(asset.createdDate, asset.createdBy)],
		['Asset id', asset.assetId],
	];
	const lines = [`**${escapeMarkdown(redact(asset.name))}**`];
	for (const [label, value] of rows) if (value) lines.push(`${label}: ${escapeMarkdown(redact(value))}`);
	lines.push(...filterLines(filter, redact));
	if (asset.assetType !== 'project' && asset.assetType !== 'folder') lines.push(clickWords(asset));
	if (isPhotoshopDocument(asset)) lines.push('_Expand for its layers (Photoshop API generate-manifest)_');
	// Two trailing spaces: a line break inside one paragraph.
	return new vscode.MarkdownString(lines.join('  \n'));
}

/** A layer's tooltip: kind, bounds, visibility, text (psdLayers.ts layerWords), each server text redacted before it is escaped. */
export function layerTooltip(layer: PsdLayer, redact: (text: string) => string): vscode.MarkdownString {
	return new vscode.MarkdownString(layerWords(layer, redact).tooltip.join('  \n'));
}

/** What a click on a file's row does (toTreeItem's command), in the tooltip's words. */
function clickWords(asset: StorageAsset): string {
	const opens = openCommandFor({ name: '' }, asset);
	if (asset.mediaType?.startsWith('image/') || opens?.command === 'vscode.openWith') return '_Click to preview_';
	return opens ? '_Click to open_' : '_Click for its metadata_';
}
