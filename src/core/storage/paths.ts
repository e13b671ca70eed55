/**
 * Paths of the `adobe-storage:` file system (issue #19): `adobe-storage://<profile name>/<project>/<folder>/…/<file>`.
 * A path is a list of names, the project's first, as Adobe's `path` field writes it ("The path of the asset
 * from the parent collection", example `/My Project/My Folder/My Asset`: test/contract/cloud-storage/openapi.yml,
 * components/schemas/path). Adobe's names never hold a `/` (components/schemas/assetName), so splitting
 * on `/` loses nothing. vscode-free, so the tree, the tests and the MCP server read paths one way.
 */

/** The URI scheme of the Cloud Storage file system. */
export const STORAGE_SCHEME = 'adobe-storage';

/** The names of a path (`/A/B/c.txt` → ['A', 'B', 'c.txt']); empty segments (a trailing or doubled `/`) are dropped. */
export function pathNames(path: string): string[] {
	return path.split('/').filter((name) => name !== '');
}

/** A URI path for names: `/A/B/c.txt`; `/` for none (the profile's project list). */
export function namesPath(names: readonly string[]): string {
	return `/${names.join('/')}`;
}

/** The names of an asset's Adobe `path` (`/My Project/My Folder/My Asset`), or undefined when Adobe sent none. */
export function assetPathNames(assetPath: string | undefined): string[] | undefined {
	if (assetPath === undefined) return undefined;
	const names = pathNames(assetPath);
	return names.length > 0 ? names : undefined;
}

/** Media types by file extension; where a type has several extensions, the first is the one a new file's name gets (extensionFor). */
const MEDIA_TYPES: Record<string, string> = {
	txt: 'text/plain',
	md: 'text/markdown',
	csv: 'text/csv',
	html: 'text/html',
	htm: 'text/html',
	css: 'text/css',
	js: 'text/javascript',
	json: 'application/json',
	xml: 'application/xml',
	yaml: 'application/yaml',
	yml: 'application/yaml',
	pdf: 'application/pdf',
	zip: 'application/zip',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	svg: 'image/svg+xml',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	psd: 'image/vnd.adobe.photoshop',
	dng: 'image/x-adobe-dng',
	ai: 'application/illustrator',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The extension for a media type (parameters and case ignored): `jpg` for image/jpeg, `tif` for image/tiff; undefined when unknown. */
export function extensionFor(mediaType: string): string | undefined {
	const type = mediaType.split(';')[0].trim().toLowerCase();
	return Object.keys(MEDIA_TYPES).find((extension) => MEDIA_TYPES[extension] === type);
}

/** The media type an upload declares for a file name, by its extension; application/octet-stream when unknown. */
export function mediaTypeFor(name: string): string {
	const dot = name.lastIndexOf('.');
	return (dot > 0 && MEDIA_TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
