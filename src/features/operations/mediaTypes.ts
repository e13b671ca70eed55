/**
 * Whether any operation takes a file of this media type: the explorer marks such rows (`….ops` in their
 * contextValue) so "Run Adobe Operation…" shows only where there is something to run (package.json's
 * view/item/context `when`).
 */
// TODO(core merge): read the input media types from core/operations/catalogue.ts instead of this copy.
const TAKEN = new Set(['image/jpeg', 'image/png', 'image/tiff', 'image/webp', 'image/vnd.adobe.photoshop']);

export function takesOperations(mediaType: string | undefined): boolean {
	return mediaType !== undefined && TAKEN.has(mediaType.toLowerCase());
}
