/**
 * The `adobe-storage:` URI of a Cloud Storage item (issue #19): `adobe-storage://<profile name>/<project>/<folder>/…/<file>`.
 * Here in shared/ so that the file system (features/storage/), the explorer's open-on-click and its
 * commands (features/explorer/) and the agent tools build and read URIs one way. vscode.Uri
 * percent-encodes the names in toString() and decodes them in `path`, so the names stay as Adobe has them.
 */
import * as vscode from 'vscode';
import type { StorageAsset } from '../core/storage/types';
import { STORAGE_SCHEME, assetPathNames, mediaTypeFor, namesPath, pathNames } from '../core/storage/paths';

export { STORAGE_SCHEME };

/** The URI of a path of names under a profile (no names: the profile's project list). */
export function storageUri(profileName: string, names: readonly string[]): vscode.Uri {
	return vscode.Uri.from({ scheme: STORAGE_SCHEME, authority: profileName, path: namesPath(names) });
}

/**
 * The URI of an asset the explorer shows, from Adobe's `path` ("/My Project/My Folder/My Asset"); undefined
 * when Adobe sent no path (then ask its metadata, whose `path` says it).
 */
export function storageUriFor(profile: { name: string }, asset: Pick<StorageAsset, 'path'>): vscode.Uri | undefined {
	const names = assetPathNames(asset.path);
	return names && storageUri(profile.name, names);
}

/** The profile name and path names an `adobe-storage:` URI holds. */
export function storageNames(uri: vscode.Uri): { profile: string; names: string[] } {
	return { profile: uri.authority, names: pathNames(uri.path) };
}

/** Media types VS Code's image preview shows (its `imagePreview.previewEditor` takes these). */
const PREVIEWABLE_IMAGES = new Set([
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp',
	'image/bmp',
	'image/svg+xml',
	'image/x-icon',
	'image/avif',
]);

/** VS Code's image preview editor (extensions/media-preview in microsoft/vscode). */
export const IMAGE_PREVIEW_EDITOR = 'imagePreview.previewEditor';

/** Media types that open as text although not `text/*`. */
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/yaml', 'application/javascript', 'application/x-sh']);

/** Whether a file opens as text in the editor: `text/*`, JSON, XML, YAML…, by its media type or else its extension. */
function isText(asset: StorageAsset): boolean {
	const known = (media: string) => media.startsWith('text/') || TEXT_TYPES.has(media) || /\+(json|xml)$/.test(media);
	const media = asset.mediaType ?? '';
	return known(media) || ((media === '' || media === 'application/octet-stream') && known(mediaTypeFor(asset.name)));
}

/**
 * How a click on a file in the explorer opens it through the file system: text in the editor (a save writes it back); an
 * image VS Code can show, or a cloud document (its rendition, which readFile gives), in the image preview. Undefined for
 * anything else (a PDF, a video, a PSD: the explorer keeps its rendition preview or metadata), and when the asset has no
 * `path` to make its URI from.
 */
export function openCommandFor(profile: { name: string }, asset: StorageAsset): vscode.Command | undefined {
	const uri = storageUriFor(profile, asset);
	if (!uri || asset.assetType === 'project' || asset.assetType === 'folder') return undefined;
	const media = asset.mediaType ?? '';
	const cloudDocument = asset.assetType !== 'file' || media.endsWith('+dcx');
	if (cloudDocument || PREVIEWABLE_IMAGES.has(media)) {
		return { command: 'vscode.openWith', title: 'Open', arguments: [uri, IMAGE_PREVIEW_EDITOR, { preview: true }] };
	}
	return isText(asset) ? { command: 'vscode.open', title: 'Open', arguments: [uri, { preview: true }] } : undefined;
}
