/** adobe_list_storage (a page of projects or of a container's children) and adobe_get_asset (one item's metadata), by id or by path. */
import { isAdobeApiError, invalidInput } from '../../common/errors';
import type { ApiCaller } from '../../common/caller';
import type { AssetPage, StorageAsset, StorageContainer } from '../../storage/client';
import { EMPTY_PROJECT_LIST_ADVICE, TECHNICAL_ACCOUNT_SETUP_URL } from '../../storage/queries';
import { ListingDeps, StorageListing } from '../../storage/listing';
import { withFreshTokenOnce } from '../../common/caller';
import { callerFor } from '../caller';
import { PROFILE, integerField, invalid, oneOf, stringField } from '../inputs';
import type { AgentTool, AgentToolDefinition, AgentToolResult, Fields, Run } from '../types';

/** Page size bounds for adobe_list_storage (Adobe's `limit` is 1–100, default 20). */
export const DEFAULT_AGENT_PAGE_SIZE = 20;
export const MAX_AGENT_PAGE_SIZE = 100;

/** How far a path lookup reads: folders deep, and pages (of 100) per level. */
const MAX_PATH_DEPTH = 20;
const MAX_PATH_PAGES = 20;
/** Listing calls one path lookup may make in all, whatever its depth (each level may take MAX_PATH_PAGES). */
const MAX_PATH_REQUESTS = 100;
const LOOKUP_PAGE_SIZE = 100;

export function pathSegments(path: string): string[] {
	const segments = path
		.split('/')
		.map((s) => s.trim())
		.filter((s) => s !== '');
	if (segments.length > MAX_PATH_DEPTH) {
		throw invalid(`path has ${segments.length} levels; at most ${MAX_PATH_DEPTH} are looked up. Use an assetId instead.`);
	}
	return segments;
}

/** An item by names, "Project/Folder/Sub", found by listing each level (bounded). */
export async function resolvePath(run: Run, caller: ApiCaller, segments: string[]): Promise<StorageAsset> {
	const storage = run.host.clients.cloudStorage;
	let container: StorageContainer = { assetType: 'projects' };
	let found: StorageAsset | undefined;
	let requests = 0;
	const budget = () => {
		if (++requests > MAX_PATH_REQUESTS) {
			throw invalid(
				`Finding "/${segments.join('/')}" took more than ${MAX_PATH_REQUESTS} listing calls; use the item's id (adobe_list_storage shows it) instead of its path.`,
			);
		}
	};
	for (const [level, segment] of segments.entries()) {
		const last = level === segments.length - 1;
		const where = level === 0 ? 'the projects this credential can access' : `"/${segments.slice(0, level).join('/')}"`;
		// Projects cannot be filtered by type; folders on the way can (Adobe's assetsFilter, assetType==folder).
		const filter = level > 0 && !last ? 'assetType==folder' : undefined;
		let exact: StorageAsset | undefined;
		let loose: StorageAsset | undefined;
		let pages = 0;
		budget();
		let page: AssetPage | undefined = await storage.firstPage(caller, container, { limit: LOOKUP_PAGE_SIZE, filter, signal: run.signal });
		while (page) {
			pages++;
			exact = page.items.find((item) => item.name === segment);
			if (exact) break;
			loose ??= page.items.find((item) => item.name.toLowerCase() === segment.toLowerCase());
			if (page.nextUrl && pages < MAX_PATH_PAGES) budget();
			page = page.nextUrl && pages < MAX_PATH_PAGES ? await storage.nextPage(caller, page.nextUrl, { signal: run.signal }) : undefined;
		}
		found = exact ?? loose;
		if (!found) {
			const scanned =
				pages >= MAX_PATH_PAGES ? ` among the first ${(MAX_PATH_PAGES * LOOKUP_PAGE_SIZE).toLocaleString('en-US')} items` : '';
			throw invalidInput(`Adobe Cloud Storage has no ${level === 0 ? 'project' : 'item'} named "${segment}" in ${where}${scanned}.`, {
				service: 'cloudStorage',
				code: 'path_not_found',
			});
		}
		if (!last && found.assetType !== 'project' && found.assetType !== 'folder') {
			throw invalid(
				`"/${segments.slice(0, level + 1).join('/')}" is a ${found.assetType}, not a project or folder, so the path cannot go on below it.`,
			);
		}
		if (!last) container = { assetType: found.assetType as 'project' | 'folder', assetId: found.assetId };
	}
	return found as StorageAsset;
}

/**
 * A cursor given back must be a next-page link of the configured Cloud Storage endpoint (same
 * origin, under its path) before the token goes with it: a model could hand back any URL.
 */
function checkCursor(endpoint: string, cursor: string): string {
	const base = new URL(`${endpoint.replace(/\/+$/, '')}/`);
	let url: URL | undefined;
	try {
		url = new URL(cursor);
	} catch {
		url = undefined;
	}
	if (!url || url.origin !== base.origin || !url.pathname.startsWith(base.pathname) || url.username || url.password) {
		throw invalidInput(
			`The cursor is not a next-page link of the configured Adobe Cloud Storage endpoint (${base.origin}${base.pathname}); it was not followed and no token was sent.`,
			{ service: 'cloudStorage', code: 'foreign_cursor' },
		);
	}
	return url.toString();
}

/** An item as the tools show it: the fields a model needs, nothing unbounded. */
export function assetSummary(item: StorageAsset): Record<string, unknown> {
	return {
		name: item.name,
		assetId: item.assetId,
		type: item.assetType,
		...(item.mediaType ? { mediaType: item.mediaType } : {}),
		...(item.size !== undefined ? { size: item.size } : {}),
		...(item.modifiedDate ? { modified: item.modifiedDate } : {}),
	};
}

function assetLine(item: StorageAsset): string {
	const extra = [
		item.mediaType,
		item.size !== undefined ? `${item.size.toLocaleString('en-US')} bytes` : undefined,
		item.modifiedDate ? `modified ${item.modifiedDate}` : undefined,
	];
	return `- ${item.name} · ${item.assetType} · ${item.assetId}${extra
		.filter(Boolean)
		.map((e) => ` · ${e}`)
		.join('')}`;
}

/** Adobe's nextUrl as an absolute URL on the endpoint: the cursor handed to the model. */
function cursorOf(endpoint: string, nextUrl: string | undefined): string | undefined {
	return nextUrl === undefined ? undefined : new URL(nextUrl, `${endpoint.replace(/\/+$/, '')}/`).toString();
}

const LIST_STORAGE: AgentToolDefinition = {
	name: 'adobe_list_storage',
	toolReferenceName: 'adobeStorage',
	displayName: 'List Adobe Cloud Storage',
	modelDescription:
		'Lists Adobe Cloud Storage one page at a time. With no target it lists the projects the credential can access; with projectId or folderId (asset URNs such as ' +
		'urn:aaid:sc:US:…) or path ("Project/Folder/Subfolder") it lists that container\'s children. Returns items (name, assetId, type, mediaType, size in bytes, modified time), ' +
		'their count, and `cursor` when there are more: pass that cursor back (with the same profile, and no other target) to get the next page. ' +
		"An empty project list or a 403 comes back with the Technical Account setup explanation. Use adobe_get_asset for one item's full metadata.",
	userDescription: 'List Cloud Storage projects or a folder, one page at a time.',
	tags: ['adobe', 'cloud-storage'],
	inputSchema: {
		type: 'object',
		properties: {
			profile: PROFILE,
			projectId: { type: 'string', description: "A project's assetId: list its children.", maxLength: 500 },
			folderId: { type: 'string', description: "A folder's assetId: list its children.", maxLength: 500 },
			path: {
				type: 'string',
				description: 'A project or folder by names, "Project/Folder/Subfolder" (a leading / is allowed): list its children.',
				maxLength: 2000,
			},
			cursor: {
				type: 'string',
				description: 'The `cursor` a previous call returned: fetches the next page of that listing. Give no other target with it.',
				maxLength: 8192,
			},
			limit: {
				type: 'integer',
				minimum: 1,
				maximum: MAX_AGENT_PAGE_SIZE,
				default: DEFAULT_AGENT_PAGE_SIZE,
				description: 'Items per page, 1–100 (default 20).',
			},
		},
		additionalProperties: false,
	},
	readOnly: true,
};

async function listStorage(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = LIST_STORAGE;
	const target = oneOf(
		{
			projectId: stringField(tool, fields, 'projectId'),
			folderId: stringField(tool, fields, 'folderId'),
			path: stringField(tool, fields, 'path'),
			cursor: stringField(tool, fields, 'cursor'),
		},
		false,
		tool,
	);
	const limit = integerField(tool, fields, 'limit') ?? DEFAULT_AGENT_PAGE_SIZE;
	const endpoint = run.host.clients.endpoints.cloudStorage;
	// Checked before any token is fetched.
	const cursor = target?.[0] === 'cursor' ? checkCursor(endpoint, target[1]) : undefined;
	const segments = target?.[0] === 'path' ? pathSegments(target[1]) : undefined;
	const { profile, source } = await callerFor(run, stringField(tool, fields, 'profile'));
	const storage = run.host.clients.cloudStorage;
	// The listing (core/storage/listing.ts) pages and refreshes a rejected token once; a 429 is reported, not waited out.
	const deps: ListingDeps = { storage: () => storage, caller: source, signal: run.signal, retry: false };
	let container: StorageContainer = { assetType: 'projects' };
	let listing: Record<string, unknown> = cursor ? { next: true } : { assetType: 'projects' };
	if (target?.[0] === 'projectId' || target?.[0] === 'folderId') {
		container = { assetType: target[0] === 'projectId' ? 'project' : 'folder', assetId: target[1] };
		listing = { ...container };
	} else if (segments?.length) {
		const asset = await withFreshTokenOnce(source, (caller) => resolvePath(run, caller, segments));
		if (asset.assetType !== 'project' && asset.assetType !== 'folder') {
			throw invalid(`"/${segments.join('/')}" is a ${asset.assetType}, which has no children; adobe_get_asset gives its metadata.`);
		}
		container = { assetType: asset.assetType, assetId: asset.assetId };
		listing = { ...container, name: asset.name, path: `/${segments.join('/')}` };
	}
	const pages = cursor ? StorageListing.resume(deps, cursor) : new StorageListing(deps, container, { limit });
	const page: AssetPage = { items: (await pages.next()).items, nextUrl: pages.nextUrl };
	// At most what was asked (or the largest page): a server, or a cursor edited by the model, may send more.
	const items = page.items.slice(0, cursor ? MAX_AGENT_PAGE_SIZE : limit);
	const next = cursorOf(endpoint, page.nextUrl);
	const what =
		listing.next === true
			? 'Next page'
			: listing.assetType === 'projects'
				? 'Projects'
				: `Children of ${listing.assetType} ${listing.path ? `"${String(listing.path)}" ` : ''}${String(listing.assetId)}`;
	const empty = page.items.length === 0 && listing.assetType === 'projects';
	const note = empty ? `No projects. ${EMPTY_PROJECT_LIST_ADVICE} Guide: ${TECHNICAL_ACCOUNT_SETUP_URL}` : undefined;
	const lines = [
		`${what} (profile "${profile.name}"): ${page.items.length} item${page.items.length === 1 ? '' : 's'} on this page${next ? ', more to come' : ', the last page'}.`,
		...items.map(assetLine),
		...(note ? [note] : []),
		...(next ? [`cursor: ${next}`, 'Pass the cursor back to adobe_list_storage (same profile, no other target) for the next page.'] : []),
	];
	return {
		text: lines.join('\n'),
		data: {
			profile: profile.name,
			listing,
			count: page.items.length,
			items: items.map(assetSummary),
			...(next ? { cursor: next } : {}),
			...(note ? { note } : {}),
		},
	};
}

export const listStorageTool: AgentTool = { definition: LIST_STORAGE, run: listStorage };

const GET_ASSET: AgentToolDefinition = {
	name: 'adobe_get_asset',
	toolReferenceName: 'adobeAsset',
	displayName: 'Get Adobe Cloud Storage Asset',
	modelDescription:
		"Returns one Adobe Cloud Storage item's metadata: name, assetId, assetType (project, folder, file), path, mediaType and size for files, created and modified dates and users, " +
		'state and ancestors. Give assetId (a URN from adobe_list_storage; add assetType if you know it, which saves calls) or path ("Project/Folder/file.jpg").',
	userDescription: "Get a Cloud Storage project's, folder's or file's metadata by id or path.",
	tags: ['adobe', 'cloud-storage'],
	inputSchema: {
		type: 'object',
		properties: {
			profile: PROFILE,
			assetId: { type: 'string', description: "The item's assetId (a URN such as urn:aaid:sc:US:…).", maxLength: 500 },
			path: { type: 'string', description: 'The item by names, "Project/Folder/file.jpg" (a leading / is allowed).', maxLength: 2000 },
			assetType: { type: 'string', enum: ['project', 'folder', 'file'], description: 'The kind of item assetId names, when known.' },
		},
		additionalProperties: false,
	},
	readOnly: true,
};

export const ASSET_KINDS = ['file', 'folder', 'project'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/**
 * One item's metadata, by path (each level listed, then the item's own metadata call) or by id (with
 * its type, one call; without, each kind asked in turn until one knows the id: Adobe has no type-free
 * metadata call).
 */
export async function lookupAsset(
	run: Run,
	caller: ApiCaller,
	target: { segments: string[] } | { assetId: string; assetType?: AssetKind },
): Promise<StorageAsset> {
	const storage = run.host.clients.cloudStorage;
	if ('segments' in target) {
		const found = await resolvePath(run, caller, target.segments);
		// The listing's item, completed by the item's own metadata call when it is a kind that has one.
		return (ASSET_KINDS as readonly string[]).includes(found.assetType)
			? storage.metadata(caller, found.assetType as AssetKind, found.assetId, run.signal)
			: found;
	}
	const kinds = target.assetType ? [target.assetType] : [...ASSET_KINDS];
	const lastKind = kinds.pop() as AssetKind;
	for (const kind of kinds) {
		try {
			return await storage.metadata(caller, kind, target.assetId, run.signal);
		} catch (error) {
			if (!isAdobeApiError(error) || error.status !== 404) throw error;
		}
	}
	return storage.metadata(caller, lastKind, target.assetId, run.signal);
}

async function getAsset(run: Run, fields: Fields): Promise<AgentToolResult> {
	const tool = GET_ASSET;
	const target = oneOf({ assetId: stringField(tool, fields, 'assetId'), path: stringField(tool, fields, 'path') }, true, tool) as [
		string,
		string,
	];
	const assetType = stringField(tool, fields, 'assetType');
	if (assetType !== undefined && !(ASSET_KINDS as readonly string[]).includes(assetType)) {
		throw invalid(`assetType must be one of ${ASSET_KINDS.join(', ')}.`);
	}
	const segments = target[0] === 'path' ? pathSegments(target[1]) : undefined;
	if (segments?.length === 0) throw invalid('path names no item; give "Project/Folder/file.jpg".');
	const { profile, source } = await callerFor(run, stringField(tool, fields, 'profile'));
	const asset = await withFreshTokenOnce(source, (caller) =>
		lookupAsset(run, caller, segments ? { segments } : { assetId: target[1], assetType: assetType as AssetKind | undefined }),
	);
	const data: Record<string, unknown> = { profile: profile.name };
	for (const key of [
		'assetType',
		'assetId',
		'name',
		'path',
		'mediaType',
		'size',
		'state',
		'createdDate',
		'createdBy',
		'modifiedDate',
		'modifiedBy',
		'ancestors',
	] as const) {
		if (asset[key] !== undefined) data[key] = asset[key];
	}
	const lines = [
		`${asset.assetType} "${asset.name}" · ${asset.assetId}`,
		asset.path && `path: ${asset.path}`,
		(asset.mediaType || asset.size !== undefined) &&
			`${asset.mediaType ?? 'unknown type'}${asset.size !== undefined ? ` · ${asset.size.toLocaleString('en-US')} bytes` : ''}`,
		asset.createdDate && `created ${asset.createdDate}${asset.createdBy ? ` by ${asset.createdBy}` : ''}`,
		asset.modifiedDate && `modified ${asset.modifiedDate}${asset.modifiedBy ? ` by ${asset.modifiedBy}` : ''}`,
		asset.state && `state: ${asset.state}`,
		asset.ancestors?.length && `ancestors: ${asset.ancestors.join(', ')}`,
	];
	return { text: lines.filter(Boolean).join('\n'), data };
}

export const getAssetTool: AgentTool = { definition: GET_ASSET, run: getAsset };
